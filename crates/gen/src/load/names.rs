//! Which names content may take and which files it may read: hidden files and editors'
//! leftovers are never content, a category or slug may not take a name gen writes
//! itself, every slug and tag must be writable as a file name (whatever `gen check`
//! accepts, `build` can write), and a symbolic link must not lead out of content/
//! (issue 10: nothing outside content/ reaches the site).

use crate::diagnostics::{Problem, ProblemKind};
use std::path::{Path, PathBuf};

/// The file gen writes into every site it builds, so that it replaces only its own.
pub const OUTPUT_MARKER: &str = ".gen-site";

/// The folders of the site that gen writes alone; no category may be named so.
pub const GENERATED_FOLDERS: &[&str] =
    &["tags", "page", "static", "calc", "search", "__livereload"];

/// The files at the site's root that gen writes; no category may be named so either.
pub const GENERATED_FILES: &[&str] = &[
    "index.html",
    "404.html",
    "atom.xml",
    "sitemap.xml",
    "robots.txt",
    "__livereload.js",
    OUTPUT_MARKER,
];

/// Whether a file or folder name is hidden or an editor's leftover (`.git`, `.env`,
/// `.DS_Store`, `x.md~`, `.x.md.swp`, `#x.md#`): never content, never published, never a
/// reason to rebuild in `gen serve`.
pub fn is_hidden_or_leftover(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swo", ".swx"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// The longest file or folder name most file systems take (ext4, APFS, NTFS: 255 bytes).
pub const MAX_NAME_BYTES: usize = 255;

/// Why `name` cannot be one folder name of the output (a slug, a tag), if it cannot:
/// the build must be able to write whatever `gen check` accepts.
pub fn unwritable_name(name: &str) -> Option<String> {
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        return Some(format!("contains the control character U+{:04X}", c as u32));
    }
    if name.len() > MAX_NAME_BYTES {
        return Some(format!(
            "is {} bytes long; a file name can have at most {MAX_NAME_BYTES} (a Chinese character takes 3)",
            name.len()
        ));
    }
    None
}

/// Why an article's slug cannot be used, if it cannot.
pub fn slug_problem(slug: &str) -> Option<String> {
    if slug.is_empty()
        || slug.contains(['/', '\\', '?', '#', '%', ' '])
        || slug == "page"
        || slug.starts_with('.')
    {
        return Some(format!("the slug “{slug}” cannot be used in a URL"));
    }
    unwritable_name(slug).map(|why| format!("the slug “{}” {why}", slug.escape_debug()))
}

/// Why a category folder name cannot be used, if it cannot (`gen new` asks before
/// creating one; the build finds the others).
pub fn category_problem(name: &str) -> Option<String> {
    if name.is_empty() || name.contains(['/', '\\']) || name == "." || name == ".." {
        return Some(format!("“{name}” is not a folder name"));
    }
    if is_hidden_or_leftover(name) || name.starts_with('_') {
        return Some(format!(
            "a folder named “{name}” is hidden or an editor's file, and not published"
        ));
    }
    if name == "laws" {
        return Some("the folder laws/ holds statutes, not articles".into());
    }
    if name == "data" {
        return Some("the folder data/ holds the calculators' data, not articles".into());
    }
    if GENERATED_FOLDERS.contains(&name) || GENERATED_FILES.contains(&name) {
        return Some(format!(
            "the folder name “{name}” is reserved for generated pages"
        ));
    }
    unwritable_name(name).map(|why| format!("the folder name “{}” {why}", name.escape_debug()))
}

/// Why `path` must not be read, when it leads out of `root` (a canonical path) through a
/// symbolic link (the path's own last part, or any folder above it: a linked
/// `data/holidays/` is refused as a linked `data/` is), or is a link leading nowhere;
/// `None` for anything else, and for nothing at all.
pub fn link_leaving(root: &Path, path: &Path) -> Option<String> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    match path.canonicalize() {
        Ok(target) if target.starts_with(root) => None,
        Ok(target) if meta.is_symlink() => Some(format!(
            "is a symbolic link to {}, outside the content folder",
            target.display()
        )),
        Ok(target) => Some(format!(
            "leads to {}, outside the content folder, through a symbolic link above it",
            target.display()
        )),
        Err(_) if meta.is_symlink() => Some(format!(
            "is a symbolic link to {}, which does not exist",
            std::fs::read_link(path).unwrap_or_default().display()
        )),
        Err(_) => None,
    }
}

/// A link out of content/ as a problem.
pub fn link_problem(shown: PathBuf, why: String) -> Problem {
    Problem::new(ProblemKind::Io, shown, why).help(
        "copy the file into content/ instead: gen publishes nothing from outside the content folder",
    )
}
