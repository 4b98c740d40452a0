//! Turns one page's markdown into HTML: gives headings unique ids and anchor links, rewrites
//! links and image sources to output addresses, and collects the page's table of contents,
//! search text and description on the way.

use std::path::Path;

use playbook_book::diagnostics::{Diagnostic, LineIndex};
use playbook_book::links::{self, LinkTarget};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd, html};

use crate::page::{
    CalculatorBlock, Heading, LinkResolver, PageLink, PageSource, Rendered, Section,
    calculator_name, calculator_slot,
};
use crate::slug::{UniqueIds, slugify};

/// Renders the body of `page`.
pub fn render(page: &PageSource<'_>, resolver: &LinkResolver<'_>) -> Rendered {
    let body = &page.text[page.body_offset..];
    let mut state = State {
        page,
        resolver,
        out: Rendered::default(),
        ids: UniqueIds::default(),
        lines: std::cell::OnceCell::new(),
    };
    // GitBook's block tags are rendered there; without tags this is the plain parser's output.
    let (parser, tag_problems) = crate::gitbook::events(page, resolver);
    state.out.diagnostics.extend(tag_problems);
    let mut events: Vec<Event<'_>> = Vec::with_capacity(parser.len() + 8);
    let mut heading: Option<(HeadingLevel, Option<String>, Vec<Event<'_>>)> = None;
    let mut paragraph_text: Option<String> = None;
    let mut section = Section::default();
    let mut calculator: Option<CalculatorBlock> = None;

    for (event, offset) in parser {
        let event = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: state.rewrite(&dest_url, offset, LinkKind::Link),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: state.rewrite(&dest_url, offset, LinkKind::Image),
                title,
                id,
            }),
            Event::Html(raw) => Event::Html(state.rewrite_html(&raw, offset)),
            Event::InlineHtml(raw) => Event::InlineHtml(state.rewrite_html(&raw, offset)),
            other => other,
        };
        if let Some(block) = calculator.as_mut() {
            match event {
                Event::Text(text) => block.body.push_str(&text),
                Event::End(TagEnd::CodeBlock) => {
                    let block = calculator.take().expect("inside a calculator block");
                    let slot = calculator_slot(state.out.calculators.len());
                    state.out.calculators.push(block);
                    events.push(Event::Html(slot.into()));
                }
                _ => {}
            }
            continue;
        }
        if let Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(info))) = &event
            && let Some(name) = calculator_name(info)
        {
            calculator = Some(CalculatorBlock {
                name: name.to_string(),
                body: String::new(),
                line: state.position(offset).0,
            });
            continue;
        }
        if let Some((_, _, inner)) = heading.as_mut() {
            if let Event::End(TagEnd::Heading(_)) = event {
                let (level, id, inner) = heading.take().expect("inside a heading");
                let html = state.heading(level, id, inner, &mut section);
                events.push(Event::Html(html.into()));
            } else {
                inner.push(event);
            }
            continue;
        }
        match &event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((*level, id.as_ref().map(|s| s.to_string()), Vec::new()));
                continue;
            }
            Event::Start(Tag::Paragraph) if state.out.first_paragraph.is_none() => {
                paragraph_text = Some(String::new());
            }
            Event::End(TagEnd::Paragraph) => {
                push_space(&mut section.text);
                if let Some(text) = paragraph_text.take() {
                    let text = collapse_spaces(text);
                    if !text.is_empty() {
                        state.out.first_paragraph = Some(text);
                    }
                }
            }
            Event::Start(Tag::Table(_)) => {
                events.push(Event::Html(
                    "<div class=\"table-wrap\" tabindex=\"0\">".into(),
                ));
            }
            Event::Text(text) | Event::Code(text) => {
                section.text.push_str(text);
                if let Some(p) = paragraph_text.as_mut() {
                    p.push_str(text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                push_space(&mut section.text);
                if let Some(p) = paragraph_text.as_mut() {
                    push_space(p);
                }
            }
            Event::End(TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock) => {
                push_space(&mut section.text);
            }
            _ => {}
        }
        let closes_table = matches!(event, Event::End(TagEnd::Table));
        events.push(event);
        if closes_table {
            events.push(Event::Html("</div>".into()));
        }
    }
    finish_section(&mut state.out.sections, section);
    let mut out = std::mem::take(&mut state.out);
    out.html.reserve(body.len() * 3 / 2);
    html::push_html(&mut out.html, events.into_iter());
    crate::gitbook::escape_tag_openers(&mut out.html);
    crate::gitbook::defuse_plain_text(&mut out);
    out
}

fn finish_section(sections: &mut Vec<Section>, mut section: Section) {
    section.text = collapse_spaces(std::mem::take(&mut section.text));
    if !section.text.is_empty() || !section.heading.is_empty() {
        sections.push(section);
    }
}

/// Parts what comes next from `text` with a space, unless it ends with one already: text
/// written so needs no collapsing later.
fn push_space(text: &mut String) {
    if !text.is_empty() && !text.ends_with(' ') {
        text.push(' ');
    }
}

/// `text` with each run of white space made one space, and none at either end: what
/// `split_whitespace` and `join(" ")` make. Text that is so already (most of a page's, as the
/// renderer adds no space after a space) is returned as it is.
fn collapse_spaces(mut text: String) -> String {
    if text.ends_with(' ') {
        text.pop();
    }
    if is_collapsed(&text) {
        text
    } else {
        collapsed(&text)
    }
}

/// Whether `text` has no white space but single spaces between words.
fn is_collapsed(text: &str) -> bool {
    let mut after_space = true;
    for (i, &byte) in text.as_bytes().iter().enumerate() {
        let space = match byte {
            b' ' => true,
            0x09..=0x0d => return false,
            // A character's first byte: most non-ASCII text is not white space, but look.
            0xc0.. => text[i..].chars().next().is_some_and(char::is_whitespace),
            _ => false,
        };
        if space && after_space {
            return false;
        }
        after_space = space;
    }
    !after_space || text.is_empty()
}

/// [`collapse_spaces`] the long way, without decoding ASCII a character at a time.
fn collapsed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut word: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        let (space, width) = if byte.is_ascii() {
            (byte.is_ascii_whitespace() || byte == 0x0b, 1)
        } else {
            match text[i..].chars().next() {
                Some(c) => (c.is_whitespace(), c.len_utf8()),
                None => break,
            }
        };
        match (space, word) {
            (true, Some(start)) => {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&text[start..i]);
                word = None;
            }
            (false, None) => word = Some(i),
            _ => {}
        }
        i += width;
    }
    if let Some(start) = word {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&text[start..]);
    }
    out
}

#[derive(Clone, Copy, PartialEq)]
enum LinkKind {
    Link,
    Image,
}

struct State<'p, 'r> {
    page: &'p PageSource<'p>,
    resolver: &'r LinkResolver<'r>,
    out: Rendered,
    ids: UniqueIds,
    /// Line starts of the page, made on the first position asked for.
    lines: std::cell::OnceCell<LineIndex<'p>>,
}

impl<'p> State<'p, '_> {
    /// The 1-based line and column of a byte offset in the page's file.
    fn position(&self, offset: usize) -> (usize, usize) {
        self.lines
            .get_or_init(|| LineIndex::new(self.page.text))
            .line_column(offset)
    }

    fn heading(
        &mut self,
        level: HeadingLevel,
        custom_id: Option<String>,
        inner: Vec<Event<'_>>,
        section: &mut Section,
    ) -> String {
        let mut text = String::new();
        for event in &inner {
            if let Event::Text(t) | Event::Code(t) = event {
                text.push_str(t);
            }
        }
        let text = collapse_spaces(text);
        let id = self.ids.claim(&custom_id.unwrap_or_else(|| slugify(&text)));
        let level_number = level as u8;
        if level_number == 1 && self.out.first_heading.is_none() {
            self.out.first_heading = Some(text.clone());
        }
        self.out.headings.push(Heading {
            level: level_number,
            id: id.clone(),
            title: text.clone(),
        });
        let previous = std::mem::replace(
            section,
            Section {
                id: id.clone(),
                heading: text.clone(),
                text: String::new(),
            },
        );
        finish_section(&mut self.out.sections, previous);
        let mut inner_html = String::new();
        html::push_html(&mut inner_html, inner.into_iter());
        let mut escaped_id = String::new();
        crate::escape::attribute(&mut escaped_id, &id);
        format!(
            "<h{level_number} id=\"{escaped_id}\">{inner_html}<a class=\"anchor\" href=\"#{escaped_id}\" aria-label=\"Link to this section\">#</a></h{level_number}>\n"
        )
    }

    /// The output address for a link written as `dest` at `offset` in the file.
    fn rewrite<'a>(&mut self, dest: &CowStr<'a>, offset: usize, kind: LinkKind) -> CowStr<'a> {
        match self.resolve(dest, offset, kind) {
            Some(rewritten) => rewritten.into(),
            None => dest.clone(),
        }
    }

    fn error(&mut self, offset: usize, message: String, help: &str) {
        let (line, column) = self.position(offset);
        self.out.diagnostics.push(
            Diagnostic::error(self.page.path, message)
                .at(line, column)
                .help(help),
        );
    }

    fn resolve(&mut self, dest: &str, offset: usize, kind: LinkKind) -> Option<String> {
        let (path, fragment) = match links::classify(self.page.path, dest) {
            LinkTarget::External => {
                let scheme = dest
                    .trim()
                    .get(..8)
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                if scheme.starts_with("http://") || scheme.starts_with("https://") {
                    let (line, column) = self.position(offset);
                    self.out.external_links.push(PageLink {
                        url: dest.trim().to_string(),
                        fragment: String::new(),
                        line,
                        column,
                    });
                }
                return None;
            }
            LinkTarget::SamePage { fragment } => {
                if !fragment.is_empty() {
                    let (line, column) = self.position(offset);
                    self.out.page_links.push(PageLink {
                        url: self.page.url.to_string(),
                        fragment,
                        line,
                        column,
                    });
                }
                return None;
            }
            LinkTarget::Outside => {
                self.error(
                    offset,
                    format!("`{dest}` points outside the source folder"),
                    "link only to files inside the folder that holds SUMMARY.md",
                );
                return None;
            }
            LinkTarget::Local { path, fragment } => (path, fragment),
        };
        let full = self.resolver.source_dir.join(&path);
        // A listed page needs no look at the disk; folders and other files do.
        let page_path = if is_markdown(&path) && self.resolver.pages.contains_key(&path) {
            Some(path.clone())
        } else if full.is_dir() {
            playbook_book::index_file(&full).map(|name| path.join(name))
        } else if is_markdown(&path) {
            Some(path.clone())
        } else {
            None
        };
        let target = if let Some(page_path) = page_path {
            let Some(url) = self.resolver.pages.get(&page_path) else {
                let (message, help) = if full.exists() {
                    (
                        format!("`{dest}` links to a page that is not listed in SUMMARY.md"),
                        "add the page to SUMMARY.md, or remove the link",
                    )
                } else {
                    (
                        format!("`{dest}` links to a page that does not exist"),
                        "fix the path: it is relative to this page's folder",
                    )
                };
                self.error(offset, message, help);
                return None;
            };
            if let Some(fragment) = &fragment {
                let (line, column) = self.position(offset);
                self.out.page_links.push(PageLink {
                    url: url.clone(),
                    fragment: fragment.clone(),
                    line,
                    column,
                });
            }
            url.clone()
        } else if full.is_file() && self.inside_source(&full) {
            self.out.assets.insert(path.clone());
            links::slash_path(&path)
        } else if full.is_file() {
            self.error(
                offset,
                format!("`{dest}` is a link to a file outside the source folder"),
                "copy the file into the source folder instead of linking to it",
            );
            return None;
        } else {
            let what = if kind == LinkKind::Image {
                "image"
            } else {
                "file"
            };
            self.error(
                offset,
                format!("`{dest}` links to a missing {what}"),
                "fix the path (it is relative to this page's folder) or add the file",
            );
            return None;
        };
        let mut href = links::relative(self.page.url, &target);
        if let Some(fragment) = fragment {
            href.push('#');
            href.push_str(&links::encode_path(&fragment));
        }
        Some(href)
    }

    fn inside_source(&self, full: &Path) -> bool {
        let source = self
            .resolver
            .canonical_source
            .get_or_init(|| self.resolver.source_dir.canonicalize().ok());
        match (full.canonicalize(), source) {
            (Ok(file), Some(source)) => file.starts_with(source),
            _ => false,
        }
    }

    /// Rewrites `src` and `href` attributes in raw HTML (images in table cells, for example).
    fn rewrite_html<'a>(&mut self, raw: &CowStr<'a>, offset: usize) -> CowStr<'a> {
        if !raw.contains("src=") && !raw.contains("href=") {
            return raw.clone();
        }
        let mut out = String::with_capacity(raw.len());
        let mut rest: &str = raw;
        while let Some((before, name, quote, value, after)) = next_attribute(rest) {
            out.push_str(before);
            out.push_str(name);
            out.push('=');
            out.push(quote);
            let kind = if name.eq_ignore_ascii_case("src") {
                LinkKind::Image
            } else {
                LinkKind::Link
            };
            let decoded = decode_entities(value);
            match self.resolve(&decoded, offset, kind) {
                Some(rewritten) => crate::escape::attribute(&mut out, &rewritten),
                None => out.push_str(value),
            }
            out.push(quote);
            rest = after;
        }
        out.push_str(rest);
        out.into()
    }
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("md") || x.eq_ignore_ascii_case("markdown"))
}

/// Finds the next `src=` or `href=` attribute with a quoted value: the text before it, the name,
/// the quote, the value and the text after the closing quote.
fn next_attribute(text: &str) -> Option<(&str, &str, char, &str, &str)> {
    let lower = text.to_ascii_lowercase();
    let mut search = 0;
    loop {
        let found = ["src=", "href="]
            .iter()
            .filter_map(|n| lower[search..].find(n).map(|i| (search + i, n.len())))
            .min()?;
        let (start, len) = found;
        let preceded_by_space = start > 0 && text.as_bytes()[start - 1].is_ascii_whitespace();
        let quote = text[start + len..].chars().next();
        if preceded_by_space && let Some(q @ ('"' | '\'')) = quote {
            let value_start = start + len + 1;
            let value_end = text[value_start..].find(q)? + value_start;
            return Some((
                &text[..start],
                &text[start..start + len - 1],
                q,
                &text[value_start..value_end],
                &text[value_end + 1..],
            ));
        }
        search = start + len;
    }
}

fn decode_entities(value: &str) -> String {
    value
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::path::PathBuf;

    use super::*;

    fn render_in(dir: &Path, path: &str, url: &str, text: &str) -> Rendered {
        let mut pages = HashMap::new();
        pages.insert(PathBuf::from("README.md"), String::new());
        pages.insert(PathBuf::from("ops/README.md"), "ops/".to_string());
        pages.insert(PathBuf::from("ops/costs.md"), "ops/costs/".to_string());
        let resolver = LinkResolver {
            source_dir: dir,
            pages: &pages,
            titles: &HashMap::new(),
            canonical_source: &Default::default(),
        };
        render(
            &PageSource {
                path: Path::new(path),
                url,
                text,
                body_offset: 0,
            },
            &resolver,
        )
    }

    fn fixture() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("playbook-md-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("ops")).unwrap();
        std::fs::create_dir_all(dir.join(".gitbook/assets")).unwrap();
        std::fs::write(dir.join("README.md"), "").unwrap();
        std::fs::write(dir.join("ops/README.md"), "").unwrap();
        std::fs::write(dir.join("ops/costs.md"), "").unwrap();
        std::fs::write(dir.join(".gitbook/assets/my chart (1).png"), "png").unwrap();
        dir
    }

    #[test]
    fn headings_get_unique_ids_and_anchors() {
        let dir = fixture();
        let out = render_in(
            &dir,
            "README.md",
            "",
            "# Costs\n\n## Costs\n\n## Own {#mine}\n",
        );
        let ids: Vec<&str> = out.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["costs", "costs-1", "mine"]);
        assert!(
            out.html
                .contains("<h2 id=\"costs-1\">Costs<a class=\"anchor\" href=\"#costs-1\"")
        );
        assert_eq!(out.first_heading.as_deref(), Some("Costs"));
    }

    #[test]
    fn links_to_pages_folders_and_assets_are_rewritten() {
        let dir = fixture();
        let text = "See [costs](costs.md#run), [ops](./), [home](../README.md), [site](https://x.org/a.md) and ![chart](../.gitbook/assets/my%20chart%20(1).png).\n\n<img src=\"../.gitbook/assets/my chart (1).png\">\n";
        let out = render_in(&dir, "ops/README.md", "ops/", text);
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        assert!(out.html.contains("href=\"costs/#run\""), "{}", out.html);
        assert!(out.html.contains("href=\"./\""), "{}", out.html);
        assert!(out.html.contains("href=\"../\""), "{}", out.html);
        assert!(out.html.contains("href=\"https://x.org/a.md\""));
        assert!(
            out.html
                .contains("src=\"../.gitbook/assets/my%20chart%20(1).png\""),
            "{}",
            out.html
        );
        assert_eq!(out.assets.len(), 1);
        assert_eq!(out.page_links[0].url, "ops/costs/");
        assert_eq!(out.page_links[0].fragment, "run");
    }

    #[test]
    fn broken_links_are_errors_with_position() {
        let dir = fixture();
        let out = render_in(
            &dir,
            "README.md",
            "",
            "Intro\n\nA [gone](gone.md) and ![x](nope.png)\n",
        );
        let shown: Vec<String> = out.diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(out.diagnostics.len(), 2, "{shown:?}");
        assert_eq!(out.diagnostics[0].line, 3);
        assert_eq!(out.diagnostics[0].column, 3);
        assert!(shown[1].contains("missing image"));
    }

    #[test]
    fn extensions_are_on_and_tables_scroll() {
        let dir = fixture();
        let out = render_in(
            &dir,
            "README.md",
            "",
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
    fn spaces_collapse_as_split_whitespace_does() {
        for text in [
            "",
            "  ",
            "a",
            " a  b\t\nc ",
            "x\u{a0}\u{a0}y\u{2003}z\u{0b}w",
            "é  ü\r\n",
        ] {
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse_spaces(text.to_string()), expected, "{text:?}");
        }
    }

    #[test]
    fn sections_and_description_are_collected() {
        let dir = fixture();
        let out = render_in(
            &dir,
            "README.md",
            "",
            "# Title\n\nFirst  para\ngraph.\n\n## Next\n\nMore text.\n",
        );
        assert_eq!(out.first_paragraph.as_deref(), Some("First para graph."));
        assert_eq!(out.sections.len(), 2);
        assert_eq!(out.sections[1].id, "next");
        assert_eq!(out.sections[1].text, "More text.");
    }
}
