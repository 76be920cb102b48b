//! Loading content/: site.toml, categories (`_category.toml`), articles (TOML front matter
//! between `+++` lines) and statutes (`laws/<code>.toml`). Every problem is collected.

use crate::error::{line_col, rel, Problem, ProblemKind};
use crate::laws::{self, Statute};
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
    if slug.is_empty()
        || slug.contains(['/', '\\', '?', '#', '%', ' '])
        || slug == "page"
        || slug.starts_with('.')
    {
        problems.push(
            Problem::new(ProblemKind::FrontMatter, file, format!("the slug “{slug}” cannot be used in a URL"))
                .at(key_line("slug"), 1)
                .help("use letters, digits, '-' or Chinese characters; not `page`, no '/', '?', '#', '%' or spaces"),
        );
    }
    for (i, t) in meta.tags.iter().enumerate() {
        let t2 = t.trim();
        if t2.is_empty() || t2 == "." || t2 == ".." || t.contains(['/', '\\', '?', '#', '%']) {
            problems.push(
                Problem::new(
                    ProblemKind::FrontMatter,
                    file,
                    format!("tag {} (“{t}”) cannot be used in a URL", i + 1),
                )
                .at(key_line("tags"), 1)
                .help("tags must be non-empty and contain no '/', '?', '#' or '%'"),
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
        match read_text(&site_toml, &shown(&site_toml)) {
            Ok(text) => match toml::from_str::<SiteConfig>(&text) {
                Ok(c) => content.config = c,
                Err(e) => problems.push(toml_problem(
                    ProblemKind::Config,
                    &shown(&site_toml),
                    &text,
                    0,
                    &e,
                    "site.toml keys: title, description, base_url, language, author, copyright, disclaimer, raw_html, per_page, excerpt_chars",
                )),
            },
            Err(p) => problems.push(p),
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
            let (statutes, ps) = laws::load_dir(&dir, &shown);
            content.statutes = statutes;
            problems.extend(ps);
            continue;
        }
        if matches!(
            name.as_str(),
            "tags" | "page" | "static" | "calc" | "search" | "__livereload"
        ) {
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
        for e in walkdir::WalkDir::new(&dir)
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
                    content
                        .assets
                        .push((r.to_string_lossy().replace('\\', "/"), p.to_path_buf()));
                }
            }
        }
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
    (content, problems)
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
