//! A built site in memory, made to be copied cheaply: the files of the last whole build, shared
//! between copies, under the few files that partial rebuilds changed since. A save copies the
//! site to change it while requests still read the old one; copying only that short list keeps
//! a save's cost independent of the site's size.

use std::collections::BTreeMap;
use std::io;
use std::sync::Arc;

use axum::body::Bytes;

use playbook_site::output::Sink;

/// File keys (`a/b/index.html`) to their bytes.
#[derive(Debug, Clone, Default)]
pub struct SiteFiles {
    /// The files of the last whole build, shared by every copy made since.
    whole: Arc<BTreeMap<String, Bytes>>,
    /// What changed since in this copy: new bytes, or `None` for a file that went.
    changed: BTreeMap<String, Option<Bytes>>,
}

impl Sink for SiteFiles {
    fn file(&mut self, path: &str, bytes: &[u8]) -> io::Result<()> {
        self.insert(path, Bytes::copy_from_slice(bytes));
        Ok(())
    }
}

impl SiteFiles {
    pub fn get(&self, key: &str) -> Option<&Bytes> {
        match self.changed.get(key) {
            Some(changed) => changed.as_ref(),
            None => self.whole.get(key),
        }
    }

    pub fn contains(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    /// Every file, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Bytes)> {
        let unchanged = self
            .whole
            .iter()
            .filter(|(key, _)| !self.changed.contains_key(*key));
        let changed = self
            .changed
            .iter()
            .filter_map(|(key, bytes)| Some((key, bytes.as_ref()?)));
        unchanged
            .chain(changed)
            .map(|(key, bytes)| (key.as_str(), bytes))
    }

    /// Stores a file. A site being built whole writes into its own map; a copy notes the change.
    pub fn insert(&mut self, key: &str, bytes: Bytes) {
        match self.own_whole() {
            Some(whole) => {
                whole.insert(key.to_string(), bytes);
            }
            None => {
                self.changed.insert(key.to_string(), Some(bytes));
            }
        }
    }

    pub fn remove(&mut self, key: &str) {
        match self.own_whole() {
            Some(whole) => {
                whole.remove(key);
            }
            None => {
                self.changed.insert(key.to_string(), None);
            }
        }
    }

    /// The whole build's map, when this copy alone holds it and has noted no change.
    fn own_whole(&mut self) -> Option<&mut BTreeMap<String, Bytes>> {
        if self.changed.is_empty() {
            Arc::get_mut(&mut self.whole)
        } else {
            None
        }
    }
}

#[cfg(test)]
impl SiteFiles {
    /// A site built whole from `(key, text)` pairs.
    pub fn of(files: &[(&str, &str)]) -> Self {
        let mut site = Self::default();
        for (key, text) in files {
            site.insert(key, Bytes::copy_from_slice(text.as_bytes()));
        }
        site
    }
}

/// Two sites are equal when they hold the same files, however each was made.
impl PartialEq for SiteFiles {
    fn eq(&self, other: &Self) -> bool {
        self.iter().count() == other.iter().count()
            && self
                .iter()
                .all(|(key, bytes)| other.get(key) == Some(bytes))
    }
}

impl Eq for SiteFiles {}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(site: &SiteFiles, key: &str) -> Option<String> {
        site.get(key)
            .map(|bytes| String::from_utf8(bytes.to_vec()).unwrap())
    }

    #[test]
    fn a_copy_changes_without_touching_the_original() {
        let original = SiteFiles::of(&[("a.html", "a"), ("b.html", "b")]);
        let mut copy = original.clone();
        copy.insert("a.html", Bytes::from_static(b"A"));
        copy.insert("c.html", Bytes::from_static(b"c"));
        copy.remove("b.html");
        assert_eq!(text(&copy, "a.html").as_deref(), Some("A"));
        assert_eq!(text(&copy, "c.html").as_deref(), Some("c"));
        assert!(!copy.contains("b.html"));
        assert_eq!(text(&original, "a.html").as_deref(), Some("a"));
        assert!(original.contains("b.html") && !original.contains("c.html"));
        assert_eq!(copy.changed.len(), 3, "only the changes are held apart");
        let mut next = copy.clone();
        next.insert("b.html", Bytes::from_static(b"B"));
        assert_eq!(text(&next, "b.html").as_deref(), Some("B"));
        assert_eq!(
            text(&next, "a.html").as_deref(),
            Some("A"),
            "earlier changes carry over"
        );
        assert!(
            !copy.contains("b.html"),
            "a copy of a copy leaves its source alone"
        );
    }

    #[test]
    fn iter_lists_each_current_file_once() {
        let mut copy = SiteFiles::of(&[("a.html", "a"), ("b.html", "b")]).clone();
        copy.insert("a.html", Bytes::from_static(b"A"));
        copy.remove("b.html");
        copy.insert("c.html", Bytes::from_static(b"c"));
        let mut files: Vec<(&str, &[u8])> = copy.iter().map(|(k, b)| (k, &b[..])).collect();
        files.sort();
        assert_eq!(files, [("a.html", &b"A"[..]), ("c.html", &b"c"[..])]);
    }

    #[test]
    fn sites_with_the_same_files_are_equal_however_made() {
        let original = SiteFiles::of(&[("a.html", "a"), ("b.html", "b")]);
        let mut copy = original.clone();
        copy.insert("b.html", Bytes::from_static(b"b"));
        assert_eq!(copy, original);
        copy.remove("b.html");
        assert_ne!(copy, original);
        assert_eq!(copy, SiteFiles::of(&[("a.html", "a")]));
        assert!(!copy.is_empty());
        copy.remove("a.html");
        assert!(copy.is_empty());
    }
}
