//! Which output folders a build may write: not the source folder or one holding it, not a file
//! or a folder of files the build did not write, not inside the theme's folders, and not a
//! folder that cannot be swapped whole (the current folder, a mount point). An output reached
//! through a symbolic link (a deploy link `public -> /var/www/site`) is published into the
//! folder the link names, the link kept.

use std::fs;
use std::path::{Path, PathBuf};

use playbook_book::diagnostics::Diagnostic;

use super::{MARKER, cannot_write};

/// Refuses an output folder inside the playbook's `templates/` or `static/` (at `root`): the
/// theme is read from there, so each build would copy the last site into the next.
pub fn refuse_theme_folders(root: &Path, target: &Path) -> Result<(), Diagnostic> {
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

/// Refuses an output folder inside a source folder of its own (`source = "content"`, output
/// `content/site`): the source holds the book and nothing else. A bare playbook, whose source
/// folder is its root, keeps its output inside (`public/` by default): the output is never read
/// as pages or files of the book.
pub fn refuse_inside_source(root: &Path, source: &Path, target: &Path) -> Result<(), Diagnostic> {
    let (root, source, target_abs) = (absolute(root), absolute(source), absolute(target));
    if source == root || target_abs == source || !target_abs.starts_with(&source) {
        return Ok(());
    }
    Err(Diagnostic::error(
        target,
        "the output folder is inside the source folder, which holds the book's pages and files",
    )
    .help(
        "choose an output folder beside the source folder, such as `public` at the playbook's root",
    ))
}

/// `path` made absolute, links resolved where it exists, so that `./x`, `x/../x` and a link to
/// `x` compare equal.
fn absolute(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    path.canonicalize().unwrap_or(path)
}

/// The folder a build writes for the output `target`: the folder a link names when `target` is
/// a symbolic link, so that the link is kept and what it points to is replaced.
pub(super) fn resolve_link(target: &Path) -> PathBuf {
    let is_link = fs::symlink_metadata(target).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return target.to_path_buf();
    }
    target.canonicalize().unwrap_or_else(|_| {
        // A link to a folder not made yet: the folder it names.
        let named = fs::read_link(target).unwrap_or_default();
        target.parent().unwrap_or(Path::new("")).join(named)
    })
}

/// Refuses an output folder that is the source folder, holds it, holds files the build did not
/// write, or cannot be swapped whole.
pub(super) fn check_target(target: &Path, source: &Path) -> Result<(), Diagnostic> {
    let target_abs = absolute(target);
    let source_abs = absolute(source);
    refuse_unswappable(target, &target_abs)?;
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

/// Refuses an output folder the build cannot swap for a new one: the current folder (`--out .`)
/// and a mount point (a container's volume) cannot be renamed.
fn refuse_unswappable(target: &Path, target_abs: &Path) -> Result<(), Diagnostic> {
    let current = std::env::current_dir()
        .ok()
        .and_then(|dir| dir.canonicalize().ok());
    let reason = if current.as_deref() == Some(target_abs) {
        Some("the output folder is the current folder, which cannot be replaced while in use")
    } else if is_mount_point(target_abs) {
        Some("the output folder is a mount point, which cannot be replaced whole")
    } else {
        None
    };
    match reason {
        Some(reason) => Err(Diagnostic::error(target, reason).help(
            "playbook writes a new folder beside the output and swaps it in: pass a folder inside this one, such as `--out public`",
        )),
        None => Ok(()),
    }
}

/// Whether `folder` is on another file system than its parent.
pub(super) fn is_mount_point(folder: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let (Ok(own), Some(Ok(parent))) = (fs::metadata(folder), folder.parent().map(fs::metadata))
    else {
        return false;
    };
    own.is_dir() && own.dev() != parent.dev()
}
