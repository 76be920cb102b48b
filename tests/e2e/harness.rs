//! The site the browser tests drive, and a small static server for it.
//!
//! [`build_site`] is the one step that makes the site: the generator (`gen::build`) over
//! tests/fixtures/site plus an article with one calculator block of each kind.
//! The tests find the blocks by reading the built HTML.

use calc::{Kind, Value};
use std::collections::HashMap;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("workspace root")
}

/// Example inputs of each kind, as an article's calculator block would give them.
pub fn example_inputs(kind: Kind) -> Value {
    let s = Value::str;
    match kind {
        Kind::Penalty => Value::map([
            ("regime", s("private")),
            ("principal", s("100000")),
            ("contract_date", s("2024-01-10")),
            ("overdue_from", s("2024-07-10")),
            ("until", s("2025-07-10")),
            ("rate", Value::map([("annual_pct", s("24"))])),
        ]),
        Kind::Card => Value::map([
            (
                "transactions",
                Value::List(vec![Value::map([
                    ("posted_on", s("2025-02-15")),
                    ("amount", s("10000")),
                ])]),
            ),
            ("due_date", s("2025-03-25")),
            ("next_statement", s("2025-04-05")),
            (
                "repayments",
                Value::List(vec![Value::map([
                    ("date", s("2025-03-25")),
                    ("amount", s("2000")),
                ])]),
            ),
        ]),
        Kind::Grace => Value::map([
            ("due_date", s("2025-10-01")),
            ("grace_days", s("3")),
            ("paid_on", s("2025-10-10")),
        ]),
        Kind::CreditRecord => Value::map([
            ("overdue_on", s("2021-03-01")),
            ("amount", s("3000")),
            ("settled_on", s("2021-06-10")),
            ("today", s("2025-11-26")),
        ]),
        Kind::Judgment => Value::map([
            ("debt", s("50000")),
            ("deadline", s("2024-03-20")),
            (
                "payments",
                Value::List(vec![Value::map([
                    ("date", s("2024-05-10")),
                    ("amount", s("20000")),
                ])]),
            ),
            ("until", s("2024-08-31")),
        ]),
        Kind::CourtFee => Value::map([
            ("fee", s("case")),
            ("claim", s("50000")),
            ("procedure", s("simple")),
        ]),
        Kind::Limitation => Value::map([
            ("period", s("enforcement")),
            ("due_date", s("2024-02-29")),
            ("interruptions", Value::List(vec![s("2025-01-06")])),
            ("today", s("2026-11-29")),
        ]),
        Kind::Apr => Value::map([
            ("received", s("10000")),
            (
                "schedule",
                Value::List(vec![
                    Value::map([("count", s("1")), ("amount", s("1188.49"))]),
                    Value::map([("count", s("11")), ("amount", s("888.49"))]),
                ]),
            ),
            ("contract_date", s("2025-06-01")),
        ]),
    }
}

/// The calculators' data of a content folder (`data/`), read with calc's parsers as the
/// generator reads it.
pub fn content_data(content: &Path) -> calc::Data {
    let text = |p: &Path| fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let lpr = calc::lpr::LprTable::parse(&text(&content.join("data/lpr.csv"))).expect("lpr.csv");
    let mut years = Vec::new();
    for p in e2e::files(&content.join("data/holidays"), "csv") {
        years.push((
            0,
            calc::holidays::YearData::parse(&text(&p)).expect("a calendar"),
        ));
    }
    calc::Data::new(
        lpr,
        calc::holidays::HolidayCalendar::new(years).expect("calendars"),
    )
}

/// The data of tests/fixtures/site, with which the browser tests' site is built.
pub fn fixture_data() -> &'static calc::Data {
    static DATA: std::sync::OnceLock<calc::Data> = std::sync::OnceLock::new();
    DATA.get_or_init(|| content_data(&root().join("tests/fixtures/site")))
}

/// The built site: its output folder and the calculator blocks found in it.
pub struct Site {
    pub dist: PathBuf,
    /// (kind, page path under `dist`, block id), one per calculator block.
    pub blocks: Vec<(Kind, String, String)>,
}

/// Builds the site into `out` (emptied first) and finds its calculator blocks: the
/// generator (`gen::build`) over tests/fixtures/site plus an article holding one
/// calculator block of each kind ([`example_inputs`]).
pub fn build_site(out: &Path) -> Site {
    build_site_with(out, |_| {})
}

/// [`build_site`] with `change` applied to the copy of the content folder first.
pub fn build_site_with(out: &Path, change: impl FnOnce(&Path)) -> Site {
    build_site_with_theme(out, &root().join("theme"), change)
}

/// [`build_site_with`] with another theme folder.
pub fn build_site_with_theme(out: &Path, theme: &Path, change: impl FnOnce(&Path)) -> Site {
    let _ = fs::remove_dir_all(out);
    let content = out.with_extension("content");
    let _ = fs::remove_dir_all(&content);
    e2e::copy_dir(&root().join("tests/fixtures/site"), &content);
    change(&content);
    let mut article = String::from(
        "+++\ntitle = \"全部计算器\"\ndate = 2026-01-20\ntags = [\"逾期利息\"]\n+++\n\n\
         浏览器里的计算器测试页。\n",
    );
    for kind in Kind::ALL {
        article.push_str(&format!(
            "\n## {}\n\n```calculator {}\n{}```\n",
            kind.title(),
            kind.code(),
            toml(&example_inputs(kind))
        ));
    }
    // A block that leaves its today-default date empty: the reader's today fills it.
    let mut grace = example_inputs(Kind::Grace);
    if let Value::Map(entries) = &mut grace {
        entries.retain(|(k, _)| k != "paid_on");
    }
    article.push_str(&format!(
        "\n## 到今天为止\n\n```calculator grace\n{}```\n",
        toml(&grace)
    ));
    fs::write(content.join("loan/calculators.md"), article).expect("write the article");
    // A page with exactly the kinds of a combined module (build-wasm's COMBINED: card and
    // apr), which loads that one module for both blocks.
    let mut pair = String::from(
        "+++\ntitle = \"信用卡分期的真实年化\"\ndate = 2026-01-21\ntags = [\"逾期利息\"]\n+++\n\n\
         两个计算器共用一个模块的测试页。\n",
    );
    for kind in [Kind::Card, Kind::Apr] {
        pair.push_str(&format!(
            "\n## {}\n\n```calculator {}\n{}```\n",
            kind.title(),
            kind.code(),
            toml(&example_inputs(kind))
        ));
    }
    fs::write(content.join("loan/card-and-apr.md"), pair).expect("write the article");
    let options = options(&content, theme, out);
    if let Err(e) = gen::build(&options) {
        panic!("gen build failed:\n{e}");
    }
    let _ = fs::remove_dir_all(&content);
    Site {
        dist: out.to_path_buf(),
        blocks: find_blocks(out),
    }
}

/// The inputs as the TOML of a calculator block.
fn toml(inputs: &Value) -> String {
    fn scalar(v: &Value) -> String {
        match v {
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => n.clone(),
            Value::String(s) => format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")),
            Value::Map(entries) => format!(
                "{{ {} }}",
                entries
                    .iter()
                    .map(|(k, v)| format!("{k} = {}", scalar(v)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Value::List(items) => format!(
                "[{}]",
                items.iter().map(scalar).collect::<Vec<_>>().join(", ")
            ),
            Value::Null => "\"\"".into(),
        }
    }
    let Value::Map(entries) = inputs else {
        return String::new();
    };
    entries
        .iter()
        .map(|(k, v)| format!("{k} = {}\n", scalar(v)))
        .collect()
}

/// Every `section.calculator` of the HTML pages under `dist`: (kind, page, block id).
pub fn find_blocks(dist: &Path) -> Vec<(Kind, String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "html") {
                out.push(p);
            }
        }
    }
    let mut pages = Vec::new();
    walk(dist, &mut pages);
    let mut found = Vec::new();
    for page in pages {
        let html = fs::read_to_string(&page).unwrap_or_default();
        let rel = page
            .strip_prefix(dist)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let url = format!("/{}", rel.trim_end_matches("index.html"));
        for part in html.split("<section class=\"calculator\"").skip(1) {
            let attr = |name: &str| {
                part.split_once(&format!("{name}=\""))
                    .and_then(|(_, rest)| rest.split_once('"'))
                    .map(|(v, _)| v.to_string())
            };
            if let (Some(id), Some(kind)) = (attr("id"), attr("data-kind")) {
                if let Some(kind) = Kind::from_code(&kind) {
                    found.push((kind, url.clone(), id));
                }
            }
        }
    }
    found
}

/// A static file server on 127.0.0.1 for the built site, recording each request path.
pub struct Server {
    pub base: String,
    pub requests: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Serves `dir` on a free port, with `csp` as the `Content-Security-Policy` header.
    pub fn start(dir: &Path, csp: &'static str) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let base = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let log = requests.clone();
        let dir = dir.to_path_buf();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let dir = dir.clone();
                let log = log.clone();
                thread::spawn(move || serve(stream, &dir, csp, &log));
            }
        });
        Server { base, requests }
    }
}

fn serve(mut stream: TcpStream, dir: &Path, csp: &str, log: &Mutex<Vec<String>>) {
    let Ok(clone) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(clone);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let path = line.split(' ').nth(1).unwrap_or("/").to_string();
        let mut headers = HashMap::new();
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h).unwrap_or(0) == 0 {
                return;
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
            }
        }
        log.lock().unwrap().push(path.clone());
        let clean = e2e::percent_decode(path.split(['?', '#']).next().unwrap_or("/"));
        let mut file = dir.join(clean.trim_start_matches('/'));
        if clean.contains("..") {
            file = dir.join("missing");
        }
        if file.is_dir() {
            file = file.join("index.html");
        }
        let (status, body, ty) = match fs::read(&file) {
            Ok(body) => {
                let ty = match file.extension().and_then(|e| e.to_str()) {
                    Some("html") => "text/html; charset=utf-8",
                    Some("js") => "text/javascript; charset=utf-8",
                    Some("wasm") => "application/wasm",
                    Some("css") => "text/css; charset=utf-8",
                    Some("png") => "image/png",
                    _ => "application/octet-stream",
                };
                ("200 OK", body, ty)
            }
            Err(_) => ("404 Not Found", b"not found".to_vec(), "text/plain"),
        };
        let head = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {ty}\r\nContent-Length: {}\r\n\
             Content-Security-Policy: {csp}\r\nCache-Control: no-store\r\n\r\n",
            body.len()
        );
        if stream.write_all(head.as_bytes()).is_err() || stream.write_all(&body).is_err() {
            return;
        }
        if headers
            .get("connection")
            .is_some_and(|c| c.eq_ignore_ascii_case("close"))
        {
            return;
        }
    }
}

/// The figure values of a block's static result in the built page.
pub fn static_values(dist: &Path, page: &str, block: &str) -> Vec<String> {
    let file = dist.join(page.trim_start_matches('/')).join("index.html");
    let file = if file.exists() {
        file
    } else {
        dist.join(page.trim_start_matches('/'))
    };
    let html = fs::read_to_string(&file).unwrap_or_default();
    let Some((_, rest)) = html.split_once(&format!("id=\"{block}\"")) else {
        return Vec::new();
    };
    let section = rest.split("</section>").next().unwrap_or("");
    section
        .split("<span class=\"calc-value\">")
        .skip(1)
        .filter_map(|p| p.split_once("</span>"))
        .map(|(v, _)| {
            v.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&")
        })
        .collect()
}

/// The options of a test build: `content` with `theme` into `out`, the fixtures' today,
/// the content's base URL, no drafts.
pub fn options(content: &Path, theme: &Path, out: &Path) -> gen::BuildOptions {
    gen::BuildOptions {
        content: content.to_path_buf(),
        theme: theme.to_path_buf(),
        out: out.to_path_buf(),
        base_url: None,
        drafts: false,
        write: true,
        allow_empty: false,
        today: Some(e2e::fixture_today()),
        official: None,
    }
}

/// The pages of a PDF: its `/Type /Page` objects (not `/Pages`).
pub fn pdf_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/Type /Page")
        .chain(text.match_indices("/Type/Page"))
        .filter(|(i, m)| !text[i + m.len()..].starts_with('s'))
        .count()
}
