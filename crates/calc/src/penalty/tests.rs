//! Hand-checked cases of the penalty calculator. Each figure's arithmetic is in the
//! comment beside it: interest = principal × annual% × days / basis, summed over
//! segments and rounded once, half up, to the 分.

use super::*;
use crate::{compute, Answer};
use proptest::prelude::*;

/// The CALCULATOR.md example, as pairs; tests change one field at a time.
fn example() -> Vec<(&'static str, Value)> {
    vec![
        ("kind", Value::str("penalty")),
        ("regime", Value::str("private")),
        ("principal", Value::str("100000")),
        ("contract_date", Value::str("2021-03-01")),
        ("overdue_from", Value::str("2022-03-01")),
        ("until", Value::str("2022-12-31")),
        ("rate", Value::map([("annual_pct", Value::str("24"))])),
        ("loan_rate", Value::Null),
        ("fees", Value::str("0")),
        ("deducted_upfront", Value::str("0")),
        ("cap_mode", Value::str("contract_lpr")),
        ("filing_date", Value::Null),
        ("day_basis", Value::Number("365".into())),
        ("count", Value::str("start_not_end")),
    ]
}

fn with(mut pairs: Vec<(&'static str, Value)>, changes: &[(&'static str, Value)]) -> Value {
    for (k, v) in changes {
        match pairs.iter_mut().find(|(name, _)| name == k) {
            Some(entry) => entry.1 = v.clone(),
            None => pairs.push((k, v.clone())),
        }
    }
    Value::map(pairs)
}

fn run(v: &Value) -> PenaltyAnswer {
    match compute(v, crate::Data::builtin()) {
        Ok(Answer::Penalty(a)) => a,
        other => panic!("expected a penalty answer, got {other:?}"),
    }
}

fn err(v: &Value) -> InputError {
    match compute(v, crate::Data::builtin()) {
        Err(e) => e,
        Ok(a) => panic!("expected an error, got {a:?}"),
    }
}

fn annual(s: &str) -> Value {
    Value::map([("annual_pct", Value::str(s))])
}

fn get<'a>(v: &'a Value, key: &str) -> &'a Value {
    v.get(key).unwrap_or_else(|| panic!("no field {key}"))
}

fn text(v: &Value, key: &str) -> String {
    match get(v, key) {
        Value::String(s) | Value::Number(s) => s.clone(),
        Value::Null => "null".into(),
        other => panic!("{key}: {other:?}"),
    }
}

/// (days, claimed, cap_rate_pct, cap, supported, excess) of the JSON answer.
fn headline(a: &PenaltyAnswer) -> [String; 6] {
    let v = a.to_value();
    [
        "days",
        "claimed",
        "cap_rate_pct",
        "cap",
        "supported",
        "excess",
    ]
    .map(|k| text(&v, k))
}

/// (from, to, days, rate_pct, interest) of each segment.
type SegRow = (String, String, i64, String, String);

fn seg_rows(a: &PenaltyAnswer) -> Vec<SegRow> {
    a.segments
        .iter()
        .map(|s| {
            (
                format_date(s.from),
                format_date(s.to),
                s.days,
                s.rate_pct.format(2),
                a.display(s.claimed_numerator).to_string(),
            )
        })
        .collect()
}

#[test]
fn calculator_md_example_exactly() {
    // 100000 × 24% × 305 / 365 = 20054.794… → 20054.79
    // cap: LPR on 2021-03-01 is 3.85% (since 2020-04-20); × 4 = 15.40%;
    // 100000 × 15.4% × 305 / 365 = 12868.493… → 12868.49
    let a = run(&Value::map(example()));
    assert_eq!(
        headline(&a),
        ["305", "20054.79", "15.40", "12868.49", "12868.49", "7186.30"].map(String::from)
    );
    let v = a.to_value();
    let segs = match get(&v, "segments") {
        Value::List(l) => l.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(segs.len(), 1);
    for (k, want) in [
        ("from", "2022-03-01"),
        ("to", "2022-12-31"),
        ("days", "305"),
        ("rate_pct", "24.00"),
        ("interest", "20054.79"),
    ] {
        assert_eq!(text(&segs[0], k), want, "{k}");
    }
    assert_eq!(get(&v, "warnings"), &Value::List(vec![]));
    // Every note has text and a citation.
    assert!(!a.notes.is_empty());
    for n in &a.notes {
        assert!(!n.text.is_empty() && !n.cite.is_empty(), "{n:?}");
    }
    assert!(a.notes.iter().any(|n| n.cite.contains("第28条第一款")));
    assert!(a.notes.iter().any(|n| n.cite.contains("第29条")));
    // The report shows the same figures.
    let r = a.report();
    assert!(r.figures.iter().any(|f| f.value == "12,868.49 元"));
    assert_eq!(r.table.unwrap().rows.len(), 1);
}

#[test]
fn monthly_rate_is_times_twelve() {
    // 月利率2% × 12 = 24%/year: the example again.
    let a = run(&with(
        example(),
        &[("rate", Value::map([("monthly_pct", Value::str("2"))]))],
    ));
    assert_eq!(a.claimed.to_string(), "20054.79");
    assert!(a.notes.iter().any(|n| n.text.contains("月利率2%")));
}

#[test]
fn daily_rate_is_times_basis_over_100() {
    // 日万分之5 × 365 / 100 = 18.25%/year; 100000 × 18.25% × 305 / 365 = 15250.00
    // (= 100000 × 0.0005 × 305, the daily rate exactly).
    let a = run(&with(
        example(),
        &[("rate", Value::map([("daily_per_10k", Value::str("5"))]))],
    ));
    assert_eq!(a.segments[0].rate_pct.format(2), "18.25");
    assert_eq!(a.claimed.to_string(), "15250.00");
    // Under a 360-day year: 5 × 360 / 100 = 18%/year; 100000 × 18% × 305 / 360 = 15250.00.
    let a = run(&with(
        example(),
        &[
            ("rate", Value::map([("daily_per_10k", Value::str("5"))])),
            ("day_basis", Value::Number("360".into())),
        ],
    ));
    assert_eq!(a.segments[0].rate_pct.format(2), "18.00");
    assert_eq!(a.claimed.to_string(), "15250.00");
}

#[test]
fn basis_360() {
    // 100000 × 24% × 305 / 360 = 20333.333… → 20333.33
    // 100000 × 15.4% × 305 / 360 = 13047.222… → 13047.22
    let a = run(&with(example(), &[("day_basis", Value::str("360"))]));
    assert_eq!(
        headline(&a),
        ["305", "20333.33", "15.40", "13047.22", "13047.22", "7286.11"].map(String::from)
    );
}

#[test]
fn count_both_adds_a_day() {
    // 306 days: 100000 × 24% × 306 / 365 = 20120.547… → 20120.55;
    // cap 100000 × 15.4% × 306 / 365 = 12910.684… → 12910.68; excess 7209.87
    let a = run(&with(example(), &[("count", Value::str("both"))]));
    assert_eq!(
        headline(&a),
        ["306", "20120.55", "15.40", "12910.68", "12910.68", "7209.87"].map(String::from)
    );
    assert_eq!(
        a.segments[0].to,
        crate::date::parse_date("2022-12-31").unwrap()
    );
}

#[test]
fn zero_days() {
    let a = run(&with(example(), &[("until", Value::str("2022-03-01"))]));
    assert_eq!(
        headline(&a),
        ["0", "0.00", "15.40", "0.00", "0.00", "0.00"].map(String::from)
    );
    // Both ends counted: one day. 100000 × 24% / 365 = 65.753… → 65.75;
    // cap 100000 × 15.4% / 365 = 42.191… → 42.19.
    let a = run(&with(
        example(),
        &[
            ("until", Value::str("2022-03-01")),
            ("count", Value::str("both")),
        ],
    ));
    assert_eq!(
        headline(&a),
        ["1", "65.75", "15.40", "42.19", "42.19", "23.56"].map(String::from)
    );
}

#[test]
fn leap_day_is_a_day() {
    // 2024-02-28 → 2024-03-01 is 2 days (29 February counted); 36500 × 10% × 2 / 365 = 20.00.
    // The same dates in 2023 are 1 day: 10.00.
    let base = |from: &str, until: &str| {
        with(
            example(),
            &[
                ("principal", Value::str("36500")),
                ("contract_date", Value::str("2021-03-01")),
                ("overdue_from", Value::str(from)),
                ("until", Value::str(until)),
                ("rate", annual("10")),
            ],
        )
    };
    let a = run(&base("2024-02-28", "2024-03-01"));
    assert_eq!((a.days, a.claimed.to_string()), (2, "20.00".into()));
    let a = run(&base("2023-02-28", "2023-03-01"));
    assert_eq!((a.days, a.claimed.to_string()), (1, "10.00".into()));
}

#[test]
fn floating_lpr_splits_at_each_one_year_change() {
    // 2022-01-01 → 2022-12-31, 24%: changes on 2022-01-20 (3.70) and 2022-08-22 (3.65);
    // 2022-05-20 changed only the five-year rate, so no split there.
    //   2022-01-01→01-20  19 days cap 4×3.80 = 15.20%: 100000×15.2%×19/365  =  791.23
    //   2022-01-20→08-22 214 days cap 4×3.70 = 14.80%: 100000×14.8%×214/365 = 8677.26
    //   2022-08-22→12-31 131 days cap 4×3.65 = 14.60%: 100000×14.6%×131/365 = 5240.00
    //   cap = (15.2×19 + 14.8×214 + 14.6×131) × 1000 / 365
    //       = (288.8 + 3167.2 + 1912.6) × 1000 / 365 = 5368.6 × 1000 / 365 = 14708.49
    //   claimed = 100000 × 24% × 364 / 365 = 23934.246… → 23934.25
    let a = run(&with(
        example(),
        &[
            ("overdue_from", Value::str("2022-01-01")),
            ("cap_mode", Value::str("floating_lpr")),
        ],
    ));
    assert_eq!(
        headline(&a),
        ["364", "23934.25", "null", "14708.49", "14708.49", "9225.76"].map(String::from)
    );
    let caps: Vec<(String, i64, String)> = a
        .segments
        .iter()
        .map(|s| {
            (
                format_date(s.from),
                s.days,
                s.cap_rate_pct.unwrap().format(2),
            )
        })
        .collect();
    assert_eq!(
        caps,
        vec![
            ("2022-01-01".into(), 19, "15.20".into()),
            ("2022-01-20".into(), 214, "14.80".into()),
            ("2022-08-22".into(), 131, "14.60".into()),
        ]
    );
    // Segments chain and end at `until`.
    assert_eq!(format_date(a.segments[2].to), "2022-12-31");
    // The same period with contract_lpr is one segment.
    let b = run(&with(
        example(),
        &[("overdue_from", Value::str("2022-01-01"))],
    ));
    assert_eq!(b.segments.len(), 1);
    assert_eq!(b.claimed, a.claimed);
}

#[test]
fn loan_rate_when_no_overdue_rate() {
    // 第28条第二款第（二）项: 100000 × 10% × 305 / 365 = 8356.164… → 8356.16, under the cap.
    let a = run(&with(
        example(),
        &[("rate", Value::Null), ("loan_rate", annual("10"))],
    ));
    assert_eq!(
        headline(&a),
        ["305", "8356.16", "15.40", "12868.49", "8356.16", "0.00"].map(String::from)
    );
    assert!(a
        .notes
        .iter()
        .any(|n| n.cite.contains("第28条第二款第（二）项")));
}

#[test]
fn lpr_at_the_time_when_nothing_agreed() {
    // 第28条第二款第（一）项, contract 2024-01-01, overdue 2024-06-01 → 2025-06-01 (365 days,
    // 29 Feb 2024 is before the period):
    //   2024-06-01→07-22   51 days 3.45%: 100000×3.45%×51/365  =  482.05
    //   2024-07-22→10-21   91 days 3.35%: 100000×3.35%×91/365  =  835.21
    //   2024-10-21→2025-05-20 211 days 3.10%: 100000×3.1%×211/365 = 1792.05
    //   2025-05-20→06-01   12 days 3.00%: 100000×3%×12/365     =   98.63
    //   total (3.45×51 + 3.35×91 + 3.1×211 + 3×12) × 1000 / 365
    //       = (175.95 + 304.85 + 654.1 + 36) × 1000 / 365 = 1170.9 × 1000 / 365 = 3207.945… → 3207.95
    //   cap: LPR on 2024-01-01 3.45% × 4 = 13.80%; 100000 × 13.8% × 365/365 = 13800.00
    let a = run(&with(
        example(),
        &[
            ("rate", Value::Null),
            ("contract_date", Value::str("2024-01-01")),
            ("overdue_from", Value::str("2024-06-01")),
            ("until", Value::str("2025-06-01")),
        ],
    ));
    assert_eq!(
        headline(&a),
        ["365", "3207.95", "13.80", "13800.00", "3207.95", "0.00"].map(String::from)
    );
    assert_eq!(
        seg_rows(&a),
        vec![
            (
                "2024-06-01".into(),
                "2024-07-22".into(),
                51,
                "3.45".into(),
                "482.05".into()
            ),
            (
                "2024-07-22".into(),
                "2024-10-21".into(),
                91,
                "3.35".into(),
                "835.21".into()
            ),
            (
                "2024-10-21".into(),
                "2025-05-20".into(),
                211,
                "3.10".into(),
                "1792.05".into()
            ),
            (
                "2025-05-20".into(),
                "2025-06-01".into(),
                12,
                "3.00".into(),
                "98.63".into()
            ),
        ]
    );
}

#[test]
fn period_touching_an_lpr_change_day() {
    // Ending on 2024-10-21 (not counted): no split, 20 days at 3.35%:
    // 100000 × 3.35% × 20 / 365 = 183.561… → 183.56.
    let base = |until: &str, count: &str, from: &str| {
        with(
            example(),
            &[
                ("rate", Value::Null),
                ("contract_date", Value::str("2024-01-01")),
                ("overdue_from", Value::str(from)),
                ("until", Value::str(until)),
                ("count", Value::str(count)),
            ],
        )
    };
    let a = run(&base("2024-10-21", "start_not_end", "2024-10-01"));
    assert_eq!(a.segments.len(), 1);
    assert_eq!(a.claimed.to_string(), "183.56");
    // Both ends counted: 2024-10-21 itself is a day at the new 3.10%:
    // (3.35 × 20 + 3.10 × 1) × 1000 / 365 = 70.1 × 1000 / 365 = 192.054… → 192.05.
    let a = run(&base("2024-10-21", "both", "2024-10-01"));
    assert_eq!(
        seg_rows(&a),
        vec![
            (
                "2024-10-01".into(),
                "2024-10-21".into(),
                20,
                "3.35".into(),
                "183.56".into()
            ),
            (
                "2024-10-21".into(),
                "2024-10-21".into(),
                1,
                "3.10".into(),
                "8.49".into()
            ),
        ]
    );
    assert_eq!(a.claimed.to_string(), "192.05");
    // Starting on 2024-10-21: the new rate from the first day, no zero-day segment.
    let a = run(&base("2024-11-21", "start_not_end", "2024-10-21"));
    assert_eq!(
        seg_rows(&a),
        vec![(
            "2024-10-21".into(),
            "2024-11-21".into(),
            31,
            "3.10".into(),
            "263.29".into()
        )]
    );
}

#[test]
fn benchmark_before_2019_08_20_and_the_first_lpr() {
    // A contract of 2019-01-01 with nothing agreed, overdue 2019-08-01 → 2019-09-01, all
    // before 2020-08-20 so no filing date is needed (第31条: 24% cap):
    //   2019-08-01→08-20 19 days at the benchmark 4.35%, 2019-08-20→09-01 12 days at 4.25%
    //   (4.35 × 19 + 4.25 × 12) × 1000 / 365 = (82.65 + 51) × 1000 / 365 = 366.164… → 366.16
    //   cap 100000 × 24% × 31 / 365 = 2038.356… → 2038.36
    let a = run(&with(
        example(),
        &[
            ("rate", Value::Null),
            ("contract_date", Value::str("2019-01-01")),
            ("overdue_from", Value::str("2019-08-01")),
            ("until", Value::str("2019-09-01")),
        ],
    ));
    assert_eq!(
        headline(&a),
        ["31", "366.16", "24.00", "2038.36", "366.16", "0.00"].map(String::from)
    );
    assert_eq!(
        seg_rows(&a)
            .into_iter()
            .map(|s| (s.0, s.2, s.3))
            .collect::<Vec<_>>(),
        vec![
            ("2019-08-01".into(), 19, "4.35".into()),
            ("2019-08-20".into(), 12, "4.25".into()),
        ]
    );
    assert!(a.notes.iter().any(|n| n.text.contains("4.35%")));
}

#[test]
fn transition_contract_before_2020_08_20() {
    // 第31条: contract 2019-01-01, 30%/year, overdue 2020-01-01 → 2021-01-01 (366 days,
    // 2020 is a leap year), filed 2021-03-01 (LPR 3.85%, × 4 = 15.40%):
    //   2020-01-01→08-20 232 days, cap 24%;  2020-08-20→2021-01-01 134 days, cap 15.40%
    //   claimed 100000 × 30% × 366 / 365 = 30082.191… → 30082.19
    //   cap (24 × 232 + 15.4 × 134) × 1000 / 365 = (5568 + 2063.6) × 1000 / 365
    //       = 7631.6 × 1000 / 365 = 20908.493… → 20908.49; excess 9173.70
    let req = |filing: Value| {
        with(
            example(),
            &[
                ("contract_date", Value::str("2019-01-01")),
                ("overdue_from", Value::str("2020-01-01")),
                ("until", Value::str("2021-01-01")),
                ("rate", annual("30")),
                ("filing_date", filing),
            ],
        )
    };
    let a = run(&req(Value::str("2021-03-01")));
    assert_eq!(
        headline(&a),
        ["366", "30082.19", "null", "20908.49", "20908.49", "9173.70"].map(String::from)
    );
    let caps: Vec<(i64, String)> = a
        .segments
        .iter()
        .map(|s| (s.days, s.cap_rate_pct.unwrap().format(2)))
        .collect();
    assert_eq!(caps, vec![(232, "24.00".into()), (134, "15.40".into())]);
    assert!(a.notes.iter().any(|n| n.cite.contains("第31条第二款")));

    // Without a filing date the cap after 2020-08-19 is unknown: an error naming it.
    let e = err(&req(Value::Null));
    assert_eq!(e.field, "filing_date");
    assert!(e.message.contains("第31条"), "{}", e.message);

    // Filed before 2020-08-20: the old rule (24%) throughout:
    // 100000 × 24% × 366 / 365 = 24065.753… → 24065.75.
    let a = run(&req(Value::str("2020-06-01")));
    assert_eq!(
        headline(&a),
        ["366", "30082.19", "24.00", "24065.75", "24065.75", "6016.44"].map(String::from)
    );
    assert!(a.notes.iter().any(|n| n.cite.contains("第31条第一款")));

    // floating_lpr does not change a 第31条 case: the filing date's LPR governs.
    let mut v = req(Value::str("2021-03-01"));
    if let Value::Map(m) = &mut v {
        for (k, val) in m.iter_mut() {
            if k == "cap_mode" {
                *val = Value::str("floating_lpr");
            }
        }
    }
    assert_eq!(run(&v).cap.unwrap().to_string(), "20908.49");
}

#[test]
fn transition_period_ending_on_2020_08_20() {
    // Ending on 2020-08-20 (not counted): every day is before the new rules, so no
    // filing date is needed; 100000 × 24% × 19 / 365 = 1249.315… → 1249.32.
    let v = with(
        example(),
        &[
            ("contract_date", Value::str("2020-01-01")),
            ("overdue_from", Value::str("2020-08-01")),
            ("until", Value::str("2020-08-20")),
            ("rate", annual("36")),
        ],
    );
    let a = run(&v);
    assert_eq!(a.cap.unwrap().to_string(), "1249.32");
    // Counting both ends reaches 2020-08-20: now the filing date is needed.
    let mut v2 = v.clone();
    if let Value::Map(m) = &mut v2 {
        m.retain(|(k, _)| k != "count");
        m.push(("count".into(), Value::str("both")));
    }
    assert_eq!(err(&v2).field, "filing_date");
}

#[test]
fn deducted_upfront_comes_off_the_principal() {
    // 砍头息 20000 of 100000: interest on 80000.
    //   80000 × 24% × 305 / 365 = 16043.835… → 16043.84
    //   80000 × 15.4% × 305 / 365 = 10294.794… → 10294.79; excess 5749.05
    let a = run(&with(
        example(),
        &[("deducted_upfront", Value::str("20000"))],
    ));
    assert_eq!(
        headline(&a),
        ["305", "16043.84", "15.40", "10294.79", "10294.79", "5749.05"].map(String::from)
    );
    assert_eq!(text(&a.to_value(), "principal_used"), "80000.00");
    assert!(a
        .notes
        .iter()
        .any(|n| n.cite.contains("第26条") && n.cite.contains("第670条")));
}

#[test]
fn fees_share_the_cap() {
    // 第29条: 15%/year → 100000 × 15% × 305 / 365 = 12534.246… → 12534.25, under the
    // cap alone; with 5000 of fees the total 17534.25 exceeds 12868.49 by 4665.76.
    let a = run(&with(
        example(),
        &[("rate", annual("15")), ("fees", Value::str("5000"))],
    ));
    assert_eq!(
        headline(&a),
        ["305", "17534.25", "15.40", "12868.49", "12868.49", "4665.76"].map(String::from)
    );
    assert_eq!(a.interest.to_string(), "12534.25");
    // 10%: 8356.16 + 1000 = 9356.16, within the cap.
    let a = run(&with(
        example(),
        &[("rate", annual("10")), ("fees", Value::str("1000"))],
    ));
    assert_eq!(
        headline(&a),
        ["305", "9356.16", "15.40", "12868.49", "9356.16", "0.00"].map(String::from)
    );
}

#[test]
fn licensed_lender() {
    // 日万分之10 × 365 / 100 = 36.5%/year on 10000 for 2025-01-01 → 2026-01-01 (365 days):
    //   10000 × 36.5% × 365 / 365 = 3650.00, plus fees 100 → claimed 3750.00
    //   24% reference: 10000 × 24% × 365 / 365 = 2400.00; reducible 3750.00 − 2400.00 = 1350.00
    let a = run(&with(
        example(),
        &[
            ("regime", Value::str("licensed")),
            ("principal", Value::str("10000")),
            ("contract_date", Value::str("2024-12-01")),
            ("overdue_from", Value::str("2025-01-01")),
            ("until", Value::str("2026-01-01")),
            ("rate", Value::map([("daily_per_10k", Value::str("10"))])),
            ("fees", Value::str("100")),
        ],
    ));
    assert_eq!(
        headline(&a),
        ["365", "3750.00", "null", "null", "3750.00", "0.00"].map(String::from)
    );
    let v = a.to_value();
    assert_eq!(text(&v, "reference_rate_pct"), "24.00");
    assert_eq!(text(&v, "reference_amount"), "2400.00");
    assert_eq!(text(&v, "reducible_above_24"), "1350.00");
    assert!(a.notes.iter().any(|n| n.cite.contains("法发〔2017〕22号")));
    assert!(a.notes.iter().any(|n| n.cite.contains("第1条第二款")));
    // Below 24%: nothing reducible.
    let a = run(&with(
        example(),
        &[("regime", Value::str("licensed")), ("rate", annual("18"))],
    ));
    assert_eq!(a.reducible_above_24.unwrap(), Money::ZERO);
    // A licensed lender needs the agreed rate.
    let e = err(&with(
        example(),
        &[("regime", Value::str("licensed")), ("rate", Value::Null)],
    ));
    assert_eq!(e.field, "rate");
}

#[test]
fn past_the_lpr_as_of_date_warns() {
    // Nothing agreed, running past 2026-04-20: the last LPR (3.00%) and a warning.
    let a = run(&with(
        example(),
        &[
            ("rate", Value::Null),
            ("contract_date", Value::str("2025-06-01")),
            ("overdue_from", Value::str("2026-01-01")),
            ("until", Value::str("2026-06-01")),
        ],
    ));
    assert_eq!(a.warnings.len(), 1, "{:?}", a.warnings);
    assert!(a.warnings[0].contains("2026年4月20日"), "{}", a.warnings[0]);
    // A contract dated after the as-of date, contract_lpr: also warned.
    let a = run(&with(
        example(),
        &[
            ("contract_date", Value::str("2026-05-01")),
            ("overdue_from", Value::str("2026-06-01")),
            ("until", Value::str("2026-07-01")),
        ],
    ));
    assert!(a.warnings.iter().any(|w| w.contains("2026年4月20日")));
    let v = a.to_value();
    assert!(matches!(get(&v, "warnings"), Value::List(l) if l.len() == 1));
    // Up to the as-of date: no warning.
    let a = run(&with(
        example(),
        &[
            ("rate", Value::Null),
            ("contract_date", Value::str("2025-06-01")),
            ("overdue_from", Value::str("2026-01-01")),
            ("until", Value::str("2026-04-21")),
        ],
    ));
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
}

/// (changes to the example, the field the error must name, a fragment of its message).
type BadCase = (Vec<(&'static str, Value)>, &'static str, &'static str);

#[test]
fn bad_input_names_the_field() {
    let cases: Vec<BadCase> = vec![
        (vec![("principal", Value::str("-1"))], "principal", "负数"),
        (vec![("principal", Value::str("0"))], "principal", "大于0"),
        (vec![("fees", Value::str("-5"))], "fees", "负数"),
        (
            vec![("until", Value::str("2022-02-28"))],
            "until",
            "不能早于",
        ),
        (
            vec![("until", Value::str("2025-02-30"))],
            "until",
            "没有30日",
        ),
        (
            vec![("overdue_from", Value::str("2021-01-01"))],
            "overdue_from",
            "不能早于",
        ),
        (
            vec![("deducted_upfront", Value::str("100000"))],
            "deducted_upfront",
            "应小于",
        ),
        (vec![("regime", Value::str("bank"))], "regime", "无效"),
        (vec![("regime", Value::Null)], "regime", "必须填写"),
        (vec![("cap_mode", Value::str("x"))], "cap_mode", "无效"),
        (vec![("count", Value::str("neither"))], "count", "无效"),
        (
            vec![("day_basis", Value::str("364"))],
            "day_basis",
            "365 或 360",
        ),
        (vec![("day_basis", Value::str("1000"))], "day_basis", "之间"),
        (
            vec![(
                "rate",
                Value::map([
                    ("annual_pct", Value::str("24")),
                    ("monthly_pct", Value::str("2")),
                ]),
            )],
            "rate",
            "一种单位",
        ),
        (
            vec![("rate", Value::map([("yearly", Value::str("24"))]))],
            "rate.yearly",
            "未知字段",
        ),
        (vec![("rate", Value::str("24"))], "rate", "对象"),
        (
            vec![("rate", Value::map([("daily_per_10k", Value::str("99999"))]))],
            "rate",
            "过高",
        ),
        (
            vec![("principal", Value::str("99999999999999999"))],
            "principal",
            "过大",
        ),
        (
            vec![("filing_date", Value::str("2020-01-01"))],
            "filing_date",
            "不能早于",
        ),
        (
            vec![("principle", Value::str("1"))],
            "principle",
            "未知字段",
        ),
        (vec![("until", Value::str("1800-01-01"))], "until", "超出"),
        (
            vec![("contract_date", Value::Null)],
            "contract_date",
            "必须填写",
        ),
    ];
    for (changes, field, fragment) in cases {
        let e = err(&with(example(), &changes));
        assert_eq!(e.field, field, "{changes:?}: {e:?}");
        assert!(e.message.contains(fragment), "{changes:?}: {}", e.message);
        assert!(e.message.contains(field), "{changes:?}: {}", e.message);
    }
}

#[test]
fn blank_rate_object_is_no_rate() {
    // A form left empty sends {"annual_pct": ""}: treated as not agreed.
    let a = run(&with(
        example(),
        &[
            ("rate", Value::map([("annual_pct", Value::str(""))])),
            ("loan_rate", annual("10")),
        ],
    ));
    assert_eq!(a.claimed.to_string(), "8356.16");
}

#[test]
fn defaults_apply_when_fields_are_left_out() {
    let pairs: Vec<(&'static str, Value)> = example()
        .into_iter()
        .filter(|(k, _)| {
            !matches!(
                *k,
                "loan_rate"
                    | "fees"
                    | "deducted_upfront"
                    | "cap_mode"
                    | "filing_date"
                    | "day_basis"
                    | "count"
            )
        })
        .collect();
    let a = run(&Value::map(pairs));
    assert_eq!(a.claimed.to_string(), "20054.79");
    assert_eq!(a.cap.unwrap().to_string(), "12868.49");
}

#[test]
fn form_names_are_fields_of_the_interface() {
    let names: Vec<&str> = FORM.iter().map(|f| f.name).collect();
    for (k, _) in example() {
        if k != "kind" {
            assert!(names.contains(&k), "{k} missing from FORM");
        }
    }
    assert_eq!(
        FORM.iter().find(|f| f.name == "rate").unwrap().input,
        InputKind::Rate
    );
    assert_eq!(
        FORM.iter().find(|f| f.name == "until").unwrap().default,
        "today"
    );
}

fn date_strategy() -> impl Strategy<Value = NaiveDate> {
    (0i64..365 * 12)
        .prop_map(|d| NaiveDate::from_ymd_opt(2018, 1, 1).unwrap() + chrono::Duration::days(d))
}

fn rate_strategy() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        (0u32..4000).prop_map(|r| annual(&format!("{}.{:02}", r / 100, r % 100))),
        (0u32..1000).prop_map(|r| Value::map([(
            "monthly_pct",
            Value::str(format!("{}.{:02}", r / 100, r % 100))
        )])),
        (0u32..200).prop_map(|r| Value::map([("daily_per_10k", Value::str(r.to_string()))])),
    ]
}

prop_compose! {
    fn request()(
        licensed in any::<bool>(),
        principal in 1i64..10_000_000_000,
        deducted_pct in 0i64..50,
        contract in date_strategy(),
        gap in 0i64..800,
        len in 0i64..1500,
        extra in 0i64..400,
        rate in rate_strategy(),
        loan in rate_strategy(),
        fees in 0i64..1_000_000,
        floating in any::<bool>(),
        filing_gap in 0i64..3000,
        b360 in any::<bool>(),
        both in any::<bool>(),
    ) -> (Value, Value) {
        let from = contract + chrono::Duration::days(gap);
        let until = from + chrono::Duration::days(len);
        let later = until + chrono::Duration::days(extra);
        let licensed = licensed && rate != Value::Null;
        let mk = |until: NaiveDate| Value::map([
            ("kind", Value::str("penalty")),
            ("regime", Value::str(if licensed { "licensed" } else { "private" })),
            ("principal", Value::str(format!("{}.{:02}", principal / 100, principal % 100))),
            ("deducted_upfront", Value::str(format!("{}.{:02}", principal * deducted_pct / 10000, 0))),
            ("contract_date", Value::str(format_date(contract))),
            ("overdue_from", Value::str(format_date(from))),
            ("until", Value::str(format_date(until))),
            ("rate", rate.clone()),
            ("loan_rate", loan.clone()),
            ("fees", Value::str(fees.to_string())),
            ("cap_mode", Value::str(if floating { "floating_lpr" } else { "contract_lpr" })),
            ("filing_date", Value::str(format_date(contract + chrono::Duration::days(filing_gap)))),
            ("day_basis", Value::str(if b360 { "360" } else { "365" })),
            ("count", Value::str(if both { "both" } else { "start_not_end" })),
        ]);
        (mk(until), mk(later))
    }
}

proptest! {
    #[test]
    fn headline_figures_add_up((v, later) in request()) {
        let a = run(&v);
        prop_assert!(a.interest >= Money::ZERO);
        prop_assert!(a.supported <= a.claimed);
        if let Some(cap) = a.cap {
            prop_assert!(cap >= Money::ZERO);
            prop_assert!(a.supported <= cap);
            prop_assert_eq!(a.supported, a.claimed.min(cap));
        }
        prop_assert_eq!(a.excess, a.claimed - a.supported);
        prop_assert!(a.excess >= Money::ZERO);
        prop_assert_eq!(a.segments.iter().map(|s| s.days).sum::<i64>(), a.days);
        prop_assert!(a.segments.iter().all(|s| s.days >= 0));
        if let Some(r) = a.reducible_above_24 {
            prop_assert!(r >= Money::ZERO && r <= a.claimed);
        }
        // A later `until` never gives less interest.
        let b = run(&later);
        prop_assert!(b.interest >= a.interest, "{} < {}", b.interest, a.interest);
        prop_assert!(b.days >= a.days);
    }
}

#[test]
fn report_figures_carry_their_basis() {
    let plain = ["逾期天数", "主张合计"];
    let requests = [
        Value::map(example()),
        with(
            example(),
            &[
                ("deducted_upfront", Value::str("1000")),
                ("fees", Value::str("500")),
            ],
        ),
        with(
            example(),
            &[
                ("regime", Value::str("licensed")),
                ("fees", Value::str("500")),
                ("filing_date", Value::str("2023-01-01")),
            ],
        ),
    ];
    for v in &requests {
        let a = run(v);
        let r = a.report();
        assert_eq!(r.title, "逾期利息计算");
        for f in &r.figures {
            assert!(
                plain.contains(&f.label.as_str()) || !f.basis.is_empty(),
                "{f:?}"
            );
        }
        let table = r.table.unwrap();
        assert!(table
            .rows
            .iter()
            .all(|row| row.len() == table.columns.len()));
        assert_eq!(r.notes, a.notes);
    }
    // The licensed report shows the reducible part and says the cap rules were not used.
    let a = run(&requests[2]);
    let r = a.report();
    assert!(r
        .figures
        .iter()
        .any(|f| f.label.contains("可请求法院调减") && f.basis.contains("法发〔2017〕22号")));
    assert!(a.notes.iter().any(|n| n.text.contains("没有使用")));
}

#[test]
fn floating_cap_past_the_as_of_date_warns_once() {
    // contract 2025-06-01 (LPR 3.00%), overdue 2026-03-01 → 2026-06-01, floating: the last
    // LPR row (2025-05-20) covers the whole period, so one segment and one warning.
    // claimed 100000 × 24% × 92 / 365 = 6049.315… → 6049.32;
    // cap 100000 × 12% × 92 / 365 = 3024.657… → 3024.66.
    let a = run(&with(
        example(),
        &[
            ("contract_date", Value::str("2025-06-01")),
            ("overdue_from", Value::str("2026-03-01")),
            ("until", Value::str("2026-06-01")),
            ("cap_mode", Value::str("floating_lpr")),
        ],
    ));
    assert_eq!(
        headline(&a),
        ["92", "6049.32", "12.00", "3024.66", "3024.66", "3024.66"].map(String::from)
    );
    assert_eq!(a.warnings.len(), 1, "{:?}", a.warnings);
    assert!(a.warnings[0].contains("2026年4月20日"));
    assert_eq!(a.report().warnings, a.warnings);
}

#[test]
fn period_touching_2019_08_20() {
    // Nothing agreed, contract 2019-01-01 (第31条 case, all before 2020-08-20: 24% cap).
    let base = |from: &str, until: &str| {
        run(&with(
            example(),
            &[
                ("rate", Value::Null),
                ("contract_date", Value::str("2019-01-01")),
                ("overdue_from", Value::str(from)),
                ("until", Value::str(until)),
            ],
        ))
    };
    // Starting on 2019-08-20: the first LPR, 4.25%, from the first day; 31 days:
    // 100000 × 4.25% × 31 / 365 = 360.958… → 360.96.
    let a = base("2019-08-20", "2019-09-20");
    assert_eq!(
        seg_rows(&a),
        vec![(
            "2019-08-20".into(),
            "2019-09-20".into(),
            31,
            "4.25".into(),
            "360.96".into()
        )]
    );
    // Ending on 2019-08-20 (not counted): the benchmark 4.35% throughout; 19 days:
    // 100000 × 4.35% × 19 / 365 = 226.438… → 226.44.
    let a = base("2019-08-01", "2019-08-20");
    assert_eq!(
        seg_rows(&a),
        vec![(
            "2019-08-01".into(),
            "2019-08-20".into(),
            19,
            "4.35".into(),
            "226.44".into()
        )]
    );
    assert_eq!(a.cap_rate_pct.unwrap().format(2), "24.00");
}
