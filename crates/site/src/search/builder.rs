//! The whole book's index: the parts joined in order into every term's postings, the term
//! shards cut by prefix, and `index.json`.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::encoding::{encode_number, encode_postings};
use super::indexer::IndexPart;
use super::json::string_object;
use super::typos::typo_files;
use super::words::WordMap;
use super::{FORMAT, MAX_PREFIX, SEARCH_DIR, STOP_WORDS, TERM_SHARD_BYTES, defused, mix, to_json};

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
    /// The word lengths that have a typo file.
    f: Vec<usize>,
    stop: &'a [&'a str],
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

    /// The remaining files: the term shards, the typo files and `index.json`.
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
        for (key, terms) in &shards {
            self.hash = mix(self.hash, key.as_bytes());
            for (term, postings) in terms {
                self.hash = mix(mix(self.hash, term.as_bytes()), postings.as_bytes());
            }
        }
        let shard_list: Vec<_> = shards.iter().collect();
        let mut files = playbook_book::parallel::map(&shard_list, |(key, terms)| {
            let pairs = terms.iter().map(|(term, postings)| (*term, *postings));
            (term_file(key), defused(string_object(pairs)))
        });
        let counts: Vec<(&str, usize)> = indexed.iter().map(|(t, p)| (*t, p.len())).collect();
        let (typos, lengths) = typo_files(&counts);
        for (_, json) in &typos {
            self.hash = mix(self.hash, json.as_bytes());
        }
        files.extend(typos);
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
            f: lengths,
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
