//! The page's ranking (`theme/search/search.js`, run by Node through
//! `tests/run_queries.mjs`) on small made-up indexes: a title that answers the question
//! beats a body that repeats its common words, a query of common words only does not
//! favour the longest article, and a reader's word finds the article's word through the
//! synonym table and the front matter's keywords. Needs `node` (`bash .ci/install`).

use search::{Document, Synonyms};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The urls of each query's results, best first, on an index of `docs`.
fn rank(docs: &[Document<'_>], synonyms: &Synonyms, queries: &[&str]) -> Vec<Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    search::build(docs, synonyms, dir.path(), "search/").unwrap();
    let qfile = dir.path().join("q.json");
    std::fs::write(&qfile, serde_json::to_string(queries).unwrap()).unwrap();
    let out = Command::new("node")
        .arg(root().join("crates/search/tests/run_queries.mjs"))
        .arg(dir.path().join("search"))
        .arg(&qfile)
        .output()
        .unwrap_or_else(|e| panic!("node (install it: bash .ci/install): {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["top"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u.as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

fn doc(url: &str, title: &str, body: String) -> Document<'static> {
    Document {
        url: url.into(),
        title: title.into(),
        category: "类".into(),
        body: body.into(),
        ..Document::default()
    }
}

/// Filler text that shares no word with the queries.
fn filler(n: usize) -> String {
    "合同约定的内容需要仔细阅读并保存好凭证。".repeat(n)
}

#[test]
fn a_title_that_answers_beats_a_body_that_repeats() {
    let docs = vec![
        doc(
            "/long/",
            "常见问题汇总",
            format!(
                "{}{}",
                "逾期以后，逾期费用，逾期记录，还款，还款。".repeat(40),
                filler(200)
            ),
        ),
        doc(
            "/first-day/",
            "逾期第一天会发生什么",
            format!("今天没还上。{}", filler(30)),
        ),
        doc(
            "/other/",
            "怎样按时还款",
            format!("账单日前准备好钱。{}", filler(30)),
        ),
    ];
    let got = rank(
        &docs,
        &Synonyms::default(),
        &["逾期第一天会怎样", "逾期", "还款"],
    );
    assert_eq!(got[0][0], "/first-day/", "{got:?}");
    // A common word alone: the article named by it first, not the longest one.
    assert_eq!(got[1][0], "/first-day/", "{got:?}");
    assert_eq!(got[2][0], "/other/", "{got:?}");
}

#[test]
fn readers_words_find_the_articles_words() {
    let synonyms = Synonyms::parse("老赖 失信被执行人\n三个月 90天\n").unwrap();
    let mut keyworded = doc(
        "/frozen/",
        "账户被冻结以后",
        format!("先查清楚。{}", filler(20)),
    );
    keyworded.keywords = vec!["微信钱包动不了".into()];
    let docs = vec![
        doc(
            "/list/",
            "失信被执行人名单",
            format!("名单的规定。{}", filler(20)),
        ),
        doc(
            "/days/",
            "逾期90天以后",
            format!("债权可能转让。{}", filler(20)),
        ),
        keyworded,
        doc("/noise/", "别的话题", filler(40)),
    ];
    let got = rank(
        &docs,
        &synonyms,
        &[
            "老赖",
            "逾期三个月",
            "逾期3个月",
            "微信钱包动不了怎么办",
            "借一万",
        ],
    );
    assert_eq!(
        got[0].first().map(String::as_str),
        Some("/list/"),
        "{got:?}"
    );
    assert_eq!(
        got[1].first().map(String::as_str),
        Some("/days/"),
        "{got:?}"
    );
    assert_eq!(
        got[2].first().map(String::as_str),
        Some("/days/"),
        "{got:?}"
    );
    assert_eq!(
        got[3].first().map(String::as_str),
        Some("/frozen/"),
        "{got:?}"
    );
    assert!(got[4].is_empty(), "nothing mentions 10000: {got:?}");
    // Keywords are indexed, never shown: the document file has no trace of them.
    let dir = tempfile::tempdir().unwrap();
    search::build(&docs, &synonyms, dir.path(), "search/").unwrap();
    let d = std::fs::read_to_string(Path::new(dir.path()).join("search/idx/d/2.json")).unwrap();
    assert!(!d.contains("微信钱包"), "{d}");
}
