//! A partial rebuild: the saved pages rendered again (and the pages that include a saved file),
//! the saved assets and theme files copied, into a copy of the site. It gives up, for a whole
//! build, when the change reaches further: a page's new title, a new or deleted file.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use axum::body::Bytes;

use crate::change::Plan;
use crate::site::SiteFiles;
use playbook_book::diagnostics::{BuildFailure, Diagnostic};
use playbook_book::links;
use playbook_site::Loaded;
use playbook_site::theme::{STATIC_PREFIX, Theme};

/// The files of an update being made.
pub struct Update {
    pub files: SiteFiles,
    /// Keys whose bytes changed.
    pub changed: BTreeSet<String>,
    pub warnings: Vec<Diagnostic>,
    pub pages: usize,
}

impl Update {
    /// Applies `plan`; `false` when it needs a full build instead.
    pub fn apply(&mut self, loaded: &mut Loaded, plan: &Plan) -> Result<bool, BuildFailure> {
        let mut pages = plan.pages.clone();
        let source = &loaded.project.source;
        let changed = plan
            .pages
            .iter()
            .chain(&plan.assets)
            .map(|file| source.join(file));
        pages.extend(includers(
            loaded,
            changed.chain(plan.included.iter().cloned()),
        ));
        for page in &pages {
            let exists = loaded.project.source.join(page).is_file();
            let Some(index) = loaded.page_index(page) else {
                // A page SUMMARY.md does not list is not published: nothing to do. A folder of
                // pages renamed or deleted is, and so is any new page when the table of contents
                // is made from the folders.
                if exists && !loaded.project.layout().from_folders {
                    continue;
                }
                return Ok(false);
            };
            if !exists {
                return Ok(false);
            }
            let title = loaded.title(index);
            loaded.reread_page(index)?;
            if loaded.title(index) != title {
                // Other pages may show the title: render them all.
                return Ok(false);
            }
            let output = loaded.render_page(index)?;
            self.put(&output.file, output.html.into_bytes());
            self.put(&output.copy_file, output.copy.into_bytes());
            for asset in &output.assets {
                let key = links::slash_path(asset);
                if !self.files.contains(&key) {
                    self.put(&key, read_asset(&loaded.project.source, asset)?);
                }
            }
            self.warnings.extend(output.warnings);
            self.pages += 1;
        }
        for asset in &plan.assets {
            let key = links::slash_path(asset);
            if !self.files.contains(&key) || !loaded.project.source.join(asset).is_file() {
                // A file no page linked before, a new folder or a deleted file.
                return Ok(false);
            }
            self.put(&key, read_asset(&loaded.project.source, asset)?);
        }
        if plan.statics {
            self.reload_statics(loaded)?;
        }
        Ok(true)
    }

    /// Reads the theme's static files again and puts those that changed (or went) in the site.
    fn reload_statics(&mut self, loaded: &mut Loaded) -> Result<(), BuildFailure> {
        let theme = Theme::load(&loaded.project.root)
            .map_err(|diagnostics| BuildFailure { diagnostics })?;
        let names: BTreeSet<&String> = theme
            .statics
            .keys()
            .chain(loaded.theme().statics.keys())
            .collect();
        for name in names {
            let key = format!("{STATIC_PREFIX}{name}");
            match theme.statics.get(name) {
                Some(bytes) => self.put(&key, bytes.clone()),
                None => {
                    self.files.remove(&key);
                    self.changed.insert(key);
                }
            }
        }
        loaded.set_theme(theme);
        Ok(())
    }

    /// Stores a file, noting its key when its bytes differ from before.
    fn put(&mut self, key: &str, bytes: Vec<u8>) {
        if self.files.get(key).is_none_or(|old| old[..] != bytes[..]) {
            self.files.insert(key, Bytes::from(bytes));
            self.changed.insert(key.to_string());
        }
    }
}

/// The pages that include any of `changed` (files on disk) through mdBook's `{{#include}}` and
/// its kin: they are rendered again with the file.
fn includers(loaded: &Loaded, changed: impl Iterator<Item = PathBuf>) -> Vec<PathBuf> {
    let changed: Vec<PathBuf> = changed
        .filter_map(|file| file.canonicalize().ok())
        .collect();
    loaded
        .book
        .pages
        .iter()
        .filter(|page| page.included.iter().any(|file| changed.contains(file)))
        .map(|page| page.source.clone())
        .collect()
}

fn read_asset(source: &Path, asset: &Path) -> Result<Vec<u8>, BuildFailure> {
    std::fs::read(source.join(asset)).map_err(|e| BuildFailure {
        diagnostics: vec![
            Diagnostic::error(asset, format!("cannot read: {e}"))
                .help("check the file's permissions"),
        ],
    })
}
