//! Small shared helpers: heading anchors, URL encoding, content hashes, CJK tests.

/// A heading's anchor: the text kept (Chinese kept), ASCII lowercased, spaces → `-`,
/// punctuation other than `-` and `_` removed. Duplicates are handled by [`Anchors`].
pub fn anchorize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c == ' ' || c == '\u{3000}' {
            out.push('-');
        } else if c == '-' || c == '_' || c.is_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// Hands out unique anchors in document order: `a`, `a-1`, `a-2`.
///
/// Linear in the number of headings: each base remembers the next number to try, so
/// 20,000 equal headings do not each count up from 1 again (issue 10, C7).
#[derive(Default, Debug)]
pub struct Anchors {
    used: std::collections::HashSet<String>,
    next: std::collections::HashMap<String, usize>,
}

impl Anchors {
    pub fn unique(&mut self, text: &str) -> String {
        let mut base = anchorize(text);
        if base.is_empty() {
            base = "section".to_string();
        }
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(1);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// Whether a file or folder name is hidden or an editor's leftover (`.git`, `.env`,
/// `.DS_Store`, `x.md~`, `.x.md.swp`, `#x.md#`): never content, never published, never a
/// reason to rebuild in `gen serve`.
pub fn is_hidden_or_leftover(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swo", ".swx"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// The longest file or folder name most file systems take (ext4, APFS, NTFS: 255 bytes).
pub const MAX_NAME_BYTES: usize = 255;

/// Why `name` cannot be one folder name of the output (a slug, a tag), if it cannot:
/// the build must be able to write whatever `gen check` accepts.
pub fn unwritable_name(name: &str) -> Option<String> {
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        return Some(format!("contains the control character U+{:04X}", c as u32));
    }
    if name.len() > MAX_NAME_BYTES {
        return Some(format!(
            "is {} bytes long; a file name can have at most {MAX_NAME_BYTES} (a Chinese character takes 3)",
            name.len()
        ));
    }
    None
}

/// Prints a line on standard output; a closed pipe (`gen build | head`) is not an error
/// worth a panic, unlike `println!` (issue 10, A3).
pub fn say(text: impl std::fmt::Display) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{text}");
}

/// [`say`] on standard error, without adding a line end.
pub fn tell(text: impl std::fmt::Display) {
    use std::io::Write;
    let _ = write!(std::io::stderr().lock(), "{text}");
}

/// Percent-encodes a URL path: unreserved ASCII and `/` kept, everything else encoded.
pub fn encode_path(path: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(path.len() * 2);
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => {
                out.push('%');
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 15) as usize] as char);
            }
        }
    }
    out
}

/// Decodes `%XX` escapes (invalid ones are kept as written).
pub fn decode_path(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() && s.is_char_boundary(i + 3) {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
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

/// Whether a character is Chinese/Japanese/Korean script or full-width punctuation.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x312F |
        0x31A0..=0x31BF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF |
        0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x2FA1F | 0xAC00..=0xD7AF)
}

/// Escapes text for HTML content and attributes (same output as `calc::html::escape`).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    escape_into(&mut out, text);
    out
}

/// Appends escaped text; copies runs without special characters in one go. Control
/// characters other than tab and line end are dropped: no NUL or escape code reaches the
/// HTML, whatever a TOML escape in front matter put in a string (issue 10, C10).
pub fn escape_into(out: &mut String, text: &str) {
    let _ = escape_to(out, text);
}

/// [`escape_into`] for any writer (a template's output).
pub fn escape_to(out: &mut impl std::fmt::Write, text: &str) -> std::fmt::Result {
    let mut last = 0;
    for (i, b) in text.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            b if b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r' || b == 0x7f => "",
            _ => continue,
        };
        out.write_str(&text[last..i])?;
        out.write_str(rep)?;
        last = i + 1;
    }
    out.write_str(&text[last..])
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
    fn anchors_keep_chinese() {
        assert_eq!(anchorize("逾期 利息，怎么算？"), "逾期-利息怎么算");
        assert_eq!(anchorize("What IS it?"), "what-is-it");
        assert_eq!(anchorize("a_b-c!"), "a_b-c");
    }

    #[test]
    fn duplicates_numbered() {
        let mut a = Anchors::default();
        assert_eq!(a.unique("x"), "x");
        assert_eq!(a.unique("x"), "x-1");
        assert_eq!(a.unique("x"), "x-2");
        assert_eq!(a.unique("x-1"), "x-1-1");
        assert_eq!(a.unique(""), "section");
    }

    #[test]
    fn encode_decode() {
        assert_eq!(
            encode_path("/tags/信用卡/"),
            "/tags/%E4%BF%A1%E7%94%A8%E5%8D%A1/"
        );
        assert_eq!(decode_path("%E4%BF%A1a%zz"), "信a%zz");
        assert_eq!(decode_path("abc%"), "abc%");
    }

    #[test]
    fn escaping_matches_calc() {
        let s = "a<b>&\"c'd中";
        assert_eq!(escape(s), calc::html::escape(s));
    }

    #[test]
    fn truncation_by_characters() {
        assert_eq!(truncate_chars("中文字符", 2), "中文…");
        assert_eq!(truncate_chars("中文", 2), "中文");
    }
}
