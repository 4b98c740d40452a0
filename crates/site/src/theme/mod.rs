//! The theme: tera templates and static files. The default theme (the workspace's `templates/`
//! and `static/`) is compiled into the binary; a playbook overrides any single file with its own
//! `templates/` or `static/` folder at its root.

mod escape;
mod includes;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use tera::Tera;

use playbook_book::diagnostics::Diagnostic;

static DEFAULT_TEMPLATES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../templates");
static DEFAULT_STATIC: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../static");

/// Where the theme's static files are written in the output.
pub const STATIC_PREFIX: &str = "_playbook/";

/// A theme ready to render: its templates, and its static files by name.
pub struct Theme {
    pub tera: Tera,
    pub statics: BTreeMap<String, Vec<u8>>,
    /// Each template's file as shown in messages, and its text, by template name.
    sources: BTreeMap<String, (PathBuf, String)>,
}

/// Where each template came from, for error messages.
struct TemplateSource {
    name: String,
    text: String,
    shown: PathBuf,
}

impl Theme {
    /// Whether any template's text holds `name` (a variable it may read).
    pub fn names(&self, name: &str) -> bool {
        self.sources.values().any(|(_, text)| text.contains(name))
    }

    /// The default theme with the overrides found in `root`'s `templates/` and `static/`.
    pub fn load(root: &Path) -> Result<Self, Vec<Diagnostic>> {
        let mut templates: BTreeMap<String, TemplateSource> = BTreeMap::new();
        for file in all_files(&DEFAULT_TEMPLATES) {
            let name = slash(file.path());
            let text = String::from_utf8_lossy(file.contents()).into_owned();
            let shown = PathBuf::from(format!("(default theme) templates/{name}"));
            templates.insert(name.clone(), TemplateSource { name, text, shown });
        }
        let mut diagnostics: Vec<Diagnostic> = ["templates", "static"]
            .into_iter()
            .filter_map(|folder| linked_out(root, folder))
            .collect();
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        for (name, path) in override_files(&root.join("templates")) {
            match playbook_book::read_text(&path, &display(root, &path)) {
                Ok(text) => {
                    let shown = display(root, &path);
                    templates.insert(name.clone(), TemplateSource { name, text, shown });
                }
                Err(d) => diagnostics.push(d),
            }
        }
        let mut statics: BTreeMap<String, Vec<u8>> = all_files(&DEFAULT_STATIC)
            .map(|f| (slash(f.path()), f.contents().to_vec()))
            .collect();
        for (name, path) in override_files(&root.join("static")) {
            match std::fs::read(&path) {
                Ok(bytes) => {
                    statics.insert(name, bytes);
                }
                Err(e) => diagnostics.push(
                    Diagnostic::error(display(root, &path), format!("cannot read: {e}"))
                        .help("check the file's permissions"),
                ),
            }
        }
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        refuse_include_rings(&templates)?;
        let tera = compile(templates.values())?;
        let sources = templates
            .into_values()
            .map(|t| (t.name, (t.shown, t.text)))
            .collect();
        Ok(Self {
            tera,
            statics,
            sources,
        })
    }

    /// Renders `template` with `context`, naming the template's file on failure.
    ///
    /// No `{%` reaches the output, even from a title the editor wrote: the brace becomes its
    /// character reference, which reads the same.
    pub fn render(&self, template: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        self.render_sized(template, context, 2048)
    }

    /// [`Theme::render`], into room for about `bytes` of output made once: a page's HTML is
    /// otherwise copied each time it outgrows its buffer.
    pub fn render_sized(
        &self,
        template: &str,
        context: &tera::Context,
        bytes: usize,
    ) -> Result<String, Diagnostic> {
        let mut out = Vec::with_capacity(bytes);
        let rendered = self
            .tera
            .render_to(template, context, &mut out)
            .and_then(|()| {
                String::from_utf8(out).map_err(|e| {
                    tera::Error::utf8_conversion_error(e, format!("rendering '{template}'"))
                })
            })
            .map(|mut html| {
                playbook_markdown::gitbook::escape_tag_openers(&mut html);
                html
            });
        rendered.map_err(|e| {
            let message = tera_message(&e);
            let (file, line) = self
                .missing_variable_line(template, &message)
                .unwrap_or_else(|| (PathBuf::from(format!("templates/{template}")), 0));
            Diagnostic::error(file, message)
                .at(line, 0)
                .help("fix the template; a variable it reads may be missing or misspelt")
        })
    }

    /// Where a variable tera could not find is read: the first line naming it, in the template
    /// rendered or else in another (one it extends or includes).
    fn missing_variable_line(&self, template: &str, message: &str) -> Option<(PathBuf, usize)> {
        let variable = message.split("Variable `").nth(1)?.split('`').next()?;
        let named = self.sources.get(template).into_iter();
        let others = self.sources.iter().filter(|(n, _)| *n != template);
        named
            .chain(others.map(|(_, source)| source))
            .find_map(|(shown, text)| {
                let index = text.lines().position(|line| line.contains(variable))?;
                Some((shown.clone(), index + 1))
            })
    }
}

/// A ring of templates including one another would overflow the stack when rendered: an error
/// naming them.
fn refuse_include_rings(
    templates: &BTreeMap<String, TemplateSource>,
) -> Result<(), Vec<Diagnostic>> {
    let includes = templates
        .iter()
        .map(|(name, source)| (name.clone(), includes::included(&source.text)))
        .collect();
    let Some(ring) = includes::ring(&includes) else {
        return Ok(());
    };
    let first = &templates[&ring[0]];
    let line = first
        .text
        .lines()
        .position(|line| line.contains("include") && line.contains(ring[1].as_str()))
        .map_or(0, |i| i + 1);
    let shown = ring
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(" includes ");
    Err(vec![
        Diagnostic::error(&first.shown, format!("{shown}: the templates would include each other without end"))
            .at(line, 0)
            .help("remove one of the includes: a template cannot include itself, directly or through others"),
    ])
}

fn compile<'a>(
    templates: impl Iterator<Item = &'a TemplateSource>,
) -> Result<Tera, Vec<Diagnostic>> {
    let templates: Vec<&TemplateSource> = templates.collect();
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape::escape_html);
    // Playbooks are built from repositories nobody vetted: no template reads the machine.
    tera.register_function("get_env", refuse_environment);
    let raw = templates.iter().map(|t| (t.name.as_str(), t.text.as_str()));
    tera.add_raw_templates(raw).map_err(|e| {
        // Tera names the template that failed in its message; find which file that is.
        let message = tera_message(&e);
        let source = templates
            .iter()
            .find(|t| message.contains(&format!("'{}'", t.name)))
            .map_or_else(|| PathBuf::from("templates"), |t| t.shown.clone());
        let line = line_in_message(&message);
        vec![
            Diagnostic::error(source, message)
                .at(line, 0)
                .help("fix the template's syntax: see the tera documentation"),
        ]
    })?;
    Ok(tera)
}

/// Stands in for tera's `get_env`: the build's environment (CI secrets among it) never reaches a
/// page.
fn refuse_environment(
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    Err(tera::Error::msg(
        "`get_env` is not available: templates cannot read the environment of the machine that builds the playbook",
    ))
}

/// Tera's error and its causes on one line each.
fn tera_message(error: &tera::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str("\n  ");
        message.push_str(cause.to_string().trim());
        source = cause.source();
    }
    message
}

/// The line number tera gives in a parse error (` --> 3:5`).
fn line_in_message(message: &str) -> usize {
    message
        .split("-->")
        .nth(1)
        .and_then(|rest| rest.trim().split(':').next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

fn all_files<'a>(dir: &'a Dir<'a>) -> impl Iterator<Item = &'a include_dir::File<'a>> {
    let mut files = Vec::new();
    collect(dir, &mut files);
    files.into_iter()
}

fn collect<'a>(dir: &'a Dir<'a>, out: &mut Vec<&'a include_dir::File<'a>>) {
    out.extend(dir.files());
    for sub in dir.dirs() {
        collect(sub, out);
    }
}

/// The files of an override folder, by their name relative to it.
fn override_files(folder: &Path) -> Vec<(String, PathBuf)> {
    if !folder.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(folder)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| !playbook_book::litter::is_editor_litter(e.path()))
        .filter_map(|e| {
            let name = slash(e.path().strip_prefix(folder).ok()?);
            Some((name, e.path().to_path_buf()))
        })
        .collect()
}

/// A theme folder of the playbook (`templates/`, `static/`) that is a link out of its folder:
/// its files would be read from elsewhere on the machine, and are not.
fn linked_out(root: &Path, folder: &str) -> Option<Diagnostic> {
    let path = root.join(folder);
    let is_link = path
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return None;
    }
    let real_root = root.canonicalize().ok()?;
    let inside = path
        .canonicalize()
        .is_ok_and(|real| real.starts_with(&real_root));
    (!inside).then(|| {
        Diagnostic::error(
            folder,
            format!("`{folder}/` is a link to a folder outside the playbook's folder"),
        )
        .help("copy the theme's files into the playbook instead of linking to them")
    })
}

fn slash(path: &Path) -> String {
    playbook_book::links::slash_path(path)
}

fn display(root: &Path, path: &Path) -> PathBuf {
    playbook_book::diagnostics::display_path(root, path)
}

/// A short, stable fingerprint of some bytes, for cache-busting addresses (FNV-1a, folded to 32
/// bits). Written out rather than taken from a hashing crate because its values name every
/// published asset (`?v=…`, module file names): another function would change every built site.
pub fn fingerprint(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", (hash >> 32) as u32 ^ hash as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_cannot_read_the_environment() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("templates")).unwrap();
        std::fs::write(
            root.path().join("templates/404.html"),
            "<p>{{ get_env(name=\"PATH\") }}</p>\n",
        )
        .unwrap();
        let theme = Theme::load(root.path()).unwrap();
        let problem = theme
            .render("404.html", &tera::Context::new())
            .expect_err("get_env is refused");
        let shown = problem.to_string();
        assert!(shown.contains("`get_env` is not available"), "{shown}");
        assert!(shown.contains("404.html"), "{shown}");
        let path = std::env::var("PATH").unwrap_or_default();
        assert!(path.is_empty() || !shown.contains(&path), "{shown}");
    }

    #[test]
    fn templates_that_include_each_other_are_an_error_not_a_crash() {
        let root = tempfile::tempdir().unwrap();
        let templates = root.path().join("templates");
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::write(
            templates.join("a.html"),
            "<p>\n{% include \"b.html\" %}</p>\n",
        )
        .unwrap();
        std::fs::write(templates.join("b.html"), "{%- include 'a.html' -%}\n").unwrap();
        let problems = Theme::load(root.path()).err().expect("a ring is refused");
        let shown = problems[0].to_string();
        assert!(shown.contains("templates/a.html:2:"), "{shown}");
        assert!(
            shown.contains("`a.html` includes `b.html` includes `a.html`"),
            "{shown}"
        );
    }

    #[test]
    fn a_theme_folder_linked_out_of_the_playbook_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (root, outside) = (dir.path().join("playbook"), dir.path().join("elsewhere"));
        std::fs::create_dir_all(&root).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("secret.css"), "Outside-7f3a").unwrap();
        std::os::unix::fs::symlink(&outside, root.join("static")).unwrap();
        let Err(problems) = Theme::load(&root) else {
            panic!("a static folder linked out is refused");
        };
        assert!(
            problems[0]
                .to_string()
                .contains("`static/` is a link to a folder outside")
        );
        // A link that stays inside the playbook is fine.
        std::fs::remove_file(root.join("static")).unwrap();
        std::fs::create_dir_all(root.join("theme/static")).unwrap();
        std::os::unix::fs::symlink(root.join("theme/static"), root.join("static")).unwrap();
        assert!(Theme::load(&root).is_ok());
    }
}
