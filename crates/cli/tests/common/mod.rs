//! Helpers the integration tests share: copying a fixture playbook and reading a folder whole.
//! Each test file uses some of them.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

/// Copies the folder `from` into `to`, made if missing.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file under `dir` but those in `skip` (links not followed), by path relative to `dir`
/// with `/` between folders, with its bytes; a link is recorded as where it points. Nothing for
/// a folder that does not exist.
pub fn files_except(dir: &Path, skip: Option<&Path>) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return out;
    }
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| skip.is_none_or(|s| e.path() != s));
    for entry in walker.flatten() {
        let rel = playbook_book::links::slash_path(entry.path().strip_prefix(dir).unwrap());
        if entry.file_type().is_symlink() {
            let to = std::fs::read_link(entry.path()).unwrap();
            out.insert(rel, format!("-> {}", to.display()).into_bytes());
        } else if entry.file_type().is_file() {
            out.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    out
}

/// Every file under `dir`: [`files_except`] with nothing skipped.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files_except(dir, None)
}
