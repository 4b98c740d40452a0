//! mdBook's settings, `book.toml` at a book's root, read as mdBook reads them:
//!
//! ```toml
//! [book]
//! title = "Operations"
//! src = "src"
//! [output.html]
//! additional-css = ["theme/custom.css"]
//! git-repository-url = "https://github.com/example/ops"
//! edit-url-template = "https://github.com/example/ops/edit/main/{path}"
//! [output.html.redirect]
//! "/old.html" = "new.html"
//! ```
//!
//! What playbook honours becomes the same settings `playbook.toml` gives ([`MdBook::config`]);
//! the extra stylesheets and scripts and the redirects are kept here. Keys that only tune
//! mdBook's own renderer are accepted without a word; any other key, a preprocessor or another
//! renderer is named in one warning, since what it would have done does not happen. The page
//! directives (`{{#include}}` and its kin) are in [`include`].

mod directives;
pub mod include;
mod lines;
mod theme;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, line_column};

/// The file's name.
pub const FILE: &str = "book.toml";

/// `book.toml`, with what playbook takes from it.
#[derive(Debug, Clone, PartialEq)]
pub struct MdBook {
    /// `[book] title`, `description`, `language`, and `[output.html]`'s repository and edit
    /// address, as `playbook.toml` would give them.
    pub config: Config,
    /// `[output.html] additional-css`, relative to the book's root.
    pub additional_css: Vec<PathBuf>,
    /// `[output.html] additional-js`, relative to the book's root.
    pub additional_js: Vec<PathBuf>,
    /// The lines of `additional-css` and `additional-js` in `book.toml` (0: not given), for
    /// messages about the files they name.
    pub additional_lines: [usize; 2],
    /// `[output.html] site-url`: the path the site is served under, such as `/guide/`.
    pub site_url: Option<String>,
    /// `[output.html.redirect]`: old address to new, as mdBook writes them (`/old.html` to
    /// `new.html`, relative to the old page), with the line of each.
    pub redirects: Vec<Redirect>,
    /// Chapters are numbered in the sidebar (`[output.html] no-section-label` is not set).
    pub section_labels: bool,
    /// mdBook's theme folder (`[output.html] theme`, `theme` by default), relative to the root.
    pub theme_folder: PathBuf,
    /// Keys read that playbook does not use.
    pub warnings: Vec<Diagnostic>,
}

/// One of `[output.html.redirect]`'s entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    pub from: String,
    pub to: String,
    pub line: usize,
}

/// `book.toml` as written; every table keeps what it does not know, to be warned about.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct BookToml {
    book: BookTable,
    output: BTreeMap<String, toml::Value>,
    #[serde(flatten)]
    rest: BTreeMap<String, toml::Value>,
}

/// `[book]`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct BookTable {
    title: Option<String>,
    description: Option<String>,
    src: Option<PathBuf>,
    language: Option<String>,
    #[serde(flatten)]
    rest: BTreeMap<String, toml::Value>,
}

/// `[output.html]`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
struct HtmlTable {
    additional_css: Vec<PathBuf>,
    additional_js: Vec<PathBuf>,
    site_url: Option<String>,
    git_repository_url: Option<String>,
    edit_url_template: Option<String>,
    no_section_label: bool,
    redirect: BTreeMap<String, String>,
    #[serde(flatten)]
    rest: BTreeMap<String, toml::Value>,
}

/// Keys of `[book]` that say nothing playbook needs.
const QUIET_BOOK_KEYS: &[&str] = &["authors", "multilingual", "text-direction"];
/// Top-level tables mdBook has whose settings only concern its own build.
const QUIET_TABLES: &[&str] = &["build", "rust"];
/// Keys of `[output.html]` that only tune mdBook's theme, search or playground: playbook has
/// its own theme, search and maths, so ignoring them changes nothing a reader needs.
const QUIET_HTML_KEYS: &[&str] = &[
    "theme",
    "default-theme",
    "preferred-dark-theme",
    "smart-punctuation",
    "curly-quotes",
    "mathjax-support",
    "copy-fonts",
    "git-repository-icon",
    "input-404",
    "cname",
    "live-reload-endpoint",
    "hash-files",
    "fold",
    "playground",
    "code",
    "search",
    "print",
    "sidebar-header-nav",
];

impl MdBook {
    /// The folder holding `SUMMARY.md`: `[book] src`, `src` by default.
    pub fn source(&self) -> &Path {
        self.config.source.as_deref().unwrap_or(Path::new("src"))
    }
}

/// Reads `book.toml` in `root`, when there is one.
pub fn read(root: &Path) -> Result<Option<MdBook>, Diagnostic> {
    let path = root.join(FILE);
    if !path.is_file() {
        return Ok(None);
    }
    let text = crate::pages::read_settings_file(&path, Path::new(FILE))?;
    let mut book = parse(&text)?;
    book.warnings
        .extend(theme::unused_theme_files(root, &book.theme_folder));
    Ok(Some(book))
}

/// Parses `book.toml`'s text.
pub fn parse(text: &str) -> Result<MdBook, Diagnostic> {
    if let Some(offset) = crate::nesting::too_deep(text) {
        let (line, column) = line_column(text, offset);
        return Err(Diagnostic::error(FILE, crate::nesting::message())
            .at(line, column)
            .help("remove the nested brackets"));
    }
    let raw: BookToml = toml::from_str(text).map_err(|e: toml::de::Error| {
        let (line, column) = e.span().map_or((0, 0), |s| line_column(text, s.start));
        Diagnostic::error(FILE, e.message().trim().to_string())
            .at(line, column)
            .help("book.toml is TOML: see mdBook's documentation of its settings")
    })?;
    let mut unused = Vec::new();
    let mut rest = raw.rest;
    if let Some(toml::Value::Table(preprocessors)) = rest.remove("preprocessor") {
        unused.extend(
            preprocessors
                .keys()
                .map(|name| format!("preprocessor.{name}")),
        );
    }
    unused.extend(unused_keys("", &rest, QUIET_TABLES));
    unused.extend(unused_keys("book.", &raw.book.rest, QUIET_BOOK_KEYS));
    let mut output = raw.output;
    let html = match output.remove("html") {
        Some(value) => value.try_into::<HtmlTable>().map_err(|e| {
            Diagnostic::error(FILE, format!("[output.html]: {}", e.message().trim()))
                .at(table_line(text, "output.html"), 0)
                .help("see mdBook's documentation of [output.html]")
        })?,
        None => HtmlTable::default(),
    };
    unused.extend(output.keys().map(|name| format!("output.{name}")));
    unused.extend(unused_keys("output.html.", &html.rest, QUIET_HTML_KEYS));
    let redirects = html
        .redirect
        .into_iter()
        .map(|(from, to)| Redirect {
            line: key_line(text, &from),
            from,
            to,
        })
        .collect();
    let src = raw.book.src.unwrap_or_else(|| PathBuf::from("src"));
    let theme_folder = html.rest.get("theme").and_then(|v| v.as_str());
    let theme_folder = PathBuf::from(theme_folder.unwrap_or("theme"));
    Ok(MdBook {
        config: Config {
            title: raw.book.title,
            description: raw.book.description,
            language: raw.book.language,
            edit_url: html
                .edit_url_template
                .map(|t| t.replace("{path}", &format!("{}/{{path}}", slash(&src)))),
            source: Some(src),
            repository: html.git_repository_url,
            ..Config::default()
        },
        additional_css: html.additional_css,
        additional_js: html.additional_js,
        additional_lines: [
            key_line(text, "additional-css"),
            key_line(text, "additional-js"),
        ],
        site_url: html.site_url,
        redirects,
        section_labels: !html.no_section_label,
        theme_folder,
        warnings: unused_warning(text, &unused).into_iter().collect(),
    })
}

/// The keys of `table` (named with `prefix`) that are neither read nor in `quiet`.
fn unused_keys(prefix: &str, table: &BTreeMap<String, toml::Value>, quiet: &[&str]) -> Vec<String> {
    table
        .keys()
        .filter(|key| !quiet.contains(&key.as_str()))
        .map(|key| format!("{prefix}{key}"))
        .collect()
}

/// The one warning naming every key playbook does not use, at the first of them.
fn unused_warning(text: &str, unused: &[String]) -> Option<Diagnostic> {
    let first = unused.first()?;
    let preprocessors = unused.iter().any(|key| key.starts_with("preprocessor"));
    let names = unused
        .iter()
        .map(|key| format!("`{key}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let help = if preprocessors {
        "playbook runs no preprocessor or other program a book names: what they would add is not on the pages"
    } else {
        "remove them, or keep them for mdBook: playbook leaves them alone"
    };
    Some(
        Diagnostic::warning(FILE, format!("playbook does not use {names}: ignored"))
            .at(table_line(text, first), 0)
            .help(help),
    )
}

/// The line of the table or key `dotted` (such as `output.html.fold`), or 0.
fn table_line(text: &str, dotted: &str) -> usize {
    let header = format!("[{dotted}");
    let last = dotted.rsplit('.').next().unwrap_or(dotted);
    line_where(text, |line| line.starts_with(&header))
        .or_else(|| line_where(text, |line| starts_key(line, last)))
        .unwrap_or(0)
}

/// The line where the key `key` (bare or quoted) is given a value, or 0.
fn key_line(text: &str, key: &str) -> usize {
    line_where(text, |line| starts_key(line, key)).unwrap_or(0)
}

/// Whether `line` gives `key` a value.
fn starts_key(line: &str, key: &str) -> bool {
    let rest = line
        .strip_prefix(&format!("\"{key}\""))
        .or_else(|| line.strip_prefix(&format!("'{key}'")))
        .or_else(|| line.strip_prefix(key));
    rest.is_some_and(|rest| rest.trim_start().starts_with('='))
}

/// The 1-based number of the first line, trimmed, for which `matches` holds.
fn line_where(text: &str, matches: impl Fn(&str) -> bool) -> Option<usize> {
    text.lines()
        .position(|line| matches(line.trim()))
        .map(|i| i + 1)
}

/// `path` with forward slashes and no `./` or trailing slash.
fn slash(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    text.trim_start_matches("./")
        .trim_end_matches('/')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOOK: &str = r#"[book]
title = "Ops"
authors = ["A"]
description = "Running services"
src = "pages"
language = "en"

[rust]
edition = "2021"

[output.html]
additional-css = ["theme/custom.css"]
additional-js = ["theme/extra.js"]
site-url = "/ops/"
git-repository-url = "https://github.com/example/ops"
edit-url-template = "https://github.com/example/ops/edit/main/{path}"
mathjax-support = true

[output.html.fold]
enable = true

[output.html.redirect]
"/old.html" = "new.html"
"/a/b.html" = "../c.html#part"
"#;

    #[test]
    fn reads_what_playbook_honours() {
        let book = parse(BOOK).unwrap();
        assert_eq!(book.config.title.as_deref(), Some("Ops"));
        assert_eq!(book.config.description.as_deref(), Some("Running services"));
        assert_eq!(book.config.language.as_deref(), Some("en"));
        assert_eq!(book.source(), Path::new("pages"));
        assert_eq!(
            book.config.edit_url.as_deref(),
            Some("https://github.com/example/ops/edit/main/pages/{path}")
        );
        assert_eq!(
            book.config.repository.as_deref(),
            Some("https://github.com/example/ops")
        );
        assert_eq!(book.additional_css, [PathBuf::from("theme/custom.css")]);
        assert_eq!(book.additional_js, [PathBuf::from("theme/extra.js")]);
        assert!(book.additional_lines.iter().all(|&line| line > 0));
        assert_eq!(book.site_url.as_deref(), Some("/ops/"));
        let redirects: Vec<(&str, &str, usize)> = book
            .redirects
            .iter()
            .map(|r| (r.from.as_str(), r.to.as_str(), r.line))
            .collect();
        assert_eq!(
            redirects,
            [
                ("/a/b.html", "../c.html#part", 24),
                ("/old.html", "new.html", 23)
            ]
        );
        // mdBook's own theme settings (fold, mathjax) are not worth a word.
        assert!(book.warnings.is_empty(), "{:?}", book.warnings);
    }

    #[test]
    fn chapters_are_numbered_unless_no_section_label() {
        assert!(parse("[book]\n").unwrap().section_labels);
        let off = parse("[output.html]\nno-section-label = true\n").unwrap();
        assert!(!off.section_labels);
        assert!(off.warnings.is_empty(), "{:?}", off.warnings);
    }

    #[test]
    fn the_source_defaults_to_src() {
        let book = parse("[book]\ntitle = \"T\"\n").unwrap();
        assert_eq!(book.source(), Path::new("src"));
        assert_eq!(parse("").unwrap().source(), Path::new("src"));
    }

    #[test]
    fn unused_keys_are_one_warning_at_the_first() {
        let text = "[book]\ntitle = \"T\"\ntitel = \"x\"\n[preprocessor.mermaid]\ncommand = \"mdbook-mermaid\"\n[output.linkcheck]\n";
        let book = parse(text).unwrap();
        assert_eq!(book.warnings.len(), 1, "{:?}", book.warnings);
        let warning = &book.warnings[0];
        assert!(
            warning.message.contains("`preprocessor.mermaid`"),
            "{}",
            warning.message
        );
        assert!(
            warning.message.contains("`book.titel`"),
            "{}",
            warning.message
        );
        assert!(
            warning.message.contains("`output.linkcheck`"),
            "{}",
            warning.message
        );
        assert!(warning.help.as_deref().unwrap().contains("no preprocessor"));
        assert_eq!(warning.line, 4);
    }

    #[test]
    fn a_mistake_names_its_line() {
        let problem = parse("[book]\ntitle = 3\n").unwrap_err();
        assert_eq!(problem.line, 2, "{problem:?}");
        let problem = parse("[output.html]\nadditional-css = \"one.css\"\n").unwrap_err();
        assert!(problem.message.contains("output.html"), "{problem:?}");
        assert_eq!(problem.line, 1);
    }
}
