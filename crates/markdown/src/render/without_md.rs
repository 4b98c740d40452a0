//! Links to a page of the book written without its `.md`: `[x](other#h)` for `other.md`, as
//! GitBook lets them be, and `[x](other.html#h)`, the address mdBook publishes `other.md` at.
//! When nothing of that name is in the source folder, the link goes to the page; a warning says
//! to write the `.md` that other tools need for the first, and the second is mdBook's own form.

use std::path::{Path, PathBuf};

use playbook_book::diagnostics::Diagnostic;

use super::State;
use super::links::is_markdown;

impl State<'_, '_> {
    /// The listed page `path.md`, when a link names `path` and nothing is there.
    pub(super) fn page_without_md(&self, path: &Path, full: &Path) -> Option<PathBuf> {
        if path.as_os_str().is_empty() || is_markdown(path) || full.symlink_metadata().is_ok() {
            return None;
        }
        let mut name = path.as_os_str().to_owned();
        name.push(".md");
        let page = PathBuf::from(name);
        self.resolver.pages.contains_key(&page).then_some(page)
    }

    /// The listed page mdBook publishes at `path` (`a/b.html` for `a/b.md`, `a/index.html` for
    /// `a/README.md`), when a link names it and nothing is there.
    pub(super) fn page_as_html(&self, path: &Path, full: &Path) -> Option<PathBuf> {
        let stem = path.to_str()?.strip_suffix(".html")?;
        if full.symlink_metadata().is_ok() {
            return None;
        }
        let page = PathBuf::from(format!("{stem}.md"));
        if self.resolver.pages.contains_key(&page) {
            return Some(page);
        }
        let folder = stem.strip_suffix("index")?;
        ["README.md", "readme.md", "index.md"]
            .into_iter()
            .map(|name| PathBuf::from(format!("{folder}{name}")))
            .find(|page| self.resolver.pages.contains_key(page))
    }

    /// The warning for a link `dest` to a page written without its `.md`.
    pub(super) fn warn_without_md(&mut self, dest: &str, offset: usize) {
        let dest = dest.trim();
        let (written, rest) = dest.split_at(dest.find(['?', '#']).unwrap_or(dest.len()));
        let message = format!("`{dest}` links to `{written}.md` without its `.md`");
        let help = format!("write `{written}.md{rest}`: other tools need the `.md`");
        let diagnostic = Diagnostic::warning(self.page.path, message);
        self.push_at(offset, diagnostic, &help);
    }
}

#[cfg(test)]
mod tests {
    use playbook_book::diagnostics::Severity;

    use super::super::tests::{fixture, render_in};

    #[test]
    fn a_page_written_without_its_md_resolves_with_a_warning() {
        let dir = fixture();
        let text = "Intro\n\nSee [run](costs#run), [costs](./costs), <a href=\"costs\">x</a>.\n";
        let out = render_in(dir.path(), "ops/README.md", "ops/", text);
        assert!(out.html.contains("href=\"costs/#run\""), "{}", out.html);
        assert!(out.html.contains("href=\"costs/\">costs"), "{}", out.html);
        assert!(out.html.contains("<a href=\"costs/\">x"), "{}", out.html);
        assert_eq!(out.page_links.len(), 1);
        assert_eq!(out.page_links[0].url, "ops/costs/");
        assert_eq!(out.page_links[0].fragment, "run");
        assert_eq!(out.diagnostics.len(), 3, "{:?}", out.diagnostics);
        let first = &out.diagnostics[0];
        assert_eq!(first.severity, Severity::Warning);
        assert_eq!((first.line, first.column), (3, 5));
        assert_eq!(
            first.message,
            "`costs#run` links to `costs.md` without its `.md`"
        );
        assert_eq!(
            first.help.as_deref(),
            Some("write `costs.md#run`: other tools need the `.md`")
        );
        assert_eq!(
            out.diagnostics[1].message,
            "`./costs` links to `./costs.md` without its `.md`"
        );
    }

    #[test]
    fn a_page_linked_at_its_mdbook_address_resolves() {
        let dir = fixture();
        let text = "[run](costs.html#run) [home](index.html) [up](../ops/costs.html)\n";
        let out = render_in(dir.path(), "ops/README.md", "ops/", text);
        assert!(out.html.contains("href=\"costs/#run\""), "{}", out.html);
        assert!(out.html.contains("href=\"./\">home"), "{}", out.html);
        assert!(out.html.contains("href=\"costs/\">up"), "{}", out.html);
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        assert_eq!(out.page_links.len(), 1);
    }

    #[test]
    fn without_md_only_when_nothing_has_the_name() {
        let dir = fixture();
        // A file `costs` beside `costs.md` is what the link means; a missing page stays missing.
        std::fs::write(dir.path().join("ops/costs"), "data").unwrap();
        let text = "[data](costs) [gone](gone) ![pic](costs.png)\n";
        let out = render_in(dir.path(), "ops/README.md", "ops/", text);
        assert!(out.html.contains("href=\"costs\""), "{}", out.html);
        let shown: Vec<&str> = out.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            shown,
            [
                "`gone` links to a missing file",
                "`costs.png` links to a missing image"
            ]
        );
        assert!(
            out.diagnostics
                .iter()
                .all(|d| d.severity == Severity::Problem)
        );
    }
}
