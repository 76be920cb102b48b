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
//!
//! # Kinds
//!
//! Each kind is a cargo feature of the same name (`penalty`, `card`, … `apr`; `all-kinds`,
//! the default, enables every one). A kind left out keeps its module but is cut from every
//! dispatch site below — the `Request` and `Answer` variants and each `match` on them or on
//! `Kind` (`#[cfg(feature = "…")]` on the arm) — so nothing reaches its code and LTO drops
//! it from a browser module built for other kinds (crates/build-wasm builds one module per
//! kind). Its `Kind` (code, title) stays; its form is empty and a request of it is an
//! error. A new dispatch site needs the same `#[cfg]` on each kind's arm.

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

#[cfg(not(any(
    feature = "penalty",
    feature = "card",
    feature = "grace",
    feature = "credit_record",
    feature = "judgment",
    feature = "court_fee",
    feature = "limitation",
    feature = "apr"
)))]
compile_error!("calc needs at least one kind feature (`all-kinds`, or e.g. `penalty`)");

pub use data::{Data, DataError};
pub use report::{FieldSpec, Figure, Headline, InputKind, Note, Report, Table};
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

    /// Whether this build computes the kind (its feature is on; see "Kinds" above).
    pub const fn enabled(self) -> bool {
        match self {
            Kind::Penalty => cfg!(feature = "penalty"),
            Kind::Card => cfg!(feature = "card"),
            Kind::Grace => cfg!(feature = "grace"),
            Kind::CreditRecord => cfg!(feature = "credit_record"),
            Kind::Judgment => cfg!(feature = "judgment"),
            Kind::CourtFee => cfg!(feature = "court_fee"),
            Kind::Limitation => cfg!(feature = "limitation"),
            Kind::Apr => cfg!(feature = "apr"),
        }
    }

    /// The fields of this kind's form, in the order readers fill them.
    pub const fn form(self) -> &'static [FieldSpec] {
        match self {
            #[cfg(feature = "penalty")]
            Kind::Penalty => penalty::FORM,
            #[cfg(feature = "card")]
            Kind::Card => card::FORM,
            #[cfg(feature = "grace")]
            Kind::Grace => grace::FORM,
            #[cfg(feature = "credit_record")]
            Kind::CreditRecord => credit_record::FORM,
            #[cfg(feature = "judgment")]
            Kind::Judgment => judgment::FORM,
            #[cfg(feature = "court_fee")]
            Kind::CourtFee => court_fee::FORM,
            #[cfg(feature = "limitation")]
            Kind::Limitation => limitation::FORM,
            #[cfg(feature = "apr")]
            Kind::Apr => apr::FORM,
            #[allow(unreachable_patterns)]
            _ => &[],
        }
    }

    /// An article's inputs as this kind's form shows them (the same request): an `apr`
    /// block's `payments` list becomes the form's `schedule` groups.
    pub fn form_inputs(self, inputs: &Value) -> Value {
        match self {
            #[cfg(feature = "apr")]
            Kind::Apr => apr::form_inputs(inputs),
            _ => inputs.clone(),
        }
    }
}

/// A checked request of one of the kinds.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    #[cfg(feature = "penalty")]
    Penalty(penalty::PenaltyInput),
    #[cfg(feature = "card")]
    Card(card::CardInput),
    #[cfg(feature = "grace")]
    Grace(grace::GraceInput),
    #[cfg(feature = "credit_record")]
    CreditRecord(credit_record::CreditRecordInput),
    #[cfg(feature = "judgment")]
    Judgment(judgment::JudgmentInput),
    #[cfg(feature = "court_fee")]
    CourtFee(court_fee::CourtFeeInput),
    #[cfg(feature = "limitation")]
    Limitation(limitation::LimitationInput),
    #[cfg(feature = "apr")]
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
            #[cfg(feature = "penalty")]
            Some(Kind::Penalty) => Request::Penalty(penalty::PenaltyInput::read(&mut fields)?),
            #[cfg(feature = "card")]
            Some(Kind::Card) => Request::Card(card::CardInput::read(&mut fields)?),
            #[cfg(feature = "grace")]
            Some(Kind::Grace) => Request::Grace(grace::GraceInput::read(&mut fields)?),
            #[cfg(feature = "credit_record")]
            Some(Kind::CreditRecord) => {
                Request::CreditRecord(credit_record::CreditRecordInput::read(&mut fields)?)
            }
            #[cfg(feature = "judgment")]
            Some(Kind::Judgment) => Request::Judgment(judgment::JudgmentInput::read(&mut fields)?),
            #[cfg(feature = "court_fee")]
            Some(Kind::CourtFee) => Request::CourtFee(court_fee::CourtFeeInput::read(&mut fields)?),
            #[cfg(feature = "limitation")]
            Some(Kind::Limitation) => {
                Request::Limitation(limitation::LimitationInput::read(&mut fields)?)
            }
            #[cfg(feature = "apr")]
            Some(Kind::Apr) => Request::Apr(apr::AprInput::read(&mut fields)?),
            // A kind this build leaves out (see "Kinds" above).
            #[allow(unreachable_patterns)]
            Some(other) => {
                return Err(InputError::new(
                    "kind",
                    format!("这个计算器不含“{}”", other.title()),
                ))
            }
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
            #[cfg(feature = "penalty")]
            Request::Penalty(_) => Kind::Penalty,
            #[cfg(feature = "card")]
            Request::Card(_) => Kind::Card,
            #[cfg(feature = "grace")]
            Request::Grace(_) => Kind::Grace,
            #[cfg(feature = "credit_record")]
            Request::CreditRecord(_) => Kind::CreditRecord,
            #[cfg(feature = "judgment")]
            Request::Judgment(_) => Kind::Judgment,
            #[cfg(feature = "court_fee")]
            Request::CourtFee(_) => Kind::CourtFee,
            #[cfg(feature = "limitation")]
            Request::Limitation(_) => Kind::Limitation,
            #[cfg(feature = "apr")]
            Request::Apr(_) => Kind::Apr,
        }
    }

    /// Computes the answer with the LPR table and holiday calendars of `data`.
    // (A build of kinds that need no data, such as `card` alone, leaves `data` unread.)
    #[cfg_attr(not(feature = "all-kinds"), allow(unused_variables))]
    pub fn compute(&self, data: &Data) -> Result<Answer, InputError> {
        Ok(match self {
            #[cfg(feature = "penalty")]
            Request::Penalty(r) => Answer::Penalty(r.compute(&data.lpr)?),
            #[cfg(feature = "card")]
            Request::Card(r) => Answer::Card(r.compute()?),
            #[cfg(feature = "grace")]
            Request::Grace(r) => Answer::Grace(r.compute(&data.holidays)?),
            #[cfg(feature = "credit_record")]
            Request::CreditRecord(r) => Answer::CreditRecord(r.compute()?),
            #[cfg(feature = "judgment")]
            Request::Judgment(r) => Answer::Judgment(r.compute(&data.holidays)?),
            #[cfg(feature = "court_fee")]
            Request::CourtFee(r) => Answer::CourtFee(r.compute()?),
            #[cfg(feature = "limitation")]
            Request::Limitation(r) => Answer::Limitation(r.compute(&data.holidays)?),
            #[cfg(feature = "apr")]
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
    #[cfg(feature = "penalty")]
    Penalty(penalty::PenaltyAnswer),
    #[cfg(feature = "card")]
    Card(card::CardAnswer),
    #[cfg(feature = "grace")]
    Grace(grace::GraceAnswer),
    #[cfg(feature = "credit_record")]
    CreditRecord(credit_record::CreditRecordAnswer),
    #[cfg(feature = "judgment")]
    Judgment(judgment::JudgmentAnswer),
    #[cfg(feature = "court_fee")]
    CourtFee(court_fee::CourtFeeAnswer),
    #[cfg(feature = "limitation")]
    Limitation(limitation::LimitationAnswer),
    #[cfg(feature = "apr")]
    Apr(apr::AprAnswer),
}

impl Answer {
    /// The answer in the field names of `CALCULATOR.md`.
    pub fn to_value(&self) -> Value {
        match self {
            #[cfg(feature = "penalty")]
            Answer::Penalty(a) => a.to_value(),
            #[cfg(feature = "card")]
            Answer::Card(a) => a.to_value(),
            #[cfg(feature = "grace")]
            Answer::Grace(a) => a.to_value(),
            #[cfg(feature = "credit_record")]
            Answer::CreditRecord(a) => a.to_value(),
            #[cfg(feature = "judgment")]
            Answer::Judgment(a) => a.to_value(),
            #[cfg(feature = "court_fee")]
            Answer::CourtFee(a) => a.to_value(),
            #[cfg(feature = "limitation")]
            Answer::Limitation(a) => a.to_value(),
            #[cfg(feature = "apr")]
            Answer::Apr(a) => a.to_value(),
        }
    }

    /// The answer as readers see it: figures, table, notes with their legal basis.
    pub fn report(&self) -> Report {
        match self {
            #[cfg(feature = "penalty")]
            Answer::Penalty(a) => a.report(),
            #[cfg(feature = "card")]
            Answer::Card(a) => a.report(),
            #[cfg(feature = "grace")]
            Answer::Grace(a) => a.report(),
            #[cfg(feature = "credit_record")]
            Answer::CreditRecord(a) => a.report(),
            #[cfg(feature = "judgment")]
            Answer::Judgment(a) => a.report(),
            #[cfg(feature = "court_fee")]
            Answer::CourtFee(a) => a.report(),
            #[cfg(feature = "limitation")]
            Answer::Limitation(a) => a.report(),
            #[cfg(feature = "apr")]
            Answer::Apr(a) => a.report(),
        }
    }
}

/// Checks and computes in one step, with the LPR table and holiday calendars of `data`:
/// the entry point of every front end.
pub fn compute(value: &Value, data: &Data) -> Result<Answer, InputError> {
    Request::from_value(value)?.compute(data)
}
