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
/// broken by the newer article (the lower entry index), so the result is stable. An
/// article that shares tags with fewer than five others is filled up with its nearest
/// neighbours in its category.
fn related_all(
    entries: &[Entry],
    by_category: &HashMap<String, Vec<usize>>,
    tags: &BTreeMap<String, Vec<usize>>,
) -> Vec<Vec<usize>> {
    let tag_ids: HashMap<&str, usize> = tags
        .keys()
        .enumerate()
        .map(|(k, t)| (t.as_str(), k))
        .collect();
    let categories: Vec<&Vec<usize>> = by_category.values().collect();
    let category_ids: HashMap<&str, usize> = by_category
        .keys()
        .enumerate()
        .map(|(k, c)| (c.as_str(), k))
        .collect();
    let tags_of: Vec<Vec<usize>> = entries
        .iter()
        .map(|e| e.article.tags.iter().map(|t| tag_ids[t.as_str()]).collect())
        .collect();
    let category_of: Vec<usize> = entries
        .iter()
        .map(|e| category_ids[e.article.category.as_str()])
        .collect();
    let tag_lists: Vec<&Vec<usize>> = tags.values().collect();
    related(&tag_lists, &tags_of, &categories, &category_of)
}

/// A set of entry indices as bits.
fn bitset(members: &[usize], words: usize) -> Vec<u64> {
    let mut bits = vec![0u64; words];
    for &j in members {
        bits[j / 64] |= 1 << (j % 64);
    }
    bits
}

/// [`related_all`] on plain numbers: entries per tag and per category (ascending), each
/// entry's distinct tags and its category.
///
/// Each entry's count of shared tags is kept for all entries at once, as bit planes of a
/// counter (plane `b` holds bit `b` of every count), so one entry costs a few hundred
/// word operations per tag rather than a visit to every article that shares a tag.
fn related(
    tag_lists: &[&Vec<usize>],
    tags_of: &[Vec<usize>],
    categories: &[&Vec<usize>],
    category_of: &[usize],
) -> Vec<Vec<usize>> {
    use rayon::prelude::*;
    let n = tags_of.len();
    let words = n.div_ceil(64);
    let tag_bits: Vec<Vec<u64>> = tag_lists.iter().map(|l| bitset(l, words)).collect();
    let category_bits: Vec<Vec<u64>> = categories.iter().map(|l| bitset(l, words)).collect();
    (0..n)
        .into_par_iter()
        .map_init(Vec::new, |planes: &mut Vec<u64>, i| {
            let k = tags_of[i].len();
            let depth = (usize::BITS - k.leading_zeros()) as usize;
            planes.clear();
            planes.resize(depth * words, 0);
            for &t in &tags_of[i] {
                for (w, &bits) in tag_bits[t].iter().enumerate() {
                    let mut carry = bits;
                    let mut b = 0;
                    while carry != 0 {
                        let plane = &mut planes[b * words + w];
                        let next = *plane & carry;
                        *plane ^= carry;
                        carry = next;
                        b += 1;
                    }
                }
            }
            let same = &category_bits[category_of[i]];
            let mut out: Vec<usize> = Vec::with_capacity(5);
            // Scores from the highest: m shared tags in the same category (2m + 1), then
            // in another one (2m); within a score, ascending index.
            'scores: for m in (1..=k).rev() {
                for in_category in [true, false] {
                    for w in 0..words {
                        let mut mask = if in_category { same[w] } else { !same[w] };
                        for b in 0..depth {
                            let plane = planes[b * words + w];
                            mask &= if (m >> b) & 1 == 1 { plane } else { !plane };
                        }
                        if w == i / 64 {
                            mask &= !(1 << (i % 64));
                        }
                        while mask != 0 {
                            out.push(w * 64 + mask.trailing_zeros() as usize);
                            if out.len() == 5 {
                                break 'scores;
                            }
                            mask &= mask - 1;
                        }
                    }
                }
            }
            if out.len() < 5 {
                // Fill with the nearest articles of the category.
                // Entry indices are in site order, so the list is sorted.
                let same_cat = categories[category_of[i]];
                let pos = same_cat.binary_search(&i);
                let pos = pos
                    .unwrap_or_else(|p| p)
                    .min(same_cat.len().saturating_sub(1));
                let mut d = 1;
                while out.len() < 5 && (d <= pos || pos + d < same_cat.len()) {
                    for j in [pos.checked_sub(d), Some(pos + d)].into_iter().flatten() {
                        if let Some(&c) = same_cat.get(j) {
                            if out.len() < 5 && c != i && !out.contains(&c) {
                                out.push(c);
                            }
                        }
                    }
                    d += 1;
                }
            }
            out
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
        assert_eq!(Base::parse("HTTPS://E.ORG/").unwrap().url, "https://E.ORG/");
        assert!(Base::parse("https://user:pass@e.org/").is_err());
        assert!(Base::parse("https://e.org/a\u{0}b/").is_err());
    }

    /// The definition, article by article: score every other article, sort.
    fn related_by_definition(
        tags_of: &[Vec<usize>],
        categories: &[&Vec<usize>],
        category_of: &[usize],
        i: usize,
    ) -> Vec<usize> {
        let mut scored: Vec<(usize, usize)> = (0..tags_of.len())
            .filter(|&j| j != i)
            .map(|j| {
                let shared = tags_of[i].iter().filter(|t| tags_of[j].contains(t)).count();
                let score = 2 * shared + usize::from(category_of[i] == category_of[j]);
                (if shared > 0 { score } else { 0 }, j)
            })
            .filter(|&(score, _)| score > 0)
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut out: Vec<usize> = scored.iter().take(5).map(|&(_, j)| j).collect();
        let same = categories[category_of[i]];
        let pos = same.iter().position(|&j| j == i).unwrap();
        for d in 1..same.len() {
            for j in [pos.checked_sub(d), Some(pos + d)].into_iter().flatten() {
                if let Some(&c) = same.get(j) {
                    if out.len() < 5 && !out.contains(&c) {
                        out.push(c);
                    }
                }
            }
        }
        out
    }

    #[test]
    fn related_articles_match_their_definition() {
        // A deterministic mix: 300 entries (five 64-bit words, the last one partial),
        // up to 12 of 15 tags, 4 categories; some entries share nothing.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let n = 300;
        let mut tags_of: Vec<Vec<usize>> = Vec::new();
        for i in 0..n {
            let count = if i % 10 == 0 { 0 } else { next(13) };
            let mut t: Vec<usize> = (0..count).map(|_| next(15)).collect();
            t.sort();
            t.dedup();
            tags_of.push(t);
        }
        let category_of: Vec<usize> = (0..n).map(|_| next(4)).collect();
        let tag_lists: Vec<Vec<usize>> = (0..15)
            .map(|t| (0..n).filter(|&i| tags_of[i].contains(&t)).collect())
            .collect();
        let categories: Vec<Vec<usize>> = (0..4)
            .map(|c| (0..n).filter(|&i| category_of[i] == c).collect())
            .collect();
        let tag_refs: Vec<&Vec<usize>> = tag_lists.iter().collect();
        let cat_refs: Vec<&Vec<usize>> = categories.iter().collect();
        let got = related(&tag_refs, &tags_of, &cat_refs, &category_of);
        let mut full_score = 0;
        for i in 0..n {
            let want = related_by_definition(&tags_of, &cat_refs, &category_of, i);
            assert_eq!(got[i], want, "entry {i} with tags {:?}", tags_of[i]);
            full_score += usize::from(want.len() == 5);
        }
        assert_eq!(full_score, n, "every entry gets five");
    }

    #[test]
    fn reading_time_by_characters() {
        assert_eq!(reading_minutes(0), 1);
        assert_eq!(reading_minutes(400), 1);
        assert_eq!(reading_minutes(401), 2);
    }
}
