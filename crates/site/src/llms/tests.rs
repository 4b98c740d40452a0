use std::path::PathBuf;

use playbook_book::{Book, NavLink, NavNode, Page};

use super::{Index, PageSummary};

fn entry(title: &str, link: NavLink, children: Vec<NavNode>) -> NavNode {
    NavNode::Entry {
        title: title.to_string(),
        link,
        children,
        number: None,
    }
}

fn book() -> Book {
    let page =
        |source: &str, url: &str| Page::new(PathBuf::from(source), url.into(), String::new(), None);
    Book {
        nav: vec![
            entry("Home", NavLink::Page(0), vec![]),
            NavNode::Part("Practices".to_string()),
            entry(
                "Scale",
                NavLink::Page(1),
                vec![entry("Costs [1]", NavLink::Page(2), vec![])],
            ),
            NavNode::Separator,
            entry(
                "Elsewhere",
                NavLink::External("https://x.org".into()),
                vec![],
            ),
            entry("Later", NavLink::Draft, vec![]),
        ],
        pages: vec![
            page("README.md", ""),
            page("practices/scale/README.md", "practices/scale/"),
            page("practices/scale/costs é.md", "practices/scale/costs é/"),
        ],
    }
}

fn summaries() -> Vec<PageSummary> {
    let summary = |title: &str, description: Option<&str>| PageSummary {
        title: title.to_string(),
        description: description.map(str::to_string),
    };
    vec![
        summary("Home", Some("The playbook.")),
        summary("Scale", Some("How teams\ngrow.")),
        summary("Costs [1]", None),
    ]
}

#[test]
fn pages_are_listed_in_order_under_their_parts() {
    let (book, pages) = (book(), summaries());
    let index = Index {
        title: "Playbook",
        description: Some("Run what you build."),
        book: &book,
        pages: &pages,
        base_url: None,
    };
    assert_eq!(
        index.text(),
        "# Playbook\n\n> Run what you build.\n\n## Pages\n\n- [Home](index.md): The playbook.\n\n## Practices\n\n- [Scale](practices/scale/index.md): How teams grow.\n  - [Costs \\[1\\]](practices/scale/costs%20é/index.md)\n- [Elsewhere](https://x.org)\n"
    );
}

#[test]
fn addresses_are_absolute_when_the_base_address_is_known() {
    let (book, pages) = (book(), summaries());
    let index = Index {
        title: "Playbook",
        description: None,
        book: &book,
        pages: &pages,
        base_url: Some("https://example.org/pb/"),
    };
    let text = index.text();
    assert!(
        text.starts_with("# Playbook\n\n## Pages\n\n- [Home](https://example.org/pb/index.md)"),
        "{text}"
    );
    assert!(
        text.contains("(https://example.org/pb/practices/scale/index.md)"),
        "{text}"
    );
}
