//! Two things that want the same URL: two articles of one category with the same slug,
//! or any two of the site's files and folders — a category, slug or tag named like a
//! generated file, an asset where a page goes (issue 10). Reported at the content that
//! claims the address, instead of one silently replacing the other.

use crate::diagnostics::{Problem, ProblemKind};
use crate::load::{Article, Content, GENERATED_FILES};
use crate::model::routes::Route;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

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

/// Who would write a file or folder of the site: gen itself (`at` is `None`) or a piece
/// of content (its file and line, where the problem is reported).
struct Owner {
    what: String,
    at: Option<(PathBuf, usize)>,
}

/// Finds the addresses of the site that two things would be written to: a category,
/// slug or tag named like a generated file (`index.html`, `atom.xml`), an asset where a
/// page goes, a page inside a folder gen writes alone (`static/`). Each claims its files
/// (and gen's own folders); a path claimed twice, or claimed as a file and also as a
/// folder above another file, is a problem at the content that claims it.
pub fn check_addresses(content: &Content, shown: &dyn Fn(&Path) -> PathBuf) -> Vec<Problem> {
    let mut owners: Vec<Owner> = Vec::new();
    // (site path, whether it is a folder claimed whole, owner)
    let mut claims: Vec<(String, bool, usize)> = Vec::new();
    let mut claim = |owners: &mut Vec<Owner>, owner: Owner, paths: &[(String, bool)]| {
        owners.push(owner);
        for (path, folder) in paths {
            claims.push((path.clone(), *folder, owners.len() - 1));
        }
    };
    let generated = |what: &str| Owner {
        what: format!("gen's {what}"),
        at: None,
    };
    for f in GENERATED_FILES {
        claim(
            &mut owners,
            generated(&format!("file {f}")),
            &[(f.to_string(), false)],
        );
    }
    let folders = [
        Route::Static("").path(),
        Route::Calc("").path(),
        Route::Search.path(),
        Route::Home(1).pages_folder().unwrap_or_default(),
    ];
    for f in folders {
        let f = f.trim_end_matches('/');
        claim(
            &mut owners,
            generated(&format!("folder {f}/")),
            &[(f.to_string(), true)],
        );
    }
    claim(
        &mut owners,
        generated("tags page"),
        &[(Route::Tags.file(), false)],
    );
    for c in &content.categories {
        let folder = content.root.join(&c.dir);
        claim(
            &mut owners,
            Owner {
                what: format!("the category {}/", c.dir),
                at: Some((shown(&folder), 0)),
            },
            &[
                (Route::Category(&c.dir, 1).file(), false),
                (
                    Route::Category(&c.dir, 1)
                        .pages_folder()
                        .unwrap_or_default(),
                    true,
                ),
            ],
        );
    }
    let mut tags: HashMap<&str, &Article> = HashMap::new();
    for a in &content.articles {
        claim(
            &mut owners,
            Owner {
                what: format!("the article {}", a.source),
                at: Some((a.file.clone(), a.slug_line)),
            },
            &[(Route::Article(&a.category, &a.meta.slug).file(), false)],
        );
        for t in &a.meta.tags {
            tags.entry(t.as_str()).or_insert(a);
        }
    }
    let mut tags: Vec<(&str, &Article)> = tags.into_iter().collect();
    tags.sort_by_key(|(t, _)| *t);
    for (t, a) in tags {
        claim(
            &mut owners,
            Owner {
                what: format!("the tag “{t}”"),
                at: Some((a.file.clone(), a.tags_line)),
            },
            &[
                (Route::Tag(t, 1).file(), false),
                (Route::Tag(t, 1).pages_folder().unwrap_or_default(), true),
            ],
        );
    }
    for s in &content.statutes {
        claim(
            &mut owners,
            Owner {
                what: format!("the statute {}", s.code),
                at: Some((s.file.clone(), 0)),
            },
            &[(Route::Statute(&s.code).file(), false)],
        );
    }
    for (rel, path) in &content.assets {
        claim(
            &mut owners,
            Owner {
                what: format!("the file {rel}"),
                at: Some((shown(path), 0)),
            },
            &[(rel.clone(), false)],
        );
    }
    let mut by_path: HashMap<&str, Vec<(bool, usize)>> = HashMap::new();
    for (path, folder, owner) in &claims {
        by_path.entry(path).or_default().push((*folder, *owner));
    }
    let mut problems = Vec::new();
    let mut clash = |a: usize, b: usize, path: &str| {
        for (me, other) in [(a, b), (b, a)] {
            if let Some((file, line)) = &owners[me].at {
                problems.push(
                    Problem::new(
                        ProblemKind::Duplicate,
                        file,
                        format!(
                            "{} and {} would be published at the same address /{path}",
                            owners[me].what, owners[other].what
                        ),
                    )
                    .at(*line, usize::from(*line > 0))
                    .help("rename the folder or file, or give the article another `slug` or tag"),
                );
            }
        }
    };
    for (path, folder, owner) in &claims {
        // The same path twice.
        if let Some(first) = by_path[path.as_str()].iter().find(|(_, o)| o != owner) {
            clash(first.1, *owner, path);
        }
        // A file or a gen-only folder above this path.
        if *folder {
            continue;
        }
        let mut above = path.as_str();
        while let Some((dir, _)) = above.rsplit_once('/') {
            // A file there, or a folder gen writes alone, leaves no room for this path.
            for (_, other) in by_path.get(dir).map(|v| v.as_slice()).unwrap_or(&[]) {
                if other != owner {
                    clash(*other, *owner, dir);
                }
            }
            above = dir;
        }
    }
    problems
}
