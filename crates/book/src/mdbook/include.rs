//! mdBook's page directives, replaced before the page is parsed, as mdBook's `links`
//! preprocessor replaces them: `{{#include file}}` (with a line range `file:2:10` or an anchor
//! `file:name`), `{{#rustdoc_include file}}` (the other lines kept as hidden `# ` lines),
//! `{{#playground file attrs}}` (the file as a Rust code block) and `{{#title text}}` (the page's
//! `<title>`). `\{{#…}}` is written as it stands, without the backslash. Included text is read
//! for directives too, relative to its own folder, ten files deep at most; a file included
//! inside itself (directly or through others) is a loop, said once and left as written.
//!
//! A playbook may be a stranger's: an included file must lie inside the playbook's folder once
//! links are resolved, and a page with its includes is held to the size of one text file, so
//! that a file included many times cannot fill the memory. Scanning is linear in the page.
//!
//! The page's offsets move where text is put in: [`Splices`] maps an offset in the expanded
//! text back to the page's file, so that every message still names the line the author wrote.

use std::path::{Path, PathBuf};

use super::directives::{Found, Kind, directives};
use super::lines::{self, Selection};
use crate::MAX_TEXT_BYTES;
use crate::diagnostics::{Diagnostic, line_column};
use crate::pages::read_text;

/// How deep included files may include others, as in mdBook.
const MAX_DEPTH: usize = 10;

/// Where included files are read from.
#[derive(Debug, Clone, Copy)]
pub struct Bounds<'a> {
    /// The source folder, which pages' paths are relative to.
    pub source: &'a Path,
    /// The folder included files must lie in, links resolved.
    pub root: &'a Path,
}

/// A page's text with its directives replaced.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Expansion {
    pub text: String,
    /// The file as written, and where text was put in.
    pub origin: Origin,
    /// The files read into the page, as paths on disk.
    pub included: Vec<PathBuf>,
    /// The text of `{{#title}}`.
    pub title: Option<String>,
    pub problems: Vec<Diagnostic>,
}

/// A page's file as written, for the lines of messages about its expanded text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    pub file_text: String,
    pub splices: Splices,
}

impl Origin {
    /// The 1-based line and column in the file of `offset` in the expanded text.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        line_column(&self.file_text, self.splices.original(offset))
    }
}

/// Where text was put into a page: offsets in the expanded text mapped back to the file's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Splices(Vec<Splice>);

/// One directive replaced: at `at` in the expanded text, `len` bytes stand for `source_len`
/// bytes at `source` in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Splice {
    at: usize,
    len: usize,
    source: usize,
    source_len: usize,
}

impl Splices {
    /// The offset in the page's file of `offset` in the expanded text: inside put-in text, the
    /// directive's own offset.
    pub fn original(&self, offset: usize) -> usize {
        let index = self.0.partition_point(|s| s.at <= offset);
        let Some(splice) = index.checked_sub(1).map(|i| self.0[i]) else {
            return offset;
        };
        if offset < splice.at + splice.len {
            splice.source
        } else {
            offset - (splice.at + splice.len) + splice.source + splice.source_len
        }
    }
}

/// `text` with the directives after `from` (the body's start) replaced, for the page at
/// `page` (relative to the source folder); `None` when it has none.
pub fn expand(text: &str, from: usize, page: &Path, bounds: Bounds<'_>) -> Option<Expansion> {
    if !text[from..].contains("{{") {
        return None;
    }
    let mut expander = Expander {
        page,
        bounds,
        out: Expansion::default(),
        page_text: text,
        within: bounds
            .source
            .join(page)
            .canonicalize()
            .into_iter()
            .collect(),
    };
    expander.out.text.push_str(&text[..from]);
    let folder = page.parent().unwrap_or(Path::new(""));
    expander.top(&text[from..], from, folder);
    expander.out.origin.file_text = text.to_string();
    Some(expander.out)
}

/// The expansion of one page under way.
struct Expander<'a> {
    page: &'a Path,
    bounds: Bounds<'a>,
    out: Expansion,
    /// The page's whole file, for the lines of messages.
    page_text: &'a str,
    /// The files being expanded, outermost first (links resolved): one of them included again
    /// inside itself is a loop.
    within: Vec<PathBuf>,
}

impl Expander<'_> {
    /// Expands the page's own text (at `offset` in its file), recording each splice.
    fn top(&mut self, text: &str, offset: usize, folder: &Path) {
        let mut last = 0;
        for found in directives(text) {
            self.out.text.push_str(&text[last..found.start]);
            let at = self.out.text.len();
            let source = offset + found.start;
            let replaced = self.replacement(&found, folder, source, 0);
            let replaced = replaced.unwrap_or_else(|| text[found.start..found.end].to_string());
            if !self.fits(replaced.len(), source) {
                self.out.text.push_str(&text[found.start..]);
                return;
            }
            self.out.text.push_str(&replaced);
            self.out.origin.splices.0.push(Splice {
                at,
                len: replaced.len(),
                source,
                source_len: found.end - found.start,
            });
            last = found.end;
        }
        self.out.text.push_str(&text[last..]);
    }

    /// Whether `more` bytes still keep the page within the size of one text file; if not, the
    /// problem is reported and expansion stops.
    fn fits(&mut self, more: usize, source: usize) -> bool {
        if (self.out.text.len() + more) as u64 <= MAX_TEXT_BYTES {
            return true;
        }
        let message = format!(
            "with what it includes the page would be over {} MB: the rest of it is shown without its includes",
            MAX_TEXT_BYTES / 1_048_576
        );
        self.problem(
            source,
            message,
            "include smaller parts of the files (`file:10:20` or an anchor)",
        );
        false
    }

    /// What `found` stands for, or `None` to leave it as written (a mistake, reported).
    fn replacement(
        &mut self,
        found: &Found<'_>,
        folder: &Path,
        at: usize,
        depth: usize,
    ) -> Option<String> {
        let (name, args) = match found.kind {
            Kind::Escaped(text) => return Some(text.to_string()),
            Kind::Directive { name, args } => (name, args),
        };
        match name {
            "title" => {
                if depth == 0 {
                    self.out.title = Some(args.to_string());
                }
                Some(String::new())
            }
            "include" | "rustdoc_include" | "playground" => {
                let mut words = args.split_whitespace();
                let spec = words.next()?;
                let (path, selection) = spec.split_once(':').unwrap_or((spec, ""));
                let Some(selection) = Selection::parse(selection) else {
                    let message = format!("`{spec}` names neither a line range nor an anchor");
                    self.problem(
                        at,
                        message,
                        "write `file:10:20` for lines 10 to 20, or `file:name` for an anchor",
                    );
                    return None;
                };
                let (file, real, text) = self.read(folder, path, at, depth)?;
                let taken = if name == "rustdoc_include" {
                    lines::take_hiding_rest(&text, &selection)
                } else {
                    lines::take(&text, &selection)
                };
                let Some(taken) = taken else {
                    let message =
                        format!("`{path}` has no anchor `{}`", selection_name(&selection));
                    self.problem(
                        at,
                        message,
                        "mark the lines with `ANCHOR: name` and `ANCHOR_END: name` comments",
                    );
                    return None;
                };
                let inner = file.parent().unwrap_or(Path::new("")).to_path_buf();
                self.within.push(real);
                let taken = self.nested(&taken, &inner, at, depth + 1);
                self.within.pop();
                Some(match name {
                    "playground" => playground(&taken, words),
                    _ => taken,
                })
            }
            _ => None,
        }
    }

    /// Included `text` with its own directives replaced, relative to `folder`.
    fn nested(&mut self, text: &str, folder: &Path, at: usize, depth: usize) -> String {
        let found = directives(text);
        if found.is_empty() {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for directive in found {
            out.push_str(&text[last..directive.start]);
            match self.replacement(&directive, folder, at, depth) {
                Some(replaced) => out.push_str(&replaced),
                None => out.push_str(&text[directive.start..directive.end]),
            }
            last = directive.end;
            if (self.out.text.len() + out.len()) as u64 > MAX_TEXT_BYTES {
                break;
            }
        }
        out.push_str(&text[last..]);
        out
    }

    /// Reads the file `path` names from `folder`, inside the playbook, not too deep and not
    /// already being expanded: its path as named from the source folder, on disk, and its text.
    fn read(
        &mut self,
        folder: &Path,
        path: &str,
        at: usize,
        depth: usize,
    ) -> Option<(PathBuf, PathBuf, String)> {
        if depth >= MAX_DEPTH {
            let message = format!("`{path}` is included more than {MAX_DEPTH} files deep");
            self.problem(
                at,
                message,
                "an included file probably includes itself: remove the loop",
            );
            return None;
        }
        let file = folder.join(path);
        let full = self.bounds.source.join(&file);
        let inside = full
            .canonicalize()
            .ok()
            .filter(|real| real.starts_with(self.bounds.root) && real.is_file());
        let Some(real) = inside else {
            let message = if full.exists() {
                format!("`{path}` lies outside the playbook's folder, or is not a file")
            } else {
                format!("cannot include `{path}`: there is no such file")
            };
            self.problem(
                at,
                message,
                "name a file inside the playbook, relative to this page's folder",
            );
            return None;
        };
        if self.within.contains(&real) {
            let message = format!(
                "`{path}` includes itself, directly or through the files it includes: this include is left as written"
            );
            self.problem(
                at,
                message,
                "remove the loop: a file cannot be part of itself",
            );
            return None;
        }
        match read_text(&real, &file) {
            Ok(text) => {
                self.out.included.push(real.clone());
                Some((file, real, text))
            }
            Err(e) => {
                self.problem(
                    at,
                    format!("cannot include `{path}`: {}", e.message),
                    "save the file as UTF-8 text",
                );
                None
            }
        }
    }

    /// Reports a problem at `offset` in the page's file.
    fn problem(&mut self, offset: usize, message: String, help: &str) {
        let (line, column) = line_column(self.page_text, offset);
        self.out.problems.push(
            Diagnostic::problem(self.page, message)
                .at(line, column)
                .help(help),
        );
    }
}

/// The anchor's name, for messages.
fn selection_name(selection: &Selection) -> &str {
    match selection {
        Selection::Anchor(name) => name,
        Selection::Lines(_) => "",
    }
}

/// `{{#playground}}`'s code block: Rust, with the directive's attributes in the info string.
fn playground<'w>(code: &str, attributes: impl Iterator<Item = &'w str>) -> String {
    let mut info = String::from("rust");
    for attribute in attributes {
        info.push(',');
        info.push_str(attribute);
    }
    format!("```{info}\n{code}\n```")
}

#[cfg(test)]
mod tests;
