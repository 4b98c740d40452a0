//! The pages of `SUMMARY.md` that are plain files inside the source folder, read ahead and made
//! ready on every core: reading thousands of small files is mostly waiting for the system.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::text::PageText;
use super::{Layout, read_text};
use crate::diagnostics::Diagnostic;
use crate::links::{self, LinkTarget};
use crate::mdbook::include::Bounds;
use crate::summary::{Entry, SummaryItem, Target};

/// What was read ahead, for the loader.
pub(super) struct ReadAhead {
    /// The pages read, keyed by the path as the loader resolves it.
    pub pages: HashMap<PathBuf, Result<PageText, Diagnostic>>,
    /// The pages' folders with their links resolved (those that could be).
    pub real_folders: HashMap<PathBuf, PathBuf>,
}

/// Reads the pages `items` list that are plain files (not links, folders or special files,
/// which the loader checks one by one) in a folder that, links resolved, lies inside
/// `canonical_source`: a page reached through a link to a folder elsewhere is never read (it
/// could be `/proc/kmsg`, which never ends). Each page is made ready with its includes read
/// within `bounds`.
pub(super) fn prefetch(
    source: &Path,
    canonical_source: &Path,
    layout: &Layout,
    items: &[SummaryItem],
    bounds: Bounds<'_>,
) -> ReadAhead {
    let paths = listed_paths(layout, items);
    let real_folders = real_folders(source, &paths);
    let read = crate::parallel::map(&paths, |path| {
        let full = source.join(path);
        let inside = real_folders
            .get(full.parent().unwrap_or(&full))
            .is_some_and(|folder| folder.starts_with(canonical_source));
        let plain = full
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_file());
        (inside && plain).then(|| {
            let text = read_text(&full, path).map(|text| PageText::prepare(text, path, bounds));
            (path.clone(), text)
        })
    });
    let mut pages = HashMap::with_capacity(read.len());
    pages.extend(read.into_iter().flatten());
    ReadAhead {
        pages,
        real_folders,
    }
}

/// Every page path `items` lists, in order.
fn listed_paths(layout: &Layout, items: &[SummaryItem]) -> Vec<PathBuf> {
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
    paths
}

/// The folders of `paths` (under `source`) with their links resolved, each worked out once.
fn real_folders(source: &Path, paths: &[PathBuf]) -> HashMap<PathBuf, PathBuf> {
    let mut folders: Vec<PathBuf> = paths
        .iter()
        .map(|path| {
            let full = source.join(path);
            full.parent().unwrap_or(&full).to_path_buf()
        })
        .collect();
    folders.sort_unstable();
    folders.dedup();
    let real = crate::parallel::map(&folders, |folder| folder.canonicalize().ok());
    folders
        .into_iter()
        .zip(real)
        .filter_map(|(folder, real)| Some((folder, real?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary;

    fn read_ahead(root: &Path, summary_text: &str) -> ReadAhead {
        let layout = Layout::default();
        let summary = summary::parse(summary_text);
        let canonical = root.canonicalize().unwrap();
        prefetch(
            root,
            &canonical,
            &layout,
            &summary.items,
            layout.bounds(root, &canonical),
        )
    }

    #[test]
    fn pages_inside_the_folder_are_read_and_made_ready() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("ops")).unwrap();
        std::fs::write(dir.path().join("ops/a.md"), "---\ntitle: A\n---\n# A\n").unwrap();
        let ahead = read_ahead(
            dir.path(),
            "# Summary\n\n- [A](ops/a.md)\n- [B](ops/b.md)\n",
        );
        let page = ahead.pages[Path::new("ops/a.md")].as_ref().unwrap();
        assert_eq!(page.front_matter.title.as_deref(), Some("A"));
        assert_eq!(&page.text[page.body_offset..], "# A\n");
        // A missing page is left for the loader, which says what is wrong with it.
        assert!(!ahead.pages.contains_key(Path::new("ops/b.md")));
        assert!(ahead.real_folders.contains_key(&dir.path().join("ops")));
    }

    #[cfg(unix)]
    #[test]
    fn a_page_through_a_link_to_a_folder_elsewhere_is_not_read() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "# Secret\n").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("elsewhere")).unwrap();
        let ahead = read_ahead(dir.path(), "# Summary\n\n- [S](elsewhere/secret.md)\n");
        assert!(ahead.pages.is_empty());
    }
}
