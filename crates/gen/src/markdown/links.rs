//! Links in an article: to another article's source file (rewritten to its URL, its
//! heading checked once every article is rendered), to a statute clause (`law:code/676`,
//! checked against the loaded statutes), to a file published beside the articles, or to
//! a root-relative path (the base path put in front).

use super::{text_of, LinkContext, PendingAnchor, Rendered};
use crate::diagnostics::{Problem, ProblemKind};
use crate::load::{clause_label, parse_numeral, Statute};
use crate::model::routes::Route;
use crate::text::{decode_path, encode_path, truncate_chars};
use comrak::nodes::{AstNode, NodeLink, NodeValue};
use std::path::Path;

/// Where a link stands: the article and the position of the link in its file.
pub struct At<'a> {
    /// The article's source path relative to content/.
    pub source: &'a str,
    /// Its folder relative to content/.
    pub dir: &'a str,
    /// The file as shown in messages.
    pub file: &'a Path,
    pub line: usize,
    pub column: usize,
}

impl At<'_> {
    fn problem(&self, kind: ProblemKind, message: String) -> Problem {
        Problem::new(kind, self.file, message).at(self.line, self.column)
    }
}

pub fn has_scheme(url: &str) -> bool {
    match url.find(':') {
        Some(i) => {
            let scheme = &url[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !url[..i].contains('/')
        }
        None => false,
    }
}

/// Joins a relative path onto a folder (both `/`-separated, relative to content/),
/// resolving `.` and `..`; `None` when it climbs out of content/.
pub fn join_path(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = if rel.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for p in rel.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// Rewrites (or reports) the link `node` whose target is `link`.
pub fn rewrite_link<'a>(
    node: &'a AstNode<'a>,
    link: &NodeLink,
    at: &At,
    ctx: &LinkContext,
    out: &mut Rendered,
    problems: &mut Vec<Problem>,
) {
    let url = link.url.trim().to_string();
    if let Some(target) = url.strip_prefix("law:") {
        citation(node, target, &url, at, ctx, out, problems);
    } else if let Some(anchor) = url.strip_prefix('#').filter(|a| !a.is_empty()) {
        out.pending.push(PendingAnchor {
            target: at.source.to_string(),
            anchor: decode_path(anchor),
            line: at.line,
            column: at.column,
        });
    } else if !has_scheme(&url) && !url.starts_with("//") {
        let (path, anchor) = match url.split_once('#') {
            Some((p, a)) => (p, Some(a).filter(|a| !a.is_empty())),
            None => (url.as_str(), None),
        };
        let path = decode_path(path);
        if !path.ends_with(".md") {
            if let Err(p) = rewrite_file_url(node, &url, at, ctx) {
                problems.push(p);
            }
            return;
        }
        let candidates = [join_path(at.dir, &path), join_path("", &path)];
        let found = candidates
            .iter()
            .flatten()
            .find(|p| ctx.articles.contains_key(*p));
        match found {
            Some(target) => {
                let page = &ctx.articles[target];
                let new_url = match anchor {
                    Some(a) => {
                        out.pending.push(PendingAnchor {
                            target: target.clone(),
                            anchor: decode_path(a),
                            line: at.line,
                            column: at.column,
                        });
                        format!("{}{}#{}", ctx.base_path, page, a)
                    }
                    None => format!("{}{}", ctx.base_path, page),
                };
                if let NodeValue::Link(l) = &mut node.data_mut().value {
                    l.url = encode_path(&decode_path(&new_url)).replacen("%23", "#", 1);
                }
            }
            None if candidates.iter().flatten().any(|p| ctx.drafts.contains(p)) => problems.push(
                at.problem(ProblemKind::Link, format!("the link target “{path}” is a draft, which is not published"))
                    .help("publish it (remove `draft = true`), build with --drafts, or remove the link"),
            ),
            None => problems.push(
                at.problem(ProblemKind::Link, format!("the link target “{path}” is not an article"))
                    .help(format!(
                        "link to an article's .md file, relative to this file (e.g. ../other/slug.md) or from content/; looked for {}",
                        join_path(at.dir, &path).unwrap_or_else(|| path.clone())
                    )),
            ),
        }
    }
}

/// A citation `law:<statute>/<number>`: the link goes to the clause on the statute's page.
fn citation<'a>(
    node: &'a AstNode<'a>,
    target: &str,
    url: &str,
    at: &At,
    ctx: &LinkContext,
    out: &mut Rendered,
    problems: &mut Vec<Problem>,
) {
    match resolve_citation(target, ctx) {
        Ok((si, number)) => {
            out.citation_sites.push((si, at.line, at.column));
            let statute = &ctx.statutes[si];
            if let Some(p) = words_disagree(&text_of(node), statute, &number, url, at) {
                problems.push(p);
            }
            let title = statute
                .clause(&number)
                .and_then(|c| c.paragraphs.first())
                .map(|p| truncate_chars(p, 80))
                .unwrap_or_default();
            if let NodeValue::Link(l) = &mut node.data_mut().value {
                l.url = format!(
                    "{}{}",
                    ctx.base_path,
                    Route::Clause(&statute.code, &number).path()
                );
                l.title = format!("{}{}：{}", statute.short, clause_label(&number), title);
            }
            if !out.citations.contains(&(si, number.clone())) {
                out.citations.push((si, number));
            }
        }
        Err((msg, help)) => {
            let label = text_of(node);
            problems.push(
                at.problem(
                    ProblemKind::Citation,
                    format!("citation “{label}” ({url}): {msg}"),
                )
                .help(help),
            )
        }
    }
}

/// Rewrites a link or image to a file that is not an article: root-relative URLs get the
/// base path; relative ones must name a file published from content/.
pub fn rewrite_file_url<'a>(
    node: &'a AstNode<'a>,
    url: &str,
    at: &At,
    ctx: &LinkContext,
) -> Result<(), Problem> {
    let (path, frag) = match url.find(['#', '?']) {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    };
    if path.is_empty() {
        return Ok(());
    }
    let new = if let Some(rest) = path.strip_prefix('/') {
        if let Some(p) = unknown_address(&decode_path(rest), at, ctx) {
            return Err(p);
        }
        format!("{}{}{}", ctx.base_path, rest, frag)
    } else {
        let decoded = decode_path(path);
        match join_path(at.dir, &decoded) {
            Some(p) if ctx.assets.contains(&p) => {
                format!("{}{}{}", ctx.base_path, encode_path(&p), frag)
            }
            other => {
                return Err(at
                    .problem(
                        ProblemKind::Link,
                        format!("“{decoded}” is neither an article nor a file in content/"),
                    )
                    .help(format!(
                        "put the file at content/{} or fix the path (links to articles end in .md)",
                        other.unwrap_or(decoded.clone())
                    )))
            }
        }
    };
    match &mut node.data_mut().value {
        NodeValue::Link(l) | NodeValue::Image(l) => l.url = new,
        _ => {}
    }
    Ok(())
}

/// What a citation's text names: the words before its first 第…条 (statute name, 《》
/// removed, maybe empty) and that article's number as statute files write it (`676`,
/// `175-1` for 第175条之一). `None` when the text names no article (「这一条」).
pub fn named_clause(text: &str) -> Option<(String, String)> {
    let is_numeral = |c: char| c.is_ascii_digit() || "零〇一二三四五六七八九十百千".contains(c);
    for (i, _) in text.match_indices('第') {
        let rest = &text[i + '第'.len_utf8()..];
        let digits_end = rest.find(|c: char| !is_numeral(c)).unwrap_or(rest.len());
        let Some(main) = parse_numeral(&rest[..digits_end]) else {
            continue;
        };
        let Some(after) = rest[digits_end..].strip_prefix('条') else {
            continue;
        };
        let number = match after.strip_prefix('之') {
            Some(sub) => {
                let end = sub.find(|c: char| !is_numeral(c)).unwrap_or(sub.len());
                match parse_numeral(&sub[..end]) {
                    Some(n) => format!("{main}-{n}"),
                    None => main.to_string(),
                }
            }
            None => main.to_string(),
        };
        return Some((plain_name(&text[..i]), number));
    }
    None
}

/// A statute's name as compared: 《》 and spaces removed.
fn plain_name(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && !"《》〈〉".contains(*c))
        .collect()
}

/// Whether a citation's statute words point back to one named before (同一解释, 该法,
/// 本规定): the text then names no statute of its own to compare.
fn refers_back(name: &str) -> bool {
    ["同一", "上述", "前述", "同", "该", "本", "此"]
        .iter()
        .any(|p| {
            name.strip_prefix(p).is_some_and(|kind| {
                ["法", "解释", "司法解释", "规定", "条例", "办法", "意见"].contains(&kind)
            })
        })
}

/// A problem when the words of a citation (`民法典第203条`) name another statute or
/// another article than its target (`law:minfadian/676`): the reader would see one
/// clause and land on another.
fn words_disagree(
    text: &str,
    statute: &Statute,
    number: &str,
    url: &str,
    at: &At,
) -> Option<Problem> {
    let (name, named) = named_clause(text)?;
    let target = format!("{}{}", statute.short, clause_label(number));
    let name_fits = name.is_empty()
        || refers_back(&name)
        || statute.names().any(|n| name.ends_with(&plain_name(n)));
    if !name_fits {
        let names: Vec<&str> = statute.names().collect();
        return Some(
            at.problem(
                ProblemKind::Citation,
                format!("citation “{text}” ({url}): the text names “{name}”, but the link goes to {target} ({})", statute.name),
            )
            .help(format!(
                "cite the statute the text names, or name the one cited: {} (another name it goes by can be added to {} as aliases = [\"…\"])",
                names.join("、"),
                statute.file.display()
            )),
        );
    }
    (named != number).then(|| {
        at.problem(
            ProblemKind::Citation,
            format!(
                "citation “{text}” ({url}): the text names {}, but the link goes to {target}",
                clause_label(&named)
            ),
        )
        .help(format!(
            "make them agree: link law:{}/{named}, or write {target} in the text",
            statute.code
        ))
    })
}

/// A problem when `rest` (a `/` link's path after the slash, decoded) names no address
/// of the site: no page (`model::routes`), no file published from content/ or from the
/// theme's `static/` (under the name it is published with). The calculator's files are
/// gen's, under names that change with each build: never an author's link. The help
/// names the nearest address that exists.
fn unknown_address(rest: &str, at: &At, ctx: &LinkContext) -> Option<Problem> {
    let page = rest.strip_suffix("index.html").unwrap_or(rest);
    let known = ctx.addresses.contains(page)
        || ctx.addresses.contains(&format!("{page}/"))
        || ctx.assets.contains(rest);
    if known {
        return None;
    }
    if rest.starts_with(&Route::Calc("").path()) {
        return Some(
            at.problem(
                ProblemKind::Link,
                format!("the link “/{rest}” goes into the calculator's files, which gen names anew with each build"),
            )
            .help("to show a calculator, write a ```calculator block (docs/calculators.md); to link one, link the article that has it"),
        );
    }
    let static_dir = Route::Static("").path();
    if rest.starts_with(&static_dir) && (rest.ends_with(".css") || rest.ends_with(".js")) {
        return Some(
            at.problem(
                ProblemKind::Link,
                format!("the link “/{rest}” goes to no page or file of this site"),
            )
            .help("the theme's CSS and JS are published under names with a hash of their contents (/static/style-….css), new with each edit: templates link them through site.assets, articles should not"),
        );
    }
    let nearest = ctx
        .addresses
        .iter()
        .chain(ctx.assets.iter())
        .min_by_key(|a| strsim::levenshtein(a, rest))
        .map(|a| format!("; the nearest address that exists is /{a}"))
        .unwrap_or_default();
    Some(
        at.problem(
            ProblemKind::Link,
            format!("the link “/{rest}” goes to no page or file of this site"),
        )
        .help(format!(
            "fix the address (links starting with / are the site's own addresses, below the base URL){nearest}"
        )),
    )
}

fn resolve_citation(target: &str, ctx: &LinkContext) -> Result<(usize, String), (String, String)> {
    let target = decode_path(target);
    let Some((code, number)) = target.split_once('/') else {
        return Err((
            "a citation is law:<statute>/<article number>".into(),
            "write e.g. law:minfadian/675".into(),
        ));
    };
    let number = number
        .trim_start_matches('第')
        .trim_end_matches('条')
        .to_string();
    let Some(&si) = ctx.statute_index.get(code) else {
        let mut known: Vec<&str> = ctx.statutes.iter().map(|s| s.code.as_str()).collect();
        known.sort();
        return Err((
            format!("unknown statute “{code}”"),
            if known.is_empty() {
                "add content/laws/<code>.toml for it".into()
            } else {
                format!(
                    "known statutes: {} (or add content/laws/{code}.toml)",
                    known.join(", ")
                )
            },
        ));
    };
    let statute = &ctx.statutes[si];
    if statute.clause(&number).is_none() {
        return Err((
            format!(
                "{} has no article {number} in {}",
                statute.short,
                statute.file.display()
            ),
            format!(
                "add an [[article]] with number = \"{number}\" to {}, or fix the number",
                statute.file.display()
            ),
        ));
    }
    Ok((si, number))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join() {
        assert_eq!(
            join_path("credit", "../loan/x.md").as_deref(),
            Some("loan/x.md")
        );
        assert_eq!(
            join_path("credit", "/loan/x.md").as_deref(),
            Some("loan/x.md")
        );
        assert_eq!(join_path("credit", "../../x.md"), None);
    }

    #[test]
    fn the_clause_a_citation_names() {
        let named = |t: &str| named_clause(t).map(|(n, c)| format!("{n}|{c}"));
        assert_eq!(named("民法典第676条").as_deref(), Some("民法典|676"));
        assert_eq!(
            named("《民法典》第六百七十六条").as_deref(),
            Some("民法典|676")
        );
        assert_eq!(named("第676条").as_deref(), Some("|676"));
        assert_eq!(named("刑法第175条之一").as_deref(), Some("刑法|175-1"));
        assert_eq!(
            named("民诉法解释第四百二十四条第一款").as_deref(),
            Some("民诉法解释|424")
        );
        assert_eq!(named("这一条"), None);
        assert_eq!(named("第一款"), None);
    }
}
