//! Shared helpers of the end-to-end tests.

/// A URL path or fragment with its `%XX` escapes decoded (Chinese tag and heading names).
pub fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Every file below `root` with the extension `ext`, sorted.
pub fn files(root: &std::path::Path, ext: &str) -> Vec<std::path::PathBuf> {
    let mut v = all_files(root);
    v.retain(|p| p.extension().is_some_and(|e| e == ext));
    v
}

/// Every file below `root`, sorted.
pub fn all_files(root: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut v = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                v.push(p);
            }
        }
    }
    v.sort();
    v
}

/// Copies the folder `from` to `to`, subfolders included (a fixture into a test's folder).
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("create a folder");
    for entry in std::fs::read_dir(from).expect("read a fixture").flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy a fixture");
        }
    }
}

/// One GET on 127.0.0.1: the body, or `None` when the server does not answer.
pub fn get(port: u16, path: &str) -> Option<String> {
    ureq::get(&format!("http://127.0.0.1:{port}{path}"))
        .call()
        .ok()?
        .body_mut()
        .read_to_string()
        .ok()
}

/// The "today" of every test build: freshness warnings and passages valid until a date
/// are measured against it, so no test depends on the day it runs. On this day the
/// fixture's data (LPR verified on 2026-04-20, calendars to 2026) and articles are fresh.
pub fn fixture_today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 5, 1).expect("a valid date")
}

/// A small deterministic generator (xorshift): the same numbers for the same seed on every
/// run and machine (the benchmark's corpus, the incremental build's random walk).
pub struct Xorshift(pub u64);

impl Xorshift {
    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}
