//! The build pipeline: load the book, render every page through the theme, and write the pages,
//! the theme's static files, the linked assets, the 404 page and the sitemap into a sink.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

use serde::Serialize;

use crate::calculators::{self, CalculatorSite};
use crate::check::PageAnchors;
use crate::nav::{self, Sidebar};
use crate::output::{Sink, Staging};
use crate::print::{PRINT_FILE, PRINT_PAGE_LIMIT, PRINT_ROOT, PrintBook};
use crate::search::{IndexBuilder, IndexPart, Indexer};
use crate::theme::{self, STATIC_PREFIX, Theme};
use playbook_book::config::Project;
use playbook_book::diagnostics::{BuildFailure, Diagnostic, Diagnostics};
use playbook_book::links;
use playbook_book::{self as book, Book, Exclusions};
use playbook_markdown::{self as markdown, LinkResolver, PageSource, Rendered, escape};

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
    let Some(loaded) = Loaded::read(project.clone(), options, output, &mut diagnostics) else {
        return Err(BuildFailure {
            diagnostics: diagnostics.into_sorted(),
        });
    };
    loaded.generate(sink, diagnostics)
}

/// A playbook read into memory: its settings, book and theme. `generate` reads one for each
/// build; the preview server keeps one between builds to render single pages again.
pub struct Loaded {
    pub project: Project,
    pub book: Book,
    pub theme: Theme,
    output: PathBuf,
    base_url: Option<String>,
}

/// One page rendered on its own, by [`Loaded::render_page`].
#[derive(Debug)]
pub struct PageOutput {
    /// The file in the site (`a/b/index.html`).
    pub file: String,
    pub html: String,
    /// Files of the source folder the page links to, copied beside the pages.
    pub assets: BTreeSet<PathBuf>,
    pub warnings: Vec<Diagnostic>,
}

impl Loaded {
    /// Reads the theme and the book. Problems go to `diagnostics`; `None` when the theme cannot
    /// be loaded (the book's problems are still collected).
    pub fn read(
        project: Project,
        options: &BuildOptions,
        output: &Path,
        diagnostics: &mut Diagnostics,
    ) -> Option<Self> {
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
        let book = book::load_with(&project.source, &project.layout(), &exclusions, diagnostics);
        let base_url = options
            .base_url
            .clone()
            .or_else(|| project.config.base_url.clone())
            .map(|url| format!("{}/", url.trim_end_matches('/')));
        Some(Self {
            theme: theme?,
            project,
            book,
            output: output.to_path_buf(),
            base_url,
        })
    }

    /// Renders the whole site into `sink`; `diagnostics` holds what reading found.
    pub fn generate(
        &self,
        sink: &mut dyn Sink,
        mut diagnostics: Diagnostics,
    ) -> Result<Generated, BuildFailure> {
        let (project, book, theme) = (&self.project, &self.book, &self.theme);
        let output = self.output.as_path();
        let base_url = self.base_url.clone();
        let renderer = Renderer::new(project, book, theme, base_url);
        let write_error = |path: &str, e: std::io::Error| BuildFailure {
            diagnostics: vec![
                Diagnostic::error(output.join(path), format!("cannot write: {e}"))
                    .help("check the disk space and the output folder's permissions"),
            ],
        };
        // Pages are rendered and indexed a chunk at a time on every core, then written and let go
        // in SUMMARY order on this thread, so memory holds a few chunks rather than the whole
        // site. Pages are written as they come; a build with errors is discarded whole by the
        // sink's owner.
        let mut assets = BTreeSet::new();
        let mut has_calculators = false;
        let mut checks = Vec::with_capacity(book.pages.len());
        let mut search = IndexBuilder::default();
        let mut print = (book.pages.len() <= PRINT_PAGE_LIMIT).then(|| PrintBook::new(book));
        renderer.render_chunks(|chunk| {
            for done in chunk.pages {
                let (index, mut page) = (done.index, done.rendered);
                diagnostics.extend(done.problems);
                checks.push(done.anchors);
                has_calculators |= !page.calculators.is_empty();
                let html = match done.html {
                    Ok(html) => html,
                    Err(d) => {
                        diagnostics.push(d);
                        continue;
                    }
                };
                if diagnostics.has_errors() {
                    // Keep rendering to report every problem, but write nothing more.
                    continue;
                }
                let file = links::page_file(&book.pages[index].url);
                sink.file(&file, html.as_bytes())
                    .map_err(|e| write_error(&file, e))?;
                if let Some(print) = print.as_mut() {
                    let heading = page.first_heading.is_none().then_some(done.title.as_str());
                    print.add(index, &page.html, heading);
                }
                assets.append(&mut page.assets);
            }
            if !diagnostics.has_errors() {
                for (path, text) in search.add_part(chunk.index) {
                    sink.file(&path, text.as_bytes())
                        .map_err(|e| write_error(&path, e))?;
                }
            }
            Ok(())
        })?;
        // Missing anchors need every page rendered; `.gitbook.yaml`'s redirects become pages.
        diagnostics.extend(crate::check::site_problems(book, &checks));
        let (redirects, problems) =
            crate::redirects::for_project(project, book, self.base_url.as_deref());
        diagnostics.extend(problems);
        if diagnostics.has_errors() {
            return Err(BuildFailure {
                diagnostics: diagnostics.into_sorted(),
            });
        }
        if has_calculators {
            let modules = calculators::modules();
            for module in &modules {
                for (path, bytes) in module.files() {
                    sink.file(&path, bytes).map_err(|e| write_error(&path, e))?;
                }
            }
            if modules.is_empty() {
                diagnostics.push(
                    Diagnostic::warning(
                        &project.source,
                        "this playbook binary was built without the calculators' WebAssembly module, so calculators show their build-time results only",
                    )
                    .help("build the binary with `cargo xtask dist` (or run `cargo xtask serve`) for live calculators"),
                );
            }
        }
        let mut reader_files = search.finish();
        if let Some(print) = print {
            match renderer.print_page(&print) {
                Ok(html) => reader_files.push((PRINT_FILE.to_string(), html)),
                Err(d) => {
                    diagnostics.push(d);
                    return Err(BuildFailure {
                        diagnostics: diagnostics.into_sorted(),
                    });
                }
            }
        }
        for (path, text) in &reader_files {
            sink.file(path, text.as_bytes())
                .map_err(|e| write_error(path, e))?;
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
        for (path, html) in &redirects {
            sink.file(path, html.as_bytes())
                .map_err(|e| write_error(path, e))?;
        }
        Ok(Generated {
            pages: book.pages.len(),
            warnings: diagnostics.into_sorted(),
        })
    }

    /// The page whose source file is `source` (relative to the source folder).
    pub fn page_index(&self, source: &Path) -> Option<usize> {
        self.book
            .pages
            .iter()
            .position(|page| page.source == source)
    }

    /// Reads page `index` again from its file: its text and front matter.
    pub fn reread_page(&mut self, index: usize) -> Result<(), BuildFailure> {
        let Some(page) = self.book.pages.get_mut(index) else {
            return Ok(());
        };
        let text = book::read_text(&self.project.source.join(&page.source), &page.source)
            .map_err(single)?;
        let split = playbook_book::frontmatter::split(&text).map_err(|e| {
            let (line, column) = playbook_book::diagnostics::line_column(&text, e.offset);
            single(
                Diagnostic::error(&page.source, e.message)
                    .at(line, column)
                    .help(e.help),
            )
        })?;
        page.front_matter = split.front_matter;
        page.body_offset = split.body_offset;
        page.text = text;
        Ok(())
    }

    /// The page's title: its front matter's, else its SUMMARY.md entry's, else its first heading.
    pub fn title(&self, index: usize) -> String {
        let renderer = Renderer::new(
            &self.project,
            &self.book,
            &self.theme,
            self.base_url.clone(),
        );
        let page = &self.book.pages[index];
        let named = page
            .front_matter
            .title
            .as_deref()
            .is_some_and(|t| !t.trim().is_empty());
        if named || !page.summary_title.is_empty() {
            renderer.title(index, None)
        } else {
            let mut ignored = Diagnostics::default();
            let rendered = renderer.render_page(index, &mut ignored);
            renderer.title(index, Some(&rendered))
        }
    }

    /// Renders page `index` alone, as [`Loaded::generate`] renders it in the whole site.
    pub fn render_page(&self, index: usize) -> Result<PageOutput, BuildFailure> {
        let renderer = Renderer::new(
            &self.project,
            &self.book,
            &self.theme,
            self.base_url.clone(),
        );
        let mut diagnostics = Diagnostics::default();
        let rendered = renderer.render_page(index, &mut diagnostics);
        if diagnostics.has_errors() {
            return Err(BuildFailure {
                diagnostics: diagnostics.into_sorted(),
            });
        }
        let html = renderer.page_html(index, &rendered).map_err(single)?;
        Ok(PageOutput {
            file: links::page_file(&self.book.pages[index].url),
            html,
            assets: rendered.assets,
            warnings: diagnostics.into_sorted(),
        })
    }
}

/// Pages rendered at once by every core, in SUMMARY order.
/// How many chunks may be rendered ahead of the one being written.
const CHUNKS_AHEAD: usize = 8;

/// The pages in one chunk: a worker's unit of work. It depends on the page count only, never on
/// the cores, because the search index's document shards never span two chunks and the output
/// must be the same on every machine.
fn chunk_pages(pages: usize) -> usize {
    (pages / 32).clamp(1, 64)
}

/// Stops the other workers if this one panics, so that none waits for a chunk that never comes;
/// the scope then passes the panic on.
struct StopOnPanic<'a>(&'a (Mutex<usize>, Condvar));

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let (lock, ready) = self.0;
            *lock.lock().unwrap_or_else(|e| e.into_inner()) = usize::MAX;
            ready.notify_all();
        }
    }
}

/// Consecutive pages rendered by one worker, with their part of the search index.
struct RenderedChunk {
    pages: Vec<RenderedPage>,
    index: IndexPart,
}

/// A page's number, its rendered markdown (without its sections, which went to the index),
/// title and HTML (or why the template failed), its anchors and links for the checks, and the
/// problems its markdown had.
struct RenderedPage {
    index: usize,
    rendered: Rendered,
    title: String,
    html: Result<String, Diagnostic>,
    anchors: PageAnchors,
    problems: Vec<Diagnostic>,
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
    /// Each page's source path to its title, for GitBook's content-ref cards.
    page_titles: HashMap<PathBuf, String>,
    /// The calculators' settings and module, or the mistake in `playbook.toml`'s `[models]`.
    calculators: Result<CalculatorSite, Diagnostic>,
    /// The source folder with links resolved, once for every page.
    canonical_source: std::sync::OnceLock<Option<PathBuf>>,
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
            calculators: CalculatorSite::new(
                project.config.models.as_ref(),
                &calculators::modules(),
            ),
            project,
            book,
            theme,
            sidebar: Sidebar::new(book),
            base_url,
            assets,
            page_urls,
            canonical_source: std::sync::OnceLock::new(),
            page_titles: book
                .pages
                .iter()
                .map(|p| (p.source.clone(), page_title(p)))
                .collect(),
        }
    }

    /// Renders and indexes every page on every core, a chunk of consecutive pages at a time,
    /// and hands the chunks to `consume` in SUMMARY order on this thread, while the workers go
    /// on. At most [`CHUNKS_AHEAD`] chunks wait for `consume`; its first error stops the work.
    fn render_chunks<E>(
        &self,
        mut consume: impl FnMut(RenderedChunk) -> Result<(), E>,
    ) -> Result<(), E> {
        let pages = self.book.pages.len();
        let size = chunk_pages(pages);
        let chunks = pages.div_ceil(size);
        let threads = playbook_book::parallel::threads().min(chunks.max(1));
        let claimed = AtomicUsize::new(0);
        // Chunks consumed so far, or `usize::MAX` once the consumer has stopped.
        let consumed = (Mutex::new(0usize), Condvar::new());
        let (sender, receiver) = mpsc::channel();
        std::thread::scope(|scope| {
            for worker in 0..threads {
                let (sender, claimed, consumed) = (sender.clone(), &claimed, &consumed);
                scope.spawn(move || {
                    let _stop = StopOnPanic(consumed);
                    let mut indexer = Indexer::new(worker);
                    loop {
                        let chunk = claimed.fetch_add(1, Ordering::Relaxed);
                        if chunk >= chunks {
                            return;
                        }
                        let (lock, ready) = consumed;
                        let mut done = lock.lock().unwrap_or_else(|e| e.into_inner());
                        while *done != usize::MAX && chunk >= *done + CHUNKS_AHEAD {
                            done = ready.wait(done).unwrap_or_else(|e| e.into_inner());
                        }
                        if *done == usize::MAX {
                            return;
                        }
                        drop(done);
                        let range = chunk * size..((chunk + 1) * size).min(pages);
                        if sender
                            .send((chunk, self.render_chunk(range, &mut indexer)))
                            .is_err()
                        {
                            return;
                        }
                    }
                });
            }
            drop(sender);
            let mut waiting = BTreeMap::new();
            let mut next = 0;
            let mut outcome = Ok(());
            'receive: for (number, chunk) in receiver.iter() {
                waiting.insert(number, chunk);
                while let Some(chunk) = waiting.remove(&next) {
                    next += 1;
                    outcome = consume(chunk);
                    let (lock, ready) = &consumed;
                    *lock.lock().unwrap_or_else(|e| e.into_inner()) =
                        if outcome.is_ok() { next } else { usize::MAX };
                    ready.notify_all();
                    if outcome.is_err() {
                        break 'receive;
                    }
                }
            }
            drop(receiver);
            outcome
        })
    }

    /// Renders the pages of `range` and indexes them with `indexer`.
    fn render_chunk(&self, range: std::ops::Range<usize>, indexer: &mut Indexer) -> RenderedChunk {
        let pages = range
            .map(|number| {
                let mut page = self.render_one(number);
                let sections = std::mem::take(&mut page.rendered.sections);
                indexer.add_page(&page.title, &self.book.pages[number].url, sections);
                page
            })
            .collect();
        RenderedChunk {
            pages,
            index: indexer.take_part(),
        }
    }

    fn render_one(&self, index: usize) -> RenderedPage {
        let mut diagnostics = Diagnostics::default();
        let rendered = self.render_page(index, &mut diagnostics);
        let html = self.page_html(index, &rendered);
        let title = self.title(index, Some(&rendered));
        RenderedPage {
            index,
            anchors: PageAnchors::of(&rendered),
            title,
            html,
            rendered,
            problems: diagnostics.into_sorted(),
        }
    }

    fn render_page(&self, index: usize, diagnostics: &mut Diagnostics) -> Rendered {
        let resolver = LinkResolver {
            source_dir: &self.project.source,
            pages: &self.page_urls,
            titles: &self.page_titles,
            canonical_source: &self.canonical_source,
        };
        self.render_with(index, &resolver, diagnostics)
    }

    fn render_with(
        &self,
        index: usize,
        resolver: &LinkResolver<'_>,
        diagnostics: &mut Diagnostics,
    ) -> Rendered {
        let page = &self.book.pages[index];
        let mut rendered = markdown::render(
            &PageSource {
                path: &page.source,
                url: &page.url,
                text: &page.text,
                body_offset: page.body_offset,
            },
            resolver,
        );
        diagnostics.extend(std::mem::take(&mut rendered.diagnostics));
        self.place_calculators(&mut rendered, index, diagnostics);
        rendered
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
        let site = match &self.calculators {
            Ok(site) => site,
            Err(problem) => {
                diagnostics.push(problem.clone());
                return;
            }
        };
        let page = &self.book.pages[index];
        let root = page_root(&page.url);
        let module = calculators::page_module(&rendered.calculators);
        for (number, block) in rendered.calculators.iter().enumerate() {
            let html = site
                .render(self.theme, block, &page.source, number, &root, module)
                .unwrap_or_else(|problem| {
                    diagnostics.push(problem);
                    String::new()
                });
            rendered.html = rendered
                .html
                .replacen(&markdown::calculator_slot(number), &html, 1);
        }
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
        let root = page_root(&page.url);
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
        context.insert("has_calculator_blocks", &!rendered.calculators.is_empty());
        context.insert(
            "has_calculators",
            &(!rendered.calculators.is_empty()
                && self
                    .calculators
                    .as_ref()
                    .is_ok_and(CalculatorSite::is_interactive)),
        );
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
        context.insert(
            "print_href",
            &(self.book.pages.len() <= PRINT_PAGE_LIMIT).then(|| format!("{root}{PRINT_FILE}")),
        );
        self.theme.render("page.html", &context)
    }

    /// The whole book on one page, for printing.
    fn print_page(&self, print: &PrintBook) -> Result<String, Diagnostic> {
        let mut context = tera::Context::new();
        context.insert("site", &self.site_context());
        context.insert("assets", &self.assets);
        context.insert("root", PRINT_ROOT);
        context.insert("home", PRINT_ROOT);
        context.insert("contents", &print.contents(self.book));
        context.insert("chapters", print.chapters_html());
        self.theme.render("print.html", &context)
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
        // GitHub Pages' Jekyll step drops folders whose names start with a dot, such as
        // GitBook's `.gitbook/assets`, unless the site says it is not a Jekyll site.
        files.push((".nojekyll".to_string(), String::new()));
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
                escape::text(
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

/// A page's title without rendering it: its front matter's, else its SUMMARY.md entry's, else
/// its file's path.
/// The path from the page at `url` to the site root: empty at the root, `../` a level down.
fn page_root(url: &str) -> String {
    let root = links::relative(url, "");
    if root == "./" { String::new() } else { root }
}

fn page_title(page: &book::Page) -> String {
    page.front_matter
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .or_else(|| Some(page.summary_title.clone()).filter(|t| !t.is_empty()))
        .unwrap_or_else(|| page.source.display().to_string())
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

    /// A sink that fails from its `fail_at`th file on.
    struct FailingSink {
        written: usize,
        fail_at: usize,
    }

    impl Sink for FailingSink {
        fn file(&mut self, _path: &str, _bytes: &[u8]) -> std::io::Result<()> {
            self.written += 1;
            if self.written >= self.fail_at {
                return Err(std::io::Error::other("disk full"));
            }
            Ok(())
        }
    }

    #[test]
    fn a_write_error_stops_the_workers_and_is_reported() {
        // Enough pages for many more chunks than may wait, so that workers are held back
        // when the writing stops.
        let root =
            std::env::temp_dir().join(format!("playbook-site-failing-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        let mut summary = String::from("# Summary\n\n");
        for page in 0..600 {
            std::fs::write(
                root.join(format!("p{page}.md")),
                format!("# Page {page}\n\nText.\n"),
            )
            .unwrap();
            summary.push_str(&format!("- [Page {page}](p{page}.md)\n"));
        }
        std::fs::write(root.join("SUMMARY.md"), summary).unwrap();
        let project = Project::locate(&root).unwrap();
        for fail_at in [1, 40, 500] {
            let mut sink = FailingSink {
                written: 0,
                fail_at,
            };
            let failure = generate(
                &project,
                &BuildOptions::default(),
                &root.join("public"),
                &mut sink,
            )
            .expect_err("a write error fails the build");
            assert!(
                failure.diagnostics[0].to_string().contains("disk full"),
                "{:?}",
                failure.diagnostics
            );
            assert_eq!(sink.written, fail_at, "nothing is written after the error");
        }
        std::fs::remove_dir_all(&root).unwrap();
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
