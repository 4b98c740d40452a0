//! What the fixture tests share: rendering a fixture playbook in memory, reading its files,
//! and checking that every relative address in the output resolves.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use playbook_book::config::Project;
use playbook_book::diagnostics::Diagnostic;
use playbook_site::anchors::anchors;
use playbook_site::{self as site, BuildOptions};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The whole site, rendered in memory, which must build without a warning.
pub fn render(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let (files, warnings) = render_with_warnings(dir);
    assert!(warnings.is_empty(), "unexpected warnings: {warnings:#?}");
    files
}

pub fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    let bytes = files
        .get(path)
        .unwrap_or_else(|| panic!("no {path} in {:#?}", files.keys().collect::<Vec<_>>()));
    String::from_utf8(bytes.clone()).expect("UTF-8")
}

/// The page's own content: its `<article>`, so that theme changes elsewhere leave it alone.
pub fn article(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    let html = text(files, path);
    let start = html.find("<article").expect("an article");
    let end = html.find("</article>").expect("the article's end") + "</article>".len();
    html[start..end].to_string()
}

/// The `href` and `src` values in some HTML.
pub fn addresses(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attribute in [" href=\"", " src=\"", ";url="] {
        let mut rest = html;
        while let Some(at) = rest.find(attribute) {
            let value = &rest[at + attribute.len()..];
            let end = value.find('"').unwrap_or(value.len());
            out.push(value[..end].replace("&amp;", "&"));
            rest = &value[end..];
        }
    }
    out
}

pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8")
}

/// The whole site, rendered in memory, with the build's warnings.
pub fn render_with_warnings(dir: &Path) -> (BTreeMap<String, Vec<u8>>, Vec<Diagnostic>) {
    let project = Project::locate(dir).expect("a playbook");
    let output = project.output_dir(None);
    let mut files = BTreeMap::new();
    let generated = site::generate(&project, &BuildOptions::default(), &output, &mut files)
        .unwrap_or_else(|failure| panic!("the build failed:\n{failure}"));
    (files, generated.warnings)
}

/// Checks that every relative `href` and `src` in the HTML files leads to a file of the output
/// (and its fragment to an id there), except those `skip` names; how many were checked.
pub fn assert_addresses_resolve(
    files: &BTreeMap<String, Vec<u8>>,
    skip: impl Fn(&str) -> bool,
) -> usize {
    let mut checked = 0;
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        let folder = path.rfind('/').map_or("", |i| &path[..=i]);
        for address in addresses(&html) {
            if address.contains("://")
                || address.starts_with("mailto:")
                || address.starts_with("data:")
                || skip(&address)
            {
                continue;
            }
            let (target, fragment) = address.split_once('#').unwrap_or((&address, ""));
            let target = target.split('?').next().unwrap_or_default();
            let mut resolved: Vec<&str> = Vec::new();
            // The 404 page is served at any depth, so it links from the host's root.
            let (folder, target) = match target.strip_prefix('/') {
                Some(rooted) if path == "404.html" => ("", rooted),
                _ => (folder, target),
            };
            let full = format!("{folder}{}", percent_decode(target));
            let joined = if target.is_empty() {
                path.clone()
            } else {
                for part in full.split('/') {
                    match part {
                        "." => {}
                        ".." => {
                            assert!(resolved.pop().is_some(), "{address} in {path} climbs out");
                        }
                        part => resolved.push(part),
                    }
                }
                let joined = resolved.join("/");
                if joined.is_empty() || joined.ends_with('/') {
                    format!("{joined}index.html")
                } else {
                    joined
                }
            };
            let file = files.get(&joined).unwrap_or_else(|| {
                panic!("{address} in {path} points to {joined}, not in the output")
            });
            if !fragment.is_empty() {
                let ids = anchors(&String::from_utf8_lossy(file));
                let fragment = percent_decode(fragment);
                assert!(
                    ids.contains(&fragment),
                    "{address} in {path}: no #{fragment} in {joined}"
                );
            }
            checked += 1;
        }
    }
    checked
}
