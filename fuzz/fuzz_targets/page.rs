//! The markdown-to-HTML pipeline: a page (front matter, markdown, GitBook tags, calculator
//! blocks) rendered into the whole site in memory, through the default theme.
//!
//! Asserts: no panic; the site builds or fails with diagnostics whose lines lie in the page;
//! every text file of the site is valid UTF-8 and holds no raw `{%`.

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use libfuzzer_sys::fuzz_target;
use playbook_book::config::Project;
use playbook_book::diagnostics::Diagnostics;
use playbook_site::output::Sink;
use playbook_site::{BuildOptions, Loaded};

/// A small playbook on disk, read once: the fuzzed page is its home page.
fn loaded() -> &'static Mutex<Loaded> {
    static LOADED: OnceLock<Mutex<Loaded>> = OnceLock::new();
    LOADED.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("playbook-fuzz-page-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let files: &[(&str, &str)] = &[
            (
                "SUMMARY.md",
                "# Summary\n\n- [Home](README.md)\n- [Other](other.md)\n  - [Guide](guide/README.md)\n",
            ),
            ("README.md", "# Home\n"),
            ("other.md", "# Other\n\n## Part {#part}\n"),
            ("guide/README.md", "# Guide\n"),
            ("guide/chart.png", "png"),
        ];
        for (path, text) in files {
            let full = dir.join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        }
        let project = Project::locate(&dir).expect("the fuzz playbook");
        let mut diagnostics = Diagnostics::default();
        let loaded = Loaded::read(
            project,
            &BuildOptions::default(),
            &dir.join("public"),
            &mut diagnostics,
        )
        .expect("the default theme loads");
        Mutex::new(loaded)
    })
}

/// Checks each file as the build writes it; skips the theme's own static files.
struct Checked {
    files: usize,
}

impl Sink for Checked {
    fn file(&mut self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.files += 1;
        let is_static = path.starts_with("_playbook/") && !path.ends_with(".html");
        if is_static {
            return Ok(());
        }
        let text =
            std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{path} is not UTF-8: {e}"));
        if let Some(at) = text.find("{%") {
            let from = text.floor_char_boundary(at.saturating_sub(80));
            let to = text.ceil_char_boundary((at + 80).min(text.len()));
            panic!("raw `{{%` in {path}: …{}…", &text[from..to]);
        }
        Ok(())
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut loaded = loaded().lock().unwrap_or_else(|e| e.into_inner());
    let split = match playbook_book::frontmatter::split(&text) {
        Ok(split) => (split.front_matter, split.body_offset),
        // The front matter's own target covers its errors; render the rest as a body.
        Err(_) => (Default::default(), 0),
    };
    {
        let page = &mut loaded.book.pages[0];
        page.front_matter = split.0;
        page.body_offset = split.1;
        page.text = text.clone();
    }
    let lines = text.lines().count() + 1;
    let mut sink = Checked { files: 0 };
    match loaded.generate(&mut sink, Diagnostics::default()) {
        Ok(_) => assert!(sink.files > 0),
        Err(failure) => {
            assert!(
                failure.errors().next().is_some(),
                "a failure names an error"
            );
            for d in &failure.diagnostics {
                if d.file == Path::new("README.md") {
                    assert!(d.line <= lines, "line {} of {lines}: {d}", d.line);
                } else {
                    // Only the page changes, so only the page can be wrong... or a link to it.
                    assert!(d.file == PathBuf::from("other.md") || !d.is_error(), "{d}");
                }
            }
        }
    }
});
