//! 年化利率 (`kind: "apr"`, CALCULATOR.md §8): the real annual rate of an instalment loan —
//! the question "is my loan's 月费率0.6% legal?". Lenders advertise a monthly fee rate; what
//! the 4 × LPR and 24% tests look at is the annual rate of every borrowing cost on the
//! money the borrower actually holds (中国人民银行公告〔2021〕第3号), found as an internal
//! rate of return (IRR).
//!
//! - `received`: the money actually received; `payments`: one amount per monthly
//!   instalment, the first one month after the money was received. `schedule`
//!   (`[{count, amount}]`, "12 instalments of 1,072") is the same list written in groups,
//!   as the form takes it.
//! - `apr_pct` = the monthly IRR × 12, printed to 0.01% and **provably** rounded half up:
//!   the printed `N/100 %` is the largest `N` whose lower rounding boundary, a monthly rate
//!   of `(N − ½)/120000`, still gives a present value of the payments at least `received`.
//!   The present value falls as the rate rises, so this `N` satisfies
//!   `NPV((N − ½)/120000) ≥ 0 > NPV((N + ½)/120000)`, i.e. the true rate rounds half up to
//!   it. Every such test is an exact integer comparison ([`npv_sign`]): with the monthly
//!   rate `a/d`, `NPV ≥ 0 ⇔ Σ pₖ·dᵏ·(d+a)ⁿ⁻ᵏ ≥ received·(d+a)ⁿ`, in big integers (the
//!   numbers run to thousands of digits for 360 instalments, held in [`Nat`]). `N` is found
//!   by doubling and bisection on these tests: no floating point anywhere.
//! - `naive_pct` = (total − received) ÷ received ÷ months × 12, the figure "月费率 × 12"
//!   suggests, rounded once, half up.
//! - The instalment table splits each payment into interest at the printed rate (÷ 12) on
//!   the balance and principal; the last row takes the rounding remainder. Display only.

use crate::date::format_date_zh;
use crate::lpr::{lpr_start, LprTable};
use crate::num::{div_round_half_up, Dec, Money};
use crate::report::{FieldSpec, Figure, InputKind, Note, Report, Table};
use crate::value::{Fields, InputError, Value};
use chrono::NaiveDate;
use std::cmp::Ordering;

const SCHEDULE_FIELDS: &[FieldSpec] = &[
    FieldSpec {
        name: "count",
        label: "期数",
        help: "",
        input: InputKind::Integer {
            min: 1,
            max: MAX_INSTALMENTS as i64,
        },
        default: "",
    },
    FieldSpec {
        name: "amount",
        label: "每期还款（元）",
        help: "",
        input: InputKind::Money,
        default: "",
    },
];

pub const FORM: &[FieldSpec] = &[
    FieldSpec {
        name: "received",
        label: "实际到手金额（元）",
        help: "放款后真正到您账户的钱。放款时先扣掉的手续费、服务费、“砍头息”不算在内。",
        input: InputKind::Money,
        default: "",
    },
    FieldSpec {
        name: "schedule",
        label: "每月还款",
        help: "每行填“期数”和“每期还款”：12期、每期1072元，就在第一行填 12 和 1072。各期金额不同的，按先后顺序分行填，例如第1期1572元、之后11期每期1072元，填两行。每期还款要包括利息、本金和随还款收取的会员费、担保费等一切费用。",
        input: InputKind::List {
            fields: SCHEDULE_FIELDS,
            rows: 3,
        },
        default: "",
    },
    FieldSpec {
        name: "card_plan",
        label: "这是信用卡分期（账单分期、现金分期、个性化分期）",
        help: "勾选：不与民间借贷和金融借款的利率界线对照，信用卡的利息、费用另有规则（银行卡纠纷规定第2条）。",
        input: InputKind::Bool,
        default: "false",
    },
    FieldSpec {
        name: "contract_date",
        label: "借款合同成立日期（选填）",
        help: "填写后，与民间借贷的法定上限（合同成立时一年期LPR的四倍）对照。",
        input: InputKind::Date,
        default: "",
    },
];

/// The most instalments accepted (30 years of monthly payments).
pub const MAX_INSTALMENTS: usize = 360;

/// The highest annual rate computed, in hundredths of a percent: 1,000,000%. A loan
/// beyond it is a typing mistake or far outside anything the law protects.
pub const MAX_APR_BP: u64 = 100_000_000;

/// Monthly rate denominator of a rounding boundary: (2N ± 1) / 240000 is N/100 % ± 0.005%
/// a year, divided by 12.
const BOUNDARY_DEN: u64 = 240_000;

const CITE_PBOC: &str = "中国人民银行公告〔2021〕第3号";
const RULES: &str = "《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》";
const CITE_CARD_RULES: &str = "《最高人民法院关于审理银行卡民事纠纷案件若干问题的规定》第2条";
const OPINION_2017: &str =
    "《最高人民法院关于进一步加强金融审判工作的若干意见》（法发〔2017〕22号）第2条";

/// A checked annual-rate request.
#[derive(Debug, Clone, PartialEq)]
pub struct AprInput {
    pub received: Money,
    /// One amount per month, the first one month after the money was received.
    pub payments: Vec<Money>,
    pub contract_date: Option<NaiveDate>,
    /// A credit-card instalment plan: the lending yardsticks (4 × LPR, 24%) do not apply;
    /// 银行卡纠纷规定第2条 lets the cardholder ask a court to reduce excessive charges.
    pub card_plan: bool,
}

impl AprInput {
    pub fn read(fields: &mut Fields) -> Result<AprInput, InputError> {
        let received = fields.money("received", "实际到手金额")?;
        if received == Money::ZERO {
            return Err(fields.error("received", "实际到手金额", "应大于 0"));
        }
        let listed = fields.money_list("payments", "每期还款")?;
        let mut grouped = Vec::new();
        for mut item in fields.list("schedule", "每月还款")? {
            let count = item
                .opt_int("count", "期数", 1, MAX_INSTALMENTS as i64)?
                .ok_or_else(|| item.error("count", "期数", "必须填写"))?;
            let amount = item.money("amount", "每期还款")?;
            if amount == Money::ZERO {
                return Err(item.error("amount", "每期还款", "应大于 0"));
            }
            if grouped.len() + count as usize > MAX_INSTALMENTS {
                return Err(item.error(
                    "count",
                    "期数",
                    format!("合计超过 {MAX_INSTALMENTS} 期（30年），超出本计算器的范围"),
                ));
            }
            item.finish()?;
            grouped.extend(std::iter::repeat_n(amount, count as usize));
        }
        if !listed.is_empty() && !grouped.is_empty() {
            return Err(fields.error("schedule", "每月还款", "与“每期还款”（payments）只能填一种"));
        }
        if let Some(i) = listed.iter().position(|p| *p == Money::ZERO) {
            let path = format!("payments[{i}]");
            return Err(InputError::new(
                path.clone(),
                format!("“每期还款”第{}项（{path}）应大于 0", i + 1),
            ));
        }
        let (payments, field) = if grouped.is_empty() {
            (listed, "payments")
        } else {
            (grouped, "schedule")
        };
        if payments.is_empty() {
            return Err(fields.error(field, "每期还款", "至少要有一期还款"));
        }
        if payments.len() > MAX_INSTALMENTS {
            return Err(fields.error(
                field,
                "每期还款",
                format!("最多 {MAX_INSTALMENTS} 期（30年），超出本计算器的范围"),
            ));
        }
        let total = payments.iter().fold(Money::ZERO, |a, p| a + *p);
        if total < received {
            return Err(fields.error(
                field,
                "每期还款",
                format!(
                    "合计 {} 元，少于实际到手的 {} 元：还得比借到的少，不存在正的利率，请检查输入",
                    total.grouped(),
                    received.grouped()
                ),
            ));
        }
        let contract_date = fields.opt_date("contract_date", "借款合同成立日期")?;
        let card_plan = fields
            .opt_bool("card_plan", "这是信用卡分期")?
            .unwrap_or(false);
        Ok(AprInput {
            received,
            payments,
            contract_date,
            card_plan,
        })
    }

    /// Computes with the LPR table `table` (`Data::lpr`), which gives the cap.
    pub fn compute(&self, table: &LprTable) -> Result<AprAnswer, InputError> {
        let n = self.payments.len();
        let r = self.received.fen();
        if r <= 0 {
            return Err(InputError::new(
                "received",
                "“实际到手金额”（received）应大于 0",
            ));
        }
        if n == 0 || n > MAX_INSTALMENTS || self.payments.iter().any(|p| p.fen() <= 0) {
            return Err(InputError::new(
                "payments",
                format!("“每期还款”（payments）应为 1 到 {MAX_INSTALMENTS} 期、每期大于 0 的金额"),
            ));
        }
        let total = self.payments.iter().fold(Money::ZERO, |a, p| a + *p);
        if total < self.received {
            return Err(InputError::new(
                "payments",
                "“每期还款”（payments）合计少于实际到手金额，不存在正的利率",
            ));
        }
        let apr_bp = apr_basis_points(self.received, &self.payments).ok_or_else(|| {
            InputError::new(
                "received",
                "按这些数字，年化利率超过 1000000%，远超法律保护的任何上限，也超出本计算器的范围：请检查到手金额和每期还款是否填对",
            )
        })?;
        let cost = total - self.received;
        let naive_bp = div_round_half_up(120_000 * cost.fen(), r * n as i128);
        let mut warnings = Vec::new();
        let cap = self
            .contract_date
            .filter(|d| *d >= new_rules_day() && !self.card_plan)
            .map(|d| {
                let (lpr, warning) = table.one_year_on(d);
                warnings.extend(warning);
                (lpr, lpr.mul_int(4))
            });
        let mut answer = AprAnswer {
            input: self.clone(),
            apr: Dec::from_parts(apr_bp as i128, 2),
            naive: Dec::from_parts(naive_bp, 2),
            total_paid: total,
            total_cost: cost,
            lpr_and_cap: cap,
            rows: instalment_rows(self.received, &self.payments, apr_bp),
            notes: Vec::new(),
            warnings,
        };
        answer.notes = answer.make_notes();
        Ok(answer)
    }
}

/// The day the 2020 民间借贷 rules took effect; contracts made before are judged under
/// their 第31条 transition.
fn new_rules_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 8, 20).expect("valid date")
}

/// The sign of the net present value `Σ pₖ/(1+i)ᵏ − received` at the monthly rate
/// `i = rate_num / rate_den` (k = 1…n months), computed exactly: with `u = rate_den +
/// rate_num`, `w = rate_den`, it is the sign of `Σ pₖ·wᵏ·uⁿ⁻ᵏ − received·uⁿ` (both sides
/// multiplied by `(u/w)ⁿ > 0`), evaluated by Horner's rule in big integers.
/// `Greater`: the payments are worth more than `received` at this rate (the true rate is
/// higher).
pub fn npv_sign(received: Money, payments: &[Money], rate_num: u64, rate_den: u64) -> Ordering {
    let u = rate_den + rate_num;
    let w = rate_den;
    // a = Σ_{j≤k} p_j·w^j·u^(k−j) after step k; w_pow = w^k.
    let mut a = Nat::new(0);
    let mut w_pow = Nat::new(1);
    let mut b = Nat::new(received.fen().unsigned_abs() as u64);
    for p in payments {
        w_pow.mul_small(w);
        a.mul_small(u);
        a.add_mul(&w_pow, p.fen().unsigned_abs() as u64);
        b.mul_small(u);
    }
    a.compare(&b)
}

/// A natural number in base 2³², least significant limb first, with just the three
/// operations of the sign test: multiply by a small number, add a multiple, compare.
/// (A general big-integer crate, num-bigint, took 16.6 KB of the browser module's code
/// in the size profile for these three operations; the tests check this one against it.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nat(Vec<u32>);

impl Nat {
    pub fn new(x: u64) -> Nat {
        let mut n = Nat(vec![x as u32, (x >> 32) as u32]);
        n.trim();
        n
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn push_carry(&mut self, mut carry: u128) {
        while carry > 0 {
            self.0.push(carry as u32);
            carry >>= 32;
        }
    }

    /// self × m.
    pub fn mul_small(&mut self, m: u64) {
        let mut carry: u128 = 0;
        for limb in &mut self.0 {
            let t = *limb as u128 * m as u128 + carry;
            *limb = t as u32;
            carry = t >> 32;
        }
        self.push_carry(carry);
        self.trim();
    }

    /// self + other × m.
    pub fn add_mul(&mut self, other: &Nat, m: u64) {
        if self.0.len() < other.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        let mut carry: u128 = 0;
        for (i, limb) in self.0.iter_mut().enumerate() {
            let o = other.0.get(i).copied().unwrap_or(0);
            let t = *limb as u128 + o as u128 * m as u128 + carry;
            *limb = t as u32;
            carry = t >> 32;
        }
        self.push_carry(carry);
        self.trim();
    }

    pub fn compare(&self, other: &Nat) -> Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }
}

/// The annual rate in hundredths of a percent, rounded half up (see the module's notes),
/// or `None` above [`MAX_APR_BP`]. The payments must total at least `received`.
pub fn apr_basis_points(received: Money, payments: &[Money]) -> Option<u64> {
    // Whether the true annual rate is at least (n − ½)/100 %: the present value at that
    // lower rounding boundary still covers `received`.
    let at_least = |n: u64| n == 0 || npv_sign(received, payments, 2 * n - 1, BOUNDARY_DEN).is_ge();
    // Doubling, then bisection: at_least(lo) holds and at_least(hi) does not.
    let (mut lo, mut hi) = (0u64, 1u64);
    while at_least(hi) {
        if hi > MAX_APR_BP {
            return None;
        }
        lo = hi;
        hi *= 2;
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if at_least(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (lo <= MAX_APR_BP).then_some(lo)
}

/// One row of the instalment table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instalment {
    pub number: usize,
    pub payment: Money,
    pub interest: Money,
    pub principal: Money,
    /// What is still owed after this payment.
    pub balance: Money,
}

/// The payments split at the printed rate: interest = balance × apr/12, rounded half up
/// to the 分; the last row's principal clears the balance (its interest takes the
/// rounding remainder). Empty in the (absurd) case where the figures would overflow.
fn instalment_rows(received: Money, payments: &[Money], apr_bp: u64) -> Vec<Instalment> {
    let mut rows = Vec::with_capacity(payments.len());
    let mut balance = received.fen();
    for (i, p) in payments.iter().enumerate() {
        let interest = if i + 1 == payments.len() {
            p.fen() - balance
        } else {
            match balance.checked_mul(apr_bp as i128) {
                Some(x) => div_round_half_up(x, 120_000),
                None => return Vec::new(),
            }
        };
        let principal = p.fen() - interest;
        balance -= principal;
        if balance.abs() > crate::num::MAX_YUAN * 100_000 {
            return Vec::new();
        }
        rows.push(Instalment {
            number: i + 1,
            payment: *p,
            interest: Money::from_fen(interest),
            principal: Money::from_fen(principal),
            balance: Money::from_fen(balance),
        });
    }
    rows
}

/// The answer.
#[derive(Debug, Clone, PartialEq)]
pub struct AprAnswer {
    pub input: AprInput,
    /// The annual rate in %, two places.
    pub apr: Dec,
    /// (total − received) ÷ received ÷ months × 12, in %, two places.
    pub naive: Dec,
    pub total_paid: Money,
    pub total_cost: Money,
    /// The one-year LPR on the contract date and four times it (contracts from 2020-08-20).
    pub lpr_and_cap: Option<(Dec, Dec)>,
    pub rows: Vec<Instalment>,
    pub notes: Vec<Note>,
    pub warnings: Vec<String>,
}

impl AprAnswer {
    fn months(&self) -> usize {
        self.input.payments.len()
    }

    fn make_notes(&self) -> Vec<Note> {
        let i = &self.input;
        let apr = self.apr.format(2);
        let mut notes = vec![Note::new(
            format!(
                "年化利率按内部收益率计算：找出一个月利率，使 {} 期还款按这个利率折算到放款当天，正好等于您实际到手的 {} 元；月利率乘以12就是年化利率 {}%。它把利息和与借款直接相关的各项费用都算进去，并且只按您手里实际还占用着的本金计算。",
                self.months(),
                i.received.grouped(),
                apr
            ),
            format!("{CITE_PBOC}（要求贷款产品明示年化利率，计入利息及与贷款直接相关的各类费用）"),
        )];
        if self.naive < self.apr {
            notes.push(Note::new(
                format!(
                    "按“月费率×12”的算法是 {}%：它把全部费用除以到手金额、按整个借期平摊，可您每个月都在归还本金，后面几个月手里的钱已经不多，却照样按全额付费，所以真实的年化利率更高，是 {}%。",
                    self.naive.format(2),
                    apr
                ),
                CITE_PBOC,
            ));
        } else if self.naive > self.apr {
            notes.push(Note::new(
                format!(
                    "按“月费率×12”的算法是 {}%，比真实的年化利率 {}% 高：这笔借款的费用大多在后期才付，真实年化利率按每期实际占用的钱和付款的时间计算。",
                    self.naive.format(2),
                    apr
                ),
                CITE_PBOC,
            ));
        }
        notes.push(Note::new(
            "本计算假定：第一期在拿到钱一个月后还，之后每月还一期；每期金额包括利息、本金，以及会员费、担保费、服务费等随还款收取的费用。放款时先扣掉的利息或费用（“砍头息”），到手金额里不要计入：依法应当按实际借到的数额计算利息。",
            format!("《民法典》第670条；{RULES}第26条"),
        ));
        if i.card_plan {
            notes.push(Note::new(
                "信用卡分期适用银行卡纠纷的规则：不适用民间借贷的四倍LPR上限，金融借款审判实践中的年利率24%界线也不直接适用；信用卡的利息、分期手续费等费用过高的，持卡人可以在诉讼中请求法院适当减少，法律没有规定固定的数字界线。",
                CITE_CARD_RULES,
            ));
            return notes;
        }
        match (i.contract_date, self.lpr_and_cap) {
            (Some(d), Some((lpr, cap))) => {
                let over = self.apr > cap;
                notes.push(Note::new(
                    format!(
                        "合同成立日{}的一年期贷款市场报价利率（LPR）为 {}%，四倍为 {}%。出借人是个人或一般公司（民间借贷）的，利率超过这个上限的部分法院不予支持；利息、违约金和其他费用合计也以此为限。本例年化利率 {}%，{}。",
                        format_date_zh(d),
                        lpr.format(2),
                        cap.format(2),
                        apr,
                        if over {
                            format!("高于上限 {} 个百分点", (self.apr - cap).format(2))
                        } else {
                            "没有超过这个上限".to_string()
                        }
                    ),
                    format!("{RULES}第25条、第29条"),
                ));
            }
            (Some(d), None) => notes.push(Note::new(
                format!(
                    "合同成立于{}，在2020年8月20日之前：2020年8月19日以前的利息可以适用当时的规定（年利率24%以内予以支持），此后的利息以起诉时一年期LPR的四倍为限。",
                    format_date_zh(d)
                ),
                format!("{RULES}第31条"),
            )),
            (None, _) => notes.push(Note::new(
                format!(
                    "填写借款合同成立日期，可以对照民间借贷的法定上限：合同成立时一年期贷款市场报价利率（LPR，{}起每月公布）的四倍。",
                    format_date_zh(lpr_start())
                ),
                format!("{RULES}第25条"),
            )),
        }
        let above_24 = self.apr > Dec::from_int(24);
        notes.push(Note::new(
            format!(
                "出借人是银行、消费金融公司、小额贷款公司等持牌机构的，不适用民间借贷的四倍LPR上限；法院的通常做法是：利息、复利、罚息、违约金和其他费用合计超过年利率24%的部分，借款人可以请求调减（需要自己提出，并非自动免除）。本例年化利率 {}%，{}。",
                apr,
                if above_24 {
                    format!("超过24%，超出 {} 个百分点", (self.apr - Dec::from_int(24)).format(2))
                } else {
                    "没有超过24%".to_string()
                }
            ),
            format!("{OPINION_2017}（法院的适用）；{RULES}第1条第二款"),
        ));
        notes
    }

    pub fn to_value(&self) -> Value {
        Value::map([
            ("apr_pct", Value::str(self.apr.format(2))),
            ("naive_pct", Value::str(self.naive.format(2))),
            ("total_cost", Value::money(self.total_cost)),
            ("total_paid", Value::money(self.total_paid)),
            ("received", Value::money(self.input.received)),
            ("months", Value::Number(self.months().to_string())),
            (
                "lpr_pct",
                self.lpr_and_cap
                    .map_or(Value::Null, |(l, _)| Value::str(l.format(2))),
            ),
            (
                "cap_pct",
                self.lpr_and_cap
                    .map_or(Value::Null, |(_, c)| Value::str(c.format(2))),
            ),
            (
                "instalments",
                Value::List(
                    self.rows
                        .iter()
                        .map(|r| {
                            Value::map([
                                ("number", Value::Number(r.number.to_string())),
                                ("payment", Value::money(r.payment)),
                                ("interest", Value::money(r.interest)),
                                ("principal", Value::money(r.principal)),
                                ("balance", Value::money(r.balance)),
                            ])
                        })
                        .collect(),
                ),
            ),
            ("notes", crate::report::notes_value(&self.notes)),
            ("warnings", crate::report::warnings_value(&self.warnings)),
        ])
    }

    pub fn report(&self) -> Report {
        let mut figures = vec![
            Figure::new(
                "真实年化利率",
                format!("{}%", self.apr.format(2)),
                CITE_PBOC,
            ),
            Figure::new(
                "按“月费率×12”算",
                format!("{}%", self.naive.format(2)),
                "借款成本 ÷ 到手金额 ÷ 期数 × 12，仅作对照",
            ),
            Figure::new(
                "借款总成本",
                format!(
                    "{} 元（共还 {} 元，到手 {} 元）",
                    self.total_cost.grouped(),
                    self.total_paid.grouped(),
                    self.input.received.grouped()
                ),
                CITE_PBOC,
            ),
        ];
        if let Some((_, cap)) = self.lpr_and_cap {
            figures.push(Figure::new(
                "民间借贷上限（合同成立时一年期LPR×4）",
                format!(
                    "{}%，{}",
                    cap.format(2),
                    if self.apr > cap {
                        "本例超过"
                    } else {
                        "本例未超过"
                    }
                ),
                format!("{RULES}第25条"),
            ));
        }
        if self.input.card_plan {
            figures.push(Figure::new(
                "信用卡分期：费用过高的",
                "没有固定的数字界线，可以在诉讼中请求法院适当减少",
                CITE_CARD_RULES,
            ));
        } else {
            figures.push(Figure::new(
                "持牌机构：可请求调减的界线",
                format!(
                    "24%，{}",
                    if self.apr > Dec::from_int(24) {
                        "本例超过"
                    } else {
                        "本例未超过"
                    }
                ),
                format!("{OPINION_2017}（法院的适用）"),
            ));
        }
        let table = (!self.rows.is_empty()).then(|| {
            Table::new(
                format!(
                    "每期还款按年化利率 {}%（月利率为其 1/12）拆分；四舍五入到分，尾差计入最后一期",
                    self.apr.format(2)
                ),
                &["期次", "还款", "其中利息和费用", "其中本金", "还欠本金"],
                self.rows
                    .iter()
                    .map(|r| {
                        vec![
                            r.number.to_string(),
                            r.payment.grouped(),
                            r.interest.grouped(),
                            r.principal.grouped(),
                            r.balance.grouped(),
                        ]
                    })
                    .collect(),
            )
        });
        let mut sentence = format!(
            "按你实际到手的 {} 元和每期还款算，这笔借款的真实年化利率是 {}%",
            self.input.received.grouped(),
            self.apr.format(2)
        );
        if self.apr > self.naive {
            sentence += &format!("，比“月费率×12”算出的 {}% 高", self.naive.format(2));
        }
        sentence.push('。');
        if let Some((_, cap)) = self.lpr_and_cap.filter(|(_, cap)| self.apr > *cap) {
            sentence += &format!(
                "超过了民间借贷的上限 {}%（出借人是个人或普通公司时适用）。",
                cap.format(2)
            );
        }
        Report::new(
            crate::Kind::Apr,
            figures,
            table,
            &self.notes,
            &self.warnings,
        )
        .with_headline("真实年化利率", sentence)
    }
}

/// The form's inputs for an article's `payments` list: the same payments as `schedule`
/// groups of equal consecutive amounts, which is what the form shows.
pub fn form_inputs(inputs: &Value) -> Value {
    let Value::Map(entries) = inputs else {
        return inputs.clone();
    };
    let mut out = Vec::with_capacity(entries.len());
    for (k, v) in entries {
        match (k.as_str(), v) {
            ("payments", Value::List(items)) if items.iter().all(|i| i.as_text().is_some()) => {
                let mut groups: Vec<(usize, &str)> = Vec::new();
                for item in items {
                    let text = item.as_text().unwrap_or("").trim();
                    match groups.last_mut() {
                        Some((count, amount)) if *amount == text => *count += 1,
                        _ => groups.push((1, text)),
                    }
                }
                let rows = groups
                    .into_iter()
                    .map(|(count, amount)| {
                        Value::map([
                            ("count", Value::Number(count.to_string())),
                            ("amount", Value::str(amount)),
                        ])
                    })
                    .collect();
                out.push(("schedule".to_string(), Value::List(rows)));
            }
            _ => out.push((k.clone(), v.clone())),
        }
    }
    Value::Map(out)
}

#[cfg(test)]
mod tests;
