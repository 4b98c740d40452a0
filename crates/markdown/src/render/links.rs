//! Where a page's links go: each link, image and raw HTML `src=` or `href=` is resolved against
//! the book's pages and the source folder, rewritten to its address in the output, and kept for
//! the checks (anchors, external links) or copied as an asset. Links that go nowhere are errors
//! with the line and column they were written at; a page linked without its `.md` is found by
//! [`super::without_md`].

use std::path::{Path, PathBuf};

use playbook_book::diagnostics::Diagnostic;
use playbook_book::links::{self, LinkTarget};
use pulldown_cmark::{CowStr, Event, LinkType, Tag};

use super::State;
use crate::copy::CopyLink;
use crate::page::PageLink;

#[derive(Clone, Copy, PartialEq)]
enum LinkKind {
    Link,
    Image,
}

impl<'p> State<'p, '_> {
    /// `event` with the address of its link or image, or those in its raw HTML, rewritten to
    /// the output's.
    pub(super) fn rewrite_links(&mut self, mut event: Event<'p>, offset: usize) -> Event<'p> {
        match &mut event {
            // An address written `<someone@example.org>`: the HTML writer adds `mailto:`.
            Event::Start(Tag::Link {
                link_type: LinkType::Email,
                ..
            }) => {}
            Event::Start(Tag::Link { dest_url, .. }) => {
                *dest_url = self.rewrite(dest_url, offset, LinkKind::Link);
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                *dest_url = self.rewrite(dest_url, offset, LinkKind::Image);
            }
            Event::Html(raw) | Event::InlineHtml(raw) => *raw = self.rewrite_html(raw, offset),
            _ => {}
        }
        event
    }

    /// The output address for a link written as `dest` at `offset` in the file.
    fn rewrite<'a>(&mut self, dest: &CowStr<'a>, offset: usize, kind: LinkKind) -> CowStr<'a> {
        match self.resolve(dest, offset, kind) {
            Some(rewritten) => rewritten.into(),
            None => dest.clone(),
        }
    }

    /// Rewrites `src` and `href` attributes in raw HTML (images in table cells, for example).
    fn rewrite_html<'a>(&mut self, raw: &CowStr<'a>, offset: usize) -> CowStr<'a> {
        if !raw.contains("src=") && !raw.contains("href=") {
            return raw.clone();
        }
        let mut out = String::with_capacity(raw.len());
        let mut rest: &str = raw;
        while let Some((before, name, quote, value, after)) = next_attribute(rest) {
            out.push_str(before);
            out.push_str(name);
            out.push('=');
            out.push(quote);
            let kind = if name.eq_ignore_ascii_case("src") {
                LinkKind::Image
            } else {
                LinkKind::Link
            };
            let decoded = crate::escape::unescape(value);
            match self.resolve(&decoded, offset, kind) {
                Some(rewritten) => crate::escape::attribute(&mut out, &rewritten),
                None => out.push_str(value),
            }
            out.push(quote);
            rest = after;
        }
        out.push_str(rest);
        out.into()
    }

    /// The address to write for `dest`, relative to this page; `None` keeps `dest` as written
    /// (other sites, this page's own headings, and links that go nowhere, which are errors).
    fn resolve(&mut self, dest: &str, offset: usize, kind: LinkKind) -> Option<String> {
        let (path, fragment) = match links::classify(self.page.path, dest) {
            LinkTarget::External => {
                self.note_external(dest, offset);
                return None;
            }
            LinkTarget::SamePage { fragment } => {
                if !fragment.is_empty() {
                    let link = self.link_at(self.page.url.to_string(), fragment, offset);
                    self.out.page_links.push(link);
                }
                return None;
            }
            LinkTarget::Outside => {
                self.outside(dest, offset, kind);
                return None;
            }
            LinkTarget::Local { path, fragment } => (path, fragment),
        };
        let target = self.local_target(dest, &path, fragment.as_deref(), offset, kind)?;
        let mut href = links::relative(self.page.url, &target);
        // A page's address is a folder (or the root's empty one); the copy links to its copy.
        let mut copy_href = if target.is_empty() || target.ends_with('/') {
            // The copy in the folder `href` leads to: `relative` of `{target}index.md`.
            let folder = if href == "./" { "" } else { href.as_str() };
            [folder, crate::copy::FILE].concat()
        } else {
            href.clone()
        };
        if let Some(fragment) = fragment {
            for href in [&mut href, &mut copy_href] {
                href.push('#');
                href.push_str(&links::encode_path(&fragment));
            }
        }
        self.copy.links.push(CopyLink {
            offset,
            dest: dest.to_string(),
            href: copy_href,
        });
        Some(href)
    }

    /// The output address of `path` in the source folder, linked as `dest`: a page, a page
    /// written without its `.md` (with a warning), or a file to copy.
    fn local_target(
        &mut self,
        dest: &str,
        path: &Path,
        fragment: Option<&str>,
        offset: usize,
        kind: LinkKind,
    ) -> Option<String> {
        let full = self.resolver.source_dir.join(path);
        if let Some(page_path) = self.page_path(path, &full) {
            return self.page_target(dest, &page_path, &full, fragment, offset);
        }
        if kind == LinkKind::Link {
            if let Some(page_path) = self.page_as_html(path, &full) {
                return self.page_target(dest, &page_path, &full, fragment, offset);
            }
            if let Some(page_path) = self.page_without_md(path, &full) {
                self.warn_without_md(dest, offset);
                return self.page_target(dest, &page_path, &full, fragment, offset);
            }
        }
        self.file_target(dest, path, &full, offset, kind)
    }

    /// A link or image `dest` that leaves the source folder. A link is kept as written with a
    /// warning: mdBook books link to what is published beside them (`../std/index.html`). An
    /// image would be missing from the site, a problem.
    fn outside(&mut self, dest: &str, offset: usize, kind: LinkKind) {
        let summary = self.resolver.summary.display();
        if kind == LinkKind::Image {
            let message = format!("`{dest}` points outside the source folder");
            let help = format!("use only images inside the folder that holds {summary}");
            self.problem(offset, message, &help);
            return;
        }
        let message = format!(
            "`{dest}` leaves the book: kept as written, it works only where the site is published beside what it names"
        );
        let help = format!(
            "link to a page in the folder that holds {summary}, or write the full address (https://…)"
        );
        let diagnostic = Diagnostic::warning(self.page.path, message);
        self.push_at(offset, diagnostic, &help);
    }

    /// Keeps a link to a page on the web as written, for `playbook check --external`.
    fn note_external(&mut self, dest: &str, offset: usize) {
        let scheme = dest
            .trim()
            .get(..8)
            .unwrap_or_default()
            .to_ascii_lowercase();
        if scheme.starts_with("http://") || scheme.starts_with("https://") {
            let link = self.link_at(dest.trim().to_string(), String::new(), offset);
            self.out.external_links.push(link);
        }
    }

    /// The page a link to `path` in the source folder means, if it means one: a markdown file,
    /// or a folder's index page.
    fn page_path(&self, path: &Path, full: &Path) -> Option<PathBuf> {
        // A listed page needs no look at the disk; folders and other files do.
        if is_markdown(path) && self.resolver.pages.contains_key(path) {
            Some(path.to_path_buf())
        } else if full.is_dir() {
            playbook_book::index_file(full).map(|name| path.join(name))
        } else if is_markdown(path) {
            Some(path.to_path_buf())
        } else {
            None
        }
    }

    /// The address of the page at `page_path`, keeping any fragment for the anchor check;
    /// `None` when the book does not list the page.
    fn page_target(
        &mut self,
        dest: &str,
        page_path: &Path,
        full: &Path,
        fragment: Option<&str>,
        offset: usize,
    ) -> Option<String> {
        let Some(url) = self.resolver.pages.get(page_path) else {
            let (message, help) = if full.exists() {
                (
                    format!(
                        "`{dest}` links to a page that is not listed in {}",
                        self.resolver.summary.display()
                    ),
                    format!(
                        "add the page to {}, or remove the link",
                        self.resolver.summary.display()
                    ),
                )
            } else {
                (
                    format!("`{dest}` links to a page that does not exist"),
                    "fix the path: it is relative to this page's folder".to_string(),
                )
            };
            self.problem(offset, message, &help);
            return None;
        };
        if let Some(fragment) = fragment {
            let link = self.link_at(url.clone(), fragment.to_string(), offset);
            self.out.page_links.push(link);
        }
        Some(url.clone())
    }

    /// The address of a file of the source folder at `path`, kept as an asset to copy; `None`
    /// when it is missing or, through a symbolic link, outside the folder.
    fn file_target(
        &mut self,
        dest: &str,
        path: &Path,
        full: &Path,
        offset: usize,
        kind: LinkKind,
    ) -> Option<String> {
        if full.is_file() && self.resolver.inside_source(full) {
            self.out.assets.insert(path.to_path_buf());
            return Some(links::slash_path(path));
        }
        if full.is_file() {
            self.problem(
                offset,
                format!("`{dest}` is a link to a file outside the source folder"),
                "copy the file into the source folder instead of linking to it",
            );
        } else {
            let what = if kind == LinkKind::Image {
                "image"
            } else {
                "file"
            };
            self.problem(
                offset,
                format!("`{dest}` links to a missing {what}"),
                "fix the path (it is relative to this page's folder) or add the file",
            );
        }
        None
    }

    /// A link to `url#fragment` written at `offset`.
    fn link_at(&self, url: String, fragment: String, offset: usize) -> PageLink {
        let (line, column) = self.position(offset);
        PageLink {
            url,
            fragment,
            line,
            column,
        }
    }

    /// A link that goes nowhere: a content problem, the link left as written.
    fn problem(&mut self, offset: usize, message: String, help: &str) {
        let diagnostic = Diagnostic::problem(self.page.path, message);
        self.push_at(offset, diagnostic, help);
    }

    /// Keeps `diagnostic` with the line and column of `offset` and its `help`.
    pub(super) fn push_at(&mut self, offset: usize, diagnostic: Diagnostic, help: &str) {
        let (line, column) = self.position(offset);
        let diagnostic = diagnostic.at(line, column).help(help);
        self.problems.push(diagnostic);
    }
}

pub(super) fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("md") || x.eq_ignore_ascii_case("markdown"))
}

/// Finds the next `src=` or `href=` attribute with a quoted value: the text before it, the name,
/// the quote, the value and the text after the closing quote.
fn next_attribute(text: &str) -> Option<(&str, &str, char, &str, &str)> {
    let lower = text.to_ascii_lowercase();
    let mut search = 0;
    loop {
        let found = ["src=", "href="]
            .iter()
            .filter_map(|n| lower[search..].find(n).map(|i| (search + i, n.len())))
            .min()?;
        let (start, len) = found;
        let preceded_by_space = start > 0 && text.as_bytes()[start - 1].is_ascii_whitespace();
        let quote = text[start + len..].chars().next();
        if preceded_by_space && let Some(q @ ('"' | '\'')) = quote {
            let value_start = start + len + 1;
            let value_end = text[value_start..].find(q)? + value_start;
            return Some((
                &text[..start],
                &text[start..start + len - 1],
                q,
                &text[value_start..value_end],
                &text[value_end + 1..],
            ));
        }
        search = start + len;
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{fixture, render_front_page, render_in};

    #[test]
    fn links_to_pages_folders_and_assets_are_rewritten() {
        let dir = fixture();
        let text = "See [costs](costs.md#run), [ops](./), [home](../README.md), [site](https://x.org/a.md) and ![chart](../.gitbook/assets/my%20chart%20(1).png).\n\n<img src=\"../.gitbook/assets/my chart (1).png\">\n";
        let out = render_in(dir.path(), "ops/README.md", "ops/", text);
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        assert!(out.html.contains("href=\"costs/#run\""), "{}", out.html);
        assert!(out.html.contains("href=\"./\""), "{}", out.html);
        assert!(out.html.contains("href=\"../\""), "{}", out.html);
        assert!(out.html.contains("href=\"https://x.org/a.md\""));
        assert!(
            out.html
                .contains("src=\"../.gitbook/assets/my%20chart%20(1).png\""),
            "{}",
            out.html
        );
        assert_eq!(out.assets.len(), 1);
        assert_eq!(out.page_links[0].url, "ops/costs/");
        assert_eq!(out.page_links[0].fragment, "run");
    }

    #[test]
    fn broken_links_are_errors_with_position() {
        let out = render_front_page("Intro\n\nA [gone](gone.md) and ![x](nope.png)\n");
        let shown: Vec<String> = out.diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(out.diagnostics.len(), 2, "{shown:?}");
        assert_eq!(out.diagnostics[0].line, 3);
        assert_eq!(out.diagnostics[0].column, 3);
        assert!(shown[1].contains("missing image"));
    }

    #[test]
    fn email_autolinks_are_mailto_links() {
        let out = render_front_page(
            "Write to <someone@example.com> or [us](mailto:a@b.org) or <MAILTO:x@y.org>.\n",
        );
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        assert!(
            out.html
                .contains("<a href=\"mailto:someone@example.com\">someone@example.com</a>"),
            "{}",
            out.html
        );
        assert!(out.html.contains("href=\"mailto:a@b.org\""), "{}", out.html);
        assert!(out.html.contains("href=\"MAILTO:x@y.org\""), "{}", out.html);
        assert!(out.external_links.is_empty());
    }
}
