//! Offline Chinese full-text search for the static site.
//!
//! [`build`] writes, under `dist/search/`:
//!
//! - `search.js`, `search.css`: the in-page runtime (from `theme/search/`);
//! - `idx/meta.json`: shard count, version, the law names seen in citations, the synonym
//!   groups (`content/data/synonyms.txt`, passed in), the statistics of BM25F (document
//!   count, each body's length, the average) and its parameters;
//! - `idx/t/<shard>.json`: postings, `{"term":[doc-delta, frequencies, …]}`, the term's
//!   shard chosen by [`tokenize::hash`]; a posting holds the term's frequency in each field
//!   of the document, packed in one number ([`format::pack`]), and the page computes
//!   BM25F at query time;
//! - `idx/d/<n>.json`: the url, title, category and opening text of documents
//!   `DOCS_PER_SHARD·n` to `DOCS_PER_SHARD·(n+1) − 1`, as an array, fetched only for the
//!   results shown, to make their excerpts.
//!
//! A query downloads `meta.json`, one shard per distinct term, and the document shard of
//! each result shown. The files' types are in [`format`]. See `crates/search/README.md`
//! for the design and the figures.

use base64::Engine as _;
use rayon::prelude::*;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub mod format;
mod index;
mod state;
pub mod synonyms;
pub mod tokenize;

pub use index::{document_terms, shard_count};
pub use state::StateFile;
pub use synonyms::{SynonymProblem, Synonyms};

/// One article, as the generator knows it. The body, the one large field, may be lent by
/// the caller rather than copied.
#[derive(Clone, Debug, Default)]
pub struct Document<'a> {
    /// The page's address as a link, base path included (`/guide/overdue/first-day/`).
    pub url: String,
    pub title: String,
    /// The category's display name (`逾期与催收`).
    pub category: String,
    pub headings: Vec<String>,
    /// Plain text, without markup.
    pub body: std::borrow::Cow<'a, str>,
    pub tags: Vec<String>,
    /// What readers call the topic (front matter `keywords`): indexed with the title's
    /// weight, shown nowhere.
    pub keywords: Vec<String>,
    /// Statute citations as text (`民法典第676条`).
    pub citations: Vec<String>,
}

impl Document<'_> {
    /// Feeds every field the index is made from into `h`.
    fn fingerprint(&self, h: &mut xxhash_rust::xxh3::Xxh3) {
        let mut text = |t: &str| {
            h.update(&(t.len() as u64).to_le_bytes());
            h.update(t.as_bytes());
        };
        text(&self.url);
        text(&self.title);
        text(&self.category);
        text(&self.body);
        for list in [&self.headings, &self.tags, &self.keywords, &self.citations] {
            text(&list.len().to_string());
            for t in list {
                text(t);
            }
        }
    }

    /// A fingerprint of every field: a key for [`Documents::key`].
    pub fn key(&self) -> u128 {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        self.fingerprint(&mut h);
        h.digest128()
    }

    /// The document with its body lent, not copied.
    fn lent(&self) -> Document<'_> {
        Document {
            url: self.url.clone(),
            title: self.title.clone(),
            category: self.category.clone(),
            headings: self.headings.clone(),
            body: std::borrow::Cow::Borrowed(&self.body),
            tags: self.tags.clone(),
            keywords: self.keywords.clone(),
            citations: self.citations.clone(),
        }
    }
}

/// The documents of an index, in order, each given only when the build needs it: a
/// build after an earlier one (with its [`StateFile`]) asks for the [`Documents::key`] of
/// every document and for the [`Documents::document`] of those whose key it has not seen
/// at that place.
pub trait Documents: Sync {
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// A fingerprint of everything document `i` is made of (all of [`Document`]'s
    /// fields), cheaper to get than the document: equal keys must mean equal documents.
    fn key(&self, i: usize) -> u128;
    /// Document `i`.
    fn document(&self, i: usize) -> Document<'_>;
}

impl Documents for [Document<'_>] {
    fn len(&self) -> usize {
        <[Document<'_>]>::len(self)
    }
    fn key(&self, i: usize) -> u128 {
        self[i].key()
    }
    fn document(&self, i: usize) -> Document<'_> {
        self[i].lent()
    }
}

impl Documents for Vec<Document<'_>> {
    fn len(&self) -> usize {
        <[Document<'_>]>::len(self)
    }
    fn key(&self, i: usize) -> u128 {
        self[i].key()
    }
    fn document(&self, i: usize) -> Document<'_> {
        self[i].lent()
    }
}

/// A fingerprint of everything [`build`] makes the index from (the documents' keys and
/// the synonym table; the crate's code is the caller's to add).
pub fn made_from<D: Documents + ?Sized>(docs: &D, synonyms: &Synonyms) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&state::synonyms_key(synonyms).to_le_bytes());
    for i in 0..docs.len() {
        h.update(&docs.key(i).to_le_bytes());
    }
    h.digest128()
}

/// What [`build`] wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchStats {
    pub documents: usize,
    /// Distinct terms in the index.
    pub terms: usize,
    /// (term, document) pairs written (see `MAX_POSTINGS_PER_TERM`).
    pub postings: usize,
    pub shards: usize,
    /// Bytes of `idx/t/*` (postings) and `idx/meta.json`.
    pub index_bytes: u64,
    pub largest_shard_bytes: u64,
    /// Bytes of `idx/d/*` (documents' text for excerpts, [`DOCS_PER_SHARD`] to a file).
    pub document_bytes: u64,
    /// Bytes of `search.js` and `search.css`.
    pub asset_bytes: u64,
    pub build_millis: u128,
    /// With a state ([`build_incremental`]): the documents tokenized again, when the
    /// index was patched; `None` for a full build.
    pub patched: Option<usize>,
}

#[derive(Debug)]
pub enum SearchError {
    Io(PathBuf, std::io::Error),
}

impl fmt::Display for SearchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SearchError::Io(p, e) => write!(f, "search index: {}: {e}", p.display()),
        }
    }
}

impl std::error::Error for SearchError {}

/// The runtime: the search page's module (ranking, excerpts, the results list).
pub const SEARCH_JS: &str = include_str!("../../../theme/search/search.js");
/// The results list's styles.
pub const SEARCH_CSS: &str = include_str!("../../../theme/search/search.css");

/// A term's postings beyond this many keep only the best documents: a term in
/// thousands of articles says little about any one of them, and its list would dominate
/// what a query downloads. No effect below this many articles.
const MAX_POSTINGS_PER_TERM: usize = 2000;
/// Documents in one file of `idx/d/`. One file per document was 10,000 of a 10,000-article
/// site's 25,000 files, and creating files is most of a cold build's time on this machine.
/// The price is download: a result brings its neighbour's text too. Measured on 10,000
/// articles made of the real articles' sentences (about 1,700 characters each), over the
/// 37 queries of `tests/queries.toml`, counting meta, term shards and the files of the
/// first ten results, gzipped: one document a file, 47.9 KB a query on average (80.5 KB
/// at most); two, 67.6 KB (100.4 KB). On the build benchmark's corpus (twelve sentences
/// repeated, so it compresses far better) 12.2 KB (17.1 KB) and 10.3 KB (18.9 KB). Cutting the text instead (two documents of 800
/// characters: 45.9 KB) leaves the best result of some queries without a highlighted word
/// (the search page's test fails for 迟延履行, 1,790 characters into its article).
/// Readers on slow phones come first: one document a file, keeping a query near the
/// ~60 KB it should stay under, and the 5,000 files saved at 10,000 articles given up.
pub const DOCS_PER_SHARD: usize = 1;
/// Text kept per document for excerpts, from the article's start. 2,000 characters left
/// the first result for 诉前 (where-to-complain, a long article) without a highlighted
/// word; with one document a file the text kept costs a query only its results' files.
const EXCERPT_SOURCE_CHARS: usize = 8000;

/// Where [`build`] writes its files; `rel` is a path in the site (`search/idx/meta.json`).
/// The generator's output implements it; so does a plain folder, a [`Path`].
pub trait Output: Sync {
    fn write(&self, rel: &str, data: &[u8]) -> std::io::Result<()>;

    /// Whether `rel` already holds the file made from the inputs fingerprinted
    /// `made_from` (an earlier build into the same place, as the generator's build cache
    /// knows); it is then kept and not made again. Its length in bytes.
    fn reuse(&self, _rel: &str, _made_from: u128) -> Option<u64> {
        None
    }

    /// [`Output::write`] of a file made from the inputs fingerprinted `made_from`.
    fn write_made(&self, rel: &str, data: &[u8], made_from: u128) -> std::io::Result<()> {
        let _ = made_from;
        self.write(rel, data)
    }
}

/// A folder: files go under it, their folders created as needed. Files of an earlier
/// index (another shard count) are not removed; give `build` an empty folder.
impl Output for Path {
    fn write(&self, rel: &str, data: &[u8]) -> std::io::Result<()> {
        let path = self.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, data)
    }
}

/// Writes the index and the runtime under `prefix` (the search page's folder in the site,
/// `search/`: the generator owns its addresses and passes it) in `out` (see the crate
/// docs). The runtime finds its files relative to its own address, so the index needs no
/// base path; the page's markup is the theme's (`theme/templates/search.html`).
pub fn build<D: Documents + ?Sized, O: Output + ?Sized>(
    docs: &D,
    synonyms: &Synonyms,
    out: &O,
    prefix: &str,
) -> Result<SearchStats, SearchError> {
    build_full(docs, synonyms, out, prefix, None)
}

/// [`build`], keeping in `state` what the next build needs to patch the index: when
/// `state` holds the index of an earlier build (of the same code, synonym table and
/// number of documents) and few documents changed (by their keys), only those are
/// tokenized and only the files they change, and those `out` does not hold
/// ([`Output::reuse`]), are written. The files are the same bytes a full build makes. A
/// missing or damaged state makes a full build.
pub fn build_incremental<D: Documents + ?Sized, O: Output + ?Sized>(
    docs: &D,
    synonyms: &Synonyms,
    out: &O,
    prefix: &str,
    state: &StateFile<'_>,
) -> Result<SearchStats, SearchError> {
    let start = Instant::now();
    let syn = state::synonyms_key(synonyms);
    let loaded = state::Loaded::open(state, syn);
    if std::env::var_os("SEARCH_TIMINGS").is_some() {
        eprintln!("  search state read: {:.3?}", start.elapsed());
    }
    if let Some(loaded) = loaded {
        match state::patch(loaded, docs, synonyms, out, prefix) {
            Ok(p) => {
                let mut stats = finish(docs.len(), p.built, synonyms, out, prefix, start)?;
                stats.patched = Some(p.changed);
                return Ok(stats);
            }
            Err(state::Unusable::Output(e)) => return Err(e),
            Err(state::Unusable::Stale | state::Unusable::TooMany) => {}
        }
    }
    build_full(docs, synonyms, out, prefix, Some(state))
}

fn build_full<D: Documents + ?Sized, O: Output + ?Sized>(
    docs: &D,
    synonyms: &Synonyms,
    out: &O,
    prefix: &str,
    state: Option<&StateFile<'_>>,
) -> Result<SearchStats, SearchError> {
    let start = Instant::now();
    let mut writer = state.and_then(state::Writer::create);
    let mut stats = SearchStats::default();
    let built = index::build(docs, synonyms, out, prefix, &mut stats, writer.as_mut())?;
    if let Some(w) = writer {
        let keys = (0..docs.len())
            .into_par_iter()
            .map(|i| docs.key(i))
            .collect();
        if w.finish(
            Some(keys),
            built.doc_files.clone(),
            state::synonyms_key(synonyms),
        )
        .is_err()
        {
            // No state: the next build is a full one.
            if let Some(s) = state {
                let _ = std::fs::remove_file(s.path);
            }
        }
    }
    finish(docs.len(), built, synonyms, out, prefix, start)
}

/// Writes `meta.json` and the runtime, and sums up what was built.
fn finish<O: Output + ?Sized>(
    docs: usize,
    built: index::Built,
    synonyms: &Synonyms,
    out: &O,
    prefix: &str,
    start: Instant,
) -> Result<SearchStats, SearchError> {
    let shards = built.shard_files.len();
    let mut version = tokenize::hash(&format!("{}/{shards}", format::FORMAT));
    let mut stats = SearchStats {
        documents: docs,
        shards,
        ..SearchStats::default()
    };
    for f in &built.shard_files {
        version = version.wrapping_mul(31) ^ f.hash;
        stats.index_bytes += u64::from(f.len);
        stats.largest_shard_bytes = stats.largest_shard_bytes.max(u64::from(f.len));
        stats.postings += f.postings as usize;
        stats.terms += f.terms as usize;
    }
    for f in &built.doc_files {
        version = version.wrapping_mul(31) ^ f.folded();
        stats.document_bytes += u64::from(f.len);
    }
    let quantized: Vec<u8> = built.lengths.iter().map(|&l| format::quantize(l)).collect();
    let avg = quantized
        .iter()
        .map(|&q| format::dequantize(q))
        .sum::<f64>()
        / docs.max(1) as f64;
    let meta = format::Meta {
        format: format::FORMAT,
        version: format!("{version:08x}"),
        shards: shards as u32,
        dshard: DOCS_PER_SHARD as u32,
        docs: docs as u32,
        laws: built.laws,
        syn: synonyms.groups().to_vec(),
        rank: format::rank(),
        avg,
        len: base64::engine::general_purpose::STANDARD.encode(&quantized),
    };
    let meta = serde_json::to_string(&meta).expect("meta serializes");
    stats.index_bytes += meta.len() as u64;
    write(out, &format!("{prefix}idx/meta.json"), meta.as_bytes())?;
    write(out, &format!("{prefix}search.js"), SEARCH_JS.as_bytes())?;
    write(out, &format!("{prefix}search.css"), SEARCH_CSS.as_bytes())?;
    stats.asset_bytes = (SEARCH_JS.len() + SEARCH_CSS.len()) as u64;
    stats.build_millis = start.elapsed().as_millis();
    Ok(stats)
}

fn write<O: Output + ?Sized>(out: &O, rel: &str, bytes: &[u8]) -> Result<(), SearchError> {
    out.write(rel, bytes)
        .map_err(|e| SearchError::Io(PathBuf::from(rel), e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_packed_in_order_with_their_opening_text() {
        let n = DOCS_PER_SHARD * 2 + 1;
        let docs: Vec<Document> = (0..n)
            .map(|i| Document {
                url: format!("/a{i}/"),
                title: format!("第{i}篇"),
                body: "逾".repeat(EXCERPT_SOURCE_CHARS + i).into(),
                ..Document::default()
            })
            .collect();
        let dir = tempfile::tempdir().unwrap();
        build(&docs, &Synonyms::default(), dir.path(), "search/").unwrap();
        let meta: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join("search/idx/meta.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(meta["dshard"], DOCS_PER_SHARD);
        let per = meta["dshard"].as_u64().unwrap() as usize;
        // Document i is entry i % per of file i / per, as the page reads it.
        for (i, d) in docs.iter().enumerate() {
            let file = dir.path().join(format!("search/idx/d/{}.json", i / per));
            let shard: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
            let entry = &shard[i % per];
            assert_eq!(entry["u"], d.url.as_str());
            assert_eq!(
                entry["b"].as_str().unwrap().chars().count(),
                EXCERPT_SOURCE_CHARS
            );
        }
        let files = std::fs::read_dir(dir.path().join("search/idx/d"))
            .unwrap()
            .count();
        assert_eq!(files, 3);
    }

    #[test]
    fn build_writes_shards_docs_and_assets() {
        let dir = tempfile::tempdir().unwrap();
        let docs = vec![Document {
            url: "/a/".into(),
            title: "逾期第一天".into(),
            category: "逾期".into(),
            body: "按照约定支付逾期利息".into(),
            citations: vec!["民法典第676条".into()],
            ..Document::default()
        }];
        let s = build(&docs, &Synonyms::default(), dir.path(), "search/").unwrap();
        assert_eq!(s.documents, 1);
        assert_eq!(s.shards, 1);
        let shard = std::fs::read_to_string(dir.path().join("search/idx/t/0.json")).unwrap();
        let v: format::Shard = serde_json::from_str(&shard).unwrap();
        // 逾期: once in the title, once in the body.
        assert_eq!(
            v["逾期"],
            format::Postings::All(vec![
                0,
                format::add(format::pack(0, format::Field::Title), 1)
            ])
        );
        assert!(v.contains_key("§民法典676"));
        let meta = std::fs::read_to_string(dir.path().join("search/idx/meta.json")).unwrap();
        assert!(meta.contains("民法典"));
        assert!(dir.path().join("search/search.js").exists());
        let doc: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join("search/idx/d/0.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(doc[0]["u"], "/a/");
        assert_eq!(doc[0]["b"], "按照约定支付逾期利息");
        // No documents: one empty shard (removing older files is the caller's job).
        let empty = tempfile::tempdir().unwrap();
        let s = build(
            &Vec::<Document>::new(),
            &Synonyms::default(),
            empty.path(),
            "search/",
        )
        .unwrap();
        assert_eq!((s.documents, s.shards, s.postings), (0, 1, 0));
        let shard = std::fs::read_to_string(empty.path().join("search/idx/t/0.json")).unwrap();
        assert_eq!(shard, "{}");
    }
}
