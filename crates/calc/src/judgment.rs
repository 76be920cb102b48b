//! 迟延履行期间的债务利息 (`kind: "judgment"`, CALCULATOR.md §5): the 加倍部分债务利息 a
//! debtor owes for paying a judgment (调解书, 仲裁裁决) late — 民事诉讼法(2023) 第264条 and
//! 法释〔2014〕8号 — so that a reader who lost a case sees what each day of delay adds.
//!
//! - Base (第1条): the unpaid money debt the judgment set other than 一般债务利息 (`debt`).
//! - Rate: 日万分之1.75 (175 / 1,000,000 a day), fixed by 第1条.
//! - From (第2条): the day after `deadline`; for an instalment judgment (`instalments`)
//!   each instalment from the day after its own deadline. A deadline (each instalment's
//!   too) on a rest day moves to the next working day (民事诉讼法 第85条第三款), judged by
//!   the holiday calendar like the other kinds (a year without data by weekends, with a
//!   warning and its fixed-date holidays flagged); `no_performance_period: true` marks
//!   `deadline` as the day the judgment took effect, which is never moved.
//! - Until (第3条): a payment's portion runs up to and including its day; what is unpaid
//!   runs to `until` (inclusive). Days inside `suspended` (inclusive ranges) are not
//!   counted.
//! - Order (第4条): a payment first reduces the money debt, earliest instalment first;
//!   what is left of it goes to the 加倍部分 accrued up to and including its day; what is
//!   left after that is reported as overpaid.
//!
//! Readings: interest runs on day `d` on the overdue unpaid base — the instalments whose
//! deadline is before `d` less what payments made before `d` put toward the debt (never
//! below zero) — so a payment on the deadline day costs nothing and `days` is the number
//! of days on which interest ran (deadline 2024-03-20, unpaid until 2024-08-31: 164). A
//! payment after `until` does not count (a warning says so). The sum is exact and rounded
//! once, half up; the part paid toward the 加倍部分 is capped at the amount accrued by the
//! payment day, itself rounded once. The delay-period 一般债务利息 follows the judgment's
//! own method (第1条第二款) and is not computed here.

use crate::date::{days_between, format_date_zh, next_day, sort_by_date};
use crate::holidays::{HolidayCalendar, Unlisted};
use crate::num::{div_round_half_up, Money};
use crate::report::{segment_row, FieldSpec, Figure, InputKind, Note, Report, Table};
use crate::value::{Fields, InputError, Value};
use chrono::{Datelike, NaiveDate};

/// 日万分之1.75 as the fraction `RATE_NUM / RATE_DEN` a day.
pub const RATE_NUM: i128 = 175;
pub const RATE_DEN: i128 = 1_000_000;

const INSTALMENT_FIELDS: &[FieldSpec] = &[
    FieldSpec {
        name: "deadline",
        label: "本期履行期限最后一天",
        help: "",
        input: InputKind::Date,
        default: "",
    },
    FieldSpec {
        name: "amount",
        label: "本期金额（元）",
        help: "",
        input: InputKind::Money,
        default: "",
    },
];

const PAYMENT_FIELDS: &[FieldSpec] = &[
    FieldSpec {
        name: "date",
        label: "付款日",
        help: "",
        input: InputKind::Date,
        default: "",
    },
    FieldSpec {
        name: "amount",
        label: "金额（元）",
        help: "",
        input: InputKind::Money,
        default: "",
    },
];

const SUSPENSION_FIELDS: &[FieldSpec] = &[
    FieldSpec {
        name: "from",
        label: "中止起",
        help: "",
        input: InputKind::Date,
        default: "",
    },
    FieldSpec {
        name: "to",
        label: "中止止（含）",
        help: "",
        input: InputKind::Date,
        default: "",
    },
];

pub const FORM: &[FieldSpec] = &[
    FieldSpec {
        name: "debt",
        label: "判决确定的金钱债务（元）",
        help: "填判决（调解书、仲裁裁决）确定您要付的钱：本金、违约金、判决由您负担的诉讼费等，不要填一般债务利息（按利率计算的利息）。判决把截至某日的利息算成固定金额的，这部分是否计入，各地法院做法不一：条文只排除一般债务利息，不少法院不计入任何利息，以免利上加利；可以计入和不计入各算一次。",
        input: InputKind::Money,
        default: "",
    },
    FieldSpec {
        name: "deadline",
        label: "履行期限的最后一天",
        help: "判决写明的付款期限的最后一天，如“判决生效之日起十日内”的第十天。判决没写履行期限的，填判决生效之日。分期履行的不填这里，在下面逐期填写。",
        input: InputKind::Date,
        default: "",
    },
    FieldSpec {
        name: "no_performance_period",
        label: "判决没有写履行期限（上面填的是生效日）",
        help: "勾选：利息从生效日的次日起算，生效日不因节假日顺延。不勾选：履行期限最后一天是周末或法定节假日的，顺延到节后第一个工作日（《民事诉讼法》第85条第三款）。",
        input: InputKind::Bool,
        default: "false",
    },
    FieldSpec {
        name: "instalments",
        label: "分期履行（判决分期的才填）",
        help: "每行一期：该期期限的最后一天和金额，各期合计应等于上面的金钱债务。",
        input: InputKind::List {
            fields: INSTALMENT_FIELDS,
            rows: 3,
        },
        default: "",
    },
    FieldSpec {
        name: "payments",
        label: "已付款",
        help: "每行一笔：付款日和金额。法院划拨、提取存款的，填划拨、提取之日；拍卖、变卖或以物抵债的，填成交或抵债裁定生效之日。",
        input: InputKind::List {
            fields: PAYMENT_FIELDS,
            rows: 3,
        },
        default: "",
    },
    FieldSpec {
        name: "suspended",
        label: "不计息的中止执行期间",
        help: "不是因您申请而中止、暂缓执行的期间（含首尾两天），这些天不计加倍部分利息；没有就不填。",
        input: InputKind::List {
            fields: SUSPENSION_FIELDS,
            rows: 2,
        },
        default: "",
    },
    FieldSpec {
        name: "until",
        label: "计算到哪一天",
        help: "还清之日，或想算到的日期（含当天），默认今天。",
        input: InputKind::Date,
        default: "today",
    },
];

/// One instalment of the judgment (a single-deadline judgment is one instalment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instalment {
    pub deadline: NaiveDate,
    pub amount: Money,
}

/// A payment (or a court's deduction, or a sale) on `date`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Payment {
    pub date: NaiveDate,
    pub amount: Money,
}

/// Days `from..=to` on which no interest runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Suspension {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// A checked judgment request.
#[derive(Debug, Clone, PartialEq)]
pub struct JudgmentInput {
    pub debt: Money,
    /// The last day of the performance period; `None` when `instalments` are given.
    pub deadline: Option<NaiveDate>,
    /// `deadline` is the day the judgment took effect (no performance period): never moved.
    pub no_performance_period: bool,
    pub instalments: Vec<Instalment>,
    pub payments: Vec<Payment>,
    pub suspended: Vec<Suspension>,
    /// Inclusive.
    pub until: NaiveDate,
}

impl JudgmentInput {
    pub fn read(fields: &mut Fields) -> Result<JudgmentInput, InputError> {
        let debt = fields.money("debt", "金钱债务")?;
        let deadline = fields.opt_date("deadline", "履行期限的最后一天")?;
        let no_performance_period = fields
            .opt_bool("no_performance_period", "判决没有写履行期限")?
            .unwrap_or(false);
        let mut instalments = Vec::new();
        for mut item in fields.list("instalments", "分期履行")? {
            let deadline = item.date("deadline", "本期履行期限最后一天")?;
            let amount = item.money("amount", "本期金额")?;
            item.finish()?;
            instalments.push(Instalment { deadline, amount });
        }
        let mut payments = Vec::new();
        for mut item in fields.list("payments", "已付款")? {
            let date = item.date("date", "付款日")?;
            let amount = item.money("amount", "付款金额")?;
            item.finish()?;
            payments.push(Payment { date, amount });
        }
        let mut suspended = Vec::new();
        for mut item in fields.list("suspended", "中止执行期间")? {
            let from = item.date("from", "中止起")?;
            let to = item.date("to", "中止止")?;
            item.finish()?;
            suspended.push(Suspension { from, to });
        }
        let until = fields.date("until", "计算到哪一天")?;
        let input = JudgmentInput {
            debt,
            deadline,
            no_performance_period,
            instalments,
            payments,
            suspended,
            until,
        };
        input.check()?;
        Ok(input)
    }

    /// The checks that need more than one field, each error naming the field to fix.
    pub fn check(&self) -> Result<(), InputError> {
        if self.debt == Money::ZERO {
            return Err(InputError::at("debt".into(), "金钱债务", "应大于 0"));
        }
        match (self.deadline, self.instalments.is_empty()) {
            (None, true) => {
                return Err(InputError::at(
                    "deadline".into(),
                    "履行期限的最后一天",
                    "必须填写（分期履行的，逐期填写分期履行）",
                ))
            }
            (Some(_), false) => {
                return Err(InputError::at(
                    "deadline".into(),
                    "履行期限的最后一天",
                    "与分期履行只能填一种：分期履行的，每期按自己的期限计算，请把这里留空",
                ))
            }
            (None, false) if self.no_performance_period => {
                return Err(InputError::at(
                    "no_performance_period".into(),
                    "判决没有写履行期限",
                    "分期履行的判决每期都有期限，请取消这一项",
                ))
            }
            _ => {}
        }
        for (i, inst) in self.instalments.iter().enumerate() {
            if inst.amount == Money::ZERO {
                return Err(InputError::at(
                    format!("instalments[{i}].amount"),
                    "本期金额",
                    "应大于 0",
                ));
            }
        }
        if !self.instalments.is_empty() {
            let total = self
                .instalments
                .iter()
                .fold(Money::ZERO, |s, i| s + i.amount);
            if total != self.debt {
                return Err(InputError::at(
                    "instalments".into(),
                    "分期履行",
                    format!(
                        "各期合计 {} 元，与金钱债务 {} 元不一致",
                        total.grouped(),
                        self.debt.grouped()
                    ),
                ));
            }
        }
        let first = self.first_deadline();
        if self.until < first {
            return Err(InputError::at(
                "until".into(),
                "计算到哪一天",
                format!("不能早于履行期限的最后一天（{}）", format_date_zh(first)),
            ));
        }
        for (i, p) in self.payments.iter().enumerate() {
            if p.amount == Money::ZERO {
                return Err(InputError::at(
                    format!("payments[{i}].amount"),
                    "付款金额",
                    "应大于 0",
                ));
            }
        }
        for (i, s) in self.suspended.iter().enumerate() {
            if s.to < s.from {
                return Err(InputError::at(
                    format!("suspended[{i}].to"),
                    "中止止",
                    "不能早于中止起",
                ));
            }
            if s.to <= first {
                return Err(InputError::at(
                    format!("suspended[{i}].to"),
                    "中止止",
                    format!(
                        "在履行期限届满（{}）之前，加倍部分利息还没开始计算，这段中止不影响结果，请删去",
                        format_date_zh(first)
                    ),
                ));
            }
            if s.from > self.until {
                return Err(InputError::at(
                    format!("suspended[{i}].from"),
                    "中止起",
                    "晚于计算截止日，不影响结果，请删去或把截止日延后",
                ));
            }
            if let Some(j) = self.suspended[..i]
                .iter()
                .position(|o| o.from <= s.to && s.from <= o.to)
            {
                return Err(InputError::at(
                    format!("suspended[{i}].from"),
                    "中止起",
                    format!("与第{}项中止期间重叠，请合并成一项", j + 1),
                ));
            }
        }
        Ok(())
    }

    /// The instalments in deadline order (a single-deadline judgment is one), each with
    /// the deadline as written.
    pub fn schedule(&self) -> Vec<Instalment> {
        let mut s = match self.deadline {
            Some(deadline) => vec![Instalment {
                deadline,
                amount: self.debt,
            }],
            None => self.instalments.clone(),
        };
        sort_by_date(&mut s, |i| i.deadline);
        s
    }

    fn first_deadline(&self) -> NaiveDate {
        self.deadline
            .or_else(|| self.instalments.iter().map(|i| i.deadline).min())
            .unwrap_or(self.until)
    }

    /// Computes with the holiday calendar `cal` (`Data::holidays`), which moves deadlines
    /// that fall on rest days.
    pub fn compute(&self, cal: &HolidayCalendar) -> Result<JudgmentAnswer, InputError> {
        self.check()?;
        let mut missing = Unlisted::default();
        // 民事诉讼法第85条第三款: a deadline on a rest day moves to the next working day,
        // unless it is an effective date (`no_performance_period`).
        let mut schedule = self.schedule();
        let mut moved = Vec::new();
        if !self.no_performance_period {
            for i in &mut schedule {
                let to = cal.next_working_day_from(i.deadline, &mut missing);
                if to != i.deadline {
                    moved.push((i.deadline, to));
                    i.deadline = to;
                }
            }
        }
        let start = next_day(schedule[0].deadline);
        let end = next_day(self.until);

        // 第4条: each payment first reduces the money debt.
        let mut payments: Vec<Payment> = self.payments.clone();
        sort_by_date(&mut payments, |p| p.date);
        let ignored = payments.iter().filter(|p| p.date > self.until).count();
        payments.retain(|p| p.date <= self.until);
        let mut debt_left = self.debt;
        let mut to_debt = Vec::with_capacity(payments.len());
        for p in &payments {
            let part = p.amount.min(debt_left);
            debt_left = debt_left - part;
            to_debt.push(part);
        }
        // The overdue unpaid base during day `d`.
        let base_on = |d: NaiveDate| -> Money {
            let due: i128 = schedule
                .iter()
                .filter(|i| i.deadline < d)
                .map(|i| i.amount.fen())
                .sum();
            let paid: i128 = payments
                .iter()
                .zip(&to_debt)
                .filter(|(p, _)| p.date < d)
                .map(|(_, part)| part.fen())
                .sum();
            Money::from_fen((due - paid).max(0))
        };
        let suspended_on = |d: NaiveDate| self.suspended.iter().any(|s| s.from <= d && d <= s.to);

        // The days the base or the suspension can change, after `start`, through `until`.
        let mut cuts: Vec<NaiveDate> = schedule
            .iter()
            .map(|i| next_day(i.deadline))
            .chain(payments.iter().map(|p| next_day(p.date)))
            .chain(self.suspended.iter().flat_map(|s| [s.from, next_day(s.to)]))
            .filter(|d| *d > start && *d < end)
            .collect();
        cuts.push(end);
        sort_by_date(&mut cuts, |d| *d);
        cuts.dedup();

        let mut segments: Vec<Segment> = Vec::new();
        let mut numerator: i128 = 0;
        let mut suspended_days = 0;
        let mut from = start;
        for cut in cuts {
            if from >= end {
                break;
            }
            let days = days_between(from, cut);
            let base = base_on(from);
            if base > Money::ZERO {
                if suspended_on(from) {
                    suspended_days += days;
                } else {
                    let n = base.fen() * RATE_NUM * days as i128;
                    numerator += n;
                    match segments.last_mut() {
                        Some(last) if last.base == base && next_day(last.to) == from => {
                            last.to = cut.pred_opt().expect("in range");
                            last.days += days;
                            last.numerator += n;
                        }
                        _ => segments.push(Segment {
                            from,
                            to: cut.pred_opt().expect("in range"),
                            days,
                            base,
                            numerator: n,
                        }),
                    }
                }
            }
            from = cut;
        }
        let doubled_interest = round(numerator);

        // What is left of each payment goes to the 加倍部分 accrued by its day.
        let mut paid_to_interest = Money::ZERO;
        let mut overpaid = Money::ZERO;
        let mut allocations = Vec::with_capacity(payments.len());
        for (p, part) in payments.iter().zip(&to_debt) {
            let rest = p.amount - *part;
            let accrued: i128 = segments
                .iter()
                .filter(|s| s.from <= p.date)
                .map(|s| {
                    let days = days_between(s.from, s.to.min(p.date)) + 1;
                    s.base.fen() * RATE_NUM * days as i128
                })
                .sum();
            let room = round(accrued).saturating_sub(paid_to_interest);
            let to_interest = rest.min(room);
            paid_to_interest = paid_to_interest + to_interest;
            overpaid = overpaid + (rest - to_interest);
            allocations.push(Allocation {
                payment: *p,
                to_debt: *part,
                to_interest,
                overpaid: rest - to_interest,
            });
        }
        let paid_to_debt = self.debt - debt_left;
        let mut answer = JudgmentAnswer {
            input: self.clone(),
            days: segments.iter().map(|s| s.days).sum(),
            suspended_days,
            doubled_interest,
            paid_to_debt,
            paid_to_interest,
            remaining_debt: debt_left,
            remaining_interest: doubled_interest - paid_to_interest,
            overpaid,
            segments,
            allocations,
            moved_deadlines: moved,
            notes: Vec::new(),
            warnings: Vec::new(),
        };
        answer.notes = answer.make_notes(cal);
        answer.notes.extend(missing.probable_holiday_note());
        answer.warnings = answer.make_warnings(ignored);
        answer.warnings.extend(missing.warnings());
        Ok(answer)
    }
}

/// Rounds a sum of `base (分) × RATE_NUM × days` once, half up, to the 分.
fn round(numerator: i128) -> Money {
    Money::from_fen(div_round_half_up(numerator, RATE_DEN))
}

/// A period with one base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    pub from: NaiveDate,
    /// Inclusive.
    pub to: NaiveDate,
    pub days: i64,
    pub base: Money,
    /// `base (分) × RATE_NUM × days`, exact.
    pub numerator: i128,
}

impl Segment {
    /// The segment's interest, rounded for display only.
    pub fn interest(&self) -> Money {
        round(self.numerator)
    }
}

/// How one payment was applied (第4条).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Allocation {
    pub payment: Payment,
    pub to_debt: Money,
    pub to_interest: Money,
    pub overpaid: Money,
}

/// The answer.
#[derive(Debug, Clone, PartialEq)]
pub struct JudgmentAnswer {
    pub input: JudgmentInput,
    /// Days on which the 加倍部分 ran.
    pub days: i64,
    /// Days not counted because of a suspension (with a base to run on).
    pub suspended_days: i64,
    /// Accrued through `until`.
    pub doubled_interest: Money,
    pub paid_to_debt: Money,
    pub paid_to_interest: Money,
    pub remaining_debt: Money,
    pub remaining_interest: Money,
    /// Paid beyond the debt and the 加倍部分 accrued by the payment day.
    pub overpaid: Money,
    pub segments: Vec<Segment>,
    pub allocations: Vec<Allocation>,
    /// Deadlines on rest days and the working days they moved to (民事诉讼法 第85条).
    pub moved_deadlines: Vec<(NaiveDate, NaiveDate)>,
    pub notes: Vec<Note>,
    pub warnings: Vec<String>,
}

const CITE_LAW: &str = "《民事诉讼法》（2023年修正）第264条";
const CITE_85: &str = "《民事诉讼法》（2023年修正）第85条第三款";
/// The interpretation's short name under every figure (its full title, 37 characters, once
/// in the first note: a phone reader saw it five times over).
const CITE_2014: &str = "《迟延履行利息解释》";
const CITE_2014_FULL: &str = "《最高人民法院关于执行程序中计算迟延履行期间的债务利息适用法律若干问题的解释》（法释〔2014〕8号）";

fn cite(articles: &str) -> String {
    format!("{CITE_2014}{articles}")
}

impl JudgmentAnswer {
    fn make_notes(&self, cal: &HolidayCalendar) -> Vec<Note> {
        let i = &self.input;
        let mut notes = vec![
            Note::new(
                format!("没有按判决、裁定等法律文书指定的期间付钱的，应当加倍支付迟延履行期间的债务利息。加倍部分债务利息＝尚未清偿的金钱债务（不含一般债务利息）× 日万分之1.75 × 迟延履行期间。下文“{CITE_2014}”指{CITE_2014_FULL}；它原文引用的是2012年民事诉讼法第253条，即现行第264条。"),
                format!("{CITE_LAW}；{}", cite("第1条")),
            ),
            Note::new(
                "计算基数是判决确定的、除一般债务利息以外的金钱债务（本金、违约金、判决由您负担的诉讼费等）。判决把利息算成固定金额的，是否计入基数各地法院做法不一，本计算器不作判断，以您填写的金额为准。",
                cite("第1条第三款"),
            ),
        ];
        let from = match i.deadline {
            Some(d) if i.no_performance_period => format!(
                "判决没有写履行期限，自判决生效之日（{}）的次日起算（生效日不因节假日顺延）",
                format_date_zh(d)
            ),
            Some(d) => format!(
                "履行期限届满（{}）的次日起算",
                format_date_zh(self.moved_deadlines.first().map_or(d, |m| m.1))
            ),
            None => "分期履行的，每期自该期期限届满的次日起算".to_string(),
        };
        notes.push(Note::new(
            format!(
                "{from}，开始的当日不计入；每笔付款对应的部分算到付款当天（含），法院划拨、提取的算到划拨、提取之日，拍卖、变卖的算到成交裁定生效之日；未付的部分算到{}（含）。",
                format_date_zh(i.until)
            ),
            format!("{}；《民法典》第201条", cite("第2条、第3条")),
        ));
        for (from, to) in &self.moved_deadlines {
            let which = if i.instalments.is_empty() {
                "履行期限的最后一天"
            } else {
                "这一期履行期限的最后一天"
            };
            notes.push(Note::new(
                format!(
                    "{which}{}是休息日（周末或法定节假日），依法顺延到之后的第一个工作日{}：加倍部分利息从{}起算，{}当天付清不算迟延。",
                    format_date_zh(*from),
                    format_date_zh(*to),
                    format_date_zh(next_day(*to)),
                    format_date_zh(*to)
                ),
                cal.cite_with_notice(CITE_85, from.year()),
            ));
        }
        if !i.suspended.is_empty() {
            notes.push(Note::new(
                format!(
                    "非因被执行人申请而中止或暂缓执行的期间不计算加倍部分利息，共扣除 {} 天。因您自己申请而中止的，不能扣除。",
                    self.suspended_days
                ),
                cite("第3条第三款"),
            ));
        }
        if !self.allocations.is_empty() {
            notes.push(Note::new(
                format!(
                    "付款先还判决确定的金钱债务（分期的先还最早到期的一期），还清后才抵加倍部分利息（当事人另有约定的除外）：共抵金钱债务 {} 元，抵加倍部分利息 {} 元。判决另判有一般债务利息的，它也属于先还的金钱债务，付款实际会先抵一部分利息，这里没有计算，届时加倍部分会比这里略多。",
                    self.paid_to_debt.grouped(),
                    self.paid_to_interest.grouped()
                ),
                format!("{}；《民法典》第561条", cite("第4条")),
            ));
        }
        notes.push(Note::new(
            "迟延履行期间的一般债务利息按判决确定的方法计算，判决没有判给的不计算；本计算器不算这一部分，需要时可用“逾期利息计算”按判决的利率另算。",
            cite("第1条第二款"),
        ));
        notes.push(Note::new(
            "每段利息四舍五入仅供显示，合计按未经舍入的总数一次四舍五入到分。判决给付外币的，按该外币同样以日万分之1.75计算。",
            cite("第1条、第5条"),
        ));
        notes
    }

    fn make_warnings(&self, ignored: usize) -> Vec<String> {
        let mut w = Vec::new();
        if ignored > 0 {
            w.push(format!(
                "有 {ignored} 笔付款晚于计算截止日，没有计入；要计入请把截止日延后。"
            ));
        }
        if self.overpaid > Money::ZERO {
            w.push(format!(
                "付款比到付款日为止的金钱债务和加倍部分利息合计多出 {} 元，请核对金额。",
                self.overpaid.grouped()
            ));
        }
        if self.input.schedule()[0].deadline.year() <= 2014 {
            w.push("履行期限在2014年或更早：本解释施行前的迟延履行期间按此前的规定计算（法释〔2014〕8号第7条），这里一律按本解释计算，仅供参考。".to_string());
        }
        w
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
                    ("base", Value::money(s.base)),
                    ("interest", Value::money(s.interest())),
                ])
            })
            .collect();
        let allocations = self
            .allocations
            .iter()
            .map(|a| {
                Value::map([
                    ("date", Value::date(a.payment.date)),
                    ("amount", Value::money(a.payment.amount)),
                    ("to_debt", Value::money(a.to_debt)),
                    ("to_interest", Value::money(a.to_interest)),
                    ("overpaid", Value::money(a.overpaid)),
                ])
            })
            .collect();
        Value::map([
            ("days", Value::Number(self.days.to_string())),
            ("doubled_interest", Value::money(self.doubled_interest)),
            ("paid_to_debt", Value::money(self.paid_to_debt)),
            ("paid_to_interest", Value::money(self.paid_to_interest)),
            ("remaining_debt", Value::money(self.remaining_debt)),
            ("remaining_interest", Value::money(self.remaining_interest)),
            ("overpaid", Value::money(self.overpaid)),
            (
                "suspended_days",
                Value::Number(self.suspended_days.to_string()),
            ),
            ("until", Value::date(self.input.until)),
            (
                "moved_deadlines",
                Value::List(
                    self.moved_deadlines
                        .iter()
                        .map(|(from, to)| {
                            Value::map([
                                ("deadline", Value::date(*from)),
                                ("moved_to", Value::date(*to)),
                            ])
                        })
                        .collect(),
                ),
            ),
            ("segments", Value::List(segments)),
            ("allocations", Value::List(allocations)),
            ("notes", crate::report::notes_value(&self.notes)),
            ("warnings", crate::report::warnings_value(&self.warnings)),
        ])
    }

    pub fn report(&self) -> Report {
        let yuan = |m: Money| format!("{} 元", m.grouped());
        let mut figures = vec![
            Figure::new(
                "迟延履行天数",
                format!("{} 天", self.days),
                cite("第2条、第3条"),
            ),
            Figure::new(
                format!("加倍部分债务利息（到{}）", format_date_zh(self.input.until)),
                yuan(self.doubled_interest),
                format!("{CITE_LAW}；{}", cite("第1条")),
            ),
        ];
        if !self.allocations.is_empty() {
            figures.push(Figure::new(
                "付款抵金钱债务",
                yuan(self.paid_to_debt),
                cite("第4条"),
            ));
            figures.push(Figure::new(
                "付款抵加倍部分利息",
                yuan(self.paid_to_interest),
                cite("第4条"),
            ));
        }
        figures.push(Figure::new(
            "尚欠金钱债务",
            yuan(self.remaining_debt),
            cite("第4条"),
        ));
        figures.push(Figure::new(
            "尚欠加倍部分利息",
            yuan(self.remaining_interest),
            cite("第4条"),
        ));
        if self.overpaid > Money::ZERO {
            figures.push(Figure::new("多付", yuan(self.overpaid), cite("第4条")));
        }
        let table = (!self.segments.is_empty()).then(|| {
            Table::new(
                "分段计算（日万分之1.75）",
                &[
                    "起",
                    "止（含）",
                    "天数",
                    "未付基数（元）",
                    "加倍部分利息（元）",
                ],
                self.segments
                    .iter()
                    .map(|s| segment_row(s.from, s.to, s.days, s.base, s.interest()))
                    .collect(),
            )
        });
        let until = format_date_zh(self.input.until);
        let sentence = if self.remaining_debt == Money::ZERO
            && self.remaining_interest == Money::ZERO
        {
            format!("到{until}，判决确定的金钱债务和加倍部分债务利息都已付清。")
        } else {
            format!(
                "到{until}，判决确定的金钱债务还欠 {} 元，迟延履行的加倍部分债务利息还欠 {} 元，合计 {} 元。",
                self.remaining_debt.grouped(),
                self.remaining_interest.grouped(),
                (self.remaining_debt + self.remaining_interest).grouped()
            )
        };
        Report::new(
            crate::Kind::Judgment,
            figures,
            table,
            &self.notes,
            &self.warnings,
        )
        .with_headline("尚欠金钱债务", sentence)
    }
}

#[cfg(test)]
mod tests;
