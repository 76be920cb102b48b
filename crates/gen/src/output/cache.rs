//! The build cache (`.dist.cache` beside `dist`): for every file of the site in the
//! output folder and of the one in the scratch folder, a fingerprint of its bytes, a
//! fingerprint of what it was made from (a page's template and view, see
//! `render::Emit::reuse`), and the file's size, times and inode as the build saw them.
//! With it a rebuild renders only the pages whose inputs changed and writes only the files
//! whose bytes changed, without reading the old ones back.
//!
//! Beside it, the sources file (`.dist.sources`, [`read_sources`]) keeps what the Markdown
//! stage made of each article, found by a fingerprint of everything it was made from, so
//! a rebuild runs Markdown only for the bodies that changed. It is checked, owned and
//! ignored when damaged as the cache is, with a magic line of its own.
//!
//! Nothing in it is trusted without a check: a record counts only for a file whose
//! `lstat` still matches it (anything that rewrote the file since, even to the same size,
//! changed its change time), a cache written by another gen binary (see [`gen_id`]) or one
//! that cannot be read is ignored whole, and the build then does what a build without a
//! cache does. Deleting the file is always safe: the next build is a full one.
//!
//! Like the scratch folder and the lock, the cache is gen's own: it is read and replaced
//! only when it is a regular file that begins with [`MAGIC`], never through a symbolic
//! link, and only under the build's lock.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::OnceLock;

/// The cache file's first bytes, and its format's version.
const MAGIC: &[u8] = b"gen build cache 1\n";

/// A 128-bit fingerprint (xxh3) of bytes.
pub fn fingerprint(data: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(data)
}

/// A fingerprint of the running gen binary: a cache made by any other build of gen (a
/// changed template function, escaper or renderer) must not be trusted, and the version
/// number alone does not change with the code. Read once per process (a few
/// milliseconds); `None` when the binary cannot be read, and then no cache is used.
pub fn gen_id() -> Option<u128> {
    static ID: OnceLock<Option<u128>> = OnceLock::new();
    *ID.get_or_init(|| {
        let exe = std::env::current_exe().ok()?;
        let mut file = std::fs::File::open(exe).ok()?;
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        let mut buf = vec![0u8; 1 << 20];
        loop {
            match file.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => hasher.update(&buf[..n]),
                Err(_) => return None,
            }
        }
        hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
        Some(hasher.digest128())
    })
}

pub use crate::load::inputs::Stamp;

/// One file of a site: its bytes' fingerprint, what it was made from (`0`: not
/// recorded) and its stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub bytes: u128,
    pub made_from: u128,
    pub stamp: Stamp,
}

/// The files of one site, by site path.
pub type Records = HashMap<String, Record>;

/// Files written together from one input (the search index): their fingerprint and paths.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub made_from: u128,
    pub paths: Vec<String>,
}

/// What one site folder holds.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Site {
    pub files: Records,
    pub groups: HashMap<String, Group>,
}

/// What the build that made the site in the output folder read and reported.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Made {
    /// The fingerprint of its inputs (`load::inputs`).
    pub inputs: u128,
    pub articles: usize,
    pub pages: usize,
    pub warnings: Vec<crate::diagnostics::Problem>,
}

/// The cache: the site in the output folder and the one in the scratch folder.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Cache {
    gen: u128,
    pub out: Site,
    pub scratch: Site,
    /// `None`: a build that did not fingerprint its inputs (`gen serve`).
    pub made: Option<Made>,
    /// When the cache file was written (its mtime, by the file system's clock).
    #[serde(skip)]
    written: (i64, i64),
}

impl Cache {
    pub fn new(out: Site, scratch: Site, made: Option<Made>) -> Cache {
        Cache {
            gen: 0,
            out,
            scratch,
            made,
            written: (0, 0),
        }
    }

    /// Whether `record`'s stamp alone tells whether the file changed (see [`settled`]).
    pub fn settled(&self, record: &Record) -> bool {
        settled(record, self.written)
    }

    /// The cache with only the records whose stamps can be trusted ([`settled`]): the
    /// output folder's site, the scratch folder's site, and what made the output.
    pub fn into_settled(self) -> (Site, Site, Option<Made>) {
        let written = self.written;
        let settled = |site: Site| Site {
            files: site
                .files
                .into_iter()
                .filter(|(_, r)| settled(r, written))
                .collect(),
            groups: site.groups,
        };
        (settled(self.out), settled(self.scratch), self.made)
    }
}

/// Whether `record`'s stamp can be trusted to tell a changed file: the file changed last
/// before the cache was `written`. A file written in the same tick of the file system's
/// clock as the cache could be rewritten within that tick keeping its stamp (git's "racy
/// clean" entries): its bytes are compared instead. Where the stamp has no change time
/// and inode (not Unix), never.
fn settled(record: &Record, written: (i64, i64)) -> bool {
    cfg!(unix) && record.stamp.changed() < written
}

/// What is at the cache's path.
pub enum Found {
    /// A cache this gen can use.
    Usable(Box<Cache>),
    /// Nothing, or gen's own cache that is stale or unreadable: it is replaced.
    Replaceable,
    /// Something gen did not write (another file, a link, a folder): left alone, and no
    /// cache is kept.
    Foreign(String),
}

/// The largest cache file read: a cache of 100,000 pages is about 20 MB. A larger file
/// that begins as gen's is damaged and replaced; it is not read.
const MAX_CACHE: u64 = 1 << 30;

/// Reads the cache at `path` (the caller holds the build's lock). Its first line is
/// read and checked before anything else, and a file larger than [`MAX_CACHE`] no
/// further: a foreign file there is never read whole.
pub fn read(path: &Path) -> Found {
    match read_body(path, MAGIC) {
        Body::Checked(body, written) => match (postcard::from_bytes::<Cache>(&body), gen_id()) {
            (Ok(mut cache), Some(id)) if cache.gen == id => {
                cache.written = written;
                Found::Usable(Box::new(cache))
            }
            _ => Found::Replaceable,
        },
        Body::Replaceable => Found::Replaceable,
        Body::Foreign(why) => Found::Foreign(why),
    }
}

/// What is in a file of gen's beginning with a given magic line.
enum Body {
    /// The body past the magic line and checksum, checked; the file's modification time.
    Checked(Vec<u8>, (i64, i64)),
    Replaceable,
    Foreign(String),
}

/// Reads the file at `path` that begins with `magic`, a checksum and a body, checking
/// the first line before reading further and the checksum before the body is used.
fn read_body(path: &Path, magic: &[u8]) -> Body {
    let (file, meta) = match open_past(path, magic) {
        Ok(found) => found,
        Err(other) => return other,
    };
    if meta.len() > MAX_CACHE {
        return Body::Replaceable;
    }
    let mut body = Vec::with_capacity(meta.len().saturating_sub(magic.len() as u64) as usize);
    if file.take(MAX_CACHE).read_to_end(&mut body).is_err() {
        return Body::Replaceable;
    }
    // A checksum first: a damaged record could otherwise pass for another.
    if body.len() < 16 || body[..16] != fingerprint(&body[16..]).to_le_bytes() {
        return Body::Replaceable;
    }
    body.drain(..16);
    Body::Checked(body, Stamp::of(&meta).modified())
}

/// Opens the file at `path` and reads past its first line, `magic`: the file and its
/// `lstat`, or what it is when it is not such a file of gen's.
fn open_past(path: &Path, magic: &[u8]) -> Result<(std::fs::File, std::fs::Metadata), Body> {
    let meta = match std::fs::symlink_metadata(path) {
        Err(_) => return Err(Body::Replaceable),
        Ok(m) => m,
    };
    if !meta.is_file() {
        return Err(Body::Foreign("it is not a regular file".into()));
    }
    let Ok(mut file) = open_nofollow(path) else {
        return Err(Body::Foreign("it cannot be read".into()));
    };
    let mut head = Vec::with_capacity(magic.len());
    if !file.metadata().is_ok_and(|m| m.is_file())
        || (&mut file)
            .take(magic.len() as u64)
            .read_to_end(&mut head)
            .is_err()
    {
        return Err(Body::Foreign("it cannot be read".into()));
    }
    if head != magic {
        return Err(if begins_as_ours(&head) {
            Body::Replaceable
        } else {
            Body::Foreign("it is not a cache gen wrote".into())
        });
    }
    Ok((file, meta))
}

/// The sources file's first bytes (`.dist.sources` beside `dist`), and its format's version.
const SOURCES_MAGIC: &[u8] = b"gen build cache of sources 2\n";

/// The sources file: what the Markdown stage made of each source, by a fingerprint of
/// everything it was made from (see `commands/build.rs`), written by the gen binary `gen`.
#[derive(Serialize, Deserialize)]
struct SourcesFile<T> {
    gen: u128,
    /// The id of the bodies file its entries' texts are in (`output/bodies.rs`).
    bodies: u128,
    entries: Vec<(u128, T)>,
}

/// The inputs file's first bytes (`.dist.inputs` beside `dist`, see `load/inputs.rs`).
const INPUTS_MAGIC: &[u8] = b"gen build cache of inputs 1\n";

/// The inputs' fingerprints the last build recorded (`load::inputs::Known`), and when it
/// began to take them (nanoseconds since 1970): empty when there is no such file or it
/// is damaged.
pub fn read_inputs<T: serde::de::DeserializeOwned>(path: &Path) -> (HashMap<u128, T>, u128) {
    read_keyed(path, INPUTS_MAGIC)
}

/// The articles file's first bytes (`.dist.articles` beside `dist`, see
/// `load::KnownArticles`).
const ARTICLES_MAGIC: &[u8] = b"gen build cache of articles 1\n";

/// The articles an earlier build parsed, by their key (`load::KnownArticles::key`).
pub fn read_articles<T: serde::de::DeserializeOwned>(path: &Path) -> HashMap<u128, T> {
    read_keyed(path, ARTICLES_MAGIC).0
}

/// Writes the articles file (under the build's lock).
pub fn write_articles<T: Serialize>(path: &Path, entries: Vec<(u128, T)>) -> std::io::Result<()> {
    write_keyed(path, ARTICLES_MAGIC, 0, entries)
}

/// Writes the inputs file (under the build's lock).
pub fn write_inputs<T: Serialize>(
    path: &Path,
    taken: u128,
    entries: Vec<(u128, T)>,
) -> std::io::Result<()> {
    write_keyed(path, INPUTS_MAGIC, taken, entries)
}

/// A number no other file gen wrote has as its id: the clock's nanoseconds, the process
/// id and a counter, mixed.
pub(super) fn fresh_id() -> u128 {
    static COUNT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&now.to_le_bytes());
    h.update(&std::process::id().to_le_bytes());
    h.update(&n.to_le_bytes());
    h.digest128()
}

/// The results kept at `path` (the sources file) by their fingerprint, and the id of the
/// bodies file their texts are in: empty when there is no file, it is not gen's, damaged
/// or written by another gen binary. Any entry is valid whichever build wrote it (it is
/// found by what it was made from), so the build's lock is not needed to read it.
pub fn read_sources<T: serde::de::DeserializeOwned>(path: &Path) -> (HashMap<u128, T>, u128) {
    read_keyed(path, SOURCES_MAGIC)
}

/// A file of entries by a fingerprint, with one number about them all (`bodies`), written
/// by this gen binary ([`write_keyed`]); empty and 0 when there is none, or it is not
/// gen's, damaged or another binary's.
fn read_keyed<T: serde::de::DeserializeOwned>(
    path: &Path,
    magic: &[u8],
) -> (HashMap<u128, T>, u128) {
    let Ok((file, _)) = open_past(path, magic) else {
        return (HashMap::new(), 0);
    };
    // Decoded as it is read (the file is never in memory whole: at 50,000 articles that
    // would be 600 MB more), fingerprinted as it is read, and used only when the whole
    // file was read and its checksum matches. A damaged length cannot make the decoder
    // allocate much: lists grow as their items are read, and a text longer than the
    // scratch buffer (16 MB) fails the decoding.
    let read = || -> Option<SourcesFile<T>> {
        let mut reader = std::io::BufReader::with_capacity(
            1 << 20,
            Fingerprinted {
                inner: file,
                hasher: xxhash_rust::xxh3::Xxh3::new(),
                skip: 16,
                sum: [0; 16],
            },
        );
        let mut sum = [0u8; 16];
        reader.read_exact(&mut sum).ok()?;
        let mut scratch = vec![0u8; 16 << 20];
        let (decoded, _) =
            postcard::from_io::<SourcesFile<T>, _>((&mut reader, &mut scratch)).ok()?;
        // Nothing after it, and what was read is what was written.
        let mut rest = [0u8; 1];
        (reader.read(&mut rest).ok()? == 0).then_some(())?;
        let read = reader.into_inner();
        (read.hasher.digest128().to_le_bytes() == read.sum && read.sum == sum).then_some(decoded)
    };
    match (read(), gen_id()) {
        (Some(file), Some(id)) if file.gen == id => {
            (file.entries.into_iter().collect(), file.bodies)
        }
        _ => (HashMap::new(), 0),
    }
}

/// A reader that fingerprints what it reads past its first `skip` bytes (the checksum,
/// kept in `sum`).
struct Fingerprinted<R> {
    inner: R,
    hasher: xxhash_rust::xxh3::Xxh3,
    skip: usize,
    sum: [u8; 16],
}

impl<R: Read> Read for Fingerprinted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let skipped = self.skip.min(n);
        let at = 16 - self.skip;
        self.sum[at..at + skipped].copy_from_slice(&buf[..skipped]);
        self.skip -= skipped;
        self.hasher.update(&buf[skipped..n]);
        Ok(n)
    }
}

/// Writes `entries` as the sources file at `path`, in one step, when the path is free
/// or holds a file of gen's (under the build's lock). The entries are encoded straight
/// into the file (at 50,000 articles they are about 600 MB: never held twice).
pub fn write_sources<T: Serialize>(
    path: &Path,
    bodies: u128,
    entries: Vec<(u128, T)>,
) -> std::io::Result<()> {
    write_keyed(path, SOURCES_MAGIC, bodies, entries)
}

/// Writes a file of entries that [`read_keyed`] reads.
fn write_keyed<T: Serialize>(
    path: &Path,
    magic: &[u8],
    bodies: u128,
    entries: Vec<(u128, T)>,
) -> std::io::Result<()> {
    let Some(gen) = gen_id() else {
        return Ok(());
    };
    write_with(path, magic, |out| {
        let file = Streamed {
            out,
            hasher: xxhash_rust::xxh3::Xxh3::new(),
            error: None,
        };
        match postcard::serialize_with_flavor(
            &SourcesFile {
                gen,
                bodies,
                entries,
            },
            file,
        ) {
            Ok(sum) => Ok(sum),
            Err(e) => Err(std::io::Error::other(e)),
        }
        .and_then(|r| r)
    })
}

/// A postcard output that writes into a file and fingerprints what it wrote.
struct Streamed<'a> {
    out: &'a mut std::io::BufWriter<std::fs::File>,
    hasher: xxhash_rust::xxh3::Xxh3,
    error: Option<std::io::Error>,
}

impl postcard::ser_flavors::Flavor for Streamed<'_> {
    /// The body's fingerprint, or the write's error.
    type Output = std::io::Result<u128>;

    fn try_extend(&mut self, data: &[u8]) -> postcard::Result<()> {
        self.hasher.update(data);
        if let Err(e) = self.out.write_all(data) {
            self.error = Some(e);
            return Err(postcard::Error::SerializeBufferFull);
        }
        Ok(())
    }

    fn try_push(&mut self, data: u8) -> postcard::Result<()> {
        self.try_extend(&[data])
    }

    fn finalize(self) -> postcard::Result<Self::Output> {
        Ok(match self.error {
            Some(e) => Err(e),
            None => Ok(self.hasher.digest128()),
        })
    }
}

/// Whether `data` begins as a cache of gen's: an older format's (the line begins the
/// same), or one cut short, even to nothing, by a crash while it was written.
fn begins_as_ours(data: &[u8]) -> bool {
    let n = data.len().min(16);
    data[..n] == MAGIC[..n]
}

/// Whether the path is free for gen's cache: nothing there, or a regular file that
/// begins as one of gen's (read no further than that). The search index's state
/// (`output::search_state_path`) begins as gen's caches do, too.
pub(crate) fn ours_or_free(path: &Path) -> bool {
    match std::fs::symlink_metadata(path) {
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
        Ok(m) if !m.is_file() => false,
        Ok(_) => open_nofollow(path).is_ok_and(|f| {
            let mut head = Vec::with_capacity(16);
            f.take(16).read_to_end(&mut head).is_ok() && begins_as_ours(&head)
        }),
    }
}

/// Writes `cache` at `path` in one step (a temporary file beside it, renamed over it);
/// the caller has checked that the path is gen's to replace. A file at the temporary
/// path is replaced only when it is a cache gen left there (an interrupted write).
pub fn write(path: &Path, mut cache: Cache) -> std::io::Result<()> {
    let Some(id) = gen_id() else {
        return Ok(());
    };
    cache.gen = id;
    let body = postcard::to_allocvec(&cache).map_err(std::io::Error::other)?;
    write_body(path, MAGIC, &body)
}

/// Writes `magic`, `body`'s checksum and `body` at `path` in one step (see [`write`]).
fn write_body(path: &Path, magic: &[u8], body: &[u8]) -> std::io::Result<()> {
    write_with(path, magic, |out| {
        out.write_all(body)?;
        Ok(fingerprint(body))
    })
}

/// Writes `magic`, room for a checksum, and what `body` writes, which returns its
/// checksum, into a temporary file beside `path`; then the checksum, and renames the file
/// over `path`. A file at the temporary path is replaced only when it is a file gen left
/// there (an interrupted write), and `path` only when it is gen's or free.
fn write_with(
    path: &Path,
    magic: &[u8],
    body: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<u128>,
) -> std::io::Result<()> {
    use std::io::{Seek, SeekFrom};
    let tmp = path.with_extension(match path.extension() {
        Some(e) => format!("{}-new", e.to_string_lossy()),
        None => "new".into(),
    });
    let in_the_way = |p: &Path| {
        std::io::Error::other(format!(
            "{} is in the way, and gen did not write it",
            p.display()
        ))
    };
    if !ours_or_free(&tmp) {
        return Err(in_the_way(&tmp));
    }
    let _ = std::fs::remove_file(&tmp);
    let mut options = std::fs::OpenOptions::new();
    // A new file only: never one that appeared meanwhile, never through a link.
    options.write(true).create_new(true);
    let written = (|| {
        let mut out = std::io::BufWriter::with_capacity(1 << 20, options.open(&tmp)?);
        out.write_all(magic)?;
        out.write_all(&[0; 16])?;
        let sum = body(&mut out)?;
        out.seek(SeekFrom::Start(magic.len() as u64))?;
        out.write_all(&sum.to_le_bytes())?;
        out.flush()
    })();
    // Checked again right before it is replaced: someone may have put a file there.
    if written.is_err() || !ours_or_free(path) {
        let _ = std::fs::remove_file(&tmp);
        return written.and(Err(in_the_way(path)));
    }
    std::fs::rename(&tmp, path)
}

/// The cache file's bytes: [`MAGIC`], the body's fingerprint, the body.
#[cfg(test)]
fn encode(cache: &Cache) -> std::io::Result<Vec<u8>> {
    let body = postcard::to_allocvec(cache).map_err(std::io::Error::other)?;
    let mut data = Vec::with_capacity(MAGIC.len() + 16 + body.len());
    data.extend_from_slice(MAGIC);
    data.extend_from_slice(&fingerprint(&body).to_le_bytes());
    data.extend_from_slice(&body);
    Ok(data)
}

/// Removes the cache at `path` when it is gen's (a build that will not leave one that
/// matches the folders).
pub fn remove(path: &Path) {
    if ours_or_free(path) {
        let _ = std::fs::remove_file(path);
    }
}

pub(super) fn open_nofollow(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK: a FIFO put there since it was looked at is not waited on.
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Cache {
        let stamp = Stamp::of(&std::fs::metadata(env!("CARGO_MANIFEST_DIR")).unwrap());
        let mut c = Cache::default();
        c.out.files.insert(
            "a/index.html".into(),
            Record {
                bytes: fingerprint(b"abc"),
                made_from: 7,
                stamp,
            },
        );
        c.scratch.groups.insert(
            "search".into(),
            Group {
                made_from: 9,
                paths: vec!["search/x.json".into()],
            },
        );
        c
    }

    #[test]
    fn a_written_cache_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".dist.cache");
        write(&path, sample()).unwrap();
        let Found::Usable(c) = read(&path) else {
            panic!("not usable")
        };
        assert_eq!(c.out.files, sample().out.files);
        assert_eq!(c.scratch.groups, sample().scratch.groups);
    }

    #[test]
    fn a_damaged_or_foreign_cache_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".dist.cache");
        write(&path, sample()).unwrap();
        let whole = std::fs::read(&path).unwrap();
        // Cut short (even to nothing, or within its first line) or with any one bit
        // flipped: replaced, not used.
        for cut in [0, 5, MAGIC.len() + 3, whole.len() - 5] {
            std::fs::write(&path, &whole[..cut]).unwrap();
            assert!(matches!(read(&path), Found::Replaceable), "cut at {cut}");
        }
        for i in MAGIC.len()..whole.len() {
            let mut other = whole.clone();
            other[i] ^= 1 << (i % 8);
            std::fs::write(&path, &other).unwrap();
            assert!(matches!(read(&path), Found::Replaceable), "byte {i}");
        }
        // Written by another gen binary: not used.
        let mut c = sample();
        c.gen = gen_id().unwrap() ^ 1;
        std::fs::write(&path, encode(&c).unwrap()).unwrap();
        assert!(matches!(read(&path), Found::Replaceable));
        // Not gen's: left alone.
        std::fs::write(&path, b"my notes").unwrap();
        assert!(matches!(read(&path), Found::Foreign(_)));
        remove(&path);
        assert_eq!(std::fs::read(&path).unwrap(), b"my notes");
        std::fs::remove_file(&path).unwrap();
        std::fs::create_dir(&path).unwrap();
        assert!(matches!(read(&path), Found::Foreign(_)));
        #[cfg(unix)]
        {
            std::fs::remove_dir(&path).unwrap();
            let target = dir.path().join("elsewhere");
            write(&target, sample()).unwrap();
            std::os::unix::fs::symlink(&target, &path).unwrap();
            assert!(matches!(read(&path), Found::Foreign(_)));
        }
    }

    #[test]
    fn sources_read_back_and_damaged_ones_are_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".dist.sources");
        let entries = vec![(7u128, "a".to_string()), (9, "b".to_string())];
        write_sources(&path, 7, entries.clone()).unwrap();
        let (read, bodies): (HashMap<u128, String>, _) = read_sources(&path);
        assert_eq!(bodies, 7);
        assert_eq!(read, entries.into_iter().collect());
        let whole = std::fs::read(&path).unwrap();
        for i in SOURCES_MAGIC.len()..whole.len() {
            let mut other = whole.clone();
            other[i] ^= 1 << (i % 8);
            std::fs::write(&path, &other).unwrap();
            assert!(read_sources::<String>(&path).0.is_empty(), "byte {i}");
        }
        std::fs::write(&path, &whole[..whole.len() - 1]).unwrap();
        assert!(read_sources::<String>(&path).0.is_empty());
        // Not gen's: neither read nor replaced.
        std::fs::write(&path, b"my notes").unwrap();
        assert!(read_sources::<String>(&path).0.is_empty());
        assert!(write_sources(&path, 7, vec![(1u128, 2u8)]).is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"my notes");
    }
}
