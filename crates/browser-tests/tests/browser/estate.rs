//! The estate calculator in the browser: the built page shows the native model's results; editing
//! a cell, adding and removing a row, and pasting CSV give what the native model gives for the
//! same table; a bad cell or a pasted file with mistakes shows the model's messages; the download
//! is the native results file; the estate survives a reload through the address, and through
//! local storage when it is too long for the address. Recompute times for 500 services are
//! logged (the target, 50 ms, is checked by `cargo xtask bench`, not here).

use std::collections::BTreeMap;

use fantoccini::{Client, Locator};
use playbook_browser_tests::{Browser, build_site, server, workspace_root};
use playbook_models::Settings;
use playbook_models::calculator::{Inputs, Outcome, ROW_EXTRA_CELLS, UNIT, calculate, find};
use playbook_models::estate::RESULT_COLUMNS;
use serde_json::Value;

const ID: &str = "calculator-1";

/// The native outcome for a table of services.
fn native(csv: &str) -> Outcome {
    let outcome = calculate(
        find("estate").expect("the estate calculator"),
        &Inputs::from_pairs([("services", csv)]),
        &Settings::default(),
    );
    assert!(outcome.is_ok(), "{:?}", outcome.errors);
    outcome
}

/// What the page should show in each results row, from the native outcome's cells.
fn expected_rows(outcome: &Outcome) -> Vec<Vec<String>> {
    let names: Vec<&str> = std::iter::once("line")
        .chain(RESULT_COLUMNS)
        .chain(ROW_EXTRA_CELLS)
        .collect();
    outcome
        .values
        .iter()
        .filter(|(k, _)| *k == "row")
        .map(|(_, row)| {
            let cells: BTreeMap<&str, &str> = names.iter().copied().zip(row.split(UNIT)).collect();
            let sub: Vec<&str> = [cells["domain"], cells["team"]]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect();
            vec![
                format!("{}{}", cells["service"], sub.join(" · ")),
                cells["operating_model"].to_string(),
                cells["cover_text"].to_string(),
                cells["light_label"].to_string(),
                cells["exposure_money"].to_string(),
                cells["demand_text"].to_string(),
                format!(
                    "{}{} a week",
                    cells["availability_target"], cells["tolerable_unavailability_a_week"]
                ),
                cells["deployment_target"].to_string(),
            ]
        })
        .collect()
}

/// The single-valued outputs the page shows (`data-out` and bar widths).
fn expected_outputs(outcome: &Outcome) -> BTreeMap<String, String> {
    outcome
        .values
        .iter()
        .filter(|(k, _)| {
            *k == "summary"
                || k.starts_with("count_")
                || k.starts_with("cost_")
                || k.starts_with("bar_")
        })
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

async fn js(client: &Client, script: &str) -> Value {
    client
        .execute(script, vec![ID.into()])
        .await
        .unwrap_or_else(|e| panic!("{script}: {e}"))
}

/// The table as the page holds it, as CSV (cells in these tests have no commas or quotes).
async fn table_csv(client: &Client) -> String {
    let value = js(
        client,
        "const s = document.getElementById(arguments[0]);\
         return [...s.querySelectorAll('[data-estate-rows] tr')].map(tr =>\
           [...tr.querySelectorAll('input')].map(i => i.value.trim()).join(','));",
    )
    .await;
    let mut csv = String::from("service,exposure_per_hour,demand,domain,team\n");
    for row in value.as_array().unwrap() {
        csv.push_str(row.as_str().unwrap());
        csv.push('\n');
    }
    csv
}

async fn shown_rows(client: &Client) -> Vec<Vec<String>> {
    let value = js(
        client,
        "const s = document.getElementById(arguments[0]);\
         return [...s.querySelectorAll('[data-estate-results] tr')].map(tr =>\
           [...tr.cells].map(c => c.textContent));",
    )
    .await;
    serde_json::from_value(value).unwrap()
}

async fn shown_outputs(client: &Client) -> BTreeMap<String, String> {
    let value = js(
        client,
        "const s = document.getElementById(arguments[0]); const o = {};\
         for (const e of s.querySelectorAll('[data-out]')) o[e.dataset.out] = e.textContent;\
         for (const e of s.querySelectorAll('[data-out-width]')) o[e.dataset.outWidth] = e.getAttribute('width');\
         return o;",
    )
    .await;
    serde_json::from_value(value).unwrap()
}

/// The page shows exactly what the native model gives for the table it holds.
async fn matches_native(client: &Client, what: &str) -> Outcome {
    let csv = table_csv(client).await;
    let outcome = native(&csv);
    assert_eq!(
        shown_rows(client).await,
        expected_rows(&outcome),
        "rows {what}"
    );
    let shown = shown_outputs(client).await;
    for (key, value) in expected_outputs(&outcome) {
        assert_eq!(shown.get(&key), Some(&value), "{key} {what}");
    }
    let stale = js(client, "return document.getElementById(arguments[0]).querySelector('.estate-result').classList.contains('is-stale');").await;
    assert_eq!(stale, Value::Bool(false), "{what}");
    let empty = js(
        client,
        "return document.getElementById(arguments[0]).querySelector('[data-estate-empty]').hidden;",
    )
    .await;
    assert_eq!(empty, Value::Bool(true), "{what}");
    outcome
}

/// Waits until the page has written the estate to the address (it waits for typing to pause).
async fn saved(client: &Client) -> String {
    for _ in 0..100 {
        let pending = js(
            client,
            "return document.getElementById(arguments[0]).dataset.pending || '';",
        )
        .await;
        if pending == "" {
            return client.current_url().await.unwrap().to_string();
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the estate was never written to the address");
}

async fn ready(client: &Client) {
    client
        .wait()
        .for_element(Locator::Css(&format!("#{ID}[data-ready]")))
        .await
        .unwrap();
}

async fn cell(client: &Client, row: usize, column: &str) -> fantoccini::elements::Element {
    client
        .find(Locator::Css(&format!(
            "#{ID} [data-estate-rows] tr:nth-child({row}) [data-col=\"{column}\"]"
        )))
        .await
        .unwrap()
}

async fn type_into(client: &Client, row: usize, column: &str, text: &str) {
    let input = cell(client, row, column).await;
    input.clear().await.unwrap();
    input.send_keys(text).await.unwrap();
}

/// Types a negative exposure into row 6: the model's message names row 6, and that cell alone
/// is marked.
async fn refuse_row_six(client: &Client) {
    type_into(client, 6, "exposure_per_hour", "-5").await;
    let errors = js(
        client,
        "return document.querySelector('#calculator-1 [data-estate-errors]').textContent;",
    )
    .await;
    assert_eq!(
        errors.as_str().unwrap(),
        "Row 6: Financial exposure must be at least 0 (found \"-5\")"
    );
    let input = cell(client, 6, "exposure_per_hour").await;
    assert_eq!(
        input.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
}

async fn click(client: &Client, css: &str) {
    client
        .find(Locator::Css(&format!("#{ID} {css}")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Puts `csv` in the paste box (as a paste would) and presses "Replace the table".
async fn paste(client: &Client, csv: &str) {
    js(
        client,
        &format!(
            "const s = document.getElementById(arguments[0]);\
             s.querySelector('.estate-paste').open = true;\
             const t = s.querySelector('[data-estate-paste-text]');\
             t.value = {}; t.dispatchEvent(new Event('input', {{ bubbles: true }}));",
            serde_json::to_string(csv).unwrap()
        ),
    )
    .await;
    click(client, "[data-estate-paste]").await;
}

async fn download(client: &Client) -> String {
    let value = client
        .execute_async(
            "const [id, done] = arguments; const a = document.getElementById(id).querySelector('[data-estate-download]');\
             fetch(a.href).then(r => r.text()).then(done);",
            vec![ID.into()],
        )
        .await
        .unwrap();
    value.as_str().unwrap().to_string()
}

fn large_estate(services: usize) -> String {
    let demands = ["low", "medium", "high", "very high", "3", "12"];
    let mut csv = String::from("service,exposure_per_hour,demand,domain,team\n");
    for i in 0..services {
        csv.push_str(&format!(
            "Service {i},{},{},Domain {},Team {}\n",
            (i * 7_919) % 1_000_000,
            demands[i % demands.len()],
            i % 9,
            i / 3
        ));
    }
    csv
}

#[tokio::test(flavor = "multi_thread")]
async fn the_estate_calculator_edits_pastes_downloads_and_matches_the_native_model() {
    let site = build_site(&workspace_root().join("crates/browser-tests/fixtures/estate"));
    let base = server::serve(&site.path().join("site"));
    let browser = Browser::start(1280, 900).await;
    let client = &browser.client;
    client.goto(&base).await.unwrap();
    ready(client).await;

    // As built, and after the module's first run: the worked estate's figures.
    let outcome = matches_native(client, "as built").await;
    assert_eq!(outcome.value("cost_selected"), Some("$171,600"));
    assert_eq!(outcome.value("count_amber"), Some("1"));
    let lights = js(client, "return [...document.querySelectorAll('#calculator-1 [data-estate-results] .light')].map(l => l.className + ':' + l.textContent).join('|');").await;
    assert!(
        lights.as_str().unwrap().contains("light light-amber:Amber"),
        "{lights}"
    );

    // Edit a cell: Kitchen's exposure into the 99.9% band gives Kitchen its own schedule.
    type_into(client, 6, "exposure_per_hour", "900000").await;
    let outcome = matches_native(client, "after editing a cell").await;
    assert_eq!(outcome.value("count_team"), Some("3"));

    // A bad cell: the model's message, the cell marked, the results stale.
    refuse_row_six(client).await;
    let stale = js(client, "return document.querySelector('#calculator-1 .estate-result').classList.contains('is-stale');").await;
    assert_eq!(stale, Value::Bool(true));
    type_into(client, 6, "exposure_per_hour", "120000").await;
    matches_native(client, "after correcting the cell").await;

    // Add a row and fill it in, then remove another.
    click(client, "[data-estate-add]").await;
    let focused = js(client, "return document.activeElement.dataset.col;").await;
    assert_eq!(focused, "service", "the new row's first cell has the focus");
    client
        .active_element()
        .await
        .unwrap()
        .send_keys("Warehouse Stock")
        .await
        .unwrap();
    type_into(client, 13, "exposure_per_hour", "300000").await;
    type_into(client, 13, "demand", "low").await;
    // A team named like a formula is guarded in the download, as in `calc estate --csv`.
    type_into(client, 13, "team", "@stores").await;
    let outcome = matches_native(client, "after adding a row").await;
    assert!(
        outcome
            .value("summary")
            .unwrap()
            .starts_with("13 services in "),
        "{:?}",
        outcome.value("summary")
    );
    // Order Management, Supplier Invoicing and the new low-demand row.
    assert_eq!(outcome.value("count_red"), Some("3"));
    click(
        client,
        "[data-estate-rows] tr:nth-child(2) [data-estate-remove]",
    )
    .await;
    let outcome = matches_native(client, "after removing a row").await;
    assert!(
        outcome
            .value("summary")
            .unwrap()
            .starts_with("12 services in "),
        "{:?}",
        outcome.value("summary")
    );
    let focused = js(
        client,
        "return document.activeElement.matches('[data-estate-remove]');",
    )
    .await;
    assert_eq!(focused, Value::Bool(true), "the focus stays in the table");

    // The download is the native results file for the table.
    let csv = table_csv(client).await;
    let file = download(client).await;
    assert_eq!(
        file,
        playbook_models::calculator::download_csv(&native(&csv)).unwrap()
    );
    assert!(
        file.starts_with("service,domain,team,exposure_per_hour,demand,"),
        "{file}"
    );
    assert!(
        file.contains(
            "\nWarehouse Stock,,'@stores,300000,low,low,99.9%,0h 10m 5s,monthly,Ops Run It,analyst,"
        ),
        "{file}"
    );

    // The estate survives a reload through the address.
    let url = saved(client).await;
    assert!(url.contains(&format!("{ID}.services=")), "{url}");
    client.goto(&url).await.unwrap();
    ready(client).await;
    assert_eq!(table_csv(client).await, csv, "restored from the address");
    matches_native(client, "after a reload").await;

    // A pasted file with mistakes lists them by line and by column as a spreadsheet numbers
    // them, and leaves the table alone.
    paste(
        client,
        "service\texposure_per_hour\tdemand\nA long name\tlots\thigh\nB\t5\tenormous\n",
    )
    .await;
    let errors = js(client, "return [...document.querySelectorAll('#calculator-1 [data-estate-paste-errors] li')].map(l => l.textContent);").await;
    let errors: Vec<String> = serde_json::from_value(errors).unwrap();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].starts_with("Line 2, column 2: Financial exposure must be"),
        "{errors:?}"
    );
    assert!(
        errors[1].starts_with("Line 3, column 3: Product feature demand must be"),
        "{errors:?}"
    );
    assert_eq!(table_csv(client).await, csv, "the table is unchanged");

    // Cells pasted from a spreadsheet (tab-separated) replace the table.
    paste(
        client,
        "Service\tDemand\tExposure per hour\tDomain\nPayments\tvery high\t$900,000\tMoney\nLedger\tlow\t50000\tMoney\nLoyalty\t3\t20k\t\n",
    )
    .await;
    assert_eq!(
        table_csv(client).await,
        "service,exposure_per_hour,demand,domain,team\nPayments,900000,very-high,Money,\nLedger,50000,low,Money,\nLoyalty,20000,3,,\n"
    );
    let outcome = matches_native(client, "after pasting").await;
    assert_eq!(
        (
            outcome.value("count_green"),
            outcome.value("count_amber"),
            outcome.value("count_red")
        ),
        (Some("1"), Some("1"), Some("1"))
    );

    // Reset returns to the page's estate.
    click(client, ".calculator-reset").await;
    let outcome = matches_native(client, "after a reset").await;
    assert_eq!(outcome.value("cost_selected"), Some("$171,600"));

    // A row emptied in the middle is still a row of the table: a mistake below it is named
    // and marked at the row the reader sees.
    js(
        client,
        "const s = document.getElementById(arguments[0]);\
         const inputs = s.querySelectorAll('[data-estate-rows] tr:nth-child(3) input');\
         for (const i of inputs) i.value = '';\
         inputs[0].dispatchEvent(new Event('input', { bubbles: true }));",
    )
    .await;
    matches_native(client, "with an empty row").await;
    refuse_row_six(client).await;

    // An empty table is no mistake: the result says what to do instead.
    // (Clicked from the page: the site's sticky header would take a click at the table's top.)
    js(
        client,
        "const s = document.getElementById(arguments[0]);\
         for (let b; (b = s.querySelector('[data-estate-rows] [data-estate-remove]')); ) b.click();",
    )
    .await;
    let shown = js(
        client,
        "const s = document.getElementById(arguments[0]);\
         const visible = (css) => s.querySelector(css).checkVisibility();\
         return [visible('[data-estate-empty]'), s.querySelector('[data-estate-empty]').textContent,\
           visible('[data-estate-errors]') || visible('.result-stale'), visible('.estate-summary'),\
           visible('.estate-results-wrap'), s.querySelector('.estate-result').classList.contains('is-stale')];",
    )
    .await;
    assert_eq!(
        shown,
        serde_json::json!([
            true,
            "Add a service to the table to see its operating model and the estate's on-call cost.",
            false,
            false,
            false,
            false
        ])
    );
    click(client, "[data-estate-add]").await;
    let empty = js(
        client,
        "return document.querySelector('#calculator-1 [data-estate-empty]').hidden;",
    )
    .await;
    assert_eq!(empty, Value::Bool(false), "a blank row is still no service");
    click(client, ".calculator-reset").await;
    matches_native(client, "after a reset from an empty table").await;

    // 500 services: too long for the address, so kept in local storage with a notice; the
    // recompute times are logged.
    let large = large_estate(500);
    paste(client, &large).await;
    assert_eq!(table_csv(client).await.lines().count(), 501);
    let pasted_ms = js(
        client,
        "return document.getElementById(arguments[0]).dataset.recomputeMs;",
    )
    .await;
    let mut edits = Vec::new();
    for value in ["123456", "654321", "7000", "810000", "42"] {
        type_into(client, 250, "exposure_per_hour", value).await;
        let ms = js(
            client,
            "return document.getElementById(arguments[0]).dataset.recomputeMs;",
        )
        .await;
        let ms = ms.as_str().unwrap_or_default();
        println!("estate recompute, 500 services, one edit: {ms} ms");
        edits.push(
            ms.split(' ')
                .next()
                .unwrap_or_default()
                .parse::<f64>()
                .unwrap_or(f64::NAN),
        );
    }
    edits.sort_by(f64::total_cmp);
    println!(
        "estate recompute, 500 services: {pasted_ms} ms after the paste; edits {edits:?} ms (median {} ms)",
        edits[edits.len() / 2]
    );
    matches_native(client, "with 500 services").await;
    let url = saved(client).await;
    assert!(url.contains(&format!("{ID}.services=%40local")), "{url}");
    let notice = js(
        client,
        "return document.querySelector('#calculator-1 [data-estate-notice]').textContent;",
    )
    .await;
    assert!(
        notice.as_str().unwrap().contains("local storage"),
        "{notice}"
    );
    let before = table_csv(client).await;
    client.goto(&url).await.unwrap();
    ready(client).await;
    assert_eq!(
        table_csv(client).await,
        before,
        "restored from local storage"
    );

    let errors = browser.console_errors().await;
    assert!(errors.is_empty(), "{errors:?}");
    browser.close().await;
}
