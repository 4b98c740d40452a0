//! `cargo xtask`: the project's tasks, mirroring CI. `test` runs every check; `serve` previews
//! this repository's playbook; `wasm` and `dist` build the calculators' WebAssembly module and
//! the release binary that carries it; `bench` measures speed, size and memory; `fuzz` runs the
//! fuzz targets in `fuzz/` (nightly, not part of `test`).

mod bench;
mod browser;
mod copycheck;
mod fuzz;
mod highlight;
mod hostile;
mod peers;
mod run;
mod same_output;
mod serve;
mod wasm;
mod weight;

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match dispatch(&args) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn dispatch(args: &[String]) -> Result<()> {
    let root = workspace_root();
    let rest = args.get(1..).unwrap_or_default();
    match args.first().map(String::as_str) {
        Some("test") => test(&root),
        Some("serve") => serve::run(&root, rest),
        Some("wasm") => wasm::build(&root).map(|_| ()),
        Some("dist") => wasm::dist(&root),
        Some("bench") => bench::run(&root, rest),
        Some("copy-check") => copycheck::run(&root),
        Some("fuzz") => fuzz::run(&root, rest),
        Some("same-output") => same_output::run(&root, rest),
        _ => {
            eprintln!(
                "usage: cargo xtask <task>\n\n\
                 tasks:\n  \
                 test        every check: fmt, clippy, unit, integration, copy check, browser\n  \
                 serve       build the calculators and the site, and preview content/ with live reload\n  \
                 wasm        compile the models to WebAssembly with their JavaScript bindings\n  \
                 dist        the release `playbook` binary with the WebAssembly module inside\n  \
                 bench [NAME] speed, size and memory figures (see docs/benchmarks.md); `bench peers` against Hugo and mdBook\n  \
                 copy-check  no run of eight words from the source material in content/\n  \
                 fuzz [SECS [TARGET...]] every fuzz target in fuzz/ (or those named) for SECS seconds each (default 60; nightly)\n  \
                 same-output [REV] the sites this tree builds are byte for byte those REV builds (default: before the crate split)"
            );
            bail!("unknown or missing task")
        }
    }
}

/// The workspace root: the folder above xtask's own.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

/// Every check CI runs, in order of cost, stopping at the first failure.
fn test(root: &Path) -> Result<()> {
    run::step("formatting", || {
        run::cargo(root, &["fmt", "--all", "--", "--check"])
    })?;
    run::step("clippy", || {
        run::cargo(
            root,
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        )
    })?;
    run::step("copy check", || copycheck::run(root))?;
    run::step("WebAssembly module", || wasm::build(root).map(|_| ()))?;
    run::step("unit and integration tests", || {
        let mut tests = run::cargo_command(
            root,
            &["test", "--workspace", "--exclude", "playbook-browser-tests"],
        );
        tests.env("INSTA_UPDATE", "no");
        run::status(tests)
    })?;
    run::step("this repository's playbook passes `playbook check`", || {
        run::cargo(
            root,
            &["run", "--quiet", "-p", "playbook", "--", "check", "."],
        )
    })?;
    run::step("browser tests", || browser::run(root))?;
    eprintln!("\nxtask test: every check passed");
    Ok(())
}
