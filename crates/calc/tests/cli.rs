//! The built `calc` binary: JSON in on standard input, JSON out, exit 0 or 2.
#![cfg(feature = "cli")]

use std::io::Write;
use std::process::{Command, Stdio};

const EXAMPLE: &str = r#"{"kind":"penalty","regime":"private","principal":"100000","contract_date":"2021-03-01",
 "overdue_from":"2022-03-01","until":"2022-12-31","rate":{"annual_pct":"24"},
 "loan_rate":null,"fees":"0","deducted_upfront":"0","cap_mode":"contract_lpr",
 "filing_date":null,"day_basis":365,"count":"start_not_end"}"#;

/// Runs the binary on `input`: (exit code, parsed standard output).
fn calc(input: &[u8]) -> (i32, serde_json::Value) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_calc"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the calc binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input)
        .expect("stdin is written");
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let stdout = String::from_utf8(out.stdout).expect("UTF-8 output");
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    (out.status.code().expect("exited normally"), json)
}

/// The example with one field replaced (or added).
fn example_with(field: &str, value: serde_json::Value) -> Vec<u8> {
    let mut v: serde_json::Value = serde_json::from_str(EXAMPLE).unwrap();
    v[field] = value;
    v.to_string().into_bytes()
}

fn assert_refused(input: &[u8], field: &str, fragment: &str) {
    let (code, json) = calc(input);
    assert_eq!(code, 2, "{json}");
    assert_eq!(json["error"]["field"], field, "{json}");
    let message = json["error"]["message"].as_str().unwrap();
    assert!(message.contains(fragment), "{message}");
    // The message is in Chinese.
    assert!(
        message
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{message}"
    );
}

#[test]
fn the_calculator_md_example() {
    let (code, json) = calc(EXAMPLE.as_bytes());
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["days"], 305);
    assert_eq!(json["claimed"], "20054.79");
    assert_eq!(json["cap_rate_pct"], "15.40");
    assert_eq!(json["cap"], "12868.49");
    assert_eq!(json["supported"], "12868.49");
    assert_eq!(json["excess"], "7186.30");
    assert_eq!(json["segments"][0]["days"], 305);
    assert_eq!(json["segments"][0]["interest"], "20054.79");
    assert_eq!(json["warnings"], serde_json::json!([]));
    for note in json["notes"].as_array().unwrap() {
        assert!(!note["text"].as_str().unwrap().is_empty());
        assert!(!note["cite"].as_str().unwrap().is_empty());
    }
}

#[test]
fn numbers_may_be_json_numbers() {
    // A bare JSON number keeps its text: 100000.10 is exactly 10000010 分.
    let (code, json) = calc(&example_with(
        "principal",
        serde_json::Value::Number("100000.10".parse().unwrap()),
    ));
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["principal_used"], "100000.10");
}

#[test]
fn negative_amount() {
    assert_refused(
        &example_with("principal", "-100".into()),
        "principal",
        "负数",
    );
}

#[test]
fn impossible_date() {
    assert_refused(
        &example_with("until", "2025-02-30".into()),
        "until",
        "没有30日",
    );
}

#[test]
fn end_before_start() {
    assert_refused(
        &example_with("until", "2022-01-01".into()),
        "until",
        "不能早于",
    );
}

#[test]
fn unknown_kind() {
    assert_refused(&example_with("kind", "loan".into()), "kind", "不存在");
}

#[test]
fn unknown_field() {
    assert_refused(
        &example_with("principle", "1".into()),
        "principle",
        "未知字段",
    );
}

#[test]
fn absurd_magnitude() {
    assert_refused(
        &example_with("principal", "100000000000000000".into()),
        "principal",
        "过大",
    );
    assert_refused(
        &example_with("rate", serde_json::json!({"monthly_pct": "5000"})),
        "rate",
        "过高",
    );
}

#[test]
fn not_json_empty_and_not_an_object() {
    assert_refused(b"{\"kind\":", "", "JSON");
    assert_refused(b"", "", "没有读到");
    assert_refused(b"[1,2]", "", "对象");
    assert_refused(b"\xff\xfe", "", "UTF-8");
}

#[test]
fn judgment_example_through_the_binary() {
    let (code, json) = calc(
        br#"{"kind":"judgment","debt":"50000","deadline":"2024-03-20",
            "payments":[{"date":"2024-05-10","amount":"20000"}],"until":"2024-08-31"}"#,
    );
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["days"], 164);
    assert_eq!(json["doubled_interest"], "1039.50");
    assert_eq!(json["paid_to_debt"], "20000.00");
    assert_eq!(json["paid_to_interest"], "0.00");
    assert_eq!(json["remaining_debt"], "30000.00");
    assert_eq!(json["remaining_interest"], "1039.50");
    assert_eq!(json["segments"][1]["base"], "30000.00");
    assert_eq!(json["segments"][1]["interest"], "593.25");
    for note in json["notes"].as_array().unwrap() {
        assert!(!note["cite"].as_str().unwrap().is_empty());
    }
}

#[test]
fn judgment_until_defaults_to_today_in_china() {
    let (code, json) = calc(br#"{"kind":"judgment","debt":"1000","deadline":"2024-03-20"}"#);
    assert_eq!(code, 0, "{json}");
    // The system's date in UTC+8, asked of `date` (GNU coreutils) rather than computed
    // the way the binary does.
    let expected = |_: ()| {
        let out = Command::new("date")
            .args(["-u", "-d", "+8 hours", "+%F"])
            .output()
            .expect("date runs");
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    let before = expected(());
    let until = json["until"].as_str().unwrap().to_string();
    assert!(
        until == before || until == expected(()),
        "{until} vs {before}"
    );
}

#[test]
fn judgment_refusals() {
    assert_refused(
        br#"{"kind":"judgment","debt":"-1","deadline":"2024-03-20","until":"2024-08-31"}"#,
        "debt",
        "负数",
    );
    assert_refused(
        br#"{"kind":"judgment","debt":"100","deadline":"2024-03-20","until":"2024-08-31",
            "suspended":[{"from":"2024-04-01","to":"2024-03-25"}]}"#,
        "suspended[0].to",
        "不能早于",
    );
}

#[test]
fn court_fee_examples_through_the_binary() {
    let (code, json) = calc(br#"{"kind":"court_fee","fee":"case","claim":"50000"}"#);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["fee"], "1050.00");
    assert_eq!(json["halved"], false);
    let (code, json) =
        calc(br#"{"kind":"court_fee","fee":"case","claim":"50000","procedure":"simple"}"#);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["fee"], "525.00");
    assert_eq!(json["halved"], true);
    assert_eq!(json["bands"][1]["rate"], "2.5%");
    let (_, json) = calc(br#"{"kind":"court_fee","fee":"payment_order","claim":50000}"#);
    assert_eq!(json["fee"], "350.00");
    assert_refused(
        br#"{"kind":"court_fee","fee":"case","claim":"0"}"#,
        "claim",
        "大于 0",
    );
}

#[test]
fn the_limitation_example() {
    let (code, json) = calc(
        br#"{"kind":"limitation","period":"litigation","due_date":"2022-06-30","interruptions":["2023-03-15"],"today":"2026-11-29"}"#,
    );
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["expires_on"], "2026-03-16");
    assert_eq!(json["expired"], true);
    assert_eq!(json["restarted_on"], "2023-03-15");
    assert_eq!(json["ignored_interruptions"], serde_json::json!([]));
    assert!(json["notes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["cite"].as_str().unwrap().contains("第203条")));
}

#[test]
fn proceedings_and_the_grace_rule_through_json() {
    // Review 2026-12 A-1: sued 2023-03-15, withdrawal effective 2023-09-01.
    let (code, json) = calc(
        br#"{"kind":"limitation","due_date":"2022-06-30","proceedings":[{"filed":"2023-03-15","ended":"2023-09-01"}],"today":"2026-11-29"}"#,
    );
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["expires_on"], "2026-09-01");
    assert_eq!(json["restarted_on"], "2023-09-01");
    // Still running: no expiry date.
    let (code, json) = calc(
        br#"{"kind":"limitation","due_date":"2022-06-30","proceedings":[{"filed":"2023-03-15","ended":null}],"today":"2026-11-29"}"#,
    );
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["expires_on"], serde_json::Value::Null);
    assert_eq!(json["expired"], serde_json::Value::Null);
    assert_eq!(json["interrupted_since"], "2023-03-15");
    assert_refused(
        br#"{"kind":"limitation","due_date":"2022-06-30","proceedings":[{"filed":"2023-03-15","ended":"2023-03-01"}],"today":"2026-11-29"}"#,
        "proceedings[0].ended",
        "早于起诉或申请的日子",
    );
    // Review 2026-12 A-2: the rule not known (no extend_holidays).
    let (code, json) =
        calc(br#"{"kind":"grace","due_date":"2026-09-30","grace_days":3,"paid_on":"2026-10-08"}"#);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["last_on_time_day"], "2026-10-03");
    assert_eq!(json["arguable_until"], "2026-10-08");
    assert_eq!(json["status"], "arguable");
    assert_eq!(json["overdue_days"], 8);
    // The old boolean still reads: true rolls over.
    let (code, json) = calc(
        br#"{"kind":"grace","due_date":"2026-09-30","grace_days":3,"extend_holidays":true,"paid_on":"2026-10-08"}"#,
    );
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["status"], "within_grace");
}

#[test]
fn the_apr_example() {
    let (code, json) = calc(
        br#"{"kind":"apr","received":"12000","payments":["1072","1072","1072","1072","1072","1072","1072","1072","1072","1072","1072","1072"]}"#,
    );
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["apr_pct"], "13.03");
    assert_eq!(json["naive_pct"], "7.20");
    assert_eq!(json["total_cost"], "864.00");
    assert_eq!(json["instalments"].as_array().unwrap().len(), 12);
    // JSON numbers are amounts too, and the grouped form gives the same answer.
    let (code, grouped) =
        calc(br#"{"kind":"apr","received":12000,"schedule":[{"count":12,"amount":1072}]}"#);
    assert_eq!(code, 0, "{grouped}");
    assert_eq!(grouped["apr_pct"], "13.03");
}

#[test]
fn limitation_and_apr_refusals() {
    assert_refused(
        br#"{"kind":"limitation","due_date":"2022-06-30","interruptions":["2022-01-01"],"today":"2026-11-29"}"#,
        "interruptions[0]",
        "早于到期日",
    );
    assert_refused(
        br#"{"kind":"apr","received":"1000","payments":["300","300"]}"#,
        "payments",
        "不存在正的利率",
    );
    assert_refused(
        br#"{"kind":"apr","received":"1000","payments":[]}"#,
        "payments",
        "至少要有一期",
    );
}
