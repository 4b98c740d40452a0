//! A page's headings: each is gathered whole, given a unique id and an anchor link, listed in
//! the page's headings and made the start of a search section. An empty `<a id="x"></a>` in a
//! heading, as GitBook's exports write, gives the heading its id and is left out. When GitBook
//! would give the heading another id (it keeps dots, writes `&` as `and`, and makes runs of
//! hyphens one), the heading also answers to GitBook's: an empty `<span>` with that id stands
//! inside it, so links written for GitBook keep working. Those aliases are handed out once
//! every heading has its own id, so that no heading's id depends on another's alias.

use pulldown_cmark::{Event, HeadingLevel, TagEnd, html};

use super::State;
use super::spaces::collapse_spaces;
use crate::page::{Heading, Section};
use crate::slug::{gitbook_slug, slugify};

/// Where a heading's GitBook id goes once every heading has its own: the heading's event, the
/// place in its HTML, and the id wanted.
pub(super) struct Alias {
    event: usize,
    at: usize,
    wanted: String,
}

/// The heading being read: its level, its own id if one is written (`{#id}`), and its content.
pub(super) type OpenHeading<'p> = (HeadingLevel, Option<String>, Vec<Event<'p>>);

impl<'p> State<'p, '_> {
    /// Inside a heading: its content is kept until it ends, and then it is written whole.
    pub(super) fn heading_event(&mut self, event: Event<'p>) {
        if let Event::End(TagEnd::Heading(_)) = event {
            if let Some((level, id, inner)) = self.heading.take() {
                let html = self.heading_html(level, id, inner);
                self.events.push(Event::Html(html.into()));
            }
        } else if let Some((_, _, inner)) = self.heading.as_mut() {
            inner.push(event);
        }
    }

    /// A heading with its unique id and anchor link; it is listed in the page's headings and
    /// starts a new section.
    fn heading_html(
        &mut self,
        level: HeadingLevel,
        custom_id: Option<String>,
        mut inner: Vec<Event<'_>>,
    ) -> String {
        let own_id = custom_id.or_else(|| take_empty_anchor(&mut inner));
        let text = heading_text(&inner);
        let slug = slugify(&text);
        let alias = own_id.is_none().then(|| gitbook_slug(&text));
        let id = self.ids.claim(&own_id.unwrap_or(slug.clone()));
        self.note_heading(level as u8, &id, &text);
        let mut inner_html = String::new();
        html::push_html(&mut inner_html, inner.into_iter());
        let mut escaped_id = String::new();
        crate::escape::attribute(&mut escaped_id, &id);
        let level = char::from(b'0' + level as u8);
        // Written piece by piece: `format!` costs more than the rest of a heading.
        let mut html = String::with_capacity(2 * escaped_id.len() + inner_html.len() + 96);
        html.push_str("<h");
        html.push(level);
        html.push_str(" id=\"");
        html.push_str(&escaped_id);
        html.push_str("\">");
        if let Some(wanted) = alias.filter(|wanted| *wanted != slug) {
            self.aliases.push(Alias {
                event: self.events.len(),
                at: html.len(),
                wanted,
            });
        }
        html.push_str(&inner_html);
        html.push_str("<a class=\"anchor\" href=\"#");
        html.push_str(&escaped_id);
        html.push_str("\" aria-label=\"Link to this section\">#</a></h");
        html.push(level);
        html.push_str(">\n");
        html
    }

    /// Lists the heading `text` of `level` with its `id` (and the titles of the tab panels it
    /// is in) and starts its section.
    fn note_heading(&mut self, level: u8, id: &str, text: &str) {
        if level == 1 && self.out.first_heading.is_none() {
            self.out.first_heading = Some(text.to_string());
        }
        let title = self.panels.label(text);
        self.out.headings.push(Heading {
            level,
            id: id.to_string(),
            title: title.clone(),
        });
        let previous = std::mem::replace(
            &mut self.section,
            Section {
                id: id.to_string(),
                heading: title,
                text: String::new(),
            },
        );
        super::finish_section(&mut self.out.sections, previous);
    }

    /// Gives each heading whose GitBook id differs its alias, unique in the page: run once
    /// every heading has its own id.
    pub(super) fn place_aliases(&mut self) {
        for alias in std::mem::take(&mut self.aliases) {
            let id = self.ids.claim(&alias.wanted);
            let Some(Event::Html(html)) = self.events.get_mut(alias.event) else {
                continue;
            };
            let mut with_alias = String::with_capacity(html.len() + id.len() + 20);
            with_alias.push_str(&html[..alias.at]);
            with_alias.push_str("<span id=\"");
            crate::escape::attribute(&mut with_alias, &id);
            with_alias.push_str("\"></span>");
            with_alias.push_str(&html[alias.at..]);
            *html = with_alias.into();
        }
    }
}

/// The id of an empty `<a id="x"></a>` or `<a name="x"></a>` in a heading (as GitBook's exports
/// write `## <a id="setup"></a>Setup`), taken out of it with the space after it: the heading's
/// own id.
fn take_empty_anchor(inner: &mut Vec<Event<'_>>) -> Option<String> {
    let (at, id) = inner.windows(2).enumerate().find_map(|(at, pair)| {
        let [Event::InlineHtml(open), Event::InlineHtml(close)] = pair else {
            return None;
        };
        let closes = close.trim().eq_ignore_ascii_case("</a>");
        closes.then(|| anchor_id(open)).flatten().map(|id| (at, id))
    })?;
    inner.drain(at..at + 2);
    if at == 0
        && let Some(Event::Text(text)) = inner.first_mut()
    {
        *text = text.trim_start().to_string().into();
    }
    Some(id)
}

/// The id of `<a id="x">` or `<a name="x">` (either quote, or none), when the tag has no other
/// attribute; `id` wins over `name`.
fn anchor_id(tag: &str) -> Option<String> {
    let (opener, rest) = tag.trim().strip_suffix('>')?.split_at_checked(2)?;
    if !opener.eq_ignore_ascii_case("<a") || !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let mut rest = rest.trim_start();
    let (mut id, mut name) = (None, None);
    while !rest.is_empty() {
        let (attribute, value, after) = attribute(rest)?;
        match attribute.to_ascii_lowercase().as_str() {
            "id" => id = Some(value),
            "name" => name = Some(value),
            _ => return None,
        }
        rest = after.trim_start();
    }
    let id = crate::escape::unescape(id.or(name)?).into_owned();
    (!id.is_empty()).then_some(id)
}

/// The first `name="value"` of `text`: the name, the value and what follows it.
fn attribute(text: &str) -> Option<(&str, &str, &str)> {
    let (name, rest) = text.split_once('=')?;
    let rest = rest.trim_start();
    let quote = rest.chars().next().filter(|q| matches!(q, '"' | '\''));
    let (value, after) = match quote {
        Some(q) => rest[1..].split_once(q)?,
        None => rest.split_at(rest.find(char::is_whitespace).unwrap_or(rest.len())),
    };
    Some((name.trim(), value, after))
}

/// A heading's text: its words and code, white space collapsed.
fn heading_text(inner: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in inner {
        if let Event::Text(t) | Event::Code(t) = event {
            text.push_str(t);
        }
    }
    collapse_spaces(text)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{ids_and_titles, render_front_page};
    use super::anchor_id;

    #[test]
    fn headings_also_answer_to_gitbooks_ids() {
        let out = render_front_page("## Release 4.9\n\n### A - B\n\n### Build & run\n\n## Plain\n");
        let ids: Vec<&str> = out.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["release-49", "a---b", "build--run", "plain"]);
        assert!(
            out.html.contains(
                "<h2 id=\"release-49\"><span id=\"release-4.9\"></span>Release 4.9<a class=\"anchor\" href=\"#release-49\""
            ),
            "{}",
            out.html
        );
        assert!(out.html.contains("<span id=\"a-b\"></span>A - B"));
        assert!(out.html.contains("<span id=\"build-and-run\"></span>"));
        assert!(
            out.html.contains("<h2 id=\"plain\">Plain<a"),
            "{}",
            out.html
        );
        assert_eq!(out.html.matches("<span id=").count(), 3);
    }

    #[test]
    fn aliases_never_take_an_id_and_stay_unique() {
        // The first heading's GitBook id is the second's own: the second keeps it, and the alias
        // takes the next free one. A written id gets no alias.
        let out = render_front_page(
            "## A - B\n\n## A-B\n\n## A - B\n\n## Own & id {#mine}\n\n## Release 4.9\n\n## Release 4.9\n",
        );
        let ids: Vec<&str> = out.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "a---b",
                "a-b",
                "a---b-1",
                "mine",
                "release-49",
                "release-49-1"
            ]
        );
        let aliases: Vec<&str> = out
            .html
            .match_indices("<span id=\"")
            .map(|(at, _)| {
                let rest = &out.html[at + 10..];
                &rest[..rest.find('"').unwrap()]
            })
            .collect();
        assert_eq!(aliases, ["a-b-1", "a-b-2", "release-4.9", "release-4.9-1"]);
    }

    #[test]
    fn an_empty_anchor_in_a_heading_is_its_id() {
        let out = render_front_page(
            "## <a id=\"setup\"></a>Setup\n\nText.\n\n## <A NAME='old-name'></A> Release 4.9\n\n## <a id=\"x\" href=\"#y\"></a>Kept\n\n## <a id=\"z\"></a>Own {#mine}\n",
        );
        assert_eq!(
            ids_and_titles(&out),
            [
                ("setup", "Setup"),
                ("old-name", "Release 4.9"),
                ("kept", "Kept"),
                ("mine", "Own")
            ]
        );
        assert!(
            out.html
                .contains("<h2 id=\"setup\">Setup<a class=\"anchor\" href=\"#setup\""),
            "{}",
            out.html
        );
        assert_eq!(out.html.matches("\"setup\"").count(), 1, "{}", out.html);
        assert!(
            out.html.contains("<h2 id=\"old-name\">Release 4.9<a"),
            "{}",
            out.html
        );
        assert!(!out.html.contains("<span"), "{}", out.html);
        assert!(out.html.contains("<a id=\"x\" href=\"#y\"></a>Kept"));
        assert!(out.html.contains("<a id=\"z\"></a>Own"));
        assert_eq!(out.sections[0].id, "setup");
        assert_eq!(out.sections[0].text, "Text.");
        assert_eq!(out.sections[1].id, "old-name");
    }

    #[test]
    fn anchor_ids_are_read_from_the_tag() {
        assert_eq!(anchor_id("<a id=\"a&amp;b\">").as_deref(), Some("a&b"));
        assert_eq!(anchor_id("<a name=n id=i>").as_deref(), Some("i"));
        assert_eq!(anchor_id("<a id=\"\">"), None);
        assert_eq!(anchor_id("<abbr id=\"x\">"), None);
        assert_eq!(anchor_id("<a class=\"c\" id=\"x\">"), None);
    }
}
