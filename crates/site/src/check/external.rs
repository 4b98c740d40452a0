//! `playbook check --external`: requests every distinct `http(s)` address once, a few at a time
//! and each within a time limit, `HEAD` first and `GET` when a server refuses `HEAD`.
//!
//! A page that is gone (404, 410) or a host that cannot be reached is an error; answers that do
//! not prove a link broken (401, 403, 429, other server errors, no answer in time) are warnings.
//! Only public addresses are requested ([`public`]): redirects are followed here, one at a time,
//! so that each is checked before it is requested.

mod public;

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use playbook_book::diagnostics::Diagnostic;

/// How hard `--external` may work.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Requests in flight at once.
    pub concurrency: usize,
    /// The longest one request may take.
    pub timeout: Duration,
    /// Local addresses that may be requested all the same: for tests against a server of their
    /// own, never from the command line.
    pub allow_local: Vec<std::net::IpAddr>,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            concurrency: 8,
            timeout: Duration::from_secs(10),
            allow_local: Vec::new(),
        }
    }
}

/// The most redirects followed from one address.
const MAX_REDIRECTS: usize = 10;

/// What requesting an address gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkStatus {
    Ok,
    /// The link is broken: the reason.
    Broken(String),
    /// The link may work for a reader: the reason it could not be confirmed.
    Doubtful(String),
}

impl LinkStatus {
    /// The problem to report at each place the address is linked, if any.
    pub fn diagnostic(&self, address: &str) -> Option<Diagnostic> {
        match self {
            Self::Ok => None,
            Self::Broken(reason) => Some(
                Diagnostic::error("", format!("`{address}` is broken: {reason}"))
                    .help("fix or remove the link; the page may have moved"),
            ),
            Self::Doubtful(reason) => Some(
                Diagnostic::warning("", format!("`{address}` could not be confirmed: {reason}"))
                    .help("open the link in a browser to check it"),
            ),
        }
    }
}

/// Requests each of `addresses` (at most `limits.concurrency` at once) and returns the outcome
/// for each, in the order given.
pub fn check_all(addresses: &[String], limits: &Limits) -> Vec<(String, LinkStatus)> {
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(limits.timeout))
        .http_status_as_error(false)
        .max_redirects(0)
        .user_agent(concat!("playbook-check/", env!("CARGO_PKG_VERSION")))
        .build();
    let agent = ureq::Agent::with_parts(
        config,
        ureq::unversioned::transport::DefaultConnector::new(),
        public::PublicResolver::new(limits.allow_local.clone()),
    );
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<LinkStatus>>> = Mutex::new(vec![None; addresses.len()]);
    let workers = limits.concurrency.clamp(1, 64).min(addresses.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(address) = addresses.get(index) else {
                        break;
                    };
                    let outcome = follow(&agent, address, limits);
                    if let Ok(mut results) = results.lock() {
                        results[index] = Some(outcome);
                    }
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    addresses
        .iter()
        .cloned()
        .zip(results)
        .map(|(address, outcome)| {
            let outcome = outcome.unwrap_or_else(|| LinkStatus::Doubtful("not checked".into()));
            (address, outcome)
        })
        .collect()
}

/// Requests `address` and the redirects it answers with, each only at public addresses.
fn follow(agent: &ureq::Agent, address: &str, limits: &Limits) -> LinkStatus {
    let mut current = address.to_string();
    for _ in 0..=MAX_REDIRECTS {
        match check_one(agent, &current, limits.timeout) {
            Answer::Status(LinkStatus::Doubtful(reason))
                if current != address && reason.starts_with("not requested") =>
            {
                return LinkStatus::Doubtful(format!("it redirects to `{current}`, {reason}"));
            }
            Answer::Status(outcome) => return outcome,
            Answer::Redirect(location) => current = public::join(&current, &location),
        }
    }
    LinkStatus::Broken("it redirects in a loop or to nowhere".into())
}

/// What one request gave: an outcome, or a redirect to follow.
enum Answer {
    Status(LinkStatus),
    Redirect(String),
}

/// `HEAD`, then `GET` when the server answered `HEAD` with an error status (many refuse
/// `HEAD`); a host that cannot be reached is not asked twice.
fn check_one(agent: &ureq::Agent, address: &str, timeout: Duration) -> Answer {
    let response = match agent.head(address).call() {
        Ok(response) if response.status().as_u16() < 400 => Ok(response),
        Ok(_) | Err(ureq::Error::StatusCode(_)) => agent.get(address).call(),
        Err(error) => Err(error),
    };
    match response {
        Ok(response) => {
            let status = response.status().as_u16();
            let location = response
                .headers()
                .get("location")
                .and_then(|l| l.to_str().ok());
            match location {
                Some(location) if (300..400).contains(&status) => {
                    Answer::Redirect(location.to_string())
                }
                _ => Answer::Status(status_outcome(status)),
            }
        }
        Err(error) => Answer::Status(error_outcome(&error, timeout)),
    }
}

fn status_outcome(status: u16) -> LinkStatus {
    match status {
        200..=399 => LinkStatus::Ok,
        404 | 410 => {
            LinkStatus::Broken(format!("the server answers {status} ({})", reason(status)))
        }
        _ => LinkStatus::Doubtful(format!("the server answers {status} ({})", reason(status))),
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        401 => "sign-in required",
        403 => "forbidden",
        404 => "not found",
        405 => "method not allowed",
        410 => "gone",
        429 => "too many requests",
        500..=599 => "server error",
        _ => "unexpected answer",
    }
}

fn error_outcome(error: &ureq::Error, timeout: Duration) -> LinkStatus {
    match error {
        ureq::Error::StatusCode(status) => status_outcome(*status),
        ureq::Error::Timeout(_) => {
            LinkStatus::Doubtful(format!("no answer within {} s", timeout.as_secs_f32()))
        }
        ureq::Error::HostNotFound => LinkStatus::Broken("the host name does not exist".into()),
        ureq::Error::ConnectionFailed => LinkStatus::Broken("the connection was refused".into()),
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => {
            LinkStatus::Doubtful(format!("no answer within {} s", timeout.as_secs_f32()))
        }
        // The resolver refused a local or private address.
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            LinkStatus::Doubtful(e.to_string())
        }
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            LinkStatus::Broken("the connection was refused".into())
        }
        ureq::Error::TooManyRedirects | ureq::Error::RedirectFailed => {
            LinkStatus::Broken("it redirects in a loop or to nowhere".into())
        }
        ureq::Error::BadUri(_) => LinkStatus::Broken("the address is not valid".into()),
        other => LinkStatus::Doubtful(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_classified() {
        assert_eq!(status_outcome(200), LinkStatus::Ok);
        assert_eq!(status_outcome(301), LinkStatus::Ok);
        assert!(matches!(status_outcome(404), LinkStatus::Broken(_)));
        assert!(matches!(status_outcome(410), LinkStatus::Broken(_)));
        assert!(matches!(status_outcome(403), LinkStatus::Doubtful(_)));
        assert!(matches!(status_outcome(503), LinkStatus::Doubtful(_)));
    }
}
