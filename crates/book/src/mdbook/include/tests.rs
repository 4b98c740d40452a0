use super::*;

/// A book folder with `files` written, and the expansion of `page`'s text.
fn expanded(files: &[(&str, &str)], page: &str) -> (tempfile::TempDir, Option<Expansion>) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    for (path, text) in files {
        let full = root.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
    let source = root.join("src");
    std::fs::create_dir_all(source.join("ch")).unwrap();
    let bounds = Bounds {
        source: &source,
        root: &root,
    };
    let expansion = expand(page, 0, Path::new("ch/page.md"), bounds);
    (dir, expansion)
}

const CODE: &str = "// ANCHOR: all\nfn main() {\n    // ANCHOR: body\n    println!(\"hi\");\n    // ANCHOR_END: body\n}\n// ANCHOR_END: all\n";

#[test]
fn a_page_without_directives_is_left_alone() {
    let page = "# Title\n\nA {{ template }} and {x}.\n";
    let (_dir, expansion) = expanded(&[], page);
    let expansion = expansion.unwrap();
    assert_eq!(expansion.text, page);
    assert_eq!(expansion.origin.splices, Splices::default());
    assert_eq!(expanded(&[], "# Plain\n").1, None);
}

#[test]
fn includes_ranges_and_anchors_relative_to_the_page() {
    let page = "```rust\n{{#include ../../listings/main.rs:body}}\n```\nLine: {{#include ../../listings/main.rs:2}}\n";
    let (_dir, expansion) = expanded(&[("listings/main.rs", CODE)], page);
    let expansion = expansion.unwrap();
    assert!(expansion.problems.is_empty(), "{:?}", expansion.problems);
    assert_eq!(
        expansion.text,
        "```rust\n    println!(\"hi\");\n```\nLine: fn main() {\n"
    );
    assert_eq!(expansion.included.len(), 2);
}

#[test]
fn rustdoc_include_hides_the_rest_and_playground_makes_a_block() {
    let page = "{{#rustdoc_include ../../listings/main.rs:body}}\n\n{{#playground ../../listings/main.rs editable}}\n";
    let (_dir, expansion) = expanded(&[("listings/main.rs", CODE)], page);
    let text = expansion.unwrap().text;
    assert!(
        text.starts_with("# fn main() {\n    println!(\"hi\");\n# }\n\n```rust,editable\n"),
        "{text}"
    );
    assert!(!text.contains("ANCHOR"), "{text}");
    assert!(text.ends_with("```\n"), "{text}");
}

#[test]
fn title_is_taken_and_escapes_are_written_as_they_stand() {
    let page = "{{#title Custom page}}\n# Heading\n\\{{#include nope.md}}\n";
    let (_dir, expansion) = expanded(&[], page);
    let expansion = expansion.unwrap();
    assert_eq!(expansion.title.as_deref(), Some("Custom page"));
    assert_eq!(expansion.text, "\n# Heading\n{{#include nope.md}}\n");
    assert!(expansion.problems.is_empty());
}

#[test]
fn included_markdown_is_expanded_from_its_own_folder() {
    let files = [
        ("src/snippets/note.md", "Note: {{#include part.md}}"),
        ("src/snippets/part.md", "the part"),
    ];
    let (_dir, expansion) = expanded(&files, "See {{#include ../snippets/note.md}}.\n");
    assert_eq!(expansion.unwrap().text, "See Note: the part.\n");
}

#[test]
fn mistakes_name_the_pages_line_and_leave_the_directive() {
    let page = "one\n{{#include missing.rs}}\n{{#include ../../listings/main.rs:nowhere}}\n{{#include ../../../../etc/passwd}}\n";
    let (_dir, expansion) = expanded(&[("listings/main.rs", CODE)], page);
    let expansion = expansion.unwrap();
    assert_eq!(expansion.text, page);
    let lines: Vec<usize> = expansion.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [2, 3, 4], "{:?}", expansion.problems);
    assert!(expansion.problems[0].message.contains("no such file"));
    assert!(
        expansion.problems[1]
            .message
            .contains("no anchor `nowhere`")
    );
    assert!(
        expansion.problems[2]
            .message
            .contains("outside the playbook")
    );
    assert_eq!(expansion.problems[0].file, Path::new("ch/page.md"));
}

#[test]
fn a_file_including_itself_is_said_once_and_left_as_written() {
    let (_dir, expansion) = expanded(
        &[("src/ch/loop.md", "x{{#include loop.md}}")],
        "{{#include loop.md}}\n",
    );
    let expansion = expansion.unwrap();
    assert_eq!(expansion.problems.len(), 1, "{:?}", expansion.problems);
    assert!(expansion.problems[0].message.contains("includes itself"));
    assert_eq!(expansion.text, "x{{#include loop.md}}\n");
}

#[test]
fn a_page_included_by_what_it_includes_is_a_loop_said_once() {
    let (dir, _) = expanded(
        &[("src/ch/b.md", "b{{#include page.md}}{{#include c.md}}")],
        "",
    );
    let source = dir.path().join("src");
    let page = "a{{#include b.md}} {{#include missing.md}}\n";
    std::fs::write(source.join("ch/page.md"), page).unwrap();
    std::fs::write(source.join("ch/c.md"), "c").unwrap();
    let root = dir.path().canonicalize().unwrap();
    let bounds = Bounds {
        source: &root.join("src"),
        root: &root,
    };
    let expansion = expand(page, 0, Path::new("ch/page.md"), bounds).unwrap();
    assert_eq!(
        expansion.text,
        "ab{{#include page.md}}c {{#include missing.md}}\n"
    );
    let messages: Vec<&str> = expansion
        .problems
        .iter()
        .map(|p| p.message.as_str())
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0].contains("`page.md` includes itself"),
        "{messages:?}"
    );
    assert!(messages[1].contains("no such file"), "{messages:?}");
}

#[test]
fn a_chain_of_different_files_stops_ten_deep() {
    let files: Vec<(String, String)> = (0..12)
        .map(|n| {
            (
                format!("src/ch/f{n}.md"),
                format!("{n} {{{{#include f{}.md}}}}", n + 1),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let (_dir, expansion) = expanded(&files, "{{#include f0.md}}");
    let expansion = expansion.unwrap();
    assert_eq!(expansion.problems.len(), 1, "{:?}", expansion.problems);
    assert!(expansion.problems[0].message.contains("10 files deep"));
    assert!(
        expansion
            .text
            .starts_with("0 1 2 3 4 5 6 7 8 9 {{#include f10.md}}"),
        "{}",
        expansion.text
    );
}

#[test]
fn includes_cannot_grow_a_page_past_the_limit() {
    let big = "x".repeat(600 * 1024);
    let page = "{{#include big.txt}}\n".repeat(20);
    let (_dir, expansion) = expanded(&[("src/ch/big.txt", &big)], &page);
    let expansion = expansion.unwrap();
    assert!(
        expansion.text.len() as u64 <= MAX_TEXT_BYTES,
        "{}",
        expansion.text.len()
    );
    assert_eq!(expansion.problems.len(), 1, "{:?}", expansion.problems);
}

#[test]
fn offsets_map_back_to_the_file() {
    let page = "ab{{#include x.md}}cd\n{{#title T}}ef";
    let (_dir, expansion) = expanded(&[("src/ch/x.md", "12345")], page);
    let expansion = expansion.unwrap();
    assert_eq!(expansion.text, "ab12345cd\nef");
    let original = |o| expansion.origin.splices.original(o);
    assert_eq!(original(1), 1);
    assert_eq!(original(4), 2);
    assert_eq!(original(7), 19);
    assert_eq!(original(10), page.find("ef").unwrap());
    assert_eq!(expansion.origin.line_column(10), (2, 13));
}

#[test]
fn many_openings_on_one_line_are_scanned_once() {
    let page = format!("{}\n", "{{#include a ".repeat(100_000));
    let (_dir, expansion) = expanded(&[], &page);
    assert_eq!(expansion.unwrap().text, page);
}
