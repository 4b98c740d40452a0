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

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use playbook_markdown::Section;

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
fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// Calls `each` with the words of `text` as [`tokens`] cuts them, stop words included. ASCII
/// text, which is most of a playbook, is read a byte at a time and lower-cased without an
/// allocation.
fn for_each_word(text: &str, mut each: impl FnMut(&str)) {
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

/// FxHash (as in rustc): far quicker than SipHash for the millions of short words a large book
/// has, and the index never holds keys an attacker chooses to collide.
#[derive(Default, Clone, Copy)]
struct WordHasher(u64);

impl std::hash::Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let word = rest
                .iter()
                .rev()
                .fold(0u64, |word, &byte| word << 8 | u64::from(byte));
            self.add(word);
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn write_u32(&mut self, word: u32) {
        self.add(u64::from(word));
    }
}

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type WordMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<WordHasher>>;

/// Joins the [`IndexPart`]s of a book in order and turns them into index files. Document shards
/// are handed out with each part, so the text is not all kept.
#[derive(Default)]
pub struct IndexBuilder {
    /// Each term's number.
    numbers: WordMap<Box<str>, u32>,
    /// Each term, by number.
    terms: Vec<Box<str>>,
    /// Each term's postings, by number: section number shifted left by two, or'ed with flags.
    postings: Vec<Vec<u32>>,
    /// For each [`Indexer`], its word numbers to term numbers.
    numbering: Vec<Vec<u32>>,
    sections: u32,
    /// The first section of each document shard.
    shard_starts: Vec<u32>,
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
    /// The first section's number.
    #[serde(skip)]
    start: u32,
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

/// A word of at most 12 bytes (most words), zero-padded, as three numbers: quicker to hash and
/// compare than text, and kept in the table itself, whose entries are then 16 bytes, so that a
/// large book's vocabulary stays in the processor's cache. Words never hold a zero byte, so the
/// padding is unambiguous.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct ShortWord([u32; 3]);

impl ShortWord {
    fn of(word: &str) -> Option<Self> {
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

/// What an [`Indexer`] keeps of a word for each occurrence: the section of its last posting in
/// the current part, plus one (0: none yet; [`STOP`]: a stop word, never indexed), and how
/// often it occurs there. Eight bytes, apart from the postings, so that a word met again in a
/// section costs no look at them.
#[derive(Clone, Copy)]
struct WordState {
    last: u32,
    count: u32,
}

/// [`WordState::last`] of a stop word: looked up like the others (which costs less than testing
/// each occurrence) but never indexed.
const STOP: u32 = u32::MAX;

/// Indexes pages on one thread, a run of consecutive pages (a part) at a time, so that pages are
/// indexed on every core. It numbers the words it meets and keeps them from part to part, so a
/// part names its words by number and only new words are sent as text.
pub struct Indexer {
    /// Which indexer this is, for [`IndexBuilder::add_part`] to read its word numbers.
    id: usize,
    /// The numbers of words of up to 12 bytes, then of the longer ones.
    short_numbers: WordMap<ShortWord, u32>,
    long_numbers: WordMap<Box<str>, u32>,
    /// Each word's state and its postings in the current part, by number.
    states: Vec<WordState>,
    postings: Vec<Vec<u32>>,
    /// The words with postings in the current part.
    used: Vec<u32>,
    /// Words numbered since the last part, in number order.
    new_words: Vec<Box<str>>,
    /// Sections in the current part.
    sections: u32,
    shard: DocShard,
    /// Each closed document shard's first section (numbered within the part) and its JSON.
    shards: Vec<(u32, String)>,
    /// Hash of everything indexed in the part.
    hash: u64,
}

/// The index of a run of consecutive pages: postings numbered from the run's first section, and
/// its document shards, which never span two runs. [`IndexBuilder::add_part`] joins the runs in
/// order.
pub struct IndexPart {
    indexer: usize,
    new_words: Vec<Box<str>>,
    /// The indexer's word numbers and how many postings each has in `postings`, in order.
    words: Vec<(u32, u32)>,
    /// The words' postings, one after the other.
    postings: Vec<u32>,
    sections: u32,
    shards: Vec<(u32, String)>,
    hash: u64,
}

impl Indexer {
    /// Indexer number `id`: each thread has its own.
    pub fn new(id: usize) -> Self {
        Self {
            id,
            short_numbers: WordMap::default(),
            long_numbers: WordMap::default(),
            states: Vec::new(),
            postings: Vec::new(),
            used: Vec::new(),
            new_words: Vec::new(),
            sections: 0,
            shard: DocShard::default(),
            shards: Vec::new(),
            hash: 0,
        }
    }

    /// Adds a page's sections to the current part: `url` is the page's site-relative address.
    /// The sections are kept, as the text of the results.
    pub fn add_page(&mut self, title: &str, url: &str, sections: Vec<Section>) {
        for (position, section) in sections.into_iter().enumerate() {
            if !is_indexed(&section) {
                continue;
            }
            let id = self.sections;
            self.sections += 1;
            if position == 0 {
                self.count_heading(id, title);
            }
            self.count_heading(id, &section.heading);
            for_each_word(&section.text, |word| {
                let Some(number) = self.number(word) else {
                    return;
                };
                let state = &mut self.states[number];
                if state.last == id + 1 {
                    state.count += 1;
                    if state.count == 3
                        && let Some(last) = self.postings[number].last_mut()
                    {
                        *last |= FREQUENT;
                    }
                } else {
                    self.postings[number].push(id << 2);
                    *state = WordState {
                        last: id + 1,
                        count: 1,
                    };
                }
            });
            self.store_section(title, url, section);
        }
    }

    /// The pages added since the last part, as a part.
    pub fn take_part(&mut self) -> IndexPart {
        self.close_shard();
        // One list for all the part's postings: the words' own lists are kept for the next
        // part, so that they are not made again for every part.
        let mut words = Vec::with_capacity(self.used.len());
        let mut postings = Vec::new();
        for number in self.used.drain(..) {
            let own = &mut self.postings[number as usize];
            words.push((number, own.len() as u32));
            postings.extend_from_slice(own);
            own.clear();
            self.states[number as usize].last = 0;
        }
        IndexPart {
            indexer: self.id,
            new_words: std::mem::take(&mut self.new_words),
            words,
            postings,
            sections: std::mem::take(&mut self.sections),
            shards: std::mem::take(&mut self.shards),
            hash: std::mem::take(&mut self.hash),
        }
    }

    /// Marks the words of `heading` as in section `id`'s heading.
    fn count_heading(&mut self, id: u32, heading: &str) {
        for_each_word(heading, |word| {
            let Some(number) = self.number(word) else {
                return;
            };
            let state = &mut self.states[number];
            if state.last == id + 1 {
                if let Some(last) = self.postings[number].last_mut() {
                    *last |= IN_HEADING;
                }
            } else {
                self.postings[number].push(id << 2 | IN_HEADING);
                *state = WordState {
                    last: id + 1,
                    count: 0,
                };
            }
        });
    }

    /// The number of `word`, given when new; none for a stop word. A word already met costs one
    /// lookup and no allocation. The word is noted as used in the current part.
    fn number(&mut self, word: &str) -> Option<usize> {
        let short = ShortWord::of(word);
        let known = match short {
            Some(short) => self.short_numbers.get(&short),
            None => self.long_numbers.get(word),
        };
        let number = match known {
            Some(&number) => number,
            None => {
                let number = self.states.len() as u32;
                match short {
                    Some(short) => self.short_numbers.insert(short, number),
                    None => self.long_numbers.insert(word.into(), number),
                };
                self.new_words.push(word.into());
                let last = if is_stop_word(word) { STOP } else { 0 };
                self.states.push(WordState { last, count: 0 });
                self.postings.push(Vec::new());
                number
            }
        };
        match self.states[number as usize].last {
            STOP => return None,
            0 => self.used.push(number),
            _ => {}
        }
        Some(number as usize)
    }

    fn store_section(&mut self, title: &str, url: &str, section: Section) {
        if self.shard.s.is_empty() {
            self.shard.start = self.sections - 1;
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
        self.shard
            .s
            .push((page, section.heading, section.id, section.text));
        if self.shard.bytes >= DOC_SHARD_BYTES {
            self.close_shard();
        }
    }

    fn close_shard(&mut self) {
        if self.shard.s.is_empty() {
            return;
        }
        let shard = std::mem::take(&mut self.shard);
        self.shards.push((shard.start, to_json(&shard)));
    }
}

/// Sections with neither text nor heading are left out of the index.
fn is_indexed(section: &Section) -> bool {
    !(section.text.is_empty() && section.heading.is_empty())
}

impl IndexBuilder {
    /// Adds the pages of `part`, which follow those added before, and returns its document
    /// shards, to be written.
    pub fn add_part(&mut self, part: IndexPart) -> Vec<(String, String)> {
        let offset = self.sections;
        self.sections += part.sections;
        if self.numbering.len() <= part.indexer {
            self.numbering.resize_with(part.indexer + 1, Vec::new);
        }
        let numbering = &mut self.numbering[part.indexer];
        for word in part.new_words {
            let number = match self.numbers.get(&word) {
                Some(&number) => number,
                None => {
                    let number = self.terms.len() as u32;
                    self.numbers.insert(word.clone(), number);
                    self.terms.push(word);
                    self.postings.push(Vec::new());
                    number
                }
            };
            numbering.push(number);
        }
        let mut rest = part.postings.as_slice();
        for (word, count) in part.words {
            let (postings, after) = rest.split_at(count as usize);
            rest = after;
            self.postings[numbering[word as usize] as usize]
                .extend(postings.iter().map(|&posting| posting + (offset << 2)));
        }
        self.hash = mix(self.hash, &part.hash.to_le_bytes());
        part.shards
            .into_iter()
            .map(|(start, json)| {
                let name = format!("{SEARCH_DIR}d-{}.json", self.shard_starts.len());
                self.shard_starts.push(start + offset);
                (name, json)
            })
            .collect()
    }

    /// The remaining files: the term shards and `index.json`.
    pub fn finish(mut self) -> Vec<(String, String)> {
        let indexed: Vec<(&str, &Vec<u32>)> = self
            .terms
            .iter()
            .map(AsRef::as_ref)
            .zip(&self.postings)
            .filter(|(_, postings)| !postings.is_empty())
            .collect();
        let mut encoded: Vec<(&str, String)> =
            playbook_book::parallel::map(&indexed, |&(term, postings)| {
                (term, encode_postings(postings))
            });
        encoded.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let k = prefix_length(&encoded);
        let mut shards: BTreeMap<String, BTreeMap<&str, &str>> = BTreeMap::new();
        for (term, postings) in &encoded {
            shards
                .entry(prefix(term, k).to_string())
                .or_default()
                .insert(term, postings.as_str());
        }
        let mut files = Vec::with_capacity(shards.len() + 1);
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
fn prefix_length(encoded: &[(&str, String)]) -> usize {
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

/// `hash` with `bytes` and their length mixed in, eight bytes a step: the index hashes all the
/// text it holds, tens of megabytes in a large book.
fn mix(hash: u64, bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut hasher = WordHasher(hash);
    hasher.write(bytes);
    hasher.add(bytes.len() as u64);
    hasher.finish()
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
            [(0, IN_HEADING), (1, IN_HEADING), (3, 0)],
            "words met again in a later part keep their postings"
        );
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
                let text: String = (0..300)
                    .map(|w| format!("w{}x{} ", (page * 7 + w) % 2000, w % 13))
                    .collect();
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
