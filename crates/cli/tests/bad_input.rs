//! The bad-input corpus (issue 9): every mistake an editor makes, each a test. A case starts
//! from `tests/fixtures/bad/base`, builds it once (the "previous output"), then lays the case's
//! files from `tests/fixtures/bad/CASE` over it (or makes them: large, deep and linked files are
//! generated here, never committed) and runs `playbook build` again with a time limit.
//!
//! A mistake must give a clear error (file, line where there is one, and what to do), a non-zero
//! exit, no panic, and leave the previous output and every source file as they were. Input that
//! is odd but not wrong (an empty page, deep nesting within the limits) must build.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use common::{copy_dir, files_except};

/// Longer than any case takes on a slow machine with a debug build: past it, the build hangs.
const TIME_LIMIT: Duration = Duration::from_secs(120);

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("playbook-bad-input-{}-{name}", std::process::id()));
    if dir.exists() {
        make_writable(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
    }
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn make_writable(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if entry.file_type().is_dir() {
            let _ = std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(0o755));
        }
    }
}

/// Runs `playbook ARGS`, killing it if it outlives [`TIME_LIMIT`].
fn playbook(args: &[&str]) -> (ExitStatus, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_playbook"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the playbook binary runs");
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut stderr, &mut text).unwrap();
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("playbook {args:?} hung: killed after {TIME_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    (status, reader.join().unwrap())
}

/// One case: the playbook after the mistake, and what the build made of it.
struct Run {
    root: PathBuf,
    status: ExitStatus,
    stderr: String,
    output_before: BTreeMap<String, Vec<u8>>,
    output_after: BTreeMap<String, Vec<u8>>,
    sources_before: BTreeMap<String, Vec<u8>>,
    sources_after: BTreeMap<String, Vec<u8>>,
}

impl Run {
    /// Builds the base playbook, lays the fixture `case` over it (when there is one), lets
    /// `change` make what is generated, and builds again with `args` after the folder (`{root}`
    /// in them stands for the playbook's folder).
    fn new(case: &str, change: impl FnOnce(&Path), args: &[&str]) -> Self {
        let dir = temp_dir(case);
        let root = dir.join("playbook");
        copy_dir(&fixtures().join("base"), &root);
        let output = root.join("public");
        let root_arg = root.to_str().unwrap();
        let (status, stderr) = playbook(&["build", root_arg]);
        assert!(status.success(), "the base playbook builds: {stderr}");
        let output_before = files_except(&output, None);
        assert!(output_before.contains_key("a/index.html"));
        let overlay = fixtures().join(case);
        if overlay.is_dir() {
            copy_dir(&overlay, &root);
        }
        change(&root);
        let sources_before = files_except(&root, Some(&output));
        let args: Vec<String> = args.iter().map(|a| a.replace("{root}", root_arg)).collect();
        let mut full_args = vec!["build", root_arg];
        full_args.extend(args.iter().map(String::as_str));
        let (status, stderr) = playbook(&full_args);
        Self {
            output_after: files_except(&output, None),
            sources_after: files_except(&root, Some(&output)),
            root,
            status,
            stderr,
            output_before,
            sources_before,
        }
    }

    fn no_panic(&self) {
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        assert!(!self.stderr.contains("overflow"), "{}", self.stderr);
        assert!(
            self.status.code().is_some(),
            "killed by a signal: {:?}\n{}",
            self.status,
            self.stderr
        );
    }

    /// The build failed with an error at `location` (`file:line:column`, `file:line` or `file`;
    /// empty for any) whose message holds `message`, with help; nothing was written or changed.
    fn refused(&self, location: &str, message: &str) -> &Self {
        self.no_panic();
        assert_eq!(self.status.code(), Some(1), "{}", self.stderr);
        // An empty location: a path of the machine's, any will do.
        let prefix = match location {
            "" => "error: ".to_string(),
            location => format!("error: {location}: "),
        };
        // A diagnostic is its first line and the indented lines after it.
        let lines: Vec<&str> = self.stderr.lines().collect();
        let found = lines.iter().enumerate().any(|(at, first)| {
            let rest = lines[at + 1..].iter().take_while(|l| l.starts_with("  "));
            let block: Vec<&str> = std::iter::once(*first).chain(rest.copied()).collect();
            first.starts_with(&prefix) && block.join("\n").contains(message)
        });
        assert!(found, "no `{prefix}…{message}…`:\n{}", self.stderr);
        assert!(self.stderr.contains("\n  help: "), "{}", self.stderr);
        assert!(
            self.stderr
                .contains("found; the previous output was left as it was"),
            "{}",
            self.stderr
        );
        assert!(
            self.output_after == self.output_before,
            "the previous output changed"
        );
        self.sources_unchanged();
        self
    }

    /// The site was published: the build succeeded with a warning at `location` whose message
    /// holds `message`, counted in the closing line, and wrote the new site; no source changed.
    fn published(&self, location: &str, message: &str) -> &Self {
        self.no_panic();
        assert_eq!(self.status.code(), Some(0), "{}", self.stderr);
        let prefix = format!("warning: {location}: ");
        assert!(
            self.stderr
                .lines()
                .any(|l| l.starts_with(&prefix) && l.contains(message)),
            "no `{prefix}…{message}…`:\n{}",
            self.stderr
        );
        assert!(
            self.stderr.contains("run `playbook check` for the list"),
            "{}",
            self.stderr
        );
        assert!(
            self.output_after != self.output_before,
            "the new site was not written"
        );
        self.sources_unchanged();
        self
    }

    /// `playbook check` finds the same mistake, in memory.
    fn checked(&self, location: &str) {
        let output = Command::new(env!("CARGO_BIN_EXE_playbook"))
            .args(["check", self.root.to_str().unwrap()])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(1), "{text}");
        assert!(text.contains(&format!("{location}: ")), "{text}");
        assert!(!text.contains("panicked"), "{text}");
    }

    /// The build succeeded: every page of the new output is complete.
    fn built(&self) -> &Self {
        self.no_panic();
        assert!(self.status.success(), "{}", self.stderr);
        assert!(self.output_after.contains_key("index.html"));
        for (path, bytes) in &self.output_after {
            if path.ends_with(".html") {
                let text = std::str::from_utf8(bytes).unwrap();
                assert!(text.trim_end().ends_with("</html>"), "{path} is cut short");
            }
        }
        self.sources_unchanged();
        self
    }

    fn sources_unchanged(&self) {
        assert!(
            self.sources_after == self.sources_before,
            "a source file changed: {:?}",
            self.sources_before
                .keys()
                .chain(self.sources_after.keys())
                .filter(|k| self.sources_before.get(*k) != self.sources_after.get(*k))
                .collect::<Vec<_>>()
        );
    }

    fn page(&self, path: &str) -> String {
        String::from_utf8(self.output_after[path].clone()).unwrap()
    }
}

impl Drop for Run {
    fn drop(&mut self) {
        if let Some(dir) = self.root.parent() {
            make_writable(dir);
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn write(root: &Path, path: &str, text: impl AsRef<[u8]>) {
    let full = root.join(path);
    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
    std::fs::write(full, text).unwrap();
}

fn nothing(_: &Path) {}

/// A mistake in the content: the site is published with a warning at `location` whose message
/// holds `message`, and the same build with `--strict` is refused with it as an error.
fn content_problem(case: &str, change: impl Fn(&Path), location: &str, message: &str) -> Run {
    Run::new(case, &change, &[]).published(location, message);
    let strict = Run::new(case, &change, &["--strict"]);
    strict.refused(location, message);
    strict
}

/// Everything a published build of `run`'s playbook writes, as text, built again without
/// `--strict` into a folder of its own.
fn published_text(run: &Run) -> String {
    let out = run.root.parent().unwrap().join("published");
    let (status, stderr) = playbook(&[
        "build",
        run.root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(status.success(), "{stderr}");
    files_except(&out, None)
        .values()
        .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
        .collect()
}

// Front matter.

#[test]
fn front_matter_unterminated_toml() {
    content_problem(
        "front-matter-toml-unterminated",
        nothing,
        "a.md:1:1",
        "front matter opened with `+++` on line 1 is never closed",
    )
    .checked("a.md:1:1");
}

#[test]
fn front_matter_unterminated_yaml() {
    content_problem(
        "front-matter-yaml-unterminated",
        nothing,
        "a.md:1:1",
        "opened with `---` on line 1 is never closed",
    );
}

#[test]
fn front_matter_of_the_wrong_type_toml() {
    content_problem(
        "front-matter-toml-wrong-type",
        nothing,
        "a.md:2:9",
        "not valid TOML: invalid type: integer `42`, expected a string",
    )
    .checked("a.md:2:9");
}

#[test]
fn front_matter_of_the_wrong_type_yaml() {
    content_problem(
        "front-matter-yaml-wrong-type",
        nothing,
        "a.md:3:14",
        "not valid YAML: description: invalid type: sequence, expected a string",
    );
}

// Encodings and sizes.

#[test]
fn a_page_that_is_not_utf8() {
    Run::new("not-utf8", nothing, &[])
        .refused("a.md:5:4", "not UTF-8 text")
        .checked("a.md:5:4");
}

#[test]
fn an_empty_page_builds_under_its_summary_title() {
    let run = Run::new("empty-page", nothing, &[]);
    run.built();
    assert!(run.page("a/index.html").contains("<title>Page A"));
}

#[test]
fn an_empty_summary_lists_no_pages() {
    // The home page is the book's first page even when SUMMARY.md leaves it out, as on GitBook:
    // the other pages are then outside SUMMARY.md.
    content_problem(
        "empty-summary",
        nothing,
        "a.md",
        "this page is not listed in SUMMARY.md",
    );
    // With no home page either, there is nothing to publish.
    let no_home = |root: &Path| std::fs::remove_file(root.join("README.md")).unwrap();
    Run::new("empty-summary", no_home, &[]).refused("SUMMARY.md", "SUMMARY.md lists no pages");
}

#[test]
fn a_page_of_50_mb_is_refused_quickly() {
    let started = Instant::now();
    Run::new(
        "page-of-50-mb",
        |root| {
            let paragraph = "A paragraph an editor pasted, again and again, with *emphasis* and a [link](README.md).\n\n";
            let mut page = String::from("# Page A\n\n");
            while page.len() < 50_000_000 {
                page.push_str(paragraph);
            }
            write(root, "a.md", page);
        },
        &[],
    )
    .refused("a.md", "the file is 47.7 MB: playbook reads at most 10 MB");
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_page_of_2_mb_builds() {
    let run = Run::new(
        "page-of-2-mb",
        |root| {
            let mut page = String::from("# Page A\n\n");
            let mut section = 0;
            while page.len() < 2_000_000 {
                section += 1;
                page.push_str(&format!(
                    "## Part {section}\n\nSome text of part {section}.\n\n"
                ));
            }
            write(root, "a.md", page);
        },
        &[],
    );
    run.built();
    assert!(run.page("a/index.html").contains("id=\"part-30000\""));
}

// Deep nesting.

#[test]
fn ten_thousand_nested_list_items_build() {
    let run = Run::new(
        "nested-lists",
        |root| {
            write(
                root,
                "a.md",
                format!("# Page A\n\n{}deep\n", "- ".repeat(10_000)),
            )
        },
        &[],
    );
    run.built();
    let page = run.page("a/index.html");
    assert_eq!(page.matches("<ul>").count(), 10_000);
    assert_eq!(page.matches("</ul>").count(), 10_000);
}

#[test]
fn ten_thousand_nested_block_quotes_build() {
    let run = Run::new(
        "nested-quotes",
        |root| {
            write(
                root,
                "a.md",
                format!("# Page A\n\n{}deep\n", "> ".repeat(10_000)),
            )
        },
        &[],
    );
    run.built();
    let page = run.page("a/index.html");
    assert_eq!(page.matches("<blockquote>").count(), 10_000);
    assert!(page.contains("deep"));
}

#[test]
fn ten_thousand_nested_gitbook_tags_are_one_error() {
    // Rendered as deep as they nested, these overflowed the stack and aborted the build.
    content_problem(
        "nested-tags",
        |root| {
            let page = format!(
                "# Page A\n\n{}deep\n{}",
                "{% hint %}\n".repeat(10_000),
                "{% endhint %}\n".repeat(10_000)
            );
            write(root, "a.md", page);
        },
        "a.md:35:1",
        "block tags nest more than 32 deep",
    );
}

#[test]
fn a_page_of_thousands_of_mistakes_is_reported_quickly() {
    // Found by the bad-input corpus: same headings, stray tags and broken links were each
    // quadratic (85 s for 20,000 headings, minutes for 200,000 links on one line).
    let started = Instant::now();
    let run = Run::new(
        "thousands-of-mistakes",
        |root| {
            let mut page = String::from("# Page A\n\n");
            page.push_str(&"## Same\n\n".repeat(20_000));
            page.push_str(&"{% endhint %}\n".repeat(5_000));
            for n in 0..5_000 {
                page.push_str(&format!("[gone](gone-{n}.md) "));
            }
            write(root, "a.md", page);
        },
        &["--strict"],
    );
    run.refused(
        "a.md:45003:1",
        "`gone-0.md` links to a page that does not exist",
    );
    let listed = |prefix: &str| run.stderr.lines().filter(|l| l.starts_with(prefix)).count();
    assert_eq!(
        listed("error: a.md:45003:"),
        5_000,
        "every broken link listed"
    );
    // The same stray end tag 5,000 times is one problem, counted.
    assert_eq!(
        listed("error: a.md:"),
        5_001,
        "every broken link listed, and the stray end tags once"
    );
    assert!(
        run.stderr.contains("(and 4999 more times in this file)"),
        "{}",
        run.stderr
    );
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
}

// SUMMARY.md.

#[test]
fn summary_lists_a_page_twice() {
    content_problem(
        "summary-lists-twice",
        nothing,
        "SUMMARY.md:6:3",
        "`a.md` is listed twice (first on line 4)",
    )
    .checked("SUMMARY.md:6:3");
}

#[test]
fn summary_lists_a_missing_page() {
    content_problem(
        "summary-lists-missing",
        nothing,
        "SUMMARY.md:7:3",
        "`guide/c.md` does not exist",
    );
}

#[test]
fn summary_lists_a_file_outside_the_source_folder() {
    let run = content_problem(
        "summary-lists-outside",
        nothing,
        "SUMMARY.md:5:1",
        "`../../etc/passwd` lies outside the source folder",
    );
    assert!(
        !published_text(&run).contains("root:x:0:0"),
        "nothing outside is read"
    );
}

fn nested_summary(root: &Path, depth: usize) {
    let mut summary = String::from(
        "- [Home](README.md)\n- [Page A](a.md)\n- [Guide](guide/README.md)\n  - [Page B](guide/b.md)\n",
    );
    for level in 0..depth {
        summary.push_str(&format!(
            "{}- [Level {level}](deep/{level}.md)\n",
            "  ".repeat(level)
        ));
        write(
            root,
            &format!("deep/{level}.md"),
            format!("# Level {level}\n"),
        );
    }
    write(root, "SUMMARY.md", summary);
}

#[test]
fn summary_nesting_100_levels_builds() {
    let run = Run::new("summary-nests-100", |root| nested_summary(root, 100), &[]);
    run.built();
    let deepest = run.page("deep/99/index.html");
    assert!(deepest.contains("Level 99"));
    assert_eq!(
        run.output_after
            .keys()
            .filter(|k| k.starts_with("deep/") && k.ends_with(".html"))
            .count(),
        100
    );
}

#[test]
fn summary_nesting_101_levels_is_an_error() {
    Run::new("summary-nests-101", |root| nested_summary(root, 101), &[])
        .refused("SUMMARY.md:105:201", "nested more than 100 levels deep");
}

#[test]
fn summary_nesting_10000_levels_is_an_error_not_a_crash() {
    // Indented, 10,000 levels take 100 MB; as bullets on one line, 20 KB.
    Run::new(
        "summary-nests-10000",
        |root| {
            let summary = format!("- [Home](README.md)\n{}[Deep](a.md)\n", "- ".repeat(10_000));
            write(root, "SUMMARY.md", summary);
        },
        &[],
    )
    .refused("SUMMARY.md:2:201", "nested more than 100 levels deep");
}

// Links on disk.

#[test]
fn a_symlink_loop_listed_as_a_page() {
    content_problem(
        "symlink-loop-page",
        |root| {
            std::os::unix::fs::symlink("loop.md", root.join("loop.md")).unwrap();
            let summary = std::fs::read_to_string(root.join("SUMMARY.md")).unwrap();
            write(root, "SUMMARY.md", format!("{summary}- [Loop](loop.md)\n"));
        },
        "SUMMARY.md:7:1",
        "`loop.md` is not a file that can be read",
    );
}

#[test]
fn a_page_that_is_a_named_pipe_does_not_hang_the_build() {
    // Opening a pipe for reading waits for a writer: the build must not try.
    content_problem(
        "fifo-page",
        |root| {
            std::fs::remove_file(root.join("a.md")).unwrap();
            let made = Command::new("mkfifo").arg(root.join("a.md")).status();
            assert!(
                made.is_ok_and(|s| s.success()),
                "mkfifo is part of coreutils"
            );
        },
        "SUMMARY.md:4:1",
        "`a.md` is not a file that can be read",
    );
}

#[test]
fn a_folder_symlink_loop_is_not_followed() {
    Run::new(
        "symlink-loop-folder",
        |root| {
            std::os::unix::fs::symlink("..", root.join("guide/up")).unwrap();
            std::os::unix::fs::symlink("again", root.join("guide/again")).unwrap();
        },
        &[],
    )
    .built();
}

#[test]
fn a_page_symlink_leaving_the_source_folder() {
    let run = content_problem(
        "symlink-out-page",
        |root| {
            let outside = root.parent().unwrap().join("secret.md");
            std::fs::write(&outside, "# Secret\n\nOutside-7f3a.\n").unwrap();
            std::fs::remove_file(root.join("a.md")).unwrap();
            std::os::unix::fs::symlink(&outside, root.join("a.md")).unwrap();
        },
        "SUMMARY.md:4:1",
        "`a.md` is a link to a file outside the source folder",
    );
    assert!(
        !published_text(&run).contains("Outside-7f3a"),
        "nothing outside is read"
    );
}

#[test]
fn a_folder_symlink_leaving_the_source_folder() {
    let run = content_problem(
        "symlink-out-folder",
        |root| {
            let outside = root.parent().unwrap().join("elsewhere");
            std::fs::create_dir_all(&outside).unwrap();
            std::fs::write(outside.join("secret.md"), "# Secret\n\nOutside-7f3a.\n").unwrap();
            std::fs::write(outside.join("secret.txt"), "Outside-7f3a").unwrap();
            std::os::unix::fs::symlink(&outside, root.join("linked")).unwrap();
            let summary = std::fs::read_to_string(root.join("SUMMARY.md")).unwrap();
            write(
                root,
                "SUMMARY.md",
                format!("{summary}- [Secret](linked/secret.md)\n"),
            );
            write(
                root,
                "guide/b.md",
                "# Page B\n\nSee [the file](../linked/secret.txt).\n",
            );
        },
        "SUMMARY.md:7:1",
        "is a link to a file outside the source folder",
    );
    run.refused(
        "guide/b.md:3:5",
        "`../linked/secret.txt` is a link to a file outside the source folder",
    );
    assert!(
        !published_text(&run).contains("Outside-7f3a"),
        "nothing outside is read"
    );
}

// Calculators.

#[test]
fn an_unknown_calculator() {
    Run::new("calculator-unknown", nothing, &[])
        .refused(
            "a.md:3:1",
            "there is no calculator called `availability-targett`",
        )
        .checked("a.md:3:1");
}

#[test]
fn a_calculator_given_nan() {
    Run::new("calculator-nan", nothing, &[]).refused(
        "a.md:4:1",
        "calculator `availability-target`: Financial exposure must be a number, such as 200000",
    );
}

#[test]
fn a_calculator_given_infinity() {
    Run::new("calculator-infinity", nothing, &[]).refused(
        "a.md:5:1",
        "calculator `loss-protection`: Loss in the incident must be a number, such as 100000",
    );
}

#[test]
fn a_calculator_given_a_negative_amount() {
    Run::new("calculator-negative", nothing, &[]).refused(
        "a.md:5:1",
        "calculator `run-cost`: Standby pay must be at least 0",
    );
}

#[test]
fn a_calculator_given_1e308() {
    Run::new("calculator-1e308", nothing, &[]).refused(
        "a.md:5:1",
        "calculator `selector`: Financial exposure must be at most 1,000,000,000,000",
    );
}

// GitBook tags.

#[test]
fn a_tag_opener_in_titles_and_inputs_never_reaches_the_output_raw() {
    // Found by the `page` fuzz target: a title in front matter reached `<title>` as it was.
    let run = Run::new(
        "tag-opener-in-titles",
        |root| {
            write(
                root,
                "a.md",
                "+++\ntitle = \"Use {% hint %}\"\ndescription = \"{% tabs %}\"\n+++\n\n```calculator run-cost\ncurrency = \"{%\"\n```\n",
            );
            let summary = std::fs::read_to_string(root.join("SUMMARY.md")).unwrap();
            write(
                root,
                "SUMMARY.md",
                summary.replace("[Page B]", "[{% Page B %}]"),
            );
        },
        &[],
    );
    run.built();
    for (path, bytes) in &run.output_after {
        if let Ok(text) = std::str::from_utf8(bytes)
            && (!path.starts_with("_playbook/") || path.ends_with(".json"))
        {
            assert!(!text.contains("{%"), "{path}");
        }
    }
    assert!(
        run.page("a/index.html")
            .contains("<title>Use &#123;% hint %}")
    );
    let documents: Vec<String> = run
        .output_after
        .iter()
        .filter(|(path, _)| path.starts_with("_playbook/search/d-"))
        .map(|(_, bytes)| {
            let parsed: serde_json::Value = serde_json::from_slice(bytes).unwrap();
            parsed.to_string()
        })
        .collect();
    assert!(
        documents.iter().any(|text| text.contains("{% Page B %}")),
        "the reader still reads `{{%`: {documents:?}"
    );
}

#[test]
fn an_unknown_gitbook_tag_is_a_warning_and_its_content_kept() {
    let run = Run::new("tag-unknown", nothing, &[]);
    run.built();
    assert!(
        run.stderr
            .contains("warning: a.md:3:1: unknown tag `{% swagger %}`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("help: playbook knows hint"),
        "{}",
        run.stderr
    );
    let page = run.page("a/index.html");
    assert!(page.contains("The API.") && !page.contains("{%"));
}

#[test]
fn an_unclosed_gitbook_tag() {
    content_problem(
        "tag-unclosed",
        nothing,
        "a.md:3:1",
        "`{% hint %}` is never closed with `{% endhint %}`",
    )
    .checked("a.md:3:1");
}

// Templates.

#[test]
fn a_template_with_a_syntax_error() {
    Run::new("template-syntax", nothing, &[])
        .refused("templates/page.html:7", "Failed to parse 'page.html'");
}

#[test]
fn a_template_reading_a_missing_variable() {
    Run::new("template-missing-variable", nothing, &[])
        .refused("templates/page.html:6", "Variable `site.owner` not found");
}

// The output folder.

#[test]
fn an_output_folder_that_is_the_source_folder() {
    for out in ["{root}", "{root}/.", "{root}/guide/.."] {
        Run::new("out-is-source", nothing, &["--out", out])
            .refused("", "the output folder is the source folder or holds it");
    }
    // The folder above the playbook holds it: refused too.
    Run::new("out-holds-source", nothing, &["--out", "{root}/.."])
        .refused("", "the output folder is the source folder or holds it");
}

#[test]
fn an_output_folder_inside_the_source_folder_builds_and_is_not_read_back() {
    let dir = temp_dir("out-inside");
    let root = dir.join("playbook");
    copy_dir(&fixtures().join("base"), &root);
    let out = root.join("guide/site");
    for _ in 0..2 {
        let (status, stderr) = playbook(&[
            "build",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(status.success(), "{stderr}");
        assert!(!stderr.contains("warning"), "{stderr}");
        assert!(out.join("guide/b/index.html").is_file());
    }
    // A folder of pages is not an output folder: refused, left alone.
    let (status, stderr) = playbook(&[
        "build",
        root.to_str().unwrap(),
        "--out",
        root.join("guide").to_str().unwrap(),
    ]);
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("holds files that playbook did not write"),
        "{stderr}"
    );
    assert!(root.join("guide/b.md").is_file());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_read_only_output_folder() {
    use std::os::unix::fs::PermissionsExt;
    // A folder whose parent is a file can be written by nobody, root included.
    Run::new(
        "out-under-a-file",
        |root| write(root, "notes", "a file"),
        &["--out", "{root}/notes/site"],
    )
    .refused("", "cannot write the site here");
    // Permissions stop writes only for users other than root (tests run as root in CI's
    // containers): find out, and test the read-only folder where it means something.
    let probe = temp_dir("read-only-probe");
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o555)).unwrap();
    let enforced = std::fs::write(probe.join("x"), "x").is_err();
    make_writable(&probe);
    std::fs::remove_dir_all(&probe).unwrap();
    if enforced {
        let run = Run::new(
            "out-read-only",
            |root| {
                std::fs::create_dir(root.join("locked")).unwrap();
                std::fs::set_permissions(
                    root.join("locked"),
                    std::fs::Permissions::from_mode(0o555),
                )
                .unwrap();
            },
            &["--out", "{root}/locked/site"],
        );
        run.refused("", "cannot write the site here");
        assert!(!run.root.join("locked/site").exists());
    }
}

// Hostile playbooks (issue 17): a stranger's repository built in CI.

/// A secret of the machine's, in the environment and in a file beside the playbook, that no
/// build may publish.
const SECRET: &str = "s3cr3t-7f1c0de-never-published";

#[test]
fn a_playbook_cannot_publish_the_machines_secrets() {
    let run = Run::new(
        "secrets",
        |root| {
            let outside = root.parent().unwrap().join("secret.txt");
            std::fs::write(&outside, SECRET).unwrap();
            write(
                root,
                "templates/404.html",
                "{{ get_env(name=\"PLAYBOOK_TEST_SECRET\") }}",
            );
            write(
                root,
                "a.md",
                format!(
                    "# A\n\n{{{{#include ../secret.txt}}}}\n\n{{{{#include {}}}}}\n\n[s](../secret.txt)\n",
                    outside.display()
                ),
            );
            std::fs::write(root.join("playbook.toml"), "source = \"/\"\n").unwrap();
        },
        &[],
    );
    run.refused("", "lies outside the playbook's folder");
    // Without the settings that name the whole disk, the rest publishes nothing secret either.
    std::fs::remove_file(run.root.join("playbook.toml")).unwrap();
    std::fs::remove_file(run.root.join("templates/404.html")).unwrap();
    let published = published_text(&run);
    assert!(!published.contains(SECRET));
    assert!(
        published.contains("{{#include ../secret.txt}}"),
        "the directive is left as written"
    );
}

#[test]
fn templates_cannot_read_the_environment() {
    let dir = temp_dir("env");
    let root = dir.join("playbook");
    copy_dir(&fixtures().join("base"), &root);
    write(
        &root,
        "templates/404.html",
        "{{ get_env(name=\"PLAYBOOK_TEST_SECRET\") }}",
    );
    let output = Command::new(env!("CARGO_BIN_EXE_playbook"))
        .args(["build", root.to_str().unwrap()])
        .env("PLAYBOOK_TEST_SECRET", SECRET)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("`get_env` is not available"), "{stderr}");
    assert!(!stderr.contains(SECRET));
    assert!(!root.join("public").exists() || !published_folder_has(&root.join("public"), SECRET));
    std::fs::remove_dir_all(dir).unwrap();
}

fn published_folder_has(folder: &Path, text: &str) -> bool {
    files_except(folder, None)
        .values()
        .any(|bytes| String::from_utf8_lossy(bytes).contains(text))
}

#[test]
fn a_linked_file_cannot_replace_a_page_or_the_theme() {
    for (file, link) in [
        ("guide/index.html", "guide/index.html"),
        ("_playbook/app.js", "_playbook/app.js"),
        ("404.html", "404.html"),
    ] {
        Run::new(
            "collision",
            |root| {
                write(root, file, "<p>replaced</p>");
                write(root, "a.md", format!("# A\n\n[replace]({link})\n"));
            },
            &[],
        )
        .refused(file, "both write");
    }
}

#[test]
fn a_template_that_includes_itself_is_an_error_not_a_crash() {
    Run::new(
        "template-ring",
        |root| {
            write(root, "templates/a.html", "{% include \"b.html\" %}");
            write(root, "templates/b.html", "{% include \"a.html\" %}");
            write(root, "templates/404.html", "{% include \"a.html\" %}");
        },
        &[],
    )
    .refused("templates/a.html:1", "would include each other without end");
}

#[test]
fn thousands_of_calculators_on_a_page_build_quickly() {
    let started = Instant::now();
    let run = content_problem(
        "many-calculators",
        |root| {
            write(
                root,
                "a.md",
                "# A\n\n".to_string() + &"```calculator run-cost\n```\n\n".repeat(4_000),
            )
        },
        "a.md:303:1",
        "a page holds at most 100 calculators",
    );
    drop(run);
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[test]
fn a_table_of_millions_of_cells_is_shown_as_text() {
    let table = format!(
        "{}|\n{}|\n{}",
        "|a".repeat(5_000),
        "|-".repeat(5_000),
        format!("{}\n", "|".repeat(5_000)).repeat(300)
    );
    let run = Run::new(
        "huge-table",
        |root| write(root, "a.md", format!("# A\n\n{table}")),
        &[],
    );
    run.published("a.md:4:1", "more than the 100000 a table may have");
}

#[test]
fn a_page_of_millions_of_emphasis_marks_is_shown_as_text() {
    let run = Run::new(
        "dense-page",
        |root| write(root, "a.md", format!("# A\n\n{}", "*a* ".repeat(600_000))),
        &[],
    );
    run.published("a.md:1:1", "more than the 500000 a page may have");
}

#[test]
fn front_matter_nested_a_hundred_thousand_deep_is_refused_quickly() {
    let started = Instant::now();
    for fence in ["---", "+++"] {
        let deep = format!("{fence}\ntitle: {}\n{fence}\n# A\n", "[".repeat(60_000));
        Run::new("deep-front-matter", |root| write(root, "a.md", &deep), &[])
            .published("a.md:2:72", "brackets nest more than 64 deep");
    }
    let deep_yaml = format!("root: {}\n", "{a: ".repeat(100_000));
    Run::new(
        "deep-gitbook-yaml",
        |root| write(root, ".gitbook.yaml", &deep_yaml),
        &[],
    )
    .refused(".gitbook.yaml:1:263", "brackets nest more than 64 deep");
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[test]
fn two_hundred_thousand_links_to_one_missing_page_are_one_line() {
    // As many as a page may hold: 400,000 brackets, under the markup a page may have.
    let run = Run::new(
        "many-references",
        |root| {
            write(
                root,
                "a.md",
                format!("# A\n\n{}\n", "[x](gone.md) ".repeat(200_000)),
            )
        },
        &[],
    );
    run.published("a.md:3:1", "(and 199999 more times in this file)");
    assert_eq!(run.stderr.matches("gone.md").count(), 1, "{}", run.stderr);
}

#[test]
fn an_output_through_a_deploy_link_is_published_where_it_points() {
    let dir = temp_dir("out-link");
    let root = dir.join("playbook");
    copy_dir(&fixtures().join("base"), &root);
    let deployed = dir.join("www/site");
    std::fs::create_dir_all(&deployed).unwrap();
    let link = dir.join("public");
    std::os::unix::fs::symlink(&deployed, &link).unwrap();
    for _ in 0..2 {
        let (status, stderr) = playbook(&[
            "build",
            root.to_str().unwrap(),
            "--out",
            link.to_str().unwrap(),
        ]);
        assert!(status.success(), "{stderr}");
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(deployed.join("a/index.html").is_file());
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_current_folder_as_output_is_refused_with_what_to_pass() {
    let dir = temp_dir("out-dot");
    let root = dir.join("playbook");
    copy_dir(&fixtures().join("base"), &root);
    let here = dir.join("site");
    std::fs::create_dir_all(&here).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_playbook"))
        .args(["build", root.to_str().unwrap(), "--out", "."])
        .current_dir(&here)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("the output folder is the current folder"),
        "{stderr}"
    );
    assert!(stderr.contains("--out public"), "{stderr}");
    std::fs::remove_dir_all(dir).unwrap();
}
