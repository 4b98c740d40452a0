//! Measures the preview on a playbook (the generated benchmark corpus): how long a full
//! in-memory rebuild takes, and how long from a page file's write until the reload message
//! reaches a connected browser ([`run`]); and whether it answers every request whole, with flat
//! memory, while pages are saved under load ([`load()`]). `serve-bench CORPUS` (a binary of
//! `xtask`, never shipped) runs them for `cargo xtask bench`.
//! Also holds the small server-sent events client the measurement (and the tests) use,
//! [`EventStream`].

mod events;
mod load;
mod reload;

use std::time::Duration;

pub use events::EventStream;
pub use load::{LoadOptions, LoadReport, load};
pub use reload::{BenchOptions, BenchReport, run};

/// A duration in milliseconds, as the reports give their timings.
fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
