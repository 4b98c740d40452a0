use std::path::{Path, PathBuf};

use super::fill_slots;
use crate::{LinkResolver, PageSource, calculator_slot};

/// `text` rendered as `ops/costs.md` (address `ops/costs/`) in a book of three pages.
fn copy_of(text: &str) -> crate::Rendered {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("ops")).unwrap();
    std::fs::write(dir.path().join("chart.png"), "png").unwrap();
    let mut pages = crate::page::PathMap::default();
    pages.insert(PathBuf::from("README.md"), String::new());
    pages.insert(PathBuf::from("ops/README.md"), "ops/".to_string());
    pages.insert(PathBuf::from("ops/costs.md"), "ops/costs/".to_string());
    let mut titles = crate::page::PathMap::default();
    titles.insert(PathBuf::from("ops/README.md"), "Operations".to_string());
    let resolver = LinkResolver {
        source_dir: dir.path(),
        pages: &pages,
        titles: &titles,
        canonical_source: &Default::default(),
        summary: Path::new("SUMMARY.md"),
    };
    crate::render(
        &PageSource::new(Path::new("ops/costs.md"), "ops/costs/", text),
        &resolver,
    )
}

#[test]
fn a_page_without_tags_is_copied_with_its_links_pointing_at_copies() {
    let text = "# Costs\n\nSee [ops](README.md#a), [home][h], [web](https://x.org) and ![c](../chart.png).\n\n<img src=\"../chart.png\">\n\n[h]: ../README.md\n";
    let out = copy_of(text);
    assert_eq!(
        out.markdown,
        "# Costs\n\nSee [ops](../index.md#a), [home][h], [web](https://x.org) and ![c](../../chart.png).\n\n<img src=\"../../chart.png\">\n\n[h]: ../../index.md\n"
    );
}

#[test]
fn hints_become_blockquotes_led_by_their_style() {
    let text = "# T\n\n{% hint style=\"warning\" %}\nMind **this**.\n\n- one\n{% endhint %}\n\nAfter.\n\n{% hint %}\nPlain.\n{% endhint %}\n";
    let out = copy_of(text);
    assert_eq!(
        out.markdown,
        "# T\n\n> **Warning:**\n>\n> Mind **this**.\n>\n> - one\n\nAfter.\n\n> **Info:**\n>\n> Plain.\n"
    );
}

#[test]
fn tabs_become_bold_titles_over_their_content() {
    let text = "{% tabs %}\n{% tab title=\"First [1]\" %}\nOne.\n{% endtab %}\n\n{% tab %}\nTwo [costs](costs.md).\n{% endtab %}\n{% endtabs %}\n";
    let out = copy_of(text);
    assert_eq!(
        out.markdown,
        "**First \\[1\\]**\n\nOne.\n\n**Tab 2**\n\nTwo [costs](index.md).\n"
    );
}

#[test]
fn cards_and_code_become_links_titled_as_on_the_page() {
    let text = "{% embed url=\"https://example.org/v\" %}\n\n{% content-ref url=\"README.md\" %}\n[Ops](README.md)\n{% endcontent-ref %}\n\n{% content-ref url=\"../README.md\" %}{% endcontent-ref %}\n\n{% code title=\"main.rs\" %}\n```rust\nfn main() {}\n```\n{% endcode %}\n";
    let out = copy_of(text);
    assert_eq!(
        out.markdown,
        "[https://example.org/v](https://example.org/v)\n\n[Operations](../index.md)\n\n[../README.md](../../index.md)\n\n**main.rs**\n\n```rust\nfn main() {}\n```\n"
    );
    assert!(!out.markdown.contains("{%"));
}

#[test]
fn calculator_blocks_leave_a_slot_even_in_a_hint() {
    let text = "Before.\n\n```calculator run-cost\nteams = 3\n```\n\n{% hint %}\n~~~calculator selector\n~~~\n{% endhint %}\n\nAfter $5 and $10.\n";
    let out = copy_of(text);
    assert_eq!(out.calculators.len(), 2);
    let expected = format!(
        "Before.\n\n{}\n\n> **Info:**\n>\n> {}\n\nAfter $5 and $10.\n",
        calculator_slot(0),
        calculator_slot(1)
    );
    assert_eq!(out.markdown, expected);
    let filled = fill_slots(&out.markdown, &["A\n\n- b".into(), "C\n\nD".into()]);
    assert_eq!(
        filled,
        "Before.\n\nA\n\n- b\n\n> **Info:**\n>\n> C\n>\n> D\n\nAfter $5 and $10.\n"
    );
}

#[test]
fn dollars_guarded_for_maths_are_copied_as_written() {
    let out = copy_of("From $20,000 to **$200,000** a year.\n");
    assert_eq!(out.markdown, "From $20,000 to **$200,000** a year.\n");
}

#[test]
fn shown_tags_are_defused() {
    let out = copy_of("Write `{% hint %}` like this.\n");
    assert_eq!(out.markdown, "Write `{\u{2060}% hint %}` like this.\n");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
    #[test]
    fn any_page_gets_a_copy_without_tag_openers(text in "([\\[\\]()<>!\"= \n#>-]|README\\.md|\\.\\./|costs\\.md|\\{% hint %\\}|\\{% endhint %\\}|\\{% tabs %\\}|\\{% tab title=\"a\" %\\}|\\{% endtab %\\}|\\{% content-ref url=\"README.md\" %\\}|```calculator x\n|```\n|~~~|a){0,48}") {
        let out = copy_of(&text);
        proptest::prop_assert!(!out.markdown.contains("{%"), "{}", out.markdown);
        let slots = out.markdown.matches("\u{E000}calculator:").count();
        proptest::prop_assert_eq!(slots, out.calculators.len(), "{}", out.markdown);
    }
}
