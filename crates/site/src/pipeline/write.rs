//! A whole site written into a sink: the pages and their markdown copies in SUMMARY order as
//! the workers render them, with the search index's parts; then, once every page is known to
//! be right (the search index finished meanwhile on another core), the calculators'
//! modules, the search index and print page, the theme's static files, the linked assets, the
//! extra files and the redirect pages. A build with errors writes nothing more once they are
//! found; the sink's owner discards it whole.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use playbook_book::diagnostics::{BuildFailure, Diagnostic, Diagnostics};
use playbook_book::links;
use playbook_book::parallel::joined;
use playbook_markdown::{COPY_FILE, PageLink};

use super::chunks::RenderedChunk;
use super::guard::Guarded;
use super::{Loaded, Progress};
use crate::anchors::{PageAnchors, site_problems};
use crate::calculators;
use crate::llms::{LLMS_FILE, PageSummary};
use crate::output::Sink;
use crate::print::{PRINT_FILE, PrintBook, has_print_page};
use crate::search::IndexBuilder;
use crate::theme::STATIC_PREFIX;

/// Everything a whole build found, whether or not it could write the site.
#[derive(Debug)]
pub struct Findings {
    pub pages: usize,
    /// Errors and warnings.
    pub diagnostics: Diagnostics,
    /// Each page's links to other sites, by the page's source file, for `check --external`.
    pub external_links: Vec<(PathBuf, PageLink)>,
    /// Whether every file was written: false after errors or a failed write.
    pub written: bool,
}

/// A site written whole.
#[derive(Debug)]
pub struct Generated {
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
}

impl Findings {
    /// The site written, with its warnings, or every problem when it could not be.
    pub fn into_result(self) -> Result<Generated, BuildFailure> {
        if self.written {
            Ok(Generated {
                pages: self.pages,
                warnings: self.diagnostics.into_sorted(),
            })
        } else {
            Err(BuildFailure {
                diagnostics: self.diagnostics.into_sorted(),
            })
        }
    }
}

/// What the page-writing step gathers on its way through the book.
struct PagesWritten {
    anchors: Vec<PageAnchors>,
    assets: BTreeSet<PathBuf>,
    has_calculators: bool,
    search: IndexBuilder,
    print: Option<PrintBook>,
    /// What `llms.txt` says of each page, in the book's order.
    summaries: Vec<PageSummary>,
}

/// Files made after the pages, with what they are (for the message when one would replace
/// another), or why they could not be made.
type ExtraFiles = (&'static str, Result<Vec<(String, String)>, Diagnostic>);

/// A write that failed: the one problem reported.
struct WriteFailed(Diagnostic);

impl Loaded {
    /// Renders the whole site into `sink`; `diagnostics` holds what reading found.
    pub fn generate(
        &self,
        sink: &mut dyn Sink,
        diagnostics: Diagnostics,
    ) -> Result<Generated, BuildFailure> {
        self.render_site(sink, diagnostics).into_result()
    }

    /// Renders the whole site into `sink` and says all it found, for `check`.
    pub fn render_site(&self, sink: &mut dyn Sink, diagnostics: Diagnostics) -> Findings {
        let mut findings = Findings {
            pages: self.book.pages.len(),
            diagnostics: diagnostics.with_strict(self.strict),
            external_links: Vec::new(),
            written: false,
        };
        match self.write_site(sink, &mut findings) {
            Ok(()) => findings.written = !findings.diagnostics.has_errors(),
            // A failed write is the one problem to report.
            Err(WriteFailed(problem)) => {
                findings.diagnostics = Diagnostics::default();
                findings.diagnostics.push(problem);
            }
        }
        findings
    }

    fn write_site(&self, sink: &mut dyn Sink, findings: &mut Findings) -> Result<(), WriteFailed> {
        // No file may replace another: a linked file named like a page or the theme's files.
        let sink = &mut Guarded::new(sink);
        sink.writing("a page or the search index");
        let mut written = self.write_pages(sink, findings)?;
        let search = std::mem::take(&mut written.search);
        let diagnostics = &mut findings.diagnostics;
        std::thread::scope(|scope| {
            // The search index is finished and the extra files made on other cores while the
            // checks run; not at all when pages had errors, as nothing more is written.
            let clean = !diagnostics.has_errors();
            let index = clean.then(|| scope.spawn(move || search.finish()));
            let extras = clean.then(|| scope.spawn(|| self.extras(&written)));
            let redirect_pages = self.checks(&written, diagnostics);
            let (Some(redirect_pages), Some(index), Some(extras)) = (redirect_pages, index, extras)
            else {
                return Ok(());
            };
            let (index, extras) = (joined(index), joined(extras));
            let extras = [extras, ("a redirect page", redirect_pages)];
            self.write_rest(sink, &written, index, extras, diagnostics)
        })
    }

    /// The checks that need every page rendered (missing anchors, pages sharing an address;
    /// `.gitbook.yaml`'s redirects become pages), then the redirect pages; none when the book
    /// has errors, as nothing more is written then.
    fn checks(
        &self,
        written: &PagesWritten,
        diagnostics: &mut Diagnostics,
    ) -> Option<Result<Vec<(String, String)>, Diagnostic>> {
        diagnostics.extend(site_problems(&self.book, &written.anchors));
        let (redirects, problems) =
            crate::redirects::for_project(&self.project, &self.book, self.base_url.as_deref());
        diagnostics.extend(problems);
        (!diagnostics.has_errors()).then(|| self.redirect_pages(&redirects))
    }

    /// The 404 page, sitemap, `llms.txt` and contents page.
    fn extras(&self, written: &PagesWritten) -> ExtraFiles {
        (
            "the 404 page, sitemap, llms.txt or contents page",
            // A book's own `llms.txt`, linked from a page, is published instead of ours.
            self.extra_files(
                (!written.assets.contains(Path::new(LLMS_FILE))).then_some(&written.summaries),
            ),
        )
    }

    /// Everything after the pages: the calculators' module, the search index (`index`) and
    /// the print page, the theme's and the book's files, and the `extras`.
    fn write_rest(
        &self,
        sink: &mut Guarded,
        written: &PagesWritten,
        mut index: Vec<(String, String)>,
        extras: [ExtraFiles; 2],
        diagnostics: &mut Diagnostics,
    ) -> Result<(), WriteFailed> {
        if written.has_calculators {
            sink.writing("the calculators' module");
            self.write_modules(sink, diagnostics)?;
        }
        if let Some(print) = &written.print {
            match self.print_page(print) {
                Ok(html) => index.push((PRINT_FILE.to_string(), html)),
                Err(problem) => {
                    diagnostics.push(problem);
                    return Ok(());
                }
            }
        }
        sink.writing("the search index or the print page");
        self.write_all(sink, &index)?;
        sink.writing("the theme's static files");
        for (name, bytes) in &self.theme.statics {
            self.write(sink, &format!("{STATIC_PREFIX}{name}"), bytes)?;
        }
        sink.writing("a file the pages link to");
        self.write_assets(sink, &written.assets)?;
        sink.writing("a file book.toml adds to the pages");
        self.write_book_files(sink, diagnostics)?;
        for (what, files) in extras {
            sink.writing(what);
            match files {
                Ok(files) => self.write_all(sink, &files)?,
                Err(problem) => {
                    diagnostics.push(problem);
                    return Ok(());
                }
            }
        }
        Ok(())
    }

    /// Writes the pages and the search index's parts as the chunks come, in SUMMARY order.
    fn write_pages(
        &self,
        sink: &mut dyn Sink,
        findings: &mut Findings,
    ) -> Result<PagesWritten, WriteFailed> {
        let pages = self.book.pages.len();
        let mut written = PagesWritten {
            anchors: Vec::with_capacity(pages),
            assets: BTreeSet::new(),
            has_calculators: false,
            search: IndexBuilder::default(),
            print: has_print_page(&self.book).then(|| PrintBook::new(&self.book)),
            summaries: Vec::with_capacity(pages),
        };
        self.render_chunks(|chunk| {
            self.write_chunk(chunk, sink, findings, &mut written)?;
            if let Some(Progress(report)) = &self.progress {
                report(written.anchors.len(), pages);
            }
            Ok(())
        })?;
        Ok(written)
    }

    fn write_chunk(
        &self,
        chunk: RenderedChunk,
        sink: &mut dyn Sink,
        findings: &mut Findings,
        written: &mut PagesWritten,
    ) -> Result<(), WriteFailed> {
        let diagnostics = &mut findings.diagnostics;
        for done in chunk.pages {
            let (index, mut page) = (done.index, done.rendered);
            let source = &self.book.pages[index].source;
            diagnostics.extend(done.problems);
            written.anchors.push(done.anchors);
            written.summaries.push(done.summary);
            written.has_calculators |= !page.calculators.is_empty();
            let external = std::mem::take(&mut page.external_links);
            findings
                .external_links
                .extend(external.into_iter().map(|link| (source.clone(), link)));
            let html = match done.html {
                Ok(html) => html,
                Err(problem) => {
                    diagnostics.push(problem);
                    continue;
                }
            };
            if diagnostics.has_errors() {
                // Keep rendering to report every problem, but write nothing more.
                continue;
            }
            let url = &self.book.pages[index].url;
            self.write(sink, &links::page_file(url), html.as_bytes())?;
            self.write(sink, &format!("{url}{COPY_FILE}"), done.copy.as_bytes())?;
            if let Some(print) = written.print.as_mut() {
                let heading = page.first_heading.is_none().then_some(done.title.as_str());
                print.add(index, &page.html, heading);
            }
            written.assets.append(&mut page.assets);
        }
        if !diagnostics.has_errors() {
            self.write_all(sink, &written.search.add_part(chunk.index))?;
        }
        Ok(())
    }

    /// The calculators' WebAssembly modules, or a warning that this binary has none.
    fn write_modules(
        &self,
        sink: &mut dyn Sink,
        diagnostics: &mut Diagnostics,
    ) -> Result<(), WriteFailed> {
        let modules = calculators::modules();
        for module in &modules {
            for (path, bytes) in module.files() {
                self.write(sink, &path, bytes)?;
            }
        }
        if modules.is_empty() {
            diagnostics.push(
                Diagnostic::warning(
                    &self.project.source,
                    "this playbook binary was built without the calculators' WebAssembly module, so calculators show their build-time results only",
                )
                .help("build the binary with `cargo xtask dist` (or run `cargo xtask serve`) for live calculators"),
            );
        }
        Ok(())
    }

    /// The files of the source folder the pages link to.
    fn write_assets(
        &self,
        sink: &mut dyn Sink,
        assets: &BTreeSet<PathBuf>,
    ) -> Result<(), WriteFailed> {
        for asset in assets {
            let bytes = std::fs::read(self.project.source.join(asset)).map_err(|e| {
                WriteFailed(
                    Diagnostic::error(asset, format!("cannot read: {e}"))
                        .help("check the file's permissions"),
                )
            })?;
            self.write(sink, &links::slash_path(asset), &bytes)?;
        }
        Ok(())
    }

    /// The stylesheets and scripts `book.toml` adds to every page, at their paths from the
    /// playbook's folder; one that is missing is a problem of `book.toml`.
    fn write_book_files(
        &self,
        sink: &mut dyn Sink,
        diagnostics: &mut Diagnostics,
    ) -> Result<(), WriteFailed> {
        let Some(mdbook) = &self.project.mdbook else {
            return Ok(());
        };
        let [css_line, js_line] = mdbook.additional_lines;
        let css = mdbook.additional_css.iter().map(|file| (file, css_line));
        let js = mdbook.additional_js.iter().map(|file| (file, js_line));
        for (file, line) in css.chain(js) {
            let Some(path) = links::normalise(file) else {
                continue;
            };
            match std::fs::read(self.project.root.join(&path)) {
                Ok(bytes) => self.write(sink, &links::slash_path(&path), &bytes)?,
                Err(e) => diagnostics.push(
                    Diagnostic::problem(
                        playbook_book::mdbook::FILE,
                        format!("cannot add `{}` to the pages: {e}", file.display()),
                    )
                    .at(line, 0)
                    .help("name a file relative to the folder holding book.toml"),
                ),
            }
        }
        Ok(())
    }

    fn write(&self, sink: &mut dyn Sink, path: &str, bytes: &[u8]) -> Result<(), WriteFailed> {
        sink.file(path, bytes).map_err(|e| {
            WriteFailed(if e.kind() == std::io::ErrorKind::AlreadyExists {
                Diagnostic::error(path, format!("{e}: one would replace the other")).help(
                    "rename or move the linked file: playbook makes its own file at that path",
                )
            } else {
                Diagnostic::error(self.output.join(path), format!("cannot write: {e}"))
                    .help("check the disk space and the output folder's permissions")
            })
        })
    }

    fn write_all(
        &self,
        sink: &mut dyn Sink,
        files: &[(String, String)],
    ) -> Result<(), WriteFailed> {
        for (path, text) in files {
            self.write(sink, path, text.as_bytes())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
