//! `playbook check`: builds the site in memory (writing nothing) and lists every problem at once,
//! each with its file and line: broken links, missing anchors, images and files, SUMMARY.md
//! entries that point nowhere or twice, pages left out of SUMMARY.md, unknown tags, and, with
//! `--external`, links to other sites that do not answer.
//!
//! Missing anchors and pages published at one address need every page rendered: the build runs
//! [`site_problems`] after rendering, so `build` and `check` agree on what is an error. `check`
//! is that build, written nowhere: it reads what the build collected (problems, external links)
//! instead of rendering again.

pub mod external;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::output::Sink;
use crate::pipeline::{BuildOptions, Findings, Loaded};
use playbook_book::Book;
use playbook_book::config::Project;
use playbook_book::diagnostics::{Diagnostic, Diagnostics};
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
    Diagnostic::error(
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
        let mut rest = html;
        while let Some(at) = memchr::memmem::find(rest.as_bytes(), attribute.as_bytes()) {
            let value = &rest[at + attribute.len()..];
            let Some(end) = memchr::memchr(b'"', value.as_bytes()) else {
                break;
            };
            let id = &value[..end];
            ids.insert(if id.contains('&') {
                id.replace("&quot;", "\"")
                    .replace("&#39;", "'")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&")
            } else {
                id.to_string()
            });
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

/// What `playbook check` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Also request every `http(s)` link.
    pub external: bool,
    pub limits: external::Limits,
}

/// Everything `check` found.
#[derive(Debug)]
pub struct CheckReport {
    /// Errors and warnings, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    pub pages: usize,
    /// Distinct external addresses requested (0 without `--external`).
    pub external: usize,
}

impl CheckReport {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    pub fn has_errors(&self) -> bool {
        self.errors() > 0
    }

    /// The last line: what was checked and how many problems.
    pub fn summary(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let mut checked = plural(self.pages, "page");
        if self.external > 0 {
            checked.push_str(&format!(" and {}", plural(self.external, "external link")));
        }
        let (errors, warnings) = (self.errors(), self.warnings());
        if errors + warnings == 0 {
            format!("checked {checked}: no problems found")
        } else {
            format!(
                "checked {checked}: {}, {}",
                plural(errors, "error"),
                plural(warnings, "warning")
            )
        }
    }
}

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.diagnostics {
            writeln!(f, "{diagnostic}")?;
        }
        write!(f, "{}", self.summary())
    }
}

/// Checks the playbook at `root`: renders the whole site, writing nothing, and gathers every
/// problem.
pub fn run(root: &Path, options: &CheckOptions) -> CheckReport {
    let project = match Project::locate(root) {
        Ok(project) => project,
        Err(diagnostic) => {
            return CheckReport {
                diagnostics: vec![diagnostic],
                pages: 0,
                external: 0,
            };
        }
    };
    let mut findings = render_nowhere(project);
    let external = if options.external {
        check_external(
            &findings.external_links,
            &options.limits,
            &mut findings.diagnostics,
        )
    } else {
        0
    };
    CheckReport {
        diagnostics: findings.diagnostics.into_sorted(),
        pages: findings.pages,
        external,
    }
}

/// A sink that keeps nothing: `check` writes no file.
struct Nowhere;

impl Sink for Nowhere {
    fn file(&mut self, _path: &str, _bytes: &[u8]) -> std::io::Result<()> {
        Ok(())
    }
}

/// What a build of `project` finds. When the theme cannot be loaded, its problems and the
/// book's, with the book's pages counted.
fn render_nowhere(project: Project) -> Findings {
    let output = project.output_dir(None);
    let mut diagnostics = Diagnostics::default();
    let Some(loaded) = Loaded::read(
        project.clone(),
        &BuildOptions::default(),
        &output,
        &mut diagnostics,
    ) else {
        let pages = count_pages(&project, &output);
        return Findings {
            pages,
            diagnostics,
            external_links: Vec::new(),
            written: false,
        };
    };
    loaded.render_site(&mut Nowhere, diagnostics)
}

/// The pages of the book, when nothing else could be read.
fn count_pages(project: &Project, output: &Path) -> usize {
    crate::pipeline::load_book(project, output, &mut Diagnostics::default())
        .pages
        .len()
}

/// Requests every external address once and reports each broken or doubtful one where it is
/// written; the number of addresses requested.
fn check_external(
    links: &[(PathBuf, PageLink)],
    limits: &external::Limits,
    diagnostics: &mut Diagnostics,
) -> usize {
    let mut places: BTreeMap<String, Vec<(&Path, usize, usize)>> = BTreeMap::new();
    for (page, link) in links {
        let address = link.url.split('#').next().unwrap_or_default().to_string();
        places
            .entry(address)
            .or_default()
            .push((page, link.line, link.column));
    }
    let addresses: Vec<String> = places.keys().cloned().collect();
    for (address, status) in external::check_all(&addresses, limits) {
        let Some(diagnostic) = status.diagnostic(&address) else {
            continue;
        };
        for (file, line, column) in places.get(&address).into_iter().flatten() {
            let mut d = diagnostic.clone().at(*line, *column);
            d.file = file.to_path_buf();
            diagnostics.push(d);
        }
    }
    addresses.len()
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

    #[test]
    fn summary_counts_problems() {
        let report = CheckReport {
            diagnostics: vec![
                Diagnostic::error("a.md", "x"),
                Diagnostic::warning("b.md", "y"),
            ],
            pages: 3,
            external: 0,
        };
        assert_eq!(report.summary(), "checked 3 pages: 1 error, 1 warning");
        assert!(report.has_errors());
        let clean = CheckReport {
            diagnostics: vec![],
            pages: 1,
            external: 2,
        };
        assert_eq!(
            clean.summary(),
            "checked 1 page and 2 external links: no problems found"
        );
    }
}
