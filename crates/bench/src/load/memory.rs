//! The server's resident memory, read from `/proc`, and its peaks while the requests are
//! answered.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

/// Resident memory of a process (`self` or a process id), in MB.
pub(super) fn rss_mb(process: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{process}/status"))
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
            let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(kb / 1024.0)
        })
        .unwrap_or(0.0)
}

/// Samples the memory of `process` every 20 ms until `done`: its peak while fewer than `half`
/// requests were `answered`, and its peak after.
pub(super) fn sample_peaks(
    done: Arc<AtomicBool>,
    answered: Arc<AtomicUsize>,
    process: String,
    half: usize,
) -> JoinHandle<(f64, f64)> {
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
}
