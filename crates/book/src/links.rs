//! Where each page and file lands in the output, and how a link written in one page's markdown
//! becomes a relative address from that page's output location.

use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

/// The site-relative address of a page's folder: `a/b.md` is `a/b/`, `a/README.md` is `a/`,
/// the root `README.md` is the empty string.
pub fn page_url(source: &Path) -> String {
    let mut parts: Vec<String> = source
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let Some(file) = parts.pop() else {
        return String::new();
    };
    let stem = file
        .strip_suffix(".md")
        .or_else(|| file.strip_suffix(".markdown"))
        .unwrap_or(&file);
    if !is_index_stem(stem) {
        parts.push(stem.to_string());
    }
    parts.iter().map(|p| format!("{p}/")).collect()
}

/// `README` and `index` name a folder's own page.
pub fn is_index_stem(stem: &str) -> bool {
    stem.eq_ignore_ascii_case("readme") || stem.eq_ignore_ascii_case("index")
}

/// The file written for a page at `url`.
pub fn page_file(url: &str) -> String {
    format!("{url}index.html")
}

/// The relative address from the page at `from` (a folder address) to `to` (a site-relative
/// address), percent-encoded for an `href`.
pub fn relative(from: &str, to: &str) -> String {
    // Folders shared by both addresses need not be climbed out of and back into; the last part
    // of `to` is a file name or empty, never a shared folder.
    let mut rest = to;
    let mut climbs = 0;
    for dir in from.split_terminator('/') {
        match rest.split_once('/') {
            Some((head, tail)) if climbs == 0 && head == dir => rest = tail,
            _ => climbs += 1,
        }
    }
    let mut out = "../".repeat(climbs);
    push_encoded_path(&mut out, rest);
    if out.is_empty() {
        out.push_str("./");
    }
    out
}

/// What a path in the site's addresses percent-encodes: control characters, spaces, `%`, `#`,
/// `?`, double quotes, angle brackets and backslashes.
const PATH_ESCAPES: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'%')
    .add(b'#')
    .add(b'?')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'\\');

/// Percent-encodes what may not stand in a URL path as it is ([`PATH_ESCAPES`]); other
/// characters, brackets and non-ASCII letters included, stay. (`percent-encoding` encodes every
/// non-ASCII byte, so only ASCII and control characters are handed to it: addresses keep their
/// letters readable, as browsers show them.)
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    push_encoded_path(&mut out, path);
    out
}

/// [`encode_path`] of `path`, added to `out`.
fn push_encoded_path(out: &mut String, path: &str) {
    // The graphic ASCII characters `PATH_ESCAPES` escapes (the rest it escapes are not graphic).
    let plain = |b: u8| {
        b.is_ascii_graphic() && !matches!(b, b'%' | b'#' | b'?' | b'"' | b'<' | b'>' | b'\\')
    };
    if path.bytes().all(plain) {
        // Most addresses: nothing to escape.
        out.push_str(path);
        return;
    }
    let is_kept = |c: char| !c.is_ascii() && !c.is_control();
    let mut rest = path;
    while !rest.is_empty() {
        // A run that may need escapes, handed to `percent-encoding` whole, then one kept as it is.
        let (run, after) = rest.split_at(rest.find(is_kept).unwrap_or(rest.len()));
        out.extend(utf8_percent_encode(run, PATH_ESCAPES));
        let (kept, after) = after.split_at(after.find(|c| !is_kept(c)).unwrap_or(after.len()));
        out.push_str(kept);
        rest = after;
    }
}

/// Decodes `%XX` escapes; invalid escapes are kept as written, and text whose escapes decode to
/// invalid UTF-8 is kept whole. Borrowed when there is nothing to decode, as in most links.
pub fn percent_decode(text: &str) -> Cow<'_, str> {
    percent_decode_str(text)
        .decode_utf8()
        .unwrap_or(Cow::Borrowed(text))
}

/// What a link in a page's markdown points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Another site, a mail address, or anything with a scheme: left as written.
    External,
    /// Only a fragment: a heading in the same page.
    SamePage { fragment: String },
    /// A file in the source folder (a page, a folder or an asset), as a normalised path relative
    /// to the source folder, with the fragment if any.
    Local {
        path: PathBuf,
        fragment: Option<String>,
    },
    /// A relative path that climbs out of the source folder.
    Outside,
}

/// Classifies `dest`, written in the page at `page` (relative to the source folder).
pub fn classify(page: &Path, dest: &str) -> LinkTarget {
    let dest = dest.trim();
    if dest.is_empty() {
        return LinkTarget::SamePage {
            fragment: String::new(),
        };
    }
    if let Some(fragment) = dest.strip_prefix('#') {
        return LinkTarget::SamePage {
            fragment: percent_decode(fragment).into_owned(),
        };
    }
    if has_scheme(dest) || dest.starts_with("//") {
        return LinkTarget::External;
    }
    let (path_part, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(percent_decode(f).into_owned())),
        None => (dest, None),
    };
    let path_part = path_part.split('?').next().unwrap_or("");
    let decoded = percent_decode(path_part);
    let joined = match decoded.strip_prefix('/') {
        Some(from_root) => normalise(Path::new(from_root)),
        None => normalise(&page.parent().unwrap_or(Path::new("")).join(&*decoded)),
    };
    match joined {
        Some(path) => LinkTarget::Local { path, fragment },
        None => LinkTarget::Outside,
    }
}

fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !dest[..i].contains('/')
        }
        None => false,
    }
}

/// Resolves `.` and `..` without touching the file system; `None` when `..` climbs above the
/// start (or the path has a root).
pub fn normalise(path: &Path) -> Option<PathBuf> {
    match path.to_str() {
        // Every link of every page comes here: resolved on the text, without parsing parts.
        Some(text) => normalise_text(text),
        None => normalise_parts(path),
    }
}

/// [`normalise`] on a path written with `/`.
fn normalise_text(path: &str) -> Option<PathBuf> {
    if path.starts_with('/') {
        return None;
    }
    let mut out = String::with_capacity(path.len());
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if out.is_empty() {
                    return None;
                }
                out.truncate(out.rfind('/').unwrap_or(0));
            }
            part => {
                if !out.is_empty() {
                    out.push('/');
                }
                out.push_str(part);
            }
        }
    }
    Some(PathBuf::from(out))
}

/// [`normalise`] on `Path`'s parts, for a path that is not UTF-8.
fn normalise_parts(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// A site-relative path written with forward slashes.
pub fn slash_path(path: &Path) -> String {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Resolving on the text agrees with resolving on `Path`'s parts.
        #[test]
        fn text_and_parts_resolve_alike(
            path in "(/?([a-z.]{0,3}|\\.\\.)/){0,6}[a-z.]{0,3}/?",
        ) {
            proptest::prop_assert_eq!(normalise_text(&path), normalise_parts(Path::new(&path)));
        }
    }

    #[test]
    fn clean_urls() {
        assert_eq!(page_url(Path::new("a/b.md")), "a/b/");
        assert_eq!(page_url(Path::new("a/README.md")), "a/");
        assert_eq!(page_url(Path::new("README.md")), "");
        assert_eq!(page_url(Path::new("index.md")), "");
        assert_eq!(page_url(Path::new("my page.md")), "my page/");
        assert_eq!(page_file("a/b/"), "a/b/index.html");
        assert_eq!(page_file(""), "index.html");
    }

    #[test]
    fn the_quick_path_encodes_as_percent_encoding_does() {
        for byte in 0..128u8 {
            let text = format!("a{}b", byte as char);
            let expected = utf8_percent_encode(&text, PATH_ESCAPES).to_string();
            assert_eq!(encode_path(&text), expected, "byte {byte}");
        }
    }

    #[test]
    fn relative_addresses_climb_only_out_of_folders_not_shared() {
        // The rule the long way: split both, count the shared folders, climb out of the rest.
        fn the_long_way(from: &str, to: &str) -> String {
            let from_dirs: Vec<&str> = from.split_terminator('/').collect();
            let to_parts: Vec<&str> = to.split('/').collect();
            let shared = from_dirs
                .iter()
                .zip(&to_parts[..to_parts.len() - 1])
                .take_while(|(a, b)| a == b)
                .count();
            let out = "../".repeat(from_dirs.len() - shared)
                + &encode_path(&to_parts[shared..].join("/"));
            if out.is_empty() { "./".into() } else { out }
        }
        let addresses = [
            "",
            "a/",
            "a/b/",
            "a/c/",
            "b/",
            "a//b/",
            "a/b",
            "a/b/c.png",
            "a b/#/",
            "é/x/",
        ];
        for from in addresses {
            for to in addresses {
                assert_eq!(
                    relative(from, to),
                    the_long_way(from, to),
                    "{from:?} to {to:?}"
                );
            }
        }
    }

    #[test]
    fn relative_addresses() {
        assert_eq!(relative("a/b/", "c/"), "../../c/");
        assert_eq!(relative("", "c/"), "c/");
        assert_eq!(relative("a/", ""), "../");
        assert_eq!(relative("", ""), "./");
        assert_eq!(relative("a/", "a/b/"), "b/");
        assert_eq!(relative("a/b/", "a/"), "../");
        assert_eq!(relative("a/b/", "a/b/"), "./");
        assert_eq!(relative("a/b/", "a/c.png"), "../c.png");
        assert_eq!(
            encode_path("a b/100%/q?#x/\"<>\\/\u{7f}\u{1}"),
            "a%20b/100%25/q%3F%23x/%22%3C%3E%5C/%7F%01"
        );
        assert_eq!(
            encode_path("façade/日本/x\u{85}y é"),
            "façade/日本/x%C2%85y%20é"
        );
        assert_eq!(encode_path(""), "");
        assert_eq!(
            relative("a/", ".gitbook/assets/my image (1).png"),
            "../.gitbook/assets/my%20image%20(1).png"
        );
    }

    #[test]
    fn classifies_links() {
        let page = Path::new("intro/why.md");
        assert_eq!(classify(page, "https://x.org/a.md"), LinkTarget::External);
        assert_eq!(classify(page, "mailto:a@b.c"), LinkTarget::External);
        assert_eq!(
            classify(page, "#top"),
            LinkTarget::SamePage {
                fragment: "top".into()
            }
        );
        assert_eq!(
            classify(page, "../ops/README.md#costs"),
            LinkTarget::Local {
                path: "ops/README.md".into(),
                fragment: Some("costs".into())
            }
        );
        assert_eq!(
            classify(page, "my%20file.pdf"),
            LinkTarget::Local {
                path: "intro/my file.pdf".into(),
                fragment: None
            }
        );
        assert_eq!(
            classify(page, "/a/b.md"),
            LinkTarget::Local {
                path: "a/b.md".into(),
                fragment: None
            }
        );
        assert_eq!(classify(page, "../../etc/passwd"), LinkTarget::Outside);
        // An encoded slash makes the path absolute, not a second way to the source folder.
        assert_eq!(classify(page, "/%2Fetc/passwd"), LinkTarget::Outside);
    }

    #[test]
    fn percent_decoding_keeps_bad_escapes() {
        assert_eq!(percent_decode("a%20b%2"), "a b%2");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert_eq!(percent_decode("%C3%A9"), "é");
    }
}
