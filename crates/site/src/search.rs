//! The search index, built with the site and split so that a reader downloads only what a query
//! needs. Everything lives under `_playbook/search/`:
//!
//! - `index.json`: the format, how terms are sharded, the list of term shards, where each
//!   document shard starts, and the stop words. A few KB even for thousands of pages.
//! - `t-HEX.json`: the terms starting with one prefix (`HEX` is its UTF-8 in hex), each with its
//!   postings: the sections it occurs in, delta-encoded in a base-64 varint string, two bits of
//!   each value saying whether the term is in the section's heading and whether it is frequent.
//! - `d-N.json`: consecutive sections (about [`DOC_SHARD_BYTES`] of text), with their page's title
//!   and address, their heading, anchor and text, for the results shown and their snippets.
//!
//! `static/search.js` reads the same format: keep [`tokens`], [`STOP_WORDS`] and the encoding in
//! step with it.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::markdown::Section;

/// Where the index files are written, under the site root.
pub const SEARCH_DIR: &str = "_playbook/search/";
/// The format's version, read by `search.js`.
const FORMAT: u32 = 1;
/// A document shard is closed once its text reaches this many bytes.
pub const DOC_SHARD_BYTES: usize = 6_000;
/// Term shards are split on longer prefixes until the largest is at most this many bytes (or the
/// prefix is [`MAX_PREFIX`] characters long).
const TERM_SHARD_BYTES: usize = 40_000;
const MAX_PREFIX: usize = 3;
/// Longer words (hashes, addresses) are not indexed.
const MAX_TERM_CHARS: usize = 30;
/// The 64 digits of the posting encoding: the first 32 end a number, the last 32 continue one.
const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
/// Posting flag: the term is in the section's heading (or, for a page's first section, its title).
pub const IN_HEADING: u32 = 1;
/// Posting flag: the term occurs at least three times in the section.
pub const FREQUENT: u32 = 2;

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
pub fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    words(text).map(Cow::into_owned)
}

/// [`tokens`] without copying the words that are already lower case.
fn words(text: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| {
            let n = if word.is_ascii() {
                word.len()
            } else {
                word.chars().count()
            };
            (2..=MAX_TERM_CHARS).contains(&n)
        })
        .map(|word| {
            if word.bytes().any(|b| b.is_ascii_uppercase()) || !word.is_ascii() {
                Cow::Owned(word.to_lowercase())
            } else {
                Cow::Borrowed(word)
            }
        })
        .filter(|word| STOP_WORDS.binary_search(&word.as_ref()).is_err())
}

/// FxHash (as in rustc): far quicker than SipHash for the millions of short words a large book
/// has, and the index never holds keys an attacker chooses to collide.
#[derive(Default, Clone, Copy)]
struct WordHasher(u64);

impl std::hash::Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
}

type WordMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<WordHasher>>;

/// Collects the book's sections page by page and turns them into index files. Document shards
/// are handed out as they fill ([`IndexBuilder::take_files`]), so the text is not all kept.
#[derive(Default)]
pub struct IndexBuilder {
    /// Each term's postings: section number shifted left by two, or'ed with the flags.
    postings: WordMap<String, Vec<u32>>,
    sections: u32,
    shard: DocShard,
    /// The first section of each document shard.
    shard_starts: Vec<u32>,
    ready: Vec<(String, String)>,
    /// Hash of everything indexed, to make shard addresses change with their content.
    hash: u64,
}

/// A document shard being filled.
#[derive(Default, Serialize)]
struct DocShard {
    /// Pages: title and site-relative address.
    p: Vec<(String, String)>,
    /// Sections: index into `p`, heading, anchor (empty for the page's top), text.
    s: Vec<(usize, String, String, String)>,
    #[serde(skip)]
    bytes: usize,
}

/// `index.json`.
#[derive(Serialize)]
struct Meta<'a> {
    v: u32,
    /// The prefix length terms are sharded on.
    k: usize,
    /// Sections in the index.
    n: u32,
    /// Content hash, appended to shard addresses.
    h: String,
    /// The term shards' prefixes, space-separated.
    t: String,
    /// The first section of each document shard, delta-encoded.
    d: String,
    stop: &'a [&'a str],
}

/// The terms of one page's sections with their flags, worked out apart from the index so that
/// pages can be read on several cores: one list per indexed section, in order.
#[derive(Debug, Default)]
pub struct PageTerms {
    sections: Vec<Vec<(String, u32)>>,
}

/// The terms of the page titled `title` with these `sections`.
pub fn page_terms(title: &str, sections: &[Section]) -> PageTerms {
    let mut counts: WordMap<Cow<'_, str>, (u32, bool)> = WordMap::default();
    let mut out = PageTerms::default();
    for (position, section) in sections.iter().enumerate() {
        if !is_indexed(section) {
            continue;
        }
        counts.clear();
        let heading_words = if position == 0 {
            format!("{title} {}", section.heading)
        } else {
            section.heading.clone()
        };
        for word in words(&heading_words) {
            counts.entry(Cow::Owned(word.into_owned())).or_default().1 = true;
        }
        for word in words(&section.text) {
            counts.entry(word).or_default().0 += 1;
        }
        let terms = counts
            .drain()
            .map(|(word, (count, in_heading))| {
                let mut flags = 0;
                if in_heading {
                    flags |= IN_HEADING;
                }
                if count >= 3 {
                    flags |= FREQUENT;
                }
                (word.into_owned(), flags)
            })
            .collect();
        out.sections.push(terms);
    }
    out
}

/// Sections with neither text nor heading are left out of the index.
fn is_indexed(section: &Section) -> bool {
    !(section.text.is_empty() && section.heading.is_empty())
}

impl IndexBuilder {
    /// Adds one page's sections: `url` is the page's site-relative address.
    pub fn add_page(&mut self, title: &str, url: &str, sections: &[Section]) {
        let terms = page_terms(title, sections);
        self.add_page_terms(title, url, sections, terms);
    }

    /// Adds one page whose terms were worked out with [`page_terms`].
    pub fn add_page_terms(
        &mut self,
        title: &str,
        url: &str,
        sections: &[Section],
        terms: PageTerms,
    ) {
        let indexed = sections.iter().filter(|s| is_indexed(s));
        for (section, terms) in indexed.zip(terms.sections) {
            let id = self.sections;
            self.sections += 1;
            for (word, flags) in terms {
                let posting = id << 2 | flags;
                match self.postings.get_mut(word.as_str()) {
                    Some(postings) => postings.push(posting),
                    None => {
                        self.postings.insert(word, vec![posting]);
                    }
                }
            }
            self.store_section(title, url, section);
        }
    }

    fn store_section(&mut self, title: &str, url: &str, section: &Section) {
        if self.shard.s.is_empty() {
            self.shard_starts.push(self.sections - 1);
        }
        let page = match self.shard.p.last() {
            Some((_, last)) if last == url => self.shard.p.len() - 1,
            _ => {
                self.shard.p.push((title.to_string(), url.to_string()));
                self.shard.bytes += title.len() + url.len();
                self.shard.p.len() - 1
            }
        };
        self.shard.bytes += section.heading.len() + section.id.len() + section.text.len();
        for part in [title, url, &section.id, &section.heading, &section.text] {
            self.hash = mix(self.hash, part.as_bytes());
        }
        self.shard.s.push((
            page,
            section.heading.clone(),
            section.id.clone(),
            section.text.clone(),
        ));
        if self.shard.bytes >= DOC_SHARD_BYTES {
            self.close_shard();
        }
    }

    fn close_shard(&mut self) {
        if self.shard.s.is_empty() {
            return;
        }
        let shard = std::mem::take(&mut self.shard);
        let name = format!("{SEARCH_DIR}d-{}.json", self.shard_starts.len() - 1);
        self.ready.push((name, to_json(&shard)));
    }

    /// The document shards completed so far, to be written.
    pub fn take_files(&mut self) -> Vec<(String, String)> {
        std::mem::take(&mut self.ready)
    }

    /// The remaining files: the last document shard, the term shards and `index.json`.
    pub fn finish(mut self) -> Vec<(String, String)> {
        self.close_shard();
        let mut encoded: Vec<(&String, String)> = self
            .postings
            .iter()
            .map(|(term, postings)| (term, encode_postings(postings)))
            .collect();
        encoded.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let k = prefix_length(&encoded);
        let mut shards: BTreeMap<String, BTreeMap<&str, &str>> = BTreeMap::new();
        for (term, postings) in &encoded {
            shards
                .entry(prefix(term, k).to_string())
                .or_default()
                .insert(term.as_str(), postings.as_str());
        }
        let mut files = std::mem::take(&mut self.ready);
        for (key, terms) in &shards {
            self.hash = mix(self.hash, key.as_bytes());
            for (term, postings) in terms {
                self.hash = mix(mix(self.hash, term.as_bytes()), postings.as_bytes());
            }
            files.push((term_file(key), to_json(terms)));
        }
        let mut starts = String::new();
        let mut previous = 0;
        for &start in &self.shard_starts {
            encode_number(&mut starts, start - previous);
            previous = start;
        }
        let meta = Meta {
            v: FORMAT,
            k,
            n: self.sections,
            h: format!("{:08x}", (self.hash >> 32) as u32 ^ self.hash as u32),
            t: shards.keys().cloned().collect::<Vec<_>>().join(" "),
            d: starts,
            stop: STOP_WORDS,
        };
        files.push((format!("{SEARCH_DIR}index.json"), to_json(&meta)));
        files
    }
}

/// The shortest prefix length (0 for a single shard) whose largest shard is small enough.
fn prefix_length(encoded: &[(&String, String)]) -> usize {
    (0..MAX_PREFIX)
        .find(|&k| {
            let mut sizes: HashMap<&str, usize> = HashMap::new();
            for (term, postings) in encoded {
                *sizes.entry(prefix(term, k)).or_default() += term.len() + postings.len() + 6;
            }
            sizes.values().all(|&size| size <= TERM_SHARD_BYTES)
        })
        .unwrap_or(MAX_PREFIX)
}

/// The first `k` characters of `term` (all of it when shorter).
pub fn prefix(term: &str, k: usize) -> &str {
    term.char_indices()
        .nth(k)
        .map_or(term, |(end, _)| &term[..end])
}

/// The file of the term shard for `key`: its UTF-8 in hex, so any script makes a safe name.
pub fn term_file(key: &str) -> String {
    let hex: String = key.bytes().map(|b| format!("{b:02x}")).collect();
    format!("{SEARCH_DIR}t-{hex}.json")
}

/// Postings as deltas in the base-64 varint of [`DIGITS`].
fn encode_postings(postings: &[u32]) -> String {
    let mut out = String::with_capacity(postings.len() * 2);
    let mut previous_id = 0;
    for &posting in postings {
        let id = posting >> 2;
        encode_number(&mut out, (id - previous_id) << 2 | (posting & 3));
        previous_id = id;
    }
    out
}

/// Five bits per digit, most significant first; the last digit is one of the first 32.
fn encode_number(out: &mut String, mut n: u32) {
    let mut groups = [0u8; 7];
    let mut count = 0;
    loop {
        groups[count] = (n & 31) as u8;
        count += 1;
        n >>= 5;
        if n == 0 {
            break;
        }
    }
    for i in (0..count).rev() {
        let digit = if i == 0 { groups[i] } else { groups[i] + 32 };
        out.push(DIGITS[digit as usize] as char);
    }
}

/// Decodes a string of [`encode_number`] numbers.
pub fn decode_numbers(text: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let mut value = 0u32;
    for c in text.bytes() {
        let digit = DIGITS.iter().position(|&d| d == c).unwrap_or(0) as u32;
        if digit >= 32 {
            value = value << 5 | (digit - 32);
        } else {
            out.push(value << 5 | digit);
            value = 0;
        }
    }
    out
}

/// Decodes a term's postings into (section, flags) pairs.
pub fn decode_postings(text: &str) -> Vec<(u32, u32)> {
    let mut id = 0;
    decode_numbers(text)
        .into_iter()
        .map(|value| {
            id += value >> 2;
            (id, value & 3)
        })
        .collect()
}

fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    let json = serde_json::to_string(value).expect("index data serialises");
    // No `{%` in the output, even from a title: in a JSON string, `\u0025` reads as `%`.
    if json.contains("{%") {
        json.replace("{%", "{\\u0025")
    } else {
        json
    }
}

fn mix(mut hash: u64, bytes: &[u8]) -> u64 {
    if hash == 0 {
        hash = 0xcbf2_9ce4_8422_2325;
    }
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash ^ 0xff
}

#[cfg(test)]
mod tests {
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
        let words: Vec<String> = tokens("The On-call rota’s 99.9% A Über-team").collect();
        assert_eq!(words, ["call", "rota", "99", "über", "team"]);
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
        let postings = [IN_HEADING, 5 << 2, 6 << 2 | FREQUENT, 900 << 2 | 3];
        let decoded = decode_postings(&encode_postings(&postings));
        assert_eq!(decoded, [(0, 1), (5, 0), (6, 2), (900, 3)]);
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
        builder.add_page(
            "Costs",
            "ops/costs/",
            &[
                section("", "", "Intro about budgets."),
                section("run", "Run costs", "On-call budgets budgets budgets."),
            ],
        );
        builder.add_page("Home", "", &[section("home", "Home", "Welcome.")]);
        let mut files: BTreeMap<String, String> = builder.finish().into_iter().collect();
        let meta: serde_json::Value =
            serde_json::from_str(&files.remove("_playbook/search/index.json").unwrap()).unwrap();
        assert_eq!(meta["n"], 3);
        assert_eq!(meta["k"], 0, "a small index is one shard");
        let terms: BTreeMap<String, String> = serde_json::from_str(&files[&term_file("")]).unwrap();
        assert_eq!(
            decode_postings(&terms["budgets"]),
            [(0, 0), (1, FREQUENT)],
            "in the intro once, in `run` often"
        );
        assert_eq!(
            decode_postings(&terms["costs"]),
            [(0, IN_HEADING), (1, IN_HEADING)]
        );
        assert_eq!(decode_postings(&terms["welcome"]), [(2, 0)]);
        let docs: serde_json::Value =
            serde_json::from_str(&files[&format!("{SEARCH_DIR}d-0.json")]).unwrap();
        assert_eq!(docs["p"][1][1], "");
        assert_eq!(docs["s"][1][2], "run");
        assert_eq!(docs["s"][2][0], 1);
    }

    #[test]
    fn large_indexes_are_sharded_by_prefix_and_documents_by_size() {
        let mut builder = IndexBuilder::default();
        let mut out = Vec::new();
        for page in 0..400 {
            let text: String = (0..300)
                .map(|w| format!("w{}x{} ", (page * 7 + w) % 2000, w % 13))
                .collect();
            builder.add_page("Page", &format!("p{page}/"), &[section("", "", &text)]);
            out.extend(builder.take_files());
        }
        assert!(
            out.len() > 100,
            "document shards are handed out as they fill"
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
