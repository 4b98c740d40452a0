//! Indexing pages on one thread: an [`Indexer`] numbers the words it meets, gathers each word's
//! postings for a run of consecutive pages and fills the document shards, and hands the run over
//! as an [`IndexPart`].

use std::fmt::Write;

use playbook_markdown::Section;

use super::json::push_string;
use super::words::{ShortWord, WordMap, for_each_word, is_stop_word};
use super::{DOC_SHARD_BYTES, FREQUENT, IN_HEADING, IN_TITLE, defused, mix};

/// A document shard being filled.
#[derive(Default)]
struct DocShard {
    /// Pages: title and site-relative address.
    p: Vec<(String, String)>,
    /// Sections: index into `p`, heading, anchor (empty for the page's top), text.
    s: Vec<(usize, String, String, String)>,
    /// The bytes of its strings so far: what closes it, and about the size of its JSON.
    bytes: usize,
    /// The first section's number.
    start: u32,
}

impl DocShard {
    /// The shard as `search.js` reads it:
    /// `{"p":[[title,address],…],"s":[[page,heading,anchor,text],…]}`.
    fn json(&self) -> String {
        let mut out = String::with_capacity(self.bytes + 16 * (self.p.len() + self.s.len()) + 16);
        out.push_str("{\"p\":[");
        for (n, (title, url)) in self.p.iter().enumerate() {
            out.push_str(if n == 0 { "[" } else { ",[" });
            push_string(&mut out, title);
            out.push(',');
            push_string(&mut out, url);
            out.push(']');
        }
        out.push_str("],\"s\":[");
        for (n, (page, heading, id, text)) in self.s.iter().enumerate() {
            let _ = write!(out, "{}[{page}", if n == 0 { "" } else { "," });
            for part in [heading, id, text] {
                out.push(',');
                push_string(&mut out, part);
            }
            out.push(']');
        }
        out.push_str("]}");
        defused(out)
    }
}

/// What an [`Indexer`] keeps of a word, in its table beside the word itself, so that a word
/// met again costs one look at memory: its number, the section of its last posting plus one,
/// counted over every part (0: none yet; [`STOP`]: a stop word, never indexed), how often it
/// occurs there, and where that posting is in [`Indexer::postings`].
#[derive(Clone, Copy, Default)]
struct WordState {
    number: u32,
    last: u32,
    count: u32,
    at: u32,
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
    /// The states of words of up to 12 bytes, then of the longer ones.
    short_words: WordMap<ShortWord, WordState>,
    long_words: WordMap<Box<str>, WordState>,
    /// How many words are numbered.
    words: u32,
    /// The current part's postings as they come, each with its word's number: one list written
    /// in order, grouped by word only when the part is taken.
    postings: Vec<(u32, u32)>,
    /// The words with postings in the current part, by number.
    used: Vec<u32>,
    /// Sections in the parts taken before the current one.
    earlier_sections: u32,
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
    pub(super) indexer: usize,
    pub(super) new_words: Vec<Box<str>>,
    /// The indexer's word numbers and how many postings each has in `postings`, in order.
    pub(super) words: Vec<(u32, u32)>,
    /// The words' postings, one after the other.
    pub(super) postings: Vec<u32>,
    pub(super) sections: u32,
    pub(super) shards: Vec<(u32, String)>,
    pub(super) hash: u64,
}

impl Indexer {
    /// Indexer number `id`: each thread has its own.
    pub fn new(id: usize) -> Self {
        Self {
            id,
            short_words: WordMap::default(),
            long_words: WordMap::default(),
            words: 0,
            postings: Vec::new(),
            used: Vec::new(),
            earlier_sections: 0,
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
        let first = self.sections;
        for section in sections {
            if !is_indexed(&section) {
                continue;
            }
            let id = self.sections;
            self.sections += 1;
            if id == first {
                // The title is the page's: its first section indexed stands for the page.
                self.count_heading(id, title, IN_TITLE);
            }
            self.count_heading(id, &section.heading, IN_HEADING);
            let last = self.earlier_sections + id + 1;
            for_each_word(&section.text, |word| {
                let Some((state, postings)) = self.state(word) else {
                    return;
                };
                if state.last == last {
                    state.count += 1;
                    if state.count == 3 {
                        raise(&mut postings[state.at as usize].1, FREQUENT);
                    }
                } else {
                    push_posting(postings, state, last, id, 0);
                    state.count = 1;
                }
            });
            self.store_section(title, url, section);
        }
    }

    /// The pages added since the last part, as a part.
    pub fn take_part(&mut self) -> IndexPart {
        self.close_shard();
        let (words, postings) = self.group_postings();
        self.earlier_sections += self.sections;
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

    /// The part's postings grouped by word, in the order the words were first used, each word's
    /// in the order they came.
    fn group_postings(&mut self) -> (Vec<(u32, u32)>, Vec<u32>) {
        // Each word's count of postings, then where its postings go in the grouped list.
        let mut place = vec![0u32; self.words as usize];
        for &(number, _) in &self.postings {
            place[number as usize] += 1;
        }
        let mut words = Vec::with_capacity(self.used.len());
        let mut start = 0;
        for number in self.used.drain(..) {
            let count = place[number as usize];
            words.push((number, count));
            place[number as usize] = start;
            start += count;
        }
        let mut grouped = vec![0; self.postings.len()];
        for (number, posting) in self.postings.drain(..) {
            let at = &mut place[number as usize];
            grouped[*at as usize] = posting;
            *at += 1;
        }
        (words, grouped)
    }

    /// Marks the words of `heading` as in section `id`'s heading, or its page's title: `level`.
    fn count_heading(&mut self, id: u32, heading: &str, level: u32) {
        let last = self.earlier_sections + id + 1;
        for_each_word(heading, |word| {
            let Some((state, postings)) = self.state(word) else {
                return;
            };
            if state.last == last {
                raise(&mut postings[state.at as usize].1, level);
            } else {
                push_posting(postings, state, last, id, level);
                state.count = 0;
            }
        });
    }

    /// The state of `word`, numbered when new, with the part's postings; none for a stop word.
    /// A word already met costs one lookup (two when longer than 12 bytes) and no allocation.
    /// The word is noted as used in the current part.
    fn state(&mut self, word: &str) -> Option<(&mut WordState, &mut Vec<(u32, u32)>)> {
        let (numbered, new_words) = (&mut self.words, &mut self.new_words);
        let mut number = || {
            new_words.push(word.into());
            *numbered += 1;
            WordState {
                number: *numbered - 1,
                last: if is_stop_word(word) { STOP } else { 0 },
                ..WordState::default()
            }
        };
        let state = match ShortWord::of(word) {
            Some(short) => self.short_words.entry(short).or_insert_with(number),
            None => {
                if !self.long_words.contains_key(word) {
                    self.long_words.insert(word.into(), number());
                }
                self.long_words.get_mut(word)?
            }
        };
        if state.last == STOP {
            return None;
        }
        if state.last <= self.earlier_sections {
            self.used.push(state.number);
        }
        Some((state, &mut self.postings))
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
        self.shards.push((shard.start, shard.json()));
    }
}

/// Adds the posting of the word whose state is `state` for section `id` (`last` counted over
/// every part), in place `level`, and notes it in its `state`.
fn push_posting(
    postings: &mut Vec<(u32, u32)>,
    state: &mut WordState,
    last: u32,
    id: u32,
    level: u32,
) {
    state.last = last;
    state.at = postings.len() as u32;
    postings.push((state.number, id << 2 | level));
}

/// Raises a posting's place (its two low bits) to `level`, if that is higher.
fn raise(posting: &mut u32, level: u32) {
    if *posting & 3 < level {
        *posting = *posting & !3 | level;
    }
}

/// Sections with neither text nor heading are left out of the index.
fn is_indexed(section: &Section) -> bool {
    !(section.text.is_empty() && section.heading.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shard_is_written_as_serde_json_writes_its_lists() {
        let shard = DocShard {
            p: vec![
                ("On-call \"rota\"".into(), "run/on-call/".into()),
                ("{% raw %} \\ tab\t".into(), "".into()),
            ],
            s: vec![
                (0, "".into(), "".into(), "Text é 🙂\nline".into()),
                (1, "Costs".into(), "costs".into(), "\u{1}".into()),
            ],
            bytes: 0,
            start: 0,
        };
        let lists = serde_json::json!({ "p": shard.p, "s": shard.s });
        let expected = serde_json::to_string(&lists)
            .unwrap()
            .replace("{%", "{\\u0025");
        assert_eq!(shard.json(), expected);
        assert!(!shard.json().contains("{%"));
    }
}
