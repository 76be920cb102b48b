//! Search on the site `gen` builds, in headless Chromium: the repository's articles plus
//! the search crate's stand-in articles (`crates/search/tests/fixture/`, topics no article
//! covers yet), built under the base path `/guide/`, served on 127.0.0.1 with CSP
//! `script-src 'self'`.
//!
//! - The quality table (`crates/search/tests/queries.toml`): each question opened at
//!   `search/?q=…` must have an expected article in its first three results, each result
//!   showing a title link, a category and an excerpt, the first with the matched words in
//!   `<mark>`; no request leaves the site.
//! - A reader typing a question into the box (no `?q=`): the results follow, so does the
//!   address; a broad word shows ten results and "显示更多" adds the rest; one character
//!   asks for two.

use crate::{chromium, harness};

use fantoccini::{Client, Locator};
use serde_json::Value as Json;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:";

/// One row of the quality table.
pub(crate) struct Query {
    pub q: String,
    pub expect: Vec<String>,
}

pub(crate) fn search_crate() -> PathBuf {
    harness::root().join("crates/search/tests")
}

pub(crate) fn queries() -> Vec<Query> {
    let text = std::fs::read_to_string(search_crate().join("queries.toml")).unwrap();
    let table: toml::Table = text.parse().unwrap();
    table["query"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| Query {
            q: r["q"].as_str().unwrap().to_string(),
            expect: r["expect"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e.as_str().unwrap().to_string())
                .collect(),
        })
        .collect()
}

/// content/ and the stand-in articles, copied into `dir/content`; returns that folder.
pub(crate) fn content_with_stand_ins(dir: &Path) -> PathBuf {
    let content = dir.join("content");
    e2e::copy_dir(&harness::root().join("content"), &content);
    e2e::copy_dir(&search_crate().join("fixture"), &content);
    content
}

/// content/ and the stand-in articles, built into `www/guide/`; returns `www`.
pub(crate) fn build(dir: &Path) -> PathBuf {
    let content = content_with_stand_ins(dir);
    let www = dir.join("www");
    gen::build(&gen::BuildOptions {
        content,
        theme: harness::root().join("theme"),
        out: www.join("guide"),
        base_url: Some("https://fixture.test/guide/".into()),
        drafts: false,
        write: true,
        allow_empty: false,
        today: Some(e2e::fixture_today()),
        official: None,
    })
    .unwrap_or_else(|p| panic!("the site with the stand-in articles does not build:\n{p}"));
    www
}

/// The article's `category/slug` from its link (`/guide/credit/white-account/`).
pub(crate) fn slug_of(url: &str) -> String {
    e2e::percent_decode(url.trim_start_matches("/guide/").trim_end_matches('/'))
}

async fn js(c: &Client, script: &str) -> Json {
    c.execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("{script}: {e}"))
}

/// Waits until the page says the search is done; each result's (link, inner HTML).
async fn results(c: &Client) -> Vec<(String, String)> {
    let start = Instant::now();
    loop {
        let v = js(
            c,
            "const s = document.getElementById('search-status');\
             return s && s.dataset.state === 'done' ? [...document.querySelectorAll(\
             '.search-result')].map(li => [li.dataset.url, li.innerHTML]) : null;",
        )
        .await;
        if let Some(rows) = v.as_array() {
            return rows
                .iter()
                .map(|r| {
                    (
                        r[0].as_str().unwrap_or_default().to_string(),
                        r[1].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect();
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the search never finished"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn query_url(base: &str, q: &str) -> String {
    let q = percent_encoding::utf8_percent_encode(q, percent_encoding::NON_ALPHANUMERIC);
    format!("{base}/guide/search/?q={q}")
}

/// The built site, served, and a phone-sized Chromium on its search page (no query).
struct SearchPage {
    client: Client,
    server: harness::Server,
    _driver: chromium::Driver,
    _dir: tempfile::TempDir,
}

impl SearchPage {
    async fn open() -> SearchPage {
        let dir = tempfile::tempdir().unwrap();
        let server = harness::Server::start(&build(dir.path()), CSP);
        let mut driver = chromium::Driver::start();
        let client = driver.session(412, 900, true).await;
        client
            .goto(&format!("{}/guide/search/", server.base))
            .await
            .unwrap();
        SearchPage {
            client,
            server,
            _driver: driver,
            _dir: dir,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn query_table_top_three_on_the_built_site() {
    let page = SearchPage::open().await;
    let (c, server) = (&page.client, &page.server);

    // The page without a query: the form is there and the script ran.
    assert!(results(c).await.is_empty());
    c.find(Locator::Css("#search-q")).await.unwrap();

    let mut failed = Vec::new();
    for q in queries() {
        c.goto(&query_url(&server.base, &q.q)).await.unwrap();
        let res = results(c).await;
        let top: Vec<String> = res.iter().take(3).map(|(u, _)| slug_of(u)).collect();
        let pass = top.iter().any(|s| q.expect.contains(s));
        eprintln!(
            "{} {:<16} → {}",
            if pass { "ok  " } else { "FAIL" },
            q.q,
            top.join(", ")
        );
        if !pass {
            failed.push(format!("{} (expected {:?}, got {:?})", q.q, q.expect, top));
        }
        for (url, html) in res.iter().take(3) {
            assert!(
                html.contains("search-result-title") && html.contains(url.as_str()),
                "{}: no title link in {html}",
                q.q
            );
            assert!(html.contains("search-result-category"), "{}: {html}", q.q);
            assert!(html.contains("search-result-excerpt"), "{}: {html}", q.q);
        }
        if let Some((_, html)) = res.first() {
            assert!(
                html.contains("<mark>"),
                "{}: nothing highlighted: {html}",
                q.q
            );
        }
    }
    let png = c.screenshot().await.unwrap();
    let shots = harness::root().join("tests/artifacts");
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::write(shots.join("search-results-phone.png"), png).unwrap();
    c.clone().close().await.unwrap();

    // Nothing outside the site, not even /favicon.ico: base.html declares the theme's icon.
    let requests = server.requests.lock().unwrap().clone();
    for r in &requests {
        assert!(r.starts_with("/guide/"), "a request outside the site: {r}");
    }
    assert!(
        requests
            .iter()
            .any(|r| r.starts_with("/guide/static/favicon")),
        "the declared icon was not loaded: {requests:?}"
    );
    assert!(
        failed.is_empty(),
        "not in the first three:\n{}",
        failed.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typing_a_question_and_showing_more() {
    let page = SearchPage::open().await;
    let c = &page.client;
    let input = c.find(Locator::Css("#search-q")).await.unwrap();
    input.send_keys("征信多久恢复").await.unwrap();
    // Typing starts the search after a short pause and puts the question in the address;
    // wait for that, then for its results.
    let full = query_url("", "征信多久恢复");
    let start = Instant::now();
    while !c.current_url().await.unwrap().as_str().ends_with(&full) {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the address never showed the question"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let first = results(c).await;
    let row = queries()
        .into_iter()
        .find(|q| q.q == "征信多久恢复")
        .unwrap();
    assert!(
        row.expect.contains(&slug_of(&first[0].0)),
        "expected {:?} first, got {:?}",
        row.expect,
        first.iter().map(|r| &r.0).collect::<Vec<_>>()
    );

    // A broad word: ten results and a button for the rest.
    js(
        c,
        "const i = document.getElementById('search-q'); i.value = '逾期'; i.form.requestSubmit();",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(results(c).await.len(), 10);
    js(c, "document.querySelector('.search-more button').click();").await;
    let start = Instant::now();
    while results(c).await.len() <= 10 {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "显示更多 added nothing"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // One character is not enough for the bigram index: the page says so.
    js(
        c,
        "const i = document.getElementById('search-q'); i.value = '卡'; i.form.requestSubmit();",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(results(c).await.is_empty());
    let status = js(
        c,
        "return document.getElementById('search-status').textContent;",
    )
    .await;
    assert!(
        status
            .as_str()
            .unwrap_or_default()
            .contains("至少输入两个字"),
        "{status}"
    );
    c.clone().close().await.unwrap();
}
