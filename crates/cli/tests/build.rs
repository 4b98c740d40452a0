//! `playbook build` on fixture playbooks: every SUMMARY entry has a page, links resolve to files
//! of the output, output is byte-identical from run to run, mistakes are reported with file and
//! line, and a failed build leaves the previous output as it was.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{copy_dir, files};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A fresh copy of a fixture in a temporary folder.
fn copy_of(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(name), dir.path());
    dir
}

/// A fresh copy of a fixture, built once into its `public/`.
fn built_copy_of(name: &str) -> tempfile::TempDir {
    let copy = copy_of(name);
    let built = playbook(&["build", copy.path().to_str().unwrap()]);
    assert!(built.status.success(), "{built:?}");
    copy
}

fn playbook(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_playbook"))
        .args(args)
        .output()
        .expect("the playbook binary runs")
}

/// The `href` and `src` values of an HTML page.
fn references(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(at) = rest.find(attribute) {
            rest = &rest[at + attribute.len()..];
            let end = rest.find('"').unwrap();
            out.push(
                rest[..end]
                    .replace("&#39;", "'")
                    .replace("&quot;", "\"")
                    .replace("&amp;", "&"),
            );
            rest = &rest[end..];
        }
    }
    out
}

/// Checks that every relative reference of every page (and the 404 page's, from the root)
/// resolves to a file of the site.
fn assert_links_resolve(site: &BTreeMap<String, Vec<u8>>) {
    for (path, bytes) in site {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let dir = Path::new(path).parent().unwrap_or(Path::new(""));
        for reference in references(&html) {
            if reference.contains("://")
                || reference.starts_with('#')
                || reference.starts_with("mailto:")
            {
                continue;
            }
            // The one `.md` a page names is its markdown copy, beside it; links between pages
            // go to their folders.
            assert!(
                !reference.ends_with(".md") || reference == "index.md",
                "{path}: {reference}"
            );
            // The 404 page is served at any depth, so it links from the host's root.
            let (from, reference) = match reference.strip_prefix('/') {
                Some(rooted) if path == "404.html" => (Path::new(""), rooted.to_string()),
                _ => (dir, reference),
            };
            let target = reference.split(['#', '?']).next().unwrap();
            let decoded = playbook_book::links::percent_decode(target);
            let joined = playbook_book::links::normalise(&from.join(&*decoded))
                .unwrap_or_else(|| panic!("{path}: {reference} leaves the site"));
            let mut key = playbook_book::links::slash_path(&joined);
            if target.is_empty() || target.ends_with('/') || key.is_empty() {
                key = if key.is_empty() {
                    "index.html".into()
                } else {
                    format!("{key}/index.html")
                };
            }
            assert!(
                site.contains_key(&key),
                "{path}: {reference} -> {key} is not in the site"
            );
        }
    }
}

#[test]
fn builds_every_page_with_links_that_resolve() {
    let copy = copy_of("basic");
    let root = copy.path();
    let output = playbook(&["build", root.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let site = files(&root.join("public"));
    for page in [
        "index.html",
        "guide/index.html",
        "guide/installing/index.html",
        "guide/writing/index.html",
        "appendix/index.html",
        "media files/flow chart (v2).svg",
        "media files/check list.txt",
        "404.html",
    ] {
        assert!(
            site.contains_key(page),
            "{page} missing: {:?}",
            site.keys().collect::<Vec<_>>()
        );
    }
    assert_links_resolve(&site);
    let writing = String::from_utf8_lossy(&site["guide/writing/index.html"]);
    assert!(writing.contains("id=\"tables-and-notes\""));
    assert!(writing.contains("id=\"tables-and-notes-1\""));
    assert!(writing.contains("<del>old text</del>"));
    assert!(writing.contains("<div class=\"raw\">Raw <em>HTML</em> passes through.</div>"));
    let installing = String::from_utf8_lossy(&site["guide/installing/index.html"]).into_owned();
    assert!(
        installing.contains("<title>Installing the tool"),
        "front matter title"
    );
    assert!(installing.contains("src=\"../../media%20files/flow%20chart%20(v2).svg\""));
    let start = String::from_utf8_lossy(&site["guide/index.html"]);
    assert!(start.contains("content=\"How to start with the fixture playbook.\""));
    // The draft is shown in the sidebar but not linked.
    assert!(start.contains("<span class=\"nav-draft\">Not written yet</span>"));
    // Sidebar marks the current page; breadcrumbs and previous/next follow SUMMARY.
    assert!(
        installing.contains("data-p=\"2\" aria-current=\"page\""),
        "the current page is marked"
    );
    assert!(
        installing.contains("<a href=\"../\">Getting started</a>"),
        "breadcrumbs"
    );
    assert!(installing.contains("rel=\"prev\" href=\"../\""));
    assert!(installing.contains("rel=\"next\" href=\"../writing/\""));
}

#[test]
fn same_input_gives_byte_identical_output() {
    let copy = copy_of("basic");
    let root = copy.path();
    let out_a = root.join("a");
    let out_b = root.join("b");
    for out in [&out_a, &out_b] {
        let output = playbook(&[
            "build",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(output.status.success());
    }
    assert_eq!(files(&out_a), files(&out_b));
}

#[test]
fn a_malformed_page_is_reported_and_the_previous_site_kept() {
    let copy = built_copy_of("basic");
    let root = copy.path();
    let before = files(&root.join("public"));
    let sources = files(root);
    std::fs::write(
        root.join("guide/writing.md"),
        "+++\ntitle = \"unterminated\n+++\n# Writing\n",
    )
    .unwrap();
    // Bad front matter is a problem in the content: `--strict` refuses it.
    let output = playbook(&["build", root.to_str().unwrap(), "--strict"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("guide/writing.md:2:"), "{stderr}");
    assert!(stderr.contains("help:"), "{stderr}");
    assert_eq!(
        files(&root.join("public")),
        before,
        "the previous output is untouched"
    );
    // Nothing the editor wrote was changed, apart from the edit itself.
    let mut after = files(root);
    after.retain(|path, _| !path.starts_with("public/"));
    let mut expected = sources;
    expected.retain(|path, _| !path.starts_with("public/"));
    expected.insert(
        "guide/writing.md".into(),
        b"+++\ntitle = \"unterminated\n+++\n# Writing\n".to_vec(),
    );
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );
}

#[test]
fn broken_links_and_missing_pages_publish_with_warnings_and_strict_refuses_them() {
    let copy = copy_of("basic");
    let root = copy.path();
    std::fs::write(
        root.join("appendix.md"),
        "# Appendix\n\nSee [gone](gone.md).\n",
    )
    .unwrap();
    std::fs::write(
        root.join("SUMMARY.md"),
        "- [Introduction](README.md)\n- [Appendix](appendix.md)\n- [Missing](missing.md)\n",
    )
    .unwrap();
    // Published: each problem a warning with file and line, counted at the end.
    let output = playbook(&["build", root.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warning: appendix.md:3:5: `gone.md` links to a page that does not exist"),
        "{stderr}"
    );
    assert!(stderr.contains("warning: SUMMARY.md:3:1: "), "{stderr}");
    assert!(
        stderr.contains("warning: guide/README.md: this page is not listed in SUMMARY.md"),
        "{stderr}"
    );
    assert!(
        stderr.contains(", 7 warnings: run `playbook check` for the list"),
        "{stderr}"
    );
    let appendix = std::fs::read_to_string(root.join("public/appendix/index.html")).unwrap();
    assert!(
        appendix.contains("href=\"gone.md\""),
        "the link is left as written"
    );
    // `--strict`, and `playbook check`, make them errors.
    let strict = playbook(&["build", root.to_str().unwrap(), "--strict"]);
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert_eq!(strict.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error: appendix.md:3:5: "), "{stderr}");
    assert!(stderr.contains("error: SUMMARY.md:3:1: "), "{stderr}");
    let check = playbook(&["check", root.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(1));
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn refuses_an_output_folder_it_did_not_create() {
    let copy = copy_of("basic");
    let root = copy.path();
    let foreign = root.join("mine");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "keep me").unwrap();
    let output = playbook(&[
        "build",
        root.to_str().unwrap(),
        "--out",
        foreign.to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    assert_eq!(
        std::fs::read(foreign.join("notes.txt")).unwrap(),
        b"keep me"
    );
    let output = playbook(&[
        "build",
        root.to_str().unwrap(),
        "--out",
        root.to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    assert!(root.join("SUMMARY.md").is_file());
}

#[test]
fn the_page_html_is_stable() {
    let copy = built_copy_of("basic");
    let root = copy.path();
    let html = std::fs::read_to_string(root.join("public/guide/writing/index.html")).unwrap();
    let start = html.find("<article").unwrap();
    let end = html.find("</article>").unwrap() + "</article>".len();
    insta::assert_snapshot!("writing_page_article", &html[start..end]);
}

#[test]
fn this_playbooks_summary_titles_match_its_page_headings() {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let summary = std::fs::read_to_string(content.join("SUMMARY.md")).unwrap();
    let mut checked = 0;
    for entry in playbook_book::summary::parse(&summary).entries() {
        let playbook_book::summary::Target::Page(path) = &entry.target else {
            continue;
        };
        let text = std::fs::read_to_string(content.join(path)).unwrap();
        let heading = text
            .lines()
            .find_map(|line| line.strip_prefix("# "))
            .unwrap_or_else(|| panic!("{path} has no level-one heading"));
        assert_eq!(heading.trim(), entry.title, "{path}");
        checked += 1;
    }
    assert!(checked > 30, "the playbook's pages were read");
}

#[test]
fn this_playbook_carries_no_placeholder_addresses() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let built = playbook(&[
        "build",
        root.to_str().unwrap(),
        "--out",
        site.to_str().unwrap(),
    ]);
    assert!(built.status.success(), "{built:?}");
    let site = files(&site);
    assert!(site.len() > 30, "the playbook was built");
    for (name, bytes) in &site {
        let text = String::from_utf8_lossy(bytes);
        for placeholder in ["example.org", "example.com", "github.com/example"] {
            assert!(!text.contains(placeholder), "{name} names {placeholder}");
        }
        assert!(
            !text.contains("class=\"edit-link\""),
            "{name} has an edit link, but the playbook names no repository"
        );
    }
}

#[test]
fn copies_and_llms_txt_follow_the_table_of_contents_from_build_to_build() {
    let copy = built_copy_of("basic");
    let root = copy.path();
    let site = files(&root.join("public"));
    for file in [
        "index.md",
        "guide/index.md",
        "appendix/index.md",
        "llms.txt",
    ] {
        assert!(site.contains_key(file), "{file} missing");
    }
    let llms = String::from_utf8_lossy(&site["llms.txt"]).into_owned();
    assert!(
        llms.contains("\n## Guide\n\n- [Getting started](guide/index.md)"),
        "{llms}"
    );
    assert!(
        llms.contains("  - [Installing the tool](guide/installing/index.md): A diagram"),
        "{llms}"
    );
    // A page taken out of the table of contents loses its copy and its line at the next build.
    let summary = std::fs::read_to_string(root.join("SUMMARY.md")).unwrap();
    std::fs::write(
        root.join("SUMMARY.md"),
        summary.replace("- [Appendix](appendix.md)\n", ""),
    )
    .unwrap();
    std::fs::remove_file(root.join("appendix.md")).unwrap();
    let rebuilt = playbook(&["build", root.to_str().unwrap()]);
    assert!(rebuilt.status.success(), "{rebuilt:?}");
    let site = files(&root.join("public"));
    assert!(!site.contains_key("appendix/index.md"));
    assert!(!site.contains_key("appendix/index.html"));
    assert!(!String::from_utf8_lossy(&site["llms.txt"]).contains("appendix"));
    assert!(site.contains_key("guide/index.md"));
}
