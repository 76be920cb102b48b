//! A fingerprint of everything a build reads: every file under the content and theme
//! folders that their loaders may read (name and bytes; a symbolic link by where it
//! points; hidden files, leftovers, FIFOs and devices never read), the options and the
//! gen binary. When it equals the one the build cache recorded for the site in the output
//! folder, and that folder is still exactly as that build left it, the build has nothing
//! to do (`output::unchanged`). The inputs' `stat` is taken too, so that a build can tell
//! whether anything changed while it read them ([`Inputs::still_the_same`]): then its
//! fingerprint is not recorded.
//!
//! A file's bytes are read and hashed unless the last build recorded the fingerprint of
//! the very same file ([`Known`]: the same inode, size, modification and change times)
//! and that file last changed well before the last build began to read it. No tool can
//! set a change time back, and a write always sets it, but the clock the kernel stamps
//! files with ticks in milliseconds: a file written in the same tick as it was read
//! could keep its stamp, so a file changed less than [`RECENT`] before that read is always
//! read again (as git does with its "racily clean" entries). At 50,000 articles this
//! spares reading 300 MB on every build.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::{xxh3_128, Xxh3};

/// What `stat` says of a file or folder: any write to it since changes its change time
/// (and a folder's, when an entry is added or removed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
    inode: u64,
}

impl Stamp {
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

    /// The stamp of what `stat` (rustix's) describes: the same as [`Stamp::of`] its
    /// metadata.
    #[cfg(unix)]
    // The fields' types differ between platforms (i32, i64, u64): cast to one.
    #[allow(clippy::unnecessary_cast)]
    pub fn of_stat(s: &rustix::fs::Stat) -> Stamp {
        Stamp {
            len: s.st_size as u64,
            modified: (s.st_mtime as i64, s.st_mtime_nsec as i64),
            changed: (s.st_ctime as i64, s.st_ctime_nsec as i64),
            inode: s.st_ino as u64,
        }
    }

    /// Whether `other` is a stamp of the same file (inode) at the same size.
    pub fn same_file(&self, other: &Stamp) -> bool {
        self.inode == other.inode && self.len == other.len
    }

    /// The file's size in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// When the file last changed (its ctime: no tool can set it back).
    pub fn changed(&self) -> (i64, i64) {
        self.changed
    }

    /// When the file's contents last changed (its mtime).
    pub fn modified(&self) -> (i64, i64) {
        self.modified
    }
}

/// A file or folder read, with its `stat` then (`None`: unreadable).
type Stamped = (PathBuf, Option<Stamp>);

/// How long before the last build began to read its inputs a file must have last changed
/// for the fingerprint that build recorded of it to be trusted without reading it again:
/// far more than the kernel clock's tick.
const RECENT: std::time::Duration = std::time::Duration::from_secs(2);

/// A file's path fingerprint, its stamp and the fingerprint of its bytes.
type KnownFile = (u128, (Stamp, u128));

/// What the last build recorded of each input file (by a fingerprint of its path): its
/// stamp and the fingerprint of its bytes; and when that build began to read them.
#[derive(Default)]
pub struct Known {
    files: std::collections::HashMap<u128, (Stamp, u128)>,
    /// Nanoseconds since 1970.
    taken: u128,
}

impl Known {
    /// The record at `path` (`output::inputs_path`); empty when there is none.
    pub fn read(path: &Path) -> Known {
        let (files, taken) = crate::output::cache::read_inputs(path);
        Known { files, taken }
    }

    /// The fingerprint of the bytes of the file at `key`, when its stamp is `stamp` and it
    /// last changed before [`RECENT`] ahead of the last build's reading.
    fn bytes_of(&self, key: u128, stamp: &Stamp) -> Option<u128> {
        let (known, bytes) = self.files.get(&key)?;
        let (secs, nanos) = stamp.changed;
        let changed = u128::try_from(secs).ok()? * 1_000_000_000 + u128::try_from(nanos).ok()?;
        (known == stamp && changed + RECENT.as_nanos() < self.taken).then_some(*bytes)
    }
}

/// The inputs of a build as they were fingerprinted.
pub struct Inputs {
    pub fingerprint: u128,
    /// Every file and folder read.
    stamps: Vec<Stamped>,
    /// Each file's path fingerprint, stamp and bytes' fingerprint, for the next build.
    files: Vec<KnownFile>,
    /// When the reading began (nanoseconds since 1970).
    taken: u128,
}

impl Inputs {
    /// Each file's bytes' fingerprint, by its path's (`load::KnownArticles::bytes`).
    pub fn bytes(&self) -> std::collections::HashMap<u128, u128> {
        self.files.iter().map(|&(k, (_, b))| (k, b)).collect()
    }

    /// Records each file's fingerprint at `path` (`output::inputs_path`) for the next
    /// build ([`Known`]), under the build's lock. A file that cannot be written only
    /// makes the next build read every input.
    pub fn save(&self, path: &Path) {
        let _ = crate::output::cache::write_inputs(path, self.taken, self.files.clone());
    }

    /// Whether every input is still as it was when fingerprinted: no file was edited,
    /// added or removed while the build read them, so the fingerprint describes what the
    /// build read.
    pub fn still_the_same(&self) -> bool {
        self.stamps
            .par_iter()
            .all(|(p, s)| std::fs::metadata(p).ok().map(|m| Stamp::of(&m)) == *s)
    }
}

/// One entry found below a folder, in walk order.
enum Found {
    /// A regular file, or a link to one; the link's target when it is one.
    File(PathBuf, Option<PathBuf>),
    /// A folder, or a link to one.
    Dir(PathBuf, Option<PathBuf>),
    /// A FIFO, a device or a socket (or a link to one): never opened; no loader reads it.
    Special(PathBuf, Option<PathBuf>),
    /// A link the loader refuses (it leads out of content/): its target path only.
    LinkOut(PathBuf, PathBuf),
    Unreadable(String),
}

/// How the links below a folder are treated: as that folder's loader treats them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// content/: a link that leads out of the folder is refused by the loader; its target
    /// path is fingerprinted and nothing behind it is read.
    StayInside,
    /// theme/: links are followed wherever they lead.
    Followed,
}

/// The fingerprint of the folders `dirs` (each walked in name order) after `seed` (the
/// options and anything else the output depends on). It covers exactly what the loaders
/// may read (review 2026-12, M1): hidden files and editors' leftovers are skipped (no
/// loader reads them), only regular files are opened (a FIFO or a device is
/// fingerprinted by its name, never read), and a link is followed only where its folder's
/// loader follows it (what it leads to is an input too).
pub fn fingerprint(dirs: &[(&Path, Links)], seed: &[u8], known: &Known) -> Inputs {
    let taken = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut found = Vec::new();
    for &(dir, links) in dirs {
        found.push(Found::Dir(dir.to_path_buf(), None));
        let root = dir.canonicalize().ok();
        let mut walk = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter();
        while let Some(entry) = walk.next() {
            let e = match entry {
                Ok(e) => e,
                // A loop of links, an unreadable folder: the build reports it.
                Err(e) => {
                    found.push(Found::Unreadable(e.to_string()));
                    continue;
                }
            };
            let is_dir = e.file_type().is_dir();
            if super::is_hidden_or_leftover(&e.file_name().to_string_lossy()) {
                if is_dir {
                    walk.skip_current_dir();
                }
                continue;
            }
            let target = e
                .path_is_symlink()
                .then(|| std::fs::read_link(e.path()).unwrap_or_default());
            if let (Some(t), Links::StayInside) = (&target, links) {
                let inside = match (&root, e.path().canonicalize()) {
                    (Some(root), Ok(real)) => real.starts_with(root),
                    _ => false,
                };
                if !inside {
                    if is_dir {
                        walk.skip_current_dir();
                    }
                    found.push(Found::LinkOut(e.into_path(), t.clone()));
                    continue;
                }
            }
            found.push(if is_dir {
                Found::Dir(e.into_path(), target)
            } else if e.file_type().is_file() {
                Found::File(e.into_path(), target)
            } else {
                Found::Special(e.into_path(), target)
            });
        }
    }
    // Each entry's own fingerprint and stamp (files read in parallel, each stamped from
    // the handle it is read through), then all fingerprints in order.
    let parts: Vec<(u128, Option<Stamped>, Option<KnownFile>)> = found
        .par_iter()
        .map(|f| {
            let (tag, path, target) = match f {
                Found::File(p, t) => (b'f', p, t.as_ref()),
                Found::Dir(p, t) => (b'd', p, t.as_ref()),
                Found::Special(p, t) => (b's', p, t.as_ref()),
                Found::LinkOut(p, t) => (b'l', p, Some(t)),
                Found::Unreadable(e) => return (xxh3_128(e.as_bytes()), None, None),
            };
            let mut h = Xxh3::new();
            h.update(&[tag]);
            h.update(path.to_string_lossy().as_bytes());
            h.update(&[0]);
            if let Some(t) = target {
                h.update(b"->");
                h.update(t.to_string_lossy().as_bytes());
                h.update(&[0]);
            }
            let mut file = None;
            let stamp = match tag {
                b'f' => {
                    let key = xxh3_128(path.as_os_str().as_encoded_bytes());
                    let trusted = std::fs::metadata(path).ok().and_then(|m| {
                        let stamp = Stamp::of(&m);
                        Some((stamp, known.bytes_of(key, &stamp)?))
                    });
                    match trusted.map_or_else(
                        || read_stamped(path).map(|(s, data)| (s, xxh3_128(&data))),
                        Ok,
                    ) {
                        Ok((stamp, bytes)) => {
                            h.update(&bytes.to_le_bytes());
                            file = Some((key, (stamp, bytes)));
                            Some(stamp)
                        }
                        Err(_) => {
                            h.update(b"\xffunreadable");
                            None
                        }
                    }
                }
                b'l' => None,
                _ => std::fs::metadata(path).ok().map(|m| Stamp::of(&m)),
            };
            (h.digest128(), Some((path.clone(), stamp)), file)
        })
        .collect();
    let mut h = Xxh3::new();
    h.update(seed);
    let mut stamps = Vec::with_capacity(parts.len());
    let mut files = Vec::with_capacity(parts.len());
    for (p, stamp, file) in parts {
        h.update(&p.to_le_bytes());
        stamps.extend(stamp);
        files.extend(file);
    }
    Inputs {
        fingerprint: h.digest128(),
        stamps,
        files,
        taken,
    }
}

/// A regular file's stamp and bytes, read through one handle (a FIFO or device refused).
fn read_stamped(path: &Path) -> std::io::Result<(Stamp, Vec<u8>)> {
    let (mut file, meta) = super::open_regular(path)?;
    let mut data = Vec::with_capacity(meta.len() as usize);
    file.read_to_end(&mut data)?;
    Ok((Stamp::of(&meta), data))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_change_below_the_folders_changes_the_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("a")).unwrap();
        std::fs::write(root.join("a/x.md"), "一").unwrap();
        let of = || fingerprint(&[(root, Links::Followed)], b"seed", &Known::default()).fingerprint;
        let mut seen = vec![of()];
        assert_eq!(of(), seen[0], "the same files give the same fingerprint");
        assert_ne!(
            fingerprint(&[(root, Links::Followed)], b"other", &Known::default()).fingerprint,
            seen[0]
        );
        let mut changed = |change: &dyn Fn()| {
            change();
            let f = of();
            assert!(!seen.contains(&f), "a change was not seen");
            seen.push(f);
        };
        // Same length, other bytes; a new file; a new empty folder; a rename.
        changed(&|| std::fs::write(root.join("a/x.md"), "二").unwrap());
        changed(&|| std::fs::write(root.join("a/y.md"), "").unwrap());
        changed(&|| std::fs::create_dir(root.join("b")).unwrap());
        changed(&|| std::fs::rename(root.join("a/y.md"), root.join("b/y.md")).unwrap());
        #[cfg(unix)]
        {
            changed(&|| std::os::unix::fs::symlink("x.md", root.join("a/l")).unwrap());
            changed(&|| {
                std::fs::remove_file(root.join("a/l")).unwrap();
                std::os::unix::fs::symlink("y.md", root.join("a/l")).unwrap()
            });
            // A file reached through a link to outside the folder: its bytes count.
            let outside = tempfile::tempdir().unwrap();
            std::fs::write(outside.path().join("base.html"), "一").unwrap();
            changed(&|| std::os::unix::fs::symlink(outside.path(), root.join("linked")).unwrap());
            changed(&|| std::fs::write(outside.path().join("base.html"), "二").unwrap());
        }
    }

    #[cfg(unix)]
    #[test]
    fn only_what_a_loader_reads_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("content");
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/x.md"), "一").unwrap();
        let of = || fingerprint(&[(&root, Links::StayInside)], b"", &Known::default()).fingerprint;
        let before = of();
        // Hidden files and leftovers: not read, not counted.
        std::fs::write(root.join("a/.x.md.swp"), "x").unwrap();
        std::fs::write(root.join(".env"), "x").unwrap();
        assert_eq!(of(), before);
        // A FIFO and a link to a device: counted by name, never opened (this returns).
        let fifo = std::ffi::CString::new(root.join("a/p.png").to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
        std::os::unix::fs::symlink("/dev/zero", root.join("a/zero.md")).unwrap();
        let with_specials = of();
        assert_ne!(with_specials, before);
        // A link out of content/: its target path counts, not what it leads to.
        let outside = dir.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("a/linked")).unwrap();
        let linked = of();
        assert_ne!(linked, with_specials);
        std::fs::write(outside.join("big.md"), "二").unwrap();
        assert_eq!(of(), linked);
    }

    /// A recorded fingerprint stands for a file's bytes only when its stamp is the same
    /// and it last changed well before the record was taken.
    #[test]
    fn a_file_is_read_again_unless_its_stamp_and_age_vouch_for_it() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("x.md"), "一").unwrap();
        let of = |known: &Known| fingerprint(&[(root, Links::Followed)], b"", known).fingerprint;
        let read = fingerprint(&[(root, Links::Followed)], b"", &Known::default());
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let later = now + 60_000_000_000;
        let with = |bytes: Option<u128>, taken: u128| Known {
            files: read
                .files
                .iter()
                .map(|&(k, (s, b))| (k, (s, bytes.unwrap_or(b))))
                .collect(),
            taken,
        };
        // A true record, taken long after the file changed: the same fingerprint.
        assert_eq!(of(&with(None, later)), read.fingerprint);
        // A false one: trusted (so the file was not read), the fingerprint differs.
        assert_ne!(of(&with(Some(42), later)), read.fingerprint);
        // The same false record taken right after the file changed: not trusted.
        assert_eq!(of(&with(Some(42), now)), read.fingerprint);
        // An edit changes the stamp: the file is read again, whatever the record says
        // (past the clock's tick: within it, only a true `taken` protects, as above).
        std::thread::sleep(std::time::Duration::from_millis(50));
        std::fs::write(root.join("x.md"), "二").unwrap();
        assert_eq!(
            of(&with(None, later)),
            fingerprint(&[(root, Links::Followed)], b"", &Known::default()).fingerprint
        );
        assert_ne!(of(&with(None, later)), read.fingerprint);
    }

    #[test]
    fn an_input_changed_after_the_fingerprint_is_seen() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("a")).unwrap();
        std::fs::write(root.join("a/x.md"), "一").unwrap();
        let inputs = fingerprint(&[(root, Links::Followed)], b"", &Known::default());
        assert!(inputs.still_the_same());
        std::fs::write(root.join("a/x.md"), "二").unwrap();
        assert!(!inputs.still_the_same(), "an edit");
        let inputs = fingerprint(&[(root, Links::Followed)], b"", &Known::default());
        std::fs::write(root.join("a/y.md"), "").unwrap();
        std::fs::remove_file(root.join("a/y.md")).unwrap();
        assert!(!inputs.still_the_same(), "a file added and removed");
    }
}
