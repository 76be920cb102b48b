//! Links to headings (`other.md#小标题`, `#本文小标题`): each must name a heading the
//! target article really has. The Markdown stage records them as pending; here they are
//! checked against every article's anchors.

use crate::diagnostics::{Problem, ProblemKind, Problems};
use crate::load::Article;
use crate::markdown::{PendingAnchor, Rendered};
use std::collections::HashMap;
use std::path::Path;

/// Article source → the anchors of its headings.
pub type Anchors = HashMap<String, Vec<String>>;

/// The anchors of every article.
pub fn anchor_map(articles: &[Article], rendered: &[Rendered]) -> Anchors {
    articles
        .iter()
        .zip(rendered)
        .map(|(a, r)| (a.source.clone(), r.anchors.clone()))
        .collect()
}

/// Checks links to headings: `pending` of the article `file` against all anchors.
pub fn check_anchors(
    file: &Path,
    pending: &[PendingAnchor],
    anchors: &Anchors,
    problems: &mut Problems,
) {
    for p in pending {
        let ok = p.anchor.starts_with("fn-")
            || p.anchor.starts_with("fnref-")
            || anchors
                .get(&p.target)
                .is_some_and(|s| s.contains(&p.anchor));
        if !ok {
            let mut known: Vec<&str> = anchors
                .get(&p.target)
                .map(|s| s.iter().map(|x| x.as_str()).collect())
                .unwrap_or_default();
            known.sort();
            problems.push(
                Problem::new(
                    ProblemKind::Link,
                    file,
                    format!(
                        "“{}” has no heading with the anchor #{}",
                        p.target, p.anchor
                    ),
                )
                .at(p.line, p.column)
                .help(if known.is_empty() {
                    "that article has no headings; link to the article without #…".to_string()
                } else {
                    format!("its anchors are: {}", known.join(", "))
                }),
            );
        }
    }
}
