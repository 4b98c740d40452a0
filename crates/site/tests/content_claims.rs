//! The playbook's own pages quote their calculators truthfully: every figure a page states about
//! one of its calculators is what that calculator shows for the page's inputs (or for the inputs
//! the page asks the reader to try), every calculator block in `content/` is listed here, and
//! each worked example has its calculator on one page only.

use std::path::{Path, PathBuf};

use playbook_models::Settings;
use playbook_models::calculator::{Inputs, calculate, find};

/// What a page says about one of its calculators.
struct Claim {
    page: &'static str,
    calculator: &'static str,
    /// Inputs the page asks the reader to change, over the block's own.
    with: &'static [(&'static str, &'static str)],
    /// Texts the page states and the calculator must show, compared without case.
    says: &'static [&'static str],
}

const fn claim(
    page: &'static str,
    calculator: &'static str,
    says: &'static [&'static str],
) -> Claim {
    Claim {
        page,
        calculator,
        with: &[],
        says,
    }
}

const CLAIMS: &[Claim] = &[
    claim(
        "introduction/comparing-operating-models.md",
        "relative-costs",
        &["higher", "lower", "about equal", "much lower"],
    ),
    claim(
        "operating-models/launching-features-daily.md",
        "lead-time",
        &["10d 21h", "21d 9h", "3d 13h"],
    ),
    Claim {
        with: &[("standard_change_percent", "90")],
        says: &["8h 54m"],
        ..claim(
            "operating-models/launching-features-daily.md",
            "lead-time",
            &[],
        )
    },
    claim(
        "practices/incident-response.md",
        "incident-response",
        &["major incident", "immediately"],
    ),
    claim(
        "practices/incident-response.md",
        "loss-protection",
        &["1h 40m 48s", "$336,000", "$100,000", "$236,000", "70%"],
    ),
    Claim {
        with: &[("incident_minutes", "90"), ("incident_loss", "300000")],
        says: &["$36,000", "11%"],
        ..claim("practices/incident-response.md", "loss-protection", &[])
    },
    claim(
        "practices/scale.md",
        "schedule",
        &["a domain schedule shared by sibling teams"],
    ),
    claim(
        "practices/scale.md",
        "estate",
        &["$171,600", "$348,400", "$83,200"],
    ),
    claim(
        "pitfalls/linear-run-costs.md",
        "run-cost",
        &["$260,000", "$182,000", "$20,800"],
    ),
    claim(
        "practices/selection/availability-targets.md",
        "availability-target",
        &["99.0%"],
    ),
    Claim {
        with: &[("exposure", "6000")],
        says: &["95.0%"],
        ..claim(
            "practices/selection/availability-targets.md",
            "availability-target",
            &[],
        )
    },
    Claim {
        with: &[("exposure", "810000")],
        says: &["99.9%"],
        ..claim(
            "practices/selection/availability-targets.md",
            "availability-target",
            &[],
        )
    },
    claim(
        "practices/selection/availability-targets.md",
        "availability",
        &["0h 10m 5s"],
    ),
    claim(
        "practices/selection/deployment-targets.md",
        "deployment-target",
        &["weekly"],
    ),
    Claim {
        with: &[("demand", "very-high")],
        says: &["daily or more"],
        ..claim(
            "practices/selection/deployment-targets.md",
            "deployment-target",
            &[],
        )
    },
    claim(
        "practices/selection/operating-model-selector.md",
        "selector",
        &["99.0%", "daily", "You Build It You Run It"],
    ),
    Claim {
        with: &[("demand", "low")],
        says: &["Ops Run It"],
        ..claim(
            "practices/selection/operating-model-selector.md",
            "selector",
            &[],
        )
    },
    Claim {
        with: &[("exposure", "810000"), ("demand", "high")],
        says: &["99.9%", "weekly"],
        ..claim(
            "practices/selection/operating-model-selector.md",
            "selector",
            &[],
        )
    },
];

/// A calculator block as a page holds it.
struct Block {
    page: String,
    name: String,
    body: String,
}

fn content() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content")
}

/// Every page of `content/`, by its path there, with its text.
fn pages() -> Vec<(String, String)> {
    let root = content();
    let mut pages: Vec<(String, String)> = walkdir::WalkDir::new(&root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            let path = e.path().strip_prefix(&root).unwrap();
            let name = path.to_string_lossy().replace('\\', "/");
            (name, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect();
    pages.sort();
    pages
}

/// A page's calculator blocks, and its text without them (what a reader reads).
fn split(page: &str, text: &str) -> (Vec<Block>, String) {
    let mut blocks = Vec::new();
    let mut prose = String::new();
    let mut open: Option<Block> = None;
    for line in text.lines() {
        match &mut open {
            Some(block) if line.trim_end() == "```" => {
                blocks.push(std::mem::replace(block, empty()));
                open = None;
            }
            Some(block) => {
                block.body.push_str(line);
                block.body.push('\n');
            }
            None => match line.strip_prefix("```calculator") {
                Some(name) => {
                    open = Some(Block {
                        page: page.to_string(),
                        name: name.trim().to_string(),
                        body: String::new(),
                    })
                }
                None => {
                    prose.push_str(line);
                    prose.push('\n');
                }
            },
        }
    }
    assert!(open.is_none(), "{page}: a calculator block is not closed");
    (blocks, prose)
}

fn empty() -> Block {
    Block {
        page: String::new(),
        name: String::new(),
        body: String::new(),
    }
}

/// The block's inputs as the site reads them, with `with` over them.
fn inputs(block: &Block, with: &[(&str, &str)]) -> Inputs {
    let table: toml::Table = toml::from_str(&block.body)
        .unwrap_or_else(|e| panic!("{}: {} block: {e}", block.page, block.name));
    let mut pairs: Vec<(String, String)> = table
        .iter()
        .map(|(key, value)| {
            let text = match value {
                toml::Value::String(s) => s.clone(),
                toml::Value::Integer(i) => i.to_string(),
                toml::Value::Float(f) => f.to_string(),
                toml::Value::Boolean(b) => if *b { "yes" } else { "no" }.to_string(),
                other => panic!("{}: input {key} is {}", block.page, other.type_str()),
            };
            (key.clone(), text)
        })
        .collect();
    for (key, value) in with {
        pairs.retain(|(k, _)| k != key);
        pairs.push((key.to_string(), value.to_string()));
    }
    Inputs::from_pairs(pairs)
}

/// The texts calculator `block` shows for its inputs with `with` over them, lower-cased.
fn shown(block: &Block, with: &[(&str, &str)]) -> Vec<String> {
    let calculator =
        find(&block.name).unwrap_or_else(|| panic!("{}: no calculator {}", block.page, block.name));
    let outcome = calculate(calculator, &inputs(block, with), &Settings::default());
    assert!(
        outcome.is_ok(),
        "{}: {} refuses {with:?}: {:?}",
        block.page,
        block.name,
        outcome.errors
    );
    outcome
        .values
        .iter()
        .map(|(_, text)| text.to_lowercase())
        .collect()
}

#[test]
fn every_result_a_page_states_is_what_its_calculator_shows() {
    let mut checked = 0;
    for (page, text) in pages() {
        let (blocks, prose) = split(&page, &text);
        let prose = prose.to_lowercase();
        for block in &blocks {
            let claims: Vec<&Claim> = CLAIMS
                .iter()
                .filter(|c| c.page == page && c.calculator == block.name)
                .collect();
            assert!(
                !claims.is_empty(),
                "{page}: its {} calculator is not in CLAIMS: list what the page says it shows",
                block.name
            );
            for claim in claims {
                let shown = shown(block, claim.with);
                for says in claim.says {
                    let says = says.to_lowercase();
                    assert!(
                        prose.contains(&says),
                        "{page}: the page does not say \"{says}\" about its {} calculator",
                        block.name
                    );
                    assert!(
                        shown.iter().any(|text| text.contains(&says)),
                        "{page}: the page says \"{says}\" but its {} calculator shows {shown:?} for {:?}",
                        block.name,
                        claim.with
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 30, "only {checked} claims were checked");
}

#[test]
fn every_claim_is_about_a_calculator_its_page_has() {
    let pages = pages();
    for claim in CLAIMS {
        let (_, text) = pages
            .iter()
            .find(|(page, _)| page == claim.page)
            .unwrap_or_else(|| panic!("no page {}", claim.page));
        let (blocks, _) = split(claim.page, text);
        let count = blocks.iter().filter(|b| b.name == claim.calculator).count();
        assert_eq!(
            count, 1,
            "{}: {} {} calculator blocks",
            claim.page, count, claim.calculator
        );
    }
}

#[test]
fn each_worked_example_has_its_calculator_on_one_page() {
    let mut seen: Vec<(String, String, String)> = Vec::new();
    for (page, text) in pages() {
        let (blocks, _) = split(&page, &text);
        for block in blocks {
            let body: String = block.body.split_whitespace().collect();
            if let Some((other, _, _)) = seen
                .iter()
                .find(|(p, name, b)| *name == block.name && (*b == body || *p == page))
            {
                panic!(
                    "{page}: the {} calculator with these inputs is already on {other}",
                    block.name
                );
            }
            if block.name == "selector" {
                assert_eq!(
                    page, "practices/selection/operating-model-selector.md",
                    "the selector's grid belongs on the selector page"
                );
            }
            seen.push((page.clone(), block.name, body));
        }
    }
}
