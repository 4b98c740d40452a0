//! The sidebar: the book's navigation as HTML, rendered once for the whole book and then marked
//! for each page (current page, open sections). Large books get a local sidebar per page (the
//! current page's ancestors, siblings and children) so output grows linearly with the page count;
//! their full contents go to one contents page.

use std::fmt::Write;

use playbook_book::links;
use playbook_book::{Book, NavLink, NavNode};
use playbook_markdown::escape;

/// Books with more sidebar entries than this get a local sidebar on each page.
pub const FULL_NAV_LIMIT: usize = 400;
/// At most this many siblings are listed around the current page in a local sidebar.
const LOCAL_SIBLINGS: usize = 12;

/// Stands for the page's path to the site root inside the shared sidebar HTML.
const ROOT_MARK: &str = "\u{1}";

/// The sidebar of a book.
pub struct Sidebar {
    /// The whole tree, with root marks, or `None` for a large book.
    full: Option<String>,
    /// Each page's child pages, and (last) the top-level pages, for local sidebars.
    children: Vec<Vec<usize>>,
}

impl Sidebar {
    pub fn new(book: &Book) -> Self {
        let entries = count_entries(&book.nav);
        let full = (entries <= FULL_NAV_LIMIT).then(|| {
            let mut html = String::new();
            write_tree(&mut html, book, &book.nav, 0);
            html
        });
        let mut children = vec![Vec::new(); book.pages.len() + 1];
        for (index, page) in book.pages.iter().enumerate() {
            children[page.parent.unwrap_or(book.pages.len())].push(index);
        }
        Self { full, children }
    }

    /// Whether the book is large enough to need a separate contents page.
    pub fn is_local(&self) -> bool {
        self.full.is_none()
    }

    /// The sidebar for page `current`, whose path to the site root is `root`.
    pub fn for_page(&self, book: &Book, current: usize, root: &str) -> String {
        let ancestors = ancestors(book, current);
        match &self.full {
            Some(full) => {
                let mut html = full.replace(ROOT_MARK, root);
                let marker = format!(" data-p=\"{current}\"");
                html = html.replacen(&marker, &format!("{marker} aria-current=\"page\""), 1);
                for open in ancestors.iter().chain(std::iter::once(&current)) {
                    let details = format!("<details data-p=\"{open}\">");
                    html = html.replacen(&details, &format!("<details data-p=\"{open}\" open>"), 1);
                }
                html
            }
            None => self.local(book, current, &ancestors, root),
        }
    }

    /// The whole tree for the contents page of a large book, seen from `root`.
    pub fn contents(&self, book: &Book, root: &str) -> String {
        let mut html = String::new();
        write_tree(&mut html, book, &book.nav, 0);
        html.replace("<details data-p", "<details open data-p")
            .replace(ROOT_MARK, root)
    }
}

fn count_entries(nodes: &[NavNode]) -> usize {
    nodes
        .iter()
        .map(|node| match node {
            NavNode::Entry { children, .. } => 1 + count_entries(children),
            _ => 1,
        })
        .sum()
}

/// The pages above `page`, nearest last.
pub fn ancestors(book: &Book, page: usize) -> Vec<usize> {
    let mut chain = Vec::new();
    let mut at = book.pages[page].parent;
    while let Some(parent) = at {
        chain.push(parent);
        at = book.pages[parent].parent;
    }
    chain.reverse();
    chain
}

fn write_tree(out: &mut String, book: &Book, nodes: &[NavNode], depth: usize) {
    out.push_str(if depth == 0 {
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
            NavNode::Separator => out.push_str("<li class=\"nav-separator\"></li>"),
            NavNode::Entry {
                title,
                link,
                children,
                number,
            } => {
                out.push_str("<li>");
                let label = Label {
                    title,
                    number: number.as_deref(),
                };
                write_link(out, book, &label, link, ROOT_MARK, None);
                if !children.is_empty() {
                    let key = match link {
                        NavLink::Page(index) => index.to_string(),
                        _ => format!("d{}", out.len()),
                    };
                    let _ = write!(
                        out,
                        "<details data-p=\"{key}\"><summary><span class=\"visually-hidden\">Pages under "
                    );
                    escape::text(out, title);
                    out.push_str("</span></summary>");
                    write_tree(out, book, children, depth + 1);
                    out.push_str("</details>");
                }
                out.push_str("</li>");
            }
        }
    }
    out.push_str("</ol>");
}

/// What an entry shows: its title, after its section number when the book numbers chapters.
struct Label<'a> {
    title: &'a str,
    number: Option<&'a str>,
}

impl Label<'_> {
    fn write(&self, out: &mut String) {
        if let Some(number) = self.number {
            let _ = write!(out, "<span class=\"nav-number\">{number}</span> ");
        }
        escape::text(out, self.title);
    }
}

/// Writes the entry `label` linking to `link`: a page's address starts with `root` (the page's
/// path to the site root, or [`ROOT_MARK`] in the shared tree), and page `current`'s link is
/// marked as the current page.
fn write_link(
    out: &mut String,
    book: &Book,
    label: &Label<'_>,
    link: &NavLink,
    root: &str,
    current: Option<usize>,
) {
    match link {
        NavLink::Page(index) => {
            let _ = write!(out, "<a data-p=\"{index}\"");
            if current == Some(*index) {
                out.push_str(" aria-current=\"page\"");
            }
            let _ = write!(out, " href=\"{root}");
            let mut href = links::encode_path(&book.pages[*index].url);
            if href.is_empty() {
                href.push_str("./");
            }
            escape::attribute(out, &href);
            out.push_str("\">");
            label.write(out);
            out.push_str("</a>");
        }
        NavLink::External(url) => {
            out.push_str("<a class=\"nav-external\" href=\"");
            escape::attribute(out, url);
            out.push_str("\">");
            label.write(out);
            out.push_str("</a>");
        }
        NavLink::Draft | NavLink::Group => {
            let _ = write!(out, "<span class=\"{}\">", unlinked_class(link));
            label.write(out);
            out.push_str("</span>");
        }
    }
}

/// The class of an entry that links nowhere: a chapter not yet written, or a label grouping
/// the entries under it.
pub fn unlinked_class(link: &NavLink) -> &'static str {
    if *link == NavLink::Draft {
        "nav-draft"
    } else {
        "nav-group"
    }
}

impl Sidebar {
    /// The sidebar of a large book: the way down to the current page, its nearest siblings and
    /// its children.
    fn local(&self, book: &Book, current: usize, ancestors: &[usize], root: &str) -> String {
        let page_link = |out: &mut String, page: usize| {
            let label = Label {
                title: &book.pages[page].summary_title,
                number: book.pages[page].section_number.as_deref(),
            };
            write_link(out, book, &label, &NavLink::Page(page), root, Some(current));
        };
        let mut out = String::from("<ol class=\"nav-tree nav-local\">");
        let mut closing = String::new();
        for &ancestor in ancestors {
            out.push_str("<li>");
            page_link(&mut out, ancestor);
            out.push_str("<ol>");
            closing.insert_str(0, "</ol></li>");
        }
        let parent = book.pages[current].parent.unwrap_or(book.pages.len());
        let siblings = &self.children[parent];
        let position = siblings.iter().position(|&i| i == current).unwrap_or(0);
        let start = position.saturating_sub(LOCAL_SIBLINGS / 2);
        let end = (start + LOCAL_SIBLINGS).min(siblings.len());
        for &sibling in &siblings[start..end] {
            out.push_str("<li>");
            page_link(&mut out, sibling);
            let children = &self.children[current];
            if sibling == current && !children.is_empty() {
                out.push_str("<ol>");
                for &child in children.iter().take(LOCAL_SIBLINGS) {
                    out.push_str("<li>");
                    page_link(&mut out, child);
                    out.push_str("</li>");
                }
                out.push_str("</ol>");
            }
            out.push_str("</li>");
        }
        out.push_str(&closing);
        out.push_str("</ol>");
        out
    }
}
