//! The index builder behind [`crate::build`]: tokenizes the documents in parallel, keeps
//! Han bigrams as `u64` keys (two code points) instead of strings, merges postings in
//! partitions owned by one thread each, and writes shards and documents in parallel, as
//! the types of [`crate::format`]. Terms within a shard are in byte order, postings in
//! document order, the version folded over the files in the same order.
//!
//! A shard holds term frequencies, not scores: its bytes depend only on the documents
//! that contain its terms, so an edit rewrites the shards of the terms whose frequencies
//! it changed and `meta.json` (the statistics), nothing else.

use crate::format::{self, Field, Postings};
use crate::synonyms::{group_term, Synonyms};
use crate::tokenize::{self, class, Class};
use crate::{Document, SearchError, SearchStats};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::path::PathBuf;

/// A cheap hasher for keys that are already well mixed (`u64` term keys).
#[derive(Default)]
struct MixHasher(u64);

impl Hasher for MixHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }
    fn write_u64(&mut self, x: u64) {
        let h = (x ^ (x >> 31)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = h ^ (h >> 29);
    }
}

type Map<K, V> = HashMap<K, V, BuildHasherDefault<MixHasher>>;

/// Partitions of the bigram keys (a power of two), merged in parallel.
const PARTS_BITS: u32 = 6;
const PARTS: usize = 1 << PARTS_BITS;
/// Documents tokenized per round before their terms are merged (bounds the memory of
/// the per-document term lists).
const CHUNK: usize = 256;

/// A bigram key mixed by an odd multiplier (a bijection): its top bits pick the partition.
const MIX: u64 = 0x9e37_79b9_7f4a_7c15;

fn mix_inverse() -> u64 {
    // Newton's iteration for the inverse of an odd number modulo 2^64.
    let mut x = MIX;
    for _ in 0..6 {
        x = x.wrapping_mul(2u64.wrapping_sub(MIX.wrapping_mul(x)));
    }
    x
}

fn part_of(m: u64) -> usize {
    (m >> (64 - PARTS_BITS)) as usize
}

/// One document's term frequencies per field, packed ([`format::pack`]).
struct DocTerms {
    /// (mixed bigram key, packed frequencies), sorted by key, hence by partition.
    pairs: Vec<(u64, u32)>,
    /// Start of each partition in `pairs`, and the end.
    offsets: [u32; PARTS + 1],
    /// Other terms (Latin words, digit runs, citation terms, synonym groups), sorted,
    /// distinct.
    words: Vec<(String, u32)>,
    body_len: u32,
    laws: Vec<String>,
}

/// Emits every term of `chars` (a [`tokenize::normalize`]d text) as
/// [`tokenize::for_each_normalized_term`] does: a Han bigram as its key `(a << 21) | b`,
/// a run of letters or digits as a string.
fn scan(chars: &[char], mut pair: impl FnMut(u64), mut word: impl FnMut(&str)) {
    let mut prev_han: Option<char> = None;
    let mut run = String::new();
    let mut run_kind = Class::Other;
    for &c in chars {
        let k = class(c);
        if k != run_kind && !run.is_empty() {
            word(&run);
            run.clear();
        }
        run_kind = k;
        match k {
            Class::Han => {
                if let Some(p) = prev_han {
                    pair((u64::from(p as u32) << 21) | u64::from(c as u32));
                }
                prev_han = Some(c);
                continue;
            }
            Class::Letter | Class::Digit => run.push(c),
            Class::Other => {}
        }
        prev_han = None;
    }
    if !run.is_empty() {
        word(&run);
    }
}

/// The packed frequencies of every term of `d`.
fn doc_terms(d: &Document<'_>, synonyms: &Synonyms, sums: &mut Map<u64, u32>) -> DocTerms {
    // Each distinct bigram's packed frequencies (a text repeats most of its bigrams), so
    // that only the distinct ones are sorted.
    sums.clear();
    let mut words: Vec<(String, u32)> = Vec::new();
    // Terms met so far, to measure the body's length.
    let terms = std::cell::Cell::new(0u32);
    let mut chars: Vec<char> = Vec::new();
    let mut add = |text: &str, field: Field, words: &mut Vec<(String, u32)>| {
        chars.clear();
        chars.extend(tokenize::normalize(text).chars());
        scan(
            &chars,
            |k| {
                let e = sums.entry(k.wrapping_mul(MIX)).or_insert(0);
                *e = format::pack(*e, field);
                terms.set(terms.get() + 1);
            },
            |t| {
                words.push((t.to_string(), format::pack(0, field)));
                terms.set(terms.get() + 1);
            },
        );
        synonyms.for_each_hit(&chars, |g| {
            words.push((group_term(&synonyms.groups()[g]), format::pack(0, field)));
        });
    };
    add(&d.title, Field::Title, &mut words);
    for k in &d.keywords {
        add(k, Field::Title, &mut words);
    }
    for t in &d.tags {
        add(t, Field::Tags, &mut words);
    }
    for h in &d.headings {
        add(h, Field::Headings, &mut words);
    }
    for c in &d.citations {
        add(c, Field::Citations, &mut words);
    }
    let before = terms.get();
    add(&d.body, Field::Body, &mut words);
    let body_len = terms.get() - before;
    let mut laws = Vec::new();
    for c in &d.citations {
        for t in tokenize::citation_terms(c) {
            words.push((t, format::pack(0, Field::Citations)));
        }
        if let Some((name, _)) = tokenize::parse_citation(c) {
            if name.chars().count() >= 2 {
                laws.push(name);
            }
        }
    }
    let mut out: Vec<(u64, u32)> = sums.drain().collect();
    out.sort_unstable_by_key(|p| p.0);
    let mut offsets = [0u32; PARTS + 1];
    let mut i = 0;
    for (p, o) in offsets.iter_mut().enumerate() {
        while i < out.len() && part_of(out[i].0) < p {
            i += 1;
        }
        *o = i as u32;
    }
    offsets[PARTS] = out.len() as u32;
    words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut wout: Vec<(String, u32)> = Vec::with_capacity(words.len());
    for (t, w) in words {
        match wout.last_mut() {
            Some(last) if last.0 == t => last.1 = format::add(last.1, w),
            _ => wout.push((t, w)),
        }
    }
    DocTerms {
        pairs: out,
        offsets,
        words: wout,
        body_len,
        laws,
    }
}

/// Every term of `d` with its packed frequencies, sorted by term (for tests and tools
/// that compare two versions of a document).
pub fn document_terms(d: &Document<'_>, synonyms: &Synonyms) -> BTreeMap<String, u32> {
    let t = doc_terms(d, synonyms, &mut Map::default());
    let inv = mix_inverse();
    let mut out: BTreeMap<String, u32> = t.words.into_iter().collect();
    for (k, f) in t.pairs {
        out.insert(bigram_text(k.wrapping_mul(inv)), f);
    }
    out
}

/// The two characters of a bigram key.
fn bigram_text(k: u64) -> String {
    let a = char::from_u32((k >> 21) as u32).expect("a char");
    let b = char::from_u32((k & 0x1f_ffff) as u32).expect("a char");
    let mut text = String::with_capacity(8);
    text.push(a);
    text.push(b);
    text
}

#[derive(Default)]
struct Part<K> {
    ids: Map<K, u32>,
    keys: Vec<K>,
    lists: Vec<Vec<(u32, u32)>>,
}

impl<K: std::hash::Hash + Eq + Clone> Part<K> {
    fn add(&mut self, key: &K, doc: u32, f: u32) {
        let id = match self.ids.get(key) {
            Some(&id) => id,
            None => {
                let id = self.keys.len() as u32;
                self.ids.insert(key.clone(), id);
                self.keys.push(key.clone());
                self.lists.push(Vec::new());
                id
            }
        };
        self.lists[id as usize].push((doc, f));
    }
}

/// One term of the index, ready to be written.
struct Term<'a> {
    shard: u32,
    text: String,
    list: &'a [(u32, u32)],
}

/// What [`build`] made: the law names seen in citations (sorted), each document's body
/// length in terms, and each file of `t/` and of `d/`, in order (the version is folded
/// from them).
pub(crate) struct Built {
    pub laws: Vec<String>,
    pub lengths: Vec<u32>,
    pub shard_files: Vec<ShardFile>,
    pub doc_files: Vec<DocFile>,
}

/// Number of term shards for `docs` documents: about 1.6 per document (a power of two,
/// at most 2^14). It depends on the number of documents alone, so an edit never changes
/// it; adding documents does only when the count passes a power of two.
pub fn shard_count(docs: usize) -> usize {
    (docs * 8 / 5).max(1).next_power_of_two().min(1 << 14)
}

/// Which postings a term keeps when it has more than `MAX_POSTINGS_PER_TERM`: the
/// documents with the highest BM25F pseudo-frequency against a fixed body length (not the
/// corpus average, so that the choice depends only on the term's own documents).
const CUT_REFERENCE_LENGTH: f64 = 1000.0;

/// What one shard file is: its bytes' fingerprint (what the output records it as made
/// from), the hash the version folds in, its length, postings written and terms.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct ShardFile {
    pub made_from: u128,
    pub hash: u32,
    pub len: u32,
    pub postings: u32,
    pub terms: u32,
}

/// What one file of `idx/d/` is: its inputs' fingerprint, and its length.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct DocFile {
    pub made_from: u128,
    pub len: u32,
}

impl DocFile {
    /// The 32 bits of it the version folds in.
    pub fn folded(&self) -> u32 {
        let m = self.made_from;
        (m ^ (m >> 64) ^ (m >> 32)) as u32
    }
}

/// The shard file of `terms` (sorted by text, each with its full postings in document
/// order), written at `rel`: the one place a shard's bytes are made, for a full build and
/// for a patched shard alike. With the worst document each cut term kept, in order.
pub(crate) fn write_shard<'t, O: crate::Output + ?Sized>(
    out: &O,
    rel: &str,
    terms: impl Iterator<Item = (&'t str, &'t [(u32, u32)])>,
    lengths: &[u32],
) -> Result<(ShardFile, Vec<Option<Worst>>), SearchError> {
    let mut shard = format::Shard::new();
    let mut postings = 0;
    let mut worsts = Vec::new();
    for (text, list) in terms {
        let (kept, cut, worst) = keep_best(list, lengths);
        worsts.push(worst);
        postings += kept.len();
        let mut flat = Vec::with_capacity(kept.len() * 2);
        let mut prev = 0u32;
        for &(doc, f) in &kept {
            flat.push(doc - prev);
            flat.push(f);
            prev = doc;
        }
        let p = match cut {
            Some(n) => Postings::Cut { n, p: flat },
            None => Postings::All(flat),
        };
        shard.insert(text.to_string(), p);
    }
    let s = serde_json::to_string(&shard).expect("a shard serializes");
    let made_from = xxhash_rust::xxh3::xxh3_128(s.as_bytes());
    out.write_made(rel, s.as_bytes(), made_from)
        .map_err(|e| SearchError::Io(PathBuf::from(rel), e))?;
    Ok((
        ShardFile {
            made_from,
            hash: tokenize::hash(&s),
            len: s.len() as u32,
            postings: postings as u32,
            terms: shard.len() as u32,
        },
        worsts,
    ))
}

/// The file of `idx/d/` holding `chunk` (documents [`crate::DOCS_PER_SHARD`] to a file),
/// written at `rel` unless `out` already holds it.
pub(crate) fn write_docs<O: crate::Output + ?Sized>(
    out: &O,
    rel: &str,
    chunk: &[Document<'_>],
) -> Result<DocFile, SearchError> {
    // What the file is made from: its documents' fields, as written below. The
    // version folds this in, so a file that is kept counts the same as one made.
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(b"docs 2");
    for d in chunk {
        for field in [d.url.as_str(), &d.title, &d.category, excerpt(d)] {
            h.update(&(field.len() as u64).to_le_bytes());
            h.update(field.as_bytes());
        }
    }
    let made_from = h.digest128();
    if let Some(len) = out.reuse(rel, made_from) {
        return Ok(DocFile {
            made_from,
            len: len as u32,
        });
    }
    let entries: Vec<format::DocEntry> = chunk
        .iter()
        .map(|d| format::DocEntry {
            u: d.url.as_str().into(),
            t: d.title.as_str().into(),
            c: d.category.as_str().into(),
            b: excerpt(d).into(),
        })
        .collect();
    let s = serde_json::to_string(&entries).expect("documents serialize");
    out.write_made(rel, s.as_bytes(), made_from)
        .map_err(|e| SearchError::Io(PathBuf::from(rel), e))?;
    Ok(DocFile {
        made_from,
        len: s.len() as u32,
    })
}

/// The shard of a term.
pub(crate) fn shard_of(text: &str, shards: usize) -> u32 {
    (tokenize::hash(text) as usize % shards) as u32
}

/// The shard of a bigram key (mixed), without making its text.
fn bigram_shard(mixed: u64, inv: u64, shards: usize) -> u32 {
    let k = mixed.wrapping_mul(inv);
    let mut buf = [0u8; 8];
    let a = char::from_u32((k >> 21) as u32).expect("a char");
    let b = char::from_u32((k & 0x1f_ffff) as u32).expect("a char");
    let n = a.encode_utf8(&mut buf).len();
    let m = b.encode_utf8(&mut buf[n..]).len();
    let mut h: u32 = 0x811c_9dc5;
    for &x in &buf[..n + m] {
        h ^= u32::from(x);
        h = h.wrapping_mul(0x0100_0193);
    }
    (h as usize % shards) as u32
}

/// The shards holding the terms of `t`, sorted, distinct.
fn shards_of(t: &DocTerms, inv: u64, shards: usize) -> Vec<u32> {
    let mut out: Vec<u32> = t
        .pairs
        .iter()
        .map(|&(k, _)| bigram_shard(k, inv, shards))
        .chain(t.words.iter().map(|(w, _)| shard_of(w, shards)))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// One document's terms as texts, with their shards: what a patch of the index adds.
pub(crate) struct Tokenized {
    pub body_len: u32,
    pub laws: Vec<String>,
    /// (shard, term, packed frequencies), sorted.
    pub terms: Vec<(u32, String, u32)>,
}

pub(crate) fn tokenized(d: &Document<'_>, synonyms: &Synonyms, shards: usize) -> Tokenized {
    let t = doc_terms(d, synonyms, &mut Map::default());
    let inv = mix_inverse();
    let mut terms: Vec<(u32, String, u32)> = t
        .pairs
        .iter()
        .map(|&(k, f)| {
            let text = bigram_text(k.wrapping_mul(inv));
            (shard_of(&text, shards), text, f)
        })
        .chain(
            t.words
                .into_iter()
                .map(|(w, f)| (shard_of(&w, shards), w, f)),
        )
        .collect();
    terms.sort_unstable();
    Tokenized {
        body_len: t.body_len,
        laws: t.laws,
        terms,
    }
}

/// Writes `idx/t/*` and `idx/d/*` (documents [`crate::DOCS_PER_SHARD`] to a file), fills
/// `stats`; with `state`, gives it what a later build needs to patch the index.
pub(crate) fn build<D: crate::Documents + ?Sized, O: crate::Output + ?Sized>(
    docs: &D,
    synonyms: &Synonyms,
    out: &O,
    prefix: &str,
    stats: &mut SearchStats,
    mut state: Option<&mut crate::state::Writer>,
) -> Result<Built, SearchError> {
    let t0 = std::time::Instant::now();
    let lap = |w: &str| {
        if std::env::var_os("SEARCH_TIMINGS").is_some() {
            eprintln!("  search {w}: {:.3?}", t0.elapsed());
        }
    };
    let n = docs.len();
    let shards = shard_count(n);
    let inv = mix_inverse();
    let per = crate::DOCS_PER_SHARD;
    debug_assert_eq!(CHUNK % per, 0);
    let mut parts: Vec<Part<u64>> = (0..PARTS).map(|_| Part::default()).collect();
    let mut words: Part<String> = Part::default();
    let mut lengths: Vec<u32> = Vec::with_capacity(n);
    let mut laws = BTreeSet::new();
    let mut doc_files: Vec<DocFile> = Vec::with_capacity(n.div_ceil(per));
    for first in (0..n).step_by(CHUNK) {
        let end = (first + CHUNK).min(n);
        // Each file of `d/` with its documents' terms: a document is fetched once.
        let made: Vec<Result<(DocFile, Vec<DocTerms>), SearchError>> = (first..end)
            .step_by(per)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map_init(Map::default, |sums, f| {
                let chunk: Vec<Document<'_>> =
                    (f..(f + per).min(n)).map(|i| docs.document(i)).collect();
                let file = write_docs(out, &format!("{prefix}idx/d/{}.json", f / per), &chunk)?;
                let terms = chunk.iter().map(|d| doc_terms(d, synonyms, sums)).collect();
                Ok((file, terms))
            })
            .collect();
        let mut terms: Vec<DocTerms> = Vec::with_capacity(end - first);
        for r in made {
            let (file, t) = r?;
            doc_files.push(file);
            terms.extend(t);
        }
        for t in &terms {
            lengths.push(t.body_len);
            laws.extend(t.laws.iter().cloned());
        }
        let first = first as u32;
        rayon::join(
            || {
                rayon::join(
                    || {
                        parts.par_iter_mut().enumerate().for_each(|(p, part)| {
                            for (i, t) in terms.iter().enumerate() {
                                let r = t.offsets[p] as usize..t.offsets[p + 1] as usize;
                                for &(k, f) in &t.pairs[r] {
                                    part.add(&k, first + i as u32, f);
                                }
                            }
                        })
                    },
                    || {
                        for (i, t) in terms.iter().enumerate() {
                            for (w, f) in &t.words {
                                words.add(w, first + i as u32, *f);
                            }
                        }
                    },
                )
            },
            || {
                if let Some(state) = state.as_deref_mut() {
                    let lists: Vec<Vec<u32>> = terms
                        .par_iter()
                        .map(|t| shards_of(t, inv, shards))
                        .collect();
                    for (t, list) in terms.iter().zip(lists) {
                        state.add_document(t.body_len, t.laws.clone(), &list);
                    }
                }
            },
        );
    }

    lap("tokenize+merge");
    let all_lists = || {
        parts
            .iter()
            .flat_map(|p| p.lists.iter())
            .chain(words.lists.iter())
    };
    let term_count = all_lists().count();
    stats.terms = term_count;
    stats.shards = shards;

    let mut terms: Vec<Term> = Vec::with_capacity(term_count);
    for p in &parts {
        for (k, list) in p.keys.iter().zip(&p.lists) {
            terms.push(Term {
                shard: 0,
                text: bigram_text(k.wrapping_mul(inv)),
                list,
            });
        }
    }
    for (w, list) in words.keys.iter().zip(&words.lists) {
        terms.push(Term {
            shard: 0,
            text: w.clone(),
            list,
        });
    }
    terms.par_iter_mut().for_each(|t| {
        t.shard = shard_of(&t.text, shards);
    });
    terms.par_sort_unstable_by(|a, b| a.shard.cmp(&b.shard).then_with(|| a.text.cmp(&b.text)));
    lap("terms sorted");
    let mut bounds = vec![0usize; shards + 1];
    {
        let mut i = 0;
        for (s, b) in bounds.iter_mut().enumerate() {
            while i < terms.len() && (terms[i].shard as usize) < s {
                i += 1;
            }
            *b = i;
        }
        bounds[shards] = terms.len();
    }

    // Shards in rounds, so that the state's copy of their postings is never held whole.
    let mut shard_files: Vec<ShardFile> = Vec::with_capacity(shards);
    for round in (0..shards).step_by(1024) {
        let made: Vec<Result<(ShardFile, Vec<u8>), SearchError>> = (round
            ..(round + 1024).min(shards))
            .into_par_iter()
            .map(|i| {
                let these = &terms[bounds[i]..bounds[i + 1]];
                let (file, worsts) = write_shard(
                    out,
                    &format!("{prefix}idx/t/{i:x}.json"),
                    these.iter().map(|t| (t.text.as_str(), t.list)),
                    &lengths,
                )?;
                let block = if state.is_some() {
                    crate::state::encode_shard(
                        these
                            .iter()
                            .zip(worsts)
                            .map(|(t, w)| (t.text.as_str(), t.list, w)),
                    )
                } else {
                    Vec::new()
                };
                Ok((file, block))
            })
            .collect();
        for r in made {
            let (file, block) = r?;
            if let Some(state) = state.as_deref_mut() {
                state.add_shard(file, &block);
            }
            shard_files.push(file);
        }
    }
    drop(terms);
    drop(parts);
    drop(words);
    lap("shards written");
    Ok(Built {
        laws: laws.into_iter().collect(),
        lengths,
        shard_files,
        doc_files,
    })
}

/// The last of the documents a cut term keeps, by [`ranks_before`]: a document that
/// ranks after it, before and after an edit, leaves the kept ones as they are.
pub(crate) type Worst = (f64, u32);

/// A document's rank key in a cut term: its pseudo-frequency against
/// [`CUT_REFERENCE_LENGTH`], and its number.
pub(crate) fn rank_key(doc: u32, f: u32, len: u32) -> Worst {
    (
        format::weighted_frequency(f, f64::from(len), CUT_REFERENCE_LENGTH),
        doc,
    )
}

/// The order in which a cut term keeps documents: higher pseudo-frequency first, then
/// the earlier document.
pub(crate) fn ranks_before(a: Worst, b: Worst) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
}

/// A term's postings to write: all of them, or, beyond `MAX_POSTINGS_PER_TERM`, the best
/// (see [`CUT_REFERENCE_LENGTH`]) in document order, with the document frequency and the
/// worst document kept.
pub(crate) fn keep_best(
    list: &[(u32, u32)],
    lengths: &[u32],
) -> (Vec<(u32, u32)>, Option<u32>, Option<Worst>) {
    if list.len() <= crate::MAX_POSTINGS_PER_TERM {
        return (list.to_vec(), None, None);
    }
    let mut scored: Vec<(Worst, u32)> = list
        .iter()
        .map(|&(doc, f)| (rank_key(doc, f, lengths[doc as usize]), f))
        .collect();
    // The best by a total order: selected, not sorted, then put back in document order.
    let last = crate::MAX_POSTINGS_PER_TERM - 1;
    scored.select_nth_unstable_by(last, |a, b| ranks_before(a.0, b.0));
    let worst = scored[last].0;
    scored.truncate(crate::MAX_POSTINGS_PER_TERM);
    let mut kept: Vec<(u32, u32)> = scored.into_iter().map(|(k, f)| (k.1, f)).collect();
    kept.sort_unstable();
    (kept, Some(list.len() as u32), Some(worst))
}

/// The start of a document's text kept for excerpts.
fn excerpt<'d>(d: &'d Document<'_>) -> &'d str {
    match d.body.char_indices().nth(crate::EXCERPT_SOURCE_CHARS) {
        Some((i, _)) => &d.body[..i],
        None => &d.body[..],
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn scan_finds_the_terms_of_the_tokenizer() {
        for text in [
            "逾期利息怎么算？",
            "ＬＰＲ四倍，即15.4%；民法典第676条",
            "信用卡abc123白户　征信 x",
            "",
            "一",
            "𠀀字（扩展B）与\u{3400}",
            "逾期三个月，借一万到手八千，1.5万",
        ] {
            let mut got: Vec<String> = Vec::new();
            let got_cell = std::cell::RefCell::new(&mut got);
            let chars: Vec<char> = crate::tokenize::normalize(text).chars().collect();
            super::scan(
                &chars,
                |k| {
                    let a = char::from_u32((k >> 21) as u32).unwrap();
                    let b = char::from_u32((k & 0x1f_ffff) as u32).unwrap();
                    got_cell.borrow_mut().push(format!("{a}{b}"));
                },
                |w| got_cell.borrow_mut().push(w.to_string()),
            );
            assert_eq!(got, crate::tokenize::terms(text), "{text}");
        }
    }
}
