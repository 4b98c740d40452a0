//! Browser tests: makes sure Debian's Chromium and ChromeDriver are there (installing them when
//! running as root), then runs the `playbook-browser-tests` crate against them. Never skipped.

use std::path::Path;
use std::process::Command;

use anyhow::{Result, bail};

use crate::run;

const PACKAGES: &str = "chromium chromium-driver";

pub fn run(root: &Path) -> Result<()> {
    ensure_chromium()?;
    let mut tests = run::cargo_command(root, &["test", "-p", "playbook-browser-tests"]);
    tests.env("INSTA_UPDATE", "no");
    run::status(tests)
}

fn installed() -> bool {
    Path::new("/usr/bin/chromium").is_file() && Path::new("/usr/bin/chromedriver").is_file()
}

fn ensure_chromium() -> Result<()> {
    if installed() {
        return Ok(());
    }
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    if !is_root {
        bail!(
            "the browser tests need Debian's Chromium and ChromeDriver; install them with:\n  \
             sudo apt-get update && sudo apt-get install -y {PACKAGES}"
        );
    }
    eprintln!("xtask: installing {PACKAGES} for the browser tests");
    run::status({
        let mut c = Command::new("apt-get");
        c.arg("update").env("DEBIAN_FRONTEND", "noninteractive");
        c
    })?;
    run::status({
        let mut c = Command::new("apt-get");
        c.args(["install", "-y", "--no-install-recommends"])
            .args(PACKAGES.split(' '))
            .env("DEBIAN_FRONTEND", "noninteractive");
        c
    })?;
    if !installed() {
        bail!("apt-get finished but /usr/bin/chromium or /usr/bin/chromedriver is still missing");
    }
    Ok(())
}
