//! The bodies file (`.dist.bodies` beside `dist`): the HTML and the plain text the Markdown
//! stage made of each source, kept out of memory. At 50,000 articles they are about
//! 600 MB, while all else the model holds of them is a tenth of that; only the pages that
//! are rendered and the search documents that changed read them, one at a time.
//!
//! The sources file (`output::cache::read_sources`) keeps each source's other results and
//! where its texts are in this file ([`Body::Stored`]: place, length, fingerprint); the
//! two name each other by a random id and the bodies file's `stat` once written (its
//! inode, size and change time: any write or copy changes them), so a pair that does not
//! belong together, or a bodies file changed since, is not used: its sources are
//! rendered again, like texts the cache never had. A build reads the file through one
//! handle opened at its start, and gen never changes the file once written (a build that
//! rewrites the cache writes a new one and renames it into place). Each text read is
//! checked against its fingerprint too.

use crate::markdown::Body;
use std::borrow::Cow;
use std::fs::File;
use std::io::Write as _;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// The bodies file's first bytes, before its id.
const MAGIC: &[u8] = b"gen build cache of bodies 1\n";

/// Where a build's stored texts are: in memory only (`gen check`, a build that cannot
/// write the file), the bodies file of the last build, or the one this build writes.
#[derive(Default)]
pub struct Bodies {
    /// The file [`Body::Stored`] texts are in, with its id.
    file: Option<(File, u128)>,
    /// Set when this build writes a new bodies file (at this temporary path): where the
    /// next text goes.
    writing: Option<(PathBuf, AtomicU64)>,
    /// A write failed: the file is incomplete and must not be kept.
    failed: AtomicBool,
    /// The folder [`Bodies::create`] made for the new file (the output's parent, on a
    /// first build): removed with the new file when the build does not keep it.
    made: Option<PathBuf>,
}

impl Bodies {
    /// The bodies file at `path` when it is the one the sources file names (`seal`, see
    /// [`Bodies::persist`]), unchanged since it was written.
    pub fn open(path: &Path, seal: u128) -> Option<Bodies> {
        let file = super::cache::open_nofollow(path).ok()?;
        let mut head = vec![0u8; MAGIC.len() + 16];
        file.read_exact_at(&mut head, 0).ok()?;
        let id = u128::from_le_bytes(head[MAGIC.len()..].try_into().ok()?);
        let stamp = super::cache::Stamp::of(&file.metadata().ok()?);
        (head.starts_with(MAGIC) && sealed(id, &stamp) == seal).then(|| Bodies {
            file: Some((file, id)),
            writing: None,
            failed: AtomicBool::new(false),
            made: None,
        })
    }

    /// A new bodies file at the temporary path `tmp` (a file of gen's there is replaced;
    /// anything else is left alone, and the texts stay in memory). Its folder is made if
    /// need be, as the output stage would make it.
    pub fn create(tmp: &Path) -> Bodies {
        let parent = tmp.parent().filter(|p| !p.as_os_str().is_empty());
        let folder = match parent {
            Some(p) if !p.exists() => {
                if std::fs::create_dir_all(p).is_err() {
                    return Bodies::default();
                }
                Some(p.to_path_buf())
            }
            _ => None,
        };
        if !super::cache::ours_or_free(tmp) {
            return Bodies::default();
        }
        let _ = std::fs::remove_file(tmp);
        let id = super::cache::fresh_id();
        let opened = (|| {
            let mut f = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .open(tmp)?;
            f.write_all(MAGIC)?;
            f.write_all(&id.to_le_bytes())?;
            Ok::<_, std::io::Error>(f)
        })();
        match opened {
            Ok(f) => Bodies {
                file: Some((f, id)),
                writing: Some((tmp.to_path_buf(), AtomicU64::new((MAGIC.len() + 16) as u64))),
                failed: AtomicBool::new(false),
                made: folder,
            },
            Err(_) => {
                let _ = std::fs::remove_file(tmp);
                if let Some(p) = folder {
                    let _ = std::fs::remove_dir(p);
                }
                Bodies::default()
            }
        }
    }

    /// Whether this build writes a new bodies file.
    pub fn is_writing(&self) -> bool {
        self.writing.is_some()
    }

    /// Keeps `text`: in the new bodies file when this build writes one, else in memory.
    pub fn put(&self, text: String) -> Body {
        let (Some((file, _)), Some((_, next))) = (&self.file, &self.writing) else {
            return Body::Here(text);
        };
        let len = text.len() as u64;
        let at = next.fetch_add(len, Ordering::Relaxed);
        match file.write_all_at(text.as_bytes(), at) {
            Ok(()) => Body::Stored {
                at,
                len,
                sum: xxhash_rust::xxh3::xxh3_128(text.as_bytes()),
            },
            Err(_) => {
                self.failed.store(true, Ordering::Relaxed);
                Body::Here(text)
            }
        }
    }

    /// The text of `body`, checked against its fingerprint; `None` when it cannot be read
    /// or is not what was stored.
    pub fn read<'b>(&self, body: &'b Body) -> Option<Cow<'b, str>> {
        match body {
            Body::Here(s) => Some(Cow::Borrowed(s)),
            &Body::Stored { at, len, sum } => {
                let (file, _) = self.file.as_ref()?;
                let mut data = vec![0u8; usize::try_from(len).ok().filter(|&l| l < 1 << 30)?];
                file.read_exact_at(&mut data, at).ok()?;
                (xxhash_rust::xxh3::xxh3_128(&data) == sum).then_some(())?;
                String::from_utf8(data).ok().map(Cow::Owned)
            }
        }
    }

    /// `body`, a text of `from` (the last build's file), kept by this build: copied into
    /// the new file when this build writes one. `None` when `from` has no file or the
    /// text cannot be read or is not what was stored (the source is then rendered again).
    pub fn keep(&self, from: &Bodies, body: &Body) -> Option<Body> {
        if self.is_writing() {
            Some(self.put(from.read(body)?.into_owned()))
        } else {
            (from.file.is_some() || matches!(body, Body::Here(_))).then(|| body.clone())
        }
    }

    /// Renames the new bodies file to `path`, and returns its seal to record in the
    /// sources file: a fingerprint of its id and its `stat` there. `None` (and the new
    /// file removed) when this build wrote none, or when a write failed.
    pub fn persist(&mut self, path: &Path) -> Option<u128> {
        let (tmp, _) = self.writing.take()?;
        let (_, id) = self.file.as_ref()?;
        // Not synced to disk: after a crash a text that did not reach it fails its
        // fingerprint and is rendered again.
        let kept = !self.failed.load(Ordering::Relaxed)
            && super::cache::ours_or_free(path)
            && std::fs::rename(&tmp, path).is_ok();
        if !kept {
            let _ = std::fs::remove_file(&tmp);
        }
        let stamp = super::cache::Stamp::of(&std::fs::symlink_metadata(path).ok()?);
        kept.then(|| sealed(*id, &stamp))
    }
}

/// What the sources file records of its bodies file: its id and its `stat`.
fn sealed(id: u128, stamp: &super::cache::Stamp) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&id.to_le_bytes());
    h.update(&postcard::to_allocvec(stamp).unwrap_or_default());
    h.digest128()
}

impl Drop for Bodies {
    /// A new file not renamed into place is removed, with the folder made for it (if
    /// nothing else is in it now).
    fn drop(&mut self) {
        if let Some((tmp, _)) = self.writing.take() {
            let _ = std::fs::remove_file(tmp);
            if let Some(p) = &self.made {
                let _ = std::fs::remove_dir(p);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_round_trip_and_damage_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let tmp = dir.path().join(".dist.bodies-new");
        let path = dir.path().join(".dist.bodies");
        let mut new = Bodies::create(&tmp);
        let a = new.put("第一篇的正文".into());
        let b = new.put("<p>second</p>".into());
        assert!(matches!(a, Body::Stored { .. }));
        assert_eq!(new.read(&a).as_deref(), Some("第一篇的正文"));
        let seal = new.persist(&path).unwrap();
        assert!(!tmp.exists());
        // The next build opens it by the seal the sources file recorded, and no other.
        assert!(Bodies::open(&path, seal ^ 1).is_none());
        let old = Bodies::open(&path, seal).unwrap();
        assert_eq!(old.read(&b).as_deref(), Some("<p>second</p>"));
        // Copied into the next new file.
        let next = Bodies::create(&tmp);
        let b2 = next.keep(&old, &b).unwrap();
        assert_eq!(next.read(&b2).as_deref(), Some("<p>second</p>"));
        drop(next);
        assert!(!tmp.exists(), "an unfinished new file is removed");
        // A damaged byte: the text is refused, not returned …
        let Body::Stored { at, .. } = b else { panic!() };
        let f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        f.write_all_at(b"X", at + 1).unwrap();
        assert_eq!(old.read(&b), None);
        assert_eq!(old.read(&a).as_deref(), Some("第一篇的正文"));
        // … and the file, written since it was sealed, is not opened again.
        assert!(Bodies::open(&path, seal).is_none());
    }
}
