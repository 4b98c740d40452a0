//! Reading the playbook: search opened with `/` finds a heading and takes the reader to it with
//! the keyboard; the theme follows the system until the reader picks one, and only a pick is
//! stored; "on this page" marks the heading being read; the print page holds every page with
//! unique ids and links within itself; no page scrolls sideways on a phone. One browser session.

use std::path::Path;
use std::time::Duration;

use fantoccini::Locator;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use playbook_browser_tests::{Browser, build_site, server, workspace_root};
use serde_json::{Value, json};

const ARROW_DOWN: char = '\u{E015}';
pub const ENTER: char = '\u{E007}';
pub const ESCAPE: char = '\u{E00C}';

#[tokio::test(flavor = "multi_thread")]
async fn reading_the_playbook() {
    let site = build_site(&workspace_root());
    let root = site.path().join("site");
    let base = server::serve(&root);
    let pages = pages(&root);
    let sitemap = std::fs::read_to_string(root.join("sitemap.xml")).unwrap_or_default();
    let book_pages = match sitemap.matches("<loc>").count() {
        0 => pages.len(),
        listed => listed,
    };
    let browser = Browser::start(1280, 900).await;
    search_finds_a_heading_by_keyboard(&browser, &base, &root).await;
    on_this_page_marks_the_heading_being_read(&browser, &base, &root).await;
    print_page_holds_every_page_with_unique_ids(&browser, &base, book_pages).await;
    theme_follows_the_system_until_picked(&browser, &base).await;
    let errors = browser.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:?}");
    no_page_scrolls_sideways_on_a_phone(&browser, &base, &pages).await;
    browser.close().await;
}

async fn search_finds_a_heading_by_keyboard(browser: &Browser, base: &str, root: &Path) {
    // A page with headings: search for the longest word of its last `h2` and expect a result
    // linking to that heading.
    let page = page_with_headings(root, 2);
    browser.client.goto(&format!("{base}{page}")).await.unwrap();
    let target = js(
        browser,
        "for (const h of [...document.querySelectorAll('main h2[id]')].reverse()) {
           const words = h.textContent.replace(/#$/, '').split(/[^\\p{L}\\p{N}]+/u);
           const word = words.sort((a, b) => b.length - a.length)[0];
           if (word.length >= 6) return [word, location.pathname + '#' + h.id];
         }",
    )
    .await;
    let word = target[0].as_str().unwrap().to_string();
    let wanted = target[1].as_str().unwrap().to_string();

    press(browser, "/").await;
    wait_for(
        browser,
        "return document.activeElement && document.activeElement.id === 'search-input'",
        "`/` opens the search with the focus in its field",
    )
    .await;
    press(browser, &word).await;
    let hrefs = wait_for(
        browser,
        "const links = [...document.querySelectorAll('.search-result')];
         return links.length ? links.map(a => decodeURIComponent(new URL(a.href).pathname + new URL(a.href).hash)) : null;",
        &format!("results for `{word}`"),
    )
    .await;
    let hrefs: Vec<String> = hrefs
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap().to_string())
        .collect();
    let position = hrefs
        .iter()
        .position(|h| h == &wanted)
        .unwrap_or_else(|| panic!("searching `{word}` lists {wanted}: {hrefs:?}"));
    let marked = js(
        browser,
        "return [...document.querySelectorAll('.search-result mark')].map(m => m.textContent.toLowerCase())",
    )
    .await;
    let lower = word.to_lowercase();
    assert!(
        marked
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m.as_str().unwrap().starts_with(&lower)),
        "the snippets mark `{word}`: {marked}"
    );

    for _ in 0..=position {
        press(browser, &ARROW_DOWN.to_string()).await;
    }
    let selected = js(
        browser,
        "const input = document.getElementById('search-input');
         const option = document.getElementById(input.getAttribute('aria-activedescendant'));
         return option && option.getAttribute('aria-selected');",
    )
    .await;
    assert_eq!(selected, json!("true"), "arrow keys choose a result");
    press(browser, &ENTER.to_string()).await;
    let arrived = wait_for(
        browser,
        &format!(
            "const here = decodeURIComponent(location.pathname + location.hash);
             return here === {wanted:?} && !!document.getElementById(decodeURIComponent(location.hash.slice(1)));"
        ),
        &format!("Enter goes to {wanted}"),
    )
    .await;
    assert_eq!(arrived, json!(true));

    // The header's button opens it too; Escape closes it and gives the focus back.
    browser
        .client
        .find(Locator::Css(".search-button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(
        browser,
        "return document.activeElement.id === 'search-input' && document.querySelector('.search-dialog').open",
        "the search button opens the search",
    )
    .await;
    press(browser, &ESCAPE.to_string()).await;
    wait_for(
        browser,
        "return !document.querySelector('.search-dialog').open && document.activeElement.classList.contains('search-button')",
        "Escape closes the search and returns the focus to the button",
    )
    .await;
}

async fn on_this_page_marks_the_heading_being_read(browser: &Browser, base: &str, root: &Path) {
    let page = page_with_headings(root, 4);
    browser.client.goto(&format!("{base}{page}")).await.unwrap();
    let id = js(
        browser,
        "const link = document.querySelectorAll('.page-toc a')[1];
         const id = decodeURIComponent(link.hash.slice(1));
         document.getElementById(id).scrollIntoView();
         return id;",
    )
    .await;
    let id = id.as_str().unwrap();
    wait_for(
        browser,
        &format!(
            "const marked = document.querySelector('.page-toc a[aria-current]');
             return marked && decodeURIComponent(marked.hash.slice(1)) === {id:?};"
        ),
        &format!("scrolling to #{id} marks it in \"On this page\" ({page})"),
    )
    .await;
}

async fn print_page_holds_every_page_with_unique_ids(browser: &Browser, base: &str, pages: usize) {
    browser
        .client
        .goto(&format!("{base}_playbook/print.html"))
        .await
        .unwrap();
    let report = js(
        browser,
        "const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
         const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
         const broken = [...document.querySelectorAll('a[href^=\"#\"]')]
           .filter(a => a.hash && !document.getElementById(decodeURIComponent(a.hash.slice(1))))
           .map(a => a.getAttribute('href'));
         const toPages = [...document.querySelectorAll('.print-chapter a[href]')]
           .map(a => a.getAttribute('href'))
           .filter(h => !h.startsWith('#') && !/^[a-z][a-z0-9+.-]*:/i.test(h) && (h.endsWith('/') || h.endsWith('.html')));
         return { chapters: document.querySelectorAll('.print-chapter').length, duplicates, broken, toPages,
                  links: document.querySelectorAll('.print-chapter a[href^=\"#\"]').length };",
    )
    .await;
    assert_eq!(report["chapters"], json!(pages), "one chapter per page");
    assert_eq!(report["duplicates"], json!([]), "ids are unique");
    assert_eq!(
        report["broken"],
        json!([]),
        "links within the page lead somewhere"
    );
    assert_eq!(
        report["toPages"],
        json!([]),
        "links between chapters stay in the page"
    );
    assert!(
        report["links"].as_u64().unwrap() > 0,
        "chapters link to each other"
    );

    browser
        .cdp("Emulation.setEmulatedMedia", json!({ "media": "print" }))
        .await;
    let printed = js(
        browser,
        "const chapters = document.querySelectorAll('.print-chapter');
         const shown = s => [...document.querySelectorAll(s)].some(e => getComputedStyle(e).display !== 'none');
         const calculators = [...document.querySelectorAll('.calculator')];
         return { breakBefore: getComputedStyle(chapters[1]).breakBefore,
                  header: shown('.site-header'), button: shown('.print-actions'),
                  calculatorsHidden: calculators.filter(c => c.offsetHeight === 0).length };",
    )
    .await;
    browser
        .cdp("Emulation.setEmulatedMedia", json!({ "media": "" }))
        .await;
    assert_eq!(
        printed["breakBefore"],
        json!("page"),
        "a page break before each chapter"
    );
    assert_eq!(printed["header"], json!(false), "the header is not printed");
    assert_eq!(
        printed["button"],
        json!(false),
        "the print button is not printed"
    );
    assert_eq!(printed["calculatorsHidden"], json!(0), "calculators print");
}

async fn theme_follows_the_system_until_picked(browser: &Browser, base: &str) {
    let scheme =
        |value: &str| json!({ "features": [{ "name": "prefers-color-scheme", "value": value }] });
    let state = "const bg = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number);
                 return { dark: bg[0] + bg[1] + bg[2] < 384, stored: localStorage.getItem('playbook-theme'),
                          attribute: document.documentElement.getAttribute('data-theme'),
                          pressed: document.querySelector('.theme-toggle').getAttribute('aria-pressed') };";
    browser
        .cdp("Emulation.setEmulatedMedia", scheme("dark"))
        .await;
    browser.client.goto(base).await.unwrap();
    js(browser, "localStorage.clear(); return null;").await;
    browser.client.refresh().await.unwrap();
    let seen = js(browser, state).await;
    assert_eq!(
        seen,
        json!({ "dark": true, "stored": null, "attribute": null, "pressed": "true" }),
        "a dark system gives the dark theme, and nothing is stored"
    );

    let toggle = browser
        .client
        .find(Locator::Css(".theme-toggle"))
        .await
        .unwrap();
    toggle.click().await.unwrap();
    let seen = js(browser, state).await;
    assert_eq!(
        seen,
        json!({ "dark": false, "stored": "light", "attribute": "light", "pressed": "false" }),
        "picking light stores the pick"
    );
    browser.client.refresh().await.unwrap();
    let seen = js(browser, state).await;
    assert_eq!(
        seen,
        json!({ "dark": false, "stored": "light", "attribute": "light", "pressed": "false" }),
        "the pick is remembered across a reload"
    );

    let toggle = browser
        .client
        .find(Locator::Css(".theme-toggle"))
        .await
        .unwrap();
    toggle.click().await.unwrap();
    let seen = js(browser, state).await;
    assert_eq!(
        seen,
        json!({ "dark": true, "stored": null, "attribute": null, "pressed": "true" }),
        "picking the system's own theme forgets the pick"
    );

    browser
        .cdp("Emulation.setEmulatedMedia", scheme("light"))
        .await;
    wait_for(
        browser,
        "return document.querySelector('.theme-toggle').getAttribute('aria-pressed') === 'false'",
        "the toggle follows the system's change",
    )
    .await;
    let seen = js(browser, state).await;
    assert_eq!(
        seen,
        json!({ "dark": false, "stored": null, "attribute": null, "pressed": "false" }),
        "with no pick the page follows the system as it changes"
    );
    browser
        .cdp("Emulation.setEmulatedMedia", json!({ "features": [] }))
        .await;

    let blocking = js(
        browser,
        "return [...document.querySelectorAll('script')]
           .filter(s => s.type !== 'module' && !s.defer && !s.async)
           .map(s => s.src.split('/').pop().split('?')[0]);",
    )
    .await;
    assert_eq!(blocking, json!([]), "no script holds up rendering");
}

async fn no_page_scrolls_sideways_on_a_phone(browser: &Browser, base: &str, pages: &[String]) {
    browser.viewport(390, 844).await;
    let mut wide = Vec::new();
    let extra = [
        "_playbook/print.html".to_string(),
        "no-such-page/".to_string(),
    ];
    for page in pages.iter().chain(&extra) {
        browser.client.goto(&format!("{base}{page}")).await.unwrap();
        let width = js(
            browser,
            "const width = document.documentElement.scrollWidth;
             if (width <= 390) return null;
             const culprits = [...document.querySelectorAll('body *')]
               .filter(e => e.getBoundingClientRect().right > 391)
               .slice(0, 3).map(e => e.tagName + '.' + e.className);
             return [width, culprits];",
        )
        .await;
        if !width.is_null() {
            wide.push(format!("{page}: {width}"));
        }
    }
    assert!(
        wide.is_empty(),
        "pages wider than a 390 px phone: {wide:#?}"
    );
}

/// Runs `script` in the page and returns its value.
pub async fn js(browser: &Browser, script: &str) -> Value {
    browser
        .client
        .execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

/// Polls `script` until it returns something other than null or false, for up to five seconds.
pub async fn wait_for(browser: &Browser, script: &str, what: &str) -> Value {
    for _ in 0..100 {
        let value = js(browser, script).await;
        if !value.is_null() && value != json!(false) {
            return value;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting: {what}");
}

/// Types `keys` into whatever has the focus.
pub async fn press(browser: &Browser, keys: &str) {
    let mut actions = KeyActions::new("keyboard".to_string());
    for key in keys.chars() {
        actions = actions
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
    }
    browser.client.perform_actions(actions).await.unwrap();
}

/// The address of every page of a built site (its folders' `index.html`), sorted.
pub fn pages(site: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![site.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                if !path.ends_with("_playbook") {
                    stack.push(path);
                }
            } else if path.file_name().is_some_and(|n| n == "index.html") {
                let folder = path.parent().unwrap().strip_prefix(site).unwrap();
                let url = playbook_book::links::slash_path(folder);
                out.push(if url.is_empty() {
                    url
                } else {
                    format!("{url}/")
                });
            }
        }
    }
    out.sort();
    out
}

/// The first page (in address order) whose "on this page" list has at least `count` entries.
fn page_with_headings(site: &Path, count: usize) -> String {
    pages(site)
        .into_iter()
        .find(|page| {
            let html = std::fs::read_to_string(site.join(page).join("index.html")).unwrap();
            html.matches("<li class=\"toc-level-2\">").count() >= count
        })
        .unwrap_or_else(|| panic!("a page has {count} or more headings"))
}
