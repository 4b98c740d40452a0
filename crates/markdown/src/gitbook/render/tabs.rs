//! GitBook's tabs: a set of titled panels. Each panel is a section whose title is a heading one
//! level below the heading above the set, so that it reads as one without JavaScript and in
//! print; the theme's script turns a set of them into a tab list. Each panel is noted
//! ([`Panel`]) so that the headings in it are listed with its title.

use pulldown_cmark::Event;

use super::{Located, Panel, Renderer};
use crate::gitbook::tags::{Block, Kind, Node};

impl<'p> Renderer<'p, '_> {
    pub(super) fn tabs(&mut self, block: &Block, out: &mut Vec<Located<'p>>) {
        self.tab_sets += 1;
        let set = self.tab_sets;
        let level = self.level_at(block.offset);
        let open = format!("<div class=\"tabs\" id=\"tabset-{set}\">\n");
        out.push((Event::Html(open.into()), block.offset));
        let mut number = 0;
        for child in &block.children {
            match child {
                Node::Block(tab) if tab.kind == Kind::Tab => {
                    number += 1;
                    self.tab(tab, set, number, level, out);
                }
                Node::Markdown(range) if self.page.text[range.clone()].trim().is_empty() => {}
                other => self.nodes(std::slice::from_ref(other), out),
            }
        }
        out.push((Event::Html("</div>\n".into()), block.offset));
    }

    /// A tab outside a tab set: a titled section of its own.
    pub(super) fn lone_tab(&mut self, block: &Block, out: &mut Vec<Located<'p>>) {
        self.tab_sets += 1;
        let level = self.level_at(block.offset);
        self.tab(block, self.tab_sets, 1, level, out);
    }

    /// The heading level for titles inside content at `offset`: one below the heading above.
    fn level_at(&self, offset: usize) -> u8 {
        let above = self
            .headings
            .iter()
            .take_while(|(at, _)| *at < offset)
            .last()
            .map_or(1, |(_, level)| *level);
        (above + 1).clamp(2, 6)
    }

    /// A tab panel: number `number` of set `set`, its title a heading of `level`.
    fn tab(
        &mut self,
        tab: &Block,
        set: usize,
        number: usize,
        level: u8,
        out: &mut Vec<Located<'p>>,
    ) {
        let title = tab
            .attr("title")
            .map(|a| a.value.trim().to_string())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| format!("Tab {number}"));
        let id = format!("tabset-{set}-{number}");
        let open = format!(
            "<section class=\"tab-panel\" id=\"{id}\" aria-labelledby=\"{id}-title\">\n<h{level} class=\"tab-title\" id=\"{id}-title\">"
        );
        out.push((Event::Html(open.into()), tab.offset));
        out.push((Event::Text(title.clone().into()), tab.offset));
        out.push((Event::Html(format!("</h{level}>\n").into()), tab.offset));
        let panel = self.panels.len();
        let start = out.len();
        self.panels.push(Panel {
            events: start..start,
            title,
        });
        self.nodes(&tab.children, out);
        self.panels[panel].events.end = out.len();
        out.push((Event::Html("</section>\n".into()), tab.offset));
    }
}
