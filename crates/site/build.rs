//! Embeds the calculators' WebAssembly module and its bindings when `cargo xtask wasm` (or
//! `cargo xtask dist`) has built them into `target/playbook-wasm/`; otherwise the binary builds
//! sites with the calculators' results computed at build time only.

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../../target"));
    let folder = target.join("playbook-wasm");
    // Watching the folder (made here if missing) reruns this script when the module changes.
    let _ = std::fs::create_dir_all(&folder);
    println!("cargo:rerun-if-changed={}", folder.display());
    println!("cargo:rerun-if-env-changed=CARGO_TARGET_DIR");
    let module = folder.join("calc.wasm");
    let glue = folder.join("calc.js");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo")).join("wasm_module.rs");
    let code = if module.is_file() && glue.is_file() {
        format!(
            "/// The calculators' module and its bindings, built by `cargo xtask wasm`.\npub const MODULE: Option<(&[u8], &[u8])> = Some((include_bytes!({:?}), include_bytes!({:?})));\n",
            module.display().to_string(),
            glue.display().to_string()
        )
    } else {
        "/// No module was built before this binary: calculators show build-time results only.\npub const MODULE: Option<(&[u8], &[u8])> = None;\n".to_string()
    };
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
