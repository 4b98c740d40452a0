//! No data lost (issue 9): random sequences of builds, failed builds and builds killed at a
//! random moment (SIGKILL, mid-write or mid-swap) never delete or change a source file, and always
//! leave either the previous or the new complete output; what a killed build left behind never
//! breaks the next build, which tidies it away.
//!
//! The playbook is generated, a few hundred pages, so that a build takes long enough for kills
//! to land in every phase; the kill times are fractions of a measured build's duration.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{copy_dir, files};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

const PAGES: usize = 120;

type Files = BTreeMap<String, Vec<u8>>;

/// What the editor does before a build.
#[derive(Debug, Clone)]
enum Step {
    /// Edits page `page` and builds to the end.
    Build { page: usize },
    /// Breaks page `page` (bytes that are not UTF-8), builds (which fails), then mends the page.
    Fail { page: usize },
    /// Edits page `page`, starts a build and kills it after `fraction` of a build's time.
    Kill { page: usize, fraction: f64 },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        1 => (0..PAGES).prop_map(|page| Step::Build { page }),
        1 => (0..PAGES).prop_map(|page| Step::Fail { page }),
        3 => (0..PAGES, 0.0..1.3f64).prop_map(|(page, fraction)| Step::Kill { page, fraction }),
    ]
}

fn page_path(n: usize) -> String {
    match n {
        0 => "README.md".to_string(),
        n => format!("part-{}/page-{n}.md", n % 6),
    }
}

fn page_text(n: usize, version: u32) -> String {
    let mut text = format!("+++\ntitle = \"Page {n}\"\n+++\n\n# Page {n}\n\nVersion {version}.\n");
    for section in 0..12 {
        text.push_str(&format!(
            "\n## Section {section}\n\nSome text about section {section} of page {n}, linking to [the next page](/{}) and [home](/README.md).\n\n- one\n- two\n\n| a | b |\n|---|---|\n| {n} | {section} |\n",
            page_path((n + 1) % PAGES)
        ));
    }
    if n % 10 == 3 {
        text.push_str("\n```calculator availability\nlevel = 99.9\n```\n");
    }
    if n % 10 == 7 {
        text.push_str("\n{% hint style=\"info\" %}\nA hint with a picture: ![chart](/media/chart.svg)\n{% endhint %}\n");
    }
    text
}

/// The playbook's source files, as the editor last wrote them.
struct Playbook {
    root: PathBuf,
    out: PathBuf,
    sources: Files,
}

impl Playbook {
    fn new(dir: &Path) -> Self {
        let root = dir.join("playbook");
        let mut playbook = Self {
            out: root.join("public"),
            root,
            sources: Files::new(),
        };
        let mut summary = String::from("# Summary\n\n");
        for n in 0..PAGES {
            summary.push_str(&format!("- [Page {n}]({})\n", page_path(n)));
            playbook.write(&page_path(n), page_text(n, 0).into_bytes());
        }
        playbook.write("SUMMARY.md", summary.into_bytes());
        playbook.write(
            "media/chart.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n".to_vec(),
        );
        playbook.write("notes.txt", b"Not a page, kept as it is.\n".to_vec());
        playbook
    }

    fn write(&mut self, path: &str, bytes: Vec<u8>) {
        let full = self.root.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, &bytes).unwrap();
        self.sources.insert(path.to_string(), bytes);
    }

    fn build_command(&self, out: &Path) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_playbook"));
        command
            .args(["build", self.root.to_str().unwrap(), "--out"])
            .arg(out)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        command
    }

    /// Builds to the end into `out`; whether it succeeded, and what it said.
    fn build_into(&self, out: &Path) -> (bool, String) {
        let output = self.build_command(out).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(
            output.status.code().is_some(),
            "killed by a signal: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        (output.status.success(), stderr)
    }

    /// The complete output of the current sources, built apart.
    fn reference(&self) -> Files {
        let out = self.root.parent().unwrap().join("reference");
        let (ok, stderr) = self.build_into(&out);
        assert!(ok, "{stderr}");
        let files = files(&out);
        std::fs::remove_dir_all(&out).unwrap();
        files
    }

    /// The source files now on disk: everything but the output and the build's own folders
    /// beside it (`.public.playbook-new-PID`, `.public.playbook-old-PID`).
    fn sources_on_disk(&self) -> Files {
        let mut files = files(&self.root);
        files.retain(|path, _| !path.starts_with("public/") && !path.starts_with(".public."));
        files
    }

    /// The build's own folders left beside the output.
    fn leftovers(&self) -> Vec<String> {
        std::fs::read_dir(&self.root)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(".public.playbook-"))
            .collect()
    }

    /// The leftovers with what each holds, for a failure's message: whether its build is still
    /// running, and its first few files.
    fn described_leftovers(&self) -> Vec<String> {
        self.leftovers()
            .into_iter()
            .map(|name| {
                let pid = name.rsplit('-').next().unwrap_or_default();
                let running = Path::new("/proc").join(pid).exists();
                let held: Vec<String> = files(&self.root.join(&name)).into_keys().take(4).collect();
                format!("{name} (process running: {running}; files: {held:?})")
            })
            .collect()
    }
}

fn differing(a: &Files, b: &Files) -> Vec<String> {
    a.keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .take(5)
        .cloned()
        .collect()
}

/// What the killed builds left: the previous site, the new one, or the previous one waiting to
/// be put back.
#[derive(Debug, Default)]
struct Kills {
    previous: usize,
    new: usize,
    mid_swap: usize,
}

/// Runs `steps` on a fresh copy of the built playbook `template`, checking after each.
fn run(
    template: &Playbook,
    dir: &Path,
    steps: &[Step],
    build_time: Duration,
    kills: &std::cell::RefCell<Kills>,
) -> Result<(), TestCaseError> {
    let _ = std::fs::remove_dir_all(dir);
    let mut playbook = Playbook {
        root: dir.join("playbook"),
        out: dir.join("playbook/public"),
        sources: template.sources.clone(),
    };
    copy_dir(&template.root, &playbook.root);
    let out = playbook.out.clone();
    let mut current = files(&out);
    let mut version = 1;
    for step in steps {
        version += 1;
        match *step {
            Step::Build { page } => {
                playbook.write(&page_path(page), page_text(page, version).into_bytes());
                let (ok, stderr) = playbook.build_into(&out);
                prop_assert!(ok, "{}", stderr);
                let now = files(&out);
                prop_assert!(now != current, "the edit is not in the output");
                current = now;
                prop_assert!(
                    playbook.leftovers().is_empty(),
                    "{:?}",
                    playbook.described_leftovers()
                );
            }
            Step::Fail { page } => {
                let path = page_path(page);
                let good = playbook.sources[&path].clone();
                // A page that is not UTF-8 cannot be rendered: the build fails.
                playbook.write(&path, b"# Broken \xff\n".to_vec());
                let (ok, stderr) = playbook.build_into(&out);
                prop_assert!(!ok);
                prop_assert!(stderr.contains(&format!("{path}:1:10")), "{}", stderr);
                let now = files(&out);
                prop_assert!(
                    now == current,
                    "a failed build changed {:?}",
                    differing(&now, &current)
                );
                prop_assert!(
                    playbook.leftovers().is_empty(),
                    "{:?}",
                    playbook.described_leftovers()
                );
                playbook.write(&path, good);
            }
            Step::Kill { page, fraction } => {
                playbook.write(&page_path(page), page_text(page, version).into_bytes());
                let mut child = playbook.build_command(&out).spawn().unwrap();
                std::thread::sleep(build_time.mul_f64(fraction));
                let _ = child.kill();
                let status = child.wait().unwrap();
                let now = files(&out);
                if now.is_empty() {
                    // Killed between the two renames of the swap: the previous site waits in
                    // its `-old-` folder, and the next build puts it back before anything else.
                    let old: Vec<String> = playbook
                        .leftovers()
                        .into_iter()
                        .filter(|n| n.contains("-old-"))
                        .collect();
                    prop_assert_eq!(
                        old.len(),
                        1,
                        "the output is gone: {:?}",
                        playbook.leftovers()
                    );
                    let kept = files(&playbook.root.join(&old[0]));
                    prop_assert!(kept == current, "the kept site is not the previous one");
                    kills.borrow_mut().mid_swap += 1;
                } else if now != current {
                    let new = playbook.reference();
                    prop_assert!(
                        now == new,
                        "killed ({:?}) after {:?}: the output is neither the previous site nor the new one: {:?}",
                        status,
                        build_time.mul_f64(fraction),
                        differing(&now, &new)
                    );
                    current = now;
                    kills.borrow_mut().new += 1;
                } else {
                    kills.borrow_mut().previous += 1;
                }
            }
        }
        let on_disk = playbook.sources_on_disk();
        prop_assert!(
            on_disk == playbook.sources,
            "a source file changed: {:?}",
            differing(&on_disk, &playbook.sources)
        );
    }
    // Whatever the last step left, the next build completes with nothing left over, and its
    // output is the one a build from scratch makes.
    let (ok, stderr) = playbook.build_into(&out);
    prop_assert!(ok, "{}", stderr);
    prop_assert!(
        playbook.leftovers().is_empty(),
        "{:?}",
        playbook.described_leftovers()
    );
    prop_assert!(files(&out) == playbook.reference());
    prop_assert!(playbook.sources_on_disk() == playbook.sources);
    let _ = std::fs::remove_dir_all(dir);
    Ok(())
}

#[test]
fn builds_failed_builds_and_killed_builds_never_lose_data() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    let template = Playbook::new(&dir.join("template"));
    // How long one build takes on this machine, so that kills land all through a build.
    let started = Instant::now();
    let (ok, stderr) = template.build_into(&template.out);
    assert!(ok, "{stderr}");
    let build_time = started.elapsed();
    let mut runner = TestRunner::new(Config {
        cases: 4,
        failure_persistence: None,
        max_shrink_iters: 8,
        ..Config::default()
    });
    let kills = std::cell::RefCell::new(Kills::default());
    let result = runner.run(&prop::collection::vec(step(), 2..5), |steps| {
        run(&template, &dir.join("case"), &steps, build_time, &kills)
    });
    eprintln!(
        "a build takes {build_time:?}; killed builds left {:?}",
        kills.borrow()
    );
    if let Err(error) = result {
        panic!("{error}");
    }
}
