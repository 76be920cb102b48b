//! The pages that list articles (the home page, each category, each tag; paginated) and
//! the pages of the site itself (the tags index, the search page, 404) and the statutes.

use super::views::{Deferred, ItemView, Lazy, Link, ListView, PageView, Pager, TagView};
use super::{date_text, ser, view_fingerprint, Emit, Renderer};
use crate::diagnostics::Problem;
use crate::model::routes::Route;
use crate::model::tag_path;
use minijinja::Value;
use rayon::prelude::*;
use std::borrow::Cow;

/// Entry `i` as an item of a list ([`ItemView`]): its value and its fingerprint are each
/// made once, for every list it is on.
struct EntryItem<'r, 'a> {
    renderer: &'r Renderer<'a>,
    i: usize,
}

impl Deferred for EntryItem<'_, '_> {
    fn value(&self) -> Result<Value, String> {
        let r = self.renderer;
        Ok(r.items[self.i]
            .get_or_init(|| ser(r.item_view(self.i)))
            .clone())
    }

    fn fingerprint(&self) -> u128 {
        let r = self.renderer;
        *r.item_fingerprints[self.i].get_or_init(|| view_fingerprint(&r.item_view(self.i)))
    }
}

/// What a paginated list shows.
struct List<'l, 'a> {
    template: &'static str,
    /// Its first page (home, a category's or a tag's list); [`Route::page`] gives the others.
    route: Route<'l>,
    title: &'l str,
    description: &'a str,
    crumbs: Vec<Link<'a>>,
    items: &'l [usize],
}

impl<'a> Renderer<'a> {
    /// 「先看这几篇」: the articles pinned in their front matter, by their number.
    fn pinned(&self) -> Vec<Link<'a>> {
        let site = self.site;
        let mut pinned: Vec<(u32, &str, usize)> = site
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| Some((e.article.meta.pinned?, e.path.as_str(), i)))
            .collect();
        pinned.sort();
        pinned
            .into_iter()
            .map(|(_, path, i)| Link {
                name: Cow::Borrowed(site.entries[i].article.meta.title.as_str()),
                url: site.base.href(path),
            })
            .collect()
    }

    /// 「算一算」: for each kind of calculator on the site, the article it leads (its first
    /// block), else the newest that has one.
    fn calculators(&self) -> Vec<Link<'a>> {
        let entries = &self.site.entries;
        calc::Kind::ALL
            .iter()
            .filter_map(|&kind| {
                let e = entries
                    .iter()
                    .find(|e| e.rendered.first_kind == [kind])
                    .or_else(|| {
                        entries
                            .iter()
                            .find(|e| e.rendered.calc_kinds.contains(&kind))
                    })?;
                Some(Link {
                    name: Cow::Borrowed(kind.title()),
                    url: self.site.base.href(&e.path),
                })
            })
            .collect()
    }

    /// The entry `i` as a list item.
    fn item_view(&self, i: usize) -> ItemView<'a> {
        let e = &self.site.entries[i];
        let meta = &e.article.meta;
        ItemView {
            title: &meta.title,
            url: self.site.base.href(&e.path),
            date: date_text(&meta.date),
            excerpt: meta.description.as_deref().unwrap_or(&e.rendered.excerpt),
            category: self.category_link(&e.article.category),
            tags: self.tag_links(&meta.tags),
            minutes: e.minutes,
        }
    }

    /// The home page, the categories' and the tags' lists.
    pub(super) fn list_pages_all(&self, out: &dyn Emit, results: &mut Vec<Result<(), Problem>>) {
        let site = self.site;
        let all: Vec<usize> = (0..site.entries.len()).collect();
        let home = self.home_crumb();
        results.extend(self.list_pages(
            List {
                template: "index.html",
                route: Route::Home(1),
                title: &site.config.title,
                description: &site.config.description,
                crumbs: vec![home.clone()],
                items: &all,
            },
            out,
        ));
        for c in &site.categories {
            let items = site
                .by_category
                .get(&c.dir)
                .map(|v| v.as_slice())
                .unwrap_or(&[]);
            results.extend(self.list_pages(
                List {
                    template: "list.html",
                    route: Route::Category(&c.dir, 1),
                    title: &c.name,
                    description: &c.description,
                    crumbs: vec![home.clone(), self.category_link(&c.dir)],
                    items,
                },
                out,
            ));
        }
        let tag_results: Vec<Vec<Result<(), Problem>>> = site
            .tags
            .par_iter()
            .map(|(t, items)| {
                let route = Route::Tag(t, 1);
                let title = format!("标签：{t}");
                self.list_pages(
                    List {
                        template: "list.html",
                        route,
                        title: &title,
                        description: "",
                        crumbs: vec![
                            home.clone(),
                            Link {
                                name: Cow::Borrowed("标签"),
                                url: site.base.href(&Route::Tags.path()),
                            },
                            Link {
                                name: Cow::Borrowed(t),
                                url: site.base.href(&route.path()),
                            },
                        ],
                        items,
                    },
                    out,
                )
            })
            .collect();
        results.extend(tag_results.into_iter().flatten());
    }

    /// Renders a paginated list: its route's pages 1, 2… (`credit/`, `credit/page/2/`…).
    fn list_pages(&self, list: List<'_, 'a>, out: &dyn Emit) -> Vec<Result<(), Problem>> {
        let List {
            template,
            route,
            title,
            description,
            crumbs,
            items,
        } = list;
        let per = self.site.config.per_page.max(1);
        let total = crate::model::routes::pages(items.len(), per);
        let page_path = |n: usize| route.page(n).path();
        let chunk_of =
            |n: usize| &items[((n - 1) * per).min(items.len())..(n * per).min(items.len())];
        (1..=total)
            .into_par_iter()
            .map(|n| {
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
                let home = template == "index.html" && n == 1;
                let list = ListView {
                    heading: Cow::Owned(page_title.clone()),
                    intro: description,
                    start: if home { self.pinned() } else { Vec::new() },
                    calculators: if home { self.calculators() } else { Vec::new() },
                    items: chunk_of(n)
                        .iter()
                        .map(|&i| Lazy(Box::new(EntryItem { renderer: self, i })))
                        .collect(),
                    pager: Pager {
                        current: n,
                        total,
                        prev: (n > 1).then(|| self.site.base.href(&page_path(n - 1))),
                        next: (n < total).then(|| self.site.base.href(&page_path(n + 1))),
                        pages: (1..=total)
                            .filter(|&k| k == 1 || k == total || k.abs_diff(n) <= 2)
                            .map(|k| Link {
                                name: Cow::Owned(k.to_string()),
                                url: self.site.base.href(&page_path(k)),
                            })
                            .collect(),
                    },
                };
                let description = if description.is_empty() {
                    &self.site.config.description
                } else {
                    description
                };
                let page = self.website_page(
                    Cow::Owned(page_title),
                    Cow::Borrowed(description),
                    Cow::Owned(path.clone()),
                    crumbs,
                );
                self.render_page(
                    &route.page(n).file(),
                    template,
                    &page,
                    Some(("list", &list)),
                    out,
                )
            })
            .collect()
    }

    /// Statute pages, the tags index, the search page and 404: pages that show no excerpt.
    pub(super) fn other_pages(&self, out: &dyn Emit, results: &mut Vec<Result<(), Problem>>) {
        let site = self.site;
        let home = self.home_crumb();
        results.extend((0..site.statutes.len()).map(|i| self.law_page(i, out)));
        // Tags index.
        let tags: Vec<TagView> = site
            .tags
            .iter()
            .map(|(t, v)| TagView {
                name: t,
                url: site.base.href(&tag_path(t)),
                count: v.len(),
            })
            .collect();
        let crumbs = vec![
            home.clone(),
            Link {
                name: Cow::Borrowed("标签"),
                url: String::new(),
            },
        ];
        let page = self.website_page(
            Cow::Borrowed("全部标签"),
            Cow::Owned(format!("{}的全部标签", site.config.title)),
            Cow::Borrowed("tags/"),
            crumbs,
        );
        results.push(self.render_page(
            &Route::Tags.file(),
            "tags.html",
            &page,
            Some(("tags", &tags)),
            out,
        ));
        // The search page: its form and results come from the search crate.
        let page = PageView {
            title: Cow::Borrowed("站内搜索"),
            description: Cow::Owned(format!("搜索{}的全部文章", site.config.title)),
            canonical: site.base.abs(&Route::Search.path()),
            og_type: "website",
            breadcrumbs: vec![
                home,
                Link {
                    name: Cow::Borrowed("搜索"),
                    url: String::new(),
                },
            ],
            ld: None,
            path: Cow::Owned(Route::Search.path()),
        };
        let search = std::collections::BTreeMap::from([
            ("url", site.base.href(&Route::Search.path())),
            ("tags_url", site.base.href(&Route::Tags.path())),
        ]);
        results.push(self.render_page(
            &Route::Search.file(),
            "search.html",
            &page,
            Some(("search", &search)),
            out,
        ));
        let page = PageView {
            title: Cow::Borrowed("页面不存在"),
            description: Cow::Borrowed(""),
            canonical: site.base.abs(&Route::NotFound.path()),
            og_type: "website",
            breadcrumbs: vec![],
            ld: None,
            path: Cow::Owned(Route::NotFound.path()),
        };
        let file = Route::NotFound.file();
        results.push(self.render_page(&file, "404.html", &page, None::<(&str, &())>, out));
    }
}
