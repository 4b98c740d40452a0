//! GitBook's `{% … %}` block tags ([`tags`], rendered by [`render`]) and GitBook's raw HTML
//! ([`html`]) in a page. (`.gitbook.yaml` is read by `playbook_book::gitbook_yaml`; its redirects
//! are written by `playbook_site::redirects`.)
//!
//! The markdown renderer asks [`events`] for a page's events instead of parsing the page
//! itself: a page without tags is parsed as one piece; a page with tags is cut at the tags,
//! each piece parsed on its own (reference definitions shared), and each tag becomes HTML around
//! its content. Offsets stay those of the page, so diagnostics name the right line.

pub mod html;
pub mod render;
pub mod tags;

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

use crate::page::PageLines;
use crate::{LinkResolver, PageSource};
use playbook_book::diagnostics::{Diagnostic, Severity};
use render::{Located, Panel, RefDefs, Renderer, label_key};

/// A page's events with block tags rendered, what is wrong in its tags, and where its tab
/// panels are.
pub struct PageEvents<'p> {
    /// The events with their offsets in the page.
    pub events: Vec<Located<'p>>,
    pub problems: Vec<Diagnostic>,
    /// The tab panels, in the order they open; their headings are labelled with their titles.
    pub panels: Vec<Panel>,
    /// Where the code blocks whose lines are numbered start, in order.
    pub numbered_code: Vec<usize>,
    /// The body cut at its tags (none for a body without tags), for the page's copy.
    pub nodes: Vec<tags::Node>,
}

/// The events of `page`'s body with their offsets in the page, block tags rendered, the
/// problems found in its tags and its tab panels.
pub fn events<'p>(page: &'p PageSource<'p>, resolver: &LinkResolver<'_>) -> PageEvents<'p> {
    let text: &'p str = page.text;
    let body = page.body_offset.min(text.len())..text.len();
    let mut page_events = if text[body.clone()].contains("{%") {
        tagged_events(page, resolver, body)
    } else {
        PageEvents {
            events: plain_events(text, body),
            problems: Vec::new(),
            panels: Vec::new(),
            numbered_code: Vec::new(),
            nodes: Vec::new(),
        }
    };
    for (event, _) in &mut page_events.events {
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) => {
                if let Some(clean) = html::without_styles(raw) {
                    *raw = clean.into();
                }
            }
            _ => {}
        }
    }
    page_events
}

/// The events of a body without tags: the parser's, parsed as one piece.
fn plain_events(text: &str, body: Range<usize>) -> Vec<Located<'_>> {
    let parser = Parser::new_ext(&text[body.clone()], crate::options());
    let mut events = Vec::with_capacity(expected_events(body.len()));
    events.extend(
        parser
            .into_offset_iter()
            .map(|(event, range)| (event, body.start + range.start)),
    );
    events
}

/// About how many events `bytes` of markdown make: prose gives one every 10 to 60 bytes, so
/// the list is sized once instead of copied each time it doubles (the parser cannot tell).
fn expected_events(bytes: usize) -> usize {
    bytes / 12 + 16
}

/// The events of a body with tags: cut at the tags, each piece parsed on its own and each tag
/// rendered around its content, with the problems of the tags and their hint styles.
fn tagged_events<'p>(
    page: &'p PageSource<'p>,
    resolver: &LinkResolver<'_>,
    body: Range<usize>,
) -> PageEvents<'p> {
    let text = page.text;
    let (code, headings, refs) = survey(text, body.clone());
    let capacity = expected_events(body.len());
    let (nodes, problems) = tags::parse(text, body, &code);
    // Lines counted once: a page may hold thousands of mistaken tags.
    let lines = page.lines();
    let mut diagnostics: Vec<Diagnostic> = problems
        .into_iter()
        .map(|problem| {
            at(
                page,
                &lines,
                problem.offset,
                problem.severity,
                problem.message,
            )
            .help(problem.help)
        })
        .collect();
    let mut renderer = Renderer {
        page,
        resolver,
        refs,
        headings,
        tab_sets: 0,
        odd_styles: Vec::new(),
        panels: Vec::new(),
        numbered_code: Vec::new(),
    };
    let mut out = Vec::with_capacity(capacity);
    renderer.nodes(&nodes, &mut out);
    for (offset, style) in renderer.odd_styles {
        diagnostics.push(
            at(
                page,
                &lines,
                offset,
                Severity::Warning,
                format!("unknown hint style `{style}`, shown as info"),
            )
            .help("GitBook's hint styles are info, success, warning and danger"),
        );
    }
    PageEvents {
        events: out,
        problems: diagnostics,
        panels: renderer.panels,
        numbered_code: renderer.numbered_code,
        nodes,
    }
}

fn at(
    page: &PageSource<'_>,
    lines: &PageLines<'_>,
    offset: usize,
    severity: Severity,
    message: String,
) -> Diagnostic {
    let (line, column) = lines.line_column(offset);
    let mut diagnostic = Diagnostic::error(page.path, message).at(line, column);
    diagnostic.severity = severity;
    diagnostic
}

/// Reads the body once as a whole: where its code is (tags there are text), its headings'
/// offsets and levels, and its reference definitions.
#[allow(clippy::type_complexity)]
fn survey(text: &str, body: Range<usize>) -> (Vec<Range<usize>>, Vec<(usize, u8)>, RefDefs) {
    let parser = Parser::new_ext(&text[body.clone()], crate::options());
    let refs: RefDefs = parser
        .reference_definitions()
        .iter()
        .map(|(label, def)| {
            let title = def.title.as_deref().unwrap_or_default().to_string();
            (label_key(label), (def.dest.to_string(), title))
        })
        .collect();
    let mut code = Vec::new();
    let mut headings = Vec::new();
    for (event, range) in parser.into_offset_iter() {
        let range = body.start + range.start..body.start + range.end;
        match event {
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => code.push(range),
            Event::Start(Tag::Heading { level, .. }) => headings.push((range.start, level as u8)),
            _ => {}
        }
    }
    code.sort_by_key(|r| r.start);
    (code, headings, refs)
}

/// Makes sure no `{%` reaches the output, even from code that shows a tag: the brace becomes
/// its character reference, which reads the same.
pub fn escape_tag_openers(html: &mut String) {
    if html.contains("{%") {
        *html = html.replace("{%", "&#123;%");
    }
}

/// The same for the page's plain text (description, headings, search text), which templates and
/// the search index escape their own way: an invisible word joiner parts `{` from `%`.
pub fn defuse_plain_text(rendered: &mut crate::Rendered) {
    fn defuse(text: &mut String) {
        if text.contains("{%") {
            *text = text.replace("{%", "{\u{2060}%");
        }
    }
    let texts = rendered
        .first_paragraph
        .iter_mut()
        .chain(rendered.first_heading.iter_mut())
        .chain(rendered.headings.iter_mut().map(|h| &mut h.title))
        .chain(
            rendered
                .sections
                .iter_mut()
                .flat_map(|s| [&mut s.heading, &mut s.text]),
        );
    for text in texts {
        defuse(text);
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use proptest::prelude::*;

    use super::{Severity, tags};
    use crate::{LinkResolver, PageSource};

    fn render(text: &str) -> crate::Rendered {
        let pages = crate::page::PathMap::default();
        let resolver = LinkResolver {
            source_dir: Path::new("/nonexistent-playbook-source"),
            pages: &pages,
            titles: &pages,
            canonical_source: &Default::default(),
            summary: Path::new("SUMMARY.md"),
        };
        crate::render(
            &PageSource::new(Path::new("page.md"), "page/", text),
            &resolver,
        )
    }

    #[test]
    fn references_are_shared_across_tags_and_lines_stay_right() {
        let text = "# T\n\n{% hint style=\"warning\" %}\nSee [the site][site] and [gone](gone.md).\n{% endhint %}\n\n[site]: https://example.org\n";
        let out = render(text);
        assert!(
            out.html
                .contains("<a href=\"https://example.org\">the site</a>"),
            "{}",
            out.html
        );
        let lines: Vec<(usize, usize)> =
            out.diagnostics.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(lines, [(4, 26)], "{:?}", out.diagnostics);
    }

    #[test]
    fn tab_titles_sit_one_level_below_the_heading_above() {
        let out = render(
            "## Setup\n\n### Detail\n\n{% tabs %}\n{% tab title=\"A <b>\" %}\nx\n{% endtab %}\n{% endtabs %}\n",
        );
        assert!(
            out.html
                .contains("<h4 class=\"tab-title\" id=\"tabset-1-1-title\">A &lt;b&gt;</h4>"),
            "{}",
            out.html
        );
    }

    #[test]
    fn escapes_in_tab_titles_are_read() {
        let out = render(
            "{% tabs %}\n{% tab title=\"iOS \\(AEP 3.x\\)\" %}\nx\n{% endtab %}\n{% endtabs %}\n",
        );
        assert!(out.html.contains(">iOS (AEP 3.x)</h2>"), "{}", out.html);
    }

    #[test]
    fn a_page_of_embeds_builds_without_problems() {
        let embed = "{% embed url=\"https://example.org/video\" %}\n\n";
        let depth = tags::MAX_NESTING - 1;
        let text = format!(
            "# Embeds\n\n{}{}{embed}{}",
            embed.repeat(500),
            "{% hint %}\n".repeat(depth),
            "{% endhint %}\n".repeat(depth)
        );
        let out = render(&text);
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        assert_eq!(out.html.matches("card-embed").count(), 501);
    }

    #[test]
    fn text_glued_to_an_end_tag_stays_and_is_a_warning_with_its_line() {
        let out = render("{% hint %}\nx\n{% endhint %}}\n");
        assert!(
            out.html.contains("</div>\n</div>\n<p>}</p>"),
            "{}",
            out.html
        );
        let found: Vec<(Severity, usize, usize)> = out
            .diagnostics
            .iter()
            .map(|d| (d.severity, d.line, d.column))
            .collect();
        assert_eq!(found, [(Severity::Warning, 3, 14)], "{:?}", out.diagnostics);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn no_tag_opener_survives_any_input(text in "([{}%`~ \n\"'=a-z#*\\[\\]()-]|endhint|hint|tabs|tab|code|embed|```){0,40}") {
            let out = render(&text);
            prop_assert!(!out.html.contains("{%"), "{}", out.html);
            prop_assert!(!out.markdown.contains("{%"), "{}", out.markdown);
        }
    }
}
