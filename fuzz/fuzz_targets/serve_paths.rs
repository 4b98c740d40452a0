//! The preview server's URL-to-path mapping, and the link resolution of pages: whatever the
//! request or link, the path it maps to lies inside the site (or the source folder).

#![no_main]

use std::path::{Component, Path};

use libfuzzer_sys::fuzz_target;
use playbook_book::links::{self, LinkTarget};
use playbook_serve::paths::{self, Resolved};

/// A site key is relative and never climbs: no root, no `..`, no drive, no backslash.
fn inside(key: &str) {
    assert!(!key.starts_with('/'), "{key:?}");
    assert!(!key.contains('\\') && !key.contains('\0'), "{key:?}");
    for segment in key.split('/') {
        assert!(segment != ".." && segment != ".", "{key:?}");
        assert!(!segment.contains(':'), "{key:?}");
    }
    let root = Path::new("/srv/site");
    let joined = root.join(key);
    let mut depth = 0usize;
    for component in joined.strip_prefix(root).unwrap().components() {
        match component {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            other => panic!("{key:?} has {other:?}"),
        }
    }
    let _ = depth;
}

fuzz_target!(|data: &[u8]| {
    let Ok(path) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(key) = paths::normalise(path) {
        inside(&key);
    }
    for exists in [true, false] {
        match paths::resolve(path, |_| exists) {
            Resolved::File(key) => inside(&key),
            Resolved::Redirect(location) => {
                assert!(
                    location.starts_with('/') && !location.starts_with("//"),
                    "{location:?}"
                );
                assert!(location.ends_with('/'));
                let decoded = links::percent_decode(location.trim_start_matches('/'));
                inside(&decoded);
            }
            Resolved::NotFound => {}
        }
    }
    let _ = paths::content_type(path);
    // A link written in a page two folders down.
    match links::classify(Path::new("a/b/page.md"), path) {
        LinkTarget::Local { path, .. } => {
            for component in path.components() {
                assert!(matches!(component, Component::Normal(_)), "{path:?}");
            }
        }
        LinkTarget::External | LinkTarget::SamePage { .. } | LinkTarget::Outside => {}
    }
});
