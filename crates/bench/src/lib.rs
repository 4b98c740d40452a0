//! Measures the preview on a playbook (the generated benchmark corpus): how long a full
//! in-memory rebuild takes, and how long from a page file's write until the reload message
//! reaches a connected browser. `serve-bench CORPUS` (this crate's binary, never shipped) runs it for `cargo xtask bench`.
//! Also holds the small server-sent events client the measurement (and the tests) use.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use playbook_book::config::Project;
use playbook_book::diagnostics::Diagnostics;
use playbook_book::{self as book, Exclusions};
use playbook_serve::builder::Builder;
use playbook_serve::{ServeOptions, start};

/// What to measure.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    pub corpus: PathBuf,
    /// Page edits timed (at least 20 for a meaningful 95th percentile).
    pub edits: usize,
    /// Full rebuilds timed.
    pub full_builds: usize,
    /// The pause after each edit is put back, before the next.
    pub gap: Duration,
}

/// The figures, in milliseconds.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BenchReport {
    pub pages: usize,
    pub full_build_ms: Vec<f64>,
    pub reload_ms: Vec<f64>,
}

impl BenchReport {
    /// The median and the 95th percentile (nearest rank) of some timings.
    pub fn summary(values: &[f64]) -> (f64, f64, f64) {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        if sorted.is_empty() {
            return (0.0, 0.0, 0.0);
        }
        let rank =
            |p: f64| sorted[((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1];
        (rank(0.5), rank(0.95), sorted[sorted.len() - 1])
    }

    /// The figures as lines for a terminal or `docs/benchmarks.md`.
    pub fn to_markdown(&self) -> String {
        let (full_median, full_p95, full_max) = Self::summary(&self.full_build_ms);
        let (median, p95, max) = Self::summary(&self.reload_ms);
        format!(
            "| measure ({} pages) | runs | median | 95th percentile | max |\n|---|---|---|---|---|\n\
             | full in-memory rebuild | {} | {full_median:.1} ms | {full_p95:.1} ms | {full_max:.1} ms |\n\
             | page write to reload message | {} | {median:.1} ms | {p95:.1} ms | {max:.1} ms |\n",
            self.pages,
            self.full_build_ms.len(),
            self.reload_ms.len(),
        )
    }
}

/// Runs the measurement. The corpus's pages are edited and put back as they were.
pub fn run(options: &BenchOptions) -> Result<BenchReport, String> {
    let project = Project::locate(&options.corpus).map_err(|d| d.to_string())?;
    let mut diagnostics = Diagnostics::default();
    let pages: Vec<PathBuf> = book::load(&project.source, &Exclusions::default(), &mut diagnostics)
        .pages
        .into_iter()
        .map(|page| project.source.join(page.source))
        .collect();
    if pages.is_empty() {
        return Err("the corpus has no pages".into());
    }
    let mut full_build_ms = Vec::new();
    let mut builder = Builder::new(&options.corpus, Some("http://127.0.0.1:1/".into()));
    for _ in 0..options.full_builds {
        let started = Instant::now();
        builder.full().map_err(|failure| failure.to_string())?;
        full_build_ms.push(millis(started.elapsed()));
    }
    drop(builder);
    let server = start(&ServeOptions {
        dir: options.corpus.clone(),
        port: Some(0),
        console: std::sync::Arc::new(playbook_serve::Silent),
        ..ServeOptions::default()
    })?;
    let events = EventStream::connect(server.addr).map_err(|e| format!("cannot connect: {e}"))?;
    events
        .wait_for("hello", Duration::from_secs(10))
        .ok_or("the server sent no hello")?;
    let mut reload_ms = Vec::new();
    for edit in 0..options.edits {
        let page = &pages[(edit * 7919) % pages.len()];
        let original = std::fs::read(page).map_err(|e| format!("{}: {e}", page.display()))?;
        let mut edited = original.clone();
        edited.extend_from_slice(format!("\n\nEdited for the benchmark, run {edit}.\n").as_bytes());
        events.drain();
        let written = Instant::now();
        std::fs::write(page, &edited).map_err(|e| format!("{}: {e}", page.display()))?;
        let arrived = events
            .wait_for("reload", Duration::from_secs(10))
            .ok_or_else(|| format!("no reload after editing {}", page.display()))?;
        reload_ms.push(millis(arrived.saturating_duration_since(written)));
        std::fs::write(page, &original).map_err(|e| format!("{}: {e}", page.display()))?;
        events.wait_for("reload", Duration::from_secs(10));
        // An editor saves every few seconds at most: leave a gap, as one would.
        std::thread::sleep(options.gap);
    }
    drop(server);
    Ok(BenchReport {
        pages: pages.len(),
        full_build_ms,
        reload_ms,
    })
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

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

/// What the load measurement found.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct LoadReport {
    pub pages: usize,
    pub requests: usize,
    pub connections: usize,
    /// Requests without a complete `200 OK` answer.
    pub failed: usize,
    /// HTML answers cut short, or holding an edited page from two different saves.
    pub torn: usize,
    /// Page saves made during the run, and how many of them readers were served.
    pub edits: usize,
    pub edits_seen: usize,
    pub seconds: f64,
    pub latency_ms: Vec<f64>,
    /// Resident memory of the server, in MB: when the requests started, at its highest while the
    /// first half of them and the second half were answered, and once the last save was rebuilt.
    pub rss_start_mb: f64,
    pub rss_first_half_peak_mb: f64,
    pub rss_second_half_peak_mb: f64,
    pub rss_end_mb: f64,
    /// The first failure or torn page, described.
    pub first_problem: Option<String>,
}

impl LoadReport {
    /// The figures as lines for a terminal or `docs/benchmarks.md`.
    pub fn to_markdown(&self) -> String {
        let (median, p95, max) = BenchReport::summary(&self.latency_ms);
        let mut out = format!(
            "| preview under load ({} pages) | figure |\n|---|---|\n\
             | requests, over connections | {} over {} |\n\
             | failed requests | {} |\n\
             | torn pages | {} |\n\
             | page saves during the run (seen by readers) | {} ({}) |\n\
             | wall time | {:.1} s ({:.0} requests/s) |\n\
             | latency median / 95th percentile / max | {median:.1} / {p95:.1} / {max:.1} ms |\n\
             | server memory: start / peak in the first half / peak in the second half / settled | {:.0} / {:.0} / {:.0} / {:.0} MB |\n",
            self.pages,
            self.requests,
            self.connections,
            self.failed,
            self.torn,
            self.edits,
            self.edits_seen,
            self.seconds,
            self.requests as f64 / self.seconds.max(1e-9),
            self.rss_start_mb,
            self.rss_first_half_peak_mb,
            self.rss_second_half_peak_mb,
            self.rss_end_mb,
        );
        if let Some(problem) = &self.first_problem {
            out.push_str(&format!("\nfirst problem: {problem}\n"));
        }
        out
    }

    /// No failed request, no torn page, and flat memory: its peak in the second half of the
    /// requests within 25% (or 32 MB) of its peak in the first. (Peaks, because a whole rebuild
    /// holds two sites for a moment; the first rebuilds warm the memory up from the start.)
    pub fn passed(&self) -> bool {
        let first = self.rss_first_half_peak_mb;
        let flat = self.rss_second_half_peak_mb <= first + (first * 0.25).max(32.0);
        self.failed == 0 && self.torn == 0 && flat
    }
}

/// The pages edited during a load run, and the marker each save writes at both ends of a
/// page's added text: a page served with one marker but not the other was read half-saved.
const EDITED_PAGES: usize = 8;

fn marker_text(page: usize, save: usize) -> String {
    let filler = "Text added while the preview was under load, to make the save long enough to be seen half-written. ".repeat(40);
    format!("\n\nload-marker-top-{page}-{save}\n\n{filler}\n\nload-marker-bottom-{page}-{save}\n")
}

/// The save number of page `page` in an HTML answer: `Ok(None)` for the original, `Err` when its
/// two markers disagree.
fn served_save(html: &str, page: usize) -> Result<Option<usize>, String> {
    let find = |end: &str| -> Option<usize> {
        let prefix = format!("load-marker-{end}-{page}-");
        let at = html.find(&prefix)? + prefix.len();
        let digits: String = html[at..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().ok()
    };
    match (find("top"), find("bottom")) {
        (None, None) => Ok(None),
        (Some(top), Some(bottom)) if top == bottom => Ok(Some(top)),
        (top, bottom) => Err(format!(
            "page {page} served with markers from saves {top:?} and {bottom:?}"
        )),
    }
}

/// Resident memory of a process (`self` or a process id), in MB.
fn rss_mb(process: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{process}/status"))
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
            let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(kb / 1024.0)
        })
        .unwrap_or(0.0)
}

/// One answer: its status, whether it is HTML, and its body.
struct Answer {
    status: u16,
    html: bool,
    body: Vec<u8>,
}

/// Sends `GET path` on a kept-alive connection and reads the whole answer (by its
/// `Content-Length`, or chunked).
fn get(reader: &mut BufReader<TcpStream>, port: u16, path: &str) -> std::io::Result<Answer> {
    // One write: in pieces, Nagle's algorithm and delayed acknowledgements add 40 ms.
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    reader.get_mut().write_all(request.as_bytes())?;
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Err(std::io::Error::other("the connection closed"));
    }
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
    let (mut length, mut chunked, mut html) = (None, false, false);
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err(std::io::Error::other("the headers were cut short"));
        }
        if line == "\r\n" {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(value) = lower.strip_prefix("content-length:") {
            length = value.trim().parse::<usize>().ok();
        } else if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
            chunked = true;
        } else if lower.starts_with("content-type:") && lower.contains("text/html") {
            html = true;
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            line.clear();
            reader.read_line(&mut line)?;
            let size = usize::from_str_radix(line.trim(), 16)
                .map_err(|_| std::io::Error::other("bad chunk size"))?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk)?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else {
        let length = length.ok_or_else(|| std::io::Error::other("no Content-Length"))?;
        body.resize(length, 0);
        reader.read_exact(&mut body)?;
    }
    Ok(Answer { status, html, body })
}

/// The server under load: in this process, or `playbook serve` in its own.
struct LoadServer {
    port: u16,
    /// Kept to stop the server when dropped.
    _here: Option<playbook_serve::Server>,
    child: Option<std::process::Child>,
}

impl LoadServer {
    fn start(root: &std::path::Path, binary: Option<&std::path::Path>) -> Result<Self, String> {
        let Some(binary) = binary else {
            let server = start(&ServeOptions {
                dir: root.to_path_buf(),
                port: Some(0),
                console: std::sync::Arc::new(playbook_serve::Silent),
                ..ServeOptions::default()
            })?;
            return Ok(Self {
                port: server.addr.port(),
                _here: Some(server),
                child: None,
            });
        };
        let mut child = std::process::Command::new(binary)
            .arg("serve")
            .arg(root)
            .args(["--port", "0"])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        // `playbook serve` says `serving http://127.0.0.1:PORT/` once the first build is done.
        let mut line = String::new();
        if let Some(stdout) = child.stdout.take() {
            let _ = BufReader::new(stdout).read_line(&mut line);
        }
        let port = line
            .trim()
            .strip_prefix("serving http://127.0.0.1:")
            .and_then(|rest| rest.trim_end_matches('/').parse().ok());
        let server = Self {
            port: port.unwrap_or(0),
            _here: None,
            child: Some(child),
        };
        match port {
            Some(_) => Ok(server),
            None => Err(format!("playbook serve did not start: {line:?}")),
        }
    }

    /// The process whose memory is measured, as `/proc` names it.
    fn process(&self) -> String {
        self.child
            .as_ref()
            .map_or_else(|| "self".to_string(), |c| c.id().to_string())
    }
}

impl Drop for LoadServer {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Copies a playbook's folder, leaving out its output and hidden folders.
fn copy_playbook(from: &std::path::Path, to: &std::path::Path) -> std::io::Result<()> {
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

fn load_in(root: &std::path::Path, options: &LoadOptions) -> Result<LoadReport, String> {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    let project = Project::locate(root).map_err(|d| d.to_string())?;
    let mut diagnostics = Diagnostics::default();
    let book = book::load(&project.source, &Exclusions::default(), &mut diagnostics);
    if book.pages.len() < EDITED_PAGES * 2 {
        return Err("the corpus needs at least 16 pages".into());
    }
    let step = book.pages.len() / EDITED_PAGES;
    // The edited pages, by their file and their address.
    let edited: Vec<(PathBuf, String)> = (0..EDITED_PAGES)
        .map(|i| {
            let page = &book.pages[i * step + 1];
            (project.source.join(&page.source), format!("/{}", page.url))
        })
        .collect();
    let originals: Vec<Vec<u8>> = edited
        .iter()
        .map(|(file, _)| std::fs::read(file).map_err(|e| format!("{}: {e}", file.display())))
        .collect::<Result<_, _>>()?;
    // Half the requests go to the pages being edited, the rest to the others and to the theme.
    let mut paths: Vec<String> = book.pages.iter().map(|p| format!("/{}", p.url)).collect();
    paths.push("/_playbook/style.css".into());
    paths.push("/404.html".into());
    let server = LoadServer::start(root, options.server.as_deref())?;
    let port = server.port;
    let process = server.process();
    // One whole rebuild before the clock starts: a server holds two sites for a moment while it
    // rebuilds, so memory rises once after its first build. With it behind, both halves of the
    // run see a server that has rebuilt, and growth between them means a leak.
    let events = EventStream::connect(std::net::SocketAddr::from(([127, 0, 0, 1], port)))
        .map_err(|e| format!("cannot connect: {e}"))?;
    events
        .wait_for("hello", Duration::from_secs(10))
        .ok_or("the server sent no hello")?;
    // A page added to SUMMARY.md changes every page's navigation: a whole rebuild that reloads.
    let added = project.source.join("warm-up.md");
    std::fs::write(&added, "# Warm-up\n").map_err(|e| format!("{}: {e}", added.display()))?;
    let summary = project.source.join("SUMMARY.md");
    let mut text =
        std::fs::read_to_string(&summary).map_err(|e| format!("{}: {e}", summary.display()))?;
    text.push_str("\n- [Warm-up](warm-up.md)\n");
    std::fs::write(&summary, text).map_err(|e| format!("{}: {e}", summary.display()))?;
    events
        .wait_for("reload", Duration::from_secs(30))
        .ok_or("the warm-up rebuild sent no reload")?;
    drop(events);

    let done = Arc::new(AtomicBool::new(false));
    let answered = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let rss_start = rss_mb(&process);
    let sampler = {
        let (done, answered, process) = (done.clone(), answered.clone(), process.clone());
        let half = options.requests / 2;
        std::thread::spawn(move || {
            let (mut first, mut second) = (0.0f64, 0.0f64);
            while !done.load(Ordering::Relaxed) {
                let now = rss_mb(&process);
                if answered.load(Ordering::Relaxed) < half {
                    first = first.max(now);
                } else {
                    second = second.max(now);
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            (first, second)
        })
    };
    let editor = {
        let done = done.clone();
        let edited = edited.clone();
        let originals = originals.clone();
        let gap = options.edit_gap;
        std::thread::spawn(move || -> Result<usize, String> {
            let mut saves = 0;
            while !done.load(Ordering::Relaxed) {
                let page = saves % EDITED_PAGES;
                let (file, _) = &edited[page];
                let mut text = originals[page].clone();
                text.extend_from_slice(marker_text(page, saves).as_bytes());
                // Saved in place in two writes, as some editors do: the watcher may see the
                // file half-written, and must not publish it so.
                let half = originals[page].len() + text[originals[page].len()..].len() / 2;
                let mut out = std::fs::File::create(file).map_err(|e| e.to_string())?;
                out.write_all(&text[..half]).map_err(|e| e.to_string())?;
                out.flush().map_err(|e| e.to_string())?;
                std::thread::sleep(Duration::from_millis(2));
                out.write_all(&text[half..]).map_err(|e| e.to_string())?;
                drop(out);
                saves += 1;
                // Every third pause outlasts the settling time, so whole rebuilds run too.
                let pause = if saves % 3 == 0 { gap * 4 } else { gap };
                std::thread::sleep(pause);
            }
            Ok(saves)
        })
    };
    let per_connection = options.requests.div_ceil(options.connections.max(1));
    let deadline = started + options.time_limit;
    let clients: Vec<_> = (0..options.connections.max(1))
        .map(|connection| {
            let paths = paths.clone();
            let edited: Vec<String> = edited.iter().map(|(_, url)| url.clone()).collect();
            let answered = answered.clone();
            let count =
                per_connection.min(options.requests.saturating_sub(connection * per_connection));
            std::thread::spawn(move || {
                let (mut failed, mut torn, mut problem) = (0usize, 0usize, None::<String>);
                let mut latencies = Vec::with_capacity(count);
                let mut seen = std::collections::BTreeSet::new();
                let mut reader: Option<BufReader<TcpStream>> = None;
                for request in 0..count {
                    if Instant::now() > deadline {
                        failed += count - request;
                        problem.get_or_insert_with(|| "the time limit passed".to_string());
                        break;
                    }
                    let pick = connection * 7919 + request * 104_729;
                    let (path, page) = if request % 2 == 0 {
                        let page = pick % edited.len();
                        (edited[page].clone(), Some(page))
                    } else {
                        (paths[pick % paths.len()].clone(), None)
                    };
                    if reader.is_none() {
                        match TcpStream::connect(("127.0.0.1", port)) {
                            Ok(stream) => {
                                let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
                                let _ = stream.set_nodelay(true);
                                reader = Some(BufReader::new(stream));
                            }
                            Err(e) => {
                                failed += 1;
                                problem.get_or_insert_with(|| format!("cannot connect: {e}"));
                                continue;
                            }
                        }
                    }
                    let sent = Instant::now();
                    let answer = get(reader.as_mut().expect("connected"), port, &path);
                    latencies.push(millis(sent.elapsed()));
                    answered.fetch_add(1, Ordering::Relaxed);
                    let answer = match answer {
                        Ok(answer) if answer.status == 200 => answer,
                        Ok(answer) => {
                            failed += 1;
                            problem
                                .get_or_insert_with(|| format!("{path}: status {}", answer.status));
                            continue;
                        }
                        Err(e) => {
                            failed += 1;
                            reader = None;
                            problem.get_or_insert_with(|| format!("{path}: {e}"));
                            continue;
                        }
                    };
                    if !answer.html {
                        continue;
                    }
                    let html = String::from_utf8_lossy(&answer.body);
                    if !html.trim_end().ends_with("</html>") {
                        torn += 1;
                        problem.get_or_insert_with(|| format!("{path}: the page is cut short"));
                        continue;
                    }
                    if let Some(page) = page {
                        match served_save(&html, page) {
                            Ok(Some(save)) => {
                                seen.insert(save);
                            }
                            Ok(None) => {}
                            Err(e) => {
                                torn += 1;
                                problem.get_or_insert(e);
                            }
                        }
                    }
                }
                (failed, torn, problem, latencies, seen)
            })
        })
        .collect();
    let mut report = LoadReport {
        pages: book.pages.len(),
        requests: options.requests,
        connections: options.connections,
        rss_start_mb: rss_start,
        ..LoadReport::default()
    };
    let mut seen = std::collections::BTreeSet::new();
    for client in clients {
        let (failed, torn, problem, latencies, saves) =
            client.join().map_err(|_| "a client thread panicked")?;
        report.failed += failed;
        report.torn += torn;
        if report.first_problem.is_none() {
            report.first_problem = problem;
        }
        report.latency_ms.extend(latencies);
        seen.extend(saves);
    }
    report.seconds = started.elapsed().as_secs_f64();
    done.store(true, Ordering::Relaxed);
    report.edits = editor.join().map_err(|_| "the editor thread panicked")??;
    report.edits_seen = seen.len();
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

#[cfg(test)]
mod load_tests {
    use super::*;

    #[test]
    fn markers_tell_a_half_saved_page() {
        let whole = format!("<p>x</p>{}</html>", marker_text(3, 12));
        assert_eq!(served_save(&whole, 3), Ok(Some(12)));
        assert_eq!(served_save(&whole, 4), Ok(None));
        let half = &whole[..whole.len() / 2];
        assert!(served_save(half, 3).is_err());
        let mixed = whole.replace("bottom-3-12", "bottom-3-11");
        assert!(served_save(&mixed, 3).is_err());
    }

    #[test]
    fn a_short_load_run_passes() {
        let dir = std::env::temp_dir().join(format!("playbook-load-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
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
            corpus: dir.clone(),
            requests: 400,
            connections: 8,
            edit_gap: Duration::from_millis(30),
            time_limit: Duration::from_secs(120),
            server: None,
        })
        .unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(report.failed, 0, "{}", report.to_markdown());
        assert_eq!(report.torn, 0, "{}", report.to_markdown());
        assert_eq!(report.latency_ms.len(), 400);
        assert!(report.edits > 0);
    }
}

/// A minimal client of the server's event stream (HTTP/1.1, chunked, server-sent events): each
/// event's name and the moment it arrived, read on a thread of its own.
pub struct EventStream {
    received: Receiver<(String, String, Instant)>,
    stream: TcpStream,
}

impl EventStream {
    /// Connects to `/__playbook/events` on `addr`.
    pub fn connect(addr: SocketAddr) -> std::io::Result<Self> {
        let mut stream = TcpStream::connect(addr)?;
        write!(
            stream,
            "GET /__playbook/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAccept: text/event-stream\r\n\r\n",
            addr.port()
        )?;
        let reader = stream.try_clone()?;
        let (sender, received) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = read_events(reader, |name, data| {
                sender.send((name, data, Instant::now())).is_ok()
            });
        });
        Ok(Self { received, stream })
    }

    /// Waits for an event named `name`, skipping others; when it arrived, with its data.
    pub fn wait_for_data(&self, name: &str, timeout: Duration) -> Option<(String, Instant)> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            match self.received.recv_timeout(left) {
                Ok((event, data, at)) if event == name => return Some((data, at)),
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    /// Waits for an event named `name`; when it arrived.
    pub fn wait_for(&self, name: &str, timeout: Duration) -> Option<Instant> {
        self.wait_for_data(name, timeout).map(|(_, at)| at)
    }

    /// Forgets the events received so far.
    pub fn drain(&self) {
        while self.received.try_recv().is_ok() {}
    }
}

impl Drop for EventStream {
    fn drop(&mut self) {
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
    }
}

/// Reads the response's headers, then its chunked body as server-sent events, calling `each`
/// with every event's name and data until it returns `false` or the stream ends.
fn read_events(
    stream: TcpStream,
    mut each: impl FnMut(String, String) -> bool,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        if line == "\r\n" {
            break;
        }
    }
    let mut text = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let size = usize::from_str_radix(line.trim(), 16)
            .map_err(|_| std::io::Error::other("bad chunk size"))?;
        if size == 0 {
            return Ok(());
        }
        let mut chunk = vec![0; size + 2];
        reader.read_exact(&mut chunk)?;
        chunk.truncate(size);
        text.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = text.find("\n\n") {
            let block: String = text.drain(..end + 2).collect();
            let mut name = String::from("message");
            let mut data = String::new();
            for field in block.lines() {
                if let Some(value) = field.strip_prefix("event:") {
                    name = value.trim().to_string();
                } else if let Some(value) = field.strip_prefix("data:") {
                    data.push_str(value.strip_prefix(' ').unwrap_or(value));
                }
            }
            if block.lines().all(|l| l.starts_with(':') || l.is_empty()) {
                continue;
            }
            if !each(name, data) {
                return Ok(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_percentile() {
        let values: Vec<f64> = (1..=20).map(f64::from).collect();
        assert_eq!(BenchReport::summary(&values), (10.0, 19.0, 20.0));
        assert_eq!(BenchReport::summary(&[]), (0.0, 0.0, 0.0));
    }
}
