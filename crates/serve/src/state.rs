//! What the server shares between the builder and the requests: the current site (one complete
//! build, swapped whole), the build status (so a browser that connects late still sees the
//! error) and the messages sent to connected browsers.

use std::sync::Arc;

use serde::Serialize;
use tokio::sync::{broadcast, watch};

use playbook_book::diagnostics::{BuildFailure, Diagnostic, Severity};

use crate::site::SiteFiles;

/// One problem, as the browser's overlay shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub severity: &'static str,
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// `file:line:col`.
    pub location: String,
    pub message: String,
    pub help: Option<String>,
}

impl From<&Diagnostic> for Problem {
    fn from(d: &Diagnostic) -> Self {
        Self {
            severity: match d.severity {
                Severity::Error => "error",
                Severity::Warning | Severity::Problem => "warning",
            },
            file: d.file.display().to_string(),
            line: d.line,
            column: d.column,
            location: d.location(),
            message: d.counted_message(),
            help: d.help.clone(),
        }
    }
}

/// Whether the last build succeeded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Ok,
    /// The build failed; its errors, as JSON for the browser.
    Failed(Arc<str>),
}

impl Status {
    pub fn failed(failure: &BuildFailure) -> Self {
        #[derive(Serialize)]
        struct ErrorList {
            errors: Vec<Problem>,
        }
        let errors = failure.errors().map(Problem::from).collect();
        let json = serde_json::to_string(&ErrorList { errors })
            .unwrap_or_else(|_| String::from("{\"errors\":[]}"));
        Self::Failed(json.into())
    }
}

/// The warnings of a build as JSON for the browser's panel: `{"warnings": [...]}`.
pub fn warnings_json(warnings: &[Diagnostic]) -> Arc<str> {
    #[derive(Serialize)]
    struct WarningList {
        warnings: Vec<Problem>,
    }
    let warnings = warnings.iter().map(Problem::from).collect();
    serde_json::to_string(&WarningList { warnings })
        .unwrap_or_else(|_| String::from("{\"warnings\":[]}"))
        .into()
}

/// A message to the connected browsers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// A new build is complete: load these pages again (site keys), or every page (`None`).
    Reload { pages: Option<Vec<String>> },
    /// Only these stylesheets changed (site keys): swap them in place.
    Css { files: Vec<String>, version: u64 },
    /// The build failed: show its errors (JSON).
    Failed(Arc<str>),
    /// The build that failed is fixed.
    Fixed,
    /// The last whole build's warnings changed (JSON; an empty list clears the panel).
    Warnings(Arc<str>),
}

impl Message {
    /// The server-sent event's name and data.
    pub fn event(&self) -> (&'static str, String) {
        match self {
            Self::Reload { pages } => ("reload", serde_json::json!({ "pages": pages }).to_string()),
            Self::Css { files, version } => (
                "css",
                serde_json::json!({ "files": files, "version": version }).to_string(),
            ),
            // Not `error`: that name is taken by EventSource's own connection errors.
            Self::Failed(json) => ("build-error", json.to_string()),
            Self::Fixed => ("build-ok", "{}".into()),
            Self::Warnings(json) => ("build-warnings", json.to_string()),
        }
    }
}

/// The state shared by the builder and the request handlers.
pub struct Shared {
    site: watch::Sender<Arc<SiteFiles>>,
    status: watch::Sender<Status>,
    /// The last whole build's warnings, as JSON, for browsers that connect later.
    warnings: watch::Sender<Arc<str>>,
    messages: broadcast::Sender<Message>,
    /// Names this run of the server, so that browsers reload after a restart.
    pub instance: String,
}

impl Shared {
    pub fn new(instance: String) -> Self {
        Self {
            site: watch::Sender::new(Arc::new(SiteFiles::default())),
            status: watch::Sender::new(Status::Ok),
            warnings: watch::Sender::new(warnings_json(&[])),
            messages: broadcast::Sender::new(64),
            instance,
        }
    }

    /// The current site: one complete build.
    pub fn site(&self) -> Arc<SiteFiles> {
        self.site.borrow().clone()
    }

    pub fn status(&self) -> Status {
        self.status.borrow().clone()
    }

    /// Swaps in a complete new site.
    /// Makes `site` the one served; returns the one it replaces.
    pub fn publish_site(&self, site: Arc<SiteFiles>) -> Arc<SiteFiles> {
        self.site.send_replace(site)
    }

    pub fn set_status(&self, status: Status) {
        self.status.send_replace(status);
    }

    /// The last whole build's warnings, as JSON.
    pub fn warnings(&self) -> Arc<str> {
        self.warnings.borrow().clone()
    }

    /// Takes a whole build's warnings and tells the browsers when they changed.
    pub fn set_warnings(&self, warnings: &[Diagnostic]) {
        let json = warnings_json(warnings);
        if *self.warnings.borrow() != json {
            self.warnings.send_replace(json.clone());
            self.send(Message::Warnings(json));
        }
    }

    /// Sends a message to every connected browser.
    pub fn send(&self, message: Message) {
        // No receivers is fine: nobody is looking.
        let _ = self.messages.send(message);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Message> {
        self.messages.subscribe()
    }

    /// How many browsers are listening.
    pub fn clients(&self) -> usize {
        self.messages.receiver_count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_becomes_json_with_location() {
        let failure = BuildFailure {
            diagnostics: vec![
                Diagnostic::error("a.md", "bad <b>").at(2, 3).help("fix"),
                Diagnostic::warning("b.md", "odd"),
            ],
        };
        let Status::Failed(json) = Status::failed(&failure) else {
            panic!("a failure")
        };
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["errors"].as_array().unwrap().len(), 1);
        assert_eq!(value["errors"][0]["location"], "a.md:2:3");
        assert_eq!(value["errors"][0]["message"], "bad <b>");
    }

    #[test]
    fn late_subscribers_read_the_status() {
        let shared = Shared::new("x".into());
        shared.set_status(Status::Failed("{}".into()));
        assert_eq!(shared.status(), Status::Failed("{}".into()));
        let mut rx = shared.subscribe();
        shared.send(Message::Reload { pages: None });
        assert_eq!(rx.try_recv().unwrap(), Message::Reload { pages: None });
    }
}
