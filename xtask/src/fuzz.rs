//! `cargo xtask fuzz [SECONDS [TARGET...]]`: runs every cargo-fuzz target in `fuzz/` (or the
//! ones named) for SECONDS each
//! (default 60), one after the other, and reports what each found. Needs the nightly toolchain
//! and cargo-fuzz; says how to install them when they are missing. Not part of `xtask test`.
//!
//! The targets are built without a sanitizer (`-s none`): the site crate forbids `unsafe`, and
//! AddressSanitizer made the page target three times slower for nothing it could find there.
//!
//! Each target starts from its corpus in `fuzz/corpus/TARGET` (kept between runs, ignored by
//! git) and reads the playbook's own pages and the test fixtures as seeds. A crash is saved in
//! `fuzz/artifacts/TARGET/`; replay it with `cargo +nightly fuzz run TARGET FILE`, then keep it
//! as a regression test (a unit test in the module concerned, or `tests/bad_input.rs`).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail};

/// Seeds for the targets that read markdown, relative to `fuzz/`.
const MARKDOWN_SEEDS: &[&str] = &[
    "../content",
    "../crates/site/tests/fixtures",
    "../crates/cli/tests/fixtures",
];

/// The longest input tried, per target: pages are longer than URLs.
fn max_len(target: &str) -> &'static str {
    match target {
        "page" | "summary" | "frontmatter" => "16384",
        _ => "4096",
    }
}

/// What one target's run came to.
struct Fuzzed {
    target: String,
    /// Seconds fuzzed and inputs run, as libFuzzer reports them.
    seconds: String,
    runs: String,
    /// Seconds with compiling and loading the corpus.
    wall: u64,
    /// `no crash`, or `FAILED:` and the input that crashed.
    outcome: String,
}

pub fn run(root: &Path, args: &[String]) -> Result<()> {
    let seconds: u64 = match args.first() {
        Some(text) => text
            .parse()
            .with_context(|| format!("`{text}` is not a number of seconds"))?,
        None => 60,
    };
    let fuzz = root.join("fuzz");
    check_tools()?;
    let targets = picked_targets(&fuzz, args.get(1..).unwrap_or_default())?;
    eprintln!(
        "xtask fuzz: {} targets, {seconds} s each: {}",
        targets.len(),
        targets.join(", ")
    );
    // Compile once, before the clock starts for any target.
    crate::run::status({
        let mut c = nightly(&fuzz);
        c.args(["fuzz", "build", "--debug-assertions", "--sanitizer", "none"]);
        c
    })?;
    let mut results = Vec::new();
    for target in &targets {
        results.push(fuzz_one(&fuzz, target, seconds)?);
    }
    println!(
        "\n| target | seconds fuzzed | seconds with compiling | inputs run | result |\n|---|---|---|---|---|"
    );
    for r in &results {
        println!(
            "| {} | {} | {} | {} | {} |",
            r.target, r.seconds, r.wall, r.runs, r.outcome
        );
    }
    let failed = results
        .iter()
        .filter(|r| r.outcome.starts_with("FAILED"))
        .count();
    if failed > 0 {
        bail!(
            "{failed} target(s) found a crash: replay with `cargo +nightly fuzz run TARGET FILE` in fuzz/, fix it, and keep the input as a regression test"
        );
    }
    Ok(())
}

/// Every target in `fuzz/`, or those `picked` (after the seconds) when any are.
fn picked_targets(fuzz: &Path, picked: &[String]) -> Result<Vec<String>> {
    let mut targets = list(fuzz)?;
    if picked.is_empty() {
        return Ok(targets);
    }
    if let Some(unknown) = picked.iter().find(|name| !targets.contains(name)) {
        bail!(
            "there is no fuzz target `{unknown}`; the targets are: {}",
            targets.join(", ")
        );
    }
    targets.retain(|target| picked.contains(target));
    Ok(targets)
}

/// Runs `target` for `seconds` on its corpus (and the markdown seeds, for the page targets).
fn fuzz_one(fuzz: &Path, target: &str, seconds: u64) -> Result<Fuzzed> {
    let corpus = fuzz.join("corpus").join(target);
    std::fs::create_dir_all(&corpus)?;
    let mut command = nightly(fuzz);
    command
        .args([
            "fuzz",
            "run",
            "--debug-assertions",
            "--sanitizer",
            "none",
            target,
        ])
        .arg(&corpus);
    if matches!(target, "page" | "summary" | "frontmatter") {
        command.args(MARKDOWN_SEEDS);
    }
    command.args([
        "--",
        &format!("-max_total_time={seconds}"),
        &format!("-max_len={}", max_len(target)),
        "-timeout=10",
        // One fuzzer per target: re-reading a corpus of thousands of files every second (the
        // default, for fuzzers sharing a corpus) took half of the machine's time.
        "-reload=0",
        "-rss_limit_mb=2048",
        "-print_final_stats=1",
    ]);
    eprintln!("\nxtask fuzz: == {target} ({seconds} s) ==");
    let started = Instant::now();
    let output = command
        .stdout(Stdio::inherit())
        .stderr(Stdio::piped())
        .output()
        .with_context(|| format!("cannot start cargo fuzz run {target}"))?;
    let log = String::from_utf8_lossy(&output.stderr);
    let (runs, fuzzed) = final_counts(&log);
    let outcome = if output.status.success() {
        "no crash".to_string()
    } else {
        failure(&log)
    };
    Ok(Fuzzed {
        target: target.to_string(),
        seconds: fuzzed,
        runs,
        wall: started.elapsed().as_secs(),
        outcome,
    })
}

/// libFuzzer's last words, `Done 123 runs in 60 second(s)`: the runs and the seconds.
fn final_counts(log: &str) -> (String, String) {
    log.lines()
        .rev()
        .find_map(|l| {
            let rest = l.strip_prefix("Done ")?;
            let (runs, rest) = rest.split_once(" runs in ")?;
            Some((runs.to_string(), rest.split(' ').next()?.to_string()))
        })
        .unwrap_or_else(|| ("?".to_string(), "?".to_string()))
}

/// Shows the end of a failed run's log (the panic and where the input was saved) and names the
/// input.
fn failure(log: &str) -> String {
    let tail: Vec<&str> = log.lines().rev().take(40).collect();
    for line in tail.iter().rev() {
        eprintln!("{line}");
    }
    let artifact = log
        .lines()
        .find_map(|l| l.split("Test unit written to ").nth(1))
        .unwrap_or("(no artifact named)");
    format!("FAILED: {artifact}")
}

fn nightly(dir: &Path) -> Command {
    let mut command = Command::new("cargo");
    command.arg("+nightly").current_dir(dir);
    // The workspace's toolchain file names stable; `+nightly` must win over an inherited one.
    command.env_remove("RUSTUP_TOOLCHAIN").env_remove("CARGO");
    command
}

/// Nightly and cargo-fuzz, or how to get them.
fn check_tools() -> Result<()> {
    let works = |args: &[&str]| {
        Command::new("cargo")
            .args(args)
            .env_remove("RUSTUP_TOOLCHAIN")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if !works(&["+nightly", "--version"]) {
        bail!(
            "fuzzing needs the nightly toolchain: install it with `rustup toolchain install nightly`"
        );
    }
    if !works(&["+nightly", "fuzz", "--version"]) {
        bail!("fuzzing needs cargo-fuzz: install it with `cargo install cargo-fuzz`");
    }
    Ok(())
}

/// The fuzz targets, as cargo-fuzz lists them.
fn list(fuzz: &Path) -> Result<Vec<String>> {
    let output = nightly(fuzz)
        .args(["fuzz", "list"])
        .output()
        .context("cannot run cargo fuzz list")?;
    if !output.status.success() {
        bail!(
            "cargo fuzz list failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let targets: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    if targets.is_empty() {
        bail!("no fuzz targets in {}", fuzz.display());
    }
    Ok(targets)
}
