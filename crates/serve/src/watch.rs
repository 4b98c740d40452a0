//! Watches the playbook's files with `notify`, debounced: the source folder, the theme's
//! `templates/` and `static/` and the root (for `playbook.toml`), never the output. Events of
//! every kind (writes, creations, deletions, renames in both directions) become the paths they
//! touch; what they mean is decided by [`crate::change`].

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, NoCache, RecommendedCache, new_debouncer_opt,
};

use crate::change::WatchedPaths;

/// How long a file must stay quiet before its change is reported: editors that save in several
/// steps (write a new file, rename it over the old one) are seen once, complete.
pub const DEBOUNCE: Duration = Duration::from_millis(20);
/// How often the debouncer looks for quiet files.
const TICK: Duration = Duration::from_millis(5);
/// How often `--poll` reads the file tree.
pub const POLL_INTERVAL: Duration = Duration::from_millis(300);

/// What the watcher reports to the builder.
#[derive(Debug)]
pub enum WatchEvent {
    /// Paths created, written, deleted or renamed (both names).
    Paths(BTreeSet<PathBuf>),
    /// Events were lost (the kernel's queue overflowed): read everything again.
    Rescan,
    /// The watcher failed; shown in the terminal.
    Error(String),
}

enum Backend {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

/// A running watcher.
pub struct Watcher {
    backend: Backend,
    watched: Vec<(PathBuf, RecursiveMode)>,
}

impl Watcher {
    /// Starts watching nothing yet; reports go to `report`. With `poll`, the file tree is read
    /// every [`POLL_INTERVAL`] instead of waiting for the system's events.
    pub fn start(
        poll: bool,
        report: impl Fn(WatchEvent) + Send + 'static,
    ) -> Result<Self, notify::Error> {
        let handler = move |result: DebounceEventResult| {
            let message = match result {
                Ok(events) => {
                    if events.iter().any(|e| e.event.need_rescan()) {
                        WatchEvent::Rescan
                    } else {
                        let paths: BTreeSet<PathBuf> = events
                            .into_iter()
                            .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
                            .flat_map(|e| e.event.paths)
                            .collect();
                        if paths.is_empty() {
                            return;
                        }
                        WatchEvent::Paths(paths)
                    }
                }
                Err(errors) => WatchEvent::Error(
                    errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            };
            report(message);
        };
        let backend = if poll {
            let config = notify::Config::default()
                .with_poll_interval(POLL_INTERVAL)
                .with_compare_contents(true);
            Backend::Poll(new_debouncer_opt(
                DEBOUNCE,
                Some(TICK),
                handler,
                NoCache,
                config,
            )?)
        } else {
            Backend::Native(new_debouncer_opt(
                DEBOUNCE,
                Some(TICK),
                handler,
                RecommendedCache::new(),
                notify::Config::default(),
            )?)
        };
        Ok(Self {
            backend,
            watched: Vec::new(),
        })
    }

    /// Watches what the site is built from, as `layout` places it: the root alone (its
    /// `playbook.toml`, and the theme folders appearing), the source folder, `templates/` and
    /// `static/` with everything in them, and the folders of files pages include from outside
    /// the source folder. Folders that do not exist yet are seen when created,
    /// through their parent, and watched at the next call. Returns the problems met.
    pub fn watch(&mut self, layout: &WatchedPaths) -> Vec<String> {
        let whole_root = layout.source == layout.root;
        let mode = if whole_root {
            RecursiveMode::Recursive
        } else {
            RecursiveMode::NonRecursive
        };
        let mut wanted = vec![(layout.root.clone(), mode)];
        for folder in [layout.source.clone(), layout.templates(), layout.statics()] {
            // Folders inside a root watched whole are watched already.
            let covered = whole_root && folder.starts_with(&layout.root);
            if !covered && folder.is_dir() {
                wanted.push((folder, RecursiveMode::Recursive));
            }
        }
        // Folders of included files outside the source folder, each on its own.
        for folder in &layout.included {
            let covered = wanted.iter().any(|(w, m)| {
                folder.starts_with(w) && (*m == RecursiveMode::Recursive || folder == w)
            });
            if !covered && folder.is_dir() {
                wanted.push((folder.clone(), RecursiveMode::NonRecursive));
            }
        }
        let mut problems = Vec::new();
        for old in std::mem::take(&mut self.watched) {
            if !wanted.contains(&old) {
                // The folder may be gone already; nothing to undo then.
                let _ = self.unwatch(&old.0);
            } else {
                self.watched.push(old);
            }
        }
        for (path, mode) in wanted {
            if self.watched.contains(&(path.clone(), mode)) {
                continue;
            }
            match self.add(&path, mode) {
                Ok(()) => self.watched.push((path, mode)),
                Err(e) => problems.push(format!("cannot watch {}: {e}", path.display())),
            }
        }
        problems
    }

    /// Forgets a watched folder that was deleted or replaced: the system dropped its watch, and
    /// the next [`Watcher::watch`] adds it again.
    pub fn forget(&mut self, path: &std::path::Path) {
        self.watched.retain(|(watched, _)| watched != path);
    }

    fn add(&mut self, path: &std::path::Path, mode: RecursiveMode) -> notify::Result<()> {
        match &mut self.backend {
            Backend::Native(d) => d.watch(path, mode),
            Backend::Poll(d) => d.watch(path, mode),
        }
    }

    fn unwatch(&mut self, path: &std::path::Path) -> notify::Result<()> {
        match &mut self.backend {
            Backend::Native(d) => d.unwatch(path),
            Backend::Poll(d) => d.unwatch(path),
        }
    }
}
