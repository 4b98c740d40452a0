//! What rendering any page of a loaded playbook needs, worked out once per load: the sidebar,
//! the theme's cache-busted static addresses, each page's address and title, the calculators'
//! settings and modules, and the source folder with its links resolved. The preview keeps it
//! between saves and changes only the part a save touches ([`Prepared::set_theme`],
//! [`Prepared::retitle`]).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use playbook_book::Book;
use playbook_book::config::Project;
use playbook_book::diagnostics::Diagnostic;
use playbook_book::links;
use playbook_markdown::{LinkResolver, PathMap};

use crate::calculators::{self, CalculatorSite};
use crate::nav::Sidebar;
use crate::theme::{self, STATIC_PREFIX, Theme};

/// A book's own stylesheets and scripts, by site-relative address, published at their paths
/// from the playbook's folder.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct BookFiles {
    pub styles: Vec<String>,
    pub scripts: Vec<String>,
}

impl BookFiles {
    fn of(project: &Project) -> Self {
        let Some(mdbook) = &project.mdbook else {
            return Self::default();
        };
        let addresses = |files: &[PathBuf]| {
            files
                .iter()
                .filter_map(|file| links::normalise(file))
                .map(|file| links::encode_path(&links::slash_path(&file)))
                .collect()
        };
        Self {
            styles: addresses(&mdbook.additional_css),
            scripts: addresses(&mdbook.additional_js),
        }
    }
}

/// The derived state of a loaded playbook.
pub struct Prepared {
    pub sidebar: Sidebar,
    /// The theme's static files' addresses.
    pub assets: Assets,
    /// Each page's source path to its folder address.
    pub page_urls: PathMap,
    /// Each page's source path to its title, for GitBook's content-ref cards.
    pub page_titles: PathMap,
    /// The calculators' settings and modules, or the mistake in `playbook.toml`'s `[models]`.
    pub calculators: Result<CalculatorSite, Diagnostic>,
    /// The book's own stylesheets and scripts (mdBook's `additional-css` and `additional-js`),
    /// by site-relative address, for every page's head.
    pub book_files: BookFiles,
    /// The source folder with links resolved, made on the first asset link of any page.
    canonical_source: OnceLock<Option<PathBuf>>,
    /// The table of contents' file, for messages.
    summary: PathBuf,
}

impl Prepared {
    pub fn new(project: &Project, book: &Book, theme: &Theme) -> Self {
        Self {
            sidebar: Sidebar::new(book),
            assets: Assets::of(theme),
            page_urls: book
                .pages
                .iter()
                .map(|p| (p.source.clone(), p.url.clone()))
                .collect(),
            page_titles: book
                .pages
                .iter()
                .map(|p| (p.source.clone(), p.title(None)))
                .collect(),
            calculators: project
                .models
                .as_ref()
                .map(|models| CalculatorSite::new(models, &calculators::modules()))
                .map_err(Diagnostic::clone),
            canonical_source: OnceLock::new(),
            summary: project.layout().summary,
            book_files: BookFiles::of(project),
        }
    }

    /// What a page's links resolve against.
    pub fn resolver<'a>(&'a self, project: &'a Project) -> LinkResolver<'a> {
        LinkResolver {
            source_dir: &project.source,
            pages: &self.page_urls,
            titles: &self.page_titles,
            canonical_source: &self.canonical_source,
            summary: &self.summary,
        }
    }

    /// The theme's static files changed: their addresses follow.
    pub fn set_theme(&mut self, theme: &Theme) {
        self.assets = Assets::of(theme);
    }

    /// A page's title may have changed with its text.
    pub fn retitle(&mut self, book: &Book, index: usize) {
        let page = &book.pages[index];
        self.page_titles
            .insert(page.source.clone(), page.title(None));
    }
}

/// The theme's static files' addresses, as templates read them.
pub struct Assets {
    /// Static file name to its site-relative, cache-busted address: `assets["style.css"]`.
    by_name: BTreeMap<String, String>,
    /// Whether a template names the `assets` table (the default theme's do not).
    table_named: bool,
    /// The same addresses as template variables, `asset_style_css` for `style.css`, made
    /// relative to each page: tera looks up a plain name for a tenth of what a bracketed one
    /// costs, and every page reads about ten. Only those some template names are given.
    variables: Vec<(String, String)>,
}

impl Assets {
    fn of(theme: &Theme) -> Self {
        let by_name = static_addresses(theme);
        let variables = by_name
            .iter()
            .map(|(name, address)| (variable_name(name), address.clone()))
            .filter(|(variable, _)| theme.names(variable))
            .collect();
        let table_named = theme.names("assets");
        Self {
            by_name,
            table_named,
            variables,
        }
    }

    /// Gives `context` the addresses for a page whose path to the site root is `root`: the
    /// `asset_…` variables, from the page, and the `assets` table, from the root, when a
    /// template reads it.
    pub fn insert_into(&self, context: &mut tera::Context, root: &str) {
        if self.table_named {
            context.insert("assets", &self.by_name);
        }
        for (variable, address) in &self.variables {
            context.insert(variable.as_str(), &[root, address].concat());
        }
    }
}

/// The template variable of static file `name`: `asset_` and the name with every character
/// but ASCII letters and digits made `_` (`calculators.css` is `asset_calculators_css`).
fn variable_name(name: &str) -> String {
    let tail = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' });
    "asset_".chars().chain(tail).collect()
}

/// Each static file's address, with a fingerprint of its bytes so browsers fetch it anew when
/// it changes. A script's fingerprint also covers the scripts it names (search.js loads
/// search-index.js with its own version), so that neither is ever fetched new beside the other
/// one old.
fn static_addresses(theme: &Theme) -> BTreeMap<String, String> {
    let scripts: Vec<(&String, &Vec<u8>)> = theme
        .statics
        .iter()
        .filter(|(name, _)| name.ends_with(".js"))
        .collect();
    theme
        .statics
        .iter()
        .map(|(name, bytes)| {
            let mut covered = bytes.clone();
            if name.ends_with(".js") {
                for (other, text) in &scripts {
                    if *other != name && contains(bytes, other.as_bytes()) {
                        covered.extend_from_slice(text);
                    }
                }
            }
            let address = format!("{STATIC_PREFIX}{name}?v={}", theme::fingerprint(&covered));
            (name.clone(), address)
        })
        .collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_script_changes_address_when_a_script_it_loads_changes() {
        let root = tempfile::tempdir().unwrap();
        let before = static_addresses(&Theme::load(root.path()).ok().unwrap());
        std::fs::create_dir_all(root.path().join("static")).unwrap();
        std::fs::write(root.path().join("static/search-index.js"), "export {};").unwrap();
        let after = static_addresses(&Theme::load(root.path()).ok().unwrap());
        assert_ne!(before["search-index.js"], after["search-index.js"]);
        assert_ne!(
            before["search.js"], after["search.js"],
            "search.js loads search-index.js with its own version"
        );
        assert_eq!(before["app.js"], after["app.js"], "app.js names neither");
    }

    #[test]
    fn templates_read_addresses_as_variables_or_from_the_table() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("templates")).unwrap();
        std::fs::write(
            root.path().join("templates/robots.txt"),
            "{{ asset_style_css }} {{ root }}{{ assets[\"style.css\"] }} {{ asset_favicon_svg }}",
        )
        .unwrap();
        let theme = Theme::load(root.path()).ok().unwrap();
        let assets = Assets::of(&theme);
        let mut context = tera::Context::new();
        context.insert("root", "../../");
        assets.insert_into(&mut context, "../../");
        let shown = theme.render("robots.txt", &context).ok().unwrap();
        let style = format!("../../{}", assets.by_name["style.css"]);
        let favicon = format!("../../{}", assets.by_name["favicon.svg"]);
        assert_eq!(shown, format!("{style} {style} {favicon}"));
        assert!(style.starts_with("../../_playbook/style.css?v="), "{style}");
    }

    #[test]
    fn variable_names_keep_letters_and_digits() {
        assert_eq!(variable_name("calculators.css"), "asset_calculators_css");
        assert_eq!(variable_name("img/logo-2.svg"), "asset_img_logo_2_svg");
    }
}
