//! Writes a site safely: into a fresh folder beside the output, swapped in whole when complete
//! ([`target`] says which outputs may be written, [`tidy`] cleans up after killed builds).
//! A marker file says which folders the build created; it never writes into or removes a folder
//! without one, and a failed build leaves the previous output as it was.

mod reuse;
mod target;
mod tidy;

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use playbook_book::diagnostics::Diagnostic;

use target::{check_target, resolve_link};
pub use target::{refuse_inside_source, refuse_theme_folders};
use tidy::{recover_interrupted, remove_owned};

/// The file that marks a folder as written by `playbook build`.
pub const MARKER: &str = ".playbook-output";
const MARKER_TEXT: &str = "This folder is written by `playbook build` and replaced whole on each build.\nFiles added here by hand are lost at the next build.\n";

/// Where the built files go.
pub trait Sink {
    fn file(&mut self, path: &str, bytes: &[u8]) -> io::Result<()>;
}

/// Files kept in memory, for `check` and the preview server.
impl Sink for std::collections::BTreeMap<String, Vec<u8>> {
    fn file(&mut self, path: &str, bytes: &[u8]) -> io::Result<()> {
        self.insert(path.to_string(), bytes.to_vec());
        Ok(())
    }
}

/// A fresh folder the site is written into, swapped in for the output folder on commit and
/// removed if dropped before.
pub struct Staging {
    target: PathBuf,
    staging: PathBuf,
    /// The output being replaced, whose unchanged files are linked instead of written.
    previous: Option<PathBuf>,
    compare_buffer: Vec<u8>,
    made_dirs: HashSet<PathBuf>,
    committed: bool,
}

impl Staging {
    /// Prepares to write the site to `target`, refusing folders the build does not own.
    pub fn begin(target: &Path, source: &Path) -> Result<Self, Diagnostic> {
        let target = &resolve_link(target);
        check_target(target, source)?;
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(|e| cannot_write(parent, &e))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "site".into());
        recover_interrupted(parent, &name, target);
        let staging = parent.join(format!(".{name}.playbook-new-{}", std::process::id()));
        if staging.exists() {
            remove_owned(&staging).map_err(|e| cannot_write(&staging, &e))?;
        }
        fs::create_dir(&staging).map_err(|e| cannot_write(parent, &e))?;
        fs::write(staging.join(MARKER), MARKER_TEXT).map_err(|e| cannot_write(&staging, &e))?;
        Ok(Self {
            target: target.to_path_buf(),
            previous: target.join(MARKER).is_file().then(|| target.to_path_buf()),
            compare_buffer: Vec::new(),
            staging,
            made_dirs: HashSet::new(),
            committed: false,
        })
    }

    /// Replaces the output folder with the new site.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        let old = self.staging.with_file_name(format!(
            ".{}.playbook-old-{}",
            self.target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        if self.target.exists() {
            if old.exists() {
                remove_owned(&old).map_err(|e| cannot_write(&old, &e))?;
            }
            fs::rename(&self.target, &old).map_err(|e| cannot_write(&self.target, &e))?;
            if let Err(e) = fs::rename(&self.staging, &self.target) {
                // Put the previous site back so the output is never left missing.
                let _ = fs::rename(&old, &self.target);
                return Err(cannot_write(&self.target, &e));
            }
            remove_owned(&old).map_err(|e| cannot_write(&old, &e))?;
        } else {
            fs::rename(&self.staging, &self.target).map_err(|e| cannot_write(&self.target, &e))?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Sink for Staging {
    fn file(&mut self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let full = self.staging.join(path);
        if let Some(dir) = full.parent()
            && !self.made_dirs.contains(dir)
        {
            fs::create_dir_all(dir)?;
            self.made_dirs.insert(dir.to_path_buf());
        }
        if let Some(previous) = &self.previous
            && reuse::link_if_unchanged(
                &previous.join(path),
                &full,
                bytes,
                &mut self.compare_buffer,
            )
        {
            return Ok(());
        }
        fs::write(full, bytes)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_owned(&self.staging);
        }
    }
}

pub(super) fn cannot_write(path: &Path, error: &io::Error) -> Diagnostic {
    Diagnostic::error(path, format!("cannot write the site here: {error}"))
        .help("choose an output folder you can write to with --out")
}

#[cfg(test)]
mod tests;
