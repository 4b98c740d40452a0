//! Writes a site safely: into a fresh folder beside the output, swapped in whole when complete.
//! A marker file says which folders the build created; it never writes into or removes a folder
//! without one, and a failed build leaves the previous output as it was.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use playbook_book::diagnostics::Diagnostic;

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
        recover_interrupted(parent, &name, target);
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
/// Refuses an output folder inside the playbook's `templates/` or `static/` (at `root`): the
/// theme is read from there, so each build would copy the last site into the next.
pub fn refuse_theme_folders(root: &Path, target: &Path) -> Result<(), Diagnostic> {
    let absolute = |p: &Path| -> PathBuf {
        let p = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        p.canonicalize().unwrap_or(p)
    };
    let (root, target_abs) = (absolute(root), absolute(target));
    let Some(folder) = ["templates", "static"]
        .into_iter()
        .find(|folder| target_abs.starts_with(root.join(folder)))
    else {
        return Ok(());
    };
    Err(Diagnostic::error(
        target,
        format!("the output folder is inside the theme's `{folder}/` folder: each build would copy the last site into the next"),
    )
    .help("choose an output folder outside `templates/` and `static/`, such as `public`"))
}

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

/// Tidies up after builds that were killed: a build stopped between the two renames of its
/// commit left the output missing and the previous site in its `-old-` folder, which is put back;
/// other `-new-` and `-old-` folders of builds no longer running are removed. Only on systems
/// with `/proc`, where a build still running can be told from one that was stopped.
fn recover_interrupted(parent: &Path, name: &str, target: &Path) {
    let proc = Path::new("/proc");
    if !proc.join("self").is_dir() {
        return;
    }
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let mut left: Vec<(bool, PathBuf)> = entries
        .flatten()
        .filter_map(|entry| {
            let file_name = entry.file_name().into_string().ok()?;
            let rest = file_name.strip_prefix('.')?.strip_prefix(name)?;
            let (old, pid) = match rest.strip_prefix(".playbook-old-") {
                Some(pid) => (true, pid),
                None => (false, rest.strip_prefix(".playbook-new-")?),
            };
            let pid: u32 = pid.parse().ok()?;
            let running = pid == std::process::id() || proc.join(pid.to_string()).exists();
            (!running && entry.path().join(MARKER).is_file()).then(|| (old, entry.path()))
        })
        .collect();
    left.sort();
    for (old, dir) in left {
        if old && !target.exists() && fs::rename(&dir, target).is_ok() {
            continue;
        }
        let _ = remove_owned(&dir);
    }
}

/// Removes a folder only when the build created it. The marker goes last, so that a removal
/// cut short leaves a folder still known as the build's own.
fn remove_owned(dir: &Path) -> io::Result<()> {
    if dir.join(MARKER).is_file() {
        remove_contents(dir)?;
        fs::remove_file(dir.join(MARKER))?;
        fs::remove_dir(dir)
    } else {
        // An empty folder left by an interrupted start is safe to remove; anything else is not.
        fs::remove_dir(dir)
    }
}

/// Removes everything in `dir` but its marker, on every core (a large site has tens of
/// thousands of files and folders): the files, then the folders, deepest first. Links are
/// removed, never followed.
fn remove_contents(dir: &Path) -> io::Result<()> {
    let mut files = Vec::new();
    // Folders by depth, from 1.
    let mut folders: Vec<Vec<PathBuf>> = Vec::new();
    let walker = walkdir::WalkDir::new(dir).min_depth(1);
    for entry in walker {
        let entry = entry?;
        let depth = entry.depth();
        if depth == 1 && entry.file_name() == MARKER {
            continue;
        }
        if entry.file_type().is_dir() {
            folders.resize_with(folders.len().max(depth), Vec::new);
            folders[depth - 1].push(entry.into_path());
        } else {
            files.push(entry.into_path());
        }
    }
    let all_removed =
        |results: Vec<io::Result<()>>| results.into_iter().collect::<io::Result<()>>();
    all_removed(playbook_book::parallel::map(&files, |file| {
        fs::remove_file(file)
    }))?;
    for level in folders.iter().rev() {
        all_removed(playbook_book::parallel::map(level, |folder| {
            fs::remove_dir(folder)
        }))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder holding an empty source folder `src`, removed when dropped.
    fn temp() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("src")).unwrap();
        dir
    }

    #[test]
    fn an_output_inside_the_theme_folders_is_refused() {
        let temp = temp();
        let root = temp.path();
        for folder in ["static/site", "templates/out"] {
            let problem = refuse_theme_folders(root, &root.join(folder)).unwrap_err();
            assert!(
                problem.to_string().contains("inside the theme's"),
                "{problem}"
            );
        }
        assert!(refuse_theme_folders(root, &root.join("public")).is_ok());
    }

    #[test]
    fn swaps_in_whole_and_cleans_up() {
        let temp = temp();
        let dir = temp.path();
        let out = dir.join("public");
        let mut first = Staging::begin(&out, &dir.join("src")).unwrap();
        first.file("a/index.html", b"one").unwrap();
        first.commit().unwrap();
        let mut second = Staging::begin(&out, &dir.join("src")).unwrap();
        second.file("b/index.html", b"two").unwrap();
        second.commit().unwrap();
        assert!(!out.join("a/index.html").exists());
        assert_eq!(fs::read(out.join("b/index.html")).unwrap(), b"two");
        let left: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(left.len(), 2, "{left:?}");
    }

    #[test]
    fn dropped_staging_leaves_previous_output() {
        let temp = temp();
        let dir = temp.path();
        let out = dir.join("public");
        let mut first = Staging::begin(&out, &dir.join("src")).unwrap();
        first.file("index.html", b"good").unwrap();
        first.commit().unwrap();
        {
            let mut failed = Staging::begin(&out, &dir.join("src")).unwrap();
            failed.file("index.html", b"half").unwrap();
        }
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"good");
        assert_eq!(fs::read_dir(dir).unwrap().count(), 2);
    }

    #[test]
    fn a_killed_build_is_tidied_up_and_its_previous_site_put_back() {
        let temp = temp();
        let dir = temp.path();
        let out = dir.join("public");
        // No process has this id (Linux allows at most 2^22).
        let dead = 4_000_000_000u32;
        let stale = |kind: &str, page: &[u8]| {
            let folder = dir.join(format!(".public.playbook-{kind}-{dead}"));
            fs::create_dir_all(folder.join("a")).unwrap();
            fs::write(folder.join(MARKER), MARKER_TEXT).unwrap();
            fs::write(folder.join("a/index.html"), page).unwrap();
            folder
        };
        // Killed between the two renames of a commit: the output is missing.
        let old = stale("old", b"previous");
        let new = stale("new", b"next");
        let foreign = dir.join(format!(".public.playbook-new-{}", dead - 1));
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("mine.txt"), "not the build's").unwrap();
        let staging = Staging::begin(&out, &dir.join("src")).unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"previous");
        assert!(!old.exists() && !new.exists());
        assert!(foreign.join("mine.txt").is_file(), "no marker: not removed");
        drop(staging);
        // Killed while writing: the output stays, the stale folder goes.
        let new = stale("new", b"half");
        let mut next = Staging::begin(&out, &dir.join("src")).unwrap();
        assert!(!new.exists());
        next.file("a/index.html", b"done").unwrap();
        next.commit().unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"done");
    }

    #[test]
    fn refuses_foreign_and_source_folders() {
        let temp = temp();
        let dir = temp.path();
        fs::write(dir.join("src/notes.txt"), "mine").unwrap();
        assert!(Staging::begin(&dir.join("src"), &dir.join("src")).is_err());
        assert!(Staging::begin(dir, &dir.join("src")).is_err());
        let foreign = dir.join("foreign");
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("keep.txt"), "keep").unwrap();
        let error = Staging::begin(&foreign, &dir.join("src")).err().unwrap();
        assert!(error.message.contains("did not write"));
        assert_eq!(fs::read(foreign.join("keep.txt")).unwrap(), b"keep");
        // An empty folder is fine.
        fs::create_dir(dir.join("empty")).unwrap();
        assert!(Staging::begin(&dir.join("empty"), &dir.join("src")).is_ok());
    }
}
