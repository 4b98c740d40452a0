//! Loads a playbook: reads `SUMMARY.md`, resolves each entry to its page file, reads the pages and
//! their front matter, and builds the navigation tree in reading order.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, line_column};
use crate::frontmatter::{self, FrontMatter};
use crate::links::{self, LinkTarget};
use crate::summary::{self, Entry, SummaryItem, Target};

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
    },
}

/// What a sidebar entry links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NavLink {
    /// A page of the book, by its index in [`Book::pages`].
    Page(usize),
    External(String),
    Draft,
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
    pub front_matter: FrontMatter,
    /// The whole file.
    pub text: String,
    /// Where the markdown starts after the front matter.
    pub body_offset: usize,
    /// The page it is nested under in `SUMMARY.md`.
    pub parent: Option<usize>,
}

impl Page {
    /// The markdown after the front matter.
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
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
}

impl Default for Layout {
    fn default() -> Self {
        Self {
            summary: PathBuf::from(SUMMARY_FILE),
            readme: PathBuf::from("README.md"),
        }
    }
}

/// Folders never read for pages: the output and the theme overrides, besides hidden folders.
#[derive(Debug, Clone, Default)]
pub struct Exclusions {
    pub folders: Vec<PathBuf>,
}

impl Exclusions {
    fn excludes(&self, path: &Path) -> bool {
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
    let summary_path = source.join(&layout.summary);
    let summary_text = match read_text(&summary_path, &layout.summary) {
        Ok(text) => text,
        Err(d) => {
            diagnostics.push(d);
            return Book::default();
        }
    };
    let summary = summary::parse(&summary_text);
    if let Some((line, column)) = summary.too_deep {
        diagnostics.push(
            Diagnostic::error(
                &layout.summary,
                format!(
                    "this entry is nested more than {} levels deep",
                    summary::MAX_NESTING
                ),
            )
            .at(line, column)
            .help("move the entry up a level: SUMMARY.md nests at most 100 levels"),
        );
    }
    let prefetched = prefetch(source, layout, &summary.items);
    let mut loader = Loader {
        source,
        layout,
        prefetched,
        canonical_source: source
            .canonicalize()
            .unwrap_or_else(|_| source.to_path_buf()),
        pages: Vec::new(),
        seen: HashMap::new(),
        real_folders: HashMap::new(),
        diagnostics,
    };
    let nav = summary
        .items
        .iter()
        .map(|item| match item {
            SummaryItem::Part { title, .. } => NavNode::Part(title.clone()),
            SummaryItem::Separator => NavNode::Separator,
            SummaryItem::Entry(entry) => loader.entry(entry, None),
        })
        .collect();
    let listed: std::collections::HashSet<PathBuf> = loader.seen.into_keys().collect();
    let mut book = Book {
        nav,
        pages: loader.pages,
    };
    warn_unlisted(source, &layout.summary, exclusions, &listed, diagnostics);
    if book.pages.is_empty() && !diagnostics.has_errors() {
        diagnostics.push(
            Diagnostic::error(&layout.summary, "SUMMARY.md lists no pages")
                .help("list the pages as a bullet list of links: `- [Title](page.md)`"),
        );
    }
    book.pages.shrink_to_fit();
    book
}

struct Loader<'a> {
    source: &'a Path,
    layout: &'a Layout,
    /// The pages that are plain files, read ahead on every core.
    prefetched: HashMap<PathBuf, Result<String, Diagnostic>>,
    canonical_source: PathBuf,
    pages: Vec<Page>,
    /// Page file to the SUMMARY line that first listed it.
    seen: HashMap<PathBuf, usize>,
    /// Folders of pages to their paths with links resolved.
    real_folders: HashMap<PathBuf, PathBuf>,
    diagnostics: &'a mut Diagnostics,
}

impl Loader<'_> {
    fn entry(&mut self, entry: &Entry, parent: Option<usize>) -> NavNode {
        let link = match &entry.target {
            Target::Draft => NavLink::Draft,
            Target::External(url) => NavLink::External(url.clone()),
            Target::Page(dest) => match self.page(entry, dest, parent) {
                Some(index) => NavLink::Page(index),
                None => NavLink::Draft,
            },
        };
        let own = match link {
            NavLink::Page(index) => Some(index),
            _ => parent,
        };
        let children = entry
            .children
            .iter()
            .map(|child| self.entry(child, own))
            .collect();
        NavNode::Entry {
            title: entry.title.clone(),
            link,
            children,
        }
    }

    /// The folder of `file` with its links resolved, worked out once per folder.
    fn real_folder(&mut self, file: &Path) -> std::io::Result<PathBuf> {
        let folder = file.parent().unwrap_or(file);
        if let Some(real) = self.real_folders.get(folder) {
            return Ok(real.clone());
        }
        let real = folder.canonicalize()?;
        self.real_folders.insert(folder.to_path_buf(), real.clone());
        Ok(real)
    }

    fn at_entry(&self, entry: &Entry, message: String) -> Diagnostic {
        Diagnostic::error(&self.layout.summary, message).at(entry.line, entry.column)
    }

    fn page(&mut self, entry: &Entry, dest: &str, parent: Option<usize>) -> Option<usize> {
        let path = match links::classify(&self.layout.summary, dest) {
            LinkTarget::Local { path, .. } => path,
            LinkTarget::Outside => {
                let d = self.at_entry(entry, format!("`{dest}` lies outside the source folder"));
                self.diagnostics.push(d.help(
                    "pages must be inside the folder that holds SUMMARY.md; move the file there",
                ));
                return None;
            }
            LinkTarget::SamePage { .. } | LinkTarget::External => return None,
        };
        // One `lstat` tells most pages apart: a plain file needs no more checks than its
        // folder's, which are made once per folder.
        let mut prefetched = self.prefetched.remove(&path);
        let plain_file = prefetched.is_some()
            || self
                .source
                .join(&path)
                .symlink_metadata()
                .is_ok_and(|m| m.file_type().is_file());
        let path = if !plain_file && self.source.join(&path).is_dir() {
            match index_file(&self.source.join(&path)) {
                Some(name) => path.join(name),
                None => {
                    let d = self.at_entry(entry, format!("the folder `{dest}` has no README.md"));
                    self.diagnostics
                        .push(d.help("write a README.md in that folder, or link to a page in it"));
                    return None;
                }
            }
        } else {
            path
        };
        if let Some(first) = self.seen.get(&path) {
            let d = self.at_entry(
                entry,
                format!(
                    "`{}` is listed twice (first on line {first})",
                    path.display()
                ),
            );
            self.diagnostics
                .push(d.help("list each page once; link to it from other pages instead"));
            return None;
        }
        let full = self.source.join(&path);
        let is_file = plain_file || full.is_file();
        if !is_file && full.symlink_metadata().is_ok() {
            let d = self.at_entry(
                entry,
                format!(
                    "`{}` is not a file that can be read: a link to nothing, a link that loops, or a special file",
                    path.display()
                ),
            );
            self.diagnostics
                .push(d.help("replace it with the page itself, or fix the link"));
            return None;
        }
        if !is_file {
            let d = self.at_entry(entry, format!("`{}` does not exist", path.display()));
            self.diagnostics.push(d.help(
                "create the file, fix the path in SUMMARY.md, or write `[Title]()` for a draft",
            ));
            return None;
        }
        let real = if plain_file {
            self.real_folder(&full)
                .map(|folder| folder.join(full.file_name().unwrap_or_default()))
        } else {
            full.canonicalize()
        };
        match real {
            Ok(real) if real.starts_with(&self.canonical_source) => {}
            Ok(_) => {
                let d = self.at_entry(
                    entry,
                    format!(
                        "`{}` is a link to a file outside the source folder",
                        path.display()
                    ),
                );
                self.diagnostics
                    .push(d.help("copy the file into the source folder instead of linking to it"));
                return None;
            }
            Err(e) => {
                let d = self.at_entry(entry, format!("cannot read `{}`: {e}", path.display()));
                self.diagnostics
                    .push(d.help("check the file and its links"));
                return None;
            }
        }
        self.seen.insert(path.clone(), entry.line);
        let text = match prefetched.take().unwrap_or_else(|| read_text(&full, &path)) {
            Ok(text) => text,
            Err(d) => {
                self.diagnostics.push(d);
                return None;
            }
        };
        let (front_matter, body_offset) = match frontmatter::split(&text) {
            Ok(split) => (split.front_matter, split.body_offset),
            Err(e) => {
                let (line, column) = line_column(&text, e.offset);
                self.diagnostics.push(
                    Diagnostic::error(&path, e.message)
                        .at(line, column)
                        .help(e.help),
                );
                (FrontMatter::default(), text.len())
            }
        };
        self.pages.push(Page {
            url: if path == self.layout.readme {
                String::new()
            } else {
                links::page_url(&path)
            },
            source: path,
            summary_title: entry.title.clone(),
            front_matter,
            text,
            body_offset,
            parent,
        });
        Some(self.pages.len() - 1)
    }
}

/// Reads the pages `items` list that are plain files (not links, folders or special files,
/// which the loader checks one by one), on every core: reading thousands of small files is
/// mostly waiting for the system. Keyed by the path as the loader resolves it.
fn prefetch(
    source: &Path,
    layout: &Layout,
    items: &[SummaryItem],
) -> HashMap<PathBuf, Result<String, Diagnostic>> {
    fn collect(entries: &[Entry], layout: &Layout, out: &mut Vec<PathBuf>) {
        for entry in entries {
            if let Target::Page(dest) = &entry.target
                && let LinkTarget::Local { path, .. } = links::classify(&layout.summary, dest)
            {
                out.push(path);
            }
            collect(&entry.children, layout, out);
        }
    }
    let mut paths = Vec::new();
    for item in items {
        if let SummaryItem::Entry(entry) = item {
            collect(std::slice::from_ref(entry), layout, &mut paths);
        }
    }
    crate::parallel::map(&paths, |path| {
        let full = source.join(path);
        let plain = full
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_file());
        plain.then(|| (path.clone(), read_text(&full, path)))
    })
    .into_iter()
    .flatten()
    .collect()
}

/// The page that stands for a folder: its README.md, or index.md.
pub fn index_file(folder: &Path) -> Option<&'static str> {
    ["README.md", "readme.md", "index.md"]
        .into_iter()
        .find(|name| folder.join(name).is_file())
}

/// Reads a text file, naming the line of the first byte that is not UTF-8.
pub fn read_text(full: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let cannot_read = |e: std::io::Error| {
        Diagnostic::error(shown, format!("cannot read the file: {e}"))
            .help("check that the file exists and can be read")
    };
    let file = std::fs::File::open(full).map_err(cannot_read)?;
    // Sized from the file's length, so that a page is read in one call rather than several.
    let size = file
        .metadata()
        .map_or(0, |m| m.len())
        .min(MAX_TEXT_BYTES + 1);
    let mut bytes = Vec::with_capacity(size as usize + 1);
    // Read one byte past the limit, so that a file growing while it is read is caught too.
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, MAX_TEXT_BYTES + 1),
        &mut bytes,
    )
    .map_err(cannot_read)?;
    if bytes.len() as u64 > MAX_TEXT_BYTES {
        let size = std::fs::metadata(full).map_or(bytes.len() as u64, |m| m.len());
        return Err(Diagnostic::error(
            shown,
            format!(
                "the file is {:.1} MB: playbook reads at most {} MB from a page or any other text file",
                size as f64 / 1_048_576.0,
                MAX_TEXT_BYTES / 1_048_576
            ),
        )
        .help("split it into several pages, or move large data into a file the page links to"));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
        let column = bytes[..valid]
            .iter()
            .rev()
            .take_while(|&&b| b != b'\n')
            .count()
            + 1;
        Diagnostic::error(
            shown,
            format!("the file is not UTF-8 text (byte {valid} is not valid UTF-8)"),
        )
        .at(line, column)
        .help("save the file as UTF-8 in your editor")
    })
}

fn warn_unlisted(
    source: &Path,
    summary: &Path,
    exclusions: &Exclusions,
    listed: &std::collections::HashSet<PathBuf>,
    out: &mut Diagnostics,
) {
    let walker = walkdir::WalkDir::new(source)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
            !hidden && !exclusions.excludes(e.path()) && e.file_name() != "node_modules"
        });
    for entry in walker.flatten() {
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|x| x != "md") {
            continue;
        }
        let Ok(relative) = path.strip_prefix(source) else {
            continue;
        };
        if relative == summary || listed.contains(relative) {
            continue;
        }
        out.push(
            Diagnostic::warning(
                relative,
                "this page is not listed in SUMMARY.md, so it is not published",
            )
            .help("add it to SUMMARY.md, or move it out of the source folder"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, path: &str, text: &str) {
        let full = root.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }

    fn temp() -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "playbook-book-{}-{}",
            std::process::id(),
            rand_suffix()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn rand_suffix() -> u64 {
        use std::sync::atomic::{AtomicU64, Ordering};
        static N: AtomicU64 = AtomicU64::new(0);
        N.fetch_add(1, Ordering::Relaxed)
    }

    #[test]
    fn loads_pages_in_order_with_parents() {
        let root = temp();
        write(
            &root,
            "SUMMARY.md",
            "- [Home](README.md)\n- [Sec](sec/)\n  - [Child](sec/child.md)\n- [Later]()\n",
        );
        write(&root, "README.md", "# Home\n");
        write(
            &root,
            "sec/README.md",
            "+++\ntitle = \"Section\"\n+++\nText\n",
        );
        write(&root, "sec/child.md", "# Child\n");
        write(&root, "orphan.md", "# Orphan\n");
        let mut diagnostics = Diagnostics::default();
        let book = load(&root, &Exclusions::default(), &mut diagnostics);
        let urls: Vec<&str> = book.pages.iter().map(|p| p.url.as_str()).collect();
        assert_eq!(urls, ["", "sec/", "sec/child/"]);
        assert_eq!(book.pages[2].parent, Some(1));
        assert_eq!(book.pages[1].front_matter.title.as_deref(), Some("Section"));
        assert_eq!(book.pages[1].body(), "Text\n");
        let all = diagnostics.into_sorted();
        assert_eq!(all.len(), 1, "{all:?}");
        assert_eq!(all[0].file, PathBuf::from("orphan.md"));
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn missing_duplicate_outside_and_bad_utf8_are_errors_with_lines() {
        let root = temp();
        write(
            &root,
            "SUMMARY.md",
            "- [A](a.md)\n- [Missing](missing.md)\n- [Again](a.md)\n- [Out](../../etc/passwd)\n- [Bad](bad.md)\n",
        );
        write(&root, "a.md", "# A\n");
        std::fs::write(root.join("bad.md"), b"ok\n\xff\xfe").unwrap();
        let mut diagnostics = Diagnostics::default();
        load(&root, &Exclusions::default(), &mut diagnostics);
        let all = diagnostics.into_sorted();
        let shown: Vec<String> = all.iter().map(|d| d.location()).collect();
        assert_eq!(
            shown,
            [
                "SUMMARY.md:2:1",
                "SUMMARY.md:3:1",
                "SUMMARY.md:4:1",
                "bad.md:2:1"
            ],
            "{all:#?}"
        );
        assert!(all.iter().all(Diagnostic::is_error));
        std::fs::remove_dir_all(root).unwrap();
    }
}
