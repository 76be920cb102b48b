//! End-to-end checks of the real site (content/ with theme/): every page is valid HTML by
//! the Nu HTML Checker, axe-core finds no violation in headless Chromium (light and dark)
//! on the home page, an article with a calculator, a statute page and a tag page, nothing
//! is loaded from another origin, and an article page with its calculator stays under the
//! page-weight ceiling (the budget is 100 KB gzipped; see `BUDGET`). Phone-width screenshots go to tests/artifacts/.
//!
//! Needs what `.ci/install` installs: Java and `tests/node_modules` (vnu-jar, axe-core),
//! `chromium` and `chromedriver`. A browser that cannot start always fails (the browser
//! tests' driver, support/chromium.rs), and so does a missing checker (Java,
//! tests/node_modules): a check that cannot run is never counted as passed.

use crate::{chromium, harness};

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::Client;
use serde_json::{json, Value};

/// Pages are at most this many bytes gzipped: HTML, CSS, JS and WebAssembly together
/// (the budget, 100 KiB). A page loads only the calculator modules of its blocks' kinds:
/// the heaviest article, interest/card-personalised-instalments (apr and card, one combined
/// module of 44.3 KiB), weighs 71,667 bytes (70.0 KiB) on 2026-12-06; lawsuit/after-judgment,
/// 101,996 bytes with the one module of all kinds, loads the judgment module only.
const BUDGET: u64 = 100 * 1024;
/// The phone the screenshots and the axe runs use (CSS pixels).
const PHONE: (u32, u32) = (390, 844);
/// The header the site is served with, as in the calculator's browser tests: no inline
/// script, nothing from another origin.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'";

fn repo() -> PathBuf {
    harness::root()
}

/// A check that cannot run fails, saying how to install what it needs.
fn unavailable(what: &str) -> ! {
    panic!("{what}: run `bash .ci/install`, which installs the page checkers");
}

/// The real site (content/ with theme/), built once with the generator (`gen::build`, what
/// its CLI runs) for the address of the test server that serves it.
struct Site {
    out: PathBuf,
    base: String,
    _dir: tempfile::TempDir,
}

fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("dist");
        let server = harness::Server::start(&out, CSP);
        let base = format!("{}/", server.base);
        let opts = gen::BuildOptions {
            base_url: Some(base.clone()),
            ..harness::options(&repo().join("content"), &repo().join("theme"), &out)
        };
        if let Err(p) = gen::build(&opts) {
            panic!("build failed:\n{p}");
        }
        Site {
            out,
            base,
            _dir: dir,
        }
    })
}

/// The values of `attr="…"` in `html` (the generator always quotes with `"`).
fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let pat = format!(" {attr}=\"");
    html.match_indices(&pat)
        .filter_map(|(i, _)| {
            let rest = &html[i + pat.len()..];
            rest.find('"').map(|e| rest[..e].replace("&amp;", "&"))
        })
        .collect()
}

/// The file of the built site that `url` (absolute or relative to `page`'s URL) names,
/// when it is on the site.
fn local_file(site: &Site, page_url: &str, url: &str) -> Option<PathBuf> {
    let abs = if url.starts_with("http://") || url.starts_with("https://") {
        url.to_string()
    } else if let Some(rest) = url.strip_prefix('/') {
        format!(
            "{}{rest}",
            site.base.trim_end_matches('/').to_string() + "/"
        )
    } else {
        let dir = &page_url[..page_url.rfind('/').map_or(0, |i| i + 1)];
        let mut parts: Vec<&str> = dir.trim_end_matches('/').split('/').collect();
        for seg in url.split('/') {
            match seg {
                "." => {}
                ".." => {
                    parts.pop();
                }
                s => parts.push(s),
            }
        }
        parts.join("/")
    };
    let rest = abs.strip_prefix(&site.base)?;
    let rest = e2e::percent_decode(rest.split(['?', '#']).next().unwrap());
    let mut p = site.out.join(&rest);
    if rest.is_empty() || rest.ends_with('/') {
        p = p.join("index.html");
    }
    p.is_file().then_some(p)
}

fn page_url(site: &Site, file: &Path) -> String {
    let rel = file
        .strip_prefix(&site.out)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/");
    let rel = rel.strip_suffix("index.html").unwrap_or(&rel);
    format!("{}{rel}", site.base)
}

fn gzip_len(data: &[u8]) -> u64 {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).unwrap();
    e.finish().unwrap().len() as u64
}

fn calculator_pages(site: &Site) -> Vec<PathBuf> {
    e2e::files(&site.out, "html")
        .into_iter()
        .filter(|f| {
            fs::read_to_string(f)
                .unwrap()
                .contains("class=\"calculator\"")
        })
        .collect()
}

/// The letter templates' pages (`letters/<slug>/`, issue 27).
fn letter_pages(site: &Site) -> Vec<PathBuf> {
    e2e::files(&site.out.join("letters"), "html")
        .into_iter()
        .filter(|f| {
            fs::read_to_string(f)
                .unwrap()
                .contains("id=\"letter-form\"")
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// The Nu HTML Checker over every page (and the stylesheets).

#[test]
fn every_page_is_valid_html() {
    let site = site();
    let pages = e2e::files(&site.out, "html");
    let stylesheets = e2e::files(&site.out, "css");
    assert!(pages.len() > 20, "only {} pages built", pages.len());
    let jar = repo().join("tests/node_modules/vnu-jar/build/dist/vnu.jar");
    if !jar.is_file() {
        unavailable(&format!("{} is missing", jar.display()));
    }
    let out = match Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "gnu", "--also-check-css"])
        .args(&pages)
        .args(&stylesheets)
        .output()
    {
        Ok(o) => o,
        Err(e) => unavailable(&format!("cannot run java: {e}")),
    };
    let report =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    let report = report.replace(&format!("{}/", site.out.display()), "");
    assert!(
        out.status.success() && report.trim().is_empty(),
        "the Nu HTML Checker found errors in the built site:\n{report}"
    );
    println!(
        "vnu: {} pages and {} stylesheets, no errors",
        pages.len(),
        stylesheets.len()
    );
}

// ---------------------------------------------------------------------------------------
// Nothing from another origin, no web fonts.

#[test]
fn nothing_is_loaded_from_another_origin() {
    let site = site();
    for f in e2e::files(&site.out, "html") {
        let html = fs::read_to_string(&f).unwrap();
        let url = page_url(site, &f);
        // Everything a page loads by itself: stylesheets, scripts, images, frames, media.
        for tag in [
            "<link ", "<script ", "<img ", "<iframe ", "<source ", "<video ", "<audio ", "<embed ",
            "<object ",
        ] {
            for (i, _) in html.match_indices(tag) {
                let end = html[i..].find('>').map_or(html.len(), |e| i + e);
                let el = &html[i..end];
                if tag == "<link "
                    && !el.contains("rel=\"stylesheet\"")
                    && !el.contains("rel=\"preload\"")
                    && !el.contains("rel=\"icon\"")
                    && !el.contains("rel=\"modulepreload\"")
                {
                    continue;
                }
                for a in ["src", "href", "data", "srcset"] {
                    for v in attr_values(el, a) {
                        assert!(
                            local_file(site, &url, &v).is_some() || v.starts_with("data:"),
                            "{}: {el}> loads {v}, not a file of the site",
                            f.display()
                        );
                    }
                }
            }
        }
    }
    for f in e2e::files(&site.out, "css") {
        let css = fs::read_to_string(&f).unwrap();
        assert!(!css.contains("@import"), "{}: @import", f.display());
        assert!(!css.contains("@font-face"), "{}: web fonts", f.display());
        assert!(!css.contains("url("), "{}: url() loads a file", f.display());
    }
}

// ---------------------------------------------------------------------------------------
// The page-weight budget.

/// The files an article page loads: itself, its stylesheets, its scripts and what those
/// import or fetch by a relative URL (the calculator's glue and WebAssembly).
fn page_files(site: &Site, page: &Path) -> Vec<PathBuf> {
    let url = page_url(site, page);
    let html = fs::read_to_string(page).unwrap();
    let mut found = vec![page.to_path_buf()];
    let mut queue: Vec<(String, String)> = Vec::new();
    for (i, _) in html.match_indices("<link ") {
        let el = &html[i..i + html[i..].find('>').unwrap()];
        if el.contains("rel=\"stylesheet\"") {
            queue.extend(
                attr_values(el, "href")
                    .into_iter()
                    .map(|h| (url.clone(), h)),
            );
        }
    }
    for (i, _) in html.match_indices("<script ") {
        let el = &html[i..i + html[i..].find('>').unwrap()];
        queue.extend(attr_values(el, "src").into_iter().map(|h| (url.clone(), h)));
    }
    while let Some((from, href)) = queue.pop() {
        let Some(file) = local_file(site, &from, &href) else {
            continue;
        };
        if found.contains(&file) {
            continue;
        }
        found.push(file.clone());
        if file.extension().is_some_and(|e| e == "js") {
            let js = fs::read_to_string(&file).unwrap();
            let file_url = page_url(site, &file);
            for q in ['"', '\''] {
                for part in js.split(q).skip(1).step_by(2) {
                    if (part.starts_with("./") || part.starts_with("../"))
                        && (part.ends_with(".js") || part.ends_with(".wasm"))
                    {
                        queue.push((file_url.clone(), part.to_string()));
                    }
                }
            }
        }
    }
    found
}

#[test]
fn article_with_calculator_within_budget() {
    let site = site();
    let pages = calculator_pages(site);
    assert!(!pages.is_empty(), "no article with a calculator was built");
    let mut worst = (0, String::new());
    for page in &pages {
        let rel = page.strip_prefix(&site.out).unwrap().display().to_string();
        let files = page_files(site, page);
        let mut total = 0;
        println!("page weight of {rel}:");
        for f in &files {
            let data = fs::read(f).unwrap();
            let gz = gzip_len(&data);
            total += gz;
            println!(
                "  {:>9} bytes, {:>8} gzipped  {}",
                data.len(),
                gz,
                f.strip_prefix(&site.out).unwrap().display()
            );
        }
        let has_wasm = files
            .iter()
            .any(|f| f.extension().is_some_and(|e| e == "wasm"));
        println!(
            "  total {total} bytes gzipped ({:.1} KB of {} KB){}",
            total as f64 / 1024.0,
            BUDGET / 1024,
            if has_wasm {
                ""
            } else {
                " — the calculator's JS and WebAssembly are not built (theme/calc/), not counted"
            }
        );
        if total > worst.0 {
            worst = (total, rel.clone());
        }
        assert!(
            total <= BUDGET,
            "{rel}: {total} bytes gzipped, over the budget of {BUDGET}"
        );
    }
    println!("heaviest: {} at {} bytes gzipped", worst.1, worst.0);
}

/// Issue 27: a letter page (its HTML, the stylesheet, letter.js) is within the budget too.
#[test]
fn letter_pages_within_budget() {
    let site = site();
    let pages = letter_pages(site);
    assert!(!pages.is_empty(), "no letter page was built");
    for page in &pages {
        let rel = page.strip_prefix(&site.out).unwrap().display().to_string();
        let files = page_files(site, page);
        assert!(
            files
                .iter()
                .any(|f| f.to_string_lossy().contains("letter-")),
            "{rel} loads no letter script: {files:?}"
        );
        let total: u64 = files.iter().map(|f| gzip_len(&fs::read(f).unwrap())).sum();
        println!(
            "page weight of {rel}: {total} bytes gzipped ({} files)",
            files.len()
        );
        assert!(
            total <= BUDGET,
            "{rel}: {total} bytes gzipped, over the budget of {BUDGET}"
        );
    }
}

/// A page loads the calculator modules of the kinds of its blocks and no other (one module
/// per kind, or one of several kinds, crates/build-wasm): the WebAssembly files its boot
/// script imports are `calc/<kinds>-<hash>.wasm` (codes joined by `+`) that together cover
/// each `data-kind` on the page once. The real site has pages with one kind and a page
/// with two (interest/card-personalised-instalments: apr and card).
#[test]
fn a_page_loads_only_the_modules_of_its_kinds() {
    let site = site();
    let mut pages_with_two = 0;
    for page in calculator_pages(site) {
        let rel = page.strip_prefix(&site.out).unwrap().display().to_string();
        let html = fs::read_to_string(&page).unwrap();
        let mut kinds = attr_values(&html, "data-kind");
        kinds.sort();
        kinds.dedup();
        let mut loaded: Vec<String> = page_files(site, &page)
            .iter()
            .filter(|f| f.extension().is_some_and(|e| e == "wasm"))
            .flat_map(|f| {
                let name = f.file_name().unwrap().to_string_lossy().into_owned();
                let (kinds, _hash) = name.rsplit_once('-').expect("calc/<kinds>-<hash>.wasm");
                kinds.split('+').map(String::from).collect::<Vec<_>>()
            })
            .collect();
        loaded.sort();
        assert_eq!(loaded, kinds, "{rel} loads the modules of other kinds");
        pages_with_two += usize::from(kinds.len() > 1);
    }
    assert!(pages_with_two > 0, "no page with blocks of two kinds");
}

// ---------------------------------------------------------------------------------------
// Headless Chromium through the browser tests' driver (support/chromium.rs, fantoccini),
// with Chromium's DevTools commands for phone metrics, dark mode and whole-page shots.

/// `POST /session/{id}/goog/cdp/execute`: one Chrome DevTools Protocol command.
#[derive(Debug)]
pub(crate) struct Cdp {
    pub(crate) cmd: &'static str,
    pub(crate) params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({"cmd": self.cmd, "params": self.params});
        (http::Method::POST, Some(body.to_string()))
    }
}

struct Browser {
    client: Client,
}

impl Browser {
    async fn cdp(&self, cmd: &'static str, params: Value) -> Value {
        self.client
            .issue_cmd(Cdp { cmd, params })
            .await
            .unwrap_or_else(|e| panic!("{cmd}: {e}"))
    }

    /// Phone (or desktop) metrics: CSS pixels, device pixel ratio, mobile or not.
    async fn metrics(&self, width: u32, height: u32, scale: u32, mobile: bool) {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": scale, "mobile": mobile}),
        )
        .await;
    }

    async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("{url}: {e}"));
    }

    async fn run(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("{e}: {script}"))
    }

    async fn run_async(&self, script: &str) -> Value {
        self.client
            .execute_async(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("{e}: {script}"))
    }

    async fn media(&self, media: &str, scheme: &str) {
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({"media": media, "features": [{"name": "prefers-color-scheme", "value": scheme}]}),
        )
        .await;
    }

    /// A PNG at the current width: the whole page, or what the screen shows.
    async fn screenshot(&self, to: &Path, whole: bool) {
        let shot = self
            .cdp(
                "Page.captureScreenshot",
                json!({"format": "png", "captureBeyondViewport": whole, "fromSurface": true}),
            )
            .await;
        let png = base64(shot["data"].as_str().expect("screenshot data"));
        fs::write(to, png).unwrap();
        println!("screenshot: {}", to.display());
    }
}

fn base64(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let bytes: Vec<u8> = s
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
        .collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= u32::from(val(c)) << (18 - 6 * i);
        }
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

// ---------------------------------------------------------------------------------------
// axe-core in headless Chromium, and the screenshots.

const AXE_RUN: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, { resultTypes: ['violations'] })
  .then(r => done(r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\s+/g, ' '))
  }))))
  .catch(e => done([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }]));
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_finds_no_violation_and_screenshots() {
    let site = site();
    let axe_file = repo().join("tests/node_modules/axe-core/axe.min.js");
    let Ok(axe) = fs::read_to_string(&axe_file) else {
        unavailable(&format!("{} is missing", axe_file.display()));
    };
    // A browser that cannot start fails the test (support/chromium.rs).
    let mut chromium = chromium::Driver::start();
    let driver = Browser {
        client: chromium.session(PHONE.0, PHONE.1, true).await,
    };
    driver.metrics(PHONE.0, PHONE.1, 2, true).await;
    let calc = calculator_pages(site);
    let article = calc
        .iter()
        .find(|p| p.ends_with("interest/overdue-interest-cap/index.html"))
        .or(calc.first())
        .expect("an article with a calculator");
    let statute = e2e::files(&site.out.join("laws"), "html")
        .into_iter()
        .find(|p| {
            p.file_name().is_some_and(|n| n == "index.html")
                && p.parent() != Some(&site.out.join("laws"))
        })
        .expect("a statute page");
    let tag = e2e::files(&site.out.join("tags"), "html")
        .into_iter()
        .find(|p| p.parent() != Some(&site.out.join("tags")))
        .expect("a tag page");
    let pages = [
        ("home", site.out.join("index.html")),
        ("article", article.clone()),
        ("statute", statute),
        ("tag", tag),
        // The search page with results (its script ranks in the page).
        ("search", site.out.join("search/index.html")),
        // A letter template's page: its form, the letter, the buttons (issue 27).
        (
            "letter",
            letter_pages(site)
                .into_iter()
                .next()
                .expect("a letter page"),
        ),
    ];
    let artifacts = repo().join("tests/artifacts");
    fs::create_dir_all(&artifacts).unwrap();
    let mut failures = Vec::new();
    for dark in [false, true] {
        driver
            .media("screen", if dark { "dark" } else { "light" })
            .await;
        let scheme = if dark { "dark" } else { "light" };
        for (name, file) in &pages {
            let mut url = page_url(site, file);
            if *name == "search" {
                url.push_str("?q=%E5%BE%81%E4%BF%A1"); // 征信
            }
            driver.goto(&url).await;
            if *name == "search" {
                // Wait for the results (at most 10 s).
                let state = driver
                    .run_async(
                        "const done = arguments[arguments.length - 1]; const t0 = Date.now(); \
                         (function poll() { \
                           const s = document.getElementById('search-status'); \
                           if (document.querySelector('.search-result') || Date.now() - t0 > 10000) \
                             done(s ? s.textContent : 'no status'); \
                           else setTimeout(poll, 100); })();",
                    )
                    .await;
                let n = driver
                    .run("return document.querySelectorAll('.search-result').length")
                    .await;
                assert!(
                    n.as_u64().unwrap_or(0) > 0,
                    "{url}: no search results ({state})"
                );
            }
            // The calculator's form shows once its script runs: show and check it either way.
            driver
                .run("document.querySelectorAll('form.calc-form[hidden]').forEach(f => { f.hidden = false; })").await;
            let lang = driver.run("return document.documentElement.lang").await;
            assert_eq!(lang, "zh-CN", "{url}: lang");
            if *name == "statute" || *name == "tag" || *name == "search" {
                let to = artifacts.join(format!("{name}-phone-{scheme}-screen.png"));
                driver.screenshot(&to, false).await;
            }
            if *name == "home" || *name == "article" || *name == "letter" {
                let mut shots = vec![(format!("{name}-phone-{scheme}-screen.png"), None, false)];
                if *name == "article" {
                    shots.push((
                        format!("{name}-phone-{scheme}-calculator.png"),
                        Some(".calculator"),
                        false,
                    ));
                    shots.push((
                        format!("{name}-phone-{scheme}-citations.png"),
                        Some(".citations"),
                        false,
                    ));
                }
                shots.push((format!("{name}-phone-{scheme}.png"), None, true));
                for (file, at, whole) in shots {
                    let to = artifacts.join(file);
                    if let Some(sel) = at {
                        driver
                            .run(&format!("document.querySelector('{sel}').scrollIntoView()"))
                            .await;
                    } else {
                        driver.run("window.scrollTo(0, 0)").await;
                    }
                    driver.screenshot(&to, whole).await;
                }
                driver.run("window.scrollTo(0, 0)").await;
            }
            // The skip link shows when focused, and focus is visible on links.
            let focus = driver
                .run(
                    "const s = document.querySelector('.skip-link'); s.focus(); \
                     const r = s.getBoundingClientRect(); \
                     const a = document.querySelector('main a'); a.focus(); \
                     const o = getComputedStyle(a); \
                     return [r.top >= 0 && r.bottom > 0 && r.left >= 0, \
                             o.outlineStyle !== 'none' && parseFloat(o.outlineWidth) >= 2];",
                )
                .await;
            assert_eq!(
                focus,
                json!([true, true]),
                "{url} ({scheme}): [skip link visible when focused, focus outline on a link]"
            );
            driver.run("document.activeElement.blur()").await;
            driver.run(&axe).await;
            let violations = driver.run_async(AXE_RUN).await;
            for v in violations.as_array().unwrap() {
                let mut s = format!(
                    "{url} ({scheme}): {} [{}] {}",
                    v["id"], v["impact"], v["help"]
                );
                for n in v["nodes"].as_array().unwrap().iter().take(8) {
                    s.push_str(&format!("\n    {}", n.as_str().unwrap_or_default()));
                }
                failures.push(s);
            }
            // Everything the page fetched came from the site itself.
            let fetched = driver
                .run("return performance.getEntriesByType('resource').map(e => e.name)")
                .await;
            for r in fetched.as_array().unwrap() {
                let r = r.as_str().unwrap_or_default();
                assert!(
                    r.starts_with(&site.base),
                    "{url} fetched {r} from another origin"
                );
            }
            println!("axe: {url} ({scheme}) checked");
        }
    }
    // The credit-card calculator (a list of rows) at phone width, for a look.
    if let Some(card) = calc.iter().find(|p| {
        fs::read_to_string(p)
            .unwrap()
            .contains("class=\"calc-list\"")
    }) {
        driver.media("screen", "light").await;
        driver.goto(&page_url(site, card)).await;
        driver
            .run("document.querySelector('.calc-list').scrollIntoView()")
            .await;
        driver
            .screenshot(&artifacts.join("calc-list-phone-light-screen.png"), false)
            .await;
    }
    // The article on a wide screen (a session of its own: the phone one emulates a phone).
    let driver = Browser {
        client: chromium.session(1280, 900, true).await,
    };
    driver.goto(&page_url(site, article)).await;
    // Comfortable Chinese reading: body ≥ 16 px, line height about 1.8, about 38 em a line.
    let t = driver
        .run(
            "const b = getComputedStyle(document.body); const f = parseFloat(b.fontSize); \
             const p = document.querySelector('.article-body p'); \
             return [f, parseFloat(b.lineHeight) / f, p.clientWidth / parseFloat(getComputedStyle(p).fontSize)];",
        ).await;
    let (size, leading, measure) = (
        t[0].as_f64().unwrap(),
        t[1].as_f64().unwrap(),
        t[2].as_f64().unwrap(),
    );
    println!("type: body {size} px, line height {leading:.2}, measure {measure:.1} em");
    assert!(size >= 16.0, "body text {size} px");
    assert!((1.7..=1.9).contains(&leading), "line height {leading}");
    assert!((34.0..=40.0).contains(&measure), "measure {measure} em");
    let to = artifacts.join("article-desktop-light-screen.png");
    driver.screenshot(&to, false).await;
    // How the article prints (the print stylesheet), for a look.
    let driver = Browser {
        client: chromium.session(794, 1123, true).await, // A4 at 96 dpi
    };
    driver.media("print", "light").await;
    driver.goto(&page_url(site, article)).await;
    let to = artifacts.join("article-print.png");
    driver.screenshot(&to, true).await;
    assert!(
        failures.is_empty(),
        "axe-core found violations:\n{}",
        failures.join("\n")
    );
}
