//! Shared helpers of the end-to-end tests.

/// A URL path or fragment with its `%XX` escapes decoded (Chinese tag and heading names).
pub fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}
