//! A table of contents made from the folders, for a GitBook repository without a summary file,
//! as GitBook makes one: in each folder its `README.md` first (the folder's own page), then its
//! pages and folders by name, a folder's pages nested under it; a folder without a `README.md`
//! is a group label. Titles are each page's first `#` heading, else its file name. The result is
//! the text of a `SUMMARY.md`, read like any other.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use super::ignored::BookIgnore;
use super::{Exclusions, index_file};
use crate::summary::MAX_NESTING;

/// The `SUMMARY.md` text listing the pages under `source`, leaving out hidden entries,
/// `node_modules`, the excluded folders, what `.bookignore` ignores and `summary` itself.
pub fn summary_from_folders(source: &Path, summary: &Path, exclusions: &Exclusions) -> String {
    let walk = Walk {
        source,
        real_source: source.canonicalize().ok(),
        summary: &source.join(summary),
        exclusions,
        ignored: BookIgnore::read(source),
    };
    let mut out = String::from("# Summary\n\n");
    walk.folder(source, 0, &mut out);
    out
}

struct Walk<'a> {
    source: &'a Path,
    /// `source` with its links resolved: only files inside it are read for their titles.
    real_source: Option<PathBuf>,
    summary: &'a Path,
    exclusions: &'a Exclusions,
    ignored: BookIgnore,
}

impl Walk<'_> {
    /// Lists `folder`'s pages at `depth`: its README (at the top level; a sub-folder's README is
    /// its entry, written by the caller), then its other pages and folders by name.
    fn folder(&self, folder: &Path, depth: usize, out: &mut String) {
        let (pages, folders) = self.entries(folder);
        if depth == 0
            && let Some(readme) = index_file(folder)
        {
            self.entry(&folder.join(readme), depth, out);
        }
        let mut all: Vec<(String, bool)> = pages
            .into_iter()
            .map(|name| (name, false))
            .chain(folders.into_iter().map(|name| (name, true)))
            .collect();
        all.sort();
        for (name, is_folder) in all {
            let path = folder.join(&name);
            if !is_folder {
                self.entry(&path, depth, out);
            } else if depth + 1 < MAX_NESTING {
                self.subfolder(&path, &name, depth, out);
            }
        }
    }

    /// A sub-folder: its README as its entry (or its name as a group label), its pages under it.
    fn subfolder(&self, path: &Path, name: &str, depth: usize, out: &mut String) {
        let mut nested = String::new();
        self.folder(path, depth + 1, &mut nested);
        match index_file(path) {
            Some(readme) => self.entry(&path.join(readme), depth, out),
            // A group without pages is left out.
            None if nested.is_empty() => return,
            None => {
                out.push_str(&"  ".repeat(depth));
                out.push_str("- ");
                out.push_str(&escaped(name));
                out.push('\n');
            }
        }
        out.push_str(&nested);
    }

    /// The markdown pages (the folder's own page, its README, left out: it is the folder's
    /// entry) and the sub-folders of `folder`.
    fn entries(&self, folder: &Path) -> (Vec<String>, Vec<String>) {
        let (mut pages, mut folders) = (Vec::new(), Vec::new());
        let own_page = index_file(folder);
        let Ok(read) = std::fs::read_dir(folder) else {
            return (pages, folders);
        };
        for entry in read.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let left_out = name.starts_with('.')
                || name == "node_modules"
                || self.exclusions.excludes(&path)
                || self.ignored.ignores(&path, kind.is_dir());
            if left_out {
                continue;
            }
            if kind.is_dir() {
                folders.push(name);
            } else if kind.is_file()
                && is_markdown(&name)
                && path != self.summary
                && own_page != Some(name.as_str())
            {
                pages.push(name);
            }
        }
        (pages, folders)
    }

    fn entry(&self, path: &Path, depth: usize, out: &mut String) {
        let relative = path.strip_prefix(self.source).unwrap_or(path);
        let link = crate::links::slash_path(relative);
        out.push_str(&"  ".repeat(depth));
        out.push_str(&format!(
            "- [{}](<{link}>)\n",
            escaped(&title_of(self.real_source.as_deref(), path))
        ));
    }
}

/// The page's first `#` heading within its first lines; none for a file that, links resolved,
/// lies outside `real_source` (the source folder, links resolved), which is never read.
pub(super) fn first_heading(real_source: Option<&Path>, path: &Path) -> Option<String> {
    let real = super::real_path_inside(real_source?, path)?;
    std::fs::File::open(real).ok().and_then(|file| {
        std::io::BufReader::new(file)
            .lines()
            .take(50)
            .map_while(Result::ok)
            .find_map(|line| {
                let title = line.strip_prefix("# ")?.trim();
                (!title.is_empty()).then(|| title.to_string())
            })
    })
}

/// The page's first `#` heading, else its file name as words.
fn title_of(real_source: Option<&Path>, path: &Path) -> String {
    first_heading(real_source, path).unwrap_or_else(|| {
        let stem = path.file_stem().unwrap_or_default().to_string_lossy();
        let stem = if is_readme(&format!("{stem}.md")) {
            path.parent()
                .and_then(Path::file_name)
                .map_or(stem.clone(), |name| name.to_string_lossy())
        } else {
            stem
        };
        let words = stem.replace(['-', '_'], " ");
        let mut chars = words.chars();
        chars.next().map_or_else(String::new, |first| {
            first.to_uppercase().chain(chars).collect()
        })
    })
}

fn is_readme(name: &str) -> bool {
    name.eq_ignore_ascii_case("README.md")
}

fn is_markdown(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

/// Link text with the characters markdown would read as syntax escaped.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '[' | ']' | '\\' | '*' | '_' | '`' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::write;
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_readme_linked_from_outside_the_source_is_not_read_for_its_title() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "guide/a.md",
            "# A
",
        );
        let _outside = super::super::tests::linked_from_outside(
            dir.path(),
            "guide/README.md",
            "# Secret
",
        );
        let text =
            summary_from_folders(dir.path(), Path::new("SUMMARY.md"), &Exclusions::default());
        assert!(!text.contains("Secret"), "{text}");
        assert!(text.contains("[Guide](<guide/README.md>)"), "{text}");
    }

    #[test]
    fn readme_first_then_pages_and_folders_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "README.md", "# Welcome\n");
        write(root, "zeta.md", "No heading here.\n");
        write(root, "alpha.md", "+++\n+++\n# Alpha [draft]\n");
        write(root, "guide/README.md", "# The guide\n");
        write(root, "guide/on-call_rota.md", "text\n");
        write(root, "notes/idea.md", "# Idea\n");
        write(root, "drafts/x.md", "# X\n");
        write(root, "empty/picture.png", "png");
        write(root, ".bookignore", "drafts/\n");
        write(root, ".hidden/h.md", "# H\n");
        let text = summary_from_folders(root, Path::new("SUMMARY.md"), &Exclusions::default());
        assert_eq!(
            text,
            "# Summary\n\n\
             - [Welcome](<README.md>)\n\
             - [Alpha \\[draft\\]](<alpha.md>)\n\
             - [The guide](<guide/README.md>)\n  \
               - [On call rota](<guide/on-call_rota.md>)\n\
             - notes\n  \
               - [Idea](<notes/idea.md>)\n\
             - [Zeta](<zeta.md>)\n"
        );
    }
}
