//! 诉讼费 (`kind: "court_fee"`, CALCULATOR.md §6): what a lawsuit, a payment order, an
//! enforcement or a preservation costs at court under the 诉讼费用交纳办法, so that a reader
//! who is being sued sees the fee the losing side bears.
//!
//! - `case` 案件受理费 of a property case (第13条(一)): 50 yuan up to 10,000, then a rate on
//!   the part of the claim inside each band, cumulated. Halved (第15条 mediation or
//!   withdrawal, 第16条 simple procedure) once only, even when both apply (民诉法解释 第206条).
//! - `payment_order` 申请支付令: one third of the case fee (第14条(三)); not halved.
//! - `enforcement` 申请执行费 (第14条(一)2): 50 up to 10,000, then 1.5% / 1% / 0.5% / 0.1%.
//! - `preservation` 保全费 (第14条(二)): 30 up to 1,000, then 1% / 0.5%, at most 5,000.
//!
//! Every band's part is an exact fraction of a 分 (rate in ‰ over 1000); the fee is the sum,
//! divided by 2 or 3 where the rules say so, capped where they say so, rounded once, half
//! up, to the 分. Band amounts are rounded for display only.

use crate::num::{div_round_half_up, Money};
use crate::report::{choice_codes, FieldSpec, Figure, InputKind, Note, Report, Table};
use crate::value::{Fields, InputError, Value};

const FEES: &[(&str, &str)] = &[
    ("case", "起诉：案件受理费"),
    ("payment_order", "申请支付令"),
    ("enforcement", "申请执行费"),
    ("preservation", "申请保全费"),
];
// The codes alone, to read the field: the labels stay out of the browser module.
const FEE_CODES: [&str; 4] = choice_codes(FEES);
const PROCEDURES: &[(&str, &str)] = &[
    ("ordinary", "普通程序"),
    ("simple", "简易程序（含小额诉讼）"),
];
// The codes alone, to read the field: the labels stay out of the browser module.
const PROCEDURE_CODES: [&str; 2] = choice_codes(PROCEDURES);
const ENDINGS: &[(&str, &str)] = &[
    ("judgment", "判决"),
    ("mediation", "调解结案"),
    ("withdrawal", "撤诉"),
];
// The codes alone, to read the field: the labels stay out of the browser module.
const ENDING_CODES: [&str; 3] = choice_codes(ENDINGS);

pub const FORM: &[FieldSpec] = &[
    FieldSpec {
        name: "fee",
        label: "算哪一种费用",
        help: "起诉交案件受理费；申请支付令、申请执行、申请保全各交申请费。",
        input: InputKind::Choice(FEES),
        default: "case",
    },
    FieldSpec {
        name: "claim",
        label: "金额（元）",
        help: "起诉、支付令：请求的金额（本金、利息、违约金等合计）；申请执行：申请执行的金额；保全：实际保全的财产数额。",
        input: InputKind::Money,
        default: "",
    },
    FieldSpec {
        name: "procedure",
        label: "审理程序",
        help: "只影响案件受理费：适用简易程序的减半交纳。",
        input: InputKind::Choice(PROCEDURES),
        default: "ordinary",
    },
    FieldSpec {
        name: "ended_by",
        label: "结案方式",
        help: "只影响案件受理费：调解结案或撤诉的减半交纳；与简易程序同时适用，也只减半一次。",
        input: InputKind::Choice(ENDINGS),
        default: "judgment",
    },
];

/// Which fee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeeType {
    Case,
    PaymentOrder,
    Enforcement,
    Preservation,
}

impl FeeType {
    pub fn code(self) -> &'static str {
        FEES[self as usize].0
    }

    fn name(self) -> &'static str {
        ["案件受理费", "支付令申请费", "申请执行费", "保全申请费"][self as usize]
    }
}

/// One band of a fee table: the part of the amount above `from` up to `to` pays `per_mille`
/// ‰, or the whole band pays `flat` when `per_mille` is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BandRule {
    pub from_yuan: i128,
    pub to_yuan: Option<i128>,
    pub per_mille: Option<i128>,
    pub flat_yuan: i128,
}

const fn flat(to: i128, yuan: i128) -> BandRule {
    BandRule {
        from_yuan: 0,
        to_yuan: Some(to),
        per_mille: None,
        flat_yuan: yuan,
    }
}

const fn rate(from: i128, to: Option<i128>, per_mille: i128) -> BandRule {
    BandRule {
        from_yuan: from,
        to_yuan: to,
        per_mille: Some(per_mille),
        flat_yuan: 0,
    }
}

const WAN: i128 = 10_000;

/// 诉讼费用交纳办法 第13条(一).
pub const CASE_BANDS: &[BandRule] = &[
    flat(WAN, 50),
    rate(WAN, Some(10 * WAN), 25),
    rate(10 * WAN, Some(20 * WAN), 20),
    rate(20 * WAN, Some(50 * WAN), 15),
    rate(50 * WAN, Some(100 * WAN), 10),
    rate(100 * WAN, Some(200 * WAN), 9),
    rate(200 * WAN, Some(500 * WAN), 8),
    rate(500 * WAN, Some(1000 * WAN), 7),
    rate(1000 * WAN, Some(2000 * WAN), 6),
    rate(2000 * WAN, None, 5),
];

/// 第14条(一)2.
pub const ENFORCEMENT_BANDS: &[BandRule] = &[
    flat(WAN, 50),
    rate(WAN, Some(50 * WAN), 15),
    rate(50 * WAN, Some(500 * WAN), 10),
    rate(500 * WAN, Some(1000 * WAN), 5),
    rate(1000 * WAN, None, 1),
];

/// 第14条(二).
pub const PRESERVATION_BANDS: &[BandRule] = &[
    flat(1000, 30),
    rate(1000, Some(10 * WAN), 10),
    rate(10 * WAN, None, 5),
];

/// The most a preservation costs (第14条(二)).
pub const PRESERVATION_CAP_YUAN: i128 = 5000;

/// A checked court-fee request.
#[derive(Debug, Clone, PartialEq)]
pub struct CourtFeeInput {
    pub fee: FeeType,
    /// The claim (or the amount to enforce, or the property preserved).
    pub claim: Money,
    /// 简易程序 (including 小额诉讼).
    pub simple: bool,
    /// `None`: judgment; `Some("mediation" | "withdrawal")`.
    pub ended_by: Option<&'static str>,
}

impl CourtFeeInput {
    pub fn read(fields: &mut Fields) -> Result<CourtFeeInput, InputError> {
        let fee = match fields.opt_choice("fee", "费用种类", &FEE_CODES)? {
            Some("payment_order") => FeeType::PaymentOrder,
            Some("enforcement") => FeeType::Enforcement,
            Some("preservation") => FeeType::Preservation,
            _ => FeeType::Case,
        };
        let claim = fields.money("claim", "金额")?;
        if claim == Money::ZERO {
            return Err(fields.error("claim", "金额", "应大于 0"));
        }
        let simple =
            fields.opt_choice("procedure", "审理程序", &PROCEDURE_CODES)? == Some("simple");
        let ended_by = fields
            .opt_choice("ended_by", "结案方式", &ENDING_CODES)?
            .filter(|e| *e != "judgment");
        Ok(CourtFeeInput {
            fee,
            claim,
            simple,
            ended_by,
        })
    }

    fn bands(&self) -> &'static [BandRule] {
        match self.fee {
            FeeType::Case | FeeType::PaymentOrder => CASE_BANDS,
            FeeType::Enforcement => ENFORCEMENT_BANDS,
            FeeType::Preservation => PRESERVATION_BANDS,
        }
    }

    pub fn compute(&self) -> Result<CourtFeeAnswer, InputError> {
        if self.claim <= Money::ZERO {
            return Err(InputError::new("claim", "“金额”（claim）应大于 0"));
        }
        // Each band's amount as 分 × 1000 (‰), exact.
        let claim = self.claim.fen();
        let mut bands = Vec::new();
        for rule in self.bands() {
            let from = rule.from_yuan * 100;
            if claim <= from && from > 0 {
                break;
            }
            let to = rule.to_yuan.map_or(claim, |t| (t * 100).min(claim));
            let milli_fen = match rule.per_mille {
                None => rule.flat_yuan * 100 * 1000,
                Some(r) => (to - from) * r,
            };
            bands.push(Band {
                rule: *rule,
                part: Money::from_fen(to - from),
                milli_fen,
            });
        }
        let full: i128 = bands.iter().map(|b| b.milli_fen).sum();
        let halved = self.fee == FeeType::Case && (self.simple || self.ended_by.is_some());
        let mut capped = false;
        let divisor = match self.fee {
            FeeType::PaymentOrder => 3,
            _ if halved => 2,
            _ => 1,
        };
        let mut milli_fen = full;
        if self.fee == FeeType::Preservation && milli_fen > PRESERVATION_CAP_YUAN * 100 * 1000 {
            milli_fen = PRESERVATION_CAP_YUAN * 100 * 1000;
            capped = true;
        }
        let fee = Money::from_fen(div_round_half_up(milli_fen, 1000 * divisor));
        let mut answer = CourtFeeAnswer {
            input: self.clone(),
            fee,
            full: Money::from_fen(div_round_half_up(full, 1000)),
            halved,
            capped,
            bands,
            notes: Vec::new(),
        };
        answer.notes = answer.make_notes();
        Ok(answer)
    }
}

/// One band as applied: the part of the amount inside it and its fee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    pub rule: BandRule,
    pub part: Money,
    /// The band's fee in 分 × 1000, exact.
    pub milli_fen: i128,
}

impl Band {
    /// Rounded for display only.
    pub fn amount(&self) -> Money {
        Money::from_fen(div_round_half_up(self.milli_fen, 1000))
    }

    /// `2.5%`, or `每件` for the flat first band.
    fn rate_text(&self) -> String {
        // (The rates are the schedule's few per mille: 64-bit formatting is plenty.)
        match self.rule.per_mille.map(|r| r as i64) {
            None => "每件".into(),
            Some(r) if r % 10 == 0 => format!("{}%", r / 10),
            Some(r) => format!("{}.{}%", r / 10, r % 10),
        }
    }

    fn range_text(&self) -> String {
        let y = |n: i128| {
            let text = Money::from_yuan(n).grouped();
            text.strip_suffix(".00").unwrap_or(&text).to_string()
        };
        match self.rule.to_yuan {
            None => format!("超过 {} 的部分", y(self.rule.from_yuan)),
            Some(t) if self.rule.per_mille.is_none() => format!("不超过 {}", y(t)),
            Some(t) => format!("{}–{} 的部分", y(self.rule.from_yuan), y(t)),
        }
    }
}

/// The answer.
#[derive(Debug, Clone, PartialEq)]
pub struct CourtFeeAnswer {
    pub input: CourtFeeInput,
    pub fee: Money,
    /// The sum of the bands before halving, the third or the cap.
    pub full: Money,
    pub halved: bool,
    /// The preservation cap applied.
    pub capped: bool,
    pub bands: Vec<Band>,
    pub notes: Vec<Note>,
}

const CITE: &str = "《诉讼费用交纳办法》";

fn cite(articles: &str) -> String {
    format!("{CITE}{articles}")
}

impl CourtFeeAnswer {
    fn basis(&self) -> String {
        let i = &self.input;
        match i.fee {
            FeeType::Case if self.halved => {
                let why = match (i.simple, i.ended_by.is_some()) {
                    (true, true) => "第15条、第16条；《民诉法解释》第206条",
                    (true, false) => "第16条",
                    _ => "第15条",
                };
                cite(&format!("第13条(一)、{why}"))
            }
            FeeType::Case => cite("第13条(一)"),
            FeeType::PaymentOrder => cite("第14条(三)、第13条(一)"),
            FeeType::Enforcement => cite("第14条(一)"),
            FeeType::Preservation => cite("第14条(二)"),
        }
    }

    fn make_notes(&self) -> Vec<Note> {
        let i = &self.input;
        let mut notes = Vec::new();
        let method = match i.fee {
            FeeType::Case => "财产案件按诉讼请求的金额分段累计交纳：不超过1万元的每件50元，超过部分按各段比例计算后相加。",
            FeeType::PaymentOrder => "申请支付令的，比照财产案件受理费标准的1/3交纳：先按案件受理费分段累计，再除以3。",
            FeeType::Enforcement => "申请执行的，按执行金额分段累计：不超过1万元的每件50元，超过部分按各段比例相加。没有执行金额的每件50元至500元，这里不计算。",
            FeeType::Preservation => "申请保全的，按实际保全的财产数额分段累计：不超过1000元的每件30元，超过部分按各段比例相加，最多不超过5000元。",
        };
        notes.push(Note::new(
            format!(
                "{method}金额 {} 元，合计 {} 元{}，一次四舍五入到分。",
                i.claim.grouped(),
                self.full.grouped(),
                match (i.fee, self.capped) {
                    (FeeType::PaymentOrder, _) => format!("，1/3 为 {} 元", self.fee.grouped()),
                    (_, true) => "，超过上限，按5000元交纳".to_string(),
                    _ => String::new(),
                }
            ),
            self.basis(),
        ));
        if self.halved {
            let both = i.simple && i.ended_by.is_some();
            notes.push(Note::new(
                format!(
                    "{}，案件受理费减半交纳{}。",
                    match (i.simple, i.ended_by) {
                        (true, Some(_)) => "适用简易程序，又以调解或撤诉结案",
                        (true, None) => "适用简易程序（含小额诉讼）审理",
                        (false, Some("withdrawal")) => "申请撤诉",
                        _ => "以调解方式结案",
                    },
                    if both { "，但只能减半一次" } else { "" }
                ),
                if both {
                    format!("{}；《民诉法解释》第206条", cite("第15条、第16条"))
                } else if i.simple {
                    cite("第16条")
                } else {
                    cite("第15条")
                },
            ));
        } else if i.fee != FeeType::Case && (i.simple || i.ended_by.is_some()) {
            notes.push(Note::new(
                format!(
                    "简易程序、调解、撤诉减半只适用于案件受理费，{}不减半。",
                    i.fee.name()
                ),
                cite("第15条、第16条"),
            ));
        }
        let (advance, bear) = match i.fee {
            FeeType::Case => (
                ("案件受理费由原告预交（接到交费通知次日起7日内）。", cite("第20条、第22条")),
                (
                    if i.ended_by == Some("withdrawal") {
                        "撤诉的，案件受理费由原告负担。"
                    } else if i.ended_by == Some("mediation") {
                        "调解结案的，诉讼费用由双方协商负担，协商不成由法院决定。"
                    } else {
                        "诉讼费用最终由败诉方负担；部分胜诉、部分败诉的，由法院决定各自负担多少。被起诉的一方败诉，这笔费用会加到要付的钱里。"
                    },
                    cite(match i.ended_by {
                        Some("withdrawal") => "第34条",
                        Some(_) => "第31条",
                        None => "第29条",
                    }),
                ),
            ),
            FeeType::PaymentOrder => (
                ("申请费由申请人预交。", cite("第20条")),
                (
                    "债务人对支付令没有提出异议的，申请费由债务人负担；提出异议致使督促程序终结的，由申请人负担，申请人另行起诉时可以把它列入诉讼请求。",
                    cite("第36条"),
                ),
            ),
            FeeType::Enforcement => (
                ("申请执行费不由申请人预交，执行后交纳。", cite("第20条")),
                ("申请执行费由被执行人负担。", cite("第38条")),
            ),
            FeeType::Preservation => (
                ("申请费由申请人预交。", cite("第20条")),
                (
                    "保全申请费由申请人负担，申请人起诉时可以把它列入诉讼请求。",
                    cite("第38条"),
                ),
            ),
        };
        notes.push(Note::new(advance.0, advance.1));
        notes.push(Note::new(bear.0, bear.1));
        notes.push(Note::new(
            "交纳诉讼费用确有困难的，可以在起诉或上诉时向法院申请缓交、减交或免交（免交只适用于自然人）。",
            cite("第44条、第48条"),
        ));
        notes
    }

    pub fn to_value(&self) -> Value {
        let bands = self
            .bands
            .iter()
            .map(|b| {
                let from = Money::from_yuan(b.rule.from_yuan);
                Value::map([
                    ("from", Value::str(from.to_string())),
                    (
                        "to",
                        b.rule
                            .to_yuan
                            .map_or(Value::Null, |t| Value::str(Money::from_yuan(t).to_string())),
                    ),
                    ("rate", Value::str(b.rate_text())),
                    ("part", Value::str(b.part.to_string())),
                    ("amount", Value::str(b.amount().to_string())),
                ])
            })
            .collect();
        Value::map([
            ("fee", Value::str(self.fee.to_string())),
            ("halved", Value::Bool(self.halved)),
            ("capped", Value::Bool(self.capped)),
            ("full", Value::str(self.full.to_string())),
            ("bands", Value::List(bands)),
            ("notes", crate::report::notes_value(&self.notes)),
            ("warnings", Value::List(Vec::new())),
        ])
    }

    pub fn report(&self) -> Report {
        let i = &self.input;
        let mut figures = vec![Figure::new(
            i.fee.name(),
            format!("{} 元", self.fee.grouped()),
            self.basis(),
        )];
        if self.halved || i.fee == FeeType::PaymentOrder || self.capped {
            figures.push(Figure::new(
                "分段累计（减半、折算或封顶之前）",
                format!("{} 元", self.full.grouped()),
                cite(match i.fee {
                    FeeType::Preservation => "第14条(二)",
                    _ => "第13条(一)",
                }),
            ));
        }
        figures.push(Figure::new(
            "是否减半",
            if self.halved {
                "减半（只减一次）"
            } else {
                "不减半"
            },
            cite("第15条、第16条"),
        ));
        let table = Table::new(
            "分段累计",
            &["金额段（元）", "比例", "本段金额（元）", "本段费用（元）"],
            self.bands
                .iter()
                .map(|b| {
                    vec![
                        b.range_text(),
                        b.rate_text(),
                        b.part.grouped(),
                        b.amount().grouped(),
                    ]
                })
                .collect(),
        );
        let sentence = format!(
            "按你填的金额，{}是 {} 元{}。",
            i.fee.name(),
            self.fee.grouped(),
            if self.halved {
                "（已按规定减半）"
            } else {
                ""
            }
        );
        Report::new(
            crate::Kind::CourtFee,
            figures,
            Some(table),
            &self.notes,
            &[],
        )
        .with_headline(i.fee.name(), sentence)
    }
}

#[cfg(test)]
mod tests;
