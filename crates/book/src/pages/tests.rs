//! Tests of loading a book: the table of contents, pages, titles and what is left out.

use super::*;
use crate::diagnostics::Severity;

/// Writes `text` to `path` under `root`, making its folders.
pub(super) fn write(root: &Path, path: &str, text: &str) {
    let full = root.join(path);
    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
    std::fs::write(full, text).unwrap();
}

/// A file `path` under `root` that is a link to a file holding `text` in a folder of its own,
/// outside `root`; the folder is removed when the returned value is dropped.
#[cfg(unix)]
pub(super) fn linked_from_outside(root: &Path, path: &str, text: &str) -> tempfile::TempDir {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("file"), text).unwrap();
    let link = root.join(path);
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(outside.path().join("file"), link).unwrap();
    outside
}

#[test]
fn loads_pages_in_order_with_parents() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    write(
        root,
        "SUMMARY.md",
        "- [Home](README.md)\n- [Sec](sec/)\n  - [Child](sec/child.md)\n- [Later]()\n",
    );
    write(root, "README.md", "# Home\n");
    write(
        root,
        "sec/README.md",
        "+++\ntitle = \"Section\"\n+++\nText\n",
    );
    write(root, "sec/child.md", "# Child\n");
    write(root, "orphan.md", "# Orphan\n");
    let mut diagnostics = Diagnostics::default();
    let book = load(root, &Exclusions::default(), &mut diagnostics);
    let urls: Vec<&str> = book.pages.iter().map(|p| p.url.as_str()).collect();
    assert_eq!(urls, ["", "sec/", "sec/child/"]);
    assert_eq!(book.pages[2].parent, Some(1));
    assert_eq!(book.pages[1].front_matter.title.as_deref(), Some("Section"));
    assert_eq!(book.pages[1].body(), "Text\n");
    let all = diagnostics.into_sorted();
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0].file, PathBuf::from("orphan.md"));
}

#[test]
fn the_readme_is_the_first_page_when_summary_leaves_it_out() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    write(root, "SUMMARY.md", "* [Why](why.md)\n");
    write(root, "README.md", "Welcome, no heading.\n");
    write(root, "why.md", "# Why\n");
    let mut diagnostics = Diagnostics::default();
    let book = load(root, &Exclusions::default(), &mut diagnostics);
    assert!(diagnostics.into_sorted().is_empty());
    let pages: Vec<(&str, &str)> = book
        .pages
        .iter()
        .map(|p| (p.url.as_str(), p.summary_title.as_str()))
        .collect();
    assert_eq!(pages, [("", "Introduction"), ("why/", "Why")]);
}

#[test]
fn missing_duplicate_outside_and_bad_utf8_are_reported_with_lines() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    write(
        root,
        "SUMMARY.md",
        "- [A](a.md)\n- [Missing](missing.md)\n- [Again](a.md)\n- [Out](../../etc/passwd)\n- [Bad](bad.md)\n",
    );
    write(root, "a.md", "# A\n");
    std::fs::write(root.join("bad.md"), b"ok\n\xff\xfe").unwrap();
    let mut diagnostics = Diagnostics::default();
    load(root, &Exclusions::default(), &mut diagnostics);
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
    // The entries are content problems (a warning that publishes); a page that is not
    // UTF-8 cannot be rendered, an error.
    let severities: Vec<Severity> = all.iter().map(|d| d.severity).collect();
    assert_eq!(
        severities,
        [
            Severity::Problem,
            Severity::Problem,
            Severity::Problem,
            Severity::Error
        ]
    );
}
