//! Two things that want the same URL: two articles of one category with the same slug.
//! Reported at the second article, naming the first, instead of one silently replacing
//! the other.

use crate::diagnostics::{Problem, ProblemKind};
use crate::load::Article;
use std::collections::HashMap;
use std::path::PathBuf;

/// Two articles of one category with the same slug.
pub fn duplicate_slugs(articles: &[Article]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut seen: HashMap<(&str, &str), &PathBuf> = HashMap::new();
    for a in articles {
        if let Some(first) = seen.insert((&a.category, &a.meta.slug), &a.file) {
            problems.push(
                Problem::new(
                    ProblemKind::Duplicate,
                    &a.file,
                    format!("the slug “{}” is already used by {}", a.meta.slug, first.display()),
                )
                .at(1, 1)
                .help("give one of the two articles another `slug` in its front matter, or rename the file"),
            );
        }
    }
    problems
}
