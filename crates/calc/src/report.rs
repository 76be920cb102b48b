//! What readers see: an answer as headline figures, a table and notes, each note with its
//! legal basis; and the description of each kind's form. The generator renders a report
//! as static HTML at build time and the browser module renders the same report live, so
//! both show the same thing.

use crate::date::format_date;
use crate::num::Money;
use crate::value::Value;
use chrono::NaiveDate;

/// A note under the result: the text and the statute (and article) it rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub text: String,
    pub cite: String,
}

impl Note {
    pub fn new(text: impl Into<String>, cite: impl Into<String>) -> Note {
        Note {
            text: text.into(),
            cite: cite.into(),
        }
    }
}

/// One headline figure: `应付逾期利息（法院支持上限内）: 12,868.49 元`, with its basis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub label: String,
    pub value: String,
    /// The legal basis of the figure, e.g. `《民间借贷规定》第28条`; empty for plain facts.
    pub basis: String,
}

impl Figure {
    pub fn new(
        label: impl Into<String>,
        value: impl Into<String>,
        basis: impl Into<String>,
    ) -> Figure {
        Figure {
            label: label.into(),
            value: value.into(),
            basis: basis.into(),
        }
    }
}

/// A table of segments (periods and their interest).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// A table from its caption, column heads and rows: the one way every kind builds its
    /// table.
    pub fn new(caption: impl Into<String>, columns: &[&str], rows: Vec<Vec<String>>) -> Table {
        Table {
            caption: caption.into(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows,
        }
    }
}

/// A row of a table of interest periods: from, to (inclusive), days, the amount interest
/// ran on and the interest, amounts grouped (`12,000.00`).
pub fn segment_row(
    from: NaiveDate,
    to: NaiveDate,
    days: i64,
    base: Money,
    interest: Money,
) -> Vec<String> {
    vec![
        format_date(from),
        format_date(to),
        days.to_string(),
        base.grouped(),
        interest.grouped(),
    ]
}

/// The answer in one figure and one plain sentence, shown first: `figure` is the index of
/// the headline figure in [`Report::figures`] (its label, value and basis), `sentence`
/// says in plain words what it means for the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headline {
    pub figure: usize,
    pub sentence: String,
}

/// An answer as readers see it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    pub title: String,
    /// The answer first; `None` only for a report built without one.
    pub headline: Option<Headline>,
    /// Every figure, the headline's included: the detail under the headline.
    pub figures: Vec<Figure>,
    pub table: Option<Table>,
    pub notes: Vec<Note>,
    /// Things the reader must know about the data (an LPR past its as-of date, a year with
    /// no holiday calendar).
    pub warnings: Vec<String>,
}

impl Report {
    /// A kind's report under its title, with copies of the answer's notes and warnings.
    pub fn new(
        kind: crate::Kind,
        figures: Vec<Figure>,
        table: Option<Table>,
        notes: &[Note],
        warnings: &[String],
    ) -> Report {
        Report {
            title: kind.title().into(),
            headline: None,
            figures,
            table,
            notes: notes.to_vec(),
            warnings: warnings.to_vec(),
        }
    }

    /// The report with its headline: the figure labelled `label` and a plain sentence.
    /// Panics when no figure has that label (a kind's report and its headline are written
    /// together; every kind's tests build a report).
    pub fn with_headline(mut self, label: &str, sentence: impl Into<String>) -> Report {
        let figure = self
            .figures
            .iter()
            .position(|f| f.label == label)
            .unwrap_or_else(|| panic!("no figure labelled {label}"));
        self.headline = Some(Headline {
            figure,
            sentence: sentence.into(),
        });
        self
    }
}

/// Warnings in the interface's form: a list of texts.
pub fn warnings_value(warnings: &[String]) -> Value {
    Value::List(warnings.iter().cloned().map(Value::String).collect())
}

/// Notes in the interface's form: `[{"text": …, "cite": …}]`.
pub fn notes_value(notes: &[Note]) -> Value {
    Value::List(
        notes
            .iter()
            .map(|n| {
                Value::map([
                    ("text", Value::str(n.text.clone())),
                    ("cite", Value::str(n.cite.clone())),
                ])
            })
            .collect(),
    )
}

/// What kind of control a form field is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Yuan with two places.
    Money,
    /// An exact decimal (a rate, a percentage).
    Decimal,
    /// A whole number between the bounds.
    Integer { min: i64, max: i64 },
    /// A date; `today` in [`FieldSpec::default`] means the reader's today.
    Date,
    /// A checkbox.
    Bool,
    /// One of (code, label).
    Choice(&'static [(&'static str, &'static str)]),
    /// A rate with a unit: the form has a number `name` and a unit select `name.unit`
    /// whose codes are the keys of the rate object (`annual_pct`, `monthly_pct`,
    /// `daily_per_10k`).
    Rate,
    /// Rows of sub-fields (`transactions`), named `name.0.field`, `name.1.field`…;
    /// empty rows are left out. The form shows the rows its inputs use (at least one) and
    /// 「添加一行」 (issue 22); `rows` is no longer read by it and can go once the kinds'
    /// tables drop it.
    List {
        fields: &'static [FieldSpec],
        rows: usize,
    },
}

/// One field of a kind's form, named by its interface field name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    pub name: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    pub input: InputKind,
    /// The value shown before the reader types: empty for none, `today` for today's date.
    pub default: &'static str,
}

/// How [`value_from_form`](crate::html::value_from_form) reads a top-level field of a form
/// back: all the browser module needs of a [`FieldSpec`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Taken as written (money, numbers, dates, choices; lists are read by their rows).
    Text,
    /// A number with its unit select: `{"<unit>": value}`.
    Rate,
    /// A checkbox: `true` when ticked, `false` when left out.
    Bool,
}

/// The most top-level fields a form can have.
pub const MAX_FORM_FIELDS: usize = 16;

/// A form reduced to its field names and how each is read, built at compile time from
/// the form's table ([`FormReading::of`]). The browser module reads its forms through it,
/// so the labels and help texts, which only the generator's form shows, stay out of the
/// module (they were a good part of its size).
#[derive(Debug, Clone, Copy)]
pub struct FormReading {
    fields: [(&'static str, Reading); MAX_FORM_FIELDS],
    len: usize,
}

impl FormReading {
    /// The reading of a form; a form with more than [`MAX_FORM_FIELDS`] fields fails to
    /// compile.
    pub const fn of(form: &'static [FieldSpec]) -> FormReading {
        assert!(form.len() <= MAX_FORM_FIELDS, "raise MAX_FORM_FIELDS");
        let mut fields = [("", Reading::Text); MAX_FORM_FIELDS];
        let mut i = 0;
        while i < form.len() {
            let reading = match form[i].input {
                InputKind::Rate => Reading::Rate,
                InputKind::Bool => Reading::Bool,
                _ => Reading::Text,
            };
            fields[i] = (form[i].name, reading);
            i += 1;
        }
        FormReading {
            fields,
            len: form.len(),
        }
    }

    /// (name, reading) of each field, in the form's order.
    pub fn fields(&self) -> &[(&'static str, Reading)] {
        &self.fields[..self.len]
    }
}

/// The codes of a choice table, without its labels (which only the form shows), computed
/// at compile time: `const CODES: [&str; 2] = choice_codes(TABLE);`. `N` must be the
/// table's length, or the build fails.
pub const fn choice_codes<const N: usize>(
    choices: &'static [(&'static str, &'static str)],
) -> [&'static str; N] {
    assert!(choices.len() == N, "N must be the number of choices");
    let mut codes = [""; N];
    let mut i = 0;
    while i < N {
        codes[i] = choices[i].0;
        i += 1;
    }
    codes
}

/// The units a rate can be given in: (code, label).
pub const RATE_UNITS: &[(&str, &str)] = &[
    ("annual_pct", "年利率 %"),
    ("monthly_pct", "月利率 %"),
    ("daily_per_10k", "日利率 万分之"),
];
