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
//! `.gitbook.yml` is read the same way. Read as GitBook reads it: a key it does not know, and
//! invisible characters editors leave (a byte-order mark, zero-width spaces), are warnings.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::Diagnostic;

/// The file's name; [`OTHER_FILE`] is read when it is missing.
pub const FILE: &str = ".gitbook.yaml";
/// The file's other name.
pub const OTHER_FILE: &str = ".gitbook.yml";

/// `.gitbook.yaml`, as written.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct GitBookYaml {
    /// The folder holding the book, relative to the repository's root.
    pub root: Option<PathBuf>,
    pub structure: Structure,
    /// Old address (site-relative) to the file of the page it moved to (relative to `root`).
    pub redirects: BTreeMap<String, String>,
    /// The line each redirect is written on, for diagnostics.
    #[serde(skip)]
    pub redirect_lines: BTreeMap<String, usize>,
    /// The file it was read from: [`FILE`] or [`OTHER_FILE`].
    #[serde(skip)]
    pub file: PathBuf,
    /// What reading it found worth a warning: keys it does not know, invisible characters.
    #[serde(skip)]
    pub warnings: Vec<Diagnostic>,
    /// Keys GitBook has that playbook does not use, or mistyped ones.
    #[serde(flatten)]
    unknown: BTreeMap<String, serde_norway::Value>,
}

/// `structure:` in `.gitbook.yaml`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct Structure {
    /// The home page's file. Default: `README.md`.
    pub readme: Option<PathBuf>,
    /// The table of contents' file. Default: `SUMMARY.md`.
    pub summary: Option<PathBuf>,
    #[serde(flatten)]
    unknown: BTreeMap<String, serde_norway::Value>,
}

impl GitBookYaml {
    /// The book's folder relative to the repository's root, when `root` names one.
    pub fn root_folder(&self) -> Option<PathBuf> {
        let root = self.root.as_deref()?;
        let relative = root.strip_prefix("/").unwrap_or(root);
        crate::links::normalise(relative).filter(|p| !p.as_os_str().is_empty())
    }
}

/// Reads `.gitbook.yaml` (or `.gitbook.yml`) in `root`, when there is one.
pub fn read(root: &Path) -> Result<Option<GitBookYaml>, Diagnostic> {
    let Some(name) = [FILE, OTHER_FILE]
        .into_iter()
        .find(|name| root.join(name).is_file())
    else {
        return Ok(None);
    };
    let text = crate::pages::read_settings_file(&root.join(name), Path::new(name))?;
    let (text, invisible) = without_invisible_characters(&text);
    let mut settings = parse(&text).map_err(|(message, line, column)| {
        Diagnostic::error(name, message)
            .at(line, column)
            .help("`.gitbook.yaml` takes `root`, `structure` (`readme`, `summary`) and `redirects`")
    })?;
    settings.file = PathBuf::from(name);
    settings.warnings = unknown_keys(&settings, &text);
    if let Some(line) = invisible {
        settings.warnings.push(
            Diagnostic::warning(
                name,
                "invisible characters (a byte-order mark or zero-width spaces) are ignored",
            )
            .at(line, 0)
            .help("remove them: some tools read the key they stand in as another key"),
        );
    }
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
                name,
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
    if let Some(offset) = crate::nesting::too_deep(text) {
        let (line, column) = crate::diagnostics::line_column(text, offset);
        return Err((crate::nesting::message(), line, column));
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

/// `text` without byte-order marks and zero-width characters, and the first line that had one.
fn without_invisible_characters(text: &str) -> (String, Option<usize>) {
    let invisible = |c: char| {
        matches!(
            c,
            '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}'
        )
    };
    let Some(at) = text.find(invisible) else {
        return (text.to_string(), None);
    };
    let line = text[..at].matches('\n').count() + 1;
    (text.replace(invisible, ""), Some(line))
}

/// A warning for each key playbook does not read, at its line.
fn unknown_keys(settings: &GitBookYaml, text: &str) -> Vec<Diagnostic> {
    let top = settings
        .unknown
        .keys()
        .map(|key| (key.clone(), key.clone()));
    let nested = settings
        .structure
        .unknown
        .keys()
        .map(|key| (format!("structure.{key}"), key.clone()));
    top.chain(nested)
        .map(|(shown, key)| {
            Diagnostic::warning(
                &settings.file,
                format!("`{shown}` is not a key playbook reads, so it is ignored"),
            )
            .at(line_of(text, &key), 0)
            .help("`.gitbook.yaml` takes `root`, `structure` (`readme`, `summary`) and `redirects`")
        })
        .collect()
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
        let (message, line, _) = parse("root: [\n").unwrap_err();
        assert!(line >= 1, "{message}");
        let (message, line, _) = parse("structure: 3\n").unwrap_err();
        assert_eq!(line, 1, "{message}");
    }

    fn read_from(name: &str, text: &str) -> GitBookYaml {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), text).unwrap();
        read(dir.path()).unwrap().expect("the settings are found")
    }

    #[test]
    fn unknown_keys_and_invisible_characters_are_warnings() {
        let settings = read_from(
            FILE,
            "\u{feff}root: docs\nredirect:\n  a: b.md\nstructure:\n  summary: toc.md\u{200b}\n  glossary: g.md\n",
        );
        assert_eq!(settings.root_folder(), Some(PathBuf::from("docs")));
        assert_eq!(settings.structure.summary, Some(PathBuf::from("toc.md")));
        let shown: Vec<String> = settings.warnings.iter().map(|d| d.to_string()).collect();
        assert_eq!(shown.len(), 3, "{shown:#?}");
        assert!(
            shown[0].starts_with("warning: .gitbook.yaml:2: `redirect` is not a key"),
            "{shown:#?}"
        );
        assert!(
            shown[1].starts_with("warning: .gitbook.yaml:6: `structure.glossary`"),
            "{shown:#?}"
        );
        // The byte-order mark at the start is dropped silently; the zero-width space is named.
        assert!(
            shown[2].starts_with("warning: .gitbook.yaml:5: invisible characters"),
            "{shown:#?}"
        );
    }

    #[test]
    fn the_yml_spelling_is_read_too() {
        let settings = read_from(OTHER_FILE, "root: ./book/\n");
        assert_eq!(settings.file, PathBuf::from(OTHER_FILE));
        assert_eq!(settings.root_folder(), Some(PathBuf::from("book")));
        assert!(settings.warnings.is_empty());
    }
}
