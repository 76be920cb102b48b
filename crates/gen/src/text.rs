//! Small text helpers every stage uses: the site's one HTML escaper (calc's, so the page and
//! the calculator escape alike), percent-encoding of site paths (the `percent-encoding`
//! crate), cutting text at a character, and the content hash of cache-busting file names.
//! It sits below the pipeline's stages and imports none of them.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

pub use calc::html::{escape, escape_to};

/// What a site path keeps as written: unreserved ASCII (RFC 3986) and `/`.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'/');

/// Percent-encodes a URL path: unreserved ASCII and `/` kept, everything else encoded.
pub fn encode_path(path: &str) -> String {
    utf8_percent_encode(path, PATH).to_string()
}

/// Decodes `%XX` escapes (invalid ones are kept as written; text that would not be UTF-8
/// once decoded is kept whole).
pub fn decode_path(s: &str) -> String {
    match percent_decode_str(s).decode_utf8() {
        Ok(decoded) => decoded.into_owned(),
        Err(_) => s.to_string(),
    }
}

/// A short content hash (FNV-1a, 64 bits) for cache-busting file names.
pub fn hash_hex(data: &[u8]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in data {
        h ^= *b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{h:016x}")[..10].to_string()
}

/// Cuts text to at most `max` characters at a character boundary, adding `…` when cut.
pub fn truncate_chars(text: &str, max: usize) -> String {
    let mut it = text.char_indices();
    match it.nth(max) {
        Some((i, _)) => format!("{}…", text[..i].trim_end()),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_decode() {
        assert_eq!(
            encode_path("/tags/信用卡/"),
            "/tags/%E4%BF%A1%E7%94%A8%E5%8D%A1/"
        );
        assert_eq!(encode_path("a b?#%~_.-"), "a%20b%3F%23%25~_.-");
        assert_eq!(decode_path("%E4%BF%A1a%zz"), "信a%zz");
        assert_eq!(decode_path("abc%"), "abc%");
        assert_eq!(decode_path("%E4%BF"), "%E4%BF");
    }

    #[test]
    fn truncation_by_characters() {
        assert_eq!(truncate_chars("中文字符", 2), "中文…");
        assert_eq!(truncate_chars("中文", 2), "中文");
    }
}
