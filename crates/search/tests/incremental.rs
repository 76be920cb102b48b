//! An edit barely touches the index: scores are computed in the page, so a shard's bytes
//! depend only on the documents holding its terms. Editing one sentence of one article
//! must change exactly the shards of the terms whose frequencies changed, that article's
//! document file and `meta.json` (the statistics), and nothing else.

use search::{document_terms, shard_count, tokenize, Document, Synonyms};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// 600 documents made of the sentences of the site's articles (Markdown as text is
/// enough here), deterministic.
fn corpus() -> Vec<Document<'static>> {
    let mut sentences = Vec::new();
    let mut titles = Vec::new();
    for cat in std::fs::read_dir(root().join("content")).unwrap().flatten() {
        if !cat.path().is_dir() {
            continue;
        }
        for f in std::fs::read_dir(cat.path()).unwrap().flatten() {
            if f.path().extension().is_some_and(|e| e == "md") {
                let text = std::fs::read_to_string(f.path()).unwrap();
                titles.push(f.file_name().to_string_lossy().into_owned());
                for s in text.split_inclusive(['。', '\n']) {
                    if s.chars().count() > 8 {
                        sentences.push(s.trim().to_string());
                    }
                }
            }
        }
    }
    sentences.sort();
    titles.sort();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x as usize
    };
    (0..600)
        .map(|i| {
            let mut body = String::new();
            while body.len() < 3000 {
                body.push_str(&sentences[next() % sentences.len()]);
                body.push('\n');
            }
            Document {
                url: format!("/a/{i}/"),
                title: format!("{}（{i}）", titles[next() % titles.len()]),
                category: "类".into(),
                body: body.into(),
                keywords: vec!["老赖".into()],
                ..Document::default()
            }
        })
        .collect()
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for sub in ["", "t", "d"] {
        for e in std::fs::read_dir(dir.join(sub)).unwrap().flatten() {
            if e.path().is_file() {
                let rel = Path::new(sub).join(e.file_name());
                out.push((
                    rel.to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn one_edit_rewrites_only_the_shards_of_its_changed_terms_and_the_statistics() {
    let synonyms = Synonyms::parse(
        &std::fs::read_to_string(root().join("content/data/synonyms.txt")).unwrap(),
    )
    .unwrap();
    let docs = corpus();
    let before = tempfile::tempdir().unwrap();
    let stats = search::build(&docs, &synonyms, before.path(), "search/").unwrap();
    assert_eq!(stats.shards, shard_count(docs.len()));

    let k = 317;
    let mut edited = docs.clone();
    let body = edited[k].body.to_string();
    let cut = body.find('\n').unwrap() + 1;
    edited[k].body = format!(
        "{}逾期三个月以后，先核对账单，再和放贷机构协商还款。",
        &body[cut..]
    )
    .into();
    let after = tempfile::tempdir().unwrap();
    search::build(&edited, &synonyms, after.path(), "search/").unwrap();

    // The terms whose per-field frequencies differ, and their shards.
    let old = document_terms(&docs[k], &synonyms);
    let new = document_terms(&edited[k], &synonyms);
    let changed_terms: BTreeSet<&String> = old
        .keys()
        .chain(new.keys())
        .filter(|t| old.get(*t) != new.get(*t))
        .collect();
    assert!(!changed_terms.is_empty());
    let mut expected: BTreeSet<String> = changed_terms
        .iter()
        .map(|t| format!("t/{:x}.json", tokenize::hash(t) as usize % stats.shards))
        .collect();
    expected.insert("meta.json".into());
    expected.insert(format!("d/{k}.json"));

    let a = files(&before.path().join("search/idx"));
    let b = files(&after.path().join("search/idx"));
    assert_eq!(
        a.iter().map(|f| &f.0).collect::<Vec<_>>(),
        b.iter().map(|f| &f.0).collect::<Vec<_>>(),
        "the same files"
    );
    let differ: BTreeSet<String> = a
        .iter()
        .zip(&b)
        .filter(|(x, y)| x.1 != y.1)
        .map(|(x, _)| x.0.clone())
        .collect();
    let shards_changed = differ.iter().filter(|f| f.starts_with("t/")).count();
    eprintln!(
        "{} terms changed; {shards_changed} of {} shards rewritten",
        changed_terms.len(),
        stats.shards
    );
    assert_eq!(differ, expected);
    assert!(
        shards_changed * 4 < stats.shards,
        "{shards_changed} of {}",
        stats.shards
    );
}
