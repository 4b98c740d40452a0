//! GitBook's block tags as plain markdown, for a page's copy: a hint is a blockquote led by its
//! style in bold, each tab its title in bold over its content, a card (embed, content-ref,
//! file) a link with any caption below it, a titled code block its title over the block.

use super::Writer;
use crate::gitbook::render::cards::page_title;
use crate::gitbook::tags::{Block, Kind, Node};

impl Writer<'_> {
    pub(super) fn block(&self, block: &Block, out: &mut String) {
        let text = match block.kind {
            Kind::Hint => self.hint(block),
            Kind::Tabs => self.tabs(block),
            Kind::Tab => self.tab(block, 1),
            Kind::Embed => self.card(block, "url", |_| None),
            Kind::ContentRef => self.content_ref(block),
            Kind::File => self.card(block, "src", |dest| Some(escape(&file_name(dest)))),
            Kind::Code => match attribute(block, "title") {
                Some(title) => format!("**{}**\n\n{}", escape(title), self.content(block)),
                None => self.content(block),
            },
        };
        if text.trim().is_empty() {
            return;
        }
        while !(out.is_empty() || out.ends_with("\n\n")) {
            out.push('\n');
        }
        out.push_str(text.trim_end());
        out.push_str("\n\n");
    }

    /// The block's content as markdown, without blank lines around it.
    fn content(&self, block: &Block) -> String {
        let mut out = String::new();
        self.nodes(&block.children, &mut out);
        out.trim().to_string()
    }

    fn hint(&self, block: &Block) -> String {
        let label = match attribute(block, "style")
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("success") => "Success",
            Some("warning") => "Warning",
            Some("danger") => "Danger",
            _ => "Info",
        };
        let content = self.content(block);
        let mut out = format!("> **{label}:**");
        if !content.is_empty() {
            // The lead word in a paragraph of its own: the content may open with any block.
            out.push_str("\n>");
        }
        for line in content.lines() {
            out.push('\n');
            out.push_str(if line.is_empty() { ">" } else { "> " });
            out.push_str(line);
        }
        out
    }

    fn tabs(&self, block: &Block) -> String {
        let mut parts = Vec::new();
        let mut number = 0;
        for child in &block.children {
            match child {
                Node::Block(tab) if tab.kind == Kind::Tab => {
                    number += 1;
                    parts.push(self.tab(tab, number));
                }
                Node::Markdown(range) if self.text[range.clone()].trim().is_empty() => {}
                other => {
                    let mut out = String::new();
                    self.nodes(std::slice::from_ref(other), &mut out);
                    parts.push(out.trim().to_string());
                }
            }
        }
        parts.join("\n\n")
    }

    fn tab(&self, tab: &Block, number: usize) -> String {
        let title = attribute(tab, "title")
            .map(escape)
            .unwrap_or_else(|| format!("Tab {number}"));
        format!("**{title}**\n\n{}", self.content(tab))
    }

    /// GitBook repeats the address as a link inside the tag: the card is a link to the
    /// address titled, as on the page, by the linked page's title, or else by that link's text.
    fn content_ref(&self, block: &Block) -> String {
        let content = self.content(block);
        let title = block
            .attr("url")
            .and_then(|url| page_title(self.page, self.resolver, url.value.trim()))
            .map(|title| escape(&title))
            .or_else(|| {
                let rest = content.strip_prefix('[')?;
                rest.split_once("](").map(|(title, _)| title.to_string())
            });
        if block.attr("url").is_none_or(|a| a.value.trim().is_empty()) {
            return content;
        }
        let mut empty = block.clone();
        empty.children.clear();
        self.card(&empty, "url", |_| title.clone())
    }

    /// A card: a link to its attribute `name`, titled by its caption, by `title` of the
    /// address (markdown), or by the address; its content below. Without an address, its
    /// content alone.
    fn card(&self, block: &Block, name: &str, title: impl Fn(&str) -> Option<String>) -> String {
        let content = self.content(block);
        let Some(address) = block.attr(name).filter(|a| !a.value.trim().is_empty()) else {
            return content;
        };
        let dest = address.value.trim();
        let href = self.attribute_href(address.offset).unwrap_or(dest);
        let title = attribute(block, "caption")
            .map(escape)
            .or_else(|| title(dest))
            .unwrap_or_else(|| escape(dest));
        let link = format!("[{title}]({})", destination(href));
        if content.is_empty() {
            link
        } else {
            format!("{link}\n\n{content}")
        }
    }
}

/// The trimmed value of the block's attribute `name`, when it has one that is not empty.
fn attribute<'b>(block: &'b Block, name: &str) -> Option<&'b str> {
    block
        .attr(name)
        .map(|a| a.value.trim())
        .filter(|v| !v.is_empty())
}

/// The last part of a file's address, its name.
fn file_name(dest: &str) -> String {
    let path = dest.split(['?', '#']).next().unwrap_or(dest);
    path.rsplit('/').next().unwrap_or(path).to_string()
}

/// Text for a link's title or a bold title: brackets, stars and backslashes escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '[' | ']' | '*' | '\\' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A link destination as markdown reads it: between `<` and `>` when it holds a space or a
/// bracket.
fn destination(href: &str) -> String {
    if href.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", href.replace(['<', '>'], ""))
    } else {
        href.to_string()
    }
}
