//! How the index cuts text into words, and the words it leaves out; the table key for a
//! short word and the hash the index's tables use.

use super::MAX_TERM_CHARS;

/// Words too common to help find anything; left out of the index and of queries. Sorted, for
/// binary search.
pub const STOP_WORDS: &[&str] = &[
    "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for", "from", "has",
    "have", "if", "in", "into", "is", "it", "its", "of", "on", "or", "so", "such", "than", "that",
    "the", "their", "them", "then", "there", "these", "they", "this", "to", "was", "we", "were",
    "which", "will", "with",
];

/// The words of `text` as the index stores them: runs of letters and digits, lower-cased, at
/// least two characters long, stop words and very long words left out.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |word| {
        if !is_stop_word(word) {
            out.push(word.to_string());
        }
    });
    out
}

/// Whether the index leaves `word` out.
pub(super) fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// Calls `each` with the words of `text` as [`tokens`] cuts them, stop words included. ASCII
/// text, which is most of a playbook, is read a byte at a time and lower-cased without an
/// allocation.
pub(super) fn for_each_word(text: &str, mut each: impl FnMut(&str)) {
    let mut lower = String::new();
    let mut emit = |word: &str, chars: usize, plain: bool| {
        if !(2..=MAX_TERM_CHARS).contains(&chars) {
            return;
        }
        if plain {
            each(word);
        } else {
            lower.clear();
            if word.is_ascii() {
                lower.push_str(word);
                lower.make_ascii_lowercase();
            } else {
                lower.push_str(&word.to_lowercase());
            }
            each(&lower);
        }
    };
    let bytes = text.as_bytes();
    // The current word's start, its length in characters, and whether it is already lower case.
    let mut word: Option<(usize, usize, bool)> = None;
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        let (is_word, width, plain) = if byte.is_ascii() {
            (byte.is_ascii_alphanumeric(), 1, !byte.is_ascii_uppercase())
        } else {
            match text[i..].chars().next() {
                Some(c) => (c.is_alphanumeric(), c.len_utf8(), false),
                None => break,
            }
        };
        if is_word {
            let (_, chars, lower_case) = word.get_or_insert((i, 0, true));
            *chars += 1;
            *lower_case &= plain;
        } else if let Some((start, chars, lower_case)) = word.take() {
            emit(&text[start..i], chars, lower_case);
        }
        i += width;
    }
    if let Some((start, chars, lower_case)) = word {
        emit(&text[start..], chars, lower_case);
    }
}

/// The index's tables hash with FxHash (rustc's): far quicker than SipHash for the millions of
/// short words a large book has, and the index never holds keys an attacker chooses to collide.
pub(super) type WordMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// A word of at most 12 bytes (most words), zero-padded, as three numbers: quicker to hash and
/// compare than text, and kept in the table itself, whose entries are then 16 bytes, so that a
/// large book's vocabulary stays in the processor's cache. Words never hold a zero byte, so the
/// padding is unambiguous.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct ShortWord([u32; 3]);

impl ShortWord {
    pub(super) fn of(word: &str) -> Option<Self> {
        let bytes = word.as_bytes();
        if bytes.len() > 12 {
            return None;
        }
        let mut padded = [0u8; 12];
        padded[..bytes.len()].copy_from_slice(bytes);
        let mut numbers = [0u32; 3];
        for (number, four) in numbers.iter_mut().zip(padded.chunks_exact(4)) {
            let mut bytes = [0u8; 4];
            bytes.copy_from_slice(four);
            *number = u32::from_le_bytes(bytes);
        }
        Some(Self(numbers))
    }
}
