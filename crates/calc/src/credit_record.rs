//! 征信不良记录 (`kind: "credit_record"`, CALCULATOR.md §4): when a negative credit
//! record of an overdue debt is deleted, whether it is shown on a given day, and whether
//! the 2025-12-22 one-time credit repair (一次性信用修复) hides it earlier.
//!
//! - 《征信业管理条例》第16条: kept 5 years from the day the bad behaviour ends — for an
//!   overdue debt, the day it is fully repaid (`settled_on`); the period is counted under
//!   民法典 第201–202条 ([`period_end_years`]): repaid 2026-01-15 → kept through 2031-01-15,
//!   deleted from 2031-01-16.
//! - Not yet repaid (`settled_on` absent, or later than `today`): the 5 years have not
//!   started; `kept_through`/`deleted_from` are then null (or computed from the planned
//!   repayment date when it is in the future), and `if_repaid_today_kept_through` /
//!   `if_repaid_today_deleted_from` show what repaying on `today` would give.
//! - One-time repair: overdue information arising 2020-01-01..=2025-12-31, single amount ≤
//!   10,000.00 yuan, fully repaid on or before 2026-03-31. Repaid on or before 2025-11-30 →
//!   not shown from 2026-01-01; repaid 2025-12-01..=2026-03-31 → not shown by the last day
//!   of the month after the repayment month (`hidden_from`, the latest such date). Every
//!   failing condition is named in `reason`.
//! - `shown_today`: false once `today` reaches `deleted_from`, or reaches `hidden_from`
//!   under the one-time repair; true otherwise (including before `hidden_from`, when it
//!   may already be hidden — a note says so).

use crate::date::{format_date_zh, next_day, period_end_years};
use crate::num::Money;
use crate::report::{FieldSpec, Figure, InputKind, Note, Report};
use crate::value::{Fields, InputError, Value};
use chrono::{Datelike, NaiveDate};

pub const FORM: &[FieldSpec] = &[
    FieldSpec {
        name: "overdue_on",
        label: "逾期发生日",
        help: "第一次没按时还款、开始逾期的日期。",
        input: InputKind::Date,
        default: "",
    },
    FieldSpec {
        name: "amount",
        label: "逾期金额（元）",
        help: "这一笔逾期的金额。",
        input: InputKind::Money,
        default: "",
    },
    FieldSpec {
        name: "settled_on",
        label: "还清日期",
        help: "把这笔逾期欠款全部还清的日期；还没还清就不填。",
        input: InputKind::Date,
        default: "",
    },
    FieldSpec {
        name: "today",
        label: "查询日期",
        help: "看这一天征信报告上是否还显示，默认今天。",
        input: InputKind::Date,
        default: "today",
    },
];

/// The years negative information is kept (《征信业管理条例》第16条).
pub const KEPT_YEARS: i32 = 5;

/// The one-time repair's conditions (2025-12-22 notice).
pub mod repair {
    use crate::num::Money;
    use chrono::NaiveDate;

    pub fn arising_from() -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 1, 1).unwrap()
    }
    pub fn arising_to() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 12, 31).unwrap()
    }
    pub fn repaid_by() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()
    }
    /// Repaid on or before this day: not shown from [`early_hidden_from`].
    pub fn early_repaid_by() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 11, 30).unwrap()
    }
    pub fn early_hidden_from() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
    }
    /// The largest single amount: 10,000.00 yuan (inclusive).
    pub fn max_amount() -> Money {
        Money::from_yuan(10_000)
    }
}

/// A checked credit-record request.
#[derive(Debug, Clone, PartialEq)]
pub struct CreditRecordInput {
    pub overdue_on: NaiveDate,
    pub amount: Money,
    /// The day the overdue debt was (or will be) fully repaid; `None`: not repaid.
    pub settled_on: Option<NaiveDate>,
    pub today: NaiveDate,
}

impl CreditRecordInput {
    pub fn read(fields: &mut Fields) -> Result<CreditRecordInput, InputError> {
        let overdue_on = fields.date("overdue_on", "逾期发生日")?;
        let amount = fields.money("amount", "逾期金额")?;
        let settled_on = fields.opt_date("settled_on", "还清日期")?;
        if settled_on.is_some_and(|s| s < overdue_on) {
            return Err(fields.error("settled_on", "还清日期", "不能早于逾期发生日"));
        }
        let today = fields.date("today", "查询日期")?;
        Ok(CreditRecordInput {
            overdue_on,
            amount,
            settled_on,
            today,
        })
    }

    pub fn compute(&self) -> Result<CreditRecordAnswer, InputError> {
        if self.settled_on.is_some_and(|s| s < self.overdue_on) {
            return Err(InputError::new(
                "settled_on",
                "“还清日期”不能早于“逾期发生日”",
            ));
        }
        let today = self.today;
        let repaid = self.settled_on.is_some_and(|s| s <= today);
        let kept_through = self.settled_on.map(|s| period_end_years(s, KEPT_YEARS));
        let deleted_from = kept_through.map(next_day);
        let (if_today_kept, if_today_deleted) = if repaid {
            (None, None)
        } else {
            let k = period_end_years(today, KEPT_YEARS);
            (Some(k), Some(next_day(k)))
        };
        let repair = OneTimeRepair::assess(self.overdue_on, self.amount, self.settled_on, today);
        let shown_today = if !repaid {
            true
        } else if deleted_from.is_some_and(|d| today >= d) {
            false
        } else {
            !(repair.eligible && repair.hidden_from.is_some_and(|h| today >= h))
        };
        let mut answer = CreditRecordAnswer {
            input: self.clone(),
            repaid,
            kept_through,
            deleted_from,
            if_repaid_today_kept_through: if_today_kept,
            if_repaid_today_deleted_from: if_today_deleted,
            shown_today,
            one_time_repair: repair,
            notes: Vec::new(),
        };
        answer.notes = answer.make_notes();
        Ok(answer)
    }
}

/// The last day of the month after `d`'s month.
fn end_of_next_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() >= 11 {
        (d.year() + 1, d.month() - 10)
    } else {
        (d.year(), d.month() + 2)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .expect("first of a month")
        .pred_opt()
        .expect("in range")
}

/// The one-time credit repair result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneTimeRepair {
    pub eligible: bool,
    /// The latest date from which the record is not shown, when eligible.
    pub hidden_from: Option<NaiveDate>,
    /// Why (not) eligible, naming every failing condition.
    pub reason: String,
    /// When not yet repaid but otherwise eligible and 2026-03-31 has not passed: the
    /// `hidden_from` that repaying on `today` would give.
    pub if_repaid_today_hidden_from: Option<NaiveDate>,
}

impl OneTimeRepair {
    fn hidden_from_for(settled: NaiveDate) -> NaiveDate {
        if settled <= repair::early_repaid_by() {
            repair::early_hidden_from()
        } else {
            end_of_next_month(settled)
        }
    }

    pub fn assess(
        overdue_on: NaiveDate,
        amount: Money,
        settled_on: Option<NaiveDate>,
        today: NaiveDate,
    ) -> OneTimeRepair {
        let mut failing: Vec<String> = Vec::new();
        if overdue_on < repair::arising_from() || overdue_on > repair::arising_to() {
            failing.push(format!(
                "逾期发生在{}，不在2020年1月1日至2025年12月31日期间",
                format_date_zh(overdue_on)
            ));
        }
        if amount > repair::max_amount() {
            failing.push(format!("金额 {} 元超过单笔 10,000 元", amount.grouped()));
        }
        let other_conditions_hold = failing.is_empty();
        let mut if_today = None;
        match settled_on {
            None => {
                if today <= repair::repaid_by() {
                    failing.push("尚未还清：须在2026年3月31日（含）前足额还清".to_string());
                    if other_conditions_hold {
                        if_today = Some(Self::hidden_from_for(today.max(overdue_on)));
                    }
                } else {
                    failing.push("没有在2026年3月31日（含）前足额还清".to_string());
                }
            }
            Some(s) if s > repair::repaid_by() => {
                failing.push(format!("还清日期{}晚于2026年3月31日", format_date_zh(s)))
            }
            Some(_) => {}
        }
        if failing.is_empty() {
            let settled = settled_on.expect("eligible means repaid");
            let hidden = Self::hidden_from_for(settled);
            let reason = if settled <= repair::early_repaid_by() {
                format!(
                    "符合条件：逾期发生在2020年1月1日至2025年12月31日期间，单笔不超过 10,000 元，并于2025年11月30日（含）前还清，自{}起不予展示",
                    format_date_zh(hidden)
                )
            } else {
                format!(
                    "符合条件：逾期发生在2020年1月1日至2025年12月31日期间，单笔不超过 10,000 元，并于2026年3月31日（含）前还清，最迟于还款次月底（{}）起不予展示",
                    format_date_zh(hidden)
                )
            };
            OneTimeRepair {
                eligible: true,
                hidden_from: Some(hidden),
                reason,
                if_repaid_today_hidden_from: None,
            }
        } else {
            OneTimeRepair {
                eligible: false,
                hidden_from: None,
                reason: format!(
                    "{}：{}",
                    if if_today.is_some() {
                        "暂不符合条件"
                    } else {
                        "不符合条件"
                    },
                    failing.join("；")
                ),
                if_repaid_today_hidden_from: if_today,
            }
        }
    }

    fn to_value(&self) -> Value {
        Value::map([
            ("eligible", Value::Bool(self.eligible)),
            ("hidden_from", date_or_null(self.hidden_from)),
            ("reason", Value::str(self.reason.clone())),
            (
                "if_repaid_today_hidden_from",
                date_or_null(self.if_repaid_today_hidden_from),
            ),
        ])
    }
}

fn date_or_null(d: Option<NaiveDate>) -> Value {
    d.map_or(Value::Null, Value::date)
}

/// The answer.
#[derive(Debug, Clone, PartialEq)]
pub struct CreditRecordAnswer {
    pub input: CreditRecordInput,
    /// Repaid on or before `today`.
    pub repaid: bool,
    /// From `settled_on` (even a planned future one); `None` when not given.
    pub kept_through: Option<NaiveDate>,
    pub deleted_from: Option<NaiveDate>,
    /// When not repaid by `today`: what repaying on `today` would give.
    pub if_repaid_today_kept_through: Option<NaiveDate>,
    pub if_repaid_today_deleted_from: Option<NaiveDate>,
    pub shown_today: bool,
    pub one_time_repair: OneTimeRepair,
    pub notes: Vec<Note>,
}

const CITE_REG_16: &str = "《征信业管理条例》第16条";
const CITE_REPAIR: &str =
    "《中国人民银行关于实施一次性信用修复政策有关安排的通知》（2025年12月22日）";

impl CreditRecordAnswer {
    fn make_notes(&self) -> Vec<Note> {
        let i = &self.input;
        let mut notes = Vec::new();
        match (i.settled_on, self.kept_through, self.deleted_from) {
            (Some(s), Some(k), Some(del)) => {
                notes.push(Note::new(
                    format!(
                        "不良信息自不良行为终止之日起保存5年，逾期欠款从还清之日算起（人民银行的公开解释：自还清欠款算起保存五年）。还清日{}当天不计入，5年期满之日为{}，期满后应当删除，{}起不再保存。",
                        format_date_zh(s),
                        format_date_zh(k),
                        format_date_zh(del)
                    ),
                    format!("{CITE_REG_16}；《民法典》第201条、第202条"),
                ));
                if s.month() == 2 && s.day() == 29 {
                    notes.push(Note::new(
                        format!(
                            "5年后的{}年没有2月29日，以该月最后一天（2月28日）为期间的最后一日。",
                            k.year()
                        ),
                        "《民法典》第202条",
                    ));
                }
                if !self.repaid {
                    notes.push(Note::new(
                        format!(
                            "您填写的还清日期{}晚于查询日期{}，以上按计划还款日计算；在真正还清之前，5年保存期还没有开始。",
                            format_date_zh(s),
                            format_date_zh(i.today)
                        ),
                        CITE_REG_16,
                    ));
                }
            }
            _ => {
                if let (Some(k), Some(del)) = (
                    self.if_repaid_today_kept_through,
                    self.if_repaid_today_deleted_from,
                ) {
                    notes.push(Note::new(
                        format!(
                            "尚未还清：5年保存期从还清之日才开始计算，现在还没有开始。如果在{}还清，将保存到{}，{}起删除；晚还一天，删除也晚一天。",
                            format_date_zh(i.today),
                            format_date_zh(k),
                            format_date_zh(del)
                        ),
                        format!("{CITE_REG_16}；《民法典》第201条、第202条"),
                    ));
                }
            }
        }
        let r = &self.one_time_repair;
        if r.eligible {
            notes.push(Note::new(
                format!(
                    "一次性信用修复：{}。“不予展示”指信用报告中不再展示这条逾期信息，由征信系统自动处理，无需申请；到期后仍在展示的，可以向征信中心申请，30日内办理。",
                    r.reason
                ),
                CITE_REPAIR,
            ));
            if let Some(h) = r.hidden_from {
                if self.shown_today && i.today < h && self.repaid {
                    notes.push(Note::new(
                        format!(
                            "查询日期在{}之前：这条记录可能已经不再展示，最迟{}起不再展示。",
                            format_date_zh(h),
                            format_date_zh(h)
                        ),
                        CITE_REPAIR,
                    ));
                }
            }
        } else {
            let mut text = format!("一次性信用修复：{}。", r.reason);
            if let Some(h) = r.if_repaid_today_hidden_from {
                text.push_str(&format!(
                    "如果在{}足额还清，最迟{}起不再展示。",
                    format_date_zh(i.today),
                    format_date_zh(h)
                ));
            }
            notes.push(Note::new(text, CITE_REPAIR));
        }
        notes.push(Note::new(
            "“单笔金额不超过1万元”是否包括利息、罚息和各项费用，通知没有说明，目前尚无定论；本计算按您填写的金额判断。金额接近1万元时，请向放贷机构或征信中心确认。",
            CITE_REPAIR,
        ));
        notes.push(Note::new(
            "在不良信息保存期间，您可以对这条记录作出说明（例如逾期的原因），征信机构应当记载。",
            CITE_REG_16,
        ));
        notes.push(Note::new(
            "放贷机构向征信机构报送您的不良信息前，应当事先告知您本人（依照法律、行政法规公开的不良信息除外）。",
            "《征信业管理条例》第15条",
        ));
        notes.push(Note::new(
            "如果认为征信报告中的这条记录有错误，可以向征信机构提出异议，征信机构应当在20日内核查并答复。",
            "《征信业管理条例》第25条",
        ));
        notes
    }

    pub fn to_value(&self) -> Value {
        Value::map([
            ("kept_through", date_or_null(self.kept_through)),
            ("deleted_from", date_or_null(self.deleted_from)),
            ("shown_today", Value::Bool(self.shown_today)),
            ("one_time_repair", self.one_time_repair.to_value()),
            ("repaid", Value::Bool(self.repaid)),
            (
                "if_repaid_today_kept_through",
                date_or_null(self.if_repaid_today_kept_through),
            ),
            (
                "if_repaid_today_deleted_from",
                date_or_null(self.if_repaid_today_deleted_from),
            ),
            ("notes", crate::report::notes_value(&self.notes)),
            ("warnings", Value::List(Vec::new())),
        ])
    }

    pub fn report(&self) -> Report {
        let basis = format!("{CITE_REG_16}；《民法典》第201条、第202条");
        let mut figures = Vec::new();
        match (self.kept_through, self.deleted_from) {
            (Some(k), Some(d)) => {
                figures.push(Figure::new("保存到", format_date_zh(k), basis.clone()));
                figures.push(Figure::new(
                    "删除日期",
                    format!("{}起", format_date_zh(d)),
                    basis.clone(),
                ));
            }
            _ => {
                figures.push(Figure::new(
                    "保存期",
                    "尚未开始（还清之日起算5年）",
                    CITE_REG_16,
                ));
            }
        }
        if let (Some(k), Some(d)) = (
            self.if_repaid_today_kept_through,
            self.if_repaid_today_deleted_from,
        ) {
            figures.push(Figure::new(
                format!("如果{}还清", format_date_zh(self.input.today)),
                format!("保存到{}，{}起删除", format_date_zh(k), format_date_zh(d)),
                basis.clone(),
            ));
        }
        figures.push(Figure::new(
            format!("{}是否仍展示", format_date_zh(self.input.today)),
            if self.shown_today {
                "仍展示"
            } else {
                "不再展示"
            },
            format!("{CITE_REG_16}；{CITE_REPAIR}"),
        ));
        let r = &self.one_time_repair;
        figures.push(Figure::new(
            "一次性信用修复",
            match r.hidden_from {
                Some(h) if r.eligible => format!("符合，最迟{}起不再展示", format_date_zh(h)),
                _ if r.if_repaid_today_hidden_from.is_some() => {
                    "暂不符合（2026年3月31日前足额还清可适用）".to_string()
                }
                _ => "不符合".to_string(),
            },
            CITE_REPAIR,
        ));
        let today = format_date_zh(self.input.today);
        let shown = if self.shown_today {
            "仍在展示"
        } else {
            "已不应再展示"
        };
        let (label, sentence) = match self.deleted_from {
            Some(d) => (
                "删除日期",
                format!(
                    "这条不良记录{}起应当删除；到{today}它{shown}。",
                    format_date_zh(d)
                ),
            ),
            None => (
                "保存期",
                match self.if_repaid_today_deleted_from {
                    Some(d) => format!(
                        "欠款还清之前，5年保存期还没有开始；如果{today}还清，{}起应当删除。",
                        format_date_zh(d)
                    ),
                    None => "欠款还清之前，5年保存期还没有开始。".to_string(),
                },
            ),
        };
        Report::new(crate::Kind::CreditRecord, figures, None, &self.notes, &[])
            .with_headline(label, sentence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::parse_date;
    use crate::Answer;
    use chrono::Months;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn run(overdue: &str, amount: &str, settled: Option<&str>, today: &str) -> CreditRecordAnswer {
        CreditRecordInput {
            overdue_on: d(overdue),
            amount: Money::parse(amount).unwrap(),
            settled_on: settled.map(d),
            today: d(today),
        }
        .compute()
        .unwrap()
    }

    #[test]
    fn calculator_md_example_through_the_interface() {
        let v = Value::map([
            ("kind", Value::str("credit_record")),
            ("overdue_on", Value::str("2023-05-10")),
            ("amount", Value::str("3000")),
            ("settled_on", Value::str("2026-01-15")),
            ("today", Value::str("2026-11-26")),
        ]);
        let Answer::CreditRecord(a) = crate::compute(&v, crate::Data::builtin()).unwrap() else {
            panic!("not a credit-record answer")
        };
        let out = a.to_value();
        assert_eq!(out.get("kept_through"), Some(&Value::str("2031-01-15")));
        assert_eq!(out.get("deleted_from"), Some(&Value::str("2031-01-16")));
        assert_eq!(out.get("shown_today"), Some(&Value::Bool(false)));
        let repair = out.get("one_time_repair").unwrap();
        assert_eq!(repair.get("eligible"), Some(&Value::Bool(true)));
        assert_eq!(repair.get("hidden_from"), Some(&Value::str("2026-02-28")));
        assert!(a.notes.iter().any(|n| n.cite.contains("第15条")));
        assert!(a.notes.iter().any(|n| n.cite.contains("第25条")));
        assert!(a.notes.iter().any(|n| n.text.contains("尚无定论")));
        assert!(a.notes.iter().all(|n| !n.cite.is_empty()));
        assert!(!a.report().figures.is_empty());
    }

    #[test]
    fn today_is_required_and_settlement_not_before_the_overdue() {
        let v = Value::map([
            ("kind", Value::str("credit_record")),
            ("overdue_on", Value::str("2023-05-10")),
            ("amount", Value::str("3000")),
        ]);
        assert_eq!(
            crate::compute(&v, crate::Data::builtin())
                .unwrap_err()
                .field,
            "today"
        );
        let v = Value::map([
            ("kind", Value::str("credit_record")),
            ("overdue_on", Value::str("2023-05-10")),
            ("amount", Value::str("3000")),
            ("settled_on", Value::str("2023-05-09")),
            ("today", Value::str("2026-11-26")),
        ]);
        assert_eq!(
            crate::compute(&v, crate::Data::builtin())
                .unwrap_err()
                .field,
            "settled_on"
        );
    }

    #[test]
    fn amount_limit_is_inclusive() {
        let a = run("2023-05-10", "10000.00", Some("2026-01-15"), "2026-11-26");
        assert!(a.one_time_repair.eligible);
        let a = run("2023-05-10", "10000.01", Some("2026-01-15"), "2026-11-26");
        assert!(!a.one_time_repair.eligible);
        assert!(
            a.one_time_repair.reason.contains("10,000"),
            "{}",
            a.one_time_repair.reason
        );
        assert!(a.shown_today);
    }

    #[test]
    fn repayment_deadline_is_inclusive() {
        let a = run("2023-05-10", "3000", Some("2026-03-31"), "2026-11-26");
        assert!(a.one_time_repair.eligible);
        assert_eq!(a.one_time_repair.hidden_from, Some(d("2026-04-30")));
        let a = run("2023-05-10", "3000", Some("2026-04-01"), "2026-11-26");
        assert!(!a.one_time_repair.eligible);
        assert!(a.one_time_repair.reason.contains("晚于2026年3月31日"));
        assert_eq!(a.one_time_repair.hidden_from, None);
    }

    #[test]
    fn the_overdue_must_arise_in_2020_to_2025() {
        let a = run("2019-12-31", "3000", Some("2025-06-01"), "2026-11-26");
        assert!(!a.one_time_repair.eligible);
        assert!(a.one_time_repair.reason.contains("2019年12月31日"));
        assert!(
            run("2020-01-01", "3000", Some("2025-06-01"), "2026-11-26")
                .one_time_repair
                .eligible
        );
        assert!(
            run("2025-12-31", "3000", Some("2026-01-05"), "2026-11-26")
                .one_time_repair
                .eligible
        );
        // Two failing conditions are both named.
        let a = run("2019-12-31", "20000", Some("2026-05-01"), "2026-11-26");
        let reason = &a.one_time_repair.reason;
        assert!(reason.contains("2019年") && reason.contains("20,000") && reason.contains("晚于"));
    }

    #[test]
    fn early_and_late_repayments() {
        let a = run("2023-05-10", "3000", Some("2025-11-30"), "2025-12-31");
        assert_eq!(a.one_time_repair.hidden_from, Some(d("2026-01-01")));
        assert!(a.shown_today);
        let a = run("2023-05-10", "3000", Some("2025-11-30"), "2026-01-01");
        assert!(!a.shown_today);
        let a = run("2023-05-10", "3000", Some("2025-12-01"), "2026-11-26");
        assert_eq!(a.one_time_repair.hidden_from, Some(d("2026-01-31")));
        let a = run("2023-05-10", "3000", Some("2025-12-31"), "2026-11-26");
        assert_eq!(a.one_time_repair.hidden_from, Some(d("2026-01-31")));
        let a = run("2023-05-10", "3000", Some("2026-02-01"), "2026-11-26");
        assert_eq!(a.one_time_repair.hidden_from, Some(d("2026-03-31")));
        let a = run("2023-05-10", "3000", Some("2026-01-15"), "2026-02-27");
        assert!(a.shown_today);
        assert!(a.notes.iter().any(|n| n.text.contains("可能已经不再展示")));
    }

    #[test]
    fn five_years_and_the_leap_day() {
        let a = run("2018-01-10", "50000", Some("2024-02-29"), "2029-02-28");
        assert_eq!(a.kept_through, Some(d("2029-02-28")));
        assert_eq!(a.deleted_from, Some(d("2029-03-01")));
        assert!(a.shown_today);
        assert!(a
            .notes
            .iter()
            .any(|n| n.cite.contains("第202条") && n.text.contains("2月28日")));
        let a = run("2018-01-10", "50000", Some("2024-02-29"), "2029-03-01");
        assert!(!a.shown_today);
        let a = run("2018-01-10", "50000", Some("2021-06-10"), "2026-06-10");
        assert_eq!(a.kept_through, Some(d("2026-06-10")));
        assert!(a.shown_today);
    }

    #[test]
    fn not_yet_repaid() {
        let a = run("2023-05-10", "3000", None, "2026-11-26");
        assert!(!a.repaid);
        assert!(a.shown_today);
        let out = a.to_value();
        assert_eq!(out.get("kept_through"), Some(&Value::Null));
        assert_eq!(out.get("deleted_from"), Some(&Value::Null));
        assert_eq!(
            out.get("if_repaid_today_kept_through"),
            Some(&Value::str("2031-11-26"))
        );
        assert_eq!(
            out.get("if_repaid_today_deleted_from"),
            Some(&Value::str("2031-11-27"))
        );
        assert!(!a.one_time_repair.eligible);
        assert!(a.one_time_repair.reason.contains("没有在2026年3月31日"));
        assert!(a.notes.iter().any(|n| n.text.contains("还没有开始")));
        // Before the repair deadline: repaying today would qualify.
        let a = run("2023-05-10", "3000", None, "2026-02-10");
        assert!(a.one_time_repair.reason.contains("尚未还清"));
        assert_eq!(
            a.one_time_repair.if_repaid_today_hidden_from,
            Some(d("2026-03-31"))
        );
        // A planned repayment after today: computed from it, still shown today.
        let a = run("2023-05-10", "3000", Some("2027-01-01"), "2026-11-26");
        assert!(!a.repaid && a.shown_today);
        assert_eq!(a.kept_through, Some(d("2032-01-01")));
        assert_eq!(a.if_repaid_today_kept_through, Some(d("2031-11-26")));
    }

    proptest! {
        #[test]
        fn kept_at_least_five_years(offset in 0i64..4000, late in 0i64..4000, amount in 0i128..3_000_000) {
            let overdue = d("2018-01-01") + chrono::Duration::days(offset);
            let settled = overdue + chrono::Duration::days(late);
            let a = CreditRecordInput {
                overdue_on: overdue,
                amount: Money::from_fen(amount),
                settled_on: Some(settled),
                today: settled,
            }.compute().unwrap();
            let kept = a.kept_through.unwrap();
            prop_assert!(kept >= settled.checked_add_months(Months::new(60)).unwrap());
            prop_assert!((kept - settled).num_days() >= 5 * 365);
            prop_assert_eq!(a.deleted_from.unwrap(), next_day(kept));
            prop_assert!(a.shown_today);
            if a.one_time_repair.eligible {
                prop_assert!(a.one_time_repair.hidden_from.unwrap() > settled);
            }
        }
    }
}
