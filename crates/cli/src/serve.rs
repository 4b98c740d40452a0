//! `playbook serve`: starts the preview, says where it is, opens a browser when asked, and runs
//! until the process is stopped.

use playbook_serve::{ServeOptions, open_browser, start};

use crate::console;

/// Runs the preview until the process is stopped; an error only when it cannot run.
pub fn run(options: &ServeOptions) -> Result<(), String> {
    if options.bind.is_unspecified() {
        console::say(&format!(
            "warning: listening on all interfaces ({}): anyone on your network can read this preview",
            options.bind
        ));
    }
    let mut server = start(options)?;
    // One line on standard output, for scripts: `serving http://127.0.0.1:PORT/`.
    console::out(&format!("serving {}", server.url));
    console::say("watching for changes; press Ctrl-C to stop");
    if options.open
        && let Err(e) = open_browser(&server.url)
    {
        console::say(&format!(
            "warning: cannot open a browser ({e}); open {} yourself",
            server.url
        ));
    }
    server.wait()
}
