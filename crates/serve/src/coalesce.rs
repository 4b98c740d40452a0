//! Gathers the file system's events into reports: a save is reported the moment it completes
//! (the file is closed after a write, or renamed into place), and only what arrives while files
//! are still half-saved waits for them to go quiet.
//!
//! A completed save is held back while a file that existed has gone missing: an editor that
//! renames the page away and writes a new one (vim) would otherwise publish a site without it.
//! Files made and removed within the batch (vim's `4913`, JetBrains' temporary files) do not
//! hold it. Deletions, and the poll backend, which sees no closes, are reported once quiet.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
use notify::{Event, EventKind};

use crate::watch::WatchEvent;

/// How long files must stay quiet before changes that never completed are reported.
pub const QUIET: Duration = Duration::from_millis(20);

/// What an event says of its paths.
#[derive(Debug, PartialEq)]
enum Meaning {
    /// A save completed: reported at once unless a file is missing.
    Complete,
    /// A change under way, or one that never says it is done.
    Pending,
    /// Says nothing of content (a file opened or read).
    Nothing,
}

fn meaning(kind: &EventKind) -> Meaning {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => Meaning::Complete,
        EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both)) => Meaning::Complete,
        EventKind::Access(_) => Meaning::Nothing,
        _ => Meaning::Pending,
    }
}

/// The paths of one report being gathered.
#[derive(Default)]
struct Batch {
    /// Each path, and whether it first appeared in this batch (created or renamed to).
    paths: BTreeMap<PathBuf, bool>,
    last: Option<Instant>,
}

impl Batch {
    fn add(&mut self, event: &Event) {
        let made = matches!(
            event.kind,
            EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(RenameMode::To))
        );
        let paths = event.paths.iter();
        // A rename's first path is the name it left, its last the one it took.
        let renamed = matches!(
            event.kind,
            EventKind::Modify(ModifyKind::Name(RenameMode::Both))
        );
        for (i, path) in paths.enumerate() {
            let made = made || (renamed && i == event.paths.len() - 1);
            self.paths.entry(path.clone()).or_insert(made);
        }
        self.last = Some(Instant::now());
    }

    /// Whether a file that was there before the batch is missing now.
    fn lost_a_file(&self) -> bool {
        self.paths
            .iter()
            .any(|(path, made)| !made && std::fs::symlink_metadata(path).is_err())
    }

    fn take(&mut self) -> WatchEvent {
        self.last = None;
        WatchEvent::Paths(std::mem::take(&mut self.paths).into_keys().collect())
    }
}

/// Reads the watcher's events from `events` until it is dropped, and sends `report` each batch;
/// changes that never complete are reported once `quiet` passes without an event.
pub fn run(events: Receiver<notify::Result<Event>>, quiet: Duration, report: impl Fn(WatchEvent)) {
    let mut batch = Batch::default();
    loop {
        let received = match batch.last {
            Some(last) => events.recv_timeout(quiet.saturating_sub(last.elapsed())),
            None => events.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        match received {
            Ok(Ok(event)) if event.need_rescan() => {
                batch = Batch::default();
                report(WatchEvent::Rescan);
            }
            Ok(Ok(event)) => {
                let meaning = meaning(&event.kind);
                if meaning == Meaning::Nothing {
                    continue;
                }
                batch.add(&event);
                if meaning == Meaning::Complete && !batch.lost_a_file() {
                    report(batch.take());
                }
            }
            Ok(Err(error)) => report(WatchEvent::Error(error.to_string())),
            Err(RecvTimeoutError::Timeout) => report(batch.take()),
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::sync::{Arc, Mutex};

    use notify::event::{CreateKind, DataChange, RemoveKind};

    use super::*;

    fn event(kind: EventKind, paths: &[&PathBuf]) -> notify::Result<Event> {
        Ok(Event {
            kind,
            paths: paths.iter().map(|p| (*p).clone()).collect(),
            attrs: Default::default(),
        })
    }

    const WRITE: EventKind = EventKind::Modify(ModifyKind::Data(DataChange::Any));
    const CLOSE: EventKind = EventKind::Access(AccessKind::Close(AccessMode::Write));
    const CREATE: EventKind = EventKind::Create(CreateKind::File);
    const REMOVE: EventKind = EventKind::Remove(RemoveKind::File);
    const RENAME: EventKind = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
    /// Long, so that a loaded machine never makes a test's steps look quiet.
    const TEST_QUIET: Duration = Duration::from_millis(400);

    /// Runs the coalescer on `steps` (events, or a pause when `None`), with each step's files
    /// made or removed first, and returns the reports with the step after which each came.
    /// An event to send (or a pause, `None`), after making the files it speaks of.
    type Step<'a> = (Option<notify::Result<Event>>, &'a dyn Fn());

    fn reports(steps: Vec<Step<'_>>) -> Vec<(usize, usize)> {
        let (send, receive) = mpsc::channel();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let step = Arc::new(Mutex::new(0));
        let (seen_by, step_by) = (seen.clone(), step.clone());
        let thread = std::thread::spawn(move || {
            run(receive, TEST_QUIET, |report| {
                if let WatchEvent::Paths(paths) = report {
                    seen_by
                        .lock()
                        .unwrap()
                        .push((*step_by.lock().unwrap(), paths.len()));
                }
            })
        });
        for (i, (event, before)) in steps.into_iter().enumerate() {
            before();
            *step.lock().unwrap() = i;
            match event {
                Some(event) => send.send(event).unwrap(),
                None => std::thread::sleep(TEST_QUIET * 2),
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        drop(send);
        thread.join().unwrap();
        seen.lock().unwrap().clone()
    }

    #[test]
    fn a_save_is_reported_when_the_file_is_closed_and_not_before() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("page.md");
        std::fs::write(&page, "x").unwrap();
        let nothing = &|| {};
        let seen = reports(vec![
            (Some(event(WRITE, &[&page])), nothing),
            (Some(event(WRITE, &[&page])), nothing),
            (Some(event(CLOSE, &[&page])), nothing),
            (None, nothing),
        ]);
        assert_eq!(seen, [(2, 1)], "one report, at the close");
    }

    #[test]
    fn a_page_renamed_away_holds_the_save_until_it_is_back() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("beta.md");
        let backup = dir.path().join("beta.md~");
        let test_file = dir.path().join("4913");
        std::fs::write(&page, "x").unwrap();
        let seen = reports(vec![
            (Some(event(CREATE, &[&test_file])), &|| {
                std::fs::write(dir.path().join("4913"), "").unwrap()
            }),
            (Some(event(REMOVE, &[&test_file])), &|| {
                std::fs::remove_file(dir.path().join("4913")).unwrap()
            }),
            (Some(event(RENAME, &[&page, &backup])), &|| {
                std::fs::rename(dir.path().join("beta.md"), dir.path().join("beta.md~")).unwrap()
            }),
            (Some(event(CREATE, &[&page])), &|| {
                std::fs::write(dir.path().join("beta.md"), "y").unwrap()
            }),
            (Some(event(CLOSE, &[&page])), &|| {}),
            (Some(event(REMOVE, &[&backup])), &|| {
                std::fs::remove_file(dir.path().join("beta.md~")).unwrap()
            }),
            (None, &|| {}),
        ]);
        assert_eq!(
            seen,
            [(4, 3), (6, 1)],
            "the new page at its close (the rename alone held), then the backup's removal once quiet"
        );
    }

    #[test]
    fn a_deletion_is_reported_once_quiet() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("gone.md");
        let seen = reports(vec![
            (Some(event(REMOVE, &[&page])), &|| {}),
            (None, &|| {}),
        ]);
        assert_eq!(seen, [(1, 1)]);
    }
}
