//! Reading a playbook's text files: within the size limit, as UTF-8 (naming the line of the
//! first byte that is not), and a folder's own page.

use std::path::{Path, PathBuf};

use super::MAX_TEXT_BYTES;

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xef\xbb\xbf";
use crate::diagnostics::Diagnostic;

/// The page that stands for a folder: its README.md, or index.md.
pub fn index_file(folder: &Path) -> Option<&'static str> {
    ["README.md", "readme.md", "index.md"]
        .into_iter()
        .find(|name| folder.join(name).is_file())
}

/// `path` with its links resolved, when that lies inside `real_folder` (a folder whose links
/// are resolved already, once for all the paths checked against it); `None` when it does not or
/// cannot be resolved. In a stranger's repository a file may be a link to anything:
/// `/proc/kmsg`, whose reading never ends, or a secret that a message would quote.
pub fn real_path_inside(real_folder: &Path, path: &Path) -> Option<PathBuf> {
    let real = path.canonicalize().ok()?;
    real.starts_with(real_folder).then_some(real)
}

/// Reads a settings file (`playbook.toml`, `book.toml`, `.gitbook.yaml`, `.bookignore`) that
/// lies in the folder `path` names; a link leading out of that folder is refused, never read.
pub fn read_settings_file(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let folder = path.parent().unwrap_or(Path::new("."));
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    if path.symlink_metadata().is_err() {
        // Missing: said by the reading.
        return read_text(path, shown);
    }
    let real_folder = folder.canonicalize().ok();
    let real = real_folder
        .and_then(|folder| real_path_inside(&folder, path))
        .ok_or_else(|| {
            Diagnostic::error(
                shown,
                "this file is a link to a file outside the playbook's folder",
            )
            .help("replace the link with the file itself")
        })?;
    read_text(&real, shown)
}

/// Reads a text file, naming the line of the first byte that is not UTF-8.
pub fn read_text(full: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let cannot_read = |e: std::io::Error| {
        Diagnostic::error(shown, format!("cannot read the file: {e}"))
            .help("check that the file exists and can be read")
    };
    let file = std::fs::File::open(full).map_err(cannot_read)?;
    // Sized from the file's length, so that a page is read in one call rather than several.
    let size = file
        .metadata()
        .map_or(0, |m| m.len())
        .min(MAX_TEXT_BYTES + 1);
    let mut bytes = Vec::with_capacity(size as usize + 1);
    // Read one byte past the limit, so that a file growing while it is read is caught too.
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, MAX_TEXT_BYTES + 1),
        &mut bytes,
    )
    .map_err(cannot_read)?;
    if bytes.len() as u64 > MAX_TEXT_BYTES {
        let size = std::fs::metadata(full).map_or(bytes.len() as u64, |m| m.len());
        return Err(Diagnostic::error(
            shown,
            format!(
                "the file is {:.1} MB: playbook reads at most {} MB from a page or any other text file",
                size as f64 / 1_048_576.0,
                MAX_TEXT_BYTES / 1_048_576
            ),
        )
        .help("split it into several pages, or move large data into a file the page links to"));
    }
    // A byte-order mark (Windows editors write one) would hide front matter and the first
    // heading: it is dropped, as every tool that reads text here drops it.
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
        let column = bytes[..valid]
            .iter()
            .rev()
            .take_while(|&&b| b != b'\n')
            .count()
            + 1;
        Diagnostic::error(
            shown,
            format!("the file is not UTF-8 text (byte {valid} is not valid UTF-8)"),
        )
        .at(line, column)
        .help("save the file as UTF-8 in your editor")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_settings_file_linked_from_outside_its_folder_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let _outside = super::super::tests::linked_from_outside(
            dir.path(),
            "book.toml",
            "password = 1
",
        );
        let linked = dir.path().join("book.toml");
        let error = read_settings_file(&linked, Path::new("book.toml")).unwrap_err();
        assert!(
            error.message.contains("outside the playbook's folder"),
            "{error:?}"
        );
        // A link inside the folder is read like the file.
        std::fs::write(dir.path().join("real.toml"), "a = 1\n").unwrap();
        let inside = dir.path().join("playbook.toml");
        std::os::unix::fs::symlink("real.toml", &inside).unwrap();
        assert_eq!(
            read_settings_file(&inside, Path::new("playbook.toml")).unwrap(),
            "a = 1\n"
        );
    }

    #[test]
    fn a_byte_order_mark_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        std::fs::write(&file, b"\xef\xbb\xbf+++\ntitle = \"A\"\n+++\n# A\n").unwrap();
        let text = read_text(&file, Path::new("a.md")).unwrap();
        assert!(text.starts_with("+++\n"), "{text:?}");
    }
}
