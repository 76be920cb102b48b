//! Shared by the quality test and the benchmark: the corpus (content/ and tests/fixture/
//! as `Document`s) and the query table. The same table runs in Chromium on the site `gen`
//! builds: `tests/search.rs` at the workspace root.
#![allow(dead_code)]

use search::Document;
use std::path::{Path, PathBuf};

pub const BASE: &str = "/guide/";

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One row of tests/queries.toml.
pub struct Query {
    pub q: String,
    pub expect: Vec<String>,
    pub kind: String,
}

pub fn queries() -> Vec<Query> {
    let text = std::fs::read_to_string(manifest_dir().join("tests/queries.toml")).unwrap();
    let v: toml::Table = text.parse().unwrap();
    v["query"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| Query {
            q: r["q"].as_str().unwrap().to_string(),
            expect: r["expect"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e.as_str().unwrap().to_string())
                .collect(),
            kind: r.get("kind").and_then(|k| k.as_str()).unwrap_or("").into(),
        })
        .collect()
}

/// The article's slug (`overdue/first-day`) from its url.
pub fn slug_of(url: &str) -> String {
    url.trim_start_matches(BASE)
        .trim_end_matches('/')
        .to_string()
}

/// content/**/*.md of the repository, then tests/fixture/**/*.md.
pub fn corpus() -> Vec<Document<'static>> {
    let root = manifest_dir();
    let mut docs = Vec::new();
    let content = root.join("../../content");
    load_dir(&content, &content, &mut docs);
    load_dir(&root.join("tests/fixture"), &content, &mut docs);
    docs
}

fn load_dir(dir: &Path, content: &Path, docs: &mut Vec<Document<'static>>) {
    let Ok(cats) = std::fs::read_dir(dir) else {
        return;
    };
    let mut cats: Vec<_> = cats.flatten().map(|e| e.path()).collect();
    cats.sort();
    for cat in cats.into_iter().filter(|p| p.is_dir()) {
        let cat_slug = cat.file_name().unwrap().to_string_lossy().to_string();
        let category = category_name(&content.join(&cat_slug)).unwrap_or(cat_slug.clone());
        let mut files: Vec<_> = std::fs::read_dir(&cat)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        files.sort();
        for f in files {
            let slug = f.file_stem().unwrap().to_string_lossy().to_string();
            let text = std::fs::read_to_string(&f).unwrap();
            let mut d = parse_article(&text);
            d.url = format!("{BASE}{cat_slug}/{slug}/");
            d.category = category.clone();
            docs.push(d);
        }
    }
}

fn category_name(dir: &Path) -> Option<String> {
    let t: toml::Table = std::fs::read_to_string(dir.join("_category.toml"))
        .ok()?
        .parse()
        .ok()?;
    Some(t.get("name")?.as_str()?.to_string())
}

/// Front matter (title, tags), `## ` headings, `[text](law:…)` citations, crude plain text.
pub fn parse_article(text: &str) -> Document<'static> {
    let mut d = Document::default();
    let mut rest = text;
    if let Some(after) = text.strip_prefix("+++") {
        if let Some(end) = after.find("\n+++") {
            let fm: toml::Table = after[..end].parse().unwrap();
            d.title = fm["title"].as_str().unwrap().to_string();
            if let Some(tags) = fm.get("tags").and_then(|t| t.as_array()) {
                d.tags = tags
                    .iter()
                    .filter_map(|t| t.as_str().map(str::to_string))
                    .collect();
            }
            rest = &after[end + 4..];
        }
    }
    let mut body = String::new();
    let mut fence = false;
    for line in rest.lines() {
        let l = line.trim();
        if l.starts_with("```") {
            fence = !fence;
            continue;
        }
        if fence {
            continue;
        }
        let (l, heading) = match l.trim_start_matches('#') {
            h if h.len() < l.len() => (h.trim(), true),
            _ => (l, false),
        };
        let l = l
            .trim_start_matches(['-', '*', '>', '|'])
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start_matches(". ")
            .trim();
        let plain = inline_text(l, &mut d.citations);
        if heading {
            d.headings.push(plain.clone());
        }
        if !plain.is_empty() {
            body.push_str(&plain);
            body.push('\n');
        }
    }
    d.body = body.into();
    d
}

/// Links to their text, emphasis and code marks removed; law links' texts collected.
fn inline_text(l: &str, citations: &mut Vec<String>) -> String {
    let mut out = String::new();
    let mut s = l;
    while let Some(open) = s.find('[') {
        out.push_str(&s[..open]);
        let after = &s[open + 1..];
        match (after.find("]("), after.find(')')) {
            (Some(close), Some(paren)) if paren > close => {
                let text = &after[..close];
                let target = &after[close + 2..paren];
                if target.starts_with("law:") && !citations.iter().any(|c| c == text) {
                    citations.push(text.to_string());
                }
                out.push_str(text);
                s = &after[paren + 1..];
            }
            _ => {
                out.push('[');
                s = after;
            }
        }
    }
    out.push_str(s);
    out.replace(['*', '`', '|'], "")
}
