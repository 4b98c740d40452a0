//! Turns a page's tag tree into one stream of pulldown-cmark events with their offsets in the
//! page: markdown stretches are parsed as usual, and each block tag becomes accessible HTML
//! around its content. Links written in tag attributes are emitted as link events, so the
//! markdown renderer resolves, rewrites and checks them like any other link.
//!
//! The walk over the tree and the parsing of its markdown are here; each kind of block has its
//! own module: `hint` boxes, `tabs` sets, `cards` (embeds, content-refs and files) and
//! `code` blocks.

pub(crate) mod cards;
mod code;
mod hint;
mod tabs;

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{BrokenLink, CowStr, Event, Parser};

use super::tags::{Block, Kind, Node};
use crate::{LinkResolver, PageSource};

/// A markdown event and the offset in the page it came from.
pub type Located<'a> = (Event<'a>, usize);

/// Reference definitions of the whole page, by normalised label: `(destination, title)`.
pub type RefDefs = HashMap<String, (String, String)>;

/// Normalises a link label as CommonMark compares them: case-folded, spaces collapsed.
pub fn label_key(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A tab panel among the page's events: the events of its content (its title left out) and
/// its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panel {
    pub events: Range<usize>,
    pub title: String,
}

/// What a block renders against.
pub struct Renderer<'p, 'r> {
    pub page: &'p PageSource<'p>,
    pub resolver: &'r LinkResolver<'r>,
    pub refs: RefDefs,
    /// Offsets and levels of the page's headings, in order, for the tab titles' level.
    pub headings: Vec<(usize, u8)>,
    /// Tab sets so far, for unique ids.
    pub tab_sets: usize,
    /// Hint styles that are not GitBook's, reported by the caller: (offset, style).
    pub odd_styles: Vec<(usize, String)>,
    /// The tab panels rendered so far, in the order they open.
    pub panels: Vec<Panel>,
    /// Where code blocks whose lines are numbered start (`{% code lineNumbers="true" %}`).
    pub numbered_code: Vec<usize>,
}

impl<'p> Renderer<'p, '_> {
    pub fn nodes(&mut self, nodes: &[Node], out: &mut Vec<Located<'p>>) {
        for node in nodes {
            match node {
                Node::Markdown(range) => self.markdown(range.clone(), out),
                Node::Block(block) => self.block(block, out),
            }
        }
    }

    /// Parses `range` of the page; references may be defined anywhere in the page.
    pub fn markdown(&self, range: Range<usize>, out: &mut Vec<Located<'p>>) {
        let text: &'p str = self.page.text;
        let refs = &self.refs;
        let callback = |link: BrokenLink<'p>| {
            refs.get(&label_key(&link.reference))
                .map(|(dest, title)| (CowStr::from(dest.clone()), CowStr::from(title.clone())))
        };
        let parser = Parser::new_with_broken_link_callback(
            &text[range.clone()],
            crate::options(),
            Some(callback),
        );
        out.extend(
            parser
                .into_offset_iter()
                .map(|(event, span)| (event, range.start + span.start)),
        );
    }

    fn block(&mut self, block: &Block, out: &mut Vec<Located<'p>>) {
        match block.kind {
            Kind::Hint => self.hint(block, out),
            Kind::Tabs => self.tabs(block, out),
            Kind::Tab => self.lone_tab(block, out),
            Kind::Embed => self.embed(block, out),
            Kind::ContentRef => self.content_ref(block, out),
            Kind::File => self.file(block, out),
            Kind::Code => self.code(block, out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_compare_as_commonmark_does() {
        assert_eq!(label_key("  Foo   Bar "), "foo bar");
    }
}
