//! GitBook's cards: an `embed` of another site, a `content-ref` to a page of the book, and a
//! `file` to download. Each card is one link around a title and a line of detail, with any
//! caption below it.

use std::path::{Path, PathBuf};

use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd};

use super::{Located, Renderer};
use crate::LinkResolver;
use crate::gitbook::tags::{Attr, Block, Node};
use playbook_book::links::{self, LinkTarget};

impl<'p> Renderer<'p, '_> {
    pub(super) fn embed(&mut self, block: &Block, out: &mut Vec<Located<'p>>) {
        let Some(url) = self.card_address(block, "url", out) else {
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
        open_card_link(address, url.offset, out);
        card_text("card-kind", format!("{kind} · {host}"), url.offset, out);
        let titled = title != shown;
        card_text("card-title", title, url.offset, out);
        if titled {
            card_text("card-url", shown, url.offset, out);
        }
        close_card_link(url.offset, out);
        if !content_is_title && has_content(self.page.text, &block.children) {
            let caption = ("\n<figcaption class=\"card-caption\">\n", "</figcaption>\n");
            self.content_caption(block, caption, out);
        }
        out.push((Event::Html("</figure>\n".into()), block.offset));
    }

    pub(super) fn content_ref(&mut self, block: &Block, out: &mut Vec<Located<'p>>) {
        let Some(url) = self.card_address(block, "url", out) else {
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
        open_card_link(dest, url.offset, out);
        card_text("card-title", title, url.offset, out);
        close_card_link(url.offset, out);
        out.push((Event::Html("\n</div>\n".into()), block.offset));
    }

    /// The card's address, its attribute `name`. Without one there is nothing to link, so
    /// only the block's content (its caption) is kept.
    fn card_address<'b>(
        &mut self,
        block: &'b Block,
        name: &str,
        out: &mut Vec<Located<'p>>,
    ) -> Option<&'b Attr> {
        let address = block.attr(name).filter(|a| !a.value.trim().is_empty());
        if address.is_none() {
            self.nodes(&block.children, out);
        }
        address
    }

    /// The title of the page `dest` links to, when it is a page of the book.
    fn page_title(&self, dest: &str) -> Option<String> {
        page_title(self.page.path, self.resolver, dest)
    }

    pub(super) fn file(&mut self, block: &Block, out: &mut Vec<Located<'p>>) {
        let Some(src) = self.card_address(block, "src", out) else {
            return;
        };
        let dest = src.value.trim();
        let name = file_name(dest);
        let meta = self.file_details(dest, &name);
        out.push((
            Event::Html("<div class=\"card card-file\">\n".into()),
            block.offset,
        ));
        open_card_link(dest, src.offset, out);
        card_text("card-title", name, src.offset, out);
        card_text("card-url", meta, src.offset, out);
        close_card_link(src.offset, out);
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
            self.content_caption(block, ("\n<div class=\"card-caption\">\n", "</div>"), out);
        }
        out.push((Event::Html("\n</div>\n".into()), block.offset));
    }

    /// The block's content as the card's caption, between the HTML that opens and closes it.
    fn content_caption(
        &mut self,
        block: &Block,
        (open, close): (&'static str, &'static str),
        out: &mut Vec<Located<'p>>,
    ) {
        out.push((Event::Html(open.into()), block.offset));
        self.nodes(&block.children, out);
        out.push((Event::Html(close.into()), block.offset));
    }

    /// A file card's line of detail: `Download · PDF · 3.4 MB`, the type from the file name
    /// and the size when the file is in the source folder.
    fn file_details(&self, dest: &str, name: &str) -> String {
        let mut meta = vec!["Download".to_string()];
        if let Some(extension) = Path::new(name).extension() {
            meta.push(extension.to_string_lossy().to_uppercase());
        }
        if let LinkTarget::Local { path, .. } = links::classify(self.page.path, dest)
            && let Ok(metadata) = std::fs::metadata(self.resolver.source_dir.join(path))
            && metadata.is_file()
        {
            meta.push(human_size(metadata.len()));
        }
        meta.join(" · ")
    }
}

/// The title of the page `dest`, written in the page at `from`, links to, when it is a page of
/// the book.
pub(crate) fn page_title(from: &Path, resolver: &LinkResolver<'_>, dest: &str) -> Option<String> {
    let LinkTarget::Local { path, .. } = links::classify(from, dest) else {
        return None;
    };
    let full = resolver.source_dir.join(&path);
    let page: PathBuf = if full.is_dir() {
        path.join(playbook_book::index_file(&full)?)
    } else {
        path
    };
    resolver.titles.get(&page).cloned()
}

/// Opens a card's link to `dest`, written at `offset`, as the markdown renderer sees a link,
/// and the card's icon and body.
fn open_card_link<'p>(dest: &str, offset: usize, out: &mut Vec<Located<'p>>) {
    out.push((
        Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            dest_url: dest.to_string().into(),
            title: CowStr::Borrowed(""),
            id: CowStr::Borrowed(""),
        }),
        offset,
    ));
    out.push((
        Event::Html(
            "<span class=\"card-icon\" aria-hidden=\"true\"></span><span class=\"card-body\">"
                .into(),
        ),
        offset,
    ));
}

/// Closes the card's body and link that [`open_card_link`] opened.
fn close_card_link(offset: usize, out: &mut Vec<Located<'_>>) {
    out.push((Event::Html("</span>".into()), offset));
    out.push((Event::End(TagEnd::Link), offset));
}

fn card_text(class: &str, text: String, offset: usize, out: &mut Vec<Located<'_>>) {
    out.push((
        Event::Html(format!("<span class=\"{class}\">").into()),
        offset,
    ));
    out.push((Event::Text(text.into()), offset));
    out.push((Event::Html("</span>".into()), offset));
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
    links::percent_decode(last).into_owned()
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
    }
}
