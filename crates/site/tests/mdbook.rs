//! mdBook books as they are: the fixture book in `tests/fixtures/mdbook/` (a `book.toml` with
//! `src`, extra CSS and JS, `site-url`, repository and edit links, redirects and keys playbook
//! does not use; prefix, numbered, draft and suffix chapters and no README; every include form,
//! `{{#rustdoc_include}}`, `{{#playground}}`, `{{#title}}`, escapes; `.html` links, custom ids,
//! maths and code in several languages) built from its root. `EXPECTED.md` beside it says what
//! mdBook makes of each construct.

use std::collections::BTreeMap;

mod common;
use common::{article, assert_addresses_resolve, fixture, render_with_warnings, text};

fn book() -> BTreeMap<String, Vec<u8>> {
    let (files, warnings) = render_with_warnings(&fixture("mdbook"));
    let shown: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
    // What mdBook itself would not do: run the preprocessor, and check the link out.
    assert_eq!(shown.len(), 2, "{shown:#?}");
    assert!(shown[0].contains("book.toml:18") && shown[0].contains("`preprocessor.last-changed`"));
    assert!(
        shown[1].contains("intro.md:26:22")
            && shown[1].contains("`../std/index.html` leaves the book")
    );
    files
}

#[test]
fn the_book_builds_from_its_root_with_its_settings() {
    let files = book();
    let home = text(&files, "index.html");
    assert!(home.contains("<title>The Ops Handbook</title>"), "{home}");
    assert!(home.contains("<html lang=\"en\">"));
    assert!(home.contains("<link rel=\"stylesheet\" href=\"theme/custom.css\">"));
    assert!(home.contains("<script defer src=\"theme/extra.js\"></script>"));
    assert!(files.contains_key("theme/custom.css") && files.contains_key("theme/extra.js"));
    // The first chapter is the home page: there is no README.
    assert!(article(&files, "index.html").contains("How this book is organised"));
    let paging = text(&files, "on-call/paging/index.html");
    assert!(paging.contains("https://github.com/example/ops-book/edit/main/src/on-call/paging.md"));
    // `git-repository-url`: a link in the header of every page, as mdBook's menu bar has.
    for page in [&home, &paging] {
        assert!(page.contains("repository-link\" href=\"https://github.com/example/ops-book\""));
    }
    assert!(text(&files, "404.html").contains("href=\"/ops-book/"));
    // `{{#title}}` names the page's `<title>` alone; the sidebar keeps SUMMARY's title.
    let incidents = text(&files, "incidents/index.html");
    assert!(incidents.contains("<title>Handling incidents: a field guide</title>"));
    assert!(incidents.contains("<span class=\"nav-number\">2.</span> Incident response</a>"));
}

#[test]
fn listed_chapters_are_numbered_as_mdbook_numbers_them() {
    let files = book();
    let home = text(&files, "index.html");
    let sidebar = &home[home.find("<ol class=\"nav-tree").unwrap()..];
    let sidebar = &sidebar[..sidebar.find("</nav>").unwrap_or(sidebar.len())];
    // Prefix and suffix chapters are not numbered; the numbers go on across parts, and a
    // draft chapter has its number too.
    for (number, title) in [
        ("1.", "On-call basics"),
        ("1.1.", "Paging and escalation"),
        ("2.", "Incident response"),
        ("3.", "Deployments"),
        ("3.1.", "Rollbacks"),
        ("4.", "Measuring reliability"),
        ("5.", "Capacity planning"),
    ] {
        let shown = format!("<span class=\"nav-number\">{number}</span> {title}<");
        assert!(sidebar.contains(&shown), "{shown} in {sidebar}");
    }
    assert_eq!(sidebar.matches("nav-number").count(), 7, "{sidebar}");
    assert!(sidebar.contains(">Introduction</a>") && sidebar.contains(">Glossary</a>"));
}

#[test]
fn old_html_addresses_and_book_toml_redirects_forward() {
    let files = book();
    for (file, target) in [
        ("intro.html", "./"),
        ("on-call.html", "on-call/"),
        ("on-call/paging.html", "paging/"),
        ("deployments/rollbacks.html", "rollbacks/"),
        ("pager.html", "on-call/paging/"),
        ("uptime.html", "reliability/#availability"),
        ("print.html", "_playbook/print.html"),
    ] {
        let page = text(&files, file);
        assert!(page.contains(&format!("url={target}\"")), "{file}: {page}");
    }
}

#[test]
fn includes_are_spliced_in_as_mdbook_splices_them() {
    let files = book();
    let deployments = without_tags(&article(&files, "deployments/index.html"));
    assert!(deployments.contains("set -euo pipefail"), "{deployments}");
    assert!(!deployments.contains("ANCHOR"), "{deployments}");
    assert!(article(&files, "deployments/index.html").contains("language-rust"));
    let rollbacks = without_tags(&article(&files, "deployments/rollbacks/index.html"));
    assert!(rollbacks.contains("wait_until_healthy"), "{rollbacks}");
    assert!(
        rollbacks.contains("ask a second person to watch"),
        "{rollbacks}"
    );
    assert!(!rollbacks.contains("ANCHOR"), "{rollbacks}");
    let paging = article(&files, "on-call/paging/index.html");
    assert!(paging.contains("<blockquote>"), "{paging}");
    // Only the escaped directives remain, without their backslash.
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with("index.html")) {
        let html = String::from_utf8_lossy(bytes);
        if path == "contributors/index.html" {
            assert!(html.contains("such as {{#include nope.md}}"), "{html}");
            assert!(html.contains("<code>{{#include listings/deploy.sh:2:6}}</code>"));
            assert!(!html.contains("\\{{#"));
        } else {
            assert!(!html.contains("{{#"), "a directive left in {path}");
        }
    }
    // The shared snippet is part of the pages that include it, not a page of its own.
    assert!(!files.keys().any(|file| file.contains("snippets")));
}

/// The text of some HTML, its tags left out (code is coloured in spans).
fn without_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

#[test]
fn links_in_mdbooks_forms_resolve() {
    let files = book();
    let home = article(&files, "index.html");
    for href in [
        "href=\"on-call/\"",
        "href=\"on-call/paging/\"",
        "href=\"incidents/#severity-levels\"",
        "href=\"deployments/\"",
        "href=\"deployments/rollbacks/#checklist\"",
        "href=\"#how-this-book-is-organised\"",
        "href=\"../std/index.html\"",
    ] {
        assert!(home.contains(href), "{href} in {home}");
    }
    // The 404 page's addresses start from `site-url`, where the site is to be served.
    let checked = assert_addresses_resolve(&files, |address| {
        address == "../std/index.html" || address.starts_with("/ops-book/")
    });
    assert!(checked > 100, "only {checked} addresses checked");
}

#[test]
fn pages_render_as_snapshotted() {
    let files = book();
    for (name, page) in [
        ("mdbook_includes", "deployments/index.html"),
        ("mdbook_rust_examples", "deployments/rollbacks/index.html"),
        ("mdbook_maths", "reliability/index.html"),
        ("mdbook_languages", "on-call/index.html"),
        ("mdbook_paging", "on-call/paging/index.html"),
    ] {
        insta::assert_snapshot!(name, article(&files, page));
    }
}

#[test]
fn rust_examples_follow_mdbooks_conventions() {
    let files = book();
    let rollbacks = article(&files, "deployments/rollbacks/index.html");
    // Hidden lines are there, hidden, with a button to show them; `#[derive]` is not hidden.
    assert!(rollbacks.contains("Show hidden lines"), "{rollbacks}");
    assert!(rollbacks.contains("does not compile"), "{rollbacks}");
    assert!(rollbacks.contains("panics"), "{rollbacks}");
    assert!(rollbacks.contains("not tested"), "{rollbacks}");
    let plain = without_tags(&rollbacks);
    assert!(
        plain.contains("#[derive(Debug, Clone, Copy, PartialEq)]"),
        "{plain}"
    );
    assert!(
        plain.contains("# Roll back checkout"),
        "the `##` escape shows one `#`"
    );
    assert!(!plain.contains("## Roll back checkout"));
    // Code is coloured by class, in several languages.
    let on_call = article(&files, "on-call/index.html");
    for class in ["language-yaml", "language-python", "hl-"] {
        assert!(on_call.contains(class), "{class} in {on_call}");
    }
    let maths = article(&files, "reliability/index.html");
    assert!(maths.contains("<math"), "{maths}");
}

#[test]
fn a_missing_extra_file_and_unused_theme_files_are_said_where_they_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("src")).unwrap();
    std::fs::create_dir_all(root.join("theme")).unwrap();
    let book = "[book]\ntitle = \"T\"\n[output.html]\nadditional-css = [\"gone.css\"]\n";
    std::fs::write(root.join("book.toml"), book).unwrap();
    std::fs::write(root.join("src/SUMMARY.md"), "- [A](a.md)\n").unwrap();
    std::fs::write(root.join("src/a.md"), "# A\n").unwrap();
    std::fs::write(root.join("theme/index.hbs"), "{{ content }}").unwrap();
    let (_, warnings) = render_with_warnings(root);
    let shown: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(shown.len(), 2, "{shown:#?}");
    assert!(
        shown
            .iter()
            .any(|w| w.contains("book.toml:4: cannot add `gone.css`")),
        "{shown:#?}"
    );
    assert!(
        shown
            .iter()
            .any(|w| w.contains("theme/index.hbs: mdBook's theme files are not used")),
        "{shown:#?}"
    );
}
