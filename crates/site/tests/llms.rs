//! The site for machines: `llms.txt` and each page's markdown copy, on the fixture playbook in
//! `tests/fixtures/llms/` (parts, a calculator in a page and one in a hint, GitBook's tags,
//! links between pages, no description in the settings), and on the other fixtures: every
//! page has its copy beside its HTML, linked from its head, and every relative link in a copy
//! leads to a file of the site.

use std::collections::BTreeMap;
use std::path::Path;

use playbook_book::config::Project;
use playbook_site::check::{self, CheckOptions};
use playbook_site::{self as site, BuildOptions};

mod common;
use common::{fixture, percent_decode, render, render_with_warnings, text};

/// The fixture's site; its only warning is this binary's lack of the WebAssembly module.
fn site_of(dir: &Path, options: &BuildOptions) -> BTreeMap<String, Vec<u8>> {
    let project = Project::locate(dir).expect("a playbook");
    let output = project.output_dir(None);
    let mut files = BTreeMap::new();
    let generated = site::generate(&project, options, &output, &mut files)
        .unwrap_or_else(|failure| panic!("the build failed:\n{failure}"));
    for warning in &generated.warnings {
        assert!(
            warning.message.contains("WebAssembly module"),
            "unexpected warning: {warning}"
        );
    }
    files
}

#[test]
fn llms_txt_lists_the_pages_in_order_under_their_parts() {
    let files = site_of(&fixture("llms"), &BuildOptions::default());
    insta::assert_snapshot!("llms_txt", text(&files, "llms.txt"));
    let absolute = BuildOptions {
        base_url: Some("https://example.org/pb".to_string()),
        ..BuildOptions::default()
    };
    let files = site_of(&fixture("llms"), &absolute);
    let llms = text(&files, "llms.txt");
    assert!(
        llms.contains("- [Welcome](https://example.org/pb/index.md): A playbook"),
        "{llms}"
    );
    assert!(
        llms.contains("  - [Loss protection](https://example.org/pb/costs/loss/index.md): "),
        "{llms}"
    );
}

#[test]
fn copies_are_plain_markdown_with_the_built_results() {
    let files = site_of(&fixture("llms"), &BuildOptions::default());
    insta::assert_snapshot!("copy_calculator", text(&files, "costs/index.md"));
    insta::assert_snapshot!(
        "copy_calculator_in_hint",
        text(&files, "costs/loss/index.md")
    );
    insta::assert_snapshot!("copy_tags", text(&files, "habits/index.md"));
    // The results are the ones the HTML page shows, computed by the native model.
    let html = text(&files, "costs/index.html");
    for figure in ["$312,000", "$140,400", "$72,800"] {
        assert!(html.contains(figure), "{figure} not in the page");
        assert!(text(&files, "costs/index.md").contains(figure));
    }
}

#[test]
fn every_page_links_its_copy_and_the_copies_links_resolve() {
    let files = site_of(&fixture("llms"), &BuildOptions::default());
    assert_copies(&files, "llms");
    for name in ["gitbook", "gitbook-habits", "mdbook"] {
        // Their warnings are the other tests' business.
        let (files, _) = render_with_warnings(&fixture(name));
        assert_copies(&files, name);
    }
    let (files, _) = render_with_warnings(&fixture("mdbook"));
    let deployments = text(&files, "deployments/index.md");
    assert!(deployments.contains("set -euo pipefail"), "{deployments}");
    assert!(!deployments.contains("{{#include"), "{deployments}");
}

/// Each page's copy is beside it and named in its head, and the copies' relative links (but
/// those leaving the book, as written) lead to files of the site.
fn assert_copies(files: &BTreeMap<String, Vec<u8>>, name: &str) {
    let pages: Vec<&String> = files
        .keys()
        .filter(|path| path.ends_with("/index.html") || *path == "index.html")
        .filter(|path| !path.starts_with("_playbook/"))
        .collect();
    let mut linked = 0;
    for page in pages {
        let html = text(files, page);
        if html.contains("http-equiv=\"refresh\"") {
            continue;
        }
        let copy = page.replace("index.html", "index.md");
        assert!(files.contains_key(&copy), "{name}: no {copy}");
        assert!(
            html.contains("<link rel=\"alternate\" type=\"text/markdown\" href=\"index.md\">"),
            "{name}: {page} does not link its copy"
        );
        linked += links_resolve(files, &copy);
    }
    assert!(linked > 0, "{name}: no links checked");
}

/// Checks the relative `](address)` links of the copy at `path`; how many.
fn links_resolve(files: &BTreeMap<String, Vec<u8>>, path: &str) -> usize {
    let markdown = text(files, path);
    let folder = path.rfind('/').map_or("", |i| &path[..=i]);
    let mut checked = 0;
    let mut rest = markdown.as_str();
    while let Some(at) = rest.find("](") {
        let value = &rest[at + 2..];
        let end = destination_end(value);
        let address = value[..end].trim_start_matches('<').trim_end_matches('>');
        rest = &value[end..];
        if address.contains("://") || address.starts_with('#') || address.starts_with("mailto:") {
            continue;
        }
        let target = address.split(['#', '?']).next().unwrap_or_default();
        let mut parts: Vec<&str> = Vec::new();
        let full = format!("{folder}{}", percent_decode(target));
        let mut outside = false;
        for part in full.split('/') {
            match part {
                "." => {}
                ".." => outside |= parts.pop().is_none(),
                part => parts.push(part),
            }
        }
        if outside {
            // A link leaving the book is kept as written, with a warning at build time.
            continue;
        }
        let joined = parts.join("/");
        assert!(
            files.contains_key(&joined),
            "{address} in {path} points to {joined}, not in the output"
        );
        checked += 1;
    }
    checked
}

/// Where a link's destination ends: at a space or at the `)` that closes the link, brackets
/// inside it balanced as CommonMark reads them.
fn destination_end(value: &str) -> usize {
    let mut depth = 0;
    for (at, c) in value.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return at,
            ')' => depth -= 1,
            ' ' | '\n' => return at,
            _ => {}
        }
    }
    value.len()
}

#[test]
fn a_books_own_llms_txt_is_published_instead() {
    let temp = tempfile::tempdir().expect("temp folder");
    let dir = temp.path();
    std::fs::write(dir.join("SUMMARY.md"), "# Summary\n\n- [Home](README.md)\n").unwrap();
    std::fs::write(
        dir.join("README.md"),
        "# Home\n\nSee [our index](llms.txt).\n",
    )
    .unwrap();
    std::fs::write(dir.join("llms.txt"), "# Ours\n").unwrap();
    let files = site_of(dir, &BuildOptions::default());
    assert_eq!(text(&files, "llms.txt"), "# Ours\n");
    assert!(text(&files, "index.md").contains("[our index](llms.txt)"));
}

#[test]
fn copies_and_llms_txt_are_the_same_on_every_build_and_pass_check() {
    let first = site_of(&fixture("llms"), &BuildOptions::default());
    let second = site_of(&fixture("llms"), &BuildOptions::default());
    assert!(first == second, "two builds differ");
    let report = check::run(&fixture("llms"), &CheckOptions::default());
    assert!(!report.has_errors(), "{report}");
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| d.message.contains("WebAssembly")),
        "{report}"
    );
    // The 404 page, the sitemap and the search index know nothing of the copies.
    let files = render(&fixture("gitbook"));
    assert!(!text(&files, "404.html").contains("index.md"));
    assert!(
        files
            .iter()
            .filter(|(path, _)| path.starts_with("_playbook/search"))
            .all(|(_, bytes)| !String::from_utf8_lossy(bytes).contains("index.md"))
    );
}
