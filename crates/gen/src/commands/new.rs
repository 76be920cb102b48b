//! `gen new <category>/<slug>`: writes the skeleton of an article, a draft until the
//! author removes `draft = true`, with the front matter keys and a hint for links and
//! citations. It refuses a name the build would refuse.

use crate::load::{category_problem, slug_problem, unwritable_name};
use std::path::{Path, PathBuf};

/// The skeleton of a new article. Refuses a category or slug the build would refuse,
/// and writes the title through the TOML serializer, so any name gives valid TOML.
pub fn new_article(content: &Path, spec: &str) -> Result<PathBuf, String> {
    let spec = spec.strip_suffix(".md").unwrap_or(spec);
    let Some((cat, slug)) = spec.split_once('/') else {
        return Err(format!(
            "write the new article as <category>/<slug>, not “{spec}”"
        ));
    };
    if slug.contains('/') {
        return Err(format!("“{spec}” is not <category>/<slug>"));
    }
    let file_name = format!("{slug}.md");
    let why = category_problem(cat)
        .or_else(|| slug_problem(slug))
        .or_else(|| unwritable_name(&file_name).map(|w| format!("the file name {w}")));
    if let Some(why) = why {
        return Err(format!("“{}”: {why}", spec.escape_debug()));
    }
    let dir = content.join(cat);
    let path = dir.join(&file_name);
    if std::fs::symlink_metadata(&path).is_ok() {
        return Err(format!("{} already exists", path.display()));
    }
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d");
    let title = toml::Value::String(slug.to_string()).to_string();
    let text = format!(
        "+++\ntitle = {title}\ndate = {today}\nauthor = \"\"\ntags = []\n# description = \"一句话摘要，用于搜索结果与分享\"\n# checked = {today}\ndraft = true\n+++\n\n在这里写正文。\n\n## 第一个小标题\n\n<!-- 引用法条：[民法典第675条](law:minfadian/675)；链接其他文章：[标题](../其他栏目/文章.md#小标题) -->\n"
    );
    if let Some(why) = address_problem(content, cat, &path, &text) {
        return Err(format!("“{}”: {why}", spec.escape_debug()));
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    // create_new: never replaces a file (or writes through a link) made meanwhile.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// Why the build would refuse the new article once it is published (its draft flag
/// removed), if it would: the build's own front-matter parser and address checks
/// (`check::duplicate_slugs`, `check::check_addresses`) run on the content folder with the
/// article in it, so `overdue/index.html` (the category's own page) is refused as the
/// build refuses it.
fn address_problem(content: &Path, cat: &str, path: &Path, text: &str) -> Option<String> {
    let file_name = path.file_name()?.to_string_lossy();
    let source = format!("{cat}/{file_name}");
    let article = match crate::load::parse_article(text, path, &source, cat) {
        Ok(a) => a,
        Err(problems) => return problems.into_iter().next().map(|p| p.message),
    };
    let (mut loaded, _) = crate::load::load(content, true);
    if !loaded.categories.iter().any(|c| c.dir == cat) {
        let meta = crate::load::CategoryMeta::default();
        loaded
            .categories
            .push(crate::load::Category::new(cat.into(), meta));
    }
    loaded.articles.push(article);
    let shown = |p: &Path| p.to_path_buf();
    crate::check::duplicate_slugs(&loaded.articles)
        .into_iter()
        .chain(crate::check::check_addresses(&loaded, &shown))
        .find(|p| p.file == path)
        .map(|p| p.message)
}
