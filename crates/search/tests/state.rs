//! A build with a state ([`search::build_incremental`]) must write exactly the files a
//! full build of the same documents writes: random walks of edits, additions, removals,
//! reorders and synonym changes, with the state sometimes damaged, cut short or deleted,
//! into two folders used in turn as the generator does (each holds the index of the
//! build before last), each folder compared byte for byte with a full build.

use search::{Document, Output, StateFile, Synonyms};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A folder that remembers what each file was made from, as the generator's output does:
/// a file recorded with the same `made_from` is kept, not written again, and the files a
/// build neither wrote nor kept are deleted after it.
struct Recorded {
    root: PathBuf,
    made: Mutex<HashMap<String, u128>>,
    touched: Mutex<HashSet<String>>,
    written: Mutex<usize>,
}

impl Recorded {
    fn new(root: &Path) -> Recorded {
        Recorded {
            root: root.to_path_buf(),
            made: Mutex::default(),
            touched: Mutex::default(),
            written: Mutex::new(0),
        }
    }

    /// Deletes what the last build did not produce; the number of files it wrote.
    fn end_build(&self) -> usize {
        let touched = std::mem::take(&mut *self.touched.lock().unwrap());
        for rel in all_files(&self.root).into_keys() {
            if !touched.contains(&rel) {
                std::fs::remove_file(self.root.join(&rel)).unwrap();
                self.made.lock().unwrap().remove(&rel);
            }
        }
        std::mem::take(&mut *self.written.lock().unwrap())
    }
}

impl Output for Recorded {
    fn write(&self, rel: &str, data: &[u8]) -> std::io::Result<()> {
        self.write_made(rel, data, 0)
    }
    fn reuse(&self, rel: &str, made_from: u128) -> Option<u64> {
        if self.made.lock().unwrap().get(rel) != Some(&made_from) || made_from == 0 {
            return None;
        }
        let len = std::fs::metadata(self.root.join(rel)).ok()?.len();
        self.touched.lock().unwrap().insert(rel.to_string());
        Some(len)
    }
    fn write_made(&self, rel: &str, data: &[u8], made_from: u128) -> std::io::Result<()> {
        self.root.write(rel, data)?;
        self.made.lock().unwrap().insert(rel.to_string(), made_from);
        self.touched.lock().unwrap().insert(rel.to_string());
        *self.written.lock().unwrap() += 1;
        Ok(())
    }
}

fn all_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 as usize
    }
    fn below(&mut self, n: usize) -> usize {
        self.next() % n.max(1)
    }
}

const WORDS: &[&str] = &[
    "逾期",
    "利息",
    "征信",
    "催收",
    "起诉",
    "法院",
    "还款",
    "协商",
    "分期",
    "罚息",
    "网贷",
    "信用卡",
    "银行",
    "借款",
    "合同",
    "违约金",
    "LPR",
    "四倍",
    "一万",
    "三个月",
    "父母",
    "老公",
    "通讯录",
    "支付令",
    "老赖",
    "失信",
    "白户",
    "年化",
    "24%",
    "民法典",
    "第676条",
    "怎么办",
    "。",
    "，",
    "\n",
];

fn sentence(rng: &mut Rng, words: usize) -> String {
    (0..words).map(|_| WORDS[rng.below(WORDS.len())]).collect()
}

fn document(rng: &mut Rng, id: usize, body_words: usize) -> Document<'static> {
    let cites = [
        "民法典第676条",
        "民法典第680条",
        "民事诉讼法第225条",
        "刑法第293条",
    ];
    Document {
        url: format!("/guide/a{id}/"),
        // Every document holds 逾期: past 2000 documents, its postings are cut.
        title: format!("逾期{}", sentence(rng, 2)),
        category: ["逾期与催收", "征信", "文书模板"][rng.below(3)].into(),
        headings: (0..rng.below(3)).map(|_| sentence(rng, 2)).collect(),
        body: sentence(rng, body_words).into(),
        tags: (0..rng.below(3)).map(|_| sentence(rng, 1)).collect(),
        keywords: (0..rng.below(2)).map(|_| sentence(rng, 2)).collect(),
        citations: (0..rng.below(3))
            .map(|_| cites[rng.below(cites.len())].to_string())
            .collect(),
    }
}

/// One step of a walk: changes `docs` (or `synonyms`), sometimes the state file.
fn step(
    rng: &mut Rng,
    docs: &mut Vec<Document<'static>>,
    synonyms: &mut String,
    next_id: &mut usize,
    body_words: usize,
    state: &Path,
) -> &'static str {
    let n = docs.len();
    let what = match rng.below(20) {
        0..=7 if n > 0 => {
            let i = rng.below(n);
            let mut d = docs[i].clone();
            match rng.below(6) {
                0 => d.title = sentence(rng, 3),
                1 => d.body = format!("{}{}", d.body, sentence(rng, 4)).into(),
                2 => d.body = sentence(rng, body_words).into(),
                3 => d.citations.push("民法典第577条".into()),
                4 => d.tags = vec![sentence(rng, 1)],
                _ => d.headings.push(sentence(rng, 2)),
            }
            docs[i] = d;
            "edit"
        }
        8 if n > 1 => {
            // Several edits at once.
            for _ in 0..3 {
                let i = rng.below(n);
                docs[i].body = sentence(rng, body_words).into();
            }
            "edits"
        }
        9 => {
            let at = rng.below(n + 1);
            docs.insert(at, document(rng, *next_id, body_words));
            *next_id += 1;
            "add"
        }
        10 if n > 1 => {
            docs.remove(rng.below(n));
            "remove"
        }
        11 if n > 1 => {
            let (a, b) = (rng.below(n), rng.below(n));
            docs.swap(a, b);
            "swap"
        }
        12 => {
            *synonyms = if synonyms.is_empty() {
                "父母 爸妈\n老公 配偶\n".into()
            } else {
                String::new()
            };
            "synonyms"
        }
        13 => {
            let _ = std::fs::remove_file(state);
            "state deleted"
        }
        14 => {
            if let Ok(mut bytes) = std::fs::read(state) {
                let i = rng.below(bytes.len());
                bytes[i] ^= 1 << rng.below(8);
                std::fs::write(state, bytes).unwrap();
            }
            "state damaged"
        }
        15 => {
            if let Ok(bytes) = std::fs::read(state) {
                let cut = rng.below(bytes.len());
                std::fs::write(state, &bytes[..cut]).unwrap();
            }
            "state cut"
        }
        16 => "nothing",
        _ if n > 0 => {
            let i = rng.below(n);
            docs[i].body = format!("{}{}", docs[i].body, sentence(rng, 2)).into();
            "append"
        }
        _ => "nothing",
    };
    what
}

fn walk(seed: u64, start_docs: usize, body_words: usize, steps: usize) {
    // The state written anew often (it is when mostly dead), not only past 64 MB.
    std::env::set_var("SEARCH_STATE_SLACK", "0");
    let mut rng = Rng(seed);
    let mut next_id = 0;
    let mut docs: Vec<Document<'static>> = (0..start_docs)
        .map(|_| {
            next_id += 1;
            document(&mut rng, next_id, body_words)
        })
        .collect();
    let mut synonyms = String::new();
    let tmp = tempfile::tempdir().unwrap();
    let state = tmp.path().join(".dist.search");
    let folders = [
        Recorded::new(&tmp.path().join("x")),
        Recorded::new(&tmp.path().join("y")),
    ];
    let mut patched = 0;
    for s in 0..steps {
        let what = if s == 0 {
            "first"
        } else {
            step(
                &mut rng,
                &mut docs,
                &mut synonyms,
                &mut next_id,
                body_words,
                &state,
            )
        };
        let syn = Synonyms::parse(&synonyms).unwrap();
        let folder = &folders[s % 2];
        let file = StateFile {
            path: &state,
            code: 7,
        };
        let stats = search::build_incremental(&docs, &syn, folder, "search/", &file).unwrap();
        folder.end_build();
        patched += usize::from(stats.patched.is_some());

        let cold = tempfile::tempdir().unwrap();
        let cold_stats = search::build(&docs, &syn, cold.path(), "search/").unwrap();
        let (a, b) = (all_files(&folder.root), all_files(cold.path()));
        assert_eq!(
            a.keys().collect::<Vec<_>>(),
            b.keys().collect::<Vec<_>>(),
            "seed {seed} step {s} ({what}): the same files"
        );
        for (rel, bytes) in &a {
            assert!(
                bytes == &b[rel],
                "seed {seed} step {s} ({what}, {} documents): {rel} differs from a full build",
                docs.len()
            );
        }
        let strip = |st: &search::SearchStats| search::SearchStats {
            build_millis: 0,
            patched: None,
            ..st.clone()
        };
        assert_eq!(
            strip(&stats),
            strip(&cold_stats),
            "seed {seed} step {s} ({what})"
        );
    }
    // The walk patched, not only rebuilt.
    assert!(patched * 3 > steps, "{patched} of {steps} builds patched");
}

#[test]
fn patched_builds_equal_full_builds_on_random_walks() {
    for seed in 1..=6u64 {
        walk(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15), 40, 60, 60);
    }
}

/// Past `MAX_POSTINGS_PER_TERM` (2000) documents a term keeps its best ones, chosen by
/// their body lengths: an edit that changes a length changes which are kept.
#[test]
fn patched_builds_equal_full_builds_where_terms_are_cut() {
    walk(0x5eed, 2100, 8, 8);
}

/// One edit after a full build tokenizes one document and writes only what it changed:
/// a few shards, its `d/` file, `meta.json` and the runtime.
#[test]
fn one_edit_writes_few_files() {
    let mut rng = Rng(42);
    let mut docs: Vec<Document<'static>> = (0..300).map(|i| document(&mut rng, i, 80)).collect();
    let tmp = tempfile::tempdir().unwrap();
    let state = tmp.path().join(".dist.search");
    let file = StateFile {
        path: &state,
        code: 1,
    };
    let out = Recorded::new(&tmp.path().join("x"));
    let syn = Synonyms::default();
    let full = search::build_incremental(&docs, &syn, &out, "search/", &file).unwrap();
    assert_eq!(full.patched, None);
    let all = out.end_build();
    docs[150].body = format!("{}逾期三个月", docs[150].body).into();
    let one = search::build_incremental(&docs, &syn, &out, "search/", &file).unwrap();
    assert_eq!(one.patched, Some(1));
    let written = out.end_build();
    assert!(
        written < 80 && written * 10 < all,
        "{written} of {all} files written"
    );
    // Another code's state is not used.
    let other = StateFile {
        path: &state,
        code: 2,
    };
    docs[3].title = "白户".into();
    let again = search::build_incremental(&docs, &syn, &out, "search/", &other).unwrap();
    assert_eq!(again.patched, None);
}

/// A term in more than 2000 documents keeps the best 2000, by their body lengths among
/// other things: an edit that only lengthens a body (no term of that shard changes its
/// frequency) still changes which documents the term keeps.
#[test]
fn a_longer_body_changes_which_documents_a_cut_term_keeps() {
    let doc = |i: usize, filler: usize| Document {
        url: format!("/a{i}/"),
        title: "逾期".into(),
        body: format!("逾期{}", "白户".repeat(filler)).into(),
        ..Document::default()
    };
    let mut docs: Vec<Document<'static>> = (0..2100).map(|i| doc(i, 20)).collect();
    let tmp = tempfile::tempdir().unwrap();
    let state = tmp.path().join(".dist.search");
    let file = StateFile {
        path: &state,
        code: 1,
    };
    let out = Recorded::new(&tmp.path().join("x"));
    let syn = Synonyms::default();
    search::build_incremental(&docs, &syn, &out, "search/", &file).unwrap();
    out.end_build();
    // Document 5 was kept (ties go to the first documents); with a longer body it is not.
    docs[5] = doc(5, 40);
    let stats = search::build_incremental(&docs, &syn, &out, "search/", &file).unwrap();
    assert_eq!(stats.patched, Some(1));
    out.end_build();
    let cold = tempfile::tempdir().unwrap();
    search::build(&docs, &syn, cold.path(), "search/").unwrap();
    let shard = format!(
        "search/idx/t/{:x}.json",
        search::tokenize::hash("逾期") as usize % stats.shards
    );
    let a = std::fs::read_to_string(out.root.join(&shard)).unwrap();
    let b = std::fs::read_to_string(cold.path().join(&shard)).unwrap();
    assert!(a == b, "the shard of 逾期 differs from a full build's");
    assert_eq!(all_files(&out.root), all_files(cold.path()));
    // Document 2090 was not kept; with a shorter body it is.
    docs[2090] = doc(2090, 10);
    let stats = search::build_incremental(&docs, &syn, &out, "search/", &file).unwrap();
    assert_eq!(stats.patched, Some(1));
    out.end_build();
    let cold = tempfile::tempdir().unwrap();
    search::build(&docs, &syn, cold.path(), "search/").unwrap();
    let a = std::fs::read_to_string(out.root.join(&shard)).unwrap();
    let b = std::fs::read_to_string(cold.path().join(&shard)).unwrap();
    assert!(a == b, "the shard of 逾期 differs from a full build's");
    assert_eq!(all_files(&out.root), all_files(cold.path()));
}

/// The time of one edit after a full build at `SEARCH_BENCH_DOCS` documents (50,000 by
/// default) of about 5 KB made of the site's sentences:
/// `cargo test --release -p search --test state bench -- --ignored --nocapture`
/// (the workspace's `search_bench` measures the same on gen's documents, with memory).
#[test]
#[ignore]
fn bench_one_edit() {
    let n: usize = std::env::var("SEARCH_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50_000);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let mut sentences = Vec::new();
    let mut stack = vec![root];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                for s in std::fs::read_to_string(&p)
                    .unwrap()
                    .split_inclusive(['。', '\n'])
                {
                    if s.chars().count() > 8 {
                        sentences.push(s.trim().to_string());
                    }
                }
            }
        }
    }
    sentences.sort();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut docs: Vec<Document<'static>> = (0..n)
        .map(|i| {
            let mut body = String::new();
            while body.len() < 5000 {
                body.push_str(&sentences[rng.below(sentences.len())]);
                body.push('\n');
            }
            Document {
                url: format!("/guide/bench/{i}/"),
                title: sentences[rng.below(sentences.len())]
                    .chars()
                    .take(20)
                    .collect(),
                category: "逾期与催收".into(),
                body: body.into(),
                citations: vec!["民法典第676条".into()],
                ..Document::default()
            }
        })
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    let state = tmp.path().join(".dist.search");
    let file = StateFile {
        path: &state,
        code: 1,
    };
    let out = Recorded::new(&tmp.path().join("x"));
    let syn = Synonyms::default();
    let t = std::time::Instant::now();
    search::build_incremental(&docs, &syn, &out, "search/", &file).unwrap();
    eprintln!("{n} documents: full build {:.2?}", t.elapsed());
    out.end_build();
    let edits: usize = std::env::var("SEARCH_BENCH_EDITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    for e in 0..edits {
        let k = n / (2 + e);
        docs[k].body = format!(
            "{}逾期以后先核对账单，再和放贷机构协商还款计划。",
            docs[k].body
        )
        .into();
        let t = std::time::Instant::now();
        let stats = search::build_incremental(&docs, &syn, &out, "search/", &file).unwrap();
        let took = t.elapsed();
        let written = out.end_build();
        eprintln!(
            "  one edit: {took:.2?} ({:?} patched), {written} files written, state {:.1} MB",
            stats.patched,
            std::fs::metadata(&state).unwrap().len() as f64 / 1e6
        );
    }
}
