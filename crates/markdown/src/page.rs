//! What one page is to the renderer and what rendering it collects: the pulldown-cmark options
//! (one place owns them), the page's source and what its links resolve against, and the
//! rendered page with its headings, sections, links and calculator blocks.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use playbook_book::diagnostics::{Diagnostic, LineIndex};
use playbook_book::mdbook::include::{Origin, Splices};
use pulldown_cmark::Options;

/// The markdown dialect: CommonMark with GitHub's extensions, and maths between dollars.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_MATH
}

/// Source paths to a page's address or title. Hashed with FxHash: every link of every page is
/// looked up here, and the keys are the book's own paths.
pub type PathMap = rustc_hash::FxHashMap<PathBuf, String>;

/// What links resolve against: the pages of the book and the files of the source folder.
pub struct LinkResolver<'a> {
    /// The source folder on disk.
    pub source_dir: &'a Path,
    /// Each page's source path to its folder address.
    pub pages: &'a PathMap,
    /// Each page's source path to its title, for GitBook's content-ref cards.
    pub titles: &'a PathMap,
    /// The source folder with links resolved, made on the first asset link of any page.
    pub canonical_source: &'a std::sync::OnceLock<Option<PathBuf>>,
    /// The table of contents' file, as messages name it (`SUMMARY.md` unless renamed).
    pub summary: &'a Path,
}

impl LinkResolver<'_> {
    /// Whether `full` (a file's path on disk) lies inside the source folder, links resolved.
    pub fn inside_source(&self, full: &Path) -> bool {
        let source = self
            .canonical_source
            .get_or_init(|| self.source_dir.canonicalize().ok());
        source
            .as_deref()
            .is_some_and(|source| playbook_book::real_path_inside(source, full).is_some())
    }
}

/// A heading of the page, for the "on this page" list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A stretch of the page under one heading, for search.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Section {
    /// The heading's id; empty for text before the first heading.
    pub id: String,
    pub heading: String,
    pub text: String,
}

/// A link to another page, kept for anchor checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLink {
    /// The linked page's address, or the empty string... for this page.
    pub url: String,
    pub fragment: String,
    pub line: usize,
    pub column: usize,
}

/// A fenced block ` ```calculator NAME ` placing a calculator, with its initial inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalculatorBlock {
    pub name: String,
    /// The block's text: `key = value` lines of TOML.
    pub body: String,
    /// The line of the opening fence (1-based).
    pub line: usize,
}

/// The text standing in a page's HTML where calculator `index` goes, replaced when the page is
/// laid out. Private-use characters cannot come from markdown text unescaped.
pub fn calculator_slot(index: usize) -> String {
    format!("\u{E000}calculator:{index}\u{E000}")
}

/// `html` with each [`calculator_slot`] replaced by that calculator's HTML, in one pass over
/// the page however many calculators it holds. A slot without HTML is left empty.
pub fn fill_calculator_slots(html: &str, calculators: &[String]) -> String {
    fill_slots_with(html, calculators, |out, calculator| {
        out.push_str(calculator)
    })
}

/// `text` with each [`calculator_slot`] replaced by what `write` writes of that calculator
/// (`write` sees the text written so far); a slot naming no calculator is left empty.
pub(crate) fn fill_slots_with(
    text: &str,
    calculators: &[String],
    mut write: impl FnMut(&mut String, &str),
) -> String {
    const OPEN: &str = "\u{E000}calculator:";
    let mut out =
        String::with_capacity(text.len() + calculators.iter().map(String::len).sum::<usize>());
    let mut rest = text;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        let after = &rest[at + OPEN.len()..];
        let Some(end) = after.find('\u{E000}') else {
            out.push_str(&rest[at..]);
            return out;
        };
        if let Some(calculator) = after[..end]
            .parse::<usize>()
            .ok()
            .and_then(|i| calculators.get(i))
        {
            write(&mut out, calculator);
        }
        rest = &after[end + '\u{E000}'.len_utf8()..];
    }
    out.push_str(rest);
    out
}

/// The calculator named in a fenced block's info string, if it is a calculator block.
pub(crate) fn calculator_name(info: &str) -> Option<&str> {
    let mut words = info.split_whitespace();
    (words.next()? == "calculator").then(|| words.next().unwrap_or(""))
}

/// One page, rendered.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    pub first_heading: Option<String>,
    /// The first paragraph's text, for the page description.
    pub first_paragraph: Option<String>,
    pub sections: Vec<Section>,
    /// Files of the source folder the page links to, to copy to the output.
    pub assets: BTreeSet<PathBuf>,
    pub page_links: Vec<PageLink>,
    /// Calculator blocks, in order; the HTML holds [`calculator_slot`] for each.
    pub calculators: Vec<CalculatorBlock>,
    /// Links to other sites (`http`, `https`) as written, for `playbook check --external`.
    pub external_links: Vec<PageLink>,
    pub diagnostics: Vec<Diagnostic>,
    /// The page as plain markdown, for its copy beside its HTML: GitBook's tags made markdown,
    /// links to pages pointing at their copies, a [`calculator_slot`] for each calculator
    /// (filled by [`crate::fill_copy_slots`]).
    pub markdown: String,
}

/// Where the page is: its source path, its address and its whole text (for line numbers).
pub struct PageSource<'a> {
    pub path: &'a Path,
    pub url: &'a str,
    pub text: &'a str,
    pub body_offset: usize,
    /// The file as written, when mdBook's directives put text into `text`.
    pub origin: Option<&'a Origin>,
}

impl<'a> PageSource<'a> {
    /// The page `text` at `path` with the address `url`, as its file holds it.
    pub fn new(path: &'a Path, url: &'a str, text: &'a str) -> Self {
        Self {
            path,
            url,
            text,
            body_offset: 0,
            origin: None,
        }
    }

    /// Finds the line and column in the page's file of offsets in `text`.
    pub fn lines(&self) -> PageLines<'a> {
        match self.origin {
            Some(origin) => PageLines {
                index: LineIndex::new(&origin.file_text),
                splices: Some(&origin.splices),
            },
            None => PageLines {
                index: LineIndex::new(self.text),
                splices: None,
            },
        }
    }
}

/// Line starts of a page's file, and where its text was put in.
pub struct PageLines<'a> {
    index: LineIndex<'a>,
    splices: Option<&'a Splices>,
}

impl PageLines<'_> {
    /// The 1-based line and column in the file of `offset` in the page's text.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = self.splices.map_or(offset, |s| s.original(offset));
        self.index.line_column(offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_filled_in_order_and_other_text_kept() {
        let html = format!(
            "<p>a</p>{}<p>b \u{E000}</p>{}{}",
            calculator_slot(0),
            calculator_slot(1),
            calculator_slot(7)
        );
        let forms = ["<form 0>".to_string(), "<form 1>".to_string()];
        assert_eq!(
            fill_calculator_slots(&html, &forms),
            "<p>a</p><form 0><p>b \u{E000}</p><form 1>"
        );
    }
}
