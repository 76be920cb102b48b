//! The site's address space, in one place: every page and file gen writes is a [`Route`],
//! and its path below the base URL is [`Route::path`]. Rendering, the sitemap, and the
//! check of links that start with `/` take addresses from here, so a new kind of page is
//! one variant here, not another `format!` in each stage
//! (`../shared/reviews/architecture-2026-12.md`, problem 1).

use crate::load::Content;
use std::collections::BTreeSet;

/// Something gen writes at an address of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route<'a> {
    /// The home page's list, page `n` (1: the home page itself).
    Home(usize),
    /// A category's list (`dir`), page `n`.
    Category(&'a str, usize),
    /// The index of all tags.
    Tags,
    /// One tag's list, page `n`.
    Tag(&'a str, usize),
    /// An article: its category folder and slug.
    Article(&'a str, &'a str),
    /// A statute's page (by code).
    Statute(&'a str),
    /// One clause on its statute's page: code and article number (`175-1`).
    Clause(&'a str, &'a str),
    /// The index of the letter templates.
    Letters,
    /// A letter template's page (by slug).
    Letter(&'a str),
    Search,
    NotFound,
    /// A file of the theme's static folder (fingerprinted name).
    Static(&'a str),
    /// A file of the calculator's front end (fingerprinted name).
    Calc(&'a str),
    /// The sitemap, or its part `n` when it is split (see [`sitemap_parts`]).
    Sitemap(Option<usize>),
    Feed,
    Robots,
}

impl Route<'_> {
    /// The same list's page `n` (home, a category's or a tag's list); any other route is
    /// itself.
    pub fn page(self, n: usize) -> Self {
        match self {
            Route::Home(_) => Route::Home(n),
            Route::Category(dir, _) => Route::Category(dir, n),
            Route::Tag(tag, _) => Route::Tag(tag, n),
            other => other,
        }
    }

    /// The path below the base URL, unencoded: `credit/slug/`, `laws/minfadian/#art-676`.
    pub fn path(&self) -> String {
        let paged = |prefix: String, n: usize| match n {
            0 | 1 => prefix,
            n => format!("{prefix}page/{n}/"),
        };
        match self {
            Route::Home(n) => paged(String::new(), *n),
            Route::Category(dir, n) => paged(format!("{dir}/"), *n),
            Route::Tags => "tags/".into(),
            Route::Tag(tag, n) => paged(format!("tags/{tag}/"), *n),
            Route::Article(category, slug) => format!("{category}/{slug}/"),
            Route::Statute(code) => format!("laws/{code}/"),
            Route::Clause(code, number) => format!("laws/{code}/#{}", clause_anchor(number)),
            Route::Letters => "letters/".into(),
            Route::Letter(slug) => format!("letters/{slug}/"),
            Route::Search => "search/".into(),
            Route::NotFound => "404.html".into(),
            Route::Static(name) => format!("static/{name}"),
            Route::Calc(name) => format!("calc/{name}"),
            Route::Sitemap(None) => "sitemap.xml".into(),
            Route::Sitemap(Some(n)) => format!("sitemap-{n}.xml"),
            Route::Feed => "atom.xml".into(),
            Route::Robots => "robots.txt".into(),
        }
    }

    /// The folder of a list's later pages (`credit/page`), which the list owns whole.
    pub fn pages_folder(&self) -> Option<String> {
        let second = match *self {
            Route::Home(_) => Route::Home(2),
            Route::Category(dir, _) => Route::Category(dir, 2),
            Route::Tag(tag, _) => Route::Tag(tag, 2),
            _ => return None,
        };
        let later = second.path();
        let later = later.trim_end_matches('/');
        Some(later[..later.rfind('/')?].to_string())
    }

    /// The file written for it: pages are folders with an `index.html`.
    pub fn file(&self) -> String {
        let p = self.path();
        let p = p.split('#').next().unwrap_or_default();
        if p.is_empty() || p.ends_with('/') {
            format!("{p}index.html")
        } else {
            p.to_string()
        }
    }
}

/// The anchor id of a statute clause on the statute's page: `art-676`.
pub fn clause_anchor(number: &str) -> String {
    format!("art-{number}")
}

/// The most URLs one sitemap file may list (the sitemaps protocol); above it the sitemap
/// is an index of parts.
pub const SITEMAP_LIMIT: usize = 50_000;

/// How many sitemap parts `urls` addresses need: 0 when one sitemap.xml holds them all.
pub fn sitemap_parts(urls: usize, limit: usize) -> usize {
    if urls <= limit {
        0
    } else {
        urls.div_ceil(limit)
    }
}

/// Number of pages of a list of `items` at `per_page` (at least one).
pub fn pages(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page.max(1)).max(1)
}

/// Every page address the loaded content will have (paths below the base, unencoded),
/// for the check of links that start with `/`. Files of the theme (`static/`, `calc/`) are
/// not known at this stage; the caller treats those folders as gen's.
pub fn page_addresses(content: &Content) -> BTreeSet<String> {
    let per = content.config.per_page;
    let mut out = BTreeSet::new();
    for n in 1..=pages(content.articles.len(), per) {
        out.insert(Route::Home(n).path());
    }
    for c in &content.categories {
        let items = content
            .articles
            .iter()
            .filter(|a| a.category == c.dir)
            .count();
        if items > 0 {
            for n in 1..=pages(items, per) {
                out.insert(Route::Category(&c.dir, n).path());
            }
        }
    }
    let mut tags: std::collections::BTreeMap<&str, usize> = Default::default();
    for a in &content.articles {
        out.insert(Route::Article(&a.category, &a.meta.slug).path());
        for t in &a.meta.tags {
            *tags.entry(t).or_default() += 1;
        }
    }
    for (t, items) in tags {
        for n in 1..=pages(items, per) {
            out.insert(Route::Tag(t, n).path());
        }
    }
    for s in &content.statutes {
        out.insert(Route::Statute(&s.code).path());
    }
    if !content.letters.is_empty() {
        out.insert(Route::Letters.path());
    }
    for l in &content.letters {
        out.insert(Route::Letter(&l.slug).path());
    }
    for r in [
        Route::Tags,
        Route::Search,
        Route::NotFound,
        Route::Sitemap(None),
        Route::Feed,
        Route::Robots,
    ] {
        out.insert(r.path());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_has_its_path() {
        assert_eq!(Route::Home(1).path(), "");
        assert_eq!(Route::Home(3).path(), "page/3/");
        assert_eq!(Route::Category("credit", 2).path(), "credit/page/2/");
        assert_eq!(Route::Tag("信用卡", 1).path(), "tags/信用卡/");
        assert_eq!(Route::Article("credit", "x").file(), "credit/x/index.html");
        assert_eq!(
            Route::Clause("xingfa", "175-1").path(),
            "laws/xingfa/#art-175-1"
        );
        assert_eq!(
            Route::Clause("xingfa", "175-1").file(),
            "laws/xingfa/index.html"
        );
        assert_eq!(Route::NotFound.file(), "404.html");
        assert_eq!(Route::Letters.file(), "letters/index.html");
        assert_eq!(
            Route::Letter("zhengxin-yiyi").path(),
            "letters/zhengxin-yiyi/"
        );
        assert_eq!(Route::Home(1).file(), "index.html");
        assert_eq!(Route::Sitemap(Some(2)).path(), "sitemap-2.xml");
        assert_eq!(Route::Home(1).pages_folder().as_deref(), Some("page"));
        assert_eq!(
            Route::Tag("网贷", 1).pages_folder().as_deref(),
            Some("tags/网贷/page")
        );
        assert_eq!(Route::Statute("x").pages_folder(), None);
    }

    #[test]
    fn the_sitemap_splits_above_the_protocols_limit() {
        assert_eq!(sitemap_parts(50_000, SITEMAP_LIMIT), 0);
        assert_eq!(sitemap_parts(50_001, SITEMAP_LIMIT), 2);
        assert_eq!(sitemap_parts(150_000, SITEMAP_LIMIT), 3);
    }
}
