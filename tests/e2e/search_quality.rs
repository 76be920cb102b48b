//! The search quality table (`crates/search/tests/queries.toml`) against the page's own
//! ranking code, run by Node on the index `gen` writes for the repository's articles plus
//! the search crate's stand-in articles: every question must bring one of its expected
//! articles into the first three results. This ranks exactly the text gen indexes (the
//! Markdown stage's plain text, headings, tags and citations); `search.rs` runs the same
//! table in Chromium.

use crate::search::{build, queries, search_crate, slug_of};
use std::process::Command;

#[test]
fn query_table_top_three_node() {
    let queries = queries();
    assert!(
        queries.len() >= 20,
        "the table has {} queries",
        queries.len()
    );
    let dir = tempfile::tempdir().unwrap();
    let www = build(dir.path());
    let qfile = dir.path().join("queries.json");
    let qs: Vec<&str> = queries.iter().map(|q| q.q.as_str()).collect();
    std::fs::write(&qfile, serde_json::to_string(&qs).unwrap()).unwrap();
    let out = Command::new("node")
        .arg(search_crate().join("run_queries.mjs"))
        .arg(www.join("guide/search"))
        .arg(&qfile)
        .output()
        .unwrap_or_else(|e| panic!("node (install it: .ci/install): {e}"));
    assert!(
        out.status.success(),
        "node: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut failed = Vec::new();
    let (mut first, mut rr) = (0, 0.0);
    for (q, r) in queries.iter().zip(results.as_array().unwrap()) {
        let top: Vec<String> = r["top"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| slug_of(u.as_str().unwrap()))
            .collect();
        let rank = top.iter().position(|s| q.expect.contains(s));
        if let Some(r) = rank {
            first += usize::from(r == 0);
            rr += 1.0 / (r + 1) as f64;
        }
        eprintln!(
            "{} {:<16} → {}",
            if rank.is_some() { "ok  " } else { "FAIL" },
            q.q,
            top.join(", ")
        );
        if rank.is_none() {
            failed.push(format!("{} (expected {:?}, got {:?})", q.q, q.expect, top));
        }
    }
    eprintln!(
        "{} of {} in the first three, {first} first; mean reciprocal rank (top 3) {:.3}",
        queries.len() - failed.len(),
        queries.len(),
        rr / queries.len() as f64
    );
    assert!(
        failed.is_empty(),
        "not in the first three:\n{}",
        failed.join("\n")
    );
}
