//! The files of a site beside its pages, each from a theme template: the print page, the 404
//! page, the contents page of a large book, the sitemap and `robots.txt` (when the base address
//! is known), and the pages of `.gitbook.yaml`'s redirects; and `llms.txt`, made by
//! [`crate::llms`].

use std::collections::BTreeMap;

use playbook_book::diagnostics::Diagnostic;
use playbook_book::links;
use playbook_markdown::escape;

use super::Loaded;
use crate::llms::{self, LLMS_FILE, PageSummary};
use crate::print::{PRINT_ROOT, PrintBook};
use crate::redirects::Redirect;
use crate::theme::STATIC_PREFIX;

/// The most top-level parts the 404 page offers.
const MAX_NOT_FOUND_SECTIONS: usize = 12;

impl Loaded {
    /// The whole book on one page, for printing.
    pub(super) fn print_page(&self, print: &PrintBook) -> Result<String, Diagnostic> {
        let mut context = tera::Context::new();
        context.insert("site", &self.site_context());
        self.prepared.assets.insert_into(&mut context, PRINT_ROOT);
        context.insert("root", PRINT_ROOT);
        context.insert("home", PRINT_ROOT);
        context.insert("contents", &print.contents(&self.book));
        context.insert("chapters", print.chapters_html());
        self.theme.render("print.html", &context)
    }

    /// The 404 page, `.nojekyll`, `llms.txt` (from each page's `summaries`, unless the book
    /// has its own), the contents page of a large book, and the sitemap and `robots.txt` when
    /// the base address is known; by file.
    pub(super) fn extra_files(
        &self,
        summaries: Option<&Vec<PageSummary>>,
    ) -> Result<Vec<(String, String)>, Diagnostic> {
        let mut context = tera::Context::new();
        context.insert("site", &self.site_context());
        let mut files = vec![("404.html".to_string(), self.not_found(&mut context)?)];
        // GitHub Pages' Jekyll step drops folders whose names start with a dot, such as
        // GitBook's `.gitbook/assets`, unless the site says it is not a Jekyll site.
        files.push((".nojekyll".to_string(), String::new()));
        if let Some(summaries) = summaries {
            files.push((LLMS_FILE.to_string(), self.llms_txt(summaries)));
        }
        if self.prepared.sidebar.is_local() {
            let root = "../";
            context.insert("root", root);
            context.insert("home", root);
            self.prepared.assets.insert_into(&mut context, root);
            context.insert("nav", &self.prepared.sidebar.contents(&self.book, root));
            files.push((
                format!("{STATIC_PREFIX}contents.html"),
                self.theme.render("contents.html", &context)?,
            ));
        }
        if let Some(base) = &self.base_url {
            files.push(("sitemap.xml".to_string(), self.sitemap(base)?));
            let mut context = tera::Context::new();
            context.insert("base_url", base);
            files.push((
                "robots.txt".to_string(),
                self.theme.render("robots.txt", &context)?,
            ));
        }
        Ok(files)
    }

    /// The 404 page. It is served at any depth, so its links are absolute from the base path:
    /// the base address's (or mdBook's `site-url`), else `/`, as mdBook's default: a site
    /// published under a sub-path (a GitHub Pages project site) says so with `base_url`.
    fn not_found(&self, context: &mut tera::Context) -> Result<String, Diagnostic> {
        let site_url = self
            .project
            .mdbook
            .as_ref()
            .and_then(|m| m.site_url.as_deref());
        let root = match (self.base_url.as_deref(), site_url) {
            (Some(base), _) => base_path(base),
            (None, Some(path)) => format!("/{}/", path.trim_matches('/')).replace("//", "/"),
            (None, None) => "/".to_string(),
        };
        context.insert("home", &root);
        context.insert("root", &root);
        self.prepared.assets.insert_into(context, &root);
        context.insert("sections", &self.top_sections(&root));
        self.theme.render("404.html", context)
    }

    /// The book's top-level pages after the home page, as (title, address) for the 404 page.
    fn top_sections(&self, root: &str) -> Vec<(String, String)> {
        self.book
            .pages
            .iter()
            .filter(|page| page.parent.is_none() && !page.url.is_empty())
            .take(MAX_NOT_FOUND_SECTIONS)
            .map(|page| (page.title(None), format!("{root}{}", page.url)))
            .collect()
    }

    /// `llms.txt`: the book's description is the settings', or else the home page's own.
    fn llms_txt(&self, summaries: &[PageSummary]) -> String {
        let home = self.book.pages.iter().position(|page| page.url.is_empty());
        let description = self.project.config.description.as_deref().or_else(|| {
            home.and_then(|home| summaries.get(home))
                .and_then(|summary| summary.description.as_deref())
        });
        llms::Index {
            title: self.project.title(),
            description,
            book: &self.book,
            pages: summaries,
            base_url: self.base_url.as_deref(),
        }
        .text()
    }

    fn sitemap(&self, base: &str) -> Result<String, Diagnostic> {
        let urls: Vec<String> = self
            .book
            .pages
            .iter()
            .map(|page| {
                let mut url = String::new();
                escape::text(
                    &mut url,
                    &format!("{base}{}", links::encode_path(&page.url)),
                );
                url
            })
            .collect();
        let mut context = tera::Context::new();
        context.insert("urls", &urls);
        self.theme.render("sitemap.xml", &context)
    }

    /// The redirect pages, by file.
    pub(super) fn redirect_pages(
        &self,
        redirects: &BTreeMap<String, Redirect>,
    ) -> Result<Vec<(String, String)>, Diagnostic> {
        let language = self.project.config.language.as_deref().unwrap_or("en");
        redirects
            .iter()
            .map(|(file, redirect)| Ok((file.clone(), self.redirect_page(redirect, language)?)))
            .collect()
    }

    fn redirect_page(&self, redirect: &Redirect, language: &str) -> Result<String, Diagnostic> {
        let escaped = |text: &str, escape: fn(&mut String, &str)| {
            let mut out = String::new();
            escape(&mut out, text);
            out
        };
        let mut context = tera::Context::new();
        context.insert("language", &escaped(language, escape::attribute));
        context.insert("title", &escaped(&redirect.title, escape::text));
        context.insert("href", &escaped(&redirect.href, escape::attribute));
        context.insert(
            "canonical",
            &redirect
                .canonical
                .as_deref()
                .map(|canonical| escaped(canonical, escape::attribute)),
        );
        self.theme.render("redirect.html", &context)
    }
}

/// The path part of a base address: `https://x.org/pb/` gives `/pb/`.
fn base_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    path.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_redirect_page_forwards_without_script() {
        let source = tempfile::tempdir().unwrap();
        std::fs::write(source.path().join("SUMMARY.md"), "# Summary\n").unwrap();
        let project = playbook_book::config::Project::locate(source.path()).unwrap();
        let mut diagnostics = playbook_book::diagnostics::Diagnostics::default();
        let output = source.path().join("public");
        let loaded = Loaded::read(project, &Default::default(), &output, &mut diagnostics).unwrap();
        let redirect = Redirect {
            href: "../../new/page/#a".to_string(),
            title: "New <page>".to_string(),
            canonical: None,
        };
        let html = loaded.redirect_page(&redirect, "en").unwrap();
        assert!(
            html.contains("<meta http-equiv=\"refresh\" content=\"0; url=../../new/page/#a\">"),
            "{html}"
        );
        assert!(html.contains("<a href=\"../../new/page/#a\">New &lt;page&gt;</a>"));
        assert!(!html.contains("<script") && !html.contains("canonical"));
    }

    #[test]
    fn base_paths() {
        assert_eq!(base_path("https://x.org/pb/"), "/pb/");
        assert_eq!(base_path("https://x.org/"), "/");
    }
}
