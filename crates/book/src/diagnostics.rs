//! Problems found while building: each names the file, the line and column where known, what is
//! wrong and what to do. Errors stop the build (only what would make the site wrong or unsafe:
//! unreadable settings or pages, no table of contents, the output folder's safety). Problems in
//! the content a reader can live with (a broken link, a missing anchor or image, an unknown tag,
//! a page outside `SUMMARY.md`) are [`Severity::Problem`]s: warnings that publish, made errors
//! by `--strict` and by `playbook check`. Warnings are listed once each at the end.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; never stops a build.
    Warning,
    /// A mistake in the content: shown as a warning, an error under `--strict` and in `check`.
    Problem,
    /// The site cannot be built right.
    Error,
}

/// One problem in a source file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the playbook root where possible.
    pub file: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub column: usize,
    pub message: String,
    /// What the editor can do about it.
    pub help: Option<String>,
    /// How many more places of the same file have the same problem: a problem is reported
    /// once, at its first place, however often it is made.
    pub repeats: usize,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            help: None,
            repeats: 0,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, message)
        }
    }

    /// A mistake in the content that the site can be published with (see [`Severity::Problem`]).
    pub fn problem(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Problem,
            ..Self::error(file, message)
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The message, with how many more times the file has the same problem.
    pub fn counted_message(&self) -> String {
        match self.repeats {
            0 => self.message.clone(),
            1 => format!("{} (and once more in this file)", self.message),
            n => format!("{} (and {n} more times in this file)", self.message),
        }
    }

    /// `file:line:col` as editors and terminals link it.
    pub fn location(&self) -> String {
        let file = self.file.display();
        match (self.line, self.column) {
            (0, _) => format!("{file}"),
            (line, 0) => format!("{file}:{line}"),
            (line, column) => format!("{file}:{line}:{column}"),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning | Severity::Problem => "warning",
        };
        write!(f, "{kind}: {}: {}", self.location(), self.counted_message())?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// A build that failed: every error found, and the warnings seen on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildFailure {
    pub diagnostics: Vec<Diagnostic>,
}

impl BuildFailure {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }
}

impl fmt::Display for BuildFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for diagnostic in &self.diagnostics {
            if !first {
                writeln!(f)?;
            }
            first = false;
            write!(f, "{diagnostic}")?;
        }
        let count = self.errors().count();
        write!(
            f,
            "\n{count} error{} found; the previous output was left as it was",
            if count == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for BuildFailure {}

/// What makes two diagnostics the same problem, wherever in the file they are.
type ProblemKey = (Severity, PathBuf, String);

/// Collects diagnostics during a build, each problem once: the same problem again elsewhere in
/// the same file counts as a repeat of the first, so that a million links to one missing page
/// are one line of the report (and a bounded amount of memory).
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Where in `items` each problem is, so that collecting is linear.
    seen: std::collections::HashMap<ProblemKey, usize>,
    /// Whether content problems are errors (`--strict`, `strict = true`, `check`).
    strict: bool,
}

impl Diagnostics {
    /// Diagnostics in which content problems are errors when `strict`; those collected before
    /// are made errors too.
    pub fn with_strict(self, strict: bool) -> Self {
        let mut out = Self {
            strict,
            ..Self::default()
        };
        out.extend(self.items);
        out
    }

    pub fn push(&mut self, mut diagnostic: Diagnostic) {
        if self.strict && diagnostic.severity == Severity::Problem {
            diagnostic.severity = Severity::Error;
        }
        let key = (
            diagnostic.severity,
            diagnostic.file.clone(),
            diagnostic.message.clone(),
        );
        match self.seen.get(&key) {
            Some(&index) => {
                let first = &mut self.items[index];
                if (first.line, first.column) != (diagnostic.line, diagnostic.column)
                    || diagnostic.repeats > 0
                {
                    first.repeats += 1 + diagnostic.repeats;
                }
                if (diagnostic.line, diagnostic.column) < (first.line, first.column) {
                    (first.line, first.column) = (diagnostic.line, diagnostic.column);
                }
            }
            None => {
                self.seen.insert(key, self.items.len());
                self.items.push(diagnostic);
            }
        }
    }

    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        for d in diagnostics {
            self.push(d);
        }
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| !d.is_error())
    }

    /// Sorted by file and position so that output is the same from run to run.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.column, b.severity).cmp(&(&b.file, b.line, b.column, a.severity))
        });
        self.items
    }

    /// Turns the collected problems into a failure when any is an error.
    pub fn into_result(self) -> Result<Vec<Diagnostic>, BuildFailure> {
        let failed = self.has_errors();
        let sorted = self.into_sorted();
        if failed {
            Err(BuildFailure {
                diagnostics: sorted,
            })
        } else {
            Ok(sorted)
        }
    }
}

/// 1-based line and column of a byte offset in `text` (column counted in characters).
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Line starts of a text, for turning many offsets into lines and columns without rescanning.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset where each line starts.
    starts: Vec<usize>,
    /// The last offset asked for and its column: offsets come mostly in order, and a long line
    /// (a page of thousands of links on one line) is then not counted again for each.
    last: std::cell::Cell<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            text,
            starts,
            last: std::cell::Cell::new((0, 1)),
        }
    }

    /// 1-based line and column of a byte offset, as [`line_column`] gives them.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        let (last, last_column) = self.last.get();
        let column = if (start..=offset).contains(&last) {
            last_column + self.text[last..offset].chars().count()
        } else {
            self.text[start..offset].chars().count() + 1
        };
        self.last.set((offset, column));
        (line, column)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A path shown relative to `root` when it lies inside it.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let text = "one\ntwo é x\nthree";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 4), (2, 1));
        let x = text.find('x').unwrap();
        assert_eq!(line_column(text, x), (2, 7));
        assert_eq!(line_column(text, 10_000), (3, 6));
    }

    #[test]
    fn line_index_agrees_with_line_column() {
        let text = "one\ntwo é x\n\nthree";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                index.line_column(offset),
                line_column(text, offset),
                "{offset}"
            );
        }
        // In any order, as a page's problems may come.
        for offset in (0..=text.len()).rev().chain([3, 9, 1, 12, 4, 4, 0]) {
            assert_eq!(
                index.line_column(offset),
                line_column(text, offset),
                "{offset}"
            );
        }
    }

    #[test]
    fn display_names_location_and_help() {
        let d = Diagnostic::error("a.md", "broken").at(3, 4).help("fix it");
        assert_eq!(d.to_string(), "error: a.md:3:4: broken\n  help: fix it");
        let d = Diagnostic::warning("b.md", "odd");
        assert_eq!(d.to_string(), "warning: b.md: odd");
    }

    #[test]
    fn duplicates_are_kept_once() {
        let mut all = Diagnostics::default();
        all.push(Diagnostic::warning("a.md", "x"));
        all.push(Diagnostic::warning("a.md", "x"));
        assert_eq!(all.into_sorted().len(), 1);
    }

    #[test]
    fn the_same_problem_elsewhere_in_a_file_is_counted_not_repeated() {
        // A million links to one missing page once printed half a million errors.
        let mut all = Diagnostics::default();
        for n in (0..100_000).rev() {
            all.push(Diagnostic::error("a.md", "broken").at(n / 80 + 1, n % 80 + 1));
        }
        all.push(Diagnostic::error("a.md", "broken").at(1, 1));
        all.push(Diagnostic::error("b.md", "broken").at(1, 1));
        all.push(Diagnostic::error("a.md", "other").at(9, 1));
        let sorted = all.into_sorted();
        assert_eq!(sorted.len(), 3, "{sorted:?}");
        assert_eq!(
            (sorted[0].line, sorted[0].column, sorted[0].repeats),
            (1, 1, 99_999)
        );
        assert_eq!(
            sorted[0].to_string(),
            "error: a.md:1:1: broken (and 99999 more times in this file)"
        );
        assert_eq!(sorted[2].repeats, 0);
    }
}
