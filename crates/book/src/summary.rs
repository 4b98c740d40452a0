//! Parses `SUMMARY.md`, the table of contents of a GitBook or mdBook playbook: nested bullet
//! lists of links, part headings, separators, prefix and suffix links, and draft entries.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diagnostics::LineIndex;

/// The deepest entries may nest. Deeper entries are kept at this depth, and the first of them
/// is reported by the book loader: the navigation is built and rendered as deep as it nests.
pub const MAX_NESTING: usize = 100;

/// The table of contents, in reading order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    pub items: Vec<SummaryItem>,
    /// Where the first entry nested deeper than [`MAX_NESTING`] levels stands (line, column).
    pub too_deep: Option<(usize, usize)>,
}

/// One line of the table of contents at the top level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SummaryItem {
    /// A part heading (`## Part`, or a `#` heading after the first), grouping what follows.
    Part { title: String, line: usize },
    /// A horizontal rule.
    Separator,
    /// A chapter and the chapters nested under it.
    Entry(Entry),
}

/// A chapter in the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub title: String,
    pub target: Target,
    /// Where the entry stands in `SUMMARY.md` (1-based).
    pub line: usize,
    pub column: usize,
    pub children: Vec<Entry>,
    /// A list item (mdBook's numbered chapters), not a prefix or suffix link.
    pub listed: bool,
}

/// What an entry points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A markdown file, as written in the link (relative to the source folder).
    Page(String),
    /// An address on another site.
    External(String),
    /// No link: a chapter not yet written, shown but not linked.
    Draft,
    /// No link, with entries under it: a label grouping them (GitBook writes these).
    Group,
}

impl Summary {
    /// Every entry, depth first, in reading order.
    pub fn entries(&self) -> Vec<&Entry> {
        fn walk<'a>(entry: &'a Entry, out: &mut Vec<&'a Entry>) {
            out.push(entry);
            for child in &entry.children {
                walk(child, out);
            }
        }
        let mut out = Vec::new();
        for item in &self.items {
            if let SummaryItem::Entry(entry) = item {
                walk(entry, &mut out);
            }
        }
        out
    }
}

/// An entry being read: its title text so far, and its link.
struct OpenEntry {
    title: String,
    target: Option<Target>,
    in_link: bool,
    link_done: bool,
    offset: usize,
    children: Vec<Entry>,
}

impl OpenEntry {
    fn new(offset: usize) -> Self {
        Self {
            title: String::new(),
            target: None,
            in_link: false,
            link_done: false,
            offset,
            children: Vec::new(),
        }
    }

    fn finish(self, lines: &LineIndex<'_>, listed: bool) -> Option<Entry> {
        let title = self.title.split_whitespace().collect::<Vec<_>>().join(" ");
        if title.is_empty() && self.target.is_none() {
            return None;
        }
        let (line, column) = lines.line_column(self.offset);
        Some(Entry {
            title,
            target: self.target.unwrap_or(if self.children.is_empty() {
                Target::Draft
            } else {
                Target::Group
            }),
            line,
            column,
            children: self.children,
            listed,
        })
    }
}

fn classify(dest: &str) -> Target {
    let dest = dest.trim();
    if dest.is_empty() {
        Target::Draft
    } else if dest.contains("://") || dest.starts_with("mailto:") {
        Target::External(dest.to_string())
    } else {
        Target::Page(dest.to_string())
    }
}

/// Parses the text of a `SUMMARY.md`. Never fails: anything that is not a list item, a part
/// heading, a separator or a linked paragraph is ignored, as GitBook and mdBook do.
pub fn parse(text: &str) -> Summary {
    let mut parser = SummaryParser {
        lines: LineIndex::new(text),
        items: Vec::new(),
        open: Vec::new(),
        heading: None,
        seen_heading: false,
        paragraph: None,
        too_deep: None,
    };
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        parser.event(event, range.start);
    }
    Summary {
        items: parser.items,
        too_deep: parser.too_deep,
    }
}

/// The state of [`parse`] between events.
struct SummaryParser<'t> {
    lines: LineIndex<'t>,
    items: Vec<SummaryItem>,
    /// Entries being read, innermost last: a list item opens one, its end closes it.
    open: Vec<OpenEntry>,
    /// A part heading being read, and where it starts.
    heading: Option<(String, usize)>,
    seen_heading: bool,
    /// A paragraph at the top level, which is an entry when it is a link.
    paragraph: Option<OpenEntry>,
    too_deep: Option<(usize, usize)>,
}

impl SummaryParser<'_> {
    fn event(&mut self, event: Event<'_>, offset: usize) {
        let top = self.open.is_empty();
        match event {
            Event::Start(Tag::Item) => self.start_item(offset),
            Event::End(TagEnd::Item) => self.end_item(),
            Event::Start(Tag::List(_)) => {
                // A nested list ends the parent's title.
                if let Some(parent) = self.open.last_mut() {
                    parent.link_done = true;
                }
            }
            Event::Start(Tag::Heading { level, .. }) if top => {
                self.heading = Some((String::new(), offset));
                // The first level-1 heading is the summary's own title, not a part.
                if level != HeadingLevel::H1 {
                    self.seen_heading = true;
                }
            }
            Event::End(TagEnd::Heading(level)) if top => self.end_heading(level),
            Event::Rule if top => self.items.push(SummaryItem::Separator),
            Event::Start(Tag::Paragraph) if top && self.heading.is_none() => {
                self.paragraph = Some(OpenEntry::new(offset));
            }
            Event::End(TagEnd::Paragraph) if top => self.end_paragraph(),
            Event::Start(Tag::Link { dest_url, .. }) => self.start_link(&dest_url, offset),
            Event::End(TagEnd::Link) => {
                if let Some(entry) = self.current()
                    && entry.in_link
                {
                    entry.in_link = false;
                    entry.link_done = true;
                }
            }
            Event::Text(t) | Event::Code(t) => self.text(&t),
            Event::SoftBreak | Event::HardBreak => {
                if let Some(entry) = self.current()
                    && !entry.link_done
                {
                    entry.title.push(' ');
                }
            }
            _ => {}
        }
    }

    fn start_item(&mut self, offset: usize) {
        if self.open.len() == MAX_NESTING && self.too_deep.is_none() {
            self.too_deep = Some(self.lines.line_column(offset));
        }
        self.open.push(OpenEntry::new(offset));
    }

    fn end_item(&mut self) {
        let Some(mut entry) = self.open.pop() else {
            return;
        };
        // An item without title or link passes its nested entries up, rather than losing them.
        let found = if entry.title.trim().is_empty() && entry.target.is_none() {
            std::mem::take(&mut entry.children)
        } else {
            entry.finish(&self.lines, true).into_iter().collect()
        };
        // Past the deepest level, entries join the deepest entry allowed.
        let parent = self.open.len().min(MAX_NESTING - 1).checked_sub(1);
        match parent.and_then(|at| self.open.get_mut(at)) {
            Some(parent) => parent.children.extend(found),
            None => self.items.extend(found.into_iter().map(SummaryItem::Entry)),
        }
    }

    fn end_heading(&mut self, level: HeadingLevel) {
        let Some((title, offset)) = self.heading.take() else {
            return;
        };
        let is_title = level == HeadingLevel::H1 && !self.seen_heading && self.items.is_empty();
        self.seen_heading = true;
        if !is_title && !title.trim().is_empty() {
            self.items.push(SummaryItem::Part {
                title: title.trim().to_string(),
                line: self.lines.line_column(offset).0,
            });
        }
    }

    fn end_paragraph(&mut self) {
        // A paragraph counts as a prefix or suffix chapter only when it is a link.
        if let Some(entry) = self.paragraph.take()
            && entry.target.is_some()
            && let Some(entry) = entry.finish(&self.lines, false)
        {
            self.items.push(SummaryItem::Entry(entry));
        }
    }

    fn start_link(&mut self, dest: &str, offset: usize) {
        // Prefix or suffix chapters on consecutive lines are one paragraph: each link after the
        // first is a chapter of its own, as mdBook reads them.
        if self.open.is_empty() && self.paragraph.as_ref().is_some_and(|p| p.link_done) {
            self.end_paragraph();
            self.paragraph = Some(OpenEntry::new(offset));
        }
        if let Some(entry) = self.current()
            && entry.target.is_none()
            && !entry.link_done
        {
            entry.target = Some(classify(dest));
            entry.in_link = true;
            entry.title.clear();
        }
    }

    fn text(&mut self, text: &str) {
        if let Some((title, _)) = self.heading.as_mut() {
            title.push_str(text);
        } else if let Some(entry) = self.current()
            && !entry.link_done
        {
            entry.title.push_str(text);
        }
    }

    /// The entry text and links go to: the innermost open item, else the top-level paragraph.
    fn current(&mut self) -> Option<&mut OpenEntry> {
        match self.open.last_mut() {
            Some(entry) => Some(entry),
            None => self.paragraph.as_mut(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(summary: &Summary) -> Vec<(String, usize)> {
        summary
            .entries()
            .iter()
            .map(|e| (e.title.clone(), e.line))
            .collect()
    }

    #[test]
    fn prefix_chapters_on_consecutive_lines_are_each_a_chapter() {
        let summary = parse(
            "# Summary\n\n[About](about.md)\n[Checklist](checklist.md)\n\n- [Naming](naming.md)\n",
        );
        assert_eq!(
            titles(&summary),
            [
                ("About".into(), 3),
                ("Checklist".into(), 4),
                ("Naming".into(), 6)
            ]
        );
    }

    #[test]
    fn nested_lists_parts_separators_and_drafts() {
        let text = "# Summary\n\n[Intro](README.md)\n\n## Part one\n\n* [A](a/README.md)\n  * [B](a/b.md)\n    * [C](a/b/c.md)\n  * Draft page\n* [Empty]()\n\n---\n\n# Part two\n\n- [D](d.md)\n";
        let summary = parse(text);
        assert_eq!(
            titles(&summary),
            vec![
                ("Intro".into(), 3),
                ("A".into(), 7),
                ("B".into(), 8),
                ("C".into(), 9),
                ("Draft page".into(), 10),
                ("Empty".into(), 11),
                ("D".into(), 17),
            ]
        );
        let kinds: Vec<String> = summary
            .items
            .iter()
            .map(|item| match item {
                SummaryItem::Part { title, .. } => format!("part {title}"),
                SummaryItem::Separator => "---".into(),
                SummaryItem::Entry(e) => format!("entry {}", e.title),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "entry Intro",
                "part Part one",
                "entry A",
                "entry Empty",
                "---",
                "part Part two",
                "entry D"
            ]
        );
        let entries = summary.entries();
        assert_eq!(entries[4].target, Target::Draft);
        assert_eq!(entries[5].target, Target::Draft);
        assert_eq!(entries[2].target, Target::Page("a/b.md".into()));
    }

    #[test]
    fn titles_keep_inline_code_and_drop_markup() {
        let summary = parse("- [The `calc` *command*](calc.md)\n");
        assert_eq!(summary.entries()[0].title, "The calc command");
    }

    #[test]
    fn external_links_and_encoded_paths() {
        let summary = parse("- [Site](https://example.org)\n- [Spaced](<my page.md>)\n");
        let entries = summary.entries();
        assert_eq!(
            entries[0].target,
            Target::External("https://example.org".into())
        );
        assert_eq!(entries[1].target, Target::Page("my page.md".into()));
    }

    #[test]
    fn plain_paragraphs_are_not_entries() {
        let summary = parse("# Table of contents\n\nSome words.\n\n* [A](a.md)\n");
        assert_eq!(titles(&summary), vec![("A".into(), 5)]);
        assert!(matches!(summary.items[0], SummaryItem::Entry(_)));
    }

    #[test]
    fn deep_nesting_is_read() {
        let mut text = String::new();
        for depth in 0..100 {
            text.push_str(&format!(
                "{}- [P{depth}](p{depth}.md)\n",
                "  ".repeat(depth)
            ));
        }
        assert_eq!(parse(&text).entries().len(), 100);
        assert_eq!(parse(&text).too_deep, None);
    }

    #[test]
    fn nesting_past_the_limit_is_flattened_and_located() {
        let mut text = String::from("- [Home](README.md)\n");
        for depth in 0..1000 {
            text.push_str(&format!(
                "{}- [P{depth}](p{depth}.md)\n",
                "  ".repeat(depth)
            ));
        }
        let summary = parse(&text);
        assert_eq!(summary.too_deep, Some((102, 201)));
        assert_eq!(summary.entries().len(), 1001);
        fn depth(entry: &Entry) -> usize {
            1 + entry.children.iter().map(depth).max().unwrap_or(0)
        }
        let deepest = summary
            .items
            .iter()
            .filter_map(|i| match i {
                SummaryItem::Entry(e) => Some(depth(e)),
                _ => None,
            })
            .max();
        assert_eq!(deepest, Some(MAX_NESTING));
        // Ten thousand levels in a few kilobytes: read without exhausting the stack.
        let compact = format!("{}[Deep](deep.md)\n", "- ".repeat(10_000));
        let summary = parse(&compact);
        assert_eq!(summary.too_deep, Some((1, 201)));
        assert_eq!(summary.entries().len(), 1);
    }

    #[test]
    fn an_empty_item_keeps_its_nested_entries() {
        let summary = parse("- [Home](README.md)\n-\n  - [A](a.md)\n- - [B](b.md)\n");
        assert_eq!(
            titles(&summary),
            vec![("Home".into(), 1), ("A".into(), 3), ("B".into(), 4)]
        );
    }
}
