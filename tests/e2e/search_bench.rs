//! Search index size and speed on a 10,000-article corpus (about 5 KB of text each), made
//! by mixing the sentences of the documents gen indexes for the real and stand-in
//! articles. Ignored by default; run in release mode:
//!
//!     cargo test --release -p e2e --test e2e search_bench -- --ignored --nocapture
//!
//! With SEARCH_DUMP_DIR set it also writes both corpora as JSON (for comparing tools).
//!
//! What a query downloads is what the page's own code loads (`run_queries.mjs` records
//! the files `search.js` asks for), gzipped as a static host serves them. One edit: a
//! sentence of one article changed, the index built again, and the files whose bytes
//! differ counted.

use search::{Document, Synonyms};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const BASE: &str = "/guide/";

/// The documents gen indexes for content/ and the stand-in articles, under `/guide/`,
/// and the site's synonym table.
fn corpus() -> (Vec<Document<'static>>, Synonyms) {
    let dir = tempfile::tempdir().unwrap();
    let content = crate::search::content_with_stand_ins(dir.path());
    let (_, built) = gen::build_keep(&gen::BuildOptions {
        content,
        theme: crate::harness::root().join("theme"),
        out: dir.path().join("unused"),
        base_url: Some(format!("https://fixture.test{BASE}")),
        drafts: false,
        write: false,
        allow_empty: false,
        today: Some(e2e::fixture_today()),
        official: None,
    })
    .unwrap_or_else(|p| panic!("the corpus does not build:\n{p}"));
    let docs = built
        .search_documents()
        .into_iter()
        .map(|d| Document {
            url: d.url,
            title: d.title,
            category: d.category,
            headings: d.headings,
            body: d.body.into_owned().into(),
            tags: d.tags,
            keywords: d.keywords,
            citations: d.citations,
        })
        .collect();
    (docs, built.synonyms().clone())
}
/// A small deterministic generator (xorshift), so runs are comparable.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 as usize
    }
}

fn synthetic(docs: &[Document<'_>], n: usize) -> Vec<Document<'static>> {
    let mut sentences = Vec::new();
    for d in docs {
        for s in d.body.split_inclusive(['。', '！', '？', '\n']) {
            if s.chars().count() > 6 {
                sentences.push(s.trim().to_string());
            }
        }
    }
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    (0..n)
        .map(|i| {
            let src = &docs[rng.next() % docs.len()];
            let mut body = String::new();
            let mut headings = Vec::new();
            while body.len() < 5000 {
                let s = &sentences[rng.next() % sentences.len()];
                if rng.next().is_multiple_of(12) {
                    headings.push(s.chars().take(14).collect::<String>());
                }
                body.push_str(s);
                body.push('\n');
            }
            Document {
                url: format!("{BASE}bench/{i}/"),
                title: format!("{}（{i}）", src.title),
                category: src.category.clone(),
                headings,
                body: body.into(),
                tags: src.tags.clone(),
                keywords: src.keywords.clone(),
                citations: src.citations.clone(),
            }
        })
        .collect()
}

fn gzip_size(p: &Path) -> u64 {
    let out = Command::new("gzip").arg("-9c").arg(p).output().unwrap();
    out.stdout.len() as u64
}

fn dir_sizes(dir: &Path) -> (u64, u64, usize) {
    let (mut raw, mut gz, mut n) = (0, 0, 0);
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        raw += e.metadata().unwrap().len();
        n += 1;
        if n <= 400 {
            gz += gzip_size(&e.path());
        }
    }
    // Gzip a sample of at most 400 files and scale up.
    (raw, gz * n as u64 / n.min(400) as u64, n)
}

/// For each query of the table, the files under `idx/` the page loads (meta, term
/// shards, the first ten results' documents), as `run_queries.mjs` records them.
fn query_files(dist: &Path, queries: &[String]) -> Vec<Vec<String>> {
    let qfile = dist.join("queries.json");
    std::fs::write(&qfile, serde_json::to_string(queries).unwrap()).unwrap();
    let out = Command::new("node")
        .arg(crate::search::search_crate().join("run_queries.mjs"))
        .arg(dist.join("search"))
        .arg(&qfile)
        .output()
        .expect("node");
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
            r["files"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f.as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

/// Files of `a` whose bytes differ in `b` (or are missing there), relative to `a`.
fn changed_files(a: &Path, b: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for sub in ["", "t", "d"] {
        for e in std::fs::read_dir(a.join(sub)).unwrap().flatten() {
            if e.path().is_dir() {
                continue;
            }
            let rel = Path::new(sub).join(e.file_name());
            if std::fs::read(e.path()).ok() != std::fs::read(b.join(&rel)).ok() {
                out.push(rel.to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    out
}

fn report(name: &str, docs: &[Document<'_>], synonyms: &Synonyms, dumps: Option<&Path>) {
    let dir = tempfile::tempdir().unwrap();
    let text: usize = docs.iter().map(|d| d.body.len()).sum();
    let t = Instant::now();
    let stats = search::build(docs, synonyms, dir.path(), "search/").unwrap();
    let took = t.elapsed();
    let (t_raw, t_gz, t_n) = dir_sizes(&dir.path().join("search/idx/t"));
    let (d_raw, d_gz, d_n) = dir_sizes(&dir.path().join("search/idx/d"));
    eprintln!(
        "{name}: {} articles, {:.1} MB of text; build {:.2} s; {} terms, {} postings",
        docs.len(),
        text as f64 / 1e6,
        took.as_secs_f64(),
        stats.terms,
        stats.postings
    );
    eprintln!(
        "  postings: {t_n} shards, {:.0} KB ({:.0} KB gzipped), largest shard {:.1} KB",
        t_raw as f64 / 1024.0,
        t_gz as f64 / 1024.0,
        stats.largest_shard_bytes as f64 / 1024.0
    );
    eprintln!(
        "  documents (for excerpts): {d_n} files, {:.0} KB ({:.0} KB gzipped)",
        d_raw as f64 / 1024.0,
        d_gz as f64 / 1024.0
    );
    let (mut qr, mut qg, mut worst) = (0u64, 0u64, (0u64, String::new()));
    let queries: Vec<String> = crate::search::queries().into_iter().map(|q| q.q).collect();
    let idx = dir.path().join("search/idx");
    let mut gz_of = std::collections::HashMap::new();
    for (q, files) in queries.iter().zip(query_files(dir.path(), &queries)) {
        let (mut r, mut g) = (0, 0);
        for f in files {
            let p = idx.join(&f);
            r += p.metadata().unwrap().len();
            g += *gz_of.entry(f).or_insert_with(|| gzip_size(&p));
        }
        qr += r;
        qg += g;
        if g > worst.0 {
            worst = (g, q.clone());
        }
    }
    let n = queries.len() as u64;
    let meta = idx.join("meta.json");
    eprintln!(
        "  meta.json: {:.1} KB ({:.1} KB gzipped)",
        meta.metadata().unwrap().len() as f64 / 1024.0,
        gzip_size(&meta) as f64 / 1024.0
    );
    eprintln!(
        "  one query (table average, {n} queries, meta + shards + 10 results, as search.js loads them): \
         {:.1} KB ({:.1} KB gzipped); largest: {} at {:.1} KB gzipped",
        qr as f64 / n as f64 / 1024.0,
        qg as f64 / n as f64 / 1024.0,
        worst.1,
        worst.0 as f64 / 1024.0
    );
    // One edit: a sentence of the middle article replaced by another text.
    let mut edited: Vec<Document> = docs.to_vec();
    let k = docs.len() / 2;
    let body = edited[k].body.to_string();
    let cut = body.find('。').map_or(0, |i| i + '。'.len_utf8());
    edited[k].body = format!(
        "{}逾期以后先核对账单，再和放贷机构协商还款计划。",
        &body[cut..]
    )
    .into();
    let dir2 = tempfile::tempdir().unwrap();
    let t = Instant::now();
    search::build(&edited, synonyms, dir2.path(), "search/").unwrap();
    let rebuilt = t.elapsed();
    let changed = changed_files(&idx, &dir2.path().join("search/idx"));
    let shards_changed = changed.iter().filter(|f| f.starts_with("t/")).count();
    eprintln!(
        "  one edit (a sentence of article {k}): {} files differ: {shards_changed} of {} shards ({:.2}%), {:?}; rebuild {:.2} s",
        changed.len(),
        stats.shards,
        100.0 * shards_changed as f64 / stats.shards as f64,
        changed.iter().filter(|f| !f.starts_with("t/")).collect::<Vec<_>>(),
        rebuilt.as_secs_f64()
    );
    let js = dir.path().join("search/search.js");
    eprintln!(
        "  runtime: search.js {} B ({} B gzipped), search.css {} B",
        js.metadata().unwrap().len(),
        gzip_size(&js),
        dir.path()
            .join("search/search.css")
            .metadata()
            .unwrap()
            .len()
    );
    if let Some(out) = dumps {
        let v: Vec<_> = docs
            .iter()
            .map(|d| {
                let mut html = String::new();
                for h in &d.headings {
                    html.push_str(&format!("<h2>{h}</h2>"));
                }
                for p in d.body.lines() {
                    html.push_str(&format!("<p>{p}</p>"));
                }
                serde_json::json!({"url": d.url, "title": d.title, "category": d.category,
                    "tags": d.tags, "html": html})
            })
            .collect();
        std::fs::write(
            out.join(format!("{name}.json")),
            serde_json::to_string(&v).unwrap(),
        )
        .unwrap();
    }
}

#[test]
#[ignore]
fn sizes_and_build_time() {
    let dumps = std::env::var_os("SEARCH_DUMP_DIR").map(std::path::PathBuf::from);
    let (docs, synonyms) = corpus();
    report("site", &docs, &synonyms, dumps.as_deref());
    let big = synthetic(&docs, 10_000);
    report("bench10k", &big, &synonyms, dumps.as_deref());
}

/// The documents as gen gives them to an incremental build: keys computed beforehand
/// (gen takes them from its Markdown stage), each document fetched only on demand, and
/// counted.
struct Lazy<'d> {
    docs: &'d [Document<'d>],
    keys: Vec<u128>,
    fetched: std::sync::atomic::AtomicUsize,
}

impl search::Documents for Lazy<'_> {
    fn len(&self) -> usize {
        self.docs.len()
    }
    fn key(&self, i: usize) -> u128 {
        self.keys[i]
    }
    fn document(&self, i: usize) -> Document<'_> {
        self.fetched
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        search::Documents::document(self.docs, i)
    }
}

/// A folder that records what each file was made from, as gen's build cache does.
struct Recorded {
    root: std::path::PathBuf,
    made: std::sync::Mutex<std::collections::HashMap<String, u128>>,
    written: std::sync::atomic::AtomicUsize,
}

impl search::Output for Recorded {
    fn write(&self, rel: &str, data: &[u8]) -> std::io::Result<()> {
        self.write_made(rel, data, 0)
    }
    fn reuse(&self, rel: &str, made_from: u128) -> Option<u64> {
        let made = self.made.lock().unwrap();
        (made_from != 0 && made.get(rel) == Some(&made_from)).then_some(0)
    }
    fn write_made(&self, rel: &str, data: &[u8], made_from: u128) -> std::io::Result<()> {
        search::Output::write(self.root.as_path(), rel, data)?;
        self.made.lock().unwrap().insert(rel.to_string(), made_from);
        self.written
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }
}

/// Resident memory now and at its peak since the last reset, in MB (Linux).
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = |key: &str| {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
            / 1024.0
    };
    (kb("VmRSS:"), kb("VmHWM:"))
}

fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// An incremental build after a full one: one article's body edited (the index patched
/// through its state), then another; time, files written, documents fetched, memory.
fn one_edit(name: &str, docs: &mut [Document<'static>], synonyms: &Synonyms) {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join(".dist.search");
    let file = search::StateFile {
        path: &state,
        code: 1,
    };
    let out = Recorded {
        root: dir.path().join("dist"),
        made: Default::default(),
        written: Default::default(),
    };
    let keys = |docs: &[Document<'_>]| docs.iter().map(|d| d.key()).collect::<Vec<_>>();
    let t = Instant::now();
    let cold = {
        let lazy = Lazy {
            docs,
            keys: keys(docs),
            fetched: Default::default(),
        };
        search::build_incremental(&lazy, synonyms, &out, "search/", &file).unwrap()
    };
    eprintln!(
        "{name}: full build with state {:.2} s, {} files; state {:.1} MB",
        t.elapsed().as_secs_f64(),
        out.written.swap(0, std::sync::atomic::Ordering::Relaxed),
        std::fs::metadata(&state).unwrap().len() as f64 / 1e6
    );
    assert_eq!(cold.patched, None);
    for (round, k) in [docs.len() / 2, docs.len() / 3].into_iter().enumerate() {
        let body = docs[k].body.to_string();
        let cut = body.find('。').map_or(0, |i| i + '。'.len_utf8());
        docs[k].body = format!(
            "{}逾期以后先核对账单，再和放贷机构协商还款计划。",
            &body[cut..]
        )
        .into();
        let lazy = Lazy {
            docs,
            keys: keys(docs),
            fetched: Default::default(),
        };
        reset_peak();
        let (before, _) = memory();
        let t = Instant::now();
        let stats = search::build_incremental(&lazy, synonyms, &out, "search/", &file).unwrap();
        let took = t.elapsed();
        let (_, peak) = memory();
        assert_eq!(stats.patched, Some(1));
        eprintln!(
            "  edit {} (article {k}): {:.3} s; {} files written, {} document(s) fetched; \
             memory {before:.0} MB before, peak {peak:.0} MB (+{:.0} MB); state {:.1} MB",
            round + 1,
            took.as_secs_f64(),
            out.written.swap(0, std::sync::atomic::Ordering::Relaxed),
            lazy.fetched.load(std::sync::atomic::Ordering::Relaxed),
            peak - before,
            std::fs::metadata(&state).unwrap().len() as f64 / 1e6
        );
    }
}

/// `cargo test --release -p e2e --test e2e search_bench::one_edit -- --ignored --nocapture`
#[test]
#[ignore]
fn one_edit_at_10k_and_50k() {
    let (docs, synonyms) = corpus();
    for n in [10_000, 50_000] {
        let mut big = synthetic(&docs, n);
        one_edit(&format!("bench{}k", n / 1000), &mut big, &synonyms);
    }
}
