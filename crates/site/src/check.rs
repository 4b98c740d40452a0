//! `playbook check`: builds the site in memory (writing nothing) and lists every problem at once,
//! each with its file and line: broken links, missing anchors, images and files, SUMMARY.md
//! entries that point nowhere or twice, pages left out of SUMMARY.md, unknown tags, and, with
//! `--external`, links to other sites that do not answer.
//!
//! `check` is the build, written nowhere: it reads what the build collected (problems, external
//! links) instead of rendering again, so `build` and `check` agree on what is an error.

pub mod external;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::output::Sink;
use crate::pipeline::{BuildOptions, Findings, Loaded};
use playbook_book::config::Project;
use playbook_book::diagnostics::{Diagnostic, Diagnostics};
use playbook_markdown::PageLink;

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
    // `check` holds the content to the strict standard: every problem is an error.
    let options = BuildOptions {
        strict: true,
        ..BuildOptions::default()
    };
    let Some(loaded) = Loaded::read(project.clone(), &options, &output, &mut diagnostics) else {
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
