//! A mistake is shown where it was made: for every calculator, a bad value in each text field in
//! turn gives a message under that field and under no other, and the result says it is not
//! updated (keeping its values). The built pages without JavaScript say that the inputs need it,
//! show the built result and hide the reset button.

use std::collections::BTreeMap;
use std::path::Path;

use fantoccini::Client;
use playbook_browser_tests::{Browser, TempDir, build_site, server, workspace_root};
use playbook_models::calculator::{CALCULATORS, Calculator, FieldKind};
use serde_json::Value;

/// The line a result waiting for a fix shows.
pub const NOT_UPDATED: &str = "Not updated: fix the";

/// A page of calculators: its address and the calculators on it, with their section ids.
pub struct CalculatorPage {
    pub base: String,
    pub calculators: Vec<(String, &'static Calculator)>,
    _site: TempDir,
}

/// The fixture with every calculator but the estate, and the estate's own fixture.
pub fn calculator_pages() -> Vec<CalculatorPage> {
    let fixtures = workspace_root().join("crates/browser-tests/fixtures");
    let (estate, others): (Vec<_>, Vec<_>) = CALCULATORS.iter().partition(|c| c.name == "estate");
    [
        (fixtures.join("calculators"), others),
        (fixtures.join("estate"), estate),
    ]
    .into_iter()
    .map(|(root, calculators)| page(&root, calculators))
    .collect()
}

fn page(root: &Path, calculators: Vec<&'static Calculator>) -> CalculatorPage {
    let site = build_site(root);
    let base = server::serve(&site.path().join("site"));
    let calculators = calculators
        .into_iter()
        .enumerate()
        .map(|(i, c)| (format!("calculator-{}", i + 1), c))
        .collect();
    CalculatorPage {
        base,
        calculators,
        _site: site,
    }
}

/// The fields a reader types into: choices are picked from a list, a short text (the currency
/// symbol) takes any word, so "abc" is not a mistake there, and a table (the estate's services)
/// marks its own cells (`estate.rs` tests them).
pub fn typed_fields(calculator: &Calculator) -> Vec<&'static str> {
    calculator
        .fields
        .iter()
        .filter(|f| {
            !matches!(
                f.kind,
                FieldKind::Choice(_) | FieldKind::Text | FieldKind::Table
            )
        })
        .map(|f| f.key)
        .collect()
}

/// The address of `page` with `value` in one field of each calculator: the `round`-th typed
/// field (calculators with fewer fields keep their own); calculators.js reads it from there.
pub fn address_with(page: &CalculatorPage, round: usize, value: &str) -> (String, Vec<usize>) {
    let mut query = Vec::new();
    let mut tried = Vec::new();
    for (i, (id, calculator)) in page.calculators.iter().enumerate() {
        if let Some(key) = typed_fields(calculator).get(round) {
            query.push(format!("{id}.{key}={value}"));
            tried.push(i);
        }
    }
    (format!("{}?{}", page.base, query.join("&")), tried)
}

/// What one calculator section shows about its fields and its result.
struct Shown {
    /// Each field's message, for the fields that show one.
    errors: BTreeMap<String, String>,
    /// The fields marked invalid.
    invalid: Vec<String>,
    /// Fields whose message is there but cannot be seen.
    hidden: Vec<String>,
    stale: String,
}

impl Shown {
    fn read(value: Value) -> Self {
        let names = |key: &str| -> Vec<String> {
            serde_json::from_value(value[key].clone()).expect("a list of names")
        };
        Self {
            errors: serde_json::from_value(value["errors"].clone()).expect("messages by field"),
            invalid: names("invalid"),
            hidden: names("hidden"),
            stale: value["stale"].as_str().unwrap_or_default().to_string(),
        }
    }
}

const SHOWN: &str = "const s = document.getElementById(arguments[0]);
  const fields = [...s.querySelector('form').elements].filter(e => e.name);
  const errors = {}; const invalid = []; const hidden = [];
  for (const f of fields) {
    const slot = document.getElementById(f.id + '-error');
    const text = slot ? slot.textContent.trim() : '';
    if (text) errors[f.name] = text;
    if (text && !slot.checkVisibility()) hidden.push(f.name);
    if (f.getAttribute('aria-invalid') === 'true') invalid.push(f.name);
  }
  const note = s.querySelector('.calculator-result [data-stale]');
  return { errors, invalid, hidden, stale: note ? note.textContent : 'no note' };";

/// Waits for every calculator on the page to be set up.
pub async fn all_ready(client: &Client, page: &CalculatorPage) {
    for (id, _) in &page.calculators {
        client
            .wait()
            .for_element(fantoccini::Locator::Css(&format!("#{id}[data-ready]")))
            .await
            .unwrap();
    }
}

/// Puts `value` in every typed field in turn; one line per field whose message is missing,
/// elsewhere too, hidden, or whose result does not say it is not updated.
async fn mistakes_in_place(client: &Client, page: &CalculatorPage, value: &str) -> Vec<String> {
    let mut failures = Vec::new();
    let rounds = page
        .calculators
        .iter()
        .map(|(_, c)| typed_fields(c).len())
        .max()
        .unwrap_or(0);
    for round in 0..rounds {
        let (address, tried) = address_with(page, round, value);
        client.goto(&address).await.unwrap();
        all_ready(client, page).await;
        for i in tried {
            let (id, calculator) = &page.calculators[i];
            let key = typed_fields(calculator)[round];
            let shown = client
                .execute(SHOWN, vec![id.as_str().into()])
                .await
                .unwrap();
            let shown = Shown::read(shown);
            let what = format!("{} {key}={value:?}", calculator.name);
            failures.extend(judge(&what, key, &shown));
        }
    }
    failures
}

fn judge(what: &str, key: &str, shown: &Shown) -> Vec<String> {
    let mut failures = Vec::new();
    if !shown.errors.contains_key(key) {
        failures.push(format!("{what}: no message under the field"));
    }
    let elsewhere: Vec<_> = shown.errors.iter().filter(|(k, _)| *k != key).collect();
    if !elsewhere.is_empty() {
        failures.push(format!(
            "{what}: messages under other fields: {elsewhere:?}"
        ));
    }
    if shown.invalid != [key] {
        failures.push(format!(
            "{what}: fields marked invalid: {:?}",
            shown.invalid
        ));
    }
    if !shown.hidden.is_empty() {
        failures.push(format!("{what}: messages out of sight: {:?}", shown.hidden));
    }
    if !shown.stale.starts_with(NOT_UPDATED) {
        failures.push(format!("{what}: the result says {:?}", shown.stale));
    }
    failures
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_value_is_shown_under_its_own_field_and_nowhere_else() {
    let pages = calculator_pages();
    let browser = Browser::start(1280, 900).await;
    let mut failures = Vec::new();
    for page in &pages {
        failures.extend(mistakes_in_place(&browser.client, page, "abc").await);
    }
    browser.close().await;
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// 10^18: more than any amount, count or level a field takes, and no typing mistake.
#[tokio::test(flavor = "multi_thread")]
async fn a_value_too_large_is_shown_under_its_own_field_and_nowhere_else() {
    let pages = calculator_pages();
    let browser = Browser::start(1280, 900).await;
    let mut failures = Vec::new();
    for page in &pages {
        failures.extend(mistakes_in_place(&browser.client, page, "1000000000000000000").await);
    }
    browser.close().await;
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// What the no-JavaScript page shows of each calculator section.
const WITHOUT_SCRIPT: &str = "const s = document.getElementById(arguments[0]);
  const note = s.querySelector('.calculator-nojs');
  const reset = s.querySelector('.calculator-reset');
  return { note: note && note.checkVisibility() ? note.textContent : '',
           reset: !!reset && reset.checkVisibility(),
           result: s.querySelector('.calculator-result').innerText.trim(),
           ready: s.hasAttribute('data-ready') };";

#[tokio::test(flavor = "multi_thread")]
async fn without_javascript_each_calculator_says_its_inputs_need_it() {
    let pages = calculator_pages();
    let browser = Browser::start(1280, 900).await;
    let disabled = serde_json::json!({ "value": true });
    browser
        .cdp("Emulation.setScriptExecutionDisabled", disabled)
        .await;
    let mut failures = Vec::new();
    for page in &pages {
        browser.client.goto(&page.base).await.unwrap();
        for (id, calculator) in &page.calculators {
            let shown = browser
                .client
                .execute(WITHOUT_SCRIPT, vec![id.as_str().into()])
                .await
                .unwrap();
            let name = calculator.name;
            let note = shown["note"].as_str().unwrap_or_default();
            let has_inputs = !calculator.fields.is_empty();
            if has_inputs && !note.contains("needs JavaScript") {
                failures.push(format!("{name}: no note that its inputs need JavaScript"));
            }
            if shown["reset"] == Value::Bool(true) {
                failures.push(format!("{name}: the reset button is shown"));
            }
            if shown["ready"] == Value::Bool(true) {
                failures.push(format!("{name}: calculators.js ran"));
            }
            if shown["result"].as_str().unwrap_or_default().is_empty() {
                failures.push(format!("{name}: no built result shown"));
            }
        }
    }
    browser.close().await;
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
