//! An mdBook book's old addresses: mdBook publishes `a/b.md` at `a/b.html` (and `a/README.md`
//! at `a/index.html`), so every page gets a redirect from there to its address here, and
//! `book.toml`'s `[output.html.redirect]` sends an old address to a new one written the same
//! way, relative to the old page (`"/old.html" = "new.html#part"`); mdBook's `print.html` goes to
//! the print page.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use playbook_book::diagnostics::Diagnostic;
use playbook_book::links::{self, LinkTarget};
use playbook_book::mdbook::{self, MdBook};

use super::{Made, SiteInfo, page_address};
use crate::print::{PRINT_FILE, has_print_page};

/// Adds `settings`' redirects, then one from each page's mdBook address, to `made`.
pub(super) fn add(settings: &MdBook, site: &SiteInfo<'_>, made: &mut Made<'_>) {
    let pages_by_file: BTreeMap<String, &Path> = site
        .book
        .pages
        .iter()
        .map(|p| (mdbook_file(&p.source), p.source.as_path()))
        .collect();
    for redirect in &settings.redirects {
        let target = target(&redirect.from, &redirect.to, &pages_by_file, site);
        if let Err((message, help)) = made.add(&redirect.from, &redirect.to, target, site) {
            made.problems.push(
                Diagnostic::problem(mdbook::FILE, message)
                    .at(redirect.line, 0)
                    .help(help),
            );
        }
    }
    for (file, source) in &pages_by_file {
        // The old address is already a page (a folder's `index.html`) or redirected.
        if made.page_files.contains_key(file) || made.files.contains_key(file) {
            continue;
        }
        // Every page has an address, so this cannot fail.
        let _ = made.add(file, file, page_address(site, source, None), site);
    }
    // mdBook's whole book on one page, when the book has one (and nothing else is there).
    let print_page_taken = made.page_files.contains_key(MDBOOK_PRINT_FILE)
        || made.files.contains_key(MDBOOK_PRINT_FILE);
    if has_print_page(site.book) && !print_page_taken {
        let target = Some((
            PRINT_FILE.to_string(),
            "The whole book on one page".to_string(),
        ));
        let _ = made.add(MDBOOK_PRINT_FILE, MDBOOK_PRINT_FILE, target, site);
    }
}

/// Where mdBook publishes the whole book on one page.
const MDBOOK_PRINT_FILE: &str = "print.html";

/// The file mdBook writes the page at `source` to.
fn mdbook_file(source: &Path) -> String {
    let path = links::slash_path(source);
    let stem = path.strip_suffix(".md").unwrap_or(&path);
    let (folder, name) = stem.rsplit_once('/').map_or(("", stem), |(f, n)| (f, n));
    let name = match name {
        "README" | "readme" | "index" => "index",
        name => name,
    };
    if folder.is_empty() {
        format!("{name}.html")
    } else {
        format!("{folder}/{name}.html")
    }
}

/// The address and title of the page `to` names, relative to the old address `from` as mdBook
/// reads it: another site's address as it is.
fn target(
    from: &str,
    to: &str,
    pages_by_file: &BTreeMap<String, &Path>,
    site: &SiteInfo<'_>,
) -> Option<(String, String)> {
    let to = to.trim();
    let from = from.trim().trim_start_matches('/');
    let (path, fragment) = match links::classify(Path::new(from), to) {
        LinkTarget::External if to.starts_with("http://") || to.starts_with("https://") => {
            return Some((to.to_string(), to.to_string()));
        }
        LinkTarget::Local { path, fragment } => (path, fragment),
        _ => return None,
    };
    let file = links::slash_path(&path);
    let source: PathBuf = match pages_by_file.get(&file) {
        Some(source) => source.to_path_buf(),
        None => path,
    };
    page_address(site, &source, fragment)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_have_mdbooks_file_names() {
        assert_eq!(mdbook_file(Path::new("intro.md")), "intro.html");
        assert_eq!(mdbook_file(Path::new("a/b.md")), "a/b.html");
        assert_eq!(mdbook_file(Path::new("a/README.md")), "a/index.html");
        assert_eq!(mdbook_file(Path::new("README.md")), "index.html");
    }
}
