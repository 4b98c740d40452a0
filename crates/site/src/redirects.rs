//! `.gitbook.yaml`'s redirects as pages: each old address gets a small HTML page that forwards
//! to the page's new address with `<meta http-equiv="refresh">` and a plain link (no script),
//! both relative, so old links keep working under any base path.

use std::collections::BTreeMap;
use std::path::Path;

use playbook_book::config::Project;
use playbook_book::diagnostics::Diagnostic;
use playbook_book::gitbook_yaml::{FILE, GitBookYaml};
use playbook_book::links::{self, LinkTarget};
use playbook_book::{Book, index_file};
use playbook_markdown::escape;

/// What a redirect page needs to know about the site.
pub struct SiteInfo<'a> {
    pub book: &'a Book,
    /// The source folder on disk (the `.gitbook.yaml` root).
    pub source: &'a Path,
    /// `<html lang>`.
    pub language: &'a str,
    /// The published address with a trailing slash, for the canonical link.
    pub base_url: Option<&'a str>,
}

/// The redirect pages of `project`'s `.gitbook.yaml` (none without one), by output file, and
/// the problems with redirects that cannot be made.
pub fn for_project(
    project: &Project,
    book: &Book,
    base_url: Option<&str>,
) -> (BTreeMap<String, String>, Vec<Diagnostic>) {
    let Some(settings) = &project.gitbook else {
        return (BTreeMap::new(), Vec::new());
    };
    let site = SiteInfo {
        book,
        source: &project.source,
        language: project.config.language.as_deref().unwrap_or("en"),
        base_url,
    };
    pages(settings, &site)
}

/// The redirect pages, by output file, and the problems with redirects that cannot be made.
pub fn pages(
    settings: &GitBookYaml,
    site: &SiteInfo<'_>,
) -> (BTreeMap<String, String>, Vec<Diagnostic>) {
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
        let error =
            |message: String, help: &str| Diagnostic::error(FILE, message).at(line, 0).help(help);
        let Some(file) = redirect_file(from) else {
            problems.push(error(
                format!("the redirect from `{from}` is not an address inside the site"),
                "write the old address relative to the site's root, such as `old/page`",
            ));
            continue;
        };
        if let Some(url) = page_files.get(&file) {
            problems.push(error(
                format!("the redirect from `{from}` would replace the page at `{url}`"),
                "remove the redirect, or move the page",
            ));
            continue;
        }
        if files.contains_key(&file) {
            problems.push(error(
                format!("`{from}` is redirected twice"),
                "keep one redirect for each old address",
            ));
            continue;
        }
        let Some((target, title)) = target(to, site) else {
            problems.push(error(
                format!("the redirect from `{from}` goes to `{to}`, which is not a page in SUMMARY.md"),
                "name the new page's file relative to the book's root, such as `new-folder/page.md`",
            ));
            continue;
        };
        let folder = match file.rfind('/') {
            Some(i) => &file[..=i],
            None => "",
        };
        let href = if target.contains("://") {
            target.clone()
        } else {
            let (path, fragment) = target
                .split_once('#')
                .map_or((target.as_str(), None), |(p, f)| (p, Some(f)));
            let mut href = links::relative(folder, path);
            if let Some(fragment) = fragment {
                href.push('#');
                href.push_str(&links::encode_path(fragment));
            }
            href
        };
        let canonical = site
            .base_url
            .filter(|_| !target.contains("://"))
            .map(|base| format!("{base}{}", links::encode_path(&target)));
        files.insert(
            file,
            page(&href, &title, site.language, canonical.as_deref()),
        );
    }
    (files, problems)
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
    let title = if page.summary_title.is_empty() {
        page.source.display().to_string()
    } else {
        page.summary_title.clone()
    };
    Some((address, title))
}

fn page(href: &str, title: &str, language: &str, canonical: Option<&str>) -> String {
    let mut html = String::from("<!doctype html>\n<html lang=\"");
    escape::text(&mut html, language);
    html.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n<title>Moved: ");
    escape::text(&mut html, title);
    html.push_str("</title>\n<meta http-equiv=\"refresh\" content=\"0; url=");
    escape::text(&mut html, href);
    html.push_str("\">\n<meta name=\"robots\" content=\"noindex\">\n");
    if let Some(canonical) = canonical {
        html.push_str("<link rel=\"canonical\" href=\"");
        escape::text(&mut html, canonical);
        html.push_str("\">\n");
    }
    html.push_str("</head>\n<body>\n<p>This page has moved to <a href=\"");
    escape::text(&mut html, href);
    html.push_str("\">");
    escape::text(&mut html, title);
    html.push_str("</a>.</p>\n</body>\n</html>\n");
    html
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

    #[test]
    fn the_page_forwards_without_script() {
        let html = page("../../new/page/#a", "New <page>", "en", None);
        assert!(
            html.contains("<meta http-equiv=\"refresh\" content=\"0; url=../../new/page/#a\">")
        );
        assert!(html.contains("<a href=\"../../new/page/#a\">New &lt;page&gt;</a>"));
        assert!(!html.contains("<script"));
    }
}
