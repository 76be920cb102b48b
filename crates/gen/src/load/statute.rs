//! Statutes: `content/laws/<code>.toml`, one statute each, clauses by article number. They
//! are loaded before any article is rendered, because citations are checked against them.
//!
//! A statute file may say whether its text is still in force: `status` = "现行有效" (the
//! default), "已修改" (amended: a newer version replaces this text) or "已废止" (repealed),
//! with `status_date` (when it changed) and `replaced_by` (what replaces it: another
//! statute's code or a name). Citing an amended or repealed text is a warning
//! (`check::freshness`).

use super::files::{read_text, toml_problem};
use crate::diagnostics::{line_col, Problem, ProblemKind};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct StatuteFile {
    code: String,
    name: String,
    short: String,
    issuer: String,
    adopted: Option<toml::value::Datetime>,
    effective: Option<toml::value::Datetime>,
    source: String,
    note: Option<String>,
    identifier: Option<String>,
    status: Option<String>,
    status_date: Option<toml::value::Datetime>,
    replaced_by: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    article: Vec<ClauseFile>,
}

/// Whether a statute's text is in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Status {
    /// 现行有效.
    #[default]
    InForce,
    /// 已修改: a newer version replaces this text.
    Amended,
    /// 已废止.
    Repealed,
}

impl Status {
    /// The status as statute files and readers write it.
    pub fn label(self) -> &'static str {
        match self {
            Status::InForce => "现行有效",
            Status::Amended => "已修改",
            Status::Repealed => "已废止",
        }
    }

    fn parse(text: &str) -> Option<Status> {
        [Status::InForce, Status::Amended, Status::Repealed]
            .into_iter()
            .find(|s| s.label() == text.trim())
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClauseFile {
    number: String,
    text: String,
    #[serde(default)]
    excerpt: bool,
}

#[derive(Debug, Clone)]
pub struct Clause {
    pub number: String,
    /// Paragraphs (separated by blank lines in the file).
    pub paragraphs: Vec<String>,
    pub excerpt: bool,
    /// The line of its `[[article]]` in the statute file, for problems about it.
    pub line: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Statute {
    pub code: String,
    pub name: String,
    pub short: String,
    pub issuer: String,
    pub adopted: Option<String>,
    pub effective: Option<String>,
    pub source: String,
    pub note: Option<String>,
    /// The document number (`法释〔2014〕8号`, `国务院令第631号`), when the file gives one.
    pub identifier: Option<String>,
    pub status: Status,
    /// When the status changed (`YYYY-MM-DD`).
    pub status_date: Option<String>,
    /// What replaces an amended or repealed text.
    pub replaced_by: Option<String>,
    /// Other names the statute goes by in articles (`民诉法解释` for 民事诉讼法解释), besides
    /// `name` and `short`: a citation's text must use one of them (`markdown::links`).
    pub aliases: Vec<String>,
    pub clauses: Vec<Clause>,
    pub file: PathBuf,
}

impl Statute {
    pub fn clause(&self, number: &str) -> Option<&Clause> {
        self.clauses.iter().find(|c| c.number == number)
    }

    /// Every name a citation's text may call it by: full name, short name, aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        [self.name.as_str(), self.short.as_str()]
            .into_iter()
            .chain(self.aliases.iter().map(String::as_str))
            .filter(|n| !n.trim().is_empty())
    }
}

/// How a clause is named in text: `676` → 第676条, an inserted `175-1` → 第175条之一.
pub fn clause_label(number: &str) -> String {
    match number.split_once('-') {
        Some((main, sub)) => format!("第{main}条之{}", chinese_ordinal(sub)),
        None => format!("第{number}条"),
    }
}

/// 1–99 as in 之一, 之二, 之十一 (inserted articles never reach a hundred).
fn chinese_ordinal(digits: &str) -> String {
    match digits.parse::<u32>() {
        Ok(n @ 1..=99) => chinese_numeral(n).unwrap_or_default(),
        _ => digits.to_string(),
    }
}

/// 1 ..= 9999 as Chinese numerals the way statutes number articles: 十, 一百一十, 一千零六十四.
pub fn chinese_numeral(n: u32) -> Option<String> {
    if !(1..=9999).contains(&n) {
        return None;
    }
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let places = [
        (n / 1000, "千"),
        (n / 100 % 10, "百"),
        (n / 10 % 10, "十"),
        (n % 10, ""),
    ];
    let mut s = String::new();
    let mut gap = false;
    for (i, (digit, unit)) in places.into_iter().enumerate() {
        if digit == 0 {
            gap |= !s.is_empty();
            continue;
        }
        if gap {
            s.push('零');
            gap = false;
        }
        // 十二, not 一十二, when the tens lead.
        if !(i == 2 && digit == 1 && s.is_empty()) {
            s.push(DIGITS[digit as usize]);
        }
        s.push_str(unit);
    }
    Some(s)
}

/// The number a statute writes in Chinese numerals (一千零六十四, 十二, 二百零三), or in Arabic
/// digits; `None` for anything else. The inverse of [`chinese_numeral`].
pub fn parse_numeral(text: &str) -> Option<u32> {
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_digit()) {
        return text.parse().ok();
    }
    let (mut total, mut digit) = (0u32, None::<u32>);
    for c in text.chars() {
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => {
                let d = "零〇一二三四五六七八九".find(c)?;
                // 零 and 〇 are three bytes each, as are the digits after them.
                let d = (d / 3).saturating_sub(1) as u32;
                digit = Some(d);
                continue;
            }
        };
        total += digit.take().unwrap_or(1) * unit;
    }
    let n = total + digit.unwrap_or(0);
    (n > 0 && !text.is_empty()).then_some(n)
}

fn date_text(d: &Option<toml::value::Datetime>) -> Option<String> {
    d.as_ref()
        .and_then(|d| d.date)
        .map(|d| format!("{:04}-{:02}-{:02}", d.year, d.month, d.day))
}

/// Parses one statute file.
pub fn parse(text: &str, file: &Path) -> Result<Statute, Vec<Problem>> {
    let help = "a statute file has code, name, short, issuer, optional aliases, source, optional adopted, effective, note, identifier, status, status_date, replaced_by, then [[article]] tables with number, text and optional excerpt";
    let s: StatuteFile = toml::from_str(text)
        .map_err(|e| vec![toml_problem(ProblemKind::Statute, file, text, 0, &e, help)])?;
    let mut problems = Vec::new();
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if s.code != stem {
        problems.push(
            Problem::new(
                ProblemKind::Statute,
                file,
                format!("code “{}” differs from the file name “{stem}”", s.code),
            )
            .at(1, 1)
            .help("name the file <code>.toml"),
        );
    }
    if s.code.is_empty()
        || !s
            .code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        problems.push(
            Problem::new(
                ProblemKind::Statute,
                file,
                format!(
                    "code “{}” must be ASCII letters, digits, '-' or '_'",
                    s.code
                ),
            )
            .at(1, 1)
            .help("use a short Latin code such as minfadian"),
        );
    }
    let status = match s.status.as_deref() {
        None => Status::InForce,
        Some(t) => Status::parse(t).unwrap_or_else(|| {
            let line = text
                .lines()
                .position(|l| l.trim_start().starts_with("status"))
                .map_or(1, |i| i + 1);
            problems.push(
                Problem::new(
                    ProblemKind::Statute,
                    file,
                    format!("status “{t}” is not one of 现行有效, 已修改, 已废止"),
                )
                .at(line, 1)
                .help("write status = \"现行有效\", \"已修改\" or \"已废止\""),
            );
            Status::InForce
        }),
    };
    let mut clauses: Vec<Clause> = Vec::new();
    for (i, a) in s.article.iter().enumerate() {
        let line = text
            .match_indices("[[article]]")
            .nth(i)
            .map(|(o, _)| line_col(text, o).0)
            .unwrap_or(1);
        if a.number.is_empty() || !a.number.chars().all(|c| c.is_ascii_digit() || c == '-') {
            problems.push(
                Problem::new(
                    ProblemKind::Statute,
                    file,
                    format!(
                        "article number “{}” is not written in Arabic digits",
                        a.number
                    ),
                )
                .at(line, 1)
                .help("write the number as digits, e.g. number = \"676\""),
            );
        }
        if clauses.iter().any(|c| c.number == a.number) {
            problems.push(
                Problem::new(
                    ProblemKind::Duplicate,
                    file,
                    format!("article {} appears twice", a.number),
                )
                .at(line, 1)
                .help("keep one [[article]] per number"),
            );
        }
        clauses.push(Clause {
            number: a.number.clone(),
            paragraphs: a
                .text
                .split("\n\n")
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect(),
            excerpt: a.excerpt,
            line,
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Statute {
        code: s.code,
        name: s.name,
        short: s.short,
        issuer: s.issuer,
        adopted: date_text(&s.adopted),
        effective: date_text(&s.effective),
        source: s.source,
        note: s.note,
        identifier: s.identifier.filter(|i| !i.trim().is_empty()),
        status,
        status_date: date_text(&s.status_date),
        replaced_by: s.replaced_by.filter(|r| !r.trim().is_empty()),
        aliases: s.aliases,
        clauses,
        file: file.to_path_buf(),
    })
}

/// Loads every `*.toml` of the laws folder.
/// `keep` says which files may be read (not hidden, no link out of content/).
pub fn load_dir(
    dir: &Path,
    shown: &dyn Fn(&Path) -> PathBuf,
    keep: &mut dyn FnMut(&Path) -> bool,
) -> (Vec<Statute>, Vec<Problem>) {
    let mut out: Vec<Statute> = Vec::new();
    let mut problems = Vec::new();
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml") && keep(p))
            .collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    for f in files {
        let file = shown(&f);
        let text = match read_text(&f, &file) {
            Ok(t) => t,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        match parse(&text, &file) {
            Ok(s) => {
                if out.iter().any(|o| o.short == s.short || o.code == s.code) {
                    problems.push(
                        Problem::new(
                            ProblemKind::Duplicate,
                            &file,
                            format!(
                                "another statute already uses the code or short name “{}”",
                                s.short
                            ),
                        )
                        .at(1, 1)
                        .help("short names must be unique: citations may use them"),
                    );
                } else {
                    out.push(s);
                }
            }
            Err(ps) => problems.extend(ps),
        }
    }
    (out, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = "code = \"minfadian\"\nname = \"中华人民共和国民法典\"\nshort = \"民法典\"\nissuer = \"全国人民代表大会\"\neffective = 2021-01-01\nsource = \"x\"\n\n[[article]]\nnumber = \"676\"\ntext = \"\"\"\n甲。\n\n乙。\"\"\"\nexcerpt = true\n";

    #[test]
    fn inserted_articles_are_named_as_statutes_name_them() {
        assert_eq!(clause_label("676"), "第676条");
        assert_eq!(clause_label("175-1"), "第175条之一");
        assert_eq!(clause_label("133-12"), "第133条之十二");
        assert_eq!(clause_label("120-20"), "第120条之二十");
    }

    #[test]
    fn numerals_read_back_as_written() {
        for n in [1, 10, 12, 20, 100, 110, 203, 676, 1000, 1064, 1260, 9999] {
            assert_eq!(parse_numeral(&chinese_numeral(n).unwrap()), Some(n), "{n}");
            assert_eq!(parse_numeral(&n.to_string()), Some(n));
        }
        for bad in ["", "第", "x", "十x"] {
            assert_eq!(parse_numeral(bad), None, "{bad}");
        }
    }

    #[test]
    fn parses_a_statute() {
        let s = parse(OK, Path::new("laws/minfadian.toml")).unwrap();
        assert_eq!(s.clause("676").unwrap().paragraphs, vec!["甲。", "乙。"]);
        assert_eq!(s.effective.as_deref(), Some("2021-01-01"));
    }

    #[test]
    fn status_defaults_to_in_force_and_is_checked() {
        let s = parse(OK, Path::new("laws/minfadian.toml")).unwrap();
        assert_eq!((s.status, s.identifier), (Status::InForce, None));
        let t = OK.replace(
            "source = \"x\"\n",
            "source = \"x\"\nidentifier = \"主席令第45号\"\nstatus = \"已废止\"\nstatus_date = 2021-01-01\nreplaced_by = \"minfadian\"\n",
        );
        let s = parse(&t, Path::new("laws/minfadian.toml")).unwrap();
        assert_eq!(s.status, Status::Repealed);
        assert_eq!(s.identifier.as_deref(), Some("主席令第45号"));
        assert_eq!(s.status_date.as_deref(), Some("2021-01-01"));
        assert_eq!(s.replaced_by.as_deref(), Some("minfadian"));
        let bad = OK.replace("source = \"x\"\n", "source = \"x\"\nstatus = \"失效\"\n");
        let e = parse(&bad, Path::new("laws/minfadian.toml")).unwrap_err();
        assert_eq!((e[0].line, e[0].kind), (7, ProblemKind::Statute), "{e:?}");
    }

    #[test]
    fn unknown_key_in_clause() {
        let t = OK.replace("excerpt = true", "exerpt = true");
        let e = parse(&t, Path::new("laws/minfadian.toml")).unwrap_err();
        assert!(e[0].message.contains("exerpt"), "{e:?}");
        assert_eq!(e[0].line, 14);
    }
}
