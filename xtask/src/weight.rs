//! `cargo xtask bench weight` and `bench search`: what a reader downloads. Page weight: each page
//! of this repository's playbook with the stylesheets and scripts it loads (static imports
//! followed; the WebAssembly module, images and lazily imported scripts left out), gzipped as a
//! static host serves them; render-blocking scripts; web fonts from other hosts. Search: the
//! index files a query fetches before its results show, on this playbook and the generated
//! 1,000-page corpus.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use flate2::Compression;
use flate2::write::GzEncoder;

use crate::run;

/// Results a search shows at once (`LIMIT` in static/search.js).
const RESULTS_SHOWN: usize = 10;

/// Builds the playbook at `source` into `out` with the release binary.
pub fn build_site(playbook: &Path, source: &Path, out: &Path) -> Result<()> {
    run::status({
        let mut c = Command::new(playbook);
        c.arg("build").arg(source).arg("--out").arg(out);
        c.stdout(std::process::Stdio::null());
        c
    })
}

/// Size in bytes once gzipped at the default level.
pub fn gzipped(bytes: &[u8]) -> usize {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory").len()
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

/// What one page loads up front.
struct PageWeight {
    page: String,
    /// (file, raw bytes, gzipped bytes), the page's HTML first.
    files: Vec<(String, usize, usize)>,
    blocking_scripts: Vec<String>,
    foreign_fonts: usize,
}

impl PageWeight {
    fn gzipped(&self) -> usize {
        self.files.iter().map(|f| f.2).sum()
    }
}

pub fn weight_bench(root: &Path, playbook: &Path) -> Result<()> {
    let site = root.join("target/bench/weight-site");
    build_site(playbook, root, &site)?;
    let mut weights = Vec::new();
    for page in html_pages(&site)? {
        weights.push(page_weight(&site, &page)?);
    }
    if weights.is_empty() {
        bail!("no pages in {}", site.display());
    }
    weights.sort_by_key(PageWeight::gzipped);
    let typical = &weights[weights.len() / 2];
    let heaviest = weights.last().expect("pages");
    println!("\n## Page weight: HTML, CSS and JavaScript loaded up front, gzipped (target: 50 KB)");
    println!(
        "command: `cargo xtask bench weight` ({} pages of this repository's playbook)",
        weights.len()
    );
    println!("| page | files | raw | gzipped |");
    println!("|---|---|---|---|");
    for (label, w) in [("typical (median)", typical), ("heaviest", heaviest)] {
        let raw: usize = w.files.iter().map(|f| f.1).sum();
        println!(
            "| {label}: `{}` | {} | {} | {} |",
            w.page,
            w.files.len(),
            kb(raw),
            kb(w.gzipped())
        );
    }
    println!("\nfiles of the heaviest page:");
    for (file, raw, gz) in &heaviest.files {
        println!("- `{file}`: {} raw, {} gzipped", kb(*raw), kb(*gz));
    }
    let blocking: BTreeSet<&String> = weights.iter().flat_map(|w| &w.blocking_scripts).collect();
    println!("\nscripts without defer/async/module (run before the first paint): {blocking:?}");
    let fonts: usize = weights.iter().map(|w| w.foreign_fonts).sum();
    println!("web font requests to other hosts: {fonts}");
    Ok(())
}

fn page_weight(site: &Path, page: &Path) -> Result<PageWeight> {
    let html = std::fs::read_to_string(page)?;
    let name = page
        .strip_prefix(site)
        .unwrap_or(page)
        .to_string_lossy()
        .into_owned();
    let dir = page.parent().unwrap_or(site);
    let mut weight = PageWeight {
        page: name.clone(),
        files: vec![(name, html.len(), gzipped(html.as_bytes()))],
        blocking_scripts: Vec::new(),
        foreign_fonts: 0,
    };
    let mut queue = linked_styles(&html, dir, &mut weight);
    queue.extend(linked_scripts(&html, dir, &mut weight));
    let mut seen = BTreeSet::new();
    while let Some(path) = queue.pop() {
        let path = normalise(&path);
        if !seen.insert(path.clone()) || !path.is_file() {
            continue;
        }
        let bytes = std::fs::read(&path)?;
        let text = String::from_utf8_lossy(&bytes);
        if path.extension().is_some_and(|x| x == "css") {
            weight.foreign_fonts +=
                text.matches("url(http").count() + text.matches("url(\"http").count();
        }
        if path.extension().is_some_and(|x| x == "js") {
            for import in static_imports(&text) {
                if !is_foreign(&import) {
                    queue.push(path.parent().unwrap_or(site).join(strip_query(&import)));
                }
            }
        }
        let shown = path
            .strip_prefix(site)
            .unwrap_or(&path)
            .to_string_lossy()
            .into_owned();
        weight.files.push((shown, bytes.len(), gzipped(&bytes)));
    }
    Ok(weight)
}

/// The stylesheets and preloaded modules the page's `<link>`s load from the site; fonts from
/// other hosts are counted.
fn linked_styles(html: &str, dir: &Path, weight: &mut PageWeight) -> Vec<PathBuf> {
    let mut queue = Vec::new();
    for tag in tags(html, "link") {
        let rel = attribute(tag, "rel").unwrap_or_default();
        let Some(href) = attribute(tag, "href") else {
            continue;
        };
        if is_foreign(&href) {
            if rel.contains("stylesheet") || rel.contains("preload") {
                weight.foreign_fonts += usize::from(href.contains("font"));
            }
            continue;
        }
        if rel
            .split_whitespace()
            .any(|r| r == "stylesheet" || r == "modulepreload")
        {
            queue.push(dir.join(strip_query(&href)));
        }
    }
    queue
}

/// The scripts the page loads from the site; those in `<head>` that hold up rendering are
/// noted.
fn linked_scripts(html: &str, dir: &Path, weight: &mut PageWeight) -> Vec<PathBuf> {
    let mut queue = Vec::new();
    let head = html.split("</head>").next().unwrap_or_default();
    for tag in tags(html, "script") {
        let Some(src) = attribute(tag, "src") else {
            continue;
        };
        let module = attribute(tag, "type").is_some_and(|t| t == "module");
        let deferred = has_attribute(tag, "defer") || has_attribute(tag, "async");
        if !module && !deferred && head.contains(tag) {
            weight.blocking_scripts.push(file_name(&src));
        }
        if !is_foreign(&src) {
            queue.push(dir.join(strip_query(&src)));
        }
    }
    queue
}

/// The `index.html` files of a built site, theme files and redirects left out.
fn html_pages(site: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![site.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).with_context(|| dir.display().to_string())? {
            let path = entry?.path();
            if path.is_dir() {
                if !path.ends_with("_playbook") {
                    stack.push(path);
                }
            } else if path.file_name().is_some_and(|n| n == "index.html") {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The opening tags named `name` in `html`.
fn tags<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name} ");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        let tag = &rest[start..];
        let end = tag.find('>').map_or(tag.len(), |e| e + 1);
        out.push(&tag[..end]);
        rest = &tag[end..];
    }
    out
}

/// An attribute's value, entities decoded (tera escapes `/` as `&#x2F;`).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(
        tag[start..end]
            .replace("&#x2F;", "/")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&"),
    )
}

fn has_attribute(tag: &str, name: &str) -> bool {
    tag.split(|c: char| c.is_whitespace() || c == '>')
        .any(|part| part == name || part.starts_with(&format!("{name}=")))
}

fn is_foreign(url: &str) -> bool {
    url.starts_with("http:") || url.starts_with("https:") || url.starts_with("//")
}

fn strip_query(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

fn file_name(url: &str) -> String {
    strip_query(url)
        .rsplit('/')
        .next()
        .unwrap_or(url)
        .to_string()
}

fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The modules a script imports statically (`import x from "./a.js"`, `import "./b.js"`,
/// `export * from "./c.js"`); `import("./d.js")` loads lazily and is left out.
fn static_imports(js: &str) -> Vec<String> {
    let mut out = Vec::new();
    for keyword in ["from", "import"] {
        let mut rest = js;
        while let Some(at) = rest.find(keyword) {
            let after = rest[at + keyword.len()..].trim_start();
            let preceded = rest[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric() && c != '_' && c != '.');
            if preceded
                && let Some(quote @ ('"' | '\'')) = after.chars().next()
                && let Some(end) = after[1..].find(quote)
            {
                out.push(after[1..1 + end].to_string());
            }
            rest = &rest[at + keyword.len()..];
        }
    }
    out
}

pub fn search_bench(root: &Path, playbook: &Path, corpus: &Path) -> Result<()> {
    println!("\n## Search index: downloaded before a query's results show");
    println!(
        "command: `cargo xtask bench search`. Worst case for any query: index.json; for each \
         word, the largest term shard twice (the word's, then its correction's when it was \
         mistyped) and the three largest typo files; the {RESULTS_SHOWN} largest document \
         shards (each result shown needs its shard). The scripts (search.js and \
         search-index.js) load once, when the search opens. Targets: 100 KB for this playbook \
         and for a one-word query on the 1,000-page corpus, 1 MB for any query on the corpus."
    );
    let own = root.join("target/bench/search-site");
    build_site(playbook, root, &own)?;
    let generated = root.join("target/bench/search-corpus-site");
    build_site(playbook, corpus, &generated)?;
    println!(
        "| site | pages | index files | whole index | 1-word query | 3-word query | scripts |"
    );
    println!("|---|---|---|---|---|---|---|");
    for (label, site) in [("this playbook", &own), ("generated corpus", &generated)] {
        let pages = html_pages(site)?.len();
        let sizes = index_sizes(site)?;
        let mut script = std::fs::read(site.join("_playbook/search.js"))?;
        script.extend(std::fs::read(site.join("_playbook/search-index.js"))?);
        println!(
            "| {label} | {pages} | {} | {} | {} | {} | {} |",
            sizes.files,
            pair(sizes.total),
            pair(sizes.query(1)),
            pair(sizes.query(3)),
            pair((script.len(), gzipped(&script))),
        );
    }
    Ok(())
}

fn pair((raw, gz): (usize, usize)) -> String {
    format!("{} ({} gzipped)", kb(raw), kb(gz))
}

/// Sizes of a site's search index files, (raw, gzipped).
struct IndexSizes {
    files: usize,
    total: (usize, usize),
    meta: (usize, usize),
    largest_term_shard: (usize, usize),
    /// The typo files, largest first.
    typo_shards: Vec<(usize, usize)>,
    /// The largest document shards, largest first.
    doc_shards: Vec<(usize, usize)>,
}

impl IndexSizes {
    /// At most what a query of `words` words fetches before its results show.
    fn query(&self, words: usize) -> (usize, usize) {
        let docs = self.doc_shards.iter().take(RESULTS_SHOWN);
        let typos = self.typo_shards.iter().take(3);
        let word = |size: fn(&(usize, usize)) -> usize| {
            2 * size(&self.largest_term_shard) + typos.clone().map(size).sum::<usize>()
        };
        let raw = self.meta.0 + words * word(|s| s.0) + docs.clone().map(|d| d.0).sum::<usize>();
        let gz = self.meta.1 + words * word(|s| s.1) + docs.map(|d| d.1).sum::<usize>();
        (raw, gz)
    }
}

fn index_sizes(site: &Path) -> Result<IndexSizes> {
    let dir = site.join("_playbook/search");
    let mut sizes = IndexSizes {
        files: 0,
        total: (0, 0),
        meta: (0, 0),
        largest_term_shard: (0, 0),
        typo_shards: Vec::new(),
        doc_shards: Vec::new(),
    };
    for entry in std::fs::read_dir(&dir).with_context(|| dir.display().to_string())? {
        let path = entry?.path();
        let bytes = std::fs::read(&path)?;
        let size = (bytes.len(), gzipped(&bytes));
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        sizes.files += 1;
        sizes.total = (sizes.total.0 + size.0, sizes.total.1 + size.1);
        if name == "index.json" {
            sizes.meta = size;
        } else if name.starts_with("t-") {
            sizes.largest_term_shard = sizes.largest_term_shard.max(size);
        } else if name.starts_with("f-") {
            sizes.typo_shards.push(size);
        } else {
            sizes.doc_shards.push(size);
        }
    }
    sizes.doc_shards.sort_unstable_by(|a, b| b.cmp(a));
    sizes.typo_shards.sort_unstable_by(|a, b| b.cmp(a));
    Ok(sizes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_imports_are_found_and_dynamic_ones_left_out() {
        let js = "import init, { a } from \"./models.js\";\nimport './side.js';\nconst m = import(\"./search.js\");\nexport * from './more.js';\nconst from = 1;";
        assert_eq!(
            static_imports(js),
            ["./models.js", "./more.js", "./side.js"]
        );
    }

    #[test]
    fn tags_and_attributes() {
        let html = "<head><script src=\"..&#x2F;a.js?v=1\"></script><script type=\"module\" src=\"b.js\"></script></head>";
        let scripts = tags(html, "script");
        assert_eq!(attribute(scripts[0], "src").as_deref(), Some("../a.js?v=1"));
        assert!(!has_attribute(scripts[0], "defer"));
        assert_eq!(attribute(scripts[1], "type").as_deref(), Some("module"));
        assert_eq!(file_name("../a.js?v=1"), "a.js");
    }
}
