//! `gen new <category>/<slug>`: writes the skeleton of an article, a draft until the
//! author removes `draft = true`, with the front matter keys and a hint for links and
//! citations. It refuses a name the build would refuse, and a category that does not
//! exist unless asked to start one (a misspelt category would otherwise become a new,
//! English-named item leading the navigation).

use crate::load::{category_problem, slug_problem, unwritable_name};
use std::path::{Path, PathBuf};

/// The skeleton of a new article. Refuses a category or slug the build would refuse,
/// and writes the title through the TOML serializer, so any name gives valid TOML. A
/// category folder that does not exist is refused, unless `create_category`: then it is
/// made with a `_category.toml` whose Chinese name the author fills in.
pub fn new_article(content: &Path, spec: &str, create_category: bool) -> Result<PathBuf, String> {
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
    let new_category = !dir.is_dir();
    if new_category && !create_category {
        let mut known: Vec<String> = std::fs::read_dir(content)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().join("_category.toml").is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        known.sort();
        return Err(format!(
            "there is no category “{cat}” in {} (categories: {}); to start a new one, run again with --create-category",
            content.display(),
            known.join(", ")
        ));
    }
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d");
    let title = toml::Value::String(slug.to_string()).to_string();
    let text = format!(
        "+++\ntitle = {title}\ndate = {today}\nauthor = \"\"\ntags = []\n# description = \"一句话摘要，用于搜索结果与分享\"\n# 核对过本文依据的法律后，再去掉下一行的 # 并写上核对的日期：页面会显示“本文内容最后核对于”这一天。\n# checked = {today}\ndraft = true\n+++\n\n在这里写正文。\n\n## 第一个小标题\n\n<!-- 引用法条：[民法典第675条](law:minfadian/675)；链接其他文章：[标题](../其他栏目/文章.md#小标题) -->\n"
    );
    if let Some(why) = address_problem(content, cat, &path, &text) {
        return Err(format!("“{}”: {why}", spec.escape_debug()));
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    if new_category {
        let meta = dir.join("_category.toml");
        std::fs::write(
            &meta,
            "# 栏目名称：显示在导航和栏目页标题中。请填写中文名称（留空则显示文件夹名）。\nname = \"\"\n# 一两句话说明这个栏目讲什么（显示在栏目页）。\ndescription = \"\"\n# 在导航中的位置：数字小的在前。\norder = 99\n",
        )
        .map_err(|e| format!("cannot write {}: {e}", meta.display()))?;
    }
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
