//! Loading content/: site.toml, categories (`_category.toml`), articles (TOML front matter
//! between `+++` lines) and statutes (`laws/<code>.toml`). Every problem is collected.
//!
//! Only content/ reaches the site (issue 10): a symbolic link that leads out of content/
//! is a problem, hidden files and editors' leftovers are skipped, control characters are
//! refused, and every address the site would have is claimed once (see
//! [`check_addresses`]), so no page, asset or generated file silently replaces another.

use crate::error::{line_col, rel, Problem, ProblemKind};
use crate::laws::{self, Statute};
use crate::util::{is_hidden_or_leftover, unwritable_name};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// `content/site.toml`; every key optional.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub language: String,
    pub author: String,
    pub copyright: String,
    pub disclaimer: String,
    /// Allow raw HTML in Markdown (off by default).
    pub raw_html: bool,
    /// Articles per list page.
    pub per_page: usize,
    /// Characters of an automatic excerpt.
    pub excerpt_chars: usize,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "法律帮助".into(),
            description: String::new(),
            base_url: "http://localhost/".into(),
            language: "zh-CN".into(),
            author: String::new(),
            copyright: String::new(),
            disclaimer: "本站内容仅供参考，不构成法律意见。具体问题请咨询执业律师。".into(),
            raw_html: false,
            per_page: 10,
            excerpt_chars: 120,
        }
    }
}

/// `content/<category>/_category.toml`.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct CategoryMeta {
    pub name: Option<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub order: i64,
}

/// An article's front matter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    pub date: toml::value::Datetime,
    pub author: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub updated: Option<toml::value::Datetime>,
    pub checked: Option<toml::value::Datetime>,
    pub description: Option<String>,
    pub slug: Option<String>,
    #[serde(default)]
    pub draft: bool,
}

#[derive(Debug, Clone)]
pub struct Category {
    /// The folder name, which is also the URL segment.
    pub dir: String,
    pub name: String,
    pub description: String,
    pub order: i64,
}

#[derive(Debug, Clone)]
pub struct Article {
    /// Path relative to the content folder, with `/` separators: `credit/x.md`.
    pub source: String,
    /// The file as shown in messages (relative to the working directory when possible).
    pub file: PathBuf,
    pub category: String,
    pub slug: String,
    pub title: String,
    pub date: NaiveDate,
    pub updated: Option<NaiveDate>,
    pub checked: Option<NaiveDate>,
    pub author: Option<String>,
    pub tags: Vec<String>,
    pub description: Option<String>,
    pub draft: bool,
    /// The Markdown after the front matter, BOM removed, line endings normalised.
    pub body: String,
    /// 1-based line of the body's first line in the file.
    pub body_line: usize,
    /// Lines of the `slug` and `tags` keys (0: not in the front matter), for problems
    /// found once all articles are known.
    pub slug_line: usize,
    pub tags_line: usize,
}

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
    /// site.toml as shown in messages, and the line of its `base_url` (0: none).
    pub site_toml: PathBuf,
    pub base_url_line: usize,
}

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
    crate::output::MARKER,
];

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
    if GENERATED_FOLDERS.contains(&name) || GENERATED_FILES.contains(&name) {
        return Some(format!(
            "the folder name “{name}” is reserved for generated pages"
        ));
    }
    unwritable_name(name).map(|why| format!("the folder name “{}” {why}", name.escape_debug()))
}

/// The target of the symbolic link `path` when it leads out of `root` (a canonical path)
/// or nowhere; `None` for anything else.
fn link_leaving(root: &Path, path: &Path) -> Option<String> {
    if !std::fs::symlink_metadata(path).is_ok_and(|m| m.is_symlink()) {
        return None;
    }
    match path.canonicalize() {
        Ok(target) if target.starts_with(root) => None,
        Ok(target) => Some(format!(
            "is a symbolic link to {}, outside the content folder",
            target.display()
        )),
        Err(_) => Some(format!(
            "is a symbolic link to {}, which does not exist",
            std::fs::read_link(path).unwrap_or_default().display()
        )),
    }
}

fn link_problem(shown: PathBuf, why: String) -> Problem {
    Problem::new(ProblemKind::Io, shown, why).help(
        "copy the file into content/ instead: gen publishes nothing from outside the content folder",
    )
}

/// Reads a text file: BOM removed, CRLF → LF.
pub fn read_text(path: &Path, shown: &Path) -> Result<String, Problem> {
    let bytes = std::fs::read(path).map_err(|e| {
        Problem::new(ProblemKind::Io, shown, format!("cannot read the file: {e}"))
            .help("check that the file exists and is readable")
    })?;
    // simdutf8 checks Chinese text several times faster than the standard library; the
    // standard library then finds where a bad file goes wrong.
    let text = simdutf8::basic::from_utf8(&bytes).map_err(|_| {
        let valid = std::str::from_utf8(&bytes).map_or_else(|e| e.valid_up_to(), |_| 0);
        let (l, c) = line_col(&String::from_utf8_lossy(&bytes), valid);
        Problem::new(ProblemKind::Io, shown, "the file is not valid UTF-8")
            .at(l, c)
            .help("save the file as UTF-8")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // No control character reaches a page (a NUL in a meta description, an escape code).
    if let Some((i, c)) = text
        .char_indices()
        .find(|&(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        let (l, col) = line_col(text, i);
        return Err(Problem::new(
            ProblemKind::Io,
            shown,
            format!("the file contains the control character U+{:04X}", c as u32),
        )
        .at(l, col)
        .help("delete it (it is invisible in most editors; retype the text around it)"));
    }
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    })
}

/// A TOML error as a problem at its position; `line_offset` lines precede `text` in the file.
pub fn toml_problem(
    kind: ProblemKind,
    file: &Path,
    text: &str,
    line_offset: usize,
    err: &toml::de::Error,
    help: &str,
) -> Problem {
    let (line, col) = err
        .span()
        .map(|s| line_col(text, s.start))
        .unwrap_or((1, 0));
    let msg = err.message().trim().replace('\n', " ");
    Problem::new(kind, file, msg)
        .at(line + line_offset, col)
        .help(help)
}

fn date_of(dt: &toml::value::Datetime) -> Option<NaiveDate> {
    let d = dt.date?;
    NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32)
}

/// Splits `+++` front matter from the body: (front matter, body, body's first line).
pub fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
    let rest = text.strip_prefix("+++")?;
    let rest = rest.strip_prefix('\n').or_else(|| {
        // `+++` followed by spaces only
        let nl = rest.find('\n')?;
        rest[..nl].trim().is_empty().then(|| &rest[nl + 1..])
    })?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let fm = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = fm.matches('\n').count() + 3;
            return Some((fm, body, body_line));
        }
        offset += line.len();
    }
    None
}

/// Parses one article file. `source` is its path relative to content/.
pub fn parse_article(
    text: &str,
    file: &Path,
    source: &str,
    category: &str,
) -> Result<Article, Vec<Problem>> {
    let fm_help = "front matter is TOML between two `+++` lines: title, date, author, tags; optional updated, checked, description, slug, draft";
    let Some((fm, body, body_line)) = split_front_matter(text) else {
        return Err(vec![Problem::new(
            ProblemKind::FrontMatter,
            file,
            if text.starts_with("+++") {
                "the front matter is not closed by a `+++` line"
            } else {
                "the article does not start with front matter (`+++`)"
            },
        )
        .at(1, 1)
        .help(fm_help)]);
    };
    let meta: FrontMatter = match toml::from_str(fm) {
        Ok(m) => m,
        Err(e) => {
            return Err(vec![toml_problem(
                ProblemKind::FrontMatter,
                file,
                fm,
                1,
                &e,
                fm_help,
            )])
        }
    };
    let mut problems = Vec::new();
    let key_line = |key: &str| -> usize {
        fm.lines()
            .position(|l| l.trim_start().starts_with(key))
            .map(|i| i + 2)
            .unwrap_or(1)
    };
    let mut date_field = |key: &str, dt: &toml::value::Datetime| -> Option<NaiveDate> {
        match date_of(dt) {
            Some(d) => Some(d),
            None => {
                problems.push(
                    Problem::new(
                        ProblemKind::FrontMatter,
                        file,
                        format!("`{key}` has no calendar date"),
                    )
                    .at(key_line(key), 1)
                    .help("write a date like 2024-03-15"),
                );
                None
            }
        }
    };
    let date = date_field("date", &meta.date);
    let updated = meta.updated.as_ref().and_then(|d| date_field("updated", d));
    let checked = meta.checked.as_ref().and_then(|d| date_field("checked", d));
    for (key, value) in [
        ("title", Some(&meta.title)),
        ("description", meta.description.as_ref()),
        ("author", meta.author.as_ref()),
    ] {
        if let Some(c) = value.and_then(|v| {
            v.chars()
                .find(|c| c.is_control() && *c != '\n' && *c != '\t')
        }) {
            problems.push(
                Problem::new(
                    ProblemKind::FrontMatter,
                    file,
                    format!("`{key}` contains the control character U+{:04X}", c as u32),
                )
                .at(key_line(key), 1)
                .help("remove the escape (such as \\u0000) from the text"),
            );
        }
    }
    if meta.title.trim().is_empty() {
        problems.push(
            Problem::new(ProblemKind::FrontMatter, file, "the title is empty")
                .at(key_line("title"), 1)
                .help("give the article a title"),
        );
    }
    let stem = Path::new(source)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug = meta.slug.clone().unwrap_or(stem);
    if let Some(why) = slug_problem(&slug) {
        problems.push(
            Problem::new(ProblemKind::FrontMatter, file, why)
                .at(key_line("slug"), 1)
                .help("use letters, digits, '-' or Chinese characters (at most 85 of them); not `page`, no '/', '?', '#', '%', spaces or control characters"),
        );
    }
    for (i, t) in meta.tags.iter().enumerate() {
        let t2 = t.trim();
        let why = if t2.is_empty() || t2.starts_with('.') || t.contains(['/', '\\', '?', '#', '%'])
        {
            Some(format!("tag {} (“{t}”) cannot be used in a URL", i + 1))
        } else {
            unwritable_name(t2).map(|why| format!("tag {} (“{}”) {why}", i + 1, t2.escape_debug()))
        };
        if let Some(why) = why {
            problems.push(
                Problem::new(ProblemKind::FrontMatter, file, why)
                    .at(key_line("tags"), 1)
                    .help("tags must be non-empty, not start with '.', contain no '/', '?', '#', '%' or control characters, and be at most 255 bytes"),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut tags: Vec<String> = Vec::new();
    for t in &meta.tags {
        let t = t.trim().to_string();
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    Ok(Article {
        source: source.to_string(),
        file: file.to_path_buf(),
        category: category.to_string(),
        slug,
        title: meta.title.trim().to_string(),
        date: date.unwrap_or_default(),
        updated,
        checked,
        author: meta.author.filter(|a| !a.trim().is_empty()),
        tags,
        description: meta.description.filter(|d| !d.trim().is_empty()),
        draft: meta.draft,
        body: body.to_string(),
        body_line,
        slug_line: if meta.slug.is_some() {
            key_line("slug")
        } else {
            0
        },
        tags_line: key_line("tags"),
    })
}

/// Loads the whole content folder. `shown_root` prefixes paths in messages.
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
                        "site.toml keys: title, description, base_url, language, author, copyright, disclaimer, raw_html, per_page, excerpt_chars",
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
            let (statutes, ps) = laws::load_dir(&dir, &shown, &mut keep);
            problems.extend(linked);
            content.statutes = statutes;
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
        content.categories.push(Category {
            dir: name.clone(),
            name: meta
                .name
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| name.clone()),
            description: meta.description,
            order: meta.order,
        });
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
            Ok(a) if a.draft && !drafts => content.drafts.push(a.source),
            Ok(a) => content.articles.push(a),
            Err(ps) => problems.extend(ps),
        }
    }
    // Duplicate slugs in one category.
    let mut seen: HashMap<(String, String), PathBuf> = HashMap::new();
    for a in &content.articles {
        if let Some(first) = seen.insert((a.category.clone(), a.slug.clone()), a.file.clone()) {
            problems.push(
                Problem::new(
                    ProblemKind::Duplicate,
                    &a.file,
                    format!("the slug “{}” is already used by {}", a.slug, first.display()),
                )
                .at(1, 1)
                .help("give one of the two articles another `slug` in its front matter, or rename the file"),
            );
        }
    }
    if problems.is_empty() {
        problems.extend(check_addresses(&content, &shown));
    }
    (content, problems)
}

/// Who would write a file or folder of the site: gen itself (`at` is `None`) or a piece
/// of content (its file and line, where the problem is reported).
struct Owner {
    what: String,
    at: Option<(PathBuf, usize)>,
}

/// Finds the addresses of the site that two things would be written to: a category,
/// slug or tag named like a generated file (`index.html`, `atom.xml`), an asset where a
/// page goes, a page inside a folder gen writes alone (`static/`). Each claims its files
/// (and gen's own folders); a path claimed twice, or claimed as a file and also as a
/// folder above another file, is a problem at the content that claims it.
pub fn check_addresses(content: &Content, shown: &dyn Fn(&Path) -> PathBuf) -> Vec<Problem> {
    let mut owners: Vec<Owner> = Vec::new();
    // (site path, whether it is a folder claimed whole, owner)
    let mut claims: Vec<(String, bool, usize)> = Vec::new();
    let mut claim = |owners: &mut Vec<Owner>, owner: Owner, paths: &[(String, bool)]| {
        owners.push(owner);
        for (path, folder) in paths {
            claims.push((path.clone(), *folder, owners.len() - 1));
        }
    };
    let generated = |what: &str| Owner {
        what: format!("gen's {what}"),
        at: None,
    };
    for f in GENERATED_FILES {
        claim(
            &mut owners,
            generated(&format!("file {f}")),
            &[(f.to_string(), false)],
        );
    }
    for f in ["static", "calc", "search", "page"] {
        claim(
            &mut owners,
            generated(&format!("folder {f}/")),
            &[(f.to_string(), true)],
        );
    }
    claim(
        &mut owners,
        generated("tags page"),
        &[("tags/index.html".into(), false)],
    );
    for c in &content.categories {
        let folder = content.root.join(&c.dir);
        claim(
            &mut owners,
            Owner {
                what: format!("the category {}/", c.dir),
                at: Some((shown(&folder), 0)),
            },
            &[
                (format!("{}/index.html", c.dir), false),
                (format!("{}/page", c.dir), true),
            ],
        );
    }
    let mut tags: HashMap<&str, &Article> = HashMap::new();
    for a in &content.articles {
        claim(
            &mut owners,
            Owner {
                what: format!("the article {}", a.source),
                at: Some((a.file.clone(), a.slug_line)),
            },
            &[(format!("{}/{}/index.html", a.category, a.slug), false)],
        );
        for t in &a.tags {
            tags.entry(t.as_str()).or_insert(a);
        }
    }
    let mut tags: Vec<(&str, &Article)> = tags.into_iter().collect();
    tags.sort_by_key(|(t, _)| *t);
    for (t, a) in tags {
        claim(
            &mut owners,
            Owner {
                what: format!("the tag “{t}”"),
                at: Some((a.file.clone(), a.tags_line)),
            },
            &[
                (format!("tags/{t}/index.html"), false),
                (format!("tags/{t}/page"), true),
            ],
        );
    }
    for s in &content.statutes {
        claim(
            &mut owners,
            Owner {
                what: format!("the statute {}", s.code),
                at: Some((s.file.clone(), 0)),
            },
            &[(format!("laws/{}/index.html", s.code), false)],
        );
    }
    for (rel, path) in &content.assets {
        claim(
            &mut owners,
            Owner {
                what: format!("the file {rel}"),
                at: Some((shown(path), 0)),
            },
            &[(rel.clone(), false)],
        );
    }
    let mut by_path: HashMap<&str, Vec<(bool, usize)>> = HashMap::new();
    for (path, folder, owner) in &claims {
        by_path.entry(path).or_default().push((*folder, *owner));
    }
    let mut problems = Vec::new();
    let mut clash = |a: usize, b: usize, path: &str| {
        for (me, other) in [(a, b), (b, a)] {
            if let Some((file, line)) = &owners[me].at {
                problems.push(
                    Problem::new(
                        ProblemKind::Duplicate,
                        file,
                        format!(
                            "{} and {} would be published at the same address /{path}",
                            owners[me].what, owners[other].what
                        ),
                    )
                    .at(*line, usize::from(*line > 0))
                    .help("rename the folder or file, or give the article another `slug` or tag"),
                );
            }
        }
    };
    for (path, folder, owner) in &claims {
        // The same path twice.
        if let Some(first) = by_path[path.as_str()].iter().find(|(_, o)| o != owner) {
            clash(first.1, *owner, path);
        }
        // A file or a gen-only folder above this path.
        if *folder {
            continue;
        }
        let mut above = path.as_str();
        while let Some((dir, _)) = above.rsplit_once('/') {
            // A file there, or a folder gen writes alone, leaves no room for this path.
            for (_, other) in by_path.get(dir).map(|v| v.as_slice()).unwrap_or(&[]) {
                if other != owner {
                    clash(*other, *owner, dir);
                }
            }
            above = dir;
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_file_that_is_not_utf8_is_reported_where_it_goes_wrong() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        let mut bytes = "第一行\nab".as_bytes().to_vec();
        bytes.extend([0xff, b'c', b'\n']);
        std::fs::write(&path, bytes).unwrap();
        let p = read_text(&path, Path::new("loan/a.md")).unwrap_err();
        assert_eq!((p.line, p.column), (2, 3), "{p}");
        assert!(p.to_string().contains("not valid UTF-8"), "{p}");
        // A BOM and CRLF line ends are taken off.
        std::fs::write(&path, "\u{feff}一\r\n二\r\n").unwrap();
        assert_eq!(read_text(&path, &path).unwrap(), "一\n二\n");
    }

    use super::*;

    #[test]
    fn front_matter_split() {
        let t = "+++\ntitle = \"a\"\n+++\nbody\n";
        let (fm, body, line) = split_front_matter(t).unwrap();
        assert_eq!(fm, "title = \"a\"\n");
        assert_eq!(body, "body\n");
        assert_eq!(line, 4);
        assert!(split_front_matter("+++\ntitle = 1\n").is_none());
    }

    #[test]
    fn unknown_key_is_an_error_with_position() {
        let t = "+++\ntitle = \"a\"\ndate = 2024-01-02\ntagz = []\n+++\n";
        let e = parse_article(t, Path::new("x.md"), "c/x.md", "c").unwrap_err();
        assert_eq!(e[0].line, 4, "{:?}", e);
        assert!(e[0].message.contains("tagz"), "{:?}", e);
    }

    #[test]
    fn wrong_type_and_bad_date() {
        let t = "+++\ntitle = 3\ndate = 2024-01-02\n+++\n";
        let e = parse_article(t, Path::new("x.md"), "c/x.md", "c").unwrap_err();
        assert_eq!(e[0].line, 2);
        let t = "+++\ntitle = \"a\"\ndate = 2024-13-02\n+++\n";
        let e = parse_article(t, Path::new("x.md"), "c/x.md", "c").unwrap_err();
        assert_eq!(e[0].line, 3);
        let t = "+++\ntitle = \"a\"\ndate = 10:00:00\n+++\n";
        let e = parse_article(t, Path::new("x.md"), "c/x.md", "c").unwrap_err();
        assert_eq!(e[0].line, 3, "{e:?}");
    }

    #[test]
    fn chinese_slug_from_file_name() {
        let t =
            "+++\ntitle = \"a\"\ndate = 2024-01-02\ntags = [\"信用卡\", \"信用卡\"]\n+++\n正文\n";
        let a = parse_article(t, Path::new("x.md"), "c/还款.md", "c").unwrap();
        assert_eq!(a.slug, "还款");
        assert_eq!(a.tags, vec!["信用卡"]);
        assert_eq!(a.body_line, 6);
    }
}
