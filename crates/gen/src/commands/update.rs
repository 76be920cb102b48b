//! `serve`'s incremental update: an edited article is re-rendered alone when nothing that
//! other pages show has changed — the same front matter (compared whole, so a new key
//! cannot be forgotten), headings, citations and calculator script — and with its list
//! pages too when only its excerpt or reading time changed. Anything else asks for a
//! full build.

use super::build::Built;
use crate::check;
use crate::diagnostics::Problems;
use crate::load::{self, Article};
use crate::markdown;
use crate::model::reading_minutes;
use crate::output::{Folder, Sink};
use crate::render::{search_index, Renderer};
use std::path::Path;

impl Built {
    /// Re-renders the article at `path` alone when only its body changed in a way that no
    /// other page shows (same front matter, excerpt, headings, citations and reading time).
    /// `None`: a full rebuild is needed. `Some(Err)`: the edit has problems (nothing written).
    /// `Some(Ok)`: the page was written; the warnings of its body, as a build gives them.
    pub fn update_article(
        &mut self,
        path: &Path,
        out: &Path,
    ) -> Option<Result<Problems, Problems>> {
        let root = self.content_root.canonicalize().ok()?;
        let abs = path.canonicalize().ok()?;
        let rel = abs.strip_prefix(&root).ok()?;
        let source = rel.to_string_lossy().replace('\\', "/");
        let i = self
            .site
            .entries
            .iter()
            .position(|e| e.article.source == source)?;
        let old = &self.site.entries[i].article;
        let text = match load::read_text(&abs, &old.file) {
            Ok(t) => t,
            Err(p) => return Some(Err(p.into())),
        };
        // A front matter with problems: the full build reports them with the body's.
        let new = load::parse_article(&text, &old.file, &source, &old.category).ok()?;
        if new.meta != old.meta {
            return None;
        }
        let site = &self.site;
        let ctx = self
            .targets
            .context(&site.statutes, &site.base.path, &site.config);
        let (r, ps) = markdown::render(&new.body, &source, &new.file, new.body_line, &ctx);
        let mut problems = Problems(ps);
        // The edited article's own anchors count for links within it.
        let previous = self.anchors.insert(source.clone(), r.anchors.clone());
        check::check_anchors(&new.file, &r.pending, &self.anchors, &mut problems);
        if let Some(prev) = previous {
            self.anchors.insert(source.clone(), prev);
        }
        if problems.has_errors() {
            return Some(Err(problems.sorted()));
        }
        let e = &self.site.entries[i];
        if r.anchors != e.rendered.anchors
            || r.citations != e.rendered.citations
            || (r.calculators > 0) != (e.rendered.calculators > 0)
            || r.calc_kinds != e.rendered.calc_kinds
            || r.first_kind != e.rendered.first_kind
        {
            return None;
        }
        // A new excerpt or reading time shows on list pages and in the feed too.
        let lists = (new.meta.description.is_none() && r.excerpt != e.rendered.excerpt)
            || reading_minutes(r.chars) != e.minutes;
        let e = &mut self.site.entries[i];
        e.minutes = reading_minutes(r.chars);
        e.rendered = r;
        e.article = Article {
            body: String::new(),
            ..new
        };
        let folder = match Folder::live(out) {
            Ok(f) => f,
            Err(p) => return Some(Err(Problems(vec![p]))),
        };
        let sink = Sink::Dir(&folder);
        let result =
            Renderer::new(&self.site, &self.theme, &Sink::Discard).and_then(|(renderer, _)| {
                if lists {
                    renderer.only(i).render_all(&sink).map(|_| ())
                } else {
                    renderer.article_page(i, &sink).map_err(|p| vec![p])
                }
            });
        Some(result.map(|()| problems.sorted()).map_err(Problems))
    }

    /// Writes the search index again into `out` after [`Built::update_article`]: only the
    /// files that changed are rewritten (the edited article's and some postings).
    pub fn update_search(&self, out: &Path) -> Result<(), search::SearchError> {
        let folder = Folder::live(out).map_err(|p| {
            search::SearchError::Io(out.to_path_buf(), std::io::Error::other(p.to_string()))
        })?;
        search_index::write(&self.site, &Sink::Dir(&folder), None)
    }

    /// The documents of the search index, as the build wrote them.
    pub fn search_documents(&self) -> Vec<search::Document<'_>> {
        search_index::documents(&self.site)
    }

    /// The synonym table the search index was built with (`content/data/synonyms.txt`).
    pub fn synonyms(&self) -> &search::Synonyms {
        &self.site.synonyms
    }
}
