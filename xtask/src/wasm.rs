//! The calculators' WebAssembly module: compiles the models crate for `wasm32-unknown-unknown`
//! with the size-first `wasm-release` profile, generates the JavaScript bindings with
//! `wasm-bindgen-cli-support` used as a library, and shrinks the module with `wasm-opt` when a
//! working one (binaryen 110 or later) is on the PATH. The result goes to
//! `target/playbook-wasm/`, where the `playbook` binary's build script embeds it.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::run;

/// The folder the module and its bindings are written to.
pub fn out_dir(root: &Path) -> PathBuf {
    target_dir(root).join("playbook-wasm")
}

pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

/// The modules built: the name of each, and the models crate's features it has. Pages with the
/// estate planner load the larger module; every other calculator page loads the smaller one.
const MODULES: [(&str, &[&str]); 2] = [("calc", &["--no-default-features"]), ("calc-estate", &[])];

/// Builds the modules; returns the folder holding `NAME.wasm` and `NAME.js` for each.
pub fn build(root: &Path) -> Result<PathBuf> {
    ensure_target()?;
    let out = out_dir(root);
    std::fs::create_dir_all(&out)?;
    for (name, features) in MODULES {
        // Each module builds in a target folder of its own, so switching features does not
        // rebuild the other.
        let target = target_dir(root).join(format!("wasm-{name}"));
        let mut args = vec![
            "build",
            "--quiet",
            "-p",
            "playbook-models",
            "--lib",
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            "wasm-release",
        ];
        args.extend_from_slice(features);
        let mut command = run::cargo_command(root, &args);
        command.env("CARGO_TARGET_DIR", &target);
        run::status(command)?;
        let input = target.join("wasm32-unknown-unknown/wasm-release/playbook_models.wasm");
        let generated = target.join("bindgen");
        std::fs::create_dir_all(&generated)?;
        wasm_bindgen_cli_support::Bindgen::new()
            .input_path(&input)
            .out_name(name)
            .web(true)?
            .typescript(false)
            .remove_name_section(true)
            .remove_producers_section(true)
            .generate(&generated)
            .context("wasm-bindgen could not generate the bindings")?;
        let module = generated.join(format!("{name}_bg.wasm"));
        let target_module = out.join(format!("{name}.wasm"));
        if !optimise(&module, &target_module)? {
            std::fs::copy(&module, &target_module)?;
        }
        std::fs::copy(
            generated.join(format!("{name}.js")),
            out.join(format!("{name}.js")),
        )?;
        let size = std::fs::metadata(&target_module)?.len();
        eprintln!(
            "xtask: WebAssembly module {} ({} bytes)",
            target_module.display(),
            size
        );
    }
    Ok(out)
}

/// Builds the release `playbook` binary with the module inside it.
pub fn dist(root: &Path) -> Result<()> {
    build(root)?;
    run::cargo(root, &["build", "--release", "-p", "playbook"])?;
    eprintln!(
        "xtask: {} carries the calculators' module",
        target_dir(root).join("release/playbook").display()
    );
    Ok(())
}

fn ensure_target() -> Result<()> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output();
    match installed {
        Ok(output)
            if String::from_utf8_lossy(&output.stdout).contains("wasm32-unknown-unknown") =>
        {
            Ok(())
        }
        Ok(_) => run::status({
            let mut c = Command::new("rustup");
            c.args(["target", "add", "wasm32-unknown-unknown"]);
            c
        }),
        // Without rustup the toolchain must already have the target; cargo will say if not.
        Err(_) => Ok(()),
    }
}

/// Runs `wasm-opt -Oz` when a working version is present; false when it is not.
fn optimise(input: &Path, output: &Path) -> Result<bool> {
    let Ok(version) = Command::new("wasm-opt").arg("--version").output() else {
        return Ok(false);
    };
    let text = String::from_utf8_lossy(&version.stdout);
    // "wasm-opt version 116 (version_116)": Debian's 108 corrupts wasm-bindgen output.
    let number: Option<u32> = text
        .split_whitespace()
        .skip_while(|w| *w != "version")
        .nth(1)
        .and_then(|n| n.parse().ok());
    match number {
        Some(n) if n >= 110 => {}
        _ => {
            eprintln!(
                "xtask: skipping wasm-opt ({}): version 110 or later is needed",
                text.trim()
            );
            return Ok(false);
        }
    }
    let status = Command::new("wasm-opt")
        .args([
            "-Oz",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
        ])
        .arg(input)
        .arg("-o")
        .arg(output)
        .status()?;
    if !status.success() {
        bail!("wasm-opt failed on {}", input.display());
    }
    Ok(true)
}
