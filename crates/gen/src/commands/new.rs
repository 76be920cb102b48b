//! `gen new <category>/<slug>`: writes the skeleton of an article, a draft until the
//! author removes `draft = true`, with the front matter keys and a hint for links and
//! citations.

use std::path::{Path, PathBuf};

/// The skeleton of a new article.
pub fn new_article(content: &Path, spec: &str) -> Result<PathBuf, String> {
    let spec = spec.trim_end_matches(".md");
    let Some((cat, slug)) = spec.split_once('/') else {
        return Err(format!(
            "write the new article as <category>/<slug>, not “{spec}”"
        ));
    };
    if cat.is_empty() || slug.is_empty() || slug.contains('/') || cat == "laws" {
        return Err(format!("“{spec}” is not <category>/<slug>"));
    }
    let dir = content.join(cat);
    let path = dir.join(format!("{slug}.md"));
    if path.exists() {
        return Err(format!("{} already exists", path.display()));
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d");
    let text = format!(
        "+++\ntitle = \"{slug}\"\ndate = {today}\nauthor = \"\"\ntags = []\n# description = \"一句话摘要，用于搜索结果与分享\"\n# checked = {today}\ndraft = true\n+++\n\n在这里写正文。\n\n## 第一个小标题\n\n<!-- 引用法条：[民法典第675条](law:minfadian/675)；链接其他文章：[标题](../其他栏目/文章.md#小标题) -->\n"
    );
    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}
