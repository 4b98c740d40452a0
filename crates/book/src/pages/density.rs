//! Pages too dense with markup to render. Each emphasis mark, link bracket, code tick or pipe
//! becomes a node of the parser's tree and an event or two on the way to HTML, some 300 bytes
//! in all, so 10 MB of `*a* ` once took 2.4 GB and 8 s (now 125 MB and 0.3 s). Before a page is parsed, its markup characters
//! are counted in one pass; a page with more than [`MAX_MARKUP`] is shown as the text it is
//! written in (one code block, a single text per line), and a problem says so.

use std::path::Path;

use crate::diagnostics::{Diagnostic, line_column};

/// The most markup characters one page may have: many times what a long page of prose, links
/// and tables holds; a page just under it takes about 350 MB to parse (200,000 emphasised words,
/// 400,000 marks, took 277 MB at the most).
pub const MAX_MARKUP: usize = 500_000;

/// The bytes that start or end an inline element, a table cell or an HTML tag.
fn is_markup(byte: u8) -> bool {
    matches!(
        byte,
        b'*' | b'_' | b'~' | b'`' | b'[' | b']' | b'<' | b'>' | b'!' | b'&' | b'\\' | b'$' | b'|'
    )
}

/// Shows the body of `text` after `from` as code when it holds more than [`MAX_MARKUP`]
/// markup characters; the problem names `page`.
pub(super) fn defuse_dense(text: &mut String, from: usize, page: &Path) -> Option<Diagnostic> {
    let body = &text[from..];
    if body.len() <= MAX_MARKUP {
        return None;
    }
    let marks = body.bytes().filter(|&b| is_markup(b)).count();
    if marks <= MAX_MARKUP {
        return None;
    }
    let (line, column) = line_column(text, from);
    let body = &text[from..];
    let fence = "`".repeat(longest_backtick_run(body).max(2) + 1);
    let mut shown = String::with_capacity(body.len() + 2 * fence.len() + 4);
    shown.push_str(&fence);
    shown.push('\n');
    shown.push_str(body);
    if !shown.ends_with('\n') {
        shown.push('\n');
    }
    shown.push_str(&fence);
    shown.push('\n');
    text.truncate(from);
    text.push_str(&shown);
    let message = format!(
        "this page has {marks} markup characters (such as * _ ` [ | <), more than the {MAX_MARKUP} a page may have: it is shown as text"
    );
    Some(
        Diagnostic::problem(page, message)
            .at(line, column)
            .help("split the page into several, or link to the data as a file instead"),
    )
}

fn longest_backtick_run(text: &str) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for byte in text.bytes() {
        run = if byte == b'`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_are_left_as_they_are() {
        let mut text = "# Title\n\nSome *words* and a [link](a.md).\n".repeat(20_000);
        let before = text.clone();
        assert!(defuse_dense(&mut text, 0, Path::new("a.md")).is_none());
        assert_eq!(text, before);
    }

    #[test]
    fn a_page_of_markup_is_one_code_block_with_a_problem() {
        let front = "---\ntitle: x\n---\n";
        let mut text = format!("{front}````{}", "*a* ".repeat(MAX_MARKUP / 2 + 1));
        let problem = defuse_dense(&mut text, front.len(), Path::new("a.md")).unwrap();
        assert!(problem.to_string().contains("shown as text"), "{problem}");
        assert!(text.starts_with(&format!("{front}`````\n````*a* ")));
        assert!(text.ends_with("\n`````\n"));
    }
}
