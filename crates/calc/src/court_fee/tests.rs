//! Tests of the court fees: CALCULATOR.md §6's examples, the edge cases a lawyer would try,
//! and properties checked against a reference built from the fee at each band's lower
//! edge (computed by hand from 第13条/第14条: 10万 → 2,300, 20万 → 4,300 …), not from the
//! band table the implementation sums.

use super::*;
use crate::Answer;
use proptest::prelude::*;

fn m(s: &str) -> Money {
    Money::parse(s).unwrap()
}

fn fee(kind: FeeType, claim: &str, simple: bool, ended_by: Option<&'static str>) -> CourtFeeAnswer {
    CourtFeeInput {
        fee: kind,
        claim: m(claim),
        simple,
        ended_by,
    }
    .compute()
    .unwrap()
}

fn case(claim: &str) -> String {
    fee(FeeType::Case, claim, false, None).fee.to_string()
}

/// (band start in yuan, fee at the start in yuan, ‰ above it).
const CASE_EDGES: &[(i128, i128, i128)] = &[
    (10_000, 50, 25),
    (100_000, 2_300, 20),
    (200_000, 4_300, 15),
    (500_000, 8_800, 10),
    (1_000_000, 13_800, 9),
    (2_000_000, 22_800, 8),
    (5_000_000, 46_800, 7),
    (10_000_000, 81_800, 6),
    (20_000_000, 141_800, 5),
];
const ENFORCEMENT_EDGES: &[(i128, i128, i128)] = &[
    (10_000, 50, 15),
    (500_000, 7_400, 10),
    (5_000_000, 52_400, 5),
    (10_000_000, 77_400, 1),
];
const PRESERVATION_EDGES: &[(i128, i128, i128)] = &[(1_000, 30, 10), (100_000, 1_020, 5)];

/// The fee in 分 × 1000 from the edges: the flat fee up to the first edge, else the fee
/// at the highest edge below the claim plus the rate on the excess.
fn reference_milli_fen(edges: &[(i128, i128, i128)], flat: i128, claim_fen: i128) -> i128 {
    match edges
        .iter()
        .rev()
        .find(|(start, _, _)| claim_fen > start * 100)
    {
        None => flat * 100 * 1000,
        Some((start, base, per_mille)) => base * 100 * 1000 + (claim_fen - start * 100) * per_mille,
    }
}

fn half_up(n: i128, d: i128) -> i128 {
    (2 * n + d) / (2 * d)
}

#[test]
fn calculator_md_examples_through_the_interface() {
    let run = |pairs: Vec<(&str, &str)>| {
        let mut v = vec![("kind", Value::str("court_fee"))];
        v.extend(pairs.into_iter().map(|(k, s)| (k, Value::str(s))));
        let Answer::CourtFee(a) = crate::compute(&Value::map(v), crate::Data::builtin()).unwrap()
        else {
            panic!("not a court-fee answer")
        };
        a
    };
    let a = run(vec![("fee", "case"), ("claim", "50000")]);
    assert_eq!(a.to_value().get("fee"), Some(&Value::str("1050.00")));
    assert_eq!(a.to_value().get("halved"), Some(&Value::Bool(false)));
    let Some(Value::List(bands)) = a.to_value().get("bands").cloned() else {
        panic!()
    };
    assert_eq!(bands.len(), 2);
    assert_eq!(bands[0].get("amount"), Some(&Value::str("50.00")));
    assert_eq!(bands[1].get("from"), Some(&Value::str("10000.00")));
    assert_eq!(bands[1].get("to"), Some(&Value::str("100000.00")));
    assert_eq!(bands[1].get("rate"), Some(&Value::str("2.5%")));
    assert_eq!(bands[1].get("part"), Some(&Value::str("40000.00")));
    assert_eq!(bands[1].get("amount"), Some(&Value::str("1000.00")));

    let a = run(vec![
        ("fee", "case"),
        ("claim", "50000"),
        ("procedure", "simple"),
    ]);
    assert_eq!(a.to_value().get("fee"), Some(&Value::str("525.00")));
    assert_eq!(a.to_value().get("halved"), Some(&Value::Bool(true)));
    assert!(a.notes.iter().any(|n| n.cite.contains("第16条")));

    let a = run(vec![("fee", "payment_order"), ("claim", "50000")]);
    assert_eq!(a.to_value().get("fee"), Some(&Value::str("350.00")));
    assert!(a.notes.iter().any(|n| n.cite.contains("第36条")));

    // The default fee is the case fee.
    let a = run(vec![("claim", "50000")]);
    assert_eq!(a.fee.to_string(), "1050.00");
    for n in &a.notes {
        assert!(
            !n.text.is_empty() && n.cite.contains("诉讼费用交纳办法"),
            "{n:?}"
        );
    }
    assert!(a.notes.iter().any(|n| n.cite.contains("第29条")));
    assert!(a.notes.iter().any(|n| n.cite.contains("第20条")));
    let r = a.report();
    assert_eq!(r.figures[0].value, "1,050.00 元");
    assert_eq!(r.table.unwrap().rows.len(), 2);
}

#[test]
fn case_fee_at_the_band_edges_and_the_top_band() {
    assert_eq!(case("0.01"), "50.00");
    assert_eq!(case("10000"), "50.00");
    // 0.01 yuan above 10,000: 2.5% of 1 分 = 0.025 分, rounds to nothing.
    assert_eq!(case("10000.01"), "50.00");
    assert_eq!(case("10000.20"), "50.01");
    assert_eq!(case("100000"), "2300.00");
    assert_eq!(case("200000"), "4300.00");
    assert_eq!(case("500000"), "8800.00");
    assert_eq!(case("1000000"), "13800.00");
    assert_eq!(case("2000000"), "22800.00");
    assert_eq!(case("5000000"), "46800.00");
    assert_eq!(case("10000000"), "81800.00");
    assert_eq!(case("20000000"), "141800.00");
    // The top band: 0.5% above 2,000万.
    assert_eq!(case("30000000"), "191800.00");
    let a = fee(FeeType::Case, "30000000", false, None);
    assert_eq!(a.bands.len(), 10);
    assert_eq!(a.bands[9].rule.to_yuan, None);
    assert_eq!(a.bands[9].amount().to_string(), "50000.00");
    assert_eq!(
        a.to_value()
            .get("bands")
            .map(|b| matches!(b, Value::List(l) if l[9].get("to") == Some(&Value::Null))),
        Some(true)
    );
    // The largest claim accepted: 1万亿.
    assert_eq!(case("1000000000000"), "5000041800.00");
}

#[test]
fn halving_happens_once_even_when_both_apply() {
    let full = fee(FeeType::Case, "123456.78", false, None);
    // 2300 + 23,456.78 × 2% = 2300 + 469.1356 = 2769.1356 → 2769.14; half: 1384.5678 → 1384.57.
    assert_eq!(full.fee.to_string(), "2769.14");
    for (simple, ended) in [
        (true, None),
        (false, Some("mediation")),
        (false, Some("withdrawal")),
        (true, Some("mediation")),
        (true, Some("withdrawal")),
    ] {
        let a = fee(FeeType::Case, "123456.78", simple, ended);
        assert!(a.halved);
        assert_eq!(a.fee.to_string(), "1384.57", "{simple} {ended:?}");
    }
    let both = fee(FeeType::Case, "50000", true, Some("mediation"));
    assert_eq!(both.fee.to_string(), "525.00");
    assert!(both
        .notes
        .iter()
        .any(|n| n.cite.contains("第206条") && n.text.contains("只能减半一次")));
    let withdrawn = fee(FeeType::Case, "50000", false, Some("withdrawal"));
    assert!(withdrawn.notes.iter().any(|n| n.cite.contains("第34条")));
}

#[test]
fn a_payment_order_on_a_simple_procedure_claim_is_not_halved() {
    let a = fee(FeeType::PaymentOrder, "50000", true, None);
    assert_eq!(a.fee.to_string(), "350.00");
    assert!(!a.halved);
    assert!(a
        .notes
        .iter()
        .any(|n| n.text.contains("支付令申请费不减半")));
    // A third of 2769.1356 is 923.0452 → 923.05 (rounded once, not a third of 2769.14).
    assert_eq!(
        fee(FeeType::PaymentOrder, "123456.78", false, None)
            .fee
            .to_string(),
        "923.05"
    );
    // A third of 50 is 16.666… → 16.67.
    assert_eq!(
        fee(FeeType::PaymentOrder, "8000", false, None)
            .fee
            .to_string(),
        "16.67"
    );
}

#[test]
fn enforcement_fee_bands() {
    let e = |c: &str| fee(FeeType::Enforcement, c, false, None).fee.to_string();
    assert_eq!(e("10000"), "50.00");
    assert_eq!(e("50000"), "650.00");
    assert_eq!(e("500000"), "7400.00");
    assert_eq!(e("5000000"), "52400.00");
    assert_eq!(e("10000000"), "77400.00");
    assert_eq!(e("20000000"), "87400.00");
    let a = fee(FeeType::Enforcement, "20000000", false, Some("mediation"));
    assert!(!a.halved);
    assert!(a
        .notes
        .iter()
        .any(|n| n.cite.contains("第38条") && n.text.contains("被执行人")));
}

#[test]
fn preservation_fee_and_its_cap() {
    let p = |c: &str| fee(FeeType::Preservation, c, false, None);
    assert_eq!(p("800").fee.to_string(), "30.00");
    assert_eq!(p("1000").fee.to_string(), "30.00");
    assert_eq!(p("100000").fee.to_string(), "1020.00");
    // The cap is reached at 896,000: 1020 + 796,000 × 0.5% = 5000.
    assert_eq!(p("896000").fee.to_string(), "5000.00");
    assert!(!p("896000").capped);
    assert_eq!(p("895999.99").fee.to_string(), "5000.00");
    assert_eq!(p("800000").fee.to_string(), "4520.00");
    let a = p("1000000");
    assert_eq!(a.fee.to_string(), "5000.00");
    assert_eq!(a.full.to_string(), "5520.00");
    assert!(a.capped);
    assert_eq!(p("1000000000000").fee.to_string(), "5000.00");
}

#[test]
fn bad_inputs_name_their_field_in_chinese() {
    let check = |pairs: Vec<(&str, &str)>, field: &str, fragment: &str| {
        let mut v = vec![("kind", Value::str("court_fee"))];
        v.extend(pairs.into_iter().map(|(k, s)| (k, Value::str(s))));
        let e = crate::compute(&Value::map(v), crate::Data::builtin()).unwrap_err();
        assert_eq!(e.field, field, "{}", e.message);
        assert!(e.message.contains(fragment), "{}", e.message);
    };
    check(vec![], "claim", "必须填写");
    check(vec![("claim", "-5")], "claim", "负数");
    check(vec![("claim", "0")], "claim", "大于 0");
    check(vec![("claim", "1000000000000.01")], "claim", "过大");
    check(
        vec![("claim", "五万")],
        "claim",
        "请填金额，例如 20000 或 2万",
    );
    check(vec![("claim", "1"), ("fee", "appeal")], "fee", "无效");
    check(
        vec![("claim", "1"), ("procedure", "fast")],
        "procedure",
        "无效",
    );
    check(
        vec![("claim", "1"), ("ended_by", "settled")],
        "ended_by",
        "无效",
    );
    check(vec![("claim", "1"), ("amount", "1")], "amount", "未知字段");
}

fn arb_fee() -> impl Strategy<Value = FeeType> {
    prop::sample::select(vec![
        FeeType::Case,
        FeeType::PaymentOrder,
        FeeType::Enforcement,
        FeeType::Preservation,
    ])
}

proptest! {
    #[test]
    fn equals_the_reference(claim in 1i128..=100_000_000_000_000, kind in arb_fee()) {
        let a = CourtFeeInput { fee: kind, claim: Money::from_fen(claim), simple: false, ended_by: None }
            .compute()
            .unwrap();
        let want = match kind {
            FeeType::Case => half_up(reference_milli_fen(CASE_EDGES, 50, claim), 1000),
            FeeType::PaymentOrder => half_up(reference_milli_fen(CASE_EDGES, 50, claim), 3000),
            FeeType::Enforcement => half_up(reference_milli_fen(ENFORCEMENT_EDGES, 50, claim), 1000),
            FeeType::Preservation => half_up(reference_milli_fen(PRESERVATION_EDGES, 30, claim).min(5000 * 100 * 1000), 1000),
        };
        prop_assert_eq!(a.fee.fen(), want);
    }

    #[test]
    fn monotonic_in_the_claim(
        a in 1i128..=100_000_000_000_000,
        b in 1i128..=100_000_000_000_000,
        kind in arb_fee(),
        simple: bool,
        ended in prop::sample::select(vec![None, Some("mediation"), Some("withdrawal")]),
    ) {
        let (lo, hi) = (a.min(b), a.max(b));
        let run = |c: i128| CourtFeeInput { fee: kind, claim: Money::from_fen(c), simple, ended_by: ended }
            .compute()
            .unwrap()
            .fee;
        prop_assert!(run(lo) <= run(hi));
    }

    #[test]
    fn halved_at_most_once(claim in 1i128..=100_000_000_000_000, ended in prop::sample::select(vec![Some("mediation"), Some("withdrawal")])) {
        let run = |simple: bool, ended_by: Option<&'static str>| {
            CourtFeeInput { fee: FeeType::Case, claim: Money::from_fen(claim), simple, ended_by }
                .compute()
                .unwrap()
        };
        let full = run(false, None);
        let both = run(true, ended);
        prop_assert!(!full.halved && both.halved);
        prop_assert_eq!(both.fee, run(true, None).fee);
        prop_assert_eq!(both.fee, run(false, ended).fee);
        // Exactly half of the exact full fee, rounded once: never a quarter.
        prop_assert_eq!(both.fee.fen(), half_up(reference_milli_fen(CASE_EDGES, 50, claim), 2000));
    }
}
