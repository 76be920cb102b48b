//! The files for search engines and feed readers: `sitemap.xml`, the Atom feed
//! `atom.xml` and `robots.txt`, each rendered from the theme's template of the same name
//! (the built-in theme's when the theme has none). Each ends with one newline.

use super::views::{FeedEntry, FeedView, SitemapUrl};
use super::{date_text, ser, Emit, Renderer};
use crate::diagnostics::Problem;
use crate::model::routes::{sitemap_parts, Route, SITEMAP_LIMIT};
use crate::model::tag_path;
use crate::text::escape;
use minijinja::Value;
use serde::Serialize;

impl Renderer<'_> {
    /// Renders the discovery template `name` with `site` and its own value (`key`: `own`)
    /// into `path`, unless the output keeps that file as an earlier build rendered it
    /// from the same inputs (as a page, see `Renderer::render_page`).
    fn discovery<T: Serialize + ?Sized>(
        &self,
        path: &str,
        name: &str,
        key: &str,
        own: &T,
        out: &dyn Emit,
    ) -> Result<(), Problem> {
        let made = self.page_made_from(path, name, &(), &(key, own));
        if out.reuse_file(path, made) {
            return Ok(());
        }
        let tmpl = self
            .theme
            .env
            .get_template(name)
            .map_err(|e| super::template_problem(&self.theme.dir, &e))?;
        let own = Value::from(std::collections::BTreeMap::from([
            ("site", self.site_view.clone()),
            (key, ser(own)),
        ]));
        let mut text = tmpl
            .render(own)
            .map_err(|e| super::template_problem(&self.theme.dir, &e))?;
        if !text.ends_with('\n') {
            text.push('\n');
        }
        out.emit_made(path, made, text.as_bytes())
    }

    /// Every page's URL with the date it last changed, where one is known.
    fn sitemap_urls(&self) -> Vec<SitemapUrl> {
        let site = self.site;
        let latest = site.latest().as_ref().map(date_text);
        let url = |path: &str, lastmod: Option<String>| SitemapUrl {
            loc: site.base.abs(path),
            lastmod,
        };
        let mut urls = vec![url(&Route::Home(1).path(), latest.clone())];
        for c in &site.categories {
            if let Some(v) = site.by_category.get(&c.dir) {
                let newest = v
                    .first()
                    .map(|&i| date_text(&site.entries[i].article.modified()));
                urls.push(url(&Route::Category(&c.dir, 1).path(), newest));
            }
        }
        for e in &site.entries {
            urls.push(url(&e.path, Some(date_text(&e.article.modified()))));
        }
        if !site.letters.is_empty() {
            urls.push(url(&Route::Letters.path(), None));
        }
        for e in &site.letters {
            let changed = e.letter.checked.max(Some(e.letter.date));
            urls.push(url(&e.path, changed.as_ref().map(date_text)));
        }
        urls.push(url(&Route::Tags.path(), latest));
        urls.extend(site.tags.keys().map(|t| url(&tag_path(t), None)));
        urls.extend(
            site.statutes
                .iter()
                .map(|s| url(&Route::Statute(&s.code).path(), None)),
        );
        urls
    }

    fn feed(&self) -> FeedView<'_> {
        let site = self.site;
        FeedView {
            url: site.base.abs(&Route::Feed.path()),
            updated: site
                .latest()
                .map(|d| date_text(&d))
                .unwrap_or_else(|| "1970-01-01".into()),
            author: if site.config.author.is_empty() {
                &site.config.title
            } else {
                &site.config.author
            },
            entries: site
                .entries
                .iter()
                .take(match site.config.feed_limit {
                    0 => usize::MAX,
                    n => n,
                })
                .map(|e| {
                    let meta = &e.article.meta;
                    FeedEntry {
                        title: &meta.title,
                        url: site.base.abs(&e.path),
                        published: date_text(&meta.date),
                        updated: date_text(&e.article.modified()),
                        author: meta.author.as_deref(),
                        summary: meta.description.as_deref().unwrap_or(&e.rendered.excerpt),
                    }
                })
                .collect(),
        }
    }

    /// Writes atom.xml, sitemap.xml and robots.txt.
    pub(super) fn discovery_files(&self, out: &dyn Emit) -> Result<(), Vec<Problem>> {
        let mut done =
            vec![self.discovery(&Route::Feed.path(), "atom.xml", "feed", &self.feed(), out)];
        let urls = self.sitemap_urls();
        for (path, part) in sitemap_files(&urls, SITEMAP_LIMIT, |path| self.site.base.abs(path)) {
            done.push(match part {
                SitemapPart::Urls(chunk) => {
                    self.discovery(&path, "sitemap.xml", "urls", chunk, out)
                }
                SitemapPart::Index(text) => out.emit(&path, text.as_bytes()),
            });
        }
        let sitemap_url = self.site.base.abs(&Route::Sitemap(None).path());
        done.push(self.discovery(
            &Route::Robots.path(),
            "robots.txt",
            "sitemap_url",
            &sitemap_url,
            out,
        ));
        let problems: Vec<Problem> = done.into_iter().filter_map(Result::err).collect();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

/// A file of the sitemap: a list of URLs (rendered from the theme's `sitemap.xml`), or
/// the index of the parts.
#[derive(Debug, PartialEq)]
enum SitemapPart<'u, T> {
    Urls(&'u [T]),
    Index(String),
}

/// The sitemap's files: `sitemap.xml` with every URL, or, above `limit` URLs (the
/// protocol's 50,000), parts of at most `limit` (`sitemap-1.xml` …) and `sitemap.xml` their
/// index. `abs` makes a site path absolute.
fn sitemap_files<T>(
    urls: &[T],
    limit: usize,
    abs: impl Fn(&str) -> String,
) -> Vec<(String, SitemapPart<'_, T>)> {
    if sitemap_parts(urls.len(), limit) == 0 {
        return vec![(Route::Sitemap(None).path(), SitemapPart::Urls(urls))];
    }
    let mut files = Vec::new();
    let mut index = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (n, chunk) in urls.chunks(limit).enumerate() {
        let part = Route::Sitemap(Some(n + 1)).path();
        index.push_str(&format!(
            "<sitemap><loc>{}</loc></sitemap>\n",
            escape(&abs(&part))
        ));
        files.push((part, SitemapPart::Urls(chunk)));
    }
    index.push_str("</sitemapindex>\n");
    files.push((Route::Sitemap(None).path(), SitemapPart::Index(index)));
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Above the limit the URLs go into parts of at most `limit`, in order, and
    /// sitemap.xml is their index with absolute, escaped addresses.
    #[test]
    fn a_sitemap_above_the_limit_is_an_index_of_parts() {
        let urls: Vec<u32> = (1..=5).collect();
        let abs = |p: &str| format!("https://example.test/a&b/{p}");
        let files: Vec<(String, String)> = sitemap_files(&urls, 2, abs)
            .into_iter()
            .map(|(p, part)| match part {
                SitemapPart::Urls(chunk) => (p, format!("{chunk:?}")),
                SitemapPart::Index(text) => (p, text),
            })
            .collect();
        let part = |n| Route::Sitemap(Some(n)).path();
        assert_eq!(
            files,
            vec![
                (part(1), "[1, 2]".to_string()),
                (part(2), "[3, 4]".to_string()),
                (part(3), "[5]".to_string()),
                (
                    Route::Sitemap(None).path(),
                    format!(
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n\
                         <sitemap><loc>https://example.test/a&amp;b/{}</loc></sitemap>\n\
                         <sitemap><loc>https://example.test/a&amp;b/{}</loc></sitemap>\n\
                         <sitemap><loc>https://example.test/a&amp;b/{}</loc></sitemap>\n</sitemapindex>\n",
                        part(1),
                        part(2),
                        part(3)
                    )
                ),
            ]
        );
        // At the limit, one file.
        let one = sitemap_files(&urls[..2], 2, abs);
        assert_eq!(
            one,
            vec![(Route::Sitemap(None).path(), SitemapPart::Urls(&urls[..2]))]
        );
    }
}
