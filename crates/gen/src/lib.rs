//! The site generator: content/ and theme/ in, a complete static site out.
//!
//! Stages, one module each: [`content`] loads files and front matter, [`markdown`] renders
//! bodies (links, citations, calculator blocks), [`site`] builds the model (order, tags,
//! related articles), [`render`] applies the templates, [`output`] writes atomically,
//! [`index`] writes the search index, [`serve`] previews with live reload. Every stage collects [`error::Problem`]s so one run
//! reports them all.

pub mod content;
pub mod error;
pub mod index;
pub mod laws;
pub mod markdown;
pub mod output;
pub mod render;
pub mod serve;
pub mod site;
pub mod util;

use error::{Problem, ProblemKind, Problems};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub content: PathBuf,
    pub theme: PathBuf,
    pub out: PathBuf,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// `false` for `gen check`: everything is rendered, nothing written.
    pub write: bool,
    /// Replace a site even when the content has no article (`--allow-empty`): without it,
    /// an empty or mistyped content folder does not silently empty a published site.
    pub allow_empty: bool,
}

/// What a successful build did.
#[derive(Debug, Default)]
pub struct Summary {
    pub articles: usize,
    pub pages: usize,
    pub warnings: Vec<String>,
}

/// A finished build kept in memory by `serve`, so that an edited article can be
/// re-rendered alone.
pub struct Built {
    pub site: site::Site,
    pub theme: render::Theme,
    content_root: PathBuf,
    urls: HashMap<String, String>,
    assets: std::collections::HashSet<String>,
    drafts: Vec<String>,
    statute_index: HashMap<String, usize>,
    anchors: HashMap<String, Vec<String>>,
}

/// Builds (or checks) the site. On error nothing in `out` has changed.
pub fn build(opts: &BuildOptions) -> Result<Summary, Problems> {
    build_keep(opts).map(|(s, _)| s)
}

/// Checks links to headings: `pending` of the article `file` against all anchors.
fn check_anchors(
    file: &std::path::Path,
    pending: &[markdown::PendingAnchor],
    anchors: &HashMap<String, Vec<String>>,
    problems: &mut Problems,
) {
    for p in pending {
        let ok = p.anchor.starts_with("fn-")
            || p.anchor.starts_with("fnref-")
            || anchors
                .get(&p.target)
                .is_some_and(|s| s.contains(&p.anchor));
        if !ok {
            let mut known: Vec<&str> = anchors
                .get(&p.target)
                .map(|s| s.iter().map(|x| x.as_str()).collect())
                .unwrap_or_default();
            known.sort();
            problems.push(
                Problem::new(
                    ProblemKind::Link,
                    file,
                    format!(
                        "“{}” has no heading with the anchor #{}",
                        p.target, p.anchor
                    ),
                )
                .at(p.line, p.column)
                .help(if known.is_empty() {
                    "that article has no headings; link to the article without #…".to_string()
                } else {
                    format!("its anchors are: {}", known.join(", "))
                }),
            );
        }
    }
}

/// Builds and keeps the model for incremental updates.
pub fn build_keep(opts: &BuildOptions) -> Result<(Summary, Built), Problems> {
    let timings = std::env::var_os("GEN_TIMINGS").is_some();
    let t0 = std::time::Instant::now();
    let lap = |what: &str| {
        if timings {
            util::tell(format_args!("{what}: {:.2?}\n", t0.elapsed()));
        }
    };
    let mut problems = Problems::default();
    let (mut content, ps) = content::load(&opts.content, opts.drafts);
    problems.extend(ps);
    lap("load");
    let theme = render::load_theme(&opts.theme);
    let base_text = opts
        .base_url
        .clone()
        .unwrap_or_else(|| content.config.base_url.clone());
    let base =
        match site::Base::parse(&base_text) {
            Ok(b) => Some(b),
            // Blamed on where the URL came from: the command line or its line in site.toml.
            Err(msg) if opts.base_url.is_some() => {
                problems.push(
                    Problem::new(ProblemKind::Config, "--base-url", msg)
                        .help("pass a URL such as --base-url https://example.org/guide/"),
                );
                None
            }
            Err(msg) => {
                problems.push(
                Problem::new(ProblemKind::Config, &content.site_toml, msg)
                    .at(content.base_url_line, usize::from(content.base_url_line > 0))
                    .help(
                        "set base_url = \"https://example.org/\" in site.toml or pass --base-url",
                    ),
            );
                None
            }
        };
    let base_path = base
        .as_ref()
        .map(|b| b.path.clone())
        .unwrap_or_else(|| "/".into());

    // Render every body (in parallel), then check links to headings.
    let urls: HashMap<String, String> = content
        .articles
        .iter()
        .map(|a| (a.source.clone(), site::article_path(a)))
        .collect();
    let mut statute_index = HashMap::new();
    for (i, s) in content.statutes.iter().enumerate() {
        statute_index.insert(s.code.clone(), i);
        statute_index.insert(s.short.clone(), i);
    }
    let assets: std::collections::HashSet<String> =
        content.assets.iter().map(|(r, _)| r.clone()).collect();
    let ctx = markdown::LinkContext {
        articles: &urls,
        statute_index: &statute_index,
        statutes: &content.statutes,
        base_path: &base_path,
        raw_html: content.config.raw_html,
        excerpt_chars: content.config.excerpt_chars.max(1),
        assets: &assets,
        drafts: &content.drafts,
    };
    let results: Vec<(markdown::Rendered, Vec<Problem>)> = content
        .articles
        .par_iter()
        .map(|a| markdown::render(&a.body, &a.source, &a.file, a.body_line, &ctx))
        .collect();
    // Past this point only the rendered bodies are used: free the Markdown (about 40 MB
    // of the peak memory at 10,000 articles).
    for a in &mut content.articles {
        a.body = String::new();
    }
    lap("markdown");
    let mut rendered = Vec::with_capacity(results.len());
    for (r, ps) in results {
        problems.extend(ps);
        rendered.push(r);
    }
    let anchors: HashMap<String, Vec<String>> = content
        .articles
        .iter()
        .zip(&rendered)
        .map(|(a, r)| (a.source.clone(), r.anchors.clone()))
        .collect();
    for (a, r) in content.articles.iter().zip(&rendered) {
        check_anchors(&a.file, &r.pending, &anchors, &mut problems);
    }
    lap("anchors");
    let theme = match theme {
        Ok(t) => Some(t),
        Err(ps) => {
            problems.extend(ps);
            None
        }
    };
    let (Some(theme), Some(base), true) = (theme, base, problems.is_empty()) else {
        return Err(problems.sorted());
    };

    let article_count = content.articles.len();
    let content_root = content.root.clone();
    let asset_files = std::mem::take(&mut content.assets);
    let drafts = std::mem::take(&mut content.drafts);
    let site = site::Site::new(content, base, rendered);
    lap("model");
    let scratch = if opts.write {
        let cwd = std::env::current_dir().unwrap_or_default();
        let sources = [
            ("content folder", opts.content.as_path()),
            ("theme folder", opts.theme.as_path()),
        ];
        let inputs = [sources[0], sources[1], ("current folder", cwd.as_path())];
        output::check_out(&opts.out, &inputs, &sources).map_err(|p| Problems(vec![p]))?;
        let holds_a_site = std::fs::symlink_metadata(&opts.out).is_ok_and(|m| m.is_dir())
            && std::fs::read_dir(&opts.out).is_ok_and(|mut d| d.next().is_some());
        if article_count == 0 && holds_a_site && !opts.allow_empty {
            return Err(Problems(vec![Problem::new(
                ProblemKind::Config,
                &opts.content,
                format!(
                    "the content folder has no articles: the build would replace the site in {} with an empty one",
                    opts.out.display()
                ),
            )
            .help("check --content; to publish an empty site, pass --allow-empty")]));
        }
        Some(output::Scratch::open(&opts.out).map_err(|p| Problems(vec![p]))?)
    } else {
        None
    };
    // A full disk or a missing permission fails every write: it is reported once.
    let once = |ps: Problems| match scratch.as_ref().and_then(|s| s.fatal()) {
        Some(p) => Problems(vec![p]),
        None => ps,
    };
    let sink = scratch
        .as_ref()
        .map_or(output::Sink::Discard, |s| output::Sink::Dir(&s.folder));
    let copied: Vec<Problem> = asset_files
        .par_iter()
        .filter_map(|(rel, path)| match std::fs::read(path) {
            Ok(data) => sink.write(rel, &data).err(),
            Err(e) => Some(Problem::new(
                ProblemKind::Io,
                path,
                format!("cannot read: {e}"),
            )),
        })
        .collect();
    if !copied.is_empty() {
        return Err(once(Problems(copied).sorted()));
    }
    // The pages and the search index at once: each leaves a core idle at times.
    let (rendered, indexed) = rayon::join(
        || {
            let r = render::Renderer::new(&site, &theme, &sink)
                .and_then(|(r, warnings)| r.render_all(&sink).map(|pages| (pages, warnings)));
            lap("render");
            r
        },
        || {
            let r = scratch
                .as_ref()
                .map(|_| index::write(&site, &sink))
                .transpose();
            lap("search index");
            r
        },
    );
    let (pages, warnings) = rendered.map_err(|ps| once(Problems(ps).sorted()))?;
    indexed.map_err(|e| {
        once(Problems(vec![Problem::new(
            ProblemKind::Io,
            &opts.out,
            e.to_string(),
        )]))
    })?;
    if let Some(scratch) = scratch {
        scratch.swap_in().map_err(|p| Problems(vec![p]))?;
        lap("swap");
    }
    let summary = Summary {
        articles: article_count,
        pages,
        warnings,
    };
    Ok((
        summary,
        Built {
            site,
            theme,
            content_root,
            urls,
            assets,
            drafts,
            statute_index,
            anchors,
        },
    ))
}

impl Built {
    /// Re-renders the article at `path` alone when only its body changed in a way that no
    /// other page shows (same front matter, excerpt, headings, citations and reading time).
    /// `None`: a full rebuild is needed. `Some(Err)`: the edit has problems (nothing written).
    pub fn update_article(
        &mut self,
        path: &std::path::Path,
        out: &std::path::Path,
    ) -> Option<Result<(), Problems>> {
        let root = self.content_root.canonicalize().ok()?;
        let abs = path.canonicalize().ok()?;
        let rel = abs.strip_prefix(&root).ok()?;
        let source = rel.to_string_lossy().replace('\\', "/");
        let i = self
            .site
            .entries
            .iter()
            .position(|e| e.article.source == source)?;
        let old = &self.site.entries[i].article;
        let text = match content::read_text(&abs, &old.file) {
            Ok(t) => t,
            Err(p) => return Some(Err(Problems(vec![p]))),
        };
        let new = match content::parse_article(&text, &old.file, &source, &old.category) {
            Ok(a) => a,
            Err(ps) => return Some(Err(Problems(ps))),
        };
        let same_meta = new.slug == old.slug
            && new.title == old.title
            && new.date == old.date
            && new.updated == old.updated
            && new.checked == old.checked
            && new.author == old.author
            && new.tags == old.tags
            && new.description == old.description
            && new.draft == old.draft;
        if !same_meta {
            return None;
        }
        let ctx = markdown::LinkContext {
            articles: &self.urls,
            statute_index: &self.statute_index,
            statutes: &self.site.statutes,
            base_path: &self.site.base.path,
            raw_html: self.site.config.raw_html,
            excerpt_chars: self.site.config.excerpt_chars.max(1),
            assets: &self.assets,
            drafts: &self.drafts,
        };
        let (r, ps) = markdown::render(&new.body, &source, &new.file, new.body_line, &ctx);
        let mut problems = Problems(ps);
        let mut anchors = std::mem::take(&mut self.anchors);
        let previous = anchors.insert(source.clone(), r.anchors.clone());
        check_anchors(&new.file, &r.pending, &anchors, &mut problems);
        if let Some(prev) = previous {
            anchors.insert(source.clone(), prev);
        }
        self.anchors = anchors;
        if !problems.is_empty() {
            return Some(Err(problems.sorted()));
        }
        let e = &self.site.entries[i];
        if r.anchors != e.rendered.anchors
            || r.citations != e.rendered.citations
            || (r.calculators > 0) != (e.rendered.calculators > 0)
        {
            return None;
        }
        // A new excerpt or reading time shows on list pages and in the feed too.
        let lists = (new.description.is_none() && r.excerpt != e.rendered.excerpt)
            || site::reading_minutes(r.chars) != e.minutes;
        let e = &mut self.site.entries[i];
        e.minutes = site::reading_minutes(r.chars);
        e.rendered = r;
        e.article = content::Article {
            body: String::new(),
            ..new
        };
        let folder = output::Folder::live(out);
        let sink = output::Sink::Dir(&folder);
        let result = render::Renderer::new(&self.site, &self.theme, &output::Sink::Discard)
            .and_then(|(renderer, _)| {
                if lists {
                    renderer.only(i).render_all(&sink).map(|_| ())
                } else {
                    renderer.article_page(i, &sink).map_err(|p| vec![p])
                }
            });
        Some(result.map_err(Problems))
    }
}

impl Built {
    /// Writes the search index again into `out` after [`Built::update_article`]: only the
    /// files that changed are rewritten (the edited article's and some postings).
    pub fn update_search(&self, out: &std::path::Path) -> Result<(), search::SearchError> {
        let folder = output::Folder::live(out);
        index::write(&self.site, &output::Sink::Dir(&folder)).map(|_| ())
    }
}

/// The skeleton of a new article. Refuses a category or slug the build would refuse,
/// and writes the title through the TOML serializer, so any name gives valid TOML.
pub fn new_article(content: &std::path::Path, spec: &str) -> Result<PathBuf, String> {
    let spec = spec.strip_suffix(".md").unwrap_or(spec);
    let Some((cat, slug)) = spec.split_once('/') else {
        return Err(format!(
            "write the new article as <category>/<slug>, not “{spec}”"
        ));
    };
    if slug.contains('/') {
        return Err(format!("“{spec}” is not <category>/<slug>"));
    }
    let file_name = format!("{slug}.md");
    let why = content::category_problem(cat)
        .or_else(|| content::slug_problem(slug))
        .or_else(|| util::unwritable_name(&file_name).map(|w| format!("the file name {w}")));
    if let Some(why) = why {
        return Err(format!("“{}”: {why}", spec.escape_debug()));
    }
    let dir = content.join(cat);
    let path = dir.join(&file_name);
    if std::fs::symlink_metadata(&path).is_ok() {
        return Err(format!("{} already exists", path.display()));
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d");
    let title = toml::Value::String(slug.to_string()).to_string();
    let text = format!(
        "+++\ntitle = {title}\ndate = {today}\nauthor = \"\"\ntags = []\n# description = \"一句话摘要，用于搜索结果与分享\"\n# checked = {today}\ndraft = true\n+++\n\n在这里写正文。\n\n## 第一个小标题\n\n<!-- 引用法条：[民法典第675条](law:minfadian/675)；链接其他文章：[标题](../其他栏目/文章.md#小标题) -->\n"
    );
    // create_new: never replaces a file (or writes through a link) made meanwhile.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}
