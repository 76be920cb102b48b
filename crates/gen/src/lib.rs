//! The site generator: content/ and theme/ in, a complete static site out.
//!
//! Stages, one module each: [`content`] loads files and front matter, [`markdown`] renders
//! bodies (links, citations, calculator blocks), [`site`] builds the model (order, tags,
//! related articles), [`render`] applies the templates, [`output`] writes atomically,
//! [`serve`] previews with live reload. Every stage collects [`error::Problem`]s so one run
//! reports them all.

pub mod content;
pub mod error;
pub mod laws;
pub mod markdown;
pub mod output;
pub mod render;
pub mod serve;
pub mod site;
pub mod util;

use error::{Problem, ProblemKind, Problems};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
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
}

/// What a successful build did.
#[derive(Debug, Default)]
pub struct Summary {
    pub articles: usize,
    pub pages: usize,
    pub warnings: Vec<String>,
}

/// Builds (or checks) the site. On error nothing in `out` has changed.
pub fn build(opts: &BuildOptions) -> Result<Summary, Problems> {
    let mut problems = Problems::default();
    let (content, ps) = content::load(&opts.content, opts.drafts);
    problems.extend(ps);
    let theme = render::load_theme(&opts.theme);
    let base_text = opts
        .base_url
        .clone()
        .unwrap_or_else(|| content.config.base_url.clone());
    let base = match site::Base::parse(&base_text) {
        Ok(b) => Some(b),
        Err(msg) => {
            problems.push(
                Problem::new(ProblemKind::Config, opts.content.join("site.toml"), msg).help(
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
    let ctx = markdown::LinkContext {
        articles: &urls,
        statute_index: &statute_index,
        statutes: &content.statutes,
        base_path: &base_path,
        raw_html: content.config.raw_html,
        excerpt_chars: content.config.excerpt_chars.max(1),
    };
    let results: Vec<(markdown::Rendered, Vec<Problem>)> = content
        .articles
        .par_iter()
        .map(|a| markdown::render(&a.body, &a.source, &a.file, a.body_line, &ctx))
        .collect();
    let mut rendered = Vec::with_capacity(results.len());
    for (r, ps) in results {
        problems.extend(ps);
        rendered.push(r);
    }
    let anchors: HashMap<&str, HashSet<&str>> = content
        .articles
        .iter()
        .zip(&rendered)
        .map(|(a, r)| {
            let mut set: HashSet<&str> = r.anchors.iter().map(|s| s.as_str()).collect();
            // Footnotes are anchors too.
            set.insert("");
            (a.source.as_str(), set)
        })
        .collect();
    for (a, r) in content.articles.iter().zip(&rendered) {
        for p in &r.pending {
            let ok = p.anchor.starts_with("fn-")
                || p.anchor.starts_with("fnref-")
                || anchors
                    .get(p.target.as_str())
                    .is_some_and(|s| s.contains(p.anchor.as_str()));
            if !ok {
                let known: Vec<&str> = anchors
                    .get(p.target.as_str())
                    .map(|s| {
                        let mut v: Vec<&str> =
                            s.iter().copied().filter(|x| !x.is_empty()).collect();
                        v.sort();
                        v
                    })
                    .unwrap_or_default();
                problems.push(
                    Problem::new(
                        ProblemKind::Link,
                        &a.file,
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
    let site = site::Site::new(content, base, rendered);
    let (sink, tmp) = if opts.write {
        let tmp = output::temp_dir(&opts.out).map_err(|p| Problems(vec![p]))?;
        (output::Sink::Dir(tmp.clone()), Some(tmp))
    } else {
        (output::Sink::Discard, None)
    };
    let result = render::Renderer::new(&site, &theme, &sink)
        .and_then(|(r, warnings)| r.render_all(&sink).map(|pages| (pages, warnings)));
    match result {
        Ok((pages, warnings)) => {
            if let Some(tmp) = &tmp {
                output::swap_in(tmp, &opts.out).map_err(|p| {
                    output::discard(tmp);
                    Problems(vec![p])
                })?;
            }
            Ok(Summary {
                articles: article_count,
                pages,
                warnings,
            })
        }
        Err(ps) => {
            if let Some(tmp) = &tmp {
                output::discard(tmp);
            }
            Err(Problems(ps).sorted())
        }
    }
}

/// The skeleton of a new article.
pub fn new_article(content: &std::path::Path, spec: &str) -> Result<PathBuf, String> {
    let spec = spec.trim_end_matches(".md");
    let Some((cat, slug)) = spec.split_once('/') else {
        return Err(format!(
            "write the new article as <category>/<slug>, not “{spec}”"
        ));
    };
    if cat.is_empty() || slug.is_empty() || slug.contains('/') || cat == "laws" {
        return Err(format!("“{spec}” is not <category>/<slug>"));
    }
    let dir = content.join(cat);
    let path = dir.join(format!("{slug}.md"));
    if path.exists() {
        return Err(format!("{} already exists", path.display()));
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d");
    let text = format!(
        "+++\ntitle = \"{slug}\"\ndate = {today}\nauthor = \"\"\ntags = []\n# description = \"一句话摘要，用于搜索结果与分享\"\n# checked = {today}\ndraft = true\n+++\n\n在这里写正文。\n\n## 第一个小标题\n\n引用法条：[民法典第675条](law:minfadian/675)\n"
    );
    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}
