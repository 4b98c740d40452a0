//! The whole playbook on one page, for printing or saving as PDF: every page in SUMMARY.md order
//! as a chapter, with a contents list. Each chapter's ids are prefixed with the chapter's id
//! (`chapter:heading`) so they stay unique, links between chapters point within the page, and
//! links to files are made relative to the print page.

use std::collections::HashMap;
use std::fmt::Write;
use std::path::Path;

use playbook_book::links::{self, LinkTarget};
use playbook_book::{Book, NavLink, NavNode};
use playbook_markdown::escape;
use playbook_markdown::slug::{UniqueIds, slugify};

/// Where the print page is written, under the site root.
pub const PRINT_FILE: &str = "_playbook/print.html";
/// The print page's way back to the site root.
pub const PRINT_ROOT: &str = "../";
/// Books with more pages than this get no print page: one HTML file of that size is no longer
/// something a browser prints.
const PRINT_PAGE_LIMIT: usize = 2_000;

/// Whether `book` gets a print page (pages link to it, old addresses forward to it).
pub fn has_print_page(book: &Book) -> bool {
    book.pages.len() <= PRINT_PAGE_LIMIT
}
/// Ids the print page's own template uses, kept free of chapter ids.
const TEMPLATE_IDS: &[&str] = &["content", "sidebar", "print-contents"];

/// Attributes whose value is an id, or a space-separated list of ids.
const ID_ATTRIBUTES: &[&str] = &[
    "id",
    "for",
    "headers",
    "list",
    "form",
    "aria-labelledby",
    "aria-describedby",
    "aria-controls",
    "aria-owns",
    "aria-activedescendant",
    "aria-details",
    "aria-errormessage",
    "aria-flowto",
];

/// The print page being put together, chapter by chapter.
pub struct PrintBook {
    /// Each page's chapter id.
    chapters: Vec<String>,
    /// Site paths a link may use for a page (`a/b`, `a/b/index.html`) to the page.
    pages: HashMap<String, usize>,
    urls: Vec<String>,
    html: String,
}

impl PrintBook {
    pub fn new(book: &Book) -> Self {
        let mut ids = UniqueIds::default();
        for id in TEMPLATE_IDS {
            ids.claim(id);
        }
        let chapters = book
            .pages
            .iter()
            .map(|page| {
                let name = page.url.trim_end_matches('/').replace('/', " ");
                ids.claim(&slugify(if name.is_empty() { "home" } else { &name }))
            })
            .collect();
        let mut pages = HashMap::new();
        for (index, page) in book.pages.iter().enumerate() {
            pages.insert(page.url.trim_end_matches('/').to_string(), index);
            pages.insert(format!("{}index.html", page.url), index);
        }
        Self {
            chapters,
            pages,
            urls: book.pages.iter().map(|p| p.url.clone()).collect(),
            html: String::new(),
        }
    }

    /// Adds page `index` as the next chapter: `html` is its rendered body; `heading` is the
    /// title to show when the body has no `<h1>` of its own.
    pub fn add(&mut self, index: usize, html: &str, heading: Option<&str>) {
        let chapter = &self.chapters[index];
        let _ = write!(
            self.html,
            "<section class=\"print-chapter\" id=\"{chapter}\""
        );
        if let Some(title) = heading {
            self.html.push_str(">\n<h1>");
            escape::text(&mut self.html, title);
            self.html.push_str("</h1>\n");
        } else {
            self.html.push_str(">\n");
        }
        let rewritten = self.rewrite(index, html);
        self.html.push_str(&rewritten);
        self.html.push_str("</section>\n");
    }

    /// The chapters written so far.
    pub fn chapters_html(&self) -> &str {
        &self.html
    }

    /// The contents list: the book's navigation with links to the chapters.
    pub fn contents(&self, book: &Book) -> String {
        let mut out = String::new();
        self.write_contents(&mut out, &book.nav, true);
        out
    }

    fn write_contents(&self, out: &mut String, nodes: &[NavNode], top: bool) {
        out.push_str(if top {
            "<ol class=\"nav-tree\">"
        } else {
            "<ol>"
        });
        for node in nodes {
            match node {
                NavNode::Part(title) => {
                    out.push_str("<li class=\"nav-part\">");
                    escape::text(out, title);
                    out.push_str("</li>");
                }
                NavNode::Separator => {}
                NavNode::Entry {
                    title,
                    link,
                    children,
                    ..
                } => {
                    out.push_str("<li>");
                    match link {
                        NavLink::Page(index) => {
                            let _ = write!(out, "<a href=\"#{}\">", self.chapters[*index]);
                            escape::text(out, title);
                            out.push_str("</a>");
                        }
                        NavLink::External(url) => {
                            out.push_str("<a href=\"");
                            escape::attribute(out, url);
                            out.push_str("\">");
                            escape::text(out, title);
                            out.push_str("</a>");
                        }
                        NavLink::Draft | NavLink::Group => {
                            // Spaced and styled as in the sidebar.
                            let class = crate::nav::unlinked_class(link);
                            let _ = write!(out, "<span class=\"{class}\">");
                            escape::text(out, title);
                            out.push_str("</span>");
                        }
                    }
                    if !children.is_empty() {
                        self.write_contents(out, children, false);
                    }
                    out.push_str("</li>");
                }
            }
        }
        out.push_str("</ol>");
    }

    /// Page `index`'s HTML with its ids prefixed and its links pointing into the print page.
    fn rewrite(&self, index: usize, html: &str) -> String {
        let mut out = String::with_capacity(html.len() + html.len() / 8);
        let mut rest = html;
        while let Some(lt) = rest.find('<') {
            out.push_str(&rest[..lt]);
            rest = &rest[lt..];
            let end = if rest.starts_with("<!--") {
                rest.find("-->").map_or(rest.len(), |e| e + 3)
            } else {
                tag_end(rest)
            };
            let tag = &rest[..end];
            if tag.as_bytes().get(1).is_some_and(u8::is_ascii_alphabetic) {
                self.rewrite_tag(index, tag, &mut out);
            } else {
                out.push_str(tag);
            }
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }

    fn rewrite_tag(&self, index: usize, tag: &str, out: &mut String) {
        let mut copied = 0;
        for attribute in attributes(tag) {
            let name = attribute.name.to_ascii_lowercase();
            let value = playbook_markdown::escape::unescape(attribute.value);
            let new = if ID_ATTRIBUTES.contains(&name.as_str()) {
                value
                    .split_whitespace()
                    .map(|id| format!("{}:{id}", self.chapters[index]))
                    .collect::<Vec<_>>()
                    .join(" ")
            } else if name == "href" {
                self.link(index, &value)
            } else if name == "src" || name == "poster" {
                self.file(index, &value)
            } else {
                continue;
            };
            out.push_str(&tag[copied..attribute.start]);
            escape::attribute(out, &new);
            copied = attribute.end;
        }
        out.push_str(&tag[copied..]);
    }

    /// Where a link written in page `index` points from the print page.
    fn link(&self, index: usize, href: &str) -> String {
        let page = format!("{}index.html", self.urls[index]);
        match links::classify(Path::new(&page), href) {
            LinkTarget::SamePage { fragment } if fragment.is_empty() => {
                format!("#{}", self.chapters[index])
            }
            LinkTarget::SamePage { fragment } => {
                format!(
                    "#{}:{}",
                    self.chapters[index],
                    links::encode_path(&fragment)
                )
            }
            LinkTarget::Local { path, fragment } => {
                let path = links::slash_path(&path);
                match (self.pages.get(&path), fragment) {
                    (Some(&target), Some(fragment)) if !fragment.is_empty() => {
                        format!(
                            "#{}:{}",
                            self.chapters[target],
                            links::encode_path(&fragment)
                        )
                    }
                    (Some(&target), _) => format!("#{}", self.chapters[target]),
                    (None, fragment) => {
                        let mut href = format!("{PRINT_ROOT}{}", links::encode_path(&path));
                        if let Some(fragment) = fragment {
                            href.push('#');
                            href.push_str(&links::encode_path(&fragment));
                        }
                        href
                    }
                }
            }
            LinkTarget::External | LinkTarget::Outside => href.to_string(),
        }
    }

    /// Where a file (an image) used in page `index` is from the print page.
    fn file(&self, index: usize, src: &str) -> String {
        let page = format!("{}index.html", self.urls[index]);
        match links::classify(Path::new(&page), src) {
            LinkTarget::Local { path, .. } => {
                format!(
                    "{PRINT_ROOT}{}",
                    links::encode_path(&links::slash_path(&path))
                )
            }
            _ => src.to_string(),
        }
    }
}

/// The end of the tag starting `text` (just after its `>`), quotes respected.
fn tag_end(text: &str) -> usize {
    let mut quote = None;
    for (i, c) in text.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    text.len()
}

/// An attribute's name and where its value stands in the tag.
struct Attribute<'a> {
    name: &'a str,
    value: &'a str,
    start: usize,
    end: usize,
}

/// The attributes with values of an opening tag (`<a href="x" id=y>`).
fn attributes(tag: &str) -> Vec<Attribute<'_>> {
    let bytes = tag.as_bytes();
    let mut out = Vec::new();
    let mut i = 1;
    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
        i += 1;
    }
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] == b'>' {
            return out;
        }
        let name_start = i;
        while i < bytes.len()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
            && !bytes[i].is_ascii_whitespace()
        {
            i += 1;
        }
        let name = &tag[name_start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let (start, end) = match bytes.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let start = i + 1;
                let end = tag[start..]
                    .find(q as char)
                    .map_or(tag.len(), |e| start + e);
                i = (end + 1).min(tag.len());
                (start, end)
            }
            _ => {
                let start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                (start, i)
            }
        };
        out.push(Attribute {
            name,
            value: &tag[start..end],
            start,
            end,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use playbook_book::Page;

    fn book() -> Book {
        let page = |url: &str, title: &str| {
            Page::new(
                format!("{url}README.md").into(),
                url.into(),
                title.into(),
                None,
            )
        };
        Book {
            nav: vec![
                NavNode::Part("Start".into()),
                NavNode::Entry {
                    title: "Home".into(),
                    link: NavLink::Page(0),
                    children: vec![NavNode::Entry {
                        title: "Costs".into(),
                        link: NavLink::Page(1),
                        children: vec![],
                        number: None,
                    }],
                    number: None,
                },
                NavNode::Entry {
                    title: "Later".into(),
                    link: NavLink::Draft,
                    children: vec![],
                    number: None,
                },
            ],
            pages: vec![page("", "Home"), page("ops/costs/", "Costs")],
        }
    }

    #[test]
    fn the_contents_list_every_entry_as_the_sidebar_shows_it() {
        let book = book();
        let contents = PrintBook::new(&book).contents(&book);
        assert!(
            contents.contains("<li class=\"nav-part\">Start</li>"),
            "{contents}"
        );
        assert!(
            contents.contains("<a href=\"#ops-costs\">Costs</a>"),
            "{contents}"
        );
        assert!(
            contents.contains("<li><span class=\"nav-draft\">Later</span></li>"),
            "{contents}"
        );
    }

    #[test]
    fn ids_are_prefixed_and_links_point_within_the_page() {
        let book = book();
        let mut print = PrintBook::new(&book);
        print.add(
            0,
            "<h1 id=\"intro\">Intro</h1>\n<p>See <a href=\"ops/costs/#run\">run</a>, <a href=\"#intro\">up</a>, <a href='https://x.org/'>x</a> and <img src=\"img/a%20b.png\" alt=\"\">.</p><label for=\"calc-a\">A</label><input id=calc-a aria-describedby=\"h1 h2\">",
            None,
        );
        print.add(
            1,
            "<p><a href=\"../../\">home</a> <a href=\"../../ops/costs/index.html\">me</a></p>",
            Some("Costs & co"),
        );
        let html = print.chapters_html();
        assert!(
            html.contains("<section class=\"print-chapter\" id=\"home\">"),
            "{html}"
        );
        assert!(html.contains("<h1 id=\"home:intro\">"), "{html}");
        assert!(html.contains("href=\"#ops-costs:run\""), "{html}");
        assert!(html.contains("href=\"#home:intro\""), "{html}");
        assert!(html.contains("href='https://x.org/'"), "{html}");
        assert!(html.contains("src=\"../img/a%20b.png\""), "{html}");
        assert!(html.contains("for=\"home:calc-a\""), "{html}");
        assert!(html.contains("id=home:calc-a "), "{html}");
        assert!(
            html.contains("aria-describedby=\"home:h1 home:h2\""),
            "{html}"
        );
        assert!(html.contains("<h1>Costs &amp; co</h1>"), "{html}");
        assert!(html.contains("<a href=\"#home\">home</a>"), "{html}");
        assert!(html.contains("<a href=\"#ops-costs\">me</a>"), "{html}");
    }

    #[test]
    fn chapter_ids_avoid_the_template_ids() {
        let mut book = book();
        book.pages[1].url = "content/".into();
        let print = PrintBook::new(&book);
        assert_eq!(print.chapters, ["home", "content-1"]);
        let contents = print.contents(&book);
        assert!(contents.contains("<li class=\"nav-part\">Start</li>"));
        assert!(contents.contains("<a href=\"#content-1\">Costs</a>"));
    }

    #[test]
    fn tags_and_attributes_are_read_with_quotes() {
        assert_eq!(tag_end("<a title=\"x>y\">z"), 15);
        let attrs = attributes("<img alt='a b' src=c.png hidden>");
        let names: Vec<&str> = attrs.iter().map(|a| a.name).collect();
        assert_eq!(names, ["alt", "src"]);
        assert_eq!(attrs[1].value, "c.png");
    }
}
