//! The copy check: the playbook in `content/` is written in this project's own words, so no run
//! of eight or more words from the source material in `../shared/seeds/` may appear in it.
//! Words are compared lower-cased; each operating model's name counts as one word.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// How many words in a row may not be shared with the source material.
const RUN: usize = 8;

/// Names that count as one word each, longest first.
const MODEL_NAMES: [(&str, &str); 2] = [
    ("you build it you run it", "you-build-it-you-run-it"),
    ("ops run it", "ops-run-it"),
];

pub fn run(root: &Path) -> Result<()> {
    let seeds_dir = root.join("../shared/seeds");
    if !seeds_dir.is_dir() {
        eprintln!(
            "copy check skipped: {} is not here, so there is nothing to compare content/ with",
            seeds_dir.display()
        );
        return Ok(());
    }
    let mut seed_runs: HashSet<Vec<String>> = HashSet::new();
    for seed in files_with_extension(&seeds_dir, "txt")? {
        let text = std::fs::read_to_string(&seed)
            .with_context(|| format!("cannot read {}", seed.display()))?;
        seed_runs.extend(runs_of(&text));
    }
    let mut found: HashMap<PathBuf, Vec<String>> = HashMap::new();
    let pages = files_with_extension(&root.join("content"), "md")?;
    for page in &pages {
        let text = std::fs::read_to_string(page)
            .with_context(|| format!("cannot read {}", page.display()))?;
        let copied = copied_runs(&seed_runs, &text);
        if !copied.is_empty() {
            found.insert(
                page.strip_prefix(root).unwrap_or(page).to_path_buf(),
                copied,
            );
        }
    }
    if found.is_empty() {
        eprintln!(
            "copy check: {} pages, no run of {RUN} words shared with the source material",
            pages.len()
        );
        return Ok(());
    }
    let mut files: Vec<_> = found.into_iter().collect();
    files.sort();
    for (file, runs) in &files {
        for run in runs {
            eprintln!("{}: copies the source material: \"{run}\"", file.display());
        }
    }
    bail!(
        "content/ repeats runs of {RUN} or more words from ../shared/seeds: rewrite those sentences in your own words"
    )
}

/// Every run of [`RUN`] words in `text`.
fn runs_of(text: &str) -> HashSet<Vec<String>> {
    words(text).windows(RUN).map(<[String]>::to_vec).collect()
}

/// The runs of [`RUN`] words in `text` that are among `seed_runs`, in order.
fn copied_runs(seed_runs: &HashSet<Vec<String>>, text: &str) -> Vec<String> {
    words(text)
        .windows(RUN)
        .filter(|window| seed_runs.contains(*window))
        .map(|window| window.join(" "))
        .collect()
}

/// Lower-cased words (runs of letters and digits), with each model's name as one word.
fn words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = text
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    for (name, token) in MODEL_NAMES {
        let parts: Vec<&str> = name.split(' ').collect();
        let mut joined = Vec::with_capacity(words.len());
        let mut i = 0;
        while i < words.len() {
            if words[i..].len() >= parts.len()
                && words[i..i + parts.len()]
                    .iter()
                    .zip(&parts)
                    .all(|(a, b)| a == b)
            {
                joined.push(token.to_string());
                i += parts.len();
            } else {
                joined.push(std::mem::take(&mut words[i]));
                i += 1;
            }
        }
        words = joined;
    }
    words
}

fn files_with_extension(dir: &Path, extension: &str) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in
            std::fs::read_dir(&dir).with_context(|| format!("cannot list {}", dir.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == extension) {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_shared_words_are_a_copy_and_seven_are_not() {
        let seed =
            runs_of("Product teams build, deploy, operate and support their own digital services.");
        assert_eq!(
            copied_runs(
                &seed,
                "Our PRODUCT teams build; deploy, operate and support their code."
            ),
            ["product teams build deploy operate and support their"]
        );
        assert!(
            copied_runs(
                &seed,
                "Teams deploy, operate and support their own digital apps."
            )
            .is_empty()
        );
    }

    #[test]
    fn model_names_are_one_word() {
        assert_eq!(
            words("Why You Build It You Run It beats Ops Run It, often."),
            [
                "why",
                "you-build-it-you-run-it",
                "beats",
                "ops-run-it",
                "often"
            ]
        );
    }
}
