//! A playbook read into memory: its settings, book, theme and what rendering needs of them
//! ([`Prepared`]). A build reads one; the preview server keeps one between saves to render
//! single pages again, changing only what a save touched.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use playbook_book::config::Project;
use playbook_book::diagnostics::{BuildFailure, Diagnostic, Diagnostics};
use playbook_book::{self as book, Book, Exclusions, links};

use super::prepared::Prepared;
use super::{BuildOptions, Progress, single};
use crate::theme::Theme;

/// A read playbook.
pub struct Loaded {
    pub project: Project,
    pub book: Book,
    pub(super) theme: Theme,
    pub(super) prepared: Prepared,
    pub(super) output: PathBuf,
    /// The published address with a trailing slash.
    pub(super) base_url: Option<String>,
    /// Whether problems in the content are errors: `--strict` or `strict = true`.
    pub(super) strict: bool,
    /// Told how far the pages are written.
    pub(super) progress: Option<Progress>,
}

/// One page rendered on its own, by [`Loaded::render_page`].
#[derive(Debug)]
pub struct PageOutput {
    /// The file in the site (`a/b/index.html`).
    pub file: String,
    pub html: String,
    /// Its markdown copy's file in the site (`a/b/index.md`) and text.
    pub copy_file: String,
    pub copy: String,
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
        if let Some(gitbook) = &project.gitbook {
            diagnostics.extend(gitbook.warnings.iter().cloned());
        }
        if let Some(mdbook) = &project.mdbook {
            diagnostics.extend(mdbook.warnings.iter().cloned());
        }
        // The theme is read on a core of its own while the book is.
        let (theme, book) = std::thread::scope(|scope| {
            let theme = scope.spawn(|| Theme::load(&project.root));
            let book = load_book(&project, output, diagnostics);
            (playbook_book::parallel::joined(theme), book)
        });
        let theme = theme.map_err(|errors| diagnostics.extend(errors)).ok()?;
        let base_url = options
            .base_url
            .clone()
            .or_else(|| project.config.base_url.clone())
            .map(|url| format!("{}/", url.trim_end_matches('/')));
        let strict = options.strict || project.config.strict.unwrap_or(false);
        Some(Self {
            prepared: Prepared::new(&project, &book, &theme),
            strict,
            progress: options.progress.clone(),
            theme,
            project,
            book,
            output: output.to_path_buf(),
            base_url,
        })
    }

    /// The theme pages are rendered with.
    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// Takes a theme whose static files changed (its templates are the same).
    pub fn set_theme(&mut self, theme: Theme) {
        self.prepared.set_theme(&theme);
        self.theme = theme;
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
        // A located project's layout names the playbook's folder, links resolved, as the
        // bound for includes: the source folder is only the fallback, and is not resolved again.
        let layout = self.project.layout();
        let source = &self.project.source;
        page.set_text(text, layout.bounds(source, source));
        self.prepared.retitle(&self.book, index);
        Ok(())
    }

    /// Page `index`'s title, rendering the page only when neither its front matter nor its
    /// `SUMMARY.md` entry gives one.
    pub fn title(&self, index: usize) -> String {
        let page = &self.book.pages[index];
        if page.has_given_title() {
            return page.title(None);
        }
        let rendered = self.render_markdown(index, &mut Diagnostics::default());
        page.title(rendered.first_heading.as_deref())
    }

    /// Renders page `index` alone, as [`Loaded::generate`] renders it in the whole site.
    pub fn render_page(&self, index: usize) -> Result<PageOutput, BuildFailure> {
        let mut diagnostics = Diagnostics::default().with_strict(self.strict);
        let rendered = self.render_markdown(index, &mut diagnostics);
        if diagnostics.has_errors() {
            return Err(BuildFailure {
                diagnostics: diagnostics.into_sorted(),
            });
        }
        let html = self.page_html(index, &rendered).map_err(single)?;
        let page = &self.book.pages[index];
        let copy = self.page_copy(
            index,
            &page.title(rendered.first_heading.as_deref()),
            &rendered,
        );
        Ok(PageOutput {
            file: links::page_file(&page.url),
            html,
            copy_file: format!("{}{}", page.url, playbook_markdown::COPY_FILE),
            copy,
            assets: rendered.assets,
            warnings: diagnostics.into_sorted(),
        })
    }
}

/// The book in the project's source folder, leaving out the output and the theme's folders.
pub(crate) fn load_book(project: &Project, output: &Path, diagnostics: &mut Diagnostics) -> Book {
    let exclusions = Exclusions {
        folders: vec![
            output.to_path_buf(),
            project.root.join("templates"),
            project.root.join("static"),
        ],
    };
    book::load_with(&project.source, &project.layout(), &exclusions, diagnostics)
}
