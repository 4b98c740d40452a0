//! `.gitbook.yaml`'s redirects as pages: each old address gets a small page (the theme's
//! `redirect.html`) that forwards to the page's new address with `<meta http-equiv="refresh">`
//! and a plain link (no script), both relative, so old links keep working under any base path.
//! This module works out each redirect's file, address and title, and what is wrong with those
//! that cannot be made.

use std::collections::BTreeMap;
use std::path::Path;

use playbook_book::config::Project;
use playbook_book::diagnostics::Diagnostic;
use playbook_book::gitbook_yaml::GitBookYaml;
use playbook_book::links::{self, LinkTarget};
use playbook_book::{Book, index_file};

/// What a redirect page needs to know about the site.
pub struct SiteInfo<'a> {
    pub book: &'a Book,
    /// The source folder on disk (the `.gitbook.yaml` root).
    pub source: &'a Path,
    /// The published address with a trailing slash, for the canonical link.
    pub base_url: Option<&'a str>,
}

/// One redirect page: where it sends the reader, relative to itself, and the page's title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    pub href: String,
    pub title: String,
    /// The new page's published address, when the base address is known.
    pub canonical: Option<String>,
}

/// The redirect pages by output file, and the problems with redirects that cannot be made.
pub type Redirects = (BTreeMap<String, Redirect>, Vec<Diagnostic>);

/// The redirect pages of `project`'s `.gitbook.yaml` (none without one), by output file, and
/// the problems with redirects that cannot be made.
pub fn for_project(project: &Project, book: &Book, base_url: Option<&str>) -> Redirects {
    let Some(settings) = &project.gitbook else {
        return (BTreeMap::new(), Vec::new());
    };
    let site = SiteInfo {
        book,
        source: &project.source,
        base_url,
    };
    pages(settings, &site)
}

/// The redirect pages, by output file, and the problems with redirects that cannot be made.
pub fn pages(settings: &GitBookYaml, site: &SiteInfo<'_>) -> Redirects {
    let mut files = BTreeMap::new();
    let mut problems = Vec::new();
    let page_files: BTreeMap<String, &str> = site
        .book
        .pages
        .iter()
        .map(|p| (links::page_file(&p.url), p.url.as_str()))
        .collect();
    for (from, to) in &settings.redirects {
        let line = settings.redirect_lines.get(from).copied().unwrap_or(0);
        match redirect(from, to, site, &page_files, &files) {
            Ok((file, redirect)) => {
                files.insert(file, redirect);
            }
            Err((message, help)) => {
                problems.push(
                    Diagnostic::problem(&settings.file, message)
                        .at(line, 0)
                        .help(help),
                );
            }
        }
    }
    (files, problems)
}

/// The file and page of the redirect from `from` to `to`, or what is wrong with it and what to
/// do. `page_files` are the book's pages' files; `made`, the redirects made before this one.
fn redirect(
    from: &str,
    to: &str,
    site: &SiteInfo<'_>,
    page_files: &BTreeMap<String, &str>,
    made: &BTreeMap<String, Redirect>,
) -> Result<(String, Redirect), (String, &'static str)> {
    let Some(file) = redirect_file(from) else {
        return Err((
            format!("the redirect from `{from}` is not an address inside the site"),
            "write the old address relative to the site's root, such as `old/page`",
        ));
    };
    if let Some(url) = page_files.get(&file) {
        return Err((
            format!("the redirect from `{from}` would replace the page at `{url}`"),
            "remove the redirect, or move the page",
        ));
    }
    if made.contains_key(&file) {
        return Err((
            format!("`{from}` is redirected twice"),
            "keep one redirect for each old address",
        ));
    }
    let Some((target, title)) = target(to, site) else {
        return Err((
            format!("the redirect from `{from}` goes to `{to}`, which is not a page in SUMMARY.md"),
            "name the new page's file relative to the book's root, such as `new-folder/page.md`",
        ));
    };
    let redirect = Redirect {
        href: href_from(&file, &target),
        title,
        canonical: site
            .base_url
            .filter(|_| !target.contains("://"))
            .map(|base| format!("{base}{}", links::encode_path(&target))),
    };
    Ok((file, redirect))
}

/// The address of `target` (site-relative, with any fragment, or another site's) from the
/// redirect page written at `file`.
fn href_from(file: &str, target: &str) -> String {
    if target.contains("://") {
        return target.to_string();
    }
    let folder = match file.rfind('/') {
        Some(i) => &file[..=i],
        None => "",
    };
    let (path, fragment) = target
        .split_once('#')
        .map_or((target, None), |(p, f)| (p, Some(f)));
    let mut href = links::relative(folder, path);
    if let Some(fragment) = fragment {
        href.push('#');
        href.push_str(&links::encode_path(fragment));
    }
    href
}

/// The output file for an old address: `old/page` is `old/page/index.html`, an address ending
/// in `.html` is that file, and a page's old file `old/page.md` is its address's file.
fn redirect_file(from: &str) -> Option<String> {
    let decoded = links::percent_decode(from.trim());
    let path = decoded.split(['#', '?']).next().unwrap_or_default();
    let path = path.trim_matches('/');
    let normal = links::normalise(Path::new(path))?;
    let normal = links::slash_path(&normal);
    if normal.is_empty() {
        return None;
    }
    let lower = normal.to_ascii_lowercase();
    Some(if lower.ends_with(".html") || lower.ends_with(".htm") {
        normal
    } else if lower.ends_with(".md") {
        links::page_file(&links::page_url(Path::new(&normal)))
    } else {
        format!("{normal}/index.html")
    })
}

/// The site-relative address (with any fragment) and title of the page `to` names.
fn target(to: &str, site: &SiteInfo<'_>) -> Option<(String, String)> {
    let to = to.trim();
    let (path, fragment) = match links::classify(Path::new(""), to) {
        LinkTarget::External if to.starts_with("http://") || to.starts_with("https://") => {
            return Some((to.to_string(), to.to_string()));
        }
        LinkTarget::Local { path, fragment } => (path, fragment),
        _ => return None,
    };
    let full = site.source.join(&path);
    let path = if full.is_dir() {
        path.join(index_file(&full)?)
    } else {
        path
    };
    let page = site.book.pages.iter().find(|p| p.source == path)?;
    let mut address = page.url.clone();
    if let Some(fragment) = fragment {
        address.push('#');
        address.push_str(&fragment);
    }
    Some((address, page.title(None)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_addresses_become_files() {
        assert_eq!(
            redirect_file("old/page").as_deref(),
            Some("old/page/index.html")
        );
        assert_eq!(
            redirect_file("/old/page/").as_deref(),
            Some("old/page/index.html")
        );
        assert_eq!(redirect_file("old.html").as_deref(), Some("old.html"));
        assert_eq!(
            redirect_file("a/README.md").as_deref(),
            Some("a/index.html")
        );
        assert_eq!(
            redirect_file("my%20page").as_deref(),
            Some("my page/index.html")
        );
        assert_eq!(redirect_file("../up"), None);
        assert_eq!(redirect_file("/"), None);
    }
}
