//! The index's files as types: what [`crate::build`] writes under `idx/` and
//! `theme/search/search.js` reads. This is the one definition of the format; the page's
//! reader follows it field by field (`createSearcher`, which takes the ranking's
//! parameters from [`Meta::rank`]), and the tests run `search.js` on indexes this crate
//! writes (`tests/ranking.rs`, the workspace's search quality table).
//!
//! Scores are not stored: a posting holds a document's term frequency in each field and
//! `meta.json` the corpus statistics (document count, body lengths, average), so the page
//! computes BM25F at query time and an edit changes only the shards of the terms whose
//! frequencies it changed, plus `meta.json`.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The format's number, in `meta.json`; bumped on any change a reader must know of.
pub const FORMAT: u32 = 3;

/// `idx/meta.json`: read once per page load.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub format: u32,
    /// Cache-busting tag of the whole index (`?v=` on every shard request).
    pub version: String,
    /// Number of term shards: a term lives in `t/<hash(term) % shards in hex>.json`.
    pub shards: u32,
    /// Documents per file of `d/`.
    pub dshard: u32,
    /// Number of documents (BM25's N).
    pub docs: u32,
    /// Law names seen in citations, so a query's `民法典第676条` gives `§民法典676`.
    pub laws: Vec<String>,
    /// Synonym groups, members normalized; a group's index term is `~` and its first
    /// member ([`crate::synonyms::group_term`]).
    pub syn: Vec<Vec<String>>,
    pub rank: Rank,
    /// Average body length in terms, over the quantized lengths of `len`.
    pub avg: f64,
    /// Body length of each document in terms, one byte a document ([`quantize`]), base64.
    pub len: String,
}

/// The ranking's parameters, so that the page has no copy of them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rank {
    pub k1: f64,
    /// Length normalization of the body (the other fields are short and not normalized).
    pub b: f64,
    /// Weight of each field, in [`Field`] order.
    pub w: Vec<f64>,
    /// Bits of each field in a packed posting, low bits first ([`BITS`]).
    pub bits: Vec<u32>,
    /// Fields from this one on (title and keywords, tags, citations) name the topic: a
    /// query slot found there counts toward the title bonus.
    pub titled_from: u32,
    /// [`quantize`]'s scale.
    pub scale: f64,
}

/// `idx/t/<hex>.json`: term → postings, terms in byte order.
pub type Shard = BTreeMap<String, Postings>;

/// One term's postings, `[doc delta, packed frequencies, …]` in document order (the first
/// delta from 0); see [`pack`]. A term in more than `MAX_POSTINGS_PER_TERM` documents
/// keeps its best ones and states its document frequency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Postings {
    All(Vec<u32>),
    Cut { n: u32, p: Vec<u32> },
}

/// One entry of `idx/d/<n>.json` (an array of [`crate::DOCS_PER_SHARD`] of them): what a
/// result shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocEntry<'a> {
    #[serde(borrow)]
    pub u: Cow<'a, str>,
    #[serde(borrow)]
    pub t: Cow<'a, str>,
    #[serde(borrow)]
    pub c: Cow<'a, str>,
    /// The article's opening text, for excerpts.
    #[serde(borrow)]
    pub b: Cow<'a, str>,
}

/// The fields of a document, in packing order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Body = 0,
    Headings = 1,
    /// The title and the front matter's `keywords`.
    Title = 2,
    Tags = 3,
    Citations = 4,
}

/// Bits of each field's frequency in a packed posting (body in the low bits); a
/// frequency saturates at its field's maximum (4095 in the body, 31 elsewhere).
pub const BITS: [u32; 5] = [12, 5, 5, 5, 5];
/// BM25F field weights: a term in the title counts as eight in the body.
pub const WEIGHTS: [f64; 5] = [1.0, 3.0, 8.0, 5.0, 5.0];
pub const K1: f64 = 1.2;
pub const B: f64 = 0.75;
/// [`quantize`]: a length is stored as `round(log2(1 + len) · SCALE)`, steps of 4.4%.
pub const LEN_SCALE: f64 = 16.0;

const fn shift(f: usize) -> u32 {
    let mut s = 0;
    let mut i = 0;
    while i < f {
        s += BITS[i];
        i += 1;
    }
    s
}

/// `packed` with one more occurrence in `field`, saturating.
pub fn pack(packed: u32, field: Field) -> u32 {
    add(packed, 1 << shift(field as usize))
}

/// The field-by-field sum of two packed postings, each field saturating.
pub fn add(a: u32, b: u32) -> u32 {
    let mut out = 0;
    for (f, &bits) in BITS.iter().enumerate() {
        let max = (1u32 << bits) - 1;
        let s = shift(f);
        let v = ((a >> s) & max) + ((b >> s) & max);
        out |= v.min(max) << s;
    }
    out
}

/// The per-field frequencies of a packed posting.
pub fn unpack(packed: u32) -> [u32; 5] {
    std::array::from_fn(|f| (packed >> shift(f)) & ((1u32 << BITS[f]) - 1))
}

/// A body length as one byte.
pub fn quantize(len: u32) -> u8 {
    ((f64::from(len) + 1.0).log2() * LEN_SCALE)
        .round()
        .min(255.0) as u8
}

/// The length a byte of [`quantize`] stands for (as the page decodes it).
pub fn dequantize(q: u8) -> f64 {
    (f64::from(q) / LEN_SCALE).exp2() - 1.0
}

/// The ranking parameters as `meta.json` states them.
pub fn rank() -> Rank {
    Rank {
        k1: K1,
        b: B,
        w: WEIGHTS.to_vec(),
        bits: BITS.to_vec(),
        titled_from: Field::Title as u32,
        scale: LEN_SCALE,
    }
}

/// A document's BM25F pseudo-frequency of one term against a body length of `avg` (the
/// sum the page saturates).
pub fn weighted_frequency(packed: u32, body_len: f64, avg: f64) -> f64 {
    let tf = unpack(packed);
    let mut s = WEIGHTS[0] * f64::from(tf[0]) / (1.0 - B + B * body_len / avg.max(1.0));
    for f in 1..tf.len() {
        s += WEIGHTS[f] * f64::from(tf[f]);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_saturates_per_field() {
        let mut p = 0;
        for _ in 0..40 {
            p = pack(p, Field::Title);
        }
        p = pack(p, Field::Body);
        assert_eq!(unpack(p), [1, 0, 31, 0, 0]);
        assert_eq!(unpack(add(p, p)), [2, 0, 31, 0, 0]);
        let body = (0..5000).fold(0, |p, _| pack(p, Field::Body));
        assert_eq!(unpack(body), [4095, 0, 0, 0, 0]);
        assert_eq!(
            unpack(pack(u32::MAX, Field::Citations)),
            [4095, 31, 31, 31, 31]
        );
    }

    #[test]
    fn lengths_round_trip_within_five_percent() {
        for len in [0u32, 1, 7, 100, 1733, 8000, 60_000] {
            let back = dequantize(quantize(len));
            assert!(
                (back - f64::from(len)).abs() <= 0.05 * f64::from(len) + 0.5,
                "{len} {back}"
            );
        }
    }

    #[test]
    fn postings_read_back() {
        let shard: Shard =
            serde_json::from_str(r#"{"ab":[0,1,3,131073],"cd":{"n":9,"p":[2,1]}}"#).unwrap();
        assert_eq!(shard["ab"], Postings::All(vec![0, 1, 3, 131_073]));
        assert_eq!(
            shard["cd"],
            Postings::Cut {
                n: 9,
                p: vec![2, 1]
            }
        );
        assert_eq!(unpack(131_073), [1, 0, 1, 0, 0]);
    }
}
