//! Stage 4, the site model: the loaded content and the rendered bodies put in order —
//! articles newest first, each with its URL, reading time, previous/next in its category
//! and related articles ([`related`]); categories and tags with their articles; which
//! articles cite each clause. It knows nothing of templates: the render stage reads it.

mod related;
pub mod routes;

use crate::load::{Article, Category, Content, Letter, SiteConfig, Statute};
use crate::markdown::Rendered;
use crate::text::{decode_path, encode_path};
use std::collections::{BTreeMap, HashMap};

/// The base URL split into what pages need.
#[derive(Debug, Clone)]
pub struct Base {
    /// Absolute, ending in `/`: `https://example.org/guide/`.
    pub url: String,
    /// Its path, with both slashes: `/guide/`.
    pub path: String,
}

impl Base {
    /// The reserved host of an example address (example.org, .com, .net and their
    /// subdomains; localhost), which a published site must not point its links at.
    pub fn example_host(&self) -> Option<&str> {
        let rest = self.url.split_once("://").map_or("", |(_, r)| r);
        let host = rest.split(['/', ':']).next().unwrap_or("");
        let host = host.trim_end_matches('.');
        let lower = host.to_ascii_lowercase();
        let reserved = ["example.org", "example.com", "example.net", "localhost"]
            .iter()
            .any(|r| lower == *r || lower.ends_with(&format!(".{r}")));
        reserved.then_some(host)
    }

    pub fn parse(url: &str) -> Result<Base, String> {
        let url = url.trim();
        // The scheme is case-insensitive (RFC 3986): `HTTPS://` is `https://`.
        let scheme = ["https://", "http://"].into_iter().find(|s| {
            url.get(..s.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(s))
        });
        let Some(scheme) = scheme else {
            return Err(format!(
                "the base URL “{}” must start with http:// or https://",
                url.escape_debug()
            ));
        };
        let rest = &url[scheme.len()..];
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if host.is_empty() || path.contains(['?', '#']) {
            return Err(format!(
                "the base URL “{url}” needs a host and no query or fragment"
            ));
        }
        if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(format!(
                "the base URL “{}” contains a space or a control character",
                url.escape_debug()
            ));
        }
        // A user name or password would be published in every canonical link.
        if host.contains('@') {
            return Err(format!(
                "the base URL “{url}” contains a user name or password, which every page would publish"
            ));
        }
        let mut path = path.to_string();
        if !path.ends_with('/') {
            path.push('/');
        }
        let path = encode_path(&decode_path(&path));
        Ok(Base {
            url: format!("{scheme}{host}{path}"),
            path,
        })
    }

    /// The href of a site path (`credit/x/`): base path + percent-encoded path.
    pub fn href(&self, path: &str) -> String {
        format!("{}{}", self.path, encode_path(path))
    }

    /// The absolute URL of a site path.
    pub fn abs(&self, path: &str) -> String {
        format!("{}{}", self.url, encode_path(path))
    }

    /// The scheme and host alone: `https://example.org` (the base URL without its path).
    pub fn origin(&self) -> &str {
        self.url
            .trim_end_matches(&self.path[..])
            .trim_end_matches('/')
    }
}

/// An article with everything derived from it.
#[derive(Debug)]
pub struct Entry {
    pub article: Article,
    /// Site path below the base: `credit/slug/`.
    pub path: String,
    pub rendered: Rendered,
    pub minutes: usize,
    pub related: Vec<usize>,
    /// Older and newer article of the same category.
    pub prev: Option<usize>,
    pub next: Option<usize>,
}

/// A letter template with its guidance rendered (the Markdown before and after its
/// letter block). Letters are no articles: no feed, lists or related articles.
#[derive(Debug)]
pub struct LetterEntry {
    pub letter: Letter,
    /// Site path below the base: `letters/slug/`.
    pub path: String,
    pub before: Rendered,
    pub after: Rendered,
}

/// The whole site, ready to render.
pub struct Site {
    pub base: Base,
    pub config: SiteConfig,
    pub categories: Vec<Category>,
    /// Newest first (date, then source path, for a stable order).
    pub entries: Vec<Entry>,
    /// Category dir → entry indices, newest first.
    pub by_category: HashMap<String, Vec<usize>>,
    /// Tag → entry indices, newest first; tags sorted.
    pub tags: BTreeMap<String, Vec<usize>>,
    pub statutes: Vec<Statute>,
    /// The search's synonym groups (`content/data/synonyms.txt`).
    pub synonyms: search::Synonyms,
    /// (statute, clause number) → citing entries.
    pub cited_by: HashMap<(usize, String), Vec<usize>>,
    /// The letter templates, in file name order (`content/letters/`).
    pub letters: Vec<LetterEntry>,
    /// Where the entries' HTML and plain text are ([`crate::markdown::Body`]).
    pub bodies: crate::output::bodies::Bodies,
}

/// The site path of a tag's list.
pub fn tag_path(tag: &str) -> String {
    routes::Route::Tag(tag, 1).path()
}

/// Reading time in minutes: about 400 characters a minute, at least one.
pub fn reading_minutes(chars: usize) -> usize {
    chars.div_ceil(400).max(1)
}

impl Site {
    pub fn new(content: Content, base: Base, rendered: Vec<Rendered>) -> Site {
        let Content {
            config,
            categories,
            articles,
            statutes,
            synonyms,
            ..
        } = content;
        let mut entries: Vec<Entry> = articles
            .into_iter()
            .zip(rendered)
            .map(|(article, rendered)| Entry {
                path: article.path(),
                minutes: reading_minutes(rendered.chars),
                article,
                rendered,
                related: Vec::new(),
                prev: None,
                next: None,
            })
            .collect();
        entries.sort_by(|a, b| {
            b.article
                .meta
                .date
                .cmp(&a.article.meta.date)
                .then_with(|| a.article.source.cmp(&b.article.source))
        });
        let mut by_category: HashMap<String, Vec<usize>> = HashMap::new();
        let mut tags: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut cited_by: HashMap<(usize, String), Vec<usize>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            by_category
                .entry(e.article.category.clone())
                .or_default()
                .push(i);
            for t in &e.article.meta.tags {
                tags.entry(t.clone()).or_default().push(i);
            }
            for c in &e.rendered.citations {
                cited_by.entry(c.clone()).or_default().push(i);
            }
        }
        // Previous (older) and next (newer) within the category.
        for list in by_category.values() {
            for (k, &i) in list.iter().enumerate() {
                entries[i].next = k.checked_sub(1).map(|j| list[j]);
                entries[i].prev = list.get(k + 1).copied();
            }
        }
        let related = related::related_all(&entries, &by_category, &tags);
        for (e, r) in entries.iter_mut().zip(related) {
            e.related = r;
        }
        Site {
            base,
            config,
            categories,
            entries,
            by_category,
            tags,
            statutes,
            synonyms,
            cited_by,
            letters: Vec::new(),
            bodies: Default::default(),
        }
    }

    pub fn category(&self, dir: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.dir == dir)
    }

    /// The newest date an article was published or updated (the site's last change).
    pub fn latest(&self) -> Option<chrono::NaiveDate> {
        self.entries.iter().map(|e| e.article.modified()).max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        let b = Base::parse("https://example.org/guide").unwrap();
        assert_eq!(b.url, "https://example.org/guide/");
        assert_eq!(b.path, "/guide/");
        assert_eq!(b.origin(), "https://example.org");
        assert_eq!(
            b.href("tags/信用卡/"),
            "/guide/tags/%E4%BF%A1%E7%94%A8%E5%8D%A1/"
        );
        let b = Base::parse("http://localhost:8000").unwrap();
        assert_eq!(b.path, "/");
        assert!(Base::parse("example.org").is_err());
        assert_eq!(Base::parse("HTTPS://E.ORG/").unwrap().url, "https://E.ORG/");
        assert!(Base::parse("https://user:pass@e.org/").is_err());
        assert!(Base::parse("https://e.org/a\u{0}b/").is_err());
    }

    #[test]
    fn reading_time_by_characters() {
        assert_eq!(reading_minutes(0), 1);
        assert_eq!(reading_minutes(400), 1);
        assert_eq!(reading_minutes(401), 2);
    }
}
