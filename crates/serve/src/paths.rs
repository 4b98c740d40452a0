//! From a request's path to a file of the built site: percent-decode, normalise, refuse anything
//! that would leave the site, and map folders to their `index.html`. Pure functions, so they can
//! be tested (and fuzzed) without a server.

/// What a request path names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A file of the site, by its key (`a/b/index.html`).
    File(String),
    /// A folder asked for without its final slash: where to send the browser (`/a/b/`), so that
    /// the page's relative links resolve.
    Redirect(String),
    /// Nothing of the site: the 404 page.
    NotFound,
}

/// The site-relative key a request path stands for, or `None` when the path is malformed or
/// tries to leave the site. A trailing slash is kept, so that folders can be told from files.
///
/// Refused: paths not starting with `/`, invalid percent-encoding or UTF-8, NUL and other
/// control characters, backslashes, `..` segments (before or after decoding), absolute paths
/// (`//etc`) and drive letters.
pub fn normalise(path: &str) -> Option<String> {
    let rest = path.strip_prefix('/')?;
    let decoded = percent_decode(rest)?;
    // `//etc/passwd` reads as an absolute path to some servers and scripts: refuse it.
    if decoded.starts_with('/') || decoded.chars().any(|c| c.is_control() || c == '\\') {
        return None;
    }
    let mut segments: Vec<&str> = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s if s.contains(':') => return None,
            s => segments.push(s),
        }
    }
    let mut key = segments.join("/");
    let folder = decoded.is_empty() || decoded.ends_with('/');
    if folder && !key.is_empty() {
        key.push('/');
    }
    Some(key)
}

/// Resolves a request path against the site, whose keys `exists` tells apart.
pub fn resolve(path: &str, exists: impl Fn(&str) -> bool) -> Resolved {
    let Some(key) = normalise(path) else {
        return Resolved::NotFound;
    };
    if key.is_empty() || key.ends_with('/') {
        let index = format!("{key}index.html");
        return if exists(&index) {
            Resolved::File(index)
        } else {
            Resolved::NotFound
        };
    }
    if exists(&key) {
        return Resolved::File(key);
    }
    if exists(&format!("{key}/index.html")) {
        // Built from the normalised key, never from the raw path: `//host` must not become an
        // address on another site.
        return Resolved::Redirect(format!("/{}/", playbook_book::links::encode_path(&key)));
    }
    Resolved::NotFound
}

/// Decodes `%XX` escapes; `None` for a broken escape or bytes that are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The `Content-Type` of a site file, by its extension.
pub fn content_type(key: &str) -> &'static str {
    let extension = key
        .rsplit_once('.')
        .map(|(_, x)| x.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "wasm" => "application/wasm",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "csv" => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(key: &str) -> bool {
        matches!(
            key,
            "index.html" | "a/index.html" | "a/b/index.html" | "_playbook/style.css" | "x y.png"
        )
    }

    #[test]
    fn folders_map_to_their_index() {
        assert_eq!(resolve("/", site), Resolved::File("index.html".into()));
        assert_eq!(resolve("/a/", site), Resolved::File("a/index.html".into()));
        assert_eq!(
            resolve("/a//b/", site),
            Resolved::File("a/b/index.html".into())
        );
        assert_eq!(
            resolve("/a/./b/", site),
            Resolved::File("a/b/index.html".into())
        );
        assert_eq!(resolve("/a/b", site), Resolved::Redirect("/a/b/".into()));
        assert_eq!(
            resolve("/x%20y.png", site),
            Resolved::File("x y.png".into())
        );
        assert_eq!(
            resolve("/_playbook/style.css", site),
            Resolved::File("_playbook/style.css".into())
        );
    }

    #[test]
    fn traversal_is_refused() {
        for path in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/a/%2e%2e/%2e%2e/etc/passwd",
            "/%2e%2e%2fetc%2fpasswd",
            "/a/..%2f..%2findex.html",
            "/a/../index.html",
            "/..\\..\\windows",
            "/a%5c..%5cindex.html",
            "/C:/windows/win.ini",
            "/a%00/index.html",
            "/%ff",
            "/%2",
            "/%zz",
            "//etc/passwd",
            "etc/passwd",
            "",
        ] {
            assert_eq!(resolve(path, |_| true), Resolved::NotFound, "{path}");
        }
    }

    #[test]
    fn redirects_stay_on_the_site() {
        let exists = |key: &str| key == "x/evil.example/index.html";
        assert_eq!(
            resolve("/x/%2f%2fevil.example", exists),
            Resolved::Redirect("/x/evil.example/".into())
        );
        assert_eq!(resolve("/%2f%2fevil.example", |_| true), Resolved::NotFound);
    }

    #[test]
    fn misses_are_not_found() {
        assert_eq!(resolve("/nope/", site), Resolved::NotFound);
        assert_eq!(resolve("/nope", site), Resolved::NotFound);
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("_playbook/calc.wasm"), "application/wasm");
        assert_eq!(content_type("a/index.md"), "text/markdown; charset=utf-8");
        assert_eq!(
            content_type("_playbook/app.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("IMG.PNG"), "image/png");
        assert_eq!(content_type("README"), "application/octet-stream");
    }
}
