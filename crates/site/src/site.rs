//! The build pipeline: load the book, render every page through the theme, and write the pages,
//! the theme's static files, the linked assets, the 404 page and the sitemap into a sink.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::book::{self, Book, Exclusions};
use crate::config::Project;
use crate::diagnostics::{BuildFailure, Diagnostic, Diagnostics};
use crate::links;
use crate::markdown::{self, LinkResolver, PageSource, Rendered};
use crate::nav::{self, Sidebar};
use crate::output::{Sink, Staging};
use crate::theme::{self, STATIC_PREFIX, Theme};

/// What the command line may change about a build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The output folder, instead of the configured one.
    pub out: Option<PathBuf>,
    /// The address the site is published at, instead of the configured one.
    pub base_url: Option<String>,
}

/// A finished build.
#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub output: PathBuf,
    pub warnings: Vec<Diagnostic>,
}

/// Builds the playbook at `root` into its output folder.
pub fn build(root: &Path, options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let project = Project::locate(root).map_err(single)?;
    let output = project.output_dir(options.out.as_deref());
    let mut staging = Staging::begin(&output, &project.source).map_err(single)?;
    let generated = generate(&project, options, &output, &mut staging)?;
    staging.commit().map_err(single)?;
    Ok(BuildReport {
        pages: generated.pages,
        output,
        warnings: generated.warnings,
    })
}

fn single(diagnostic: Diagnostic) -> BuildFailure {
    BuildFailure {
        diagnostics: vec![diagnostic],
    }
}

/// What [`generate`] produced.
#[derive(Debug)]
pub struct Generated {
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Renders the whole site into `sink`. `output` is excluded from the pages read.
pub fn generate(
    project: &Project,
    options: &BuildOptions,
    output: &Path,
    sink: &mut dyn Sink,
) -> Result<Generated, BuildFailure> {
    let mut diagnostics = Diagnostics::default();
    let theme = match Theme::load(&project.root) {
        Ok(theme) => Some(theme),
        Err(errors) => {
            diagnostics.extend(errors);
            None
        }
    };
    let exclusions = Exclusions {
        folders: vec![
            output.to_path_buf(),
            project.root.join("templates"),
            project.root.join("static"),
        ],
    };
    let book = book::load(&project.source, &exclusions, &mut diagnostics);
    let Some(theme) = theme else {
        return Err(BuildFailure {
            diagnostics: diagnostics.into_sorted(),
        });
    };
    let base_url = options
        .base_url
        .clone()
        .or_else(|| project.config.base_url.clone())
        .map(|url| format!("{}/", url.trim_end_matches('/')));
    let renderer = Renderer::new(project, &book, &theme, base_url);
    let rendered = renderer.render_pages(&mut diagnostics);
    if diagnostics.has_errors() {
        return Err(BuildFailure {
            diagnostics: diagnostics.into_sorted(),
        });
    }
    let write_error = |path: &str, e: std::io::Error| BuildFailure {
        diagnostics: vec![
            Diagnostic::error(output.join(path), format!("cannot write: {e}"))
                .help("check the disk space and the output folder's permissions"),
        ],
    };
    let mut assets = BTreeSet::new();
    for (index, page) in rendered.into_iter().enumerate() {
        let html = match renderer.page_html(index, &page) {
            Ok(html) => html,
            Err(d) => {
                diagnostics.push(d);
                return Err(BuildFailure {
                    diagnostics: diagnostics.into_sorted(),
                });
            }
        };
        let file = links::page_file(&book.pages[index].url);
        sink.file(&file, html.as_bytes())
            .map_err(|e| write_error(&file, e))?;
        assets.extend(page.assets);
    }
    for (name, bytes) in &theme.statics {
        let path = format!("{STATIC_PREFIX}{name}");
        sink.file(&path, bytes).map_err(|e| write_error(&path, e))?;
    }
    for asset in &assets {
        let path = links::slash_path(asset);
        let bytes = std::fs::read(project.source.join(asset)).map_err(|e| BuildFailure {
            diagnostics: vec![
                Diagnostic::error(asset, format!("cannot read: {e}"))
                    .help("check the file's permissions"),
            ],
        })?;
        sink.file(&path, &bytes)
            .map_err(|e| write_error(&path, e))?;
    }
    for (path, text) in renderer.extra_files().map_err(|d| {
        diagnostics.push(d);
        BuildFailure {
            diagnostics: std::mem::take(&mut diagnostics).into_sorted(),
        }
    })? {
        sink.file(&path, text.as_bytes())
            .map_err(|e| write_error(&path, e))?;
    }
    Ok(Generated {
        pages: book.pages.len(),
        warnings: diagnostics.into_sorted(),
    })
}

/// A link in the page's template context.
#[derive(Serialize)]
struct Link {
    title: String,
    href: String,
}

/// The site-wide part of every page's context.
#[derive(Serialize)]
struct SiteContext<'a> {
    title: &'a str,
    description: Option<&'a str>,
    language: &'a str,
    base_url: Option<&'a str>,
    repository: Option<&'a str>,
}

/// Renders pages of one book with one theme.
struct Renderer<'a> {
    project: &'a Project,
    book: &'a Book,
    theme: &'a Theme,
    sidebar: Sidebar,
    base_url: Option<String>,
    /// Static file name to its site-relative, cache-busted address.
    assets: BTreeMap<String, String>,
    page_urls: HashMap<PathBuf, String>,
}

impl<'a> Renderer<'a> {
    fn new(
        project: &'a Project,
        book: &'a Book,
        theme: &'a Theme,
        base_url: Option<String>,
    ) -> Self {
        let assets = theme
            .statics
            .iter()
            .map(|(name, bytes)| {
                let address = format!("{STATIC_PREFIX}{name}?v={}", theme::fingerprint(bytes));
                (name.clone(), address)
            })
            .collect();
        let page_urls = book
            .pages
            .iter()
            .map(|p| (p.source.clone(), p.url.clone()))
            .collect();
        Self {
            project,
            book,
            theme,
            sidebar: Sidebar::new(book),
            base_url,
            assets,
            page_urls,
        }
    }

    fn render_pages(&self, diagnostics: &mut Diagnostics) -> Vec<Rendered> {
        let resolver = LinkResolver {
            source_dir: &self.project.source,
            pages: &self.page_urls,
        };
        self.book
            .pages
            .iter()
            .map(|page| {
                let mut rendered = markdown::render(
                    &PageSource {
                        path: &page.source,
                        url: &page.url,
                        text: &page.text,
                        body_offset: page.body_offset,
                    },
                    &resolver,
                );
                diagnostics.extend(std::mem::take(&mut rendered.diagnostics));
                rendered
            })
            .collect()
    }

    fn title(&self, index: usize, rendered: Option<&Rendered>) -> String {
        let page = &self.book.pages[index];
        page.front_matter
            .title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .or_else(|| Some(page.summary_title.clone()).filter(|t| !t.is_empty()))
            .or_else(|| rendered.and_then(|r| r.first_heading.clone()))
            .unwrap_or_else(|| page.source.display().to_string())
    }

    fn site_context(&self) -> SiteContext<'_> {
        let config = &self.project.config;
        SiteContext {
            title: self.project.title(),
            description: config.description.as_deref(),
            language: config.language.as_deref().unwrap_or("en"),
            base_url: self.base_url.as_deref(),
            repository: config.repository.as_deref(),
        }
    }

    fn link_to(&self, from: &str, index: usize) -> Link {
        Link {
            title: self.book.pages[index].summary_title.clone(),
            href: links::relative(from, &self.book.pages[index].url),
        }
    }

    fn page_html(&self, index: usize, rendered: &Rendered) -> Result<String, Diagnostic> {
        let page = &self.book.pages[index];
        let root = links::relative(&page.url, "");
        let root = if root == "./" { String::new() } else { root };
        let title = self.title(index, Some(rendered));
        let description = page
            .front_matter
            .description
            .clone()
            .or_else(|| rendered.first_paragraph.as_deref().map(shorten))
            .or_else(|| self.project.config.description.clone());
        let breadcrumbs: Vec<Link> = nav::ancestors(self.book, index)
            .into_iter()
            .map(|i| self.link_to(&page.url, i))
            .collect();
        let mut context = tera::Context::new();
        context.insert("site", &self.site_context());
        context.insert("root", &root);
        context.insert("assets", &self.assets);
        context.insert("sidebar", &self.sidebar.for_page(self.book, index, &root));
        context.insert("home", &if root.is_empty() { "./" } else { root.as_str() });
        context.insert("has_title_heading", &rendered.first_heading.is_some());
        context.insert(
            "contents_href",
            &self
                .sidebar
                .is_local()
                .then(|| format!("{root}{STATIC_PREFIX}contents.html")),
        );
        context.insert("title", &title);
        context.insert("description", &description);
        context.insert("content", &rendered.html);
        context.insert("headings", &rendered.headings);
        context.insert("breadcrumbs", &breadcrumbs);
        context.insert("is_home", &page.url.is_empty());
        context.insert(
            "prev",
            &index.checked_sub(1).map(|i| self.link_to(&page.url, i)),
        );
        context.insert(
            "next",
            &(index + 1 < self.book.pages.len()).then(|| self.link_to(&page.url, index + 1)),
        );
        context.insert(
            "canonical",
            &self
                .base_url
                .as_ref()
                .map(|base| format!("{base}{}", links::encode_path(&page.url))),
        );
        context.insert("edit_url", &self.project.edit_url(&page.source));
        self.theme.render("page.html", &context)
    }

    /// The 404 page, the sitemap and, for large books, the contents page.
    fn extra_files(&self) -> Result<Vec<(String, String)>, Diagnostic> {
        let mut files = Vec::new();
        let mut context = tera::Context::new();
        context.insert("site", &self.site_context());
        context.insert("assets", &self.assets);
        // The 404 page is served at any depth: its links are absolute from the base path when
        // the base address is known, and relative to the root otherwise.
        let not_found_root = self
            .base_url
            .as_deref()
            .and_then(base_path)
            .unwrap_or_default();
        context.insert("root", &not_found_root);
        context.insert(
            "home",
            &if not_found_root.is_empty() {
                "./".to_string()
            } else {
                not_found_root.clone()
            },
        );
        files.push((
            "404.html".to_string(),
            self.theme.render("404.html", &context)?,
        ));
        if self.sidebar.is_local() {
            let root = "../";
            context.insert("root", root);
            context.insert("home", root);
            context.insert("nav", &self.sidebar.contents(self.book, root));
            files.push((
                format!("{STATIC_PREFIX}contents.html"),
                self.theme.render("contents.html", &context)?,
            ));
        }
        if let Some(base) = &self.base_url {
            let mut sitemap = String::from(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
            );
            for page in &self.book.pages {
                sitemap.push_str("  <url><loc>");
                nav::escape_html(
                    &mut sitemap,
                    &format!("{base}{}", links::encode_path(&page.url)),
                );
                sitemap.push_str("</loc></url>\n");
            }
            sitemap.push_str("</urlset>\n");
            files.push(("sitemap.xml".to_string(), sitemap));
            files.push((
                "robots.txt".to_string(),
                format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n"),
            ));
        }
        Ok(files)
    }
}

/// The path part of a base address: `https://x.org/pb/` gives `/pb/`.
fn base_path(base_url: &str) -> Option<String> {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    Some(path.to_string())
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
    fn base_paths() {
        assert_eq!(base_path("https://x.org/pb/").as_deref(), Some("/pb/"));
        assert_eq!(base_path("https://x.org/").as_deref(), Some("/"));
    }

    #[test]
    fn descriptions_are_cut_at_a_word() {
        let long = "word ".repeat(60);
        let short = shorten(long.trim());
        assert!(short.ends_with("word…"));
        assert!(short.chars().count() <= 161);
        assert_eq!(shorten("Short."), "Short.");
    }
}
