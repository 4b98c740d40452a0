//! Where the preview's messages for the person running it go. The preview never prints: the
//! command line hands it a [`Console`] that does, and tests and benches hand it [`Silent`].

/// A line for the terminal: progress, a warning, a build's errors (already formatted).
pub trait Console: Send + Sync {
    fn say(&self, text: &str);
}

/// A console that drops every line.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Console for Silent {
    fn say(&self, _text: &str) {}
}
