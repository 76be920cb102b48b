//! Stage 6, output: writing the site. A build writes into a scratch folder beside the output (`.dist.build`
//! for `dist`) and, only when the whole build succeeded, swaps the two folders in one
//! rename, so a failed build leaves the old site untouched.
//!
//! The site swapped out stays behind as the next build's scratch folder. Building into it
//! rewrites only the files whose bytes changed and deletes those no longer produced, so a
//! rebuild writes little, unchanged files keep their modification time (good for `rsync`
//! uploads), and the file system is spared freeing and allocating tens of thousands of
//! files on every build, which on ext4 cost more than rendering them.

use crate::diagnostics::{Problem, ProblemKind};
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where pages go: a folder, or nowhere (`gen check`).
pub enum Sink<'a> {
    Dir(&'a Folder),
    Discard,
}

impl Sink<'_> {
    /// Writes `data` at the site path `rel` (`credit/x/index.html`).
    pub fn write(&self, rel: &str, data: &[u8]) -> Result<(), Problem> {
        match self {
            Sink::Dir(folder) => folder.write(rel, data),
            Sink::Discard => Ok(()),
        }
    }
}

impl crate::render::Emit for Sink<'_> {
    fn emit(&self, site_path: &str, bytes: &[u8]) -> Result<(), Problem> {
        self.write(site_path, bytes)
    }
}

impl search::Output for Sink<'_> {
    fn write(&self, rel: &str, data: &[u8]) -> std::io::Result<()> {
        Sink::write(self, rel, data).map_err(|p| std::io::Error::other(p.to_string()))
    }
}

/// A folder that pages are written into.
pub struct Folder {
    root: PathBuf,
    /// The site paths written so far, kept for a scratch folder, whose other files are
    /// left over from an older build.
    written: Option<Mutex<HashSet<String>>>,
}

/// The files and folders found in a scratch folder (site paths), listed in the background
/// while the build renders.
type Listing = std::thread::JoinHandle<Result<Vec<(String, bool)>, Problem>>;

/// Lists everything under `root` (files and folders, children before their folder).
fn list(root: PathBuf) -> Listing {
    std::thread::spawn(move || {
        let mut found = Vec::new();
        for entry in walkdir::WalkDir::new(&root)
            .min_depth(1)
            .contents_first(true)
        {
            let entry = match entry {
                Ok(entry) => entry,
                // The build replaced it meanwhile (a folder where a file was, or the
                // reverse): what is there now is this build's.
                Err(e)
                    if e.io_error()
                        .is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound) =>
                {
                    continue
                }
                Err(e) => {
                    let path = e.path().unwrap_or(&root).to_path_buf();
                    return Err(io_problem(&path, e.into()));
                }
            };
            let rel = entry
                .path()
                .strip_prefix(&root)
                .ok()
                .and_then(|r| r.to_str())
                .map(|r| r.replace(std::path::MAIN_SEPARATOR, "/"))
                // A name that is not UTF-8 is none of the site's: it goes.
                .unwrap_or_default();
            found.push((rel, entry.file_type().is_dir()));
        }
        Ok(found)
    })
}

impl Folder {
    /// The live output folder itself (`gen serve` re-rendering one article): files are
    /// replaced one by one and nothing else is touched.
    pub fn live(root: &Path) -> Folder {
        Folder {
            root: root.to_path_buf(),
            written: None,
        }
    }

    /// Writes `data` at `rel` unless the file already holds exactly these bytes.
    fn write(&self, rel: &str, data: &[u8]) -> Result<(), Problem> {
        if let Some(w) = &self.written {
            w.lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(rel.to_string());
        }
        let path = self.root.join(rel);
        if holds(&path, data) {
            return Ok(());
        }
        let Err(e) = std::fs::write(&path, data) else {
            return Ok(());
        };
        let parent = path.parent().unwrap_or(&self.root);
        // Usually a new folder; else an older build's file or folder in the way.
        if e.kind() != std::io::ErrorKind::NotFound
            || std::fs::create_dir_all(parent).is_err()
            || std::fs::write(&path, data).is_err()
        {
            self.clear_way(&path);
            std::fs::create_dir_all(parent).map_err(|e| io_problem(parent, e))?;
            std::fs::write(&path, data).map_err(|e| io_problem(&path, e))?;
        }
        Ok(())
    }

    /// Removes what an older build left in the way of `path`: a folder where the file
    /// goes, or a file where one of its folders goes.
    fn clear_way(&self, path: &Path) {
        if path.is_dir() {
            let _ = std::fs::remove_dir_all(path);
        }
        let mut dir = path.parent();
        while let Some(d) = dir {
            if d == self.root || !d.starts_with(&self.root) {
                break;
            }
            if d.is_file() {
                let _ = std::fs::remove_file(d);
            }
            dir = d.parent();
        }
    }

    /// Deletes every file and folder of `listing` that this build did not write.
    fn remove_stale(&self, listing: Listing) -> Result<(), Problem> {
        let Some(written) = &self.written else {
            return Ok(());
        };
        let found = listing.join().unwrap_or_else(|_| {
            Err(io_problem(
                &self.root,
                std::io::Error::other("listing failed"),
            ))
        })?;
        let written = written.lock().unwrap_or_else(|e| e.into_inner());
        let mut folders: HashSet<&str> = HashSet::new();
        for rel in written.iter() {
            let mut rest = rel.as_str();
            while let Some((dir, _)) = rest.rsplit_once('/') {
                if !folders.insert(dir) {
                    break;
                }
                rest = dir;
            }
        }
        let keep = |rel: &str, is_dir: bool| {
            !rel.is_empty()
                && if is_dir {
                    folders.contains(rel)
                } else {
                    written.contains(rel)
                }
        };
        for (rel, was_dir) in &found {
            if keep(rel, *was_dir) {
                continue;
            }
            // The listing ran while the build wrote: look at what is there now.
            let path = self.root.join(rel);
            let removed = match std::fs::symlink_metadata(&path) {
                Err(_) => Ok(()),
                Ok(m) if keep(rel, m.is_dir()) => Ok(()),
                Ok(m) if m.is_dir() => std::fs::remove_dir_all(&path),
                Ok(_) => std::fs::remove_file(&path),
            };
            removed.map_err(|e| io_problem(&path, e))?;
        }
        Ok(())
    }
}

/// Whether the file at `path` holds exactly `data`.
fn holds(path: &Path, data: &[u8]) -> bool {
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    if !file
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() == data.len() as u64)
    {
        return false;
    }
    let mut old = Vec::with_capacity(data.len());
    file.read_to_end(&mut old).is_ok() && old == data
}

fn io_problem(path: &Path, e: std::io::Error) -> Problem {
    Problem::new(ProblemKind::Io, path, format!("cannot write: {e}"))
        .help("check the output folder's permissions and free space")
}

/// The scratch folder of a build into `out`, held by this build alone until it is
/// swapped in or dropped.
pub struct Scratch {
    pub folder: Folder,
    out: PathBuf,
    listing: Listing,
    _lock: std::fs::File,
}

/// `.{name}{suffix}` beside `out`.
fn beside(out: &Path, suffix: &str) -> PathBuf {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dist".into());
    parent.join(format!(".{name}{suffix}"))
}

/// `path` made absolute and resolved as far as it exists (symbolic links, `..`).
fn resolved(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut rest = Vec::new();
    let mut base = abs.as_path();
    loop {
        if let Ok(real) = base.canonicalize() {
            return rest.iter().rev().fold(real, |p, c| p.join(c));
        }
        match (base.parent(), base.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                base = parent;
            }
            _ => return abs,
        }
    }
}

/// Refuses an output folder that holds one of `inputs` (the content, the theme, the
/// current folder: a build replaces the whole output folder) or lies inside one of
/// `sources` (the next build would read the site as content).
pub fn check_out(
    out: &Path,
    inputs: &[(&str, &Path)],
    sources: &[(&str, &Path)],
) -> Result<(), Problem> {
    let target = resolved(out);
    let problem = |msg: String| {
        Problem::new(ProblemKind::Config, out, msg).help(
            "build into a folder of its own, such as --out dist: a build replaces the whole output folder",
        )
    };
    for (what, input) in inputs {
        if resolved(input).starts_with(&target) {
            return Err(problem(format!(
                "the output folder holds the {what} ({})",
                input.display()
            )));
        }
    }
    for (what, source) in sources {
        if target.starts_with(resolved(source)) {
            return Err(problem(format!(
                "the output folder is inside the {what} ({})",
                source.display()
            )));
        }
    }
    Ok(())
}

impl Scratch {
    /// Opens (or creates) the scratch folder of `out`, waiting for any other build into
    /// `out` to finish first.
    pub fn open(out: &Path) -> Result<Scratch, Problem> {
        let lock_path = beside(out, ".lock");
        if let Some(parent) = lock_path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_problem(parent, e))?;
        }
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| io_problem(&lock_path, e))?;
        lock.lock().map_err(|e| io_problem(&lock_path, e))?;
        let root = beside(out, ".build");
        if !root.is_dir() {
            let _ = std::fs::remove_file(&root);
            std::fs::create_dir_all(&root).map_err(|e| io_problem(&root, e))?;
        }
        Ok(Scratch {
            listing: list(root.clone()),
            folder: Folder {
                root,
                written: Some(Mutex::new(HashSet::new())),
            },
            out: out.to_path_buf(),
            _lock: lock,
        })
    }

    /// Deletes what this build did not write, then swaps the scratch folder with the
    /// output; the old output becomes the next build's scratch folder.
    pub fn swap_in(self) -> Result<(), Problem> {
        self.folder.remove_stale(self.listing)?;
        let (scratch, out) = (&self.folder.root, &self.out);
        let swapped = if out.exists() {
            exchange(scratch, out)
        } else {
            std::fs::rename(scratch, out)
        };
        swapped.map_err(|e| io_problem(out, e))
    }
}

/// Swaps two folders: in one step where the system can (Linux), else by three renames.
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes());
        let (ca, cb) = (c(a)?, c(b)?);
        // SAFETY: both are valid NUL-terminated paths that outlive the call.
        let r = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                ca.as_ptr(),
                libc::AT_FDCWD,
                cb.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if r == 0 {
            return Ok(());
        }
        let e = std::io::Error::last_os_error();
        // A file system without the exchange falls back to renames.
        if !matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) {
            return Err(e);
        }
    }
    let aside = beside(b, ".swap");
    let _ = std::fs::remove_dir_all(&aside);
    std::fs::rename(b, &aside)?;
    if let Err(e) = std::fs::rename(a, b) {
        let _ = std::fs::rename(&aside, b);
        return Err(e);
    }
    std::fs::rename(&aside, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(dir: &Path) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into();
                (rel, std::fs::read_to_string(e.path()).unwrap())
            })
            .collect();
        v.sort();
        v
    }

    fn build(out: &Path, pages: &[(&str, &str)]) {
        let s = Scratch::open(out).unwrap();
        for (rel, text) in pages {
            s.folder.write(rel, text.as_bytes()).unwrap();
        }
        s.swap_in().unwrap();
    }

    #[test]
    fn rebuilds_reuse_the_old_site_and_drop_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("dist");
        build(&out, &[("index.html", "一"), ("a/index.html", "A")]);
        assert_eq!(
            files(&out),
            [
                ("a/index.html".into(), "A".into()),
                ("index.html".into(), "一".into())
            ]
        );
        build(&out, &[("index.html", "二"), ("b/c/index.html", "C")]);
        build(&out, &[("index.html", "三"), ("b/c/index.html", "C")]);
        assert_eq!(
            files(&out),
            [
                ("b/c/index.html".into(), "C".into()),
                ("index.html".into(), "三".into())
            ]
        );
        // The scratch folder holds the site before: "a/" is gone from both.
        let scratch = dir.path().join(".dist.build");
        assert_eq!(
            files(&scratch),
            [
                ("b/c/index.html".into(), "C".into()),
                ("index.html".into(), "二".into())
            ]
        );
    }

    #[test]
    fn an_unchanged_file_is_not_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("dist");
        let meta = |f: &str| std::fs::metadata(out.join(f)).unwrap().modified().unwrap();
        build(&out, &[("same.html", "x"), ("new.html", "1")]);
        let first = meta("same.html");
        std::thread::sleep(std::time::Duration::from_millis(20));
        build(&out, &[("same.html", "x"), ("new.html", "1")]);
        // The third build writes into the first one's folder: only new.html changes.
        build(&out, &[("same.html", "x"), ("new.html", "2")]);
        assert_eq!(meta("same.html"), first);
        assert!(meta("new.html") > first);
    }

    #[test]
    fn a_file_and_a_folder_may_trade_places() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("dist");
        build(&out, &[("x", "file"), ("y/index.html", "in y")]);
        build(&out, &[("x", "file"), ("y/index.html", "in y")]);
        build(&out, &[("x/index.html", "in x"), ("y", "file")]);
        assert_eq!(
            files(&out),
            [
                ("x/index.html".into(), "in x".into()),
                ("y".into(), "file".into())
            ]
        );
    }

    #[test]
    fn an_output_folder_must_not_hold_the_sources() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("site/content");
        std::fs::create_dir_all(&content).unwrap();
        let inputs = [("content folder", content.as_path())];
        for bad in [
            dir.path().join("site"),
            content.clone(),
            dir.path().join("site/content/.."),
        ] {
            let e = check_out(&bad, &inputs, &inputs).unwrap_err().to_string();
            assert!(e.contains("holds the content folder"), "{e}");
        }
        let inside = content.join("x");
        let e = check_out(&inside, &inputs, &inputs)
            .unwrap_err()
            .to_string();
        assert!(e.contains("is inside the content folder"), "{e}");
        // The current folder may hold the output (the usual dist/).
        check_out(&inside, &inputs, &[]).unwrap();
        check_out(&dir.path().join("site/dist"), &inputs, &inputs).unwrap();
        check_out(&dir.path().join("new/dist"), &inputs, &inputs).unwrap();
    }

    #[test]
    fn a_dropped_scratch_leaves_the_output_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("dist");
        build(&out, &[("index.html", "good")]);
        let s = Scratch::open(&out).unwrap();
        s.folder.write("index.html", b"half-built").unwrap();
        drop(s);
        assert_eq!(files(&out), [("index.html".into(), "good".into())]);
        build(&out, &[("index.html", "next")]);
        assert_eq!(files(&out), [("index.html".into(), "next".into())]);
    }
}
