//! Keeping what did not change: a file the new site would write exactly as the previous output
//! holds it is linked from there instead of written again, so an unchanged page keeps its file
//! (its time and its server's cache tag) and a rebuild writes and frees only what changed.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;

/// How much of the previous file is read at a time: a page that changed usually differs in its
/// first part (the head's addresses and titles), so most mismatches cost one small read.
const CHUNK: usize = 16 * 1024;

/// Links `previous` at `new` when it is a plain file (not a link) holding exactly `bytes`;
/// whether it did. Any failure (no such file, a different file system) means "write it".
pub(super) fn link_if_unchanged(
    previous: &Path,
    new: &Path,
    bytes: &[u8],
    buffer: &mut Vec<u8>,
) -> bool {
    holds_exactly(previous, bytes, buffer).unwrap_or(false) && fs::hard_link(previous, new).is_ok()
}

fn holds_exactly(path: &Path, bytes: &[u8], buffer: &mut Vec<u8>) -> io::Result<bool> {
    let metadata = fs::symlink_metadata(path)?;
    if !metadata.is_file() || metadata.len() != bytes.len() as u64 {
        return Ok(false);
    }
    let mut file = File::open(path)?;
    buffer.resize(CHUNK, 0);
    for expected in bytes.chunks(CHUNK) {
        let got = &mut buffer[..expected.len()];
        file.read_exact(got)?;
        if got != expected {
            return Ok(false);
        }
    }
    // Grown since it was looked at: not the same file.
    Ok(file.read(&mut buffer[..1])? == 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    fn same_file(a: &Path, b: &Path) -> bool {
        fs::metadata(a).unwrap().ino() == fs::metadata(b).unwrap().ino()
    }

    #[test]
    fn a_file_holding_exactly_the_bytes_is_linked() {
        let dir = tempfile::tempdir().unwrap();
        let (previous, new) = (dir.path().join("old.html"), dir.path().join("new.html"));
        // Longer than one chunk, so the comparison reads more than once.
        let bytes = vec![b'x'; CHUNK * 2 + 7];
        fs::write(&previous, &bytes).unwrap();
        assert!(link_if_unchanged(&previous, &new, &bytes, &mut Vec::new()));
        assert!(same_file(&previous, &new));
    }

    #[test]
    fn a_file_that_differs_anywhere_or_in_length_is_not_linked() {
        let dir = tempfile::tempdir().unwrap();
        let previous = dir.path().join("old.html");
        let mut bytes = vec![b'x'; CHUNK * 2 + 7];
        fs::write(&previous, &bytes).unwrap();
        let last = bytes.len() - 1;
        bytes[last] = b'y';
        let shorter = &bytes[..CHUNK];
        let longer = [bytes.as_slice(), b"z"].concat();
        for (name, candidate) in [("last", &bytes[..]), ("short", shorter), ("long", &longer)] {
            let new = dir.path().join(name);
            assert!(
                !link_if_unchanged(&previous, &new, candidate, &mut Vec::new()),
                "{name}"
            );
            assert!(!new.exists(), "{name}");
        }
    }

    #[test]
    fn a_link_or_a_missing_file_in_the_previous_output_is_never_used() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere.html");
        fs::write(&elsewhere, b"same").unwrap();
        let previous = dir.path().join("old.html");
        std::os::unix::fs::symlink(&elsewhere, &previous).unwrap();
        let new = dir.path().join("new.html");
        assert!(!link_if_unchanged(
            &previous,
            &new,
            b"same",
            &mut Vec::new()
        ));
        assert!(!link_if_unchanged(
            &dir.path().join("gone"),
            &new,
            b"same",
            &mut Vec::new()
        ));
        assert!(!new.exists());
    }

    #[test]
    fn a_pipe_in_the_previous_output_is_not_waited_on_or_used() {
        let dir = tempfile::tempdir().unwrap();
        let previous = dir.path().join("old.html");
        let made = std::process::Command::new("mkfifo")
            .arg(&previous)
            .status()
            .unwrap();
        assert!(made.success());
        let new = dir.path().join("new.html");
        assert!(!link_if_unchanged(&previous, &new, b"", &mut Vec::new()));
        assert!(!new.exists());
    }
}
