//! What a mistyped word is corrected to: the index's words of four letters or more, one file for
//! each length, commonest first. A word one edit away from another is at most one letter longer
//! or shorter, so `search.js` corrects a word of `L` letters from three files at most (`L - 1`,
//! `L` and `L + 1`), whatever letter the mistake is in, and picks the commonest word one insert,
//! delete, replace or swap away.

use std::collections::BTreeMap;

use serde::Serialize;

use super::encoding::encode_number;
use super::{SEARCH_DIR, TYPO_SHARD_BYTES, to_json};

/// Words shorter than this are not corrected: one edit makes too many of them.
const SHORTEST: usize = 4;

/// One `f-L.json`.
#[derive(Serialize)]
struct TypoShard {
    /// The words, space-separated, commonest first.
    w: String,
    /// How many sections hold each word, in the same order.
    c: String,
}

/// The typo files of the index's `terms` (each with its number of postings), and the lengths
/// they are for, shortest first.
pub(super) fn typo_files(terms: &[(&str, usize)]) -> (Vec<(String, String)>, Vec<usize>) {
    let mut by_length: BTreeMap<usize, Vec<(&str, usize)>> = BTreeMap::new();
    for &(term, count) in terms {
        let length = term.chars().count();
        if length >= SHORTEST && !term.chars().any(char::is_numeric) {
            by_length.entry(length).or_default().push((term, count));
        }
    }
    let mut files = Vec::with_capacity(by_length.len());
    for (&length, words) in &mut by_length {
        words.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        files.push((typo_file(length), to_json(&shard(words))));
    }
    (files, by_length.into_keys().collect())
}

/// The commonest of `words` (sorted commonest first) that fit in [`TYPO_SHARD_BYTES`].
fn shard(words: &[(&str, usize)]) -> TypoShard {
    let mut shard = TypoShard {
        w: String::new(),
        c: String::new(),
    };
    for &(word, count) in words {
        if shard.w.len() + shard.c.len() + word.len() + 3 > TYPO_SHARD_BYTES {
            break;
        }
        if !shard.w.is_empty() {
            shard.w.push(' ');
        }
        shard.w.push_str(word);
        encode_number(&mut shard.c, count as u32);
    }
    shard
}

/// The typo file for words of `length` characters.
pub(super) fn typo_file(length: usize) -> String {
    format!("{SEARCH_DIR}f-{length}.json")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::decode_numbers;

    fn read(json: &str) -> (Vec<String>, Vec<u32>) {
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        let words = value["w"].as_str().unwrap().split(' ').map(String::from);
        (
            words.collect(),
            decode_numbers(value["c"].as_str().unwrap()),
        )
    }

    #[test]
    fn words_are_filed_by_length_commonest_first() {
        let terms = [
            ("rota", 2),
            ("team", 9),
            ("budget", 4),
            ("costs", 1),
            ("abc", 50),
            ("x2024", 7),
            ("über", 3),
        ];
        let (files, lengths) = typo_files(&terms);
        assert_eq!(lengths, [4, 5, 6], "three letters and numbers are left out");
        let files: BTreeMap<_, _> = files.into_iter().collect();
        let (words, counts) = read(&files[&typo_file(4)]);
        assert_eq!(words, ["team", "über", "rota"]);
        assert_eq!(counts, [9, 3, 2]);
        assert_eq!(read(&files[&typo_file(6)]).0, ["budget"]);
    }

    #[test]
    fn a_long_list_keeps_its_commonest_words() {
        let letters = |mut n: usize| {
            let mut word = String::from("w");
            for _ in 0..5 {
                word.push(char::from(b'a' + (n % 26) as u8));
                n /= 26;
            }
            word
        };
        let words: Vec<String> = (0..5_000).map(letters).collect();
        let mut terms: Vec<(&str, usize)> = words.iter().map(|w| (w.as_str(), 1)).collect();
        terms.push(("zzzzzz", 99));
        let (files, _) = typo_files(&terms);
        let json = &files[0].1;
        assert!(json.len() <= TYPO_SHARD_BYTES + 20, "{}", json.len());
        assert_eq!(read(json).0[0], "zzzzzz");
    }
}
