//! 信用卡利息 (`kind: "card"`, CALCULATOR.md §2): the interest when a statement is not
//! repaid in full.
//!
//! The method is the one issuers publish (招商银行's example): if the statement balance is
//! not repaid in full by the due date — a repayment within the 容时 grace days counts as on
//! time, and an unpaid remainder at or below the 容差 tolerance counts as full — the
//! interest-free period is lost and interest runs on every transaction from its posting
//! date (记账日), on the whole amount up to the day before a repayment, then on the
//! remaining balance from the repayment day, and so on, up to and including the next
//! statement date.
//!
//! Readings: the transactions are the statement's; interest runs on the day-by-day total
//! balance (all transactions posted so far less all repayments made so far, never below
//! zero), which at one rate is the same as charging each transaction separately and
//! applying repayments to the balance in date order; a repayment larger than the balance
//! leaves a credit (溢缴款) that offsets later postings; repayments after the next
//! statement date do not change this statement's interest. 容时 counts calendar days after
//! the due date. Interest is summed exactly and rounded once, half up, to the 分.

use crate::date::{days_between, format_date_zh, sort_by_date};
use crate::num::{div_round_half_up, Dec, Money, DEC_ONE};
use crate::report::{segment_row, FieldSpec, Figure, InputKind, Note, Report, Table};
use crate::value::{Fields, InputError, Value};
use chrono::{Duration, NaiveDate};

const TRANSACTION_FIELDS: &[FieldSpec] = &[
    FieldSpec {
        name: "posted_on",
        label: "记账日",
        help: "账单上这笔交易的记账日期。",
        input: InputKind::Date,
        default: "",
    },
    FieldSpec {
        name: "amount",
        label: "金额（元）",
        help: "交易金额。违约金、年费、手续费不计利息，不要填在这里。",
        input: InputKind::Money,
        default: "",
    },
];

const REPAYMENT_FIELDS: &[FieldSpec] = &[
    FieldSpec {
        name: "date",
        label: "还款日",
        help: "这笔还款入账的日期。",
        input: InputKind::Date,
        default: "",
    },
    FieldSpec {
        name: "amount",
        label: "金额（元）",
        help: "这笔还款的金额。",
        input: InputKind::Money,
        default: "",
    },
];

pub const FORM: &[FieldSpec] = &[
    FieldSpec {
        name: "transactions",
        label: "本期账单的交易",
        help: "每行一笔：记账日和金额。",
        input: InputKind::List {
            fields: TRANSACTION_FIELDS,
            rows: 5,
        },
        default: "",
    },
    FieldSpec {
        name: "due_date",
        label: "到期还款日",
        help: "账单上的最后还款日。",
        input: InputKind::Date,
        default: "",
    },
    FieldSpec {
        name: "next_statement",
        label: "下一个账单日",
        help: "利息计算到这一天（含）。",
        input: InputKind::Date,
        default: "",
    },
    FieldSpec {
        name: "repayments",
        label: "还款记录",
        help: "每行一笔：还款日和金额；没有还款可不填。",
        input: InputKind::List {
            fields: REPAYMENT_FIELDS,
            rows: 5,
        },
        default: "",
    },
    FieldSpec {
        name: "daily_per_10k",
        label: "日利率（万分之）",
        help: "常见为万分之五；2021年起由银行与持卡人约定，以您的合同为准。",
        input: InputKind::Decimal,
        default: "5",
    },
    FieldSpec {
        name: "grace_days",
        label: "容时（天）",
        help: "到期后几天内还款仍算按时，以发卡行规定为准。",
        input: InputKind::Integer { min: 0, max: 30 },
        default: "3",
    },
    FieldSpec {
        name: "tolerance",
        label: "容差（元）",
        help: "没还清的部分不超过这个数，视同全额还款，以发卡行规定为准。",
        input: InputKind::Money,
        default: "10",
    },
];

/// One transaction of the statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transaction {
    pub posted_on: NaiveDate,
    pub amount: Money,
}

/// One repayment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repayment {
    pub date: NaiveDate,
    pub amount: Money,
}

/// A checked credit-card request.
#[derive(Debug, Clone, PartialEq)]
pub struct CardInput {
    /// Daily rate in 万分之 (5 = 0.05% a day).
    pub daily_per_10k: Dec,
    /// 容时: calendar days after the due date that still count as on time.
    pub grace_days: i64,
    /// 容差: an unpaid remainder at or below this counts as full repayment.
    pub tolerance: Money,
    pub transactions: Vec<Transaction>,
    pub due_date: NaiveDate,
    pub next_statement: NaiveDate,
    pub repayments: Vec<Repayment>,
}

impl CardInput {
    pub fn read(fields: &mut Fields) -> Result<CardInput, InputError> {
        let daily_per_10k = fields
            .opt_dec("daily_per_10k", "日利率（万分之）")?
            .unwrap_or(Dec::from_int(5));
        let grace_days = fields.opt_int("grace_days", "容时", 0, 30)?.unwrap_or(3);
        let tolerance = fields
            .opt_money("tolerance", "容差")?
            .unwrap_or(Money::from_yuan(10));
        let due_date = fields.date("due_date", "到期还款日")?;
        let next_statement = fields.date("next_statement", "下一个账单日")?;
        if next_statement <= due_date {
            return Err(fields.error("next_statement", "下一个账单日", "应晚于到期还款日"));
        }
        let mut transactions = Vec::new();
        for mut item in fields.list("transactions", "本期账单的交易")? {
            let posted_on = item.date("posted_on", "记账日")?;
            let amount = item.money("amount", "交易金额")?;
            if posted_on > due_date {
                return Err(item.error(
                    "posted_on",
                    "记账日",
                    "应在到期还款日当天或之前（这里只填本期账单上的交易）",
                ));
            }
            item.finish()?;
            transactions.push(Transaction { posted_on, amount });
        }
        if transactions.is_empty() {
            return Err(fields.error("transactions", "本期账单的交易", "至少填写一笔"));
        }
        let mut repayments = Vec::new();
        for mut item in fields.list("repayments", "还款记录")? {
            let date = item.date("date", "还款日")?;
            let amount = item.money("amount", "还款金额")?;
            item.finish()?;
            repayments.push(Repayment { date, amount });
        }
        Ok(CardInput {
            daily_per_10k,
            grace_days,
            tolerance,
            transactions,
            due_date,
            next_statement,
            repayments,
        })
    }

    /// The last day a repayment counts as on time (due date + 容时).
    pub fn deadline(&self) -> NaiveDate {
        self.due_date + Duration::days(self.grace_days)
    }

    pub fn compute(&self) -> Result<CardAnswer, InputError> {
        let balance: Money = self
            .transactions
            .iter()
            .fold(Money::ZERO, |s, t| s + t.amount);
        let deadline = self.deadline();
        let repaid_by_deadline = self
            .repayments
            .iter()
            .filter(|r| r.date <= deadline)
            .fold(Money::ZERO, |s, r| s + r.amount);
        let unpaid = balance.saturating_sub(repaid_by_deadline);
        let paid_in_full = unpaid <= self.tolerance;

        let mut segments = Vec::new();
        let mut numerator: i128 = 0;
        // Interest denominator: 万分之 (10⁴) × the Dec scale.
        let den = 10_000 * DEC_ONE;
        if !paid_in_full {
            let start = self
                .transactions
                .iter()
                .map(|t| t.posted_on)
                .min()
                .expect("at least one transaction");
            // The days the balance changes, after the first posting, up to the end.
            let mut changes: Vec<NaiveDate> = self
                .transactions
                .iter()
                .map(|t| t.posted_on)
                .chain(self.repayments.iter().map(|r| r.date))
                .filter(|d| *d > start && *d <= self.next_statement)
                .collect();
            sort_by_date(&mut changes, |d| *d);
            changes.dedup();
            let mut from = start;
            let ends = changes
                .iter()
                .map(|d| d.pred_opt().expect("in range"))
                .chain(std::iter::once(self.next_statement));
            for to in ends {
                if to < from {
                    continue;
                }
                let bal = self.balance_on(from);
                if bal > Money::ZERO {
                    let days = days_between(from, to) + 1;
                    let n = bal.fen() * self.daily_per_10k.mantissa() * days as i128;
                    numerator += n;
                    segments.push(Segment {
                        from,
                        to,
                        days,
                        balance: bal,
                        interest: Money::from_fen(div_round_half_up(n, den)),
                    });
                }
                from = to.succ_opt().expect("in range");
            }
        }
        let interest = Money::from_fen(div_round_half_up(numerator, den));
        let ignored_repayments = self
            .repayments
            .iter()
            .filter(|r| r.date > self.next_statement)
            .count();
        let mut answer = CardAnswer {
            input: self.clone(),
            balance,
            deadline,
            repaid_by_deadline,
            unpaid,
            paid_in_full,
            interest,
            segments,
            notes: Vec::new(),
        };
        answer.notes = answer.make_notes(ignored_repayments);
        Ok(answer)
    }

    /// The balance interest runs on during `day`: transactions posted on or before it less
    /// repayments made on or before it, never below zero.
    fn balance_on(&self, day: NaiveDate) -> Money {
        let posted: i128 = self
            .transactions
            .iter()
            .filter(|t| t.posted_on <= day)
            .map(|t| t.amount.fen())
            .sum();
        let repaid: i128 = self
            .repayments
            .iter()
            .filter(|r| r.date <= day)
            .map(|r| r.amount.fen())
            .sum();
        Money::from_fen((posted - repaid).max(0))
    }
}

/// A period with one balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    pub from: NaiveDate,
    /// Inclusive.
    pub to: NaiveDate,
    pub days: i64,
    pub balance: Money,
    /// Rounded for display; the total is rounded once from the exact sum.
    pub interest: Money,
}

/// The answer.
#[derive(Debug, Clone, PartialEq)]
pub struct CardAnswer {
    pub input: CardInput,
    /// The statement balance (sum of the transactions).
    pub balance: Money,
    /// Due date + 容时.
    pub deadline: NaiveDate,
    pub repaid_by_deadline: Money,
    /// What was still unpaid after the deadline.
    pub unpaid: Money,
    pub paid_in_full: bool,
    pub interest: Money,
    pub segments: Vec<Segment>,
    pub notes: Vec<Note>,
}

const CITE_111: &str = "《中国人民银行关于信用卡业务有关事项的通知》（银发〔2016〕111号）";
const CITE_PRACTICE: &str = "行业惯例（未核实到正式文件原文），以发卡行规定为准";

impl CardAnswer {
    fn make_notes(&self, ignored_repayments: usize) -> Vec<Note> {
        let i = &self.input;
        let mut notes = Vec::new();
        if self.paid_in_full {
            notes.push(Note::new(
                format!(
                    "本期应还 {} 元，到{}（到期还款日加 {} 天容时）共还 {} 元，未还 {} 元，不超过容差 {} 元，视同全额还款，享受免息期，不计利息。未还的零头是否转入下期，以发卡行规定为准。",
                    self.balance.grouped(),
                    format_date_zh(self.deadline),
                    i.grace_days,
                    self.repaid_by_deadline.grouped(),
                    self.unpaid.grouped(),
                    i.tolerance.grouped()
                ),
                CITE_PRACTICE,
            ));
        } else {
            notes.push(Note::new(
                format!(
                    "本期应还 {} 元，到{}（到期还款日加 {} 天容时）只还了 {} 元，未还 {} 元超过容差 {} 元，不能享受免息期：每笔交易从记账日起计息，还款前按全额、还款后按剩余欠款计息，算到下一个账单日{}（含）。这是发卡行公布的通行计息方式（如招商银行的示例），以您的领用合约为准。",
                    self.balance.grouped(),
                    format_date_zh(self.deadline),
                    i.grace_days,
                    self.repaid_by_deadline.grouped(),
                    self.unpaid.grouped(),
                    i.tolerance.grouped(),
                    format_date_zh(i.next_statement)
                ),
                "发卡行信用卡领用合约（如招商银行公布的计息规则）",
            ));
            notes.push(Note::new(
                "下一个账单日之后，没有还清的部分还会继续计息，本计算只算到下一个账单日（含）。每段利息四舍五入仅供显示，合计按未经舍入的总数一次四舍五入到分。",
                "发卡行信用卡领用合约",
            ));
        }
        notes.push(Note::new(
            format!(
                "日利率按万分之{}（每天 {}%）计算。自2021年1月1日起，信用卡透支利率由发卡机构与持卡人自主协商确定，不再设上下限；万分之五是常见利率，具体以您的合同为准。",
                i.daily_per_10k.format(0),
                i.daily_per_10k.div_int(100).format(2)
            ),
            "信用卡透支利率市场化（2021年1月1日起）；此前上限为日利率万分之五（银发〔2016〕111号）",
        ));
        notes.push(Note::new(
            "违约金和年费、取现手续费、货币兑换费等服务费用不得计收利息，所以这里只对交易金额计息；如果账单里有这些费用，不要把它们填作交易。是否收取违约金由发卡行与持卡人约定。",
            CITE_111,
        ));
        notes.push(Note::new(
            format!(
                "容时（到期后 {} 天内还款视同按时）和容差（未还部分不超过 {} 元视同全额还款）是行业通行做法，本站尚未核实到正式文件原文，具体天数和金额以发卡行规定为准。",
                i.grace_days,
                i.tolerance.grouped()
            ),
            CITE_PRACTICE,
        ));
        if ignored_repayments > 0 {
            notes.push(Note::new(
                format!(
                    "有 {ignored_repayments} 笔还款在下一个账单日之后，不影响本期的利息，未计入。"
                ),
                "发卡行信用卡领用合约",
            ));
        }
        notes.push(Note::new(
            "如果银行起诉，持卡人认为银行主张的利息、违约金等总额过高的，可以请求法院适当减少。",
            "《最高人民法院关于审理银行卡民事纠纷案件若干问题的规定》第2条",
        ));
        notes
    }

    pub fn to_value(&self) -> Value {
        let segments = self
            .segments
            .iter()
            .map(|s| {
                Value::map([
                    ("from", Value::date(s.from)),
                    ("to", Value::date(s.to)),
                    ("days", Value::Number(s.days.to_string())),
                    ("balance", Value::str(s.balance.to_string())),
                    ("interest", Value::str(s.interest.to_string())),
                ])
            })
            .collect();
        Value::map([
            ("interest", Value::str(self.interest.to_string())),
            ("paid_in_full", Value::Bool(self.paid_in_full)),
            ("segments", Value::List(segments)),
            ("statement_balance", Value::str(self.balance.to_string())),
            ("deadline", Value::date(self.deadline)),
            (
                "repaid_by_deadline",
                Value::str(self.repaid_by_deadline.to_string()),
            ),
            ("unpaid", Value::str(self.unpaid.to_string())),
            ("notes", crate::report::notes_value(&self.notes)),
            ("warnings", Value::List(Vec::new())),
        ])
    }

    pub fn report(&self) -> Report {
        let figures = vec![
            Figure::new("本期应还", format!("{} 元", self.balance.grouped()), ""),
            Figure::new(
                "到期（含容时）前已还",
                format!(
                    "{} 元（截至{}）",
                    self.repaid_by_deadline.grouped(),
                    format_date_zh(self.deadline)
                ),
                CITE_PRACTICE,
            ),
            Figure::new(
                "是否视同全额还款",
                if self.paid_in_full { "是" } else { "否" },
                CITE_PRACTICE,
            ),
            Figure::new(
                "利息",
                format!("{} 元", self.interest.grouped()),
                "发卡行信用卡领用合约；费用不计息：银发〔2016〕111号",
            ),
        ];
        let table = (!self.segments.is_empty()).then(|| {
            Table::new(
                "分段计息",
                &["起", "止（含）", "天数", "计息金额（元）", "利息（元）"],
                self.segments
                    .iter()
                    .map(|s| segment_row(s.from, s.to, s.days, s.balance, s.interest))
                    .collect(),
            )
        });
        let sentence = if self.paid_in_full {
            format!(
                "到期（含容时）前已还够本期应还，视同全额还款；本期利息 {} 元。",
                self.interest.grouped()
            )
        } else {
            format!(
                "到期（含容时）前没有还够本期应还的 {} 元，不能免息；本期利息 {} 元。",
                self.balance.grouped(),
                self.interest.grouped()
            )
        };
        Report::new(crate::Kind::Card, figures, table, &self.notes, &[])
            .with_headline("利息", sentence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::parse_date;
    use crate::Answer;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    fn input(tx: &[(&str, &str)], due: &str, next: &str, rep: &[(&str, &str)]) -> CardInput {
        CardInput {
            daily_per_10k: Dec::from_int(5),
            grace_days: 3,
            tolerance: Money::from_yuan(10),
            transactions: tx
                .iter()
                .map(|(p, a)| Transaction {
                    posted_on: d(p),
                    amount: m(a),
                })
                .collect(),
            due_date: d(due),
            next_statement: d(next),
            repayments: rep
                .iter()
                .map(|(p, a)| Repayment {
                    date: d(p),
                    amount: m(a),
                })
                .collect(),
        }
    }

    fn pair(a: &str, b: &str, x: &str, y: &str) -> Value {
        Value::map([(a, Value::str(x)), (b, Value::str(y))])
    }

    #[test]
    fn cmb_example_through_the_interface() {
        let v = Value::map([
            ("kind", Value::str("card")),
            ("daily_per_10k", Value::str("5")),
            ("grace_days", Value::Number("3".into())),
            ("tolerance", Value::str("10")),
            (
                "transactions",
                Value::List(vec![pair("posted_on", "amount", "2025-03-30", "1000")]),
            ),
            ("due_date", Value::str("2025-04-23")),
            ("next_statement", Value::str("2025-05-05")),
            (
                "repayments",
                Value::List(vec![pair("date", "amount", "2025-04-23", "100")]),
            ),
        ]);
        let Answer::Card(a) = crate::compute(&v, crate::Data::builtin()).unwrap() else {
            panic!("not a card answer")
        };
        let out = a.to_value();
        assert_eq!(out.get("interest"), Some(&Value::str("17.85")));
        assert_eq!(out.get("paid_in_full"), Some(&Value::Bool(false)));
        let Some(Value::List(segs)) = out.get("segments") else {
            panic!("no segments")
        };
        assert_eq!(segs.len(), 2);
        assert_eq!(segs[0].get("from"), Some(&Value::str("2025-03-30")));
        assert_eq!(segs[0].get("to"), Some(&Value::str("2025-04-22")));
        assert_eq!(segs[0].get("days"), Some(&Value::Number("24".into())));
        assert_eq!(segs[0].get("interest"), Some(&Value::str("12.00")));
        assert_eq!(segs[1].get("balance"), Some(&Value::str("900.00")));
        assert_eq!(segs[1].get("days"), Some(&Value::Number("13".into())));
        assert_eq!(segs[1].get("interest"), Some(&Value::str("5.85")));
        assert!(a.notes.iter().any(|n| n.cite.contains("111号")));
        assert!(a.notes.iter().all(|n| !n.cite.is_empty()));
        assert_eq!(a.report().table.unwrap().rows.len(), 2);
    }

    #[test]
    fn defaults_and_unknown_fields_in_list_items() {
        let base = |rep: Value| {
            Value::map([
                ("kind", Value::str("card")),
                (
                    "transactions",
                    Value::List(vec![pair("posted_on", "amount", "2025-03-30", "1000")]),
                ),
                ("due_date", Value::str("2025-04-23")),
                ("next_statement", Value::str("2025-05-05")),
                ("repayments", rep),
            ])
        };
        let Answer::Card(a) = crate::compute(
            &base(Value::List(vec![pair(
                "date",
                "amount",
                "2025-04-23",
                "100",
            )])),
            crate::Data::builtin(),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(a.interest.to_string(), "17.85");
        let e = crate::compute(
            &base(Value::List(vec![pair(
                "date",
                "amout",
                "2025-04-23",
                "100",
            )])),
            crate::Data::builtin(),
        )
        .unwrap_err();
        assert_eq!(e.field, "repayments[0].amount");
        let bad_item = Value::map([
            ("date", Value::str("2025-04-23")),
            ("amount", Value::str("100")),
            ("note", Value::str("x")),
        ]);
        let e =
            crate::compute(&base(Value::List(vec![bad_item])), crate::Data::builtin()).unwrap_err();
        assert_eq!(e.field, "repayments[0].note");
    }

    #[test]
    fn bad_dates_are_named() {
        let v = Value::map([
            ("kind", Value::str("card")),
            (
                "transactions",
                Value::List(vec![pair("posted_on", "amount", "2025-04-30", "1000")]),
            ),
            ("due_date", Value::str("2025-04-23")),
            ("next_statement", Value::str("2025-05-05")),
        ]);
        assert_eq!(
            crate::compute(&v, crate::Data::builtin())
                .unwrap_err()
                .field,
            "transactions[0].posted_on"
        );
        let v = Value::map([
            ("kind", Value::str("card")),
            ("due_date", Value::str("2025-04-23")),
            ("next_statement", Value::str("2025-05-05")),
        ]);
        assert_eq!(
            crate::compute(&v, crate::Data::builtin())
                .unwrap_err()
                .field,
            "transactions"
        );
        let v = Value::map([
            ("kind", Value::str("card")),
            ("due_date", Value::str("2025-04-23")),
            ("next_statement", Value::str("2025-04-01")),
        ]);
        assert_eq!(
            crate::compute(&v, crate::Data::builtin())
                .unwrap_err()
                .field,
            "next_statement"
        );
    }

    #[test]
    fn full_repayment_within_grace_and_tolerance() {
        // Paid on the last 容时 day: on time.
        let a = input(
            &[("2025-03-30", "1000")],
            "2025-04-23",
            "2025-05-05",
            &[("2025-04-26", "1000")],
        )
        .compute()
        .unwrap();
        assert!(a.paid_in_full);
        assert_eq!(a.interest, Money::ZERO);
        assert!(a.segments.is_empty());
        // One day late: interest on everything.
        let a = input(
            &[("2025-03-30", "1000")],
            "2025-04-23",
            "2025-05-05",
            &[("2025-04-27", "1000")],
        )
        .compute()
        .unwrap();
        assert!(!a.paid_in_full);
        // 1000 × 0.05% × 28 days (3-30..4-26).
        assert_eq!(a.interest.to_string(), "14.00");
        // Remainder exactly 10.00: full; 10.01: not.
        let a = input(
            &[("2025-03-30", "1000")],
            "2025-04-23",
            "2025-05-05",
            &[("2025-04-20", "990")],
        )
        .compute()
        .unwrap();
        assert!(a.paid_in_full);
        let a = input(
            &[("2025-03-30", "1000")],
            "2025-04-23",
            "2025-05-05",
            &[("2025-04-20", "989.99")],
        )
        .compute()
        .unwrap();
        assert!(!a.paid_in_full);
        // 1000 × 21 days (3-30..4-19) + 10.01 × 16 days (4-20..5-5), × 0.05%.
        // = 10.5 + 0.08008 = 10.58008 → 10.58
        assert_eq!(a.interest.to_string(), "10.58");
    }

    #[test]
    fn several_transactions_and_repayments_in_date_order() {
        let a = input(
            &[("2025-03-10", "500"), ("2025-03-30", "1000")],
            "2025-04-23",
            "2025-05-05",
            &[("2025-04-23", "100"), ("2025-04-01", "200")],
        )
        .compute()
        .unwrap();
        // 3-10..3-29: 500 × 20; 3-30..3-31: 1500 × 2; 4-01..4-22: 1300 × 22;
        // 4-23..5-05: 1200 × 13.  Sum of balance×days = 10000+3000+28600+15600 = 57200,
        // × 0.0005 = 28.60.
        assert_eq!(a.interest.to_string(), "28.60");
        let days: Vec<i64> = a.segments.iter().map(|s| s.days).collect();
        assert_eq!(days, vec![20, 2, 22, 13]);
    }

    #[test]
    fn repayment_larger_than_the_balance() {
        let a = input(
            &[("2025-03-30", "1000")],
            "2025-04-23",
            "2025-05-05",
            &[("2025-04-28", "5000")],
        )
        .compute()
        .unwrap();
        // Late, so interest for 3-30..4-27 (29 days) on 1000; nothing after.
        assert_eq!(a.interest.to_string(), "14.50");
        assert_eq!(a.segments.len(), 1);
        assert_eq!(a.unpaid, Money::from_yuan(1000));
    }

    #[test]
    fn a_repayment_before_a_later_posting_is_a_credit() {
        let a = input(
            &[("2025-03-01", "100"), ("2025-03-20", "100")],
            "2025-04-10",
            "2025-04-20",
            &[("2025-03-10", "150")],
        )
        .compute()
        .unwrap();
        // 3-01..3-09: 100 × 9; 3-10..3-19: 0 (credit 50); 3-20..4-20: 50 × 32.
        // (900 + 1600) × 0.0005 = 1.25
        assert_eq!(a.interest.to_string(), "1.25");
        assert!(!a.paid_in_full);
    }

    proptest! {
        #[test]
        fn interest_is_never_negative_and_grows_with_the_period(
            txs in proptest::collection::vec((0i64..30, 0i128..500_000), 1..4),
            reps in proptest::collection::vec((0i64..80, 0i128..500_000), 0..4),
            extra in 0i64..40,
            rate in 0i128..100,
        ) {
            let base = d("2025-03-01");
            let mut inp = input(&[], "2025-04-10", "2025-04-20", &[]);
            inp.daily_per_10k = Dec::from_parts(rate, 1);
            inp.transactions = txs.iter().map(|(o, a)| Transaction {
                posted_on: base + Duration::days(*o),
                amount: Money::from_fen(*a),
            }).collect();
            inp.repayments = reps.iter().map(|(o, a)| Repayment {
                date: base + Duration::days(*o),
                amount: Money::from_fen(*a),
            }).collect();
            let a = inp.compute().unwrap();
            prop_assert!(a.interest >= Money::ZERO);
            let mut later = inp.clone();
            later.next_statement = inp.next_statement + Duration::days(extra);
            let b = later.compute().unwrap();
            prop_assert!(b.interest >= a.interest);
            if a.paid_in_full {
                prop_assert_eq!(a.interest, Money::ZERO);
            }
        }
    }
}
