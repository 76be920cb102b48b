//! Stage 1, loading: content/ read into memory — the site's settings, the categories
//! (folders, `_category.toml`), the articles (front matter checked, Markdown kept for the
//! next stage), the statutes (`laws/`) and the other files published as they are. Every
//! problem is collected, so one run reports all of them.

mod article;
mod config;
mod files;
mod statute;

pub use article::{parse_article, Article};
pub use config::{Category, SiteConfig};
pub use files::read_text;
#[cfg(test)]
pub use statute::Clause;
pub use statute::{clause_anchor, Statute};

use crate::diagnostics::{rel, Problem, ProblemKind};
use config::CategoryMeta;
use files::toml_problem;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Everything loaded from content/.
#[derive(Debug, Default)]
pub struct Content {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub categories: Vec<Category>,
    pub articles: Vec<Article>,
    pub statutes: Vec<Statute>,
    /// Other files in category folders (images, PDFs): path relative to content/, with
    /// `/` separators, and the file. Published at the same path.
    pub assets: Vec<(String, PathBuf)>,
    /// Sources of the drafts left out of this build, for clearer link errors.
    pub drafts: Vec<String>,
}

/// Folder names that generated pages use.
const RESERVED: [&str; 6] = ["tags", "page", "static", "calc", "search", "__livereload"];

/// Loads the whole content folder; drafts only when `drafts`.
pub fn load(root: &Path, drafts: bool) -> (Content, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut content = Content {
        root: root.to_path_buf(),
        ..Default::default()
    };
    let shown = |p: &Path| -> PathBuf {
        let cwd = std::env::current_dir().unwrap_or_default();
        rel(&cwd, p)
    };
    if !root.is_dir() {
        problems.push(
            Problem::new(
                ProblemKind::Io,
                shown(root),
                "the content folder does not exist",
            )
            .help("create it, or pass another folder with --content"),
        );
        return (content, problems);
    }
    let site_toml = root.join("site.toml");
    if site_toml.exists() {
        if let Some(c) = read_toml(
            &site_toml,
            &shown(&site_toml),
            config::SITE_KEYS,
            &mut problems,
        ) {
            content.config = c;
        }
    }
    if content.config.per_page == 0 {
        content.config.per_page = 10;
    }
    let mut dirs: Vec<PathBuf> = match std::fs::read_dir(root) {
        Ok(rd) => rd
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect(),
        Err(e) => {
            problems.push(Problem::new(
                ProblemKind::Io,
                shown(root),
                format!("cannot list the folder: {e}"),
            ));
            Vec::new()
        }
    };
    dirs.sort();
    // (file, source, category) of every article.
    let mut files: Vec<(PathBuf, String, String)> = Vec::new();
    for dir in dirs {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') || name.starts_with('_') {
            continue;
        }
        if name == "laws" {
            let (statutes, ps) = statute::load_dir(&dir, &shown);
            content.statutes = statutes;
            problems.extend(ps);
            continue;
        }
        if RESERVED.contains(&name.as_str()) {
            problems.push(
                Problem::new(
                    ProblemKind::Config,
                    shown(&dir),
                    format!("the folder name “{name}” is reserved for generated pages"),
                )
                .help("rename the category folder"),
            );
            continue;
        }
        let meta_path = dir.join("_category.toml");
        let mut meta = CategoryMeta::default();
        if meta_path.exists() {
            let help = "_category.toml keys: name, description, order";
            if let Some(m) = read_toml(&meta_path, &shown(&meta_path), help, &mut problems) {
                meta = m;
            }
        }
        content.categories.push(Category::new(name.clone(), meta));
        category_files(
            root,
            &dir,
            &name,
            &shown,
            &mut content.assets,
            &mut problems,
        );
        let mut entries: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
            .min_depth(1)
            .max_depth(1)
            .into_iter()
            .filter_map(|e| e.ok())
            .map(|e| e.into_path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "md"))
            .collect();
        entries.sort();
        for p in entries {
            let fname = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            files.push((p, format!("{name}/{fname}"), name.clone()));
        }
    }
    content
        .categories
        .sort_by(|a, b| (a.order, &a.dir).cmp(&(b.order, &b.dir)));

    let parsed: Vec<Result<Article, Vec<Problem>>> = files
        .par_iter()
        .map(|(path, source, cat)| {
            let file = shown(path);
            let text = read_text(path, &file).map_err(|p| vec![p])?;
            parse_article(&text, &file, source, cat)
        })
        .collect();
    for r in parsed {
        match r {
            Ok(a) if a.meta.draft && !drafts => content.drafts.push(a.source),
            Ok(a) => content.articles.push(a),
            Err(ps) => problems.extend(ps),
        }
    }
    (content, problems)
}

/// Reads a settings file; a problem (at its line) when it is not what `T` expects.
fn read_toml<T: serde::de::DeserializeOwned>(
    path: &Path,
    shown: &Path,
    help: &str,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    let text = read_text(path, shown).map_err(|p| problems.push(p)).ok()?;
    toml::from_str(&text)
        .map_err(|e| problems.push(toml_problem(ProblemKind::Config, shown, &text, 0, &e, help)))
        .ok()
}

/// The files of category folder `dir` other than articles: published as they are (into
/// `assets`). Articles in its subfolders are a problem: they would not be published.
fn category_files(
    root: &Path,
    dir: &Path,
    name: &str,
    shown: &dyn Fn(&Path) -> PathBuf,
    assets: &mut Vec<(String, PathBuf)>,
    problems: &mut Vec<Problem>,
) {
    for e in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        let p = e.path();
        let is_meta = p.file_name().is_some_and(|n| n == "_category.toml");
        let hidden = e.file_name().to_string_lossy().starts_with('.');
        let is_md = p.extension().is_some_and(|x| x == "md");
        if e.file_type().is_file() && is_md && e.depth() > 1 && !hidden {
            problems.push(
                Problem::new(
                    ProblemKind::Config,
                    shown(p),
                    "articles in subfolders of a category are not published",
                )
                .help(format!(
                    "move it directly into {name}/ (or into another category folder)"
                )),
            );
        }
        if e.file_type().is_file() && !is_meta && !hidden && !is_md {
            if let Ok(r) = p.strip_prefix(root) {
                assets.push((r.to_string_lossy().replace('\\', "/"), p.to_path_buf()));
            }
        }
    }
}
