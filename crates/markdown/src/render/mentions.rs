//! GitBook's page mentions: a link written `[text](page.md "mention")` shows the linked page's
//! title, whatever its text says (GitBook writes the file name there), and carries no tooltip.
//! Mentions of a place in the same page, or of a page the book does not have, keep their text.

use std::path::Path;

use playbook_book::links::{self, LinkTarget};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::page::LinkResolver;

/// What to do with the next event.
pub(super) enum Step<'p> {
    /// Write it as it is.
    Pass(Event<'p>),
    /// Write the link's start, then the page's title as its text.
    Titled(Event<'p>, String),
    /// Leave it out: the mention's own text.
    Skip,
}

/// Whether the events are inside a mention whose text is being replaced.
#[derive(Default)]
pub(super) struct Mentions {
    replacing: bool,
}

impl Mentions {
    pub(super) fn step<'p>(
        &mut self,
        event: Event<'p>,
        page: &Path,
        resolver: &LinkResolver<'_>,
    ) -> Step<'p> {
        if self.replacing {
            if matches!(event, Event::End(TagEnd::Link)) {
                self.replacing = false;
                return Step::Pass(event);
            }
            return Step::Skip;
        }
        let Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) = event
        else {
            return Step::Pass(event);
        };
        let page_title = (title.trim() == "mention")
            .then(|| mentioned_title(&dest_url, page, resolver))
            .flatten();
        let Some(page_title) = page_title else {
            return Step::Pass(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }));
        };
        self.replacing = true;
        let start = Event::Start(Tag::Link {
            link_type,
            dest_url,
            title: CowStr::Borrowed(""),
            id,
        });
        Step::Titled(start, page_title)
    }
}

/// The title of the page `dest` (written in `page`) links to, when it is a page of the book.
fn mentioned_title(dest: &str, page: &Path, resolver: &LinkResolver<'_>) -> Option<String> {
    let LinkTarget::Local { path, .. } = links::classify(page, dest) else {
        return None;
    };
    resolver.titles.get(&path).cloned()
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use crate::page::{LinkResolver, PageSource};

    #[test]
    fn mentions_show_the_pages_title() {
        let mut pages = crate::page::PathMap::default();
        pages.insert(PathBuf::from("guide/notes.md"), "guide/notes/".to_string());
        let mut titles = crate::page::PathMap::default();
        titles.insert(PathBuf::from("guide/notes.md"), "Playing notes".to_string());
        let resolver = LinkResolver {
            source_dir: Path::new("/nonexistent-playbook-source"),
            pages: &pages,
            titles: &titles,
            canonical_source: &Default::default(),
            summary: Path::new("SUMMARY.md"),
        };
        let text = "See [notes.md](guide/notes.md \"mention\"), [#top](#top \"mention\") and [x](guide/notes.md \"A tip\").\n";
        let out = crate::render(
            &PageSource::new(Path::new("README.md"), "", text),
            &resolver,
        );
        assert!(
            out.html
                .contains("<a href=\"guide/notes/\">Playing notes</a>"),
            "{}",
            out.html
        );
        assert!(
            out.html
                .contains("<a href=\"#top\" title=\"mention\">#top</a>"),
            "{}",
            out.html
        );
        assert!(out.html.contains("title=\"A tip\">x</a>"), "{}", out.html);
    }
}
