//! What templates receive: typed views of the site model, serialised for minijinja. They
//! borrow from the model where they can (titles, names, texts) and own only what is made
//! for the page (URLs, dates as text). This file is the contract with theme authors;
//! `theme/README.md` lists the same, template by template. Strings marked "HTML" are
//! printed as they are (`Value::from_safe_string`); every other string is escaped.

use minijinja::Value;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Markup made by gen (an article body, a clause, the QR code): printed unescaped.
pub type Html = Value;

/// A part of a view made only when a page is rendered: an article's HTML, its QR code, a
/// list's items. A page's fingerprint (what decides whether it is rendered at all, see
/// `Renderer::render_page`) takes the part's [`Deferred::fingerprint`] instead, so that
/// finding a page unchanged never makes it.
pub trait Deferred: Sync {
    /// What the template receives, or why it cannot be made.
    fn value(&self) -> Result<Value, String>;
    /// A fingerprint of everything [`Deferred::value`] is made from that the rest of
    /// the page's view does not already hold.
    fn fingerprint(&self) -> u128;
}

/// A [`Deferred`] part in a view: serialised for minijinja as its value, for anything else
/// (the page's fingerprint) as its fingerprint.
pub struct Lazy<'a>(pub Box<dyn Deferred + 'a>);

impl Serialize for Lazy<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if minijinja::value::serializing_for_value() {
            match self.0.value() {
                Ok(v) => v.serialize(s),
                Err(e) => Err(serde::ser::Error::custom(e)),
            }
        } else {
            s.serialize_u128(self.0.fingerprint())
        }
    }
}

/// HTML gen made (an article's body, a letter's guidance), wherever it is kept: read only
/// when the page is rendered; in a fingerprint, the fingerprint of its text.
pub struct Markup<'a> {
    pub html: &'a crate::markdown::Body,
    pub bodies: &'a crate::output::bodies::Bodies,
}

impl Deferred for Markup<'_> {
    fn value(&self) -> Result<Value, String> {
        match self.bodies.read(self.html) {
            Some(html) => Ok(Value::from_safe_string(html.into_owned())),
            None => Err(format!(
                "the build cache's bodies file changed during the build ({}); build again",
                self.html
            )),
        }
    }

    fn fingerprint(&self) -> u128 {
        self.html.fingerprint()
    }
}

/// `site`, in every template.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// The absolute base URL, ending in `/`.
    pub url: &'a str,
    /// Its path, ending in `/`: every href starts with it.
    pub base: &'a str,
    pub language: &'a str,
    pub author: &'a str,
    pub copyright: &'a str,
    pub disclaimer: &'a str,
    /// A static file's path below theme/static/ → its href (CSS and JS with a content hash).
    pub assets: &'a BTreeMap<String, String>,
    pub search_url: String,
    pub tags_url: String,
    /// The index of letter templates, when the site has letters.
    pub letters_url: Option<String>,
    /// The categories that have articles, in their order.
    pub categories: Vec<Link<'a>>,
}

/// A named link.
#[derive(Serialize, Clone, Debug)]
pub struct Link<'a> {
    pub name: Cow<'a, str>,
    /// An href; empty for the current page's breadcrumb.
    pub url: String,
}

/// `page`, in every page template: what `base.html` puts in `<head>` and the breadcrumbs.
#[derive(Serialize)]
pub struct PageView<'a> {
    pub title: Cow<'a, str>,
    pub description: Cow<'a, str>,
    /// The page's absolute URL.
    pub canonical: String,
    /// `article` or `website`.
    pub og_type: &'static str,
    pub breadcrumbs: Vec<Link<'a>>,
    /// The structured data of the page (`json-ld.json`), if any.
    pub ld: Option<LdView<'a>>,
    /// The site path: empty for the home page.
    pub path: Cow<'a, str>,
}

/// `article`, in `article.html`.
#[derive(Serialize)]
pub struct ArticleView<'a> {
    pub title: &'a str,
    pub url: String,
    /// The absolute URL.
    pub permalink: String,
    pub date: String,
    pub updated: Option<String>,
    /// When the article was last checked against the law (`checked`), the only date
    /// readers see as 「本文内容最后核对于」 and search engines as `lastReviewed`; none
    /// when nobody recorded a check (the page then claims none).
    pub checked: Option<String>,
    /// The article's author, else the site's.
    pub author: &'a str,
    pub category: Link<'a>,
    pub tags: Vec<Link<'a>>,
    pub minutes: usize,
    pub chars: usize,
    pub toc: Vec<TocNode<'a>>,
    /// HTML.
    pub body: Lazy<'a>,
    pub related: Vec<RelatedView<'a>>,
    pub prev: Option<Link<'a>>,
    pub next: Option<Link<'a>>,
    /// HTML: an SVG QR code of the permalink.
    pub qr: Lazy<'a>,
    pub citations: Vec<CitationView<'a>>,
    /// The calculator's boot script, when the article has a calculator block.
    pub calc_script: Option<&'a str>,
    /// The letters its calculator blocks can hand a figure to (one per letter and kind).
    pub letters: Vec<LetterLinkView<'a>>,
}

/// One entry of an article's table of contents, with the sub-sections under it.
#[derive(Serialize, Debug, PartialEq)]
pub struct TocNode<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub children: Vec<TocNode<'a>>,
}

/// A related article.
#[derive(Serialize)]
pub struct RelatedView<'a> {
    pub title: &'a str,
    pub url: String,
    pub date: String,
}

/// A clause an article cites, printed under it.
#[derive(Serialize)]
pub struct CitationView<'a> {
    /// The statute's full name.
    pub statute: &'a str,
    pub short: &'a str,
    pub number: &'a str,
    /// How the clause is named: 第676条, 第175条之一.
    pub label: String,
    pub url: String,
    /// HTML: the clause's paragraphs.
    pub html: Html,
    /// The text is a summary or a partial quote.
    pub excerpt: bool,
}

/// `statute`, in `law.html`.
#[derive(Serialize)]
pub struct StatuteView<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub short: &'a str,
    pub issuer: &'a str,
    pub adopted: Option<&'a str>,
    pub effective: Option<&'a str>,
    pub source: &'a str,
    pub note: Option<&'a str>,
    /// `现行有效`, `已修改` or `已废止`.
    pub status: &'static str,
    pub in_force: bool,
    pub status_date: Option<&'a str>,
    pub replaced_by: Option<&'a str>,
    /// The document number (`法释〔2014〕8号`), when the file gives one.
    pub identifier: Option<&'a str>,
    pub clauses: Vec<ClauseView<'a>>,
}

/// A clause of a statute page.
#[derive(Serialize)]
pub struct ClauseView<'a> {
    pub number: &'a str,
    /// How the clause is named: 第676条, 第175条之一.
    pub label: String,
    /// Its anchor: `art-676`.
    pub id: String,
    /// HTML: the clause's paragraphs.
    pub html: Html,
    pub excerpt: bool,
    /// The articles citing it.
    pub cited_by: Vec<Link<'a>>,
}

/// `list`, in `index.html` and `list.html` (the home page, a category, a tag).
#[derive(Serialize)]
pub struct ListView<'a> {
    pub heading: Cow<'a, str>,
    /// The category's description (shown on its first page).
    pub intro: &'a str,
    /// On the home page's first page only: the pinned articles (「先看这几篇」) and an
    /// article for each kind of calculator (「算一算」).
    pub start: Vec<Link<'a>>,
    pub calculators: Vec<Link<'a>>,
    /// [`ItemView`]s, made once per article for every list it is on.
    pub items: Vec<Lazy<'a>>,
    pub pager: Pager<'a>,
}

/// An article in a list.
#[derive(Serialize)]
pub struct ItemView<'a> {
    pub title: &'a str,
    pub url: String,
    pub date: String,
    /// The description, else the automatic excerpt.
    pub excerpt: &'a str,
    pub category: Link<'a>,
    pub tags: Vec<Link<'a>>,
    pub minutes: usize,
}

/// The pages of a list.
#[derive(Serialize)]
pub struct Pager<'a> {
    pub current: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// The first, the last and those near the current page.
    pub pages: Vec<Link<'a>>,
}

/// A tag, in `tags.html` (`tags` is the list of them).
#[derive(Serialize)]
pub struct TagView<'a> {
    pub name: &'a str,
    pub url: String,
    pub count: usize,
}

/// `page.ld`, in `json-ld.json`: the page's structured data for search engines.
#[derive(Serialize)]
pub struct LdView<'a> {
    pub article: Option<ArticleLd<'a>>,
    /// On statute pages.
    pub legislation: Option<LegislationLd<'a>>,
    /// The breadcrumbs with absolute URLs.
    pub breadcrumbs: Vec<Link<'a>>,
}

/// An article's schema.org data.
#[derive(Serialize)]
pub struct ArticleLd<'a> {
    pub headline: &'a str,
    pub published: String,
    pub modified: String,
    /// `Person` when the article names its author, else `Organization` (the site).
    pub author_type: &'static str,
    pub author: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    pub url: String,
    /// The day the article was last checked (`lastReviewed` of its web page): its
    /// `checked`, or none.
    pub reviewed: Option<String>,
}

/// A statute's schema.org `Legislation` data.
#[derive(Serialize)]
pub struct LegislationLd<'a> {
    pub name: &'a str,
    /// The document number, else the statute page's absolute URL.
    pub identifier: Cow<'a, str>,
    /// Adopted, else in force from (or none).
    pub date: Option<&'a str>,
    /// `https://schema.org/InForce` or `…/NotInForce` (a `LegalForceStatus`).
    pub legal_force: &'static str,
    pub url: String,
}

/// `urls`, in `sitemap.xml`.
#[derive(Serialize)]
pub struct SitemapUrl {
    /// Absolute.
    pub loc: String,
    pub lastmod: Option<String>,
}

/// `feed`, in `atom.xml`.
#[derive(Serialize)]
pub struct FeedView<'a> {
    /// The feed's own absolute URL.
    pub url: String,
    /// The newest date of an article (`1970-01-01` without articles).
    pub updated: String,
    /// The site's author, else its title.
    pub author: &'a str,
    pub entries: Vec<FeedEntry<'a>>,
}

/// An article of the feed.
#[derive(Serialize)]
pub struct FeedEntry<'a> {
    pub title: &'a str,
    /// Absolute.
    pub url: String,
    pub published: String,
    pub updated: String,
    /// The article's own author, if it names one.
    pub author: Option<&'a str>,
    /// The description, else the automatic excerpt.
    pub summary: &'a str,
}

/// `letter`, in `letter.html`: a letter template's page (issue 27).
#[derive(Serialize)]
pub struct LetterView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// To whom it is sent.
    pub to: &'a str,
    pub date: String,
    /// When the cited law was last checked, if recorded.
    pub checked: Option<String>,
    /// HTML: the guidance before and after the letter.
    pub before: Lazy<'a>,
    pub after: Lazy<'a>,
    pub fields: Vec<LetterFieldView<'a>>,
    /// The letter with every field a blank 「＿＿＿＿（label）」, one string a paragraph
    /// (optional ones marked 「（可选）」): what the page shows without JavaScript.
    pub blank: Vec<String>,
    /// HTML (a JSON text safe inside `<script type="application/json">`): the letter block
    /// and the fields, which `letter.js` fills in.
    pub data: Html,
}

/// A field of a letter's form.
#[derive(Serialize)]
pub struct LetterFieldView<'a> {
    pub name: &'a str,
    /// The control's id: `f-<name>`.
    pub id: String,
    pub label: &'a str,
    /// text, money, date, choice, list or flag.
    pub kind: &'static str,
    pub required: bool,
    pub help: Option<&'a str>,
    pub choices: &'a [String],
    /// The calculator figure it may take over: `penalty.supported`.
    pub from: Option<String>,
}

/// A letter in the index of letters (`letters`, in `letters.html`), or a letter an
/// article's calculator can hand a figure to (`article.letters`).
#[derive(Serialize)]
pub struct LetterLinkView<'a> {
    pub title: &'a str,
    pub url: String,
    pub description: &'a str,
    pub to: &'a str,
    /// For an article: the calculator kind whose figures it takes, and the carry-over
    /// `field=figure label` pairs joined by `;` (read by calc-form.js).
    pub kind: &'static str,
    pub carry: String,
}
