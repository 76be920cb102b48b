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

use calc::html::{error_id, form_name, value_from_form};
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
         const e = [...f.elements].find(e => e.name === arguments[1]);\
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
        assert_eq!(
            shown_error,
            json!(error.message),
            "{block}: message in {slot}"
        );
        let summary = js(
            &c,
            "return document.querySelector('#' + arguments[0] + ' .calc-error-summary')?.textContent;",
            vec![json!(block)],
        )
        .await;
        assert_eq!(summary, json!(error.message), "{block}: error summary");
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
