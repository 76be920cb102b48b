//! Whatever arrives — any tree, any field names, any strings, huge numbers — the entry
//! point `calc::compute` and the command line's JSON handling answer or refuse; they never
//! panic.

use calc::Value;
use proptest::prelude::*;

/// Field names of the interface (all four kinds, nested ones too), and a few near misses.
const NAMES: &[&str] = &[
    "kind",
    "regime",
    "principal",
    "contract_date",
    "overdue_from",
    "until",
    "rate",
    "annual_pct",
    "monthly_pct",
    "daily_per_10k",
    "loan_rate",
    "fees",
    "deducted_upfront",
    "cap_mode",
    "filing_date",
    "day_basis",
    "count",
    "grace_days",
    "tolerance",
    "transactions",
    "posted_on",
    "amount",
    "due_date",
    "next_statement",
    "repayments",
    "date",
    "working_days",
    "extend_holidays",
    "paid_on",
    "overdue_on",
    "settled_on",
    "today",
    "period",
    "interruptions",
    "proceedings",
    "filed",
    "ended",
    "no_performance_period",
    "received",
    "schedule",
    "count",
    "debt",
    "deadline",
    "instalments",
    "payments",
    "suspended",
    "from",
    "to",
    "fee",
    "claim",
    "procedure",
    "ended_by",
    "principle",
    "",
    "日期",
];

/// Texts that probe the edges of every parser.
const TEXTS: &[&str] = &[
    "penalty",
    "card",
    "grace",
    "credit_record",
    "judgment",
    "court_fee",
    "limitation",
    "apr",
    "litigation",
    "case",
    "payment_order",
    "enforcement",
    "preservation",
    "simple",
    "ordinary",
    "mediation",
    "withdrawal",
    "private",
    "licensed",
    "contract_lpr",
    "floating_lpr",
    "start_not_end",
    "both",
    "365",
    "360",
    "0",
    "-0",
    "-1",
    "0.01",
    "1.001",
    "100000",
    "1000000000000",
    "1000000000000.01",
    "99999999999999999999999999999999999999999",
    "1e400",
    "-1e-400",
    "NaN",
    "inf",
    "0.00000001",
    "100001",
    "27.39",
    "9999.99",
    "2020-08-20",
    "2020-08-19",
    "2019-08-20",
    "2024-02-29",
    "2023-02-29",
    "2025-02-30",
    "1990-01-01",
    "2100-12-31",
    "2101-01-01",
    "1989-12-31",
    "2026-04-21",
    "2024-10-21",
    "9999-99-99",
    "2025年3月30日",
    "2025/3/30",
    "--",
    ".",
    "",
    " ",
    "true",
    "false",
    "null",
    "１００",
    "\u{0}",
    "💥",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        prop::sample::select(TEXTS).prop_map(Value::str),
        prop::sample::select(TEXTS).prop_map(|t| Value::Number(t.to_string())),
        any::<i64>().prop_map(|n| Value::Number(n.to_string())),
        any::<u128>().prop_map(|n| Value::Number(format!("{n}.{n}"))),
        ".{0,12}".prop_map(Value::String),
        "[0-9.,+-]{0,30}".prop_map(Value::String),
    ]
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(NAMES).prop_map(String::from),
        1 => ".{0,8}",
    ]
}

fn tree() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::List),
            prop::collection::vec((name(), inner), 0..10).prop_map(Value::Map),
        ]
    })
}

/// A request of a known kind with random fields: reaches each kind's checks and sums.
fn request() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(
            &[
                "penalty",
                "card",
                "grace",
                "credit_record",
                "judgment",
                "court_fee",
                "limitation",
                "apr",
                "other",
            ][..],
        ),
        prop::collection::vec((name(), tree()), 0..16),
    )
        .prop_map(|(kind, mut fields)| {
            fields.insert(0, ("kind".to_string(), Value::str(kind)));
            Value::Map(fields)
        })
}

/// The CALCULATOR.md penalty example.
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

/// The example with some fields replaced by edge values: reaches the arithmetic with
/// huge amounts, rates and spans.
fn penalty_variant() -> impl Strategy<Value = Value> {
    let rate = || {
        prop_oneof![
            leaf(),
            (
                prop::sample::select(&["annual_pct", "monthly_pct", "daily_per_10k"][..]),
                leaf()
            )
                .prop_map(|(k, v)| Value::map([(k, v)])),
        ]
    };
    (
        prop::collection::vec((1usize..14, leaf()), 0..6),
        rate(),
        rate(),
    )
        .prop_map(|(changes, rate, loan_rate)| {
            let mut pairs = example();
            pairs[6].1 = rate;
            pairs[7].1 = loan_rate;
            for (i, v) in changes {
                pairs[i].1 = v;
            }
            Value::map(pairs)
        })
}

/// A list of `n` items with the fields `a` and `b`, each a date-like or money-like text or
/// any leaf.
fn items(a: &'static str, b: &'static str) -> impl Strategy<Value = Value> {
    let part = || {
        prop_oneof![
            3 => prop::sample::select(TEXTS).prop_map(Value::str),
            1 => leaf(),
        ]
    };
    prop::collection::vec((part(), part()), 0..5).prop_map(move |rows| {
        Value::List(
            rows.into_iter()
                .map(|(x, y)| Value::map([(a, x), (b, y)]))
                .collect(),
        )
    })
}

/// CALCULATOR.md's judgment example with fields replaced by edge values and random lists
/// of instalments, payments and suspensions: reaches the allocation and the segments.
fn judgment_variant() -> impl Strategy<Value = Value> {
    (
        prop::collection::vec((0usize..3, leaf()), 0..3),
        prop::option::of(items("deadline", "amount")),
        items("date", "amount"),
        items("from", "to"),
    )
        .prop_map(|(changes, instalments, payments, suspended)| {
            let mut pairs = vec![
                ("debt", Value::str("50000")),
                ("deadline", Value::str("2024-03-20")),
                ("until", Value::str("2024-08-31")),
            ];
            for (i, v) in changes {
                pairs[i].1 = v;
            }
            let mut pairs: Vec<(&str, Value)> = std::iter::once(("kind", Value::str("judgment")))
                .chain(pairs)
                .collect();
            if let Some(list) = instalments {
                pairs.retain(|(k, _)| *k != "deadline");
                pairs.push(("instalments", list));
            }
            pairs.push(("payments", payments));
            pairs.push(("suspended", suspended));
            Value::map(pairs)
        })
}

/// A court-fee request with each field an edge value.
fn court_fee_variant() -> impl Strategy<Value = Value> {
    let choice = |codes: &'static [&'static str]| prop_oneof![3 => prop::sample::select(codes).prop_map(Value::str), 1 => leaf()];
    (
        choice(&["case", "payment_order", "enforcement", "preservation"]),
        leaf(),
        choice(&["ordinary", "simple"]),
        choice(&["judgment", "mediation", "withdrawal"]),
    )
        .prop_map(|(fee, claim, procedure, ended_by)| {
            Value::map([
                ("kind", Value::str("court_fee")),
                ("fee", fee),
                ("claim", claim),
                ("procedure", procedure),
                ("ended_by", ended_by),
            ])
        })
}

/// A limitation request with edge values in some fields: dates at the ends of the range,
/// many interruptions, leap days.
fn limitation_variant() -> impl Strategy<Value = Value> {
    let date = || {
        prop_oneof![
            3 => (1990i32..=2100, 1u32..=12, 1u32..=31)
                .prop_map(|(y, m, d)| Value::str(format!("{y:04}-{m:02}-{d:02}"))),
            1 => leaf(),
        ]
    };
    let proceeding = move || {
        (date(), prop::option::of(date())).prop_map(|(filed, ended)| {
            Value::map([("filed", filed), ("ended", ended.unwrap_or(Value::Null))])
        })
    };
    (
        date(),
        prop::collection::vec(date(), 0..8),
        prop::collection::vec(proceeding(), 0..4),
        date(),
        prop::sample::select(&["litigation", "enforcement", "x"][..]),
    )
        .prop_map(|(due, interruptions, proceedings, today, period)| {
            Value::map([
                ("kind", Value::str("limitation")),
                ("period", Value::str(period)),
                ("due_date", due),
                ("interruptions", Value::List(interruptions)),
                ("proceedings", Value::List(proceedings)),
                ("today", today),
            ])
        })
}

/// An apr request with edge amounts: from one 分 to 一万亿元, up to 400 instalments,
/// groups and lists.
fn apr_variant() -> impl Strategy<Value = Value> {
    let amount = || {
        prop_oneof![
            3 => (1i128..=100_000_000_000_000i128).prop_map(|f| Value::str(format!("{}.{:02}", f / 100, f % 100))),
            1 => leaf(),
        ]
    };
    (
        amount(),
        prop::collection::vec(amount(), 0..40),
        prop::collection::vec((0i64..400, amount()), 0..4),
        any::<bool>(),
    )
        .prop_map(|(received, payments, groups, use_groups)| {
            let schedule = Value::List(
                groups
                    .into_iter()
                    .map(|(c, a)| {
                        Value::map([("count", Value::Number(c.to_string())), ("amount", a)])
                    })
                    .collect(),
            );
            let list = if use_groups {
                ("schedule", schedule)
            } else {
                ("payments", Value::List(payments))
            };
            Value::map([("kind", Value::str("apr")), ("received", received), list])
        })
}

fn exercise(v: &Value) {
    if let Ok(answer) = calc::compute(v, calc::Data::builtin()) {
        let _ = answer.to_value();
        let _ = answer.report();
    }
}

/// The same input as JSON through the `calc` command line: answered (0) or refused (2),
/// and what it prints is JSON.
#[cfg(feature = "cli")]
fn through_the_command_line(v: &Value) -> Result<(), TestCaseError> {
    let text = calc::cli::to_json(v).to_string();
    let (out, code) = calc::cli::run(&text);
    prop_assert!(code == 0 || code == 2);
    prop_assert!(serde_json::from_str::<serde_json::Value>(&out).is_ok());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_tree_is_answered_or_refused(v in tree()) {
        exercise(&v);
    }

    #[test]
    fn any_request_is_answered_or_refused(v in request()) {
        exercise(&v);
    }

    #[test]
    fn any_judgment_variant_is_answered_or_refused(v in judgment_variant()) {
        exercise(&v);
        #[cfg(feature = "cli")]
        through_the_command_line(&v)?;
    }

    #[test]
    fn any_court_fee_variant_is_answered_or_refused(v in court_fee_variant()) {
        exercise(&v);
    }

    #[test]
    fn any_limitation_variant_is_answered_or_refused(v in limitation_variant()) {
        exercise(&v);
    }

    #[test]
    fn any_apr_variant_is_answered_or_refused(v in apr_variant()) {
        exercise(&v);
    }

    #[test]
    fn any_penalty_variant_is_answered_or_refused(v in penalty_variant()) {
        exercise(&v);
        #[cfg(feature = "cli")]
        through_the_command_line(&v)?;
    }
}

#[cfg(feature = "cli")]
proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_text_through_the_command_line_conversion(s in ".{0,200}") {
        let (out, code) = calc::cli::run(&s);
        prop_assert!(code == 0 || code == 2);
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        if code == 2 {
            prop_assert!(json["error"]["message"].is_string());
            prop_assert!(json["error"]["field"].is_string());
        }
    }

    #[test]
    fn any_tree_through_the_command_line_conversion(v in tree()) {
        let text = calc::cli::to_json(&v).to_string();
        let (out, code) = calc::cli::run(&text);
        prop_assert!(code == 0 || code == 2);
        prop_assert!(serde_json::from_str::<serde_json::Value>(&out).is_ok());
    }

    #[test]
    fn json_shaped_text_through_the_command_line(
        s in r#"\{("[a-z_]{1,12}": ?("[0-9a-z.-]{0,12}"|-?[0-9]{1,40}(\.[0-9]{1,20})?([eE][+-]?[0-9]{1,4})?|null|true|\[\]|\{\}), ?){0,6}"kind": ?"penalty"\}"#
    ) {
        let (out, code) = calc::cli::run(&s);
        prop_assert!(code == 0 || code == 2);
        prop_assert!(serde_json::from_str::<serde_json::Value>(&out).is_ok());
    }
}

#[cfg(feature = "cli")]
#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(calc::cli::run(&deep).1, 2);
    let deep = format!(
        "{{\"kind\":\"penalty\",\"rate\":{}1{}}}",
        "{\"a\":".repeat(5_000),
        "}".repeat(5_000)
    );
    assert_eq!(calc::cli::run(&deep).1, 2);
}

#[test]
fn huge_and_extreme_judgment_and_court_fee_requests() {
    // The largest debt over the whole date range, a payment on every edge, a suspension
    // over everything: answered, not overflowed.
    let pair =
        |a: &str, b: &str, x: &str, y: &str| Value::map([(a, Value::str(x)), (b, Value::str(y))]);
    let v = Value::map([
        ("kind", Value::str("judgment")),
        ("debt", Value::str("1000000000000")),
        ("deadline", Value::str("1990-01-01")),
        (
            "payments",
            Value::List(vec![
                pair("date", "amount", "1990-01-01", "1000000000000"),
                pair("date", "amount", "2100-12-31", "1000000000000"),
                pair("date", "amount", "2050-06-30", "0.01"),
            ]),
        ),
        (
            "suspended",
            Value::List(vec![pair("from", "to", "1990-01-01", "2100-12-31")]),
        ),
        ("until", Value::str("2100-12-31")),
    ]);
    let a = calc::compute(&v, calc::Data::builtin()).unwrap();
    let _ = (a.to_value(), a.report());
    for fee in ["case", "payment_order", "enforcement", "preservation"] {
        let v = Value::map([
            ("kind", Value::str("court_fee")),
            ("fee", Value::str(fee)),
            ("claim", Value::str("1000000000000")),
            ("procedure", Value::str("simple")),
            ("ended_by", Value::str("mediation")),
        ]);
        let a = calc::compute(&v, calc::Data::builtin()).unwrap();
        let _ = (a.to_value(), a.report());
    }
}

#[test]
fn huge_and_extreme_penalty_requests() {
    // The largest amounts, the highest accepted rate, the longest span, both ends counted.
    let v = Value::map([
        ("kind", Value::str("penalty")),
        ("regime", Value::str("licensed")),
        ("principal", Value::str("1000000000000")),
        ("contract_date", Value::str("1990-01-01")),
        ("overdue_from", Value::str("1990-01-01")),
        ("until", Value::str("2100-12-31")),
        ("rate", Value::map([("annual_pct", Value::str("10000"))])),
        ("fees", Value::str("1000000000000")),
        ("count", Value::str("both")),
        ("day_basis", Value::str("360")),
    ]);
    let a = calc::compute(&v, calc::Data::builtin()).unwrap();
    let _ = (a.to_value(), a.report());
    let mut private = v.clone();
    if let Value::Map(m) = &mut private {
        m[1].1 = Value::str("private");
        m.push(("filing_date".into(), Value::str("2100-12-31")));
        m.push(("cap_mode".into(), Value::str("floating_lpr")));
    }
    let a = calc::compute(&private, calc::Data::builtin()).unwrap();
    let _ = (a.to_value(), a.report());
}
