//! A screenshot of a page for people to look at while developing:
//! `cargo run -p playbook-browser-tests --example screenshot -- URL OUT.png [WIDTH HEIGHT [CSS [dark|nojs|dark,nojs]]]`
//! scrolls the first element matching CSS into view before taking the picture; `dark` asks for
//! the dark colour scheme, `nojs` turns JavaScript off, as a reader may.

use fantoccini::Locator;
use playbook_browser_tests::Browser;

/// Without a URL and a file, the usage is the error the runtime shows.
#[tokio::main]
async fn main() -> Result<(), &'static str> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url, out, ..] = &args[..] else {
        return Err("usage: screenshot URL OUT.png [WIDTH HEIGHT [CSS [dark|nojs|dark,nojs]]]");
    };
    let width = args.get(2).and_then(|w| w.parse().ok()).unwrap_or(1280);
    let height = args.get(3).and_then(|h| h.parse().ok()).unwrap_or(900);
    let browser = Browser::start(width, height).await;
    let wanted = |what: &str| args.get(5).is_some_and(|w| w.split(',').any(|w| w == what));
    if wanted("nojs") {
        let disabled = serde_json::json!({ "value": true });
        browser
            .cdp("Emulation.setScriptExecutionDisabled", disabled)
            .await;
    }
    browser.client.goto(url).await.expect("the page loads");
    if wanted("dark") {
        browser
            .client
            .execute(
                "document.documentElement.setAttribute('data-theme', 'dark')",
                vec![],
            )
            .await
            .expect("the theme can be set");
    }
    if let Some(css) = args.get(4).filter(|c| !c.is_empty()) {
        let element = browser
            .client
            .find(Locator::Css(css))
            .await
            .expect("the element exists");
        browser
            .client
            .execute(
                "arguments[0].scrollIntoView({block: 'start'})",
                vec![serde_json::to_value(&element).expect("an element")],
            )
            .await
            .expect("scrolls");
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let png = browser.client.screenshot().await.expect("a screenshot");
    std::fs::write(out, png).expect("the picture is written");
    browser.close().await;
    Ok(())
}
