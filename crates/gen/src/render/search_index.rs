//! The search index: every published article as a `search::Document` (title, category,
//! headings, the plain text the Markdown stage took from the body, tags, keywords, statute
//! citations) and the synonym table of `content/data/synonyms.txt`, written under `search/` beside the pages by the `search` crate. The
//! end-to-end search tests rank exactly these documents.

use crate::load::clause_label;
use crate::model::Site;
use crate::output::{GroupSink, Sink};

/// The documents of the index, in the site's order; the letter templates after the
/// articles.
pub fn documents(site: &Site) -> Vec<search::Document<'_>> {
    let mut docs = articles(site);
    docs.extend(site.letters.iter().map(|e| {
        let l = &e.letter;
        let mut body = format!("{}\n{}\n", l.description, e.before.text);
        body.push_str(e.after.text.here());
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
            citations: e
                .before
                .citations
                .iter()
                .chain(&e.after.citations)
                .map(|(statute, number)| {
                    format!("{}{}", site.statutes[*statute].short, clause_label(number))
                })
                .collect(),
        }
    }));
    docs
}

/// An article's plain text, wherever the build keeps it (see `output/bodies.rs`): the one
/// place the search index reads it. A text the build checked and then cannot read again
/// (its file changed under the build) is indexed empty and reported on stderr.
fn text_of<'s>(site: &'s Site, e: &'s crate::model::Entry) -> std::borrow::Cow<'s, str> {
    site.bodies.read(&e.rendered.text).unwrap_or_else(|| {
        crate::diagnostics::tell(format_args!(
            "warning: {}: the build cache's bodies file changed during the build; build again\n",
            e.article.source
        ));
        std::borrow::Cow::Borrowed("")
    })
}

fn articles(site: &Site) -> Vec<search::Document<'_>> {
    site.entries
        .iter()
        .map(|e| {
            let meta = &e.article.meta;
            let category = site
                .category(&e.article.category)
                .map_or_else(|| e.article.category.clone(), |c| c.name.clone());
            search::Document {
                url: site.base.href(&e.path),
                title: meta.title.clone(),
                category,
                headings: e.rendered.toc.iter().map(|t| t.text.clone()).collect(),
                body: text_of(site, e),
                tags: meta.tags.clone(),
                keywords: meta.keywords.clone(),
                citations: e
                    .rendered
                    .citations
                    .iter()
                    .map(|(statute, number)| {
                        format!("{}{}", site.statutes[*statute].short, clause_label(number))
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Writes the index of `site` through `sink`, unless `sink` (a build's scratch folder)
/// holds the index of the same documents from the last build (the build cache): then
/// its files are kept. The build and `serve`'s update after an edit both write it here.
pub fn write(site: &Site, sink: &Sink) -> Result<(), search::SearchError> {
    let t = std::time::Instant::now();
    let docs = documents(site);
    if std::env::var_os("SEARCH_TIMINGS").is_some() {
        crate::diagnostics::tell(format_args!("  search documents: {:.3?}\n", t.elapsed()));
    }
    let made_from = search::made_from(&docs, &site.synonyms);
    if sink.reuse_group("search", made_from) {
        return Ok(());
    }
    let group = GroupSink {
        sink,
        paths: std::sync::Mutex::new(Vec::new()),
    };
    search::build(
        &docs,
        &site.synonyms,
        &group,
        &crate::model::routes::Route::Search.path(),
    )?;
    let paths = group.paths.into_inner().unwrap_or_else(|e| e.into_inner());
    sink.record_group("search", made_from, paths);
    Ok(())
}
