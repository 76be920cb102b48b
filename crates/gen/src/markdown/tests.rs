//! The Markdown stage's tests: whole bodies rendered with a small site around them.

use super::*;
use crate::load::Clause;

fn ctx_render(body: &str) -> (Rendered, Vec<Problem>) {
    ctx_render_on(body, "2026-04-01")
}

fn ctx_render_on(body: &str, today: &str) -> (Rendered, Vec<Problem>) {
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
        ..Default::default()
    }];
    let assets: std::collections::HashSet<String> = ["credit/img/a.png".to_string()].into();
    let mut idx = HashMap::new();
    idx.insert("minfadian".to_string(), 0);
    idx.insert("民法典".to_string(), 0);
    let data = PageData::new(calc::Data::builtin().clone());
    let addresses: std::collections::BTreeSet<String> =
        ["about/".to_string(), "credit/x/".to_string()].into();
    let ctx = LinkContext {
        articles: &articles,
        statute_index: &idx,
        statutes: &statutes,
        base_path: "/guide/",
        raw_html: false,
        excerpt_chars: 20,
        assets: &assets,
        drafts: &[],
        addresses: &addresses,
        data: Some(&data),
        data_failed: false,
        today: today.parse().unwrap(),
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
        r.html
            .here()
            .contains("<strong>逾期了。</strong>后文中文换行"),
        "{}",
        r.html
    );
    assert!(r.html.here().contains("and English\nwords"), "{}", r.html);
}

#[test]
fn headings_keep_chinese_and_shift() {
    let (r, _) = ctx_render("# 逾期 利息？\n\n## 逾期 利息？\n");
    assert!(
        r.html
            .here()
            .contains("<h2 id=\"逾期-利息\">逾期 利息？</h2>"),
        "{}",
        r.html
    );
    assert!(
        r.html.here().contains("<h3 id=\"逾期-利息-1\">"),
        "{}",
        r.html
    );
    assert_eq!(r.toc.len(), 2);
}

#[test]
fn links_rewritten_and_checked() {
    let (r, p) = ctx_render("见[另文](other.md#x)和[还款](../loan/还款.md)及[缺](../nope.md)\n");
    assert!(
        r.html.here().contains("href=\"/guide/credit/other/#x\""),
        "{}",
        r.html
    );
    assert!(
        r.html
            .here()
            .contains("href=\"/guide/loan/%E8%BF%98%E6%AC%BE/\""),
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
        r.html
            .here()
            .contains("href=\"/guide/laws/minfadian/#art-675\""),
        "{}",
        r.html
    );
    assert_eq!(r.citations.len(), 1);
    assert_eq!(p.len(), 2, "{p:?}");
    assert_eq!(p[0].line, 7);
}

#[test]
fn files_and_root_relative_links() {
    let (r, p) =
        ctx_render("![图](img/a.png) [x](/about/) ![缺](nope.png) [y](/about) [z](/credit/y/)\n");
    assert!(
        r.html.here().contains("src=\"/guide/credit/img/a.png\""),
        "{}",
        r.html
    );
    assert!(
        r.html.here().contains("href=\"/guide/about/\""),
        "{}",
        r.html
    );
    // A missing file, and a `/` link to no address: with the nearest one.
    assert_eq!(p.len(), 2, "{p:?}");
    assert!(
        p[1].message.contains("“/credit/y/”") && p[1].help.contains("/credit/x/"),
        "{p:?}"
    );
}

#[test]
fn raw_html_is_off() {
    let (r, _) = ctx_render("<script>alert(1)</script>\n\n<b>x</b>\n");
    assert!(!r.html.here().contains("<script>"));
    assert!(!r.html.here().contains("<b>"));
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

#[test]
fn passages_valid_until_a_date() {
    let body =
        "前文。\n\n> [!until 2026-03-31]\n> 2026年3月31日前还清的可以**自动**修复。\n\n后文。\n";
    // On the last day: a note with the date, and the passage recorded for the check stage
    // at the marker's file line (body line 3, file line 3 + 5 - 1).
    let (r, p) = ctx_render_on(body, "2026-03-31");
    assert!(p.is_empty(), "{p:?}");
    assert!(
        r.html.here().contains("<div class=\"until-passage\" data-until=\"2026-03-31\"><p class=\"until-note\">以下内容适用到2026年3月31日。</p>\n<blockquote>\n<p>2026年3月31日前还清的可以<strong>自动</strong>修复。</p>\n</blockquote>\n</div>"),
        "{}",
        r.html
    );
    assert!(!r.html.here().contains("[!until"), "{}", r.html);
    assert_eq!(r.until, vec![("2026-03-31".parse().unwrap(), 7)]);
    // The day after: the note says the date has passed.
    let (r, _) = ctx_render_on(body, "2026-04-01");
    assert!(
        r.html.here().contains("until-passage expired"),
        "{}",
        r.html
    );
    assert!(r.html.here().contains("这个日期已经过去"), "{}", r.html);
    // The marker on the same line as the text, in capitals; a bad date is an error.
    let (r, p) = ctx_render_on("> [!UNTIL 2026-03-31] 限时政策。\n", "2026-01-01");
    assert!(p.is_empty(), "{p:?}");
    assert!(
        r.html.here().contains("<blockquote>\n<p>限时政策。</p>"),
        "{}",
        r.html
    );
    let (_, p) = ctx_render_on("> [!until 2026-02-30]\n> x\n", "2026-01-01");
    assert_eq!((p.len(), p[0].is_error(), p[0].line), (1, true, 5), "{p:?}");
    // An ordinary quote is left alone.
    let (r, p) = ctx_render_on("> [注意] 普通引用\n", "2026-01-01");
    assert!(
        p.is_empty() && !r.html.here().contains("until"),
        "{}",
        r.html
    );
}

#[test]
fn calculator_pages_carry_the_data_once_and_name_it() {
    let block = "```calculator grace\ndue_date = \"2026-03-10\"\ngrace_days = 3\n```\n\n";
    let (r, p) = ctx_render(&format!("{block}{block}"));
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(r.html.here().matches("id=\"calc-data\"").count(), 1);
    assert_eq!(
        r.html
            .here()
            .matches("<p class=\"calc-data\">本计算器使用的数据：LPR数据核对至2026年4月20日；节假日数据覆盖至2026年。</p></section>")
            .count(),
        2,
        "{}",
        r.html
    );
    let bundle = r.html.here().split("id=\"calc-data\">\n").nth(1).unwrap();
    let bundle = bundle.split("</script>").next().unwrap();
    assert!(calc::Data::from_bundle(bundle).is_some());
    let (r, _) = ctx_render("没有计算器。\n");
    assert!(!r.html.here().contains("calc-data"));
}

#[test]
fn every_citation_is_located() {
    let (r, p) = ctx_render("见[第675条](law:minfadian/675)。\n\n又见[同条](law:民法典/675)。\n");
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(r.citations.len(), 1);
    assert_eq!(r.citation_sites, vec![(0, 5, 2), (0, 7, 3)]);
}

/// A body rendered on one day is used again on another only when nothing it shows
/// depends on the day: no calculator block, and every passage valid until a date expired
/// on both days or on neither.
#[test]
fn a_result_is_the_same_on_another_day_only_when_nothing_depends_on_the_day() {
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let on = |day: &str| chrono::Datelike::num_days_from_ce(&d(day));
    let plain = Rendered {
        rendered_on: on("2026-12-01"),
        ..Rendered::default()
    };
    assert!(plain.same_on(d("2026-12-01")) && plain.same_on(d("2027-06-01")));
    let until = Rendered {
        until: vec![(d("2026-12-31"), 3)],
        rendered_on: on("2026-12-01"),
        ..Rendered::default()
    };
    assert!(until.same_on(d("2026-12-31")));
    assert!(
        !until.same_on(d("2027-01-01")),
        "the passage expired in between"
    );
    let calc = Rendered {
        calculators: 1,
        rendered_on: on("2026-12-01"),
        ..Rendered::default()
    };
    assert!(calc.same_on(d("2026-12-01")) && !calc.same_on(d("2026-12-02")));
}
