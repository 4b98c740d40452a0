//! The built playbook reads well in a real browser: every page loads without console errors,
//! and the phone menu opens and closes.

use fantoccini::Locator;
use playbook_browser_tests::{Browser, build_site, server, workspace_root};

use crate::reader::pages;

#[tokio::test(flavor = "multi_thread")]
async fn every_page_loads_without_console_errors() {
    let site = build_site(&workspace_root());
    let base = server::serve(&site.path().join("site"));
    let browser = Browser::start(1280, 900).await;
    let sitemap_pages = pages(&site.path().join("site"));
    assert!(sitemap_pages.len() > 20, "the playbook has its pages");
    for page in &sitemap_pages {
        browser.client.goto(&format!("{base}{page}")).await.unwrap();
        let h1 = browser.client.find(Locator::Css("main h1")).await.unwrap();
        assert!(!h1.text().await.unwrap().is_empty(), "{page} has a heading");
        let errors = browser.console_errors().await;
        assert!(errors.is_empty(), "{page}: {errors:?}");
    }
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn phone_menu_opens_and_closes() {
    let site = build_site(&workspace_root());
    let base = server::serve(&site.path().join("site"));
    let browser = Browser::start(390, 844).await;
    browser
        .client
        .goto(&format!("{base}introduction/"))
        .await
        .unwrap();
    let sidebar = browser.client.find(Locator::Id("sidebar")).await.unwrap();
    assert!(
        !sidebar.is_displayed().await.unwrap(),
        "the menu starts closed on a phone"
    );
    let button = browser
        .client
        .find(Locator::Css(".menu-button"))
        .await
        .unwrap();
    button.click().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert!(sidebar.is_displayed().await.unwrap(), "the menu opens");
    assert_eq!(
        button.attr("aria-expanded").await.unwrap().as_deref(),
        Some("true")
    );
    let state = "return [!!document.activeElement.closest('#sidebar'), \
        document.querySelector('.main-column').inert, document.querySelector('.site-title').inert, \
        document.activeElement.classList.contains('menu-button')]";
    let opened = browser.client.execute(state, vec![]).await.unwrap();
    assert_eq!(
        opened,
        serde_json::json!([true, true, true, false]),
        "focus in the menu, the page behind inert"
    );
    browser
        .client
        .execute(
            "document.activeElement.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}))",
            vec![],
        )
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert!(
        !sidebar.is_displayed().await.unwrap(),
        "Escape closes the menu"
    );
    let closed = browser.client.execute(state, vec![]).await.unwrap();
    assert_eq!(
        closed,
        serde_json::json!([false, false, false, true]),
        "focus back on the button, the page live"
    );
    button.click().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    browser
        .client
        .find(Locator::Css(".sidebar-close"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert!(!sidebar.is_displayed().await.unwrap(), "the menu closes");
    browser.close().await;
}
