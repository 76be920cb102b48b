//! One letter template (`content/letters/<slug>.md`, issue 27): a letter a reader fills in
//! on its page. TOML front matter declares the fields (`[[fields]]`: name, label, kind,
//! required, help, choices, from); the Markdown body is guidance around exactly one
//! ```` ```letter ```` block, the letter itself, which uses the fields as `{name}` and
//! starts optional paragraphs with `{?flag}`. Everything an author can get wrong here is
//! a located problem: an unknown or unused field, a bad name, kind, choice list or
//! carry-over (`from`), a missing or second letter block. The guidance's links and `law:`
//! citations are checked later by the Markdown stage, exactly as an article's.
//! The format is `/work/helpers/letters-format.md`'s, documented in README.

use super::files::{date_of, toml_problem};
use super::names::slug_problem;
use crate::diagnostics::{char_column, Problem, ProblemKind};
use chrono::NaiveDate;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The figures a calculator block shows that a letter field may take over (`from =
/// "<kind>.<figure>"`): kind code, figure name, and the figure's label in the block's
/// result (`crates/calc`, `Figure::new`), by which the page finds its value. The
/// calculator's result keeps only labels, so the label is the link; the e2e browser test
/// carries a figure over from a real block, so a renamed label is caught there.
pub const FIGURES: &[(&str, &str, &str)] = &[
    ("judgment", "debt", "尚欠金钱债务"),
    ("judgment", "interest", "尚欠加倍部分利息"),
    ("penalty", "claimed", "主张合计"),
    ("penalty", "supported", "法院可支持的金额"),
    ("penalty", "excess", "超出上限、法院不予支持的部分"),
    ("credit_record", "deleted_from", "删除日期"),
];

/// What a field holds, and so the control the page shows and how the letter prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// An amount in yuan (read like the calculators: 「2万」, 「20,000」), printed
    /// 「20,000.00元」.
    Money,
    /// A calendar date, printed 「2026年12月6日」.
    Date,
    /// One of `choices`.
    Choice,
    /// Any number of one-line entries, printed 「1. …」 one a line.
    List,
    /// Yes or no: prints nothing, includes the paragraphs that start with `{?name}`.
    Flag,
}

impl FieldKind {
    pub const NAMES: &'static str = "text, money, date, choice, list, flag";

    fn parse(s: &str) -> Option<FieldKind> {
        Some(match s {
            "text" => FieldKind::Text,
            "money" => FieldKind::Money,
            "date" => FieldKind::Date,
            "choice" => FieldKind::Choice,
            "list" => FieldKind::List,
            "flag" => FieldKind::Flag,
            _ => return None,
        })
    }

    pub fn code(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Money => "money",
            FieldKind::Date => "date",
            FieldKind::Choice => "choice",
            FieldKind::List => "list",
            FieldKind::Flag => "flag",
        }
    }
}

/// A figure of a calculator block a field takes over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Carry {
    /// The calculator kind's code (`penalty`).
    pub kind: &'static str,
    /// The figure's name (`supported`).
    pub figure: &'static str,
    /// The figure's label in the block's result.
    pub label: &'static str,
}

/// One declared field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub label: String,
    pub kind: FieldKind,
    pub required: bool,
    pub help: Option<String>,
    pub choices: Vec<String>,
    pub from: Option<Carry>,
}

/// A letter as loaded and checked.
#[derive(Debug, Clone)]
pub struct Letter {
    /// Path relative to the content folder: `letters/x.md`.
    pub source: String,
    /// The file as shown in messages.
    pub file: PathBuf,
    /// The URL name: the file name without `.md`.
    pub slug: String,
    pub title: String,
    pub description: String,
    pub date: NaiveDate,
    pub checked: Option<NaiveDate>,
    /// Line of the `checked` key, else of `date` (for the review warning).
    pub checked_line: usize,
    /// To whom it is sent.
    pub to: String,
    pub fields: Vec<Field>,
    /// The guidance before the letter block, and its first line in the file.
    pub before: String,
    pub before_line: usize,
    /// The guidance after the letter block, and its first line in the file.
    pub after: String,
    pub after_line: usize,
    /// The letter block's text (plain text, `{name}` placeholders).
    pub template: String,
}

impl Letter {
    /// The site path of its page: `letters/slug/`.
    pub fn path(&self) -> String {
        crate::model::routes::Route::Letter(&self.slug).path()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLetter {
    title: Option<String>,
    description: Option<String>,
    date: Option<toml::value::Datetime>,
    checked: Option<toml::value::Datetime>,
    to: Option<String>,
    #[serde(default)]
    fields: Vec<RawField>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    name: Option<String>,
    label: Option<String>,
    kind: Option<String>,
    #[serde(default)]
    required: bool,
    help: Option<String>,
    choices: Option<Vec<String>>,
    from: Option<String>,
}

const FRONT_MATTER_HELP: &str = "a letter's front matter: title, description, date, to, optional checked, then one [[fields]] table per field (name, label, kind; optional required, help, choices, from)";

/// A placeholder in the letter block: its name, whether it is a `{?flag}` marker, and
/// where it is (0-based line in the block, byte column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    pub name: String,
    pub marker: bool,
    pub line: usize,
    pub byte_col: usize,
}

/// The paragraphs of a letter block: runs of lines between blank lines.
pub fn paragraphs(template: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for line in template.lines() {
        if line.trim().is_empty() {
            if !cur.is_empty() {
                out.push(cur.join("\n"));
                cur.clear();
            }
        } else {
            cur.push(line.trim_end());
        }
    }
    if !cur.is_empty() {
        out.push(cur.join("\n"));
    }
    out
}

/// Every `{…}` in the letter block, or the place of a `{` left open.
fn placeholders(template: &str) -> (Vec<Placeholder>, Vec<(usize, usize)>) {
    let mut found = Vec::new();
    let mut open = Vec::new();
    let mut paragraph_start = true;
    for (i, line) in template.lines().enumerate() {
        if line.trim().is_empty() {
            paragraph_start = true;
            continue;
        }
        let mut at = 0;
        while let Some(k) = line[at..].find('{') {
            let start = at + k;
            let Some(len) = line[start..].find('}') else {
                open.push((i, start));
                break;
            };
            let inner = &line[start + 1..start + len];
            // A marker counts only at the very start of its paragraph; one elsewhere
            // keeps its `?` in the name, and is reported as misplaced.
            let opens_paragraph = paragraph_start && line[..start].trim().is_empty();
            let (marker, name) = match inner.strip_prefix('?') {
                Some(n) if opens_paragraph => (true, n),
                _ => (false, inner),
            };
            found.push(Placeholder {
                name: name.to_string(),
                marker,
                line: i,
                byte_col: start,
            });
            at = start + len + 1;
        }
        paragraph_start = false;
    }
    (found, open)
}

fn valid_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The letter blocks of `body`: (line of the opening fence, line of the closing fence or
/// `None` when unclosed), 0-based lines of the body. Other fenced blocks are skipped.
fn letter_blocks(body: &str) -> Vec<(usize, Option<usize>)> {
    let lines: Vec<&str> = body.lines().collect();
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let indent = line.len() - line.trim_start_matches(' ').len();
        let t = line.trim_start_matches(' ');
        let fence_char = t.chars().next().filter(|c| *c == '`' || *c == '~');
        let Some(fc) = fence_char.filter(|_| indent <= 3) else {
            i += 1;
            continue;
        };
        let len = t.chars().take_while(|c| *c == fc).count();
        if len < 3 {
            i += 1;
            continue;
        }
        let info = t[len..].trim();
        let close = (i + 1..lines.len()).find(|&j| {
            let c = lines[j].trim();
            c.len() >= len && c.chars().all(|x| x == fc)
        });
        if info == "letter" {
            blocks.push((i, close));
        }
        i = close.map_or(lines.len(), |c| c + 1);
    }
    blocks
}

/// Reads one letter file: every problem of its front matter, fields and letter block.
/// `None` when the file cannot be read as a letter at all.
pub fn read_letter(text: &str, file: &Path, source: &str) -> (Option<Letter>, Vec<Problem>) {
    let mut problems = Vec::new();
    let problem = |line: usize, col: usize, msg: String, help: &str| {
        Problem::new(ProblemKind::Letter, file, msg)
            .at(line, col)
            .help(help)
    };
    let Some((fm, body, body_line)) = super::article::split_front_matter(text) else {
        problems.push(problem(
            1,
            1,
            "the letter does not start with front matter between two `+++` lines".into(),
            FRONT_MATTER_HELP,
        ));
        return (None, problems);
    };
    let raw: RawLetter = match toml::from_str(fm) {
        Ok(r) => r,
        Err(e) => {
            problems.push(toml_problem(
                ProblemKind::FrontMatter,
                file,
                fm,
                1,
                &e,
                FRONT_MATTER_HELP,
            ));
            return (None, problems);
        }
    };
    let fm_lines: Vec<&str> = fm.lines().collect();
    // File line of a top-level key (before the first table), else of the front matter.
    let top_line = |key: &str| -> usize {
        fm_lines
            .iter()
            .take_while(|l| !l.trim_start().starts_with('['))
            .position(|l| {
                l.trim_start()
                    .strip_prefix(key)
                    .is_some_and(|r| r.trim_start().starts_with('='))
            })
            .map_or(1, |i| i + 2)
    };
    // File line of key `key` of the `n`th `[[fields]]` table, else of its header.
    let headers: Vec<usize> = fm_lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.trim() == "[[fields]]")
        .map(|(i, _)| i)
        .collect();
    let field_line = |n: usize, key: &str| -> usize {
        let Some(&start) = headers.get(n) else {
            return 1;
        };
        let end = fm_lines[start + 1..]
            .iter()
            .position(|l| l.trim_start().starts_with('['))
            .map_or(fm_lines.len(), |k| start + 1 + k);
        (start + 1..end)
            .find(|&i| {
                fm_lines[i]
                    .trim_start()
                    .strip_prefix(key)
                    .is_some_and(|r| r.trim_start().starts_with('='))
            })
            .unwrap_or(start)
            + 2
    };
    let mut required_text = |key: &str, v: &Option<String>| -> String {
        match v.as_deref().map(str::trim) {
            Some(t) if !t.is_empty() => t.to_string(),
            _ => {
                problems.push(problem(
                    top_line(key),
                    1,
                    format!("the letter has no `{key}`"),
                    FRONT_MATTER_HELP,
                ));
                String::new()
            }
        }
    };
    let title = required_text("title", &raw.title);
    let description = required_text("description", &raw.description);
    let to = required_text("to", &raw.to);
    let mut date_field = |key: &str, d: &Option<toml::value::Datetime>, required: bool| match d
        .as_ref()
        .map(date_of)
    {
        Some(Some(d)) => Some(d),
        Some(None) => {
            problems.push(problem(
                top_line(key),
                1,
                format!("`{key}` has no calendar date"),
                "write a date like 2026-12-06",
            ));
            None
        }
        None => {
            if required {
                problems.push(problem(
                    1,
                    1,
                    format!("the letter has no `{key}`"),
                    FRONT_MATTER_HELP,
                ));
            }
            None
        }
    };
    let date = date_field("date", &raw.date, true).unwrap_or_default();
    let checked = date_field("checked", &raw.checked, false);
    let checked_line = top_line(if raw.checked.is_some() {
        "checked"
    } else {
        "date"
    });
    let slug = Path::new(source)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some(why) = slug_problem(&slug) {
        problems.push(
            Problem::new(ProblemKind::Letter, file, why)
                .help("rename the file: letters, digits, '-' or Chinese characters"),
        );
    }

    // The fields.
    let mut fields: Vec<Field> = Vec::new();
    let mut field_lines: Vec<usize> = Vec::new();
    for (n, f) in raw.fields.iter().enumerate() {
        let mut bad = false;
        let mut say = |key: &str, msg: String, help: &str| {
            problems.push(problem(field_line(n, key), 1, msg, help));
            bad = true;
        };
        let name = f.name.clone().unwrap_or_default();
        if f.name.is_none() {
            say(
                "name",
                format!("field {} has no `name`", n + 1),
                "give every field a name = \"snake_case\"",
            );
        } else if !valid_name(&name) {
            say(
                "name",
                format!("the field name “{name}” is not lower-case ASCII snake_case"),
                "field names are ASCII: a lower-case letter, then lower-case letters, digits or '_' (full_name)",
            );
        } else if fields.iter().any(|g| g.name == name) {
            say(
                "name",
                format!("the field “{name}” is declared twice"),
                "give each field its own name",
            );
        }
        let label = f
            .label
            .as_deref()
            .map(str::trim)
            .unwrap_or_default()
            .to_string();
        if label.is_empty() {
            say(
                "label",
                format!("the field “{name}” has no `label`"),
                "write the Chinese label readers see: label = \"你的姓名\"",
            );
        }
        let kind = match f.kind.as_deref().map(FieldKind::parse) {
            Some(Some(k)) => Some(k),
            Some(None) => {
                say(
                    "kind",
                    format!(
                        "the field “{name}” has the unknown kind “{}”",
                        f.kind.as_deref().unwrap_or_default()
                    ),
                    &format!("kind is one of: {}", FieldKind::NAMES),
                );
                None
            }
            None => {
                say(
                    "kind",
                    format!("the field “{name}” has no `kind`"),
                    &format!("kind is one of: {}", FieldKind::NAMES),
                );
                None
            }
        };
        let choices: Vec<String> = f
            .choices
            .iter()
            .flatten()
            .map(|c| c.trim().to_string())
            .collect();
        match (kind, &f.choices) {
            (Some(FieldKind::Choice), _)
                if choices.len() < 2 || choices.iter().any(String::is_empty) =>
            {
                say(
                    if f.choices.is_some() {
                        "choices"
                    } else {
                        "kind"
                    },
                    format!("the choice field “{name}” needs at least two non-empty `choices`"),
                    "choices = [\"第一种\", \"第二种\"]",
                );
            }
            (Some(k), Some(_)) if k != FieldKind::Choice => say(
                "choices",
                format!("the field “{name}” is not a choice: `choices` is for kind = \"choice\""),
                "remove `choices`, or make the field kind = \"choice\"",
            ),
            _ => {}
        }
        if f.required && kind == Some(FieldKind::Flag) {
            say(
                "required",
                format!("the flag “{name}” cannot be required: a flag is a yes/no box"),
                "remove `required`",
            );
        }
        let mut from = None;
        if let Some(spec) = &f.from {
            let known = || {
                FIGURES
                    .iter()
                    .map(|(k, f, _)| format!("{k}.{f}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            match FIGURES
                .iter()
                .find(|(k, fig, _)| spec.split_once('.') == Some((k, fig)))
            {
                _ if !matches!(kind, Some(FieldKind::Money | FieldKind::Date) | None) => say(
                    "from",
                    format!("the field “{name}” takes a figure over (`from`) but is no money or date field"),
                    "only kind = \"money\" or \"date\" fields can take a calculator's figure",
                ),
                Some((k, fig, label)) => {
                    from = Some(Carry {
                        kind: k,
                        figure: fig,
                        label,
                    })
                }
                None => {
                    let kind_code = spec.split('.').next().unwrap_or_default();
                    let why = if calc::Kind::from_code(kind_code).is_none() {
                        format!("“{kind_code}” is no calculator kind")
                    } else {
                        "that calculator has no such figure to carry over".into()
                    };
                    say(
                        "from",
                        format!("the field “{name}” takes over “{spec}”: {why}"),
                        &format!("from is one of: {}", known()),
                    )
                }
            }
        }
        let help = f
            .help
            .as_deref()
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .map(str::to_string);
        if let (Some(kind), false) = (kind, bad) {
            fields.push(Field {
                name,
                label,
                kind,
                required: f.required,
                help,
                choices,
                from,
            });
            field_lines.push(field_line(n, "name"));
        } else if !name.is_empty() {
            // Kept so that its uses are not reported as unknown as well.
            fields.push(Field {
                name,
                label,
                kind: kind.unwrap_or(FieldKind::Text),
                required: false,
                help: None,
                choices: Vec::new(),
                from: None,
            });
            field_lines.push(0);
        }
    }

    // The letter block.
    let blocks = letter_blocks(body);
    let body_lines: Vec<&str> = body.lines().collect();
    let block_help =
        "the letter itself is one fenced block: a line ```letter, the letter, a line ```";
    let (open, close) = match blocks.as_slice() {
        [] => {
            problems.push(problem(
                body_line,
                1,
                "the letter has no ```letter block".into(),
                block_help,
            ));
            return (None, problems);
        }
        [(open, close), rest @ ..] => {
            for (second, _) in rest {
                problems.push(problem(
                    body_line + second,
                    1,
                    "a second ```letter block: a letter file has exactly one".into(),
                    "keep one letter per file; put the other into a file of its own",
                ));
            }
            match close {
                Some(c) => (*open, *c),
                None => {
                    problems.push(problem(
                        body_line + open,
                        1,
                        "the ```letter block is not closed".into(),
                        block_help,
                    ));
                    return (None, problems);
                }
            }
        }
    };
    let template = body_lines[open + 1..close].join("\n");
    let template_line = body_line + open + 1;
    let (found, unclosed) = placeholders(&template);
    let tlines: Vec<&str> = template.lines().collect();
    let col = |line: usize, byte: usize| char_column(tlines[line], 1, byte + 1);
    for (l, b) in unclosed {
        problems.push(problem(
            template_line + l,
            col(l, b),
            "a `{` without its `}`".into(),
            "write a field as {name} on one line",
        ));
    }
    let names = || {
        fields
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    for p in &found {
        let (line, column) = (template_line + p.line, col(p.line, p.byte_col));
        if let Some(n) = p.name.strip_prefix('?') {
            problems.push(problem(
                line,
                column,
                format!("`{{?{n}}}` is not at the start of its paragraph"),
                "a paragraph shown only when a box is ticked starts with {?flag_name}, after a blank line",
            ));
            continue;
        }
        match fields.iter().find(|f| f.name == p.name) {
            None => problems.push(problem(
                line,
                column,
                format!("the letter uses the field “{}”, which is not declared", p.name),
                &format!(
                    "declare it in the front matter ([[fields]] name = \"{}\"), or use one of: {}",
                    p.name,
                    names()
                ),
            )),
            Some(f) if p.marker && f.kind != FieldKind::Flag => problems.push(problem(
                line,
                column,
                format!("`{{?{}}}` starts a paragraph, but “{}” is no flag", p.name, p.name),
                "only kind = \"flag\" fields start optional paragraphs; write {name} to insert a value",
            )),
            Some(f) if !p.marker && f.kind == FieldKind::Flag => problems.push(problem(
                line,
                column,
                format!("the flag “{}” prints nothing", p.name),
                "start the paragraph it includes with {?name} instead",
            )),
            Some(_) => {}
        }
    }
    for (f, &line) in fields.iter().zip(&field_lines) {
        // (A misplaced `{?name}` is reported once, as misplaced, not as unused too.)
        if line > 0
            && !found
                .iter()
                .any(|p| p.name.trim_start_matches('?') == f.name)
        {
            problems.push(problem(
                line,
                1,
                format!(
                    "the field “{}” is declared but the letter never uses it",
                    f.name
                ),
                &format!(
                    "use it in the ```letter block as {} or delete its [[fields]] table",
                    if f.kind == FieldKind::Flag {
                        format!("{{?{}}}", f.name)
                    } else {
                        format!("{{{}}}", f.name)
                    }
                ),
            ));
        }
    }
    let before = body_lines[..open].join("\n");
    let after = body_lines[close + 1..].join("\n");
    let letter = Letter {
        source: source.to_string(),
        file: file.to_path_buf(),
        slug,
        title,
        description,
        date,
        checked,
        checked_line,
        to,
        fields,
        before,
        before_line: body_line,
        after,
        after_line: body_line + close + 1,
        template,
    };
    (Some(letter), problems)
}

/// The letter as the page shows it without JavaScript: each field a blank
/// 「＿＿＿＿（label）」, each optional paragraph marked 「（可选）」, paragraphs separated
/// by a blank line.
pub fn blank_text(letter: &Letter) -> Vec<String> {
    paragraphs(&letter.template)
        .into_iter()
        .map(|p| {
            let (flag, text) = match p.strip_prefix("{?") {
                Some(rest) => match rest.split_once('}') {
                    Some((_, t)) => (true, t.trim_start().to_string()),
                    None => (false, p.clone()),
                },
                None => (false, p.clone()),
            };
            let mut optional = flag;
            let mut out = String::new();
            let mut rest = text.as_str();
            while let Some(i) = rest.find('{') {
                out.push_str(&rest[..i]);
                let Some(len) = rest[i..].find('}') else {
                    break;
                };
                let name = &rest[i + 1..i + len];
                match letter.fields.iter().find(|f| f.name == name) {
                    Some(f) => {
                        optional |= !f.required;
                        out.push_str(&format!("＿＿＿＿（{}）", f.label));
                    }
                    None => out.push_str(&rest[i..i + len + 1]),
                }
                rest = &rest[i + len + 1..];
            }
            out.push_str(rest);
            if optional {
                format!("（可选）{out}")
            } else {
                out
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "+++
title = \"征信异议申请\"
description = \"对征信记录提出异议。\"
date = 2026-12-06
to = \"征信中心\"

[[fields]]
name = \"full_name\"
label = \"你的姓名\"
kind = \"text\"
required = true

[[fields]]
name = \"amount\"
label = \"金额\"
kind = \"money\"
from = \"penalty.supported\"

[[fields]]
name = \"paid\"
label = \"已经还清\"
kind = \"flag\"
+++
先看这里。

```letter
征信异议申请

申请人：{full_name}

涉及金额{amount}。

{?paid}我已经还清。
```

寄出后留好凭证。
";

    fn read(text: &str) -> (Option<Letter>, Vec<Problem>) {
        read_letter(text, Path::new("letters/x.md"), "letters/x.md")
    }

    #[test]
    fn a_good_letter_reads_whole() {
        let (l, ps) = read(GOOD);
        assert!(ps.is_empty(), "{ps:?}");
        let l = l.unwrap();
        assert_eq!(l.slug, "x");
        assert_eq!(l.fields.len(), 3);
        assert_eq!(l.fields[1].from.as_ref().unwrap().label, "法院可支持的金额");
        assert!(l.before.contains("先看这里"));
        assert!(l.after.contains("留好凭证"));
        assert_eq!(&l.template[..6], "征信");
        assert_eq!(
            blank_text(&l),
            vec![
                "征信异议申请",
                "申请人：＿＿＿＿（你的姓名）",
                "（可选）涉及金额＿＿＿＿（金额）。",
                "（可选）我已经还清。",
            ]
        );
        // The after-guidance starts at its line in the file.
        let line = GOOD.lines().position(|l| l.contains("留好凭证")).unwrap() + 1;
        assert_eq!(
            l.after_line + l.after.lines().position(|x| x.contains("留好")).unwrap(),
            line
        );
    }

    fn line_of(text: &str, needle: &str) -> usize {
        text.lines().position(|l| l.contains(needle)).unwrap() + 1
    }

    #[test]
    fn an_unknown_field_is_located_where_it_is_used() {
        let t = GOOD.replace("涉及金额{amount}", "涉及金额{amount}，借款人{borrower}");
        let (_, ps) = read(&t);
        assert_eq!(ps.len(), 1, "{ps:?}");
        let p = &ps[0];
        assert!(
            p.message.contains("“borrower”") && p.message.contains("not declared"),
            "{p:?}"
        );
        assert_eq!(p.line, line_of(&t, "{borrower}"));
        // Counted in characters: 「涉及金额」 then {amount}, then 「，借款人」.
        assert_eq!(p.column, "涉及金额{amount}，借款人".chars().count() + 1);
        assert!(p.help.contains("full_name, amount, paid"), "{}", p.help);
    }

    #[test]
    fn an_unused_field_is_located_at_its_declaration() {
        let t = GOOD.replace("涉及金额{amount}。", "涉及金额。");
        let (_, ps) = read(&t);
        assert_eq!(ps.len(), 1, "{ps:?}");
        assert!(ps[0].message.contains("“amount”") && ps[0].message.contains("never uses"));
        assert_eq!(ps[0].line, line_of(&t, "name = \"amount\""));
        assert_eq!(ps[0].column, 1);
    }

    #[test]
    fn bad_declarations_are_located_at_their_key() {
        for (from, to, key_line, says) in [
            (
                "kind = \"money\"",
                "kind = \"amount\"",
                "kind = \"amount\"",
                "unknown kind",
            ),
            (
                "name = \"amount\"",
                "name = \"Amount\"",
                "name = \"Amount\"",
                "snake_case",
            ),
            (
                "from = \"penalty.supported\"",
                "from = \"penalty.total\"",
                "from = ",
                "no such figure",
            ),
            (
                "from = \"penalty.supported\"",
                "from = \"fine.total\"",
                "from = ",
                "no calculator kind",
            ),
            (
                "kind = \"flag\"",
                "kind = \"choice\"",
                "kind = \"choice\"",
                "at least two",
            ),
        ] {
            let t = GOOD.replace(from, to);
            let (_, ps) = read(&t);
            let p = ps
                .iter()
                .find(|p| p.message.contains(says))
                .unwrap_or_else(|| panic!("{to}: {ps:?}"));
            assert_eq!(p.line, line_of(&t, key_line), "{to}: {p:?}");
            assert!(!p.help.is_empty());
        }
    }

    #[test]
    fn exactly_one_letter_block() {
        let t = GOOD.replace("```letter\n征信异议申请\n", "");
        let t = t.replacen("```\n", "", 1);
        let (l, ps) = read(&t);
        assert!(l.is_none());
        assert!(ps[0].message.contains("no ```letter block"), "{ps:?}");
        let t = format!("{GOOD}\n```letter\n{{full_name}}\n```\n");
        let (_, ps) = read(&t);
        assert_eq!(ps.len(), 1, "{ps:?}");
        assert!(ps[0].message.contains("second"));
        assert_eq!(
            ps[0].line,
            t.lines()
                .collect::<Vec<_>>()
                .iter()
                .rposition(|l| *l == "```letter")
                .unwrap()
                + 1
        );
        // A flag marker must open its paragraph; a value field is no marker.
        let t = GOOD.replace("{?paid}我已经还清。", "我已经{?paid}还清。");
        let (_, ps) = read(&t);
        assert!(
            ps.iter().any(|p| p.message.contains("not at the start")),
            "{ps:?}"
        );
        let t = GOOD.replace("{?paid}我已经还清。", "{?full_name}我已经还清。{paid}");
        let (_, ps) = read(&t);
        assert!(
            ps.iter().any(|p| p.message.contains("is no flag")),
            "{ps:?}"
        );
        assert!(
            ps.iter().any(|p| p.message.contains("prints nothing")),
            "{ps:?}"
        );
    }
}
