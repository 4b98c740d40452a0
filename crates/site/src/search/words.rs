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
/// text, which is most of a playbook, is read a byte at a time through [`BYTE_CLASS`] and
/// lower-cased without an allocation.
pub(super) fn for_each_word(text: &str, mut each: impl FnMut(&str)) {
    let mut lower = String::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&first) = bytes.get(i) {
        if BYTE_CLASS[usize::from(first)] == 0 {
            // What parts words, most often: one ASCII byte.
            i += 1;
            continue;
        }
        let start = i;
        // What the word holds besides lower-case ASCII: `UPPER` and `WIDE` bits.
        let mut seen = 0;
        while let Some(&byte) = bytes.get(i) {
            let class = BYTE_CLASS[usize::from(byte)];
            if class & WORD != 0 {
                seen |= class;
                i += 1;
            } else if class == WIDE
                && let Some(c) = text.get(i..).and_then(|rest| rest.chars().next())
                && c.is_alphanumeric()
            {
                seen |= WIDE;
                i += c.len_utf8();
            } else {
                break;
            }
        }
        if i == start {
            // What parts words beyond ASCII: one character.
            i += text
                .get(i..)
                .and_then(|rest| rest.chars().next())
                .map_or(1, char::len_utf8);
            continue;
        }
        let word = &text[start..i];
        let chars = if seen & WIDE == 0 {
            word.len()
        } else {
            word.chars().count()
        };
        if !(2..=MAX_TERM_CHARS).contains(&chars) {
            continue;
        }
        if seen & (UPPER | WIDE) == 0 {
            each(word);
        } else {
            lower.clear();
            if seen & WIDE == 0 {
                lower.push_str(word);
                lower.make_ascii_lowercase();
            } else {
                lower.push_str(&word.to_lowercase());
            }
            each(&lower);
        }
    }
}

/// [`BYTE_CLASS`] bits: an ASCII letter or digit; an upper-case ASCII letter; a byte of a
/// character beyond ASCII, which is decoded to see whether it is a letter or a digit.
const WORD: u8 = 1;
const UPPER: u8 = 2;
const WIDE: u8 = 4;

/// What each byte is to [`for_each_word`]: a table lookup instead of three tests a byte.
const BYTE_CLASS: [u8; 256] = {
    let mut classes = [0; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        classes[byte] = if !b.is_ascii() {
            WIDE
        } else if b.is_ascii_uppercase() {
            WORD | UPPER
        } else if b.is_ascii_alphanumeric() {
            WORD
        } else {
            0
        };
        byte += 1;
    }
    classes
};

/// The index's tables hash with FxHash (rustc's): far quicker than SipHash for the millions of
/// short words a large book has, and the index never holds keys an attacker chooses to collide.
pub(super) type WordMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// A word of at most 12 bytes (most words), zero-padded, as three numbers: quicker to hash and
/// compare than text, and kept in the table itself, whose entries are then 16 bytes, so that a
/// large book's vocabulary stays in the processor's cache. Words never hold a zero byte, so the
/// padding is unambiguous.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct ShortWord([u32; 3]);

impl ShortWord {
    pub(super) fn of(word: &str) -> Option<Self> {
        let bytes = word.as_bytes();
        let (low, high) = match bytes.len() {
            0..=8 => (up_to_eight(bytes), 0),
            9..=12 => (up_to_eight(&bytes[..8]), up_to_eight(&bytes[8..])),
            _ => return None,
        };
        Some(Self([low as u32, (low >> 32) as u32, high as u32]))
    }
}

/// Hashed as two numbers: a derived `Hash` would hash the three as bytes, the slower way.
impl std::hash::Hash for ShortWord {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let [first, second, third] = self.0;
        state.write_u64(u64::from(first) | u64::from(second) << 32);
        state.write_u32(third);
    }
}

/// At most eight bytes as a little-endian number, zero-padded: read in two overlapping loads of
/// a fixed size rather than a copy of variable length, which costs a call to `memcpy`.
fn up_to_eight(bytes: &[u8]) -> u64 {
    let len = bytes.len();
    let at = |offset: usize| u64::from(bytes[offset]) << (8 * offset);
    match len {
        0 => 0,
        1..=3 => at(0) | at(len / 2) | at(len - 1),
        4..=7 => {
            u64::from(four_at(bytes, 0)) | u64::from(four_at(bytes, len - 4)) << (8 * (len - 4))
        }
        _ => {
            let mut eight = [0; 8];
            eight.copy_from_slice(&bytes[..8]);
            u64::from_le_bytes(eight)
        }
    }
}

fn four_at(bytes: &[u8], offset: usize) -> u32 {
    let mut four = [0; 4];
    four.copy_from_slice(&bytes[offset..offset + 4]);
    u32::from_le_bytes(four)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`for_each_word`] must give: runs of letters and digits, lower-cased, of 2 to
    /// [`MAX_TERM_CHARS`] characters.
    fn words_the_long_way(text: &str) -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|word| (2..=MAX_TERM_CHARS).contains(&word.chars().count()))
            .map(str::to_lowercase)
            .collect()
    }

    #[test]
    fn words_are_cut_as_the_long_way_cuts_them() {
        let long = "a".repeat(MAX_TERM_CHARS);
        for text in [
            "",
            "a",
            "The On-call rota’s 99.9% A Über-team ΌΣΟΣ x2 ZZ",
            "éé—ü·x2 日本語のテキスト 🙂ok🙂 naïve café",
            "trailing word",
            "  spaced\tout\nwords  ",
            &format!("{long} {long}b {long}é"),
        ] {
            let mut words = Vec::new();
            for_each_word(text, |word| words.push(word.to_string()));
            assert_eq!(words, words_the_long_way(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_cut_as_the_long_way_cuts_it(text in "([a-zA-Z0-9]{0,20}|[ .,:\n/@_-]|é|Ü|日本|🙂|\u{301}){0,20}") {
            let mut words = Vec::new();
            for_each_word(&text, |word| words.push(word.to_string()));
            proptest::prop_assert_eq!(words, words_the_long_way(&text));
        }
    }

    #[test]
    fn short_words_are_their_bytes_zero_padded() {
        let text = "abcdefghijklm";
        for len in 0..=13 {
            let word = &text[..len];
            let Some(short) = ShortWord::of(word) else {
                assert!(len > 12);
                continue;
            };
            let mut padded = [0u8; 12];
            padded[..len].copy_from_slice(word.as_bytes());
            let mut low = [0u8; 8];
            low.copy_from_slice(&padded[..8]);
            let mut high = [0u8; 4];
            high.copy_from_slice(&padded[8..]);
            let low = u64::from_le_bytes(low);
            let expected = [low as u32, (low >> 32) as u32, u32::from_le_bytes(high)];
            assert!(short.0 == expected, "{word}");
        }
    }
}
