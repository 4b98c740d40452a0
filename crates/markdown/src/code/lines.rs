//! Code cut into lines for numbering and for hidden lines. Highlighted code is HTML whose spans
//! may run over several lines (a comment, a string); each line is made whole on its own: the
//! spans open at its end are closed there and opened again at the start of the next line. Spans
//! left holding nothing by the cut are dropped.

/// The lines of `html`: highlighted code (spans and escaped text) or escaped plain code. A last
/// line with no text (what follows the final newline) is left out.
pub fn split(html: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut open: Vec<&str> = Vec::new();
    let mut line = String::new();
    let mut has_text = false;
    let mut rest = html;
    while let Some(at) = rest.find(['<', '\n']) {
        has_text |= at > 0;
        line.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix('\n') {
            for opening in open.iter().rev() {
                close(&mut line, opening);
            }
            lines.push(std::mem::take(&mut line));
            line.extend(open.iter().copied());
            has_text = false;
            rest = after;
        } else {
            let end = rest.find('>').map_or(rest.len(), |end| end + 1);
            let tag = &rest[..end];
            rest = &rest[end..];
            if !tag.starts_with("</") {
                open.push(tag);
                line.push_str(tag);
            } else if let Some(opening) = open.pop() {
                close(&mut line, opening);
            }
        }
    }
    line.push_str(rest);
    if has_text || !rest.is_empty() {
        lines.push(line);
    }
    lines
}

/// Closes the span `opening` at the end of `line`; a span holding nothing is left out instead.
fn close(line: &mut String, opening: &str) {
    if line.ends_with(opening) {
        line.truncate(line.len() - opening.len());
    } else {
        line.push_str("</span>");
    }
}

/// The lines of `html` (see [`split`]), each numbered by the theme when `numbered`, and hidden
/// where `hidden` says so (`hidden` may be empty: no line hidden).
pub fn wrap(html: &str, numbered: bool, hidden: &[bool]) -> String {
    let mut out = String::with_capacity(html.len() * 5 / 4 + 64);
    for (index, line) in split(html).iter().enumerate() {
        let hide = hidden.get(index).copied().unwrap_or(false);
        if hide {
            out.push_str("<span class=\"hidden-line\">");
        }
        if numbered {
            out.push_str("<span class=\"line\">");
            out.push_str(line);
            out.push_str("</span>");
        } else {
            out.push_str(line);
        }
        out.push('\n');
        if hide {
            out.push_str("</span>");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_over_lines_are_closed_and_opened_again() {
        let html = "<span class=\"a\">x <span class=\"b\">/* one\ntwo */</span>\ny\n</span>";
        assert_eq!(
            split(html),
            [
                "<span class=\"a\">x <span class=\"b\">/* one</span></span>",
                "<span class=\"a\"><span class=\"b\">two */</span></span>",
                "<span class=\"a\">y</span>",
            ]
        );
    }

    #[test]
    fn spans_left_empty_by_the_cut_are_left_out() {
        let html =
            "<span class=\"a\"><span class=\"c\">// x\n</span>y<span class=\"d\">\n</span></span>";
        assert_eq!(
            split(html),
            [
                "<span class=\"a\"><span class=\"c\">// x</span></span>",
                "<span class=\"a\">y</span>",
            ]
        );
    }

    #[test]
    fn empty_lines_stay_and_a_last_line_without_newline_counts() {
        assert_eq!(split("a\n\nb"), ["a", "", "b"]);
        assert_eq!(split("a&lt;\n"), ["a&lt;"]);
    }

    #[test]
    fn lines_are_numbered_and_hidden() {
        assert_eq!(
            wrap("a&lt;\nb\n", true, &[]),
            "<span class=\"line\">a&lt;</span>\n<span class=\"line\">b</span>\n"
        );
        assert_eq!(
            wrap("a\nb\n", false, &[true, false]),
            "<span class=\"hidden-line\">a\n</span>b\n"
        );
        assert_eq!(
            wrap("a\n", true, &[true]),
            "<span class=\"hidden-line\"><span class=\"line\">a</span>\n</span>"
        );
    }
}
