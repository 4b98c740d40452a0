//! Tidying the output's parent folder: what builds that were killed left behind, and removing
//! only what a build wrote (a folder with its marker file, never a link followed).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::MARKER;

/// Tidies up after builds that were killed: a build stopped between the two renames of its
/// commit left the output missing and the previous site in its `-old-` folder, which is put back;
/// other `-new-` and `-old-` folders (and links of those names) of builds no longer running are
/// removed when they carry the marker or are empty. Only on systems
/// with `/proc`, where a build still running can be told from one that was stopped.
pub(super) fn recover_interrupted(parent: &Path, name: &str, target: &Path) {
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
            if running {
                return None;
            }
            // A link of that name (planted, or left by an odd file system) is removed, never
            // followed or put in the output's place.
            if entry.file_type().ok()?.is_symlink() {
                let _ = fs::remove_file(entry.path());
                return None;
            }
            let owned = entry.path().join(MARKER).is_file();
            Some((old && owned, entry.path()))
        })
        .collect();
    left.sort();
    for (previous_site, dir) in left {
        if previous_site && !target.exists() && fs::rename(&dir, target).is_ok() {
            continue;
        }
        // A folder with the marker goes whole; one without it only when empty (a build killed
        // between making its folder and writing the marker, or between removing the two).
        let _ = remove_owned(&dir);
    }
}

/// Removes a folder only when the build created it. The marker goes last, so that a removal
/// cut short leaves a folder still known as the build's own.
pub(super) fn remove_owned(dir: &Path) -> io::Result<()> {
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
/// thousands of files and folders): each core takes the next of `dir`'s entries and removes it
/// whole, a folder with all it holds. Links are removed, never followed.
fn remove_contents(dir: &Path) -> io::Result<()> {
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name() != MARKER {
            entries.push((entry.path(), entry.file_type()?.is_dir()));
        }
    }
    playbook_book::parallel::map(&entries, |(path, is_dir)| {
        // `remove_dir_all` removes a link inside the folder without following it.
        if *is_dir {
            fs::remove_dir_all(path)
        } else {
            fs::remove_file(path)
        }
    })
    .into_iter()
    .collect()
}
