//! What a load run found, as a table, and whether the preview passed.

use crate::BenchReport;

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
