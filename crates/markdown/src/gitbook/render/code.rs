//! GitBook's code block: a fenced block with an optional title, numbered lines and wrapping.

use pulldown_cmark::Event;

use super::{Located, Renderer};
use crate::gitbook::tags::{Block, Node};

impl<'p> Renderer<'p, '_> {
    pub(super) fn code(&mut self, block: &Block, out: &mut Vec<Located<'p>>) {
        let flag = |name: &str| {
            block
                .attr(name)
                .is_some_and(|a| a.value.trim().eq_ignore_ascii_case("true"))
        };
        let mut class = String::from("code-card");
        let numbered = flag("lineNumbers");
        if numbered {
            class.push_str(" line-numbers");
        }
        if block
            .attr("overflow")
            .is_some_and(|a| a.value.trim() == "wrap")
        {
            class.push_str(" code-wrap");
        }
        let title = block
            .attr("title")
            .map(|a| a.value.trim())
            .filter(|t| !t.is_empty());
        let (tag, open) = match title {
            Some(_) => (
                "figure",
                format!("<figure class=\"{class}\">\n<figcaption class=\"code-title\">"),
            ),
            None => ("div", format!("<div class=\"{class}\">\n")),
        };
        out.push((Event::Html(open.into()), block.offset));
        if let Some(title) = title {
            out.push((Event::Text(title.to_string().into()), block.offset));
            out.push((Event::Html("</figcaption>\n".into()), block.offset));
        }
        for child in &block.children {
            match child {
                Node::Markdown(range) => self.markdown(range.clone(), numbered, out),
                Node::Block(inner) => self.block(inner, out),
            }
        }
        out.push((Event::Html(format!("</{tag}>\n").into()), block.offset));
    }
}

/// Code lines, each in a span the theme numbers with a CSS counter.
pub(super) fn numbered_lines(code: &str) -> String {
    let mut html = String::with_capacity(code.len() * 2);
    for line in code.strip_suffix('\n').unwrap_or(code).split('\n') {
        html.push_str("<span class=\"line\">");
        crate::escape::text(&mut html, line);
        html.push_str("</span>\n");
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_numbered_and_escaped() {
        assert_eq!(
            numbered_lines("a<\nb\n"),
            "<span class=\"line\">a&lt;</span>\n<span class=\"line\">b</span>\n"
        );
    }
}
