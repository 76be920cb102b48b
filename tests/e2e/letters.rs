//! Letter templates (issue 27), from outside: gen refuses a letter with an unknown field,
//! an unused field or a bad citation, each at its file:line:column; a good letter is
//! published at letters/<slug>/ with the index, in the sitemap, not in the feed; and in
//! Chromium at 390×844 a reader fills it, reloads, copies, downloads and prints it (one
//! or two A4 pages), amounts read as the calculators read them (compared with
//! calc::num::Money::parse), and a calculator hands its figure over.

use crate::{chromium, harness};
use fantoccini::{Client, Locator};
use serde_json::{json, Value as Json};
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'";

/// A letter over the fixture site: every kind of field, a flag paragraph, an optional
/// paragraph, a figure taken from the penalty calculator, a citation.
const LETTER: &str = r#"+++
title = "测试信函"
description = "浏览器测试用的信。"
date = 2026-01-20
to = "某某银行"

[[fields]]
name = "full_name"
label = "你的姓名"
kind = "text"
required = true

[[fields]]
name = "amount"
label = "法院可支持的金额"
kind = "money"
required = true
from = "penalty.supported"

[[fields]]
name = "plan"
label = "还款方式"
kind = "choice"
required = true
choices = ["一次还清", "分期还款"]

[[fields]]
name = "note"
label = "补充说明"
kind = "text"

[[fields]]
name = "items"
label = "附件"
kind = "list"

[[fields]]
name = "paid"
label = "已经还过一部分"
kind = "flag"

[[fields]]
name = "deleted"
label = "应当删除的日期"
kind = "date"
from = "credit_record.deleted_from"

[[fields]]
name = "date"
label = "日期"
kind = "date"
required = true
+++

借款合同见[民法典第680条](law:minfadian/680)。

```letter
测试信函

某某银行：

我是{full_name}，愿意{plan}，金额{amount}。

补充：{note}

{?paid}我已经还过一部分。

记录应当自{deleted}起删除。

附件：
{items}

{full_name}
{date}
```

请根据你的实际情况修改。
"#;

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

fn opts(content: &Path, out: &Path) -> gen::BuildOptions {
    harness::options(content, &harness::root().join("theme"), out)
}

fn with_letter(letter: &str) -> (tempfile::TempDir, Result<gen::Summary, gen::Problems>) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    e2e::copy_dir(&harness::root().join("tests/fixtures/site"), &content);
    fs::create_dir_all(content.join("letters")).unwrap();
    fs::write(content.join("letters/test-letter.md"), letter).unwrap();
    fs::write(
        content.join("loan/penalty-test.md"),
        "+++\ntitle = \"逾期利息\"\ndate = 2026-01-20\n+++\n\n```calculator penalty\n\
         regime = \"private\"\nprincipal = \"100000\"\ncontract_date = 2024-01-10\n\
         overdue_from = 2024-07-10\nuntil = 2025-07-10\n[rate]\nannual_pct = \"24\"\n```\n",
    )
    .unwrap();
    let out = dir.path().join("dist");
    let r = gen::build(&opts(&content, &out));
    (dir, r)
}

#[test]
fn a_letters_mistakes_are_located() {
    let bad = LETTER
        .replace("我是{full_name}", "我是{full_name}（{nickname}）")
        .replace("补充：{note}", "补充：无")
        .replace("law:minfadian/680", "law:minfadian/99999");
    let (_dir, r) = with_letter(&bad);
    let problems = r.expect_err("the build must fail").0;
    let at = |needle: &str| -> Vec<(usize, usize)> {
        problems
            .iter()
            .filter(|p| p.message.contains(needle) || p.message.contains(&needle.replace('“', "")))
            .inspect(|p| assert!(p.file.ends_with("letters/test-letter.md"), "{p:?}"))
            .map(|p| (p.line, p.column))
            .collect()
    };
    println!("{problems:#?}");
    assert_eq!(
        at("“nickname”"),
        vec![(
            line_of(&bad, "{nickname}"),
            "我是{full_name}（".chars().count() + 1
        )]
    );
    assert_eq!(at("“note”"), vec![(line_of(&bad, "name = \"note\""), 1)]);
    let citation: Vec<_> = problems
        .iter()
        .filter(|p| p.kind == gen::ProblemKind::Citation)
        .collect();
    assert_eq!(citation.len(), 1, "{problems:#?}");
    assert_eq!(citation[0].line, line_of(&bad, "99999"));
    assert_eq!(
        citation[0].column,
        "借款合同见".chars().count() + 1,
        "{citation:?}"
    );
    assert!(problems.iter().all(|p| !p.help.is_empty()), "{problems:#?}");
    assert_eq!(problems.len(), 3, "{problems:#?}");
}

/// The review of the merged pipeline: a letter's links to headings were never checked, and
/// an article could not link a heading of a letter. Both are now checked like articles'.
#[test]
fn links_to_and_from_a_letters_headings_are_checked() {
    let letter = LETTER.replace(
        "借款合同见[民法典第680条](law:minfadian/680)。",
        "## 什么时候寄\n\n借款合同见[民法典第680条](law:minfadian/680)。见[利率](../loan/overdue-interest.md#没有这一节)。",
    );
    let (dir, r) = with_letter(&letter);
    let problems = r.expect_err("the build must fail").0;
    let broken: Vec<_> = problems
        .iter()
        .filter(|p| p.message.contains("#没有这一节"))
        .collect();
    assert_eq!(broken.len(), 1, "{problems:#?}");
    assert!(broken[0].file.ends_with("letters/test-letter.md"));
    assert_eq!(broken[0].line, line_of(&letter, "没有这一节"));
    // Fixed, and an article linking the letter's heading: no problem.
    let content = dir.path().join("content");
    fs::write(
        content.join("letters/test-letter.md"),
        letter.replace("#没有这一节", ""),
    )
    .unwrap();
    fs::write(
        content.join("loan/see-letter.md"),
        "+++\ntitle = \"写信\"\ndate = 2026-01-21\n+++\n\n见[什么时候寄](../letters/test-letter.md#什么时候寄)。\n",
    )
    .unwrap();
    if let Err(p) = gen::build(&opts(&content, &dir.path().join("dist"))) {
        panic!("{p}");
    }
}

/// A letter goes stale like an article: a `checked` date older than the review interval
/// is a warning at its line.
#[test]
fn a_letter_due_for_review_is_a_warning() {
    let old = LETTER.replace(
        "date = 2026-01-20\n",
        "date = 2020-01-20\nchecked = 2020-02-01\n",
    );
    let (_dir, r) = with_letter(&old);
    let summary = r.expect("a warning does not stop the build");
    let stale: Vec<_> = summary
        .warnings
        .iter()
        .filter(|p| p.kind == gen::ProblemKind::Stale && p.file.ends_with("letters/test-letter.md"))
        .collect();
    assert_eq!(stale.len(), 1, "{:#?}", summary.warnings);
    assert_eq!(stale[0].line, line_of(&old, "checked = 2020-02-01"));
    assert!(stale[0].message.contains("2020-02-01"), "{stale:?}");
    assert!(
        stale[0].message.starts_with("the letter was last checked"),
        "{stale:?}"
    );
}

#[test]
fn a_letter_is_published_beside_the_articles_not_among_them() {
    let (dir, r) = with_letter(LETTER);
    r.expect("the letter builds");
    let out = dir.path().join("dist");
    let page = fs::read_to_string(out.join("letters/test-letter/index.html")).unwrap();
    // Without JavaScript: the letter with blanks, optional paragraphs marked, no form.
    assert!(page.contains("我是＿＿＿＿（你的姓名），愿意＿＿＿＿（还款方式），金额＿＿＿＿（法院可支持的金额）。"), "{page}");
    assert!(
        page.contains("<p>（可选）补充：＿＿＿＿（补充说明）</p>"),
        "{page}"
    );
    assert!(page.contains("<p>（可选）我已经还过一部分。</p>"), "{page}");
    assert!(page.contains("<form class=\"letter-form\" id=\"letter-form\" hidden"));
    assert!(
        page.contains("/laws/minfadian/#art-680"),
        "the citation links its clause"
    );
    let index = fs::read_to_string(out.join("letters/index.html")).unwrap();
    assert!(index.contains("测试信函") && index.contains("/letters/test-letter/"));
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("/letters/test-letter/</loc>") && sitemap.contains("/letters/</loc>"));
    assert!(!fs::read_to_string(out.join("atom.xml"))
        .unwrap()
        .contains("测试信函"));
    assert!(!fs::read_to_string(out.join("index.html"))
        .unwrap()
        .contains("/letters/test-letter/"));
    let search: String = e2e::files(&out.join("search"), "json")
        .iter()
        .chain(&e2e::files(&out.join("search"), "js"))
        .map(|f| fs::read_to_string(f).unwrap_or_default())
        .collect();
    assert!(
        search.contains("/letters/test-letter/"),
        "the letter is in the search index"
    );
    // The article with a penalty calculator links the letter that takes its figure.
    let calcs = fs::read_to_string(out.join("loan/penalty-test/index.html")).unwrap();
    assert!(
        calcs.contains("data-kind=\"penalty\" data-carry=\"amount=法院可支持的金额\""),
        "no carry-over link on the calculators' page"
    );
}

/// Every figure a letter may take over (`from`) is one its calculator shows, by that
/// label, for the harness's example of that kind: a figure renamed in crates/calc fails
/// here, not silently on the page.
#[test]
fn every_carried_figure_is_one_its_calculator_shows() {
    for (kind, figure, label) in gen::LETTER_FIGURES {
        let kind = calc::Kind::from_code(kind).expect("a calculator kind");
        let mut inputs = harness::example_inputs(kind);
        if let calc::Value::Map(m) = &mut inputs {
            m.insert(0, ("kind".into(), calc::Value::str(kind.code())));
        }
        let report = calc::compute(&inputs, harness::fixture_data())
            .unwrap_or_else(|e| panic!("{}: {e:?}", kind.code()))
            .report();
        assert!(
            report.figures.iter().any(|f| f.label == *label),
            "{}.{figure}: no figure “{label}” in {:?}",
            kind.code(),
            report.figures.iter().map(|f| &f.label).collect::<Vec<_>>()
        );
    }
}

async fn js(c: &Client, script: &str, args: Vec<Json>) -> Json {
    c.execute(script, args)
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

async fn wait_until(c: &Client, script: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while js(c, script, vec![]).await != json!(true) {
        if Instant::now() > deadline {
            let html = js(c, "return document.body.outerHTML", vec![]).await;
            panic!("timed out waiting for {what}\n{html}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Sets a control as typing would (an `input` event).
async fn set(c: &Client, name: &str, value: &str) {
    js(
        c,
        "const f = document.getElementById('letter-form').elements[arguments[0]];\
         if (f.type === 'checkbox') f.checked = arguments[1] === 'true'; else f.value = arguments[1];\
         f.dispatchEvent(new Event('input', { bubbles: true })); return true;",
        vec![json!(name), json!(value)],
    )
    .await;
}

async fn letter_text(c: &Client) -> String {
    let t = js(
        c,
        "return [...document.querySelectorAll('#letter-text p')].map(p => p.textContent).join('\\n\\n') + '\\n';",
        vec![],
    )
    .await;
    t.as_str().unwrap().to_string()
}

fn artifacts() -> std::path::PathBuf {
    let dir = harness::root().join("tests/artifacts");
    fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_fills_copies_and_prints_a_letter() {
    let dist = harness::root().join("target/e2e-letters");
    let site = harness::build_site_with(&dist, |content| {
        fs::create_dir_all(content.join("letters")).unwrap();
        fs::write(content.join("letters/test-letter.md"), LETTER).unwrap();
    });
    let server = harness::Server::start(&site.dist, CSP);
    let mut driver = chromium::Driver::start();
    let c = driver.session(390, 844, true).await;
    let url = format!("{}/letters/test-letter/", server.base);
    c.goto(&url).await.unwrap();
    wait_until(
        &c,
        "return !document.getElementById('letter-form').hidden",
        "the form",
    )
    .await;

    // Typed key by key into the first field; the rest as typing would set them.
    c.find(Locator::Id("f-full_name"))
        .await
        .unwrap()
        .send_keys("张三")
        .await
        .unwrap();
    set(&c, "amount", "1.5万元").await;
    set(&c, "plan", "分期还款").await;
    set(&c, "items", "还款凭证\n\n身份证复印件").await;
    set(&c, "date", "2026-12-06").await;
    let expected = "测试信函\n\n某某银行：\n\n我是张三，愿意分期还款，金额15,000.00元。\n\n\
                    附件：\n1. 还款凭证\n2. 身份证复印件\n\n张三\n2026年12月6日\n";
    assert_eq!(
        letter_text(&c).await,
        expected,
        "the optional paragraph and the unticked flag's are left out"
    );
    set(&c, "paid", "true").await;
    let with_flag = expected.replace("\n\n附件", "\n\n我已经还过一部分。\n\n附件");
    assert_eq!(letter_text(&c).await, with_flag);

    // The controls are 44 px tall at least, and the page fits the phone's width.
    let layout = js(
        &c,
        "const small = [...document.querySelectorAll('#letter-form input, #letter-form select, #letter-form textarea, .letter-actions button')]\
           .filter(e => e.getBoundingClientRect().height < 44).map(e => e.id || e.className);\
         return { small, wide: document.documentElement.scrollWidth > innerWidth };",
        vec![],
    )
    .await;
    assert_eq!(layout, json!({ "small": [], "wide": false }));
    let png = c.screenshot().await.unwrap();
    fs::write(artifacts().join("letter-filled.png"), png).unwrap();

    // Reload: the address brought every field back.
    let address = c.current_url().await.unwrap().to_string();
    assert!(address.contains("#letter?"), "{address}");
    c.refresh().await.unwrap();
    wait_until(
        &c,
        "return !document.getElementById('letter-form').hidden",
        "the form",
    )
    .await;
    assert_eq!(letter_text(&c).await, with_flag, "reload lost the letter");

    // 「复制全文」 writes the letter as shown; 「下载」 the same text (BOM, CRLF).
    js(
        &c,
        "window.__copied = null; Object.defineProperty(navigator, 'clipboard', { configurable: true,\
           value: { writeText: t => { window.__copied = t; return Promise.resolve(); } } });\
         window.__blob = null; const real = URL.createObjectURL.bind(URL);\
           URL.createObjectURL = b => { window.__blob = b; return real(b); };\
         window.print = () => { window.__printed = true; }; return true;",
        vec![],
    )
    .await;
    c.find(Locator::Css(".letter-copy"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_until(&c, "return window.__copied !== null", "the copy").await;
    assert_eq!(
        js(&c, "return window.__copied", vec![]).await,
        json!(with_flag)
    );
    assert!(js(
        &c,
        "return document.getElementById('letter-status').textContent",
        vec![]
    )
    .await
    .as_str()
    .unwrap()
    .contains("已复制"));
    c.find(Locator::Css(".letter-download"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let downloaded = c
        .execute_async(
            "const done = arguments[arguments.length - 1]; window.__blob.arrayBuffer().then(a => done(new TextDecoder('utf-8', { ignoreBOM: true }).decode(a)));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        downloaded,
        json!(format!("\u{feff}{}", with_flag.replace('\n', "\r\n")))
    );

    // 「打印」: the letter alone, one or two A4 pages.
    c.find(Locator::Css(".letter-print"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(
        js(&c, "return window.__printed === true", vec![]).await,
        json!(true)
    );
    let config = fantoccini::wd::PrintConfiguration::builder()
        .size(fantoccini::wd::PrintSize::A4)
        .build()
        .unwrap();
    let pdf = c.print(config).await.expect("print the letter");
    fs::write(artifacts().join("letter-print.pdf"), &pdf).unwrap();
    let pages = harness::pdf_pages(&pdf);
    assert!((1..=2).contains(&pages), "printed {pages} pages");
    // Amounts read exactly as the calculators read them.
    for typed in [
        "2万",
        "1.5万元",
        "20,000",
        "２００００",
        "１．５万",
        " 20,000 元",
        "1200.50元",
        "0.0001万",
        "1.2345678万",
        "万",
        "2万万",
        "两万",
        "-2万",
        "1.001",
        "abc",
        "1000000000万",
    ] {
        set(&c, "amount", typed).await;
        let got = js(
            &c,
            "const e = document.getElementById('f-amount-error');\
             return e.hidden ? document.querySelector('#letter-text').textContent : 'error: ' + e.textContent;",
            vec![],
        )
        .await;
        let got = got.as_str().unwrap();
        match calc::num::Money::parse(typed) {
            Ok(m) => assert!(
                got.contains(&format!("金额{}元", m.grouped())),
                "{typed}: {got}"
            ),
            Err(why) => assert_eq!(got, format!("error: {why}"), "{typed}"),
        }
    }

    // A calculator hands its figure over: the penalty block's 法院可支持的金额.
    let (block, figure) =
        open_calculator_figure(&c, &site, &server, calc::Kind::Penalty, "法院可支持的金额").await;
    let figure = figure.as_str().unwrap().replace([',', ' ', '元'], "");
    let link = c
        .find(Locator::Css(&format!("#{block} .calc-letter")))
        .await
        .unwrap();
    assert!(link.text().await.unwrap().contains("用这个结果写信"));
    link.click().await.unwrap();
    wait_until(
        &c,
        "return location.pathname.endsWith('/letters/test-letter/') && !!document.getElementById('letter-form') && !document.getElementById('letter-form').hidden",
        "the letter page",
    )
    .await;
    assert_eq!(
        js(
            &c,
            "return document.getElementById('f-amount').value",
            vec![]
        )
        .await,
        json!(figure)
    );
    let fen = calc::num::Money::parse(&figure).unwrap();
    assert!(letter_text(&c)
        .await
        .contains(&format!("金额{}元", fen.grouped())));
    let png = c.screenshot().await.unwrap();
    fs::write(artifacts().join("letter-carried.png"), png).unwrap();

    // A date is handed over too: the credit_record block's 删除日期 (「2026年6月10日起」).
    let (block, shown) =
        open_calculator_figure(&c, &site, &server, calc::Kind::CreditRecord, "删除日期").await;
    let shown = shown
        .as_str()
        .unwrap()
        .trim()
        .trim_end_matches('起')
        .to_string();
    let png = c
        .find(Locator::Css(&format!("#{block} .calc-letters")))
        .await
        .unwrap()
        .screenshot()
        .await
        .unwrap();
    fs::write(artifacts().join("letter-carry-link.png"), png).unwrap();
    c.find(Locator::Css(&format!("#{block} .calc-letter")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_until(
        &c,
        "return location.pathname.endsWith('/letters/test-letter/') && !!document.getElementById('letter-form') && !document.getElementById('letter-form').hidden",
        "the letter page",
    )
    .await;
    let iso = js(
        &c,
        "return document.getElementById('f-deleted').value",
        vec![],
    )
    .await;
    let iso = iso.as_str().unwrap();
    let p: Vec<u32> = iso.split('-').map(|x| x.parse().unwrap()).collect();
    assert_eq!(format!("{}年{}月{}日", p[0], p[1], p[2]), shown, "{iso}");
    assert!(letter_text(&c)
        .await
        .contains(&format!("记录应当自{shown}起删除。")));
    c.close().await.unwrap();
}

/// Every letter of the real site (content/letters/), filled at 390×844 with a value in
/// every field and every box ticked (its longest form): no blank is left in the letter,
/// and it prints on one or two A4 pages. A screenshot and the PDF of each go to
/// tests/artifacts/letter-<slug>-*.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_letter_fills_and_prints_on_one_or_two_pages() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dist");
    let server = harness::Server::start(&out, CSP);
    let opts = gen::BuildOptions {
        base_url: Some(format!("{}/", server.base)),
        ..opts(&harness::root().join("content"), &out)
    };
    if let Err(p) = gen::build(&opts) {
        panic!("build failed:\n{p}");
    }
    let mut slugs: Vec<String> = fs::read_dir(harness::root().join("content/letters"))
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_suffix(".md").map(str::to_string)
        })
        .collect();
    slugs.sort();
    assert!(!slugs.is_empty(), "content/letters/ has no letter");
    let mut driver = chromium::Driver::start();
    let c = driver.session(390, 844, true).await;
    for slug in &slugs {
        c.goto(&format!("{}/letters/{slug}/", server.base))
            .await
            .unwrap();
        wait_until(
            &c,
            "return !document.getElementById('letter-form').hidden",
            "the form",
        )
        .await;
        js(
            &c,
            "for (const f of JSON.parse(document.getElementById('letter-data').textContent).fields) {\
               const c = document.getElementById('letter-form').elements[f.name];\
               if (f.kind === 'flag') c.checked = true;\
               else if (f.kind === 'choice') c.selectedIndex = c.options.length - 1;\
               else c.value = { money: '12345.6', date: '2026-12-06', list: '第一项材料\\n第二项材料' }[f.kind]\
                 ?? f.label.replace(/^你的/, '') + '（已填写）';\
               c.dispatchEvent(new Event('input', { bubbles: true }));\
             } return true;",
            vec![],
        )
        .await;
        let text = letter_text(&c).await;
        assert!(
            !text.contains("＿＿＿＿"),
            "{slug}: a blank is left:\n{text}"
        );
        assert!(
            !text.contains('{'),
            "{slug}: a placeholder is left:\n{text}"
        );
        let png = c.screenshot().await.unwrap();
        fs::write(artifacts().join(format!("letter-{slug}-filled.png")), png).unwrap();
        let config = fantoccini::wd::PrintConfiguration::builder()
            .size(fantoccini::wd::PrintSize::A4)
            .build()
            .unwrap();
        let pdf = c.print(config).await.expect("print the letter");
        fs::write(artifacts().join(format!("letter-{slug}-print.pdf")), &pdf).unwrap();
        let pages = harness::pdf_pages(&pdf);
        assert!((1..=2).contains(&pages), "{slug}: printed {pages} pages");
        println!(
            "{slug}: {} characters, {pages} printed page(s)",
            text.chars().count()
        );
    }
    c.close().await.unwrap();
}

/// Opens the page of the first `kind` block, waits for its module and its 「用这个结果写信」
/// link, scrolls to it and gives the block's id and the figure labelled `label` as shown.
async fn open_calculator_figure(
    c: &Client,
    site: &harness::Site,
    server: &harness::Server,
    kind: calc::Kind,
    label: &str,
) -> (String, Json) {
    let (_, page, block) = site
        .blocks
        .iter()
        .find(|(k, _, _)| *k == kind)
        .expect("a block of the kind");
    c.goto(&format!("{}{page}", server.base)).await.unwrap();
    wait_until(
        c,
        &format!("return !!document.querySelector('#{block} .calc-letter') && document.getElementById('{block}').hasAttribute('data-live')"),
        "the carry-over link",
    )
    .await;
    let figure = js(
        c,
        "const f = [...document.querySelectorAll('#' + arguments[0] + ' .calc-figure')]\
           .find(f => f.querySelector('dt').textContent.trim() === arguments[1]);\
         document.getElementById(arguments[0]).scrollIntoView(); \
         return f.querySelector('.calc-value').textContent;",
        vec![json!(block), json!(label)],
    )
    .await;
    (block.clone(), figure)
}
