//! Heading anchors that keep Chinese: `## 利率有没有上限？` → `#利率有没有上限`, with `-1`,
//! `-2` for repeated headings, and the table of contents they make.

/// A heading of the table of contents (levels 2 and 3).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

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
}
