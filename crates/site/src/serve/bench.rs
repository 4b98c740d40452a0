//! Measures the preview on a playbook (the generated benchmark corpus): how long a full
//! in-memory rebuild takes, and how long from a page file's write until the reload message
//! reaches a connected browser. `playbook serve-bench CORPUS` runs it for `cargo xtask bench`.
//! Also holds the small server-sent events client the measurement (and the tests) use.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use super::builder::Builder;
use super::{ServeOptions, start};
use crate::book::{self, Exclusions};
use crate::config::Project;
use crate::diagnostics::Diagnostics;

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
        quiet: true,
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
