//! The calculator core: the computations of `CALCULATOR.md` (逾期利息, 信用卡利息, 宽限期,
//! 征信不良记录, 迟延履行期间的债务利息, 诉讼费, 诉讼时效, 年化利率) in plain Rust with exact
//! money and no web dependency.
//!
//! Data flows one way: an input tree ([`Value`], built from JSON by the `calc` binary,
//! from TOML by the generator, from form fields by the browser module) is checked into a
//! typed [`Request`]; the request computes an [`Answer`]; the answer is shown either as a
//! [`Value`] (the JSON interface) or as a [`Report`] (headline figures, a table and notes,
//! each with its legal basis — what readers see on the page).
//!
//! The data the rules need — the LPR table and the holiday calendars — is not compiled in:
//! it is a [`Data`] value the caller passes to [`compute`] (the site keeps it in
//! `content/data/`; see [`data`]).

pub mod apr;
pub mod card;
#[cfg(feature = "cli")]
pub mod cli;
pub mod court_fee;
pub mod credit_record;
pub mod data;
pub mod date;
pub mod grace;
pub mod holidays;
pub mod html;
pub mod judgment;
pub mod limitation;
pub mod lpr;
pub mod num;
pub mod penalty;
pub mod report;
pub mod value;

pub use data::{Data, DataError};
pub use report::{FieldSpec, Figure, InputKind, Note, Report, Table};
pub use value::{Fields, InputError, Value};

/// The kinds of calculation, by their `kind` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Penalty,
    Card,
    Grace,
    CreditRecord,
    Judgment,
    CourtFee,
    Limitation,
    Apr,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Penalty,
        Kind::Card,
        Kind::Grace,
        Kind::CreditRecord,
        Kind::Judgment,
        Kind::CourtFee,
        Kind::Limitation,
        Kind::Apr,
    ];

    /// The `kind` value of the interface.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Penalty => "penalty",
            Kind::Card => "card",
            Kind::Grace => "grace",
            Kind::CreditRecord => "credit_record",
            Kind::Judgment => "judgment",
            Kind::CourtFee => "court_fee",
            Kind::Limitation => "limitation",
            Kind::Apr => "apr",
        }
    }

    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The name readers see.
    pub fn title(self) -> &'static str {
        match self {
            Kind::Penalty => "逾期利息计算",
            Kind::Card => "信用卡利息计算",
            Kind::Grace => "宽限期与逾期天数",
            Kind::CreditRecord => "征信不良记录删除时间",
            Kind::Judgment => "迟延履行期间的债务利息",
            Kind::CourtFee => "诉讼费计算",
            Kind::Limitation => "诉讼时效是否已过",
            Kind::Apr => "真实年化利率",
        }
    }

    /// The fields of this kind's form, in the order readers fill them.
    pub const fn form(self) -> &'static [FieldSpec] {
        match self {
            Kind::Penalty => penalty::FORM,
            Kind::Card => card::FORM,
            Kind::Grace => grace::FORM,
            Kind::CreditRecord => credit_record::FORM,
            Kind::Judgment => judgment::FORM,
            Kind::CourtFee => court_fee::FORM,
            Kind::Limitation => limitation::FORM,
            Kind::Apr => apr::FORM,
        }
    }

    /// An article's inputs as this kind's form shows them (the same request): an `apr`
    /// block's `payments` list becomes the form's `schedule` groups.
    pub fn form_inputs(self, inputs: &Value) -> Value {
        match self {
            Kind::Apr => apr::form_inputs(inputs),
            _ => inputs.clone(),
        }
    }
}

/// A checked request of one of the kinds.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    Penalty(penalty::PenaltyInput),
    Card(card::CardInput),
    Grace(grace::GraceInput),
    CreditRecord(credit_record::CreditRecordInput),
    Judgment(judgment::JudgmentInput),
    CourtFee(court_fee::CourtFeeInput),
    Limitation(limitation::LimitationInput),
    Apr(apr::AprInput),
}

impl Request {
    /// Checks an input tree: `kind` selects the computation; every other field is read by
    /// that kind. Unknown fields, wrong types and impossible values are errors naming the
    /// field, in Chinese.
    pub fn from_value(value: &Value) -> Result<Request, InputError> {
        let mut fields = Fields::root(value)?;
        let kind = fields.string("kind", "计算类型")?;
        let request = match Kind::from_code(&kind) {
            Some(Kind::Penalty) => Request::Penalty(penalty::PenaltyInput::read(&mut fields)?),
            Some(Kind::Card) => Request::Card(card::CardInput::read(&mut fields)?),
            Some(Kind::Grace) => Request::Grace(grace::GraceInput::read(&mut fields)?),
            Some(Kind::CreditRecord) => {
                Request::CreditRecord(credit_record::CreditRecordInput::read(&mut fields)?)
            }
            Some(Kind::Judgment) => Request::Judgment(judgment::JudgmentInput::read(&mut fields)?),
            Some(Kind::CourtFee) => Request::CourtFee(court_fee::CourtFeeInput::read(&mut fields)?),
            Some(Kind::Limitation) => {
                Request::Limitation(limitation::LimitationInput::read(&mut fields)?)
            }
            Some(Kind::Apr) => Request::Apr(apr::AprInput::read(&mut fields)?),
            None => {
                return Err(InputError::new(
                    "kind",
                    format!(
                        "计算类型（kind）“{kind}”不存在，应为 {} 之一",
                        value::list_codes(&Kind::ALL.map(Kind::code))
                    ),
                ))
            }
        };
        fields.finish()?;
        Ok(request)
    }

    pub fn kind(&self) -> Kind {
        match self {
            Request::Penalty(_) => Kind::Penalty,
            Request::Card(_) => Kind::Card,
            Request::Grace(_) => Kind::Grace,
            Request::CreditRecord(_) => Kind::CreditRecord,
            Request::Judgment(_) => Kind::Judgment,
            Request::CourtFee(_) => Kind::CourtFee,
            Request::Limitation(_) => Kind::Limitation,
            Request::Apr(_) => Kind::Apr,
        }
    }

    /// Computes the answer with the LPR table and holiday calendars of `data`.
    pub fn compute(&self, data: &Data) -> Result<Answer, InputError> {
        Ok(match self {
            Request::Penalty(r) => Answer::Penalty(r.compute(&data.lpr)?),
            Request::Card(r) => Answer::Card(r.compute()?),
            Request::Grace(r) => Answer::Grace(r.compute(&data.holidays)?),
            Request::CreditRecord(r) => Answer::CreditRecord(r.compute()?),
            Request::Judgment(r) => Answer::Judgment(r.compute(&data.holidays)?),
            Request::CourtFee(r) => Answer::CourtFee(r.compute()?),
            Request::Limitation(r) => Answer::Limitation(r.compute(&data.holidays)?),
            Request::Apr(r) => Answer::Apr(r.compute(&data.lpr)?),
        })
    }
}

/// The answer to a request.
// Answers are built once per request and read once; boxing the variants would only make
// them harder to match on.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Penalty(penalty::PenaltyAnswer),
    Card(card::CardAnswer),
    Grace(grace::GraceAnswer),
    CreditRecord(credit_record::CreditRecordAnswer),
    Judgment(judgment::JudgmentAnswer),
    CourtFee(court_fee::CourtFeeAnswer),
    Limitation(limitation::LimitationAnswer),
    Apr(apr::AprAnswer),
}

impl Answer {
    /// The answer in the field names of `CALCULATOR.md`.
    pub fn to_value(&self) -> Value {
        match self {
            Answer::Penalty(a) => a.to_value(),
            Answer::Card(a) => a.to_value(),
            Answer::Grace(a) => a.to_value(),
            Answer::CreditRecord(a) => a.to_value(),
            Answer::Judgment(a) => a.to_value(),
            Answer::CourtFee(a) => a.to_value(),
            Answer::Limitation(a) => a.to_value(),
            Answer::Apr(a) => a.to_value(),
        }
    }

    /// The answer as readers see it: figures, table, notes with their legal basis.
    pub fn report(&self) -> Report {
        match self {
            Answer::Penalty(a) => a.report(),
            Answer::Card(a) => a.report(),
            Answer::Grace(a) => a.report(),
            Answer::CreditRecord(a) => a.report(),
            Answer::Judgment(a) => a.report(),
            Answer::CourtFee(a) => a.report(),
            Answer::Limitation(a) => a.report(),
            Answer::Apr(a) => a.report(),
        }
    }
}

/// Checks and computes in one step, with the LPR table and holiday calendars of `data`:
/// the entry point of every front end.
pub fn compute(value: &Value, data: &Data) -> Result<Answer, InputError> {
    Request::from_value(value)?.compute(data)
}
