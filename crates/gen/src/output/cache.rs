//! The build cache (`.dist.cache` beside `dist`): for every file of the site in the
//! output folder and of the one in the scratch folder, a fingerprint of its bytes, a
//! fingerprint of what it was made from (a page's template and view, see
//! `render::Emit::reuse`), and the file's size, times and inode as the build saw them.
//! With it a rebuild renders only the pages whose inputs changed and writes only the files
//! whose bytes changed, without reading the old ones back.
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

/// What `lstat` says of a file: any write to it since changes its change time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
    inode: u64,
}

impl Stamp {
    /// The file's size in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn of(m: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Stamp {
                len: m.len(),
                modified: (m.mtime(), m.mtime_nsec()),
                changed: (m.ctime(), m.ctime_nsec()),
                inode: m.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let t = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or((0, 0), |d| (d.as_secs() as i64, d.subsec_nanos() as i64));
            Stamp {
                len: m.len(),
                modified: t,
                changed: t,
                inode: 0,
            }
        }
    }
}

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
}

impl Cache {
    pub fn new(out: Site, scratch: Site, made: Option<Made>) -> Cache {
        Cache {
            gen: 0,
            out,
            scratch,
            made,
        }
    }
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

/// Reads the cache at `path` (the caller holds the build's lock).
pub fn read(path: &Path) -> Found {
    let meta = match std::fs::symlink_metadata(path) {
        Err(_) => return Found::Replaceable,
        Ok(m) => m,
    };
    if !meta.is_file() {
        return Found::Foreign("it is not a regular file".into());
    }
    let Ok(data) = open_nofollow(path).and_then(|mut f| {
        let mut v = Vec::with_capacity(meta.len() as usize);
        f.read_to_end(&mut v).map(|_| v)
    }) else {
        return Found::Foreign("it cannot be read".into());
    };
    let Some(body) = data.strip_prefix(MAGIC) else {
        // Also an older format of gen's own: the line begins the same.
        return if data.starts_with(&MAGIC[..16]) {
            Found::Replaceable
        } else {
            Found::Foreign("it is not a cache gen wrote".into())
        };
    };
    // A checksum first: a damaged record could otherwise pass for another.
    let (Some(sum), Some(body)) = (body.get(..16), body.get(16..)) else {
        return Found::Replaceable;
    };
    if sum != fingerprint(body).to_le_bytes() {
        return Found::Replaceable;
    }
    match (postcard::from_bytes::<Cache>(body), gen_id()) {
        (Ok(cache), Some(id)) if cache.gen == id => Found::Usable(Box::new(cache)),
        _ => Found::Replaceable,
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
    let data = encode(&cache)?;
    let tmp = path.with_extension("cache-new");
    if std::fs::symlink_metadata(&tmp).is_ok() {
        if matches!(read(&tmp), Found::Foreign(_)) {
            return Err(std::io::Error::other(format!(
                "{} is in the way, and gen did not write it",
                tmp.display()
            )));
        }
        std::fs::remove_file(&tmp)?;
    }
    let mut options = std::fs::OpenOptions::new();
    // A new file only: never one that appeared meanwhile, never through a link.
    options.write(true).create_new(true);
    let mut file = options.open(&tmp)?;
    file.write_all(&data)?;
    drop(file);
    std::fs::rename(&tmp, path)
}

/// The cache file's bytes: [`MAGIC`], the body's fingerprint, the body.
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
    if !matches!(read(path), Found::Foreign(_)) {
        let _ = std::fs::remove_file(path);
    }
}

fn open_nofollow(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Cache {
        let stamp = Stamp {
            len: 3,
            modified: (1, 2),
            changed: (3, 4),
            inode: 5,
        };
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
        // Cut short or with any one bit flipped: replaced, not used.
        std::fs::write(&path, &whole[..whole.len() - 5]).unwrap();
        assert!(matches!(read(&path), Found::Replaceable));
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
}
