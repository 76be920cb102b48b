//! One article file: TOML front matter between two `+++` lines, then Markdown. The front
//! matter is checked here once and kept as one validated value ([`FrontMatter`]), so later
//! stages never see a raw date or an untrimmed tag, and `serve` can tell whether an edit
//! changed it by comparing the value whole.

use super::files::{date_of, toml_problem};
use super::names::{slug_problem, unwritable_name};
use crate::diagnostics::{Problem, ProblemKind};
use chrono::NaiveDate;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The front matter as written (before checks).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrontMatter {
    title: Option<String>,
    date: Option<toml::value::Datetime>,
    author: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    keywords: Vec<String>,
    updated: Option<toml::value::Datetime>,
    checked: Option<toml::value::Datetime>,
    description: Option<String>,
    slug: Option<String>,
    #[serde(default)]
    draft: bool,
    pinned: Option<u32>,
}

/// An article's front matter, checked: dates are calendar dates, the title and tags are
/// trimmed, tags unique, empty optional texts are `None`, the slug is resolved.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FrontMatter {
    pub title: String,
    pub date: NaiveDate,
    pub updated: Option<NaiveDate>,
    /// When the cited law was last checked.
    pub checked: Option<NaiveDate>,
    pub author: Option<String>,
    pub tags: Vec<String>,
    /// What readers call the topic when it is not the article's own word (老赖 for
    /// 失信被执行人): indexed for search with the title's weight, shown nowhere. Trimmed,
    /// non-empty, unique.
    pub keywords: Vec<String>,
    pub description: Option<String>,
    /// The URL name: the `slug` key, else the file name without `.md`.
    pub slug: String,
    pub draft: bool,
    /// Shown under 「先看这几篇」 on the home page, in this number's order.
    pub pinned: Option<u32>,
}

/// An article as loaded.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Article {
    /// Path relative to the content folder, with `/` separators: `credit/x.md`.
    pub source: String,
    /// The file as shown in messages (relative to the working directory when possible).
    pub file: PathBuf,
    pub category: String,
    pub meta: FrontMatter,
    /// The Markdown after the front matter, BOM removed, line endings normalised; empty
    /// when it was not read ([`Article::body_read`]).
    pub body: String,
    /// `false` for an article the build cache kept from an earlier build (see
    /// `load::KnownArticles`): its body is read only if its Markdown must be rendered
    /// ([`read_body`]).
    pub body_read: bool,
    /// A fingerprint of the file's bytes: what its body renders to depends on nothing
    /// else of the file.
    pub content: u128,
    /// 1-based line of the body's first line in the file.
    pub body_line: usize,
    /// Lines of the `slug` and `tags` keys (0: not in the front matter), for problems
    /// found once all articles are known.
    pub slug_line: usize,
    pub tags_line: usize,
    /// Line of the `checked` key, else of `date` (for the review warning).
    pub checked_line: usize,
    /// `false`: the front matter has problems (reported) and `meta` holds stand-ins; the
    /// body is still rendered, so that its problems are reported in the same run.
    pub front_matter_ok: bool,
}

impl Article {
    /// The site path of its page below the base URL: `credit/slug/`.
    pub fn path(&self) -> String {
        crate::model::routes::Route::Article(&self.category, &self.meta.slug).path()
    }

    /// The date shown as "updated": `updated`, else the publication date.
    pub fn modified(&self) -> NaiveDate {
        self.meta.updated.unwrap_or(self.meta.date)
    }
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

/// The body of `a`, an article kept from an earlier build without its body, read from
/// its file `path` now.
pub fn read_body(a: &Article, path: &Path) -> Result<String, Problem> {
    let text = super::read_text(path, &a.file)?;
    match split_front_matter(&text) {
        Some((_, body, _)) => Ok(body.to_string()),
        None => Err(Problem::new(
            ProblemKind::FrontMatter,
            &a.file,
            "the file changed during the build: its front matter is gone",
        )
        .help("build again")),
    }
}

const FRONT_MATTER_HELP: &str = "front matter is TOML between two `+++` lines: title, date, author, tags; optional updated, checked, description, keywords, slug, draft, pinned";

/// Parses one article file. `source` is its path relative to content/.
pub fn parse_article(
    text: &str,
    file: &Path,
    source: &str,
    category: &str,
) -> Result<Article, Vec<Problem>> {
    match read_article(text, file, source, category) {
        (Some(a), problems) if problems.is_empty() => Ok(a),
        (_, problems) => Err(problems),
    }
}

/// Parses one article file and reports every problem of its front matter, not only the
/// first: the article comes back whenever its body can be found (with stand-ins for what
/// the front matter failed to give, `front_matter_ok` false), so that the body's links,
/// citations, calculator blocks and headings are checked in the same run.
pub fn read_article(
    text: &str,
    file: &Path,
    source: &str,
    category: &str,
) -> (Option<Article>, Vec<Problem>) {
    let Some((fm, body, body_line)) = split_front_matter(text) else {
        let p = Problem::new(
            ProblemKind::FrontMatter,
            file,
            if text.starts_with("+++") {
                "the front matter is not closed by a `+++` line"
            } else {
                "the article does not start with front matter (`+++`)"
            },
        )
        .at(1, 1)
        .help(FRONT_MATTER_HELP);
        return (None, vec![p]);
    };
    let mut problems = Vec::new();
    let raw = raw_front_matter(fm, file, &mut problems);
    let key_line = |key: &str| -> usize {
        fm.lines()
            .position(|l| l.trim_start().starts_with(key))
            .map_or(0, |i| i + 2)
    };
    let slug_line = if raw.as_ref().is_some_and(|r| r.slug.is_some()) {
        key_line("slug")
    } else {
        0
    };
    let tags_line = key_line("tags").max(1);
    let checked_line = match key_line("checked") {
        0 => key_line("date"),
        n => n,
    };
    let meta = raw.and_then(|raw| {
        validate(raw, fm, file, source)
            .map_err(|ps| problems.extend(ps))
            .ok()
    });
    let front_matter_ok = problems.is_empty();
    let meta = meta.unwrap_or_else(|| stand_in(source));
    let article = Article {
        source: source.to_string(),
        file: file.to_path_buf(),
        category: category.to_string(),
        meta,
        body: body.to_string(),
        body_read: true,
        content: xxhash_rust::xxh3::xxh3_128(text.as_bytes()),
        body_line,
        slug_line,
        tags_line,
        checked_line,
        front_matter_ok,
    };
    (Some(article), problems)
}

/// The front matter of an article whose front matter has problems: enough to render its
/// body (the slug from the file name), nothing a check of dates would read.
fn stand_in(source: &str) -> FrontMatter {
    let stem = Path::new(source)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    FrontMatter {
        title: stem.clone(),
        date: NaiveDate::default(),
        updated: None,
        checked: None,
        author: None,
        tags: Vec::new(),
        keywords: Vec::new(),
        description: None,
        slug: stem,
        draft: false,
        pinned: None,
    }
}

/// The front matter's TOML read into its fields, every TOML problem reported: after one,
/// its line is blanked and the text read again (at most a few times), so that a misspelt
/// key and an impossible date are both reported in one run. A key missing because its
/// line was blanked is a consequence and is not reported again. `None` when a required
/// key is missing or a problem was found that blanking cannot get past.
fn raw_front_matter(fm: &str, file: &Path, problems: &mut Vec<Problem>) -> Option<RawFrontMatter> {
    let mut text = fm.to_string();
    let mut blanked = false;
    for _ in 0..8 {
        let err = match toml::from_str::<RawFrontMatter>(&text) {
            Ok(raw) => {
                for (key, missing) in [("title", raw.title.is_none()), ("date", raw.date.is_none())]
                {
                    if missing && !blanked {
                        problems.push(
                            Problem::new(
                                ProblemKind::FrontMatter,
                                file,
                                format!("the front matter has no `{key}`"),
                            )
                            .at(1, 1)
                            .help(FRONT_MATTER_HELP),
                        );
                    }
                }
                return (raw.title.is_some() && raw.date.is_some()).then_some(raw);
            }
            Err(e) => e,
        };
        // Reported with the original text, so that the line shown is the one written.
        problems.push(toml_problem(
            ProblemKind::FrontMatter,
            file,
            fm,
            1,
            &err,
            FRONT_MATTER_HELP,
        ));
        let start = err.span()?.start.min(text.len());
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        if text[line_start..line_end].trim().is_empty() {
            return None;
        }
        // Spaces of the same length keep every later offset where it was.
        text.replace_range(line_start..line_end, &" ".repeat(line_end - line_start));
        blanked = true;
    }
    None
}

/// Checks the front matter `raw` read from `fm` (the text between the `+++` lines).
fn validate(
    raw: RawFrontMatter,
    fm: &str,
    file: &Path,
    source: &str,
) -> Result<FrontMatter, Vec<Problem>> {
    let mut problems = Vec::new();
    let key_line = |key: &str| -> usize {
        fm.lines()
            .position(|l| l.trim_start().starts_with(key))
            .map(|i| i + 2)
            .unwrap_or(1)
    };
    let mut date_field = |key: &str, dt: &toml::value::Datetime| -> Option<NaiveDate> {
        let date = date_of(dt);
        if date.is_none() {
            problems.push(
                Problem::new(
                    ProblemKind::FrontMatter,
                    file,
                    format!("`{key}` has no calendar date"),
                )
                .at(key_line(key), 1)
                .help("write a date like 2024-03-15"),
            );
        }
        date
    };
    let date = raw.date.as_ref().and_then(|d| date_field("date", d));
    let updated = raw.updated.as_ref().and_then(|d| date_field("updated", d));
    let checked = raw.checked.as_ref().and_then(|d| date_field("checked", d));
    for (key, value) in [
        ("title", raw.title.as_ref()),
        ("description", raw.description.as_ref()),
        ("author", raw.author.as_ref()),
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
    let title = raw.title.clone().unwrap_or_default();
    if title.trim().is_empty() {
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
    let slug = raw.slug.clone().unwrap_or(stem);
    if let Some(why) = slug_problem(&slug) {
        problems.push(
            Problem::new(ProblemKind::FrontMatter, file, why)
                .at(key_line("slug"), 1)
                .help("use letters, digits, '-' or Chinese characters (at most 85 of them); not `page`, no '/', '\\', '?', '#', '%', spaces or control characters"),
        );
    }
    for (i, t) in raw.tags.iter().enumerate() {
        let t2 = t.trim();
        let why = if t2.is_empty() || t2.starts_with('.') {
            Some(format!("tag {} (“{t}”) cannot be used in a URL", i + 1))
        } else if let Some(c) = t.chars().find(|c| ['/', '\\', '?', '#', '%'].contains(c)) {
            Some(format!(
                "tag {} (“{t}”) cannot be used in a URL: it contains '{c}'",
                i + 1
            ))
        } else {
            unwritable_name(t2).map(|why| format!("tag {} (“{}”) {why}", i + 1, t2.escape_debug()))
        };
        if let Some(why) = why {
            problems.push(
                Problem::new(ProblemKind::FrontMatter, file, why)
                    .at(key_line("tags"), 1)
                    .help("tags must be non-empty, not start with '.', contain no '/', '\\', '?', '#', '%' or control characters, and be at most 255 bytes"),
            );
        }
    }
    for (i, k) in raw.keywords.iter().enumerate() {
        if k.trim().is_empty() {
            problems.push(
                Problem::new(
                    ProblemKind::FrontMatter,
                    file,
                    format!("keyword {} is empty", i + 1),
                )
                .at(key_line("keywords"), 1)
                .help("keywords are words readers type for this topic, such as keywords = [\"老赖\"]; remove the empty one"),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut keywords: Vec<String> = Vec::new();
    for k in &raw.keywords {
        let k = k.trim().to_string();
        if !keywords.contains(&k) {
            keywords.push(k);
        }
    }
    let mut tags: Vec<String> = Vec::new();
    for t in &raw.tags {
        let t = t.trim().to_string();
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    Ok(FrontMatter {
        title: title.trim().to_string(),
        date: date.unwrap_or_default(),
        updated,
        checked,
        author: raw.author.filter(|a| !a.trim().is_empty()),
        tags,
        keywords,
        description: raw.description.filter(|d| !d.trim().is_empty()),
        slug,
        draft: raw.draft,
        pinned: raw.pinned,
    })
}

#[cfg(test)]
mod tests {
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
    fn keywords_are_trimmed_unique_and_not_empty() {
        let t = "+++\ntitle = \"a\"\ndate = 2024-01-02\nkeywords = [\" 老赖\", \"老赖\", \"强制执行\"]\n+++\n正文\n";
        let a = parse_article(t, Path::new("x.md"), "c/x.md", "c").unwrap();
        assert_eq!(a.meta.keywords, ["老赖", "强制执行"]);
        let t = "+++\ntitle = \"a\"\ndate = 2024-01-02\nkeywords = [\"老赖\", \" \"]\n+++\n正文\n";
        let ps = parse_article(t, Path::new("x.md"), "c/x.md", "c").unwrap_err();
        assert_eq!(ps.len(), 1, "{ps:?}");
        assert_eq!(ps[0].location(), "x.md:4:1");
        assert!(ps[0].message.contains("keyword 2"), "{}", ps[0]);
    }

    #[test]
    fn chinese_slug_from_file_name() {
        let t =
            "+++\ntitle = \"a\"\ndate = 2024-01-02\ntags = [\"信用卡\", \"信用卡\"]\n+++\n正文\n";
        let a = parse_article(t, Path::new("x.md"), "c/还款.md", "c").unwrap();
        assert_eq!(a.meta.slug, "还款");
        assert_eq!(a.meta.tags, vec!["信用卡"]);
        assert_eq!(a.body_line, 6);
    }

    #[test]
    fn the_validated_front_matter_compares_whole() {
        let parse = |fm: &str| {
            let t = format!("+++\ntitle = \"a\"\ndate = 2024-01-02\n{fm}+++\n正文\n");
            parse_article(&t, Path::new("x.md"), "c/x.md", "c")
                .unwrap()
                .meta
        };
        // Only what the reader sees counts: spacing and repeated tags do not.
        assert_eq!(
            parse("tags = [\"甲\"]\n"),
            parse("tags = [\" 甲\", \"甲\"]\n")
        );
        for changed in [
            "checked = 2024-02-01\n",
            "updated = 2024-02-01\n",
            "author = \"张律师\"\n",
            "description = \"摘要\"\n",
            "slug = \"y\"\n",
            "draft = true\n",
            "tags = [\"乙\"]\n",
        ] {
            assert_ne!(parse(""), parse(changed), "{changed}");
        }
    }
}
