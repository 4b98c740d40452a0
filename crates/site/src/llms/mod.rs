//! The site for machines, as GitBook publishes it (<https://llmstxt.org>): `llms.txt` at the
//! root, the book's title and description and a line per page in `SUMMARY.md` order (its
//! title, the address of its markdown copy, its description), under a `##` heading for each of
//! the table of contents' parts; `copy` finishes each page's markdown copy.
//!
//! Addresses are relative to the root, as every address of the site is, or absolute from the
//! base address when one is known, as in the sitemap.

mod copy;

pub use copy::page_copy;

use playbook_book::links;
use playbook_book::{Book, NavLink, NavNode};
use playbook_markdown::COPY_FILE;

/// Where the index is written.
pub const LLMS_FILE: &str = "llms.txt";

/// What `llms.txt` says of one page: its title and description, as its page shows them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageSummary {
    pub title: String,
    pub description: Option<String>,
}

/// What `llms.txt` lists: the book's title and description, its pages' summaries (by their
/// number in the book) and the base address, if known.
pub struct Index<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub book: &'a Book,
    pub pages: &'a [PageSummary],
    pub base_url: Option<&'a str>,
}

impl Index<'_> {
    /// The text of `llms.txt`.
    pub fn text(&self) -> String {
        let mut out = format!("# {}\n", one_line(self.title));
        if let Some(description) = self.description.map(one_line).filter(|d| !d.is_empty()) {
            out.push_str(&format!("\n> {description}\n"));
        }
        if !matches!(self.book.nav.first(), None | Some(NavNode::Part(_))) {
            out.push_str("\n## Pages\n\n");
        }
        self.entries(&self.book.nav, 0, &mut out);
        playbook_markdown::defuse_tag_openers(out)
    }

    fn entries(&self, nodes: &[NavNode], depth: usize, out: &mut String) {
        for node in nodes {
            match node {
                NavNode::Part(name) => out.push_str(&format!("\n## {}\n\n", one_line(name))),
                NavNode::Separator => {}
                NavNode::Entry {
                    title,
                    link,
                    children,
                    ..
                } => {
                    let indent = "  ".repeat(depth);
                    match link {
                        NavLink::Page(index) => self.page_line(*index, &indent, out),
                        NavLink::External(url) => {
                            out.push_str(&format!("{indent}- [{}]({url})\n", link_text(title)));
                        }
                        NavLink::Draft | NavLink::Group if !children.is_empty() => {
                            out.push_str(&format!("{indent}- {}\n", one_line(title)));
                        }
                        NavLink::Draft | NavLink::Group => {}
                    }
                    self.entries(children, depth + 1, out);
                }
            }
        }
    }

    /// `- [Title](address): description` for page `index`.
    fn page_line(&self, index: usize, indent: &str, out: &mut String) {
        let (Some(page), Some(summary)) = (self.book.pages.get(index), self.pages.get(index))
        else {
            return;
        };
        let address = format!("{}{COPY_FILE}", links::encode_path(&page.url));
        let address = match self.base_url {
            Some(base) => format!("{base}{address}"),
            None => address,
        };
        out.push_str(&format!(
            "{indent}- [{}]({address})",
            link_text(&summary.title)
        ));
        if let Some(description) = summary.description.as_deref().map(one_line) {
            out.push_str(": ");
            out.push_str(&description);
        }
        out.push('\n');
    }
}

/// `text` on one line, its spaces collapsed.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` on one line, for a link's text: brackets escaped.
fn link_text(text: &str) -> String {
    one_line(text).replace('[', "\\[").replace(']', "\\]")
}

#[cfg(test)]
mod tests;
