//! `cargo xtask bench hostile`: the inputs a stranger's playbook can use against the build, each
//! at two sizes, n and 4n. Each must finish in time and memory linear in its size: the bench
//! fails when either grows more than six times from n to 4n (a quadratic cost grows sixteen
//! times). Each size is built three times (the fastest time, the peak memory). Built with the release binary into tmpfs; whether the build accepts or refuses the
//! input does not matter here, only that it answers (a crash is a failure).

use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::bench::{measure_status, scratch_dir};

/// Runs at each size; the time is the fastest, the memory the peak.
const RUNS: usize = 3;
/// The most time or memory may grow from n to 4n.
const MAX_GROWTH: f64 = 6.0;
/// Times under this, at 4n, are the process starting and stopping: their ratio is noise
/// (0.003 s against 0.02 s once read as a growth of 7).
const NOISE_SECONDS: f64 = 0.1;

/// One pathological input: its name, its n, and what writes the playbook for a size.
struct Case {
    name: &'static str,
    n: usize,
    write: fn(&Path, usize) -> Result<()>,
}

const CASES: &[Case] = &[
    Case {
        name: "front matter `[` nested n deep",
        n: 12_000,
        write: deep_front_matter,
    },
    Case {
        name: "`.gitbook.yaml` `{a: ` nested n deep",
        n: 25_000,
        write: deep_gitbook_yaml,
    },
    Case {
        name: "n calculator blocks on a page",
        n: 1_000,
        write: calculators,
    },
    Case {
        name: "a table of 2,000 columns and n rows",
        n: 100,
        write: wide_table,
    },
    Case {
        // 4n links are 400,000 brackets: under the markup a page may have.
        name: "n links to one missing page",
        n: 50_000,
        write: missing_links,
    },
    Case {
        name: "n includes of one file",
        n: 1_000,
        write: includes,
    },
    Case {
        name: "n `{{#` openings on one line",
        n: 100_000,
        write: openings,
    },
    Case {
        name: "n emphasised words on a page (`*a* `)",
        n: 50_000,
        write: emphasis,
    },
    Case {
        name: "n identical stray end tags",
        n: 10_000,
        write: end_tags,
    },
];

pub fn bench(playbook: &Path) -> Result<()> {
    println!("\n## Hostile inputs: release build to tmpfs, n and 4n");
    println!("| input | n | time n | time 4n | growth | memory n | memory 4n | growth |");
    println!("|---|---|---|---|---|---|---|---|");
    let scratch = scratch_dir().join("playbook-hostile");
    let mut failed = Vec::new();
    for case in CASES {
        let mut figures = Vec::new();
        for size in [case.n, 4 * case.n] {
            let root = scratch.join(format!("{}-{size}", slug(case.name)));
            if root.exists() {
                std::fs::remove_dir_all(&root)?;
            }
            std::fs::create_dir_all(&root)?;
            std::fs::write(root.join("SUMMARY.md"), "- [Home](README.md)\n")?;
            (case.write)(&root, size).with_context(|| format!("writing {}", root.display()))?;
            let out = scratch.join("out");
            let (root_arg, out_arg) = (root.to_string_lossy(), out.to_string_lossy());
            // The fastest of three runs: a build that allocates a few hundred megabytes takes
            // anything from 0.11 s to 0.94 s on this machine (the kernel handing out pages),
            // which once read as a growth of 11; the fastest is what the build itself costs.
            let mut walls = Vec::new();
            let mut peak: f64 = 0.0;
            for _ in 0..RUNS {
                let (_, wall, memory) =
                    measure_status(playbook, &["build", &root_arg, "--out", &out_arg])
                        .with_context(|| case.name)?;
                walls.push(wall);
                peak = peak.max(memory);
            }
            let fastest = walls.into_iter().fold(f64::INFINITY, f64::min);
            figures.push((fastest, peak));
        }
        let (time, memory) = (figures[1].0 / figures[0].0, figures[1].1 / figures[0].1);
        println!(
            "| {} | {} | {:.2} s | {:.2} s | {time:.1}× | {:.0} MB | {:.0} MB | {memory:.1}× |",
            case.name, case.n, figures[0].0, figures[1].0, figures[0].1, figures[1].1
        );
        if (time > MAX_GROWTH && figures[1].0 >= NOISE_SECONDS) || memory > MAX_GROWTH {
            failed.push(case.name);
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    if !failed.is_empty() {
        bail!(
            "grew more than {MAX_GROWTH}× from n to 4n: {}",
            failed.join("; ")
        );
    }
    Ok(())
}

fn slug(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

fn page(root: &Path, text: String) -> Result<()> {
    Ok(std::fs::write(root.join("README.md"), text)?)
}

fn deep_front_matter(root: &Path, n: usize) -> Result<()> {
    page(
        root,
        format!("---\ntitle: {}\n---\n# Home\n", "[".repeat(n)),
    )
}

fn deep_gitbook_yaml(root: &Path, n: usize) -> Result<()> {
    std::fs::write(
        root.join(".gitbook.yaml"),
        format!("root: {}\n", "{a: ".repeat(n)),
    )?;
    page(root, "# Home\n".into())
}

fn calculators(root: &Path, n: usize) -> Result<()> {
    page(
        root,
        format!("# Home\n\n{}", "```calculator run-cost\n```\n\n".repeat(n)),
    )
}

fn wide_table(root: &Path, n: usize) -> Result<()> {
    let row = format!("{}\n", "|".repeat(2_000));
    page(
        root,
        format!(
            "# Home\n\n{}|\n{}|\n{}",
            "|a".repeat(2_000),
            "|-".repeat(2_000),
            row.repeat(n)
        ),
    )
}

fn missing_links(root: &Path, n: usize) -> Result<()> {
    page(root, format!("# Home\n\n{}\n", "[x](gone.md) ".repeat(n)))
}

fn includes(root: &Path, n: usize) -> Result<()> {
    std::fs::write(
        root.join("part.md"),
        "A shared paragraph of a few words.\n".repeat(10),
    )?;
    page(
        root,
        format!("# Home\n\n{}", "{{#include part.md}}\n\n".repeat(n)),
    )
}

fn openings(root: &Path, n: usize) -> Result<()> {
    page(root, format!("# Home\n\n{}\n", "{{#include a ".repeat(n)))
}

fn emphasis(root: &Path, n: usize) -> Result<()> {
    page(root, format!("# Home\n\n{}\n", "*a* ".repeat(n)))
}

fn end_tags(root: &Path, n: usize) -> Result<()> {
    page(root, format!("# Home\n\n{}", "{% endhint %}\n".repeat(n)))
}
