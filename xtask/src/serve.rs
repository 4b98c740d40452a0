//! `cargo xtask serve`: builds the calculators' WebAssembly module and `playbook`, serves this
//! repository's playbook with live reload, and when the models change (`crates/models`), builds
//! the module and the binary again and restarts the server on the same port, so open pages
//! reconnect and reload by themselves.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result, bail};

use crate::{run, wasm};

pub fn run(root: &Path, args: &[String]) -> Result<()> {
    let models = root.join("crates/models");
    let mut port: Option<String> = port_in(args);
    loop {
        wasm::build(root)?;
        run::cargo(root, &["build", "--quiet", "-p", "playbook"])?;
        let (mut server, bound) = start(root, args, port.as_deref())?;
        port = port.or(bound);
        let mut seen = newest_change(&models);
        loop {
            std::thread::sleep(Duration::from_millis(700));
            if let Some(status) = server.try_wait()? {
                if status.success() {
                    return Ok(());
                }
                bail!("playbook serve stopped ({status})");
            }
            let now = newest_change(&models);
            if now > seen {
                seen = now;
                eprintln!(
                    "xtask: the models changed: building the module and restarting the server"
                );
                let _ = server.kill();
                let _ = server.wait();
                break;
            }
        }
    }
}

/// `--port N` or `--port=N` as given to xtask.
fn port_in(args: &[String]) -> Option<String> {
    let at = args.iter().position(|a| a == "--port")?;
    args.get(at + 1).cloned()
}

/// Starts `playbook serve .` and passes its output through; returns the port it bound.
fn start(root: &Path, args: &[String], port: Option<&str>) -> Result<(Child, Option<String>)> {
    let binary = target_dir(root).join("debug/playbook");
    let mut command = Command::new(&binary);
    command.current_dir(root).arg("serve").arg(".");
    let mut rest: Vec<String> = args.to_vec();
    if let (Some(port), None) = (port, port_in(args)) {
        rest.extend(["--port".to_string(), port.to_string()]);
    }
    command.args(&rest).stdout(Stdio::piped());
    let mut child = command
        .spawn()
        .with_context(|| format!("cannot start {}", binary.display()))?;
    let stdout = child.stdout.take().context("the server's output")?;
    let mut lines = BufReader::new(stdout).lines();
    // The first line names the address: `serving http://127.0.0.1:PORT/`.
    let first = lines.next().transpose()?.unwrap_or_default();
    println!("{first}");
    let bound = first
        .rsplit(':')
        .next()
        .map(|p| p.trim_end_matches('/').to_string())
        .filter(|p| p.parse::<u16>().is_ok());
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            println!("{line}");
        }
    });
    Ok((child, bound))
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

/// The latest modification time of any file under `dir`.
fn newest_change(dir: &Path) -> SystemTime {
    let mut newest = SystemTime::UNIX_EPOCH;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if !path.ends_with("target") {
                    stack.push(path);
                }
            } else if let Ok(modified) = entry.metadata().and_then(|m| m.modified()) {
                newest = newest.max(modified);
            }
        }
    }
    newest
}
