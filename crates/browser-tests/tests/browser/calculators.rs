//! Calculators in the browser: the server-rendered result is the native model's; editing an
//! input gives what the native model gives; a bad value shows the model's message at the field;
//! the inputs survive a reload through the address; pages without calculators load no module.

use std::collections::BTreeMap;

use fantoccini::{Client, Locator};
use playbook_browser_tests::{Browser, build_site, server, workspace_root};
use playbook_models::Settings;
use playbook_models::calculator::{CALCULATORS, Calculator, FieldKind, Inputs, Outcome, calculate};

/// What a calculator section shows: every `data-out` element's text.
async fn shown(client: &Client, id: &str) -> BTreeMap<String, String> {
    let script = "const s = document.getElementById(arguments[0]); const o = {};\
                  for (const e of s.querySelectorAll('[data-out]')) o[e.dataset.out] = e.textContent;\
                  for (const e of s.querySelectorAll('[data-out-d]')) o[e.dataset.outD] = e.getAttribute('d');\
                  return o;";
    let value = client.execute(script, vec![id.into()]).await.unwrap();
    serde_json::from_value(value).unwrap()
}

/// The native outcome's values that the page shows as text or paths: lists, the grid cell and
/// the relative costs (which take no input) are drawn instead.
fn expected(calculator: &Calculator, outcome: &Outcome) -> BTreeMap<String, String> {
    if calculator.name == "relative-costs" {
        return BTreeMap::new();
    }
    outcome
        .values
        .iter()
        .filter(|(k, _)| !matches!(*k, "reasons" | "warnings" | "cell"))
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

/// Waits until calculators.js has set up the calculator `id`.
async fn ready(client: &Client, id: &str) {
    client
        .wait()
        .for_element(Locator::Css(&format!("#{id}[data-ready]")))
        .await
        .unwrap();
}

async fn field_value(client: &Client, id: &str) -> String {
    client
        .find(Locator::Id(id))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

/// A different valid value for a field, to edit it with.
fn other_value(calculator: &Calculator, key: &str) -> &'static str {
    match (calculator.name, key) {
        (_, "level") => "99.95",
        (_, "exposure") => "810000",
        (_, "loss") => "20000",
        ("run-cost", "teams") => "25",
        (_, "cab_interval_days") => "3",
        _ => "12",
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn calculators_match_the_native_models() {
    let site = build_site(&workspace_root().join("crates/browser-tests/fixtures/calculators"));
    let base = server::serve(&site.path().join("site"));
    let browser = Browser::start(1280, 900).await;
    let client = &browser.client;
    let settings = Settings::default();
    client.goto(&base).await.unwrap();
    // The estate calculator has its own layout and its own test (estate.rs).
    for (index, calculator) in CALCULATORS
        .iter()
        .enumerate()
        .filter(|(_, c)| c.name != "estate")
    {
        let id = format!("calculator-{}", index + 1);
        ready(client, &id).await;
        let section = client.find(Locator::Id(&id)).await.unwrap();
        assert_eq!(
            section.attr("data-calculator").await.unwrap().as_deref(),
            Some(calculator.name)
        );
        // The server-rendered result is the native model's on the defaults.
        let native = calculate(calculator, &Inputs::default(), &settings);
        assert_eq!(
            shown(client, &id).await,
            expected(calculator, &native),
            "{} as built",
            calculator.name
        );

        let Some(field) = calculator
            .fields
            .iter()
            .find(|f| !f.setting && !matches!(f.kind, FieldKind::Choice(_)))
        else {
            continue;
        };
        let input_id = format!("{id}-{}", field.key.replace('_', "-"));
        let input = client.find(Locator::Id(&input_id)).await.unwrap();
        // A new value gives the native model's result for it.
        let value = other_value(calculator, field.key);
        input.clear().await.unwrap();
        input.send_keys(value).await.unwrap();
        let native = calculate(
            calculator,
            &Inputs::from_pairs([(field.key, value)]),
            &settings,
        );
        assert!(native.is_ok(), "{}: {:?}", calculator.name, native.errors);
        assert_eq!(
            shown(client, &id).await,
            expected(calculator, &native),
            "{} with {}={value}",
            calculator.name,
            field.key
        );

        // A bad value shows the model's message at the field and marks the result stale.
        input.clear().await.unwrap();
        input.send_keys("NaN").await.unwrap();
        let native = calculate(
            calculator,
            &Inputs::from_pairs([(field.key, "NaN")]),
            &settings,
        );
        let error = client
            .find(Locator::Id(&format!("{input_id}-error")))
            .await
            .unwrap();
        assert_eq!(
            error.text().await.unwrap(),
            native.errors[0].1,
            "{}",
            calculator.name
        );
        assert_eq!(
            input.attr("aria-invalid").await.unwrap().as_deref(),
            Some("true")
        );
        let result = section
            .find(Locator::Css(".calculator-result"))
            .await
            .unwrap();
        assert!(
            result
                .attr("class")
                .await
                .unwrap()
                .unwrap_or_default()
                .contains("is-stale")
        );
        let page_text = client
            .find(Locator::Css("main"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        for never in ["NaN</", "undefined", "Infinity"] {
            assert!(
                !page_text.contains(never),
                "{}: {never} shown",
                calculator.name
            );
        }

        // Back to a good value, then a reload keeps it through the address.
        input.clear().await.unwrap();
        input.send_keys(value).await.unwrap();
        let url = client.current_url().await.unwrap();
        assert!(
            url.as_str().contains(&format!("{id}.{}=", field.key)),
            "{url}"
        );
        client.goto(url.as_str()).await.unwrap();
        ready(client, &id).await;
        assert_eq!(
            field_value(client, &input_id).await,
            value,
            "{} restored",
            calculator.name
        );
        let native = calculate(
            calculator,
            &Inputs::from_pairs([(field.key, value)]),
            &settings,
        );
        assert_eq!(
            shown(client, &id).await,
            expected(calculator, &native),
            "{} after reload",
            calculator.name
        );

        // Reset returns to the page's initial inputs.
        client
            .find(Locator::Css(&format!("#{id} .calculator-reset")))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        assert_eq!(
            field_value(client, &input_id).await,
            field.default,
            "{} reset",
            calculator.name
        );
        client.goto(&base).await.unwrap();
    }
    let errors = browser.console_errors().await;
    assert!(errors.is_empty(), "{errors:?}");

    // The selector's grid marks the chosen cell.
    let cell = client
        .find(Locator::Css("#calculator-1 td.is-selected"))
        .await
        .unwrap();
    assert_eq!(cell.attr("data-cell").await.unwrap().as_deref(), Some("7"));
    let demand = client
        .find(Locator::Id("calculator-1-demand"))
        .await
        .unwrap();
    demand.select_by_value("low").await.unwrap();
    let cell = client
        .find(Locator::Css("#calculator-1 td.is-selected"))
        .await
        .unwrap();
    assert_eq!(cell.attr("data-cell").await.unwrap().as_deref(), Some("4"));

    // A page without calculators fetches no module.
    client.goto(&format!("{base}plain/")).await.unwrap();
    let fetched = client
        .execute(
            "return performance.getEntriesByType('resource').map(e => e.name).join(' ')",
            vec![],
        )
        .await
        .unwrap();
    let fetched = fetched.as_str().unwrap_or_default();
    assert!(
        !fetched.contains(".wasm") && !fetched.contains("calculators.js"),
        "{fetched}"
    );
    browser.close().await;
}
