//! mdBook theme files a book carries (`theme/index.hbs`, `theme/css/general.css`, …): playbook
//! has its own theme, so they change nothing, and one warning says so rather than leaving an
//! author to wonder where their header or colours went.

use std::path::{Component, Path};

use crate::diagnostics::Diagnostic;

/// The files of mdBook's theme folder that replace its own (mdBook 0.4 and 0.5).
const THEME_FILES: &[&str] = &[
    "index.hbs",
    "head.hbs",
    "header.hbs",
    "toc.html.hbs",
    "toc.js.hbs",
    "book.js",
    "css/chrome.css",
    "css/general.css",
    "css/variables.css",
    "css/print.css",
    "highlight.css",
    "highlight.js",
    "favicon.svg",
    "favicon.png",
    "fonts/fonts.css",
];

/// The warning naming the theme files in `folder` (relative to the book's root), if any. A
/// folder that leaves the root is not looked at.
pub fn unused_theme_files(root: &Path, folder: &Path) -> Option<Diagnostic> {
    let stays_inside = folder
        .components()
        .all(|part| matches!(part, Component::Normal(_) | Component::CurDir));
    if !stays_inside {
        return None;
    }
    let found: Vec<String> = THEME_FILES
        .iter()
        .map(|name| folder.join(name))
        .filter(|path| root.join(path).symlink_metadata().is_ok())
        .map(|path| crate::links::slash_path(&path))
        .collect();
    let first = found.first()?;
    let names = found
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ");
    Some(
        Diagnostic::warning(first.as_str(), format!("mdBook's theme files are not used: {names}"))
            .help("playbook has its own theme: name extra styles in `additional-css`, or override one of playbook's templates in templates/"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_files_are_named_in_one_warning() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("theme/css")).unwrap();
        for file in [
            "theme/index.hbs",
            "theme/css/general.css",
            "theme/custom.css",
        ] {
            std::fs::write(dir.path().join(file), "x").unwrap();
        }
        let warning = unused_theme_files(dir.path(), Path::new("theme")).unwrap();
        assert_eq!(
            warning.message,
            "mdBook's theme files are not used: `theme/index.hbs`, `theme/css/general.css`"
        );
        assert_eq!(warning.file, Path::new("theme/index.hbs"));
    }

    #[test]
    fn a_book_without_theme_files_or_a_folder_outside_gets_none() {
        let dir = tempfile::tempdir().unwrap();
        assert!(unused_theme_files(dir.path(), Path::new("theme")).is_none());
        std::fs::write(dir.path().join("index.hbs"), "x").unwrap();
        let inner = dir.path().join("book");
        std::fs::create_dir(&inner).unwrap();
        assert!(unused_theme_files(&inner, Path::new("..")).is_none());
    }
}
