//! `cargo xtask same-output [REV]`: the site this tree builds is byte for byte the site an
//! earlier commit builds (default: the commit before the crates were split by job), for this
//! repository's playbook (with and without a base address), the 1,000-page corpus and the
//! fixture playbooks. For restructurings that must not change what the tool does.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::run;

/// The last commit before the crates were split by job.
const BEFORE_THE_SPLIT: &str = "4b9479e";

pub fn run(root: &Path, args: &[String]) -> Result<()> {
    let rev = args.first().map_or(BEFORE_THE_SPLIT, String::as_str);
    let work = crate::wasm::target_dir(root).join("same-output");
    let old = old_binary(root, rev, &work)?;
    run::cargo(root, &["build", "--quiet", "-p", "playbook"])?;
    let new = crate::wasm::target_dir(root).join("debug/playbook");
    let corpus = crate::bench::corpus(root, &crate::bench::scratch_dir(), 1_000)?;
    let builds: [(&str, PathBuf, &[&str]); 5] = [
        ("repository", root.to_path_buf(), &[]),
        (
            "repository-base-url",
            root.to_path_buf(),
            &["--base-url", "https://pb.example/handbook/"],
        ),
        ("corpus-1000", corpus, &[]),
        (
            "gitbook",
            root.join("crates/site/tests/fixtures/gitbook"),
            &[],
        ),
        ("basic", root.join("crates/cli/tests/fixtures/basic"), &[]),
    ];
    let mut differing = 0;
    for (name, dir, extra) in &builds {
        let before = build(&old, dir, extra, &work.join(format!("{name}-before")))?;
        let after = build(&new, dir, extra, &work.join(format!("{name}-after")))?;
        let differences = compare(&before, &after);
        println!(
            "{name}: {} files, {} differ",
            before.len(),
            differences.len()
        );
        for file in differences.iter().take(10) {
            println!("  {file}");
        }
        differing += differences.len();
    }
    if differing > 0 {
        bail!("{differing} files differ from the site {rev} builds");
    }
    println!("same output as {rev}");
    Ok(())
}

/// `playbook` as `rev` builds it, from that commit's files, with this tree's WebAssembly module
/// (when built) so that both binaries carry the same one.
fn old_binary(root: &Path, rev: &str, work: &Path) -> Result<PathBuf> {
    let source = work.join(format!("source-{rev}"));
    if !source.join("Cargo.toml").is_file() {
        std::fs::create_dir_all(&source)?;
        let archive = Command::new("git")
            .current_dir(root)
            .args(["archive", "--format=tar", rev])
            .output()
            .context("cannot run git archive")?;
        if !archive.status.success() {
            bail!(
                "git archive {rev} failed: {}",
                String::from_utf8_lossy(&archive.stderr)
            );
        }
        let mut untar = Command::new("tar")
            .current_dir(&source)
            .arg("-x")
            .stdin(std::process::Stdio::piped())
            .spawn()
            .context("cannot run tar")?;
        use std::io::Write;
        untar
            .stdin
            .take()
            .context("tar's input")?
            .write_all(&archive.stdout)?;
        if !untar.wait()?.success() {
            bail!("cannot unpack {rev}");
        }
    }
    let target = work.join("target");
    let modules = crate::wasm::out_dir(root);
    if modules.is_dir() {
        copy_files(&modules, &target.join("playbook-wasm"))?;
    }
    let mut cargo = run::cargo_command(&source, &["build", "--quiet", "--bin", "playbook"]);
    cargo.env("CARGO_TARGET_DIR", &target);
    run::status(cargo)?;
    Ok(target.join("debug/playbook"))
}

fn copy_files(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

/// Builds `dir` with `playbook` into `out` (emptied first) and reads every file it wrote.
fn build(
    playbook: &Path,
    dir: &Path,
    extra: &[&str],
    out: &Path,
) -> Result<BTreeMap<String, Vec<u8>>> {
    if out.exists() {
        std::fs::remove_dir_all(out)?;
    }
    run::status({
        let mut c = Command::new(playbook);
        c.arg("build").arg(dir).arg("--out").arg(out).args(extra);
        c.stderr(std::process::Stdio::null());
        c
    })?;
    let mut files = BTreeMap::new();
    read_tree(out, out, &mut files)?;
    Ok(files)
}

fn read_tree(base: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            read_tree(base, &path, files)?;
        } else {
            let key = path.strip_prefix(base)?.to_string_lossy().into_owned();
            files.insert(key, std::fs::read(&path)?);
        }
    }
    Ok(())
}

/// The files that are not the same in both sites: changed, missing or new.
fn compare(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut differing: Vec<String> = before
        .iter()
        .filter(|(name, bytes)| after.get(*name) != Some(bytes))
        .map(|(name, _)| name.clone())
        .collect();
    differing.extend(
        after
            .keys()
            .filter(|name| !before.contains_key(*name))
            .cloned(),
    );
    differing
}
