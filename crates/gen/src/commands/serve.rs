//! `gen serve`: builds into a private folder, serves it on 127.0.0.1, rebuilds on any
//! change to content/ or theme/, and reloads open pages (long-poll through a small script
//! that only `serve` adds). A build error is shown in the page and in the terminal.
//!
//! Every rebuild is `gen build`'s own ([`build`]): its build cache, beside the preview
//! folder, decides what an edit makes again (the sources whose bytes changed, the pages
//! whose views changed, the search files whose postings changed), so the preview is
//! always the site a build would publish, search index included.
//!
//! A local preview only (issue 10): it listens on 127.0.0.1 and answers only requests
//! whose Host (or absolute-form target) is a loopback name, so a web page cannot reach
//! it by DNS rebinding; it maps a path to a file by decoding each segment once, refusing
//! empty, `.` and `..` segments and any holding `/`, `\` or NUL, and then confirms that
//! the file lies inside the preview folder; it reads no request body (one announced gets
//! 413) and answers one request per connection. httparse (hyper's parser) reads the
//! request head; tiny_http was dropped because it allocated a buffer the size of any
//! announced body when a request ended.
//!
//! The preview folder is private (review 2026-12, M7): made fresh under a random name,
//! mode 0700, never one that already exists. Files are streamed, not read whole (M9);
//! at the open-file limit the server waits instead of spinning, connections are capped
//! and a request head must arrive within [`HEAD_TIME`] (M8); edits made during the first
//! build are seen (the watch starts first, M10); two `Host` headers get 400 (M13).

use super::build::{build, BuildOptions};
use crate::diagnostics::{say, tell};
use crate::load::is_hidden_or_leftover;
use notify::{RecursiveMode, Watcher};
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

pub struct ServeOptions {
    pub content: PathBuf,
    pub theme: PathBuf,
    pub drafts: bool,
    pub port: u16,
    /// The builds' "today" (`--today`); `None`: today in China.
    pub today: Option<chrono::NaiveDate>,
}

#[derive(Default)]
struct State {
    version: u64,
    error: Option<String>,
}

type Shared = Arc<(Mutex<State>, Condvar)>;

const RELOAD_JS: &str = r#"(function () {
  var v = document.currentScript && document.currentScript.dataset.version;
  function poll() {
    fetch("/__livereload?v=" + v).then(function (r) { return r.text(); }).then(function (t) {
      if (t !== v) { location.reload(); } else { poll(); }
    }, function () { setTimeout(poll, 1000); });
  }
  poll();
})();
"#;

/// The build of the preview; `port` is the one really listened on (`--port 0`).
fn build_opts(opts: &ServeOptions, port: u16, out: &Path) -> BuildOptions {
    BuildOptions {
        content: opts.content.clone(),
        theme: opts.theme.clone(),
        out: out.to_path_buf(),
        base_url: Some(format!("http://127.0.0.1:{port}/")),
        drafts: opts.drafts,
        write: true,
        // The preview is gen's own folder: an empty content folder previews as empty.
        allow_empty: true,
        today: opts.today,
        official: None,
    }
}

fn publish(shared: &Shared, error: Option<String>) {
    let (lock, cvar) = &**shared;
    let mut st = lock.lock().unwrap_or_else(|e| e.into_inner());
    st.error = error;
    st.version += 1;
    cvar.notify_all();
}

/// Builds the preview (see the module's comment), prints what `gen build` prints, and
/// makes open pages reload, or show the error.
fn rebuild(opts: &ServeOptions, port: u16, out: &Path, shared: &Shared) {
    let start = std::time::Instant::now();
    match build(&build_opts(opts, port, out)) {
        Ok(s) => {
            // The warnings, as `gen build` prints them (issue 24).
            if !s.warnings.is_empty() {
                tell(crate::Problems(s.warnings.clone()));
            }
            say(format_args!(
                "built {} articles ({} of {} pages rendered) in {:.0?}",
                s.articles,
                s.pages - s.kept,
                s.pages,
                start.elapsed()
            ));
            publish(shared, None);
        }
        Err(p) => {
            tell(&p);
            publish(shared, Some(p.to_string()));
        }
    }
}

/// The site's folder in a preview folder (`gen-serve-<pid>-<random>/`); with what a build puts
/// beside it (`output::owned_names`), all gen puts there.
const PREVIEW_SITE: &str = "site";

/// Removes the folders that earlier `gen serve` runs left in `tmp` (they end by Ctrl-C,
/// before they can clean up) once their process is gone (Linux: no `/proc/<pid>`). Only
/// a real folder of this user's that holds nothing but what gen puts there is removed.
fn remove_stale_previews(tmp: &Path) {
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return;
    };
    for e in entries.flatten() {
        let pid = e
            .file_name()
            .to_str()
            .and_then(|n| n.strip_prefix("gen-serve-"))
            .and_then(|rest| rest.split('-').next())
            .and_then(|p| p.parse::<u32>().ok());
        let Some(pid) = pid else { continue };
        let gone = cfg!(target_os = "linux") && !Path::new(&format!("/proc/{pid}")).exists();
        let real_dir = std::fs::symlink_metadata(e.path()).is_ok_and(|m| {
            use std::os::unix::fs::MetadataExt;
            // SAFETY: geteuid has no preconditions.
            m.is_dir() && m.uid() == unsafe { libc::geteuid() }
        });
        let only_gens = std::fs::read_dir(e.path()).is_ok_and(|d| {
            d.flatten().all(|x| {
                crate::output::owned_names(PREVIEW_SITE)
                    .iter()
                    .any(|n| x.file_name() == n.as_str())
            })
        });
        if gone && pid != std::process::id() && real_dir && only_gens {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Whether a changed path under a watched folder can change the site: not a hidden file
/// or folder (`.git/`) nor an editor's leftover. A path that no longer exists counts: a
/// deleted file or folder must stop being served.
fn relevant(path: &Path, roots: &[PathBuf]) -> bool {
    let rel = roots
        .iter()
        .find_map(|r| path.strip_prefix(r).ok())
        .unwrap_or_else(|| Path::new(path.file_name().unwrap_or_default()));
    !rel.components()
        .any(|c| is_hidden_or_leftover(&c.as_os_str().to_string_lossy()))
}

/// Runs until interrupted.
pub fn serve(opts: ServeOptions) -> Result<(), String> {
    let tmp = std::env::temp_dir();
    remove_stale_previews(&tmp);
    // A new folder of this user's alone (0700, a random name: never one another user
    // made), kept when serve ends by Ctrl-C; the next serve removes it.
    let preview = tempfile::Builder::new()
        .prefix(&format!("gen-serve-{}-", std::process::id()))
        .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700))
        .tempdir_in(&tmp)
        .map_err(|e| format!("cannot create a preview folder in {}: {e}", tmp.display()))?
        .keep();
    let out = preview.join(PREVIEW_SITE);
    // Listen first: with --port 0 the system picks the port, and the site's base URL
    // and the message must name the real one.
    let addr = format!("127.0.0.1:{}", opts.port);
    let listener = TcpListener::bind(&addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let port = listener
        .local_addr()
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?
        .port();
    let shared: Shared = Arc::new((Mutex::new(State::default()), Condvar::new()));
    // The watch starts before the first build: an edit made while it runs is queued.
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
        if let Ok(ev) = ev {
            if !matches!(ev.kind, notify::EventKind::Access(_)) {
                let _ = tx.send(ev.paths);
            }
        }
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    let mut roots = Vec::new();
    for dir in [&opts.content, &opts.theme] {
        if dir.exists() {
            watcher
                .watch(dir, RecursiveMode::Recursive)
                .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
            roots.push(dir.clone());
            roots.extend(dir.canonicalize());
            roots.extend(std::path::absolute(dir));
        }
    }
    rebuild(&opts, port, &out, &shared);
    say(format_args!(
        "serving on http://127.0.0.1:{port}/ (Ctrl-C to stop)"
    ));
    {
        let shared = shared.clone();
        let out = out.clone();
        std::thread::spawn(move || {
            let _watcher = watcher;
            while let Ok(first) = rx.recv() {
                // Debounce: editors write several events per save.
                let mut paths: Vec<PathBuf> = first;
                while let Ok(more) = rx.recv_timeout(Duration::from_millis(20)) {
                    paths.extend(more);
                }
                paths.retain(|p| relevant(p, &roots));
                if !paths.is_empty() {
                    rebuild(&opts, port, &out, &shared);
                }
            }
        });
    }
    let open = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    for stream in listener.incoming() {
        let stream = match stream {
            Ok(s) => s,
            // Out of file handles (or another passing error): wait for connections to
            // close rather than ask again at once (which spins at 100% CPU).
            Err(_) => {
                std::thread::sleep(Duration::from_millis(100));
                continue;
            }
        };
        use std::sync::atomic::Ordering::SeqCst;
        if open.fetch_add(1, SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, SeqCst);
            drop(stream);
            continue;
        }
        let shared = shared.clone();
        let out = out.clone();
        let open = open.clone();
        std::thread::spawn(move || {
            handle(stream, &out, &shared);
            open.fetch_sub(1, SeqCst);
        });
    }
    Ok(())
}

/// The most connections served at once (a browser opens six per host; each open page
/// holds one long-poll); more are closed at once.
const MAX_CONNECTIONS: usize = 256;

/// The longest a request head may take to arrive, however slowly it trickles in.
const HEAD_TIME: Duration = Duration::from_secs(10);

/// The largest request head read; a preview's requests are a few hundred bytes.
const MAX_HEAD: usize = 16 * 1024;

/// What a request asks, copied out of the parsed head.
struct Head {
    method: String,
    target: String,
    host: Option<String>,
    /// A body is announced (Content-Length above 0, or Transfer-Encoding).
    body: bool,
}

/// Reads the request head (at most [`MAX_HEAD`] bytes, never the body).
fn read_head(stream: &mut TcpStream) -> Result<Head, u16> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    let deadline = std::time::Instant::now() + HEAD_TIME;
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return Err(0);
        }
        let n = match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return Err(0),
            Ok(n) => n,
        };
        buf.extend_from_slice(&chunk[..n]);
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut req = httparse::Request::new(&mut headers);
        match req.parse(&buf) {
            Ok(httparse::Status::Complete(_)) => {
                let header = |name: &str| {
                    req.headers
                        .iter()
                        .find(|h| h.name.eq_ignore_ascii_case(name))
                        .map(|h| String::from_utf8_lossy(h.value).trim().to_string())
                };
                // Two Host headers: which one is meant cannot be told (RFC 9112, 3.2).
                let hosts = req
                    .headers
                    .iter()
                    .filter(|h| h.name.eq_ignore_ascii_case("host"))
                    .count();
                if hosts > 1 {
                    return Err(400);
                }
                let body = header("transfer-encoding").is_some()
                    || header("content-length").is_some_and(|v| v != "0");
                return Ok(Head {
                    method: req.method.unwrap_or("").to_string(),
                    target: req.path.unwrap_or("").to_string(),
                    host: header("host"),
                    body,
                });
            }
            Ok(httparse::Status::Partial) if buf.len() < MAX_HEAD => continue,
            Ok(httparse::Status::Partial) => return Err(431),
            Err(_) => return Err(400),
        }
    }
}

/// Whether an authority (`host[:port]`) names this machine's loopback interface.
fn is_loopback(authority: &str) -> bool {
    let (host, port) = if authority.starts_with('[') {
        match authority.find(']') {
            Some(i) => authority.split_at(i + 1),
            None => return false,
        }
    } else {
        match authority.rfind(':') {
            Some(i) => authority.split_at(i),
            None => (authority, ""),
        }
    };
    let port_ok = port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    port_ok && ["127.0.0.1", "localhost", "[::1]"].contains(&host.to_ascii_lowercase().as_str())
}

/// The file of the preview that a request path names: each segment percent-decoded once;
/// an empty, `.` or `..` segment, or one holding `/`, `\` or NUL once decoded, is
/// refused (400), and the file must lie inside `out` once links are resolved.
fn resolve(out: &Path, path: &str) -> Result<PathBuf, u16> {
    let rest = path.strip_prefix('/').ok_or(400u16)?;
    let mut file = out.to_path_buf();
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    if !rest.is_empty() {
        for segment in rest.split('/') {
            let decoded = percent_encoding::percent_decode_str(segment)
                .decode_utf8()
                .map_err(|_| 400u16)?;
            if decoded.is_empty()
                || decoded == "."
                || decoded == ".."
                || decoded.contains(['/', '\\', '\0'])
            {
                return Err(400);
            }
            file.push(&*decoded);
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    let inside = match (file.canonicalize(), out.canonicalize()) {
        (Ok(f), Ok(o)) => f.starts_with(o) && f.is_file(),
        _ => false,
    };
    if inside {
        Ok(file)
    } else {
        Err(404)
    }
}

/// Writes a whole response and closes the connection.
fn respond(stream: &mut TcpStream, status: u16, ctype: &str, body: &[u8], head_only: bool) {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        _ => "Error",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    if !head_only {
        let _ = stream.write_all(body);
    }
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Write);
}

/// The largest page read into memory to add the reload script (gen's pages are at most
/// 100 KiB gzipped); a larger file is streamed as it is.
const MAX_PAGE: u64 = 8 << 20;

/// Streams `len` bytes of `file` as the response, and closes the connection.
fn respond_file(
    stream: &mut TcpStream,
    status: u16,
    ctype: &str,
    file: std::fs::File,
    len: u64,
    head_only: bool,
) {
    let head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {ctype}\r\nContent-Length: {len}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        if status == 200 { "OK" } else { "Not Found" }
    );
    if stream.write_all(head.as_bytes()).is_err() {
        return;
    }
    if !head_only {
        let _ = std::io::copy(&mut file.take(len), stream);
    }
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Write);
}

/// Answers an error without a body to read: the client may still be sending one, so a
/// little of it is read and dropped first (closing with unread data would reset the
/// connection before the client reads the answer).
fn refuse(stream: &mut TcpStream, status: u16, why: &str) {
    respond(
        stream,
        status,
        "text/plain; charset=utf-8",
        why.as_bytes(),
        false,
    );
    let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
    let mut sink = [0u8; 4096];
    let mut drained = 0;
    while drained < 64 * 1024 {
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
}

fn handle(mut stream: TcpStream, out: &Path, shared: &Shared) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(30)));
    let head = match read_head(&mut stream) {
        Ok(h) => h,
        Err(0) => return,
        Err(431) => return refuse(&mut stream, 431, "request head too large\n"),
        Err(code) => return refuse(&mut stream, code, "bad request\n"),
    };
    // An absolute-form target (`GET http://127.0.0.1:1111/ HTTP/1.1`): its authority
    // stands for the Host header (RFC 9112, 3.2.2).
    let lower = head.target.to_ascii_lowercase();
    let (authority, path) = match ["http://", "https://"]
        .iter()
        .find(|s| lower.starts_with(*s))
    {
        Some(scheme) => {
            let rest = &head.target[scheme.len()..];
            match rest.find('/') {
                Some(i) => (Some(rest[..i].to_string()), rest[i..].to_string()),
                None => (Some(rest.to_string()), "/".to_string()),
            }
        }
        None => (head.host.clone(), head.target.clone()),
    };
    if !authority.as_deref().is_some_and(is_loopback) {
        return refuse(
            &mut stream,
            403,
            "gen serve answers only requests for 127.0.0.1 or localhost\n",
        );
    }
    let head_only = head.method == "HEAD";
    if head.method != "GET" && !head_only {
        return refuse(&mut stream, 405, "gen serve answers GET and HEAD only\n");
    }
    if head.body {
        return refuse(&mut stream, 413, "gen serve reads no request body\n");
    }
    let (path, query) = path.split_once('?').unwrap_or((path.as_str(), ""));
    if path == "/__livereload.js" {
        return respond(
            &mut stream,
            200,
            "text/javascript; charset=utf-8",
            RELOAD_JS.as_bytes(),
            head_only,
        );
    }
    if path == "/__livereload" {
        let seen: u64 = query
            .strip_prefix("v=")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let version = {
            let (lock, cvar) = &**shared;
            let st = lock.lock().unwrap_or_else(|e| e.into_inner());
            let (st, _) = cvar
                .wait_timeout_while(st, Duration::from_secs(25), |s| s.version == seen)
                .unwrap_or_else(|e| e.into_inner());
            st.version
        };
        return respond(
            &mut stream,
            200,
            "text/plain; charset=utf-8",
            version.to_string().as_bytes(),
            head_only,
        );
    }
    let (status, file) = match resolve(out, path) {
        Ok(file) => (200, file),
        Err(404) => (404, out.join("404.html")),
        Err(code) => return refuse(&mut stream, code, "bad path\n"),
    };
    let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
    let ctype = match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
    // Any file but a page is streamed from the file (never read whole: a 64 MB asset
    // asked for by many clients that do not read would fill the memory), and so is a
    // page too large to be one of gen's.
    let opened = crate::load::open_regular(&file).ok();
    if let Some((f, meta)) = opened.filter(|(_, m)| m.len() > 0) {
        if ext != "html" || meta.len() > MAX_PAGE {
            return respond_file(&mut stream, status, ctype, f, meta.len(), head_only);
        }
    }
    let mut data = match ext {
        "html" => crate::load::read_regular(&file).unwrap_or_default(),
        _ => Vec::new(),
    };
    let (version, error) = {
        let st = shared.0.lock().unwrap_or_else(|e| e.into_inner());
        (st.version, st.error.clone())
    };
    let ctype = if ext == "html" || data.is_empty() {
        let mut html = String::from_utf8_lossy(&data).into_owned();
        if html.is_empty() {
            html = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>gen serve</title></head><body></body></html>".into();
        }
        if let Some(err) = error {
            let banner = format!(
                "<div role=\"alert\" style=\"position:fixed;inset:0 0 auto 0;z-index:9999;max-height:60vh;overflow:auto;background:#7f1d1d;color:#fff;padding:1em;font:14px/1.5 monospace;white-space:pre-wrap\"><strong>构建失败 / build failed</strong>\n{}</div>",
                crate::text::escape(&err)
            );
            html = match html.find("<body") {
                Some(i) => {
                    let end = html[i..].find('>').map(|j| i + j + 1).unwrap_or(i);
                    format!("{}{}{}", &html[..end], banner, &html[end..])
                }
                None => banner + &html,
            };
        }
        let script =
            format!("<script src=\"/__livereload.js\" data-version=\"{version}\"></script>");
        html = match html.rfind("</body>") {
            Some(i) => format!("{}{}{}", &html[..i], script, &html[i..]),
            None => html + &script,
        };
        data = html.into_bytes();
        "text/html; charset=utf-8"
    } else {
        ctype
    };
    respond(&mut stream, status, ctype, &data, head_only);
}

#[cfg(test)]
mod tests;
