//! The index builder behind [`crate::build`]: tokenizes the documents in parallel, keeps
//! Han bigrams as `u64` keys (two code points) instead of strings, merges postings in
//! partitions owned by one thread each, and writes shards and documents in parallel. The
//! output is the same, byte for byte, as a plain sequential build with a `BTreeMap` of
//! terms: terms within a shard in byte order, postings in document order, the version
//! folded over the files in the same order.

use crate::tokenize::{self, class, is_han, normalize_char, Class};
use crate::{Document, SearchError, SearchStats};
use calc::html::{word_at, word_has};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
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

/// One document's weighted term frequencies.
struct DocTerms {
    /// (mixed bigram key, weighted frequency), sorted by key, hence by partition.
    pairs: Vec<(u64, u32)>,
    /// Start of each partition in `pairs`, and the end.
    offsets: [u32; PARTS + 1],
    /// Other terms (Latin words, digit runs, citation terms), sorted, distinct.
    words: Vec<(String, u32)>,
    body_len: u32,
    laws: Vec<String>,
}

/// Emits every term of `text` as [`tokenize::for_each_term`] does: a Han bigram as its
/// key `(a << 21) | b`, a run of letters or digits as a string.
fn scan(text: &str, mut pair: impl FnMut(u64), mut word: impl FnMut(&str)) {
    let mut prev_han: Option<char> = None;
    let mut run = String::new();
    let mut run_kind = Class::Other;
    for c in text.chars() {
        // Han characters, most of the text, are their own normal form.
        let c = if is_han(c) { c } else { normalize_char(c) };
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

fn doc_terms(d: &Document<'_>, sums: &mut Map<u64, u32>) -> DocTerms {
    // Each distinct bigram's summed weight (a text repeats most of its bigrams), so that
    // only the distinct ones are sorted.
    sums.clear();
    let mut words: Vec<(String, u32)> = Vec::new();
    // Terms met so far, to measure the body's length.
    let terms = std::cell::Cell::new(0u32);
    let mut add = |text: &str, w: u32, words: &mut Vec<(String, u32)>| {
        scan(
            text,
            |k| {
                *sums.entry(k.wrapping_mul(MIX)).or_insert(0) += w;
                terms.set(terms.get() + 1);
            },
            |t| {
                words.push((t.to_string(), w));
                terms.set(terms.get() + 1);
            },
        );
    };
    add(&d.title, crate::W_TITLE, &mut words);
    for t in &d.tags {
        add(t, crate::W_TAG, &mut words);
    }
    for h in &d.headings {
        add(h, crate::W_HEADING, &mut words);
    }
    for c in &d.citations {
        add(c, crate::W_CITATION, &mut words);
    }
    let before = terms.get();
    add(&d.body, crate::W_BODY, &mut words);
    let body_len = terms.get() - before;
    let mut laws = Vec::new();
    for c in &d.citations {
        for t in tokenize::citation_terms(c) {
            words.push((t, crate::W_CITATION));
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
            Some(last) if last.0 == t => last.1 += w,
            _ => wout.push((t, w)),
        }
    }
    DocTerms {
        pairs: out,
        offsets,
        words: wout,
        body_len: body_len.max(1),
        laws,
    }
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

/// Writes `idx/t/*` and `idx/d/*` (documents [`crate::DOCS_PER_SHARD`] to a file), fills `stats`; returns the version hash and the law
/// names seen in citations, sorted.
pub(crate) fn build<O: crate::Output + ?Sized>(
    docs: &[Document<'_>],
    out: &O,
    prefix: &str,
    stats: &mut SearchStats,
) -> Result<(u32, Vec<String>), SearchError> {
    let t0 = std::time::Instant::now();
    let lap = |w: &str| {
        if std::env::var_os("SEARCH_TIMINGS").is_some() {
            eprintln!("  search {w}: {:.3?}", t0.elapsed());
        }
    };
    let mut parts: Vec<Part<u64>> = (0..PARTS).map(|_| Part::default()).collect();
    let mut words: Part<String> = Part::default();
    let mut lengths: Vec<u32> = Vec::with_capacity(docs.len());
    let mut laws = BTreeSet::new();
    for (c, chunk) in docs.chunks(CHUNK).enumerate() {
        let first = (c * CHUNK) as u32;
        let terms: Vec<DocTerms> = chunk
            .par_iter()
            .map_init(Map::default, |sums, d| doc_terms(d, sums))
            .collect();
        for t in &terms {
            lengths.push(t.body_len);
            laws.extend(t.laws.iter().cloned());
        }
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
        );
    }

    lap("tokenize+merge");
    let n = docs.len() as f64;
    let avgdl = lengths.iter().map(|&l| f64::from(l)).sum::<f64>() / n.max(1.0);
    let all_lists = || {
        parts
            .iter()
            .flat_map(|p| p.lists.iter())
            .chain(words.lists.iter())
    };
    let term_count = all_lists().count();
    let total_postings: usize = all_lists().map(Vec::len).sum();
    let kept: usize = all_lists()
        .map(|l| l.len().min(crate::MAX_POSTINGS_PER_TERM))
        .sum();
    let estimate = kept * 8 + term_count * 12;
    let shards = (estimate / crate::SHARD_TARGET_BYTES)
        .max(1)
        .next_power_of_two()
        .min(1 << 14);
    stats.terms = term_count;
    stats.shards = shards;

    let inv = mix_inverse();
    let mut terms: Vec<Term> = Vec::with_capacity(term_count);
    for p in &parts {
        for (k, list) in p.keys.iter().zip(&p.lists) {
            let k = k.wrapping_mul(inv);
            let a = char::from_u32((k >> 21) as u32).expect("a char");
            let b = char::from_u32((k & 0x1f_ffff) as u32).expect("a char");
            let mut text = String::with_capacity(8);
            text.push(a);
            text.push(b);
            terms.push(Term {
                shard: 0,
                text,
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
        t.shard = (tokenize::hash(&t.text) as usize % shards) as u32;
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

    // (bytes, hash, postings) per shard.
    let shard_out: Vec<Result<(u64, u32, usize), SearchError>> = (0..shards)
        .into_par_iter()
        .map_init(Vec::new, |scored: &mut Vec<(u32, u32)>, i| {
            let mut s = String::new();
            let mut postings = 0;
            let mut ib = itoa::Buffer::new();
            for t in &terms[bounds[i]..bounds[i + 1]] {
                let list = t.list;
                let df = list.len() as f64;
                let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                s.push(if s.is_empty() { '{' } else { ',' });
                push_json_str(&mut s, &t.text);
                s.push_str(":[");
                scored.clear();
                scored.extend(list.iter().map(|&(doc, f)| {
                    let f = f64::from(f);
                    let dl = f64::from(lengths[doc as usize]);
                    let score = idf * f * (crate::K1 + 1.0)
                        / (f + crate::K1 * (1.0 - crate::B + crate::B * dl / avgdl));
                    (doc, ((score * 100.0).round() as u32).max(1))
                }));
                if scored.len() > crate::MAX_POSTINGS_PER_TERM {
                    scored.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                    scored.truncate(crate::MAX_POSTINGS_PER_TERM);
                    scored.sort_unstable();
                }
                postings += scored.len();
                let mut prev = 0u32;
                for (j, &(doc, q)) in scored.iter().enumerate() {
                    if j > 0 {
                        s.push(',');
                    }
                    s.push_str(ib.format(doc - prev));
                    s.push(',');
                    s.push_str(ib.format(q));
                    prev = doc;
                }
                s.push(']');
            }
            if s.is_empty() {
                s.push('{');
            }
            s.push('}');
            let h = tokenize::hash(&s);
            crate::write(out, &format!("{prefix}idx/t/{i:x}.json"), s.as_bytes())?;
            Ok((s.len() as u64, h, postings))
        })
        .collect();
    drop(terms);
    drop(parts);
    drop(words);

    let mut version = tokenize::hash(&format!("{shards}/{total_postings}"));
    for r in shard_out {
        let (len, h, postings) = r?;
        version = version.wrapping_mul(31) ^ h;
        stats.index_bytes += len;
        stats.largest_shard_bytes = stats.largest_shard_bytes.max(len);
        stats.postings += postings;
    }

    lap("shards written");
    let per = crate::DOCS_PER_SHARD;
    let doc_out: Vec<Result<(u64, u32), SearchError>> = docs
        .par_chunks(per)
        .enumerate()
        .map(|(shard, chunk)| {
            let rel = format!("{prefix}idx/d/{shard}.json");
            // What the file is made from: its documents' fields, as written below. The
            // version folds this in, so a file that is kept counts the same as one made.
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            h.update(b"docs 1");
            for d in chunk {
                for field in [d.url.as_str(), &d.title, &d.category, excerpt(d)] {
                    h.update(&(field.len() as u64).to_le_bytes());
                    h.update(field.as_bytes());
                }
            }
            let made_from = h.digest128();
            let folded = (made_from ^ (made_from >> 64) ^ (made_from >> 32)) as u32;
            if let Some(len) = out.reuse(&rel, made_from) {
                return Ok((len, folded));
            }
            let mut s = String::with_capacity(chunk.len() * crate::EXCERPT_SOURCE_CHARS * 3);
            s.push('[');
            for (k, d) in chunk.iter().enumerate() {
                if k > 0 {
                    s.push(',');
                }
                // The order of `serde_json::json!` with its `preserve_order` feature, which
                // the workspace enables.
                s.push_str("{\"u\":");
                push_json_str(&mut s, &d.url);
                s.push_str(",\"t\":");
                push_json_str(&mut s, &d.title);
                s.push_str(",\"c\":");
                push_json_str(&mut s, &d.category);
                s.push_str(",\"b\":");
                push_json_str(&mut s, excerpt(d));
                s.push('}');
            }
            s.push(']');
            out.write_made(&rel, s.as_bytes(), made_from)
                .map_err(|e| SearchError::Io(PathBuf::from(&rel), e))?;
            Ok((s.len() as u64, folded))
        })
        .collect();
    for r in doc_out {
        let (len, h) = r?;
        version = version.wrapping_mul(31) ^ h;
        stats.document_bytes += len;
    }
    lap("docs written");
    Ok((version, laws.into_iter().collect()))
}

/// The start of a document's text kept for excerpts.
fn excerpt<'d>(d: &'d Document<'_>) -> &'d str {
    match d.body.char_indices().nth(crate::EXCERPT_SOURCE_CHARS) {
        Some((i, _)) => &d.body[..i],
        None => &d.body[..],
    }
}

/// A JSON string as `serde_json` writes it: `"` and `\\` escaped, control characters as
/// `\n`-style or `\u00xx` escapes, everything else as is. Runs of plain text are copied
/// whole: this writes every article's text.
fn push_json_str(s: &mut String, text: &str) {
    s.push('"');
    let bytes = text.as_bytes();
    let mut plain = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time while none of them needs escaping (most of the text).
        if word_at(bytes, i).is_some_and(|w| !word_has(w, 0x20, b"\"\\")) {
            i += 8;
            continue;
        }
        let b = bytes[i];
        let short = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => {
                i += 1;
                continue;
            }
        };
        // `i` is at an ASCII byte, so both slices end on character boundaries.
        s.push_str(&text[plain..i]);
        plain = i + 1;
        i += 1;
        if short.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            s.push_str("\\u00");
            s.push(HEX[usize::from(b >> 4)] as char);
            s.push(HEX[usize::from(b & 15)] as char);
        } else {
            s.push_str(short);
        }
    }
    s.push_str(&text[plain..]);
    s.push('"');
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
        ] {
            let mut got: Vec<String> = Vec::new();
            let got_cell = std::cell::RefCell::new(&mut got);
            super::scan(
                text,
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

    #[test]
    fn json_strings_as_serde_json_writes_them() {
        for text in [
            "",
            "逾期利息",
            "a\"b\\c/d",
            "行一\n行二\r\t\u{8}\u{c}\u{1}\u{1f}\u{7f}",
            "\u{2028}末尾\"",
        ] {
            let mut ours = String::new();
            super::push_json_str(&mut ours, text);
            assert_eq!(ours, serde_json::to_string(text).unwrap(), "{text:?}");
        }
        // Every escaped byte at every offset of an eight-byte word, among ASCII and
        // three-byte characters, against serde_json.
        let special: Vec<char> = (0u8..0x20)
            .map(char::from)
            .chain(['"', '\\', '\u{7f}'])
            .collect();
        for pad in 0..17 {
            for &c in &special {
                for filler in ["a", "逾"] {
                    let text = format!("{}{c}{}", filler.repeat(pad), filler.repeat(17 - pad));
                    let mut ours = String::new();
                    super::push_json_str(&mut ours, &text);
                    assert_eq!(ours, serde_json::to_string(&text).unwrap(), "{text:?}");
                }
            }
        }
    }
}
