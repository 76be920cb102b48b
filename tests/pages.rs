//! End-to-end checks of the real site (content/ with theme/): every page is valid HTML by
//! the Nu HTML Checker, axe-core finds no violation in headless Chromium (light and dark)
//! on the home page, an article with a calculator, a statute page and a tag page, nothing
//! is loaded from another origin, and an article page with its calculator stays within
//! the 100 KB (gzipped) budget. Phone-width screenshots go to tests/artifacts/.
//!
//! Needs what `.ci/install` installs: Java and `tests/node_modules` (vnu-jar, axe-core),
//! `chromium` and `chromedriver`. With `CI=true` anything missing fails the test; outside
//! CI a missing browser or checker skips that check with a message.

use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// Pages are at most this many bytes gzipped: HTML, CSS, JS and WebAssembly together.
const BUDGET: u64 = 100 * 1024;
/// The phone the screenshots and the axe runs use (CSS pixels).
const PHONE: (u32, u32) = (390, 844);

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// Fails in CI, skips with a message elsewhere.
fn unavailable(what: &str) {
    if in_ci() {
        panic!("{what} (CI=true: a check that cannot run fails; run .ci/install)");
    }
    eprintln!("SKIPPED: {what} (run `bash .ci/install`)");
}

/// The real site, built once with the generator (the same `gen::build` its CLI runs),
/// served on 127.0.0.1 by a thread so that its base URL is the server's.
struct Site {
    out: PathBuf,
    base: String,
    _dir: tempfile::TempDir,
}

fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = server.server_addr().to_ip().unwrap().port();
        let base = format!("http://127.0.0.1:{port}/");
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("dist");
        let opts = gen::BuildOptions {
            content: repo().join("content"),
            theme: repo().join("theme"),
            out: out.clone(),
            base_url: Some(base.clone()),
            drafts: false,
            write: true,
        };
        if let Err(p) = gen::build(&opts) {
            panic!("build failed:\n{p}");
        }
        let root = out.clone();
        std::thread::spawn(move || serve(server, &root));
        Site {
            out,
            base,
            _dir: dir,
        }
    })
}

fn serve(server: tiny_http::Server, root: &Path) {
    for req in server.incoming_requests() {
        let path = req
            .url()
            .split(['?', '#'])
            .next()
            .unwrap_or("/")
            .to_string();
        let mut file = root.join(decode(path.trim_start_matches('/')));
        if path.ends_with('/') {
            file = file.join("index.html");
        }
        let resp = match fs::read(&file) {
            Ok(data) => {
                let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
                let ctype = match ext {
                    "html" => "text/html; charset=utf-8",
                    "css" => "text/css; charset=utf-8",
                    "js" => "text/javascript; charset=utf-8",
                    "wasm" => "application/wasm",
                    "svg" => "image/svg+xml",
                    "xml" => "application/xml",
                    "json" => "application/json",
                    _ => "application/octet-stream",
                };
                let h = tiny_http::Header::from_bytes("Content-Type", ctype).unwrap();
                tiny_http::Response::from_data(data).with_header(h)
            }
            Err(_) => tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404),
        };
        let _ = req.respond(resp);
    }
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

fn files(root: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == ext) {
                v.push(p);
            }
        }
    }
    v.sort();
    v
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
    let rest = decode(rest.split(['?', '#']).next().unwrap());
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
    files(&site.out, "html")
        .into_iter()
        .filter(|f| {
            fs::read_to_string(f)
                .unwrap()
                .contains("class=\"calculator\"")
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// The Nu HTML Checker over every page.

#[test]
fn every_page_is_valid_html() {
    let site = site();
    let pages = files(&site.out, "html");
    assert!(pages.len() > 20, "only {} pages built", pages.len());
    let jar = repo().join("tests/node_modules/vnu-jar/build/dist/vnu.jar");
    if !jar.is_file() {
        return unavailable(&format!("{} is missing", jar.display()));
    }
    let out = match Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "gnu", "--skip-non-html"])
        .args(&pages)
        .output()
    {
        Ok(o) => o,
        Err(e) => return unavailable(&format!("cannot run java: {e}")),
    };
    let report =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    let report = report.replace(&format!("{}/", site.out.display()), "");
    assert!(
        out.status.success() && report.trim().is_empty(),
        "the Nu HTML Checker found errors in the built site:\n{report}"
    );
    println!("vnu: {} pages, no errors", pages.len());
}

// ---------------------------------------------------------------------------------------
// Nothing from another origin, no web fonts.

#[test]
fn nothing_is_loaded_from_another_origin() {
    let site = site();
    for f in files(&site.out, "html") {
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
    for f in files(&site.out, "css") {
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

// ---------------------------------------------------------------------------------------
// A small WebDriver client over chromedriver (HTTP/1.1 on 127.0.0.1, JSON bodies).

struct Driver {
    child: Child,
    port: u16,
    session: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.call("DELETE", &format!("/session/{}", self.session), None);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).map_err(|e| e.to_string())?;
    // chromedriver keeps the connection open: read the head, then Content-Length bytes
    // (or chunks up to the last one).
    let mut raw = Vec::new();
    let mut buf = [0u8; 65536];
    let split = loop {
        if let Some(p) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break p;
        }
        let n = s.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("connection closed before the response head".into());
        }
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_lowercase();
    let mut data = raw[split + 4..].to_vec();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok());
    let chunked = head.contains("transfer-encoding: chunked");
    loop {
        let complete = match length {
            Some(n) => data.len() >= n,
            None if chunked => data.ends_with(b"0\r\n\r\n"),
            None => false,
        };
        if complete {
            break;
        }
        let n = s.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        data.extend_from_slice(&buf[..n]);
    }
    if chunked {
        let mut out = Vec::new();
        let mut rest = &data[..];
        loop {
            let nl = rest
                .windows(2)
                .position(|w| w == b"\r\n")
                .ok_or("bad chunk")?;
            let n = usize::from_str_radix(String::from_utf8_lossy(&rest[..nl]).trim(), 16)
                .map_err(|e| e.to_string())?;
            if n == 0 {
                break;
            }
            out.extend_from_slice(&rest[nl + 2..nl + 2 + n]);
            rest = &rest[nl + 2 + n + 2..];
        }
        data = out;
    }
    let v: Value = serde_json::from_slice(&data)
        .map_err(|e| format!("{e}: {}", String::from_utf8_lossy(&data)))?;
    if let Some(err) = v["value"].get("error") {
        return Err(format!("{method} {path}: {err} {}", v["value"]["message"]));
    }
    Ok(v["value"].clone())
}

impl Driver {
    /// Starts chromedriver and a headless Chromium at phone width with a fresh profile.
    fn start(profile: &Path) -> Result<Driver, String> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let driver =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let chrome = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let mut child = Command::new(&driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {driver}: {e}"))?;
        let t0 = Instant::now();
        while http(port, "GET", "/status", None).is_err() {
            if t0.elapsed() > Duration::from_secs(30) {
                let _ = child.kill();
                return Err("chromedriver did not answer in 30 s".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chrome,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--hide-scrollbars",
                    format!("--user-data-dir={}", profile.display()),
                    format!("--window-size={},{}", PHONE.0, PHONE.1),
                    "--lang=zh-CN",
                ]
            }
        }}});
        let session = match http(port, "POST", "/session", Some(&caps)) {
            Ok(v) => v["sessionId"].as_str().unwrap_or_default().to_string(),
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("cannot start {chrome}: {e}"));
            }
        };
        let d = Driver {
            child,
            port,
            session,
        };
        d.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": PHONE.0, "height": PHONE.1, "deviceScaleFactor": 2, "mobile": true}),
        )?;
        Ok(d)
    }

    fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
        http(self.port, method, path, body)
    }

    fn post(&self, what: &str, body: Value) -> Result<Value, String> {
        self.call(
            "POST",
            &format!("/session/{}/{what}", self.session),
            Some(&body),
        )
    }

    fn cdp(&self, cmd: &str, params: Value) -> Result<Value, String> {
        self.post("goog/cdp/execute", json!({"cmd": cmd, "params": params}))
    }

    fn goto(&self, url: &str) -> Result<(), String> {
        self.post("url", json!({ "url": url }))?;
        Ok(())
    }

    fn run(&self, script: &str) -> Result<Value, String> {
        self.post("execute/sync", json!({"script": script, "args": []}))
    }

    fn run_async(&self, script: &str) -> Result<Value, String> {
        self.post("execute/async", json!({"script": script, "args": []}))
    }

    fn dark(&self, dark: bool) -> Result<(), String> {
        let v = if dark { "dark" } else { "light" };
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({"features": [{"name": "prefers-color-scheme", "value": v}]}),
        )?;
        Ok(())
    }

    /// A PNG at phone width: the whole page, or what the screen shows.
    fn screenshot(&self, to: &Path, whole: bool) -> Result<(), String> {
        let shot = self.cdp(
            "Page.captureScreenshot",
            json!({"format": "png", "captureBeyondViewport": whole, "fromSurface": true}),
        )?;
        let png = base64(shot["data"].as_str().ok_or("no screenshot data")?);
        fs::write(to, png).map_err(|e| e.to_string())
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

#[test]
fn axe_finds_no_violation_and_screenshots() {
    let site = site();
    let axe_file = repo().join("tests/node_modules/axe-core/axe.min.js");
    let Ok(axe) = fs::read_to_string(&axe_file) else {
        return unavailable(&format!("{} is missing", axe_file.display()));
    };
    let profile = tempfile::tempdir().unwrap();
    let driver = match Driver::start(profile.path()) {
        Ok(d) => d,
        Err(e) => return unavailable(&format!("headless Chromium: {e}")),
    };
    let calc = calculator_pages(site);
    let article = calc
        .iter()
        .find(|p| p.ends_with("interest/overdue-interest-cap/index.html"))
        .or(calc.first())
        .expect("an article with a calculator");
    let statute = files(&site.out.join("laws"), "html")
        .into_iter()
        .find(|p| {
            p.file_name().is_some_and(|n| n == "index.html")
                && p.parent() != Some(&site.out.join("laws"))
        })
        .expect("a statute page");
    let tag = files(&site.out.join("tags"), "html")
        .into_iter()
        .find(|p| p.parent() != Some(&site.out.join("tags")))
        .expect("a tag page");
    let pages = [
        ("home", site.out.join("index.html")),
        ("article", article.clone()),
        ("statute", statute),
        ("tag", tag),
    ];
    let artifacts = repo().join("tests/artifacts");
    fs::create_dir_all(&artifacts).unwrap();
    let mut failures = Vec::new();
    for dark in [false, true] {
        driver.dark(dark).unwrap();
        let scheme = if dark { "dark" } else { "light" };
        for (name, file) in &pages {
            let url = page_url(site, file);
            driver.goto(&url).unwrap();
            // The calculator's form shows once its script runs: show and check it either way.
            driver
                .run("document.querySelectorAll('form.calc-form[hidden]').forEach(f => { f.hidden = false; })")
                .unwrap();
            let lang = driver.run("return document.documentElement.lang").unwrap();
            assert_eq!(lang, "zh-CN", "{url}: lang");
            if *name == "home" || *name == "article" {
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
                            .unwrap();
                    } else {
                        driver.run("window.scrollTo(0, 0)").unwrap();
                    }
                    driver.screenshot(&to, whole).unwrap();
                    println!("screenshot: {}", to.display());
                }
                driver.run("window.scrollTo(0, 0)").unwrap();
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
                .unwrap();
            assert_eq!(
                focus,
                json!([true, true]),
                "{url} ({scheme}): [skip link visible when focused, focus outline on a link]"
            );
            driver.run("document.activeElement.blur()").unwrap();
            driver.run(&axe).unwrap();
            let violations = driver.run_async(AXE_RUN).unwrap();
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
                .unwrap();
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
    // The article on a wide screen, for a look.
    driver.dark(false).unwrap();
    driver
        .cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": false}),
        )
        .unwrap();
    driver.goto(&page_url(site, article)).unwrap();
    // Comfortable Chinese reading: body ≥ 16 px, line height about 1.8, about 38 em a line.
    let t = driver
        .run(
            "const b = getComputedStyle(document.body); const f = parseFloat(b.fontSize); \
             const p = document.querySelector('.article-body p'); \
             return [f, parseFloat(b.lineHeight) / f, p.clientWidth / parseFloat(getComputedStyle(p).fontSize)];",
        )
        .unwrap();
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
    driver.screenshot(&to, false).unwrap();
    println!("screenshot: {}", to.display());
    // How the article prints (the print stylesheet), for a look.
    driver
        .cdp("Emulation.setEmulatedMedia", json!({"media": "print"}))
        .unwrap();
    driver.goto(&page_url(site, article)).unwrap();
    let to = artifacts.join("article-print.png");
    driver.screenshot(&to, true).unwrap();
    println!("screenshot: {}", to.display());
    assert!(
        failures.is_empty(),
        "axe-core found violations:\n{}",
        failures.join("\n")
    );
}
