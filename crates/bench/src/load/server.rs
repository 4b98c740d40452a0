//! The server under load: the preview in this process, or `playbook serve` in a process of its
//! own whose memory is measured apart from the clients'.

use std::io::{BufRead, BufReader};
use std::path::Path;

use playbook_serve::{ServeOptions, start};

/// The server under load: in this process, or `playbook serve` in its own.
pub(super) struct LoadServer {
    pub(super) port: u16,
    /// Kept to stop the server when dropped.
    _here: Option<playbook_serve::Server>,
    child: Option<std::process::Child>,
}

impl LoadServer {
    pub(super) fn start(root: &Path, binary: Option<&Path>) -> Result<Self, String> {
        let Some(binary) = binary else {
            let server = start(&ServeOptions {
                dir: root.to_path_buf(),
                port: Some(0),
                console: std::sync::Arc::new(playbook_serve::Silent),
                ..ServeOptions::default()
            })?;
            return Ok(Self {
                port: server.addr.port(),
                _here: Some(server),
                child: None,
            });
        };
        let mut child = std::process::Command::new(binary)
            .arg("serve")
            .arg(root)
            .args(["--port", "0"])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        // `playbook serve` says `serving http://127.0.0.1:PORT/` once the first build is done.
        let mut line = String::new();
        if let Some(stdout) = child.stdout.take() {
            let _ = BufReader::new(stdout).read_line(&mut line);
        }
        let port = line
            .trim()
            .strip_prefix("serving http://127.0.0.1:")
            .and_then(|rest| rest.trim_end_matches('/').parse().ok());
        let server = Self {
            port: port.unwrap_or(0),
            _here: None,
            child: Some(child),
        };
        match port {
            Some(_) => Ok(server),
            None => Err(format!("playbook serve did not start: {line:?}")),
        }
    }

    /// The process whose memory is measured, as `/proc` names it.
    pub(super) fn process(&self) -> String {
        self.child
            .as_ref()
            .map_or_else(|| "self".to_string(), |c| c.id().to_string())
    }
}

impl Drop for LoadServer {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
