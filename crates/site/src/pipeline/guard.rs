//! One file for each path of the site. A page may link to a file of the source folder whose
//! path is one the build makes itself (`a/index.html` beside the page `a/`, `_playbook/app.js`,
//! the search index, `404.html`): written as it comes, the later file would silently replace the
//! earlier one, a page or the theme. The sink is guarded: a second file at a path is refused,
//! naming what wrote each.

use std::collections::HashMap;
use std::io;

use crate::output::Sink;

/// A sink that refuses a second file at the same path.
pub(super) struct Guarded<'s> {
    sink: &'s mut dyn Sink,
    /// Each path written, with what wrote it.
    written: HashMap<String, &'static str>,
    /// What is being written now, for messages.
    now: &'static str,
}

impl<'s> Guarded<'s> {
    pub(super) fn new(sink: &'s mut dyn Sink) -> Self {
        Self {
            sink,
            written: HashMap::new(),
            now: "the pages",
        }
    }

    /// Names what the files written next are, such as "a file the pages link to".
    pub(super) fn writing(&mut self, what: &'static str) {
        self.now = what;
    }
}

impl Sink for Guarded<'_> {
    fn file(&mut self, path: &str, bytes: &[u8]) -> io::Result<()> {
        if let Some(first) = self.written.get(path) {
            let message = format!("{first} and {} both write `{path}`", self.now);
            return Err(io::Error::new(io::ErrorKind::AlreadyExists, message));
        }
        self.written.insert(path.to_string(), self.now);
        self.sink.file(path, bytes)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn a_second_file_at_a_path_is_refused_naming_both() {
        let mut files = BTreeMap::new();
        let mut guarded = Guarded::new(&mut files);
        guarded.file("a/index.html", b"page").unwrap();
        guarded.writing("a file the pages link to");
        let error = guarded.file("a/index.html", b"asset").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(
            error.to_string(),
            "the pages and a file the pages link to both write `a/index.html`"
        );
        assert_eq!(files["a/index.html"], b"page");
    }
}
