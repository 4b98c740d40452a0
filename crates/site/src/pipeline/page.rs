//! One page of a loaded playbook: its markdown rendered, its calculators placed with their
//! build-time results, and the whole laid out by the theme's `page.html` with the page's
//! context (navigation, breadcrumbs, previous and next, table of contents, meta).

use std::borrow::Cow;
use std::path::PathBuf;

use playbook_book::diagnostics::{Diagnostic, Diagnostics};
use playbook_book::links;

use playbook_book::links::LinkTarget;
use playbook_markdown::{self as markdown, Heading, PageSource, Rendered, escape};
use serde::Serialize;

use super::Loaded;
use super::prepared::BookFiles;
use crate::calculators::{self, CalculatorSite, Placed};
use crate::nav;
use crate::print::{PRINT_FILE, has_print_page};
use crate::theme::STATIC_PREFIX;

/// A link in the page's template context.
#[derive(Serialize)]
struct Link {
    title: String,
    href: String,
}

/// A page's cover image: the book's file to copy (none for another site's image) and its
/// address from the page.
struct Cover {
    file: Option<PathBuf>,
    href: String,
}

/// The site-wide part of every page's context.
#[derive(Serialize)]
pub(super) struct SiteContext<'a> {
    title: &'a str,
    description: Option<&'a str>,
    language: &'a str,
    base_url: Option<&'a str>,
    repository: Option<&'a str>,
    /// The book's own stylesheets and scripts.
    files: &'a BookFiles,
}

impl Loaded {
    /// Page `index`'s markdown rendered with its calculators in place; problems go to
    /// `diagnostics`.
    pub(super) fn render_markdown(&self, index: usize, diagnostics: &mut Diagnostics) -> Rendered {
        let page = &self.book.pages[index];
        let mut rendered = markdown::render(
            &PageSource {
                path: &page.source,
                url: &page.url,
                text: &page.text,
                body_offset: page.body_offset,
                origin: page.origin.as_ref(),
            },
            &self.prepared.resolver(&self.project),
        );
        diagnostics.extend(page.problems.iter().cloned());
        diagnostics.extend(std::mem::take(&mut rendered.diagnostics));
        self.place_calculators(&mut rendered, index, diagnostics);
        match self.cover(index) {
            Ok(Some(Cover {
                file: Some(file), ..
            })) => {
                rendered.assets.insert(file);
            }
            Ok(_) => {}
            Err(problem) => diagnostics.push(problem),
        }
        rendered
    }

    /// The page's cover image (front matter `cover:`, relative to the page as GitBook writes it,
    /// or another site's address); a problem when it is not a file of the book.
    fn cover(&self, index: usize) -> Result<Option<Cover>, Diagnostic> {
        let page = &self.book.pages[index];
        let Some(cover) = page
            .front_matter
            .cover
            .as_deref()
            .filter(|c| !c.trim().is_empty())
        else {
            return Ok(None);
        };
        let cover = cover.trim();
        let path = match links::classify(&page.source, cover) {
            LinkTarget::External
                if cover.starts_with("https://") || cover.starts_with("http://") =>
            {
                return Ok(Some(Cover {
                    file: None,
                    href: cover.to_string(),
                }));
            }
            LinkTarget::Local { path, .. } => path,
            _ => return Err(bad_cover(&page.source, cover)),
        };
        let full = self.project.source.join(&path);
        if !full.is_file() || !self.prepared.resolver(&self.project).inside_source(&full) {
            return Err(bad_cover(&page.source, cover));
        }
        let href = links::relative(&page.url, &links::slash_path(&path));
        Ok(Some(Cover {
            file: Some(path),
            href,
        }))
    }

    /// Puts each calculator's form and initial result where its block stood.
    fn place_calculators(
        &self,
        rendered: &mut Rendered,
        index: usize,
        diagnostics: &mut Diagnostics,
    ) {
        if rendered.calculators.is_empty() {
            return;
        }
        let site = match &self.prepared.calculators {
            Ok(site) => site,
            Err(problem) => {
                diagnostics.push(problem.clone());
                return;
            }
        };
        let page = &self.book.pages[index];
        let root = page_root(&page.url);
        let module = calculators::page_module(&rendered.calculators);
        let (forms, texts): (Vec<String>, Vec<String>) = rendered
            .calculators
            .iter()
            .enumerate()
            .map(|(number, block)| {
                let placed = site
                    .render(&self.theme, block, &page.source, number, &root, module)
                    .unwrap_or_else(|problem| {
                        diagnostics.push(problem);
                        Placed::default()
                    });
                (placed.html, placed.markdown)
            })
            .unzip();
        rendered.html = markdown::fill_calculator_slots(&rendered.html, &forms);
        rendered.markdown = markdown::fill_copy_slots(&rendered.markdown, &texts);
    }

    pub(super) fn site_context(&self) -> SiteContext<'_> {
        let config = &self.project.config;
        SiteContext {
            title: self.project.title(),
            description: config.description.as_deref(),
            language: config.language.as_deref().unwrap_or("en"),
            base_url: self.base_url.as_deref(),
            repository: config.repository.as_deref(),
            files: &self.prepared.book_files,
        }
    }

    fn link_to(&self, from: &str, index: usize) -> Link {
        Link {
            title: self.book.pages[index].summary_title.clone(),
            href: links::relative(from, &self.book.pages[index].url),
        }
    }

    /// Page `index` laid out by the theme.
    pub(super) fn page_html(
        &self,
        index: usize,
        rendered: &Rendered,
    ) -> Result<String, Diagnostic> {
        let page = &self.book.pages[index];
        let root = page_root(&page.url);
        let mut context = tera::Context::new();
        self.insert_frame(&mut context, index, &root);
        self.insert_content(&mut context, index, rendered);
        self.insert_neighbours(&mut context, index);
        // The content and what the default theme puts around it.
        let bytes = rendered.html.len() + 8 * 1024;
        self.theme.render_sized("page.html", &context, bytes)
    }

    /// What surrounds the content: the site, its static files, the sidebar and the links to
    /// the home, contents and print pages.
    fn insert_frame(&self, context: &mut tera::Context, index: usize, root: &str) {
        let sidebar = &self.prepared.sidebar;
        context.insert("site", &self.site_context());
        context.insert("root", root);
        self.prepared.assets.insert_into(context, root);
        context.insert("sidebar", &sidebar.for_page(&self.book, index, root));
        context.insert("home", if root.is_empty() { "./" } else { root });
        context.insert(
            "contents_href",
            &sidebar
                .is_local()
                .then(|| format!("{root}{STATIC_PREFIX}contents.html")),
        );
        context.insert(
            "print_href",
            &has_print_page(&self.book).then(|| format!("{root}{PRINT_FILE}")),
        );
    }

    /// The page itself: title, description, cover, content, its contents list, calculators and
    /// its addresses.
    fn insert_content(&self, context: &mut tera::Context, index: usize, rendered: &Rendered) {
        let page = &self.book.pages[index];
        let description = self
            .own_description(index, rendered)
            .or_else(|| self.project.config.description.clone());
        let has_blocks = !rendered.calculators.is_empty();
        let interactive = self
            .prepared
            .calculators
            .as_ref()
            .is_ok_and(CalculatorSite::is_interactive);
        context.insert("has_title_heading", &rendered.first_heading.is_some());
        context.insert("title", &page.title(rendered.first_heading.as_deref()));
        context.insert("html_title", &page.html_title);
        context.insert("description", &description);
        let own_description = page.front_matter.description.as_deref();
        context.insert("page_description", &own_description);
        context.insert(
            "content",
            &with_description(
                &rendered.html,
                rendered.first_heading.is_some(),
                own_description,
            ),
        );
        context.insert("toc", &contents_list(&rendered.headings));
        context.insert("cover", &self.cover(index).ok().flatten().map(|c| c.href));
        context.insert("has_calculator_blocks", &has_blocks);
        context.insert("has_calculators", &(has_blocks && interactive));
        context.insert("is_home", &page.url.is_empty());
        context.insert(
            "canonical",
            &self
                .base_url
                .as_ref()
                .map(|base| format!("{base}{}", links::encode_path(&page.url))),
        );
        context.insert("edit_url", &self.project.edit_url(&page.source));
        context.insert("copy_href", markdown::COPY_FILE);
    }

    /// Page `index`'s own description: its front matter's, or its first paragraph's.
    pub(super) fn own_description(&self, index: usize, rendered: &Rendered) -> Option<String> {
        self.book.pages[index]
            .front_matter
            .description
            .clone()
            .or_else(|| rendered.first_paragraph.as_deref().map(shorten))
    }

    /// Page `index`'s markdown copy, titled `title`, as [`crate::llms::page_copy`] finishes it.
    pub(super) fn page_copy(&self, index: usize, title: &str, rendered: &Rendered) -> String {
        crate::llms::page_copy(
            title,
            self.book.pages[index].front_matter.description.as_deref(),
            rendered.first_heading.is_some(),
            &rendered.markdown,
        )
    }

    /// The breadcrumbs and the previous and next pages.
    fn insert_neighbours(&self, context: &mut tera::Context, index: usize) {
        let url = &self.book.pages[index].url;
        let breadcrumbs: Vec<Link> = nav::ancestors(&self.book, index)
            .into_iter()
            .map(|i| self.link_to(url, i))
            .collect();
        context.insert("breadcrumbs", &breadcrumbs);
        context.insert("prev", &index.checked_sub(1).map(|i| self.link_to(url, i)));
        context.insert(
            "next",
            &(index + 1 < self.book.pages.len()).then(|| self.link_to(url, index + 1)),
        );
    }
}

/// The path from the page at `url` to the site root: empty at the root, `../` a level down.
pub(super) fn page_root(url: &str) -> String {
    let root = links::relative(url, "");
    if root == "./" { String::new() } else { root }
}

/// The "On this page" list: the sections under the title (levels 2 and 3), or, on a page of
/// several `#` headings, those and their subsections (levels 1 and 2, shown a level down).
fn contents_list(headings: &[Heading]) -> Vec<Heading> {
    let several_titles = headings.iter().filter(|h| h.level == 1).count() > 1;
    let (shallowest, shift) = if several_titles { (1, 1) } else { (2, 0) };
    headings
        .iter()
        .filter(|h| (shallowest..=shallowest + 1).contains(&h.level))
        .map(|h| Heading {
            level: h.level + shift,
            ..h.clone()
        })
        .collect()
}

/// The page's HTML with its front matter's description under its own first heading.
fn with_description<'h>(
    html: &'h str,
    has_heading: bool,
    description: Option<&str>,
) -> Cow<'h, str> {
    let Some(description) = description.filter(|_| has_heading) else {
        return Cow::Borrowed(html);
    };
    let Some(end) = html.find("</h1>\n") else {
        return Cow::Borrowed(html);
    };
    let at = end + "</h1>\n".len();
    let mut out = String::with_capacity(html.len() + description.len() + 40);
    out.push_str(&html[..at]);
    out.push_str("<p class=\"page-description\">");
    escape::text(&mut out, description);
    out.push_str("</p>\n");
    out.push_str(&html[at..]);
    Cow::Owned(out)
}

fn bad_cover(page: &std::path::Path, cover: &str) -> Diagnostic {
    Diagnostic::problem(
        page,
        format!("the cover image `{cover}` is not a file of the book"),
    )
    .help("give the image's path relative to the page, such as `.gitbook/assets/cover.png`")
}

/// A description of at most about 160 characters, cut at a word.
fn shorten(text: &str) -> String {
    if text.chars().count() <= 160 {
        return text.to_string();
    }
    let cut: String = text.chars().take(160).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_cut_at_a_word() {
        let long = "word ".repeat(60);
        let short = shorten(long.trim());
        assert!(short.ends_with("word…"));
        assert!(short.chars().count() <= 161);
        assert_eq!(shorten("Short."), "Short.");
    }
}
