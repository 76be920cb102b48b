//! Stage 6, output: writing the site. A build writes into a scratch folder beside the output (`.dist.build`
//! for `dist`) and, only when the whole build succeeded, swaps the two folders in one
//! rename, so a failed build leaves the old site untouched.
//!
//! The site swapped out stays behind as the next build's scratch folder. Building into it
//! rewrites only the files whose bytes changed and deletes those no longer produced, so a
//! rebuild writes little, unchanged files keep their modification time (good for `rsync`
//! uploads), and the file system is spared freeing and allocating tens of thousands of
//! files on every build, which on ext4 cost more than rendering them. The build cache
//! ([`cache`], `.dist.cache`) records what each file of both folders holds and was made
//! from, so that a file is neither rendered nor read back when its inputs did not change,
//! and [`unchanged`] finds when a build has nothing to do at all.
//!
//! The scratch folder is worked through a handle opened once (`output/at.rs`): a changed file is
//! written under a new name and renamed over the old one, so another name of the old
//! file (a hard link: a `cp -al` snapshot of the site, a deduplicating tool's merge) keeps
//! its bytes; a scratch folder deleted or replaced while the build runs makes its writes
//! fail, and before the swap the folder at the path must be the one opened, holding the
//! marker and every file the build wrote or kept (review 2026-12, R1 and R2).
//!
//! gen owns what it writes and nothing else (issue 10). Every build writes a marker file,
//! [`MARKER`], into the site; a build replaces only an output folder that carries it, is
//! empty or does not exist. A symbolic link where the output, the scratch folder or the
//! lock goes is refused, never followed; a link found inside the scratch folder (planted
//! in an earlier output) is removed before the build writes a file. A build that fails
//! removes its partial scratch folder, and a full disk or a permission error is reported
//! once, not once per file.

mod at;
pub mod bodies;
pub mod cache;

use crate::diagnostics::{Problem, ProblemKind};
use cache::{fingerprint, Record, Stamp};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// The file that marks a folder as a site gen wrote, so gen may replace it.
pub const MARKER: &str = crate::load::OUTPUT_MARKER;

/// What the marker says to whoever finds it.
const MARKER_TEXT: &str =
    "This folder is a site written by gen, the generator of this legal-help site.\n\
gen replaces everything in it on every build. gen replaces only a folder that holds\n\
this file (or an empty one): delete this file and gen will leave the folder alone.\n";

/// Where pages go: a folder, or nowhere (`gen check`).
pub enum Sink<'a> {
    Dir(&'a Folder),
    Discard,
}

impl Sink<'_> {
    /// Writes `data` at the site path `rel` (`credit/x/index.html`).
    pub fn write(&self, rel: &str, data: &[u8]) -> Result<(), Problem> {
        self.write_made(rel, data, 0)
    }

    /// Writes `data`, made from the inputs fingerprinted `made_from`, at `rel`.
    fn write_made(&self, rel: &str, data: &[u8], made_from: u128) -> Result<(), Problem> {
        match self {
            Sink::Dir(folder) => folder.write(rel, data, made_from),
            Sink::Discard => Ok(()),
        }
    }

    /// Whether the files of `group` (the search index), made from `made_from`, are
    /// already in the folder as the last such build wrote them; then they are kept.
    pub fn reuse_group(&self, group: &str, made_from: u128) -> bool {
        match self {
            Sink::Dir(folder) => folder.reuse_group(group, made_from),
            Sink::Discard => false,
        }
    }

    /// Records that `paths` were written as `group`, made from `made_from`.
    pub fn record_group(&self, group: &str, made_from: u128, paths: Vec<String>) {
        if let Sink::Dir(folder) = self {
            if let Some(r) = &folder.records {
                lock(&r.site)
                    .groups
                    .insert(group.to_string(), cache::Group { made_from, paths });
            }
        }
    }
}

impl crate::render::Emit for Sink<'_> {
    fn emit(&self, site_path: &str, bytes: &[u8]) -> Result<(), Problem> {
        self.write(site_path, bytes)
    }

    fn reuse(&self, site_path: &str, made_from: u128) -> bool {
        let kept = self.reuse_file(site_path, made_from);
        if let (true, Sink::Dir(folder)) = (kept, self) {
            folder.count_kept();
        }
        kept
    }

    fn reuse_file(&self, site_path: &str, made_from: u128) -> bool {
        match self {
            Sink::Dir(folder) => folder.reuse(site_path, made_from).is_some(),
            Sink::Discard => false,
        }
    }

    fn emit_made(&self, site_path: &str, made_from: u128, bytes: &[u8]) -> Result<(), Problem> {
        self.write_made(site_path, bytes, made_from)
    }
}

/// The search index written through a sink, its paths kept for [`Sink::record_group`].
pub struct GroupSink<'a> {
    pub sink: &'a Sink<'a>,
    pub paths: Mutex<Vec<String>>,
}

impl search::Output for GroupSink<'_> {
    fn write(&self, rel: &str, data: &[u8]) -> std::io::Result<()> {
        lock(&self.paths).push(rel.to_string());
        search::Output::write(self.sink, rel, data)
    }

    fn reuse(&self, rel: &str, made_from: u128) -> Option<u64> {
        let len = search::Output::reuse(self.sink, rel, made_from)?;
        lock(&self.paths).push(rel.to_string());
        Some(len)
    }

    fn write_made(&self, rel: &str, data: &[u8], made_from: u128) -> std::io::Result<()> {
        lock(&self.paths).push(rel.to_string());
        search::Output::write_made(self.sink, rel, data, made_from)
    }
}

/// A mutex's value, also after a thread panicked holding it (the build reports that).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl search::Output for Sink<'_> {
    fn write(&self, rel: &str, data: &[u8]) -> std::io::Result<()> {
        Sink::write(self, rel, data).map_err(|p| std::io::Error::other(p.to_string()))
    }

    fn reuse(&self, rel: &str, made_from: u128) -> Option<u64> {
        match self {
            Sink::Dir(folder) => folder.reuse(rel, made_from).map(|r| r.stamp.len()),
            Sink::Discard => None,
        }
    }

    fn write_made(&self, rel: &str, data: &[u8], made_from: u128) -> std::io::Result<()> {
        self.write_made(rel, data, made_from)
            .map_err(|p| std::io::Error::other(p.to_string()))
    }
}

/// A folder that pages are written into.
pub struct Folder {
    /// The folder's path, for messages and the final swap only: everything else is
    /// done through `dir`, the handle opened once.
    root: PathBuf,
    dir: at::Dir,
    /// The first write that failed for a reason no other file escapes (a full disk, a
    /// permission): every later write fails with this same problem, so it is reported once.
    fatal: OnceLock<Problem>,
    /// For a scratch folder: what it held when this build listed it (under the lock, so
    /// nothing else changes it), and the folders made since. A file not listed is not
    /// looked for (a cold build's scratch folder is empty: no failing open per file), and
    /// each folder is made once, before its first file, not found missing by a failed write.
    known: Option<Known>,
    /// For a scratch folder: the build cache's records of it and of the site being built
    /// (every file written or kept; the folder's other files are left over from an older
    /// build and go before the swap).
    records: Option<Recorded>,
}

/// The build cache's side of a scratch folder ([`cache`]).
struct Recorded {
    /// The files the cache recorded that are still as recorded (same `lstat`).
    trusted: cache::Records,
    /// The cache's groups of files (the search index) whose files are all trusted.
    trusted_groups: HashMap<String, cache::Group>,
    /// What the site being built holds: each file as written or kept.
    site: Mutex<cache::Site>,
    /// How many pages were kept without being rendered ([`Folder::reuse`]).
    kept: std::sync::atomic::AtomicUsize,
    /// The site in the output folder, whose unchanged files are linked into the scratch
    /// folder where it has none (the first build after a cold one has an empty scratch
    /// folder): `None` when there is no output folder.
    from_out: Option<FromOut>,
}

/// The output folder's site, as the build cache recorded it, for [`Folder::link_from_out`].
struct FromOut {
    dir: at::Dir,
    site: cache::Site,
    /// The files linked, with their stamps since (linking changed their change time):
    /// the output's records, updated, so that the next build trusts them.
    linked: Mutex<Vec<(String, Record)>>,
}

impl Recorded {
    /// The records of `recorded` (the scratch folder's site in the cache) that the
    /// listing found unchanged.
    fn new(recorded: cache::Site, listing: &Listing) -> Recorded {
        let stamps: HashMap<&str, &Stamp> = listing
            .iter()
            .filter_map(|(rel, e)| match e {
                Entry::File(s) => Some((rel.as_str(), s)),
                Entry::Dir => None,
            })
            .collect();
        let trusted: cache::Records = recorded
            .files
            .into_iter()
            .filter(|(rel, r)| stamps.get(rel.as_str()) == Some(&&r.stamp))
            .collect();
        let trusted_groups = recorded
            .groups
            .into_iter()
            .filter(|(_, g)| g.paths.iter().all(|p| trusted.contains_key(p)))
            .collect();
        Recorded {
            trusted,
            trusted_groups,
            site: Mutex::new(cache::Site::default()),
            kept: Default::default(),
            from_out: None,
        }
    }
}

/// The files and folders of a scratch folder: as listed, and folders made by this build.
struct Known {
    files: HashSet<String>,
    folders: HashSet<String>,
    made: Mutex<HashSet<String>>,
}

impl Known {
    fn new(listing: &Listing) -> Known {
        let (mut files, mut folders) = (HashSet::new(), HashSet::new());
        for (rel, entry) in listing {
            match entry {
                Entry::Dir => folders.insert(rel.clone()),
                Entry::File(_) => files.insert(rel.clone()),
            };
        }
        Known {
            files,
            folders,
            made: Mutex::new(HashSet::new()),
        }
    }

    /// Makes the folder `dir` (a site path) and those above it that are not there yet.
    /// An error is left to the write that follows, which then clears the way.
    fn make_folder(&self, root: &at::Dir, dir: &str) {
        if dir.is_empty() || self.folders.contains(dir) {
            return;
        }
        if lock(&self.made).contains(dir) {
            return;
        }
        if let Some((parent, _)) = dir.rsplit_once('/') {
            self.make_folder(root, parent);
        }
        match root.make_dir(dir) {
            Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {}
            _ => {
                lock(&self.made).insert(dir.to_string());
            }
        }
    }
}

/// The files (with their `lstat`) and folders found in a scratch folder, by site path.
type Listing = Vec<(String, Entry)>;

/// A listed file or folder.
enum Entry {
    File(Stamp),
    Dir,
}

/// Lists everything in the folder (files and folders, children before their folder),
/// and removes every symbolic link, FIFO, device or socket found there: gen writes none,
/// so it was planted in an earlier output, and following a link would write outside the
/// output (reading a FIFO would wait for ever).
fn list(dir: &at::Dir, root: &Path) -> Result<Listing, Problem> {
    // Folders and files are looked at in parallel (at 50,000 articles the scratch folder
    // holds 140,000 files, each `lstat`ed): the listing is in walk order all the same.
    fn walk(dir: &at::Dir, root: &Path, rel: &str) -> Result<Listing, Problem> {
        use rayon::prelude::*;
        let entries = dir
            .entries(rel)
            .map_err(|e| unlistable(&root.join(rel), e))?;
        let parts = entries
            .into_par_iter()
            .map(|(name, kind)| {
                let path = if rel.is_empty() {
                    name
                } else {
                    format!("{rel}/{name}")
                };
                Ok(match kind {
                    at::Kind::Dir => {
                        let mut found = walk(dir, root, &path)?;
                        found.push((path, Entry::Dir));
                        found
                    }
                    // Gone or replaced meanwhile: the build looks again when it writes.
                    at::Kind::File => dir
                        .stamp(&path)
                        .map(|stamp| vec![(path, Entry::File(stamp))])
                        .unwrap_or_default(),
                    at::Kind::Other => {
                        dir.remove(&path)
                            .map_err(|e| unlistable(&root.join(&path), e))?;
                        Vec::new()
                    }
                })
            })
            .collect::<Result<Vec<Listing>, Problem>>()?;
        Ok(parts.into_iter().flatten().collect())
    }
    match walk(dir, root, "") {
        // Not a problem of a part of it: the whole folder went while it was listed.
        Err(_) if !dir.is_at(root) => Err(scratch_replaced(root, "it was deleted or moved")),
        r => r,
    }
}

/// The problem of a scratch folder at `root` that is not the one a build opened and filled.
fn scratch_replaced(root: &Path, what: &str) -> Problem {
    Problem::new(
        ProblemKind::Io,
        root,
        format!("gen's scratch folder changed while the build ran: {what}; the output was left as it was"),
    )
    .help("build again, and delete the scratch folder (or anything in it) only when no build is running")
}

/// The problem of a scratch folder gen cannot list or clear.
fn unlistable(path: &Path, e: std::io::Error) -> Problem {
    Problem::new(
        ProblemKind::Io,
        path,
        format!("cannot list or clear this part of gen's scratch folder: {e}"),
    )
    .help("gen reuses the previous site as its scratch folder: give it back its permissions (chmod -R u+rwX), or delete the scratch folder yourself when no build is running")
}

impl Folder {
    /// Keeps the file at `rel` when the cache shows it unchanged since a build made it
    /// from the same inputs (`made_from`): the caller need not make it. Its record.
    fn reuse(&self, rel: &str, made_from: u128) -> Option<Record> {
        let r = self.records.as_ref()?;
        if made_from == 0 {
            return None;
        }
        let record = match r.trusted.get(rel) {
            Some(record) if record.made_from == made_from => *record,
            _ => self.link_from_out(r, rel, |o| o.made_from == made_from)?,
        };
        self.keep(r, rel, record);
        Some(record)
    }

    /// Links the output folder's file `rel` into the scratch folder when the scratch
    /// folder has nothing there, the build cache's record of it is `wanted` and the file
    /// is as recorded (the same `lstat`, as [`Recorded::new`] trusts a record): the new
    /// site holds the same bytes without their being rendered or written. Its record.
    fn link_from_out(
        &self,
        r: &Recorded,
        rel: &str,
        wanted: impl Fn(&Record) -> bool,
    ) -> Option<Record> {
        let out = r.from_out.as_ref()?;
        let known = self.known.as_ref()?;
        if known.files.contains(rel) {
            return None;
        }
        let record = *out.site.files.get(rel).filter(|o| wanted(o))?;
        if out.dir.stamp(rel)? != record.stamp {
            return None;
        }
        if let Some((dir, _)) = rel.rsplit_once('/') {
            known.make_folder(&self.dir, dir);
        }
        let stamp = self.dir.link_from(&out.dir, rel).ok()?;
        // Still the file that was looked at (nothing replaced or rewrote it meanwhile).
        if !(stamp.same_file(&record.stamp) && stamp.modified() == record.stamp.modified()) {
            let _ = self.dir.remove(rel);
            return None;
        }
        let linked = Record { stamp, ..record };
        lock(&out.linked).push((rel.to_string(), linked));
        Some(linked)
    }

    /// Counts a page kept by [`Folder::reuse`].
    fn count_kept(&self) {
        if let Some(r) = &self.records {
            r.kept.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// Keeps every file of `group` when the cache shows them made from `made_from`.
    fn reuse_group(&self, group: &str, made_from: u128) -> bool {
        let Some(r) = &self.records else {
            return false;
        };
        if let Some(g) = r
            .trusted_groups
            .get(group)
            .filter(|g| g.made_from == made_from)
        {
            for rel in &g.paths {
                self.keep(r, rel, r.trusted[rel]);
            }
            lock(&r.site).groups.insert(group.to_string(), g.clone());
            return true;
        }
        // Else the output folder's, linked file by file; when one cannot be, the group is
        // made again (over the files linked).
        let Some(g) = r
            .from_out
            .as_ref()
            .and_then(|o| o.site.groups.get(group))
            .filter(|g| g.made_from == made_from)
        else {
            return false;
        };
        for rel in &g.paths {
            match self.link_from_out(r, rel, |_| true) {
                Some(record) => self.keep(r, rel, record),
                None => return false,
            }
        }
        lock(&r.site).groups.insert(group.to_string(), g.clone());
        true
    }

    /// Records `rel` as part of the new site, as it is.
    fn keep(&self, r: &Recorded, rel: &str, record: Record) {
        lock(&r.site).files.insert(rel.to_string(), record);
    }

    /// Writes `data` at `rel` unless the file already holds exactly these bytes.
    fn write(&self, rel: &str, data: &[u8], made_from: u128) -> Result<(), Problem> {
        if let Some(p) = self.fatal.get() {
            return Err(p.clone());
        }
        let Some(r) = &self.records else {
            return self
                .try_write(rel, data)
                .map(|_| ())
                .map_err(|(path, e)| self.problem(&path, e));
        };
        let bytes = fingerprint(data);
        let stamp = match r.trusted.get(rel) {
            // The cache knows the file holds these bytes: nothing to read or write.
            Some(old) if old.bytes == bytes => old.stamp,
            _ => match self.link_from_out(r, rel, |o| o.bytes == bytes) {
                Some(linked) => linked.stamp,
                None => self
                    .try_write(rel, data)
                    .map_err(|(path, e)| self.problem(&path, e))?,
            },
        };
        let record = Record {
            bytes,
            made_from,
            stamp,
        };
        self.keep(r, rel, record);
        Ok(())
    }

    /// The problem of a failed write: a full disk or a missing permission is one problem
    /// of the whole folder (recorded in `fatal`), anything else one of the file.
    fn problem(&self, path: &Path, e: std::io::Error) -> Problem {
        if !self.dir.is_at(&self.root) {
            return self
                .fatal
                .get_or_init(|| self.replaced("it was deleted or replaced"))
                .clone();
        }
        let whole_folder = matches!(
            e.raw_os_error(),
            Some(libc::ENOSPC | libc::EDQUOT | libc::EACCES | libc::EPERM | libc::EROFS)
        );
        if !whole_folder {
            return io_problem(path, e);
        }
        self.fatal
            .get_or_init(|| {
                Problem::new(
                    ProblemKind::Io,
                    &self.root,
                    format!("cannot write the site: {e}"),
                )
                .help("free some space or fix the folder's permissions, then build again (the partial build was removed; the previous site is unchanged)")
            })
            .clone()
    }

    /// Writes `data` at `rel` unless the file holds exactly these bytes; returns the
    /// file's `lstat` as it is now.
    fn try_write(&self, rel: &str, data: &[u8]) -> Result<Stamp, (PathBuf, std::io::Error)> {
        let parent = rel.rsplit_once('/').map(|(dir, _)| dir);
        let first_try = match &self.known {
            Some(known) => {
                if known.files.contains(rel) {
                    if let Some(stamp) = self.dir.holding(rel, data) {
                        return Ok(stamp);
                    }
                }
                if let Some(dir) = parent {
                    known.make_folder(&self.dir, dir);
                }
                if known.files.contains(rel) {
                    self.dir.write(rel, data)
                } else {
                    // Not there when the folder was listed: made in place, no rename
                    // (a file that appeared since is replaced as any other).
                    match self.dir.create(rel, data) {
                        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                            self.dir.write(rel, data)
                        }
                        r => r,
                    }
                }
            }
            None => match self.dir.holding(rel, data) {
                Some(stamp) => return Ok(stamp),
                None => self.dir.write(rel, data),
            },
        };
        let e = match first_try {
            Ok(stamp) => return Ok(stamp),
            Err(e) => e,
        };
        // Usually a new folder; else an older build's file or folder in the way.
        if e.kind() == std::io::ErrorKind::NotFound
            && parent.is_none_or(|dir| self.dir.make_dirs(dir).is_ok())
        {
            if let Ok(stamp) = self.dir.write(rel, data) {
                return Ok(stamp);
            }
        }
        self.clear_way(rel);
        if let Some(dir) = parent {
            self.dir
                .make_dirs(dir)
                .map_err(|e| (self.root.join(dir), e))?;
        }
        self.dir
            .write(rel, data)
            .map_err(|e| (self.root.join(rel), e))
    }

    /// Removes what an older build left in the way of `rel`: a folder where the file
    /// goes, or a file where one of its folders goes.
    fn clear_way(&self, rel: &str) {
        if self.dir.kind(rel) == Some(at::Kind::Dir) {
            let _ = self.dir.remove(rel);
        }
        for (end, _) in rel.match_indices('/') {
            let dir = &rel[..end];
            if self.dir.kind(dir).is_some_and(|k| k != at::Kind::Dir) {
                let _ = self.dir.remove(dir);
            }
        }
    }

    /// The problem of a scratch folder that is not the one this build opened and filled.
    fn replaced(&self, what: &str) -> Problem {
        scratch_replaced(&self.root, what)
    }

    /// Confirms, right before the swap, that the folder at the scratch path is the one
    /// this build opened, and holds the marker and every file the build wrote or kept.
    fn confirm(&self) -> Result<(), Problem> {
        if !self.dir.is_at(&self.root) {
            return Err(self.replaced("it was deleted or replaced"));
        }
        if self.dir.stamp(MARKER).is_none() {
            return Err(self.replaced(&format!("its {MARKER} marker is gone")));
        }
        if let Some(r) = &self.records {
            let site = lock(&r.site);
            let mut files: Vec<(&String, &Record)> = site.files.iter().collect();
            files.sort_unstable_by_key(|(rel, _)| *rel);
            // Looked at in parallel (140,000 files at 50,000 articles); the first missing
            // in name order is named.
            use rayon::prelude::*;
            let missing = files.par_iter().find_first(|(rel, record)| {
                !self
                    .dir
                    .stamp(rel)
                    .is_some_and(|now| now.same_file(&record.stamp))
            });
            if let Some((rel, _)) = missing {
                return Err(self.replaced(&format!("{rel} was deleted or replaced")));
            }
        }
        Ok(())
    }

    /// Deletes every file and folder of `listing` that this build did not write or keep
    /// (the new site's records).
    fn remove_stale(&self, found: Listing) -> Result<(), Problem> {
        let Some(r) = &self.records else {
            return Ok(());
        };
        let site = lock(&r.site);
        let folders = folders_of(site.files.keys());
        let keep = |rel: &str, is_dir: bool| {
            !rel.is_empty()
                && if is_dir {
                    folders.contains(rel)
                } else {
                    site.files.contains_key(rel)
                }
        };
        for (rel, entry) in &found {
            if keep(rel, matches!(entry, Entry::Dir)) {
                continue;
            }
            // The listing ran while the build wrote: look at what is there now.
            let removed = match self.dir.kind(rel) {
                None => Ok(()),
                Some(k) if keep(rel, k == at::Kind::Dir) => Ok(()),
                Some(_) => self.dir.remove(rel),
            };
            removed.map_err(|e| unlistable(&self.root.join(rel), e))?;
        }
        Ok(())
    }
}

fn io_problem(path: &Path, e: std::io::Error) -> Problem {
    Problem::new(ProblemKind::Io, path, format!("cannot write: {e}"))
        .help("check the output folder's permissions and free space")
}

/// The scratch folder of a build into `out`, held by this build alone until it is
/// swapped in or dropped. Dropped without being swapped in (the build failed), it is
/// removed, so that a failed build leaves no partial site taking space.
pub struct Scratch {
    pub folder: Folder,
    out: PathBuf,
    listing: Listing,
    swapped: bool,
    /// The build cache's path, and its record of the site in the output folder (which
    /// becomes the scratch folder's). `None`: something that is not gen's cache is at
    /// the path, and no cache is kept.
    cache: Option<(PathBuf, cache::Site)>,
    /// Why no cache is kept, for a warning.
    pub no_cache: Option<Problem>,
    _lock: std::fs::File,
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if self.swapped {
            return;
        }
        // Only the folder this build opened, if it is still at its path; its marker goes
        // last, so a folder that cannot be removed whole is still known to be gen's.
        let folder = &self.folder;
        if !folder.dir.is_at(&folder.root) {
            return;
        }
        let Ok(entries) = folder.dir.entries("") else {
            return;
        };
        let mut removed = true;
        for (name, _) in entries.iter().filter(|(n, _)| n != MARKER) {
            removed &= folder.dir.remove(name).is_ok();
        }
        if removed && folder.dir.remove(MARKER).is_ok() && folder.dir.is_at(&folder.root) {
            let _ = std::fs::remove_dir(&folder.root);
        }
    }
}

/// Whether `dir` (a real folder) is empty or carries gen's [`MARKER`].
fn owned_or_empty(dir: &Path) -> Result<bool, Problem> {
    if std::fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file()) {
        return Ok(true);
    }
    let mut entries = std::fs::read_dir(dir).map_err(|e| io_problem(dir, e))?;
    Ok(entries.next().is_none())
}

/// Refuses to replace `path` (the output or its scratch folder) unless it does not exist,
/// is an empty folder, or is a folder gen wrote (it carries [`MARKER`]). Nothing is
/// touched: gen never deletes a file it did not write.
pub fn check_owned(path: &Path, what: &str) -> Result<(), Problem> {
    let refuse = |msg: String, help: &str| {
        Problem::new(ProblemKind::Config, path, msg).help(help.to_string())
    };
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_problem(path, e)),
        Ok(m) if m.is_symlink() => Err(refuse(
            format!("the {what} is a symbolic link; gen does not write through links"),
            "pass the real folder with --out, or remove the link (gen replaces the whole folder, and would replace or write through the link)",
        )),
        Ok(m) if !m.is_dir() => Err(refuse(
            format!("the {what} is a file, not a folder; gen does not replace it"),
            "choose another path with --out, such as --out dist",
        )),
        Ok(_) if owned_or_empty(path)? => Ok(()),
        Ok(_) => Err(refuse(
            format!("the {what} holds files gen did not write (it has no {MARKER} marker file); gen replaces only its own sites"),
            "build into a new or empty folder with --out; if this is a site an older gen wrote, delete the folder yourself first",
        )),
    }
}

/// Opens (creating it) the lock file at `path`: never through a symbolic link
/// (`O_NOFOLLOW`), and only a regular file.
fn open_lock(path: &Path) -> Result<std::fs::File, Problem> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK: a FIFO put there fails the open instead of waiting for a reader.
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let symlink = || {
        Problem::new(
            ProblemKind::Config,
            path,
            "the build's lock file is a symbolic link; gen does not write through links",
        )
        .help("remove the link; gen creates the lock file itself")
    };
    let not_a_file = || {
        Problem::new(
            ProblemKind::Config,
            path,
            "the build's lock file is not a regular file (a folder, a FIFO, a device)",
        )
        .help("remove it; gen creates the lock file itself")
    };
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_symlink() => return Err(symlink()),
        Ok(m) if !m.is_file() => return Err(not_a_file()),
        _ => {}
    }
    let file = options.open(path).map_err(|e| {
        if e.raw_os_error() == Some(libc::ELOOP) {
            symlink()
        } else if e.raw_os_error() == Some(libc::ENXIO) {
            not_a_file()
        } else {
            io_problem(path, e)
        }
    })?;
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return Err(not_a_file());
    }
    Ok(file)
}

/// `.{name}{suffix}` beside `out`.
/// What a build puts beside its output folder `out`, by suffix: the scratch folder, the
/// lock, the build cache and its sources (`output/cache.rs`) with their temporary files,
/// the bodies file (`output/bodies.rs`) and the one a build is writing, the inputs'
/// fingerprints (`load/inputs.rs`), the articles as parsed (`load::KnownArticles`) and
/// the search index's state (`search::StateFile`), the swap left by an interrupted swap.
const BESIDE: [&str; 15] = [
    ".build",
    ".lock",
    ".cache",
    ".cache-new",
    ".sources",
    ".sources-new",
    ".bodies",
    ".bodies-new",
    ".inputs",
    ".inputs-new",
    ".articles",
    ".articles-new",
    ".search",
    ".search-new",
    ".swap",
];

/// Where the build cache keeps what the Markdown stage made of each source
/// (`cache::read_sources`): `.dist.sources` beside `dist`.
pub fn sources_path(out: &Path) -> PathBuf {
    beside(out, ".sources")
}

/// Where the build cache keeps each input file's fingerprint (`load::inputs::Known`):
/// `.dist.inputs` beside `dist`.
pub fn inputs_path(out: &Path) -> PathBuf {
    beside(out, ".inputs")
}

/// Where the build cache keeps the articles as parsed (`load::KnownArticles`):
/// `.dist.articles` beside `dist`.
pub fn articles_path(out: &Path) -> PathBuf {
    beside(out, ".articles")
}

/// Where the texts of those sources are (`output/bodies.rs`): `.dist.bodies` beside
/// `dist`, and the one a build writes before it replaces it.
pub fn bodies_paths(out: &Path) -> (PathBuf, PathBuf) {
    (beside(out, ".bodies"), beside(out, ".bodies-new"))
}

/// Where the search index keeps what it needs to index only the changed articles
/// (`search::build_incremental`): `.dist.search` beside `dist`. Like the cache, a
/// damaged or missing file makes a full index.
pub fn search_state_path(out: &Path) -> PathBuf {
    beside(out, ".search")
}

/// Every name a build into a folder named `out_name` owns in that folder's parent: the
/// folder itself and what it puts beside it ([`BESIDE`]). `gen serve` removes a stale
/// preview only when it holds nothing else.
pub fn owned_names(out_name: &str) -> Vec<String> {
    std::iter::once(out_name.to_string())
        .chain(BESIDE.iter().map(|s| format!(".{out_name}{s}")))
        .collect()
}

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
    ///
    /// Refused, before anything is created: an output or scratch folder that gen does not
    /// own ([`check_owned`]) and a lock file that is a symbolic link.
    pub fn open(out: &Path) -> Result<Scratch, Problem> {
        let root = beside(out, ".build");
        check_owned(out, "output folder")?;
        check_owned(&root, "scratch folder beside the output")?;
        let lock_path = beside(out, ".lock");
        if let Some(parent) = lock_path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_problem(parent, e))?;
        }
        let lock = open_lock(&lock_path)?;
        lock.lock().map_err(|e| io_problem(&lock_path, e))?;
        // Again under the lock: another build may have swapped meanwhile.
        check_owned(out, "output folder")?;
        check_owned(&root, "scratch folder beside the output")?;
        // A folder made just now is empty: it is not listed (no failing look per file).
        let fresh = match std::fs::create_dir(&root) {
            Ok(()) => true,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => false,
            Err(e) => return Err(io_problem(&root, e)),
        };
        let cache_path = beside(out, ".cache");
        let (recorded, cache, no_cache) = match cache::read(&cache_path) {
            cache::Found::Usable(c) => {
                let (out, scratch, _) = c.into_settled();
                (scratch, Some((cache_path, out)), None)
            }
            cache::Found::Replaceable => (
                cache::Site::default(),
                Some((cache_path, cache::Site::default())),
                None,
            ),
            cache::Found::Foreign(why) => {
                let p = Problem::warning(
                    ProblemKind::Config,
                    &cache_path,
                    format!("this is where gen keeps its build cache, but {why}: gen leaves it alone and rebuilds every page"),
                )
                .help("move the file away; gen then keeps its cache there and rebuilds only what changed");
                (cache::Site::default(), None, Some(p))
            }
        };
        let dir = at::Dir::open(&root).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => scratch_replaced(&root, "it was deleted or moved"),
            _ => io_problem(&root, e),
        })?;
        let mut scratch = Scratch {
            listing: Vec::new(),
            folder: Folder {
                root,
                dir,
                fatal: OnceLock::new(),
                known: None,
                records: None,
            },
            out: out.to_path_buf(),
            swapped: false,
            cache,
            no_cache,
            _lock: lock,
        };
        if !fresh {
            scratch.listing = list(&scratch.folder.dir, &scratch.folder.root)?;
        }
        scratch.folder.known = Some(Known::new(&scratch.listing));
        let mut records = Recorded::new(recorded, &scratch.listing);
        if let Some((_, site)) = &scratch.cache {
            records.from_out = at::Dir::open(out).ok().map(|dir| FromOut {
                dir,
                site: site.clone(),
                linked: Mutex::new(Vec::new()),
            });
        }
        scratch.folder.records = Some(records);
        scratch.folder.write(MARKER, MARKER_TEXT.as_bytes(), 0)?;
        Ok(scratch)
    }

    /// How many pages this build kept as an earlier build rendered them.
    pub fn kept(&self) -> usize {
        self.folder
            .records
            .as_ref()
            .map_or(0, |r| r.kept.load(std::sync::atomic::Ordering::Relaxed))
    }

    /// The problem that stopped every write (a full disk, a permission), if one did.
    pub fn fatal(&self) -> Option<Problem> {
        self.folder.fatal.get().cloned()
    }

    /// Deletes what this build did not write, then swaps the scratch folder with the
    /// output; the old output becomes the next build's scratch folder. The build cache
    /// then records both, and `made`: what the build read and reported.
    pub fn swap_in(mut self, made: Option<cache::Made>) -> Result<(), Problem> {
        let listing = std::mem::take(&mut self.listing);
        self.folder.remove_stale(listing)?;
        self.folder.confirm()?;
        if let Some((path, _)) = &self.cache {
            // Until it is written again below, no cache describes the folders the wrong
            // way round, should gen be stopped in between.
            cache::remove(path);
        }
        let (scratch, out) = (&self.folder.root, &self.out);
        // The output is checked once more right before it is replaced.
        check_owned(out, "output folder")?;
        let swapped = if std::fs::symlink_metadata(out).is_ok() {
            exchange(scratch, out)
        } else {
            std::fs::rename(scratch, out)
        };
        swapped.map_err(|e| self.folder.problem(out, e))?;
        self.swapped = true;
        // The build cache: the new site is now the output, the old one the scratch folder.
        if let (Some((path, mut old_out)), Some(r)) =
            (self.cache.take(), self.folder.records.take())
        {
            // The files both hold (linked) as they are now.
            if let Some(from_out) = r.from_out {
                for (rel, record) in from_out
                    .linked
                    .into_inner()
                    .unwrap_or_else(|e| e.into_inner())
                {
                    old_out.files.insert(rel, record);
                }
            }
            let new = cache::Cache::new(
                r.site.into_inner().unwrap_or_else(|e| e.into_inner()),
                old_out,
                made,
            );
            // A cache that cannot be written is only a slower next build.
            let _ = cache::write(&path, new);
        }
        Ok(())
    }
}

/// The folders that hold `files` (site paths), all the way up.
fn folders_of<'a>(files: impl Iterator<Item = &'a String>) -> HashSet<&'a str> {
    let mut folders = HashSet::new();
    for rel in files {
        let mut rest = rel.as_str();
        while let Some((dir, _)) = rest.rsplit_once('/') {
            if !folders.insert(dir) {
                break;
            }
            rest = dir;
        }
    }
    folders
}

/// What the last build into `out` recorded, when `out` still holds exactly the site that
/// build made from the inputs fingerprinted `inputs`: the same files, each with the
/// `lstat` it had then (nothing rewrote, added or removed one since; a file written in
/// the same clock tick as the cache is also read and compared). The build then has
/// nothing to do. Looked at under the build's lock; `None` whenever anything differs.
pub fn unchanged(out: &Path, inputs: u128) -> Option<cache::Made> {
    let lock_path = beside(out, ".lock");
    if !std::fs::symlink_metadata(&lock_path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let lock = open_lock(&lock_path).ok()?;
    lock.lock().ok()?;
    let cache::Found::Usable(cache) = cache::read(&beside(out, ".cache")) else {
        return None;
    };
    let made = cache.made.as_ref().filter(|m| m.inputs == inputs)?.clone();
    if !std::fs::symlink_metadata(out).is_ok_and(|m| m.is_dir()) {
        return None;
    }
    let files = &cache.out.files;
    let folders = folders_of(files.keys());
    let mut seen = 0;
    for entry in walkdir::WalkDir::new(out).min_depth(1) {
        let entry = entry.ok()?;
        let rel = entry.path().strip_prefix(out).ok()?.to_str()?;
        let rel = rel.replace(std::path::MAIN_SEPARATOR, "/");
        let kind = entry.file_type();
        if kind.is_dir() {
            folders.contains(rel.as_str()).then_some(())?;
        } else if kind.is_file() {
            let record = files.get(&rel)?;
            (Stamp::of(&entry.metadata().ok()?) == record.stamp).then_some(())?;
            // A file written in the cache's own clock tick could have been rewritten
            // within it keeping its stamp: its bytes are compared.
            if !cache.settled(record) {
                let bytes = crate::load::read_regular(entry.path()).ok()?;
                (fingerprint(&bytes) == record.bytes).then_some(())?;
            }
            seen += 1;
        } else {
            return None;
        }
    }
    (seen == files.len()).then_some(made)
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
    // Only a leftover of gen's own (an interrupted swap) is removed.
    if std::fs::symlink_metadata(&aside).is_ok_and(|m| m.is_dir())
        && owned_or_empty(&aside).unwrap_or(false)
    {
        let _ = std::fs::remove_dir_all(&aside);
    }
    std::fs::rename(b, &aside)?;
    if let Err(e) = std::fs::rename(a, b) {
        let _ = std::fs::rename(&aside, b);
        return Err(e);
    }
    std::fs::rename(&aside, a)
}

#[cfg(test)]
mod tests;
