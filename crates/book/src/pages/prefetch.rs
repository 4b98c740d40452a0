//! The pages of `SUMMARY.md` that are plain files, read ahead on every core: reading thousands
//! of small files is mostly waiting for the system.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{Layout, read_text};
use crate::diagnostics::Diagnostic;
use crate::links::{self, LinkTarget};
use crate::summary::{Entry, SummaryItem, Target};

/// Reads the pages `items` list that are plain files (not links, folders or special files,
/// which the loader checks one by one), on every core: reading thousands of small files is
/// mostly waiting for the system. Keyed by the path as the loader resolves it.
pub(super) fn prefetch(
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
