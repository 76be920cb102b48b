//! Tests of the annual rate against plain definitions: the present value summed term by
//! term (`Σ pₖ/(1+i)ᵏ`, each term multiplied out with `pow`, no Horner), and an
//! independent floating-point IRR used only as a cross-check in the tests.

use super::*;
use crate::Answer;
use num_bigint::BigUint;
use proptest::prelude::*;

fn yuan(s: &str) -> Money {
    Money::parse(s).unwrap()
}

fn run(received: &str, payments: &[&str]) -> AprAnswer {
    AprInput {
        received: yuan(received),
        payments: payments.iter().map(|p| yuan(p)).collect(),
        contract_date: None,
        card_plan: false,
    }
    .compute(&crate::Data::builtin().lpr)
    .unwrap()
}

fn repeat(amount: &str, n: usize) -> Vec<&str> {
    vec![amount; n]
}

/// NPV ≥ 0 at the monthly rate a/d, from the definition: Σ pₖ·(d/(d+a))ᵏ ≥ received,
/// both sides multiplied by (d+a)ⁿ, every term computed on its own with `pow`.
fn plain_npv_at_least(received: Money, payments: &[Money], a: u64, d: u64) -> bool {
    let n = payments.len() as u32;
    let u = BigUint::from(d + a);
    let w = BigUint::from(d);
    let lhs: BigUint = payments
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let k = k as u32 + 1;
            BigUint::from(p.fen() as u128) * w.pow(k) * u.pow(n - k)
        })
        .sum();
    let rhs = BigUint::from(received.fen() as u128) * u.pow(n);
    lhs >= rhs
}

/// The printed rate N/100 % is right: the true rate lies in [N − ½, N + ½) hundredths.
fn assert_rounded_right(received: Money, payments: &[Money], apr: Dec) {
    let n_bp = (apr.mantissa() / 100_000_000) as u64;
    assert_eq!(Dec::from_parts(n_bp as i128, 2), apr);
    if n_bp > 0 {
        assert!(
            plain_npv_at_least(received, payments, 2 * n_bp - 1, 240_000),
            "the true rate is below {apr} − 0.005%"
        );
    }
    assert!(
        !plain_npv_at_least(received, payments, 2 * n_bp + 1, 240_000),
        "the true rate is at least {apr} + 0.005%"
    );
}

/// A floating-point IRR, for a cross-check only: bisection on the NPV.
fn float_apr_pct(received: Money, payments: &[Money]) -> f64 {
    let r = received.fen() as f64;
    let npv = |i: f64| -> f64 {
        payments
            .iter()
            .enumerate()
            .map(|(k, p)| p.fen() as f64 / (1.0 + i).powi(k as i32 + 1))
            .sum::<f64>()
            - r
    };
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    while npv(hi) > 0.0 {
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = (lo + hi) / 2.0;
        if npv(mid) > 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo * 1200.0
}

#[test]
fn calculator_md_example_through_the_interface() {
    let v = Value::map([
        ("kind", Value::str("apr")),
        ("received", Value::str("12000")),
        ("payments", Value::List(vec![Value::str("1072"); 12])),
    ]);
    let Answer::Apr(a) = crate::compute(&v, crate::Data::builtin()).unwrap() else {
        panic!("not an apr answer")
    };
    let out = a.to_value();
    assert_eq!(out.get("apr_pct"), Some(&Value::str("13.03")));
    assert_eq!(out.get("naive_pct"), Some(&Value::str("7.20")));
    assert_eq!(out.get("total_cost"), Some(&Value::str("864.00")));
    assert_eq!(out.get("cap_pct"), Some(&Value::Null));
    assert_rounded_right(a.input.received, &a.input.payments, a.apr);
    // The float cross-check: 13.0287…%.
    let f = float_apr_pct(a.input.received, &a.input.payments);
    assert!((f - 13.03).abs() < 0.005, "{f}");
    assert!(a
        .notes
        .iter()
        .any(|n| n.cite.contains("中国人民银行公告〔2021〕第3号")));
    assert!(a.notes.iter().any(|n| n.cite.contains("法发〔2017〕22号")));
    assert!(a.notes.iter().all(|n| !n.cite.is_empty()));
    let r = a.report();
    assert_eq!(r.figures[0].value, "13.03%");
    assert_eq!(r.figures[1].value, "7.20%");
    let t = r.table.unwrap();
    assert_eq!(t.rows.len(), 12);
    // Month one: 12000 × 13.03% / 12 = 130.30 of interest; the balance ends at zero.
    assert_eq!(t.rows[0][2], "130.30");
    assert_eq!(t.rows[11][4], "0.00");
}

#[test]
fn the_schedule_is_the_same_list_in_groups() {
    let grouped = Value::map([
        ("kind", Value::str("apr")),
        ("received", Value::str("12000")),
        (
            "schedule",
            Value::List(vec![Value::map([
                ("count", Value::Number("12".into())),
                ("amount", Value::str("1072")),
            ])]),
        ),
        ("contract_date", Value::str("2024-01-10")),
    ]);
    let a = crate::compute(&grouped, crate::Data::builtin())
        .unwrap()
        .to_value();
    assert_eq!(a.get("apr_pct"), Some(&Value::str("13.03")));
    assert_eq!(a.get("months"), Some(&Value::Number("12".into())));
    // One-year LPR on 2024-01-10: 3.45% → cap 13.80%.
    assert_eq!(a.get("lpr_pct"), Some(&Value::str("3.45")));
    assert_eq!(a.get("cap_pct"), Some(&Value::str("13.80")));
    // form_inputs turns a payments list into these groups.
    let listed = Value::map([
        ("received", Value::str("10000")),
        (
            "payments",
            Value::List(vec![
                Value::str("1172"),
                Value::str("1072"),
                Value::str("1072"),
            ]),
        ),
    ]);
    assert_eq!(
        form_inputs(&listed),
        Value::map([
            ("received", Value::str("10000")),
            (
                "schedule",
                Value::List(vec![
                    Value::map([
                        ("count", Value::Number("1".into())),
                        ("amount", Value::str("1172")),
                    ]),
                    Value::map([
                        ("count", Value::Number("2".into())),
                        ("amount", Value::str("1072")),
                    ]),
                ]),
            ),
        ])
    );
}

#[test]
fn an_upfront_deduction_raises_the_rate() {
    // 12,000 lent, 1,000 taken off at once: 11,000 in hand, the same 12 × 1,072.
    let full = run("12000", &repeat("1072", 12));
    let cut = run("11000", &repeat("1072", 12));
    assert_rounded_right(cut.input.received, &cut.input.payments, cut.apr);
    let f = float_apr_pct(cut.input.received, &cut.input.payments);
    assert!(
        (f - cut.apr.to_string().parse::<f64>().unwrap()).abs() <= 0.005,
        "{f}"
    );
    assert!(cut.apr > full.apr);
    assert!(cut.apr > Dec::from_int(24), "{}", cut.apr);
    assert!(cut
        .notes
        .iter()
        .any(|n| n.text.contains("超过24%") && n.cite.contains("法发〔2017〕22号")));
    assert_eq!(cut.total_cost, yuan("1864"));
}

#[test]
fn an_interest_only_loan_with_a_balloon() {
    // 1% a month on 10,000 for 11 months, then 10,100: exactly 12.00% a year.
    let mut p = repeat("100", 11);
    p.push("10100");
    let a = run("10000", &p);
    assert_eq!(a.apr.format(2), "12.00");
    assert_rounded_right(a.input.received, &a.input.payments, a.apr);
    // Naive: 1,200 / 10,000 / 12 × 12 = 12.00% too.
    assert_eq!(a.naive.format(2), "12.00");
    for r in &a.rows[..11] {
        assert_eq!((r.interest, r.principal), (yuan("100"), Money::ZERO));
        assert_eq!(r.balance, yuan("10000"));
    }
    assert_eq!(a.rows[11].principal, yuan("10000"));
    assert_eq!(a.rows[11].balance, Money::ZERO);
}

#[test]
fn a_fee_charged_in_month_one() {
    // An even 1%-a-month loan (888.49 × 12 on 10,000) with a 300 fee in the first month.
    let plain = run("10000", &repeat("888.49", 12));
    assert_eq!(plain.apr.format(2), "12.00");
    let mut p = repeat("888.49", 12);
    p[0] = "1188.49";
    let a = run("10000", &p);
    assert_rounded_right(a.input.received, &a.input.payments, a.apr);
    let f = float_apr_pct(a.input.received, &a.input.payments);
    assert!(
        (f - a.apr.to_string().parse::<f64>().unwrap()).abs() <= 0.005,
        "{f}"
    );
    // The fee costs far more than 300/10,000 a year: it is paid back within a month.
    assert!(a.apr > Dec::from_int(17), "{}", a.apr);
    // The same fee in the last month costs less than in the first.
    let mut q = repeat("888.49", 12);
    q[11] = "1188.49";
    assert!(run("10000", &q).apr < a.apr);
}

#[test]
fn exact_ties_round_half_up() {
    // One instalment of 2,400.01 on 2,400.00: a monthly rate of exactly 1/240000, i.e.
    // 0.005% a year — exactly half way, so 0.01%.
    assert_eq!(run("2400", &["2400.01"]).apr.format(2), "0.01");
    // 3/240000 a month = 0.015% a year → 0.02%.
    assert_eq!(run("2400", &["2400.03"]).apr.format(2), "0.02");
    // Nothing more than received: 0.00%.
    let a = run("2400", &["2400"]);
    assert_eq!(a.apr.format(2), "0.00");
    assert_eq!(a.naive.format(2), "0.00");
    // Just below the half-way point: 2400.01 on 2400.01 × (1 + 1/240000)… the rate
    // 1/240001 per month rounds down.
    let a = run("2400.01", &["2400.02"]);
    assert_eq!(a.apr.format(2), "0.00");
    assert_rounded_right(a.input.received, &a.input.payments, a.apr);
}

#[test]
fn the_longest_and_the_steepest_loans() {
    // 360 instalments: a 30-year loan at about 4.9%.
    let a = run("1000000", &repeat("5307.27", 360));
    assert_rounded_right(a.input.received, &a.input.payments, a.apr);
    assert_eq!(a.apr.format(2), "4.90");
    // A very steep short loan: 1,000 in hand, 2,000 a month later: 1200% a year.
    let a = run("1000", &["2000"]);
    assert_eq!(a.apr.format(2), "1200.00");
    // Beyond 1,000,000% a year: refused.
    let e = AprInput {
        received: yuan("0.01"),
        payments: vec![yuan("1000000000000")],
        contract_date: None,
        card_plan: false,
    }
    .compute(&crate::Data::builtin().lpr)
    .unwrap_err();
    assert_eq!(e.field, "received");
    assert!(e.message.contains("1000000%"), "{}", e.message);
}

#[test]
fn caps_and_the_transition_rule() {
    let mut input = AprInput {
        received: yuan("12000"),
        payments: vec![yuan("1072"); 12],
        contract_date: parse("2024-01-10"),
        card_plan: false,
    };
    let a = input.compute(&crate::Data::builtin().lpr).unwrap();
    // 13.03% is below 4 × 3.45% = 13.80%.
    assert_eq!(a.lpr_and_cap.unwrap().1.format(2), "13.80");
    assert!(a.notes.iter().any(|n| n.text.contains("没有超过这个上限")));
    assert!(a
        .report()
        .figures
        .iter()
        .any(|f| f.value == "13.80%，本例未超过"));
    // On 2025-06-01 the one-year LPR was 3.00%: cap 12.00%, exceeded by 1.03 points.
    input.contract_date = parse("2025-06-01");
    let a = input.compute(&crate::Data::builtin().lpr).unwrap();
    assert_eq!(a.lpr_and_cap.unwrap().1.format(2), "12.00");
    assert!(a
        .notes
        .iter()
        .any(|n| n.text.contains("高于上限 1.03 个百分点")));
    // Before 2020-08-20: the transition rule is named instead of a cap.
    input.contract_date = parse("2019-05-01");
    let a = input.compute(&crate::Data::builtin().lpr).unwrap();
    assert_eq!(a.lpr_and_cap, None);
    assert!(a.notes.iter().any(|n| n.cite.contains("第31条")));
    // After the LPR data's as-of date: a warning.
    input.contract_date = parse("2099-01-01");
    let a = input.compute(&crate::Data::builtin().lpr).unwrap();
    assert_eq!(a.warnings.len(), 1, "{:?}", a.warnings);
}

fn parse(s: &str) -> Option<NaiveDate> {
    Some(crate::date::parse_date(s).unwrap())
}

#[test]
fn input_errors_name_the_field() {
    let req = |pairs: Vec<(&str, Value)>| {
        let mut v = vec![("kind", Value::str("apr"))];
        v.extend(pairs);
        crate::compute(&Value::map(v), crate::Data::builtin()).unwrap_err()
    };
    let list = |items: &[&str]| Value::List(items.iter().map(|s| Value::str(*s)).collect());
    let e = req(vec![("received", Value::str("12000"))]);
    assert_eq!(e.field, "payments");
    assert!(e.message.contains("至少要有一期"), "{}", e.message);
    let e = req(vec![
        ("received", Value::str("0")),
        ("payments", list(&["1"])),
    ]);
    assert_eq!(e.field, "received");
    let e = req(vec![
        ("received", Value::str("-5")),
        ("payments", list(&["1"])),
    ]);
    assert_eq!(e.field, "received");
    assert!(e.message.contains("负数"), "{}", e.message);
    let e = req(vec![
        ("received", Value::str("100")),
        ("payments", list(&["50", "0"])),
    ]);
    assert_eq!(e.field, "payments[1]");
    let e = req(vec![
        ("received", Value::str("1000")),
        ("payments", list(&["500", "400"])),
    ]);
    assert_eq!(e.field, "payments");
    assert!(e.message.contains("不存在正的利率"), "{}", e.message);
    let e = req(vec![
        ("received", Value::str("1000")),
        ("payments", Value::List(vec![Value::str("10"); 361])),
    ]);
    assert_eq!(e.field, "payments");
    assert!(e.message.contains("360"), "{}", e.message);
    let group = |count: &str, amount: &str| {
        Value::map([("count", Value::str(count)), ("amount", Value::str(amount))])
    };
    let e = req(vec![
        ("received", Value::str("1000")),
        (
            "schedule",
            Value::List(vec![group("300", "10"), group("61", "10")]),
        ),
    ]);
    assert_eq!(e.field, "schedule[1].count");
    let e = req(vec![
        ("received", Value::str("1000")),
        ("schedule", Value::List(vec![group("0", "10")])),
    ]);
    assert_eq!(e.field, "schedule[0].count");
    let e = req(vec![
        ("received", Value::str("1000")),
        ("schedule", Value::List(vec![group("12", "0")])),
    ]);
    assert_eq!(e.field, "schedule[0].amount");
    let e = req(vec![
        ("received", Value::str("1000")),
        ("schedule", Value::List(vec![group("12", "100")])),
        ("payments", list(&["100"])),
    ]);
    assert_eq!(e.field, "schedule");
    let e = req(vec![
        ("received", Value::str("1000")),
        ("payments", list(&["1100"])),
        ("contract_date", Value::str("2023-02-29")),
    ]);
    assert_eq!(e.field, "contract_date");
}

/// A loan: received and 1–36 payments whose total is at least received.
fn loan() -> impl Strategy<Value = (Money, Vec<Money>)> {
    (prop::collection::vec(1i128..500_000, 1..36), 1i128..1000).prop_map(|(fen, share)| {
        let payments: Vec<Money> = fen.into_iter().map(Money::from_fen).collect();
        let total: i128 = payments.iter().map(|p| p.fen()).sum();
        // received between 1 fen and the total.
        let received = (total * share / 1000).max(1);
        (Money::from_fen(received), payments)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn the_printed_rate_passes_the_exact_sign_test((received, payments) in loan()) {
        if let Some(bp) = apr_basis_points(received, &payments) {
            assert_rounded_right(received, &payments, Dec::from_parts(bp as i128, 2));
            let f = float_apr_pct(received, &payments);
            let printed = bp as f64 / 100.0;
            // Away from a rounding boundary, the float IRR rounds to the same figure.
            let to_boundary = ((f * 100.0).fract() - 0.5).abs();
            if to_boundary > 1e-6 && f < 1e5 {
                prop_assert!((f - printed).abs() <= 0.005 + 1e-9, "{} vs {}", f, printed);
            }
        }
    }

    #[test]
    fn the_rate_is_monotonic_in_each_instalment(
        (received, payments) in loan(),
        which in 0usize..36,
        more in 1i128..100_000,
    ) {
        let k = which % payments.len();
        let mut higher = payments.clone();
        higher[k] = Money::from_fen(higher[k].fen() + more);
        if let (Some(a), Some(b)) = (
            apr_basis_points(received, &payments),
            apr_basis_points(received, &higher),
        ) {
            prop_assert!(b >= a, "raising instalment {} lowered the rate: {} → {}", k, a, b);
        }
        // Less money in hand never lowers the rate either.
        if received.fen() > 1 {
            let less = Money::from_fen(received.fen() - 1);
            if let (Some(a), Some(b)) = (
                apr_basis_points(received, &payments),
                apr_basis_points(less, &payments),
            ) {
                prop_assert!(b >= a);
            }
        }
    }
}

proptest! {
    #[test]
    fn nat_agrees_with_num_bigint(
        start in any::<u64>(),
        steps in prop::collection::vec((any::<u64>(), 0u64..u32::MAX as u64, any::<u64>()), 0..40),
        other in any::<u64>(),
    ) {
        let mut nat = Nat::new(start);
        let mut big = BigUint::from(start);
        let mut add = Nat::new(other);
        let mut add_big = BigUint::from(other);
        for (m, small, k) in steps {
            nat.mul_small(m);
            big *= m;
            add.mul_small(small);
            add_big *= small;
            nat.add_mul(&add, k);
            big += &add_big * k;
            let digits: Vec<u32> = big.to_u32_digits();
            prop_assert_eq!(&nat.0, &digits);
            prop_assert_eq!(nat.compare(&add), big.cmp(&add_big));
        }
    }
}

#[test]
fn a_card_plan_is_not_measured_by_the_lending_lines() {
    // Review 2026-12 C-12: a credit-card instalment plan gets 银行卡纠纷规定第2条, not 24%.
    let data = crate::Data::builtin();
    let ask = |card: bool| {
        let mut request = vec![
            ("kind".to_string(), crate::Value::str("apr")),
            ("received".to_string(), crate::Value::str("30000")),
            ("contract_date".to_string(), crate::Value::str("2024-01-10")),
        ];
        request.push((
            "schedule".to_string(),
            crate::Value::List(vec![crate::Value::map([
                ("count", crate::Value::Number("60".into())),
                ("amount", crate::Value::str("650")),
            ])]),
        ));
        if card {
            request.push(("card_plan".to_string(), crate::Value::Bool(true)));
        }
        let report = crate::Request::from_value(&crate::Value::Map(request))
            .unwrap()
            .compute(data)
            .unwrap()
            .report();
        crate::html::report_html(&report)
    };
    let loan = ask(false);
    assert!(loan.contains("持牌机构：可请求调减的界线"), "{loan}");
    assert!(loan.contains("民间借贷上限"), "{loan}");
    let card = ask(true);
    assert!(!card.contains("持牌机构：可请求调减的界线"), "{card}");
    assert!(!card.contains("民间借贷上限"), "{card}");
    assert!(
        card.contains("银行卡民事纠纷案件若干问题的规定》第2条"),
        "{card}"
    );
    assert!(card.contains("适当减少"), "{card}");
}
