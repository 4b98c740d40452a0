//! Turns a page's tag tree into one stream of pulldown-cmark events with their offsets in the
//! page: markdown stretches are parsed as usual, and each block tag becomes accessible HTML
//! around its content. Links written in tag attributes are emitted as link events, so the
//! markdown renderer resolves, rewrites and checks them like any other link.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Parser, Tag, TagEnd};

use super::tags::{Block, Kind, Node};
use crate::{LinkResolver, PageSource};
use playbook_book::links::{self, LinkTarget};

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
}

impl<'p> Renderer<'p, '_> {
    pub fn nodes(&mut self, nodes: &[Node], out: &mut Vec<Located<'p>>) {
        for node in nodes {
            match node {
                Node::Markdown(range) => self.markdown(range.clone(), false, out),
                Node::Block(block) => self.block(block, out),
            }
        }
    }

    /// Parses `range` of the page; references may be defined anywhere in the page.
    pub fn markdown(&self, range: Range<usize>, numbered: bool, out: &mut Vec<Located<'p>>) {
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
        let mut code: Option<(String, usize)> = None;
        for (event, span) in parser.into_offset_iter() {
            let offset = range.start + span.start;
            if numbered {
                match &event {
                    Event::Start(Tag::CodeBlock(_)) => code = Some((String::new(), offset)),
                    Event::Text(t) if code.is_some() => {
                        if let Some((buffer, _)) = code.as_mut() {
                            buffer.push_str(t);
                        }
                        continue;
                    }
                    Event::End(TagEnd::CodeBlock) => {
                        if let Some((buffer, at)) = code.take() {
                            out.push((Event::Html(numbered_lines(&buffer).into()), at));
                        }
                    }
                    _ => {}
                }
            }
            out.push((event, offset));
        }
    }

    fn block(&mut self, block: &Block, out: &mut Vec<Located<'p>>) {
        match block.kind {
            Kind::Hint => self.hint(block, out),
            Kind::Tabs => self.tabs(block, out),
            Kind::Tab => {
                // A tab outside a tab set: a titled section of its own.
                self.tab_sets += 1;
                let level = self.level_at(block.offset);
                self.tab(block, self.tab_sets, 1, level, out);
            }
            Kind::Embed => self.embed(block, out),
            Kind::ContentRef => self.content_ref(block, out),
            Kind::File => self.file(block, out),
            Kind::Code => self.code(block, out),
        }
    }

    fn hint(&mut self, block: &Block, out: &mut Vec<Located<'p>>) {
        let style = block
            .attr("style")
            .map(|a| a.value.trim().to_ascii_lowercase())
            .unwrap_or_else(|| "info".to_string());
        let (style, label) = match style.as_str() {
            "info" => ("info", "Info"),
            "success" => ("success", "Success"),
            "warning" => ("warning", "Warning"),
            "danger" => ("danger", "Danger"),
            _ => {
                let offset = block.attr("style").map_or(block.offset, |a| a.offset);
                self.odd_styles.push((offset, style.clone()));
                ("info", "Info")
            }
        };
        let open = format!(
            "<div class=\"hint hint-{style}\" role=\"note\" aria-label=\"{label}\">\n<span class=\"hint-icon\" aria-hidden=\"true\"></span>\n<div class=\"hint-body\">\n"
        );
        out.push((Event::Html(open.into()), block.offset));
        self.nodes(&block.children, out);
        out.push((Event::Html("</div>\n</div>\n".into()), block.offset));
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

    fn tabs(&mut self, block: &Block, out: &mut Vec<Located<'p>>) {
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

    /// A tab panel: a section whose title is a heading, so that it reads as one without
    /// JavaScript and in print; the theme's script turns a set of them into a tab list.
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
        out.push((Event::Text(title.into()), tab.offset));
        out.push((Event::Html(format!("</h{level}>\n").into()), tab.offset));
        self.nodes(&tab.children, out);
        out.push((Event::Html("</section>\n".into()), tab.offset));
    }

    /// A link as the markdown renderer sees one, written at `offset`.
    fn link(dest: &str, offset: usize, out: &mut Vec<Located<'p>>) {
        out.push((
            Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url: dest.to_string().into(),
                title: CowStr::Borrowed(""),
                id: CowStr::Borrowed(""),
            }),
            offset,
        ));
    }

    fn card_text(class: &str, text: String, offset: usize, out: &mut Vec<Located<'p>>) {
        out.push((
            Event::Html(format!("<span class=\"{class}\">").into()),
            offset,
        ));
        out.push((Event::Text(text.into()), offset));
        out.push((Event::Html("</span>".into()), offset));
    }

    fn embed(&mut self, block: &Block, out: &mut Vec<Located<'p>>) {
        let Some(url) = block.attr("url").filter(|a| !a.value.trim().is_empty()) else {
            // Without an address there is nothing to link: keep the caption.
            self.nodes(&block.children, out);
            return;
        };
        let address = url.value.trim();
        let shown = shown_address(address);
        let host = shown.split('/').next().unwrap_or_default().to_string();
        let kind = if is_video_host(&host) {
            "Video"
        } else {
            "Page"
        };
        // The title: the caption, when it is one short paragraph; else the address.
        let attribute = block
            .attr("caption")
            .map(|a| a.value.trim().to_string())
            .filter(|c| !c.is_empty());
        let content_caption = short_plain_text(self.page.text, &block.children);
        let content_is_title = attribute.is_none() && content_caption.is_some();
        let title = attribute
            .or(content_caption)
            .unwrap_or_else(|| shown.clone());
        out.push((
            Event::Html(
                format!(
                    "<figure class=\"card card-embed card-{}\">\n",
                    kind.to_ascii_lowercase()
                )
                .into(),
            ),
            block.offset,
        ));
        Self::link(address, url.offset, out);
        out.push((
            Event::Html(
                "<span class=\"card-icon\" aria-hidden=\"true\"></span><span class=\"card-body\">"
                    .into(),
            ),
            url.offset,
        ));
        Self::card_text("card-kind", format!("{kind} · {host}"), url.offset, out);
        let titled = title != shown;
        Self::card_text("card-title", title, url.offset, out);
        if titled {
            Self::card_text("card-url", shown, url.offset, out);
        }
        out.push((Event::Html("</span>".into()), url.offset));
        out.push((Event::End(TagEnd::Link), url.offset));
        if !content_is_title && has_content(self.page.text, &block.children) {
            out.push((
                Event::Html("\n<figcaption class=\"card-caption\">\n".into()),
                block.offset,
            ));
            self.nodes(&block.children, out);
            out.push((Event::Html("</figcaption>\n".into()), block.offset));
        }
        out.push((Event::Html("</figure>\n".into()), block.offset));
    }

    fn content_ref(&mut self, block: &Block, out: &mut Vec<Located<'p>>) {
        let Some(url) = block.attr("url").filter(|a| !a.value.trim().is_empty()) else {
            self.nodes(&block.children, out);
            return;
        };
        let dest = url.value.trim();
        // GitBook repeats the address as a link inside the tag; the card replaces it.
        let title = self.page_title(dest).unwrap_or_else(|| {
            link_text(self.page.text, &block.children).unwrap_or_else(|| dest.to_string())
        });
        out.push((
            Event::Html("<div class=\"card card-ref\">\n".into()),
            block.offset,
        ));
        Self::link(dest, url.offset, out);
        out.push((
            Event::Html(
                "<span class=\"card-icon\" aria-hidden=\"true\"></span><span class=\"card-body\">"
                    .into(),
            ),
            url.offset,
        ));
        Self::card_text("card-title", title, url.offset, out);
        out.push((Event::Html("</span>".into()), url.offset));
        out.push((Event::End(TagEnd::Link), url.offset));
        out.push((Event::Html("\n</div>\n".into()), block.offset));
    }

    /// The title of the page `dest` links to, when it is a page of the book.
    fn page_title(&self, dest: &str) -> Option<String> {
        let LinkTarget::Local { path, .. } = links::classify(self.page.path, dest) else {
            return None;
        };
        let full = self.resolver.source_dir.join(&path);
        let page: PathBuf = if full.is_dir() {
            path.join(playbook_book::index_file(&full)?)
        } else {
            path
        };
        self.resolver.titles.get(&page).cloned()
    }

    fn file(&mut self, block: &Block, out: &mut Vec<Located<'p>>) {
        let Some(src) = block.attr("src").filter(|a| !a.value.trim().is_empty()) else {
            self.nodes(&block.children, out);
            return;
        };
        let dest = src.value.trim();
        let name = file_name(dest);
        let mut meta = vec!["Download".to_string()];
        if let Some(extension) = Path::new(&name).extension() {
            meta.push(extension.to_string_lossy().to_uppercase());
        }
        if let LinkTarget::Local { path, .. } = links::classify(self.page.path, dest)
            && let Ok(metadata) = std::fs::metadata(self.resolver.source_dir.join(path))
            && metadata.is_file()
        {
            meta.push(human_size(metadata.len()));
        }
        out.push((
            Event::Html("<div class=\"card card-file\">\n".into()),
            block.offset,
        ));
        Self::link(dest, src.offset, out);
        out.push((
            Event::Html(
                "<span class=\"card-icon\" aria-hidden=\"true\"></span><span class=\"card-body\">"
                    .into(),
            ),
            src.offset,
        ));
        Self::card_text("card-title", name, src.offset, out);
        Self::card_text("card-url", meta.join(" · "), src.offset, out);
        out.push((Event::Html("</span>".into()), src.offset));
        out.push((Event::End(TagEnd::Link), src.offset));
        let caption = block
            .attr("caption")
            .map(|a| a.value.trim())
            .filter(|c| !c.is_empty());
        if let Some(caption) = caption {
            out.push((
                Event::Html("\n<p class=\"card-caption\">".into()),
                block.offset,
            ));
            out.push((Event::Text(caption.to_string().into()), block.offset));
            out.push((Event::Html("</p>".into()), block.offset));
        } else if has_content(self.page.text, &block.children) {
            out.push((
                Event::Html("\n<div class=\"card-caption\">\n".into()),
                block.offset,
            ));
            self.nodes(&block.children, out);
            out.push((Event::Html("</div>".into()), block.offset));
        }
        out.push((Event::Html("\n</div>\n".into()), block.offset));
    }

    fn code(&mut self, block: &Block, out: &mut Vec<Located<'p>>) {
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
fn numbered_lines(code: &str) -> String {
    let mut html = String::with_capacity(code.len() * 2);
    for line in code.strip_suffix('\n').unwrap_or(code).split('\n') {
        html.push_str("<span class=\"line\">");
        crate::escape::text(&mut html, line);
        html.push_str("</span>\n");
    }
    html
}

/// Whether any of `nodes` holds more than white space.
fn has_content(text: &str, nodes: &[Node]) -> bool {
    nodes.iter().any(|node| match node {
        Node::Markdown(range) => !text[range.clone()].trim().is_empty(),
        Node::Block(_) => true,
    })
}

/// The text of `nodes` without markup, when it is one paragraph of at most 160 characters.
fn short_plain_text(text: &str, nodes: &[Node]) -> Option<String> {
    let mut plain = String::new();
    let mut blocks = 0;
    for node in nodes {
        let Node::Markdown(range) = node else {
            return None;
        };
        for event in Parser::new_ext(&text[range.clone()], crate::options()) {
            match event {
                Event::Start(Tag::Paragraph) => blocks += 1,
                Event::Start(
                    Tag::Heading { .. }
                    | Tag::BlockQuote(_)
                    | Tag::CodeBlock(_)
                    | Tag::List(_)
                    | Tag::Table(_)
                    | Tag::HtmlBlock
                    | Tag::Image { .. }
                    | Tag::FootnoteDefinition(_),
                ) => return None,
                Event::Text(t) | Event::Code(t) => plain.push_str(&t),
                Event::SoftBreak | Event::HardBreak => plain.push(' '),
                Event::Html(_) | Event::Rule => return None,
                _ => {}
            }
        }
    }
    let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    (blocks == 1 && !plain.is_empty() && plain.chars().count() <= 160).then_some(plain)
}

/// The text of the first link in `nodes`, as GitBook writes inside a content-ref.
fn link_text(text: &str, nodes: &[Node]) -> Option<String> {
    nodes.iter().find_map(|node| {
        let Node::Markdown(range) = node else {
            return None;
        };
        let source = &text[range.clone()];
        let start = source.find('[')? + 1;
        let end = source[start..].find(']')? + start;
        Some(source[start..end].trim().to_string()).filter(|t| !t.is_empty())
    })
}

/// An address without its scheme and `www.`, shortened for display.
fn shown_address(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    let rest = rest.trim_end_matches('/');
    if rest.chars().count() > 64 {
        let cut: String = rest.chars().take(63).collect();
        format!("{cut}…")
    } else {
        rest.to_string()
    }
}

fn is_video_host(host: &str) -> bool {
    let host = host.split(':').next().unwrap_or(host);
    [
        "youtube.com",
        "youtu.be",
        "vimeo.com",
        "loom.com",
        "wistia.com",
        "dailymotion.com",
    ]
    .iter()
    .any(|known| host == *known || host.ends_with(&format!(".{known}")))
}

/// The file name at the end of a path, percent-decoded.
fn file_name(dest: &str) -> String {
    let path = dest.split(['#', '?']).next().unwrap_or(dest);
    let last = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path);
    links::percent_decode(last)
}

/// A size as people read it: `980 B`, `12 KB`, `3.4 MB`.
fn human_size(bytes: u64) -> String {
    const KB: f64 = 1000.0;
    let b = bytes as f64;
    if b < KB {
        format!("{bytes} B")
    } else if b < KB * KB {
        format!("{:.0} KB", b / KB)
    } else if b < KB * KB * KB {
        format!("{:.1} MB", b / (KB * KB))
    } else {
        format!("{:.1} GB", b / (KB * KB * KB))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_sizes_read_well() {
        assert_eq!(
            shown_address("https://www.youtube.com/watch?v=x/"),
            "youtube.com/watch?v=x"
        );
        assert!(is_video_host("m.youtube.com"));
        assert!(!is_video_host("notyoutube.com"));
        assert_eq!(
            file_name("../.gitbook/assets/my%20plan%20(v2).pdf"),
            "my plan (v2).pdf"
        );
        assert_eq!(human_size(980), "980 B");
        assert_eq!(human_size(12_400), "12 KB");
        assert_eq!(human_size(3_400_000), "3.4 MB");
        assert_eq!(label_key("  Foo   Bar "), "foo bar");
        assert_eq!(
            numbered_lines("a<\nb\n"),
            "<span class=\"line\">a&lt;</span>\n<span class=\"line\">b</span>\n"
        );
    }
}
