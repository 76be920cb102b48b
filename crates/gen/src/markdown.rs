//! Markdown → HTML through comrak, with this site's rewriting: heading anchors that keep
//! Chinese, no space for a line break between CJK characters, links between articles'
//! source files rewritten to URLs, statute citations (`law:code/number`), and calculator
//! blocks computed at build time by crates/calc.

use crate::error::{char_column, Problem, ProblemKind};
use crate::laws::Statute;
use crate::util::{decode_path, is_cjk, Anchors};
use comrak::adapters::{HeadingAdapter, HeadingMeta};
use comrak::nodes::{NodeValue, Sourcepos};
use comrak::{Arena, Options};
use std::collections::{HashMap, VecDeque};
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Mutex;

/// What a page's Markdown may refer to.
pub struct LinkContext<'a> {
    /// Article source (`credit/x.md`) → URL path below the base (`credit/x/`).
    pub articles: &'a HashMap<String, String>,
    /// Statute code and short name → index in `statutes`.
    pub statute_index: &'a HashMap<String, usize>,
    pub statutes: &'a [Statute],
    /// The base URL's path, with both slashes: `/` or `/guide/`.
    pub base_path: &'a str,
    pub raw_html: bool,
    pub excerpt_chars: usize,
    /// Files published beside the articles (images, PDFs), relative to content/.
    pub assets: &'a std::collections::HashSet<String>,
    /// Drafts left out of this build.
    pub drafts: &'a [String],
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A link to a heading of another (or the same) article, checked once all are rendered.
#[derive(Debug, Clone)]
pub struct PendingAnchor {
    pub target: String,
    pub anchor: String,
    pub line: usize,
    pub column: usize,
}

/// One cited clause: statute index and article number.
pub type Citation = (usize, String);

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub anchors: Vec<String>,
    pub excerpt: String,
    /// Non-space characters of the prose, for the reading time.
    pub chars: usize,
    /// The prose and headings as plain text, one block a line (for the search index).
    pub text: String,
    pub citations: Vec<Citation>,
    pub pending: Vec<PendingAnchor>,
    /// Number of calculator blocks.
    pub calculators: usize,
}

struct Headings {
    queue: Mutex<VecDeque<(u8, String)>>,
    current: Mutex<Vec<u8>>,
}

impl HeadingAdapter for Headings {
    fn enter(
        &self,
        output: &mut dyn std::fmt::Write,
        _heading: &HeadingMeta,
        _sourcepos: Option<Sourcepos>,
    ) -> std::fmt::Result {
        let (level, id) = self
            .queue
            .lock()
            .map(|mut q| q.pop_front())
            .ok()
            .flatten()
            .unwrap_or((2, String::new()));
        if let Ok(mut c) = self.current.lock() {
            c.push(level);
        }
        if id.is_empty() {
            write!(output, "<h{level}>")
        } else {
            write!(output, "<h{level} id=\"{}\">", crate::util::escape(&id))
        }
    }

    fn exit(&self, output: &mut dyn std::fmt::Write, _heading: &HeadingMeta) -> std::fmt::Result {
        let level = self
            .current
            .lock()
            .ok()
            .and_then(|mut c| c.pop())
            .unwrap_or(2);
        writeln!(output, "</h{level}>")
    }
}

/// The comrak options of the site.
pub fn options(raw_html: bool) -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.footnotes = true;
    o.extension.strikethrough = true;
    o.extension.autolink = true;
    o.extension.tasklist = true;
    o.extension.cjk_friendly_emphasis = true;
    o.render.r#unsafe = raw_html;
    // Raw HTML that is not allowed is shown as text, as README says, not dropped with
    // its words (issue 10, C8).
    o.render.escape = !raw_html;
    o
}

/// Whether raw HTML is a comment (`<!-- … -->`): a note to other authors, never shown.
fn is_comment(html: &str) -> bool {
    let html = html.trim();
    html.starts_with("<!--") && html.ends_with("-->")
}

fn text_of<'a>(node: &'a comrak::nodes::AstNode<'a>) -> String {
    let mut s = String::new();
    for d in node.descendants() {
        match &d.data().value {
            NodeValue::Text(t) => s.push_str(t),
            NodeValue::Code(c) => s.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => s.push(' '),
            _ => {}
        }
    }
    s
}

fn has_scheme(url: &str) -> bool {
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

/// The anchor id of a statute clause.
pub fn clause_anchor(number: &str) -> String {
    format!("art-{number}")
}

/// Renders one article body. `source` is its path relative to content/, `file` the path
/// for messages, `body_line` the file line of the body's first line.
pub fn render(
    body: &str,
    source: &str,
    file: &Path,
    body_line: usize,
    ctx: &LinkContext,
) -> (Rendered, Vec<Problem>) {
    let arena = Arena::new();
    let opts = options(ctx.raw_html);
    let root = comrak::parse_document(&arena, body, &opts);
    let mut out = Rendered::default();
    let mut problems = Vec::new();
    let dir = source.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    // Where each body line starts, found once and only if a link needs a position.
    let line_starts = std::cell::OnceCell::new();
    let pos = |sp: Sourcepos| -> (usize, usize) {
        let starts: &Vec<usize> = line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(body.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let line = sp.start.line;
        let from = starts.get(line.saturating_sub(1)).copied().unwrap_or(0);
        let to = starts.get(line).copied().unwrap_or(body.len());
        (
            line + body_line - 1,
            char_column(&body[from..to], 1, sp.start.column),
        )
    };

    let nodes: Vec<_> = root.descendants().collect();
    let shift = nodes
        .iter()
        .any(|n| matches!(n.data().value, NodeValue::Heading(h) if h.level == 1))
        as u8;
    let mut anchors = Anchors::default();
    let mut queue = VecDeque::new();
    let mut soft_breaks = Vec::new();
    for node in &nodes {
        // What the loop needs of the node, copied out (not the text of every node), so
        // that the node can be changed below.
        let value = match &node.data().value {
            NodeValue::Heading(h) => NodeValue::Heading(*h),
            NodeValue::SoftBreak => NodeValue::SoftBreak,
            NodeValue::Link(l) => NodeValue::Link(l.clone()),
            NodeValue::Image(l) => NodeValue::Image(l.clone()),
            NodeValue::CodeBlock(cb) if cb.info.starts_with("calculator") => {
                NodeValue::CodeBlock(cb.clone())
            }
            NodeValue::HtmlBlock(h) if !ctx.raw_html && is_comment(&h.literal) => {
                node.detach();
                continue;
            }
            NodeValue::HtmlInline(h) if !ctx.raw_html && is_comment(h) => {
                node.detach();
                continue;
            }
            _ => continue,
        };
        match value {
            NodeValue::Heading(h) => {
                let text = text_of(node);
                let id = anchors.unique(&text);
                let level = (h.level + shift).clamp(2, 6);
                if level <= 3 {
                    out.toc.push(TocEntry {
                        level,
                        id: id.clone(),
                        text: text.trim().to_string(),
                    });
                }
                out.anchors.push(id.clone());
                queue.push_back((level, id));
            }
            NodeValue::SoftBreak => soft_breaks.push(*node),
            NodeValue::Link(link) => {
                let sp = node.data().sourcepos;
                let (line, column) = pos(sp);
                let url = link.url.trim().to_string();
                if let Some(target) = url.strip_prefix("law:") {
                    let label = text_of(node);
                    match resolve_citation(target, ctx) {
                        Ok((si, number)) => {
                            let statute = &ctx.statutes[si];
                            let title = statute
                                .clause(&number)
                                .and_then(|c| c.paragraphs.first())
                                .map(|p| crate::util::truncate_chars(p, 80))
                                .unwrap_or_default();
                            if let NodeValue::Link(l) = &mut node.data_mut().value {
                                l.url = format!(
                                    "{}laws/{}/#{}",
                                    ctx.base_path,
                                    statute.code,
                                    clause_anchor(&number)
                                );
                                l.title = format!("{}第{}条：{}", statute.short, number, title);
                            }
                            if !out.citations.contains(&(si, number.clone())) {
                                out.citations.push((si, number));
                            }
                        }
                        Err((msg, help)) => problems.push(
                            Problem::new(
                                ProblemKind::Citation,
                                file,
                                format!("citation “{label}” ({url}): {msg}"),
                            )
                            .at(line, column)
                            .help(help),
                        ),
                    }
                } else if let Some(anchor) = url.strip_prefix('#').filter(|a| !a.is_empty()) {
                    out.pending.push(PendingAnchor {
                        target: source.to_string(),
                        anchor: decode_path(anchor),
                        line,
                        column,
                    });
                } else if !has_scheme(&url) && !url.starts_with("//") {
                    let (path, anchor) = match url.split_once('#') {
                        Some((p, a)) => (p, Some(a).filter(|a| !a.is_empty())),
                        None => (url.as_str(), None),
                    };
                    let path = decode_path(path);
                    if !path.ends_with(".md") {
                        if let Err(p) = rewrite_file_url(node, &url, dir, file, (line, column), ctx)
                        {
                            problems.push(p);
                        }
                        continue;
                    }
                    let relative = join_path(dir, &path);
                    let from_root = join_path("", &path);
                    let found = [relative, from_root]
                        .into_iter()
                        .flatten()
                        .find(|p| ctx.articles.contains_key(p));
                    match found {
                        Some(target) => {
                            let page = &ctx.articles[&target];
                            let new_url = match anchor {
                                Some(a) => {
                                    out.pending.push(PendingAnchor {
                                        target: target.clone(),
                                        anchor: decode_path(a),
                                        line,
                                        column,
                                    });
                                    format!("{}{}#{}", ctx.base_path, page, a)
                                }
                                None => format!("{}{}", ctx.base_path, page),
                            };
                            if let NodeValue::Link(l) = &mut node.data_mut().value {
                                l.url = crate::util::encode_path(&decode_path(&new_url))
                                    .replacen("%23", "#", 1);
                            }
                        }
                        None if [join_path(dir, &path), join_path("", &path)]
                            .into_iter()
                            .flatten()
                            .any(|p| ctx.drafts.contains(&p)) =>
                        {
                            problems.push(
                                Problem::new(ProblemKind::Link, file, format!("the link target “{path}” is a draft, which is not published"))
                                    .at(line, column)
                                    .help("publish it (remove `draft = true`), build with --drafts, or remove the link"),
                            )
                        }
                        None => problems.push(
                            Problem::new(ProblemKind::Link, file, format!("the link target “{path}” is not an article"))
                                .at(line, column)
                                .help(format!(
                                    "link to an article's .md file, relative to this file (e.g. ../other/slug.md) or from content/; looked for {}",
                                    join_path(dir, &path).unwrap_or_else(|| path.clone())
                                )),
                        ),
                    }
                }
            }
            NodeValue::Image(img) => {
                let url = img.url.trim().to_string();
                if !has_scheme(&url) && !url.starts_with("//") && !url.is_empty() {
                    let (line, column) = pos(node.data().sourcepos);
                    if let Err(p) = rewrite_file_url(node, &url, dir, file, (line, column), ctx) {
                        problems.push(p);
                    }
                }
            }
            NodeValue::CodeBlock(cb) => {
                let mut words = cb.info.split_whitespace();
                if words.next() != Some("calculator") {
                    continue;
                }
                let sp = node.data().sourcepos;
                let (line, _) = pos(sp);
                out.calculators += 1;
                let block_id = format!("calc-{}", out.calculators);
                match calculator_html(words.next().unwrap_or(""), &cb.literal, &block_id) {
                    Ok(html) => node.data_mut().value = NodeValue::Raw(html),
                    Err((offset_line, column, msg, help)) => {
                        problems.push(
                            Problem::new(ProblemKind::Calculator, file, msg)
                                .at(line + offset_line, column.max(1))
                                .help(help),
                        );
                        node.data_mut().value = NodeValue::Raw(String::new());
                    }
                }
            }
            _ => {}
        }
    }
    // A line break between two CJK characters is not a space.
    for sb in soft_breaks {
        let prev = sb
            .previous_sibling()
            .map(|n| text_of(n))
            .and_then(|t| t.chars().last());
        let next = sb
            .next_sibling()
            .map(|n| text_of(n))
            .and_then(|t| t.chars().next());
        if let (Some(p), Some(n)) = (prev, next) {
            if is_cjk(p) && is_cjk(n) {
                sb.detach();
            }
        }
    }
    // Plain text for the excerpt and the reading time.
    let mut prose = String::new();
    for node in root.children() {
        if matches!(
            node.data().value,
            NodeValue::Paragraph | NodeValue::List(_) | NodeValue::BlockQuote | NodeValue::Table(_)
        ) {
            let t = text_of(node);
            out.chars += t.chars().filter(|c| !c.is_whitespace()).count();
            out.text.push_str(t.trim());
            out.text.push('\n');
            if prose.chars().count() < ctx.excerpt_chars + 1 {
                let t = t.trim();
                // No space between two paragraphs when both sides are CJK.
                let cjk_join = prose.chars().last().is_some_and(is_cjk)
                    && t.chars().next().is_some_and(is_cjk);
                if !prose.is_empty() && !cjk_join {
                    prose.push(' ');
                }
                prose.push_str(t);
            }
        } else if let NodeValue::Heading(_) = node.data().value {
            let t = text_of(node);
            out.chars += t.chars().filter(|c| !c.is_whitespace()).count();
            out.text.push_str(t.trim());
            out.text.push('\n');
        }
    }
    out.excerpt = crate::util::truncate_chars(&prose, ctx.excerpt_chars);

    let adapter = Headings {
        queue: Mutex::new(queue),
        current: Mutex::new(Vec::new()),
    };
    let mut plugins = comrak::options::Plugins::default();
    plugins.render.heading_adapter = Some(&adapter);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    let _ = comrak::html::format_document_with_plugins(root, &opts, &mut html, &plugins);
    // A section needs a heading (HTML outline; the Nu validator warns otherwise).
    if html.contains("<section class=\"footnotes\" data-footnotes>") {
        html = html.replacen(
            "<section class=\"footnotes\" data-footnotes>",
            "<section class=\"footnotes\" data-footnotes aria-label=\"脚注\"><h2 class=\"visually-hidden\">脚注</h2>",
            1,
        );
    }
    out.html = html;
    (out, problems)
}

/// Rewrites a link or image to a file that is not an article: root-relative URLs get the
/// base path; relative ones must name a file published from content/.
fn rewrite_file_url<'a>(
    node: &'a comrak::nodes::AstNode<'a>,
    url: &str,
    dir: &str,
    file: &Path,
    (line, column): (usize, usize),
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
        format!("{}{}{}", ctx.base_path, rest, frag)
    } else {
        let decoded = decode_path(path);
        match join_path(dir, &decoded) {
            Some(p) if ctx.assets.contains(&p) => {
                format!("{}{}{}", ctx.base_path, crate::util::encode_path(&p), frag)
            }
            other => {
                return Err(Problem::new(
                    ProblemKind::Link,
                    file,
                    format!("“{decoded}” is neither an article nor a file in content/"),
                )
                .at(line, column)
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

/// Converts a block's TOML into the calculator's input tree.
pub fn toml_to_value(v: &toml::Value) -> calc::Value {
    match v {
        toml::Value::String(s) => calc::Value::String(s.clone()),
        toml::Value::Integer(i) => calc::Value::Number(i.to_string()),
        toml::Value::Float(f) => calc::Value::Number(f.to_string()),
        toml::Value::Boolean(b) => calc::Value::Bool(*b),
        toml::Value::Datetime(d) => match d.date {
            Some(date) if d.time.is_none() => calc::Value::String(format!(
                "{:04}-{:02}-{:02}",
                date.year, date.month, date.day
            )),
            _ => calc::Value::String(d.to_string()),
        },
        toml::Value::Array(a) => calc::Value::List(a.iter().map(toml_to_value).collect()),
        toml::Value::Table(t) => calc::Value::Map(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_value(v)))
                .collect(),
        ),
    }
}

/// Numbers keep the text the author wrote (so `0.1` stays exactly `0.1`).
fn number_texts(src: &str, value: &mut calc::Value) {
    // toml::Value loses the written form of floats; re-read them from the source text.
    fn fix(v: &mut calc::Value, src: &str, key: &str) {
        match v {
            calc::Value::Number(n) if n.contains(['.', 'e', 'E']) => {
                if let Some(written) = written_number(src, key) {
                    *n = written;
                }
            }
            calc::Value::Map(entries) => {
                for (k, v) in entries {
                    fix(v, src, k);
                }
            }
            calc::Value::List(items) => {
                for v in items {
                    fix(v, src, key);
                }
            }
            _ => {}
        }
    }
    fix(value, src, "");
}

fn written_number(src: &str, key: &str) -> Option<String> {
    for line in src.lines() {
        let line = line.trim();
        for part in line.trim_matches(['{', '}']).split(',') {
            if let Some((k, v)) = part.split_once('=') {
                if k.trim().trim_matches('"') == key {
                    let v = v.trim().replace('_', "");
                    if v.parse::<f64>().is_ok() {
                        return Some(v);
                    }
                }
            }
        }
    }
    None
}

type CalcError = (usize, usize, String, String);

/// A calculator block's HTML; errors carry (line offset from the fence, column, message, help).
pub fn calculator_html(kind: &str, literal: &str, block_id: &str) -> Result<String, CalcError> {
    let Some(k) = calc::Kind::from_code(kind) else {
        return Err((
            0,
            1,
            format!("unknown calculator kind “{kind}”"),
            format!(
                "write ```calculator followed by one of: {}",
                calc::Kind::ALL.map(calc::Kind::code).join(", ")
            ),
        ));
    };
    let table: toml::Table = toml::from_str(literal).map_err(|e| {
        let (l, c) = e
            .span()
            .map(|s| crate::error::line_col(literal, s.start))
            .unwrap_or((1, 1));
        (
            l,
            c,
            format!(
                "the calculator inputs are not valid TOML: {}",
                e.message().trim()
            ),
            "write one `field = value` per line".to_string(),
        )
    })?;
    let mut value = toml_to_value(&toml::Value::Table(table));
    number_texts(literal, &mut value);
    calc::html::block_html(k, &value, block_id).map_err(|e| {
        let line = e
            .field
            .split(['.', '['])
            .next()
            .and_then(|f| {
                literal
                    .lines()
                    .position(|l| l.trim_start().starts_with(f) && !f.is_empty())
            })
            .map(|i| i + 1)
            .unwrap_or(0);
        (
            line,
            1,
            format!("calculator {kind}: {}", e.message),
            "fix the input named in the message; see CALCULATOR.md for the fields".to_string(),
        )
    })
}

/// A statute clause's text as HTML paragraphs.
pub fn clause_html(paragraphs: &[String]) -> String {
    let mut h = String::new();
    for p in paragraphs {
        let _ = write!(h, "<p>{}</p>", crate::util::escape(p));
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::laws::Clause;

    fn ctx_render(body: &str) -> (Rendered, Vec<Problem>) {
        let mut articles = HashMap::new();
        articles.insert("credit/other.md".to_string(), "credit/other/".to_string());
        articles.insert("loan/还款.md".to_string(), "loan/还款/".to_string());
        let statutes = vec![Statute {
            code: "minfadian".into(),
            name: "中华人民共和国民法典".into(),
            short: "民法典".into(),
            issuer: String::new(),
            adopted: None,
            effective: None,
            source: String::new(),
            note: None,
            clauses: vec![Clause {
                number: "675".into(),
                paragraphs: vec!["借款人应当按照约定的期限返还借款。".into()],
                excerpt: false,
            }],
            file: "laws/minfadian.toml".into(),
        }];
        let assets: std::collections::HashSet<String> = ["credit/img/a.png".to_string()].into();
        let mut idx = HashMap::new();
        idx.insert("minfadian".to_string(), 0);
        idx.insert("民法典".to_string(), 0);
        let ctx = LinkContext {
            articles: &articles,
            statute_index: &idx,
            statutes: &statutes,
            base_path: "/guide/",
            raw_html: false,
            excerpt_chars: 20,
            assets: &assets,
            drafts: &[],
        };
        render(
            body,
            "credit/this.md",
            Path::new("content/credit/this.md"),
            5,
            &ctx,
        )
    }

    #[test]
    fn cjk_bold_and_line_breaks() {
        let (r, p) = ctx_render("**逾期了。**后文\n中文换行\nand English\nwords\n");
        assert!(p.is_empty());
        assert!(
            r.html.contains("<strong>逾期了。</strong>后文中文换行"),
            "{}",
            r.html
        );
        assert!(r.html.contains("and English\nwords"), "{}", r.html);
    }

    #[test]
    fn headings_keep_chinese_and_shift() {
        let (r, _) = ctx_render("# 逾期 利息？\n\n## 逾期 利息？\n");
        assert!(
            r.html.contains("<h2 id=\"逾期-利息\">逾期 利息？</h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h3 id=\"逾期-利息-1\">"), "{}", r.html);
        assert_eq!(r.toc.len(), 2);
    }

    #[test]
    fn links_rewritten_and_checked() {
        let (r, p) =
            ctx_render("见[另文](other.md#x)和[还款](../loan/还款.md)及[缺](../nope.md)\n");
        assert!(
            r.html.contains("href=\"/guide/credit/other/#x\""),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("href=\"/guide/loan/%E8%BF%98%E6%AC%BE/\""),
            "{}",
            r.html
        );
        assert_eq!(p.len(), 1);
        assert_eq!((p[0].line, p[0].column), (5, 39));
        assert_eq!(r.pending[0].anchor, "x");
    }

    #[test]
    fn citations() {
        let (r, p) = ctx_render("依据[民法典第675条](law:minfadian/675)、[x](law:民法典/675)\n\n[y](law:minfadian/9)\n[z](law:xingfa/1)\n");
        assert!(
            r.html.contains("href=\"/guide/laws/minfadian/#art-675\""),
            "{}",
            r.html
        );
        assert_eq!(r.citations.len(), 1);
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0].line, 7);
    }

    #[test]
    fn files_and_root_relative_links() {
        let (r, p) = ctx_render("![图](img/a.png) [x](/about/) ![缺](nope.png)\n");
        assert!(
            r.html.contains("src=\"/guide/credit/img/a.png\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"/guide/about/\""), "{}", r.html);
        assert_eq!(p.len(), 1, "{p:?}");
    }

    #[test]
    fn raw_html_is_off() {
        let (r, _) = ctx_render("<script>alert(1)</script>\n\n<b>x</b>\n");
        assert!(!r.html.contains("<script>"));
        assert!(!r.html.contains("<b>"));
    }

    #[test]
    fn calculator_errors_located() {
        let (_, p) = ctx_render(
            "text\n\n```calculator nope\na = 1\n```\n\n```calculator grace\na = [\n```\n",
        );
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0].line, 7);
        assert!(p[1].line >= 11, "{p:?}");
    }

    #[test]
    fn excerpt_and_count() {
        let (r, _) = ctx_render("## 标题\n\n一二三四五六七八九十一二三四五六七八九十一二三\n");
        assert_eq!(r.excerpt, "一二三四五六七八九十一二三四五六七八九十…");
        assert_eq!(r.chars, 25);
    }

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
}
