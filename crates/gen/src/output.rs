//! Writing the site: into a temporary folder next to the output, swapped in by renaming
//! only when the whole build succeeded, so a failed build leaves the old site untouched.

use crate::error::{Problem, ProblemKind};
use std::path::{Path, PathBuf};

/// Where pages go: a folder, or nowhere (`gen check`).
pub enum Sink {
    Dir(PathBuf),
    Discard,
}

impl Sink {
    /// Writes `data` at the site path `rel` (`credit/x/index.html`).
    pub fn write(&self, rel: &str, data: &[u8]) -> Result<(), Problem> {
        let Sink::Dir(root) = self else {
            return Ok(());
        };
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_problem(parent, e))?;
        }
        std::fs::write(&path, data).map_err(|e| io_problem(&path, e))
    }
}

fn io_problem(path: &Path, e: std::io::Error) -> Problem {
    Problem::new(ProblemKind::Io, path, format!("cannot write: {e}"))
        .help("check the output folder's permissions and free space")
}

/// A fresh temporary folder beside `out`.
pub fn temp_dir(out: &Path) -> Result<PathBuf, Problem> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| io_problem(&parent, e))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dist".into());
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    if tmp.exists() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    std::fs::create_dir_all(&tmp).map_err(|e| io_problem(&tmp, e))?;
    Ok(tmp)
}

/// Replaces `out` by `tmp`.
pub fn swap_in(tmp: &Path, out: &Path) -> Result<(), Problem> {
    if out.exists() {
        let old = tmp.with_file_name(format!(
            "{}.old",
            tmp.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ));
        let _ = std::fs::remove_dir_all(&old);
        std::fs::rename(out, &old).map_err(|e| io_problem(out, e))?;
        if let Err(e) = std::fs::rename(tmp, out) {
            let _ = std::fs::rename(&old, out);
            return Err(io_problem(out, e));
        }
        remove_tree(&old);
    } else {
        std::fs::rename(tmp, out).map_err(|e| io_problem(out, e))?;
    }
    Ok(())
}

/// Removes a folder, its subfolders in parallel (thousands of small files).
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    if let Ok(rd) = std::fs::read_dir(dir) {
        let entries: Vec<PathBuf> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        entries.par_iter().for_each(|p| {
            if p.is_dir() {
                let _ = std::fs::remove_dir_all(p);
            } else {
                let _ = std::fs::remove_file(p);
            }
        });
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// Removes a temporary folder after a failed build.
pub fn discard(tmp: &Path) {
    let _ = std::fs::remove_dir_all(tmp);
}
