//! The `playbook` command line: parses arguments, runs the command, prints problems and sets the
//! exit status. Library code never exits the process.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use playbook_site::calc;
use playbook_site::diagnostics::Diagnostic;
use playbook_site::site::{self, BuildOptions};

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
    /// Run one of the playbook's models: `playbook calc select --exposure 200000 --demand high`.
    Calc(calc::CalcArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Calc(args) => match calc::run(&args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: {error:#}");
                ExitCode::FAILURE
            }
        },
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
