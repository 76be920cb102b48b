//! 逾期利息 — penalty interest on an overdue loan (`kind: "penalty"`, CALCULATOR.md §1).
//!
//! Two regimes:
//! - `private` 民间借贷: the agreed overdue rate is supported up to four times the one-year
//!   LPR (《民间借贷规定》第25条、第28条), with the 第28条第二款 fallbacks when no overdue
//!   rate was agreed, the 第29条 combined cap over interest and fees, the 第31条
//!   transition for contracts made before 2020-08-20, and 砍头息 taken off the principal
//!   (第26条, 《民法典》第670条).
//! - `licensed` 持牌金融机构: no statutory cap; the agreed rate is computed as agreed and
//!   the part of the total above 24%/year is reported as the part a borrower may ask a
//!   court to reduce (法发〔2017〕22号 第2条). Output fields `reference_rate_pct`,
//!   `reference_amount` and `reducible_above_24`; `cap_rate_pct` and `cap` are null,
//!   `supported` equals `claimed` and `excess` is zero (there is no cap to exceed).
//!
//! Interest of a segment = balance × annual rate × days / basis; numerators are summed
//! over segments and rounded once. A period is split into segments wherever the rate or
//! the cap rate can change: at each one-year LPR change when the claimed rate follows the
//! LPR (第28条第二款第（一）项) or the cap follows it (`cap_mode: "floating_lpr"`), and at
//! 2020-08-20 for a 第31条 transition contract.
//!
//! Segments chain: each segment's `to` is the next one's `from`; a segment's days are
//! `to − from` (the start day counted, the end day not), and under `count: "both"` the
//! last segment also counts its end day.
//!
//! 第31条 without `filing_date`: when a contract made before 2020-08-20 has overdue days on
//! or after 2020-08-20, the cap for those days is four times the one-year LPR **on the
//! filing date**, which cannot be guessed: the request is refused with a Chinese error
//! naming `filing_date` (a reader who has not sued yet may enter the expected date).

use crate::date::{format_date, format_date_zh, sort_by_date};
use crate::lpr::{lpr_start, LprTable};
use crate::num::{interest_numerator, round_interest, Dec, Money};
use crate::report::{choice_codes, FieldSpec, Figure, InputKind, Note, Report, Table};
use crate::value::{Fields, InputError, Value};
use chrono::NaiveDate;

/// The short name used in every citation, defined in the first note.
const RULES: &str = "《民间借贷规定》";
const RULES_FULL: &str =
    "《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》（2020年第二次修正，法释〔2020〕17号）";
const OPINION_2017: &str =
    "《最高人民法院关于进一步加强金融审判工作的若干意见》（法发〔2017〕22号）第2条";

/// The highest annual rate accepted, in %: anything above is a typing or unit mistake.
pub const MAX_ANNUAL_PCT: i128 = 10_000;

/// The day the 2020 rules took effect (第31条).
pub fn new_rules_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 8, 20).expect("valid date")
}

/// 24%/year: the 2015 rule's protected rate (第31条 transition) and the reference of
/// 法发〔2017〕22号 第2条 for licensed lenders.
pub fn rate_24() -> Dec {
    Dec::from_int(24)
}

const REGIMES: &[(&str, &str)] = &[
    ("private", "民间借贷（个人、普通公司出借）"),
    ("licensed", "银行、消费金融等持牌机构"),
];
// The codes alone, to read the field: the labels stay out of the browser module.
const REGIME_CODES: [&str; 2] = choice_codes(REGIMES);
const CAP_MODES: &[(&str, &str)] = &[
    ("contract_lpr", "合同成立时LPR的四倍（司法解释原文）"),
    ("floating_lpr", "各期间同期LPR的四倍（少数主张，仅供对比）"),
];
// The codes alone, to read the field: the labels stay out of the browser module.
const CAP_MODE_CODES: [&str; 2] = choice_codes(CAP_MODES);
const COUNTS: &[(&str, &str)] = &[("start_not_end", "算头不算尾"), ("both", "两头都算")];
// The codes alone, to read the field: the labels stay out of the browser module.
const COUNT_CODES: [&str; 2] = choice_codes(COUNTS);
const DAY_BASES: &[(&str, &str)] = &[("365", "一年按365天"), ("360", "一年按360天")];

/// The form of the penalty calculator, in the order readers fill it.
pub const FORM: &[FieldSpec] = &[
    FieldSpec {
        name: "regime",
        label: "出借人类型",
        help: "个人或普通公司出借的是民间借贷；银行、消费金融公司、小额贷款公司及借呗、微粒贷等平台背后的机构是持牌金融机构，规则不同。",
        input: InputKind::Choice(REGIMES),
        default: "private",
    },
    FieldSpec {
        name: "principal",
        label: "借款本金（元）",
        help: "借条或合同上写的借款金额。",
        input: InputKind::Money,
        default: "",
    },
    FieldSpec {
        name: "deducted_upfront",
        label: "预先扣除的利息（砍头息，元）",
        help: "放款时直接从本金里扣掉的利息或“服务费”。本金按实际到手的金额计算；没有就填0。",
        input: InputKind::Money,
        default: "0",
    },
    FieldSpec {
        name: "contract_date",
        label: "借款合同成立日期",
        help: "签合同或借款到账的日期，决定适用哪一期LPR。",
        input: InputKind::Date,
        default: "",
    },
    FieldSpec {
        name: "overdue_from",
        label: "逾期开始日期",
        help: "应还款日的次日，即开始计逾期利息的日期。",
        input: InputKind::Date,
        default: "",
    },
    FieldSpec {
        name: "until",
        label: "计算截止日期",
        help: "还清之日，或想算到的日期。",
        input: InputKind::Date,
        default: "today",
    },
    FieldSpec {
        name: "rate",
        label: "约定的逾期利率",
        help: "合同写的逾期利率（罚息利率），可选年利率、月利率或日利率万分之几。没有约定就留空。",
        input: InputKind::Rate,
        default: "",
    },
    FieldSpec {
        name: "loan_rate",
        label: "约定的借期内利率",
        help: "借款期间的正常利率。只在没有约定逾期利率时使用；都没有约定就留空。",
        input: InputKind::Rate,
        default: "",
    },
    FieldSpec {
        name: "fees",
        label: "违约金和其他费用（元）",
        help: "出借人另外主张的违约金、服务费、手续费等合计，与逾期利息一并计入上限。",
        input: InputKind::Money,
        default: "0",
    },
    FieldSpec {
        name: "cap_mode",
        label: "上限按哪一期LPR",
        help: "司法解释原文是合同成立时LPR的四倍；也有法院按各期间同期LPR的四倍。",
        input: InputKind::Choice(CAP_MODES),
        default: "contract_lpr",
    },
    FieldSpec {
        name: "filing_date",
        label: "起诉（立案）日期",
        help: "合同成立于2020年8月20日之前的才需要：2020年8月20日以后的利息上限按起诉时LPR的四倍。还没起诉可填预计日期。",
        input: InputKind::Date,
        default: "",
    },
    FieldSpec {
        name: "day_basis",
        label: "一年按多少天",
        help: "年利率折算日利率时一年的天数，通常按365天。",
        input: InputKind::Choice(DAY_BASES),
        default: "365",
    },
    FieldSpec {
        name: "count",
        label: "天数计算方法",
        help: "算头不算尾：起日算、止日不算（通常做法）；两头都算：多算一天。",
        input: InputKind::Choice(COUNTS),
        default: "start_not_end",
    },
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Regime {
    Private,
    Licensed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CapMode {
    ContractLpr,
    FloatingLpr,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    StartNotEnd,
    Both,
}

/// The unit a rate was given in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateUnit {
    AnnualPct,
    MonthlyPct,
    DailyPer10k,
}

/// A rate as given and as an annual percentage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub unit: RateUnit,
    pub given: Dec,
    pub annual_pct: Dec,
}

impl Rate {
    /// `年利率24%`, `月利率2%，即年利率24%`, `日利率万分之5，即年利率18.25%（一年按365天）`.
    pub fn describe(&self, basis: i64) -> String {
        let given = self.given.format(0);
        let annual = self.annual_pct.format(0);
        match self.unit {
            RateUnit::AnnualPct => format!("年利率{given}%"),
            RateUnit::MonthlyPct => format!("月利率{given}%，即年利率{annual}%"),
            RateUnit::DailyPer10k => {
                format!("日利率万分之{given}，即年利率{annual}%（一年按{basis}天）")
            }
        }
    }
}

/// A checked penalty request.
#[derive(Debug, Clone, PartialEq)]
pub struct PenaltyInput {
    pub regime: Regime,
    pub principal: Money,
    pub deducted_upfront: Money,
    pub contract_date: NaiveDate,
    pub overdue_from: NaiveDate,
    pub until: NaiveDate,
    pub rate: Option<Rate>,
    pub loan_rate: Option<Rate>,
    pub fees: Money,
    pub cap_mode: CapMode,
    pub filing_date: Option<NaiveDate>,
    pub day_basis: i64,
    pub count: Count,
}

/// Reads a rate object `{"annual_pct"}` / `{"monthly_pct"}` / `{"daily_per_10k"}`. An
/// object whose units are all blank is absent (a form left empty).
fn read_rate(
    fields: &mut Fields,
    name: &str,
    label: &str,
    basis: i64,
) -> Result<Option<Rate>, InputError> {
    let Some(mut sub) = fields.opt_object(name, label)? else {
        return Ok(None);
    };
    let annual = sub.opt_dec("annual_pct", &format!("{label}（年利率%）"))?;
    let monthly = sub.opt_dec("monthly_pct", &format!("{label}（月利率%）"))?;
    let daily = sub.opt_dec("daily_per_10k", &format!("{label}（日利率万分之）"))?;
    sub.finish()?;
    let given: Vec<Rate> = [
        annual.map(|d| Rate {
            unit: RateUnit::AnnualPct,
            given: d,
            annual_pct: d,
        }),
        monthly.map(|d| Rate {
            unit: RateUnit::MonthlyPct,
            given: d,
            annual_pct: d.mul_int(12),
        }),
        daily.map(|d| Rate {
            unit: RateUnit::DailyPer10k,
            given: d,
            annual_pct: d.mul_int(basis as i128).div_int(100),
        }),
    ]
    .into_iter()
    .flatten()
    .collect();
    match given.as_slice() {
        [] => Ok(None),
        [rate] => {
            if rate.annual_pct > Dec::from_int(MAX_ANNUAL_PCT) {
                Err(fields.error(
                    name,
                    label,
                    format!(
                        "折合年利率{}%，明显过高，请检查数值和单位（年利率不超过{}%）",
                        rate.annual_pct.format(2),
                        // (64-bit: the module carries no 128-bit number formatting.)
                        MAX_ANNUAL_PCT as i64
                    ),
                ))
            } else {
                Ok(Some(*rate))
            }
        }
        _ => Err(fields.error(
            name,
            label,
            "只能选一种单位填写：“年利率 %”“月利率 %”或“日利率 万分之”，不能同时填写多个",
        )),
    }
}

impl PenaltyInput {
    pub fn read(fields: &mut Fields) -> Result<PenaltyInput, InputError> {
        let regime = match fields.opt_choice("regime", "出借人类型", &REGIME_CODES)? {
            Some("licensed") => Regime::Licensed,
            Some(_) => Regime::Private,
            None => {
                return Err(fields.error(
                    "regime",
                    "出借人类型",
                    "必须填写：private（民间借贷）或 licensed（持牌金融机构）",
                ))
            }
        };
        let principal = fields.money("principal", "借款本金")?;
        if principal == Money::ZERO {
            return Err(fields.error("principal", "借款本金", "应大于0"));
        }
        let deducted_upfront = fields
            .opt_money("deducted_upfront", "预先扣除的利息")?
            .unwrap_or(Money::ZERO);
        let contract_date = fields.date("contract_date", "借款合同成立日期")?;
        let overdue_from = fields.date("overdue_from", "逾期开始日期")?;
        let until = fields.date("until", "计算截止日期")?;
        let day_basis = fields
            .opt_int("day_basis", "一年按多少天", 360, 365)?
            .unwrap_or(365);
        if day_basis != 365 && day_basis != 360 {
            return Err(fields.error("day_basis", "一年按多少天", "只能是 365 或 360"));
        }
        let rate = read_rate(fields, "rate", "约定的逾期利率", day_basis)?;
        let loan_rate = read_rate(fields, "loan_rate", "约定的借期内利率", day_basis)?;
        let fees = fields
            .opt_money("fees", "违约金和其他费用")?
            .unwrap_or(Money::ZERO);
        let cap_mode = match fields.opt_choice("cap_mode", "上限按哪一期LPR", &CAP_MODE_CODES)?
        {
            Some("floating_lpr") => CapMode::FloatingLpr,
            _ => CapMode::ContractLpr,
        };
        let filing_date = fields.opt_date("filing_date", "起诉（立案）日期")?;
        let count = match fields.opt_choice("count", "天数计算方法", &COUNT_CODES)? {
            Some("both") => Count::Both,
            _ => Count::StartNotEnd,
        };

        if overdue_from < contract_date {
            return Err(fields.error(
                "overdue_from",
                "逾期开始日期",
                format!(
                    "为{}，不能早于借款合同成立日期（{}）",
                    format_date_zh(overdue_from),
                    format_date_zh(contract_date)
                ),
            ));
        }
        if until < overdue_from {
            return Err(fields.error(
                "until",
                "计算截止日期",
                format!(
                    "为{}，不能早于逾期开始日期（{}）",
                    format_date_zh(until),
                    format_date_zh(overdue_from)
                ),
            ));
        }
        if deducted_upfront >= principal {
            return Err(fields.error(
                "deducted_upfront",
                "预先扣除的利息",
                format!(
                    "为 {} 元，应小于借款本金（{} 元）",
                    deducted_upfront.grouped(),
                    principal.grouped()
                ),
            ));
        }
        if let Some(filing) = filing_date {
            if filing < contract_date {
                return Err(fields.error(
                    "filing_date",
                    "起诉（立案）日期",
                    format!(
                        "为{}，不能早于借款合同成立日期（{}）",
                        format_date_zh(filing),
                        format_date_zh(contract_date)
                    ),
                ));
            }
        }
        if regime == Regime::Licensed && rate.is_none() {
            return Err(fields.error(
                "rate",
                "约定的逾期利率",
                "持牌金融机构的借款请按合同填写逾期利率（罚息利率）：《民间借贷规定》第28条的补充规则不适用于持牌机构；银行贷款的罚息利率通常是合同贷款利率加收30%–50%（银发〔2003〕251号）",
            ));
        }
        let input = PenaltyInput {
            regime,
            principal,
            deducted_upfront,
            contract_date,
            overdue_from,
            until,
            rate,
            loan_rate,
            fees,
            cap_mode,
            filing_date,
            day_basis,
            count,
        };
        if input.is_transition() && filing_date.is_none() && input.end_exclusive() > new_rules_day()
        {
            return Err(fields.error(
                "filing_date",
                "起诉（立案）日期",
                "必须填写：合同成立于2020年8月20日之前，依《民间借贷规定》第31条，2020年8月20日以后的利息以起诉时一年期LPR的四倍为限，需要起诉（立案）日期才能计算；尚未起诉的，可填写预计起诉日期",
            ));
        }
        Ok(input)
    }

    /// A 民间借贷 contract made before 2020-08-20 (第31条).
    pub fn is_transition(&self) -> bool {
        self.regime == Regime::Private && self.contract_date < new_rules_day()
    }

    /// The first day not counted: `until`, or the day after under `count: "both"`.
    fn end_exclusive(&self) -> NaiveDate {
        match self.count {
            Count::StartNotEnd => self.until,
            // `until` is at most 2100-12-31 (date parsing), so the next day exists.
            Count::Both => self.until.succ_opt().unwrap_or(self.until),
        }
    }

    /// The principal interest is computed on: what was actually lent (第26条, 第670条).
    pub fn principal_used(&self) -> Money {
        self.principal - self.deducted_upfront
    }

    /// Whether the claimed rate follows the LPR in force at the time (第28条第二款第（一）项).
    fn claimed_follows_lpr(&self) -> bool {
        self.rate.is_none() && self.loan_rate.is_none()
    }

    /// Computes with the LPR table `table` (`Data::lpr`).
    pub fn compute(&self, table: &LprTable) -> Result<PenaltyAnswer, InputError> {
        let basis = self.day_basis;
        let principal = self.principal_used();
        let end = self.end_exclusive();
        let mut warnings: Vec<String> = Vec::new();
        let mut warn = |w: Option<String>| {
            if let Some(w) = w {
                if !warnings.contains(&w) {
                    warnings.push(w);
                }
            }
        };

        // Where the period is split.
        let transition = self.is_transition();
        let mut cuts: Vec<NaiveDate> = Vec::new();
        let cap_floats =
            self.regime == Regime::Private && !transition && self.cap_mode == CapMode::FloatingLpr;
        if self.claimed_follows_lpr() || cap_floats {
            cuts.extend(table.changes_between(self.overdue_from, end));
        }
        if transition && self.overdue_from < new_rules_day() && new_rules_day() < end {
            cuts.push(new_rules_day());
        }
        sort_by_date(&mut cuts, |d| *d);
        cuts.dedup();

        // The cap rate for a 第31条 contract on or after 2020-08-20.
        let filing_cap = match self.filing_date {
            Some(filing) if transition && filing >= new_rules_day() => {
                let (lpr, w) = table.one_year_on(filing);
                warn(w);
                Some(lpr.mul_int(4))
            }
            _ => None,
        };

        let mut segments = Vec::new();
        let mut starts = vec![self.overdue_from];
        starts.extend(cuts.iter().copied());
        for (i, &from) in starts.iter().enumerate() {
            let seg_end = starts.get(i + 1).copied().unwrap_or(end);
            let to = starts.get(i + 1).copied().unwrap_or(self.until);
            let days = (seg_end - from).num_days();
            let last_day = seg_end.pred_opt().filter(|d| *d >= from).unwrap_or(from);
            // The LPR of this segment (constant inside it: it is split at every change).
            let lpr_here = |warn: &mut dyn FnMut(Option<String>)| {
                let (rate, w1) = table.one_year_on(from);
                let (_, w2) = table.one_year_on(last_day);
                warn(w1);
                warn(w2);
                rate
            };
            let rate = match (self.rate, self.loan_rate) {
                (Some(r), _) | (None, Some(r)) => r.annual_pct,
                (None, None) => lpr_here(&mut warn),
            };
            let cap_rate = match self.regime {
                Regime::Licensed => None,
                Regime::Private if transition => {
                    if from < new_rules_day() {
                        Some(rate_24())
                    } else {
                        // Filed before 2020-08-20: the old rule throughout (第31条第一款).
                        Some(filing_cap.unwrap_or_else(rate_24))
                    }
                }
                Regime::Private => match self.cap_mode {
                    CapMode::ContractLpr => {
                        let (lpr, w) = table.one_year_on(self.contract_date);
                        warn(w);
                        Some(lpr.mul_int(4))
                    }
                    CapMode::FloatingLpr => Some(lpr_here(&mut warn).mul_int(4)),
                },
            };
            segments.push(Segment {
                from,
                to,
                days,
                rate_pct: rate,
                claimed_numerator: interest_numerator(principal, rate, days),
                cap_rate_pct: cap_rate,
                cap_numerator: cap_rate.map(|c| interest_numerator(principal, c, days)),
            });
        }

        let days = (end - self.overdue_from).num_days();
        let interest = round_interest(segments.iter().map(|s| s.claimed_numerator).sum(), basis);
        let claimed = interest + self.fees;
        let (cap, supported, excess, reference) = match self.regime {
            Regime::Private => {
                let cap = round_interest(
                    segments.iter().map(|s| s.cap_numerator.unwrap_or(0)).sum(),
                    basis,
                );
                let supported = claimed.min(cap);
                (Some(cap), supported, claimed - supported, None)
            }
            Regime::Licensed => {
                let reference =
                    round_interest(interest_numerator(principal, rate_24(), days), basis);
                (None, claimed, Money::ZERO, Some(reference))
            }
        };
        let cap_rate_pct = match segments.first().and_then(|s| s.cap_rate_pct) {
            Some(first) if segments.iter().all(|s| s.cap_rate_pct == Some(first)) => Some(first),
            _ => None,
        };
        let mut answer = PenaltyAnswer {
            input: self.clone(),
            days,
            interest,
            claimed,
            cap_rate_pct,
            cap,
            supported,
            excess,
            reference_amount: reference,
            reducible_above_24: reference.map(|r| claimed.saturating_sub(r)),
            segments,
            notes: Vec::new(),
            warnings,
        };
        answer.notes = answer.build_notes(table);
        Ok(answer)
    }
}

/// One period at one rate and one cap rate.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub from: NaiveDate,
    /// The next segment's `from`, or `until` for the last one.
    pub to: NaiveDate,
    pub days: i64,
    /// The claimed annual rate, %.
    pub rate_pct: Dec,
    /// principal × rate × days, unrounded (see [`interest_numerator`]).
    pub claimed_numerator: i128,
    /// The cap's annual rate, % (none for a licensed lender).
    pub cap_rate_pct: Option<Dec>,
    pub cap_numerator: Option<i128>,
}

/// The answer to a penalty request.
#[derive(Debug, Clone, PartialEq)]
pub struct PenaltyAnswer {
    pub input: PenaltyInput,
    pub days: i64,
    /// Interest at the claimed rate, rounded once.
    pub interest: Money,
    /// Interest plus fees.
    pub claimed: Money,
    /// The cap rate when it is the same for the whole period; `None` when it varies (see
    /// the segments) or for a licensed lender.
    pub cap_rate_pct: Option<Dec>,
    /// The cap amount, rounded once; `None` for a licensed lender.
    pub cap: Option<Money>,
    pub supported: Money,
    pub excess: Money,
    /// Licensed lenders: principal × 24% × days / basis.
    pub reference_amount: Option<Money>,
    /// Licensed lenders: the part of `claimed` above `reference_amount`.
    pub reducible_above_24: Option<Money>,
    pub segments: Vec<Segment>,
    pub notes: Vec<Note>,
    pub warnings: Vec<String>,
}

fn money_or_null(m: Option<Money>) -> Value {
    m.map_or(Value::Null, Value::money)
}

fn pct_or_null(d: Option<Dec>) -> Value {
    d.map_or(Value::Null, |d| Value::str(d.format(2)))
}

impl PenaltyAnswer {
    fn basis(&self) -> i64 {
        self.input.day_basis
    }

    /// A segment's figure, rounded for display only.
    fn display(&self, numerator: i128) -> Money {
        round_interest(numerator, self.basis())
    }

    /// The answer in the field names of CALCULATOR.md, plus `regime`, `principal_used`,
    /// `interest`, `fees` and, for licensed lenders, `reference_rate_pct`,
    /// `reference_amount` and `reducible_above_24`.
    pub fn to_value(&self) -> Value {
        let segments = self
            .segments
            .iter()
            .map(|s| {
                Value::map([
                    ("from", Value::date(s.from)),
                    ("to", Value::date(s.to)),
                    ("days", Value::Number(s.days.to_string())),
                    ("rate_pct", Value::str(s.rate_pct.format(2))),
                    (
                        "interest",
                        Value::str(self.display(s.claimed_numerator).to_string()),
                    ),
                    ("cap_rate_pct", pct_or_null(s.cap_rate_pct)),
                    (
                        "cap",
                        money_or_null(s.cap_numerator.map(|n| self.display(n))),
                    ),
                ])
            })
            .collect();
        let notes = crate::report::notes_value(&self.notes);
        let mut out = vec![
            ("days", Value::Number(self.days.to_string())),
            ("claimed", Value::str(self.claimed.to_string())),
            ("cap_rate_pct", pct_or_null(self.cap_rate_pct)),
            ("cap", money_or_null(self.cap)),
            ("supported", Value::str(self.supported.to_string())),
            ("excess", Value::str(self.excess.to_string())),
            ("segments", Value::List(segments)),
            ("notes", notes),
            ("warnings", crate::report::warnings_value(&self.warnings)),
            (
                "regime",
                Value::str(match self.input.regime {
                    Regime::Private => "private",
                    Regime::Licensed => "licensed",
                }),
            ),
            (
                "principal_used",
                Value::str(self.input.principal_used().to_string()),
            ),
            ("interest", Value::str(self.interest.to_string())),
            ("fees", Value::str(self.input.fees.to_string())),
        ];
        if self.input.regime == Regime::Licensed {
            out.push(("reference_rate_pct", Value::str(rate_24().format(2))));
            out.push(("reference_amount", money_or_null(self.reference_amount)));
            out.push(("reducible_above_24", money_or_null(self.reducible_above_24)));
        }
        Value::map(out)
    }

    fn rate_basis(&self) -> String {
        match self.input.regime {
            Regime::Licensed => "合同约定；《民法典》第676条".into(),
            Regime::Private => match (self.input.rate, self.input.loan_rate) {
                (Some(_), _) => format!("{RULES}第28条第一款"),
                (None, Some(_)) => format!("{RULES}第28条第二款第（二）项"),
                (None, None) => format!("{RULES}第28条第二款第（一）项"),
            },
        }
    }

    fn cap_basis(&self) -> String {
        if self.input.is_transition() {
            format!("{RULES}第31条")
        } else {
            format!("{RULES}第25条、第28条、第29条")
        }
    }

    /// The answer as readers see it.
    pub fn report(&self) -> Report {
        let mut figures = vec![Figure::new("逾期天数", format!("{} 天", self.days), "")];
        if self.input.deducted_upfront > Money::ZERO {
            figures.push(Figure::new(
                "计息本金（扣除砍头息后）",
                format!("{} 元", self.input.principal_used().grouped()),
                match self.input.regime {
                    Regime::Private => format!("{RULES}第26条；《民法典》第670条"),
                    Regime::Licensed => "《民法典》第670条".into(),
                },
            ));
        }
        figures.push(Figure::new(
            "按约定计算的逾期利息",
            format!("{} 元", self.interest.grouped()),
            self.rate_basis(),
        ));
        if self.input.fees > Money::ZERO {
            figures.push(Figure::new(
                "违约金和其他费用",
                format!("{} 元", self.input.fees.grouped()),
                match self.input.regime {
                    Regime::Private => format!("{RULES}第29条"),
                    Regime::Licensed => "合同约定；《民法典》第585条".into(),
                },
            ));
        }
        figures.push(Figure::new(
            "主张合计",
            format!("{} 元", self.claimed.grouped()),
            "",
        ));
        match self.input.regime {
            Regime::Private => {
                figures.push(Figure::new(
                    "上限年利率",
                    match self.cap_rate_pct {
                        Some(r) => format!("{}%", r.format(2)),
                        None => "分段不同，见明细".into(),
                    },
                    self.cap_basis(),
                ));
                if let Some(cap) = self.cap {
                    figures.push(Figure::new(
                        "上限金额",
                        format!("{} 元", cap.grouped()),
                        self.cap_basis(),
                    ));
                }
                figures.push(Figure::new(
                    "法院可支持的金额",
                    format!("{} 元", self.supported.grouped()),
                    self.cap_basis(),
                ));
                figures.push(Figure::new(
                    "超出上限、法院不予支持的部分",
                    format!("{} 元", self.excess.grouped()),
                    self.cap_basis(),
                ));
            }
            Regime::Licensed => {
                if let Some(reference) = self.reference_amount {
                    figures.push(Figure::new(
                        "按年利率24%计算的金额",
                        format!("{} 元", reference.grouped()),
                        OPINION_2017,
                    ));
                }
                if let Some(reducible) = self.reducible_above_24 {
                    figures.push(Figure::new(
                        "超过年利率24%、可请求法院调减的部分",
                        format!("{} 元", reducible.grouped()),
                        OPINION_2017,
                    ));
                }
            }
        }
        let licensed = self.input.regime == Regime::Licensed;
        let mut columns = vec!["起日", "止日", "天数", "年利率", "利息（元）"];
        if !licensed {
            columns.extend(["上限年利率", "上限金额（元）"]);
        }
        let rows = self
            .segments
            .iter()
            .map(|s| {
                let mut row = vec![
                    format_date(s.from),
                    format_date(s.to),
                    s.days.to_string(),
                    format!("{}%", s.rate_pct.format(2)),
                    self.display(s.claimed_numerator).grouped(),
                ];
                if !licensed {
                    row.push(
                        s.cap_rate_pct
                            .map_or(String::new(), |r| format!("{}%", r.format(2))),
                    );
                    row.push(
                        s.cap_numerator
                            .map_or(String::new(), |n| self.display(n).grouped()),
                    );
                }
                row
            })
            .collect();
        Report::new(
            crate::Kind::Penalty,
            figures,
            Some(Table::new(
                match self.input.count {
                    Count::StartNotEnd => "分段明细（每段含起日、不含止日；分段金额四舍五入仅供显示，合计按未舍入的数额计算）",
                    Count::Both => "分段明细（每段含起日、不含止日，最后一段两头都算；分段金额四舍五入仅供显示，合计按未舍入的数额计算）",
                },
                &columns,
                rows,
            )),
            &self.notes,
            &self.warnings,
        )
        .with_headline(self.headline_label(), self.headline_sentence())
    }

    /// The headline: what a court supports (民间借贷), or what is claimed (持牌机构, whose
    /// cap the law does not fix).
    fn headline_label(&self) -> &'static str {
        match self.input.regime {
            Regime::Private => "法院可支持的金额",
            Regime::Licensed => "主张合计",
        }
    }

    fn headline_sentence(&self) -> String {
        let claimed = self.claimed.grouped();
        match self.input.regime {
            Regime::Private if self.excess > Money::ZERO => format!(
                "对方按约定主张 {claimed} 元，法院最多支持 {} 元；超出上限的 {} 元，法院不予支持。",
                self.supported.grouped(),
                self.excess.grouped()
            ),
            Regime::Private => {
                format!("对方按约定主张的 {claimed} 元没有超过法定上限，法院可以支持。")
            }
            Regime::Licensed => match self.reducible_above_24 {
                Some(r) if r > Money::ZERO => format!(
                    "对方按约定主张 {claimed} 元；其中超过年利率24%的 {} 元，可以请求法院调减。",
                    r.grouped()
                ),
                _ if self.reference_amount.is_some() => {
                    format!("对方按约定主张 {claimed} 元，没有超过年利率24%。")
                }
                _ => format!("对方按约定主张 {claimed} 元。"),
            },
        }
    }

    fn build_notes(&self, table: &LprTable) -> Vec<Note> {
        let input = &self.input;
        let basis = input.day_basis;
        let mut notes = Vec::new();
        let private = input.regime == Regime::Private;

        // Which rules apply.
        if private {
            notes.push(Note::new(
                format!(
                    "本结果按民间借贷规则计算（出借人是个人或非金融机构的企业）。下文“{RULES}”指{RULES_FULL}。"
                ),
                format!("{RULES}第1条"),
            ));
        } else {
            notes.push(Note::new(
                "出借人是经金融监管部门批准设立的持牌金融机构（银行、消费金融公司、小额贷款公司等，包括借呗、微粒贷、网商贷、京东金条背后的机构），其贷款纠纷不适用民间借贷司法解释，没有“LPR四倍”这一法定上限，逾期利息按合同约定计算。",
                "《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》第1条第二款；《关于新民间借贷司法解释适用范围问题的批复》（法释〔2020〕27号）",
            ));
        }

        // 砍头息.
        if input.deducted_upfront > Money::ZERO {
            notes.push(Note::new(
                format!(
                    "借款时预先扣除的利息 {} 元（砍头息）不算借出的本金：本金按实际出借的 {} 元认定，利息也按这个数计算。",
                    input.deducted_upfront.grouped(),
                    input.principal_used().grouped()
                ),
                if private {
                    format!("{RULES}第26条；《民法典》第670条")
                } else {
                    "《民法典》第670条".into()
                },
            ));
        }

        // The claimed rate.
        match (input.rate, input.loan_rate) {
            (Some(rate), _) => notes.push(Note::new(
                if private {
                    format!(
                        "合同约定了逾期利率（{}），出借人可以按约定主张逾期利息，但{}。",
                        rate.describe(basis),
                        if input.is_transition() {
                            "不能超过下面所说的上限"
                        } else {
                            "以不超过合同成立时一年期LPR的四倍为限"
                        }
                    )
                } else {
                    format!(
                        "合同约定的逾期利率为{}，按约定计算。",
                        rate.describe(basis)
                    )
                },
                if private {
                    format!("{RULES}第28条第一款")
                } else {
                    "《民法典》第676条".into()
                },
            )),
            (None, Some(loan)) => notes.push(Note::new(
                format!(
                    "合同没有约定逾期利率，但约定了借期内利率（{}）：出借人可以主张自逾期之日起按借期内利率计算资金占用期间的利息。",
                    loan.describe(basis)
                ),
                format!("{RULES}第28条第二款第（二）项"),
            )),
            (None, None) => {
                let mut text = "合同既没有约定借期内利率，也没有约定逾期利率：出借人可以主张自逾期之日起参照当时的一年期LPR计算逾期利息；LPR每调整一次就分一段计算。".to_string();
                if input.overdue_from < lpr_start() {
                    text.push_str("2019年8月20日以前还没有LPR，这段时间按一年期贷款基准利率4.35%计算。");
                }
                notes.push(Note::new(
                    text,
                    format!("{RULES}第28条第二款第（一）项、第25条第二款"),
                ));
            }
        }

        // The cap.
        if private {
            if input.is_transition() {
                match input.filing_date {
                    Some(filing) if filing < new_rules_day() => notes.push(Note::new(
                        format!(
                            "合同成立于2020年8月20日之前，案件于{}受理（早于2020年8月20日），整个期间适用当时的司法解释：约定利率在年利率24%以内的予以支持，超过年利率36%的部分约定无效。这里按年利率24%计算上限。",
                            format_date_zh(filing)
                        ),
                        format!("{RULES}第31条第一款"),
                    )),
                    filing => {
                        let mut text = "合同成立于2020年8月20日之前：2020年8月19日以前的利息，可以请求适用当时的司法解释，以年利率24%为上限（当时的规定：年利率24%以内予以支持，超过36%的部分约定无效）".to_string();
                        if let Some(filing) = filing {
                            let (lpr, _) = table.one_year_on(filing);
                            text.push_str(&format!(
                                "；2020年8月20日起的利息，以起诉时（{}）一年期LPR {}% 的四倍即年利率{}%为上限",
                                format_date_zh(filing),
                                lpr.format(2),
                                lpr.mul_int(4).format(2)
                            ));
                        }
                        text.push('。');
                        notes.push(Note::new(text, format!("{RULES}第31条第二款")));
                    }
                }
                if input.cap_mode == CapMode::FloatingLpr {
                    notes.push(Note::new(
                        "第31条明确规定2020年8月20日以后的部分按起诉时的标准计算，因此本例不按“同期LPR”分段确定上限。",
                        format!("{RULES}第31条第二款"),
                    ));
                }
            } else {
                match input.cap_mode {
                    CapMode::ContractLpr => {
                        let (lpr, _) = table.one_year_on(input.contract_date);
                        notes.push(Note::new(
                            format!(
                                "合同成立于{}，当时的一年期LPR为{}%，四倍即年利率{}%：逾期利率超过这个标准的部分，法院不予支持。",
                                format_date_zh(input.contract_date),
                                lpr.format(2),
                                lpr.mul_int(4).format(2)
                            ),
                            format!("{RULES}第25条、第28条第一款"),
                        ));
                    }
                    CapMode::FloatingLpr => notes.push(Note::new(
                        "上限按各期间同期一年期LPR的四倍分段计算，这只是少数人的主张，本站没有找到采用这种算法的判决；司法解释原文是“合同成立时”一年期LPR的四倍，两种算法结果不同，仅供对比。",
                        format!("{RULES}第25条、第28条第一款"),
                    )),
                }
                if input.filing_date.is_some() {
                    notes.push(Note::new(
                        "合同成立于2020年8月20日以后，起诉日期不影响上限。",
                        format!("{RULES}第31条"),
                    ));
                }
            }
            // 第29条.
            let text = if input.fees > Money::ZERO {
                format!(
                    "逾期利息与违约金、其他费用（本例 {} 元）可以一并主张，但合计超过上限的部分法院不予支持，所以上限是对两者合计而言的。",
                    input.fees.grouped()
                )
            } else {
                "如果合同还约定了违约金或其他费用，与逾期利息合计也不能超过上述上限。".to_string()
            };
            notes.push(Note::new(text, format!("{RULES}第29条")));
            if self.excess > Money::ZERO {
                notes.push(Note::new(
                    format!(
                        "按约定主张的 {} 元中，超出上限的 {} 元法院不予支持，可支持的是 {} 元。",
                        self.claimed.grouped(),
                        self.excess.grouped(),
                        self.supported.grouped()
                    ),
                    self.cap_basis(),
                ));
            } else {
                notes.push(Note::new(
                    format!(
                        "主张的 {} 元没有超过上限，在法律支持的范围内。",
                        self.claimed.grouped()
                    ),
                    self.cap_basis(),
                ));
            }
        } else {
            if let Some(reducible) = self.reducible_above_24 {
                notes.push(Note::new(
                    format!(
                        "利息、复利、罚息、违约金和其他费用合计超过年利率24%的部分，借款人可以请求法院调减。本例按年利率24%计算为 {} 元，超出的 {} 元可以请求调减；是否调减由法院决定，并非自动免除。",
                        self.reference_amount.unwrap_or_default().grouped(),
                        reducible.grouped()
                    ),
                    OPINION_2017,
                ));
            }
            if input.filing_date.is_some() || input.cap_mode == CapMode::FloatingLpr {
                notes.push(Note::new(
                    "“LPR四倍”上限和2020年8月20日前后的过渡规则只适用于民间借贷，对持牌金融机构不适用，所填的上限口径和起诉日期没有使用。",
                    "《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》第1条第二款",
                ));
            }
            let mut text = "银行贷款合同约定按“罚息”计收逾期利息的，罚息利率通常是在合同载明的贷款利率上加收30%–50%".to_string();
            if let Some(loan) = input.loan_rate {
                let low = loan.annual_pct.mul_int(13).div_int(10);
                let high = loan.annual_pct.mul_int(15).div_int(10);
                text.push_str(&format!(
                    "；按本例借期内{}，即年利率{}%–{}%",
                    loan.describe(basis),
                    low.format(2),
                    high.format(2)
                ));
            }
            text.push('。');
            notes.push(Note::new(
                text,
                "《中国人民银行关于人民币贷款利率有关问题的通知》（银发〔2003〕251号）",
            ));
        }
        if input.fees > Money::ZERO {
            notes.push(Note::new(
                "约定的违约金过分高于实际损失的，可以请求法院适当减少（超过损失30%的，一般可以认定为过分高于损失）。",
                "《民法典》第585条；《最高人民法院关于适用〈中华人民共和国民法典〉合同编通则若干问题的解释》第65条",
            ));
        }

        // Day counting.
        let mut text = match input.count {
            Count::StartNotEnd => format!(
                "天数按“算头不算尾”计算：从{}算到{}，共{}天（与“开始的当日不计入”算出的天数相同）。",
                format_date_zh(input.overdue_from),
                format_date_zh(input.until),
                self.days
            ),
            Count::Both => format!(
                "天数按“两头都算”计算：{}和{}都计入，共{}天，比通常的算法多一天；这是按当事人约定的算法。",
                format_date_zh(input.overdue_from),
                format_date_zh(input.until),
                self.days
            ),
        };
        text.push_str(&format!(
            "年利率按一年{basis}天折算为日利率；各段利息先不舍入地相加，最后一次四舍五入到分。"
        ));
        notes.push(Note::new(
            text,
            match input.count {
                Count::StartNotEnd => "《民法典》第201条",
                Count::Both => "《民法典》第201条、第204条",
            },
        ));
        notes
    }
}

#[cfg(test)]
mod tests;
