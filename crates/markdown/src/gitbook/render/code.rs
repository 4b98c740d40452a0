//! GitBook's code block: a fenced block with an optional title, numbered lines and wrapping.
//! The block inside is rendered by the page walk like any other (`crate::code`); where its
//! lines are numbered is noted for it.

use pulldown_cmark::{Event, Tag};

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
        let first = out.len();
        for child in &block.children {
            match child {
                Node::Markdown(range) => self.markdown(range.clone(), out),
                Node::Block(inner) => self.block(inner, out),
            }
        }
        if numbered {
            let starts = out[first..].iter().filter_map(|(event, offset)| {
                matches!(event, Event::Start(Tag::CodeBlock(_))).then_some(*offset)
            });
            self.numbered_code.extend(starts);
        }
        out.push((Event::Html(format!("</{tag}>\n").into()), block.offset));
    }
}
