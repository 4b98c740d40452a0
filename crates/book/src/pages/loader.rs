//! Each `SUMMARY.md` entry resolved to its page: the path checked (inside the source folder,
//! listed once, a readable file, a folder's README.md), the file read (or taken from what was
//! read ahead) and its front matter split, and the navigation tree built on the way, its
//! chapters numbered when the book numbers them (mdBook's section labels).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::text::PageText;
use super::{Layout, NavLink, NavNode, Page, index_file, read_text};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::links::{self, LinkTarget};
use crate::mdbook::include::Bounds;
use crate::summary::{Entry, SummaryItem, Target};

pub(super) struct Loader<'a> {
    pub(super) source: &'a Path,
    pub(super) layout: &'a Layout,
    /// The pages that are plain files, read ahead on every core.
    pub(super) prefetched: HashMap<PathBuf, Result<PageText, Diagnostic>>,
    pub(super) canonical_source: PathBuf,
    pub(super) pages: Vec<Page>,
    /// Page file to the SUMMARY line that first listed it.
    pub(super) seen: HashMap<PathBuf, usize>,
    /// Folders of pages to their paths with links resolved.
    pub(super) real_folders: HashMap<PathBuf, PathBuf>,
    pub(super) diagnostics: &'a mut Diagnostics,
}

impl Loader<'_> {
    /// The sidebar of the table of contents' `items`, with their pages read. When the book
    /// numbers its chapters (mdBook's section labels), the listed entries are numbered in
    /// order, on across parts; prefix and suffix chapters are not.
    pub(super) fn nav(&mut self, items: &[SummaryItem]) -> Vec<NavNode> {
        let mut numbered = 0;
        items
            .iter()
            .map(|item| match item {
                SummaryItem::Part { title, .. } => NavNode::Part(title.clone()),
                SummaryItem::Separator => NavNode::Separator,
                SummaryItem::Entry(entry) => {
                    let number = (self.layout.section_numbers && entry.listed).then(|| {
                        numbered += 1;
                        format!("{numbered}.")
                    });
                    self.entry(entry, None, number)
                }
            })
            .collect()
    }

    /// The sidebar line of `entry` (numbered `number`, when the book numbers its chapters) and
    /// of the entries under it, with their pages read.
    fn entry(&mut self, entry: &Entry, parent: Option<usize>, number: Option<String>) -> NavNode {
        let link = match &entry.target {
            Target::Draft => NavLink::Draft,
            Target::Group => NavLink::Group,
            Target::External(url) => NavLink::External(url.clone()),
            Target::Page(dest) => match self.page(entry, dest, parent) {
                Some(index) => NavLink::Page(index),
                None => NavLink::Draft,
            },
        };
        let own = match link {
            NavLink::Page(index) => {
                self.pages[index].section_number.clone_from(&number);
                Some(index)
            }
            _ => parent,
        };
        let children = entry
            .children
            .iter()
            .enumerate()
            .map(|(n, child)| {
                let child_number = number.as_ref().map(|at| format!("{at}{}.", n + 1));
                self.entry(child, own, child_number)
            })
            .collect();
        NavNode::Entry {
            title: entry.title.clone(),
            link,
            children,
            number,
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

    /// The table of contents' file name, as messages name it.
    fn summary_name(&self) -> String {
        self.layout.summary.display().to_string()
    }

    fn at_entry(&self, entry: &Entry, message: String) -> Diagnostic {
        Diagnostic::problem(&self.layout.summary, message).at(entry.line, entry.column)
    }

    /// The page `entry` lists as `dest`, read and added to the book, or `None` (with the
    /// problem reported) when it cannot be.
    fn page(&mut self, entry: &Entry, dest: &str, parent: Option<usize>) -> Option<usize> {
        match self.try_page(entry, dest, parent) {
            Ok(index) => index,
            Err(problem) => {
                self.diagnostics.push(problem);
                None
            }
        }
    }

    fn try_page(
        &mut self,
        entry: &Entry,
        dest: &str,
        parent: Option<usize>,
    ) -> Result<Option<usize>, Diagnostic> {
        let path = match links::classify(&self.layout.summary, dest) {
            LinkTarget::Local { path, .. } => path,
            LinkTarget::Outside => {
                let d = self.at_entry(entry, format!("`{dest}` lies outside the source folder"));
                return Err(d.help(format!(
                    "pages must be inside the folder that holds {}; move the file there",
                    self.summary_name()
                )));
            }
            LinkTarget::SamePage { .. } | LinkTarget::External => return Ok(None),
        };
        // One `lstat` tells most pages apart: a plain file needs no more checks than its
        // folder's, which are made once per folder.
        let prefetched = self.prefetched.remove(&path);
        let plain_file = prefetched.is_some()
            || self
                .source
                .join(&path)
                .symlink_metadata()
                .is_ok_and(|m| m.file_type().is_file());
        let path = self.page_file(entry, dest, path, plain_file)?;
        self.check_listed_once(entry, &path)?;
        let full = self.source.join(&path);
        self.check_readable(entry, &path, &full, plain_file)?;
        self.seen.insert(path.clone(), entry.line);
        let text = match prefetched {
            Some(text) => text?,
            None => PageText::prepare(read_text(&full, &path)?, &path, self.bounds()),
        };
        Ok(Some(self.add_page(entry, path, text, parent)))
    }

    /// The file of the page at `path`: itself, or a folder's README.md.
    fn page_file(
        &self,
        entry: &Entry,
        dest: &str,
        path: PathBuf,
        plain_file: bool,
    ) -> Result<PathBuf, Diagnostic> {
        if plain_file || !self.source.join(&path).is_dir() {
            return Ok(path);
        }
        match index_file(&self.source.join(&path)) {
            Some(name) => Ok(path.join(name)),
            None => {
                let d = self.at_entry(entry, format!("the folder `{dest}` has no README.md"));
                Err(d.help("write a README.md in that folder, or link to a page in it"))
            }
        }
    }

    fn check_listed_once(&self, entry: &Entry, path: &Path) -> Result<(), Diagnostic> {
        let Some(first) = self.seen.get(path) else {
            return Ok(());
        };
        let d = self.at_entry(
            entry,
            format!(
                "`{}` is listed twice (first on line {first})",
                path.display()
            ),
        );
        Err(d.help("list each page once; link to it from other pages instead"))
    }

    /// The page must be a file that exists and, links resolved, lies inside the source folder.
    fn check_readable(
        &mut self,
        entry: &Entry,
        path: &Path,
        full: &Path,
        plain_file: bool,
    ) -> Result<(), Diagnostic> {
        let is_file = plain_file || full.is_file();
        if !is_file && full.symlink_metadata().is_ok() {
            let d = self.at_entry(
                entry,
                format!(
                    "`{}` is not a file that can be read: a link to nothing, a link that loops, or a special file",
                    path.display()
                ),
            );
            return Err(d.help("replace it with the page itself, or fix the link"));
        }
        if !is_file {
            let d = self.at_entry(entry, format!("`{}` does not exist", path.display()));
            return Err(d.help(format!(
                "create the file, fix the path in {}, or write `[Title]()` for a draft",
                self.summary_name()
            )));
        }
        let real = if plain_file {
            self.real_folder(full)
                .map(|folder| folder.join(full.file_name().unwrap_or_default()))
        } else {
            full.canonicalize()
        };
        match real {
            Ok(real) if real.starts_with(&self.canonical_source) => Ok(()),
            Ok(_) => {
                let d = self.at_entry(
                    entry,
                    format!(
                        "`{}` is a link to a file outside the source folder",
                        path.display()
                    ),
                );
                Err(d.help("copy the file into the source folder instead of linking to it"))
            }
            Err(e) => {
                let d = self.at_entry(entry, format!("cannot read `{}`: {e}", path.display()));
                Err(d.help("check the file and its links"))
            }
        }
    }

    /// Where the pages' includes may be read from.
    fn bounds(&self) -> Bounds<'_> {
        self.layout.bounds(self.source, &self.canonical_source)
    }

    /// Adds the page made ready as `text` (a mistake in its front matter is the page's
    /// problem).
    fn add_page(
        &mut self,
        entry: &Entry,
        path: PathBuf,
        text: PageText,
        parent: Option<usize>,
    ) -> usize {
        let url = if path == self.layout.readme {
            String::new()
        } else {
            links::page_url(&path)
        };
        let mut page = Page::new(path, url, entry.title.clone(), parent);
        page.take_text(text);
        self.pages.push(page);
        self.pages.len() - 1
    }
}
