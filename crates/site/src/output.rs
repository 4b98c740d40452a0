//! Writes a site safely: into a fresh folder beside the output, swapped in whole when complete.
//! A marker file says which folders the build created; it never writes into or removes a folder
//! without one, and a failed build leaves the previous output as it was.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

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
    made_dirs: HashSet<PathBuf>,
    committed: bool,
}

impl Staging {
    /// Prepares to write the site to `target`, refusing folders the build does not own.
    pub fn begin(target: &Path, source: &Path) -> Result<Self, Diagnostic> {
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
        let staging = parent.join(format!(".{name}.playbook-new-{}", std::process::id()));
        if staging.exists() {
            remove_owned(&staging).map_err(|e| cannot_write(&staging, &e))?;
        }
        fs::create_dir(&staging).map_err(|e| cannot_write(parent, &e))?;
        fs::write(staging.join(MARKER), MARKER_TEXT).map_err(|e| cannot_write(&staging, &e))?;
        Ok(Self {
            target: target.to_path_buf(),
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

fn cannot_write(path: &Path, error: &io::Error) -> Diagnostic {
    Diagnostic::error(path, format!("cannot write the site here: {error}"))
        .help("choose an output folder you can write to with --out")
}

/// Refuses an output folder that is the source folder, holds it, or holds files the build did
/// not write.
fn check_target(target: &Path, source: &Path) -> Result<(), Diagnostic> {
    let absolute = |p: &Path| -> PathBuf {
        let p = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        // Resolve links where the folder exists so `./x` and `x/../x` compare equal.
        p.canonicalize().unwrap_or(p)
    };
    let target_abs = absolute(target);
    let source_abs = absolute(source);
    if source_abs.starts_with(&target_abs) {
        return Err(Diagnostic::error(
            target,
            "the output folder is the source folder or holds it: building there would replace the playbook",
        )
        .help("choose another output folder with --out, such as `public`"));
    }
    if target.is_file() {
        return Err(
            Diagnostic::error(target, "the output path is a file, not a folder")
                .help("choose another output folder with --out"),
        );
    }
    if target.is_dir() && !target.join(MARKER).is_file() {
        let empty = fs::read_dir(target)
            .map_err(|e| cannot_write(target, &e))?
            .next()
            .is_none();
        if !empty {
            return Err(Diagnostic::error(
                target,
                "the output folder holds files that playbook did not write, so it will not replace them",
            )
            .help("choose an empty or new output folder with --out, or empty this one yourself"));
        }
    }
    Ok(())
}

/// Removes a folder only when the build created it.
fn remove_owned(dir: &Path) -> io::Result<()> {
    if dir.join(MARKER).is_file() {
        fs::remove_dir_all(dir)
    } else {
        // An empty folder left by an interrupted start is safe to remove; anything else is not.
        fs::remove_dir(dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("playbook-out-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("src")).unwrap();
        dir
    }

    #[test]
    fn swaps_in_whole_and_cleans_up() {
        let dir = temp("swap");
        let out = dir.join("public");
        let mut first = Staging::begin(&out, &dir.join("src")).unwrap();
        first.file("a/index.html", b"one").unwrap();
        first.commit().unwrap();
        let mut second = Staging::begin(&out, &dir.join("src")).unwrap();
        second.file("b/index.html", b"two").unwrap();
        second.commit().unwrap();
        assert!(!out.join("a/index.html").exists());
        assert_eq!(fs::read(out.join("b/index.html")).unwrap(), b"two");
        let left: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(left.len(), 2, "{left:?}");
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn dropped_staging_leaves_previous_output() {
        let dir = temp("drop");
        let out = dir.join("public");
        let mut first = Staging::begin(&out, &dir.join("src")).unwrap();
        first.file("index.html", b"good").unwrap();
        first.commit().unwrap();
        {
            let mut failed = Staging::begin(&out, &dir.join("src")).unwrap();
            failed.file("index.html", b"half").unwrap();
        }
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"good");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 2);
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn refuses_foreign_and_source_folders() {
        let dir = temp("refuse");
        fs::write(dir.join("src/notes.txt"), "mine").unwrap();
        assert!(Staging::begin(&dir.join("src"), &dir.join("src")).is_err());
        assert!(Staging::begin(&dir, &dir.join("src")).is_err());
        let foreign = dir.join("foreign");
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("keep.txt"), "keep").unwrap();
        let error = Staging::begin(&foreign, &dir.join("src")).err().unwrap();
        assert!(error.message.contains("did not write"));
        assert_eq!(fs::read(foreign.join("keep.txt")).unwrap(), b"keep");
        // An empty folder is fine.
        fs::create_dir(dir.join("empty")).unwrap();
        assert!(Staging::begin(&dir.join("empty"), &dir.join("src")).is_ok());
        fs::remove_dir_all(dir).unwrap();
    }
}
