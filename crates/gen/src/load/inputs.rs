//! A fingerprint of everything a build reads: every file under the content and theme
//! folders (name and bytes; a symbolic link by where it points), the options and the gen
//! binary. When it equals the one the build cache recorded for the site in the output
//! folder, and that folder is still exactly as that build left it, the build has nothing
//! to do (`output::unchanged`). Contents are read and hashed, never judged by file times,
//! so an edit is seen however soon it follows a build.

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::{xxh3_128, Xxh3};

/// One entry found below a folder, in walk order.
enum Found {
    File(PathBuf),
    Link(PathBuf),
    Dir(PathBuf),
    Unreadable(String),
}

/// The fingerprint of the folders `dirs` (each walked in name order) after `seed` (the
/// options and anything else the output depends on).
pub fn fingerprint(dirs: &[&Path], seed: &[u8]) -> u128 {
    let mut found = Vec::new();
    for dir in dirs {
        found.push(Found::Dir(dir.to_path_buf()));
        for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
            found.push(match entry {
                Ok(e) if e.path_is_symlink() => Found::Link(e.into_path()),
                Ok(e) if e.file_type().is_dir() => Found::Dir(e.into_path()),
                Ok(e) => Found::File(e.into_path()),
                Err(e) => Found::Unreadable(e.to_string()),
            });
        }
    }
    // Each entry's own fingerprint (files read in parallel), then all of them in order.
    let parts: Vec<u128> = found
        .par_iter()
        .map(|f| {
            let (tag, path, data) = match f {
                Found::File(p) => (b'f', p, std::fs::read(p).ok()),
                Found::Link(p) => (
                    b'l',
                    p,
                    std::fs::read_link(p)
                        .ok()
                        .map(|t| t.to_string_lossy().into_owned().into_bytes()),
                ),
                Found::Dir(p) => (b'd', p, Some(Vec::new())),
                Found::Unreadable(e) => return xxh3_128(e.as_bytes()),
            };
            let mut h = Xxh3::new();
            h.update(&[tag]);
            h.update(path.to_string_lossy().as_bytes());
            h.update(&[0]);
            match data {
                Some(d) => h.update(&d),
                None => h.update(b"\xffunreadable"),
            }
            h.digest128()
        })
        .collect();
    let mut h = Xxh3::new();
    h.update(seed);
    for p in parts {
        h.update(&p.to_le_bytes());
    }
    h.digest128()
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
        let of = || fingerprint(&[root], b"seed");
        let mut seen = vec![of()];
        assert_eq!(of(), seen[0], "the same files give the same fingerprint");
        assert_ne!(fingerprint(&[root], b"other"), seen[0]);
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
        }
    }
}
