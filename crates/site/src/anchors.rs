//! The checks a build makes once every page is rendered: links to anchors a page does not have
//! (with the nearest anchor suggested) and two pages published at one address. Pages give what
//! the checks need as they are rendered ([`PageAnchors`]).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use playbook_book::Book;
use playbook_book::diagnostics::Diagnostic;
use playbook_markdown::{PageLink, Rendered};

/// Ids the page template gives every page, beside the content's own.
const TEMPLATE_IDS: [&str; 4] = ["top", "content", "sidebar", "page-toc-title"];

/// What the anchor check needs of a rendered page: its ids and its links to anchors.
#[derive(Debug, Clone, Default)]
pub struct PageAnchors {
    pub ids: HashSet<String>,
    pub links: Vec<PageLink>,
}

impl PageAnchors {
    pub fn of(rendered: &Rendered) -> Self {
        Self {
            ids: anchors(&rendered.html),
            links: rendered.page_links.clone(),
        }
    }
}

/// Problems that show only once every page is rendered: links to anchors a page does not have,
/// and two pages published at one address. `pages[i]` is `book.pages[i]`'s anchors and links.
pub fn site_problems(book: &Book, pages: &[PageAnchors]) -> Vec<Diagnostic> {
    let mut problems = same_addresses(book);
    let anchors: HashMap<&str, &HashSet<String>> = book
        .pages
        .iter()
        .zip(pages)
        .map(|(page, checked)| (page.url.as_str(), &checked.ids))
        .collect();
    for (page, checked) in book.pages.iter().zip(pages) {
        for link in &checked.links {
            if link.fragment.is_empty() || TEMPLATE_IDS.contains(&link.fragment.as_str()) {
                continue;
            }
            if let Some(ids) = anchors.get(link.url.as_str())
                && !ids.contains(&link.fragment)
            {
                problems.push(missing_anchor(&page.source, &page.url, link, ids));
            }
        }
    }
    problems
}

/// Pages published at the address of a page before them.
fn same_addresses(book: &Book) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut by_url: HashMap<&str, usize> = HashMap::new();
    for (index, page) in book.pages.iter().enumerate() {
        let Some(&first) = by_url.get(page.url.as_str()) else {
            by_url.insert(&page.url, index);
            continue;
        };
        problems.push(
            Diagnostic::error(
                &page.source,
                format!(
                    "this page and `{}` are both published at `{}/`, so one would replace the other",
                    book.pages[first].source.display(),
                    page.url.trim_end_matches('/')
                ),
            )
            .help("rename or move one of the two files"),
        );
    }
    problems
}

/// The error for `link`, in the page at `url` (from `source`), to an anchor its target page
/// (whose ids are `ids`) does not have, with the nearest id as a suggestion.
fn missing_anchor(source: &Path, url: &str, link: &PageLink, ids: &HashSet<String>) -> Diagnostic {
    let target = if link.url == url {
        "this page".to_string()
    } else {
        format!("`{}/`", link.url.trim_end_matches('/'))
    };
    let help = match closest(&link.fragment, ids) {
        Some(near) => format!(
            "did you mean `#{near}`? Headings' anchors are their text in lower case, with hyphens for spaces"
        ),
        None => "link to a heading's anchor: its text in lower case, with hyphens for spaces"
            .to_string(),
    };
    Diagnostic::problem(
        source,
        format!("`#{}` is not an anchor in {target}", link.fragment),
    )
    .at(link.line, link.column)
    .help(help)
}

/// The ids (and `<a name>`s) in a page's HTML.
pub fn anchors(html: &str) -> HashSet<String> {
    let mut ids = HashSet::new();
    for attribute in [" id=\"", " name=\""] {
        let finder = memchr::memmem::Finder::new(attribute);
        let mut rest = html;
        while let Some(at) = finder.find(rest.as_bytes()) {
            let value = &rest[at + attribute.len()..];
            let Some(end) = memchr::memchr(b'"', value.as_bytes()) else {
                break;
            };
            let id = &value[..end];
            ids.insert(playbook_markdown::escape::unescape(id).into_owned());
            rest = &value[end..];
        }
    }
    ids
}

/// The id nearest to `wanted` by edit distance, when near enough to be a slip.
fn closest<'a>(wanted: &str, ids: &'a HashSet<String>) -> Option<&'a str> {
    let limit = (wanted.chars().count() / 3).max(2);
    ids.iter()
        .map(|id| (strsim::levenshtein(wanted, id), id))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, id)| id.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_read_from_ids_and_names() {
        let ids = anchors(
            "<h2 id=\"a-b\">x</h2><a name=\"old\"></a><p>id=\"not\"</p><div id=\"x&amp;y\">",
        );
        let mut ids: Vec<_> = ids.into_iter().collect();
        ids.sort();
        assert_eq!(ids, ["a-b", "old", "x&y"]);
    }

    /// `text` rendered as the front page of a book without other pages.
    fn rendered(text: &str) -> Rendered {
        let pages = playbook_markdown::PathMap::default();
        let resolver = playbook_markdown::LinkResolver {
            source_dir: Path::new("/nonexistent-playbook-source"),
            pages: &pages,
            titles: &pages,
            canonical_source: &Default::default(),
            summary: Path::new("SUMMARY.md"),
        };
        let page = playbook_markdown::PageSource::new(Path::new("README.md"), "", text);
        playbook_markdown::render(&page, &resolver)
    }

    #[test]
    fn links_in_gitbooks_form_and_ours_both_find_the_heading() {
        let out = rendered(
            "## Release 4.9\n\n## Build & run\n\n[a](#release-4.9) [b](#release-49) [c](#build-and-run) [d](#build--run) [e](#gone)\n",
        );
        let ids = anchors(&out.html);
        for id in ["release-4.9", "release-49", "build-and-run", "build--run"] {
            assert!(ids.contains(id), "{id} in {ids:?}");
        }
        let book = Book {
            nav: Vec::new(),
            pages: vec![playbook_book::Page::new(
                "README.md".into(),
                String::new(),
                "Home".into(),
                None,
            )],
        };
        let problems = site_problems(&book, &[PageAnchors::of(&out)]);
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 1, "{shown:?}");
        assert!(shown[0].contains("`#gone`"), "{shown:?}");
    }

    #[test]
    fn near_misses_are_suggested() {
        let ids: HashSet<String> = ["what-on-call-costs", "pay"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            closest("what-on-call-cost", &ids),
            Some("what-on-call-costs")
        );
        assert_eq!(closest("unrelated-words-here", &ids), None);
    }
}
