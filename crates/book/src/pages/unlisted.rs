//! The warning for pages in the source folder that `SUMMARY.md` does not list, so are not
//! published (what `.bookignore` ignores left out).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::Exclusions;
use super::ignored::BookIgnore;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// The markdown files of `source` other than `summary`, relative to it, in name order, leaving
/// out hidden folders, `node_modules`, the excluded folders and what `.bookignore` ignores. It
/// needs nothing from the table of contents, so it is walked while the pages are read.
pub(super) fn markdown_files(
    source: &Path,
    summary: &Path,
    exclusions: &Exclusions,
) -> Vec<PathBuf> {
    let ignored = BookIgnore::read(source);
    let walker = walkdir::WalkDir::new(source)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
            !hidden
                && !exclusions.excludes(e.path())
                && e.file_name() != "node_modules"
                && !ignored.ignores(e.path(), e.file_type().is_dir())
        });
    walker
        .flatten()
        .filter(|entry| {
            entry.file_type().is_file() && entry.path().extension().is_some_and(|x| x == "md")
        })
        .filter_map(|entry| Some(entry.path().strip_prefix(source).ok()?.to_path_buf()))
        .filter(|relative| relative != summary)
        .collect()
}

/// Warns about each of `files` (from [`markdown_files`]) that is not `listed`.
pub(super) fn warn_unlisted(
    files: Vec<PathBuf>,
    summary: &Path,
    listed: &HashSet<PathBuf>,
    out: &mut Diagnostics,
) {
    for relative in files {
        if listed.contains(&relative) {
            continue;
        }
        out.push(
            Diagnostic::problem(
                relative,
                format!(
                    "this page is not listed in {}, so it is not published",
                    summary.display()
                ),
            )
            .help(format!(
                "add it to {}, or move it out of the source folder",
                summary.display()
            )),
        );
    }
}
