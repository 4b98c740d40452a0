//! GitBook repositories as they are: the fixture playbook in `tests/fixtures/gitbook/` (a
//! `.gitbook.yaml` with `root`, `structure` and redirects, parts, folder links, every block tag,
//! HTML in tables, escapes, assets with spaces and brackets) is rendered in memory and its pages
//! snapshotted; `tests/fixtures/gitbook-broken/` holds planted mistakes for `check`'s report.
//! Also: no `{%` in any output file, every relative address in the output resolves, this
//! repository's own playbook passes `check`, and `check --external` against a local server.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use playbook_book::config::Project;
use playbook_site::check::{self, CheckOptions, external};
use playbook_site::{self as site, BuildOptions};

mod common;
use common::{article, assert_addresses_resolve, fixture, render, text};

#[test]
fn pages_keep_gitbooks_addresses_and_redirects_forward() {
    let files = render(&fixture("gitbook"));
    for path in [
        "index.html",
        "what-is-ops-run-it/index.html",
        "what-is-ops-run-it/handoffs/index.html",
        "you-build-it-you-run-it/index.html",
        "you-build-it-you-run-it/on-call/index.html",
        "reference/index.html",
        "reference/blocks/index.html",
        "reference/tables-and-html/index.html",
        "reference/code-and-maths/index.html",
        ".gitbook/assets/Ops chart (v2) [final].png",
        ".gitbook/assets/team diagram.svg",
        ".gitbook/assets/runbook template.pdf",
        "ops-run-it/index.html",
        "guides/on-call.html",
        "old/handoff-costs/index.html",
    ] {
        assert!(files.contains_key(path), "missing {path}");
    }
    insta::assert_snapshot!("redirect_folder", text(&files, "ops-run-it/index.html"));
    insta::assert_snapshot!("redirect_html_file", text(&files, "guides/on-call.html"));
    insta::assert_snapshot!(
        "redirect_with_anchor",
        text(&files, "old/handoff-costs/index.html")
    );
}

#[test]
fn pages_render_blocks_tables_and_links() {
    let files = render(&fixture("gitbook"));
    insta::assert_snapshot!("home", article(&files, "index.html"));
    insta::assert_snapshot!(
        "section_readme",
        article(&files, "what-is-ops-run-it/index.html")
    );
    insta::assert_snapshot!(
        "handoffs",
        article(&files, "what-is-ops-run-it/handoffs/index.html")
    );
    insta::assert_snapshot!(
        "content_refs",
        article(&files, "you-build-it-you-run-it/index.html")
    );
    insta::assert_snapshot!(
        "tabs_and_code",
        article(&files, "you-build-it-you-run-it/on-call/index.html")
    );
    insta::assert_snapshot!("blocks", article(&files, "reference/blocks/index.html"));
    insta::assert_snapshot!(
        "tables_and_html",
        article(&files, "reference/tables-and-html/index.html")
    );
    insta::assert_snapshot!(
        "code_and_maths",
        article(&files, "reference/code-and-maths/index.html")
    );
}

/// The `<pre>` blocks of some HTML, in order.
fn pre_blocks(html: &str) -> Vec<&str> {
    html.split("<pre>")
        .skip(1)
        .map(|block| &block[..block.find("</pre>").expect("a closed <pre>")])
        .collect()
}

#[test]
fn code_is_coloured_per_language_and_maths_is_mathml() {
    let files = render(&fixture("gitbook"));
    let page = article(&files, "reference/code-and-maths/index.html");
    let blocks = pre_blocks(&page);
    assert_eq!(blocks.len(), 9, "{page}");
    // Each language's grammar, seen by a token only it colours this way.
    let expected = [
        (
            "rust",
            "<span class=\"hl-storage hl-type hl-function hl-rust\">fn</span>",
        ),
        (
            "python",
            "<span class=\"hl-keyword hl-declaration hl-function hl-python\">def</span>",
        ),
        (
            "yaml",
            "<span class=\"hl-entity hl-name hl-tag hl-yaml\">service</span>",
        ),
        (
            "bash",
            "<span class=\"hl-variable hl-other hl-readwrite hl-shell\">SERVICE</span>",
        ),
        (
            "json",
            "<span class=\"hl-constant hl-language hl-json\">true</span>",
        ),
    ];
    for (block, (language, token)) in blocks.iter().zip(expected) {
        let class = format!("<code class=\"language-{language}\">");
        assert!(block.starts_with(&class), "{block}");
        assert!(block.contains("<span class=\"hl-source"), "{block}");
        assert!(block.contains(token), "{language}: {block}");
    }
    // An unknown language is plain, escaped code.
    assert_eq!(
        blocks[5],
        "<code class=\"language-klingon\">Qapla'! &lt;not a tag&gt;\n</code>"
    );
    // Numbered lines: one span per line, each balanced, the string going on over its lines.
    let lines: Vec<&str> = blocks[6].trim_end_matches("</code>").lines().collect();
    assert_eq!(lines.len(), 4, "{}", blocks[6]);
    for line in &lines {
        assert!(line.contains("<span class=\"line\">"), "{line}");
        assert_eq!(
            line.matches("<span").count(),
            line.matches("</span>").count(),
            "{line}"
        );
    }
    assert!(lines[1].contains("hl-string"), "{}", lines[1]);
    // Rust examples: labels, hidden lines and their toggle.
    assert!(page.contains("<span class=\"code-marker\">not tested</span>"));
    assert!(page.contains("<span class=\"code-marker\">does not compile</span>"));
    assert!(page.contains("<span class=\"code-marker\">panics</span>"));
    assert_eq!(
        page.matches("<span class=\"hidden-line\">").count(),
        3,
        "{page}"
    );
    assert_eq!(
        page.matches("aria-pressed=\"false\">Show hidden lines</button>")
            .count(),
        2
    );
    assert!(
        blocks[7].starts_with("<code class=\"language-rust\">"),
        "{}",
        blocks[7]
    );
    // Maths: inline and display MathML; prices are text.
    assert_eq!(page.matches("<math").count(), 4, "{page}");
    assert_eq!(page.matches("<math display=\"block\"").count(), 1, "{page}");
    assert!(page.contains("$5 and $10, or $5-$10, stay text."), "{page}");
}

#[test]
fn no_tag_syntax_or_inline_style_reaches_the_output() {
    for name in ["gitbook", "gitbook-broken"] {
        let project = Project::locate(&fixture(name)).expect("a playbook");
        let mut files = BTreeMap::new();
        // The broken fixture fails; what it rendered before failing must still be clean.
        let _ = site::generate(
            &project,
            &BuildOptions::default(),
            &project.output_dir(None),
            &mut files,
        );
        for (path, bytes) in &files {
            let content = String::from_utf8_lossy(bytes);
            assert!(!content.contains("{%"), "`{{%` in {name}/{path}");
        }
    }
    let files = render(&fixture("gitbook"));
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        let content = match (html.find("<article"), html.find("</article>")) {
            (Some(start), Some(end)) => &html[start..end],
            _ => continue,
        };
        let inside_tags = content
            .match_indices(" style=")
            .any(|(at, _)| content[..at].rfind('<') > content[..at].rfind('>'));
        assert!(!inside_tags, "inline style in {path}");
        assert!(!content.contains("<script"), "script in {path}");
    }
}

#[test]
fn every_relative_address_in_the_output_resolves() {
    let files = render(&fixture("gitbook"));
    let checked = assert_addresses_resolve(&files, |_| false);
    assert!(checked > 100, "only {checked} addresses checked");
}

#[test]
fn check_passes_the_fixture_and_lists_every_planted_mistake() {
    let good = check::run(&fixture("gitbook"), &CheckOptions::default());
    insta::assert_snapshot!("check_clean", good.to_string());
    assert!(!good.has_errors());
    let broken = check::run(&fixture("gitbook-broken"), &CheckOptions::default());
    insta::assert_snapshot!("check_broken", broken.to_string());
    assert!(broken.has_errors());
}

#[test]
fn this_repositorys_playbook_passes_check() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let report = check::run(&root, &CheckOptions::default());
    assert!(!report.has_errors(), "{report}");
    assert!(report.pages > 10, "{report}");
}

#[test]
fn gitbook_yaml_structure_renames_summary_and_home() {
    let temp = tempfile::tempdir().expect("temp folder");
    let dir = temp.path();
    std::fs::create_dir_all(dir.join("book")).expect("temp folder");
    let write = |path: &str, text: &str| std::fs::write(dir.join(path), text).expect("write");
    write(
        ".gitbook.yaml",
        "root: book\nstructure:\n  readme: intro.md\n  summary: toc.md\n",
    );
    write(
        "book/toc.md",
        "# Contents\n\n* [Intro](intro.md)\n* [Next](next.md)\n",
    );
    write("book/intro.md", "# Intro\n\nSee [next](next.md).\n");
    write(
        "book/next.md",
        "# Next\n\nBack to the [intro](intro.md#intro).\n",
    );
    let files = render(dir);
    assert!(article(&files, "index.html").contains("<a href=\"next/\">next</a>"));
    assert!(article(&files, "next/index.html").contains("<a href=\"../#intro\">intro</a>"));
    assert!(!files.contains_key("intro/index.html"));
}

/// A tiny HTTP server on 127.0.0.1: `/ok` is 200, `/gone` 404, `/no-head` refuses HEAD (405)
/// but answers GET, `/slow` never answers. Stops when the flag is set.
fn serve(stop: Arc<AtomicBool>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
    listener.set_nonblocking(true).expect("non-blocking");
    let port = listener.local_addr().expect("address").port();
    std::thread::spawn(move || {
        while !stop.load(Ordering::Relaxed) {
            let Ok((stream, _)) = listener.accept() else {
                std::thread::sleep(Duration::from_millis(5));
                continue;
            };
            let _ = stream.set_nonblocking(false);
            std::thread::spawn(move || {
                let mut reader = BufReader::new(&stream);
                let mut request = String::new();
                if reader.read_line(&mut request).is_err() {
                    return;
                }
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let mut parts = request.split_whitespace();
                let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                let status = match (method, path) {
                    (_, "/ok") => "200 OK",
                    ("HEAD", "/no-head") => "405 Method Not Allowed",
                    ("GET", "/no-head") => "200 OK",
                    (_, "/to-metadata") => {
                        "302 Found\r\nlocation: http://169.254.169.254/latest/meta-data/"
                    }
                    (_, "/to-private") => "301 Moved Permanently\r\nlocation: //10.0.0.1/x",
                    (_, "/to-ok") => "302 Found\r\nlocation: /ok",
                    (_, "/slow") => {
                        std::thread::sleep(Duration::from_secs(3));
                        return;
                    }
                    _ => "404 Not Found",
                };
                let mut stream = &stream;
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                );
            });
        }
    });
    port
}

#[test]
fn external_links_are_checked_against_a_local_server() {
    let stop = Arc::new(AtomicBool::new(false));
    let port = serve(stop.clone());
    let base = format!("http://127.0.0.1:{port}");
    let addresses: Vec<String> = [
        "/ok",
        "/gone",
        "/no-head",
        "/slow",
        "/to-metadata",
        "/to-private",
        "/to-ok",
    ]
    .iter()
    .map(|p| format!("{base}{p}"))
    .collect();
    let limits = external::Limits {
        concurrency: 2,
        timeout: Duration::from_millis(800),
        allow_local: vec![std::net::Ipv4Addr::LOCALHOST.into()],
    };
    let results = external::check_all(&addresses, &limits);
    let outcomes: Vec<&external::LinkStatus> = results.iter().map(|(_, o)| o).collect();
    assert_eq!(outcomes[0], &external::LinkStatus::Ok);
    assert!(
        matches!(outcomes[1], external::LinkStatus::Broken(r) if r.contains("404")),
        "{outcomes:?}"
    );
    assert_eq!(outcomes[2], &external::LinkStatus::Ok);
    assert!(
        matches!(outcomes[3], external::LinkStatus::Doubtful(r) if r.contains("no answer")),
        "{outcomes:?}"
    );
    // Redirects are followed one at a time, and none to a local or private address.
    for (outcome, to) in [(outcomes[4], "169.254.169.254"), (outcomes[5], "10.0.0.1")] {
        assert!(
            matches!(outcome, external::LinkStatus::Doubtful(r) if r.contains("redirects to") && r.contains(to) && r.contains("not requested")),
            "{outcomes:?}"
        );
    }
    assert_eq!(outcomes[6], &external::LinkStatus::Ok);
    // Without the test's own server allowed, a local address is not requested at all.
    let refused = external::check_all(&addresses[..1], &external::Limits::default());
    assert!(
        matches!(&refused[0].1, external::LinkStatus::Doubtful(r) if r.contains("127.0.0.1")),
        "{refused:?}"
    );

    // The same through `check --external`, placed at the link's line.
    let temp = tempfile::tempdir().expect("temp folder");
    let dir = temp.path();
    std::fs::write(dir.join("SUMMARY.md"), "* [Home](README.md)\n").expect("write");
    std::fs::write(
        dir.join("README.md"),
        format!("# Home\n\n[fine]({base}/ok) and\n[gone]({base}/gone#part).\n\n{{% embed url=\"{base}/gone\" %}}\n"),
    )
    .expect("write");
    let options = CheckOptions {
        external: true,
        limits,
    };
    let report = check::run(dir, &options);
    stop.store(true, Ordering::Relaxed);
    let shown: Vec<String> = report.diagnostics.iter().map(|d| d.location()).collect();
    // The link and the embed name the same missing address: one problem, counted twice.
    assert_eq!(shown, ["README.md:4:1"], "{report}");
    assert_eq!(report.diagnostics[0].repeats, 1, "{report}");
    assert!(report.has_errors());
    assert_eq!(report.external, 2, "{report}");
}

/// The part of `html` from `start` to the end of the element that closes with `end`.
fn between(html: &str, start: &str, end: &str) -> String {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in {html}"));
    let to = html[from..].find(end).expect("the element's end") + from + end.len();
    html[from..to].to_string()
}

#[test]
fn a_gitbook_repository_without_a_summary_is_shown_as_gitbook_shows_it() {
    // `tests/fixtures/gitbook-habits/`: `.gitbook.yml` (with a key GitBook has and playbook does
    // not, behind a byte-order mark) and no summary; `.bookignore`; pages of several `#`
    // headings, a page with none, a folder without a README, GitBook-style anchors, email
    // addresses, forty embeds, a cover and a description in front matter, long code in a table.
    let dir = fixture("gitbook-habits");
    let project = Project::locate(&dir).expect("a playbook without a summary file");
    let output = project.output_dir(None);
    let mut files = BTreeMap::new();
    let generated = site::generate(&project, &BuildOptions::default(), &output, &mut files)
        .unwrap_or_else(|failure| panic!("the build failed:\n{failure}"));
    let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
    insta::assert_snapshot!("habits_warnings", warnings.join("\n"));
    let home = text(&files, "index.html");
    insta::assert_snapshot!(
        "habits_sidebar",
        between(&home, "<ol class=\"nav-tree", "</nav>")
    );
    insta::assert_snapshot!("habits_home", article(&files, "index.html"));
    let on_call = text(&files, "on-call/index.html");
    insta::assert_snapshot!(
        "habits_on_this_page",
        between(&on_call, "<aside class=\"page-toc\"", "</aside>")
    );
    insta::assert_snapshot!(
        "habits_handover",
        article(&files, "on-call/handover/index.html")
    );
    insta::assert_snapshot!("habits_releases", article(&files, "releases/index.html"));
    assert!(
        files.contains_key(".gitbook/assets/cover.svg"),
        "the cover is copied"
    );
    assert!(
        !files.keys().any(|f| f.starts_with("drafts/")),
        "ignored pages stay out"
    );
    let embeds = article(&files, "reference/embeds/index.html");
    assert_eq!(
        embeds.matches("<figure class=\"card card-embed").count(),
        40,
        "{embeds}"
    );
    insta::assert_snapshot!(
        "habits_platforms",
        article(&files, "reference/platforms/index.html")
    );
    insta::assert_snapshot!(
        "habits_platforms_contents",
        between(
            &text(&files, "reference/platforms/index.html"),
            "<aside class=\"page-toc\"",
            "</aside>"
        )
    );
    // `check` finds nothing wrong: only warnings (the settings', a link without its `.md`, text
    // left after an end tag).
    let report = check::run(&dir, &CheckOptions::default());
    assert!(!report.has_errors(), "{report}");
    insta::assert_snapshot!("habits_check", report.to_string());
}
