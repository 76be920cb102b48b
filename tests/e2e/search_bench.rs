//! Search index size and speed on a 10,000-article corpus (about 5 KB of text each), made
//! by mixing the sentences of the documents gen indexes for the real and stand-in
//! articles. Ignored by default; run in release mode:
//!
//!     cargo test --release -p e2e --test e2e search_bench -- --ignored --nocapture
//!
//! With SEARCH_DUMP_DIR set it also writes both corpora as JSON (for comparing tools).

use search::{tokenize, Document};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const BASE: &str = "/guide/";

/// The documents gen indexes for content/ and the stand-in articles, under `/guide/`.
fn corpus() -> Vec<Document<'static>> {
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
    built
        .search_documents()
        .into_iter()
        .map(|d| Document {
            url: d.url,
            title: d.title,
            category: d.category,
            headings: d.headings,
            body: d.body.into_owned().into(),
            tags: d.tags,
            citations: d.citations,
        })
        .collect()
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

/// Bytes one query downloads: meta.json, one shard per distinct term (synonyms included),
/// ten documents.
fn query_download(dist: &Path, q: &str, shards: usize) -> (u64, u64) {
    let idx = dist.join("search/idx");
    let mut files = BTreeSet::new();
    files.insert(idx.join("meta.json"));
    let mut terms = tokenize::terms(q);
    terms.extend(tokenize::citation_terms(q));
    // Synonym expansions, as the page does (approximately: law names are not checked).
    for group in search::synonym_groups() {
        if group.iter().any(|w| q.contains(w.as_str())) {
            for w in &group {
                terms.extend(tokenize::terms(w));
            }
        }
    }
    for t in terms {
        let shard = tokenize::hash(&t) as usize % shards;
        files.insert(idx.join("t").join(format!("{shard:x}.json")));
    }
    // Ten results in ten different document files (`meta.dshard` articles each): the most
    // a first page of results can download.
    for d in 0..10 {
        files.insert(idx.join("d").join(format!("{d}.json")));
    }
    let raw = files.iter().map(|f| f.metadata().unwrap().len()).sum();
    let gz = files.iter().map(|f| gzip_size(f)).sum();
    (raw, gz)
}

fn report(name: &str, docs: &[Document<'_>], dumps: Option<&Path>) {
    let dir = tempfile::tempdir().unwrap();
    let text: usize = docs.iter().map(|d| d.body.len()).sum();
    let t = Instant::now();
    let stats = search::build(docs, dir.path(), "search/").unwrap();
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
    let queries = crate::search::queries();
    for q in &queries {
        let (r, g) = query_download(dir.path(), &q.q, stats.shards);
        qr += r;
        qg += g;
        if g > worst.0 {
            worst = (g, q.q.clone());
        }
    }
    let n = queries.len() as u64;
    eprintln!(
        "  one query (table average, meta + shards + 10 results): {:.1} KB ({:.1} KB gzipped); \
         largest: {} at {:.1} KB gzipped",
        qr as f64 / n as f64 / 1024.0,
        qg as f64 / n as f64 / 1024.0,
        worst.1,
        worst.0 as f64 / 1024.0
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
    let docs = corpus();
    report("site", &docs, dumps.as_deref());
    let big = synthetic(&docs, 10_000);
    report("bench10k", &big, dumps.as_deref());
}
