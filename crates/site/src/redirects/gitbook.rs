//! `.gitbook.yaml`'s redirects: each old address (site-relative) to the file of the page it
//! moved to (relative to the book's root), or to another site's address.

use std::path::Path;

use playbook_book::diagnostics::Diagnostic;
use playbook_book::gitbook_yaml::GitBookYaml;
use playbook_book::index_file;
use playbook_book::links::{self, LinkTarget};

use super::{Made, SiteInfo, page_address};

/// Adds `settings`' redirects to `made`, and the problems of those that cannot be made.
pub(super) fn add(settings: &GitBookYaml, site: &SiteInfo<'_>, made: &mut Made<'_>) {
    for (from, to) in &settings.redirects {
        if let Err((message, help)) = made.add(from, to, target(to, site), site) {
            let line = settings.redirect_lines.get(from).copied().unwrap_or(0);
            made.problems.push(
                Diagnostic::problem(&settings.file, message)
                    .at(line, 0)
                    .help(help),
            );
        }
    }
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
    page_address(site, &path, fragment)
}
