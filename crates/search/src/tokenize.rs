//! Text to index terms. `theme/search/search.js` implements the same rules for queries
//! (`normalize`, `terms`, `hash`, synonym groups); `tests/parity.rs` feeds the same
//! strings to both and compares the terms.
//!
//! - Full-width ASCII becomes half-width, Latin letters lower case.
//! - Numbers are written one way ([`normalize`]): Chinese numerals become Arabic digits
//!   (三个月 → 3个月, 一万 → 10000, 两 → 2), and Arabic digits before 万/千/亿 are
//!   multiplied out (1.5万 → 15000), so a reader's 「三个月」 meets an article's 「3个月」.
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

/// The value of a Chinese digit (零 〇 一 … 九, and 两).
fn numeral_digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// The value of a Chinese order of magnitude (十 百 千 万 亿).
fn numeral_magnitude(c: char) -> Option<u64> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1_000,
        '万' => 10_000,
        '亿' => 100_000_000,
        _ => return None,
    })
}

/// Counters after which a lone Chinese digit is a number (一个月, 两次, 三天), not part of
/// a word (一定, 统一, 两样).
const COUNTERS: &str = "个天年月日期次倍元块笔张周岁家条号位份成项步";

/// Numbers above this are left as written (JavaScript's integers are exact below 2^53).
const NUMBER_MAX: u64 = 1_000_000_000_000_000;

/// The value of a run of Chinese numerals when it is a number: 二百零七 207, 一万两千 12000,
/// 一万二 12000 (a last digit after 百/千/万 counts one order down), 十五 15; `None` for
/// runs that are not (一二, 两三, 五六).
fn numeral_value(run: &[char]) -> Option<u64> {
    let (mut result, mut section) = (0u64, 0u64);
    let mut number: Option<u64> = None;
    let (mut last_magnitude, mut zero) = (0u64, false);
    for &c in run {
        if let Some(d) = numeral_digit(c) {
            if d == 0 {
                if number.is_some() {
                    return None;
                }
                zero = true;
            } else {
                if number.is_some() {
                    return None;
                }
                number = Some(d);
            }
            continue;
        }
        let m = numeral_magnitude(c)?;
        let n = match number.take() {
            Some(n) => n,
            None if c == '十' => 1,
            None if m >= 10_000 => 0,
            None => return None,
        };
        if m >= 10_000 {
            let s = section.checked_add(n)?;
            if m == 10_000 {
                result = result.checked_add(s.checked_mul(m)?)?;
            } else {
                result = result.checked_add(s)?.checked_mul(m)?;
            }
            section = 0;
        } else {
            section = section.checked_add(n.checked_mul(m)?)?;
        }
        last_magnitude = m;
        zero = false;
    }
    let mut n = number.unwrap_or(0);
    let last_is_digit = run
        .last()
        .is_some_and(|&c| numeral_digit(c).is_some_and(|d| d > 0));
    if last_is_digit && !zero && last_magnitude >= 100 {
        n = n.checked_mul(last_magnitude / 10)?;
    }
    let v = result.checked_add(section)?.checked_add(n)?;
    (v <= NUMBER_MAX).then_some(v)
}

/// `text` as the tokenizer reads it: [`normalize_char`] on every character, then numbers
/// written one way:
///
/// - a run of Chinese numerals (零〇一二两三四五六七八九十百千万亿) that starts with a digit
///   or 十 and is a number becomes its Arabic digits when it holds an order of magnitude
///   (一万, 十五, 二百零七), or is one digit followed by a counter (一个, 两次, 三天, see
///   [`COUNTERS`]) or preceded by 第 (第一步);
/// - Arabic digits, with an optional decimal part, followed by 万, 千 or 亿 become the
///   whole number (5万 → 50000, 1.5万 → 15000) when it is one.
///
/// `from` receives, for every character of the result, the index (in characters) of the
/// input character it comes from, so that the page can mark matches in the original
/// text.
pub fn normalize_mapped(text: &str, mut from: Option<&mut Vec<usize>>) -> String {
    let chars: Vec<char> = text.chars().map(normalize_char).collect();
    let mut out = String::with_capacity(text.len());
    let mut push = |out: &mut String, s: &str, at: usize| {
        out.push_str(s);
        if let Some(f) = from.as_deref_mut() {
            f.extend(std::iter::repeat_n(at, s.chars().count()));
        }
    };
    let is_numeral = |c: char| numeral_digit(c).is_some() || numeral_magnitude(c).is_some();
    let mut i = 0;
    let mut buf = [0u8; 4];
    while i < chars.len() {
        let c = chars[i];
        if is_numeral(c) && (numeral_digit(c).is_some() || c == '十') {
            let mut j = i + 1;
            while j < chars.len() && is_numeral(chars[j]) {
                j += 1;
            }
            let run = &chars[i..j];
            let has_magnitude = run.iter().any(|&c| numeral_magnitude(c).is_some());
            let counted = j - i == 1
                && (chars.get(j).is_some_and(|c| COUNTERS.contains(*c))
                    || (i > 0 && chars[i - 1] == '第'));
            if has_magnitude || counted {
                if let Some(v) = numeral_value(run) {
                    push(&mut out, &v.to_string(), i);
                    i = j;
                    continue;
                }
            }
            for (k, c) in chars.iter().enumerate().take(j).skip(i) {
                push(&mut out, c.encode_utf8(&mut buf), k);
            }
            i = j;
            continue;
        }
        if c.is_ascii_digit() && (i == 0 || chars[i - 1] != '.') {
            let mut j = i;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            let mut k = j;
            if k + 1 < chars.len() && chars[k] == '.' && chars[k + 1].is_ascii_digit() {
                k += 1;
                while k < chars.len() && chars[k].is_ascii_digit() {
                    k += 1;
                }
            }
            if let Some(m) = chars.get(k).and_then(|&c| numeral_magnitude(c)) {
                if m >= 1_000 {
                    if let Some(v) = scaled(&chars[i..k], m) {
                        push(&mut out, &v.to_string(), i);
                        i = k + 1;
                        continue;
                    }
                }
            }
            for (k, c) in chars.iter().enumerate().take(j).skip(i) {
                push(&mut out, c.encode_utf8(&mut buf), k);
            }
            i = j;
            continue;
        }
        push(&mut out, c.encode_utf8(&mut buf), i);
        i += 1;
    }
    out
}

/// `digits` (`15`, `1.5`) times `m`, when a whole number not above [`NUMBER_MAX`].
fn scaled(digits: &[char], m: u64) -> Option<u64> {
    let s: String = digits.iter().collect();
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    if whole.len() > 15 || frac.len() > 8 {
        return None;
    }
    let whole: u64 = whole.parse().ok()?;
    let mut v = whole.checked_mul(m)?;
    if !frac.is_empty() {
        let f: u64 = frac.parse().ok()?;
        let scale = 10u64.pow(frac.len() as u32);
        let part = f.checked_mul(m)?;
        if part % scale != 0 {
            return None;
        }
        v = v.checked_add(part / scale)?;
    }
    (v <= NUMBER_MAX).then_some(v)
}

/// [`normalize_mapped`] without the map.
pub fn normalize(text: &str) -> String {
    normalize_mapped(text, None)
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
pub fn for_each_term(text: &str, emit: impl FnMut(&str)) {
    for_each_normalized_term(&normalize(text), emit)
}

/// [`for_each_term`] of a text already [`normalize`]d.
pub fn for_each_normalized_term(text: &str, mut emit: impl FnMut(&str)) {
    let chars: Vec<char> = text.chars().collect();
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
    let s: String = normalize(citation)
        .chars()
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
    fn numbers_are_written_one_way() {
        for (text, want) in [
            ("逾期三个月", "逾期3个月"),
            ("两个月", "2个月"),
            ("借条写一万到手八千", "借条写10000到手8000"),
            ("二百零七元", "207元"),
            ("一万两千", "12000"),
            ("一万二", "12000"),
            ("三千五百", "3500"),
            ("十二期里有一期", "12期里有1期"),
            ("第一步", "第1步"),
            ("十五天", "15天"),
            ("5万元", "50000元"),
            ("1.5万", "15000"),
            ("１万", "10000"),
            ("一定要统一", "一定要统一"),
            ("千万别", "千万别"),
            ("万一", "万一"),
            ("两三天", "两三天"),
            ("1.25万", "12500"),
            ("0.6%", "0.6%"),
            ("2.3.4万", "2.3.4万"),
        ] {
            assert_eq!(normalize(text), want, "{text}");
        }
        assert_eq!(terms("三个月"), terms("3个月"));
        assert_eq!(terms("一万"), terms("10000"));
        let mut from = Vec::new();
        assert_eq!(normalize_mapped("借一万元", Some(&mut from)), "借10000元");
        assert_eq!(from, [0, 1, 1, 1, 1, 1, 3]);
    }

    #[test]
    fn fnv() {
        assert_eq!(hash(""), 0x811c_9dc5);
        assert_eq!(hash("a"), 0xe40c_292c);
    }
}
