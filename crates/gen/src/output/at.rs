//! A folder worked through a handle opened once (`openat` and its kin, by rustix), never
//! through its path again. The scratch folder is worked this way so that a folder deleted
//! or replaced while a build runs makes the build's writes fail, instead of landing in a
//! new folder at the same path that is then swapped in as the site (reliability review
//! 2026-12, R2); and a changed file is written under a fresh name and renamed over the
//! old one, so that no other name of the old file (a hard link: a `cp -al` snapshot, a
//! deduplicating tool's merge) ever changes (R1). Only regular files are opened for
//! reading, without blocking: a FIFO or a device is "not these bytes", never read (M2).

use super::cache::Stamp;
use rustix::fs::{AtFlags, FileType, Mode, OFlags};
use std::io::{Read, Write};
use std::os::fd::OwnedFd;
use std::path::Path;

/// An open folder and its identity (device and inode) when it was opened.
pub struct Dir {
    fd: OwnedFd,
    id: (u64, u64),
}

/// What is at a path inside the folder (links are not followed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    Dir,
    /// A symbolic link, a FIFO, a device, a socket.
    Other,
}

fn kind_of(t: FileType) -> Kind {
    match t {
        FileType::RegularFile => Kind::File,
        FileType::Directory => Kind::Dir,
        _ => Kind::Other,
    }
}

/// The identity of what `stat` describes.
// The fields' types differ between platforms: cast to one.
#[allow(clippy::unnecessary_cast)]
fn id_of(s: &rustix::fs::Stat) -> (u64, u64) {
    (s.st_dev as u64, s.st_ino as u64)
}

/// The name a file is written under before it is renamed over `rel`: hidden (no site
/// file is), beside it, and the same for every build, so a leftover of a killed build is
/// an unknown file the next build removes.
fn temporary(rel: &str) -> String {
    match rel.rsplit_once('/') {
        Some((dir, name)) => format!("{dir}/.{name}.gen-new"),
        None => format!(".{rel}.gen-new"),
    }
}

impl Dir {
    /// Opens the folder at `path`; a symbolic link there is refused (`O_NOFOLLOW`).
    pub fn open(path: &Path) -> std::io::Result<Dir> {
        let fd = rustix::fs::open(
            path,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::empty(),
        )?;
        let id = id_of(&rustix::fs::fstat(&fd)?);
        Ok(Dir { fd, id })
    }

    /// Whether `path` is still this folder (not deleted, not replaced by another).
    pub fn is_at(&self, path: &Path) -> bool {
        rustix::fs::lstat(path).is_ok_and(|s| id_of(&s) == self.id)
    }

    /// What is at `rel`, if anything.
    pub fn kind(&self, rel: &str) -> Option<Kind> {
        let s = rustix::fs::statat(&self.fd, rel, AtFlags::SYMLINK_NOFOLLOW).ok()?;
        Some(kind_of(FileType::from_raw_mode(s.st_mode)))
    }

    /// The stamp of the regular file at `rel`, if one is there.
    pub fn stamp(&self, rel: &str) -> Option<Stamp> {
        let s = rustix::fs::statat(&self.fd, rel, AtFlags::SYMLINK_NOFOLLOW).ok()?;
        (kind_of(FileType::from_raw_mode(s.st_mode)) == Kind::File).then(|| Stamp::of_stat(&s))
    }

    /// The names and kinds of what the folder `rel` (`""`: this one) holds.
    pub fn entries(&self, rel: &str) -> std::io::Result<Vec<(String, Kind)>> {
        let at = if rel.is_empty() { "." } else { rel };
        let fd = rustix::fs::openat(
            &self.fd,
            at,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::empty(),
        )?;
        let mut found = Vec::new();
        for entry in rustix::fs::Dir::new(fd)? {
            let entry = entry?;
            let name = entry.file_name().to_bytes();
            if name == b"." || name == b".." {
                continue;
            }
            // A name that is not UTF-8 is none of the site's: it is listed so that it goes.
            let name = String::from_utf8_lossy(name).into_owned();
            let kind = match entry.file_type() {
                FileType::Unknown => {
                    let path = if rel.is_empty() {
                        name.clone()
                    } else {
                        format!("{rel}/{name}")
                    };
                    self.kind(&path).unwrap_or(Kind::Other)
                }
                t => kind_of(t),
            };
            found.push((name, kind));
        }
        Ok(found)
    }

    /// The stamp of the file at `rel` if it is a regular file holding exactly `data`.
    pub fn holding(&self, rel: &str, data: &[u8]) -> Option<Stamp> {
        let fd = rustix::fs::openat(
            &self.fd,
            rel,
            OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .ok()?;
        let mut file = std::fs::File::from(fd);
        let meta = file.metadata().ok()?;
        if !(meta.is_file() && meta.len() == data.len() as u64) {
            return None;
        }
        let mut old = Vec::with_capacity(data.len());
        (file.read_to_end(&mut old).is_ok() && old == data).then(|| Stamp::of(&meta))
    }

    /// Writes `data` as the file `rel`: into a new file beside it, renamed over whatever
    /// is at `rel` (a file, or nothing). The old file, and any other name it has, is left
    /// as it was. Returns the new file's stamp.
    pub fn write(&self, rel: &str, data: &[u8]) -> std::io::Result<Stamp> {
        let tmp = temporary(rel);
        let flags =
            OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let mode = Mode::from_raw_mode(0o666);
        let fd = match rustix::fs::openat(&self.fd, &tmp, flags, mode) {
            // A leftover of a build that was stopped: it goes.
            Err(rustix::io::Errno::EXIST) => {
                self.remove(&tmp)?;
                rustix::fs::openat(&self.fd, &tmp, flags, mode)?
            }
            r => r?,
        };
        let mut file = std::fs::File::from(fd);
        let written = file
            .write_all(data)
            .and_then(|_| Ok(rustix::fs::renameat(&self.fd, &tmp, &self.fd, rel)?));
        if let Err(e) = written {
            let _ = rustix::fs::unlinkat(&self.fd, &tmp, AtFlags::empty());
            return Err(e);
        }
        // After the rename, which changed the file's change time.
        Ok(Stamp::of(&file.metadata()?))
    }

    /// Writes `data` as the new file `rel`, where nothing is: no temporary file and no
    /// rename (a cold build's every file). Fails with `AlreadyExists`, touching nothing,
    /// when something is there. A file cut short by a crash is no published site's (the
    /// folder is swapped in only whole) and is not in the build cache's records, so the
    /// next build compares its bytes and replaces it. Returns the new file's stamp.
    pub fn create(&self, rel: &str, data: &[u8]) -> std::io::Result<Stamp> {
        let flags =
            OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let fd = rustix::fs::openat(&self.fd, rel, flags, Mode::from_raw_mode(0o666))?;
        let mut file = std::fs::File::from(fd);
        if let Err(e) = file.write_all(data) {
            let _ = rustix::fs::unlinkat(&self.fd, rel, AtFlags::empty());
            return Err(e);
        }
        Ok(Stamp::of(&file.metadata()?))
    }

    /// Makes `rel` another name of the file `rel` of the folder `from` (a hard link), where
    /// nothing is: the file's bytes are not read or written. Returns the file's stamp
    /// (linking changed its change time).
    pub fn link_from(&self, from: &Dir, rel: &str) -> std::io::Result<Stamp> {
        rustix::fs::linkat(&from.fd, rel, &self.fd, rel, AtFlags::empty())?;
        self.stamp(rel)
            .ok_or_else(|| std::io::Error::other("the link is not a regular file"))
    }

    /// Makes the folder `rel` (its parent must exist).
    pub fn make_dir(&self, rel: &str) -> std::io::Result<()> {
        Ok(rustix::fs::mkdirat(
            &self.fd,
            rel,
            Mode::from_raw_mode(0o777),
        )?)
    }

    /// Makes the folder `rel` and those above it that are missing.
    pub fn make_dirs(&self, rel: &str) -> std::io::Result<()> {
        let ends = rel.match_indices('/').map(|(i, _)| i).chain([rel.len()]);
        for end in ends {
            match self.make_dir(&rel[..end]) {
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                r => r?,
            }
        }
        Ok(())
    }

    /// Removes what is at `rel`: a file or link (never followed), or a folder with
    /// everything in it.
    pub fn remove(&self, rel: &str) -> std::io::Result<()> {
        if self.kind(rel) == Some(Kind::Dir) {
            for (name, kind) in self.entries(rel)? {
                let child = format!("{rel}/{name}");
                match kind {
                    Kind::Dir => self.remove(&child)?,
                    _ => rustix::fs::unlinkat(&self.fd, &child, AtFlags::empty())?,
                }
            }
            Ok(rustix::fs::unlinkat(&self.fd, rel, AtFlags::REMOVEDIR)?)
        } else {
            Ok(rustix::fs::unlinkat(&self.fd, rel, AtFlags::empty())?)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rewritten_file_leaves_its_other_names_alone() {
        let dir = tempfile::tempdir().unwrap();
        let d = Dir::open(dir.path()).unwrap();
        d.make_dirs("a/b").unwrap();
        d.write("a/b/x.html", b"one").unwrap();
        let snapshot = dir.path().join("snapshot.html");
        std::fs::hard_link(dir.path().join("a/b/x.html"), &snapshot).unwrap();
        let stamp = d.write("a/b/x.html", b"two").unwrap();
        assert_eq!(std::fs::read(&snapshot).unwrap(), b"one");
        assert_eq!(
            std::fs::read(dir.path().join("a/b/x.html")).unwrap(),
            b"two"
        );
        assert_eq!(d.stamp("a/b/x.html"), Some(stamp));
        assert!(d.holding("a/b/x.html", b"two").is_some());
        assert!(d.holding("a/b/x.html", b"one").is_none());
        // No temporary file is left.
        let names: Vec<String> = d.entries("a/b").unwrap().into_iter().map(|e| e.0).collect();
        assert_eq!(names, ["x.html"]);
    }

    #[test]
    fn a_deleted_folder_is_not_recreated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("scratch");
        std::fs::create_dir(&path).unwrap();
        let d = Dir::open(&path).unwrap();
        assert!(d.is_at(&path));
        std::fs::remove_dir(&path).unwrap();
        assert!(!d.is_at(&path));
        assert!(d.make_dirs("a").is_err());
        assert!(d.write("x.html", b"x").is_err());
        assert!(!path.exists());
    }

    #[test]
    fn a_fifo_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = std::ffi::CString::new(dir.path().join("p").to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
        let d = Dir::open(dir.path()).unwrap();
        assert!(d.holding("p", b"").is_none());
        assert_eq!(d.kind("p"), Some(Kind::Other));
        d.write("p", b"x").unwrap();
        assert_eq!(std::fs::read(dir.path().join("p")).unwrap(), b"x");
    }
}
