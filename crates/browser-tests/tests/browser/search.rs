//! Search that forgives: a mistyped word is corrected, a page whose title holds the query ranks
//! first, "show all" lists every result, common words are explained, the chosen page marks the
//! words until Escape, Ctrl+K reopens with the last query chosen, and `search.js` cuts words as
//! the index does. One browser session on this repository's playbook.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use playbook_browser_tests::{Browser, build_site, server, workspace_root};
use serde_json::{Value, json};

use crate::reader::{ENTER, ESCAPE, js, press, wait_for};

const CONTROL: char = '\u{E009}';

#[tokio::test(flavor = "multi_thread")]
async fn search_forgives_and_ranks() {
    let site = build_site(&workspace_root());
    let base = server::serve(&site.path().join("site"));
    let browser = Browser::start(1280, 900).await;
    browser.client.goto(&base).await.unwrap();
    tokens_match_the_index(&browser).await;
    a_typo_is_corrected(&browser).await;
    a_title_match_ranks_first(&browser).await;
    common_words_are_explained(&browser).await;
    show_all_lists_every_result(&browser).await;
    the_page_marks_the_words_until_escape(&browser, &base).await;
    let errors = browser.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:?}");
    browser.close().await;
}

/// Opens the search (with `/`), types `query` over whatever was there, and waits for the status.
async fn search(browser: &Browser, query: &str) -> String {
    // Closed and emptied, so that opening it runs no earlier query.
    js(
        browser,
        "document.querySelector('.search-dialog')?.close();
         sessionStorage.removeItem('playbook-search');
         const input = document.getElementById('search-input');
         if (input) input.value = '';
         const status = document.querySelector('.search-status');
         if (status) status.textContent = '';",
    )
    .await;
    wait_for(
        browser,
        "return !document.querySelector('.search-dialog')?.contains(document.activeElement)",
        "the focus leaves the closed search",
    )
    .await;
    press(browser, "/").await;
    wait_for(
        browser,
        "return document.activeElement && document.activeElement.id === 'search-input'",
        &format!("the search opens for `{query}`"),
    )
    .await;
    // The whole query at once, as a paste: typed a key at a time, a shorter query's results
    // could show first (the reader test types).
    browser
        .client
        .execute(
            "const input = document.getElementById('search-input');
             input.value = arguments[0];
             input.dispatchEvent(new Event('input'));",
            vec![json!(query)],
        )
        .await
        .unwrap();
    let status = wait_for(
        browser,
        "const status = document.querySelector('.search-status').textContent;
         return status && !status.startsWith('Type') ? status : null;",
        &format!("results for `{query}`"),
    )
    .await;
    status.as_str().unwrap().to_string()
}

async fn result_titles(browser: &Browser) -> Vec<String> {
    let titles = js(
        browser,
        "return [...document.querySelectorAll('.search-result-title')].map(t => t.textContent)",
    )
    .await;
    strings(&titles)
}

fn strings(value: &Value) -> Vec<String> {
    let list = value.as_array().expect("a list");
    list.iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

async fn a_typo_is_corrected(browser: &Browser) {
    let status = search(browser, "availabilty").await;
    assert!(
        status.starts_with("Showing results for “availability”"),
        "the mistyped word is corrected: {status}"
    );
    let snippets = js(
        browser,
        "return [...document.querySelectorAll('.search-result mark')].map(m => m.textContent.toLowerCase())",
    )
    .await;
    assert!(
        strings(&snippets)
            .iter()
            .any(|m| m.starts_with("availability")),
        "the corrected word is marked: {snippets}"
    );
    let status = search(browser, "reliabilty targets").await;
    assert!(
        status.starts_with("Showing results for “reliability targets”"),
        "{status}"
    );
}

async fn a_title_match_ranks_first(browser: &Browser) {
    search(browser, "treacle").await;
    let titles = result_titles(browser).await;
    assert!(
        titles[0].starts_with("Change management treacle"),
        "the page titled with the word comes first: {titles:?}"
    );
    search(browser, "management treacle").await;
    let titles = result_titles(browser).await;
    assert!(
        titles[0].starts_with("Change management treacle"),
        "{titles:?}"
    );
}

async fn common_words_are_explained(browser: &Browser) {
    assert_eq!(
        search(browser, "the").await,
        "‘the’ is too common to search for."
    );
    assert_eq!(
        search(browser, "of the").await,
        "‘of’ and ‘the’ are too common to search for."
    );
}

async fn show_all_lists_every_result(browser: &Browser) {
    let status = search(browser, "team").await;
    let total: usize = status
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .next_back()
        .unwrap_or_else(|| panic!("the status counts the results: {status}"));
    assert!(total > 10, "`team` is on more than ten sections: {status}");
    assert_eq!(result_titles(browser).await.len(), 10);
    let button = js(
        browser,
        "const more = document.querySelector('.search-more'); return more.hidden ? null : more.textContent",
    )
    .await;
    let wanted = if total <= 110 {
        format!("Show all {total} results")
    } else {
        format!("Show 100 more of {total} results")
    };
    assert_eq!(button, json!(wanted));
    js(browser, "document.querySelector('.search-more').click()").await;
    let shown = wait_for(
        browser,
        "const n = document.querySelectorAll('.search-result').length; return n > 10 ? n : null",
        "more results shown",
    )
    .await;
    assert_eq!(shown, json!(total.min(110)));
    let selected = js(
        browser,
        "return document.activeElement.id === 'search-input'
           && document.getElementById(document.activeElement.getAttribute('aria-activedescendant'))?.id",
    )
    .await;
    assert_eq!(
        selected,
        json!("search-result-10"),
        "the first new result is chosen"
    );
}

async fn the_page_marks_the_words_until_escape(browser: &Browser, base: &str) {
    search(browser, "on-call rota").await;
    press(browser, &ENTER.to_string()).await;
    let marked = wait_for(
        browser,
        "const marks = [...document.querySelectorAll('mark.search-highlight')];
         return location.search.includes('highlight') && marks.length
           ? marks.map(m => m.textContent.toLowerCase()) : null",
        "the chosen page marks the words",
    )
    .await;
    assert!(
        strings(&marked)
            .iter()
            .all(|m| m.starts_with("call") || m.starts_with("rota")),
        "{marked}"
    );
    let in_view = js(
        browser,
        "const id = decodeURIComponent(location.hash.slice(1));
         if (!id) return true;
         const top = document.getElementById(id).getBoundingClientRect().top;
         return top >= -1 && top < innerHeight;",
    )
    .await;
    assert_eq!(in_view, json!(true), "the page opens at the section");
    press(browser, &ESCAPE.to_string()).await;
    wait_for(
        browser,
        "return !document.querySelector('mark.search-highlight') && !location.search.includes('highlight')",
        "Escape clears the marks and the address's words",
    )
    .await;
    // Ctrl+K on the new page reopens the search with the last query chosen, and its results.
    let mut chord = KeyActions::new("keyboard".to_string());
    for action in [
        KeyAction::Down { value: CONTROL },
        KeyAction::Down { value: 'k' },
        KeyAction::Up { value: 'k' },
        KeyAction::Up { value: CONTROL },
    ] {
        chord = chord.then(action);
    }
    browser.client.perform_actions(chord).await.unwrap();
    let reopened = wait_for(
        browser,
        "const input = document.getElementById('search-input');
         return input && document.activeElement === input && document.querySelector('.search-result')
           ? [input.value, input.selectionStart, input.selectionEnd] : null",
        "Ctrl+K reopens the search with the last query",
    )
    .await;
    assert_eq!(reopened, json!(["on-call rota", 0, 12]));
    assert!(base.starts_with("http://127.0.0.1"));
}

async fn tokens_match_the_index(browser: &Browser) {
    let samples = [
        "İstanbul ISTANBUL istanbul",
        "Straße STRASSE strasse",
        "Ünïcödé Ü̈nïcödé",
        "中文搜索 的 运维团队",
        "日本語のテキスト、カタカナ",
        "on-call O'Brien rota’s 99.9% x2 ΌΣΟΣ",
        "a ab Ⅻ ½ ٣٤ 𝔘𝔫𝔦",
        &format!("{} {}b", "w".repeat(30), "w".repeat(30)),
    ];
    let stops: Vec<&str> = playbook_site::search::STOP_WORDS.to_vec();
    let script = "const [texts, stops, done] = arguments;
        const url = document.querySelector('.search-button').dataset.search.replace('search.js', 'search-index.js');
        import(new URL(url, document.baseURI).href)
          .then(m => done(texts.map(t => m.tokens(t, new Set(stops)))))
          .catch(e => done(String(e)));";
    let from_js = browser
        .client
        .execute_async(script, vec![json!(samples), json!(stops)])
        .await
        .expect("search-index.js loads");
    for (i, text) in samples.iter().enumerate() {
        let rust = playbook_site::search::tokens(text);
        assert_eq!(
            from_js[i],
            json!(rust),
            "search.js and the index cut `{text}` the same"
        );
    }
}
