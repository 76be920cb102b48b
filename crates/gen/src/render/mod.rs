//! Stage 5, rendering: the site model through the theme's templates into pages and files.
//! [`theme`] loads the templates, [`views`] is what templates receive (the contract with
//! theme authors), [`pages`] and [`lists`] make the HTML pages, [`letters`] the letter
//! templates' pages, [`discovery`] the files
//! for search engines and feed readers (sitemap, Atom feed, robots.txt, from templates
//! too), [`qr`] an article's QR code, [`search_index`] the offline search index. Files go
//! to an [`Emit`], which the output stage implements, so this stage knows nothing of
//! folders.

mod discovery;
mod letters;
mod lists;
mod pages;
mod qr;
pub mod search_index;
mod theme;
mod views;

pub use theme::{load_theme, Theme};

use crate::diagnostics::{Problem, ProblemKind};
use crate::model::routes::Route;
use crate::model::{tag_path, Site};
use crate::text::hash_hex;
use minijinja::Value;
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;
use theme::template_problem;
use views::{Link, PageView, SiteView};
use xxhash_rust::xxh3::Xxh3;

/// Where rendered files go: a site path (`credit/x/index.html`) and its bytes.
pub trait Emit: Sync {
    fn emit(&self, site_path: &str, bytes: &[u8]) -> Result<(), Problem>;

    /// Whether `site_path` already holds what was rendered from the same inputs
    /// (`made_from`, see [`Renderer::made_from`]); the file is then kept as it is and
    /// need not be rendered (the output stage's build cache).
    fn reuse(&self, _site_path: &str, _made_from: u128) -> bool {
        false
    }

    /// [`Emit::reuse`] for a file that is not a page (the feed, the sitemap): not counted
    /// among the pages kept.
    fn reuse_file(&self, _site_path: &str, _made_from: u128) -> bool {
        false
    }

    /// [`Emit::emit`] of a file made from the inputs fingerprinted `made_from`.
    fn emit_made(&self, site_path: &str, made_from: u128, bytes: &[u8]) -> Result<(), Problem> {
        let _ = made_from;
        self.emit(site_path, bytes)
    }
}

/// Everything shared by all pages of one build.
pub struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    site_view: Value,
    /// A fingerprint of `site_view`: what every page is made from (with its template's,
    /// `Theme::templates`).
    site_made_from: u128,
    /// The boot script of each set of calculator kinds a page uses (`Rendered::calc_kinds`):
    /// it loads the modules of those kinds only.
    calc_scripts: BTreeMap<Vec<&'static str>, String>,
    /// Each entry's summary for list pages and its fingerprint, each made once: an entry
    /// is listed on the home, category and tag pages.
    items: Vec<OnceLock<Value>>,
    item_fingerprints: Vec<OnceLock<u128>>,
}

fn ser<T: Serialize>(t: T) -> Value {
    Value::from(minijinja::value::Serde(t))
}

/// Feeds `view` into `h`: everything a template can see of it, in postcard's encoding
/// (every string, list and option length-prefixed or tagged, so no two different views of
/// one type read the same). Parts that are costly to make and have a fingerprint of their
/// own — an article's HTML, a list's items — give that fingerprint instead when serialised
/// for anything but minijinja (see [`views::Markup`], [`views::Item`]). `false` when
/// postcard cannot encode the view (a map or list of unknown length): the caller then
/// must not trust the fingerprint.
fn feed_view<T: Serialize + ?Sized>(h: &mut Xxh3, view: &T) -> bool {
    struct Hashing<'h>(&'h mut Xxh3);
    impl postcard::ser_flavors::Flavor for Hashing<'_> {
        type Output = ();
        fn try_extend(&mut self, data: &[u8]) -> postcard::Result<()> {
            self.0.update(data);
            Ok(())
        }
        fn try_push(&mut self, data: u8) -> postcard::Result<()> {
            self.0.update(&[data]);
            Ok(())
        }
        fn finalize(self) -> postcard::Result<()> {
            Ok(())
        }
    }
    postcard::serialize_with_flavor(view, Hashing(h)).is_ok()
}

/// The fingerprint of `view` alone (see [`feed_view`]); 0, which no build cache entry is
/// kept under, when it cannot be made.
fn view_fingerprint<T: Serialize + ?Sized>(view: &T) -> u128 {
    let mut h = Xxh3::new();
    if feed_view(&mut h, view) {
        h.digest128()
    } else {
        0
    }
}

/// The codes of a page's calculator kinds: the key of its boot script.
fn kind_codes(kinds: &[calc::Kind]) -> Vec<&'static str> {
    kinds.iter().map(|k| k.code()).collect()
}

/// Publishes the browser modules the pages use (`calc/<kinds>-<hash>.js` and `.wasm`: the
/// glue is the same text for every module, so the kinds in its name keep each module's
/// glue, and so its state, apart when a page loads two) and, per distinct set of kinds on
/// a page, a boot script that loads only those kinds (`calc/boot-<hash>.js`, an external
/// module: the pages have no inline script): the theme's module of exactly that set when
/// it has one (`theme/calc/card+apr/`: the shared code once), else each kind's own module.
/// Returns the boot scripts by their set of kind codes, and the kinds used on some page
/// that the theme has no module for.
fn calc_scripts(
    site: &Site,
    theme: &Theme,
    out: &dyn Emit,
    problems: &mut Vec<Problem>,
) -> (BTreeMap<Vec<&'static str>, String>, Vec<String>) {
    let mut emit = |name: &str, data: &[u8]| {
        if let Err(p) = out.emit(&Route::Calc(name).path(), data) {
            problems.push(p);
        }
    };
    // Each used module's (glue, module) file names by its kinds' codes, emitted once.
    let mut files: BTreeMap<String, Option<(String, String)>> = BTreeMap::new();
    let mut scripts = BTreeMap::new();
    for e in &site.entries {
        let kinds = &e.rendered.calc_kinds;
        if kinds.is_empty() || scripts.contains_key(&kind_codes(kinds)) {
            continue;
        }
        let modules: Vec<&[calc::Kind]> = if theme.calc.iter().any(|(k, _, _)| k == kinds) {
            vec![kinds]
        } else {
            kinds.iter().map(std::slice::from_ref).collect()
        };
        let mut imports = String::new();
        let mut inits = String::new();
        for (i, module) in modules.into_iter().enumerate() {
            let name = kind_codes(module).join("+");
            let names = files.entry(name.clone()).or_insert_with(|| {
                let (_, js, wasm) = theme.calc.iter().find(|(k, _, _)| k == module)?;
                let jsn = format!("{name}-{}.js", hash_hex(js));
                let wasmn = format!("{name}-{}.wasm", hash_hex(wasm));
                emit(&jsn, js);
                emit(&wasmn, wasm);
                Some((jsn, wasmn))
            });
            if let Some((jsn, wasmn)) = names {
                imports.push_str(&format!("import init{i} from \"./{jsn}\";\n"));
                inits.push_str(&format!(
                    "init{i}({{ module_or_path: new URL(\"./{wasmn}\", import.meta.url) }});\n"
                ));
            }
        }
        if imports.is_empty() {
            continue;
        }
        let boot = imports + &inits;
        let bootn = format!("boot-{}.js", hash_hex(boot.as_bytes()));
        emit(&bootn, boot.as_bytes());
        scripts.insert(
            kind_codes(kinds),
            site.base.href(&Route::Calc(&bootn).path()),
        );
    }
    let missing = files
        .into_iter()
        .filter_map(|(code, names)| names.is_none().then_some(code))
        .collect();
    (scripts, missing)
}

/// `2026-12-06`: as `%Y-%m-%d` formats it, without parsing the format for each of the
/// hundreds of thousands of dates a large site's pages and their fingerprints show.
fn date_text(d: &chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

impl<'a> Renderer<'a> {
    /// Prepares shared data and writes the theme's static files and the calculator's
    /// files. Returns the renderer and warnings.
    pub fn new(
        site: &'a Site,
        theme: &'a Theme,
        out: &dyn Emit,
    ) -> Result<(Self, Vec<Problem>), Vec<Problem>> {
        let mut warnings = Vec::new();
        let mut assets = BTreeMap::new();
        let mut problems = Vec::new();
        for (rel, data) in &theme.statics {
            let path = Route::Static(&theme::published_name(rel, data)).path();
            if let Err(p) = out.emit(&path, data) {
                problems.push(p);
            }
            assets.insert(rel.clone(), site.base.href(&path));
        }
        let (calc_scripts, missing) = calc_scripts(site, theme, out, &mut problems);
        if !missing.is_empty() {
            warnings.push(
                Problem::warning(
                    ProblemKind::Template,
                    theme.dir.join("calc"),
                    format!(
                        "has no calc_wasm.js and calc_wasm_bg.wasm for {}: those calculator blocks show their static result only",
                        missing.join(", ")
                    ),
                )
                .help("run cargo run -p build-wasm, or use a theme with the calculator's files"),
            );
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
                name: Cow::Borrowed(&c.name),
                url: site.base.href(&Route::Category(&c.dir, 1).path()),
            })
            .collect();
        let site_view = SiteView {
            title: &cfg.title,
            description: &cfg.description,
            url: &site.base.url,
            base: &site.base.path,
            language: &cfg.language,
            author: &cfg.author,
            copyright: &cfg.copyright,
            disclaimer: &cfg.disclaimer,
            assets: &assets,
            search_url: site.base.href(&Route::Search.path()),
            tags_url: site.base.href(&Route::Tags.path()),
            letters_url: (!site.letters.is_empty()).then(|| site.base.href(&Route::Letters.path())),
            categories,
        };
        let site_made_from = view_fingerprint(&site_view);
        let site_view = ser(site_view);
        Ok((
            Renderer {
                site,
                theme,
                site_view,
                site_made_from,
                calc_scripts,
                items: (0..site.entries.len()).map(|_| OnceLock::new()).collect(),
                item_fingerprints: (0..site.entries.len()).map(|_| OnceLock::new()).collect(),
            },
            warnings,
        ))
    }

    /// Renders `template` with `site`, `page` and the template's own value (`own`: its
    /// name and value, as `list` and the list's view) into the site path `path`, unless
    /// the output keeps that file as an earlier build rendered it from the very same
    /// inputs. The inputs are all a template sees (the theme's templates it reaches, the
    /// site's and the page's views, the path), fingerprinted from the typed views before
    /// anything is rendered ([`feed_view`]): the parts costly to make are made only when
    /// the page is rendered ([`views::Deferred`]). So no change to any input goes unseen,
    /// and finding a page unchanged costs no rendering; a change to gen itself voids the
    /// whole cache (see `output::cache`).
    fn render_page<T: Serialize>(
        &self,
        path: &str,
        template: &str,
        page: &PageView,
        own: Option<(&str, &T)>,
        out: &dyn Emit,
    ) -> Result<(), Problem> {
        let made = self.page_made_from(path, template, page, &own);
        if out.reuse(path, made) {
            return Ok(());
        }
        let tmpl = self
            .theme
            .env
            .get_template(template)
            .map_err(|e| template_problem(&self.theme.dir, &e))?;
        let mut values = BTreeMap::from([("site", self.site_view.clone()), ("page", ser(page))]);
        values.extend(own.map(|(name, v)| (name, ser(v))));
        let html = tmpl
            .render(Value::from(values))
            .map_err(|e| template_problem(&self.theme.dir, &e))?;
        out.emit_made(path, made, html.as_bytes())
    }

    /// What the page at `path` is made from (see [`Renderer::render_page`]): of the
    /// theme, only the templates `template` reaches. 0 (never kept) when the theme has no
    /// such template, which then fails to render.
    fn page_made_from<P: Serialize + ?Sized, T: Serialize + ?Sized>(
        &self,
        path: &str,
        template: &str,
        page: &P,
        own: &T,
    ) -> u128 {
        let Some(theme) = self.theme.templates.get(template) else {
            return 0;
        };
        let mut h = Xxh3::new();
        h.update(&self.site_made_from.to_le_bytes());
        h.update(&theme.to_le_bytes());
        if feed_view(&mut h, &(path, template, page, own)) {
            h.digest128()
        } else {
            0
        }
    }

    fn category_link(&self, dir: &str) -> Link<'a> {
        let site = self.site;
        Link {
            name: site.category(dir).map_or_else(
                || Cow::Owned(dir.to_string()),
                |c| Cow::Borrowed(c.name.as_str()),
            ),
            url: site.base.href(&Route::Category(dir, 1).path()),
        }
    }

    fn tag_links(&self, tags: &'a [String]) -> Vec<Link<'a>> {
        tags.iter()
            .map(|t| Link {
                name: Cow::Borrowed(t),
                url: self.site.base.href(&tag_path(t)),
            })
            .collect()
    }

    fn home_crumb(&self) -> Link<'a> {
        Link {
            name: Cow::Borrowed("首页"),
            url: self.site.base.path.clone(),
        }
    }

    /// A page that is no article (a list, a statute, the tags): `og:type` website, its
    /// canonical URL made from `path`, its breadcrumbs also in the structured data.
    fn website_page(
        &self,
        title: Cow<'a, str>,
        description: Cow<'a, str>,
        path: Cow<'a, str>,
        breadcrumbs: Vec<Link<'a>>,
    ) -> PageView<'a> {
        let canonical = self.site.base.abs(&path);
        PageView {
            title,
            description,
            ld: Some(views::LdView {
                article: None,
                legislation: None,
                breadcrumbs: self.ld_crumbs(&breadcrumbs, &canonical),
            }),
            canonical,
            og_type: "website",
            breadcrumbs,
            path,
        }
    }

    /// The breadcrumbs with absolute URLs, for the structured data: the current page (no
    /// href) is `canonical`.
    fn ld_crumbs(&self, crumbs: &[Link<'a>], canonical: &str) -> Vec<Link<'a>> {
        crumbs
            .iter()
            .map(|c| Link {
                name: c.name.clone(),
                url: if c.url.is_empty() {
                    canonical.to_string()
                } else {
                    format!("{}{}", self.site.base.origin(), c.url)
                },
            })
            .collect()
    }

    /// Renders every page and discovery file; returns the number of HTML pages written.
    pub fn render_all(&self, out: &dyn Emit) -> Result<usize, Vec<Problem>> {
        let site = self.site;
        let timer = crate::diagnostics::Timer::start();
        let mut results: Vec<Result<(), Problem>> = Vec::new();
        self.list_pages_all(out, &mut results);
        timer.lap("  list pages rendered");
        results.par_extend(
            (0..site.entries.len())
                .into_par_iter()
                .map(|i| self.article_page(i, out)),
        );
        timer.lap("  article pages rendered");
        self.other_pages(out, &mut results);
        self.letter_pages(out, &mut results);
        timer.lap("  other pages rendered");
        let count = results.len();
        let problems: Vec<Problem> = results.into_iter().filter_map(|r| r.err()).collect();
        if !problems.is_empty() {
            return Err(problems);
        }
        let done = self.discovery_files(out).map(|()| count);
        timer.lap("  discovery files rendered");
        done
    }
}

#[cfg(test)]
mod date_tests {
    #[test]
    fn dates_read_as_chrono_formats_them() {
        for (y, m, d) in [(2026, 12, 6), (1970, 1, 1), (99, 3, 9), (2031, 11, 21)] {
            let date = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(super::date_text(&date), date.format("%Y-%m-%d").to_string());
        }
    }
}
