//! The search page as a reader uses it, through ChromeDriver: type a question into the box
//! (no `?q=`), see the results update, the address follow, and "显示更多" add ten more.
//!
//! /usr/bin/chromedriver (or $CHROMEDRIVER) and /usr/bin/chromium (or $CHROMIUM); a browser that
//! cannot start fails the test (`bash .ci/install` installs them).

mod support;

use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::*;

struct Driver {
    port: u16,
    child: Child,
    session: String,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = http(
            self.port,
            "DELETE",
            &format!("/session/{}", self.session),
            None,
        );
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One WebDriver request over plain HTTP/1.1; the response's JSON `value`.
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let body = body.map(Value::to_string).unwrap_or_default();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).map_err(|e| e.to_string())?;
    // Read the head, then exactly Content-Length bytes: the driver may keep the line open.
    let mut resp = Vec::new();
    let mut buf = [0u8; 8192];
    let body_at = loop {
        let n = s.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("connection closed".into());
        }
        resp.extend_from_slice(&buf[..n]);
        if let Some(i) = resp.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&resp[..body_at]).to_ascii_lowercase();
    let len: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .ok_or("no content-length")?;
    while resp.len() < body_at + len {
        let n = s.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        resp.extend_from_slice(&buf[..n]);
    }
    let json = String::from_utf8_lossy(&resp[body_at..]);
    let resp = String::from_utf8_lossy(&resp[..body_at]);
    let v: Value = serde_json::from_str(&json).map_err(|e| format!("{e}: {resp}"))?;
    if v["value"]["error"].is_string() {
        return Err(v["value"].to_string());
    }
    Ok(v["value"].clone())
}

impl Driver {
    fn start() -> Result<Driver, String> {
        let driver =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let child = Command::new(&driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("{driver}: {e}"))?;
        let profile = tempfile::tempdir().map_err(|e| e.to_string())?;
        let mut d = Driver {
            port,
            child,
            session: String::new(),
            _profile: profile,
        };
        let start = Instant::now();
        while http(port, "GET", "/status", None).is_err() {
            if start.elapsed() > Duration::from_secs(20) {
                return Err("chromedriver did not answer".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let caps = json!({"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
            "binary": chromium,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=412,900",
                format!("--user-data-dir={}", d._profile.path().display())]
        }}}});
        let v = http(port, "POST", "/session", Some(&caps))?;
        d.session = v["sessionId"].as_str().ok_or("no session id")?.to_string();
        Ok(d)
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let p = format!("/session/{}{path}", self.session);
        http(self.port, method, &p, body.as_ref()).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn script(&self, js: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({"script": js, "args": []})),
        )
    }

    /// Waits until the status says the search is done; the result urls.
    fn results(&self) -> Vec<String> {
        let start = Instant::now();
        loop {
            let v = self.script(
                "const s = document.getElementById('search-status');\
                 return s.dataset.state === 'done' ? [...document.querySelectorAll(\
                 '.search-result')].map(li => li.dataset.url) : null;",
            );
            if let Some(a) = v.as_array() {
                return a.iter().map(|u| u.as_str().unwrap().to_string()).collect();
            }
            assert!(start.elapsed() < Duration::from_secs(20), "no results");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

#[test]
fn typing_a_question_and_showing_more() {
    let site = tempfile::tempdir().unwrap();
    write_site(&site.path().join("guide"), &corpus());
    let (port, _log) = serve(site.path().to_path_buf());
    let d = Driver::start().unwrap_or_else(|e| panic!("the browser did not start: {e}"));
    d.cmd(
        "POST",
        "/url",
        Some(json!({"url": format!("http://127.0.0.1:{port}{BASE}search/")})),
    );
    let input = d.cmd(
        "POST",
        "/element",
        Some(json!({"using": "css selector", "value": "#search-q"})),
    );
    let id = input
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap()
        .as_str()
        .unwrap();
    d.cmd(
        "POST",
        &format!("/element/{id}/value"),
        Some(json!({"text": "征信多久恢复"})),
    );
    // Typing starts the search after a short pause; wait for its results.
    std::thread::sleep(Duration::from_millis(400));
    let r = d.results();
    let row = queries()
        .into_iter()
        .find(|q| q.q == "征信多久恢复")
        .unwrap();
    assert!(
        r.first().is_some_and(|u| row.expect.contains(&slug_of(u))),
        "expected {:?} first, got {r:?}",
        row.expect
    );
    let url = d.cmd("GET", "/url", None);
    assert!(url.as_str().unwrap().contains("?q=%E5%BE%81"), "{url}");

    // A broad word: ten results and a button for the rest.
    d.script(
        "const i = document.getElementById('search-q'); i.value = '逾期'; i.form.requestSubmit();",
    );
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(d.results().len(), 10);
    d.script("document.querySelector('.search-more button').click();");
    let start = Instant::now();
    while d.results().len() <= 10 {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "显示更多 added nothing"
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    // One character is not enough for the bigram index: the page says so.
    d.script(
        "const i = document.getElementById('search-q'); i.value = '卡'; i.form.requestSubmit();",
    );
    std::thread::sleep(Duration::from_millis(200));
    assert!(d.results().is_empty());
    let status = d.script("return document.getElementById('search-status').textContent;");
    assert!(
        status.as_str().unwrap().contains("至少输入两个字"),
        "{status}"
    );
}
