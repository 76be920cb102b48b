//! The search index: every published article as a `search::Document` (title, category,
//! headings, the plain text the Markdown stage took from the body, tags, keywords, statute
//! citations) and the synonym table of `content/data/synonyms.txt`, written under `search/` beside the pages by the `search` crate. The
//! end-to-end search tests rank exactly these documents.
//!
//! The documents are given to the crate lazily ([`SiteDocuments`]): each with a key
//! computed without its text, the document itself only when the crate's state (kept
//! beside the output, `output::search_state_path`) has not seen that key at that place,
//! so that a build after one edit makes one article's document, not fifty thousand.

use crate::load::clause_label;
use crate::model::{Entry, LetterEntry, Site};
use crate::output::{GroupSink, Sink};
use std::path::Path;

/// The documents of the index, in the site's order; the letter templates after the
/// articles.
pub fn documents(site: &Site) -> Vec<search::Document<'_>> {
    let articles = site.entries.iter().map(|e| article(site, e));
    articles
        .chain(site.letters.iter().map(|e| letter(site, e)))
        .collect()
}

/// The site's documents as the search crate asks for them: articles, then letters.
pub struct SiteDocuments<'s> {
    site: &'s Site,
    /// Every document's key, made once (in parallel) when the first is asked for.
    keys: std::sync::OnceLock<Vec<u128>>,
}

impl<'s> SiteDocuments<'s> {
    pub fn new(site: &'s Site) -> SiteDocuments<'s> {
        SiteDocuments {
            site,
            keys: std::sync::OnceLock::new(),
        }
    }
}

impl search::Documents for SiteDocuments<'_> {
    fn len(&self) -> usize {
        self.site.entries.len() + self.site.letters.len()
    }

    fn key(&self, i: usize) -> u128 {
        use rayon::prelude::*;
        let site = self.site;
        self.keys.get_or_init(|| {
            let articles = site.entries.par_iter().map(|e| article_key(site, e));
            // Letters are few: made in full.
            let letters = site.letters.par_iter().map(|e| letter(site, e).key());
            articles.chain(letters).collect()
        })[i]
    }

    fn document(&self, i: usize) -> search::Document<'_> {
        match self.site.entries.get(i) {
            Some(e) => article(self.site, e),
            None => letter(self.site, &self.site.letters[i - self.site.entries.len()]),
        }
    }
}

/// The plain text of an article's body, wherever the build keeps it (`output/bodies.rs`):
/// the one place the index reads it. A text the build cannot read again (its file
/// changed under the build) is indexed empty and reported on stderr.
fn body_text<'s>(site: &'s Site, e: &'s Entry) -> std::borrow::Cow<'s, str> {
    site.bodies.read(&e.rendered.text).unwrap_or_else(|| {
        crate::diagnostics::tell(format_args!(
            "warning: {}: the build cache's bodies file changed during the build; build again\n",
            e.article.source
        ));
        std::borrow::Cow::Borrowed("")
    })
}

/// The key of an article's body text (the search state finds the article by it): the
/// text's fingerprint, known without reading it.
fn body_key(e: &Entry) -> u128 {
    e.rendered.text.fingerprint()
}

/// A fingerprint of everything [`article`] makes of `e`: its other fields as they are
/// (so none can be left out), its body by [`body_key`].
fn article_key(site: &Site, e: &Entry) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&article_fields(site, e).key().to_le_bytes());
    h.update(&body_key(e).to_le_bytes());
    h.digest128()
}

fn category(site: &Site, e: &Entry) -> String {
    site.category(&e.article.category)
        .map_or_else(|| e.article.category.clone(), |c| c.name.clone())
}

fn citations(site: &Site, cited: &[(usize, String)]) -> Vec<String> {
    cited
        .iter()
        .map(|(statute, number)| {
            format!("{}{}", site.statutes[*statute].short, clause_label(number))
        })
        .collect()
}

/// An article's document without its body.
fn article_fields(site: &Site, e: &Entry) -> search::Document<'static> {
    let meta = &e.article.meta;
    search::Document {
        url: site.base.href(&e.path),
        title: meta.title.clone(),
        category: category(site, e),
        headings: e.rendered.toc.iter().map(|t| t.text.clone()).collect(),
        body: std::borrow::Cow::Borrowed(""),
        tags: meta.tags.clone(),
        keywords: meta.keywords.clone(),
        citations: citations(site, &e.rendered.citations),
    }
}

fn article<'s>(site: &'s Site, e: &'s Entry) -> search::Document<'s> {
    search::Document {
        body: body_text(site, e),
        ..article_fields(site, e)
    }
}

fn letter<'s>(site: &'s Site, e: &'s LetterEntry) -> search::Document<'s> {
    let l = &e.letter;
    let mut body = format!("{}\n{}\n", l.description, e.before.text);
    body.push_str(e.after.text.here());
    let cited: Vec<(usize, String)> = e
        .before
        .citations
        .iter()
        .chain(&e.after.citations)
        .cloned()
        .collect();
    search::Document {
        url: site.base.href(&e.path),
        title: l.title.clone(),
        category: "文书模板".into(),
        headings: e
            .before
            .toc
            .iter()
            .chain(&e.after.toc)
            .map(|t| t.text.clone())
            .collect(),
        body: std::borrow::Cow::Owned(body),
        tags: Vec::new(),
        keywords: Vec::new(),
        citations: citations(site, &cited),
    }
}

/// Writes the index of `site` through `sink`, unless `sink` (a build's scratch folder)
/// holds the index of the same documents from the last build (the build cache): then
/// its files are kept. With `state` (the search crate's state file beside the output),
/// only the articles whose keys changed since the build that wrote it are indexed again.
/// The build and `serve`'s update after an edit both write it here.
pub fn write(site: &Site, sink: &Sink, state: Option<&Path>) -> Result<(), search::SearchError> {
    let docs = SiteDocuments::new(site);
    let made_from = search::made_from(&docs, &site.synonyms);
    if sink.reuse_group("search", made_from) {
        return Ok(());
    }
    let group = GroupSink {
        sink,
        paths: std::sync::Mutex::new(Vec::new()),
    };
    let prefix = crate::model::routes::Route::Search.path();
    let stats = match (state, crate::output::cache::gen_id()) {
        (Some(path), Some(code)) if crate::output::cache::ours_or_free(path) => {
            let file = search::StateFile { path, code };
            search::build_incremental(&docs, &site.synonyms, &group, &prefix, &file)?
        }
        _ => search::build(&docs, &site.synonyms, &group, &prefix)?,
    };
    if std::env::var_os("SEARCH_TIMINGS").is_some() {
        crate::diagnostics::tell(format_args!(
            "  search: {} ms, {} documents indexed again\n",
            stats.build_millis,
            stats
                .patched
                .map_or_else(|| "all".to_string(), |n| n.to_string())
        ));
    }
    let mut paths = group.paths.into_inner().unwrap_or_else(|e| e.into_inner());
    paths.sort_unstable();
    paths.dedup();
    sink.record_group("search", made_from, paths);
    Ok(())
}
