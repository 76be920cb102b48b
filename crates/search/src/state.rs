//! What the index keeps between builds, so that a build where a few documents changed
//! tokenizes only those and rewrites only the files they affect ([`crate::build_incremental`]),
//! with the same bytes as a full build of the same documents.
//!
//! One file (the caller names it: gen keeps it beside its output, `.dist.search`):
//!
//! - [`MAGIC`], then the root: where the header is, its length and checksum, and the
//!   root's own checksum;
//! - blocks, each found through the header with its own checksum: per shard, every term
//!   with its full postings (a term cut to its best documents in the page keeps all of
//!   them here: the choice of the best depends on them); per document, the shards holding
//!   its terms (what an edit of it must take its old postings out of);
//! - the header: the caller's code id, the synonym table's fingerprint, per document its
//!   key ([`crate::Documents::key`]), body length, law names and `d/` file, per shard its
//!   file and block.
//!
//! A build reads the header and only the blocks it needs (the shards the changed
//! documents touch, and those the output folder does not already hold), appends the new
//! blocks and a new header, and last rewrites the root in place: a build stopped before
//! that leaves the old root, which still describes the old documents. When the file
//! holds more than twice what is live it is written anew (beside it, then renamed over
//! it). Anything that does not check (magic, checksums, code id, an unknown format) makes
//! the build a full one, which writes a new file: never a wrong index.

use crate::index::{self, DocFile, ShardFile};
use crate::{Document, Documents, SearchError, Synonyms};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The file's first bytes. It begins as the generator's other cache files do
/// (`gen build cache `), so gen recognizes it as its own.
pub const MAGIC: &[u8] = b"gen build cache of search index 1\n";
/// Bumped with any change of what the state holds or of how the index is made from it.
const STATE_FORMAT: u32 = 1;
/// The state is written anew when it holds more than twice what is live plus this many
/// bytes (`SEARCH_STATE_SLACK` overrides it, for tests).
const COMPACT_SLACK: u64 = 64 << 20;
/// Root: header offset, header length, header checksum, root checksum.
const ROOT: usize = 32;
/// At most this many changed documents (plus one in eight) are patched; more make a
/// full build, which costs about the same.
const PATCH_MAX: usize = 16;

/// Where a block is in the file, and its checksum.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Block {
    off: u64,
    len: u32,
    sum: u64,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct DocState {
    key: u128,
    body_len: u32,
    laws: Vec<String>,
    /// The shards holding its terms.
    shards: Block,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct ShardState {
    file: ShardFile,
    block: Block,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Header {
    format: u32,
    index_format: u32,
    code: u128,
    synonyms: u128,
    shards: u32,
    docs: Vec<DocState>,
    /// The files of `d/`, in order.
    doc_files: Vec<DocFile>,
    shard_files: Vec<ShardState>,
}

/// The state file of a build: its path, and the id of the caller's code (a state written
/// by other code is not used).
#[derive(Clone, Copy, Debug)]
pub struct StateFile<'a> {
    pub path: &'a Path,
    pub code: u128,
}

/// Why a state cannot be used: the build is then a full one.
#[derive(Debug)]
pub(crate) enum Unusable {
    /// Damaged, foreign or written for other inputs (code, synonyms, document count).
    Stale,
    /// Too many documents changed to patch.
    TooMany,
    /// Writing the output failed (not a state problem: the build fails).
    Output(SearchError),
}

fn put(buf: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        buf.push(v as u8 | 0x80);
        v >>= 7;
    }
    buf.push(v as u8);
}

struct Reader<'b> {
    b: &'b [u8],
    i: usize,
}

impl Reader<'_> {
    fn get(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let x = *self.b.get(self.i)?;
            self.i += 1;
            v |= u64::from(x & 0x7f) << shift;
            if x < 0x80 {
                return Some(v);
            }
        }
        None
    }
    fn get32(&mut self) -> Option<u32> {
        u32::try_from(self.get()?).ok()
    }
    fn bytes(&mut self, n: usize) -> Option<&[u8]> {
        let s = self.b.get(self.i..self.i.checked_add(n)?)?;
        self.i += n;
        Some(s)
    }
}

/// One shard's terms (sorted by text), full postings and, for a cut term, the worst
/// document it keeps, as a block.
pub(crate) fn encode_shard<'t>(
    terms: impl Iterator<Item = (&'t str, &'t [(u32, u32)], Option<index::Worst>)>,
) -> Vec<u8> {
    let mut buf = Vec::new();
    let terms: Vec<_> = terms.collect();
    put(&mut buf, terms.len() as u64);
    for (text, list, worst) in terms {
        put(&mut buf, text.len() as u64);
        buf.extend_from_slice(text.as_bytes());
        put(&mut buf, list.len() as u64);
        let mut prev = 0;
        for &(doc, f) in list {
            put(&mut buf, u64::from(doc - prev));
            put(&mut buf, u64::from(f));
            prev = doc;
        }
        if list.len() > crate::MAX_POSTINGS_PER_TERM {
            let (score, doc) = worst.expect("a cut term has its worst kept document");
            buf.extend_from_slice(&score.to_bits().to_le_bytes());
            put(&mut buf, u64::from(doc));
        }
    }
    buf
}

fn encode_terms(terms: &[ShardTerm]) -> Vec<u8> {
    encode_shard(
        terms
            .iter()
            .map(|t| (t.text.as_str(), t.list.as_slice(), t.worst)),
    )
}

/// A term of a shard's block.
struct ShardTerm {
    text: String,
    list: Vec<(u32, u32)>,
    /// For a cut term, the worst document it keeps.
    worst: Option<index::Worst>,
}

fn decode_shard(b: &[u8]) -> Option<Vec<ShardTerm>> {
    let mut r = Reader { b, i: 0 };
    let n = r.get()? as usize;
    let mut out = Vec::with_capacity(n.min(b.len()));
    for _ in 0..n {
        let len = r.get()? as usize;
        let text = std::str::from_utf8(r.bytes(len)?).ok()?.to_string();
        let count = r.get()? as usize;
        let mut list = Vec::with_capacity(count.min(b.len()));
        let mut doc = 0u32;
        for _ in 0..count {
            doc = doc.checked_add(r.get32()?)?;
            list.push((doc, r.get32()?));
        }
        let worst = if count > crate::MAX_POSTINGS_PER_TERM {
            let bits = u64::from_le_bytes(r.bytes(8)?.try_into().ok()?);
            Some((f64::from_bits(bits), r.get32()?))
        } else {
            None
        };
        out.push(ShardTerm { text, list, worst });
    }
    (r.i == b.len()).then_some(out)
}

fn encode_list(list: &[u32]) -> Vec<u8> {
    let mut buf = Vec::with_capacity(list.len() + 2);
    put(&mut buf, list.len() as u64);
    let mut prev = 0;
    for &s in list {
        put(&mut buf, u64::from(s - prev));
        prev = s;
    }
    buf
}

fn decode_list(b: &[u8]) -> Option<Vec<u32>> {
    let mut r = Reader { b, i: 0 };
    let n = r.get()? as usize;
    let mut out = Vec::with_capacity(n.min(b.len()));
    let mut s = 0u32;
    for _ in 0..n {
        s = s.checked_add(r.get32()?)?;
        out.push(s);
    }
    (r.i == b.len()).then_some(out)
}

fn sum(b: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(b)
}

/// The synonym table's fingerprint.
pub(crate) fn synonyms_key(synonyms: &Synonyms) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for g in synonyms.groups() {
        h.update(g.join(" ").as_bytes());
        h.update(b"\n");
    }
    h.digest128()
}

/// Whether `path` may be replaced: nothing there, or a regular file (never a link) that
/// begins as the generator's cache files do.
fn ours_or_free(path: &Path) -> bool {
    match std::fs::symlink_metadata(path) {
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
        Ok(m) if !m.is_file() => false,
        Ok(_) => File::open(path).is_ok_and(|f| {
            let mut head = Vec::with_capacity(16);
            f.take(16).read_to_end(&mut head).is_ok() && head[..] == MAGIC[..head.len()]
        }),
    }
}

fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push("-new");
    path.with_file_name(name)
}

/// A state being written: blocks appended to a file, then the header and the root.
pub(crate) struct Writer {
    out: BufWriter<File>,
    pos: u64,
    header: Header,
    /// The file the blocks go to, and where it is renamed to (`None`: appended in place).
    rename: Option<(PathBuf, PathBuf)>,
}

impl Writer {
    /// A new state file, written beside `state.path` and renamed over it by
    /// [`Writer::finish`]. `None` when that path is not the caller's to write.
    pub fn create(state: &StateFile<'_>) -> Option<Writer> {
        let tmp = temp_path(state.path);
        if !ours_or_free(state.path) || !ours_or_free(&tmp) {
            return None;
        }
        let _ = std::fs::remove_file(&tmp);
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .ok()?;
        let mut out = BufWriter::with_capacity(1 << 20, file);
        out.write_all(MAGIC).ok()?;
        out.write_all(&[0; ROOT]).ok()?;
        Some(Writer {
            out,
            pos: (MAGIC.len() + ROOT) as u64,
            header: Header {
                code: state.code,
                ..Header::default()
            },
            rename: Some((tmp, state.path.to_path_buf())),
        })
    }

    fn append(&mut self, b: &[u8]) -> Block {
        // An error shows at `finish`, when the buffer is flushed.
        let _ = self.out.write_all(b);
        let block = Block {
            off: self.pos,
            len: b.len() as u32,
            sum: sum(b),
        };
        self.pos += b.len() as u64;
        block
    }

    /// The next document (in order): its body length, law names, and shards.
    pub fn add_document(&mut self, body_len: u32, laws: Vec<String>, shards: &[u32]) {
        let shards = self.append(&encode_list(shards));
        self.header.docs.push(DocState {
            key: 0,
            body_len,
            laws,
            shards,
        });
    }

    /// The next shard (in order): its file, and its block ([`encode_shard`]).
    pub fn add_shard(&mut self, file: ShardFile, block: &[u8]) {
        let block = self.append(block);
        self.header.shard_files.push(ShardState { file, block });
    }

    /// Writes the header and the root, and puts the file in place.
    pub fn finish(
        mut self,
        keys: Option<Vec<u128>>,
        doc_files: Vec<DocFile>,
        synonyms: u128,
    ) -> std::io::Result<()> {
        let h = &mut self.header;
        if let Some(keys) = keys {
            for (d, k) in h.docs.iter_mut().zip(keys) {
                d.key = k;
            }
        }
        h.doc_files = doc_files;
        h.synonyms = synonyms;
        h.format = STATE_FORMAT;
        h.index_format = crate::format::FORMAT;
        h.shards = h.shard_files.len() as u32;
        let body = postcard::to_allocvec(&self.header).map_err(std::io::Error::other)?;
        let off = self.pos;
        self.out.write_all(&body)?;
        let mut root = [0u8; ROOT];
        root[..8].copy_from_slice(&off.to_le_bytes());
        root[8..16].copy_from_slice(&(body.len() as u64).to_le_bytes());
        root[16..24].copy_from_slice(&sum(&body).to_le_bytes());
        let s = sum(&root[..24]);
        root[24..].copy_from_slice(&s.to_le_bytes());
        self.out.seek(SeekFrom::Start(MAGIC.len() as u64))?;
        self.out.write_all(&root)?;
        self.out.flush()?;
        if let Some((tmp, path)) = self.rename {
            if !ours_or_free(&path) {
                let _ = std::fs::remove_file(&tmp);
                return Err(std::io::Error::other("the state's path is not ours"));
            }
            std::fs::rename(tmp, path)?;
        }
        Ok(())
    }
}

/// A state file read: its header, and the file to read blocks from.
pub(crate) struct Loaded {
    file: File,
    len: u64,
    header: Header,
    path: PathBuf,
}

impl Loaded {
    /// The state at `state.path`, when it is one this code wrote for `synonyms`.
    pub fn open(state: &StateFile<'_>, synonyms: u128) -> Option<Loaded> {
        let meta = std::fs::symlink_metadata(state.path).ok()?;
        if !meta.is_file() {
            return None;
        }
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(state.path)
            .ok()?;
        let len = file.metadata().ok()?.len();
        let mut head = vec![0u8; MAGIC.len() + ROOT];
        file.read_exact(&mut head).ok()?;
        if &head[..MAGIC.len()] != MAGIC {
            return None;
        }
        let root = &head[MAGIC.len()..];
        let word = |i: usize| u64::from_le_bytes(root[i * 8..i * 8 + 8].try_into().unwrap());
        if sum(&root[..24]) != word(3) {
            return None;
        }
        let (off, hlen) = (word(0), word(1));
        if off.checked_add(hlen)? > len {
            return None;
        }
        let mut body = vec![0u8; usize::try_from(hlen).ok()?];
        file.seek(SeekFrom::Start(off)).ok()?;
        file.read_exact(&mut body).ok()?;
        if sum(&body) != word(2) {
            return None;
        }
        let header: Header = postcard::from_bytes(&body).ok()?;
        let fits = header.format == STATE_FORMAT
            && header.index_format == crate::format::FORMAT
            && header.code == state.code
            && header.synonyms == synonyms
            && header.shard_files.len() == header.shards as usize
            && header.doc_files.len() == header.docs.len().div_ceil(crate::DOCS_PER_SHARD);
        fits.then(|| Loaded {
            file,
            len,
            header,
            path: state.path.to_path_buf(),
        })
    }

    fn read(&mut self, b: Block) -> Option<Vec<u8>> {
        if b.off.checked_add(u64::from(b.len))? > self.len {
            return None;
        }
        let mut buf = vec![0u8; b.len as usize];
        self.file.seek(SeekFrom::Start(b.off)).ok()?;
        self.file.read_exact(&mut buf).ok()?;
        (sum(&buf) == b.sum).then_some(buf)
    }
}

/// Bytes a header refers to.
fn live(h: &Header) -> u64 {
    h.docs
        .iter()
        .map(|d| u64::from(d.shards.len))
        .chain(h.shard_files.iter().map(|s| u64::from(s.block.len)))
        .sum::<u64>()
        + (h.docs.len() as u64) * 64
}

/// What a patched build made, as a full build's [`index::Built`] with the number of
/// documents patched.
pub(crate) struct Patched {
    pub built: index::Built,
    pub changed: usize,
}

/// A shard read again: its number, its file, and its new block when its postings changed.
type Remade = (usize, ShardFile, Option<Vec<u8>>);

/// Patches the index of the documents `state` describes into that of `docs`: tokenizes
/// the changed documents only, rewrites the shards and `d/` files they affect and those
/// `out` does not already hold, and brings the state file up to date.
pub(crate) fn patch<D: Documents + ?Sized, O: crate::Output + ?Sized>(
    mut state: Loaded,
    docs: &D,
    synonyms: &Synonyms,
    out: &O,
    prefix: &str,
) -> Result<Patched, Unusable> {
    let t0 = std::time::Instant::now();
    let lap = |w: &str| {
        if std::env::var_os("SEARCH_TIMINGS").is_some() {
            eprintln!("  search patch {w}: {:.3?}", t0.elapsed());
        }
    };
    let n = docs.len();
    let shards = index::shard_count(n);
    if state.header.docs.len() != n || state.header.shards as usize != shards {
        return Err(Unusable::Stale);
    }
    let keys: Vec<u128> = (0..n).into_par_iter().map(|i| docs.key(i)).collect();
    let changed: Vec<usize> = (0..n)
        .filter(|&i| keys[i] != state.header.docs[i].key)
        .collect();
    if changed.len() > PATCH_MAX + n / 8 {
        return Err(Unusable::TooMany);
    }
    let mut is_changed = vec![false; n];
    for &i in &changed {
        is_changed[i] = true;
    }

    // The changed documents, tokenized; their old shards.
    let fresh: Vec<(usize, Document<'_>, index::Tokenized)> = changed
        .par_iter()
        .map(|&i| {
            let d = docs.document(i);
            let t = index::tokenized(&d, synonyms, shards);
            (i, d, t)
        })
        .collect();
    let mut affected = BTreeSet::new();
    for &i in &changed {
        let b = state.header.docs[i].shards;
        let list = state
            .read(b)
            .and_then(|b| decode_list(&b))
            .ok_or(Unusable::Stale)?;
        if list.iter().any(|&s| s as usize >= shards) {
            return Err(Unusable::Stale);
        }
        affected.extend(list);
    }
    let mut new_lists = Vec::with_capacity(fresh.len());
    for (_, _, t) in &fresh {
        let mut list: Vec<u32> = t.terms.iter().map(|x| x.0).collect();
        list.dedup();
        affected.extend(list.iter().copied());
        new_lists.push(list);
    }
    let mut lengths: Vec<u32> = state.header.docs.iter().map(|d| d.body_len).collect();
    for (i, _, t) in &fresh {
        lengths[*i] = t.body_len;
    }

    lap("keys, changed documents tokenized");
    // Which shards must be read: those the changed documents touch, and those `out`
    // does not hold.
    let needed: Vec<(usize, bool)> = (0..shards)
        .into_par_iter()
        .filter_map(|s| {
            if affected.contains(&(s as u32)) {
                return Some((s, true));
            }
            let rel = format!("{prefix}idx/t/{s:x}.json");
            match out.reuse(&rel, state.header.shard_files[s].file.made_from) {
                Some(_) => None,
                None => Some((s, false)),
            }
        })
        .collect();
    let mut blocks = Vec::with_capacity(needed.len());
    let mut order: Vec<usize> = (0..needed.len()).collect();
    order.sort_by_key(|&k| state.header.shard_files[needed[k].0].block.off);
    let mut read: Vec<Option<Vec<u8>>> = vec![None; needed.len()];
    for k in order {
        let b = state.header.shard_files[needed[k].0].block;
        read[k] = Some(state.read(b).ok_or(Unusable::Stale)?);
    }
    for ((s, touched), b) in needed.into_iter().zip(read) {
        blocks.push((s, touched, b.expect("every block read")));
    }

    lap(&format!("{} shard blocks read", blocks.len()));
    // The changed documents' terms, by shard.
    let mut adds: Vec<(u32, &str, u32, u32)> = fresh
        .iter()
        .flat_map(|(i, _, t)| {
            t.terms
                .iter()
                .map(move |(s, text, f)| (*s, text.as_str(), *i as u32, *f))
        })
        .collect();
    adds.sort_unstable();

    // Each shard read: patched when touched; written when it changed or `out` lacks it.
    let old_lengths: Vec<u32> = changed
        .iter()
        .map(|&i| state.header.docs[i].body_len)
        .collect();
    let old_length = |d: u32| match changed.binary_search(&(d as usize)) {
        Ok(k) => old_lengths[k],
        Err(_) => lengths[d as usize],
    };
    let made: Vec<Result<Remade, Unusable>> = blocks
        .into_par_iter()
        .map(|(s, touched, block)| {
            let rel = format!("{prefix}idx/t/{s:x}.json");
            let old = state.header.shard_files[s].file;
            let mut terms = decode_shard(&block).ok_or(Unusable::Stale)?;
            // Whether the block's postings changed, and whether the file's bytes did.
            let (mut postings_differ, mut file_differs) = (false, false);
            if touched {
                let from = adds.partition_point(|a| (a.0 as usize) < s);
                let to = adds.partition_point(|a| (a.0 as usize) <= s);
                let mut mine = adds[from..to].iter().peekable();
                let mut patched: Vec<ShardTerm> = Vec::with_capacity(terms.len() + 4);
                let mut old_terms = terms.into_iter().peekable();
                // A merge of the old terms and the changed documents' terms, by text.
                loop {
                    let take_old = match (old_terms.peek(), mine.peek()) {
                        (None, None) => break,
                        (Some(_), None) => true,
                        (None, Some(_)) => false,
                        (Some(o), Some(m)) => o.text.as_str() <= m.1,
                    };
                    let (mut term, was) = if take_old {
                        let t = old_terms.next().expect("peeked");
                        let was = t.list.len();
                        (t, was)
                    } else {
                        let m = mine.peek().expect("peeked");
                        (
                            ShardTerm {
                                text: m.1.to_string(),
                                list: Vec::new(),
                                worst: None,
                            },
                            0,
                        )
                    };
                    let mut removed: Vec<(u32, u32)> = Vec::new();
                    term.list.retain(|&(d, f)| {
                        let gone = is_changed[d as usize];
                        if gone {
                            removed.push((d, f));
                        }
                        !gone
                    });
                    let mut added: Vec<(u32, u32)> = Vec::new();
                    while let Some(m) = mine.peek() {
                        if m.1 != term.text {
                            break;
                        }
                        added.push((m.2, m.3));
                        mine.next();
                    }
                    for &(d, f) in &added {
                        let p = term.list.partition_point(|x| x.0 < d);
                        term.list.insert(p, (d, f));
                    }
                    let same_postings = removed == added;
                    postings_differ |= !same_postings;
                    let max = crate::MAX_POSTINGS_PER_TERM;
                    let now = term.list.len();
                    let same_file = if was <= max && now <= max {
                        same_postings
                    } else if let (true, true, Some(worst)) = (was > max, now == was, term.worst) {
                        // Still cut, the same number of documents, and no changed document
                        // among the kept ones, before or after.
                        let kept_before = removed.iter().any(|&(d, f)| {
                            index::ranks_before(index::rank_key(d, f, old_length(d)), worst)
                                != std::cmp::Ordering::Greater
                        });
                        let kept_after = added.iter().any(|&(d, f)| {
                            index::ranks_before(index::rank_key(d, f, lengths[d as usize]), worst)
                                != std::cmp::Ordering::Greater
                        });
                        let same_documents = removed.len() == added.len()
                            && removed.iter().zip(&added).all(|(r, a)| r.0 == a.0);
                        same_documents && !kept_before && !kept_after
                    } else {
                        false
                    };
                    file_differs |= !same_file;
                    if !term.list.is_empty() {
                        patched.push(term);
                    }
                }
                terms = patched;
                if !file_differs && out.reuse(&rel, old.made_from).is_some() {
                    let block = postings_differ.then(|| encode_terms(&terms));
                    return Ok((s, old, block));
                }
            }
            let (file, worsts) = index::write_shard(
                out,
                &rel,
                terms.iter().map(|t| (t.text.as_str(), t.list.as_slice())),
                &lengths,
            )
            .map_err(Unusable::Output)?;
            // The worst kept documents change only with the file.
            for (t, w) in terms.iter_mut().zip(worsts) {
                t.worst = w;
            }
            let block = (postings_differ || file_differs).then(|| encode_terms(&terms));
            Ok((s, file, block))
        })
        .collect();
    let mut shard_files: Vec<ShardFile> = state.header.shard_files.iter().map(|s| s.file).collect();
    let mut new_blocks: Vec<(usize, ShardFile, Vec<u8>)> = Vec::new();
    for r in made {
        let (s, file, block) = r?;
        shard_files[s] = file;
        if let Some(b) = block {
            new_blocks.push((s, file, b));
        }
    }

    lap(&format!(
        "shards patched and written, {} changed",
        new_blocks.len()
    ));
    // The files of `d/`: made again for the changed documents, and where `out` lacks one.
    let per = crate::DOCS_PER_SHARD;
    let by_doc: std::collections::HashMap<usize, &Document<'_>> =
        fresh.iter().map(|(i, d, _)| (*i, d)).collect();
    let doc_files: Vec<Result<DocFile, SearchError>> = state
        .header
        .doc_files
        .par_iter()
        .enumerate()
        .map(|(f, old)| {
            let range = f * per..((f + 1) * per).min(n);
            let rel = format!("{prefix}idx/d/{f}.json");
            if !range.clone().any(|i| is_changed[i]) && out.reuse(&rel, old.made_from).is_some() {
                return Ok(*old);
            }
            let chunk: Vec<Document<'_>> = range
                .map(|i| match by_doc.get(&i) {
                    Some(d) => (*d).clone(),
                    None => docs.document(i),
                })
                .collect();
            index::write_docs(out, &rel, &chunk)
        })
        .collect();
    let doc_files: Vec<DocFile> = doc_files
        .into_iter()
        .collect::<Result<_, _>>()
        .map_err(Unusable::Output)?;

    lap("documents' files");
    // The state brought up to date: new blocks appended, then the header, then the root.
    for (i, _, t) in &fresh {
        let d = &mut state.header.docs[*i];
        d.key = keys[*i];
        d.body_len = t.body_len;
        d.laws = t.laws.clone();
    }
    let laws: BTreeSet<String> = state
        .header
        .docs
        .iter()
        .flat_map(|d| d.laws.iter().cloned())
        .collect();
    let built = index::Built {
        laws: laws.into_iter().collect(),
        lengths,
        shard_files: shard_files.clone(),
        doc_files: doc_files.clone(),
    };
    let patched = Patched {
        built,
        changed: changed.len(),
    };
    if !changed.is_empty() || !new_blocks.is_empty() || doc_files != state.header.doc_files {
        let _ = save(
            state,
            &changed,
            new_lists,
            new_blocks,
            shard_files,
            doc_files,
        );
    }
    lap("state saved");
    Ok(patched)
}

/// Appends the new blocks and header to the state file, or writes it anew when most of
/// it would be dead; a failure leaves the old root (the old documents' state) or no file.
fn save(
    mut state: Loaded,
    changed: &[usize],
    lists: Vec<Vec<u32>>,
    blocks: Vec<(usize, ShardFile, Vec<u8>)>,
    shard_files: Vec<ShardFile>,
    doc_files: Vec<DocFile>,
) -> std::io::Result<()> {
    let pos = state.file.seek(SeekFrom::End(0))?;
    let mut w = Writer {
        out: BufWriter::with_capacity(1 << 20, state.file.try_clone()?),
        pos,
        header: std::mem::take(&mut state.header),
        rename: None,
    };
    for (&i, list) in changed.iter().zip(&lists) {
        w.header.docs[i].shards = w.append(&encode_list(list));
    }
    for (s, _, b) in &blocks {
        w.header.shard_files[*s].block = w.append(b);
    }
    for (s, f) in w.header.shard_files.iter_mut().zip(shard_files) {
        s.file = f;
    }
    let synonyms = w.header.synonyms;
    let grown = w.pos;
    // Mostly dead (blocks replaced since it was last written whole): written anew.
    let slack = std::env::var("SEARCH_STATE_SLACK")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(COMPACT_SLACK);
    let compacting = grown > 2 * live(&w.header) + slack;
    if compacting {
        state.header = w.header.clone();
        state.header.doc_files = doc_files.clone();
    }
    w.finish(None, doc_files, synonyms)?;
    if compacting {
        state.len = grown;
        compact(state)?;
    }
    Ok(())
}

/// Writes the state anew with its live blocks only.
fn compact(mut state: Loaded) -> std::io::Result<()> {
    let path = state.path.clone();
    let mut w = Writer::create(&StateFile {
        path: &path,
        code: state.header.code,
    })
    .ok_or_else(|| std::io::Error::other("the state's path is not ours"))?;
    let header = std::mem::take(&mut state.header);
    for d in &header.docs {
        let b = state
            .read(d.shards)
            .ok_or_else(|| std::io::Error::other("damaged"))?;
        let shards = w.append(&b);
        w.header.docs.push(DocState {
            shards,
            ..d.clone()
        });
    }
    for s in &header.shard_files {
        let b = state
            .read(s.block)
            .ok_or_else(|| std::io::Error::other("damaged"))?;
        let block = w.append(&b);
        w.header.shard_files.push(ShardState {
            file: s.file,
            block,
        });
    }
    w.finish(None, header.doc_files, header.synonyms)
}
