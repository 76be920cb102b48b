//! The Markdown stage's tests: whole bodies rendered with a small site around them.

use super::*;
use crate::load::Clause;

fn ctx_render(body: &str) -> (Rendered, Vec<Problem>) {
    let mut articles = HashMap::new();
    articles.insert("credit/other.md".to_string(), "credit/other/".to_string());
    articles.insert("loan/还款.md".to_string(), "loan/还款/".to_string());
    let statutes = vec![Statute {
        code: "minfadian".into(),
        name: "中华人民共和国民法典".into(),
        short: "民法典".into(),
        issuer: String::new(),
        adopted: None,
        effective: None,
        source: String::new(),
        note: None,
        clauses: vec![Clause {
            number: "675".into(),
            paragraphs: vec!["借款人应当按照约定的期限返还借款。".into()],
            excerpt: false,
            line: 1,
        }],
        file: "laws/minfadian.toml".into(),
    }];
    let assets: std::collections::HashSet<String> = ["credit/img/a.png".to_string()].into();
    let mut idx = HashMap::new();
    idx.insert("minfadian".to_string(), 0);
    idx.insert("民法典".to_string(), 0);
    let ctx = LinkContext {
        articles: &articles,
        statute_index: &idx,
        statutes: &statutes,
        base_path: "/guide/",
        raw_html: false,
        excerpt_chars: 20,
        assets: &assets,
        drafts: &[],
    };
    render(
        body,
        "credit/this.md",
        Path::new("content/credit/this.md"),
        5,
        &ctx,
    )
}

#[test]
fn cjk_bold_and_line_breaks() {
    let (r, p) = ctx_render("**逾期了。**后文\n中文换行\nand English\nwords\n");
    assert!(p.is_empty());
    assert!(
        r.html.contains("<strong>逾期了。</strong>后文中文换行"),
        "{}",
        r.html
    );
    assert!(r.html.contains("and English\nwords"), "{}", r.html);
}

#[test]
fn headings_keep_chinese_and_shift() {
    let (r, _) = ctx_render("# 逾期 利息？\n\n## 逾期 利息？\n");
    assert!(
        r.html.contains("<h2 id=\"逾期-利息\">逾期 利息？</h2>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<h3 id=\"逾期-利息-1\">"), "{}", r.html);
    assert_eq!(r.toc.len(), 2);
}

#[test]
fn links_rewritten_and_checked() {
    let (r, p) = ctx_render("见[另文](other.md#x)和[还款](../loan/还款.md)及[缺](../nope.md)\n");
    assert!(
        r.html.contains("href=\"/guide/credit/other/#x\""),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("href=\"/guide/loan/%E8%BF%98%E6%AC%BE/\""),
        "{}",
        r.html
    );
    assert_eq!(p.len(), 1);
    assert_eq!((p[0].line, p[0].column), (5, 39));
    assert_eq!(r.pending[0].anchor, "x");
}

#[test]
fn citations() {
    let (r, p) = ctx_render("依据[民法典第675条](law:minfadian/675)、[x](law:民法典/675)\n\n[y](law:minfadian/9)\n[z](law:xingfa/1)\n");
    assert!(
        r.html.contains("href=\"/guide/laws/minfadian/#art-675\""),
        "{}",
        r.html
    );
    assert_eq!(r.citations.len(), 1);
    assert_eq!(p.len(), 2, "{p:?}");
    assert_eq!(p[0].line, 7);
}

#[test]
fn files_and_root_relative_links() {
    let (r, p) = ctx_render("![图](img/a.png) [x](/about/) ![缺](nope.png)\n");
    assert!(
        r.html.contains("src=\"/guide/credit/img/a.png\""),
        "{}",
        r.html
    );
    assert!(r.html.contains("href=\"/guide/about/\""), "{}", r.html);
    assert_eq!(p.len(), 1, "{p:?}");
}

#[test]
fn raw_html_is_off() {
    let (r, _) = ctx_render("<script>alert(1)</script>\n\n<b>x</b>\n");
    assert!(!r.html.contains("<script>"));
    assert!(!r.html.contains("<b>"));
}

#[test]
fn calculator_errors_located() {
    let (_, p) =
        ctx_render("text\n\n```calculator nope\na = 1\n```\n\n```calculator grace\na = [\n```\n");
    assert_eq!(p.len(), 2, "{p:?}");
    assert_eq!(p[0].line, 7);
    assert!(p[1].line >= 11, "{p:?}");
}

#[test]
fn excerpt_and_count() {
    let (r, _) = ctx_render("## 标题\n\n一二三四五六七八九十一二三四五六七八九十一二三\n");
    assert_eq!(r.excerpt, "一二三四五六七八九十一二三四五六七八九十…");
    assert_eq!(r.chars, 25);
}
