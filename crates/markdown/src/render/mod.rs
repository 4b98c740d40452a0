//! Turns one page's markdown into HTML: gives headings unique ids and anchor links, rewrites
//! links and image sources to output addresses, and collects the page's table of contents,
//! search text and description on the way.
//!
//! The walk over the page's events is here: each event has its links rewritten ([`links`]) and
//! its maths turned into MathML ([`math`]; [`prices`] keeps dollar amounts text), then
//! calculator blocks, headings ([`heading`]) and code blocks ([`code_block`]) are gathered whole
//! and everything else is written as it is, its text collected for search and the description
//! ([`spaces`] tidies that text; [`tables`] writes an empty header cell as a plain one).

mod code_block;
mod heading;
mod links;
mod math;
mod mentions;
mod panels;
mod prices;
mod spaces;
mod tables;
mod without_md;

use std::cell::OnceCell;

use playbook_book::diagnostics::{Diagnostic, Diagnostics};

use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd, html};

use crate::page::{
    CalculatorBlock, LinkResolver, PageLines, PageSource, Rendered, Section, calculator_name,
    calculator_slot,
};
use crate::slug::UniqueIds;
use code_block::OpenCode;
use heading::{Alias, OpenHeading};
use mentions::{Mentions, Step};
use panels::OpenPanels;
use spaces::{collapse_spaces, push_space};

/// The most calculators one page holds: each is a form and a model run, so a page of thousands
/// (a mistake, or a stranger's attempt to slow the build) would cost seconds and megabytes.
pub const MAX_CALCULATORS: usize = 100;

/// Renders the body of `page`.
pub fn render(page: &PageSource<'_>, resolver: &LinkResolver<'_>) -> Rendered {
    match prices::guard(page.text, page.body_offset) {
        Some(text) => {
            let guarded = PageSource {
                text: &text,
                ..*page
            };
            let mut rendered = render_source(&guarded, resolver, true);
            prices::restore_text(&mut rendered.markdown);
            rendered
        }
        None => render_source(page, resolver, false),
    }
}

/// Display maths' opening, searched for in every page: built once.
static DISPLAY_MATH: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"$$"));

/// Renders `page`, whose text has dollars stood in for when `guarded` ([`prices`]).
fn render_source(page: &PageSource<'_>, resolver: &LinkResolver<'_>, guarded: bool) -> Rendered {
    let body = &page.text[page.body_offset..];
    // GitBook's block tags are rendered there; without tags this is the plain parser's output.
    let mut tagged = crate::gitbook::events(page, resolver);
    if guarded {
        prices::restore(&mut tagged.events);
    }
    if DISPLAY_MATH.find(body.as_bytes()).is_some() {
        math::settle(&mut tagged.events);
    }
    let mut state = State::new(page, resolver, tagged.events.len() + 8);
    state.problems.extend(tagged.problems);
    state.panels = OpenPanels::new(tagged.panels);
    state.numbered_code = tagged.numbered_code;
    state.numbered_code.sort_unstable();
    let nodes = std::mem::take(&mut tagged.nodes);
    let mut mentions = Mentions::default();
    for (index, (event, offset)) in tagged.events.into_iter().enumerate() {
        state.panels.at(index);
        match mentions.step(event, page.path, resolver) {
            Step::Pass(event) => state.take(event, offset),
            Step::Titled(start, title) => {
                state.take(start, offset);
                state.take(Event::Text(title.into()), offset);
            }
            Step::Skip => {}
        }
    }
    state.finish(body.len(), &nodes)
}

/// A page on its way through [`render`]: what it renders against, what is collected so far,
/// and what is being read (a heading, a calculator block, the first paragraph).
struct State<'p, 'r> {
    page: &'p PageSource<'p>,
    resolver: &'r LinkResolver<'r>,
    out: Rendered,
    ids: UniqueIds,
    /// Line starts of the page, made on the first position asked for.
    lines: OnceCell<PageLines<'p>>,
    /// The events to write as HTML; headings and calculator slots are HTML already.
    events: Vec<Event<'p>>,
    /// The heading being read.
    heading: Option<OpenHeading<'p>>,
    /// Headings' GitBook ids, placed once every heading has its own.
    aliases: Vec<Alias>,
    /// The first paragraph's text while it is read, for the page description.
    paragraph_text: Option<String>,
    /// The stretch of the page under the heading read last.
    section: Section,
    /// The calculator block being read.
    calculator: Option<CalculatorBlock>,
    /// The code block being read.
    code: Option<OpenCode<'p>>,
    /// Where the code blocks whose lines are numbered start, sorted.
    numbered_code: Vec<usize>,
    /// The tab panels the event being read is in.
    panels: OpenPanels,
    /// Whether the page has more calculator blocks than it may hold.
    calculators_overflowed: bool,
    /// What is wrong in the page, each problem once however often it is made.
    problems: Diagnostics,
    /// What the page's markdown copy changes: its links and calculator blocks.
    copy: crate::copy::Edits,
}

impl<'p, 'r> State<'p, 'r> {
    fn new(page: &'p PageSource<'p>, resolver: &'r LinkResolver<'r>, events: usize) -> Self {
        State {
            page,
            resolver,
            out: Rendered::default(),
            ids: UniqueIds::default(),
            lines: OnceCell::new(),
            events: Vec::with_capacity(events),
            heading: None,
            aliases: Vec::new(),
            paragraph_text: None,
            section: Section::default(),
            calculator: None,
            code: None,
            numbered_code: Vec::new(),
            panels: OpenPanels::default(),
            calculators_overflowed: false,
            problems: Diagnostics::default(),
            copy: crate::copy::Edits::default(),
        }
    }

    /// Takes the page's next event at `offset`, its links rewritten.
    fn take(&mut self, event: Event<'p>, offset: usize) {
        let event = self.rewrite_links(event, offset);
        self.step(event, offset);
    }

    /// The 1-based line and column of a byte offset in the page's file.
    fn position(&self, offset: usize) -> (usize, usize) {
        self.lines
            .get_or_init(|| self.page.lines())
            .line_column(offset)
    }

    /// Takes the page's next event, its links rewritten and its maths made MathML: calculator
    /// blocks, headings and code blocks are gathered whole, anything else is written as it is
    /// and its text collected.
    fn step(&mut self, event: Event<'p>, offset: usize) {
        let event = match event {
            Event::InlineMath(tex) => self.math(tex, false, offset),
            Event::DisplayMath(tex) => self.math(tex, true, offset),
            event => event,
        };
        if self.calculator.is_some() {
            self.calculator_event(event);
        } else if let Some(block) = self.calculator_opened(&event, offset) {
            self.calculator = Some(block);
        } else if self.code.is_some() {
            self.code_event(event);
        } else if self.heading.is_some() {
            self.heading_event(event);
        } else {
            match event {
                Event::Start(Tag::Heading { level, id, .. }) => {
                    self.heading = Some((level, id.map(|s| s.to_string()), Vec::new()));
                }
                Event::Start(Tag::CodeBlock(kind)) => self.code_opened(kind, offset),
                event => {
                    self.collect_text(&event);
                    self.write(event);
                }
            }
        }
    }

    /// The calculator block `event` opens, if it is the fence of one. Past
    /// [`MAX_CALCULATORS`] on a page, blocks are shown as code, with one problem.
    fn calculator_opened(&mut self, event: &Event<'_>, offset: usize) -> Option<CalculatorBlock> {
        let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = event else {
            return None;
        };
        let name = calculator_name(info)?;
        if self.out.calculators.len() >= MAX_CALCULATORS {
            if !self.calculators_overflowed {
                self.calculators_overflowed = true;
                let message = format!(
                    "a page holds at most {MAX_CALCULATORS} calculators: this one and those after it are shown as code"
                );
                let diagnostic = Diagnostic::problem(self.page.path, message);
                self.push_at(
                    offset,
                    diagnostic,
                    "split the page, or keep one calculator for each question it answers",
                );
            }
            return None;
        }
        self.copy.calculators.push(offset);
        Some(CalculatorBlock {
            name: name.to_string(),
            body: String::new(),
            line: self.position(offset).0,
        })
    }

    /// Inside a calculator block: its text is the block's body, and where it ends a slot is
    /// left for the calculator.
    fn calculator_event(&mut self, event: Event<'p>) {
        match event {
            Event::Text(text) => {
                if let Some(block) = self.calculator.as_mut() {
                    block.body.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(block) = self.calculator.take() {
                    let slot = calculator_slot(self.out.calculators.len());
                    self.out.calculators.push(block);
                    self.events.push(Event::Html(slot.into()));
                }
            }
            _ => {}
        }
    }

    /// Adds the text of `event` to the section's search text, and to the first paragraph's
    /// while that is read; blocks and line breaks part words with a space.
    fn collect_text(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(Tag::Paragraph) if self.out.first_paragraph.is_none() => {
                self.paragraph_text = Some(String::new());
            }
            Event::End(TagEnd::Paragraph) => {
                push_space(&mut self.section.text);
                if let Some(text) = self.paragraph_text.take() {
                    let text = collapse_spaces(text);
                    if !text.is_empty() {
                        self.out.first_paragraph = Some(text);
                    }
                }
            }
            Event::Text(text) | Event::Code(text) => {
                self.section.text.push_str(text);
                if let Some(p) = self.paragraph_text.as_mut() {
                    p.push_str(text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                push_space(&mut self.section.text);
                if let Some(p) = self.paragraph_text.as_mut() {
                    push_space(p);
                }
            }
            Event::End(TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock) => {
                push_space(&mut self.section.text);
            }
            _ => {}
        }
    }

    /// Queues `event` to be written; a table goes in a box of its own that scrolls sideways.
    fn write(&mut self, event: Event<'p>) {
        if let Event::Start(Tag::Table(_)) = event {
            self.events.push(Event::Html(
                "<div class=\"table-wrap\" tabindex=\"0\">".into(),
            ));
        }
        let closes_table = matches!(event, Event::End(TagEnd::Table));
        self.events.push(event);
        if closes_table {
            self.events.push(Event::Html("</div>".into()));
        }
    }

    /// Closes the last section and writes the events as HTML, with room for a body of
    /// `body_len` bytes, and the page's markdown copy from its text cut into `nodes`.
    fn finish(mut self, body_len: usize, nodes: &[crate::gitbook::tags::Node]) -> Rendered {
        let body = self.page.body_offset.min(self.page.text.len())..self.page.text.len();
        self.out.markdown = crate::copy::page(self.page, self.resolver, body, nodes, &self.copy);
        self.place_aliases();
        finish_section(&mut self.out.sections, self.section);
        let mut out = self.out;
        out.diagnostics = self.problems.into_sorted();
        out.html.reserve(body_len * 3 / 2);
        html::push_html(&mut out.html, self.events.into_iter());
        tables::empty_headers_as_cells(&mut out.html);
        crate::gitbook::escape_tag_openers(&mut out.html);
        crate::gitbook::defuse_plain_text(&mut out);
        out
    }
}

fn finish_section(sections: &mut Vec<Section>, mut section: Section) {
    section.text = collapse_spaces(std::mem::take(&mut section.text));
    if !section.text.is_empty() || !section.heading.is_empty() {
        sections.push(section);
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;

    pub(super) fn render_in(dir: &Path, path: &str, url: &str, text: &str) -> Rendered {
        let mut pages = crate::page::PathMap::default();
        pages.insert(PathBuf::from("README.md"), String::new());
        pages.insert(PathBuf::from("ops/README.md"), "ops/".to_string());
        pages.insert(PathBuf::from("ops/costs.md"), "ops/costs/".to_string());
        let resolver = LinkResolver {
            source_dir: dir,
            pages: &pages,
            titles: &crate::page::PathMap::default(),
            canonical_source: &Default::default(),
            summary: Path::new("SUMMARY.md"),
        };
        render(&PageSource::new(Path::new(path), url, text), &resolver)
    }

    /// Renders `text` as the book's front page, README.md, in the [`fixture`] folder.
    pub(super) fn render_front_page(text: &str) -> Rendered {
        render_in(fixture().path(), "README.md", "", text)
    }

    /// Each of the page's headings as listed: its id and title.
    pub(super) fn ids_and_titles(out: &Rendered) -> Vec<(&str, &str)> {
        out.headings
            .iter()
            .map(|h| (h.id.as_str(), h.title.as_str()))
            .collect()
    }

    /// A small source folder (two pages in `ops/`, an image with spaces in its name), removed
    /// when dropped.
    pub(super) fn fixture() -> tempfile::TempDir {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path();
        std::fs::create_dir_all(dir.join("ops")).unwrap();
        std::fs::create_dir_all(dir.join(".gitbook/assets")).unwrap();
        std::fs::write(dir.join("README.md"), "").unwrap();
        std::fs::write(dir.join("ops/README.md"), "").unwrap();
        std::fs::write(dir.join("ops/costs.md"), "").unwrap();
        std::fs::write(dir.join(".gitbook/assets/my chart (1).png"), "png").unwrap();
        temp
    }

    #[test]
    fn a_page_holds_at_most_so_many_calculators() {
        let block = "```calculator run-cost\nteams = 3\n```\n\n";
        let out = render_front_page(&block.repeat(MAX_CALCULATORS + 5));
        assert_eq!(out.calculators.len(), MAX_CALCULATORS);
        assert_eq!(out.diagnostics.len(), 1, "{:?}", out.diagnostics);
        assert_eq!(out.diagnostics[0].line, MAX_CALCULATORS * 4 + 1);
        assert!(
            out.html
                .contains("<code class=\"language-calculator\">teams = 3")
        );
    }

    #[test]
    fn headings_get_unique_ids_and_anchors() {
        let out = render_front_page("# Costs\n\n## Costs\n\n## Own {#mine}\n");
        let ids: Vec<&str> = out.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["costs", "costs-1", "mine"]);
        assert!(
            out.html
                .contains("<h2 id=\"costs-1\">Costs<a class=\"anchor\" href=\"#costs-1\"")
        );
        assert_eq!(out.first_heading.as_deref(), Some("Costs"));
    }

    #[test]
    fn extensions_are_on_and_tables_scroll() {
        let out = render_front_page(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ \"quoted\"\n\n- [x] done\n\nNote[^1]\n\n[^1]: A note.\n",
        );
        assert!(
            out.html
                .contains("<div class=\"table-wrap\" tabindex=\"0\"><table>")
        );
        assert!(out.html.contains("</table>\n</div>"));
        assert!(out.html.contains("<del>old</del>"));
        assert!(out.html.contains("“quoted”"));
        assert!(out.html.contains("checkbox"));
        assert!(out.html.contains("footnote"));
    }

    #[test]
    fn sections_and_description_are_collected() {
        let out = render_front_page("# Title\n\nFirst  para\ngraph.\n\n## Next\n\nMore text.\n");
        assert_eq!(out.first_paragraph.as_deref(), Some("First para graph."));
        assert_eq!(out.sections.len(), 2);
        assert_eq!(out.sections[1].id, "next");
        assert_eq!(out.sections[1].text, "More text.");
    }
}
