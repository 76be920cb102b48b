//! The calculator in a real browser: builds the site, serves it on 127.0.0.1 and drives
//! headless Chromium through each kind — fill the form and compare the
//! figures with the `calc` binary, an invalid value and its Chinese message, a share link
//! that brings the inputs back, no request to another origin, the static result with
//! JavaScript off — and saves a phone-width screenshot of each calculator in
//! tests/artifacts/.
//!
//! Also here: the committed module (theme/calc/) still matches its sources, and its size.

use crate::{chromium, harness};
use build_wasm as sources;

use calc::html::{error_id, form_name, plain_message, value_from_form};
use calc::{Kind, Value};
use fantoccini::{Client, Locator};
use serde_json::{json, Value as Json};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The header the site is served with: the page needs no inline script. WebAssembly
/// compilation needs `'wasm-unsafe-eval'` (no `eval` of JavaScript).
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'";

#[test]
fn theme_calc_matches_its_sources() {
    let root = harness::root();
    let stale = sources::stale(&root).expect("read the sources");
    assert!(
        stale.is_empty(),
        "theme/calc/ no longer matches its sources — run cargo run -p build-wasm\n{}",
        stale.join("\n")
    );
}

#[test]
fn module_size() {
    let (report, largest) = sources::size_report(&harness::root()).expect("theme/calc/ files");
    println!("{report}");
    assert!(
        largest <= sources::GZ_LIMIT,
        "a module + JS glue is {largest} bytes gzipped, over {}",
        sources::GZ_LIMIT
    );
}

/// Issue 14: the module's bytes do not depend on content/data/. The data is not among
/// the module's sources (theme/calc/SOURCES, checked above), calc-wasm builds calc
/// without its compiled-in default data (feature `builtin-data`), and the committed
/// module holds none of it: no LPR row, no notice's address, no calendar row.
#[test]
fn module_does_not_depend_on_the_data() {
    let root = harness::root();
    let inputs = sources::source_files(&root).expect("the sources");
    assert!(
        inputs.iter().all(|f| !f.starts_with("content/")),
        "{inputs:?}"
    );
    let manifest = std::fs::read_to_string(root.join("crates/calc-wasm/Cargo.toml")).unwrap();
    assert!(
        manifest.contains("calc = { path = \"../calc\", default-features = false }"),
        "calc-wasm must build calc without the features that compile the data in"
    );
    let mut needles: Vec<String> = Vec::new();
    let data = root.join("content/data");
    for file in e2e::files(&data, "csv") {
        let text = std::fs::read_to_string(&file).unwrap();
        needles.extend(
            text.lines()
                .filter(|l| l.starts_with("20"))
                .map(String::from),
        );
    }
    assert!(needles.len() > 100, "{needles:?}");
    needles.push("www.gov.cn/zhengce".into());
    needles.push("2019-08-20".into());
    for kind in sources::kinds() {
        let wasm =
            std::fs::read(root.join(format!("theme/calc/{kind}/calc_wasm_bg.wasm"))).unwrap();
        for needle in &needles {
            assert!(
                !wasm.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "the {kind} module contains “{needle}” from content/data/"
            );
        }
    }
}

/// One module per kind (crates/build-wasm; calc's kind features): LTO leaves in each module
/// its own kinds' code and none of the others'. Checked by the field names the module reads
/// its form by (`calc::html::value_from_form`): every name only one kind's form has (eight
/// letters or more, so not by chance inside another string; not a rate unit) is in that
/// kind's modules and in no other module.
#[test]
fn each_module_holds_only_its_kinds_code() {
    let root = harness::root();
    let names = |kind: Kind| kind.form().iter().map(|f| f.name).collect::<Vec<_>>();
    let unique: Vec<(Kind, &str)> = Kind::ALL
        .into_iter()
        .flat_map(|k| names(k).into_iter().map(move |n| (k, n)))
        .filter(|(k, n)| {
            // (A rate's unit codes are read by the shared rate parser, in every module.)
            n.len() >= 8
                && !["annual_pct", "monthly_pct", "daily_per_10k"].contains(n)
                && Kind::ALL
                    .into_iter()
                    .all(|o| o == *k || !names(o).iter().any(|m| m.contains(n) || n.contains(m)))
        })
        .collect();
    for kind in Kind::ALL {
        assert!(
            unique.iter().any(|(k, _)| *k == kind),
            "{} has no field name of its own to look for",
            kind.code()
        );
    }
    for module in sources::modules() {
        let kinds: Vec<Kind> = module.split('+').filter_map(Kind::from_code).collect();
        let wasm =
            std::fs::read(root.join(format!("theme/calc/{module}/calc_wasm_bg.wasm"))).unwrap();
        for (kind, name) in &unique {
            let found = wasm.windows(name.len()).any(|w| w == name.as_bytes());
            assert_eq!(
                found,
                kinds.contains(kind),
                "the {module} module {} {}'s field “{name}”",
                if found { "holds" } else { "lacks" },
                kind.code()
            );
        }
    }
}

/// What the reader types into each kind: (field name, value); the first is typed key by
/// key, so it is a text field (Chromium's date inputs take keys in the locale's order).
fn edits(kind: Kind) -> Vec<(&'static str, &'static str)> {
    match kind {
        Kind::Penalty => vec![
            ("principal", "50000"),
            ("overdue_from", "2024-03-01"),
            ("until", "2025-03-01"),
            ("rate", "18"),
        ],
        Kind::Card => vec![
            ("transactions.0.amount", "3000"),
            ("transactions.0.posted_on", "2025-02-10"),
            ("transactions.1.posted_on", "2025-02-20"),
            ("transactions.1.amount", "1500.50"),
            ("due_date", "2025-03-25"),
            ("next_statement", "2025-04-05"),
            ("repayments.0.date", "2025-03-20"),
            ("repayments.0.amount", "1000"),
        ],
        Kind::Grace => vec![
            ("grace_days", "3"),
            ("due_date", "2025-09-30"),
            ("paid_on", "2025-10-20"),
        ],
        Kind::CreditRecord => vec![
            ("amount", "5000"),
            ("overdue_on", "2020-05-01"),
            ("settled_on", "2020-08-15"),
            ("today", "2025-11-26"),
        ],
        Kind::Judgment => vec![
            ("debt", "80000"),
            ("deadline", "2024-06-30"),
            ("payments.0.date", "2024-09-01"),
            ("payments.0.amount", "30000"),
            ("suspended.0.from", "2024-10-01"),
            ("suspended.0.to", "2024-10-15"),
            ("until", "2025-01-31"),
        ],
        Kind::CourtFee => vec![
            ("claim", "1234567.89"),
            ("fee", "case"),
            ("procedure", "simple"),
            ("ended_by", "mediation"),
        ],
        // No text field: every edit is set as typing would. The second interruption
        // comes after the period has ended (2025-10-09, after 国庆节) and is ignored.
        Kind::Limitation => vec![
            ("period", "litigation"),
            ("due_date", "2021-09-30"),
            ("interruptions.0", "2022-10-08"),
            ("interruptions.1", "2025-11-20"),
            ("today", "2026-11-29"),
        ],
        Kind::Apr => vec![
            ("received", "9500"),
            ("schedule.0.count", "1"),
            ("schedule.0.amount", "1072"),
            ("schedule.1.count", "11"),
            ("schedule.1.amount", "1,072"),
            ("schedule.2.count", "1"),
            ("schedule.2.amount", "300"),
            ("contract_date", "2025-06-01"),
        ],
    }
}

/// An invalid value for each kind: (field name, value).
fn invalid(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Penalty => ("principal", "12abc"),
        Kind::Card => ("transactions.0.amount", "-5"),
        Kind::Grace => ("grace_days", "400"),
        Kind::CreditRecord => ("amount", "五千"),
        Kind::Judgment => ("until", "2024-01-01"),
        Kind::CourtFee => ("claim", "-100"),
        Kind::Limitation => ("interruptions.0", "2021-01-01"),
        Kind::Apr => ("schedule.0.count", "400"),
    }
}

/// The answer fields whose values must appear among the page's figures.
fn answer_keys(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Penalty => &["claimed", "interest"],
        Kind::Card => &["interest"],
        Kind::Grace => &["last_on_time_day"],
        Kind::CreditRecord => &["kept_through"],
        Kind::Judgment => &["doubled_interest", "remaining_debt"],
        Kind::CourtFee => &["fee"],
        Kind::Limitation => &["expires_on"],
        Kind::Apr => &["apr_pct", "naive_pct", "total_cost"],
    }
}

fn to_json(v: &Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Bool(b) => json!(b),
        Value::Number(s) | Value::String(s) => json!(s),
        Value::List(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), to_json(v)))
                .collect(),
        ),
    }
}

/// The `calc` binary's answer to a request (built once, in its own target folder so it
/// does not wait for the lock of the running `cargo test`).
fn calc_binary(request: &Json) -> Json {
    let root = harness::root();
    let target = root.join("target/e2e-calc");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut child = Command::new(cargo)
        .current_dir(&root)
        .args(["run", "-q", "-p", "calc", "--bin", "calc"])
        .env("CARGO_TARGET_DIR", &target)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("run the calc binary");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(request.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().expect("calc output");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "calc printed no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

/// The first value of `key` anywhere in a JSON tree, as text.
fn find_key(j: &Json, key: &str) -> Option<String> {
    match j {
        Json::Object(m) => {
            if let Some(v) = m.get(key) {
                return Some(match v {
                    Json::String(s) => s.clone(),
                    other => other.to_string(),
                });
            }
            m.values().find_map(|v| find_key(v, key))
        }
        Json::Array(items) => items.iter().find_map(|v| find_key(v, key)),
        _ => None,
    }
}

/// `2025-10-04` → `2025年10月4日`.
fn zh_date(s: &str) -> Option<String> {
    let p: Vec<&str> = s.split('-').collect();
    if p.len() != 3 || p[0].len() != 4 {
        return None;
    }
    let n = |x: &str| x.parse::<u32>().ok();
    Some(format!("{}年{}月{}日", p[0], n(p[1])?, n(p[2])?))
}

async fn js(c: &Client, script: &str, args: Vec<Json>) -> Json {
    c.execute(script, args)
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

/// Waits until `script` returns true.
/// Waits until the module has started calculator block `block` (live, form shown).
async fn wait_for_module(c: &Client, block: &str) {
    wait_until(
        c,
        "const s = document.getElementById(arguments[0]);\
         return !!s && s.hasAttribute('data-live') && !s.querySelector('form').hidden;",
        vec![json!(block)],
        "the module to start",
    )
    .await;
}

async fn wait_until(c: &Client, script: &str, args: Vec<Json>, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if js(c, script, args.clone()).await == json!(true) {
            return;
        }
        if Instant::now() > deadline {
            let html = js(c, "return document.body.outerHTML", vec![]).await;
            panic!("timed out waiting for {what}\n{html}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The form's (name, value) pairs as the module collects them.
async fn form_pairs(c: &Client, block: &str) -> Vec<(String, String)> {
    let j = js(
        c,
        "const f = document.getElementById(arguments[0]).querySelector('form');\
         return [...f.querySelectorAll('input[name], select[name]')]\
           .filter(e => e.type !== 'checkbox' || e.checked).map(e => [e.name, e.value]);",
        vec![json!(block)],
    )
    .await;
    serde_json::from_value(j).expect("pairs")
}

/// Sets a field as typing would (its value, then `input` and `change` events).
async fn set_field(c: &Client, block: &str, name: &str, value: &str) {
    let ok = js(
        c,
        "const f = document.getElementById(arguments[0]).querySelector('form');\
         const find = () => [...f.elements].find(e => e.name === arguments[1]);\
         const list = document.getElementById(arguments[0] + '-' + arguments[1].split('.')[0]);\
         for (let i = 0; !find() && list && i < 20; i++) list.querySelector(':scope > .calc-add').click();\
         const e = find();\
         if (!e) return false;\
         e.value = arguments[2];\
         e.dispatchEvent(new Event('input', {bubbles: true}));\
         e.dispatchEvent(new Event('change', {bubbles: true}));\
         return true;",
        vec![json!(block), json!(name), json!(value)],
    )
    .await;
    assert_eq!(ok, json!(true), "{block}: no field named {name}");
}

/// The figures shown: (label, value).
async fn shown_figures(c: &Client, block: &str) -> Vec<(String, String)> {
    let j = js(
        c,
        "return [...document.querySelectorAll('#' + arguments[0] + ' .calc-result .calc-figure')]\
           .map(f => [f.querySelector('dt').textContent, f.querySelector('.calc-value').textContent]);",
        vec![json!(block)],
    )
    .await;
    serde_json::from_value(j).expect("figures")
}

/// calc's report on the form's pairs, with the data the site was built with.
fn expected(kind: Kind, pairs: &[(String, String)]) -> Result<calc::Report, calc::InputError> {
    expected_with(kind, pairs, harness::fixture_data())
}

fn expected_with(
    kind: Kind,
    pairs: &[(String, String)],
    data: &calc::Data,
) -> Result<calc::Report, calc::InputError> {
    calc::compute(&value_from_form(kind, pairs), data).map(|a| a.report())
}

/// A screenshot of a whole block: scrolled to the top of the (tall) viewport first, since
/// chromedriver crops element screenshots to the viewport.
async fn block_png(c: &Client, block: &str) -> Vec<u8> {
    // (With JavaScript off the script may not run; the screenshot is taken all the same.)
    let _ = c
        .execute(
            "document.getElementById(arguments[0]).scrollIntoView(true);",
            vec![json!(block)],
        )
        .await;
    c.find(Locator::Id(block))
        .await
        .expect("the calculator section")
        .screenshot()
        .await
        .expect("screenshot")
}

/// The artifact name of a block: `calc-<kind>`, and `calc-<kind>-<id>` for a kind's
/// further blocks.
fn artifact_stem(blocks: &[(Kind, String, String)], i: usize) -> String {
    let (kind, _, id) = &blocks[i];
    if blocks[..i].iter().any(|(k, _, _)| k == kind) {
        format!("calc-{}-{id}", kind.code())
    } else {
        format!("calc-{}", kind.code())
    }
}

fn artifacts() -> PathBuf {
    let dir = harness::root().join("tests/artifacts");
    std::fs::create_dir_all(&dir).expect("tests/artifacts");
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calculators_work_in_chromium() {
    let dist = harness::root().join("target/e2e-browser-site");
    let site = harness::build_site(&dist);
    for kind in Kind::ALL {
        assert!(
            site.blocks.iter().any(|(k, _, _)| *k == kind),
            "the site has no {} calculator",
            kind.code()
        );
    }
    let server = harness::Server::start(&site.dist, CSP);
    let mut driver = chromium::Driver::start();
    let c = driver.session(390, 5000, true).await;
    let mut errors = Vec::new();

    for (i, (kind, page, block)) in site.blocks.iter().enumerate() {
        let (kind, block) = (*kind, block.as_str());
        let stem = artifact_stem(&site.blocks, i);
        let url = format!("{}{page}", server.base);
        c.goto(&url).await.expect("open the page");
        wait_for_module(&c, block).await;

        // Dates that default to today and that the page left empty get the reader's local today.
        let today: Vec<String> = serde_json::from_value(
            js(
                &c,
                "const d = new Date(); const p = n => String(n).padStart(2, '0');\
                 const t = d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate());\
                 return [t, ...[...document.querySelectorAll('#' + arguments[0] + \
                   ' input[data-default=today]')].filter(e => !e.getAttribute('value')).map(e => e.value)];",
                vec![json!(block)],
            )
            .await,
        )
        .unwrap();
        for v in &today[1..] {
            assert_eq!(v, &today[0], "{block}: a today date was not filled");
        }

        // The live result of the page's own inputs equals calc's report.
        let pairs = form_pairs(&c, block).await;
        if let Ok(report) = expected(kind, &pairs) {
            let want: Vec<(String, String)> = report
                .figures
                .iter()
                .map(|f| (f.label.clone(), f.value.clone()))
                .collect();
            assert_eq!(shown_figures(&c, block).await, want, "{block} on load");
        }

        // Fill the form: the first edit is typed key by key when it is a text field, the
        // rest set as typing would.
        let steps = edits(kind);
        let (first, first_value) = steps[0];
        let field = c
            .find(Locator::Css(&format!("#{block} [name=\"{first}\"]")))
            .await
            .expect("first field");
        let typed = field.attr("type").await.unwrap().as_deref() == Some("text");
        if typed {
            field.clear().await.unwrap();
            field.send_keys(first_value).await.unwrap();
        }
        for (name, value) in &steps[usize::from(typed)..] {
            set_field(&c, block, name, value).await;
        }
        let pairs = form_pairs(&c, block).await;
        for (name, value) in &steps {
            assert!(
                pairs.iter().any(|(k, v)| k == name && v == value),
                "{block}: {name} is not {value} in {pairs:?}"
            );
        }
        let report = expected(kind, &pairs)
            .unwrap_or_else(|e| panic!("{block}: test inputs invalid: {}", e.message));
        let want: Vec<(String, String)> = report
            .figures
            .iter()
            .map(|f| (f.label.clone(), f.value.clone()))
            .collect();
        let shown = shown_figures(&c, block).await;
        assert_eq!(shown, want, "{block}: figures after typing");
        // The segments table and the notes are there too.
        let result_text = js(
            &c,
            "return document.querySelector('#' + arguments[0] + ' .calc-result').innerText;",
            vec![json!(block)],
        )
        .await
        .as_str()
        .unwrap_or("")
        .to_string();
        for note in &report.notes {
            assert!(
                result_text.contains(&note.text),
                "{block}: note missing: {}",
                note.text
            );
        }
        if let Some(t) = &report.table {
            let rows = js(
                &c,
                "return document.querySelectorAll('#' + arguments[0] + ' .calc-table tbody tr').length;",
                vec![json!(block)],
            )
            .await;
            assert_eq!(rows, json!(t.rows.len()), "{block}: table rows");
        }
        assert!(!result_text.contains("NaN"), "{block}: NaN shown");

        // The same request through the calc binary: its figures are the ones shown.
        let request = to_json(&value_from_form(kind, &pairs));
        let answer = calc_binary(&request);
        let figures_text: String = shown
            .iter()
            .map(|(l, v)| format!("{l} {v}\n"))
            .collect::<String>()
            .replace(',', "");
        for key in answer_keys(kind) {
            let Some(value) = find_key(&answer, key) else {
                errors.push(format!("{block}: calc's answer has no {key}: {answer}"));
                continue;
            };
            let ok = figures_text.contains(&value)
                || zh_date(&value).is_some_and(|z| figures_text.contains(&z));
            assert!(
                ok,
                "{block}: calc says {key} = {value}, the page shows:\n{figures_text}"
            );
        }

        // Phone-width screenshot of the calculator with the reader's inputs.
        assert_eq!(
            js(&c, "return window.innerWidth;", vec![]).await,
            json!(390),
            "the page is not phone-width"
        );
        let png = block_png(&c, block).await;
        std::fs::write(artifacts().join(format!("{stem}.png")), png).unwrap();

        // An invalid value: calc's Chinese message beside the field, never NaN.
        let (bad_name, bad_value) = invalid(kind);
        let before = form_pairs(&c, block).await;
        set_field(&c, block, bad_name, bad_value).await;
        let mut bad_pairs = before.clone();
        for p in bad_pairs.iter_mut().filter(|(k, _)| k == bad_name) {
            p.1 = bad_value.to_string();
        }
        let error = expected(kind, &bad_pairs).expect_err("the invalid value is refused");
        assert!(
            error
                .message
                .chars()
                .any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)),
            "calc's message is not Chinese: {}",
            error.message
        );
        let slot = error_id(block, &form_name(&error.field));
        let shown_error = js(
            &c,
            "const e = document.getElementById(arguments[0]);\
             return e && !e.hidden ? e.textContent : null;",
            vec![json!(slot)],
        )
        .await;
        let plain = plain_message(&error.message);
        assert_eq!(shown_error, json!(plain), "{block}: message in {slot}");
        let summary = js(
            &c,
            "return document.querySelector('#' + arguments[0] + ' .calc-error-summary')?.textContent;",
            vec![json!(block)],
        )
        .await;
        assert_eq!(summary, json!(plain), "{block}: error summary");
        let whole = js(
            &c,
            "return document.getElementById(arguments[0]).innerText;",
            vec![json!(block)],
        )
        .await;
        assert!(!whole.as_str().unwrap_or("").contains("NaN"));
        let screenshot_bad = block_png(&c, block).await;
        std::fs::write(
            artifacts().join(format!("{stem}-invalid.png")),
            screenshot_bad,
        )
        .unwrap();
        // Fixing it clears the message.
        let good = steps
            .iter()
            .find(|(k, _)| *k == bad_name)
            .map_or("", |(_, v)| *v);
        set_field(&c, block, bad_name, good).await;
        assert_eq!(
            js(
                &c,
                "return document.getElementById(arguments[0]).hidden;",
                vec![json!(slot)]
            )
            .await,
            json!(true),
            "{block}: the message stays after the fix"
        );

        // Share link: the inputs come back on a fresh load.
        let inputs = form_pairs(&c, block).await;
        c.find(Locator::Css(&format!("#{block} .calc-share")))
            .await
            .expect("share button")
            .click()
            .await
            .expect("click share");
        let link = js(
            &c,
            "return document.getElementById(arguments[0] + '-share-link')?.value;",
            vec![json!(block)],
        )
        .await;
        let link = link.as_str().expect("the share link is shown").to_string();
        // (The browser percent-encodes a page path in Chinese, such as /loan/还款协商/.)
        assert!(
            e2e::percent_decode(&link).starts_with(&format!("{url}#{block}?")),
            "share link {link} is not this page's fragment"
        );
        assert_eq!(
            js(&c, "return location.href;", vec![]).await,
            json!(link),
            "the address bar holds the link"
        );
        c.goto("about:blank").await.unwrap();
        c.goto(&link).await.expect("open the share link");
        wait_until(
            &c,
            "const s = document.getElementById(arguments[0]);\
             return !!s && s.hasAttribute('data-live');",
            vec![json!(block)],
            "the module to start from the share link",
        )
        .await;
        let restored = form_pairs(&c, block).await;
        assert_eq!(restored, inputs, "{block}: inputs from the share link");
        assert_eq!(
            shown_figures(&c, block).await,
            want,
            "{block}: figures from the share link"
        );

        // The print view: the page as printed (print CSS), saved as a PDF artifact.
        let pdf = c
            .print(fantoccini::wd::PrintConfiguration::default())
            .await
            .expect("print the page");
        assert!(pdf.starts_with(b"%PDF"), "{block}: printing gave no PDF");
        std::fs::write(artifacts().join(format!("{stem}-print.pdf")), pdf).unwrap();

        // Nothing went to another origin.
        let foreign = js(
            &c,
            "return performance.getEntriesByType('resource').map(e => e.name)\
               .filter(n => new URL(n).origin !== location.origin);",
            vec![],
        )
        .await;
        assert_eq!(foreign, json!([]), "{block}: requests to other origins");
    }
    // The modules load only their own files: the boot module, each kind's glue and wasm.
    let paths = server.requests.lock().unwrap().clone();
    for p in paths.iter().filter(|p| p.starts_with("/calc/")) {
        let name = p.trim_start_matches("/calc/");
        // boot-<hash>.js, or <kinds>-<hash>.js|.wasm with the kinds' codes joined by `+`.
        let (prefix, _) = name.rsplit_once('-').unwrap_or(("", ""));
        assert!(
            prefix == "boot"
                || (!prefix.is_empty() && prefix.split('+').all(|k| Kind::from_code(k).is_some())),
            "unexpected request {p}"
        );
    }
    // The page with exactly card and apr loaded their combined module.
    assert!(
        paths
            .iter()
            .any(|p| p.starts_with("/calc/card+apr-") && p.ends_with(".wasm")),
        "the combined card+apr module was not loaded: {paths:?}"
    );
    c.close().await.unwrap();

    // JavaScript off: the static result from the build is there, the form stays hidden.
    let c = driver.session(390, 5000, false).await;
    for (i, (_, page, block)) in site.blocks.iter().enumerate() {
        let stem = artifact_stem(&site.blocks, i);
        c.goto(&format!("{}{page}", server.base)).await.unwrap();
        let section = c.find(Locator::Id(block)).await.expect("section");
        let text = section.text().await.unwrap();
        let values = harness::static_values(&site.dist, page, block);
        assert!(
            !values.is_empty(),
            "{block}: the built page has no static figures"
        );
        for v in &values {
            assert!(
                text.contains(v.as_str()),
                "{block} without JavaScript: {v} missing in\n{text}"
            );
        }
        let form = c
            .find(Locator::Css(&format!("#{block} form")))
            .await
            .unwrap();
        assert!(
            !form.is_displayed().await.unwrap(),
            "{block}: the form shows without JavaScript"
        );
        // And the reader is told why there is no form.
        assert!(
            text.contains("这是文中例子算出的结果") && text.contains("开启 JavaScript"),
            "{block} without JavaScript:\n{text}"
        );
        let png = block_png(&c, block).await;
        std::fs::write(artifacts().join(format!("{stem}-nojs.png")), png).unwrap();
    }
    c.close().await.unwrap();

    // Under `script-src 'self'` without 'wasm-unsafe-eval', Chromium refuses to compile
    // WebAssembly: the page keeps its static result and its form stays hidden.
    let strict = harness::Server::start(&site.dist, "default-src 'self'; script-src 'self'");
    let c = driver.session(390, 5000, true).await;
    let (_, page, block) = &site.blocks[0];
    c.goto(&format!("{}{page}", strict.base)).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let state = js(
        &c,
        "const s = document.getElementById(arguments[0]);\
         return [s.hasAttribute('data-live'), s.querySelector('form').hidden,\
           s.querySelectorAll('.calc-result .calc-figure').length > 0];",
        vec![json!(block)],
    )
    .await;
    assert_eq!(
        state,
        json!([false, true, true]),
        "{block} under a strict CSP: the static result should stay"
    );
    c.close().await.unwrap();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// A page loads one module per kind of its blocks, and each module attaches only the blocks
/// of its own kind (`Kind::enabled`), so two modules never both drive one block. Built with
/// a theme holding only the `card` module: on the page with a block of every kind, the card
/// block comes alive and every other block keeps its static result with its form hidden.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_module_attaches_only_the_blocks_of_its_kind() {
    let root = harness::root();
    let theme = root.join("target/e2e-browser-card-theme");
    let _ = std::fs::remove_dir_all(&theme);
    for sub in ["templates", "static", "calc/card"] {
        e2e::copy_dir(&root.join("theme").join(sub), &theme.join(sub));
    }
    std::fs::copy(
        root.join("theme/calc/calc_wasm.js"),
        theme.join("calc/calc_wasm.js"),
    )
    .unwrap();
    let site =
        harness::build_site_with_theme(&root.join("target/e2e-browser-card-only"), &theme, |_| {});
    let (_, page, card) = site
        .blocks
        .iter()
        .find(|(k, p, _)| *k == Kind::Card && site.blocks.iter().any(|(o, q, _)| o != k && q == p))
        .expect("a card block on a page with other kinds")
        .clone();
    let others: Vec<&str> = site
        .blocks
        .iter()
        .filter(|(k, p, _)| *k != Kind::Card && *p == page)
        .map(|(_, _, b)| b.as_str())
        .collect();
    let server = harness::Server::start(&site.dist, CSP);
    let mut driver = chromium::Driver::start();
    let c = driver.session(390, 3000, true).await;
    c.goto(&format!("{}{page}", server.base))
        .await
        .expect("open the page");
    wait_for_module(&c, &card).await;
    // The module attaches every block in one pass at start: by now it is done.
    tokio::time::sleep(Duration::from_millis(300)).await;
    for block in others {
        let state = js(
            &c,
            "const s = document.getElementById(arguments[0]);\
             return [s.hasAttribute('data-live'), s.querySelector('form').hidden];",
            vec![json!(block)],
        )
        .await;
        assert_eq!(
            state,
            json!([false, true]),
            "{block} was attached by the card module"
        );
    }
    c.close().await.unwrap();
}

/// Issue 14: data is content. A row added to `content/data/lpr.csv` reaches the in-page
/// calculator through the page alone: the site is built again with the same committed
/// module (theme/calc/, byte for byte), and the page computes with the new row.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_row_added_to_content_data_is_used_without_rebuilding_the_module() {
    // A made-up rate for this test only (no real LPR was 2.50%): one row from 2026-03-20.
    let row = "2026-03-20,2.50,3.00\n";
    let module = std::fs::read(harness::root().join("theme/calc/apr/calc_wasm_bg.wasm")).unwrap();
    let dist = harness::root().join("target/e2e-browser-data-row");
    let mut changed = None;
    let site = harness::build_site_with(&dist, |c| {
        let lpr = c.join("data/lpr.csv");
        let text = std::fs::read_to_string(&lpr).unwrap();
        std::fs::write(&lpr, format!("{text}{row}")).unwrap();
        changed = Some(harness::content_data(c));
    });
    let changed = changed.expect("the content was changed");
    assert_eq!(
        changed.lpr.rows().len(),
        harness::fixture_data().lpr.rows().len() + 1
    );
    // The apr module published is the committed one: nothing was rebuilt.
    let published: Vec<_> = e2e::files(&site.dist.join("calc"), "wasm")
        .into_iter()
        .filter(|f| f.file_name().unwrap().to_string_lossy().starts_with("apr-"))
        .collect();
    assert_eq!(published.len(), 1, "{published:?}");
    assert_eq!(std::fs::read(&published[0]).unwrap(), module);

    let (_, page, block) = site
        .blocks
        .iter()
        .find(|(k, _, _)| *k == Kind::Apr)
        .expect("an apr block")
        .clone();
    let server = harness::Server::start(&site.dist, CSP);
    let mut driver = chromium::Driver::start();
    let c = driver.session(390, 3000, true).await;
    c.goto(&format!("{}{page}", server.base))
        .await
        .expect("open the page");
    wait_for_module(&c, &block).await;
    // A contract made after the new row: the cap is four times the LPR in force then.
    set_field(&c, &block, "contract_date", "2026-04-01").await;
    let pairs = form_pairs(&c, &block).await;
    let with_row = expected_with(Kind::Apr, &pairs, &changed).expect("valid inputs");
    let without_row = expected_with(Kind::Apr, &pairs, harness::fixture_data()).unwrap();
    let figures = |r: &calc::Report| -> Vec<(String, String)> {
        r.figures
            .iter()
            .map(|f| (f.label.clone(), f.value.clone()))
            .collect()
    };
    assert_ne!(
        figures(&with_row),
        figures(&without_row),
        "the new row must change the answer, or this test proves nothing"
    );
    assert!(
        figures(&with_row).iter().any(|(_, v)| v.contains("10.00%")),
        "{:?}",
        figures(&with_row)
    );
    assert_eq!(shown_figures(&c, &block).await, figures(&with_row));
    let _ = c.close().await;
}

/// The reader's clock in the issue-22 test: a fixed day after any build of this site, so
/// "today" cannot be the build's date by chance.
const READER_TODAY: &str = "2027-03-15";

/// Test-only: the page's `Date` reads [`READER_TODAY`] (at 09:00 local time, ticking on),
/// installed through the DevTools protocol before any script of the page runs. Nothing of
/// it ships.
async fn set_reader_clock(c: &Client) {
    let source = format!(
        "(() => {{ const R = Date; const off = new R('{READER_TODAY}T09:00:00').getTime() - R.now();\
         class D extends R {{ constructor(...a) {{ if (a.length) super(...a); else super(R.now() + off); }}\
           static now() {{ return R.now() + off; }} }}\
         window.Date = D; }})();"
    );
    c.issue_cmd(crate::pages::Cdp {
        cmd: "Page.addScriptToEvaluateOnNewDocument",
        params: json!({ "source": source }),
    })
    .await
    .expect("install the reader's clock");
}

/// A value each kind's reader may type in their own words, and what it means:
/// (field, as typed, as the calculator reads it). Limitation has dates only, which the
/// browser's date picker writes.
fn readers_words(kind: Kind) -> Option<(&'static str, &'static str, &'static str)> {
    Some(match kind {
        Kind::Penalty => ("principal", "5万", "50000"),
        Kind::Card => ("transactions.0.amount", "３０００元", "3000"),
        Kind::Grace => ("grace_days", "３天", "3"),
        Kind::CreditRecord => ("amount", "0.5万元", "5000"),
        Kind::Judgment => ("debt", "8万", "80000"),
        Kind::CourtFee => ("claim", "１２３万", "1230000"),
        Kind::Limitation => return None,
        Kind::Apr => ("schedule.1.count", "11期", "11"),
    })
}

/// The visible form controls above the top of the headline (one figure, one sentence).
async fn controls_before_headline(c: &Client, block: &str) -> Json {
    js(
        c,
        "const s = document.getElementById(arguments[0]);\
         const fig = s.querySelector('.calc-headline');\
         if (!fig) return -1;\
         const top = fig.getBoundingClientRect().top;\
         return [...s.querySelectorAll('input, select')].filter(e => e.type !== 'hidden' \
           && e.getClientRects().length && e.getBoundingClientRect().top < top \
           && !e.closest('.calc-share-box')).length;",
        vec![json!(block)],
    )
    .await
}

/// Issue 22, on a 390×844 phone whose clock says [`READER_TODAY`]: for the first block of
/// each kind, the example and 「用我的情况计算」, the reader's today, at most eight
/// controls before the headline, the reader's own words (「5万」, full-width digits,
/// 「11期」), a plain error that keeps the last result, adding and removing rows, reload
/// and share link restoring the inputs (the link landing on its calculator), and a
/// printout of one or two pages with only the calculator.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_goes_from_the_example_to_their_own_case() {
    let dist = harness::root().join("target/e2e-browser-own-case");
    let site = harness::build_site(&dist);
    let server = harness::Server::start(&site.dist, CSP);
    let mut driver = chromium::Driver::start();
    let c = driver.session(390, 844, true).await;
    set_reader_clock(&c).await;
    for kind in Kind::ALL {
        let (_, page, block) = site
            .blocks
            .iter()
            .find(|(k, _, _)| *k == kind)
            .expect("a block of each kind");
        let block = block.as_str();
        let url = format!("{}{page}", server.base);
        c.goto(&url).await.expect("open the page");
        wait_for_module(&c, block).await;
        assert_eq!(
            js(&c, "return new Date().toISOString().slice(0, 10);", vec![]).await,
            json!(READER_TODAY),
            "the test clock is not installed"
        );

        // The page on a phone: one disclaimer, no code to scan, nav links and the feed's
        // link 44 px and in Chinese.
        let page_state = js(
            &c,
            "const tall = e => e.getBoundingClientRect().height >= 44;\
             return { disclaimers: document.querySelectorAll('.disclaimer').length,\
               qr: [...document.querySelectorAll('.qr')].some(e => e.getClientRects().length > 0),\
               nav: [...document.querySelectorAll('.site-nav a')].every(tall),\
               feed: [...document.querySelectorAll('a[href$=\"atom.xml\"]')].map(a => a.textContent) };",
            vec![],
        )
        .await;
        assert_eq!(
            page_state,
            json!({ "disclaimers": 1, "qr": false, "nav": true, "feed": ["订阅本站更新"] }),
            "{page}"
        );

        // The example says it is one, and offers the reader's own case.
        let example = js(
            &c,
            "const e = document.querySelector('#' + arguments[0] + ' .calc-example');\
             return e && e.getClientRects().length ? e.innerText : null;",
            vec![json!(block)],
        )
        .await;
        let example = example.as_str().unwrap_or_default().to_string();
        assert!(
            example.contains("示例") && example.contains("用我的情况计算"),
            "{block}: {example:?}"
        );
        // The choice that says what the page is about (who lent, a card's plan) stays.
        let choices = "const f = document.getElementById(arguments[0]).querySelector('form');\
             return [...f.querySelectorAll('[data-keep]')]\
               .map(c => c.name + '=' + (c.type === 'checkbox' ? c.checked : c.value));";
        let example_choices = js(&c, choices, vec![json!(block)]).await;
        assert_eq!(
            example_choices.as_array().map(Vec::len),
            Some(calc::html::page_subject(kind).len()),
            "{block}: {example_choices}"
        );
        c.find(Locator::Css(&format!("#{block} .calc-own")))
            .await
            .expect("the own-case button")
            .click()
            .await
            .expect("click 用我的情况计算");
        // No example left: one empty row per list, no fixed field, defaults and today.
        let state = js(
            &c,
            "const s = document.getElementById(arguments[0]);\
             const f = s.querySelector('form');\
             return {\
               hidden: f.querySelectorAll('input[type=hidden]').length,\
               rows: [...f.querySelectorAll('.calc-list')].map(l => l.querySelectorAll('.calc-row').length),\
               filled: [...f.querySelectorAll('.calc-row input[name]')].filter(e => e.value).map(e => e.name),\
               today: [...f.querySelectorAll('input[data-default=today]')].map(e => e.value),\
               others: [...f.querySelectorAll('input[name]:not([data-default]):not([type=checkbox])')]\
                 .filter(e => e.value).map(e => e.name),\
               banner: !!s.querySelector('.calc-example').getClientRects().length };",
            vec![json!(block)],
        )
        .await;
        assert_eq!(state["hidden"], json!(0), "{block}: {state}");
        assert!(
            state["rows"].as_array().unwrap().iter().all(|n| n == 1),
            "{block}: {state}"
        );
        assert_eq!(state["filled"], json!([]), "{block}: {state}");
        assert_eq!(state["others"], json!([]), "{block}: {state}");
        for t in state["today"].as_array().unwrap() {
            assert_eq!(t, &json!(READER_TODAY), "{block}: {state}");
        }
        assert_eq!(state["banner"], json!(false), "{block}: {state}");
        assert_eq!(
            js(&c, choices, vec![json!(block)]).await,
            example_choices,
            "{block}: the page's own choices were reset"
        );

        // The reader's own case: a short form, then the headline.
        let mut own = edits(kind);
        if kind == Kind::Penalty {
            // (The article's example had it; the own case starts without.)
            own.push(("contract_date", "2023-06-01"));
        }
        for &(name, value) in &own {
            set_field(&c, block, name, value).await;
        }
        let pairs = form_pairs(&c, block).await;
        let report = expected(kind, &pairs)
            .unwrap_or_else(|e| panic!("{block}: own case invalid: {}", e.message));
        let figures = |r: &calc::Report| -> Vec<(String, String)> {
            r.figures
                .iter()
                .map(|f| (f.label.clone(), f.value.clone()))
                .collect()
        };
        assert_eq!(shown_figures(&c, block).await, figures(&report), "{block}");
        // The headline: the figure calc leads with and its plain sentence.
        let lead = report.headline.as_ref().expect("every kind has a headline");
        let f = &report.figures[lead.figure];
        assert_eq!(
            js(
                &c,
                "const h = document.querySelector('#' + arguments[0] + ' .calc-result .calc-headline');\
                 return h && [h.querySelector('.calc-lead-label').textContent,\
                   h.querySelector('.calc-lead-value').textContent,\
                   h.querySelector('.calc-sentence').textContent];",
                vec![json!(block)],
            )
            .await,
            json!([f.label, f.value, lead.sentence]),
            "{block}: the headline"
        );
        assert!(lead.sentence.ends_with('。'), "{block}: {}", lead.sentence);
        let before = controls_before_headline(&c, block).await;
        assert!(
            before.as_i64().is_some_and(|n| (1..=8).contains(&n)),
            "{block} ({}): {before} controls before the headline",
            kind.code()
        );
        let png = block_png(&c, block).await;
        std::fs::write(artifacts().join(format!("own-{}.png", kind.code())), png).unwrap();

        // The reader's own words mean what they say.
        if let Some((name, typed, plain)) = readers_words(kind) {
            set_field(&c, block, name, typed).await;
            let mut plain_pairs = form_pairs(&c, block).await;
            for p in plain_pairs.iter_mut().filter(|(k, _)| k == name) {
                p.1 = plain.to_string();
            }
            let want = figures(&expected(kind, &plain_pairs).expect("valid"));
            assert_eq!(shown_figures(&c, block).await, want, "{block}: {typed}");
            let error_shown = js(
                &c,
                "return !document.getElementById(arguments[0] + '-error').hidden;",
                vec![json!(block)],
            )
            .await;
            assert_eq!(error_shown, json!(false), "{block}: {typed} refused");
        }

        // A plain error: the field named in Chinese and marked, what to type, no field
        // path, and the last good result still there.
        let (bad_name, bad_value) = invalid(kind);
        set_field(&c, block, bad_name, bad_value).await;
        let shown = js(
            &c,
            "const s = document.getElementById(arguments[0]);\
             const e = document.getElementById(arguments[0] + '-error');\
             return { text: e.hidden ? null : e.textContent,\
               marked: [...s.querySelectorAll('[aria-invalid=true]')].map(x => x.name),\
               stale: s.querySelector('.calc-result').hasAttribute('data-stale'),\
               figures: s.querySelectorAll('.calc-result .calc-figure').length };",
            vec![json!(block)],
        )
        .await;
        let text = shown["text"].as_str().unwrap_or_default();
        assert!(
            text.starts_with('“') && !text.is_empty(),
            "{block}: {shown}"
        );
        assert!(
            !text.contains(bad_name.split('.').next().unwrap()) && !text.contains('['),
            "{block}: a field path reaches the reader: {text}"
        );
        assert!(
            shown["stale"] == json!(true) && shown["figures"].as_u64() > Some(0),
            "{block}: {shown}"
        );
        assert!(
            shown["marked"].as_array().unwrap().iter().any(|n| n
                .as_str()
                .is_some_and(|n| form_name(bad_name).starts_with(&form_name(n)) || n == bad_name)),
            "{block}: {shown}"
        );
        std::fs::write(
            artifacts().join(format!("own-{}-error.png", kind.code())),
            block_png(&c, block).await,
        )
        .unwrap();
        let good = own
            .iter()
            .find(|(k, _)| *k == bad_name)
            .map_or("", |(_, v)| v);
        set_field(&c, block, bad_name, good).await;

        // On the phone every table column is on the screen (cells wrap), and every
        // control and button is at least 44 px tall.
        let layout = js(
            &c,
            "const s = document.getElementById(arguments[0]);\
             const w = document.documentElement.clientWidth;\
             const cut = [...s.querySelectorAll('.calc-table th')].filter(th => th.getBoundingClientRect().right > w + 0.5).map(th => th.textContent);\
             const small = [...s.querySelectorAll('input:not([type=hidden]), select, button, summary')]\
               .filter(e => e.getClientRects().length && e.getBoundingClientRect().height < 44)\
               .map(e => (e.name || e.className || e.tagName) + ' ' + e.getBoundingClientRect().height);\
             return [cut, small];",
            vec![json!(block)],
        )
        .await;
        assert_eq!(
            layout,
            json!([[], []]),
            "{block}: columns off-screen, small targets"
        );
        if kind == Kind::Penalty {
            // 持牌机构 shows no 民间借贷-only field.
            let shown =
                "return [...document.querySelectorAll('#' + arguments[0] + ' [data-when]')]\
                 .map(f => !f.hidden);";
            set_field(&c, block, "regime", "licensed").await;
            assert_eq!(
                js(&c, shown, vec![json!(block)]).await,
                json!([false, false])
            );
            set_field(&c, block, "regime", "private").await;
            assert_eq!(js(&c, shown, vec![json!(block)]).await, json!([true, true]));
        }

        // Rows: 「添加一行」 adds a numbered empty row, 「删去这一行」 removes it.
        let rows = js(
            &c,
            "const l = document.querySelector('#' + arguments[0] + ' .calc-list');\
             if (!l) return null;\
             const n = () => l.querySelectorAll('.calc-row').length;\
             const before = n();\
             l.querySelector(':scope > .calc-add').click();\
             const added = n();\
             const last = [...l.querySelectorAll('.calc-row')].pop();\
             const names = [...last.querySelectorAll('[name]')].map(e => e.name + '=' + e.value);\
             last.querySelector('.calc-remove').click();\
             return [before, added, n(), names];",
            vec![json!(block)],
        )
        .await;
        if !rows.is_null() {
            let before = rows[0].as_u64().unwrap();
            assert_eq!(rows[1].as_u64(), Some(before + 1), "{block}: {rows}");
            assert_eq!(rows[2].as_u64(), Some(before), "{block}: {rows}");
            for n in rows[3].as_array().unwrap() {
                let n = n.as_str().unwrap();
                assert!(
                    n.contains(&format!(".{before}")) && n.ends_with('='),
                    "{block}: the new row is {rows}"
                );
            }
        }

        // The address follows the form: a reload brings the inputs back.
        let typed_pairs = form_pairs(&c, block).await;
        let address = js(&c, "return location.href;", vec![]).await;
        assert!(
            address
                .as_str()
                .is_some_and(|a| a.contains(&format!("#{block}?"))),
            "{block}: the address did not follow the form: {address}"
        );
        js(&c, "location.reload(); return true;", vec![]).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        wait_for_module(&c, block).await;
        assert_eq!(
            form_pairs(&c, block).await,
            typed_pairs,
            "{block}: after reload"
        );
        // And back after leaving the page.
        c.goto("about:blank").await.unwrap();
        c.back().await.expect("back");
        wait_for_module(&c, block).await;
        assert_eq!(
            form_pairs(&c, block).await,
            typed_pairs,
            "{block}: after back"
        );

        // A share link opened afresh lands on its calculator.
        c.goto("about:blank").await.unwrap();
        c.goto(address.as_str().unwrap()).await.unwrap();
        wait_for_module(&c, block).await;
        wait_until(
            &c,
            "const r = document.getElementById(arguments[0]).getBoundingClientRect();\
             return r.top >= -1 && r.top < innerHeight / 2;",
            vec![json!(block)],
            "the share link to land on its calculator",
        )
        .await;
        assert_eq!(
            form_pairs(&c, block).await,
            typed_pairs,
            "{block}: share link"
        );
        let flash = js(
            &c,
            "return document.getElementById(arguments[0]).hasAttribute('data-flash');",
            vec![json!(block)],
        )
        .await;
        assert_eq!(flash, json!(true), "{block}: not highlighted");

        // A share link restores any number of rows; beyond the stated limit it says so.
        let list = js(
            &c,
            "const l = document.querySelector('#' + arguments[0] + ' .calc-list');\
             const e = l && l.querySelector('[name]');\
             return e ? [e.name, e.type] : null;",
            vec![json!(block)],
        )
        .await;
        if let Some(first) = list[0].as_str() {
            let base = address
                .as_str()
                .unwrap()
                .split('#')
                .next()
                .unwrap()
                .to_string();
            let (list_name, rest) = first.split_once(".0").unwrap();
            let far = format!("{list_name}.7{rest}");
            let value = if list[1] == json!("date") {
                "2024-01-02"
            } else {
                "12"
            };
            c.goto("about:blank").await.unwrap();
            c.goto(&format!("{base}#{block}?{}={value}", far))
                .await
                .unwrap();
            wait_for_module(&c, block).await;
            let got = js(
                &c,
                "const f = document.getElementById(arguments[0]).querySelector('form');\
                 return [f.elements[arguments[1]]?.value ?? null,\
                   document.getElementById(arguments[0] + '-' + arguments[2]).querySelectorAll('.calc-row').length];",
                vec![json!(block), json!(far), json!(list_name)],
            )
            .await;
            assert_eq!(
                got,
                json!([value, 8]),
                "{block}: an eighth row from the link"
            );
            let beyond = format!("{list_name}.1000{rest}");
            c.goto("about:blank").await.unwrap();
            c.goto(&format!("{base}#{block}?{}={value}", beyond))
                .await
                .unwrap();
            wait_for_module(&c, block).await;
            let said = js(
                &c,
                "const e = document.getElementById(arguments[0] + '-error');\
                 return e.hidden ? null : e.textContent;",
                vec![json!(block)],
            )
            .await;
            assert!(
                said.as_str().is_some_and(|t| t.contains("最多 1000 行")),
                "{block}: a row beyond the limit was dropped without a word: {said}"
            );
            c.goto("about:blank").await.unwrap();
            c.goto(address.as_str().unwrap()).await.unwrap();
            wait_for_module(&c, block).await;
            let rows = js(
                &c,
                "return document.querySelectorAll('#' + arguments[0] + ' .calc-row').length;",
                vec![json!(block)],
            )
            .await;
            assert!(rows.as_u64() < Some(20), "{block}: {rows} rows made");
        }

        // 「打印结果」 prints the calculator alone: one or two A4 pages. (The test replaces
        // the browser's print dialog; the button does the rest.)
        js(&c, "window.print = () => {}; return true;", vec![]).await;
        c.find(Locator::Css(&format!("#{block} .calc-print")))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let config = fantoccini::wd::PrintConfiguration::builder()
            .size(fantoccini::wd::PrintSize::A4)
            .build()
            .expect("A4");
        let pdf = c.print(config).await.expect("print the calculator");
        let pages = harness::pdf_pages(&pdf);
        std::fs::write(
            artifacts().join(format!("own-{}-print.pdf", kind.code())),
            &pdf,
        )
        .unwrap();
        assert!((1..=2).contains(&pages), "{block}: printed {pages} pages");
    }
    c.close().await.unwrap();
}

/// Issue 22: the search page reserves the results' space, so a `?q=` link does not push
/// the page about when the results arrive (cumulative layout shift under 0.1).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_results_do_not_shift_the_page() {
    let dist = harness::root().join("target/e2e-browser-search-cls");
    let site = harness::build_site(&dist);
    let server = harness::Server::start(&site.dist, CSP);
    let mut driver = chromium::Driver::start();
    // A phone, and a wide window where the footer is in sight before the results come.
    for (width, height) in [(390, 844), (1280, 900)] {
        let c = driver.session(width, height, true).await;
        c.issue_cmd(crate::pages::Cdp {
            cmd: "Page.addScriptToEvaluateOnNewDocument",
            params: json!({ "source": "window.__cls = 0; new PerformanceObserver(l => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; }).observe({ type: 'layout-shift', buffered: true });" }),
        })
        .await
        .expect("the layout-shift observer");
        // A slow network: the page paints before the index arrives, as a reader sees it
        // (on a fast local server the results could come before the first paint).
        c.issue_cmd(crate::pages::Cdp {
            cmd: "Network.enable",
            params: json!({}),
        })
        .await
        .expect("the network domain");
        c.issue_cmd(crate::pages::Cdp {
            cmd: "Network.emulateNetworkConditions",
            params: json!({ "offline": false, "latency": 300, "downloadThroughput": 200_000, "uploadThroughput": 100_000 }),
        })
        .await
        .expect("a slow network");
        c.goto(&format!("{}/search/?q={}", server.base, "宽限期"))
            .await
            .expect("open the search page");
        let waiting = js(
            &c,
            "return [document.querySelectorAll('.search-result').length, \
               document.querySelector('.site-footer').getBoundingClientRect().top < innerHeight];",
            vec![],
        )
        .await;
        wait_until(
            &c,
            "return document.querySelectorAll('.search-result').length > 0;",
            vec![],
            "search results",
        )
        .await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let cls = js(&c, "return window.__cls;", vec![]).await;
        println!("{width}×{height}: before the results {waiting}; layout shift {cls}");
        assert_eq!(
            waiting[0],
            json!(0),
            "the results came before the first look"
        );
        assert!(
            cls.as_f64().is_some_and(|v| v < 0.1),
            "{width}×{height}: layout shift {cls}"
        );
        c.close().await.unwrap();
    }
}

/// The reader trial's small targets (site nav 40 px, tag links 34, list titles 26, a
/// statute's clause links 24): on a 390 px phone every link a thumb taps outside running
/// text is at least 44 px tall, on the home page, an article, the tags and a statute.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_outside_running_text_are_44_px_tall() {
    let dist = harness::root().join("target/e2e-browser-targets");
    let site = harness::build_site(&dist);
    let server = harness::Server::start(&site.dist, CSP);
    let mut driver = chromium::Driver::start();
    let c = driver.session(390, 844, true).await;
    let (_, article, _) = &site.blocks[0];
    for page in ["/", article.as_str(), "/tags/", "/laws/minfadian/"] {
        c.goto(&format!("{}{page}", server.base)).await.unwrap();
        let small = js(
            &c,
            "return [...document.querySelectorAll('.site-nav a, .breadcrumb a, .summary h2 a, \
               .tags a, .tag-cloud a, .pager a, .prev-next a, .related a, .statute .clause h2 a')]\
               .filter(a => a.getClientRects().length && a.getBoundingClientRect().height < 44)\
               .map(a => a.textContent.trim() + ' ' + a.getBoundingClientRect().height);",
            vec![],
        )
        .await;
        assert_eq!(small, json!([]), "{page}: links under 44 px");
    }
    c.close().await.unwrap();
}
