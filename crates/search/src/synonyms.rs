//! The synonym table (`content/data/synonyms.txt`, format in `content/data/README.md`):
//! groups of words that mean the same to a reader (老赖 失信被执行人 失信名单). Both sides
//! apply it: the index gives every group met in a document an index term of its own
//! ([`group_term`], counted like any term, in the field where it was met), and the page
//! looks for that term when the query holds a member, so a reader's word finds the
//! article's word. `theme/search/search.js` (`groupHits`) counts the same way.

use crate::tokenize::{self, class, Class};
use std::collections::HashMap;

/// The checked table: groups of normalized members.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Synonyms {
    groups: Vec<Vec<String>>,
    /// First two characters of a member → (group, member's characters), longest first.
    by_start: ByStart,
    /// Bit set of members' first characters (low 16 bits of the code point): most
    /// positions of a text are passed over without a lookup.
    first: Vec<u64>,
}

/// A mistake in the table, at a line and column (1-based, in characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SynonymProblem {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub help: &'static str,
}

/// The words of a line, separated by white space, each with its 1-based column.
fn words(line: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut in_word = false;
    for (i, c) in line.chars().enumerate() {
        if c.is_whitespace() {
            in_word = false;
        } else if in_word {
            out.last_mut().expect("a word").1.push(c);
        } else {
            in_word = true;
            out.push((i + 1, c.to_string()));
        }
    }
    out
}

/// Members by their first two characters: (group, member's characters), longest first.
type ByStart = HashMap<(char, char), Vec<(usize, Vec<char>)>>;

/// The index term of a group: `~` and its first member (`~老赖`). The tokenizer makes no
/// term with `~`, so it meets nothing else.
pub fn group_term(members: &[String]) -> String {
    format!("~{}", members.first().map_or("", String::as_str))
}

const HELP_SYNTAX: &str =
    "one group a line: two or more words separated by spaces; a line starting with # is a comment";

impl Synonyms {
    /// Reads the table: lines of members separated by white space; blank lines and lines
    /// starting with `#` are skipped. Every problem is reported, not only the first: a
    /// member that is not one word of Chinese characters, letters and digits, a member of
    /// fewer than two characters, a group of one member, a member in two groups.
    pub fn parse(text: &str) -> Result<Synonyms, Vec<SynonymProblem>> {
        let mut problems = Vec::new();
        let mut groups: Vec<Vec<String>> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let mut group: Vec<String> = Vec::new();
            // Column of the group's first member, where a group of one is reported.
            let mut first_column = 0;
            for (column, word) in words(line) {
                let member = tokenize::normalize(&word);
                let problem = |message: String, help: &'static str| SynonymProblem {
                    line: line_no,
                    column,
                    message,
                    help,
                };
                if let Some(bad) = member.chars().find(|&c| class(c) == Class::Other) {
                    problems.push(problem(
                        format!("unknown syntax: “{word}” holds “{bad}”; a member is one word of Chinese characters, letters or digits"),
                        HELP_SYNTAX,
                    ));
                    continue;
                }
                if member.chars().count() < 2 {
                    problems.push(problem(
                        format!("“{word}” is one character: it would match inside any word"),
                        "use a word of two or more characters",
                    ));
                    continue;
                }
                if let Some(&other) = seen.get(&member) {
                    let message = if other == line_no {
                        format!("“{word}” appears twice in this group")
                    } else {
                        format!("“{word}” is already in the group on line {other}: a word belongs to one group")
                    };
                    problems.push(problem(
                        message,
                        "merge the two groups, or keep the word in the one where it means the same",
                    ));
                    continue;
                }
                seen.insert(member.clone(), line_no);
                if group.is_empty() {
                    first_column = column;
                }
                group.push(member);
            }
            match group.len() {
                0 => {}
                1 => problems.push(SynonymProblem {
                    line: line_no,
                    column: first_column,
                    message: format!("the group “{}” has one member", group[0]),
                    help: HELP_SYNTAX,
                }),
                _ => groups.push(group),
            }
        }
        if problems.is_empty() {
            Ok(Synonyms::from_groups(groups))
        } else {
            Err(problems)
        }
    }

    /// A table of groups already normalized and checked.
    fn from_groups(groups: Vec<Vec<String>>) -> Synonyms {
        let mut by_start = ByStart::new();
        let mut first = vec![0u64; 1024];
        for (g, members) in groups.iter().enumerate() {
            for m in members {
                let chars: Vec<char> = m.chars().collect();
                let c0 = chars[0] as usize & 0xffff;
                first[c0 / 64] |= 1 << (c0 % 64);
                by_start
                    .entry((chars[0], chars[1]))
                    .or_default()
                    .push((g, chars));
            }
        }
        for v in by_start.values_mut() {
            v.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
        }
        Synonyms {
            groups,
            by_start,
            first,
        }
    }

    /// The groups, members normalized, in the table's order.
    pub fn groups(&self) -> &[Vec<String>] {
        &self.groups
    }

    /// Calls `emit` with a group's index for each occurrence of one of its members in
    /// `chars` (a [`tokenize::normalize`]d text). Occurrences of one group do not
    /// overlap: scanning from the start, at each place the longest member counts and the
    /// scan of that group goes on after it. Groups are independent of each other.
    pub fn for_each_hit(&self, chars: &[char], mut emit: impl FnMut(usize)) {
        if self.groups.is_empty() || chars.len() < 2 {
            return;
        }
        let mut next_free = vec![0usize; self.groups.len()];
        let mut done: Vec<usize> = Vec::new();
        for i in 0..chars.len() - 1 {
            let c0 = chars[i] as usize & 0xffff;
            if self.first[c0 / 64] & (1 << (c0 % 64)) == 0 {
                continue;
            }
            let Some(cands) = self.by_start.get(&(chars[i], chars[i + 1])) else {
                continue;
            };
            done.clear();
            for (g, m) in cands {
                if done.contains(g) || i < next_free[*g] || !chars[i..].starts_with(m) {
                    continue;
                }
                done.push(*g);
                next_free[*g] = i + m.len();
                emit(*g);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_read_normalized() {
        let s =
            Synonyms::parse("# comment\n\n老赖 失信被执行人\n两个月 六十天 60天\n").unwrap_err();
        // 六十天 and 60天 are the same word once numbers are normalized.
        assert_eq!(s.len(), 1);
        assert_eq!((s[0].line, s[0].column), (4, 9));
        let s = Synonyms::parse("# comment\n\n老赖 失信被执行人\n两个月　60天\n").unwrap();
        assert_eq!(
            s.groups(),
            [vec!["老赖", "失信被执行人"], vec!["2个月", "60天"]]
        );
        assert_eq!(group_term(&s.groups()[1]), "~2个月");
    }

    #[test]
    fn every_problem_is_located() {
        let text = "老赖 失信被执行人\n逾期,拖欠 罚息\n催收 老赖\n卡 信用卡\n孤零零\n征信 征信";
        let problems = Synonyms::parse(text).unwrap_err();
        let got: Vec<(usize, usize)> = problems.iter().map(|p| (p.line, p.column)).collect();
        assert_eq!(
            got,
            [
                (2, 1),
                (2, 7),
                (3, 4),
                (3, 1),
                (4, 1),
                (4, 3),
                (5, 1),
                (6, 4),
                (6, 1)
            ]
        );
        assert!(
            problems[0].message.starts_with("unknown syntax"),
            "{problems:?}"
        );
        assert!(problems[1].message.contains("one member"), "{problems:?}");
        assert!(problems[2].message.contains("line 1"), "{problems:?}");
        assert!(
            problems[4].message.contains("one character"),
            "{problems:?}"
        );
        assert!(problems[7].message.contains("twice"), "{problems:?}");
    }

    #[test]
    fn occurrences_are_counted_longest_first_without_overlap() {
        let s = Synonyms::parse("失信 失信被执行人 老赖\n被执行人 被执行\n").unwrap();
        let text: Vec<char> = "老赖就是失信被执行人，失信失信".chars().collect();
        let mut hits = vec![0; 2];
        s.for_each_hit(&text, |g| hits[g] += 1);
        assert_eq!(hits, [4, 1]);
    }
}
