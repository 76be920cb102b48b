//! The quality table (tests/queries.toml) against the page's own ranking code, run by
//! Node on the index files this crate builds: every query must bring one of its expected
//! articles into the first three results. The workspace's tests/search.rs runs the same table in
//! headless Chromium on the site gen builds.

mod support;

use std::process::Command;
use support::*;

#[test]
fn query_table_top_three_node() {
    let docs = corpus();
    let queries = queries();
    assert!(
        queries.len() >= 20,
        "the table has {} queries",
        queries.len()
    );
    let dir = tempfile::tempdir().unwrap();
    let stats = search::build(&docs, dir.path()).unwrap();
    eprintln!("{} documents: {stats:?}", docs.len());
    let qfile = dir.path().join("queries.json");
    let qs: Vec<&str> = queries.iter().map(|q| q.q.as_str()).collect();
    std::fs::write(&qfile, serde_json::to_string(&qs).unwrap()).unwrap();
    let out = match Command::new("node")
        .arg(manifest_dir().join("tests/run_queries.mjs"))
        .arg(dir.path().join("search"))
        .arg(&qfile)
        .output()
    {
        Ok(o) => o,
        Err(e) => panic!("node: {e}"),
    };
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
        let pass = rank.is_some();
        if let Some(r) = rank {
            first += usize::from(r == 0);
            rr += 1.0 / (r + 1) as f64;
        }
        eprintln!(
            "{} {:<16} [{}] → {}",
            if pass { "ok  " } else { "FAIL" },
            q.q,
            q.kind,
            top.join(", ")
        );
        if !pass {
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
