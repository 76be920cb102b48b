//! Quotes against the official texts (`gen check --official DIR`): every clause a statute
//! file prints as the law's own words must be those words. The site quotes law to
//! frightened readers, and a clause retyped by hand drifts (a dropped 不得, an old
//! version's figure) without any other check noticing.
//!
//! `DIR` holds the official texts as Markdown, one document per file, its first `# `
//! heading the document's full name and each clause a line starting `第……条` (the layout
//! of `../shared/domain/laws/`). A statute file is matched to the document whose heading is
//! its `name`, or to a 关于修改《…》的决定 whose quoted title ends its `name` (an amending
//! decision that restates clauses; its clauses are then found anywhere in the decision).
//! Whitespace is ignored when comparing. A whole clause must equal the official clause; an
//! `excerpt = true` clause is split at 「……」 and each piece must appear in the official
//! clause, in order. A clause whose text starts with 【本站概括 is the site's own summary of
//! a document without an official text here, is labelled so on the page, and is not checked.

use crate::diagnostics::{Problem, ProblemKind};
use crate::load::{chinese_numeral, Statute};
use std::collections::HashMap;
use std::path::Path;

/// What marks a clause as the site's paraphrase rather than a quote.
const PARAPHRASE: &str = "【本站概括";

/// One official document, its text squashed (see [`squash`]).
struct Official {
    file: String,
    text: OfficialText,
}

enum OfficialText {
    /// A law or interpretation: its clauses by number (`第六百七十五条`).
    Clauses(HashMap<String, String>),
    /// An amending decision, which restates clauses inside its own: its whole text,
    /// without quotation marks.
    Amendment(String),
}

impl Official {
    fn amendment(&self) -> bool {
        matches!(self.text, OfficialText::Amendment(_))
    }
}

/// Checks every quoted clause of `statutes` against the official texts in `dir`.
pub fn check_official_texts(statutes: &[Statute], dir: &Path) -> Vec<Problem> {
    let (documents, mut problems) = read_documents(dir);
    for statute in statutes {
        let quoted: Vec<_> = statute
            .clauses
            .iter()
            .filter(|c| !c.paragraphs.concat().starts_with(PARAPHRASE))
            .collect();
        if quoted.is_empty() {
            continue;
        }
        let Some(doc) = find_document(&documents, &statute.name) else {
            problems.push(
                Problem::new(
                    ProblemKind::Statute,
                    &statute.file,
                    format!(
                        "no official text of 《{}》 in {}: its clauses cannot be checked",
                        statute.name,
                        dir.display()
                    ),
                )
                .at(1, 1)
                .help("add the official text, or mark each clause as the site's own summary by starting its text with 【本站概括，非条文原文】"),
            );
            continue;
        };
        for clause in quoted {
            let mut ours = squash(&clause.paragraphs.concat());
            let located = match &doc.text {
                OfficialText::Amendment(whole) => {
                    ours = ours.replace(['“', '”'], "");
                    Some(whole.as_str())
                }
                OfficialText::Clauses(clauses) => official_number(&clause.number)
                    .and_then(|n| clauses.get(&n).map(|s| s.as_str())),
            };
            let Some(official) = located else {
                problems.push(
                    Problem::new(
                        ProblemKind::Statute,
                        &statute.file,
                        format!(
                            "article {} is not in the official text {}",
                            clause.number, doc.file
                        ),
                    )
                    .at(clause.line, 1)
                    .help("check the article number against the official text"),
                );
                continue;
            };
            let matches = if clause.excerpt || doc.amendment() {
                in_order(official, &ours)
            } else {
                official == ours
            };
            if !matches {
                let first_difference = first_difference(official, &ours, doc.amendment());
                problems.push(
                    Problem::new(
                        ProblemKind::Statute,
                        &statute.file,
                        format!(
                            "article {} differs from the official text in {}{}",
                            clause.number,
                            doc.file,
                            first_difference
                        ),
                    )
                    .at(clause.line, 1)
                    .help(if clause.excerpt {
                        "copy each piece exactly from the official text; mark left-out words with ……"
                    } else {
                        "copy the clause exactly from the official text, or set excerpt = true and mark left-out words with ……"
                    }),
                );
            }
        }
    }
    problems
}

/// Reads every `*.md` of `dir` into its clauses.
fn read_documents(dir: &Path) -> (Vec<(String, Official)>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut files: Vec<_> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect(),
        Err(e) => {
            problems.push(
                Problem::new(
                    ProblemKind::Io,
                    dir,
                    format!("cannot read the official texts: {e}"),
                )
                .help(
                    "give --official the folder of the official texts (e.g. ../shared/domain/laws)",
                ),
            );
            Vec::new()
        }
    };
    files.sort();
    let mut documents = Vec::new();
    for path in files {
        let text = match crate::load::read_regular(&path)
            .and_then(|b| String::from_utf8(b).map_err(std::io::Error::other))
        {
            Ok(t) => t,
            Err(e) => {
                problems.push(Problem::new(
                    ProblemKind::Io,
                    &path,
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        let Some(title) = text.lines().find_map(|l| l.strip_prefix("# ")) else {
            continue;
        };
        let text = if title.contains("关于修改《") {
            OfficialText::Amendment(squash(&text).replace(['“', '”'], ""))
        } else {
            OfficialText::Clauses(clauses_by_number(&text))
        };
        documents.push((
            title.trim().to_string(),
            Official {
                file: path.display().to_string(),
                text,
            },
        ));
    }
    (documents, problems)
}

/// A document's clauses by their heading (`第六百七十五条`), each running to the next
/// clause, heading or comment.
fn clauses_by_number(text: &str) -> HashMap<String, String> {
    let mut clauses = HashMap::new();
    let mut current: Option<(String, String)> = None;
    for line in text.lines() {
        let starts_clause = clause_heading(line);
        if starts_clause.is_some() || line.starts_with('#') || line.starts_with("<!--") {
            if let Some((n, t)) = current.take() {
                clauses.entry(n).or_insert_with(|| squash(&t));
            }
        }
        if let Some((number, rest)) = starts_clause {
            current = Some((number.to_string(), rest.to_string()));
        } else if let Some((_, t)) = current.as_mut() {
            t.push_str(line);
        }
    }
    if let Some((n, t)) = current {
        clauses.entry(n).or_insert_with(|| squash(&t));
    }
    clauses
}

/// The document for a statute's `name`: the same heading, or an amending decision of it.
fn find_document<'a>(documents: &'a [(String, Official)], name: &str) -> Option<&'a Official> {
    documents
        .iter()
        .find(|(title, _)| title == name)
        .or_else(|| {
            documents.iter().find(|(title, doc)| {
                doc.amendment()
                    && title
                        .split_once("关于修改《")
                        .and_then(|(_, rest)| rest.split_once('》'))
                        .is_some_and(|(amended, _)| name.ends_with(amended))
            })
        })
        .map(|(_, doc)| doc)
}

/// `第六百七十五条 借款人……` → (`第六百七十五条`, `借款人……`); also `第一百三十三条之一`.
fn clause_heading(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix('第')?;
    let numerals = |c: char| "零一二三四五六七八九十百千".contains(c);
    let n = rest.find(|c: char| !numerals(c))?;
    if n == 0 || !rest[n..].starts_with('条') {
        return None;
    }
    let mut end = '第'.len_utf8() + n + '条'.len_utf8();
    if let Some(after) = line[end..].strip_prefix('之') {
        let m = after.find(|c: char| !numerals(c)).unwrap_or(after.len());
        end += '之'.len_utf8() + m;
    }
    let (head, body) = line.split_at(end);
    if !(body.is_empty() || body.starts_with([' ', '\u{3000}'])) {
        return None;
    }
    Some((head, body))
}

/// `675` → `第六百七十五条`; `133-1` → `第一百三十三条之一`.
fn official_number(number: &str) -> Option<String> {
    let (main, sub) = match number.split_once('-') {
        Some((a, b)) => (a, Some(b)),
        None => (number, None),
    };
    let mut s = format!("第{}条", chinese_numeral(main.parse().ok()?)?);
    if let Some(sub) = sub {
        s.push('之');
        s.push_str(&chinese_numeral(sub.parse().ok()?)?);
    }
    Some(s)
}

/// The text without whitespace and zero-width characters (line and paragraph breaks carry
/// no meaning here; the official texts hold stray U+200B).
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200b}'..='\u{200d}' | '\u{feff}'))
        .collect()
}

/// Whether each piece of `ours` between 「……」 appears in `official`, in order.
fn in_order(official: &str, ours: &str) -> bool {
    let mut rest = official;
    for piece in ours.split('…').filter(|p| !p.is_empty()) {
        match rest.find(piece) {
            Some(i) => rest = &rest[i + piece.len()..],
            None => return false,
        }
    }
    true
}

/// Where the texts part, for the message: 「: ours has “……” where the official text has “……”」.
fn first_difference(official: &str, ours: &str, loose: bool) -> String {
    if loose {
        return String::new();
    }
    let common = official
        .char_indices()
        .zip(ours.chars())
        .take_while(|((_, a), b)| a == b)
        .count();
    let clip = |s: &str| -> String {
        let tail: String = s.chars().skip(common.saturating_sub(4)).take(12).collect();
        if tail.is_empty() {
            "(end)".to_string()
        } else {
            tail
        }
    };
    format!(
        " (from character {}: the file has “{}”, the official text “{}”)",
        common + 1,
        clip(ours),
        clip(official)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse_statute as parse;

    #[test]
    fn numerals_as_statutes_write_them() {
        let n = |x| chinese_numeral(x).unwrap();
        assert_eq!(n(1), "一");
        assert_eq!(n(10), "十");
        assert_eq!(n(16), "十六");
        assert_eq!(n(20), "二十");
        assert_eq!(n(105), "一百零五");
        assert_eq!(n(110), "一百一十");
        assert_eq!(n(675), "六百七十五");
        assert_eq!(n(1001), "一千零一");
        assert_eq!(n(1010), "一千零一十");
        assert_eq!(n(1064), "一千零六十四");
        assert_eq!(n(1100), "一千一百");
        assert_eq!(n(1161), "一千一百六十一");
        assert_eq!(chinese_numeral(0), None);
        assert_eq!(official_number("133-1").unwrap(), "第一百三十三条之一");
    }

    fn official_dir() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("fa.md"),
            "# 中华人民共和国示例法\n\n## 第一章 总则\n\n第一条 为了示例，制定本法。\n\n第十条 借款人应当按照约定的期限返还借款。\n\n对借款期限没有约定的，可以随时返还。\n\n第十一条 下一条。\n\n第十一条之一 插入的条文。\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("jueding.md"),
            "# 关于修改《关于示例问题的解释》的决定\n\n一、将《解释》原第六条修改为：“持卡人以非法占有为目的透支的，应当认定为‘恶意透支’。\n\n“对于是否以非法占有为目的，应当综合判断。”\n",
        )
        .unwrap();
        dir
    }

    fn statute(name: &str, clauses: &str) -> Statute {
        let text = format!(
            "code = \"shili\"\nname = \"{name}\"\nshort = \"示例\"\nissuer = \"x\"\nsource = \"x\"\n{clauses}"
        );
        parse(&text, Path::new("laws/shili.toml")).unwrap()
    }

    #[test]
    fn a_faithful_clause_passes_whatever_its_line_breaks() {
        let dir = official_dir();
        let s = statute(
            "中华人民共和国示例法",
            "[[article]]\nnumber = \"10\"\ntext = \"\"\"借款人应当按照约定的\n期限返还借款。\n\n对借款期限没有约定的，可以随时返还。\"\"\"\n\n[[article]]\nnumber = \"11-1\"\ntext = \"插入的条文。\"\n",
        );
        assert_eq!(check_official_texts(&[s], dir.path()), vec![]);
    }

    #[test]
    fn a_changed_word_is_reported_at_its_clause() {
        let dir = official_dir();
        let s = statute(
            "中华人民共和国示例法",
            "[[article]]\nnumber = \"1\"\ntext = \"为了示例，制定本法。\"\n\n[[article]]\nnumber = \"10\"\ntext = \"借款人可以按照约定的期限返还借款。\\n\\n对借款期限没有约定的，可以随时返还。\"\n",
        );
        let problems = check_official_texts(&[s], dir.path());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, 10);
        assert!(
            problems[0].message.contains("article 10 differs"),
            "{}",
            problems[0].message
        );
        assert!(
            problems[0].message.contains("可以按照"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn a_clause_cut_short_must_be_marked_an_excerpt() {
        let dir = official_dir();
        let short = "[[article]]\nnumber = \"10\"\ntext = \"借款人应当按照约定的期限返还借款。\"\n";
        let problems = check_official_texts(&[statute("中华人民共和国示例法", short)], dir.path());
        assert_eq!(problems.len(), 1, "{problems:?}");
        let marked = format!("{short}excerpt = true\n");
        assert_eq!(
            check_official_texts(&[statute("中华人民共和国示例法", &marked)], dir.path()),
            vec![]
        );
        let gap = "[[article]]\nnumber = \"10\"\ntext = \"借款人……返还借款。……可以随时返还。\"\nexcerpt = true\n";
        assert_eq!(
            check_official_texts(&[statute("中华人民共和国示例法", gap)], dir.path()),
            vec![]
        );
        let reordered =
            "[[article]]\nnumber = \"10\"\ntext = \"可以随时返还。……借款人\"\nexcerpt = true\n";
        assert_eq!(
            check_official_texts(&[statute("中华人民共和国示例法", reordered)], dir.path()).len(),
            1
        );
    }

    #[test]
    fn a_wrong_number_and_a_missing_document_are_reported() {
        let dir = official_dir();
        let s = statute(
            "中华人民共和国示例法",
            "[[article]]\nnumber = \"12\"\ntext = \"下一条。\"\n",
        );
        let problems = check_official_texts(&[s], dir.path());
        assert!(
            problems[0].message.contains("article 12 is not in"),
            "{problems:?}"
        );
        let s = statute(
            "没有收录的文件",
            "[[article]]\nnumber = \"2\"\ntext = \"某句话。\"\n",
        );
        let problems = check_official_texts(&[s], dir.path());
        assert!(
            problems[0].message.contains("no official text"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_paraphrase_is_not_checked_and_an_amending_decision_is_searched_whole() {
        let dir = official_dir();
        let s = statute(
            "没有收录的文件",
            "[[article]]\nnumber = \"2\"\ntext = \"【本站概括，非条文原文】大意如此。\"\nexcerpt = true\n",
        );
        assert_eq!(check_official_texts(&[s], dir.path()), vec![]);
        let clause = "[[article]]\nnumber = \"6\"\ntext = \"\"\"持卡人以非法占有为目的透支的，应当认定为‘恶意透支’。\n\n对于是否以非法占有为目的，应当综合判断。\"\"\"\n";
        let s = statute("最高人民法院关于示例问题的解释", clause);
        assert_eq!(check_official_texts(&[s], dir.path()), vec![]);
        let s = statute(
            "最高人民法院关于示例问题的解释",
            &clause.replace("综合判断", "单独判断"),
        );
        assert_eq!(check_official_texts(&[s], dir.path()).len(), 1);
    }
}
