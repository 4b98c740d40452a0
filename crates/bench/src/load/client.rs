//! The load's clients: each sends its share of the requests over one kept-alive connection,
//! every other one to a page being saved, and tallies what came back.

use std::collections::BTreeSet;
use std::io::BufReader;
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::Instant;

use super::edits::served_save;
use super::http::{Answer, connect, get};
use crate::millis;

/// What one client found.
pub(super) struct Tally {
    /// Requests without a complete `200 OK` answer.
    pub(super) failed: usize,
    /// HTML answers cut short, or holding an edited page from two different saves.
    pub(super) torn: usize,
    /// The first failure or torn page, described.
    pub(super) problem: Option<String>,
    pub(super) latencies: Vec<f64>,
    /// The saves of the edited pages that were served.
    pub(super) seen: BTreeSet<usize>,
}

/// One client: `count` requests to the server on `port`, stopping at `deadline`.
pub(super) struct Client {
    /// Which client this is, which spreads the clients' picks over the paths.
    pub(super) connection: usize,
    pub(super) count: usize,
    pub(super) port: u16,
    /// The addresses of the other pages and the theme's files.
    pub(super) paths: Vec<String>,
    /// The addresses of the pages being saved.
    pub(super) edited: Vec<String>,
    /// Requests answered so far by all clients, for the memory sampler.
    pub(super) answered: Arc<AtomicUsize>,
    pub(super) deadline: Instant,
}

impl Client {
    /// Sends the requests on a thread of its own.
    pub(super) fn start(self) -> JoinHandle<Tally> {
        std::thread::spawn(move || self.run())
    }

    fn run(self) -> Tally {
        let mut tally = Tally {
            failed: 0,
            torn: 0,
            problem: None,
            latencies: Vec::with_capacity(self.count),
            seen: BTreeSet::new(),
        };
        let mut reader: Option<BufReader<TcpStream>> = None;
        for request in 0..self.count {
            if Instant::now() > self.deadline {
                tally.failed += self.count - request;
                tally
                    .problem
                    .get_or_insert_with(|| "the time limit passed".to_string());
                break;
            }
            let (path, page) = self.pick(request);
            if reader.is_none() {
                match connect(self.port) {
                    Ok(connected) => reader = Some(connected),
                    Err(e) => {
                        tally.failed += 1;
                        tally
                            .problem
                            .get_or_insert_with(|| format!("cannot connect: {e}"));
                        continue;
                    }
                }
            }
            let sent = Instant::now();
            let answer = get(reader.as_mut().expect("connected"), self.port, &path);
            tally.latencies.push(millis(sent.elapsed()));
            self.answered.fetch_add(1, Ordering::Relaxed);
            match answer {
                Ok(answer) if answer.status == 200 => tally.check(&path, page, &answer),
                Ok(answer) => {
                    tally.failed += 1;
                    tally
                        .problem
                        .get_or_insert_with(|| format!("{path}: status {}", answer.status));
                }
                Err(e) => {
                    tally.failed += 1;
                    reader = None;
                    tally.problem.get_or_insert_with(|| format!("{path}: {e}"));
                }
            }
        }
        tally
    }

    /// The address of request number `request`, and which edited page it is, if it is one.
    fn pick(&self, request: usize) -> (String, Option<usize>) {
        let pick = self.connection * 7919 + request * 104_729;
        if request.is_multiple_of(2) {
            let page = pick % self.edited.len();
            (self.edited[page].clone(), Some(page))
        } else {
            (self.paths[pick % self.paths.len()].clone(), None)
        }
    }
}

impl Tally {
    /// Checks a `200 OK` answer to `path`: HTML must be whole, and an edited page must hold
    /// the text of one save.
    fn check(&mut self, path: &str, page: Option<usize>, answer: &Answer) {
        if !answer.html {
            return;
        }
        let html = String::from_utf8_lossy(&answer.body);
        if !html.trim_end().ends_with("</html>") {
            self.torn += 1;
            self.problem
                .get_or_insert_with(|| format!("{path}: the page is cut short"));
            return;
        }
        if let Some(page) = page {
            match served_save(&html, page) {
                Ok(Some(save)) => {
                    self.seen.insert(save);
                }
                Ok(None) => {}
                Err(e) => {
                    self.torn += 1;
                    self.problem.get_or_insert(e);
                }
            }
        }
    }
}
