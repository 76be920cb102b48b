//! The tokenizer exists twice: in Rust for the index (`src/tokenize.rs`,
//! `src/synonyms.rs`) and in the page for queries (`theme/search/search.js`). This feeds
//! the same strings to both (every character class, full-width forms, numerals written
//! both ways, mixed scripts, citations, the site's synonym table) and compares what they
//! make of them. Needs `node` (`bash .ci/install`).

use search::{tokenize, Synonyms};
use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

const STRINGS: &[&str] = &[
    "",
    "逾期利息怎么算？",
    "征信报告",
    "卡",
    "信用卡abc123白户　征信 x",
    "ＬＰＲ四倍，即１５.４％；Ａｂｃ　ＸＹＺ",
    "LPR的4倍 Lpr lpr",
    "𠀀字（扩展B）与\u{3400}㐀龥\u{9fff}\u{f900}豈\u{fa6d}",
    "Ελληνικά кириллица café naïve Straße",
    "emoji 😀 逾期🙂还款 ❤️",
    "e\u{301} 组合 a\u{308}",
    "tab\there\nnew line\r\n回车",
    "逾期三个月，两个月，一个月，十二期，第一步，第十五条",
    "借条写一万到手八千，二百零七元，一万两千，一万二，三千五",
    "5万元 1.5万 １万 0.6% 1.25万 2.3.4万 10,000元 3.14",
    "一定 统一 千万别 万一 两三天 五六个 一一 十分 零首付 〇",
    "九千九百九十九万亿亿 一亿三千万 九十九亿九千万 99999999999999万 1234567890123456",
    "民法典第676条 第六百七十六条 676条 民法典 676",
    "《征信业管理条例》第15条",
    "法发〔2017〕22号第2条",
    "被起诉了怎么办 老赖 失信被执行人 失信名单",
    "征信黑了多少年能消 逾期记录五年后会消掉吗",
    "网贷逾期半年了 一周 一个星期 七天 一礼拜 第一次 头一次",
    "ｗｅｃｈａｔ微信ＰＡＹ支付宝12378热线１２３４８",
    "混合Mixed文字123和456数字abc",
];

const CITATIONS: &[&str] = &[
    "民法典第676条",
    "民法典第六百七十六条",
    "《征信业管理条例》第15条",
    "征信业管理条例 第 25 条",
    "法发〔2017〕22号第2条",
    "第3条",
    "民事诉讼法第二百二十七条",
];

#[test]
fn rust_and_the_page_cut_text_into_the_same_terms() {
    let table = std::fs::read_to_string(root().join("content/data/synonyms.txt")).unwrap();
    let synonyms = Synonyms::parse(&table).unwrap();
    let citations: Vec<(String, String)> = CITATIONS
        .iter()
        .map(|c| {
            let law = tokenize::parse_citation(c)
                .map(|(name, _)| name)
                .unwrap_or_default();
            (c.to_string(), law)
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input.json");
    std::fs::write(
        &input,
        serde_json::json!({
            "strings": STRINGS,
            "groups": synonyms.groups(),
            "citations": citations,
        })
        .to_string(),
    )
    .unwrap();
    let out = Command::new("node")
        .arg(root().join("crates/search/tests/tokenize.mjs"))
        .arg(root().join("theme/search/search.js"))
        .arg(&input)
        .output()
        .unwrap_or_else(|e| panic!("node (install it: bash .ci/install): {e}"));
    assert!(
        out.status.success(),
        "node: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let strings = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    let mut checked_hits = 0;
    for (i, text) in STRINGS.iter().enumerate() {
        let normalized = tokenize::normalize(text);
        assert_eq!(
            page["normalized"][i].as_str().unwrap(),
            normalized,
            "normalize({text:?})"
        );
        assert_eq!(
            strings(&page["terms"][i]),
            tokenize::terms(text),
            "terms({text:?})"
        );
        let chars: Vec<char> = normalized.chars().collect();
        let mut counts = vec![0u32; synonyms.groups().len()];
        synonyms.for_each_hit(&chars, |g| counts[g] += 1);
        let ours: Vec<(usize, u32)> = counts
            .iter()
            .enumerate()
            .filter(|(_, &n)| n > 0)
            .map(|(g, &n)| (g, n))
            .collect();
        let theirs: Vec<(usize, u32)> = page["hits"][i]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h[0].as_u64().unwrap() as usize,
                    h[1].as_u64().unwrap() as u32,
                )
            })
            .collect();
        assert_eq!(theirs, ours, "synonym groups in {text:?}");
        checked_hits += ours.len();
    }
    assert!(
        checked_hits >= 10,
        "the strings meet only {checked_hits} groups"
    );
    for (i, (c, _)) in citations.iter().enumerate() {
        let mut ours = tokenize::citation_terms(c);
        ours.sort();
        assert_eq!(strings(&page["citations"][i]), ours, "citation {c:?}");
    }
}
