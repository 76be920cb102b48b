//! Shared helpers of the end-to-end tests.

/// A URL path or fragment with its `%XX` escapes decoded (Chinese tag and heading names).
pub fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Every file below `root` with the extension `ext`, sorted.
pub fn files(root: &std::path::Path, ext: &str) -> Vec<std::path::PathBuf> {
    let mut v = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
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
