//! The rebuild loop: takes the watcher's reports, classifies the paths, rebuilds what they touch,
//! swaps in the new site, tells the browsers and the terminal.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use crate::builder::{Apart, Builder, Built, Effect};
use crate::change::{self, Plan, WatchedPaths};
use crate::console::Console;
use crate::site::SiteFiles;
use crate::state::{Message, Shared, Status};
use crate::watch::{WatchEvent, Watcher};
use playbook_book::diagnostics::{BuildFailure, Diagnostic};

/// How long files must stay quiet after a partial rebuild before the whole site is rebuilt.
pub const SETTLE: Duration = Duration::from_millis(150);

/// Owns the builder and the watcher; runs on its own thread.
pub struct Rebuilder {
    pub root: PathBuf,
    pub layout: WatchedPaths,
    pub builder: Builder,
    pub watcher: Watcher,
    pub shared: Arc<Shared>,
    pub terminal: Reporter,
    /// Counts stylesheet swaps, so that each asks the browser for a fresh copy.
    css_version: u64,
    /// Counts the builds published, to tell whether a whole build made meanwhile is current.
    generation: u64,
}

/// What the rebuild loop receives.
pub enum Input {
    /// From the watcher.
    Watch(WatchEvent),
    /// A whole build made on another thread.
    Settled(Settled),
    /// The server is stopping.
    Stop,
}

/// A whole build made on another thread after `generation`, started at `started`.
pub struct Settled {
    generation: u64,
    result: Box<Result<Apart, BuildFailure>>,
    started: Instant,
}

/// The watcher's reports gathered for one rebuild, and the whole builds that finished.
#[derive(Default)]
struct Batch {
    paths: BTreeSet<PathBuf>,
    rescan: bool,
    stop: bool,
    settled: Vec<Settled>,
}

/// Whether a whole build should follow the last partial one, and whether one is running.
#[derive(Default)]
struct Settle {
    due: bool,
    running: bool,
}

impl Rebuilder {
    pub fn new(
        root: &Path,
        builder: Builder,
        watcher: Watcher,
        shared: Arc<Shared>,
        terminal: Reporter,
    ) -> Self {
        Self {
            root: root.to_path_buf(),
            layout: WatchedPaths::read(root),
            builder,
            watcher,
            shared,
            terminal,
            css_version: 0,
            generation: 0,
        }
    }

    /// Watches the playbook as its settings now place it.
    pub fn watch(&mut self) {
        let included = std::mem::take(&mut self.layout.included);
        self.layout = WatchedPaths::read_after(&self.root, &self.layout);
        self.layout.included = included;
        for problem in self.watcher.watch(&self.layout) {
            self.terminal.note(&format!("warning: {problem}"));
        }
    }

    /// Builds everything, as at start.
    pub fn build_all(&mut self) {
        self.rebuild(&Plan::full(), "start");
    }

    /// Rebuilds on every report until told to stop. After a partial rebuild, once the files
    /// have been quiet for [`SETTLE`], the whole site is built again on another thread, so that
    /// what depends on every page (search index, print page, links between pages) catches up
    /// without delaying the next save; its result is taken only if nothing changed meanwhile.
    pub fn run(mut self, inputs: Receiver<Input>, sender: Sender<Input>) {
        let mut settle = Settle::default();
        while let Some(input) = self.next_input(&inputs, &sender, &mut settle) {
            let batch = self.gather(input, &inputs);
            if batch.stop {
                return;
            }
            for settled in batch.settled {
                settle.running = false;
                if settled.generation == self.generation {
                    self.adopt(*settled.result, settled.started);
                } else {
                    // A newer change came first and a new whole build is due; this one is freed
                    // where no save waits for it.
                    crate::priority::drop_behind(settled);
                }
            }
            let plan = if batch.rescan {
                Plan::full()
            } else {
                Plan::of(
                    batch
                        .paths
                        .iter()
                        .filter_map(|p| change::classify(&self.layout, p)),
                )
            };
            if plan.is_empty() {
                continue;
            }
            for path in &batch.paths {
                // A watched folder deleted or replaced lost its watch: add it again.
                self.watcher.forget(path);
            }
            let cause = describe(&self.layout, &batch.paths);
            let partial = self.rebuild(&plan, &cause);
            // A whole build brings everything up to date: no need for another.
            settle.due = partial || (settle.due && !plan.full);
        }
    }

    /// The next input; when a whole build is due and the files stay quiet for [`SETTLE`],
    /// that build is started first. `None` once every sender is gone.
    fn next_input(
        &self,
        inputs: &Receiver<Input>,
        sender: &Sender<Input>,
        settle: &mut Settle,
    ) -> Option<Input> {
        while settle.due && !settle.running {
            match inputs.recv_timeout(SETTLE) {
                Ok(input) => return Some(input),
                Err(RecvTimeoutError::Timeout) => {
                    *settle = Settle {
                        due: false,
                        running: true,
                    };
                    self.start_whole_build(sender.clone());
                }
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        inputs.recv().ok()
    }

    /// Builds the whole site on another thread, which sends the result back as an input.
    fn start_whole_build(&self, sender: Sender<Input>) {
        let job = self.builder.whole_job();
        let generation = self.generation;
        let started = Instant::now();
        std::thread::spawn(move || {
            // Behind the saves: a save during this build is rebuilt at once.
            crate::priority::lower_this_thread();
            let result = job();
            let _ = sender.send(Input::Settled(Settled {
                generation,
                result: Box::new(result),
                started,
            }));
        });
    }

    /// `first` and everything reported meanwhile, for one rebuild.
    fn gather(&self, first: Input, inputs: &Receiver<Input>) -> Batch {
        let mut batch = Batch::default();
        for input in std::iter::once(first).chain(inputs.try_iter()) {
            match input {
                Input::Watch(WatchEvent::Paths(p)) => batch.paths.extend(p),
                Input::Watch(WatchEvent::Rescan) => batch.rescan = true,
                Input::Watch(WatchEvent::Error(e)) => {
                    self.terminal.note(&format!("warning: watching: {e}"));
                }
                Input::Stop => batch.stop = true,
                Input::Settled(settled) => batch.settled.push(settled),
            }
        }
        batch
    }

    /// Takes the result of a whole build made on another thread; what it replaces is freed on
    /// another thread too, so that a save made meanwhile waits for neither.
    fn adopt(&mut self, result: Result<Apart, BuildFailure>, started: Instant) {
        let (result, replaced_playbook) = match result {
            Ok(apart) => {
                let (built, replaced) = self.builder.adopt_apart(apart);
                (Ok(built), replaced)
            }
            Err(failure) => {
                self.builder.invalidate();
                (Err(failure), None)
            }
        };
        let replaced_site = self.publish(result, started, "the rest of the site");
        crate::priority::drop_behind((replaced_playbook, replaced_site));
    }

    /// Rebuilds; `true` when the build was partial and succeeded.
    fn rebuild(&mut self, plan: &Plan, cause: &str) -> bool {
        if plan.full {
            // Before reading, so that no save made during the build goes unseen.
            self.watch();
        }
        let started = Instant::now();
        let result = self.builder.apply(plan);
        let partial = matches!(&result, Ok(built) if built.partial);
        self.publish(result, started, cause);
        self.watch_included();
        partial
    }

    /// Watches the folders outside the source folder that pages include files from, when they
    /// changed with the build.
    fn watch_included(&mut self) {
        let folders = self.builder.included_folders();
        if folders != self.layout.included {
            self.layout.included = folders;
            for problem in self.watcher.watch(&self.layout) {
                self.terminal.note(&format!("warning: {problem}"));
            }
        }
    }

    fn tell_browsers(&mut self, effect: Effect) {
        if effect.reload_all {
            self.shared.send(Message::Reload { pages: None });
            return;
        }
        if !effect.stylesheets.is_empty() {
            self.css_version += 1;
            self.shared.send(Message::Css {
                files: effect.stylesheets,
                version: self.css_version,
            });
        }
        if !effect.pages.is_empty() {
            self.shared.send(Message::Reload {
                pages: Some(effect.pages),
            });
        }
    }

    /// Publishes a build's site (returning the one it replaces) or its failure.
    fn publish(
        &mut self,
        result: Result<Built, BuildFailure>,
        started: Instant,
        cause: &str,
    ) -> Option<Arc<SiteFiles>> {
        self.generation += 1;
        let was_failed = matches!(self.shared.status(), Status::Failed(_));
        match result {
            Ok(built) => {
                let replaced = self.shared.publish_site(built.site);
                self.shared.set_status(Status::Ok);
                if was_failed {
                    self.shared.send(Message::Fixed);
                }
                self.tell_browsers(built.effect);
                if !built.partial {
                    // A partial build knows only its pages' warnings; the whole build follows.
                    self.shared.set_warnings(&built.warnings);
                }
                self.terminal.warnings(&built.warnings);
                let ms = started.elapsed().as_millis();
                let fixed = if was_failed { ", errors fixed" } else { "" };
                self.terminal.note(&format!(
                    "{cause}: rebuilt {} in {ms} ms{fixed}",
                    built.what
                ));
                Some(replaced)
            }
            Err(failure) => {
                let status = Status::failed(&failure);
                if self.shared.status() != status {
                    self.shared.set_status(status.clone());
                    if let Status::Failed(json) = status {
                        self.shared.send(Message::Failed(json));
                    }
                }
                self.terminal.failure(&failure);
                None
            }
        }
    }
}

/// What changed, in a few words for the terminal.
fn describe(layout: &WatchedPaths, paths: &BTreeSet<PathBuf>) -> String {
    let shown: Vec<String> = paths
        .iter()
        .filter(|p| change::classify(layout, p).is_some())
        .map(|p| {
            p.strip_prefix(&layout.root)
                .unwrap_or(p)
                .display()
                .to_string()
        })
        .collect();
    match shown.as_slice() {
        [] => "changes".to_string(),
        [one] => one.clone(),
        [first, rest @ ..] => format!("{first} and {} more", rest.len()),
    }
}

/// Reports to the console: each error and warning shown once, not at every rebuild.
pub struct Reporter {
    console: Arc<dyn Console>,
    last_failure: Option<String>,
    shown_warnings: std::collections::HashSet<Diagnostic>,
}

impl Reporter {
    pub fn new(console: Arc<dyn Console>) -> Self {
        Self {
            console,
            last_failure: None,
            shown_warnings: Default::default(),
        }
    }

    pub fn note(&self, text: &str) {
        self.console.say(text);
    }

    fn failure(&mut self, failure: &BuildFailure) {
        let text = failure.to_string();
        if self.last_failure.as_deref() != Some(text.as_str()) {
            self.console.say(&text);
            self.console
                .say("the browser shows these errors; the last good build is still served");
            self.last_failure = Some(text);
        }
    }

    fn warnings(&mut self, warnings: &[Diagnostic]) {
        self.last_failure = None;
        for warning in warnings {
            if !self.shown_warnings.contains(warning) {
                self.note(&warning.to_string());
                self.shown_warnings.insert(warning.clone());
            }
        }
    }
}
