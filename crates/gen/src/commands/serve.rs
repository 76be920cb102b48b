//! `gen serve`: builds into a private folder, serves it on 127.0.0.1, rebuilds on any
//! change to content/ or theme/, and reloads open pages (long-poll through a small script
//! that only `serve` adds). A build error is shown in the page and in the terminal.

use super::build::{build_keep, BuildOptions, Built};
use notify::{RecursiveMode, Watcher};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

pub struct ServeOptions {
    pub content: PathBuf,
    pub theme: PathBuf,
    pub drafts: bool,
    pub port: u16,
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

fn build_opts(opts: &ServeOptions, out: &Path) -> BuildOptions {
    BuildOptions {
        content: opts.content.clone(),
        theme: opts.theme.clone(),
        out: out.to_path_buf(),
        base_url: Some(format!("http://127.0.0.1:{}/", opts.port)),
        drafts: opts.drafts,
        write: true,
    }
}

fn publish(shared: &Shared, error: Option<String>) {
    let (lock, cvar) = &**shared;
    let mut st = lock.lock().unwrap_or_else(|e| e.into_inner());
    st.error = error;
    st.version += 1;
    cvar.notify_all();
}

/// A full build; keeps the model for later incremental updates.
fn rebuild(opts: &ServeOptions, out: &Path, shared: &Shared) -> Option<Built> {
    let start = std::time::Instant::now();
    match build_keep(&build_opts(opts, out)) {
        Ok((s, built)) => {
            println!("built {} articles in {:.0?}", s.articles, start.elapsed());
            publish(shared, None);
            Some(built)
        }
        Err(p) => {
            eprint!("{p}");
            publish(shared, Some(p.to_string()));
            None
        }
    }
}

/// What an update did to the search index.
#[derive(PartialEq)]
enum Search {
    /// Pages were re-rendered alone: the index lags (written again once edits pause).
    Behind,
    /// A full build wrote it.
    Current,
    /// Nothing was written (the edit has errors).
    AsBefore,
}

/// Handles one batch of changed paths: only the edited articles when possible.
fn update(
    opts: &ServeOptions,
    out: &Path,
    shared: &Shared,
    built: &mut Option<Built>,
    paths: &[PathBuf],
) -> Search {
    let start = std::time::Instant::now();
    let only_articles = !paths.is_empty()
        && paths
            .iter()
            .all(|p| p.extension().is_some_and(|e| e == "md") && p.is_file());
    if let (true, Some(b)) = (only_articles, built.as_mut()) {
        let mut errors = Vec::new();
        let mut incremental = true;
        for p in paths {
            match b.update_article(p, out) {
                Some(Ok(())) => {}
                Some(Err(e)) => errors.push(e.to_string()),
                None => {
                    incremental = false;
                    break;
                }
            }
        }
        if incremental {
            if errors.is_empty() {
                println!(
                    "re-rendered {} article(s) in {:.1?}",
                    paths.len(),
                    start.elapsed()
                );
                publish(shared, None);
                return Search::Behind;
            }
            let e = errors.join("");
            eprint!("{e}");
            publish(shared, Some(e));
            return Search::AsBefore;
        }
    }
    *built = rebuild(opts, out, shared);
    Search::Current
}

/// How long the edits must pause before the search index is written again after
/// incremental updates: writing it takes longer than re-rendering a page.
const SEARCH_QUIET: Duration = Duration::from_millis(500);

/// Removes the folders that earlier `gen serve` runs left in `tmp` (they end by Ctrl-C,
/// before they can clean up) once their process is gone (Linux: no `/proc/<pid>`).
fn remove_stale_previews(tmp: &Path) {
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return;
    };
    for e in entries.flatten() {
        let pid = e
            .file_name()
            .to_str()
            .and_then(|n| n.strip_prefix("gen-serve-"))
            .and_then(|p| p.parse::<u32>().ok());
        if let Some(pid) = pid {
            let gone = cfg!(target_os = "linux") && !Path::new(&format!("/proc/{pid}")).exists();
            if gone && pid != std::process::id() {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
}

/// Runs until interrupted.
pub fn serve(opts: ServeOptions) -> Result<(), String> {
    remove_stale_previews(&std::env::temp_dir());
    let out = std::env::temp_dir()
        .join(format!("gen-serve-{}", std::process::id()))
        .join("site");
    let shared: Shared = Arc::new((Mutex::new(State::default()), Condvar::new()));
    let mut built = rebuild(&opts, &out, &shared);
    let addr = format!("127.0.0.1:{}", opts.port);
    let server =
        tiny_http::Server::http(&addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    println!("serving on http://{addr}/ (Ctrl-C to stop)");

    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
        if let Ok(ev) = ev {
            if !matches!(ev.kind, notify::EventKind::Access(_)) {
                let _ = tx.send(ev.paths);
            }
        }
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    for dir in [&opts.content, &opts.theme] {
        if dir.exists() {
            watcher
                .watch(dir, RecursiveMode::Recursive)
                .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
        }
    }
    {
        let shared = shared.clone();
        let out = out.clone();
        std::thread::spawn(move || {
            let _watcher = watcher;
            let mut search_stale = false;
            loop {
                let first = if search_stale {
                    match rx.recv_timeout(SEARCH_QUIET) {
                        Ok(paths) => paths,
                        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                            if let Some(Err(e)) = built.as_ref().map(|b| b.update_search(&out)) {
                                eprintln!("{e}");
                            }
                            search_stale = false;
                            continue;
                        }
                        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
                    }
                } else {
                    match rx.recv() {
                        Ok(paths) => paths,
                        Err(_) => break,
                    }
                };
                // Debounce: editors write several events per save.
                let mut paths: Vec<PathBuf> = first;
                while let Ok(more) = rx.recv_timeout(Duration::from_millis(20)) {
                    paths.extend(more);
                }
                paths.sort();
                paths.dedup();
                // Editors' swap and backup files are not content.
                paths.retain(|p| {
                    let name = p
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    !(name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp"))
                        && (p.exists()
                            || p.extension().is_some_and(|e| {
                                ["md", "toml", "html", "css", "js", "wasm"]
                                    .contains(&e.to_string_lossy().as_ref())
                            }))
                });
                if paths.is_empty() {
                    continue;
                }
                match update(&opts, &out, &shared, &mut built, &paths) {
                    Search::Behind => search_stale = true,
                    Search::Current => search_stale = false,
                    Search::AsBefore => {}
                }
            }
        });
    }
    for req in server.incoming_requests() {
        let shared = shared.clone();
        let out = out.clone();
        std::thread::spawn(move || handle(req, &out, &shared));
    }
    Ok(())
}

fn handle(req: tiny_http::Request, out: &Path, shared: &Shared) {
    let url = req.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let header = |k: &str, v: &str| tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).ok();
    if path == "/__livereload.js" {
        let r = tiny_http::Response::from_string(RELOAD_JS)
            .with_header(header("Content-Type", "text/javascript; charset=utf-8").unwrap());
        let _ = req.respond(r);
        return;
    }
    if path == "/__livereload" {
        let seen: u64 = query
            .strip_prefix("v=")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let (lock, cvar) = &**shared;
        let st = lock.lock().unwrap_or_else(|e| e.into_inner());
        let (st, _) = cvar
            .wait_timeout_while(st, Duration::from_secs(25), |s| s.version == seen)
            .unwrap_or_else(|e| e.into_inner());
        let _ = req.respond(tiny_http::Response::from_string(st.version.to_string()));
        return;
    }
    let rel = crate::text::decode_path(path.trim_start_matches('/'));
    if rel.split('/').any(|p| p == "..") {
        let _ = req.respond(tiny_http::Response::empty(400));
        return;
    }
    let mut file = out.join(&rel);
    if file.is_dir() {
        file = file.join("index.html");
    }
    let (status, file) = if file.is_file() {
        (200, file)
    } else {
        (404, out.join("404.html"))
    };
    let mut data = Vec::new();
    if let Ok(mut f) = std::fs::File::open(&file) {
        let _ = f.read_to_end(&mut data);
    }
    let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
    let ctype = match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
    let (version, error) = {
        let st = shared.0.lock().unwrap_or_else(|e| e.into_inner());
        (st.version, st.error.clone())
    };
    if ext == "html" || data.is_empty() {
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
    }
    let r = tiny_http::Response::from_data(data)
        .with_status_code(status)
        .with_header(header("Content-Type", ctype).unwrap())
        .with_header(header("Cache-Control", "no-store").unwrap());
    let _ = req.respond(r);
}

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(target_os = "linux")]
    fn previews_of_ended_runs_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        // Above Linux's largest process id: no such process.
        let ended = tmp.path().join("gen-serve-4194999");
        let running = tmp.path().join(format!("gen-serve-{}", std::process::id()));
        let other = tmp.path().join("gen-serve-notes");
        for d in [&ended, &running, &other] {
            std::fs::create_dir_all(d.join("site")).unwrap();
        }
        super::remove_stale_previews(tmp.path());
        assert!(!ended.exists());
        assert!(running.exists() && other.exists());
    }
}
