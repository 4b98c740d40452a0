//! The save-to-reload timer: full in-memory rebuilds timed, then page saves timed until the
//! reload message reaches a connected browser, with the median and 95th percentile of each.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use playbook_book::config::Project;
use playbook_book::diagnostics::Diagnostics;
use playbook_book::{self as book, Exclusions};
use playbook_serve::builder::Builder;
use playbook_serve::rebuild::SETTLE;
use playbook_serve::{BuildOptions, ServeOptions, start};

use crate::{EventStream, millis};

/// What to measure.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    pub corpus: PathBuf,
    /// Page edits timed (at least 20 for a meaningful 95th percentile).
    pub edits: usize,
    /// Full rebuilds timed.
    pub full_builds: usize,
    /// The pause after each edit is put back, before the next; every third pause instead
    /// ends halfway through the whole rebuild that settles the edits (see [`into_settling`]).
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
    let mut builder = Builder::new(
        &options.corpus,
        BuildOptions {
            base_url: Some("http://127.0.0.1:1/".into()),
            ..BuildOptions::default()
        },
    );
    for _ in 0..options.full_builds {
        let started = Instant::now();
        builder.full().map_err(|failure| failure.to_string())?;
        full_build_ms.push(millis(started.elapsed()));
    }
    drop(builder);
    let settling = into_settling(&full_build_ms);
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
        // An editor saves every few seconds at most: leave a gap, as one would; but a save
        // often comes while the preview catches up on the ones before, so every third one does.
        std::thread::sleep(if edit % 3 == 2 { settling } else { options.gap });
    }
    drop(server);
    Ok(BenchReport {
        pages: pages.len(),
        full_build_ms,
        reload_ms,
    })
}

/// The pause after a reload that puts the next save halfway through the whole rebuild the
/// preview starts once the files are quiet for [`SETTLE`]: the case where a save competes with
/// a build for the cores.
fn into_settling(full_build_ms: &[f64]) -> Duration {
    let (median, _, _) = BenchReport::summary(full_build_ms);
    SETTLE + Duration::from_secs_f64(median / 2_000.0)
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
