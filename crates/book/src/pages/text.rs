//! A page's text made ready to render: its front matter split off, mdBook's directives replaced
//! and markup too large to parse shown as text. Pure work on the text (and the files it
//! includes), so the read-ahead does it on every core.

use std::path::{Path, PathBuf};

use super::{density, tables};
use crate::diagnostics::{Diagnostic, line_column};
use crate::frontmatter::{self, FrontMatter};
use crate::mdbook::include::{self, Bounds, Origin};

/// What [`super::Page::set_text`] sets: the page's fields that come from its file.
#[derive(Debug, Default)]
pub(super) struct PageText {
    pub front_matter: FrontMatter,
    pub text: String,
    pub body_offset: usize,
    pub problems: Vec<Diagnostic>,
    pub origin: Option<Origin>,
    pub included: Vec<PathBuf>,
    pub html_title: Option<String>,
}

impl PageText {
    /// The text of the page file `source` made ready: front matter that cannot be read is a
    /// problem of the page, which is then shown whole, front matter included, as markdown;
    /// included files are read within `bounds`.
    pub fn prepare(text: String, source: &Path, bounds: Bounds<'_>) -> Self {
        let mut page = Self::split(text, source);
        if let Some(expansion) = include::expand(&page.text, page.body_offset, source, bounds) {
            page.text = expansion.text;
            page.origin = Some(expansion.origin);
            page.html_title = expansion.title;
            page.included = expansion.included;
            page.problems.extend(expansion.problems);
        }
        let oversized = tables::defuse_oversized(&mut page.text, page.body_offset, source);
        page.problems.extend(oversized);
        let dense = density::defuse_dense(&mut page.text, page.body_offset, source);
        page.problems.extend(dense);
        page
    }

    /// The text as written, its front matter split off.
    fn split(text: String, source: &Path) -> Self {
        let mut page = Self::default();
        match frontmatter::split(&text) {
            Ok(split) => {
                page.front_matter = split.front_matter;
                page.body_offset = split.body_offset;
            }
            Err(e) => {
                let (line, column) = line_column(&text, e.offset);
                page.problems.push(
                    Diagnostic::problem(source, e.message)
                        .at(line, column)
                        .help(e.help),
                );
            }
        }
        page.text = text;
        page
    }
}
