//! The quality table (tests/queries.toml) through the real search page in headless
//! Chromium: the page that `build` + `page_body_html` make, served on 127.0.0.1 with CSP
//! `script-src 'self'`, opened at `search/?q=…`; the first three results must hold one of
//! the expected articles, each result must show a title, a category and an excerpt with the
//! matched words in <mark>, and every request must stay on the site.
//!
//! Chromium is /usr/bin/chromium (or $CHROMIUM); a browser that cannot start fails the test
//! (`bash .ci/install` installs it).

mod support;

use std::process::Command;
use std::time::Instant;
use support::*;

fn chromium() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

/// The page's DOM after its scripts ran (at most `budget_ms` of virtual time).
fn dump_dom(url: &str, budget_ms: u32) -> Result<String, String> {
    let profile = tempfile::tempdir().map_err(|e| e.to_string())?;
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--virtual-time-budget={budget_ms}"))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .map_err(|e| format!("{}: {e}", chromium()))?;
    if !out.status.success() {
        return Err(format!(
            "chromium exited {}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// (data-url, inner HTML) of each result item, in order.
fn results(dom: &str) -> Vec<(String, String)> {
    let mut v = Vec::new();
    let mut s = dom;
    while let Some(i) = s.find(r#"<li class="search-result" data-url=""#) {
        let rest = &s[i + r#"<li class="search-result" data-url=""#.len()..];
        let q = rest.find('"').unwrap();
        let url = rest[..q].to_string();
        let end = rest.find("</li>").unwrap();
        v.push((url, rest[q..end].to_string()));
        s = &rest[end..];
    }
    v
}

fn encode(q: &str) -> String {
    let mut o = String::new();
    for b in q.bytes() {
        if b.is_ascii_alphanumeric() {
            o.push(b as char);
        } else {
            o.push_str(&format!("%{b:02X}"));
        }
    }
    o
}

#[test]
fn query_table_top_three_in_chromium() {
    let docs = corpus();
    let queries = queries();
    let site = tempfile::tempdir().unwrap();
    let dist = site.path().join("guide");
    write_site(&dist, &docs);
    let (port, log) = serve(site.path().to_path_buf());
    let page = format!("http://127.0.0.1:{port}{BASE}search/");

    // The page without a query: the form and the noscript note are there, nothing fails.
    let dom = dump_dom(&page, 3000).unwrap_or_else(|e| panic!("the browser did not start: {e}"));
    assert!(dom.contains(r#"name="q""#), "no search form:\n{dom}");
    assert!(
        dom.contains(r#"data-state="done""#),
        "the script did not run:\n{dom}"
    );

    let start = Instant::now();
    let mut failed = Vec::new();
    for q in &queries {
        let dom = dump_dom(&format!("{page}?q={}", encode(&q.q)), 10_000).unwrap();
        let res = results(&dom);
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
    let took = start.elapsed();
    eprintln!("{} queries in {:.1}s", queries.len(), took.as_secs_f64());
    // SEARCH_SCREENSHOT=path.png: a phone-sized picture of one query's results.
    if let Some(shot) = std::env::var_os("SEARCH_SCREENSHOT") {
        let profile = tempfile::tempdir().unwrap();
        let status = Command::new(chromium())
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
            ])
            .args([
                "--disable-background-networking",
                "--disable-component-update",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .args(["--window-size=412,900", "--virtual-time-budget=5000"])
            .arg(format!("--screenshot={}", shot.to_string_lossy()))
            .arg(format!("{page}?q={}", encode("被起诉了怎么办")))
            .status()
            .unwrap();
        assert!(status.success());
    }
    let requests = log.lock().unwrap().clone();
    for r in &requests {
        assert!(
            r.starts_with("/guide/search/") || r == "/favicon.ico",
            "a request outside the search files: {r}"
        );
    }
    assert!(
        failed.is_empty(),
        "not in the first three:\n{}",
        failed.join("\n")
    );
}
