//! The site model: articles in order, categories, tags, related articles, previous/next,
//! URLs. Built from loaded content and rendered Markdown; knows nothing of templates.

use crate::content::{Article, Category, Content};
use crate::laws::Statute;
use crate::markdown::Rendered;
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
    pub fn parse(url: &str) -> Result<Base, String> {
        let url = url.trim();
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .ok_or_else(|| format!("the base URL “{url}” must start with http:// or https://"))?;
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if host.is_empty() || path.contains(['?', '#']) {
            return Err(format!(
                "the base URL “{url}” needs a host and no query or fragment"
            ));
        }
        let mut path = path.to_string();
        if !path.ends_with('/') {
            path.push('/');
        }
        let scheme = &url[..url.len() - rest.len()];
        let path = crate::util::encode_path(&crate::util::decode_path(&path));
        Ok(Base {
            url: format!("{scheme}{host}{path}"),
            path,
        })
    }

    /// The href of a site path (`credit/x/`): base path + percent-encoded path.
    pub fn href(&self, path: &str) -> String {
        format!("{}{}", self.path, crate::util::encode_path(path))
    }

    /// The absolute URL of a site path.
    pub fn abs(&self, path: &str) -> String {
        format!("{}{}", self.url, crate::util::encode_path(path))
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

pub struct Site {
    pub base: Base,
    pub config: crate::content::SiteConfig,
    pub categories: Vec<Category>,
    /// Newest first (date, then source path, for a stable order).
    pub entries: Vec<Entry>,
    /// Category dir → entry indices, newest first.
    pub by_category: HashMap<String, Vec<usize>>,
    /// Tag → entry indices, newest first; tags sorted.
    pub tags: BTreeMap<String, Vec<usize>>,
    pub statutes: Vec<Statute>,
    /// (statute, clause number) → citing entries.
    pub cited_by: HashMap<(usize, String), Vec<usize>>,
}

/// The site path of an article.
pub fn article_path(a: &Article) -> String {
    format!("{}/{}/", a.category, a.slug)
}

pub fn tag_path(tag: &str) -> String {
    format!("tags/{tag}/")
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
            ..
        } = content;
        let mut entries: Vec<Entry> = articles
            .into_iter()
            .zip(rendered)
            .map(|(article, rendered)| Entry {
                path: article_path(&article),
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
                .date
                .cmp(&a.article.date)
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
            for t in &e.article.tags {
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
        let related = related_all(&entries, &by_category, &tags);
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
            cited_by,
        }
    }

    pub fn category(&self, dir: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.dir == dir)
    }
}

/// Five related articles each: two points per shared tag, one for the same category; ties
/// broken by the newer article, then the entry order, so the result is stable.
fn related_all(
    entries: &[Entry],
    by_category: &HashMap<String, Vec<usize>>,
    tags: &BTreeMap<String, Vec<usize>>,
) -> Vec<Vec<usize>> {
    use rayon::prelude::*;
    thread_local! {
        static SCORES: std::cell::RefCell<Vec<u32>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    (0..entries.len())
        .into_par_iter()
        .map(|i| {
            SCORES.with(|cell| {
                let mut score = cell.borrow_mut();
                if score.len() < entries.len() {
                    score.resize(entries.len(), 0);
                }
                let e = &entries[i];
                let mut touched: Vec<usize> = Vec::new();
                for t in &e.article.tags {
                    for &j in &tags[t] {
                        if j != i {
                            if score[j] == 0 {
                                touched.push(j);
                            }
                            score[j] += 2;
                        }
                    }
                }
                let same_cat = &by_category[&e.article.category];
                // Best five: highest score, then the earlier entry (newer article).
                let mut best: Vec<(u32, usize)> = Vec::with_capacity(6);
                for &j in &touched {
                    let s = score[j] + (entries[j].article.category == e.article.category) as u32;
                    score[j] = 0;
                    let better = |a: &(u32, usize)| s > a.0 || (s == a.0 && j < a.1);
                    if best.len() < 5 || best.last().is_some_and(better) {
                        let pos = best.iter().position(better).unwrap_or(best.len());
                        best.insert(pos, (s, j));
                        best.truncate(5);
                    }
                }
                let mut out: Vec<usize> = best.iter().map(|c| c.1).collect();
                if out.len() < 5 {
                    // Fill with the nearest articles of the category.
                    // Entry indices are in site order, so the list is sorted.
                    let pos = same_cat.binary_search(&i);
                    let pos = pos
                        .unwrap_or_else(|p| p)
                        .min(same_cat.len().saturating_sub(1));
                    let mut k = 1;
                    while out.len() < 5 && (k <= pos || pos + k < same_cat.len()) {
                        for j in [pos.checked_sub(k), Some(pos + k)].into_iter().flatten() {
                            if let Some(&c) = same_cat.get(j) {
                                if out.len() < 5 && c != i && !out.contains(&c) {
                                    out.push(c);
                                }
                            }
                        }
                        k += 1;
                    }
                }
                out
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        let b = Base::parse("https://example.org/guide").unwrap();
        assert_eq!(b.url, "https://example.org/guide/");
        assert_eq!(b.path, "/guide/");
        assert_eq!(
            b.href("tags/信用卡/"),
            "/guide/tags/%E4%BF%A1%E7%94%A8%E5%8D%A1/"
        );
        let b = Base::parse("http://localhost:8000").unwrap();
        assert_eq!(b.path, "/");
        assert!(Base::parse("example.org").is_err());
    }

    #[test]
    fn reading_time_by_characters() {
        assert_eq!(reading_minutes(0), 1);
        assert_eq!(reading_minutes(400), 1);
        assert_eq!(reading_minutes(401), 2);
    }
}
