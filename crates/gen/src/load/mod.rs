//! Stage 1, loading: content/ read into memory — the site's settings, the categories
//! (folders, `_category.toml`), the articles (front matter checked, Markdown kept for the
//! next stage), the statutes (`laws/`), the calculators' data (`data/`), the letter
//! templates (`letters/`, [`letter`]) and the other files published as they are. Every
//! problem is collected, so one run reports all of them.

mod article;
mod config;
mod data;
mod files;
pub mod inputs;
pub mod letter;
mod names;
mod statute;

pub use crate::model::routes::clause_anchor;
pub use article::{parse_article, read_article, read_body, Article};
pub use config::{Category, CategoryMeta, SiteConfig};
pub use data::SiteData;
pub use files::{open_regular, read_regular, read_text};
pub use letter::Letter;
pub use names::{
    category_problem, is_hidden_or_leftover, slug_problem, unwritable_name, GENERATED_FILES,
    OUTPUT_MARKER,
};
pub use statute::{chinese_numeral, clause_label, parse_numeral, Status, Statute};
#[cfg(test)]
pub use statute::{parse as parse_statute, Clause};

use crate::diagnostics::{rel, Problem, ProblemKind};
use files::toml_problem;
use names::{link_leaving, link_problem};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Everything loaded from content/.
#[derive(Debug, Default)]
pub struct Content {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub categories: Vec<Category>,
    pub articles: Vec<Article>,
    pub statutes: Vec<Statute>,
    /// `content/letters/`: the letter templates (issue 27), in file name order.
    pub letters: Vec<Letter>,
    /// `content/data/`, the calculators' data (`None`: no such folder, or it has problems).
    pub data: Option<SiteData>,
    /// content/data/ exists but has problems: calculator blocks cannot be computed, a
    /// consequence reported once, not at every block.
    pub data_failed: bool,
    /// `content/data/synonyms.txt`: the search's synonym groups (none without the file).
    pub synonyms: search::Synonyms,
    /// Other files in category folders (images, PDFs): path relative to content/, with
    /// `/` separators, and the file. Published at the same path.
    pub assets: Vec<(String, PathBuf)>,
    /// Sources of the drafts left out of this build, for clearer link errors.
    pub drafts: Vec<String>,
    /// site.toml as shown in messages, and the line of its `base_url` (0: none).
    pub site_toml: PathBuf,
    pub base_url_line: usize,
    /// Every article file as parsed, by [`KnownArticles::key`], when the build cache
    /// should keep them for the next build (see [`load_with`]).
    pub parsed: Option<Vec<(u128, Parsed)>>,
}

/// An article file as parsed (its body not kept), with the problems found.
pub type Parsed = (Article, Vec<Problem>);

/// What the build cache knows of the article files: the fingerprint of each file's bytes
/// (by its path's, from the inputs stage, `load::inputs`) and the articles an earlier
/// build parsed (`.dist.articles`). An article whose bytes' fingerprint is known and was
/// parsed before is taken from here, not read: at 50,000 articles reading them all is
/// most of the load stage.
#[derive(Default)]
pub struct KnownArticles {
    pub bytes: HashMap<u128, u128>,
    pub parsed: HashMap<u128, Parsed>,
}

impl KnownArticles {
    /// The key of the article file at `path` with these bytes, shown as `file`, at
    /// `source` in `category`: everything parsing it depends on.
    pub fn key(bytes: u128, file: &Path, source: &str, category: &str) -> u128 {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(&bytes.to_le_bytes());
        for part in [
            file.as_os_str().as_encoded_bytes(),
            source.as_bytes(),
            category.as_bytes(),
        ] {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part);
        }
        h.digest128()
    }
}

/// Loads the whole content folder; drafts only when `drafts`. Every path read passes
/// the checks of [`names`] first.
pub fn load(root: &Path, drafts: bool) -> (Content, Vec<Problem>) {
    load_with(root, drafts, KnownArticles::default())
}

/// [`load`], taking from `known` the articles whose files it vouches for. When it was
/// not much help (more than a few articles read, or none known), every article as parsed
/// is returned too ([`Content::parsed`]), for the build cache to keep.
pub fn load_with(root: &Path, drafts: bool, mut known: KnownArticles) -> (Content, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut content = Content {
        root: root.to_path_buf(),
        ..Default::default()
    };
    // Asked once: a `getcwd` per article was 10,000 system calls at 10,000 articles.
    let cwd = std::env::current_dir().unwrap_or_default();
    let shown = |p: &Path| -> PathBuf { rel(&cwd, p) };
    let real_root = match root.canonicalize() {
        Ok(r) if r.is_dir() => r,
        _ => {
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
    };
    // Every path read below passes here first: a link out of content/ is a problem, and
    // the file is not read.
    let inside = |p: &Path, problems: &mut Vec<Problem>| match link_leaving(&real_root, p) {
        Some(why) => {
            problems.push(link_problem(shown(p), why));
            false
        }
        None => true,
    };
    let site_toml = root.join("site.toml");
    content.site_toml = shown(&site_toml);
    if site_toml.exists() && inside(&site_toml, &mut problems) {
        match read_text(&site_toml, &shown(&site_toml)) {
            Ok(text) => {
                content.base_url_line = text
                    .lines()
                    .position(|l| l.trim_start().starts_with("base_url"))
                    .map_or(0, |i| i + 1);
                match toml::from_str::<SiteConfig>(&text) {
                    Ok(c) => content.config = c,
                    Err(e) => problems.push(toml_problem(
                        ProblemKind::Config,
                        &shown(&site_toml),
                        &text,
                        0,
                        &e,
                        "site.toml keys: title, description, base_url, language, author, copyright, disclaimer, raw_html, per_page, feed_limit, excerpt_chars, review_every",
                    )),
                }
            }
            Err(p) => problems.push(p),
        }
    }
    if content.config.per_page == 0 {
        content.config.per_page = 10;
    }
    let mut dirs: Vec<PathBuf> = Vec::new();
    match std::fs::read_dir(root) {
        Ok(rd) => {
            for e in rd.filter_map(|e| e.ok()) {
                let p = e.path();
                let name = e.file_name().to_string_lossy().into_owned();
                if is_hidden_or_leftover(&name)
                    || name.starts_with('_')
                    || !inside(&p, &mut problems)
                {
                    continue;
                }
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "md") {
                    // An article must be in a category: say so rather than skip it.
                    problems.push(
                        Problem::new(
                            ProblemKind::Config,
                            shown(&p),
                            "an article directly in the content folder is not published: every article belongs to a category",
                        )
                        .help(format!("move it into a category folder, such as content/about/{name}")),
                    );
                }
            }
        }
        Err(e) => {
            problems.push(Problem::new(
                ProblemKind::Io,
                shown(root),
                format!("cannot list the folder: {e}"),
            ));
        }
    }
    dirs.sort();
    let mut files: Vec<(PathBuf, String, String)> = Vec::new();
    for dir in dirs {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name == "data" {
            let mut keep = |p: &Path| inside(p, &mut problems);
            let (data, ps) = data::load(root, &shown, &mut keep);
            let (synonyms, more) = data::load_synonyms(root, &shown, &mut keep);
            content.data_failed = data.is_none() && ps.iter().any(Problem::is_error);
            content.data = data;
            content.synonyms = synonyms;
            problems.extend(ps);
            problems.extend(more);
            continue;
        }
        if name == "laws" {
            let mut linked = Vec::new();
            let mut keep = |p: &Path| {
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default();
                if is_hidden_or_leftover(&name) {
                    return false;
                }
                match link_leaving(&real_root, p) {
                    Some(why) => {
                        linked.push(link_problem(shown(p), why));
                        false
                    }
                    None => true,
                }
            };
            let (statutes, ps) = statute::load_dir(&dir, &shown, &mut keep);
            problems.extend(linked);
            content.statutes = statutes;
            problems.extend(ps);
            continue;
        }
        if name == "letters" {
            let mut keep = |p: &Path| inside(p, &mut problems);
            let (letters, ps) = load_letters(root, &dir, &shown, &mut keep);
            content.letters = letters;
            problems.extend(ps);
            continue;
        }
        if let Some(why) = category_problem(&name) {
            problems.push(
                Problem::new(ProblemKind::Config, shown(&dir), why)
                    .help("rename the category folder"),
            );
            continue;
        }
        let meta_path = dir.join("_category.toml");
        let mut meta = CategoryMeta::default();
        if meta_path.exists() && inside(&meta_path, &mut problems) {
            match read_text(&meta_path, &shown(&meta_path)) {
                Ok(text) => match toml::from_str::<CategoryMeta>(&text) {
                    Ok(m) => meta = m,
                    Err(e) => problems.push(toml_problem(
                        ProblemKind::Config,
                        &shown(&meta_path),
                        &text,
                        0,
                        &e,
                        "_category.toml keys: name, description, order",
                    )),
                },
                Err(p) => problems.push(p),
            }
        }
        let category = Category::new(name.clone(), meta);
        if category.name == name {
            // The navigation would show the folder's name (often English) to readers.
            problems.push(
                Problem::warning(ProblemKind::Config, shown(&meta_path), format!("the category “{name}” has no name of its own: the navigation and its page show the folder name"))
                    .help("write its Chinese name in _category.toml: name = \"栏目名称\""),
            );
        }
        content.categories.push(category);
        // Links are followed (a shared image elsewhere in content/ is fine) once they are
        // known to stay inside content/; hidden folders (.git/) are not entered.
        let mut articles = Vec::new();
        let mut walk = walkdir::WalkDir::new(&dir)
            .follow_links(true)
            .min_depth(1)
            .into_iter();
        while let Some(e) = walk.next() {
            let e = match e {
                Ok(e) => e,
                Err(err) => {
                    let p = err.path().unwrap_or(&dir).to_path_buf();
                    let why = link_leaving(&real_root, &p)
                        .unwrap_or_else(|| format!("cannot read: {err}"));
                    problems.push(link_problem(shown(&p), why));
                    continue;
                }
            };
            let p = e.path();
            let hidden = is_hidden_or_leftover(&e.file_name().to_string_lossy());
            if hidden || (e.path_is_symlink() && !inside(p, &mut problems)) {
                if e.file_type().is_dir() {
                    walk.skip_current_dir();
                }
                continue;
            }
            if !e.file_type().is_file() {
                continue;
            }
            let is_meta = p.file_name().is_some_and(|n| n == "_category.toml");
            let is_md = p.extension().is_some_and(|x| x == "md");
            if is_md && e.depth() == 1 {
                articles.push(p.to_path_buf());
            } else if is_md {
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
            } else if !is_meta {
                if let Ok(r) = p.strip_prefix(root) {
                    content
                        .assets
                        .push((r.to_string_lossy().replace('\\', "/"), p.to_path_buf()));
                }
            }
        }
        articles.sort();
        for p in articles {
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

    use rayon::prelude::*;
    // Each file's bytes' fingerprint and key, when the inputs stage took them, and what
    // `known` holds of it, taken out of it (not copied).
    let known_any = !known.parsed.is_empty();
    let found: Vec<(Option<u128>, Option<u128>, Option<Parsed>)> = files
        .iter()
        .map(|(path, source, cat)| {
            let bytes = known
                .bytes
                .get(&xxhash_rust::xxh3::xxh3_128(
                    path.as_os_str().as_encoded_bytes(),
                ))
                .copied();
            let key = bytes.map(|b| KnownArticles::key(b, &shown(path), source, cat));
            (bytes, key, key.and_then(|k| known.parsed.remove(&k)))
        })
        .collect();
    // Each file: its key, whether it was taken from `known`, and the article.
    type Loaded = (Option<u128>, bool, Option<Article>, Vec<Problem>);
    let parsed: Vec<Loaded> = files
        .par_iter()
        .zip(found)
        .map(|((path, source, cat), (bytes, key, kept))| {
            if let Some((a, ps)) = kept {
                return (key, true, Some(a), ps);
            }
            let file = shown(path);
            let (a, ps) = match read_text(path, &file) {
                Ok(text) => read_article(&text, &file, source, cat),
                Err(p) => (None, vec![p]),
            };
            // Its bytes' fingerprint as the inputs stage took it, when it did: what a
            // kept article of the same file carries.
            let a = a.map(|a| Article {
                content: bytes.unwrap_or(a.content),
                ..a
            });
            (key, false, a, ps)
        })
        .collect();
    // Kept for the next build (one that writes, and so knows the files' bytes) unless
    // nearly all came from `known`.
    let read = parsed.iter().filter(|(_, kept, _, _)| !kept).count();
    if !known.bytes.is_empty() && (read > (parsed.len() / 100).max(16) || !known_any) {
        content.parsed = Some(
            parsed
                .iter()
                .filter_map(|(key, _, a, ps)| {
                    let a = a.as_ref()?;
                    let a = Article {
                        body: String::new(),
                        body_read: false,
                        ..a.clone()
                    };
                    Some(((*key)?, (a, ps.clone())))
                })
                .collect(),
        );
    }
    // An article whose front matter has problems is kept (with stand-ins), so that its
    // body is checked in this run too; the problems stop the build.
    for (_, _, a, ps) in parsed {
        problems.extend(ps);
        match a {
            Some(a) if a.meta.draft && !drafts => content.drafts.push(a.source),
            Some(a) => content.articles.push(a),
            None => {}
        }
    }
    (content, problems)
}

/// `content/letters/*.md`, each read and checked ([`letter::read_letter`]); any other
/// file there is a problem (letters publish no assets).
fn load_letters(
    root: &Path,
    dir: &Path,
    shown: &dyn Fn(&Path) -> PathBuf,
    keep: &mut dyn FnMut(&Path) -> bool,
) -> (Vec<Letter>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok())
            .filter(|e| !is_hidden_or_leftover(&e.file_name().to_string_lossy()))
            .map(|e| e.path())
            .collect(),
        Err(e) => {
            problems.push(Problem::new(
                ProblemKind::Io,
                shown(dir),
                format!("cannot list the folder: {e}"),
            ));
            Vec::new()
        }
    };
    paths.sort();
    let mut letters = Vec::new();
    for p in paths {
        if !keep(&p) {
            continue;
        }
        if !p.is_file() || p.extension().is_none_or(|x| x != "md") {
            problems.push(
                Problem::new(
                    ProblemKind::Letter,
                    shown(&p),
                    "content/letters/ holds letter templates only (`<slug>.md` files)",
                )
                .help("move it into a category folder"),
            );
            continue;
        }
        let source = p
            .strip_prefix(root)
            .map(|r| r.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let file = shown(&p);
        match read_text(&p, &file) {
            Ok(text) => {
                let (l, ps) = letter::read_letter(&text, &file, &source);
                problems.extend(ps);
                letters.extend(l);
            }
            Err(e) => problems.push(e),
        }
    }
    (letters, problems)
}
