//! A fingerprint of everything a build reads: every file under the content and theme
//! folders (name and bytes; a symbolic link by where it points), the options and the gen
//! binary. When it equals the one the build cache recorded for the site in the output
//! folder, and that folder is still exactly as that build left it, the build has nothing
//! to do (`output::unchanged`). Contents are read and hashed, never judged by file times,
//! so an edit is seen however soon it follows a build; the inputs' `stat` is taken too, so
//! that a build can tell whether anything changed while it read them
//! ([`Inputs::still_the_same`]): then its fingerprint is not recorded.

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

/// The inputs of a build as they were fingerprinted.
pub struct Inputs {
    pub fingerprint: u128,
    /// Every file and folder read.
    stamps: Vec<Stamped>,
}

impl Inputs {
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
    /// A file, or a link to one; the link's target when it is one.
    File(PathBuf, Option<PathBuf>),
    /// A folder, or a link to one.
    Dir(PathBuf, Option<PathBuf>),
    Unreadable(String),
}

/// The fingerprint of the folders `dirs` (each walked in name order) after `seed` (the
/// options and anything else the output depends on). Symbolic links are followed, as the
/// theme's loader follows them: what a link leads to is an input too (content/'s loader
/// refuses links that leave it, which the link's target in the fingerprint decides).
pub fn fingerprint(dirs: &[&Path], seed: &[u8]) -> Inputs {
    let mut found = Vec::new();
    for dir in dirs {
        found.push(Found::Dir(dir.to_path_buf(), None));
        for entry in walkdir::WalkDir::new(dir)
            .min_depth(1)
            .follow_links(true)
            .sort_by_file_name()
        {
            found.push(match entry {
                Ok(e) => {
                    let target = e
                        .path_is_symlink()
                        .then(|| std::fs::read_link(e.path()).unwrap_or_default());
                    if e.file_type().is_dir() {
                        Found::Dir(e.into_path(), target)
                    } else {
                        Found::File(e.into_path(), target)
                    }
                }
                // A loop of links, an unreadable folder: the build reports it.
                Err(e) => Found::Unreadable(e.to_string()),
            });
        }
    }
    // Each entry's own fingerprint and stamp (files read in parallel, each stamped from
    // the handle it is read through), then all fingerprints in order.
    let parts: Vec<(u128, Option<Stamped>)> = found
        .par_iter()
        .map(|f| {
            let (tag, path, target) = match f {
                Found::File(p, t) => (b'f', p, t),
                Found::Dir(p, t) => (b'd', p, t),
                Found::Unreadable(e) => return (xxh3_128(e.as_bytes()), None),
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
            let stamp = if tag == b'f' {
                let read = std::fs::File::open(path).and_then(|mut file| {
                    let meta = file.metadata()?;
                    let mut data = Vec::with_capacity(meta.len() as usize);
                    file.read_to_end(&mut data)?;
                    Ok((Stamp::of(&meta), data))
                });
                match read {
                    Ok((stamp, data)) => {
                        h.update(&data);
                        Some(stamp)
                    }
                    Err(_) => {
                        h.update(b"\xffunreadable");
                        None
                    }
                }
            } else {
                std::fs::metadata(path).ok().map(|m| Stamp::of(&m))
            };
            (h.digest128(), Some((path.clone(), stamp)))
        })
        .collect();
    let mut h = Xxh3::new();
    h.update(seed);
    let mut stamps = Vec::with_capacity(parts.len());
    for (p, stamp) in parts {
        h.update(&p.to_le_bytes());
        stamps.extend(stamp);
    }
    Inputs {
        fingerprint: h.digest128(),
        stamps,
    }
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
        let of = || fingerprint(&[root], b"seed").fingerprint;
        let mut seen = vec![of()];
        assert_eq!(of(), seen[0], "the same files give the same fingerprint");
        assert_ne!(fingerprint(&[root], b"other").fingerprint, seen[0]);
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

    #[test]
    fn an_input_changed_after_the_fingerprint_is_seen() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("a")).unwrap();
        std::fs::write(root.join("a/x.md"), "一").unwrap();
        let inputs = fingerprint(&[root], b"");
        assert!(inputs.still_the_same());
        std::fs::write(root.join("a/x.md"), "二").unwrap();
        assert!(!inputs.still_the_same(), "an edit");
        let inputs = fingerprint(&[root], b"");
        std::fs::write(root.join("a/y.md"), "").unwrap();
        std::fs::remove_file(root.join("a/y.md")).unwrap();
        assert!(!inputs.still_the_same(), "a file added and removed");
    }
}
