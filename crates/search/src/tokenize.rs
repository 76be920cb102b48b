//! Text to index terms. `theme/search/search.js` implements the same rules for queries
//! (`normalize`, `terms`, `hash`); change both together.
//!
//! - Full-width ASCII becomes half-width, Latin letters lower case.
//! - A run of Han characters gives its overlapping character bigrams (征信报告 → 征信, 信报,
//!   报告), so a word is found inside any longer word and no dictionary is needed; a lone
//!   Han character gives nothing.
//! - A run of Latin letters, and a run of digits, is one term each (`LPR4倍` → `lpr`, `4`).
//! - Everything else separates.
//! - Statute citations add `§<number>` and `§<law><number>` (see [`citation_terms`]).

/// Whether `c` is a Han character (CJK Unified Ideographs, Extension A, Compatibility).
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// Full-width ASCII to ASCII, ideographic space to space, ASCII letters to lower case.
pub fn normalize_char(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// What a character is to the tokenizer.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    Han,
    Letter,
    Digit,
    Other,
}

pub(crate) fn class(c: char) -> Class {
    if is_han(c) {
        Class::Han
    } else if c.is_ascii_lowercase() {
        Class::Letter
    } else if c.is_ascii_digit() {
        Class::Digit
    } else {
        Class::Other
    }
}

/// Calls `emit` with every term of `text`, in order, repeats included.
pub fn for_each_term(text: &str, mut emit: impl FnMut(&str)) {
    let chars: Vec<char> = text.chars().map(normalize_char).collect();
    let mut i = 0;
    let mut buf = String::new();
    while i < chars.len() {
        let k = class(chars[i]);
        let mut j = i + 1;
        while j < chars.len() && class(chars[j]) == k {
            j += 1;
        }
        match k {
            Class::Han => {
                for w in chars[i..j].windows(2) {
                    buf.clear();
                    buf.push(w[0]);
                    buf.push(w[1]);
                    emit(&buf);
                }
            }
            Class::Letter | Class::Digit => {
                buf.clear();
                buf.extend(&chars[i..j]);
                emit(&buf);
            }
            Class::Other => {}
        }
        i = j;
    }
}

/// All terms of `text`, in order, repeats included.
pub fn terms(text: &str) -> Vec<String> {
    let mut v = Vec::new();
    for_each_term(text, |t| v.push(t.to_string()));
    v
}

/// The law name and article number of a citation such as `民法典第676条`
/// (`("民法典", "676")`), or `None` when it has no number.
pub fn parse_citation(citation: &str) -> Option<(String, String)> {
    let s: String = citation
        .chars()
        .map(normalize_char)
        .filter(|c| !c.is_whitespace() && *c != '《' && *c != '》')
        .collect();
    // The article number is the last run of digits (法发〔2017〕22号第2条 → 2).
    let end = s.rfind(|c: char| c.is_ascii_digit())? + 1;
    let start = s[..end]
        .rfind(|c: char| !c.is_ascii_digit())
        .map_or(0, |i| i + s[i..].chars().next().map_or(1, char::len_utf8));
    let head = &s[..start];
    let name = head.strip_suffix('第').unwrap_or(head);
    Some((name.to_string(), s[start..end].to_string()))
}

/// The special terms of a citation: `§676` and `§民法典676`.
pub fn citation_terms(citation: &str) -> Vec<String> {
    match parse_citation(citation) {
        Some((name, n)) if !name.is_empty() => vec![format!("§{n}"), format!("§{name}{n}")],
        Some((_, n)) => vec![format!("§{n}")],
        None => Vec::new(),
    }
}

/// FNV-1a over the UTF-8 bytes: which shard holds a term (`hash % shards`).
pub fn hash(term: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in term.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigrams_words_digits() {
        assert_eq!(terms("征信报告"), ["征信", "信报", "报告"]);
        assert_eq!(terms("ＬＰＲ的4倍"), ["lpr", "4"]);
        assert_eq!(terms("民法典第676条"), ["民法", "法典", "典第", "676"]);
        assert_eq!(terms("卡"), Vec::<String>::new());
    }

    #[test]
    fn citations() {
        assert_eq!(
            parse_citation("民法典第676条"),
            Some(("民法典".into(), "676".into()))
        );
        assert_eq!(
            parse_citation("《征信业管理条例》第15条"),
            Some(("征信业管理条例".into(), "15".into()))
        );
        assert_eq!(citation_terms("民法典 676"), ["§676", "§民法典676"]);
        assert_eq!(
            parse_citation("法发〔2017〕22号第2条"),
            Some(("法发〔2017〕22号".into(), "2".into()))
        );
        assert_eq!(parse_citation("第3条"), Some((String::new(), "3".into())));
    }

    #[test]
    fn fnv() {
        assert_eq!(hash(""), 0x811c_9dc5);
        assert_eq!(hash("a"), 0xe40c_292c);
    }
}
