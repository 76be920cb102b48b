//! Headless Chromium through chromedriver, for the browser tests.
//!
//! A browser that cannot start fails the test with a message naming the packages to
//! install; it never skips (in CI, `CI=true`, and locally alike).

use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Map, Value as Json};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const INSTALL: &str =
    "install Debian's Chromium and its driver: apt-get install -y chromium chromium-driver";

fn find(candidates: &[&str], env: &str) -> PathBuf {
    if let Some(p) = std::env::var_os(env) {
        return PathBuf::from(p);
    }
    for c in candidates {
        if Path::new(c).exists() {
            return PathBuf::from(c);
        }
    }
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    panic!(
        "the browser tests need {} (or ${env}), which is not installed; {INSTALL}{}",
        candidates.join(" or "),
        if ci {
            " (CI=true: a browser that cannot start fails the run)"
        } else {
            ""
        }
    );
}

/// A running chromedriver, stopped on drop.
pub struct Driver {
    child: Child,
    pub url: String,
    chromium: PathBuf,
    profiles: Vec<PathBuf>,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // A session not closed (a failed assertion) leaves its Chromium running once the
        // driver is gone: stop every process started with one of our profiles.
        for p in &self.profiles {
            kill_processes_using(p);
            // Chromium's helper processes may still be writing there for a moment.
            for _ in 0..20 {
                if std::fs::remove_dir_all(p).is_ok() || !p.exists() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    }
}

/// Kills (SIGKILL) the processes whose command line names `profile`, and all their
/// descendants (Chromium's helpers do not name it, and write into it too). Linux: /proc.
fn kill_processes_using(profile: &Path) {
    let needle = format!("--user-data-dir={}", profile.display());
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return;
    };
    // (pid, parent pid, names the profile)
    let table: Vec<(u32, u32, bool)> = procs
        .flatten()
        .filter_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            // "pid (comm) state ppid …": the name may hold spaces, so read after ')'.
            let ppid = stat
                .rsplit_once(')')?
                .1
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()?;
            let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
            let ours = cmdline.split(|&b| b == 0).any(|a| a == needle.as_bytes());
            Some((pid, ppid, ours))
        })
        .collect();
    let mut doomed: Vec<u32> = table.iter().filter(|p| p.2).map(|p| p.0).collect();
    let mut i = 0;
    while i < doomed.len() {
        let parent = doomed[i];
        for &(pid, ppid, _) in &table {
            if ppid == parent && !doomed.contains(&pid) {
                doomed.push(pid);
            }
        }
        i += 1;
    }
    if !doomed.is_empty() {
        let _ = Command::new("kill")
            .arg("-9")
            .args(doomed.iter().map(u32::to_string))
            .status();
    }
}

impl Driver {
    pub fn start() -> Driver {
        let chromium = find(
            &["/usr/bin/chromium", "/usr/bin/chromium-browser"],
            "CHROMIUM",
        );
        let driver = find(&["/usr/bin/chromedriver"], "CHROMEDRIVER");
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(&driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}; {INSTALL}", driver.display()));
        Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
            chromium,
            profiles: Vec::new(),
        }
    }

    /// A new headless session, `width`×`height`, with JavaScript on or off.
    pub async fn session(&mut self, width: u32, height: u32, javascript: bool) -> Client {
        // One folder per session: the driver's port tells apart drivers of parallel tests.
        let profile = std::env::temp_dir().join(format!(
            "browser-test-{}-{}-{}",
            std::process::id(),
            self.url.rsplit(':').next().unwrap_or_default(),
            self.profiles.len()
        ));
        let _ = std::fs::remove_dir_all(&profile);
        self.profiles.push(profile.clone());
        let mut args = vec![
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--no-default-browser-check".into(),
            "--hide-scrollbars".into(),
            "--lang=zh-CN".into(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", profile.display()),
        ];
        if !javascript {
            args.push("--blink-settings=scriptEnabled=false".into());
        }
        let mut options = Map::new();
        options.insert("binary".into(), json!(self.chromium.to_string_lossy()));
        options.insert("args".into(), json!(args));
        // A phone's width, whatever the smallest window the platform allows.
        options.insert(
            "mobileEmulation".into(),
            json!({ "deviceMetrics": { "width": width, "height": height, "pixelRatio": 1.0 } }),
        );
        if !javascript {
            options.insert(
                "prefs".into(),
                json!({ "profile.managed_default_content_settings.javascript": 2 }),
            );
        }
        let mut caps = Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert("goog:chromeOptions".into(), Json::Object(options));
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            match ClientBuilder::new(connector.clone())
                .capabilities(caps.clone())
                .connect(&self.url)
                .await
            {
                Ok(client) => return client,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
                Err(e) => {
                    panic!("headless Chromium did not start through chromedriver ({e}); {INSTALL}")
                }
            }
        }
    }
}
