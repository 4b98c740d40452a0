//! A page as plain markdown, for the copy published beside its HTML (`page/index.md`): the
//! text the reader sees (mdBook's includes already in it), links to other pages pointing at
//! their copies, GitBook's tags made plain markdown (`blocks`) and each calculator block left
//! as a [`calculator_slot`] that the site fills with the calculator's inputs and built results
//! ([`fill_slots`]). It works from what rendering found (the tag tree, each link's address,
//! each calculator's fence), so the page is not parsed again; `locate` finds where those are
//! written.

mod blocks;
mod locate;

use std::ops::Range;
use std::path::Path;

use crate::gitbook::tags::Node;
use crate::page::calculator_slot;
use crate::{LinkResolver, PageSource};

/// A page's copy's file name, beside its `index.html`.
pub const FILE: &str = "index.md";

/// A link the renderer resolved to another page or a file: where it starts, its destination
/// as written and the address the copy gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyLink {
    pub offset: usize,
    pub dest: String,
    pub href: String,
}

/// What rendering noted for the copy: the links it rewrote and where each calculator block's
/// fence starts, in order.
#[derive(Debug, Default)]
pub struct Edits {
    pub links: Vec<CopyLink>,
    pub calculators: Vec<usize>,
}

/// The markdown copy of `page`, whose text is `text` and its markdown `body`, cut by its
/// GitBook tags into `nodes` (none for a page without tags).
pub fn page(
    page: &PageSource<'_>,
    resolver: &LinkResolver<'_>,
    body: Range<usize>,
    nodes: &[Node],
    edits: &Edits,
) -> String {
    let text = page.text;
    let writer = Writer {
        text,
        page: page.path,
        resolver,
        replacements: replacements(text, body.clone(), nodes, edits),
    };
    let mut out = String::with_capacity(body.len() + 64);
    if nodes.is_empty() {
        writer.markdown(body, &mut out);
    } else {
        writer.nodes(nodes, &mut out);
    }
    let mut out = defuse_tag_openers(out);
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// `text` with no `{%` left: an invisible word joiner parts `{` from `%`, as in the page's plain
/// text, so no raw tag opener reaches the output.
pub fn defuse_tag_openers(text: String) -> String {
    if text.contains("{%") {
        text.replace("{%", "{\u{2060}%")
    } else {
        text
    }
}

/// Walks the page's text, writing its markdown with the replacements made.
struct Writer<'a> {
    text: &'a str,
    /// The page's source path and what its links resolve against, for content-refs' titles.
    page: &'a Path,
    resolver: &'a LinkResolver<'a>,
    /// Ranges of the text and what stands in them, sorted, none overlapping.
    replacements: Vec<(Range<usize>, String)>,
}

impl Writer<'_> {
    fn nodes(&self, nodes: &[Node], out: &mut String) {
        for node in nodes {
            match node {
                Node::Markdown(range) => self.markdown(range.clone(), out),
                Node::Block(block) => self.block(block, out),
            }
        }
    }

    /// `range` of the text with its replacements; blank lines after a block are dropped.
    fn markdown(&self, range: Range<usize>, out: &mut String) {
        let first = self
            .replacements
            .partition_point(|(r, _)| r.start < range.start);
        let mut at = range.start;
        let push = |out: &mut String, piece: &str| {
            if out.is_empty() || out.ends_with("\n\n") {
                out.push_str(piece.trim_start_matches('\n'));
            } else {
                out.push_str(piece);
            }
        };
        for (replaced, with) in &self.replacements[first..] {
            if replaced.end > range.end {
                break;
            }
            push(out, &self.text[at..replaced.start]);
            push(out, with);
            at = replaced.end;
        }
        push(out, &self.text[at..range.end]);
    }

    /// The address the copy gives the link written in an attribute starting at `offset`.
    fn attribute_href(&self, offset: usize) -> Option<&str> {
        let at = self
            .replacements
            .binary_search_by_key(&offset, |(r, _)| r.start)
            .ok()?;
        Some(&self.replacements[at].1)
    }
}

/// The links' new addresses and the calculators' slots, by where they are written.
fn replacements(
    text: &str,
    body: Range<usize>,
    nodes: &[Node],
    edits: &Edits,
) -> Vec<(Range<usize>, String)> {
    let mut found: Vec<(Range<usize>, String)> = edits
        .links
        .iter()
        .filter_map(|link| {
            let at = locate::destination(text, body.clone(), link.offset, &link.dest)?;
            Some((at, link.href.clone()))
        })
        .collect();
    if !edits.calculators.is_empty() {
        let mut ranges = Vec::new();
        markdown_ranges(nodes, &mut ranges);
        for (number, &start) in edits.calculators.iter().enumerate() {
            let limit = ranges
                .iter()
                .find(|r| r.contains(&start))
                .map_or(body.end, |r| r.end);
            let end = locate::fence_end(text, start, limit);
            found.push((start..end, format!("{}\n", calculator_slot(number))));
        }
    }
    found.sort_by_key(|(r, _)| r.start);
    let mut kept: Vec<(Range<usize>, String)> = Vec::with_capacity(found.len());
    for (range, with) in found {
        if kept.last().is_none_or(|(last, _)| last.end <= range.start) {
            kept.push((range, with));
        }
    }
    kept
}

/// The markdown stretches of `nodes`, at any depth.
fn markdown_ranges(nodes: &[Node], out: &mut Vec<Range<usize>>) {
    for node in nodes {
        match node {
            Node::Markdown(range) => out.push(range.clone()),
            Node::Block(block) => markdown_ranges(&block.children, out),
        }
    }
}

/// `markdown` with each [`calculator_slot`] replaced by that calculator's markdown. A slot
/// inside a blockquote (a hint) gets the quote's marks on each line of what fills it.
pub fn fill_slots(markdown: &str, calculators: &[String]) -> String {
    crate::page::fill_slots_with(markdown, calculators, |out, calculator| {
        let line_start = out.rfind('\n').map_or(0, |i| i + 1);
        let prefix = out[line_start..].to_string();
        let quoted = !prefix.is_empty() && prefix.chars().all(|c| c == '>' || c == ' ');
        let text = calculator.trim_end();
        if quoted {
            push_quoted(out, text, &prefix);
        } else {
            out.push_str(text);
        }
    })
}

/// `text` after a line's `prefix` (blockquote marks): its later lines get the marks too.
fn push_quoted(out: &mut String, text: &str, prefix: &str) {
    for (number, line) in text.split('\n').enumerate() {
        if number > 0 {
            out.push('\n');
            out.push_str(if line.is_empty() {
                prefix.trim_end()
            } else {
                prefix
            });
        }
        out.push_str(line);
    }
}

#[cfg(test)]
mod tests;
