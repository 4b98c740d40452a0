//! The load generator: `requests` requests to the preview over kept-alive connections while
//! pages are saved and rebuilt, counting failed requests, torn pages and the server's memory.
//!
//! The run is here, in named steps; `server` starts the server under load, `edits` saves the
//! pages, `client` and `http` send the requests, `memory` samples the server's memory and
//! `report` holds what was found.

mod client;
mod edits;
mod http;
mod memory;
mod report;
mod server;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use playbook_book::config::Project;
use playbook_book::diagnostics::Diagnostics;
use playbook_book::{self as book, Exclusions, Page};

use crate::EventStream;
use client::{Client, Tally};
use edits::{EDITED_PAGES, EditedPage, edited_pages, start_editor};
use memory::{rss_mb, sample_peaks};
pub use report::LoadReport;
use server::LoadServer;

/// What the load measurement does: `requests` requests over `connections` kept-alive
/// connections to 127.0.0.1, while pages are saved every `edit_gap` (every third pause four
/// times as long, so that whole rebuilds follow the single pages') and rebuilt.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// The playbook; it is copied first, and the copy's pages are edited.
    pub corpus: PathBuf,
    pub requests: usize,
    pub connections: usize,
    pub edit_gap: Duration,
    /// The run stops there, finished or not (and then fails).
    pub time_limit: Duration,
    /// The `playbook` binary to run the server with, as `playbook serve` in a process of its own
    /// whose memory is measured apart from the clients'; `None` runs it in this process.
    pub server: Option<PathBuf>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            corpus: PathBuf::new(),
            requests: 20_000,
            connections: 100,
            edit_gap: Duration::from_millis(100),
            time_limit: Duration::from_secs(600),
            server: None,
        }
    }
}

/// Copies a playbook's folder, leaving out its output and hidden folders.
fn copy_playbook(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') || name == "public" {
            continue;
        }
        if entry.file_type()?.is_dir() {
            copy_playbook(&entry.path(), &to.join(&name))?;
        } else {
            std::fs::copy(entry.path(), to.join(&name))?;
        }
    }
    Ok(())
}

/// Runs the load measurement on a copy of the corpus, removed at the end.
pub fn load(options: &LoadOptions) -> Result<LoadReport, String> {
    let copy = std::env::temp_dir().join(format!("playbook-load-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&copy);
    copy_playbook(&options.corpus, &copy).map_err(|e| format!("cannot copy the corpus: {e}"))?;
    let result = load_in(&copy, options);
    let _ = std::fs::remove_dir_all(&copy);
    result
}

fn load_in(root: &Path, options: &LoadOptions) -> Result<LoadReport, String> {
    let project = Project::locate(root).map_err(|d| d.to_string())?;
    let mut diagnostics = Diagnostics::default();
    let book = book::load(&project.source, &Exclusions::default(), &mut diagnostics);
    if book.pages.len() < EDITED_PAGES * 2 {
        return Err("the corpus needs at least 16 pages".into());
    }
    let edited = edited_pages(&project.source, &book.pages)?;
    let paths = request_paths(&book.pages);
    let server = LoadServer::start(root, options.server.as_deref())?;
    let process = server.process();
    warm_up(&project.source, server.port)?;

    let done = Arc::new(AtomicBool::new(false));
    let answered = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let rss_start = rss_mb(&process);
    let sampler = sample_peaks(
        done.clone(),
        answered.clone(),
        process.clone(),
        options.requests / 2,
    );
    let editor = start_editor(done.clone(), edited.clone(), options.edit_gap);
    let clients = start_clients(
        options,
        server.port,
        &paths,
        &edited,
        &answered,
        started + options.time_limit,
    );
    let mut report = LoadReport {
        pages: book.pages.len(),
        requests: options.requests,
        connections: options.connections,
        rss_start_mb: rss_start,
        ..LoadReport::default()
    };
    let edits_seen = add_tallies(&mut report, clients)?;
    report.seconds = started.elapsed().as_secs_f64();
    done.store(true, Ordering::Relaxed);
    report.edits = editor.join().map_err(|_| "the editor thread panicked")??;
    report.edits_seen = edits_seen;
    let (first, second) = sampler.join().map_err(|_| "the sampler thread panicked")?;
    report.rss_first_half_peak_mb = first;
    report.rss_second_half_peak_mb = second;
    // Saves have stopped: once the last one is rebuilt (settling, then a whole build), the
    // server holds one site.
    std::thread::sleep(Duration::from_secs(3));
    report.rss_end_mb = rss_mb(&process);
    drop(server);
    Ok(report)
}

/// What the requests ask for: half go to the pages being edited, the rest to every page and to
/// the theme.
fn request_paths(pages: &[Page]) -> Vec<String> {
    let mut paths: Vec<String> = pages.iter().map(|p| format!("/{}", p.url)).collect();
    paths.push("/_playbook/style.css".into());
    paths.push("/404.html".into());
    paths
}

/// One whole rebuild before the clock starts: a server holds two sites for a moment while it
/// rebuilds, so memory rises once after its first build. With it behind, both halves of the
/// run see a server that has rebuilt, and growth between them means a leak.
fn warm_up(source: &Path, port: u16) -> Result<(), String> {
    let events = EventStream::connect(SocketAddr::from(([127, 0, 0, 1], port)))
        .map_err(|e| format!("cannot connect: {e}"))?;
    events
        .wait_for("hello", Duration::from_secs(10))
        .ok_or("the server sent no hello")?;
    // A page added to SUMMARY.md changes every page's navigation: a whole rebuild that reloads.
    let added = source.join("warm-up.md");
    std::fs::write(&added, "# Warm-up\n").map_err(|e| format!("{}: {e}", added.display()))?;
    let summary = source.join("SUMMARY.md");
    let mut text =
        std::fs::read_to_string(&summary).map_err(|e| format!("{}: {e}", summary.display()))?;
    text.push_str("\n- [Warm-up](warm-up.md)\n");
    std::fs::write(&summary, text).map_err(|e| format!("{}: {e}", summary.display()))?;
    events
        .wait_for("reload", Duration::from_secs(30))
        .ok_or("the warm-up rebuild sent no reload")?;
    Ok(())
}

/// Starts the clients, `options.requests` requests shared among `options.connections`.
fn start_clients(
    options: &LoadOptions,
    port: u16,
    paths: &[String],
    edited: &[EditedPage],
    answered: &Arc<AtomicUsize>,
    deadline: Instant,
) -> Vec<JoinHandle<Tally>> {
    let per_connection = options.requests.div_ceil(options.connections.max(1));
    (0..options.connections.max(1))
        .map(|connection| {
            Client {
                connection,
                count: per_connection
                    .min(options.requests.saturating_sub(connection * per_connection)),
                port,
                paths: paths.to_vec(),
                edited: edited.iter().map(|page| page.url.clone()).collect(),
                answered: answered.clone(),
                deadline,
            }
            .start()
        })
        .collect()
}

/// Adds the clients' tallies to `report`, once each has sent its requests; how many saves
/// readers were served.
fn add_tallies(report: &mut LoadReport, clients: Vec<JoinHandle<Tally>>) -> Result<usize, String> {
    let mut seen = std::collections::BTreeSet::new();
    for client in clients {
        let tally = client.join().map_err(|_| "a client thread panicked")?;
        report.failed += tally.failed;
        report.torn += tally.torn;
        if report.first_problem.is_none() {
            report.first_problem = tally.problem;
        }
        report.latency_ms.extend(tally.latencies);
        seen.extend(tally.seen);
    }
    Ok(seen.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_load_run_passes() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path();
        let mut summary = String::from("# Summary\n\n");
        for n in 0..20 {
            summary.push_str(&format!("- [Page {n}](p{n}.md)\n"));
            std::fs::write(
                dir.join(format!("p{n}.md")),
                format!("# Page {n}\n\nText.\n"),
            )
            .unwrap();
        }
        std::fs::write(dir.join("SUMMARY.md"), summary).unwrap();
        let report = load(&LoadOptions {
            corpus: dir.to_path_buf(),
            requests: 400,
            connections: 8,
            edit_gap: Duration::from_millis(30),
            time_limit: Duration::from_secs(120),
            server: None,
        })
        .unwrap();
        assert_eq!(report.failed, 0, "{}", report.to_markdown());
        assert_eq!(report.torn, 0, "{}", report.to_markdown());
        assert_eq!(report.latency_ms.len(), 400);
        assert!(report.edits > 0);
    }
}
