//! The site's settings (`content/site.toml`) and a category's (`_category.toml`): every key
//! optional, an unknown key an error, so a typo is caught rather than ignored.

use serde::Deserialize;

/// `content/site.toml`; every key optional.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub language: String,
    pub author: String,
    pub copyright: String,
    pub disclaimer: String,
    /// Allow raw HTML in Markdown (off by default).
    pub raw_html: bool,
    /// Articles per list page.
    pub per_page: usize,
    /// The newest articles the Atom feed lists (0: all). A feed reader fetches the whole
    /// file on every poll and wants what is new: at 50,000 articles all of them would be
    /// 17 MB, and every title edit would rewrite it.
    pub feed_limit: usize,
    /// Characters of an automatic excerpt.
    pub excerpt_chars: usize,
    /// Days after an article's `checked` date before the build warns that it is due for
    /// review (`check::freshness`).
    pub review_every: u32,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "法律帮助".into(),
            description: String::new(),
            base_url: "http://localhost/".into(),
            language: "zh-CN".into(),
            author: String::new(),
            copyright: String::new(),
            disclaimer: "本站内容仅供参考，不构成法律意见。具体问题请咨询执业律师。".into(),
            raw_html: false,
            per_page: 10,
            feed_limit: 50,
            excerpt_chars: 120,
            review_every: 180,
        }
    }
}

/// `content/<category>/_category.toml`.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct CategoryMeta {
    pub name: Option<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub order: i64,
}

/// A category: a folder of articles.
#[derive(Debug, Clone)]
pub struct Category {
    /// The folder name, which is also the URL segment.
    pub dir: String,
    pub name: String,
    pub description: String,
    pub order: i64,
}

impl Category {
    /// The category of folder `dir`, named by its `_category.toml` when that gives a name.
    pub fn new(dir: String, meta: CategoryMeta) -> Category {
        Category {
            name: meta
                .name
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| dir.clone()),
            dir,
            description: meta.description,
            order: meta.order,
        }
    }
}
