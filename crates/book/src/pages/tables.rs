//! Tables too large to render. Every cell is a few events, an element and a slot of the search
//! text, so a page of a few megabytes of `|` once took gigabytes. Before a page is parsed, each
//! table's cells are counted in one pass over its lines, and a table of more than
//! [`MAX_TABLE_CELLS`] is shown as the text it is written in: a backslash before its delimiter
//! row (`|---|---|`) keeps it from being a table, and a problem says so.

use std::path::Path;

use crate::diagnostics::{Diagnostic, line_column};

/// The most cells one table may have: 20 columns of 5,000 rows.
pub const MAX_TABLE_CELLS: usize = 100_000;

/// Defuses the tables of `text` after `from` that have more than [`MAX_TABLE_CELLS`] cells;
/// the problems name `page` and each table's line.
pub(super) fn defuse_oversized(text: &mut String, from: usize, page: &Path) -> Vec<Diagnostic> {
    if !may_hold_oversized(&text[from..]) {
        return Vec::new();
    }
    let oversized = oversized_tables(&text[from..]);
    let mut problems = Vec::new();
    // From the last, so that the offsets before each stay right.
    for (offset, cells) in oversized.iter().rev() {
        let at = from + offset;
        let (line, column) = line_column(text, at);
        text.insert(at, '\\');
        problems.push(
            Diagnostic::problem(
                page,
                format!("this table has {cells} cells, more than the {MAX_TABLE_CELLS} a table may have: it is shown as text"),
            )
            .at(line, column)
            .help("split the table, or link to the data as a file (a CSV) instead"),
        );
    }
    problems.reverse();
    problems
}

/// Whether `text` has enough pipes and lines for a table of more than [`MAX_TABLE_CELLS`]: a
/// row holds at most one cell more than its pipes, so a page with fewer is not read line by
/// line (one quick count, for the pages every book is made of).
fn may_hold_oversized(text: &str) -> bool {
    // Every cell takes a byte at least: most pages are far too short to be counted.
    if 2 * text.len() <= MAX_TABLE_CELLS {
        return false;
    }
    let marks = text.bytes().filter(|&b| b == b'|' || b == b'\n').count();
    2 * marks > MAX_TABLE_CELLS
}

/// Where each oversized table's delimiter row starts in `text` (its first character that is
/// not a space), with its number of cells.
fn oversized_tables(text: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut offset = 0;
    let mut fence: Option<&str> = None;
    let mut table: Option<(usize, usize, usize)> = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if let Some((start, columns, cells)) = table.as_mut() {
            if trimmed.is_empty() {
                if *cells > MAX_TABLE_CELLS {
                    found.push((*start, *cells));
                }
                table = None;
            } else {
                *cells += trimmed.matches('|').count().clamp(1, *columns);
            }
        } else if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
        } else if let Some(columns) = delimiter_columns(trimmed) {
            let start = offset + (line.len() - line.trim_start().len());
            table = Some((start, columns, 2 * columns));
        }
        offset += line.len();
    }
    if let Some((start, _, cells)) = table.filter(|t| t.2 > MAX_TABLE_CELLS) {
        found.push((start, cells));
    }
    found
}

/// The number of columns a table's delimiter row (`| --- | :-: |`) gives, if `line` is one.
fn delimiter_columns(line: &str) -> Option<usize> {
    if !line.contains('|') || !line.contains('-') {
        return None;
    }
    if !line
        .chars()
        .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
    {
        return None;
    }
    let inner = line.strip_prefix('|').unwrap_or(line);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let cells = inner.split('|');
    let mut columns = 0;
    for cell in cells {
        if !cell.contains('-') {
            return None;
        }
        columns += 1;
    }
    Some(columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_rows_give_their_columns() {
        assert_eq!(delimiter_columns("| --- | :-: |"), Some(2));
        assert_eq!(delimiter_columns("---|---"), Some(2));
        assert_eq!(delimiter_columns("---"), None);
        assert_eq!(delimiter_columns("| a | - |"), None);
    }

    #[test]
    fn a_huge_table_is_shown_as_text_and_others_are_left() {
        let small = "| a | b |\n|---|---|\n| 1 | 2 |\n\n";
        let huge = format!(
            "{}|\n{}|\n{}",
            "|a".repeat(500),
            "|-".repeat(500),
            format!("{}\n", "|".repeat(500)).repeat(300)
        );
        let code = format!("```\n{huge}```\n");
        let mut text = format!("# T\n\n{small}{code}\n{huge}\nAfter.\n");
        let before = text.clone();
        let problems = defuse_oversized(&mut text, 0, Path::new("a.md"));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, 313);
        assert!(
            problems[0].message.contains("151000 cells"),
            "{}",
            problems[0].message
        );
        assert_eq!(text.len(), before.len() + 1);
        assert!(text.contains("\n\\|-|-"), "the delimiter row is escaped");
        assert!(text.contains(small));
    }
}
