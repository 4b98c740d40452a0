//! `.gitbook.yaml`, GitBook's settings at a repository's root:
//!
//! ```yaml
//! root: ./docs/
//! structure:
//!   readme: README.md
//!   summary: SUMMARY.md
//! redirects:
//!   previous/page: new-folder/page.md
//! ```
//!
//! `root` is the folder holding the book; `structure` renames its home page and its table of
//! contents (both relative to `root`); each redirect sends an old address to a page's file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::Diagnostic;

/// The file's name.
pub const FILE: &str = ".gitbook.yaml";

/// `.gitbook.yaml`, as written.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct GitBookYaml {
    /// The folder holding the book, relative to the repository's root.
    pub root: Option<PathBuf>,
    pub structure: Structure,
    /// Old address (site-relative) to the file of the page it moved to (relative to `root`).
    pub redirects: BTreeMap<String, String>,
    /// The line each redirect is written on, for diagnostics.
    #[serde(skip)]
    pub redirect_lines: BTreeMap<String, usize>,
}

/// `structure:` in `.gitbook.yaml`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct Structure {
    /// The home page's file. Default: `README.md`.
    pub readme: Option<PathBuf>,
    /// The table of contents' file. Default: `SUMMARY.md`.
    pub summary: Option<PathBuf>,
}

impl GitBookYaml {
    /// The book's folder relative to the repository's root, when `root` names one.
    pub fn root_folder(&self) -> Option<PathBuf> {
        let root = self.root.as_deref()?;
        let relative = root.strip_prefix("/").unwrap_or(root);
        crate::links::normalise(relative).filter(|p| !p.as_os_str().is_empty())
    }
}

/// Reads `.gitbook.yaml` in `root`, when there is one.
pub fn read(root: &Path) -> Result<Option<GitBookYaml>, Diagnostic> {
    let path = root.join(FILE);
    if !path.is_file() {
        return Ok(None);
    }
    let text = crate::pages::read_text(&path, Path::new(FILE))?;
    let settings = parse(&text).map_err(|(message, line, column)| {
        Diagnostic::error(FILE, message)
            .at(line, column)
            .help("`.gitbook.yaml` takes `root`, `structure` (`readme`, `summary`) and `redirects`")
    })?;
    for (what, path) in [
        ("root", settings.root.as_deref()),
        ("structure.readme", settings.structure.readme.as_deref()),
        ("structure.summary", settings.structure.summary.as_deref()),
    ] {
        let Some(path) = path else { continue };
        let relative = path.strip_prefix("/").unwrap_or(path);
        if crate::links::normalise(relative).is_none() {
            let line = line_of(&text, what.rsplit('.').next().unwrap_or(what));
            return Err(Diagnostic::error(
                FILE,
                format!("`{what}: {}` lies outside the repository", path.display()),
            )
            .at(line, 0)
            .help("name a folder or file inside the repository"));
        }
    }
    Ok(Some(settings))
}

/// Parses the text of `.gitbook.yaml`; on failure, the message, line and column.
pub fn parse(text: &str) -> Result<GitBookYaml, (String, usize, usize)> {
    if text.trim().is_empty() {
        return Ok(GitBookYaml::default());
    }
    let mut settings: GitBookYaml = serde_norway::from_str(text).map_err(|e| {
        let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
        let message = e.to_string();
        // The location is given in the message too; keep the words only.
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_string();
        (message, line, column)
    })?;
    settings.redirect_lines = settings
        .redirects
        .keys()
        .map(|key| (key.clone(), line_of(text, key)))
        .collect();
    Ok(settings)
}

/// The first line on which `key` is written as a key (`key:`, `"key":`), 0 if not found.
fn line_of(text: &str, key: &str) -> usize {
    text.lines()
        .position(|line| {
            let line = line.trim_start();
            [
                format!("{key}:"),
                format!("\"{key}\":"),
                format!("'{key}':"),
            ]
            .iter()
            .any(|written| line.starts_with(written.as_str()))
        })
        .map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_gitbooks_keys() {
        let text = "root: ./docs/\n\nstructure:\n  readme: intro.md\n  summary: toc.md\n\nredirects:\n  old/page: new/page.md\n  'quoted': a.md\n";
        let settings = parse(text).unwrap();
        assert_eq!(settings.root_folder(), Some(PathBuf::from("docs")));
        assert_eq!(settings.structure.readme, Some(PathBuf::from("intro.md")));
        assert_eq!(settings.structure.summary, Some(PathBuf::from("toc.md")));
        assert_eq!(settings.redirects["old/page"], "new/page.md");
        assert_eq!(settings.redirect_lines["old/page"], 8);
        assert_eq!(settings.redirect_lines["quoted"], 9);
    }

    #[test]
    fn empty_and_root_only_files() {
        assert_eq!(parse("").unwrap(), GitBookYaml::default());
        assert_eq!(parse("root: ./\n").unwrap().root_folder(), None);
    }

    #[test]
    fn mistakes_name_their_line() {
        let (message, line, _) = parse("root: docs\nredirect:\n  a: b.md\n").unwrap_err();
        assert!(message.contains("redirect"), "{message}");
        assert_eq!(line, 2);
        let (_, line, _) = parse("root: [\n").unwrap_err();
        assert!(line >= 1);
    }
}
