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
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo")).join("wasm_module.rs");
    let mut code = String::new();
    for (constant, name) in [("MODULE", "calc"), ("ESTATE_MODULE", "calc-estate")] {
        let module = folder.join(format!("{name}.wasm"));
        let glue = folder.join(format!("{name}.js"));
        if module.is_file() && glue.is_file() {
            code.push_str(&format!(
                "/// The `{name}` module and its bindings, built by `cargo xtask wasm`.\npub const {constant}: Option<(&[u8], &[u8])> = Some((include_bytes!({:?}), include_bytes!({:?})));\n",
                module.display().to_string(),
                glue.display().to_string()
            ));
        } else {
            code.push_str(&format!(
                "/// No `{name}` module was built before this binary: calculators show build-time results only.\npub const {constant}: Option<(&[u8], &[u8])> = None;\n"
            ));
        }
    }
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
