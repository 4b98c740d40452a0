//! The progress line of a long build: on a terminal only, and only once the build has run for
//! about a second, so short builds, pipes and CI logs show nothing of it.

use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use playbook_site::Progress;

/// How long a build runs before its progress line appears.
const QUIET_FOR: Duration = Duration::from_secs(1);

/// The progress line, once it is shown.
type Line = Arc<Mutex<Option<ProgressBar>>>;

/// A build's progress line and the reporter the build calls.
pub struct BuildProgress {
    line: Line,
}

impl BuildProgress {
    /// The progress line of a build about to start, with its reporter; `None` when standard
    /// error is not a terminal.
    pub fn start() -> Option<(Self, Progress)> {
        if !std::io::stderr().is_terminal() {
            return None;
        }
        let started = Instant::now();
        let line: Line = Arc::default();
        let shown = Arc::clone(&line);
        let report = move |done: usize, total: usize| {
            if started.elapsed() < QUIET_FOR {
                return;
            }
            let mut shown = shown.lock().unwrap_or_else(|e| e.into_inner());
            shown
                .get_or_insert_with(|| new_line(total))
                .set_position(done as u64);
        };
        Some((Self { line }, Progress(Arc::new(report))))
    }

    /// Clears the line, so that the build's closing line stands alone.
    pub fn finish(self) {
        let mut line = self.line.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(line) = line.take() {
            line.finish_and_clear();
        }
    }
}

fn new_line(total: usize) -> ProgressBar {
    let line = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template("building {bar:30} {pos}/{len} pages")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    line.set_style(style);
    line
}
