//! Loads a playbook: reads `SUMMARY.md`, resolves each entry to its page file, reads the pages and
//! their front matter, and builds the navigation tree in reading order.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

mod contents;
mod density;
mod folders;
mod ignored;
mod loader;
mod prefetch;
mod read;
mod tables;
mod text;
mod unlisted;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::frontmatter::FrontMatter;
use crate::mdbook::include::{Bounds, Origin};
use contents::{read_summary, readme_first};
pub use density::MAX_MARKUP;
use loader::Loader;
use prefetch::prefetch;
pub use read::{index_file, read_settings_file, read_text, real_path_inside};
pub use tables::MAX_TABLE_CELLS;
use text::PageText;
use unlisted::{markdown_files, warn_unlisted};

/// The file listing the pages.
pub const SUMMARY_FILE: &str = "SUMMARY.md";

/// The largest text file read (a page, `SUMMARY.md`, a template): 10 MiB. A bigger page is a
/// mistake (a pasted log, an embedded image) that would make a page no reader's browser opens
/// comfortably, and it would be copied again into the print page and the search index.
pub const MAX_TEXT_BYTES: u64 = 10 * 1024 * 1024;

/// A loaded playbook: its pages in reading order and its navigation.
#[derive(Debug, Clone, Default)]
pub struct Book {
    pub nav: Vec<NavNode>,
    pub pages: Vec<Page>,
}

/// A line of the sidebar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NavNode {
    Part(String),
    Separator,
    Entry {
        title: String,
        link: NavLink,
        children: Vec<NavNode>,
        /// mdBook's section number (`1.2.`), when the book shows them.
        number: Option<String>,
    },
}

/// What a sidebar entry links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NavLink {
    /// A page of the book, by its index in [`Book::pages`].
    Page(usize),
    External(String),
    Draft,
    /// A label grouping the entries under it.
    Group,
}

/// One page of the book.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The file, relative to the source folder.
    pub source: PathBuf,
    /// Its site-relative folder address (`a/b/`).
    pub url: String,
    /// The title given in `SUMMARY.md`.
    pub summary_title: String,
    /// Its section number in the sidebar (`1.2.`), when the book shows them.
    pub section_number: Option<String>,
    pub front_matter: FrontMatter,
    /// The whole file.
    pub text: String,
    /// Where the markdown starts after the front matter.
    pub body_offset: usize,
    /// The page it is nested under in `SUMMARY.md`.
    pub parent: Option<usize>,
    /// What is wrong with the file itself (its front matter, its includes), reported whenever
    /// the page is rendered.
    pub problems: Vec<Diagnostic>,
    /// The file as written when mdBook's directives put text into it (see [`include`]).
    pub origin: Option<Origin>,
    /// The files its directives read, as paths on disk.
    pub included: Vec<PathBuf>,
    /// Its `<title>`, when `{{#title}}` gives one.
    pub html_title: Option<String>,
}

impl Page {
    /// The markdown after the front matter.
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// An empty page at `source`, with the address `url`, titled `summary_title` in the table
    /// of contents and nested under `parent`; [`Page::set_text`] gives it its text.
    pub fn new(source: PathBuf, url: String, summary_title: String, parent: Option<usize>) -> Self {
        Self {
            source,
            url,
            summary_title,
            section_number: None,
            front_matter: FrontMatter::default(),
            text: String::new(),
            body_offset: 0,
            parent,
            problems: Vec::new(),
            origin: None,
            included: Vec::new(),
            html_title: None,
        }
    }

    /// Sets the page's text: splits its front matter and replaces mdBook's directives, reading
    /// included files within `bounds`. Front matter that cannot be read is a problem of the
    /// page, which is then shown whole, front matter included, as markdown.
    pub fn set_text(&mut self, text: String, bounds: Bounds<'_>) {
        self.take_text(PageText::prepare(text, &self.source, bounds));
    }

    /// Takes the text [`PageText::prepare`] made ready for this page.
    fn take_text(&mut self, text: PageText) {
        let PageText {
            front_matter,
            text,
            body_offset,
            problems,
            origin,
            included,
            html_title,
        } = text;
        self.front_matter = front_matter;
        self.text = text;
        self.body_offset = body_offset;
        self.problems = problems;
        self.origin = origin;
        self.included = included;
        self.html_title = html_title;
    }

    /// Whether the page's title is known without rendering it: given by its front matter or
    /// its `SUMMARY.md` entry.
    pub fn has_given_title(&self) -> bool {
        self.front_matter
            .title
            .as_deref()
            .is_some_and(|t| !t.trim().is_empty())
            || !self.summary_title.is_empty()
    }

    /// The page's title: its front matter's, else its `SUMMARY.md` entry's, else its first
    /// heading (`None` when the page is not rendered or has none), else its file's path.
    pub fn title(&self, first_heading: Option<&str>) -> String {
        self.front_matter
            .title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .or_else(|| Some(self.summary_title.clone()).filter(|t| !t.is_empty()))
            .or_else(|| first_heading.map(str::to_string))
            .unwrap_or_else(|| self.source.display().to_string())
    }
}

/// Where the book's two special files are, relative to the source folder: `.gitbook.yaml`'s
/// `structure` may rename them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The table of contents. Default: `SUMMARY.md`.
    pub summary: PathBuf,
    /// The page published at the site's root. Default: `README.md`.
    pub readme: PathBuf,
    /// There is no `summary` file: the table of contents is made from the folders, as GitBook
    /// makes one for a repository without a summary.
    pub from_folders: bool,
    /// The folder files included into pages must lie in, links resolved: the playbook's.
    /// `None`: the source folder.
    pub include_root: Option<PathBuf>,
    /// The chapters listed in `SUMMARY.md` are numbered (`1.`, `1.1.`) in the sidebar, as
    /// mdBook numbers them unless `book.toml` says `no-section-label`.
    pub section_numbers: bool,
}

impl Layout {
    /// Where pages of the book in `source` may include files from.
    pub fn bounds<'a>(&'a self, source: &'a Path, canonical_source: &'a Path) -> Bounds<'a> {
        Bounds {
            source,
            root: self.include_root.as_deref().unwrap_or(canonical_source),
        }
    }
}

impl Default for Layout {
    fn default() -> Self {
        Self {
            summary: PathBuf::from(SUMMARY_FILE),
            readme: PathBuf::from("README.md"),
            from_folders: false,
            include_root: None,
            section_numbers: false,
        }
    }
}

/// Folders never read for pages: the output and the theme overrides, besides hidden folders.
#[derive(Debug, Clone, Default)]
pub struct Exclusions {
    pub folders: Vec<PathBuf>,
}

impl Exclusions {
    pub(crate) fn excludes(&self, path: &Path) -> bool {
        self.folders.iter().any(|folder| path.starts_with(folder))
    }
}

/// Reads the book in `source`. Errors and warnings go to `diagnostics`; the book holds what could
/// be read.
pub fn load(source: &Path, exclusions: &Exclusions, diagnostics: &mut Diagnostics) -> Book {
    load_with(source, &Layout::default(), exclusions, diagnostics)
}

/// Reads the book in `source` whose table of contents and home page are where `layout` says.
pub fn load_with(
    source: &Path,
    layout: &Layout,
    exclusions: &Exclusions,
    diagnostics: &mut Diagnostics,
) -> Book {
    std::thread::scope(|scope| {
        let walk = scope.spawn(|| markdown_files(source, &layout.summary, exclusions));
        let listed = load_listed(source, layout, exclusions, diagnostics);
        let files = crate::parallel::joined(walk);
        let Some((mut book, listed)) = listed else {
            return Book::default();
        };
        warn_unlisted(files, &layout.summary, &listed, diagnostics);
        if book.pages.is_empty() && !diagnostics.has_errors() {
            diagnostics.push(
                Diagnostic::error(&layout.summary, no_pages(layout))
                    .help("list the pages as a bullet list of links: `- [Title](page.md)`"),
            );
        }
        book.pages.shrink_to_fit();
        book
    })
}

/// The pages `SUMMARY.md` lists, read and checked, with the files they are made of (their own
/// and those they include); `None` when there is no table of contents.
fn load_listed(
    source: &Path,
    layout: &Layout,
    exclusions: &Exclusions,
    diagnostics: &mut Diagnostics,
) -> Option<(Book, HashSet<PathBuf>)> {
    let mut summary = read_summary(source, layout, exclusions, diagnostics)?;
    let canonical_source = source
        .canonicalize()
        .unwrap_or_else(|_| source.to_path_buf());
    readme_first(&mut summary, source, &canonical_source, layout);
    let bounds = layout.bounds(source, &canonical_source);
    let ahead = prefetch(source, &canonical_source, layout, &summary.items, bounds);
    let mut loader = Loader {
        source,
        layout,
        pages: Vec::with_capacity(ahead.pages.len()),
        prefetched: ahead.pages,
        canonical_source,
        seen: HashMap::new(),
        real_folders: ahead.real_folders,
        diagnostics,
    };
    let nav = loader.nav(&summary.items);
    let mut listed: HashSet<PathBuf> = loader.seen.into_keys().collect();
    // Files pages include (mdBook's shared snippets) are part of those pages.
    let canonical_source = loader.canonical_source;
    listed.extend(loader.pages.iter().flat_map(|page| {
        page.included
            .iter()
            .filter_map(|file| file.strip_prefix(&canonical_source).ok())
            .map(Path::to_path_buf)
    }));
    let mut book = Book {
        nav,
        pages: loader.pages,
    };
    first_page_at_the_root(&mut book);
    Some((book, listed))
}

/// Without a home page (`README.md`), the first page of the table of contents is published at
/// the site's root, as mdBook publishes it, so that the site's address opens a page.
fn first_page_at_the_root(book: &mut Book) {
    if book.pages.iter().any(|page| page.url.is_empty()) {
        return;
    }
    if let Some(first) = book.pages.first_mut() {
        first.url.clear();
    }
}

/// What to say when the table of contents lists no pages.
fn no_pages(layout: &Layout) -> String {
    if layout.from_folders {
        format!(
            "there is no {} and no markdown page in the source folder to make one from",
            layout.summary.display()
        )
    } else {
        format!("{} lists no pages", layout.summary.display())
    }
}

#[cfg(test)]
mod tests;
