//! `serve-bench`: the preview's figures for `cargo xtask bench` (the measuring is
//! `crates/bench`'s), never shipped in `playbook`.
//! Without `--load`, times full in-memory rebuilds and save-to-reload; with `--load N`, sends N
//! requests to the preview while pages are saved, and fails on any failed request, torn page or
//! growth of memory.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use playbook_bench::{BenchOptions, LoadOptions, load, run};

#[derive(Parser)]
#[command(
    name = "serve-bench",
    about = "Measure the preview's rebuild and reload times on a corpus"
)]
struct Args {
    /// The playbook to measure; its pages are edited and put back.
    corpus: PathBuf,
    /// Page edits timed; every third lands while the preview rebuilds the whole site.
    #[arg(long, default_value_t = 60)]
    edits: usize,
    /// Full rebuilds timed.
    #[arg(long, default_value_t = 5)]
    full_builds: usize,
    /// The pause between edits, in milliseconds (but for every third edit).
    #[arg(long, default_value_t = 500)]
    gap_ms: u64,
    /// Print the timings as JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Instead of the timings: send this many requests to the preview on 127.0.0.1 while
    /// pages are saved every 100 ms, and report failed requests, torn pages and memory.
    #[arg(long)]
    load: Option<usize>,
    /// The connections the load is sent over.
    #[arg(long, default_value_t = 100)]
    connections: usize,
    /// The `playbook` binary to run as the server under load (its memory is measured apart);
    /// without it, the server runs in this process.
    #[arg(long)]
    server: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let outcome = match args.load {
        Some(requests) => load_figures(&args, requests),
        None => reload_figures(&args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn load_figures(args: &Args, requests: usize) -> Result<(), String> {
    let options = LoadOptions {
        corpus: args.corpus.clone(),
        requests,
        connections: args.connections,
        server: args.server.clone(),
        ..LoadOptions::default()
    };
    let report = load(&options)?;
    if args.json {
        println!("{}", serde_json::to_string(&report).unwrap_or_default());
    } else {
        print!("{}", report.to_markdown());
    }
    if report.passed() {
        Ok(())
    } else {
        Err("the preview failed under load".into())
    }
}

fn reload_figures(args: &Args) -> Result<(), String> {
    let options = BenchOptions {
        corpus: args.corpus.clone(),
        edits: args.edits,
        full_builds: args.full_builds,
        gap: std::time::Duration::from_millis(args.gap_ms),
    };
    let report = run(&options)?;
    if args.json {
        println!("{}", serde_json::to_string(&report).unwrap_or_default());
    } else {
        print!("{}", report.to_markdown());
    }
    Ok(())
}
