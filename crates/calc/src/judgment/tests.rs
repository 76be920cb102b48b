//! Tests of the 迟延履行 interest: CALCULATOR.md §5's example, the edge cases a lawyer
//! would try, and properties checked against a day-by-day reference that follows the plain
//! words of 法释〔2014〕8号 (every day after the deadline, the unpaid base × 1.75‱).

use super::*;
use crate::date::parse_date;
use crate::Answer;
use chrono::Duration;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

fn cal() -> &'static crate::holidays::HolidayCalendar {
    &crate::Data::builtin().holidays
}

/// A deadline as 民事诉讼法第85条第三款 reads, day by day: while it is a rest day (a
/// weekend or a listed holiday, not a make-up working day; weekends only in a year
/// without data), the next day.
fn plain_moved(mut day: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    loop {
        let rest = match cal().day_kind(day) {
            Ok(k) => k.is_rest(),
            Err(_) => day.weekday().number_from_monday() >= 6,
        };
        if !rest {
            return day;
        }
        day += Duration::days(1);
    }
}

fn m(s: &str) -> Money {
    Money::parse(s).unwrap()
}

fn single(debt: &str, deadline: &str, payments: &[(&str, &str)], until: &str) -> JudgmentInput {
    JudgmentInput {
        debt: m(debt),
        deadline: Some(d(deadline)),
        no_performance_period: false,
        instalments: Vec::new(),
        payments: payments
            .iter()
            .map(|(p, a)| Payment {
                date: d(p),
                amount: m(a),
            })
            .collect(),
        suspended: Vec::new(),
        until: d(until),
    }
}

fn pair(a: &str, b: &str, x: &str, y: &str) -> Value {
    Value::map([(a, Value::str(x)), (b, Value::str(y))])
}

/// The reference: walk every day, the paid part of the debt counted up to and including
/// its payment day, in 分 × 175 (exact), then round half up by hand. Only for payments
/// that do not exceed the debt (then all of each payment goes to the debt).
fn reference_fen(input: &JudgmentInput) -> i128 {
    let mut total: i128 = 0;
    let schedule: Vec<Instalment> = input
        .schedule()
        .into_iter()
        .map(|i| Instalment {
            deadline: if input.no_performance_period {
                i.deadline
            } else {
                plain_moved(i.deadline)
            },
            ..i
        })
        .collect();
    let first = schedule[0].deadline;
    let mut day = first + Duration::days(1);
    while day <= input.until {
        let suspended = input.suspended.iter().any(|s| s.from <= day && day <= s.to);
        if !suspended {
            let due: i128 = schedule
                .iter()
                .filter(|i| i.deadline < day)
                .map(|i| i.amount.fen())
                .sum();
            let paid: i128 = input
                .payments
                .iter()
                .filter(|p| p.date < day)
                .map(|p| p.amount.fen())
                .sum();
            total += (due - paid).max(0) * 175;
        }
        day += Duration::days(1);
    }
    // Half up: add half the divisor, then floor.
    (total + 500_000) / 1_000_000
}

#[test]
fn calculator_md_example_through_the_interface() {
    let v = Value::map([
        ("kind", Value::str("judgment")),
        ("debt", Value::str("50000")),
        ("deadline", Value::str("2024-03-20")),
        (
            "payments",
            Value::List(vec![pair("date", "amount", "2024-05-10", "20000")]),
        ),
        ("until", Value::str("2024-08-31")),
    ]);
    let Answer::Judgment(a) = crate::compute(&v, crate::Data::builtin()).unwrap() else {
        panic!("not a judgment answer")
    };
    let out = a.to_value();
    assert_eq!(out.get("days"), Some(&Value::Number("164".into())));
    assert_eq!(out.get("doubled_interest"), Some(&Value::str("1039.50")));
    assert_eq!(out.get("paid_to_debt"), Some(&Value::str("20000.00")));
    assert_eq!(out.get("paid_to_interest"), Some(&Value::str("0.00")));
    assert_eq!(out.get("remaining_debt"), Some(&Value::str("30000.00")));
    assert_eq!(out.get("remaining_interest"), Some(&Value::str("1039.50")));
    let Some(Value::List(segs)) = out.get("segments") else {
        panic!("no segments")
    };
    assert_eq!(segs.len(), 2);
    // 50,000 × 1.75‱ × 51 = 446.25; 30,000 × 1.75‱ × 113 = 593.25.
    assert_eq!(segs[0].get("from"), Some(&Value::str("2024-03-21")));
    assert_eq!(segs[0].get("to"), Some(&Value::str("2024-05-10")));
    assert_eq!(segs[0].get("days"), Some(&Value::Number("51".into())));
    assert_eq!(segs[0].get("base"), Some(&Value::str("50000.00")));
    assert_eq!(segs[0].get("interest"), Some(&Value::str("446.25")));
    assert_eq!(segs[1].get("from"), Some(&Value::str("2024-05-11")));
    assert_eq!(segs[1].get("days"), Some(&Value::Number("113".into())));
    assert_eq!(segs[1].get("base"), Some(&Value::str("30000.00")));
    assert_eq!(segs[1].get("interest"), Some(&Value::str("593.25")));
    assert!(a
        .notes
        .iter()
        .all(|n| !n.cite.is_empty() && !n.text.is_empty()));
    assert!(a.notes.iter().any(|n| n.cite.contains("第264条")));
    assert!(a.notes.iter().any(|n| n.cite.contains("第4条")));
    assert!(a.notes.iter().any(|n| n.text.contains("一般债务利息")));
    assert!(a.warnings.is_empty(), "{:?}", a.warnings);
    let r = a.report();
    assert_eq!(r.table.unwrap().rows.len(), 2);
    assert!(r.figures.iter().any(|f| f.value == "1,039.50 元"));
    assert!(r.figures.iter().all(|f| !f.basis.is_empty()));
}

#[test]
fn a_payment_on_the_deadline_day_is_on_time() {
    // Paid in full on the last day of the performance period: nothing runs.
    let a = single(
        "50000",
        "2024-03-20",
        &[("2024-03-20", "50000")],
        "2024-08-31",
    )
    .compute(cal())
    .unwrap();
    assert_eq!(a.doubled_interest, Money::ZERO);
    assert_eq!(a.days, 0);
    assert!(a.segments.is_empty());
    assert_eq!(a.remaining_debt, Money::ZERO);
    // One day later: one day on the whole debt, 50,000 × 1.75‱ = 8.75.
    let a = single(
        "50000",
        "2024-03-20",
        &[("2024-03-21", "50000")],
        "2024-08-31",
    )
    .compute(cal())
    .unwrap();
    assert_eq!(a.doubled_interest.to_string(), "8.75");
    assert_eq!(a.days, 1);
    assert_eq!(a.remaining_interest.to_string(), "8.75");
}

#[test]
fn until_equal_to_the_deadline_gives_nothing_and_earlier_is_an_error() {
    let a = single("50000", "2024-03-20", &[], "2024-03-20")
        .compute(cal())
        .unwrap();
    assert_eq!((a.days, a.doubled_interest), (0, Money::ZERO));
    let e = single("50000", "2024-03-20", &[], "2024-03-19")
        .compute(cal())
        .unwrap_err();
    assert_eq!(e.field, "until");
    assert!(e.message.contains("不能早于"), "{}", e.message);
}

#[test]
fn a_payment_larger_than_the_debt_goes_to_the_doubled_part_then_is_overpaid() {
    // 10,000 due 2024-01-10, 10,100 paid 2024-03-10 (60 days: 1-11..3-10, leap year).
    // Accrued by the payment day: 10,000 × 1.75‱ × 60 = 105.00. 10,000 to the debt,
    // 100 to the doubled part; 5.00 still owed; nothing runs after.
    let a = single(
        "10000",
        "2024-01-10",
        &[("2024-03-10", "10100")],
        "2024-12-31",
    )
    .compute(cal())
    .unwrap();
    assert_eq!(a.days, 60);
    assert_eq!(a.doubled_interest.to_string(), "105.00");
    assert_eq!(a.paid_to_debt.to_string(), "10000.00");
    assert_eq!(a.paid_to_interest.to_string(), "100.00");
    assert_eq!(a.remaining_debt, Money::ZERO);
    assert_eq!(a.remaining_interest.to_string(), "5.00");
    assert_eq!(a.overpaid, Money::ZERO);
    // 10,200 paid: 105.00 to the doubled part, 95.00 overpaid, with a warning.
    let a = single(
        "10000",
        "2024-01-10",
        &[("2024-03-10", "10200")],
        "2024-12-31",
    )
    .compute(cal())
    .unwrap();
    assert_eq!(a.paid_to_interest.to_string(), "105.00");
    assert_eq!(a.overpaid.to_string(), "95.00");
    assert_eq!(a.remaining_interest, Money::ZERO);
    assert!(a.warnings.iter().any(|w| w.contains("95.00")));
    let v = a.to_value();
    let Some(Value::List(alloc)) = v.get("allocations") else {
        panic!()
    };
    assert_eq!(alloc[0].get("overpaid"), Some(&Value::str("95.00")));
}

#[test]
fn article_4_debt_first_then_the_doubled_part() {
    // 10,000 due 2024-01-10. 4,000 paid 2024-02-09 (30 days on 10,000: 52.50), then 6,100
    // paid 2024-03-10 (30 days on 6,000: 31.50). The first payment all goes to the debt
    // even though 52.50 had accrued; the second pays the last 6,000 and 100 of the 84.00.
    let a = single(
        "10000",
        "2024-01-10",
        &[("2024-03-10", "6100"), ("2024-02-09", "4000")],
        "2024-06-30",
    )
    .compute(cal())
    .unwrap();
    assert_eq!(a.doubled_interest.to_string(), "84.00");
    assert_eq!(a.paid_to_debt.to_string(), "10000.00");
    assert_eq!(a.allocations[0].to_debt.to_string(), "4000.00");
    assert_eq!(a.allocations[0].to_interest, Money::ZERO);
    assert_eq!(a.allocations[1].to_debt.to_string(), "6000.00");
    assert_eq!(a.allocations[1].to_interest.to_string(), "84.00");
    assert_eq!(a.allocations[1].overpaid.to_string(), "16.00");
    assert_eq!(a.remaining_interest, Money::ZERO);
    // A later payment pays the rest of the doubled part.
    let a = single(
        "10000",
        "2024-01-10",
        &[
            ("2024-02-09", "4000"),
            ("2024-03-10", "6000"),
            ("2024-04-01", "50"),
        ],
        "2024-06-30",
    )
    .compute(cal())
    .unwrap();
    assert_eq!(a.paid_to_interest.to_string(), "50.00");
    assert_eq!(a.remaining_interest.to_string(), "34.00");
}

#[test]
fn a_suspension_across_a_payment() {
    // 50,000 due 2024-03-20; 20,000 paid 2024-05-10; suspended 2024-05-01..2024-05-20
    // (not requested by the debtor). Counted: 3-21..4-30 = 41 days on 50,000; 5-21..8-31
    // = 103 days on 30,000. 358.75 + 540.75 = 899.50. Excluded: 10 + 10 days.
    let mut input = single(
        "50000",
        "2024-03-20",
        &[("2024-05-10", "20000")],
        "2024-08-31",
    );
    input.suspended = vec![Suspension {
        from: d("2024-05-01"),
        to: d("2024-05-20"),
    }];
    let a = input.compute(cal()).unwrap();
    assert_eq!(a.days, 144);
    assert_eq!(a.suspended_days, 20);
    assert_eq!(a.doubled_interest.to_string(), "899.50");
    assert_eq!(a.doubled_interest.fen(), reference_fen(&input));
    assert_eq!(a.segments.len(), 2);
    assert_eq!(a.segments[0].to, d("2024-04-30"));
    assert_eq!(a.segments[1].from, d("2024-05-21"));
    assert!(a.notes.iter().any(|n| n.cite.contains("第3条第三款")));
}

#[test]
fn instalments_each_from_their_own_deadline() {
    // 30,000 in three instalments of 10,000 due 1-31, 2-29, 3-31 (2024), nothing paid,
    // until 2024-04-30. 3-31 is a Sunday: that instalment's deadline moves to Monday 4-01
    // (民事诉讼法第85条第三款). 90 + 61 + 29 = 180 instalment-days × 10,000 × 1.75‱ = 315.00.
    let v = Value::map([
        ("kind", Value::str("judgment")),
        ("debt", Value::str("30000")),
        (
            "instalments",
            Value::List(vec![
                pair("deadline", "amount", "2024-03-31", "10000"),
                pair("deadline", "amount", "2024-01-31", "10000"),
                pair("deadline", "amount", "2024-02-29", "10000"),
            ]),
        ),
        ("until", Value::str("2024-04-30")),
    ]);
    let Answer::Judgment(a) = crate::compute(&v, crate::Data::builtin()).unwrap() else {
        panic!()
    };
    assert_eq!(a.doubled_interest.to_string(), "315.00");
    assert_eq!(a.moved_deadlines, vec![(d("2024-03-31"), d("2024-04-01"))]);
    assert_eq!(a.days, 90);
    let bases: Vec<String> = a.segments.iter().map(|s| s.base.to_string()).collect();
    assert_eq!(bases, ["10000.00", "20000.00", "30000.00"]);
    assert_eq!(a.doubled_interest.fen(), reference_fen(&a.input));
    assert!(a.notes.iter().any(|n| n.text.contains("分期履行")));
}

#[test]
fn an_early_payment_pays_the_earliest_instalment_first() {
    // Two instalments of 10,000 due 2024-01-31 and 2024-03-31. 10,000 paid 2024-02-10:
    // it pays the first (10 days late: 10-day × 10,000 = 17.50); the second is then paid
    // by 10,000 on 2024-03-31, on time: total 17.50.
    let input = JudgmentInput {
        debt: m("20000"),
        deadline: None,
        no_performance_period: false,
        instalments: vec![
            Instalment {
                deadline: d("2024-01-31"),
                amount: m("10000"),
            },
            Instalment {
                deadline: d("2024-03-31"),
                amount: m("10000"),
            },
        ],
        payments: vec![
            Payment {
                date: d("2024-02-10"),
                amount: m("10000"),
            },
            Payment {
                date: d("2024-03-31"),
                amount: m("10000"),
            },
        ],
        suspended: Vec::new(),
        until: d("2024-12-31"),
    };
    let a = input.compute(cal()).unwrap();
    assert_eq!(a.doubled_interest.to_string(), "17.50");
    assert_eq!(a.days, 10);
    assert_eq!(a.remaining_debt, Money::ZERO);
    // Paying 15,000 on 2024-02-10 pays 5,000 of the second instalment ahead: after its
    // deadline (Sunday 3-31, moved to Monday 4-01) only 5,000 runs (29 days to 4-30 →
    // 25.375, + 17.50 = 42.875 → 42.88).
    let mut ahead = input.clone();
    ahead.payments = vec![Payment {
        date: d("2024-02-10"),
        amount: m("15000"),
    }];
    ahead.until = d("2024-04-30");
    let a = ahead.compute(cal()).unwrap();
    assert_eq!(a.doubled_interest.to_string(), "42.88");
    assert_eq!(a.remaining_debt.to_string(), "5000.00");
    assert_eq!(a.doubled_interest.fen(), reference_fen(&ahead));
}

#[test]
fn bad_inputs_name_their_field_in_chinese() {
    let base = || {
        vec![
            ("kind", Value::str("judgment")),
            ("debt", Value::str("50000")),
            ("deadline", Value::str("2024-03-20")),
            ("until", Value::str("2024-08-31")),
        ]
    };
    let check = |extra: Vec<(&'static str, Value)>, field: &str, fragment: &str| {
        let mut pairs = base();
        for (k, v) in extra {
            pairs.retain(|(n, _)| *n != k);
            if v != Value::Null {
                pairs.push((k, v));
            }
        }
        let e = crate::compute(&Value::map(pairs), crate::Data::builtin()).unwrap_err();
        assert_eq!(e.field, field, "{}", e.message);
        assert!(e.message.contains(fragment), "{}", e.message);
        assert!(e.message.contains(field), "{}", e.message);
    };
    check(vec![("debt", Value::str("-1"))], "debt", "负数");
    check(vec![("debt", Value::str("0"))], "debt", "大于 0");
    check(vec![("debt", Value::str("1e12"))], "debt", "请填金额");
    check(vec![("debt", Value::str("2000000000000"))], "debt", "过大");
    check(
        vec![("deadline", Value::str("2024-02-30"))],
        "deadline",
        "没有30日",
    );
    check(vec![("deadline", Value::Null)], "deadline", "必须填写");
    check(vec![("until", Value::Null)], "until", "必须填写");
    check(
        vec![("until", Value::str("2024-03-01"))],
        "until",
        "不能早于",
    );
    check(
        vec![(
            "payments",
            Value::List(vec![pair("date", "amount", "2024-05-10", "0")]),
        )],
        "payments[0].amount",
        "大于 0",
    );
    check(
        vec![(
            "payments",
            Value::List(vec![pair("date", "amount", "2024-13-10", "1")]),
        )],
        "payments[0].date",
        "月份",
    );
    check(
        vec![(
            "instalments",
            Value::List(vec![
                pair("deadline", "amount", "2024-03-20", "20000"),
                pair("deadline", "amount", "2024-04-20", "20000"),
            ]),
        )],
        "deadline",
        "只能填一种",
    );
    check(
        vec![
            ("deadline", Value::Null),
            (
                "instalments",
                Value::List(vec![
                    pair("deadline", "amount", "2024-03-20", "20000"),
                    pair("deadline", "amount", "2024-04-20", "20000"),
                ]),
            ),
        ],
        "instalments",
        "与金钱债务 50,000.00 元不一致",
    );
    check(
        vec![(
            "suspended",
            Value::List(vec![pair("from", "to", "2024-05-10", "2024-05-01")]),
        )],
        "suspended[0].to",
        "不能早于中止起",
    );
    check(
        vec![(
            "suspended",
            Value::List(vec![pair("from", "to", "2024-03-01", "2024-03-20")]),
        )],
        "suspended[0].to",
        "还没开始计算",
    );
    check(
        vec![(
            "suspended",
            Value::List(vec![pair("from", "to", "2024-09-01", "2024-09-20")]),
        )],
        "suspended[0].from",
        "晚于计算截止日",
    );
    check(
        vec![(
            "suspended",
            Value::List(vec![
                pair("from", "to", "2024-05-01", "2024-05-20"),
                pair("from", "to", "2024-05-20", "2024-06-01"),
            ]),
        )],
        "suspended[1].from",
        "与第1项中止期间重叠",
    );
    check(
        vec![(
            "payments",
            Value::List(vec![pair("date", "amout", "2024-05-10", "1")]),
        )],
        "payments[0].amount",
        "必须填写",
    );
}

#[test]
fn a_payment_after_until_is_left_out_with_a_warning() {
    let a = single(
        "50000",
        "2024-03-20",
        &[("2024-05-10", "20000"), ("2024-09-10", "30000")],
        "2024-08-31",
    )
    .compute(cal())
    .unwrap();
    assert_eq!(a.doubled_interest.to_string(), "1039.50");
    assert_eq!(a.remaining_debt.to_string(), "30000.00");
    assert!(a.warnings.iter().any(|w| w.contains("1 笔付款晚于")));
}

#[test]
fn an_old_deadline_warns_about_article_7() {
    let a = single("1000", "2014-06-30", &[], "2015-06-30")
        .compute(cal())
        .unwrap();
    assert!(a.warnings.iter().any(|w| w.contains("第7条")));
}

#[test]
fn the_largest_inputs_stay_exact() {
    // 1万亿 yuan over the whole date range: no overflow, exact against the reference
    // formula 10¹⁴ 分 × 175 × days / 10⁶.
    let input = single("1000000000000", "1990-01-01", &[], "2100-12-31");
    let a = input.compute(cal()).unwrap();
    let days = days_between(d("1990-01-01"), d("2100-12-31")) as i128;
    assert_eq!(a.days as i128, days);
    assert_eq!(
        a.doubled_interest.fen(),
        100_000_000_000_000i128 * 175 * days / 1_000_000
    );
}

fn arb_input() -> impl Strategy<Value = JudgmentInput> {
    (
        1i128..10_000_000,
        0i64..400,
        proptest::collection::vec((0i64..500, 1i128..5_000_000), 0..4),
        proptest::collection::vec((0i64..500, 0i64..40), 0..3),
        0i64..600,
    )
        .prop_map(|(debt, dl, pays, susp, until)| {
            let base = d("2023-01-01");
            let deadline = base + Duration::days(dl);
            let mut suspended: Vec<Suspension> = Vec::new();
            for (o, len) in susp {
                let from = deadline + Duration::days(1 + o);
                let s = Suspension {
                    from,
                    to: from + Duration::days(len),
                };
                if suspended.iter().all(|t| t.to < s.from || s.to < t.from) {
                    suspended.push(s);
                }
            }
            let until = deadline + Duration::days(until);
            suspended.retain(|s| s.from <= until);
            JudgmentInput {
                debt: Money::from_fen(debt),
                deadline: Some(deadline),
                no_performance_period: false,
                instalments: Vec::new(),
                payments: pays
                    .into_iter()
                    .map(|(o, a)| Payment {
                        date: base + Duration::days(o),
                        amount: Money::from_fen(a),
                    })
                    .collect(),
                suspended,
                until,
            }
        })
}

proptest! {
    #[test]
    fn equals_the_day_by_day_reference(input in arb_input()) {
        // The reference puts every payment on the debt: keep payments within it.
        let mut input = input;
        let mut left = input.debt.fen();
        input.payments.sort_by_key(|p| p.date);
        input.payments.retain(|p| p.date <= input.until);
        for p in &mut input.payments {
            p.amount = Money::from_fen(p.amount.fen().min(left));
            left -= p.amount.fen();
        }
        input.payments.retain(|p| p.amount.fen() > 0);
        let Ok(a) = input.compute(cal()) else { return Ok(()) };
        prop_assert_eq!(a.doubled_interest.fen(), reference_fen(&input));
    }

    #[test]
    fn never_decreases_as_until_grows(input in arb_input(), more in 0i64..400) {
        let a = input.compute(cal()).unwrap();
        let mut later = input.clone();
        later.until = input.until + Duration::days(more);
        let b = later.compute(cal()).unwrap();
        prop_assert!(b.doubled_interest >= a.doubled_interest);
        prop_assert!(b.days >= a.days);
        // Accrued = paid toward it + still owed.
        prop_assert_eq!(b.paid_to_interest + b.remaining_interest, b.doubled_interest);
        prop_assert_eq!(b.paid_to_debt + b.remaining_debt, b.input.debt);
    }

    #[test]
    fn never_increases_when_a_payment_is_added(
        input in arb_input(),
        at in 0i64..600,
        amount in 1i128..5_000_000,
    ) {
        let a = input.compute(cal()).unwrap();
        let mut more = input.clone();
        more.payments.push(Payment {
            date: d("2023-01-01") + Duration::days(at),
            amount: Money::from_fen(amount),
        });
        let b = more.compute(cal()).unwrap();
        prop_assert!(b.doubled_interest <= a.doubled_interest);
        prop_assert!(b.remaining_debt <= a.remaining_debt);
    }
}

fn ask_judgment(pairs: Vec<(&str, Value)>) -> JudgmentAnswer {
    let mut v = vec![("kind", Value::str("judgment"))];
    v.extend(pairs);
    match crate::compute(&Value::map(v), crate::Data::builtin()).unwrap() {
        Answer::Judgment(a) => a,
        _ => panic!("not a judgment answer"),
    }
}

/// 民事诉讼法第85条第三款: a performance period ending on a rest day ends on the next
/// working day; a judgment without a period (its effective date) is never moved.
#[test]
fn a_deadline_on_a_rest_day_moves_to_the_next_working_day() {
    // Saturday 2026-03-14 → Monday 03-16: interest from 03-17 to 03-31, 15 days.
    let a = ask_judgment(vec![
        ("debt", Value::str("10000")),
        ("deadline", Value::str("2026-03-14")),
        ("until", Value::str("2026-03-31")),
    ]);
    let out = a.to_value();
    assert_eq!(out.get("days"), Some(&Value::Number("15".into())));
    assert_eq!(out.get("doubled_interest"), Some(&Value::str("26.25")));
    assert!(a
        .notes
        .iter()
        .any(|n| n.cite.contains("第85条") && n.text.contains("2026年3月16日")));
    // A payment on the Monday is on time.
    let a = ask_judgment(vec![
        ("debt", Value::str("10000")),
        ("deadline", Value::str("2026-03-14")),
        (
            "payments",
            Value::List(vec![pair("date", "amount", "2026-03-16", "10000")]),
        ),
        ("until", Value::str("2026-03-31")),
    ]);
    assert_eq!(
        a.to_value().get("doubled_interest"),
        Some(&Value::str("0.00"))
    );
    // An effective date (no performance period) is never moved: 17 days.
    let a = ask_judgment(vec![
        ("debt", Value::str("10000")),
        ("deadline", Value::str("2026-03-14")),
        ("no_performance_period", Value::Bool(true)),
        ("until", Value::str("2026-03-31")),
    ]);
    assert_eq!(a.to_value().get("days"), Some(&Value::Number("17".into())));
    // Each instalment's deadline too: 国庆 2026-10-01 → 10-08 (10-09 first day of interest).
    let a = ask_judgment(vec![
        ("debt", Value::str("2000")),
        (
            "instalments",
            Value::List(vec![
                pair("deadline", "amount", "2026-09-30", "1000"),
                pair("deadline", "amount", "2026-10-01", "1000"),
            ]),
        ),
        ("until", Value::str("2026-10-10")),
    ]);
    // 1000 × 10 days (10-01..10-10) + 1000 × 2 days (10-09, 10-10) = 12 × 0.175 = 2.10.
    assert_eq!(
        a.to_value().get("doubled_interest"),
        Some(&Value::str("2.10"))
    );
    assert!(a.notes.iter().any(|n| n.text.contains("2026年10月8日")));
}

#[test]
fn a_deadline_in_a_year_without_data_cites_no_notice() {
    // Friday 2027-10-01: 国庆, judged by weekends only in 2027 and flagged.
    let a = ask_judgment(vec![
        ("debt", Value::str("10000")),
        ("deadline", Value::str("2027-10-01")),
        ("until", Value::str("2027-10-31")),
    ]);
    assert!(a.notes.iter().all(|n| !n.cite.contains("2027年部分节假日")));
    assert!(a
        .notes
        .iter()
        .any(|n| n.text.contains("2027年10月1日") && n.text.contains("很可能是法定节假日")));
    assert_eq!(a.warnings.len(), 1, "{:?}", a.warnings);
}
