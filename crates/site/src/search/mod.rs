//! The search index, built with the site and split so that a reader downloads only what a query
//! needs. Everything lives under `_playbook/search/`:
//!
//! - `index.json`: the format, how terms are sharded, the list of term shards, where each
//!   document shard starts, and the stop words. A few KB even for thousands of pages.
//! - `t-HEX.json`: the terms starting with one prefix (`HEX` is its UTF-8 in hex), each with its
//!   postings: the sections it occurs in, delta-encoded in a base-64 varint string, two bits of
//!   each value saying where the term is: in the page's title ([`IN_TITLE`], on the page's first
//!   section), in the section's heading ([`IN_HEADING`]), often in its text ([`FREQUENT`]), or
//!   only in its text (0).
//! - `f-L.json`: the indexed words of `L` characters, commonest first, with how many sections
//!   hold each: what a mistyped word is corrected to (see [`typos`]).
//! - `d-N.json`: consecutive sections (about [`DOC_SHARD_BYTES`] of text), with their page's title
//!   and address, their heading, anchor and text, for the results shown and their snippets.
//!
//! `static/search.js` reads the same format: keep [`tokens`], [`STOP_WORDS`] and the encoding in
//! step with it.

mod builder;
mod encoding;
mod indexer;
mod json;
mod typos;
mod words;

use serde::Serialize;

pub use builder::IndexBuilder;
pub use encoding::{decode_numbers, decode_postings};
pub use indexer::{IndexPart, Indexer};
pub use words::{STOP_WORDS, tokens};

/// Where the index files are written, under the site root.
pub const SEARCH_DIR: &str = "_playbook/search/";
/// The format's version, read by `search.js`.
const FORMAT: u32 = 2;
/// A document shard is closed once its text reaches this many bytes.
pub const DOC_SHARD_BYTES: usize = 12_000;
/// Term shards are split on longer prefixes until the largest is at most this many bytes (or the
/// prefix is [`MAX_PREFIX`] characters long).
const TERM_SHARD_BYTES: usize = 40_000;
const MAX_PREFIX: usize = 3;
/// Longer words (hashes, addresses) are not indexed.
const MAX_TERM_CHARS: usize = 30;
/// Each typo file (`f-L.json`) holds the commonest words of its length up to this many bytes.
const TYPO_SHARD_BYTES: usize = 16_000;
/// Where a posting's term is, the highest that holds: the term occurs at least three times in the
/// section's text.
pub const FREQUENT: u32 = 1;
/// The term is in the section's heading.
pub const IN_HEADING: u32 = 2;
/// The term is in the page's title (on the page's first section only).
pub const IN_TITLE: u32 = 3;

pub(super) fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    defused(serde_json::to_string(value).expect("index data serialises"))
}

/// `json` without `{%`, even from a title: in a JSON string, `\u0025` reads as `%`.
pub(super) fn defused(json: String) -> String {
    if json.contains("{%") {
        json.replace("{%", "{\\u0025")
    } else {
        json
    }
}

/// The index's content hash: `hash` with `bytes` and their length mixed in, eight bytes a step
/// (the index hashes all the text it holds, tens of megabytes in a large book). It names the
/// published shard files, so it is kept exactly as it has always been computed: FxHash's step
/// over little-endian words, the last partial word zero-padded.
pub(super) fn mix(hash: u64, bytes: &[u8]) -> u64 {
    let step =
        |hash: u64, word: u64| (hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    let mut chunks = bytes.chunks_exact(8);
    let mut hash = (&mut chunks).fold(hash, |hash, chunk| {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        step(hash, u64::from_le_bytes(word))
    });
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        hash = step(hash, u64::from_le_bytes(word));
    }
    step(hash, bytes.len() as u64)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use playbook_markdown::Section;

    use super::builder::{prefix, term_file};
    use super::encoding::{encode_number, encode_postings};
    use super::*;

    fn section(id: &str, heading: &str, text: &str) -> Section {
        Section {
            id: id.into(),
            heading: heading.into(),
            text: text.into(),
        }
    }

    #[test]
    fn tokens_are_lower_case_words_without_stop_words() {
        let words = tokens("The On-call rota’s 99.9% A Über-team ΌΣΟΣ x2 ZZ");
        assert_eq!(
            words,
            ["call", "rota", "99", "über", "team", "όσος", "x2", "zz"]
        );
        let long = "a".repeat(MAX_TERM_CHARS);
        assert_eq!(tokens(&format!("{long} {long}a é")), [long]);
    }

    #[test]
    fn stop_words_are_sorted() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn numbers_round_trip() {
        let mut text = String::new();
        let numbers = [0, 1, 31, 32, 1000, 123_456, u32::MAX >> 2];
        for n in numbers {
            encode_number(&mut text, n);
        }
        assert_eq!(decode_numbers(&text), numbers);
        assert_eq!(&text[..3], "01V"); // 0, 1 and 31 take one digit each
    }

    #[test]
    fn postings_round_trip_with_flags() {
        let postings = [IN_HEADING, 5 << 2, 6 << 2 | FREQUENT, 900 << 2 | IN_TITLE];
        let decoded = decode_postings(&encode_postings(&postings));
        assert_eq!(decoded, [(0, 2), (5, 0), (6, 1), (900, 3)]);
    }

    #[test]
    fn prefixes_count_characters() {
        assert_eq!(prefix("über", 2), "üb");
        assert_eq!(prefix("a", 2), "a");
        assert_eq!(prefix("abc", 0), "");
        assert_eq!(term_file("üb"), "_playbook/search/t-c3bc62.json");
    }

    #[test]
    fn the_index_finds_sections_and_their_text() {
        let mut builder = IndexBuilder::default();
        let (mut one, mut two) = (Indexer::new(0), Indexer::new(1));
        one.add_page(
            "Costs",
            "ops/costs/",
            vec![
                section("", "", "Intro about budgets."),
                section("run", "Run costs", "On-call budgets budgets budgets."),
            ],
        );
        let mut files: BTreeMap<String, String> =
            builder.add_part(one.take_part()).into_iter().collect();
        two.add_page(
            "Home",
            "",
            vec![section("home", "Home", "Welcome budgets.")],
        );
        files.extend(builder.add_part(two.take_part()));
        one.add_page(
            "Later",
            "later/",
            vec![section("", "", "Costs of the welcome.")],
        );
        files.extend(builder.add_part(one.take_part()));
        files.extend(builder.finish());
        let meta: serde_json::Value =
            serde_json::from_str(&files.remove("_playbook/search/index.json").unwrap()).unwrap();
        assert_eq!(meta["n"], 4);
        assert_eq!(meta["k"], 0, "a small index is one shard");
        let terms: BTreeMap<String, String> = serde_json::from_str(&files[&term_file("")]).unwrap();
        assert_eq!(
            decode_postings(&terms["budgets"]),
            [(0, 0), (1, FREQUENT), (2, 0)],
            "in the intro once, in `run` often, then on the other indexer's page"
        );
        assert_eq!(
            decode_postings(&terms["costs"]),
            [(0, IN_TITLE), (1, IN_HEADING), (3, 0)],
            "in the first page's title, then a heading; words met again in a later part keep \
             their postings"
        );
        assert_eq!(
            meta["f"],
            serde_json::json!([4, 5, 7]),
            "the typo files' lengths"
        );
        assert!(files.contains_key(&format!("{SEARCH_DIR}f-7.json")));
        assert_eq!(decode_postings(&terms["welcome"]), [(2, 0), (3, 0)]);
        assert!(!terms.contains_key("the"), "stop words are left out");
        let docs: serde_json::Value =
            serde_json::from_str(&files[&format!("{SEARCH_DIR}d-0.json")]).unwrap();
        assert_eq!(docs["p"][0][1], "ops/costs/");
        assert_eq!(docs["s"][1][2], "run");
        let docs: serde_json::Value =
            serde_json::from_str(&files[&format!("{SEARCH_DIR}d-1.json")]).unwrap();
        assert_eq!(docs["p"][0][1], "", "a part's document shards are its own");
        assert_eq!(docs["s"][0][2], "home");
        assert_eq!(decode_numbers(meta["d"].as_str().unwrap()), [0, 2, 1]);
    }

    #[test]
    fn large_indexes_are_sharded_by_prefix_and_documents_by_size() {
        let mut builder = IndexBuilder::default();
        let mut out = Vec::new();
        let mut indexer = Indexer::new(0);
        for pages in (0..400).collect::<Vec<_>>().chunks(64) {
            for page in pages {
                let mut text: String = (0..300)
                    .map(|w| format!("w{}x{} ", (page * 7 + w) % 2000, w % 13))
                    .collect();
                // Stop words: text for the document shards, no postings for the term shards.
                text.push_str(&"the ".repeat(400));
                indexer.add_page("Page", &format!("p{page}/"), vec![section("", "", &text)]);
            }
            out.extend(builder.add_part(indexer.take_part()));
        }
        assert!(
            out.len() > 100,
            "document shards are handed out with their part"
        );
        out.extend(builder.finish());
        let meta: serde_json::Value = serde_json::from_str(&out.last().unwrap().1).unwrap();
        assert!(meta["k"].as_u64().unwrap() >= 1);
        let largest_terms = out
            .iter()
            .filter(|(name, _)| name.contains("/t-"))
            .map(|(_, text)| text.len())
            .max()
            .unwrap();
        assert!(largest_terms <= TERM_SHARD_BYTES + 1_000, "{largest_terms}");
        let starts = decode_numbers(meta["d"].as_str().unwrap());
        assert_eq!(
            starts.len(),
            out.iter().filter(|(n, _)| n.contains("/d-")).count()
        );
    }
}
