//! Where things are written in a page's text, for its markdown copy: the destination of a link
//! whose start the renderer knows (inline, in a reference definition or in a GitBook tag's
//! attribute), and where a fenced code block ends.

use std::ops::Range;

/// Where the destination `dest` of the link or image starting at `offset` is written in
/// `text`: the attribute value at `offset` itself, the first `(dest`, `(<dest` after it, or
/// else the reference definition `]: dest` anywhere in `body`. `None` when it is written some
/// other way (with escapes or entities), so the copy keeps it as written. Raw HTML's `src="`
/// and `href="` are found the same way as inline links.
pub fn destination(
    text: &str,
    body: Range<usize>,
    offset: usize,
    dest: &str,
) -> Option<Range<usize>> {
    if dest.is_empty() || offset > text.len() {
        return None;
    }
    if text[offset..].starts_with(dest) && !dest.starts_with(['[', '!']) {
        return Some(offset..offset + dest.len());
    }
    let after = memchr::memmem::find_iter(&text.as_bytes()[offset..body.end], dest.as_bytes())
        .map(|at| offset + at)
        .find(|&at| opens_destination(&text[..at], false));
    after
        .or_else(|| {
            memchr::memmem::find_iter(&text.as_bytes()[body.clone()], dest.as_bytes())
                .map(|at| body.start + at)
                .find(|&at| opens_destination(&text[body.start..at], true))
        })
        .map(|at| at..at + dest.len())
}

/// Whether a destination may start after `before`: `(` or `(<` for an inline link, `="` for
/// an attribute of raw HTML, `]:` or `]:<` for a reference definition.
fn opens_destination(before: &str, definition: bool) -> bool {
    if !definition && (before.ends_with("=\"") || before.ends_with("='")) {
        return true;
    }
    let before = before.strip_suffix('<').unwrap_or(before).trim_end();
    if definition {
        before.ends_with("]:")
    } else {
        before.ends_with("](")
    }
}

/// Where the fenced code block opened at `start` ends in `text`: after its closing fence's
/// line, or at `limit` when it is not closed.
pub fn fence_end(text: &str, start: usize, limit: usize) -> usize {
    let limit = limit.min(text.len()).max(start);
    let Some(first_end) = text[start..limit].find('\n').map(|i| start + i + 1) else {
        return limit;
    };
    let opening = text[start..first_end].trim_start();
    let Some(mark) = opening.chars().next().filter(|c| matches!(c, '`' | '~')) else {
        return limit;
    };
    let length = opening.chars().take_while(|&c| c == mark).count();
    let mut at = first_end;
    while at < limit {
        let end = text[at..limit].find('\n').map_or(limit, |i| at + i + 1);
        let line = text[at..end].trim();
        let marks = line.chars().take_while(|&c| c == mark).count();
        if marks >= length && marks == line.chars().count() {
            return end;
        }
        at = end;
    }
    limit
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found<'a>(text: &'a str, offset: usize, dest: &str) -> Option<&'a str> {
        destination(text, 0..text.len(), offset, dest).map(|r| &text[r])
    }

    #[test]
    fn destinations_are_found_where_they_are_written() {
        let text = "See [a (b)](a.md) and [ref][r] and [x]( <x.md> ).\n\n[r]: ./r.md\n";
        assert_eq!(found(text, 4, "a.md"), Some("a.md"));
        let at = destination(text, 0..text.len(), 4, "a.md").unwrap();
        assert_eq!(at.start, text.find("a.md").unwrap());
        let reference = destination(text, 0..text.len(), 22, "./r.md").unwrap();
        assert_eq!(reference.start, text.rfind("./r.md").unwrap());
        assert_eq!(found(text, 35, "x.md"), Some("x.md"));
        // Escaped, it is not found and stays as written.
        assert_eq!(found("[a](a\\_b.md)", 0, "a_b.md"), None);
        // An attribute's value starts at its offset.
        assert_eq!(
            found("{% content-ref url=\"p.md\" %}", 20, "p.md"),
            Some("p.md")
        );
        // Text that only looks like it is not taken.
        assert_eq!(found("[a](b.md) a.md", 0, "a.md"), None);
    }

    #[test]
    fn fences_end_after_their_closing_line() {
        let text = "```calculator x\na = 1\n````\nafter\n";
        assert_eq!(&text[fence_end(text, 0, text.len())..], "after\n");
        let unclosed = "~~~calculator x\na = 1\n```\n";
        assert_eq!(fence_end(unclosed, 0, unclosed.len()), unclosed.len());
    }
}
