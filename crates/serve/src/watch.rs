//! Watches the playbook's files with `notify`: the source folder, the theme's `templates/` and
//! `static/` and the root (for `playbook.toml`), never the output. Events of every kind (writes,
//! creations, deletions, renames in both directions) become the paths they touch, gathered by
//! [`crate::coalesce`] so that a save is reported the moment it completes; what the paths mean is
//! decided by [`crate::change`].

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use notify::{PollWatcher, RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::change::WatchedPaths;
use crate::coalesce;

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
    Native(RecommendedWatcher),
    Poll(PollWatcher),
}

/// A running watcher. Dropping it stops the thread that gathers its events.
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
        let (events, received) = mpsc::channel();
        std::thread::Builder::new()
            .name("playbook-watch".into())
            .spawn(move || coalesce::run(received, coalesce::QUIET, report))
            .map_err(|e| notify::Error::generic(&format!("cannot start the watcher: {e}")))?;
        let backend = if poll {
            let config = notify::Config::default()
                .with_poll_interval(POLL_INTERVAL)
                .with_compare_contents(true);
            Backend::Poll(PollWatcher::new(events, config)?)
        } else {
            Backend::Native(RecommendedWatcher::new(events, notify::Config::default())?)
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
