//! The pages of one thing each: an article (its body, table of contents, cited clauses,
//! related articles, QR code) and a statute (its clauses, each with the articles citing
//! it). `serve` re-renders an article page alone after an edit.

use super::views::{
    ArticleLd, ArticleView, CitationView, ClauseView, Deferred, Lazy, LegislationLd, Link, Markup,
    PageView, RelatedView, StatuteView, TocNode,
};
use super::{date_text, kind_codes, qr::qr_svg, Emit, Renderer};
use crate::diagnostics::Problem;
use crate::load::{clause_anchor, clause_label, Status};
use crate::markdown::TocEntry;
use crate::model::routes::Route;
use crate::model::Entry;
use crate::text::escape_to;
use minijinja::Value;
use std::borrow::Cow;

/// An SVG QR code of a page's absolute URL, made only when the page is rendered: the URL
/// is in the page's view already, so it adds nothing to the page's fingerprint.
struct Qr(String);

impl Deferred for Qr {
    fn value(&self) -> Result<Value, String> {
        Ok(Value::from_safe_string(qr_svg(&self.0)))
    }

    fn fingerprint(&self) -> u128 {
        0
    }
}

/// A statute clause's text as HTML paragraphs.
fn clause_html(paragraphs: &[String]) -> Value {
    let mut h = String::new();
    for p in paragraphs {
        h.push_str("<p>");
        let _ = escape_to(&mut h, p);
        h.push_str("</p>");
    }
    Value::from_safe_string(h)
}

/// The table of contents as a tree: each level-3 heading under the level-2 heading before
/// it (at the top when there is none), so the numbered list counts sections only.
fn toc_tree(toc: &[TocEntry]) -> Vec<TocNode<'_>> {
    let mut tree: Vec<TocNode> = Vec::new();
    for h in toc {
        let node = TocNode {
            id: &h.id,
            text: &h.text,
            children: Vec::new(),
        };
        match tree.last_mut() {
            Some(parent) if h.level > 2 => parent.children.push(node),
            _ => tree.push(node),
        }
    }
    tree
}

impl<'a> Renderer<'a> {
    /// Renders one article page (also used by `serve` to re-render only what changed).
    pub fn article_page(&self, i: usize, out: &dyn Emit) -> Result<(), Problem> {
        let site = self.site;
        let e: &'a Entry = &site.entries[i];
        let a = &e.article;
        let meta = &a.meta;
        let canonical = site.base.abs(&e.path);
        let category = self.category_link(&a.category);
        let crumbs = vec![
            self.home_crumb(),
            category.clone(),
            Link {
                name: Cow::Borrowed("正文"),
                url: String::new(),
            },
        ];
        let description: &str = meta.description.as_deref().unwrap_or(&e.rendered.excerpt);
        let author: &str = meta.author.as_deref().unwrap_or(&site.config.author);
        let ld_author = if author.is_empty() {
            &site.config.title
        } else {
            author
        };
        let ld = super::views::LdView {
            article: Some(ArticleLd {
                headline: &meta.title,
                published: date_text(&meta.date),
                modified: date_text(&a.modified()),
                author_type: if meta.author.is_some() {
                    "Person"
                } else {
                    "Organization"
                },
                author: ld_author,
                description,
                language: &site.config.language,
                url: canonical.clone(),
                reviewed: meta.checked.as_ref().map(date_text),
            }),
            legislation: None,
            breadcrumbs: self.ld_crumbs(&crumbs, &canonical),
        };
        let citations = e
            .rendered
            .citations
            .iter()
            .map(|(si, num)| {
                let s = &site.statutes[*si];
                let c = s.clause(num);
                CitationView {
                    statute: &s.name,
                    short: &s.short,
                    number: num,
                    label: clause_label(num),
                    url: format!(
                        "{}#{}",
                        site.base.href(&Route::Statute(&s.code).path()),
                        clause_anchor(num)
                    ),
                    html: c.map_or_else(
                        || Value::from_safe_string(String::new()),
                        |c| clause_html(&c.paragraphs),
                    ),
                    excerpt: c.is_some_and(|c| c.excerpt),
                }
            })
            .collect();
        let nav = |j: Option<usize>| {
            j.map(|j| Link {
                name: Cow::Borrowed(&site.entries[j].article.meta.title),
                url: site.base.href(&site.entries[j].path),
            })
        };
        let article = ArticleView {
            title: &meta.title,
            url: site.base.href(&e.path),
            permalink: canonical.clone(),
            date: date_text(&meta.date),
            updated: meta.updated.as_ref().map(date_text),
            checked: meta.checked.as_ref().map(date_text),
            author,
            category,
            tags: self.tag_links(&meta.tags),
            minutes: e.minutes,
            chars: e.rendered.chars,
            toc: toc_tree(&e.rendered.toc),
            body: Lazy(Box::new(Markup {
                html: &e.rendered.html,
                bodies: &site.bodies,
            })),
            related: e
                .related
                .iter()
                .map(|&j| {
                    let o = &site.entries[j];
                    RelatedView {
                        title: &o.article.meta.title,
                        url: site.base.href(&o.path),
                        date: date_text(&o.article.meta.date),
                    }
                })
                .collect(),
            prev: nav(e.prev),
            next: nav(e.next),
            qr: Lazy(Box::new(Qr(canonical.clone()))),
            citations,
            calc_script: self
                .calc_scripts
                .get(&kind_codes(&e.rendered.calc_kinds))
                .map(String::as_str),
            letters: self.carry_links(&e.rendered.calc_kinds),
        };
        let page = PageView {
            title: Cow::Borrowed(&meta.title),
            description: Cow::Borrowed(description),
            canonical,
            og_type: "article",
            breadcrumbs: crumbs,
            ld: Some(ld),
            path: Cow::Borrowed(&e.path),
        };
        let path = Route::Article(&e.article.category, &e.article.meta.slug).file();
        self.render_page(
            &path,
            "article.html",
            &page,
            Some(("article", &article)),
            out,
        )
    }

    /// Renders statute `si`'s page.
    pub(super) fn law_page(&self, si: usize, out: &dyn Emit) -> Result<(), Problem> {
        let site = self.site;
        let s = &site.statutes[si];
        let path = Route::Statute(&s.code).path();
        let crumbs = vec![
            self.home_crumb(),
            Link {
                name: Cow::Borrowed(&s.short),
                url: String::new(),
            },
        ];
        let clauses = s
            .clauses
            .iter()
            .map(|c| ClauseView {
                number: &c.number,
                label: clause_label(&c.number),
                id: clause_anchor(&c.number),
                html: clause_html(&c.paragraphs),
                excerpt: c.excerpt,
                cited_by: site
                    .cited_by
                    .get(&(si, c.number.clone()))
                    .map(|v| {
                        v.iter()
                            .map(|&j| Link {
                                name: Cow::Borrowed(&site.entries[j].article.meta.title),
                                url: site.base.href(&site.entries[j].path),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect();
        let statute = StatuteView {
            code: &s.code,
            name: &s.name,
            short: &s.short,
            issuer: &s.issuer,
            adopted: s.adopted.as_deref(),
            effective: s.effective.as_deref(),
            source: &s.source,
            note: s.note.as_deref(),
            status: s.status.label(),
            in_force: s.status == Status::InForce,
            status_date: s.status_date.as_deref(),
            replaced_by: s.replaced_by.as_deref(),
            identifier: s.identifier.as_deref(),
            clauses,
        };
        let mut page = self.website_page(
            Cow::Borrowed(&s.name),
            Cow::Owned(format!("{}（{}）条文及引用本法的文章", s.name, s.issuer)),
            Cow::Owned(path.clone()),
            crumbs,
        );
        if let Some(ld) = &mut page.ld {
            ld.legislation = Some(LegislationLd {
                name: &s.name,
                identifier: s
                    .identifier
                    .as_deref()
                    .map_or_else(|| Cow::Owned(page.canonical.clone()), Cow::Borrowed),
                date: s.adopted.as_deref().or(s.effective.as_deref()),
                legal_force: if s.status == Status::InForce {
                    "https://schema.org/InForce"
                } else {
                    "https://schema.org/NotInForce"
                },
                url: page.canonical.clone(),
            });
        }
        self.render_page(
            &format!("{path}index.html"),
            "law.html",
            &page,
            Some(("statute", &statute)),
            out,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(level: u8, id: &str) -> TocEntry {
        TocEntry {
            level,
            id: id.into(),
            text: id.into(),
        }
    }

    #[test]
    fn sub_sections_nest_under_their_section() {
        let toc = [
            entry(3, "a"),
            entry(2, "b"),
            entry(3, "c"),
            entry(3, "d"),
            entry(2, "e"),
        ];
        let tree = toc_tree(&toc);
        let shape: Vec<(&str, Vec<&str>)> = tree
            .iter()
            .map(|n| (n.id, n.children.iter().map(|c| c.id).collect()))
            .collect();
        assert_eq!(
            shape,
            vec![("a", vec![]), ("b", vec!["c", "d"]), ("e", vec![])]
        );
    }
}
