//! `playbook serve` in a real browser: a saved page reloads by itself at the same scroll
//! position, a build error shows over the page (as text) and goes when fixed, a stylesheet
//! change is swapped in without a reload, and the warnings of a build that published show in a
//! panel at the foot of the page that covers nothing until opened.

use std::time::{Duration, Instant};

use playbook_browser_tests::{Browser, TempDir};
use playbook_serve::{self as serve, ServeOptions};
use serde_json::Value;

/// How long the page may take to show a change (generous: CI machines are slow).
const WAIT: Duration = Duration::from_secs(20);

fn write(dir: &TempDir, relative: &str, text: &str) {
    let path = dir.path().join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn long_page(marker: &str) -> String {
    let mut text = format!("+++\ntitle = \"Long\"\n+++\n# Long\n\n{marker}\n\n");
    for n in 0..80 {
        text.push_str(&format!(
            "Paragraph {n} of a page long enough to scroll.\n\n"
        ));
    }
    text
}

/// Runs `script` until it returns something other than `false` or `null`.
async fn until(browser: &Browser, script: &str, what: &str) -> Value {
    let started = Instant::now();
    loop {
        let value = browser
            .client
            .execute(script, vec![])
            .await
            .unwrap_or(Value::Null);
        if !(value.is_null() || value == Value::Bool(false)) {
            return value;
        }
        assert!(started.elapsed() < WAIT, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until the page's live-reload client is listening.
async fn until_connected(browser: &Browser) {
    until(
        browser,
        "return document.documentElement.dataset.livereload === 'connected'",
        "the page's live reload to connect",
    )
    .await;
}

/// `playbook serve` on `dir`, in this process.
async fn start(dir: &TempDir, strict: bool) -> serve::Server {
    let root = dir.path().to_path_buf();
    tokio::task::spawn_blocking(move || {
        serve::start(&ServeOptions {
            dir: root,
            port: Some(0),
            strict,
            console: std::sync::Arc::new(playbook_serve::Silent),
            ..ServeOptions::default()
        })
    })
    .await
    .unwrap()
    .expect("serve starts")
}

/// Checks the page logged no error, then closes the browser and stops the server.
async fn finish(browser: Browser, server: serve::Server) {
    let errors = browser.console_errors().await;
    assert!(errors.is_empty(), "{errors:?}");
    browser.close().await;
    tokio::task::spawn_blocking(move || drop(server))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_saved_page_reloads_in_place_and_errors_show_until_fixed() {
    let dir = tempfile::tempdir().expect("temp is writable");
    write(
        &dir,
        "SUMMARY.md",
        "- [Home](README.md)\n- [Long](long.md)\n",
    );
    write(&dir, "README.md", "# Home\n\nWelcome.\n");
    write(&dir, "long.md", &long_page("First version."));
    write(
        &dir,
        "static/style.css",
        "body { color: rgb(10, 20, 30); }\n",
    );
    // Strict: the mistake below is an error the page shows until it is fixed.
    let server = start(&dir, true).await;
    let browser = Browser::start(1280, 900).await;
    browser
        .client
        .goto(&format!("{}long/", server.url))
        .await
        .unwrap();
    until_connected(&browser).await;
    browser
        .client
        .execute(
            "window.scrollTo(0, 1200); window.notReloaded = true;",
            vec![],
        )
        .await
        .unwrap();

    // A save reloads the page, which keeps its scroll position.
    write(&dir, "long.md", &long_page("Saved version."));
    until(
        &browser,
        "return !window.notReloaded && document.body.textContent.includes('Saved version.')",
        "the page to reload with the new text",
    )
    .await;
    let scrolled = until(
        &browser,
        "return window.scrollY > 0 && window.scrollY",
        "the scroll",
    )
    .await;
    let y = scrolled.as_f64().unwrap();
    assert!((y - 1200.0).abs() < 2.0, "scroll kept at 1200, got {y}");

    // A mistake shows over the page, as text.
    until_connected(&browser).await;
    browser
        .client
        .execute("window.notReloaded = true;", vec![])
        .await
        .unwrap();
    write(
        &dir,
        "long.md",
        "+++\ntitle = \"<img src=x onerror=alert(1)>\n+++\n# Long\n",
    );
    let overlay = until(
        &browser,
        "const o = document.getElementById('playbook-serve-errors'); return o && [o.textContent, o.querySelectorAll('img, script').length]",
        "the error overlay",
    )
    .await;
    let text = overlay[0].as_str().unwrap();
    assert!(text.contains("long.md:2"), "{text}");
    assert!(text.contains("front matter"), "{text}");
    assert_eq!(overlay[1], 0, "the error is shown as text, never as HTML");

    // Fixed: the overlay goes, the page reloads.
    write(&dir, "long.md", &long_page("Fixed version."));
    until(
        &browser,
        "return !document.getElementById('playbook-serve-errors') && document.body.textContent.includes('Fixed version.')",
        "the fixed page without the overlay",
    )
    .await;

    // A stylesheet is swapped without a reload.
    until_connected(&browser).await;
    browser
        .client
        .execute("window.notReloaded = true;", vec![])
        .await
        .unwrap();
    write(
        &dir,
        "static/style.css",
        "body { color: rgb(200, 0, 0); }\n",
    );
    until(
        &browser,
        "return getComputedStyle(document.body).color === 'rgb(200, 0, 0)'",
        "the new stylesheet",
    )
    .await;
    let kept = browser
        .client
        .execute("return window.notReloaded === true", vec![])
        .await
        .unwrap();
    assert_eq!(
        kept,
        Value::Bool(true),
        "the stylesheet came without a reload"
    );

    finish(browser, server).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn warnings_show_in_a_panel_that_covers_nothing_until_opened() {
    let dir = tempfile::tempdir().expect("temp is writable");
    write(&dir, "SUMMARY.md", "- [Home](README.md)\n");
    write(&dir, "README.md", "# Home\n\nSee [the page](gone.md).\n");
    let server = start(&dir, false).await;
    let browser = Browser::start(1280, 900).await;
    browser.client.goto(&server.url).await.unwrap();
    let panel = until(
        &browser,
        "const p = document.getElementById('playbook-serve-warnings'); return p && [p.textContent, p.querySelectorAll('img, script').length, p.querySelector('details').open]",
        "the warnings panel",
    )
    .await;
    let text = panel[0].as_str().unwrap();
    assert!(text.contains("1 warning"), "{text}");
    assert!(text.contains("README.md:3:5"), "{text}");
    assert_eq!(panel[1], 0, "warnings are text in a list, like the errors");
    assert_eq!(
        panel[2],
        Value::Bool(false),
        "closed until the reader opens it"
    );
    // The page itself is published and readable beside the panel.
    let heading = browser
        .client
        .execute("return document.querySelector('h1').textContent", vec![])
        .await
        .unwrap();
    assert!(heading.as_str().unwrap().starts_with("Home"));
    // Fixed: the panel goes.
    write(&dir, "README.md", "# Home\n\nNo links.\n");
    until(
        &browser,
        "return !document.getElementById('playbook-serve-warnings') && document.body.textContent.includes('No links.')",
        "the page without the panel",
    )
    .await;
    finish(browser, server).await;
}
