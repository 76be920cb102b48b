//! Rendering the site model through the theme's minijinja templates, plus the files that
//! need no template: static assets, the calculator's scripts, sitemap, Atom feed, robots.

use crate::error::{Problem, ProblemKind};
use crate::markdown::clause_anchor;
use crate::output::Sink;
use crate::site::{tag_path, Entry, Site};
use crate::util::{encode_path, escape, hash_hex};
use minijinja::{context, Environment, Value};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The theme: templates, static files and (optionally) the in-page calculator.
pub struct Theme {
    pub env: Environment<'static>,
    pub dir: PathBuf,
    /// Static files: path below static/ and contents.
    pub statics: Vec<(String, Vec<u8>)>,
    /// `theme/calc/calc_wasm.js` and `calc_wasm_bg.wasm`, when built.
    pub calc: Option<(Vec<u8>, Vec<u8>)>,
}

pub const TEMPLATES: &[&str] = &[
    "base.html",
    "index.html",
    "list.html",
    "article.html",
    "tags.html",
    "law.html",
    "404.html",
    "search.html",
];

fn template_problem(dir: &Path, e: &minijinja::Error) -> Problem {
    let name = e.name().unwrap_or("?");
    let mut msg = e.kind().to_string();
    if let Some(d) = e.detail() {
        msg = format!("{msg}: {d}");
    }
    Problem::new(ProblemKind::Template, dir.join("templates").join(name), msg)
        .at(e.line().unwrap_or(0), 0)
        .help("fix the template (minijinja syntax, like Jinja2)")
}

/// Loads the theme folder.
pub fn load_theme(dir: &Path) -> Result<Theme, Vec<Problem>> {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
    // Escape like the rest of the site (no `&#x2f;` for every slash).
    env.set_formatter(|out, state, value| {
        if value.is_undefined() || value.is_none() {
            return Ok(());
        }
        let escape = !value.is_safe() && *state.auto_escape() != minijinja::AutoEscape::None;
        match (value.as_str(), escape) {
            (Some(text), false) => out.write_str(text),
            (Some(text), true) => crate::util::escape_to(out, text),
            (None, false) => write!(out, "{value}"),
            (None, true) => crate::util::escape_to(out, &value.to_string()),
        }
        .map_err(minijinja::Error::from)
    });
    let mut problems = Vec::new();
    let tdir = dir.join("templates");
    for name in TEMPLATES {
        let path = tdir.join(name);
        match std::fs::read_to_string(&path) {
            Ok(src) => {
                if let Err(e) = env.add_template_owned(name.to_string(), src) {
                    problems.push(template_problem(dir, &e));
                }
            }
            Err(e) => problems.push(
                Problem::new(
                    ProblemKind::Template,
                    &path,
                    format!("cannot read the template: {e}"),
                )
                .help("every theme needs base, index, list, article, tags, law, 404 and search templates"),
            ),
        }
    }
    let mut statics = Vec::new();
    let sdir = dir.join("static");
    for e in walkdir::WalkDir::new(&sdir)
        .into_iter()
        .filter_map(|e| e.ok())
    {
        if e.file_type().is_file() {
            if let (Ok(rel), Ok(data)) = (e.path().strip_prefix(&sdir), std::fs::read(e.path())) {
                statics.push((rel.to_string_lossy().replace('\\', "/"), data));
            }
        }
    }
    statics.sort();
    let cdir = dir.join("calc");
    let calc = match (
        std::fs::read(cdir.join("calc_wasm.js")),
        std::fs::read(cdir.join("calc_wasm_bg.wasm")),
    ) {
        (Ok(js), Ok(wasm)) => Some((js, wasm)),
        _ => None,
    };
    if problems.is_empty() {
        Ok(Theme {
            env,
            dir: dir.to_path_buf(),
            statics,
            calc,
        })
    } else {
        Err(problems)
    }
}

#[derive(Serialize)]
struct SiteCtx<'a> {
    title: &'a str,
    description: &'a str,
    url: &'a str,
    base: &'a str,
    language: &'a str,
    author: &'a str,
    copyright: &'a str,
    disclaimer: &'a str,
    assets: &'a BTreeMap<String, String>,
    search_url: String,
    tags_url: String,
    categories: Vec<Link>,
}

#[derive(Serialize, Clone)]
struct Link {
    name: String,
    url: String,
}

#[derive(Serialize)]
struct Item {
    title: String,
    url: String,
    date: String,
    excerpt: String,
    category: Link,
    tags: Vec<Link>,
    minutes: usize,
}

#[derive(Serialize)]
struct Pager {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<Link>,
}

#[derive(Serialize)]
struct PageCtx {
    title: String,
    description: String,
    canonical: String,
    og_type: &'static str,
    json_ld: String,
    breadcrumbs: Vec<Link>,
    /// Site path, for a `noindex` decision or a current-nav mark.
    path: String,
}

/// Everything shared by all pages of one build.
pub struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    site_ctx: Value,
    calc_script: Option<String>,
    /// Render only the pages that show this entry (`serve` after an edit).
    only: Option<usize>,
    /// Each entry's summary for list pages, made once: an entry is listed on the home,
    /// category and tag pages.
    items: Vec<std::sync::OnceLock<Value>>,
}

fn ser<T: Serialize>(t: T) -> Value {
    Value::from(minijinja::value::Serde(t))
}

fn json_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '<' => o.push_str("\\u003c"),
            '>' => o.push_str("\\u003e"),
            '&' => o.push_str("\\u0026"),
            c if (c as u32) < 0x20 => {
                let _ = write!(o, "\\u{:04x}", c as u32);
            }
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

fn breadcrumb_ld(site: &Site, crumbs: &[Link], canonical: &str) -> String {
    let mut items = Vec::new();
    for (i, c) in crumbs.iter().enumerate() {
        let url = if c.url.is_empty() {
            canonical.to_string()
        } else {
            format!(
                "{}{}",
                site.base
                    .url
                    .trim_end_matches(&site.base.path[..])
                    .trim_end_matches('/'),
                c.url
            )
        };
        items.push(format!(
            "{{\"@type\":\"ListItem\",\"position\":{},\"name\":{},\"item\":{}}}",
            i + 1,
            json_escape(&c.name),
            json_escape(&url)
        ));
    }
    format!(
        "{{\"@context\":\"https://schema.org\",\"@type\":\"BreadcrumbList\",\"itemListElement\":[{}]}}",
        items.join(",")
    )
}

/// The QR code modules of `data` (row-major, `true` = dark) and the width.
fn qr_modules(data: &[u8]) -> Option<(Vec<bool>, usize)> {
    // A fixed mask pattern (valid for any reader) instead of scoring all eight: this is
    // most of the cost of a QR code, and there is one per article.
    let ec = qrcode::EcLevel::M;
    let bits = qrcode::bits::encode_auto(data, ec).ok()?;
    let version = bits.version();
    let (data, ecc) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, ec).ok()?;
    let mut canvas = qrcode::canvas::Canvas::new(version, ec);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ecc);
    canvas.apply_mask(qrcode::canvas::MaskPattern::Checkerboard);
    let colors = canvas.into_colors();
    Some((
        colors
            .into_iter()
            .map(|c| c == qrcode::Color::Dark)
            .collect(),
        version.width() as usize,
    ))
}

/// The QR code of a URL as a compact inline SVG: one path that strokes each row's runs of
/// dark modules as lines one module thick (`M4 7.5h3m2 0h1…`).
pub fn qr_svg(url: &str) -> String {
    let Some((colors, w)) = qr_modules(url.as_bytes()) else {
        return String::new();
    };
    let q = 4; // quiet zone
    let size = w + 2 * q;
    let mut d = String::with_capacity(w * w / 2);
    let mut n = itoa::Buffer::new();
    for (y, row) in colors.chunks(w).enumerate() {
        // Where the pen stands after the row's last run, if any.
        let mut pen: Option<usize> = None;
        let mut x = 0;
        while x < w {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < w && row[x] {
                x += 1;
            }
            match pen {
                None => {
                    d.push('M');
                    d.push_str(n.format(start + q));
                    d.push(' ');
                    d.push_str(n.format(y + q));
                    d.push_str(".5");
                }
                Some(p) => {
                    d.push('m');
                    d.push_str(n.format(start - p));
                    d.push_str(" 0");
                }
            }
            d.push('h');
            d.push_str(n.format(x - start));
            pen = Some(x);
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"132\" height=\"132\" role=\"img\" aria-label=\"本页网址的二维码\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"none\" stroke=\"#000\" d=\"{d}\"/></svg>"
    )
}

fn date_text(d: &chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

impl<'a> Renderer<'a> {
    /// Prepares shared data and writes static and calculator assets.
    pub fn new(
        site: &'a Site,
        theme: &'a Theme,
        sink: &Sink,
    ) -> Result<(Self, Vec<String>), Vec<Problem>> {
        let mut warnings = Vec::new();
        let mut assets = BTreeMap::new();
        let mut problems = Vec::new();
        for (rel, data) in &theme.statics {
            let out = if rel.ends_with(".css") || rel.ends_with(".js") {
                let (stem, ext) = rel.rsplit_once('.').unwrap_or((rel, ""));
                format!("{stem}-{}.{ext}", hash_hex(data))
            } else {
                rel.clone()
            };
            if let Err(p) = sink.write(&format!("static/{out}"), data) {
                problems.push(p);
            }
            assets.insert(rel.clone(), site.base.href(&format!("static/{out}")));
        }
        let has_calc = site.entries.iter().any(|e| e.rendered.calculators > 0);
        let mut calc_script = None;
        if has_calc {
            match &theme.calc {
                Some((js, wasm)) => {
                    let jsn = format!("calc_wasm-{}.js", hash_hex(js));
                    let wasmn = format!("calc_wasm_bg-{}.wasm", hash_hex(wasm));
                    let boot = format!(
                        "import init from \"./{jsn}\";\ninit({{ module_or_path: new URL(\"./{wasmn}\", import.meta.url) }});\n"
                    );
                    let bootn = format!("boot-{}.js", hash_hex(boot.as_bytes()));
                    for (n, d) in [(&jsn, js.as_slice()), (&wasmn, wasm.as_slice()), (&bootn, boot.as_bytes())] {
                        if let Err(p) = sink.write(&format!("calc/{n}"), d) {
                            problems.push(p);
                        }
                    }
                    calc_script = Some(site.base.href(&format!("calc/{bootn}")));
                }
                None => warnings.push(format!(
                    "warning: {} has no calc_wasm.js and calc_wasm_bg.wasm: calculator blocks show their static result only",
                    theme.dir.join("calc").display()
                )),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let cfg = &site.config;
        let categories = site
            .categories
            .iter()
            .filter(|c| site.by_category.contains_key(&c.dir))
            .map(|c| Link {
                name: c.name.clone(),
                url: site.base.href(&format!("{}/", c.dir)),
            })
            .collect();
        let site_ctx = ser(SiteCtx {
            title: &cfg.title,
            description: &cfg.description,
            url: &site.base.url,
            base: &site.base.path,
            language: &cfg.language,
            author: &cfg.author,
            copyright: &cfg.copyright,
            disclaimer: &cfg.disclaimer,
            assets: &assets,
            search_url: site.base.href("search/"),
            tags_url: site.base.href("tags/"),
            categories,
        });
        Ok((
            Renderer {
                site,
                theme,
                site_ctx,
                calc_script,
                only: None,
                items: (0..site.entries.len())
                    .map(|_| std::sync::OnceLock::new())
                    .collect(),
            },
            warnings,
        ))
    }

    fn render(&self, template: &str, page: PageCtx, extra: Value) -> Result<String, Problem> {
        let tmpl = self
            .theme
            .env
            .get_template(template)
            .map_err(|e| template_problem(&self.theme.dir, &e))?;
        tmpl.render(context! { site => self.site_ctx.clone(), page => ser(&page), ..extra })
            .map_err(|e| template_problem(&self.theme.dir, &e))
    }

    fn item(&self, i: usize) -> Value {
        self.items[i].get_or_init(|| ser(self.make_item(i))).clone()
    }

    fn make_item(&self, i: usize) -> Item {
        let e = &self.site.entries[i];
        Item {
            title: e.article.title.clone(),
            url: self.site.base.href(&e.path),
            date: date_text(&e.article.date),
            excerpt: e
                .article
                .description
                .clone()
                .unwrap_or_else(|| e.rendered.excerpt.clone()),
            category: self.category_link(&e.article.category),
            tags: self.tag_links(&e.article.tags),
            minutes: e.minutes,
        }
    }

    fn category_link(&self, dir: &str) -> Link {
        Link {
            name: self
                .site
                .category(dir)
                .map(|c| c.name.clone())
                .unwrap_or_else(|| dir.to_string()),
            url: self.site.base.href(&format!("{dir}/")),
        }
    }

    fn tag_links(&self, tags: &[String]) -> Vec<Link> {
        tags.iter()
            .map(|t| Link {
                name: t.clone(),
                url: self.site.base.href(&tag_path(t)),
            })
            .collect()
    }

    fn home_crumb(&self) -> Link {
        Link {
            name: "首页".into(),
            url: self.site.base.path.clone(),
        }
    }

    /// Renders a paginated list: pages `prefix`, `prefix/page/2/`…; returns written count.
    #[allow(clippy::too_many_arguments)]
    fn list_pages(
        &self,
        template: &str,
        prefix: &str,
        title: &str,
        description: &str,
        crumbs: Vec<Link>,
        items: &[usize],
        sink: &Sink,
    ) -> Vec<Result<(), Problem>> {
        let per = self.site.config.per_page.max(1);
        let total = items.len().div_ceil(per).max(1);
        let page_path = |n: usize| {
            if n == 1 {
                prefix.to_string()
            } else {
                format!("{prefix}page/{n}/")
            }
        };
        let chunk_of =
            |n: usize| &items[((n - 1) * per).min(items.len())..(n * per).min(items.len())];
        (1..=total)
            .into_par_iter()
            .filter(|&n| self.only.is_none_or(|i| chunk_of(n).contains(&i)))
            .map(|n| {
                let chunk = chunk_of(n);
                let path = page_path(n);
                let page_title = if n == 1 {
                    title.to_string()
                } else {
                    format!("{title}（第 {n} 页）")
                };
                let mut crumbs = crumbs.clone();
                if let Some(last) = crumbs.last_mut() {
                    if n == 1 {
                        last.url.clear();
                    }
                }
                let canonical = self.site.base.abs(&path);
                let pager = Pager {
                    current: n,
                    total,
                    prev: (n > 1).then(|| self.site.base.href(&page_path(n - 1))),
                    next: (n < total).then(|| self.site.base.href(&page_path(n + 1))),
                    pages: (1..=total)
                        .filter(|&k| k == 1 || k == total || k.abs_diff(n) <= 2)
                        .map(|k| Link {
                            name: k.to_string(),
                            url: self.site.base.href(&page_path(k)),
                        })
                        .collect(),
                };
                let page = PageCtx {
                    title: page_title.clone(),
                    description: if description.is_empty() {
                        self.site.config.description.clone()
                    } else {
                        description.to_string()
                    },
                    json_ld: breadcrumb_ld(self.site, &crumbs, &canonical),
                    canonical,
                    og_type: "website",
                    breadcrumbs: crumbs,
                    path: path.clone(),
                };
                let items: Vec<Value> = chunk.iter().map(|&i| self.item(i)).collect();
                let html = self.render(
                    template,
                    page,
                    context! { items => items, pager => ser(pager), heading => page_title, intro => description },
                )?;
                sink.write(&format!("{path}index.html"), html.as_bytes())
            })
            .collect()
    }

    /// Restricts [`Renderer::render_all`] to the pages that show entry `i`.
    pub fn only(mut self, i: usize) -> Self {
        self.only = Some(i);
        self
    }

    /// Renders one article page (also used by `serve` to re-render only what changed).
    pub fn article_page(&self, i: usize, sink: &Sink) -> Result<(), Problem> {
        let site = self.site;
        let e: &Entry = &site.entries[i];
        let a = &e.article;
        let canonical = site.base.abs(&e.path);
        let cat = self.category_link(&a.category);
        let crumbs = vec![
            self.home_crumb(),
            cat.clone(),
            Link {
                name: "正文".into(),
                url: String::new(),
            },
        ];
        let description = a
            .description
            .clone()
            .unwrap_or_else(|| e.rendered.excerpt.clone());
        let author = a
            .author
            .clone()
            .unwrap_or_else(|| site.config.author.clone());
        let modified = a.updated.unwrap_or(a.date);
        let article_ld = format!(
            "{{\"@context\":\"https://schema.org\",\"@type\":\"Article\",\"headline\":{},\"datePublished\":{},\"dateModified\":{},\"author\":{{\"@type\":\"{}\",\"name\":{}}},\"description\":{},\"inLanguage\":{},\"mainEntityOfPage\":{}}}",
            json_escape(&a.title),
            json_escape(&date_text(&a.date)),
            json_escape(&date_text(&modified)),
            if a.author.is_some() { "Person" } else { "Organization" },
            json_escape(if author.is_empty() { &site.config.title } else { &author }),
            json_escape(&description),
            json_escape(&site.config.language),
            json_escape(&canonical)
        );
        let json_ld = format!(
            "[{},{}]",
            article_ld,
            breadcrumb_ld(site, &crumbs, &canonical)
        );
        let citations: Vec<Value> = e
            .rendered
            .citations
            .iter()
            .map(|(si, num)| {
                let s = &site.statutes[*si];
                let c = s.clause(num);
                context! {
                    statute => s.name.clone(),
                    short => s.short.clone(),
                    number => num.clone(),
                    url => format!("{}#{}", site.base.href(&format!("laws/{}/", s.code)), clause_anchor(num)),
                    html => Value::from_safe_string(c.map(|c| crate::markdown::clause_html(&c.paragraphs)).unwrap_or_default()),
                    excerpt => c.map(|c| c.excerpt).unwrap_or(false),
                }
            })
            .collect();
        let nav = |j: Option<usize>| {
            j.map(|j| Link {
                name: site.entries[j].article.title.clone(),
                url: site.base.href(&site.entries[j].path),
            })
        };
        let page = PageCtx {
            title: a.title.clone(),
            description,
            canonical: canonical.clone(),
            og_type: "article",
            json_ld,
            breadcrumbs: crumbs,
            path: e.path.clone(),
        };
        let article = context! {
            title => a.title.clone(),
            url => site.base.href(&e.path),
            permalink => canonical.clone(),
            date => date_text(&a.date),
            updated => a.updated.as_ref().map(date_text),
            checked => a.checked.as_ref().map(date_text),
            author => author,
            category => ser(cat),
            tags => ser(self.tag_links(&a.tags)),
            minutes => e.minutes,
            chars => e.rendered.chars,
            toc => ser(toc_tree(&e.rendered.toc)),
            body => Value::from_safe_string(e.rendered.html.clone()),
            related => ser(e.related.iter().map(|&j| {
                let o = &site.entries[j];
                context! { title => o.article.title.clone(), url => site.base.href(&o.path), date => date_text(&o.article.date) }
            }).collect::<Vec<_>>()),
            prev => ser(nav(e.prev)),
            next => ser(nav(e.next)),
            qr => Value::from_safe_string(qr_svg(&canonical)),
            citations => citations,
            calc_script => if e.rendered.calculators > 0 { self.calc_script.clone() } else { None },
        };
        let html = self.render("article.html", page, context! { article => article })?;
        sink.write(&format!("{}index.html", e.path), html.as_bytes())
    }

    fn law_page(&self, si: usize, sink: &Sink) -> Result<(), Problem> {
        let site = self.site;
        let s = &site.statutes[si];
        let path = format!("laws/{}/", s.code);
        let canonical = site.base.abs(&path);
        let crumbs = vec![
            self.home_crumb(),
            Link {
                name: s.short.clone(),
                url: String::new(),
            },
        ];
        let clauses: Vec<Value> = s
            .clauses
            .iter()
            .map(|c| {
                let citing = site
                    .cited_by
                    .get(&(si, c.number.clone()))
                    .map(|v| {
                        v.iter()
                            .map(|&j| Link {
                                name: site.entries[j].article.title.clone(),
                                url: site.base.href(&site.entries[j].path),
                            })
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default();
                context! {
                    number => c.number.clone(),
                    id => clause_anchor(&c.number),
                    html => Value::from_safe_string(crate::markdown::clause_html(&c.paragraphs)),
                    excerpt => c.excerpt,
                    cited_by => ser(citing),
                }
            })
            .collect();
        let page = PageCtx {
            title: s.name.clone(),
            description: format!("{}（{}）条文及引用本法的文章", s.name, s.issuer),
            json_ld: breadcrumb_ld(site, &crumbs, &canonical),
            canonical,
            og_type: "website",
            breadcrumbs: crumbs,
            path: path.clone(),
        };
        let statute = context! {
            code => s.code.clone(), name => s.name.clone(), short => s.short.clone(),
            issuer => s.issuer.clone(), adopted => s.adopted.clone(), effective => s.effective.clone(),
            source => s.source.clone(), note => s.note.clone(), clauses => clauses,
        };
        let html = self.render("law.html", page, context! { statute => statute })?;
        sink.write(&format!("{path}index.html"), html.as_bytes())
    }

    /// Renders every page; returns the number of HTML pages written.
    pub fn render_all(&self, sink: &Sink) -> Result<usize, Vec<Problem>> {
        let site = self.site;
        let mut results: Vec<Result<(), Problem>> = Vec::new();
        let all: Vec<usize> = (0..site.entries.len()).collect();
        let home = self.home_crumb();
        results.extend(self.list_pages(
            "index.html",
            "",
            &site.config.title,
            &site.config.description,
            vec![home.clone()],
            &all,
            sink,
        ));
        for c in &site.categories {
            let items = site
                .by_category
                .get(&c.dir)
                .map(|v| v.as_slice())
                .unwrap_or(&[]);
            results.extend(self.list_pages(
                "list.html",
                &format!("{}/", c.dir),
                &c.name,
                &c.description,
                vec![home.clone(), self.category_link(&c.dir)],
                items,
                sink,
            ));
        }
        let tag_results: Vec<Vec<Result<(), Problem>>> = site
            .tags
            .par_iter()
            .map(|(t, items)| {
                self.list_pages(
                    "list.html",
                    &tag_path(t),
                    &format!("标签：{t}"),
                    "",
                    vec![
                        home.clone(),
                        Link {
                            name: "标签".into(),
                            url: site.base.href("tags/"),
                        },
                        Link {
                            name: t.clone(),
                            url: site.base.href(&tag_path(t)),
                        },
                    ],
                    items,
                    sink,
                )
            })
            .collect();
        results.extend(tag_results.into_iter().flatten());
        let lists = std::time::Instant::now();
        match self.only {
            Some(i) => results.push(self.article_page(i, sink)),
            None => results.par_extend(
                (0..site.entries.len())
                    .into_par_iter()
                    .map(|i| self.article_page(i, sink)),
            ),
        }
        if std::env::var_os("GEN_TIMINGS").is_some() {
            crate::util::tell(format_args!("article pages: {:.0?}\n", lists.elapsed()));
        }
        if self.only.is_none() {
            self.other_pages(sink, &mut results);
        }
        let count = results.len();
        let problems: Vec<Problem> = results.into_iter().filter_map(|r| r.err()).collect();
        if !problems.is_empty() {
            return Err(problems);
        }
        results_extra(site, sink, self.only.is_none()).map(|()| count)
    }

    /// Statute pages, the tags index and 404: pages that show no excerpt.
    fn other_pages(&self, sink: &Sink, results: &mut Vec<Result<(), Problem>>) {
        let site = self.site;
        let home = self.home_crumb();
        results.extend((0..site.statutes.len()).map(|i| self.law_page(i, sink)));
        // Tags index.
        let tags: Vec<Value> = site
            .tags
            .iter()
            .map(|(t, v)| context! { name => t.clone(), url => site.base.href(&tag_path(t)), count => v.len() })
            .collect();
        let crumbs = vec![
            home.clone(),
            Link {
                name: "标签".into(),
                url: String::new(),
            },
        ];
        let canonical = site.base.abs("tags/");
        let page = PageCtx {
            title: "全部标签".into(),
            description: format!("{}的全部标签", site.config.title),
            json_ld: breadcrumb_ld(site, &crumbs, &canonical),
            canonical,
            og_type: "website",
            breadcrumbs: crumbs,
            path: "tags/".into(),
        };
        results.push(
            self.render("tags.html", page, context! { tags => tags })
                .and_then(|h| sink.write("tags/index.html", h.as_bytes())),
        );
        // The search page: its form and results come from the search crate.
        let crumbs = vec![
            home.clone(),
            Link {
                name: "搜索".into(),
                url: String::new(),
            },
        ];
        let canonical = site.base.abs("search/");
        let page = PageCtx {
            title: "站内搜索".into(),
            description: format!("搜索{}的全部文章", site.config.title),
            json_ld: String::new(),
            canonical,
            og_type: "website",
            breadcrumbs: crumbs,
            path: "search/".into(),
        };
        let body = search::page_body_html(&site.base.path);
        results.push(
            self.render("search.html", page, context! { search => body })
                .and_then(|h| sink.write("search/index.html", h.as_bytes())),
        );
        // 404.
        let page = PageCtx {
            title: "页面不存在".into(),
            description: String::new(),
            canonical: site.base.abs("404.html"),
            og_type: "website",
            json_ld: String::new(),
            breadcrumbs: vec![],
            path: "404.html".into(),
        };
        results.push(
            self.render("404.html", page, context! {})
                .and_then(|h| sink.write("404.html", h.as_bytes())),
        );
    }
}

/// One entry of an article's table of contents, with the sub-sections under it.
#[derive(Serialize, Debug, PartialEq)]
struct TocNode {
    id: String,
    text: String,
    children: Vec<TocNode>,
}

/// The table of contents as a tree: each level-3 heading under the level-2 heading before
/// it (at the top when there is none), so the numbered list counts sections only.
fn toc_tree(toc: &[crate::markdown::TocEntry]) -> Vec<TocNode> {
    let mut tree: Vec<TocNode> = Vec::new();
    for h in toc {
        let node = TocNode {
            id: h.id.clone(),
            text: h.text.clone(),
            children: Vec::new(),
        };
        match tree.last_mut() {
            Some(parent) if h.level > 2 => parent.children.push(node),
            _ => tree.push(node),
        }
    }
    tree
}

fn xml_escape(s: &str) -> String {
    escape(s)
}

/// sitemap.xml, atom.xml and robots.txt.
fn results_extra(site: &Site, sink: &Sink, all: bool) -> Result<(), Vec<Problem>> {
    let mut sm = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let latest = site
        .entries
        .iter()
        .map(|e| e.article.updated.unwrap_or(e.article.date))
        .max();
    let mut url = |path: &str, lastmod: Option<chrono::NaiveDate>| {
        let _ = write!(sm, "<url><loc>{}</loc>", xml_escape(&site.base.abs(path)));
        if let Some(d) = lastmod {
            let _ = write!(sm, "<lastmod>{}</lastmod>", date_text(&d));
        }
        sm.push_str("</url>\n");
    };
    url("", latest);
    for c in &site.categories {
        if let Some(v) = site.by_category.get(&c.dir) {
            url(
                &format!("{}/", c.dir),
                v.first().map(|&i| {
                    site.entries[i]
                        .article
                        .updated
                        .unwrap_or(site.entries[i].article.date)
                }),
            );
        }
    }
    for e in &site.entries {
        url(&e.path, Some(e.article.updated.unwrap_or(e.article.date)));
    }
    url("tags/", latest);
    for t in site.tags.keys() {
        url(&tag_path(t), None);
    }
    for s in &site.statutes {
        url(&format!("laws/{}/", s.code), None);
    }
    sm.push_str("</urlset>\n");

    let mut feed = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"",
    );
    let _ = writeln!(feed, " xml:lang=\"{}\">", xml_escape(&site.config.language));
    let _ = writeln!(feed, "<title>{}</title>", xml_escape(&site.config.title));
    let _ = writeln!(feed, "<id>{}</id>", xml_escape(&site.base.url));
    let _ = writeln!(feed, "<link href=\"{}\"/>", xml_escape(&site.base.url));
    let _ = writeln!(
        feed,
        "<link rel=\"self\" href=\"{}\"/>",
        xml_escape(&site.base.abs("atom.xml"))
    );
    let _ = writeln!(
        feed,
        "<updated>{}T00:00:00+08:00</updated>",
        latest
            .map(|d| date_text(&d))
            .unwrap_or_else(|| "1970-01-01".into())
    );
    let site_author = if site.config.author.is_empty() {
        &site.config.title
    } else {
        &site.config.author
    };
    let _ = writeln!(
        feed,
        "<author><name>{}</name></author>",
        xml_escape(site_author)
    );
    for e in &site.entries {
        let a = &e.article;
        let u = site.base.abs(&e.path);
        let _ = writeln!(
            feed,
            "<entry><title>{}</title><link href=\"{}\"/><id>{}</id><published>{}T00:00:00+08:00</published><updated>{}T00:00:00+08:00</updated>{}<summary>{}</summary></entry>",
            xml_escape(&a.title),
            xml_escape(&u),
            xml_escape(&u),
            date_text(&a.date),
            date_text(&a.updated.unwrap_or(a.date)),
            a.author.as_ref().map(|n| format!("<author><name>{}</name></author>", xml_escape(n))).unwrap_or_default(),
            xml_escape(a.description.as_deref().unwrap_or(&e.rendered.excerpt)),
        );
    }
    feed.push_str("</feed>\n");
    let robots = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        site.base.abs("sitemap.xml")
    );
    let mut problems = Vec::new();
    let files = [
        ("atom.xml", feed),
        ("sitemap.xml", sm),
        ("robots.txt", robots),
    ];
    // After an edit in `serve`, only the feed (it shows excerpts) can have changed.
    for (name, data) in files.into_iter().take(if all { 3 } else { 1 }) {
        if let Err(p) = sink.write(name, data.as_bytes()) {
            problems.push(p);
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Percent-encoded site path helper for templates that need it.
pub fn href(base: &str, path: &str) -> String {
    format!("{base}{}", encode_path(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dark modules the SVG draws: its path read back, line by line.
    fn svg_modules(svg: &str) -> (Vec<bool>, usize) {
        let size: usize = svg
            .split("viewBox=\"0 0 ")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let d = svg
            .split(" d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let mut grid = vec![false; size * size];
        let (mut x, mut y) = (0usize, 0usize);
        let mut rest = d;
        let number = |r: &mut &str| -> f64 {
            let end = r
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(r.len());
            let v = r[..end].parse().unwrap();
            *r = r[end..].trim_start_matches(' ');
            v
        };
        while let Some(c) = rest.chars().next() {
            rest = &rest[1..];
            match c {
                'M' => {
                    x = number(&mut rest) as usize;
                    let fy = number(&mut rest);
                    assert_eq!(fy.fract(), 0.5, "a line runs through the middle of a row");
                    y = fy as usize;
                }
                'm' => {
                    x += number(&mut rest) as usize;
                    assert_eq!(number(&mut rest), 0.0);
                }
                'h' => {
                    let len = number(&mut rest) as usize;
                    for k in x..x + len {
                        assert!(!grid[y * size + k], "a module drawn twice");
                        grid[y * size + k] = true;
                    }
                    x += len;
                }
                other => panic!("unexpected path command {other}"),
            }
        }
        (grid, size)
    }

    #[test]
    fn qr_svg_draws_exactly_the_dark_modules_and_decodes_to_the_url() {
        let url = "https://example.org/guide/loan/%E8%BF%98%E6%AC%BE%E5%8D%8F%E5%95%86/";
        let svg = qr_svg(url);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("stroke=\"#000\"") && svg.contains("shape-rendering=\"crispEdges\""));
        let (m, w) = qr_modules(url.as_bytes()).unwrap();
        let (grid, size) = svg_modules(&svg);
        assert_eq!(size, w + 8);
        for y in 0..size {
            for x in 0..size {
                let inside = (4..w + 4).contains(&x) && (4..w + 4).contains(&y);
                let dark = inside && m[(y - 4) * w + (x - 4)];
                assert_eq!(grid[y * size + x], dark, "module ({x}, {y})");
            }
        }
        let scale = 4;
        let mut img =
            rqrr::PreparedImage::prepare_from_greyscale(size * scale, size * scale, |x, y| {
                if grid[(y / scale) * size + x / scale] {
                    0
                } else {
                    255
                }
            });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1);
        let (_, content) = grids[0].decode().unwrap();
        assert_eq!(content, url);
    }

    #[test]
    fn json_strings_cannot_close_the_script() {
        assert_eq!(json_escape("</script>\""), "\"\\u003c/script\\u003e\\\"\"");
    }
}

#[cfg(test)]
mod toc_tests {
    use super::*;
    use crate::markdown::TocEntry;

    fn entry(level: u8, id: &str) -> TocEntry {
        TocEntry {
            level,
            id: id.into(),
            text: id.into(),
        }
    }

    #[test]
    fn sub_sections_nest_under_their_section() {
        let tree = toc_tree(&[
            entry(3, "a"),
            entry(2, "b"),
            entry(3, "c"),
            entry(3, "d"),
            entry(2, "e"),
        ]);
        let shape: Vec<(&str, Vec<&str>)> = tree
            .iter()
            .map(|n| {
                (
                    n.id.as_str(),
                    n.children.iter().map(|c| c.id.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            vec![("a", vec![]), ("b", vec!["c", "d"]), ("e", vec![])]
        );
    }
}
