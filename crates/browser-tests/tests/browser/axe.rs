//! Accessibility: axe-core (from the npm registry, installed once under `target/npm`, injected
//! into Chromium) finds no WCAG 2 A or AA violation on any page of this repository's playbook, in
//! the light and the dark theme, nor in the open search and the open phone menu; nor on the
//! calculators' pages with every result waiting for a fix, in both themes, on a desktop and a
//! phone.

use std::path::{Path, PathBuf};
use std::process::Command;

use fantoccini::Locator;
use playbook_browser_tests::{Browser, build_site, server, workspace_root};
use serde_json::{Value, json};

use crate::field_errors::{NOT_UPDATED, address_with, all_ready, calculator_pages};
use crate::reader::{pages, press, wait_for};

/// The axe-core release the test runs: pinned, so a new rule cannot fail an unchanged site.
const AXE_VERSION: &str = "4.11.0";
const RULES: &str = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']";

#[tokio::test(flavor = "multi_thread")]
async fn every_page_passes_axe_in_both_themes() {
    let axe = std::fs::read_to_string(axe_script()).expect("axe.min.js is readable");
    let site = build_site(&workspace_root());
    let root = site.path().join("site");
    let base = server::serve(&root);
    let mut addresses = pages(&root);
    addresses.push("_playbook/print.html".to_string());
    addresses.push("no-such-page/".to_string());
    let browser = Browser::start(1280, 900).await;
    let mut failures = Vec::new();
    for scheme in ["light", "dark"] {
        let features = json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] });
        browser.cdp("Emulation.setEmulatedMedia", features).await;
        for page in &addresses {
            browser.client.goto(&format!("{base}{page}")).await.unwrap();
            failures.extend(check(&browser, &axe, &format!("{page} ({scheme})")).await);
        }
        // The open search with results.
        browser.client.goto(&base).await.unwrap();
        press(&browser, "/").await;
        wait_for(
            &browser,
            "return document.activeElement.id === 'search-input'",
            "the search opens",
        )
        .await;
        press(&browser, "service").await;
        wait_for(
            &browser,
            "return document.querySelectorAll('.search-result').length > 0",
            "search results",
        )
        .await;
        press(&browser, "\u{E015}").await;
        failures.extend(check(&browser, &axe, &format!("open search ({scheme})")).await);
    }
    // The open menu on a phone.
    browser.viewport(390, 844).await;
    browser.client.goto(&base).await.unwrap();
    browser
        .client
        .find(Locator::Css(".menu-button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    failures.extend(check(&browser, &axe, "open phone menu (dark)").await);
    browser.close().await;
    assert!(
        failures.is_empty(),
        "axe-core found violations:\n{}",
        failures.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn calculators_not_updated_pass_axe_in_both_themes_on_desktop_and_phone() {
    let axe = std::fs::read_to_string(axe_script()).expect("axe.min.js is readable");
    let pages = calculator_pages();
    let browser = Browser::start(1280, 900).await;
    let mut failures = Vec::new();
    for (width, height) in [(1280, 900), (390, 844)] {
        browser.viewport(width, height).await;
        for scheme in ["light", "dark"] {
            let features =
                json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] });
            browser.cdp("Emulation.setEmulatedMedia", features).await;
            for page in &pages {
                // The first typed field of each calculator holds a mistake.
                let (address, _) = address_with(page, 0, "abc");
                browser.client.goto(&address).await.unwrap();
                all_ready(&browser.client, page).await;
                let stale = browser
                    .client
                    .execute(
                        "return [...document.querySelectorAll('[data-stale]')].filter(n => n.textContent.startsWith(arguments[0])).length",
                        vec![NOT_UPDATED.into()],
                    )
                    .await
                    .unwrap();
                assert!(stale.as_u64() > Some(0), "{address}: nothing is stale");
                // The selector's grid explains a cell.
                browser
                    .client
                    .execute("document.querySelector('.grid-button')?.click()", vec![])
                    .await
                    .unwrap();
                let label = format!("{address} at {width} px ({scheme})");
                failures.extend(check(&browser, &axe, &label).await);
            }
        }
    }
    browser.close().await;
    assert!(
        failures.is_empty(),
        "axe-core found violations:\n{}",
        failures.join("\n")
    );
}

/// Runs axe-core on the current page; one line per violation.
async fn check(browser: &Browser, axe: &str, label: &str) -> Vec<String> {
    let loaded = browser
        .client
        .execute("return typeof axe !== 'undefined'", vec![])
        .await
        .unwrap();
    if loaded != json!(true) {
        browser
            .client
            .execute(&format!("{axe}\nreturn true;"), vec![])
            .await
            .expect("axe-core loads into the page");
    }
    let script = format!(
        "const done = arguments[arguments.length - 1];
         axe.run(document, {{ runOnly: {{ type: 'tag', values: {RULES} }}, resultTypes: ['violations'] }})
           .then(r => done(r.violations.map(v => ({{
             id: v.id, help: v.help,
             nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' | ' + (n.failureSummary || '').replace(/\\s+/g, ' '))
           }}))))
           .catch(e => done([{{ id: 'axe-error', help: String(e), nodes: [] }}]));"
    );
    let violations: Value = browser
        .client
        .execute_async(&script, vec![])
        .await
        .expect("axe.run finishes");
    violations
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| format!("{label}: {} ({}): {}", v["id"], v["help"], v["nodes"]))
        .collect()
}

/// `axe.min.js`, installed with npm into `target/npm` the first time. Tests run at once: the
/// first to ask installs it while the others wait (two installs into one folder raced on a
/// fresh clone, one test finding the script missing halfway).
fn axe_script() -> PathBuf {
    static SCRIPT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    SCRIPT.get_or_init(install_axe).clone()
}

fn install_axe() -> PathBuf {
    let prefix = workspace_root().join("target/npm");
    let script = prefix.join("node_modules/axe-core/axe.min.js");
    let wanted = format!("\"version\": \"{AXE_VERSION}\"");
    let installed = std::fs::read_to_string(prefix.join("node_modules/axe-core/package.json"))
        .is_ok_and(|manifest| manifest.contains(&wanted));
    if !installed {
        npm_install(&prefix);
    }
    assert!(script.is_file(), "npm installed {}", script.display());
    script
}

fn npm_install(prefix: &Path) {
    std::fs::create_dir_all(prefix).expect("target/ is writable");
    let status = Command::new("npm")
        .arg("install")
        .arg("--prefix")
        .arg(prefix)
        .args(["--no-audit", "--no-fund", "--loglevel=error"])
        .arg(format!("axe-core@{AXE_VERSION}"))
        .status()
        .expect("npm is installed (Debian: apt-get install npm)");
    assert!(
        status.success(),
        "npm install axe-core@{AXE_VERSION} failed"
    );
}
