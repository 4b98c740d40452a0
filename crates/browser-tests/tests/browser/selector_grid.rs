//! The selector's grid in the browser: the service's cell is marked in words as well as by its
//! outline, and is the grid's one tab stop; a click, or the arrow keys and Enter or Space, say
//! under the grid which exposure and demand lead to a cell, from the grid's headers, the form's
//! demand choices and the exposure bands in the organisation settings.

use fantoccini::Locator;
use playbook_browser_tests::{Browser, build_site, server, workspace_root};
use serde_json::{Value, json};

use crate::reader::{js, press, wait_for};

const ENTER: &str = "\u{E007}";
const SPACE: &str = "\u{E00D}";
const LEFT: &str = "\u{E012}";
const UP: &str = "\u{E013}";

/// The sentence under the selector's grid.
async fn explained(browser: &Browser) -> Value {
    js(
        browser,
        "return document.querySelector('#calculator-1 [data-grid-explain]').textContent",
    )
    .await
}

/// Clicks cell `cell` of the grid and gives the sentence under it.
async fn click_cell(browser: &Browser, cell: usize) -> Value {
    let css = format!("#calculator-1 td[data-cell='{cell}'] .grid-button");
    let button = browser.client.find(Locator::Css(&css)).await.unwrap();
    button.click().await.unwrap();
    explained(browser).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_grid_says_which_exposure_and_demand_lead_to_a_cell() {
    let site = build_site(&workspace_root().join("crates/browser-tests/fixtures/calculators"));
    let base = server::serve(&site.path().join("site"));
    let browser = Browser::start(1280, 900).await;
    let client = &browser.client;
    client.goto(&base).await.unwrap();
    client
        .wait()
        .for_element(Locator::Css("#calculator-1[data-ready]"))
        .await
        .unwrap();

    // The defaults (99.0%, very high demand) mark one cell, in words, as the only tab stop.
    let marked = js(
        &browser,
        "const td = document.querySelector('#calculator-1 td.is-selected');
         return { cell: td.dataset.cell, current: td.getAttribute('aria-current'),
                  text: td.innerText.replace(/\\s+/g, ' ').trim(),
                  stops: [...document.querySelectorAll('#calculator-1 .grid-button')]
                    .filter(b => b.tabIndex === 0).map(b => b.closest('td').dataset.cell) };",
    )
    .await;
    assert_eq!(
        marked,
        json!({ "cell": "7", "current": "true", "stops": ["7"],
                "text": "You Build It You Run It digital service Your service" })
    );

    assert_eq!(
        click_cell(&browser, 4).await,
        "99.0% and monthly: an exposure over $7,000 and up to $250,000 an hour, with low \
         product feature demand. Ops Run It for a foundational system."
    );

    // From the marked cell, up one row with the keyboard.
    js(
        &browser,
        "document.querySelector('#calculator-1 td.is-selected .grid-button').focus()",
    )
    .await;
    press(&browser, UP).await;
    press(&browser, ENTER).await;
    assert_eq!(
        explained(&browser).await,
        "99.9% and daily or more: an exposure over $250,000 an hour, with very high product \
         feature demand. You Build It You Run It for a digital service."
    );
    press(&browser, UP).await;
    press(&browser, LEFT).await;
    press(&browser, SPACE).await;
    assert_eq!(
        explained(&browser).await,
        "99.99% and weekly: Genuine need for extreme reliability: Yes, whatever the exposure, \
         with high product feature demand. You Build It You Run It for a digital service."
    );

    // The organisation's own bands, as the form holds them.
    js(
        &browser,
        "const bands = document.querySelector('#calculator-1 [name=bands]');
         bands.value = '1000 = 95.0, 5000 = 99.0, 9000 = 99.9';
         bands.dispatchEvent(new Event('input', { bubbles: true }));",
    )
    .await;
    wait_for(
        &browser,
        "return document.querySelector('#calculator-1 [data-out=level]').textContent === '99.9%'",
        "$200,000 is above the new top band",
    )
    .await;
    assert_eq!(
        click_cell(&browser, 1).await,
        "95.0% and fortnightly: an exposure of up to $1,000 an hour, with medium product \
         feature demand. Ops Run It for a foundational system."
    );
    let errors = browser.console_errors().await;
    assert!(errors.is_empty(), "{errors:?}");
    browser.close().await;
}
