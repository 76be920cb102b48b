//! Stage 2, Markdown: each article body → HTML through comrak, with this site's rewriting:
//! heading anchors that keep Chinese ([`anchors`]), no space for a line break between CJK
//! characters ([`cjk`]), links to other articles' source files and statute citations
//! ([`links`]), calculator blocks computed at build time with the site's data
//! ([`calculator`]), and passages valid until a date ([`until`]). It also
//! takes what later stages need from the body: the table of contents, the excerpt, the
//! plain text for the search index, the citations, and the links to headings that the
//! check stage verifies once every article is rendered.

mod anchors;
mod calculator;
mod cjk;
mod links;
mod until;

pub use anchors::TocEntry;
pub use calculator::inputs as calculator_inputs;
pub use calculator::PageData;

use crate::diagnostics::{char_column, Problem, ProblemKind};
use crate::load::{Content, SiteConfig, Statute};
use crate::text::{escape, truncate_chars};
use anchors::Anchors;
use comrak::adapters::{HeadingAdapter, HeadingMeta};
use comrak::nodes::{AstNode, NodeValue, Sourcepos};
use comrak::{Arena, Options};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet, VecDeque};
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
    pub assets: &'a HashSet<String>,
    /// Drafts left out of this build.
    pub drafts: &'a [String],
    /// Every page address of the site below the base (`model::routes`), for links that
    /// start with `/`.
    pub addresses: &'a std::collections::BTreeSet<String>,
    /// `content/data/`, for calculator blocks (`None`: the site has none).
    pub data: Option<&'a PageData>,
    /// content/data/ has problems: a block is not computed, and not reported one by one
    /// (the build reports the consequence once, [`Targets::data_consequence`]).
    pub data_failed: bool,
    /// The build's "today", for passages valid until a date.
    pub today: chrono::NaiveDate,
}

impl LinkContext<'_> {
    /// A fingerprint of everything here, so of everything [`render`] reads besides the
    /// body, its source path, file and first line: a rendered body is kept between builds
    /// only under the same one (see `commands/build.rs`'s Markdown stage). Each field is
    /// named below, so a new one cannot be left out unseen.
    pub fn fingerprint(&self) -> u128 {
        let LinkContext {
            articles,
            statute_index,
            statutes,
            base_path,
            raw_html,
            excerpt_chars,
            assets,
            drafts,
            addresses,
            data,
            data_failed,
            today,
        } = self;
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        let mut feed = |t: &str| {
            h.update(&(t.len() as u64).to_le_bytes());
            h.update(t.as_bytes());
        };
        let mut sorted: Vec<(&String, &String)> = articles.iter().collect();
        sorted.sort_unstable();
        for (source, path) in sorted {
            feed(source);
            feed(path);
        }
        let mut sorted: Vec<(&String, &usize)> = statute_index.iter().collect();
        sorted.sort_unstable();
        feed(&format!("{sorted:?}"));
        // Debug shows every field of these (all derived).
        feed(&format!("{statutes:?}"));
        feed(base_path);
        // `today` is not part of it: a result made on another day is used again when
        // nothing it shows depends on the day (`Rendered::same_on`).
        let _ = today;
        feed(&format!("{raw_html} {excerpt_chars} {data_failed}"));
        let mut sorted: Vec<&String> = assets.iter().collect();
        sorted.sort_unstable();
        for a in sorted {
            feed(a);
        }
        for d in drafts.iter() {
            feed(d);
        }
        feed("addresses");
        for a in addresses.iter() {
            feed(a);
        }
        feed(&format!("{data:?}"));
        h.digest128()
    }
}

/// What articles may link to, gathered once from the loaded content.
#[derive(Debug, Default)]
pub struct Targets {
    /// Article source (`credit/x.md`) → URL path below the base (`credit/x/`).
    pub articles: HashMap<String, String>,
    /// Statute code and short name → index in the statutes.
    pub statute_index: HashMap<String, usize>,
    /// Files published beside the articles (images, PDFs), relative to content/.
    pub assets: HashSet<String>,
    /// Drafts left out of this build.
    pub drafts: Vec<String>,
    /// Every page address of the site below the base (`model::routes`).
    pub addresses: std::collections::BTreeSet<String>,
    /// The calculators' data (`content/data/`) and its texts on the page.
    pub data: Option<PageData>,
    /// content/data/ exists but has problems.
    pub data_failed: bool,
    /// The build's "today".
    pub today: chrono::NaiveDate,
}

impl Targets {
    /// The targets of `content`'s links; `theme`'s static files are addresses too.
    pub fn new(
        content: &Content,
        theme: Option<&crate::render::Theme>,
        today: chrono::NaiveDate,
    ) -> Targets {
        let mut addresses = crate::model::routes::page_addresses(content);
        addresses.extend(theme.into_iter().flat_map(|t| t.static_paths()));
        let mut statute_index = HashMap::new();
        for (i, s) in content.statutes.iter().enumerate() {
            statute_index.insert(s.code.clone(), i);
            statute_index.insert(s.short.clone(), i);
        }
        Targets {
            articles: content
                .articles
                .iter()
                .map(|a| (a.source.clone(), a.path()))
                // Articles link to a letter's file like to another article's.
                .chain(content.letters.iter().map(|l| (l.source.clone(), l.path())))
                .collect(),
            statute_index,
            assets: content.assets.iter().map(|(r, _)| r.clone()).collect(),
            drafts: content.drafts.clone(),
            addresses,
            data: content.data.as_ref().map(|d| PageData::new(d.data.clone())),
            data_failed: content.data_failed,
            today,
        }
    }

    /// The context of a body's links: these targets, `statutes`, the base path and the
    /// site's Markdown settings.
    pub fn context<'a>(
        &'a self,
        statutes: &'a [Statute],
        base_path: &'a str,
        config: &SiteConfig,
    ) -> LinkContext<'a> {
        LinkContext {
            articles: &self.articles,
            statute_index: &self.statute_index,
            statutes,
            base_path,
            raw_html: config.raw_html,
            excerpt_chars: config.excerpt_chars.max(1),
            assets: &self.assets,
            drafts: &self.drafts,
            addresses: &self.addresses,
            data: self.data.as_ref(),
            data_failed: self.data_failed,
            today: self.today,
        }
    }

    /// When content/data/ failed to load: one problem for all the calculator blocks of
    /// `rendered` that could not be computed, said to follow from the data's problems.
    pub fn data_consequence(&self, data_dir: &Path, rendered: &[Rendered]) -> Option<Problem> {
        let blocks: usize = rendered.iter().map(|r| r.calculators).sum();
        let articles = rendered.iter().filter(|r| r.calculators > 0).count();
        (self.data_failed && blocks > 0).then(|| {
            Problem::new(
                ProblemKind::Calculator,
                data_dir,
                format!(
                    "a consequence of the problems of content/data/: {blocks} calculator block{} in {articles} article{} could not be computed or checked",
                    if blocks == 1 { "" } else { "s" },
                    if articles == 1 { "" } else { "s" },
                ),
            )
            .help("fix the data problems; the blocks are then computed and checked")
        })
    }
}

/// A link to a heading of another (or the same) article, checked once all are rendered.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingAnchor {
    pub target: String,
    pub anchor: String,
    pub line: usize,
    pub column: usize,
}

/// One cited clause: statute index and article number.
pub type Citation = (usize, String);

/// An article body rendered, and what later stages take from it: all of it is made from
/// the body, its source path, file and first line, and the [`LinkContext`] (see
/// [`LinkContext::fingerprint`]), so it is kept between builds per source (the build
/// cache's sources, `output/cache.rs`).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Rendered {
    pub html: Body,
    pub toc: Vec<TocEntry>,
    pub anchors: Vec<String>,
    pub excerpt: String,
    /// Non-space characters of the prose, for the reading time.
    pub chars: usize,
    /// The prose and headings as plain text, one block a line (for the search index).
    pub text: Body,
    pub citations: Vec<Citation>,
    pub pending: Vec<PendingAnchor>,
    /// Number of calculator blocks.
    pub calculators: usize,
    /// The kinds of the page's calculator blocks, each once, in `calc::Kind::ALL`'s order:
    /// the browser modules the page loads.
    #[serde(with = "kinds_by_code")]
    pub calc_kinds: Vec<calc::Kind>,
    /// The kind of the page's first calculator block: the calculator the article leads
    /// with (the home page's 「算一算」 links it). A list of one, or none.
    #[serde(with = "kinds_by_code")]
    pub first_kind: Vec<calc::Kind>,
    /// Every citation's statute index and file line and column, for the check of the
    /// statute's status.
    pub citation_sites: Vec<(usize, usize, usize)>,
    /// Passages valid until a date: the date and the marker's file line.
    #[serde(with = "dates_by_day")]
    pub until: Vec<(chrono::NaiveDate, usize)>,
    /// The build day it was rendered on (days from the common era): what of a body
    /// depends on the day (calculator blocks, passages valid until a date) is made with it.
    pub rendered_on: i32,
}

/// What the Markdown stage made of a body that only its page's rendering or the search
/// index reads (the HTML, the plain text): in memory, or, in a build that writes, in the
/// build cache's bodies file (`output::bodies`), so that no build holds every article's
/// HTML at once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Body {
    Here(String),
    /// `len` bytes at `at` in the bodies file, whose xxh3-128 fingerprint is `sum`.
    Stored {
        at: u64,
        len: u64,
        sum: u128,
    },
}

impl Default for Body {
    fn default() -> Body {
        Body::Here(String::new())
    }
}

impl Body {
    /// The text when it is in memory; "" when it is stored.
    pub fn here(&self) -> &str {
        match self {
            Body::Here(s) => s,
            Body::Stored { .. } => "",
        }
    }

    /// The xxh3-128 fingerprint of the text, wherever it is.
    pub fn fingerprint(&self) -> u128 {
        match self {
            Body::Here(s) => xxhash_rust::xxh3::xxh3_128(s.as_bytes()),
            Body::Stored { sum, .. } => *sum,
        }
    }
}

impl std::fmt::Display for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Body::Here(s) => f.write_str(s),
            Body::Stored { at, len, .. } => write!(f, "<{len} bytes at {at} in the bodies file>"),
        }
    }
}

/// Calculator kinds kept by their codes (calc's `Kind` has no serde).
impl Rendered {
    /// Whether rendering again on `today` would make the same: it has no calculator block
    /// (their results and warnings are the day's) and each passage valid until a date is
    /// expired on both days or on neither.
    pub fn same_on(&self, today: chrono::NaiveDate) -> bool {
        let Some(then) = chrono::NaiveDate::from_num_days_from_ce_opt(self.rendered_on) else {
            return false;
        };
        then == today
            || (self.calculators == 0
                && self.until.iter().all(|(u, _)| (then > *u) == (today > *u)))
    }
}

mod kinds_by_code {
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(kinds: &[calc::Kind], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(kinds.iter().map(|k| k.code()))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<calc::Kind>, D::Error> {
        Vec::<String>::deserialize(d)?
            .iter()
            .map(|c| calc::Kind::from_code(c).ok_or_else(|| D::Error::custom("unknown kind")))
            .collect()
    }
}

/// Dates kept as days from the common era (chrono is built without serde here).
mod dates_by_day {
    use chrono::Datelike;
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    type Dated = (chrono::NaiveDate, usize);

    pub fn serialize<S: Serializer>(until: &[Dated], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(until.iter().map(|(d, line)| (d.num_days_from_ce(), *line)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Dated>, D::Error> {
        Vec::<(i32, usize)>::deserialize(d)?
            .into_iter()
            .map(|(days, line)| {
                chrono::NaiveDate::from_num_days_from_ce_opt(days)
                    .map(|d| (d, line))
                    .ok_or_else(|| D::Error::custom("bad date"))
            })
            .collect()
    }
}

/// Writes each heading with the level and anchor decided while walking the tree.
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
            write!(output, "<h{level} id=\"{}\">", escape(&id))
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
fn options(raw_html: bool) -> Options<'static> {
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

/// The text of a node and its descendants.
fn text_of<'a>(node: &'a AstNode<'a>) -> String {
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
    let mut out = Rendered {
        rendered_on: chrono::Datelike::num_days_from_ce(&ctx.today),
        ..Rendered::default()
    };
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
    let at = |(line, column): (usize, usize)| links::At {
        source,
        dir,
        file,
        line,
        column,
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
            NodeValue::BlockQuote => NodeValue::BlockQuote,
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
                let at = at(pos(node.data().sourcepos));
                links::rewrite_link(node, &link, &at, ctx, &mut out, &mut problems);
            }
            NodeValue::Image(img) => {
                let url = img.url.trim().to_string();
                if !links::has_scheme(&url) && !url.starts_with("//") && !url.is_empty() {
                    let at = at(pos(node.data().sourcepos));
                    if let Err(p) = links::rewrite_file_url(node, &url, &at, ctx) {
                        problems.push(p);
                    }
                }
            }
            NodeValue::CodeBlock(cb) => {
                let mut words = cb.info.split_whitespace();
                if words.next() != Some("calculator") {
                    continue;
                }
                let (line, _) = pos(node.data().sourcepos);
                out.calculators += 1;
                let block_id = format!("calc-{}", out.calculators);
                let kind = words.next().unwrap_or("");
                let Some(data) = ctx.data else {
                    node.data_mut().value = NodeValue::Raw(String::new());
                    if ctx.data_failed {
                        continue;
                    }
                    problems.push(
                        Problem::new(
                            ProblemKind::Calculator,
                            file,
                            "a calculator block needs the site's data, but content/data/ is missing or has problems",
                        )
                        .at(line, 1)
                        .help("add content/data/lpr.csv and content/data/holidays/YYYY.csv (see content/data/README.md), or fix the problems reported there"),
                    );
                    node.data_mut().value = NodeValue::Raw(String::new());
                    continue;
                };
                match calculator::calculator_html(kind, &cb.literal, &block_id, data, ctx.today) {
                    Ok(computed) => {
                        // What readers are warned of, the author hears first.
                        for w in &computed.warnings {
                            problems.push(
                                Problem::warning(
                                    ProblemKind::Calculator,
                                    file,
                                    format!("calculator {kind}: its result warns readers: {w}"),
                                )
                                .at(line, 1)
                                .help("change the example's dates or figures so that the site's data covers them, or bring content/data/ up to date (see content/data/README.md)"),
                            );
                        }
                        node.data_mut().value = NodeValue::Raw(computed.html);
                        if let Some(k) = calc::Kind::from_code(kind) {
                            if out.first_kind.is_empty() {
                                out.first_kind.push(k);
                            }
                            if !out.calc_kinds.contains(&k) {
                                out.calc_kinds.push(k);
                            }
                        }
                    }
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
            NodeValue::BlockQuote => {
                let (line, _) = pos(node.data().sourcepos);
                match until::marker(node) {
                    None => {}
                    Some(Err(text)) => problems.push(
                        Problem::new(
                            ProblemKind::Stale,
                            file,
                            format!("“[!until {text}]” does not give a date written YYYY-MM-DD"),
                        )
                        .at(line, 1)
                        .help("write the first line of the quote as > [!until 2026-03-31]"),
                    ),
                    Some(Ok(date)) => {
                        until::wrap(&arena, node, date, ctx.today);
                        out.until.push((date, line));
                    }
                }
            }
            _ => {}
        }
    }
    out.calc_kinds
        .sort_by_key(|k| calc::Kind::ALL.iter().position(|a| a == k));
    cjk::drop_breaks_between_cjk(soft_breaks);
    plain_text(root, ctx.excerpt_chars, &mut out);

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
    // The data the page's calculators compute with, once per page, for the browser module.
    if let (true, Some(data)) = (out.calculators > 0, ctx.data) {
        html.push_str(&data.block);
    }
    out.html = Body::Here(html);
    (out, problems)
}

/// The plain text of the top-level blocks: the excerpt, the reading time's character
/// count and the search index's text.
fn plain_text<'a>(root: &'a AstNode<'a>, excerpt_chars: usize, out: &mut Rendered) {
    let mut prose = String::new();
    let mut text = String::new();
    for node in root.children() {
        if matches!(
            node.data().value,
            NodeValue::Paragraph | NodeValue::List(_) | NodeValue::BlockQuote | NodeValue::Table(_)
        ) {
            let t = text_of(node);
            out.chars += t.chars().filter(|c| !c.is_whitespace()).count();
            text.push_str(t.trim());
            text.push('\n');
            if prose.chars().count() < excerpt_chars + 1 {
                cjk::join_paragraph(&mut prose, t.trim());
            }
        } else if let NodeValue::Heading(_) = node.data().value {
            let t = text_of(node);
            out.chars += t.chars().filter(|c| !c.is_whitespace()).count();
            text.push_str(t.trim());
            text.push('\n');
        }
    }
    out.excerpt = truncate_chars(&prose, excerpt_chars);
    out.text = Body::Here(text);
}

#[cfg(test)]
mod tests;
