//! The `playbook` command line: parses arguments, runs the command, prints problems and sets the
//! exit status. Library code never exits the process.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use playbook_site::calc;
use playbook_site::diagnostics::Diagnostic;
use playbook_site::site::{self, BuildOptions};

/// mimalloc rather than the system's allocator: a build makes and frees millions of small
/// strings on every core, and glibc's malloc spent a fifth of a large build's time on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "playbook",
    version,
    about = "Build operating-model playbooks into static sites"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render a playbook folder into a static site.
    Build {
        /// The playbook: a folder with playbook.toml, or one holding SUMMARY.md.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The output folder (default: `output` in playbook.toml, else `public` in DIR).
        #[arg(long)]
        out: Option<PathBuf>,
        /// The address the site is published at, for canonical links and the sitemap.
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Build in memory (writing nothing) and list every problem: broken links and anchors,
    /// missing images and files, SUMMARY.md mistakes, pages not in SUMMARY.md, unknown tags.
    /// Exits with status 1 when any problem is an error.
    Check {
        /// The playbook: a folder with playbook.toml or .gitbook.yaml, or one holding SUMMARY.md.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Also request every http(s) link (8 at a time, 10 s each).
        #[arg(long)]
        external: bool,
    },
    /// Run one of the playbook's models: `playbook calc select --exposure 200000 --demand high`.
    Calc(calc::CalcArgs),
    /// Preview a playbook while editing it: build it, serve it on 127.0.0.1, rebuild what each
    /// save touches and reload the open pages (build errors show in the page until fixed).
    Serve {
        /// The playbook: a folder with playbook.toml, or one holding SUMMARY.md.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The port (default 3000, or a free one when 3000 is taken; 0 picks a free one).
        #[arg(long)]
        port: Option<u16>,
        /// The address to listen on; 0.0.0.0 shares the preview with the whole network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the preview in the default browser.
        #[arg(long)]
        open: bool,
        /// Poll for changes instead of waiting for file events (network drives, some containers).
        #[arg(long)]
        poll: bool,
    },
    /// Measure the preview's rebuild and reload times on a corpus (for `cargo xtask bench`).
    #[command(hide = true)]
    ServeBench {
        /// The playbook to measure; its pages are edited and put back.
        corpus: PathBuf,
        /// Page edits timed.
        #[arg(long, default_value_t = 30)]
        edits: usize,
        /// Full rebuilds timed.
        #[arg(long, default_value_t = 5)]
        full_builds: usize,
        /// The pause between edits, in milliseconds.
        #[arg(long, default_value_t = 500)]
        gap_ms: u64,
        /// Print the timings as JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Instead of the timings: send this many requests to the preview on 127.0.0.1 while
        /// pages are saved every 100 ms, and report failed requests, torn pages and memory
        /// (exits with status 1 if any request failed or page was torn, or memory grew).
        #[arg(long)]
        load: Option<usize>,
        /// The connections the load is sent over.
        #[arg(long, default_value_t = 100)]
        connections: usize,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve {
            dir,
            port,
            bind,
            open,
            poll,
        } => {
            let options = playbook_site::serve::ServeOptions {
                dir,
                port,
                bind,
                open,
                poll,
                quiet: false,
            };
            match playbook_site::serve::run(&options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::ServeBench {
            corpus,
            edits,
            full_builds,
            gap_ms,
            json,
            load,
            connections,
        } => {
            use playbook_site::serve::bench;
            if let Some(requests) = load {
                let options = bench::LoadOptions {
                    corpus,
                    requests,
                    connections,
                    // The server runs as `playbook serve`, its memory measured apart.
                    server: std::env::current_exe().ok(),
                    ..bench::LoadOptions::default()
                };
                return match bench::load(&options) {
                    Ok(report) => {
                        if json {
                            println!("{}", serde_json::to_string(&report).unwrap_or_default());
                        } else {
                            print!("{}", report.to_markdown());
                        }
                        if report.passed() {
                            ExitCode::SUCCESS
                        } else {
                            eprintln!("error: the preview failed under load");
                            ExitCode::FAILURE
                        }
                    }
                    Err(error) => {
                        eprintln!("error: {error}");
                        ExitCode::FAILURE
                    }
                };
            }
            let options = bench::BenchOptions {
                corpus,
                edits,
                full_builds,
                gap: std::time::Duration::from_millis(gap_ms),
            };
            match bench::run(&options) {
                Ok(report) if json => {
                    println!("{}", serde_json::to_string(&report).unwrap_or_default());
                    ExitCode::SUCCESS
                }
                Ok(report) => {
                    print!("{}", report.to_markdown());
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Calc(args) => match calc::run(&args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: {error:#}");
                ExitCode::FAILURE
            }
        },
        Command::Check { dir, external } => {
            let options = playbook_site::check::CheckOptions {
                external,
                ..Default::default()
            };
            let report = playbook_site::check::run(&dir, &options);
            println!("{report}");
            if report.has_errors() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Build { dir, out, base_url } => {
            let options = BuildOptions { out, base_url };
            match site::build(&dir, &options) {
                Ok(report) => {
                    print_warnings(&report.warnings);
                    eprintln!(
                        "built {} page{} into {}",
                        report.pages,
                        if report.pages == 1 { "" } else { "s" },
                        report.output.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(failure) => {
                    eprintln!("{failure}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

fn print_warnings(warnings: &[Diagnostic]) {
    for warning in warnings {
        eprintln!("{warning}");
    }
}
