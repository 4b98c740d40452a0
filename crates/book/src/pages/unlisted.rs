//! The warning for pages in the source folder that `SUMMARY.md` does not list, so are not
//! published (what `.bookignore` ignores left out).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::Exclusions;
use super::ignored::BookIgnore;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Warns about each markdown file of `source` that is not `summary` and not `listed`, leaving
/// out hidden folders, `node_modules` and the excluded folders.
pub(super) fn warn_unlisted(
    source: &Path,
    summary: &Path,
    exclusions: &Exclusions,
    listed: &HashSet<PathBuf>,
    out: &mut Diagnostics,
) {
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
