//! What a changed file means for the site: each path the watcher reports is classified as a
//! [`ChangeKind`], and a batch of changes becomes one [`Plan`] of what to rebuild.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use playbook_book::SUMMARY_FILE;
use playbook_book::config::{self, CONFIG_FILE, Project};
use playbook_book::litter::is_editor_litter;
use playbook_book::{gitbook_yaml, mdbook};

/// Where a playbook's files are, as far as watching is concerned. Read leniently, so that a
/// playbook whose settings are broken is still watched and its fix seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchedPaths {
    pub root: PathBuf,
    pub source: PathBuf,
    pub output: PathBuf,
    /// The table of contents, relative to the source folder (`SUMMARY.md` unless
    /// `.gitbook.yaml` renames it).
    pub summary: PathBuf,
    /// Folders outside the source folder holding files pages include (mdBook's
    /// `{{#include ../listings/x.rs}}`), as the last build found them.
    pub included: Vec<PathBuf>,
}

impl WatchedPaths {
    /// The layout of the playbook at `root` (an absolute path).
    pub fn read(root: &Path) -> Self {
        if let Ok(project) = Project::locate(root) {
            return Self {
                root: root.to_path_buf(),
                source: lexical(&project.source),
                output: lexical(&project.output_dir(None)),
                summary: project.layout().summary,
                included: Vec::new(),
            };
        }
        Self::lenient(root, None)
    }

    /// The layout of the playbook at `root`, keeping `previous` folders while its settings
    /// cannot be read (a half-typed `playbook.toml` must not turn the watch to the whole root).
    pub fn read_after(root: &Path, previous: &WatchedPaths) -> Self {
        match Project::locate(root) {
            Ok(_) => Self::read(root),
            Err(_) => Self::lenient(root, Some(previous)),
        }
    }

    fn lenient(root: &Path, previous: Option<&WatchedPaths>) -> Self {
        let config_file = root.join(CONFIG_FILE);
        let config = match config::read_config(&config_file) {
            Ok(config) => config,
            Err(_) if config_file.is_file() && previous.is_some() => {
                return previous
                    .cloned()
                    .unwrap_or_else(|| Self::lenient(root, None));
            }
            Err(_) => config::Config::default(),
        };
        let join = |path: Option<&Path>, default: &str| {
            lexical(&root.join(path.unwrap_or(Path::new(default))))
        };
        let mdbook_source = mdbook::read(root)
            .ok()
            .flatten()
            .map(|book| book.source().to_path_buf());
        let source = config.source.or(mdbook_source);
        Self {
            root: root.to_path_buf(),
            source: join(source.as_deref(), ""),
            output: join(config.output.as_deref(), "public"),
            summary: PathBuf::from(SUMMARY_FILE),
            included: previous.map(|p| p.included.clone()).unwrap_or_default(),
        }
    }

    pub fn templates(&self) -> PathBuf {
        self.root.join("templates")
    }

    pub fn statics(&self) -> PathBuf {
        self.root.join("static")
    }
}

/// Resolves `.` and `..` in an absolute path without touching the file system, so that it
/// compares equal to the paths the watcher reports.
pub fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// What kind of file changed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// `playbook.toml`, `.gitbook.yaml` or `book.toml`: everything may change.
    Config,
    /// `SUMMARY.md`: the book's pages and navigation.
    Summary,
    /// A theme template: every page.
    Template,
    /// A theme static file, by its name in `static/`.
    Static(String),
    /// A markdown file of the source folder, relative to it.
    Page(PathBuf),
    /// Any other file or folder of the source folder, relative to it.
    Asset(PathBuf),
    /// A file outside the source folder that pages include, as the watcher names it.
    Included(PathBuf),
}

/// Classifies a changed path; `None` for what the site does not depend on: the output folder,
/// editors' swap and backup files, hidden folders and files outside the playbook.
pub fn classify(layout: &WatchedPaths, path: &Path) -> Option<ChangeKind> {
    if path.starts_with(&layout.output) || is_editor_litter(path) {
        return None;
    }
    let settings = [
        CONFIG_FILE,
        gitbook_yaml::FILE,
        gitbook_yaml::OTHER_FILE,
        mdbook::FILE,
    ];
    if settings.iter().any(|name| path == layout.root.join(name)) {
        return Some(ChangeKind::Config);
    }
    if let Ok(relative) = path.strip_prefix(layout.templates()) {
        return visible(relative).then_some(ChangeKind::Template);
    }
    if let Ok(relative) = path.strip_prefix(layout.statics()) {
        if !visible(relative) {
            return None;
        }
        if relative.as_os_str().is_empty() {
            return Some(ChangeKind::Template);
        }
        return Some(ChangeKind::Static(playbook_book::links::slash_path(
            relative,
        )));
    }
    let Ok(relative) = path.strip_prefix(&layout.source) else {
        let included = path
            .parent()
            .is_some_and(|folder| layout.included.iter().any(|f| f == folder));
        return included.then(|| ChangeKind::Included(path.to_path_buf()));
    };
    if !visible(relative) {
        return None;
    }
    if relative == layout.summary {
        Some(ChangeKind::Summary)
    } else if relative.as_os_str().is_empty() {
        // The source folder itself was created, removed or renamed.
        Some(ChangeKind::Config)
    } else if relative.extension().is_some_and(|x| x == "md") {
        Some(ChangeKind::Page(relative.to_path_buf()))
    } else {
        Some(ChangeKind::Asset(relative.to_path_buf()))
    }
}

/// Whether no part of a relative path is hidden (`.git`, `.obsidian`) or `node_modules`.
fn visible(relative: &Path) -> bool {
    relative.components().all(|c| match c {
        Component::Normal(name) => {
            let name = name.to_string_lossy();
            !name.starts_with('.') && name != "node_modules"
        }
        _ => true,
    })
}

/// What a batch of changes asks to rebuild.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Read and render everything again (settings, SUMMARY.md or templates changed).
    pub full: bool,
    /// Pages to read and render again, relative to the source folder.
    pub pages: BTreeSet<PathBuf>,
    /// Source files to copy again, relative to the source folder.
    pub assets: BTreeSet<PathBuf>,
    /// Whether the theme's static files are read again.
    pub statics: bool,
    /// Files outside the source folder that pages include: those pages are rendered again.
    pub included: BTreeSet<PathBuf>,
}

impl Plan {
    /// The plan for a batch of changes.
    pub fn of(changes: impl IntoIterator<Item = ChangeKind>) -> Self {
        let mut plan = Self::default();
        for change in changes {
            match change {
                ChangeKind::Config | ChangeKind::Summary | ChangeKind::Template => plan.full = true,
                ChangeKind::Static(_) => plan.statics = true,
                ChangeKind::Page(path) => {
                    plan.pages.insert(path);
                }
                ChangeKind::Asset(path) => {
                    plan.assets.insert(path);
                }
                ChangeKind::Included(path) => {
                    plan.included.insert(path);
                }
            }
        }
        plan
    }

    /// A plan that rebuilds everything.
    pub fn full() -> Self {
        Self {
            full: true,
            ..Self::default()
        }
    }

    pub fn is_empty(&self) -> bool {
        !self.full
            && self.pages.is_empty()
            && self.assets.is_empty()
            && self.included.is_empty()
            && !self.statics
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> WatchedPaths {
        WatchedPaths {
            root: PathBuf::from("/pb"),
            source: PathBuf::from("/pb/content"),
            output: PathBuf::from("/pb/public"),
            summary: PathBuf::from(SUMMARY_FILE),
            included: vec![PathBuf::from("/pb/listings")],
        }
    }

    fn kind(path: &str) -> Option<ChangeKind> {
        classify(&layout(), Path::new(path))
    }

    #[test]
    fn classifies_each_kind() {
        assert_eq!(kind("/pb/playbook.toml"), Some(ChangeKind::Config));
        assert_eq!(kind("/pb/book.toml"), Some(ChangeKind::Config));
        assert_eq!(
            kind("/pb/listings/main.rs"),
            Some(ChangeKind::Included("/pb/listings/main.rs".into()))
        );
        assert_eq!(kind("/pb/other/main.rs"), None);
        assert_eq!(kind("/pb/content/SUMMARY.md"), Some(ChangeKind::Summary));
        assert_eq!(kind("/pb/templates/page.html"), Some(ChangeKind::Template));
        assert_eq!(
            kind("/pb/static/style.css"),
            Some(ChangeKind::Static("style.css".into()))
        );
        assert_eq!(
            kind("/pb/content/a/b.md"),
            Some(ChangeKind::Page("a/b.md".into()))
        );
        assert_eq!(
            kind("/pb/content/img/x.png"),
            Some(ChangeKind::Asset("img/x.png".into()))
        );
        assert_eq!(kind("/pb/content"), Some(ChangeKind::Config));
    }

    #[test]
    fn ignores_litter_hidden_output_and_outsiders() {
        for path in [
            "/pb/public/index.html",
            "/pb/content/.a.md.swp",
            "/pb/content/a.md~",
            "/pb/content/.#a.md",
            "/pb/content/4913",
            "/pb/content/.git/index",
            "/pb/content/.obsidian/workspace.json",
            "/pb/content/node_modules/x/README.md",
            "/pb/templates/.page.html.swp",
            "/pb/Cargo.toml",
            "/pb/target/debug/x",
            "/elsewhere/a.md",
        ] {
            assert_eq!(kind(path), None, "{path}");
        }
    }

    #[test]
    fn source_at_the_root_still_tells_theme_from_pages() {
        let layout = WatchedPaths {
            root: PathBuf::from("/pb"),
            source: PathBuf::from("/pb"),
            output: PathBuf::from("/pb/public"),
            summary: PathBuf::from(SUMMARY_FILE),
            included: Vec::new(),
        };
        let kind = |p: &str| classify(&layout, Path::new(p));
        assert_eq!(kind("/pb/templates/base.html"), Some(ChangeKind::Template));
        assert_eq!(kind("/pb/SUMMARY.md"), Some(ChangeKind::Summary));
        assert_eq!(kind("/pb/playbook.toml"), Some(ChangeKind::Config));
        assert_eq!(kind("/pb/book.toml"), Some(ChangeKind::Config));
        assert_eq!(kind("/pb/public/a/index.html"), None);
    }

    #[test]
    fn broken_settings_keep_the_folders_watched() {
        let temp = tempfile::tempdir().unwrap();
        let root = temp.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("content/SUMMARY.md"), "- [A](a.md)\n").unwrap();
        std::fs::write(root.join(CONFIG_FILE), "source = \"content\"\n").unwrap();
        let good = WatchedPaths::read(root);
        assert_eq!(good.source, root.join("content"));
        std::fs::write(root.join(CONFIG_FILE), "source = \"cont").unwrap();
        assert_eq!(WatchedPaths::read_after(root, &good), good);
    }

    #[test]
    fn layout_paths_are_normalised() {
        assert_eq!(
            lexical(Path::new("/pb/./content/../docs/")),
            PathBuf::from("/pb/docs")
        );
    }

    #[test]
    fn plans_merge_changes() {
        let plan = Plan::of([
            ChangeKind::Page("a.md".into()),
            ChangeKind::Page("a.md".into()),
            ChangeKind::Static("style.css".into()),
        ]);
        assert!(!plan.full && plan.statics && plan.pages.len() == 1);
        assert!(Plan::of([ChangeKind::Summary, ChangeKind::Page("a.md".into())]).full);
        assert!(Plan::of([]).is_empty());
    }
}
