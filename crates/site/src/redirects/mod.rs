//! Old addresses as pages: each gets a small page (the theme's `redirect.html`) that forwards to
//! the page's new address with `<meta http-equiv="refresh">` and a plain link (no script), both
//! relative, so old links keep working under any base path. The redirects are `.gitbook.yaml`'s
//! ([`gitbook`]) and, for an mdBook book, `book.toml`'s and every page's old `.html` address
//! ([`mdbook`]). This module works out each redirect's file, address and title, and what is
//! wrong with those that cannot be made.

mod gitbook;
mod mdbook;

use std::collections::BTreeMap;
use std::path::Path;

use playbook_book::Book;
use playbook_book::config::Project;
use playbook_book::diagnostics::Diagnostic;
use playbook_book::links;

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

/// The redirect pages of `project` (none for a book without old addresses), by output file,
/// and the problems with redirects that cannot be made.
pub fn for_project(project: &Project, book: &Book, base_url: Option<&str>) -> Redirects {
    let site = SiteInfo {
        book,
        source: &project.source,
        base_url,
    };
    let mut made = Made::new(book);
    if let Some(settings) = &project.gitbook {
        gitbook::add(settings, &site, &mut made);
    }
    if let Some(settings) = &project.mdbook {
        mdbook::add(settings, &site, &mut made);
    }
    (made.files, made.problems)
}

/// The redirects made so far, with the book's pages' files they must not replace.
struct Made<'b> {
    files: BTreeMap<String, Redirect>,
    problems: Vec<Diagnostic>,
    /// Each page's output file to its address.
    page_files: BTreeMap<String, &'b str>,
}

impl<'b> Made<'b> {
    fn new(book: &'b Book) -> Self {
        Self {
            files: BTreeMap::new(),
            problems: Vec::new(),
            page_files: book
                .pages
                .iter()
                .map(|p| (links::page_file(&p.url), p.url.as_str()))
                .collect(),
        }
    }

    /// Adds the redirect from `from` to `target` (its site-relative address and title, `None`
    /// when `to` names no page), or says what is wrong with it and what to do.
    fn add(
        &mut self,
        from: &str,
        to: &str,
        target: Option<(String, String)>,
        site: &SiteInfo<'_>,
    ) -> Result<(), (String, &'static str)> {
        let Some(file) = redirect_file(from) else {
            return Err((
                format!("the redirect from `{from}` is not an address inside the site"),
                "write the old address relative to the site's root, such as `old/page`",
            ));
        };
        if let Some(url) = self.page_files.get(&file) {
            return Err((
                format!("the redirect from `{from}` would replace the page at `{url}`"),
                "remove the redirect, or move the page",
            ));
        }
        if self.files.contains_key(&file) {
            return Err((
                format!("`{from}` is redirected twice"),
                "keep one redirect for each old address",
            ));
        }
        let Some((target, title)) = target else {
            return Err((
                format!(
                    "the redirect from `{from}` goes to `{to}`, which is not a page in SUMMARY.md"
                ),
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
        self.files.insert(file, redirect);
        Ok(())
    }
}

/// The site-relative address (with `fragment`) and title of the page at `path`, or `to` itself
/// when it is another site's address.
fn page_address(
    site: &SiteInfo<'_>,
    path: &Path,
    fragment: Option<String>,
) -> Option<(String, String)> {
    let page = site.book.pages.iter().find(|p| p.source == path)?;
    let mut address = page.url.clone();
    if let Some(fragment) = fragment {
        address.push('#');
        address.push_str(&fragment);
    }
    Some((address, page.title(None)))
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
