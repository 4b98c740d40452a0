//! Builds the site in memory and keeps it up to date: a full build reads everything; a page edit
//! renders that page alone; a theme static file is copied. Every build produces a complete new
//! set of files, and says what browsers should do about the difference.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::change::Plan;
use crate::site::SiteFiles;
use crate::update::Update;
use playbook_book::config::Project;
use playbook_book::diagnostics::{BuildFailure, Diagnostic, Diagnostics};
use playbook_site::{BuildOptions, Loaded};

/// What a rebuild changed, for the browsers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Effect {
    /// Scripts, images or other files pages load changed: every page loads again.
    pub reload_all: bool,
    /// Pages that changed (site keys): the browsers showing them load them again.
    pub pages: Vec<String>,
    /// Stylesheets that changed (site keys): swapped in place.
    pub stylesheets: Vec<String>,
}

/// Past this many changed pages, every browser reloads rather than reading a long list.
const MOST_PAGES_LISTED: usize = 100;

impl Effect {
    /// The effect of these files changing. Data that pages fetch when asked (the search index,
    /// the sitemap) and the pages' markdown copies need no reload.
    pub fn of<'a>(changed: impl IntoIterator<Item = &'a String>) -> Self {
        let mut effect = Self::default();
        for key in changed {
            let extension = key.rsplit_once('.').map_or("", |(_, x)| x);
            match extension {
                "css" => effect.stylesheets.push(key.clone()),
                "html" | "htm" => effect.pages.push(key.clone()),
                "json" | "xml" | "txt" | "map" | "md" => {}
                _ => effect.reload_all = true,
            }
        }
        if effect.pages.len() > MOST_PAGES_LISTED {
            effect.reload_all = true;
        }
        if effect.reload_all {
            effect.pages.clear();
        }
        effect
    }

    pub fn is_unchanged(&self) -> bool {
        !self.reload_all && self.pages.is_empty() && self.stylesheets.is_empty()
    }
}

/// A successful rebuild.
#[derive(Debug)]
pub struct Built {
    pub site: Arc<SiteFiles>,
    pub effect: Effect,
    /// What was done, for the terminal (`3 pages`, `the whole site`).
    pub what: String,
    pub warnings: Vec<Diagnostic>,
    /// Whether only part of the site was built: a full build should follow to bring the parts
    /// that depend on every page (search index, print page, links between pages) up to date.
    pub partial: bool,
}

/// A whole site built in memory, with the playbook it was read from.
pub struct Whole {
    loaded: Loaded,
    files: SiteFiles,
    pages: usize,
    warnings: Vec<Diagnostic>,
}

/// A whole site built on another thread, and what browsers should do about its difference from
/// the site of when it started.
pub struct Apart {
    whole: Whole,
    effect: Effect,
}

/// Reads and renders the whole playbook at `root`.
pub fn build_whole(root: &Path, options: &BuildOptions) -> Result<Whole, BuildFailure> {
    let project = Project::locate(root).map_err(single)?;
    let output = project.output_dir(None);
    let mut diagnostics = Diagnostics::default();
    let Some(loaded) = Loaded::read(project, options, &output, &mut diagnostics) else {
        return Err(BuildFailure {
            diagnostics: diagnostics.into_sorted(),
        });
    };
    let mut files = SiteFiles::default();
    let generated = loaded.generate(&mut files, diagnostics)?;
    Ok(Whole {
        loaded,
        files,
        pages: generated.pages,
        warnings: generated.warnings,
    })
}

/// Keeps the loaded playbook and its last good site between builds.
pub struct Builder {
    root: PathBuf,
    options: BuildOptions,
    /// The playbook as of the last good build; `None` after a failure, so that the next change
    /// reads everything again.
    loaded: Option<Loaded>,
    site: Arc<SiteFiles>,
}

impl Builder {
    /// A builder for the playbook at `root`; `options.base_url` is the server's address.
    pub fn new(root: &Path, options: BuildOptions) -> Self {
        Self {
            root: root.to_path_buf(),
            options,
            loaded: None,
            site: Arc::new(SiteFiles::default()),
        }
    }

    /// The last good site.
    /// The folders outside the source folder that hold files the pages include, to watch.
    pub fn included_folders(&self) -> Vec<PathBuf> {
        let Some(loaded) = &self.loaded else {
            return Vec::new();
        };
        let source = loaded.project.source.canonicalize().unwrap_or_default();
        let mut folders: Vec<PathBuf> = loaded
            .book
            .pages
            .iter()
            .flat_map(|page| &page.included)
            .filter(|file| !file.starts_with(&source))
            .filter_map(|file| file.parent().map(Path::to_path_buf))
            .collect();
        folders.sort();
        folders.dedup();
        folders
    }

    pub fn site(&self) -> Arc<SiteFiles> {
        self.site.clone()
    }

    /// Rebuilds what `plan` asks for (everything after a failed build).
    pub fn apply(&mut self, plan: &Plan) -> Result<Built, BuildFailure> {
        let result = if plan.full || self.loaded.is_none() {
            self.full()
        } else {
            self.update(plan)
        };
        if result.is_err() {
            self.loaded = None;
        }
        result
    }

    /// Reads and renders the whole playbook.
    pub fn full(&mut self) -> Result<Built, BuildFailure> {
        let whole = build_whole(&self.root, &self.options)?;
        let effect = difference(&self.site, &whole.files);
        Ok(self.take(whole, effect).0)
    }

    /// A job that builds the whole site on another thread and compares it with the current
    /// one there, to be adopted with [`Builder::adopt_apart`] if nothing changed meanwhile.
    pub fn whole_job(&self) -> impl FnOnce() -> Result<Apart, BuildFailure> + Send + 'static {
        let root = self.root.clone();
        let options = self.options.clone();
        let before = self.site.clone();
        move || {
            let whole = build_whole(&root, &options)?;
            let effect = difference(&before, &whole.files);
            Ok(Apart { whole, effect })
        }
    }

    /// Takes a whole site built by a [`Builder::whole_job`] as the current one, which must be
    /// the site the job started from. Also returns the playbook it replaces, whose memory is
    /// best freed where no save waits for it.
    pub fn adopt_apart(&mut self, apart: Apart) -> (Built, Option<Loaded>) {
        self.take(apart.whole, apart.effect)
    }

    /// Makes `whole` the current site; `effect` is its difference from the one before.
    fn take(&mut self, whole: Whole, effect: Effect) -> (Built, Option<Loaded>) {
        let replaced = self.loaded.replace(whole.loaded);
        self.site = Arc::new(whole.files);
        let built = Built {
            site: self.site.clone(),
            effect,
            what: format!("the whole site ({} pages)", whole.pages),
            warnings: whole.warnings,
            partial: false,
        };
        (built, replaced)
    }

    /// Forgets the loaded playbook after a failure seen elsewhere: the next change reads
    /// everything again.
    pub fn invalidate(&mut self) {
        self.loaded = None;
    }

    /// Renders the changed pages, copies the changed files; falls back to a full build when the
    /// change reaches further (a page's title, a new or deleted file).
    fn update(&mut self, plan: &Plan) -> Result<Built, BuildFailure> {
        let Some(loaded) = self.loaded.as_mut() else {
            return self.full();
        };
        let mut update = Update {
            files: (*self.site).clone(),
            changed: BTreeSet::new(),
            warnings: Vec::new(),
            pages: 0,
        };
        if !update.apply(loaded, plan)? {
            return self.full();
        }
        self.site = Arc::new(update.files);
        let n = update.changed.len();
        Ok(Built {
            site: self.site.clone(),
            effect: Effect::of(&update.changed),
            what: match update.pages {
                0 => format!("{n} file{}", plural(n)),
                1 => "1 page".to_string(),
                pages => format!("{pages} pages"),
            },
            warnings: update.warnings,
            partial: true,
        })
    }
}

/// What browsers should do about the difference between two whole sites.
fn difference(old: &SiteFiles, new: &SiteFiles) -> Effect {
    let mut changed = BTreeSet::new();
    for (key, bytes) in new.iter() {
        if old.get(key) != Some(bytes) {
            changed.insert(key.to_string());
        }
    }
    for (key, _) in old.iter() {
        if !new.contains(key) {
            changed.insert(key.to_string());
        }
    }
    Effect::of(&changed)
}

fn single(diagnostic: Diagnostic) -> BuildFailure {
    BuildFailure {
        diagnostics: vec![diagnostic],
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use playbook_site::output::Sink;

    fn at(base_url: &str) -> BuildOptions {
        BuildOptions {
            base_url: Some(base_url.into()),
            ..BuildOptions::default()
        }
    }

    /// A small playbook in a folder removed when dropped.
    fn temp_playbook() -> tempfile::TempDir {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path();
        for (path, text) in [
            (
                "SUMMARY.md",
                "- [Home](README.md)\n- [A](a.md)\n- [B](b.md)\n",
            ),
            ("README.md", "# Home\n\nSee [A](a.md#first).\n"),
            ("a.md", "# A\n\n## First\n\nText.\n"),
            ("b.md", "# B\n\nMore.\n"),
        ] {
            std::fs::write(dir.join(path), text).unwrap();
        }
        temp
    }

    #[test]
    fn a_page_edit_renders_that_page_as_a_full_build_would() {
        let temp = temp_playbook();
        let dir = temp.path();
        let mut builder = Builder::new(dir, at("http://127.0.0.1:1/"));
        builder.full().unwrap();
        std::fs::write(dir.join("a.md"), "# A\n\n## First\n\nEdited text.\n").unwrap();
        let plan = Plan::of([crate::change::ChangeKind::Page("a.md".into())]);
        let built = builder.apply(&plan).unwrap();
        assert!(built.partial);
        assert_eq!(built.effect.pages, ["a/index.html"]);
        let copy = String::from_utf8(built.site.get("a/index.md").unwrap().to_vec()).unwrap();
        assert_eq!(copy, "# A\n\n## First\n\nEdited text.\n");
        let mut fresh = Builder::new(dir, at("http://127.0.0.1:1/"));
        let whole = fresh.full().unwrap();
        for (key, bytes) in whole.site.iter() {
            if (key.ends_with(".html") || key.ends_with(".md")) && !key.contains("print") {
                assert_eq!(built.site.get(key), Some(bytes), "{key}");
            }
        }
    }

    #[test]
    fn saving_an_included_file_renders_the_pages_that_include_it() {
        let temp = temp_playbook();
        let dir = temp.path();
        std::fs::write(dir.join("b.md"), "# B\n\n{{#include parts/note.md}}\n").unwrap();
        std::fs::create_dir(dir.join("parts")).unwrap();
        std::fs::write(dir.join("parts/note.md"), "First note.").unwrap();
        let mut builder = Builder::new(dir, BuildOptions::default());
        builder.full().unwrap();
        std::fs::write(dir.join("parts/note.md"), "Second note.").unwrap();
        let plan = Plan::of([crate::change::ChangeKind::Page("parts/note.md".into())]);
        let built = builder.apply(&plan).unwrap();
        assert_eq!(built.effect.pages, ["b/index.html"]);
        let page = String::from_utf8(built.site.get("b/index.html").unwrap().to_vec()).unwrap();
        assert!(page.contains("Second note."), "{page}");
    }

    #[test]
    fn a_failed_build_keeps_the_last_good_site_and_reads_all_next_time() {
        let temp = temp_playbook();
        let dir = temp.path();
        let mut builder = Builder::new(dir, BuildOptions::default());
        builder.full().unwrap();
        let good = builder.site();
        // A page that is not UTF-8 cannot be rendered.
        std::fs::write(dir.join("a.md"), b"# A \xff\n").unwrap();
        let plan = Plan::of([crate::change::ChangeKind::Page("a.md".into())]);
        let failure = builder.apply(&plan).unwrap_err();
        assert_eq!(failure.diagnostics[0].file, PathBuf::from("a.md"));
        assert_eq!(builder.site(), good);
        std::fs::write(dir.join("a.md"), "# A\n\n## First\n").unwrap();
        let built = builder.apply(&plan).unwrap();
        assert!(!built.partial, "after a failure, everything is read again");
    }

    #[test]
    fn a_whole_job_says_what_changed_since_it_started() {
        let temp = temp_playbook();
        let dir = temp.path();
        let mut builder = Builder::new(dir, BuildOptions::default());
        builder.full().unwrap();
        std::fs::write(dir.join("b.md"), "# B\n\nChanged.\n").unwrap();
        let job = builder.whole_job();
        let apart = std::thread::spawn(job).join().unwrap().unwrap();
        let (built, replaced) = builder.adopt_apart(apart);
        assert_eq!(built.effect.pages, ["_playbook/print.html", "b/index.html"]);
        assert!(
            replaced.is_some(),
            "the playbook it replaces is handed back"
        );
        assert_eq!(builder.site(), built.site);
        let page = String::from_utf8(built.site.get("b/index.html").unwrap().to_vec()).unwrap();
        assert!(page.contains("Changed."), "{page}");
    }

    #[test]
    fn differences_decide_the_effect() {
        let old = SiteFiles::of(&[
            ("index.html", "a"),
            ("a/index.html", "a"),
            ("_playbook/style.css", "x"),
            ("search/index.json", "1"),
        ]);
        assert!(difference(&old, &old.clone()).is_unchanged());
        let mut new = old.clone();
        new.file("_playbook/style.css", b"y").unwrap();
        new.file("search/index.json", b"2").unwrap();
        let effect = difference(&old, &new);
        assert_eq!(effect.stylesheets, ["_playbook/style.css"]);
        assert!(!effect.reload_all && effect.pages.is_empty());
        new.file("a/index.html", b"b").unwrap();
        assert_eq!(difference(&old, &new).pages, ["a/index.html"]);
        new.file("_playbook/app.js", b"js").unwrap();
        assert!(difference(&old, &new).reload_all);
    }
}
