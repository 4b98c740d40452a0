//! `cargo xtask bench`: speed, size and memory figures, printed for docs/benchmarks.md.
//! Build: 1,000 and 10,000 generated pages, to tmpfs and to disk, wall time and peak memory of the
//! release `playbook build`; what code in the pages costs: see `highlight.rs`; pathological
//! inputs at two sizes: see `hostile.rs`. Page weight and
//! search index sizes: see `weight.rs`. Estate calculator: recompute time for 500 services in
//! headless Chromium, from its browser test. Against Hugo and mdBook on the same corpus: see
//! `peers.rs`, run by `cargo xtask bench peers` only (not by the bare `cargo xtask bench`: its
//! first run compiles mdBook).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::run;

pub fn run(root: &Path, args: &[String]) -> Result<()> {
    let only: Option<&str> = args.first().map(String::as_str);
    crate::wasm::dist(root)?;
    let playbook = crate::wasm::target_dir(root).join("release/playbook");
    if only.is_none() || only == Some("build") {
        build_bench(root, &playbook)?;
    }
    if only.is_none() || only == Some("hostile") {
        crate::hostile::bench(&playbook)?;
    }
    if only.is_none() || only == Some("highlight") {
        crate::highlight::bench(root, &playbook)?;
    }
    if only.is_none() || only == Some("weight") {
        crate::weight::weight_bench(root, &playbook)?;
    }
    if only.is_none() || only == Some("search") {
        let corpus = corpus(root, &scratch_dir(), 1_000)?;
        crate::weight::search_bench(root, &playbook, &corpus)?;
    }
    if only.is_none() || only == Some("estate") {
        estate_bench(root)?;
    }
    if only.is_none() || only == Some("wasm") {
        wasm_bench(root)?;
    }
    if only.is_none() || only == Some("reload") {
        reload_bench(root)?;
    }
    if only.is_none() || only == Some("load") {
        load_bench(root, &playbook)?;
    }
    if only == Some("peers") {
        crate::peers::bench(root, &playbook)?;
    }
    Ok(())
}

/// The preview under load: requests to 127.0.0.1 while pages are saved and rebuilt, on a copy
/// of the 1,000-page corpus (`serve-bench --load`, which fails on any failed request, torn page
/// or growth of memory). The server is the release `playbook serve`, its memory measured apart.
fn load_bench(root: &Path, playbook: &Path) -> Result<()> {
    let corpus = corpus(root, &scratch_dir(), 1_000)?;
    let serve_bench = serve_bench(root)?;
    for requests in ["20000", "200000"] {
        println!("\n## playbook serve under load: {requests} requests over 100 connections");
        run::status({
            let mut c = Command::new(&serve_bench);
            c.arg(&corpus)
                .args(["--load", requests, "--connections", "100", "--server"])
                .arg(playbook);
            c
        })?;
    }
    Ok(())
}

/// The preview's full in-memory rebuild and save-to-reload times on the 1,000-page corpus
/// (`serve-bench`, which edits pages and puts them back).
fn reload_bench(root: &Path) -> Result<()> {
    let corpus = corpus(root, &scratch_dir(), 1_000)?;
    println!("\n## playbook serve: full rebuild and save to reload, 1,000 pages");
    run::status({
        let mut c = Command::new(serve_bench(root)?);
        c.arg(&corpus);
        c
    })
}

/// The release `serve-bench` binary (this package's, on `crates/bench`), built here: it is not
/// part of `playbook`.
fn serve_bench(root: &Path) -> Result<PathBuf> {
    run::cargo(
        root,
        &["build", "--release", "-p", "xtask", "--bin", "serve-bench"],
    )?;
    Ok(crate::wasm::target_dir(root).join("release/serve-bench"))
}

/// The calculators' download (module, bindings and `calculators.js`, gzipped; budget 40 KB) and
/// the time of one recompute in WebAssembly, timed in Node.js over many calls (budget 1 ms).
fn wasm_bench(root: &Path) -> Result<()> {
    let modules = crate::wasm::out_dir(root);
    let script = std::fs::read(root.join("static/calculators.js"))?;
    let estate_script = std::fs::read(root.join("static/estate.js"))?;
    println!("\n## Calculators: WebAssembly download and recompute time");
    println!("| module | wasm | bindings | page scripts | total gzipped | one recompute |");
    println!("|---|---|---|---|---|---|");
    for (name, scripts, calculator, inputs) in [
        (
            "calc",
            vec![&script],
            "selector",
            "exposure=200000\ndemand=very-high",
        ),
        (
            "calc-estate",
            vec![&script, &estate_script],
            "run-cost",
            "teams=10",
        ),
    ] {
        let wasm = std::fs::read(modules.join(format!("{name}.wasm")))?;
        let glue = std::fs::read(modules.join(format!("{name}.js")))?;
        let page: usize = scripts.iter().map(|s| crate::weight::gzipped(s)).sum();
        let total = crate::weight::gzipped(&wasm) + crate::weight::gzipped(&glue) + page;
        // Node.js runs the same module and bindings the page loads.
        let timing = format!(
            "import {{ initSync, calculate }} from {glue:?};\n\
             import {{ readFileSync }} from 'node:fs';\n\
             initSync({{ module: readFileSync({wasm:?}) }});\n\
             for (let i = 0; i < 200; i++) calculate({calculator:?}, {inputs:?});\n\
             const n = 5000; const start = performance.now();\n\
             for (let i = 0; i < n; i++) calculate({calculator:?}, {inputs:?});\n\
             console.log(((performance.now() - start) / n).toFixed(4));\n",
            glue = modules.join(format!("{name}.js")).display().to_string(),
            wasm = modules.join(format!("{name}.wasm")).display().to_string(),
        );
        let file = modules.join(format!("time-{name}.mjs"));
        std::fs::write(&file, timing)?;
        let output = Command::new("node")
            .arg(&file)
            .output()
            .context("node is needed to time the module")?;
        let per_call = String::from_utf8_lossy(&output.stdout).trim().to_string();
        println!(
            "| {name} | {:.1} KB | {:.1} KB | {:.1} KB | {:.1} KB | {per_call} ms ({calculator}) |",
            crate::weight::gzipped(&wasm) as f64 / 1000.0,
            crate::weight::gzipped(&glue) as f64 / 1000.0,
            page as f64 / 1000.0,
            total as f64 / 1000.0,
        );
    }
    Ok(())
}

/// The estate calculator's recompute time for 500 services in headless Chromium (the module's
/// call and the update of the page's results, before the browser paints them), as its browser
/// test logs it after each edit. Target: under 50 ms.
fn estate_bench(root: &Path) -> Result<()> {
    let output = run::cargo_command(
        root,
        &[
            "test",
            "--quiet",
            "-p",
            "playbook-browser-tests",
            "--test",
            "browser",
            "estate::",
            "--",
            "--nocapture",
        ],
    )
    .output()
    .context("cannot run the estate browser test")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        bail!(
            "the estate browser test failed:\n{stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let mut edits: Vec<f64> = stdout
        .lines()
        .filter_map(|line| line.strip_prefix("estate recompute, 500 services, one edit: "))
        .filter_map(|ms| ms.trim_end_matches(" ms").parse().ok())
        .collect();
    edits.sort_by(f64::total_cmp);
    let Some(&median) = edits.get(edits.len() / 2) else {
        bail!("the estate browser test logged no timings");
    };
    println!("\n## Estate calculator: 500 services in headless Chromium");
    println!(
        "median recompute after an edit: {median:.1} ms over {} edits (target: under 50 ms)",
        edits.len()
    );
    Ok(())
}

/// A generated corpus of `pages` pages, made once and kept under `base`.
pub fn corpus(root: &Path, base: &Path, pages: usize) -> Result<PathBuf> {
    let dir = base.join(format!("playbook-corpus-{pages}"));
    if !dir.join("SUMMARY.md").is_file() {
        let generator = root.join("../shared/bench/gen_corpus.py");
        if !generator.is_file() {
            bail!("{} is missing: the benches need it", generator.display());
        }
        run::status({
            let mut c = Command::new("python3");
            c.arg(&generator)
                .arg(&dir)
                .args(["--pages", &pages.to_string()]);
            c
        })?;
    }
    Ok(dir)
}

/// Wall seconds and peak resident memory (MB) of one run of `playbook ARGS`, which must succeed.
pub fn measure(playbook: &Path, args: &[&str]) -> Result<(f64, f64)> {
    let (code, wall, peak) = measure_status(playbook, args)?;
    if code != 0 {
        bail!("playbook {} failed with exit code {code}", args.join(" "));
    }
    Ok((wall, peak))
}

/// The exit code, wall seconds and peak resident memory (MB) of one run of `program ARGS` (the
/// release `playbook`, or a peer's binary); a run ended by a signal (a crash, a stack overflow)
/// is an error.
pub fn measure_status(program: &Path, args: &[&str]) -> Result<(i32, f64, f64)> {
    let script = "import resource, subprocess, sys, time\n\
                  start = time.perf_counter()\n\
                  code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n\
                  wall = time.perf_counter() - start\n\
                  peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n\
                  print(code, wall, peak)\n";
    let output = Command::new("python3")
        .args(["-c", script])
        .arg(program)
        .args(args)
        .output()
        .context("python3 is needed to measure")?;
    let text = String::from_utf8_lossy(&output.stdout);
    let parts: Vec<&str> = text.split_whitespace().collect();
    let code: i32 = match parts.first().map(|c| c.parse()) {
        Some(Ok(code)) if parts.len() == 3 && code >= 0 => code,
        _ => bail!(
            "{} {} did not finish: {text}",
            program.display(),
            args.join(" ")
        ),
    };
    Ok((code, parts[1].parse()?, parts[2].parse()?))
}

/// Memory-backed scratch space when there is some: generated corpora and tmpfs builds go there.
pub fn scratch_dir() -> PathBuf {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    }
}

fn build_bench(root: &Path, playbook: &Path) -> Result<()> {
    let scratch = scratch_dir();
    let disk = root.join("target/bench");
    std::fs::create_dir_all(&disk)?;
    println!("\n## playbook build (release), median of 3 runs");
    println!("| pages | output on | wall time | peak memory | output size |");
    println!("|---|---|---|---|---|");
    let mut sizes = Vec::new();
    for pages in [1_000, 10_000] {
        let source = corpus(root, &scratch, pages)?;
        for (label, base) in [("tmpfs", &scratch), ("disk", &disk)] {
            let out = base.join(format!("playbook-bench-out-{pages}"));
            let out_arg = out.to_string_lossy().into_owned();
            let source_arg = source.to_string_lossy().into_owned();
            let mut runs = Vec::new();
            for _ in 0..3 {
                runs.push(measure(
                    playbook,
                    &["build", &source_arg, "--out", &out_arg],
                )?);
            }
            runs.sort_by(|a, b| a.0.total_cmp(&b.0));
            let (wall, peak) = runs[1];
            let size = folder_size(&out)?;
            if label == "tmpfs" {
                sizes.push(size);
            }
            println!(
                "| {pages} | {label} | {wall:.2} s | {peak:.0} MB | {:.1} MB |",
                size as f64 / 1e6
            );
        }
    }
    if let [small, large] = sizes[..] {
        println!(
            "\noutput growth, 10,000 pages against 1,000: {:.1} times (target: at most 12)",
            large as f64 / small as f64
        );
    }
    Ok(())
}

/// Every file below `dir`, as paths relative to it.
pub fn files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut folders: Vec<PathBuf> = vec![PathBuf::new()];
    while let Some(folder) = folders.pop() {
        let entries = std::fs::read_dir(dir.join(&folder))
            .with_context(|| format!("reading {}", dir.join(&folder).display()))?;
        for entry in entries {
            let entry = entry?;
            let relative = folder.join(entry.file_name());
            if entry.file_type()?.is_dir() {
                folders.push(relative);
            } else {
                files.push(relative);
            }
        }
    }
    files.sort();
    Ok(files)
}

fn folder_size(dir: &Path) -> Result<u64> {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let meta = entry.metadata()?;
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                total += meta.len();
            }
        }
    }
    Ok(total)
}
