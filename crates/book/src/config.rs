//! The playbook's settings: `playbook.toml` when present, otherwise defaults for a bare folder
//! holding a `SUMMARY.md`. Also decides where the source and the output live.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, line_column};
use crate::gitbook_yaml::GitBookYaml;
use crate::mdbook::MdBook;
use crate::models_settings::{ModelsSettings, from_table};
use crate::pages::Layout;

/// The name of the settings file at a playbook's root.
pub const CONFIG_FILE: &str = "playbook.toml";

/// `playbook.toml`, as written by the editor.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The site's title, shown in the header and in every page's `<title>`.
    pub title: Option<String>,
    /// A sentence describing the playbook, for search engines and link previews.
    pub description: Option<String>,
    /// The language of the text, for `<html lang>`.
    pub language: Option<String>,
    /// The folder holding `SUMMARY.md`, relative to the root. Default: the root itself.
    pub source: Option<PathBuf>,
    /// The folder the site is written to, relative to the root. Default: `public`.
    pub output: Option<PathBuf>,
    /// Where the site will be published, for canonical links and the sitemap.
    pub base_url: Option<String>,
    /// The repository holding the playbook, for "edit this page" links.
    pub repository: Option<String>,
    /// The address of a page's source for editing, `{path}` standing for the page's path in the
    /// source folder. Default, when `repository` is set: `{repository}/edit/main/{source}/{path}`.
    pub edit_url: Option<String>,
    /// The organisation's bands and thresholds for the calculators.
    pub models: Option<toml::Table>,
    /// Whether problems in the content (broken links, missing anchors and images, unknown tags,
    /// pages outside `SUMMARY.md`) stop the build, as `--strict` makes them. Default: false,
    /// they are warnings and the site is published.
    pub strict: Option<bool>,
}

impl Config {
    /// These settings, each missing one taken from `other`.
    pub fn or(self, other: Config) -> Config {
        Config {
            title: self.title.or(other.title),
            description: self.description.or(other.description),
            language: self.language.or(other.language),
            source: self.source.or(other.source),
            output: self.output.or(other.output),
            base_url: self.base_url.or(other.base_url),
            repository: self.repository.or(other.repository),
            edit_url: self.edit_url.or(other.edit_url),
            models: self.models.or(other.models),
            strict: self.strict.or(other.strict),
        }
    }
}

/// Where a playbook is, once its settings are read.
#[derive(Debug, Clone)]
pub struct Project {
    /// The folder given on the command line.
    pub root: PathBuf,
    /// The folder holding `SUMMARY.md`.
    pub source: PathBuf,
    /// The settings, defaults where there is no `playbook.toml`.
    pub config: Config,
    /// `.gitbook.yaml`, when the playbook is a GitBook repository.
    pub gitbook: Option<GitBookYaml>,
    /// `book.toml`, when the playbook is an mdBook book.
    pub mdbook: Option<MdBook>,
    /// Where its table of contents and home page are (see [`Project::layout`]).
    layout: Layout,
    /// The `[models]` table read once: the calculators' settings, or the mistake in it (an
    /// error only for pages that have calculators).
    pub models: Result<ModelsSettings, Diagnostic>,
}

impl Project {
    /// Finds the playbook in `root`: a `playbook.toml` naming the source folder, a
    /// `.gitbook.yaml` naming it as `root`, an mdBook `book.toml` naming it as `src`, or a
    /// folder that holds a `SUMMARY.md` itself. `playbook.toml`'s settings come first, then
    /// `book.toml`'s.
    pub fn locate(root: &Path) -> Result<Self, Diagnostic> {
        if !root.is_dir() {
            return Err(Diagnostic::error(root, "this folder does not exist")
                .help("give the folder that holds playbook.toml, book.toml or SUMMARY.md"));
        }
        let config_path = root.join(CONFIG_FILE);
        let mdbook = crate::mdbook::read(root)?;
        let mut config = if config_path.is_file() {
            read_config(&config_path)?
        } else {
            Config::default()
        };
        let gitbook = crate::gitbook_yaml::read(root)?;
        if let Some(mdbook) = &mdbook {
            config = config.or(mdbook.config.clone());
        }
        let source = match (
            &config.source,
            gitbook.as_ref().and_then(|g| g.root_folder()),
        ) {
            (Some(source), _) => root.join(source),
            (None, Some(folder)) => root.join(folder),
            (None, None) => root.to_path_buf(),
        };
        check_inside(root, &source, "the source folder")?;
        if let Some(mdbook) = &mdbook {
            for file in mdbook.additional_css.iter().chain(&mdbook.additional_js) {
                check_inside(root, &root.join(file), "a file book.toml adds to the pages")?;
            }
        }
        let mut layout = layout_of(gitbook.as_ref());
        layout.include_root = root.canonicalize().ok();
        layout.section_numbers = mdbook.as_ref().is_some_and(|m| m.section_labels);
        // A GitBook repository without a summary gets one made from its folders, as on GitBook.
        layout.from_folders = gitbook.is_some() && !source.join(&layout.summary).is_file();
        let summary = &layout.summary;
        if !layout.from_folders && !source.join(summary).is_file() {
            let message = if config_path.is_file() || gitbook.is_some() || mdbook.is_some() {
                format!(
                    "the source folder {} has no {}",
                    source.strip_prefix(root).unwrap_or(&source).display(),
                    summary.display()
                )
            } else {
                "no playbook.toml, book.toml or SUMMARY.md here".to_string()
            };
            let help = match playbooks_below(root).as_slice() {
                [] => "write a SUMMARY.md listing the pages, or a playbook.toml whose `source` names the folder holding it".to_string(),
                found => format!("name the playbook's own folder instead: {}", found.join(", ")),
            };
            return Err(Diagnostic::error(root, message).help(help));
        }
        check_inside(root, &source.join(&layout.summary), "the table of contents")?;
        check_inside(root, &source.join(&layout.readme), "the home page")?;
        if let Some(output) = &config.output {
            check_inside(root, &root.join(output), "the output folder")?;
        }
        Ok(Self {
            root: root.to_path_buf(),
            source,
            layout,
            models: models_of(&config),
            config,
            gitbook,
            mdbook,
        })
    }

    /// Where the table of contents and the home page are: `SUMMARY.md` and `README.md` unless
    /// `.gitbook.yaml`'s `structure` says otherwise, and whether the table of contents is made
    /// from the folders.
    pub fn layout(&self) -> Layout {
        self.layout.clone()
    }

    /// The output folder: `--out` when given, else `output` from `playbook.toml`, else `public`.
    pub fn output_dir(&self, out: Option<&Path>) -> PathBuf {
        match out {
            Some(out) => out.to_path_buf(),
            None => self
                .root
                .join(self.config.output.as_deref().unwrap_or(Path::new("public"))),
        }
    }

    /// The title of the site.
    pub fn title(&self) -> &str {
        self.config.title.as_deref().unwrap_or("Playbook")
    }

    /// The address of the page's source for editing, when the playbook names a repository.
    pub fn edit_url(&self, page_path: &Path) -> Option<String> {
        let path = page_path.to_string_lossy().replace('\\', "/");
        let template = match (&self.config.edit_url, &self.config.repository) {
            (Some(template), _) => template.clone(),
            (None, Some(repository)) => {
                let source = self
                    .source
                    .strip_prefix(&self.root)
                    .unwrap_or(Path::new(""))
                    .to_string_lossy()
                    .replace('\\', "/");
                let source = if source.is_empty() {
                    String::new()
                } else {
                    format!("{source}/")
                };
                format!(
                    "{}/edit/main/{source}{{path}}",
                    repository.trim_end_matches('/')
                )
            }
            (None, None) => return None,
        };
        Some(template.replace("{path}", &path))
    }
}

/// The folders just under `root` that hold a playbook (`playbook.toml`, `book.toml` or
/// `SUMMARY.md`), named as `root/folder` for the message of a root that holds none.
fn playbooks_below(root: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    let mut found: Vec<String> = entries
        .take(10_000)
        .flatten()
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|entry| {
            ["playbook.toml", "book.toml", "SUMMARY.md"]
                .iter()
                .any(|name| entry.path().join(name).is_file())
        })
        .map(|entry| format!("`{}`", entry.path().display()))
        .collect();
    found.sort();
    found.truncate(3);
    found
}

/// A playbook is built from a repository nobody vetted: what its settings name (`source` and
/// `output` in `playbook.toml`, `root` and `structure` in `.gitbook.yaml`) must lie inside its
/// folder once links are resolved, so that nothing else of the machine is read or written.
/// `what` names the path in the message; a path that does not exist yet is judged by the folder
/// it would be made in.
fn check_inside(root: &Path, path: &Path, what: &str) -> Result<(), Diagnostic> {
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        let Some(name) = existing.file_name().map(|n| n.to_os_string()) else {
            break;
        };
        rest.push(name);
        if !existing.pop() {
            break;
        }
    }
    let mut real = existing.canonicalize().unwrap_or(existing);
    for name in rest.iter().rev() {
        real.push(name);
    }
    let inside = crate::links::normalise(real.strip_prefix(&real_root).unwrap_or(Path::new("/")))
        .is_some()
        && real.starts_with(&real_root);
    if inside {
        return Ok(());
    }
    Err(Diagnostic::error(
        root,
        format!(
            "{what} ({}) lies outside the playbook's folder",
            path.display()
        ),
    )
    .help("the settings may name only folders and files inside the playbook's folder: move them there, or pass `--out` for an output elsewhere"))
}

/// The calculators' settings from the `[models]` table; a mistake there names the file.
fn models_of(config: &Config) -> Result<ModelsSettings, Diagnostic> {
    match &config.models {
        Some(table) => from_table(table).map_err(|e| {
            Diagnostic::error(CONFIG_FILE, format!("{e:#}"))
                .help("see the README for the [models] settings")
        }),
        None => Ok(ModelsSettings::default()),
    }
}

/// The book's layout as `.gitbook.yaml`'s `structure` gives it, defaults elsewhere.
fn layout_of(gitbook: Option<&GitBookYaml>) -> Layout {
    let mut layout = Layout::default();
    if let Some(structure) = gitbook.map(|g| &g.structure) {
        let inside = |p: &Path| crate::links::normalise(p.strip_prefix("/").unwrap_or(p));
        if let Some(summary) = structure.summary.as_deref().and_then(inside) {
            layout.summary = summary;
        }
        if let Some(readme) = structure.readme.as_deref().and_then(inside) {
            layout.readme = readme;
        }
    }
    layout
}

/// Reads `playbook.toml`, naming the line and column of any mistake.
pub fn read_config(path: &Path) -> Result<Config, Diagnostic> {
    let text = crate::pages::read_settings_file(path, Path::new(CONFIG_FILE))?;
    parse_config(&text).map_err(|(message, offset)| {
        let (line, column) = offset.map_or((0, 0), |o| line_column(&text, o));
        Diagnostic::error(path, message)
            .at(line, column)
            .help("see the README for the keys playbook.toml accepts")
    })
}

/// Parses the settings; on failure, the message and the byte offset of the mistake.
pub fn parse_config(text: &str) -> Result<Config, (String, Option<usize>)> {
    if let Some(offset) = crate::nesting::too_deep(text) {
        return Err((crate::nesting::message(), Some(offset)));
    }
    toml::from_str(text).map_err(|e: toml::de::Error| {
        (
            e.message().trim().to_string(),
            e.span().map(|span| span.start),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_known_keys() {
        let config = parse_config("title = \"T\"\nsource = \"content\"\n").unwrap();
        assert_eq!(config.title.as_deref(), Some("T"));
        assert_eq!(config.source, Some(PathBuf::from("content")));
    }

    #[test]
    fn unknown_key_names_its_position() {
        let (message, offset) = parse_config("title = \"T\"\ntitel = \"x\"\n").unwrap_err();
        assert!(message.contains("titel"), "{message}");
        assert_eq!(offset, Some(12));
    }

    fn playbook_with(settings: &str) -> (tempfile::TempDir, Result<Project, Diagnostic>) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("playbook");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("content/SUMMARY.md"), "- [A](a.md)\n").unwrap();
        std::fs::write(root.join(CONFIG_FILE), settings).unwrap();
        let project = Project::locate(&root);
        (dir, project)
    }

    #[test]
    fn settings_cannot_name_folders_outside_the_playbook() {
        for settings in [
            "source = \"/\"\n",
            "source = \"..\"\n",
            "source = \"content\"\noutput = \"../site\"\n",
            "source = \"content\"\noutput = \"/tmp/elsewhere\"\n",
            "source = \"content\"\noutput = \"public/../../x\"\n",
        ] {
            let (_dir, project) = playbook_with(settings);
            let problem = project.expect_err(settings).to_string();
            assert!(
                problem.contains("lies outside the playbook's folder"),
                "{problem}"
            );
        }
        let (_dir, project) = playbook_with("source = \"content\"\noutput = \"build/site\"\n");
        assert!(project.is_ok(), "{project:?}");
    }

    #[test]
    fn a_source_linked_out_of_the_playbook_is_refused() {
        let (dir, _) = playbook_with("source = \"content\"\n");
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("SUMMARY.md"), "- [A](a.md)\n").unwrap();
        let root = dir.path().join("playbook");
        std::os::unix::fs::symlink(&outside, root.join("linked")).unwrap();
        std::fs::write(root.join(CONFIG_FILE), "source = \"linked\"\n").unwrap();
        let problem = Project::locate(&root).expect_err("a link out").to_string();
        assert!(problem.contains("the source folder"), "{problem}");
    }

    #[test]
    fn edit_url_defaults_from_repository() {
        let project = Project {
            root: PathBuf::from("/r"),
            source: PathBuf::from("/r/content"),
            config: Config {
                repository: Some("https://git.example/pb/".into()),
                ..Config::default()
            },
            gitbook: None,
            mdbook: None,
            layout: Layout::default(),
            models: Ok(ModelsSettings::default()),
        };
        assert_eq!(
            project.edit_url(Path::new("a/b.md")).unwrap(),
            "https://git.example/pb/edit/main/content/a/b.md"
        );
    }

    #[test]
    fn a_folder_holding_playbooks_below_names_them() {
        let dir = tempfile::tempdir().unwrap();
        for (folder, file) in [("guide", "book.toml"), ("handbook", "SUMMARY.md")] {
            std::fs::create_dir_all(dir.path().join(folder)).unwrap();
            std::fs::write(dir.path().join(folder).join(file), "").unwrap();
        }
        std::fs::create_dir_all(dir.path().join("assets")).unwrap();
        let help = Project::locate(dir.path()).err().unwrap().help.unwrap();
        let guide = dir.path().join("guide").display().to_string();
        let handbook = dir.path().join("handbook").display().to_string();
        assert_eq!(
            help,
            format!("name the playbook's own folder instead: `{guide}`, `{handbook}`")
        );
    }
}
