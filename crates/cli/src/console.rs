//! The one place that prints: results on standard output, progress, warnings and errors on
//! standard error, and the exit status that goes with an outcome. The preview server is handed
//! [`Terminal`] to say what it has to say.

use std::io::Write;
use std::process::ExitCode;

/// A result for people or scripts, on standard output, flushed at once (scripts wait for it).
pub fn out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{text}");
    let _ = stdout.flush();
}

/// Text for standard output as it is, without a line added.
pub fn write(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

/// Progress, a warning or an error, on standard error.
pub fn say(text: &str) {
    eprintln!("{text}");
}

/// Success, or the error's whole chain on standard error and a failing status.
pub fn outcome(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            say(&format!("error: {error:#}"));
            ExitCode::FAILURE
        }
    }
}

/// The exit status for a command that succeeded or not.
pub fn exit_status(success: bool) -> ExitCode {
    if success {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The preview server's console: standard error.
pub struct Terminal;

impl playbook_serve::Console for Terminal {
    fn say(&self, text: &str) {
        say(text);
    }
}
