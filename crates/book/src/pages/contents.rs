//! The table of contents as the loader takes it: `SUMMARY.md` read and parsed (or made from
//! the folders), entries nested too deep reported, and the home page put first when the table
//! leaves it out.

use std::path::Path;

use super::{Exclusions, Layout, folders, read_text};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::links::{self, LinkTarget};
use crate::summary::{self, Entry, Summary, SummaryItem, Target};

/// `SUMMARY.md` (or the table of contents made from the folders) read and parsed, with an error
/// for entries nested too deep; `None` when it cannot be read.
pub(super) fn read_summary(
    source: &Path,
    layout: &Layout,
    exclusions: &Exclusions,
    diagnostics: &mut Diagnostics,
) -> Option<Summary> {
    let text = if layout.from_folders {
        folders::summary_from_folders(source, &layout.summary, exclusions)
    } else {
        read_text(&source.join(&layout.summary), &layout.summary)
            .map_err(|d| diagnostics.push(d))
            .ok()?
    };
    let summary = summary::parse(&text);
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
            .help(format!(
                "move the entry up a level: {} nests at most {} levels",
                layout.summary.display(),
                summary::MAX_NESTING
            )),
        );
    }
    Some(summary)
}

/// The home page (`README.md`, or `.gitbook.yaml`'s `structure.readme`) is always the book's
/// first page, as on GitBook: when the table of contents leaves it out, it is put first.
pub(super) fn readme_first(
    summary: &mut Summary,
    source: &Path,
    real_source: &Path,
    layout: &Layout,
) {
    let readme = source.join(&layout.readme);
    if !readme.is_file() {
        return;
    }
    let listed = summary.entries().iter().any(|entry| match &entry.target {
        Target::Page(dest) => matches!(
            links::classify(&layout.summary, dest),
            LinkTarget::Local { path, .. } if path == layout.readme
        ),
        _ => false,
    });
    if !listed {
        let entry = Entry {
            title: folders::first_heading(Some(real_source), &readme)
                .unwrap_or_else(|| "Introduction".into()),
            target: Target::Page(links::slash_path(&layout.readme)),
            line: 0,
            column: 0,
            children: Vec::new(),
            listed: false,
        };
        summary.items.insert(0, SummaryItem::Entry(entry));
    }
}
