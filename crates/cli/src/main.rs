//! The `playbook` command line: parses arguments, runs the command, and is the one place that
//! prints and sets the exit status ([`console`]). The other crates return what happened.

use std::path::PathBuf;
use std::process::ExitCode;

mod calc;
mod console;
mod init;
mod progress;
mod serve;

use clap::{Parser, Subcommand};
use playbook_site::BuildOptions;
use playbook_site::check::{self, CheckOptions};

/// mimalloc rather than the system's allocator: a build makes and frees millions of small
/// strings on every core, and glibc's malloc spent a fifth of a large build's time on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// No transparent huge pages for this process. mimalloc asks for them, and a fault in one
/// zeroes 2 MiB at once however little of it is used; a build frees and touches memory all over
/// its heap, so the kernel cleared pages nobody needed. Without them a 10,000-page build takes
/// about 4% less time and 17% less peak memory (docs/benchmarks.md). A system that refuses
/// changes nothing but that.
fn small_pages_only() {
    #[cfg(target_os = "linux")]
    let _ = nix::sys::prctl::set_thp_disable(true);
}

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

/// `--strict`, for the commands that build.
#[derive(clap::Args)]
struct Strictness {
    /// Stop at problems in the content (broken links, missing anchors and images, unknown
    /// tags, pages outside SUMMARY.md) instead of publishing with warnings.
    #[arg(long)]
    strict: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Render a playbook folder into a static site.
    Build {
        /// The playbook: a folder with playbook.toml, book.toml or .gitbook.yaml, or one holding SUMMARY.md.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The output folder (default: `output` in playbook.toml, else `public` in DIR).
        #[arg(long)]
        out: Option<PathBuf>,
        /// The address the site is published at, for canonical links and the sitemap.
        #[arg(long)]
        base_url: Option<String>,
        #[command(flatten)]
        strictness: Strictness,
    },
    /// Build in memory (writing nothing) and list every problem: broken links and anchors,
    /// missing images and files, SUMMARY.md mistakes, pages not in SUMMARY.md, unknown tags.
    /// Exits with status 1 when there is any (problems a build publishes with are errors here).
    Check {
        /// The playbook: a folder with playbook.toml, book.toml or .gitbook.yaml, or one holding SUMMARY.md.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Also request every http(s) link (8 at a time, 10 s each).
        #[arg(long)]
        external: bool,
    },
    /// Start a new playbook in DIR (a new or empty folder): settings, a table of contents, a
    /// home page and two pages, one with a calculator.
    Init {
        /// The folder to write the playbook into.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Run one of the playbook's calculators: `playbook calc selector --exposure 200000 --demand high`.
    Calc(calc::CalcArgs),
    /// Preview a playbook while editing it: build it, serve it on 127.0.0.1, rebuild what each
    /// save touches and reload the open pages (build errors show in the page until fixed).
    Serve {
        /// The playbook: a folder with playbook.toml, book.toml or .gitbook.yaml, or one holding SUMMARY.md.
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
        #[command(flatten)]
        strictness: Strictness,
    },
}

fn main() -> ExitCode {
    small_pages_only();
    match Cli::parse().command {
        Command::Build {
            dir,
            out,
            base_url,
            strictness: Strictness { strict },
        } => build(
            &dir,
            BuildOptions {
                out,
                base_url,
                strict,
                progress: None,
            },
        ),
        Command::Check { dir, external } => {
            let options = CheckOptions {
                external,
                ..Default::default()
            };
            let report = check::run(&dir, &options);
            console::out(&report.to_string());
            console::exit_status(!report.has_errors())
        }
        Command::Init { dir } => {
            console::outcome(init::run(&dir).map(|text| console::write(&text)))
        }
        Command::Calc(args) => {
            console::outcome(calc::render(&args).map(|text| console::write(&text)))
        }
        Command::Serve {
            dir,
            port,
            bind,
            open,
            poll,
            strictness: Strictness { strict },
        } => {
            let options = playbook_serve::ServeOptions {
                dir,
                port,
                bind,
                open,
                poll,
                strict,
                console: std::sync::Arc::new(console::Terminal),
            };
            console::outcome(serve::run(&options).map_err(anyhow::Error::msg))
        }
    }
}

/// The warnings a build shows one by one; the closing line counts them all.
const WARNINGS_SHOWN: usize = 20;

/// `playbook build`: the site written, its first warnings and a closing line counting them, or
/// every error.
fn build(dir: &std::path::Path, options: BuildOptions) -> ExitCode {
    let progress = progress::BuildProgress::start();
    let options = BuildOptions {
        progress: progress.as_ref().map(|(_, report)| report.clone()),
        ..options
    };
    let built = playbook_site::build(dir, &options);
    if let Some((line, _)) = progress {
        line.finish();
    }
    match built {
        Ok(report) => {
            for warning in report.warnings.iter().take(WARNINGS_SHOWN) {
                console::say(&warning.to_string());
            }
            let pages = plural(report.pages, "page");
            let closing = match report.warnings.len() {
                0 => format!("built {pages} into {}", report.output.display()),
                n => format!(
                    "built {pages} into {}, {}: run `playbook check` for the list",
                    report.output.display(),
                    plural(n, "warning")
                ),
            };
            console::say(&closing);
            ExitCode::SUCCESS
        }
        Err(failure) => {
            console::say(&failure.to_string());
            ExitCode::FAILURE
        }
    }
}

/// `3 pages`, `1 page`.
fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
