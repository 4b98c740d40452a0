//! `.bookignore` in the source folder, as GitBook reads it: patterns in the format of
//! `.gitignore` naming files and folders that are not part of the book. They are left out of a
//! table of contents made from the folders, and never reported as pages outside `SUMMARY.md`.

use std::path::Path;

use ignore::gitignore::{Gitignore, GitignoreBuilder};

/// The file's name, in the source folder.
pub const BOOKIGNORE: &str = ".bookignore";

/// The patterns of a book's `.bookignore`; nothing is ignored without one.
pub struct BookIgnore(Option<Gitignore>);

impl BookIgnore {
    /// Reads `.bookignore` in `source`. Lines that are not valid patterns are skipped, as git
    /// skips them.
    pub fn read(source: &Path) -> Self {
        let file = source.join(BOOKIGNORE);
        if !file.is_file() {
            return Self(None);
        }
        // A link leading out of the source folder is not read: nothing is ignored then.
        let Ok(text) = crate::pages::read_settings_file(&file, Path::new(BOOKIGNORE)) else {
            return Self(None);
        };
        let mut builder = GitignoreBuilder::new(source);
        for line in text.lines() {
            // A bad line is skipped; the good lines are kept.
            let _ = builder.add_line(None, line);
        }
        Self(builder.build().ok())
    }

    /// Whether `path` (inside the source folder) or a folder holding it is ignored.
    pub fn ignores(&self, path: &Path, is_dir: bool) -> bool {
        self.0.as_ref().is_some_and(|patterns| {
            patterns
                .matched_path_or_any_parents(path, is_dir)
                .is_ignore()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_ignore_files_and_folders() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(BOOKIGNORE), "# drafts\ndrafts/\n*.tmp.md\n").unwrap();
        let ignored = BookIgnore::read(dir.path());
        assert!(ignored.ignores(&dir.path().join("drafts/a.md"), false));
        assert!(ignored.ignores(&dir.path().join("drafts"), true));
        assert!(ignored.ignores(&dir.path().join("x.tmp.md"), false));
        assert!(!ignored.ignores(&dir.path().join("guide/a.md"), false));
        let none = BookIgnore::read(&dir.path().join("nowhere"));
        assert!(!none.ignores(&dir.path().join("drafts/a.md"), false));
    }

    #[cfg(unix)]
    #[test]
    fn a_bookignore_linked_from_outside_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let _outside = super::super::tests::linked_from_outside(
            dir.path(),
            BOOKIGNORE,
            "drafts/
",
        );
        let ignored = BookIgnore::read(dir.path());
        assert!(!ignored.ignores(&dir.path().join("drafts"), true));
    }
}
