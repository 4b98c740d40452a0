//! Running commands from the tasks: cargo with the workspace's toolchain, and named steps that
//! say what failed.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

/// A `cargo` command in the workspace root.
pub fn cargo_command(root: &Path, args: &[&str]) -> Command {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    command.current_dir(root).args(args);
    command
}

/// Runs `cargo ARGS` in the workspace root.
pub fn cargo(root: &Path, args: &[&str]) -> Result<()> {
    status(cargo_command(root, args))
}

/// Runs a command, failing when it does.
pub fn status(mut command: Command) -> Result<()> {
    let shown = format!("{command:?}");
    let status = command
        .status()
        .with_context(|| format!("cannot start {shown}"))?;
    if !status.success() {
        bail!("{shown} failed ({status})");
    }
    Ok(())
}

/// Runs a command and returns its standard output, failing when it does with the command and
/// the end of its standard error.
pub fn output(mut command: Command) -> Result<String> {
    let shown = format!("{command:?}");
    let output = command
        .output()
        .with_context(|| format!("cannot start {shown}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let lines: Vec<&str> = stderr.lines().collect();
        let tail = lines[lines.len().saturating_sub(40)..].join("\n");
        bail!("{shown} failed ({}):\n{tail}", output.status);
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Runs one named step of a task, announcing it first and naming it on failure.
pub fn step(name: &str, task: impl FnOnce() -> Result<()>) -> Result<()> {
    eprintln!("\nxtask: == {name} ==");
    let result = task();
    match &result {
        Ok(()) => eprintln!("xtask: {name}: ok"),
        Err(_) => eprintln!("xtask: {name}: FAILED"),
    }
    result.with_context(|| format!("step failed: {name}"))
}
