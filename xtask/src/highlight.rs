//! `cargo xtask bench highlight`: what colouring code costs a build. The 1,000-page corpus has no
//! code, so a copy of it with three fenced blocks added to every page (Rust with hidden lines,
//! YAML and bash: 21 lines of code a page) is built, median of 3 runs to tmpfs, beside the
//! corpus itself in the same minutes.

use std::path::Path;

use anyhow::{Context, Result};

use crate::bench::{corpus, files, measure, scratch_dir};

/// The blocks added to each page.
const BLOCKS: &str = r#"
```rust
# use std::collections::HashMap;
/// Minutes of downtime a target allows each week.
fn allowed_minutes(target: f64) -> f64 {
    (1.0 - target / 100.0) * 7.0 * 24.0 * 60.0 // 10,080 minutes in a week
}

fn main() {
    let targets: HashMap<&str, f64> = [("checkout", 99.9), ("search", 99.0)].into();
    for (service, target) in &targets {
        println!("{service}: {:.1} minutes", allowed_minutes(*target));
    }
}
```

```yaml
service: checkout
availability: 99.9 # per cent
on_call: [alice, bob]
alerts:
  - name: error-rate
    threshold: 0.05
```

```bash
# Roll back to the last good release.
./deploy --service "$SERVICE" --version "$LAST_GOOD"
curl -fsS "https://status.example.org/$SERVICE" | jq '.state'
```
"#;

pub fn bench(root: &Path, playbook: &Path) -> Result<()> {
    let scratch = scratch_dir();
    let plain = corpus(root, &scratch, 1_000)?;
    let coded = scratch.join("playbook-corpus-1000-code");
    if !coded.join("SUMMARY.md").is_file() {
        copy_with_code(&plain, &coded).with_context(|| format!("making {}", coded.display()))?;
    }
    println!("\n## Code highlighting: 1,000 pages, median of 3 runs to tmpfs");
    println!("| corpus | wall time | peak memory |");
    println!("|---|---|---|");
    let mut walls = Vec::new();
    for (label, source) in [
        ("without code", &plain),
        ("21 lines of code a page", &coded),
    ] {
        let out = scratch.join("playbook-bench-out-highlight");
        let (source, out) = (source.to_string_lossy(), out.to_string_lossy());
        let mut runs = (0..3)
            .map(|_| measure(playbook, &["build", &source, "--out", &out]))
            .collect::<Result<Vec<_>>>()?;
        runs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (wall, peak) = runs[1];
        walls.push(wall);
        println!("| {label} | {wall:.2} s | {peak:.0} MB |");
    }
    println!(
        "\nwith code against without: {:.1} times",
        walls[1] / walls[0]
    );
    Ok(())
}

/// Copies the corpus at `from` to `to`, adding [`BLOCKS`] to every page but `SUMMARY.md`.
fn copy_with_code(from: &Path, to: &Path) -> Result<()> {
    for relative in files(from)? {
        let target = to.join(&relative);
        if let Some(folder) = target.parent() {
            std::fs::create_dir_all(folder)?;
        }
        std::fs::copy(from.join(&relative), &target)?;
        let is_page = relative.extension().is_some_and(|e| e == "md");
        if is_page && relative != Path::new("SUMMARY.md") {
            let mut text = std::fs::read_to_string(&target)?;
            text.push_str(BLOCKS);
            std::fs::write(&target, text)?;
        }
    }
    Ok(())
}
