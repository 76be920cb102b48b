//! 宽限期与逾期天数 (`kind: "grace"`, CALCULATOR.md §3): the last day a repayment still
//! counts as on time, the status of a repayment, and the overdue days.
//!
//! Readings of the rules (also told to readers in the notes):
//!
//! - **Start** (民法典 第201条): the grace period starts the day after the due date; the due
//!   date itself is not counted. Calendar-day grace of `n` days ends on due date + `n`.
//! - **Working-day grace** (`working_days: true`): only working days after the due date are
//!   counted — weekends and holidays are skipped, make-up working days (调休上班) count —
//!   and the grace ends on the `n`-th working day after the due date. Such a last day is
//!   always a working day, so the rollover below never moves it (unless `n` is 0).
//! - **Rollover** (`extend_holidays`, 民法典 第203条, 第204条): 第203条 moves the last day
//!   of a period that falls on a 法定休假日 to the day after the rest days end; 第204条 lets
//!   a contract agree otherwise, and loan contracts often say 节假日不顺延. Whether 第203条
//!   governs a platform's voluntary grace days (or a fixed 还款日, a 期日) is not settled,
//!   so the rule is three-way (CALCULATOR.md §3): absent (不清楚, the default) — the
//!   headline is the last day **without** rollover (X), and when X is a rest day the later
//!   day 第203条 would give (Y) is shown only as arguable; `true` (顺延: the contract or
//!   the platform's rules say so) — Y is the deadline; `false` (不顺延, 第204条) — X is the
//!   deadline and no arguable day is shown. The rollover applies to the **last day of the
//!   whole period, i.e. the last grace day** (the due date itself when the grace is 0).
//!   Weekends and holiday days off are rest days, make-up working days working days.
//! - **Status**: `on_time` when paid on or before the due date (or, with 顺延, the working
//!   day it rolls to); `within_grace` when paid after that but on or before the last
//!   on-time day (treated as on time); `arguable` when the rule is not known and the
//!   payment is after X and on or before Y (the platform's rules decide; 第203条 can be
//!   argued); `overdue` otherwise.
//! - **Overdue days** are counted from the day after the **original** due date (once the
//!   grace is missed, the grace days are overdue too): paid_on − due_date, for `overdue`
//!   and `arguable` (what the platform counts if it does not accept the rollover); 0
//!   otherwise.
//! - **No repayment date**: only the deadline is given (`status` and `overdue_days` are
//!   null), with a note on how the overdue days would be counted.
//! - **Years without holiday data**: weekends only, a warning naming the year, and the
//!   fixed-date holidays met flagged as probable holidays; no note names that year's
//!   notice.

use crate::date::{days_between, format_date, format_date_zh, next_day};
use crate::holidays::{describe, fixed_date_holiday, HolidayCalendar, Unlisted};
use crate::report::{FieldSpec, Figure, InputKind, Note, Report, Table};
use crate::value::{Fields, InputError, Value};
use chrono::{Datelike, Duration, NaiveDate};

pub const FORM: &[FieldSpec] = &[
    FieldSpec {
        name: "due_date",
        label: "到期还款日",
        help: "账单或借款合同写明的还款日。",
        input: InputKind::Date,
        default: "",
    },
    FieldSpec {
        name: "grace_days",
        label: "宽限期天数",
        help: "平台或银行给的宽限天数，以它们公布的规定为准；没有宽限期填 0。",
        input: InputKind::Integer { min: 0, max: 365 },
        default: "",
    },
    FieldSpec {
        name: "working_days",
        label: "宽限期按工作日计算",
        help: "勾选：只数工作日（跳过周末和法定节假日，调休上班日算工作日）。不勾选：按自然日计算。",
        input: InputKind::Bool,
        default: "false",
    },
    FieldSpec {
        name: "extend_holidays",
        label: "合同或平台规则里，最后一天遇节假日",
        help: "不清楚：按不顺延的日期给出最稳妥的期限，并列出可以依《民法典》第203条主张的顺延日（平台未必认可）。合同或平台规则写明顺延的选“顺延”；写明节假日不顺延的选“不顺延”（第204条）。",
        input: InputKind::Choice(ROLLOVER_RULES),
        default: "",
    },
    FieldSpec {
        name: "paid_on",
        label: "实际（或打算）还款日",
        help: "不填则只计算最后还款期限。",
        input: InputKind::Date,
        default: "today",
    },
];

/// The form's three answers about the rollover: (code, label); 不清楚 is the empty code,
/// so that it leaves the field out (the default).
pub const ROLLOVER_RULES: &[(&str, &str)] =
    &[("", "不清楚"), ("true", "顺延"), ("false", "不顺延")];

/// The most grace days accepted.
pub const MAX_GRACE_DAYS: i64 = 365;

/// A checked grace-period request.
#[derive(Debug, Clone, PartialEq)]
pub struct GraceInput {
    pub due_date: NaiveDate,
    pub grace_days: i64,
    pub working_days: bool,
    /// `None`: not known (the default); `Some(true)`: rolls over; `Some(false)`: excluded.
    pub extend_holidays: Option<bool>,
    pub paid_on: Option<NaiveDate>,
}

impl GraceInput {
    pub fn read(fields: &mut Fields) -> Result<GraceInput, InputError> {
        let due_date = fields.date("due_date", "到期还款日")?;
        let grace_days = fields
            .opt_int("grace_days", "宽限期天数", 0, MAX_GRACE_DAYS)?
            .ok_or_else(|| {
                fields.error(
                    "grace_days",
                    "宽限期天数",
                    "必须填写（以平台或银行的规定为准；没有宽限期填 0）",
                )
            })?;
        let working_days = fields
            .opt_bool("working_days", "宽限期按工作日计算")?
            .unwrap_or(false);
        // Absent: not known (CALCULATOR.md §3), the safe day first.
        let extend_holidays = fields.opt_bool("extend_holidays", "最后一天遇节假日是否顺延")?;
        let paid_on = fields.opt_date("paid_on", "还款日")?;
        Ok(GraceInput {
            due_date,
            grace_days,
            working_days,
            extend_holidays,
            paid_on,
        })
    }

    /// Computes with the holiday calendar `cal` (`Data::holidays`).
    pub fn compute(&self, cal: &HolidayCalendar) -> Result<GraceAnswer, InputError> {
        let mut missing = Unlisted::default();
        let due = self.due_date;
        let grace_end = if self.working_days {
            cal.add_working_days(due, self.grace_days, &mut missing)
        } else {
            due + Duration::days(self.grace_days)
        };
        // What 第203条 alone gives for the last day.
        let statutory_last = cal.next_working_day_from(grace_end, &mut missing);
        let rolls = self.extend_holidays == Some(true);
        let last = if rolls { statutory_last } else { grace_end };
        let arguable_until = (self.extend_holidays.is_none() && statutory_last != grace_end)
            .then_some(statutory_last);
        let on_time_end = if rolls {
            cal.next_working_day_from(due, &mut missing)
        } else {
            due
        };
        let (status, overdue_days) = match self.paid_on {
            None => (None, None),
            Some(paid) if paid <= on_time_end => (Some(Status::OnTime), Some(0)),
            Some(paid) if paid <= last => (Some(Status::WithinGrace), Some(0)),
            Some(paid) if arguable_until.is_some_and(|y| paid <= y) => {
                (Some(Status::Arguable), Some(days_between(due, paid)))
            }
            Some(paid) => (Some(Status::Overdue), Some(days_between(due, paid))),
        };
        let table_end = arguable_until.unwrap_or(last);

        // The table: every day of the grace period (at most 62 rows).
        let mut days = Vec::new();
        let mut d = due;
        let mut counted = 0;
        while d < table_end && days.len() < 62 {
            d = next_day(d);
            let kind = cal.day_kind(d);
            let counts = match &kind {
                Ok(k) => !self.working_days || !k.is_rest(),
                Err(_) => !self.working_days || !matches!(d.weekday().number_from_monday(), 6 | 7),
            };
            let counts = counts && d <= grace_end;
            if counts {
                counted += 1;
            }
            let what = match kind {
                Ok(k) => describe(d, &k),
                Err(m) => match fixed_date_holiday(d) {
                    Some(name) => format!("{}很可能放假（{}年无节假日数据）", name, m.0),
                    None => format!("{}年无节假日数据", m.0),
                },
            };
            let role = if counts {
                format!("宽限期第{counted}天")
            } else if d > grace_end && rolls {
                "顺延".to_string()
            } else if d > grace_end {
                "可以主张顺延".to_string()
            } else {
                "不计入（休息日）".to_string()
            };
            days.push((d, what, role));
        }

        let mut answer = GraceAnswer {
            input: self.clone(),
            grace_end,
            statutory_last_day: statutory_last,
            last_on_time_day: last,
            arguable_until,
            status,
            overdue_days,
            days,
            notes: Vec::new(),
            warnings: missing.warnings(),
        };
        answer.notes = answer.make_notes(cal);
        answer.notes.extend(missing.probable_holiday_note());
        Ok(answer)
    }
}

/// The status of a repayment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    OnTime,
    WithinGrace,
    /// After the last day without rollover, on or before the day 第203条 would give, with
    /// the rollover rule not known: the platform's rules decide.
    Arguable,
    Overdue,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::OnTime => "on_time",
            Status::WithinGrace => "within_grace",
            Status::Arguable => "arguable",
            Status::Overdue => "overdue",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::OnTime => "按时还款",
            Status::WithinGrace => "宽限期内还款（视为按时）",
            Status::Arguable => "超过不顺延的最后一天；能否按时处理取决于平台规则，可依第203条主张",
            Status::Overdue => "逾期",
        }
    }
}

/// The answer.
#[derive(Debug, Clone, PartialEq)]
pub struct GraceAnswer {
    pub input: GraceInput,
    /// The last grace day before any rollover.
    pub grace_end: NaiveDate,
    /// The last day under 第203条 alone (the grace end rolled past rest days).
    pub statutory_last_day: NaiveDate,
    /// The last day a repayment surely counts as on time: the headline.
    pub last_on_time_day: NaiveDate,
    /// With the rollover rule not known and a last day on a rest day: the later day a
    /// reader may argue for under 第203条 (the platform may not accept it).
    pub arguable_until: Option<NaiveDate>,
    /// `None` when no repayment date was given.
    pub status: Option<Status>,
    pub overdue_days: Option<i64>,
    /// The days after the due date up to the last on-time day: date, kind, role.
    pub days: Vec<(NaiveDate, String, String)>,
    pub notes: Vec<Note>,
    pub warnings: Vec<String>,
}

impl GraceAnswer {
    fn make_notes(&self, cal: &HolidayCalendar) -> Vec<Note> {
        let i = &self.input;
        let due = i.due_date;
        let mut notes = Vec::new();
        let unit = if i.working_days {
            "个工作日"
        } else {
            "天（自然日）"
        };
        notes.push(Note::new(
            format!(
                "宽限期从到期日的次日（{}）开始计算，到期日当日不计入。宽限期天数是平台或银行自己的规定，本计算按您填写的 {} {}计算，以合同和平台公布的规则为准。",
                format_date_zh(due + Duration::days(1)),
                i.grace_days,
                unit
            ),
            "《民法典》第201条；合同约定（第204条）",
        ));
        if i.working_days && i.grace_days > 0 {
            notes.push(Note::new(
                format!(
                    "按工作日计算：只数到期日之后的工作日，周末和法定节假日不计，调休上班日按工作日计；第 {} 个工作日（{}）是宽限期最后一天。",
                    i.grace_days,
                    format_date_zh(self.grace_end)
                ),
                cal.cite_with_notice("合同约定的宽限期", self.grace_end.year()),
            ));
        }
        let end_kind = cal.day_kind(self.grace_end).ok();
        if let Some(k @ crate::holidays::DayKind::MakeUpWorkday(_)) = &end_kind {
            notes.push(Note::new(
                format!(
                    "{}是调休上班日（{}），按工作日对待，不属于休假日，不顺延。",
                    format_date_zh(self.grace_end),
                    describe(self.grace_end, k)
                ),
                cal.cite_with_notice("《民法典》第203条", self.grace_end.year()),
            ));
        }
        let x = format_date_zh(self.grace_end);
        let y = format_date_zh(self.statutory_last_day);
        let rest_cite = cal.cite_with_notice("《民法典》第203条、第204条", self.grace_end.year());
        if self.statutory_last_day != self.grace_end {
            match i.extend_holidays {
                None => notes.push(Note::new(
                    format!(
                        "宽限期的最后一天{x}是休息日。宽限期是平台自己给的，碰上节假日是否顺延，先看合同和平台规则；能否依《民法典》第203条主张顺延，法律上没有定论，很多平台节假日照算。请在{x}当天或之前还款；依第203条可以主张顺延到{y}，但平台未必认可。"
                    ),
                    rest_cite,
                )),
                Some(true) => notes.push(Note::new(
                    format!(
                        "宽限期的最后一天{x}是休息日，按您选择的“顺延”，顺延到之后的第一个工作日{y}。合同或平台规则没有写明顺延的，请选“不清楚”：是否顺延没有定论，稳妥起见在{x}当天或之前还款。"
                    ),
                    rest_cite,
                )),
                Some(false) => notes.push(Note::new(
                    format!(
                        "宽限期的最后一天{x}是休息日。按您选择的“不顺延”（合同或平台规则写明节假日不顺延），最后一天仍是{x}。"
                    ),
                    "合同约定（《民法典》第204条）",
                )),
            }
        } else if i.extend_holidays != Some(false)
            && end_kind.as_ref().is_some_and(|k| !k.is_rest())
        {
            notes.push(Note::new(
                format!("宽限期的最后一天{x}是工作日，不涉及顺延。"),
                cal.cite_with_notice("《民法典》第203条", self.grace_end.year()),
            ));
        }
        notes.push(Note::new(
            format!(
                "{}当天 24 时前还款都算按时；平台有业务时间（如当日扣款截止时间）的，以停止业务的时间为准，最好提前一两天还款，留出到账时间。",
                format_date_zh(self.last_on_time_day)
            ),
            "《民法典》第203条第二款",
        ));
        match (self.status, self.input.paid_on) {
            (Some(Status::Overdue), Some(paid)) => notes.push(Note::new(
                format!(
                    "{}还款已超过宽限期。逾期天数从原到期日的次日（{}）算起，到还款日共 {} 天——错过宽限期后，宽限期内的天数也算逾期（平台的具体口径以其规定为准）。",
                    format_date_zh(paid),
                    format_date_zh(due + Duration::days(1)),
                    self.overdue_days.unwrap_or(0)
                ),
                "《民法典》第201条",
            )),
            (Some(Status::Arguable), Some(paid)) => notes.push(Note::new(
                format!(
                    "{}还款，已超过不顺延的最后一天{x}；能否按时处理，取决于平台规则。可以依《民法典》第203条主张顺延到{y}、算作按时，但平台未必认可：不认可的，会从原到期日的次日（{}）算起按逾期 {} 天处理，可能计收罚息、报送征信。",
                    format_date_zh(paid),
                    format_date_zh(due + Duration::days(1)),
                    self.overdue_days.unwrap_or(0)
                ),
                "《民法典》第201条、第203条、第204条",
            )),
            (Some(Status::WithinGrace), Some(paid)) => notes.push(Note::new(
                format!(
                    "{}在宽限期内还款，视为按时还款，不计逾期天数；宽限期内是否计收利息、是否报送征信，以平台规定为准。",
                    format_date_zh(paid)
                ),
                "合同约定的宽限期（《民法典》第204条）",
            )),
            (Some(Status::OnTime), Some(paid)) => notes.push(Note::new(
                format!(
                    "{}还款，在到期还款日当天或之前，按时还款。",
                    format_date_zh(paid)
                ),
                "《民法典》第201条、第203条",
            )),
            _ => notes.push(Note::new(
                format!(
                    "未填写还款日，只给出最后期限。如果在{}之后才还款，逾期天数从原到期日的次日（{}）算起，即还款日与到期日相差的天数。",
                    format_date_zh(self.last_on_time_day),
                    format_date_zh(due + Duration::days(1))
                ),
                "《民法典》第201条",
            )),
        }
        notes
    }

    pub fn to_value(&self) -> Value {
        Value::map([
            ("last_on_time_day", Value::date(self.last_on_time_day)),
            (
                "status",
                self.status.map_or(Value::Null, |s| Value::str(s.code())),
            ),
            (
                "overdue_days",
                self.overdue_days
                    .map_or(Value::Null, |n| Value::Number(n.to_string())),
            ),
            (
                "arguable_until",
                self.arguable_until.map_or(Value::Null, Value::date),
            ),
            ("grace_end", Value::date(self.grace_end)),
            ("statutory_last_day", Value::date(self.statutory_last_day)),
            ("notes", crate::report::notes_value(&self.notes)),
            ("warnings", crate::report::warnings_value(&self.warnings)),
        ])
    }

    pub fn report(&self) -> Report {
        let mut figures = vec![Figure::new(
            "最后按时还款日",
            format!(
                "请在{}当天或之前还款",
                format_date_zh(self.last_on_time_day)
            ),
            match self.input.extend_holidays {
                Some(true) => "合同或平台规则约定顺延；《民法典》第201条、第203条",
                Some(false) => "《民法典》第201条；合同约定不顺延（第204条）",
                None => "《民法典》第201条（不顺延的最后一天）",
            },
        )];
        if let Some(y) = self.arguable_until {
            figures.push(Figure::new(
                "可以主张的顺延日",
                format!(
                    "依第203条可以主张顺延到{}，但平台未必认可",
                    format_date_zh(y)
                ),
                "《民法典》第203条、第204条",
            ));
        }
        if let (Some(status), Some(days)) = (self.status, self.overdue_days) {
            figures.push(Figure::new(
                "还款状态",
                status.label(),
                "合同约定的还款日和宽限期；《民法典》第201条、第203条",
            ));
            figures.push(Figure::new(
                "逾期天数",
                format!("{days} 天"),
                "《民法典》第201条（自原到期日次日起算）",
            ));
        }
        let table = (!self.days.is_empty()).then(|| {
            Table::new(
                "到期日之后的每一天",
                &["日期", "当天", "计算"],
                self.days
                    .iter()
                    .map(|(d, what, role)| vec![format_date(*d), what.clone(), role.clone()])
                    .collect(),
            )
        });
        let sentence = match (self.status, self.overdue_days, self.arguable_until) {
            (Some(status), Some(days), _) if days > 0 => format!(
                "你填的还款日：{}；从原到期日的次日算起共 {days} 天。",
                status.label()
            ),
            (Some(status), _, _) => format!("你填的还款日：{}。", status.label()),
            (None, _, Some(_)) => {
                "在这一天或之前还上就不算逾期；平台是否认可节假日顺延没有把握时，就按这一天还。"
                    .to_string()
            }
            (None, _, None) => "在这一天或之前还上，就不算逾期。".to_string(),
        };
        Report::new(
            crate::Kind::Grace,
            figures,
            table,
            &self.notes,
            &self.warnings,
        )
        .with_headline("最后按时还款日", sentence)
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

    fn run(due: &str, grace: i64, working: bool, extend: bool, paid: Option<&str>) -> GraceAnswer {
        GraceInput {
            due_date: d(due),
            grace_days: grace,
            working_days: working,
            extend_holidays: Some(extend),
            paid_on: paid.map(d),
        }
        .compute(&crate::Data::builtin().holidays)
        .unwrap()
    }

    fn request(pairs: Vec<(&str, Value)>) -> Value {
        Value::map(pairs)
    }

    #[test]
    fn calculator_md_example_through_the_interface() {
        let v = request(vec![
            ("kind", Value::str("grace")),
            ("due_date", Value::str("2026-03-10")),
            ("grace_days", Value::Number("3".into())),
            ("working_days", Value::Bool(false)),
            ("extend_holidays", Value::Bool(false)),
            ("paid_on", Value::str("2026-03-15")),
        ]);
        let Answer::Grace(a) = crate::compute(&v, crate::Data::builtin()).unwrap() else {
            panic!("not a grace answer")
        };
        let out = a.to_value();
        assert_eq!(out.get("last_on_time_day"), Some(&Value::str("2026-03-13")));
        assert_eq!(out.get("status"), Some(&Value::str("overdue")));
        assert_eq!(out.get("overdue_days"), Some(&Value::Number("5".into())));
        assert!(a.warnings.is_empty());
        assert!(a.notes.iter().all(|n| !n.cite.is_empty()));
        let r = a.report();
        assert_eq!(r.figures[2].value, "5 天");
    }

    #[test]
    fn the_form_default_is_not_known() {
        let spec = FORM.iter().find(|f| f.name == "extend_holidays").unwrap();
        assert_eq!(spec.default, "");
        assert!(spec.help.contains("第203条"), "{}", spec.help);
        assert!(!spec.help.contains("默认规则"), "{}", spec.help);
        let InputKind::Choice(choices) = spec.input else {
            panic!("a choice")
        };
        let labels: Vec<&str> = choices.iter().map(|c| c.1).collect();
        assert_eq!(labels, ["不清楚", "顺延", "不顺延"]);
    }

    #[test]
    fn unknown_and_missing_fields_are_errors() {
        let v = request(vec![
            ("kind", Value::str("grace")),
            ("due_date", Value::str("2026-03-10")),
            ("grace_days", Value::str("3")),
            ("paid", Value::str("2026-03-15")),
        ]);
        assert_eq!(
            crate::compute(&v, crate::Data::builtin())
                .unwrap_err()
                .field,
            "paid"
        );
        let v = request(vec![
            ("kind", Value::str("grace")),
            ("due_date", Value::str("2026-03-10")),
        ]);
        let e = crate::compute(&v, crate::Data::builtin()).unwrap_err();
        assert_eq!(e.field, "grace_days");
        assert!(e.message.contains("必须填写"), "{}", e.message);
    }

    #[test]
    fn repayment_on_the_last_grace_day_is_within_grace() {
        let a = run("2026-03-10", 3, false, false, Some("2026-03-13"));
        assert_eq!(a.status, Some(Status::WithinGrace));
        assert_eq!(a.overdue_days, Some(0));
        let a = run("2026-03-10", 3, false, false, Some("2026-03-14"));
        assert_eq!(a.status, Some(Status::Overdue));
        assert_eq!(a.overdue_days, Some(4));
        let a = run("2026-03-10", 3, false, false, Some("2026-03-10"));
        assert_eq!(a.status, Some(Status::OnTime));
    }

    #[test]
    fn zero_grace_days() {
        let a = run("2026-03-10", 0, false, false, Some("2026-03-11"));
        assert_eq!(a.last_on_time_day, d("2026-03-10"));
        assert_eq!(a.status, Some(Status::Overdue));
        assert_eq!(a.overdue_days, Some(1));
        // Due on a Saturday, rollover agreed: Monday is still on time.
        let a = run("2026-03-14", 0, false, true, Some("2026-03-16"));
        assert_eq!(a.last_on_time_day, d("2026-03-16"));
        assert_eq!(a.status, Some(Status::OnTime));
    }

    #[test]
    fn deadline_on_a_make_up_saturday_is_not_rolled_over() {
        // 2026-02-11 + 3 = Saturday 2-14, a 调休 working day.
        let a = run("2026-02-11", 3, false, true, Some("2026-02-15"));
        assert_eq!(a.last_on_time_day, d("2026-02-14"));
        assert_eq!(a.status, Some(Status::Overdue));
        assert_eq!(a.overdue_days, Some(4));
        assert!(a.notes.iter().any(|n| n.text.contains("调休上班")));
        // 2026-01-01 + 3 = Sunday 1-04, a 调休 working day.
        let a = run("2026-01-01", 3, false, true, None);
        assert_eq!(a.last_on_time_day, d("2026-01-04"));
        // 2026-02-25 + 3 = Saturday 2-28, a 调休 working day.
        let a = run("2026-02-25", 3, false, true, None);
        assert_eq!(a.last_on_time_day, d("2026-02-28"));
        // Working-day grace counts the make-up Saturday: Fri 2-13 + 1 = Sat 2-14.
        let a = run("2026-02-13", 1, true, false, None);
        assert_eq!(a.last_on_time_day, d("2026-02-14"));
    }

    #[test]
    fn deadline_in_the_spring_festival() {
        // 2026-02-13 + 3 = 2-16, inside 春节 (2-15..2-23).
        let a = run("2026-02-13", 3, false, true, Some("2026-02-24"));
        assert_eq!(a.grace_end, d("2026-02-16"));
        assert_eq!(a.last_on_time_day, d("2026-02-24"));
        assert_eq!(a.status, Some(Status::WithinGrace));
        assert_eq!(a.overdue_days, Some(0));
        // Rollover excluded (第204条): the deadline stays, and no later day is offered.
        let a = run("2026-02-13", 3, false, false, Some("2026-02-24"));
        assert_eq!(a.last_on_time_day, d("2026-02-16"));
        assert_eq!(a.statutory_last_day, d("2026-02-24"));
        assert_eq!(a.arguable_until, None);
        assert_eq!(a.status, Some(Status::Overdue));
        assert_eq!(a.overdue_days, Some(11));
        assert!(a.notes.iter().all(|n| !n.text.contains("主张")));
        // Rule not known: the safe day is the deadline, 第203条's day is arguable.
        let a = GraceInput {
            extend_holidays: None,
            ..a.input.clone()
        }
        .compute(&crate::Data::builtin().holidays)
        .unwrap();
        assert_eq!(a.last_on_time_day, d("2026-02-16"));
        assert_eq!(a.arguable_until, Some(d("2026-02-24")));
        assert_eq!(a.status, Some(Status::Arguable));
        assert_eq!(a.overdue_days, Some(11));
        assert!(a
            .notes
            .iter()
            .any(|n| n.cite.contains("第203条") && n.text.contains("2026年2月24日")));
        // Working days: Fri 2-13 → Sat 2-14 (调休), then 2-24, 2-25.
        let a = run("2026-02-13", 3, true, false, None);
        assert_eq!(a.last_on_time_day, d("2026-02-25"));
        assert_eq!(a.status, None);
        assert_eq!(a.overdue_days, None);
    }

    #[test]
    fn a_year_without_data_gives_a_warning() {
        let a = run("2027-03-10", 3, true, false, Some("2027-03-20"));
        assert_eq!(a.warnings.len(), 1);
        assert!(a.warnings[0].contains("2027年"), "{}", a.warnings[0]);
        // Weekends only: Wed 3-10 → Thu, Fri, Mon 3-15.
        assert_eq!(a.last_on_time_day, d("2027-03-15"));
        let out = a.to_value();
        assert!(matches!(out.get("warnings"), Some(Value::List(w)) if w.len() == 1));
        // A grace period across the new year needs 2027 only for its days there.
        let a = run("2026-12-30", 3, false, false, None);
        assert_eq!(a.warnings.len(), 1);
        let a = run("2026-12-20", 3, false, false, None);
        assert!(a.warnings.is_empty());
    }

    #[test]
    fn leap_day() {
        let a = run("2024-02-27", 2, false, false, Some("2024-03-01"));
        assert_eq!(a.last_on_time_day, d("2024-02-29"));
        assert_eq!(a.overdue_days, Some(3));
    }

    #[test]
    fn no_repayment_date_gives_only_the_deadline() {
        let a = run("2026-03-10", 3, false, false, None);
        let out = a.to_value();
        assert_eq!(out.get("status"), Some(&Value::Null));
        assert_eq!(out.get("overdue_days"), Some(&Value::Null));
        assert_eq!(a.report().figures.len(), 1);
        assert!(a.notes.iter().any(|n| n.text.contains("未填写还款日")));
    }

    /// The answer to a grace request through the interface (the JSON field names).
    fn ask(pairs: Vec<(&str, Value)>) -> GraceAnswer {
        let mut v = vec![("kind", Value::str("grace"))];
        v.extend(pairs);
        match crate::compute(&request(v), crate::Data::builtin()).unwrap() {
            Answer::Grace(a) => a,
            _ => panic!("not a grace answer"),
        }
    }

    /// Review 2026-12 A-2: with the rollover rule not known (the default), the headline is
    /// the day without rollover; 10-08 is only arguable, never 「视为按时」.
    #[test]
    fn review_a2_unknown_rule_headlines_the_safe_day_and_names_the_arguable_one() {
        let a = ask(vec![
            ("due_date", Value::str("2026-09-30")),
            ("grace_days", Value::Number("3".into())),
            ("paid_on", Value::str("2026-10-08")),
        ]);
        let out = a.to_value();
        assert_eq!(out.get("last_on_time_day"), Some(&Value::str("2026-10-03")));
        assert_eq!(out.get("status"), Some(&Value::str("arguable")));
        assert_eq!(out.get("overdue_days"), Some(&Value::Number("8".into())));
        assert_eq!(out.get("arguable_until"), Some(&Value::str("2026-10-08")));
        let r = a.report();
        assert!(
            r.figures[0]
                .value
                .contains("请在2026年10月3日当天或之前还款"),
            "{:?}",
            r.figures[0]
        );
        let html = crate::html::report_html(&r);
        assert!(!html.contains("视为按时"), "{html}");
        assert!(a.notes.iter().any(|n| n.text.contains("2026年10月8日")
            && n.text.contains("平台未必认可")
            && n.cite.contains("第203条")
            && n.cite.contains("第204条")));
        // A payment on the safe day is within grace; the day after it is arguable.
        let a = ask(vec![
            ("due_date", Value::str("2026-09-30")),
            ("grace_days", Value::Number("3".into())),
            ("paid_on", Value::str("2026-10-03")),
        ]);
        assert_eq!(
            a.to_value().get("status"),
            Some(&Value::str("within_grace"))
        );
        // After the arguable day: overdue, counted from the original due date.
        let a = ask(vec![
            ("due_date", Value::str("2026-09-30")),
            ("grace_days", Value::Number("3".into())),
            ("paid_on", Value::str("2026-10-09")),
        ]);
        assert_eq!(a.to_value().get("status"), Some(&Value::str("overdue")));
        assert_eq!(
            a.to_value().get("overdue_days"),
            Some(&Value::Number("9".into()))
        );
    }

    #[test]
    fn the_three_way_rollover_rule() {
        let with = |rule: Value| {
            ask(vec![
                ("due_date", Value::str("2026-09-30")),
                ("grace_days", Value::Number("3".into())),
                ("extend_holidays", rule),
                ("paid_on", Value::str("2026-10-08")),
            ])
            .to_value()
        };
        // 顺延 (the contract or the platform says so): 10-08 is the deadline.
        let out = with(Value::Bool(true));
        assert_eq!(out.get("last_on_time_day"), Some(&Value::str("2026-10-08")));
        assert_eq!(out.get("status"), Some(&Value::str("within_grace")));
        assert_eq!(out.get("arguable_until"), Some(&Value::Null));
        // 不顺延 (第204条): 10-03, and no arguable day.
        let out = with(Value::Bool(false));
        assert_eq!(out.get("last_on_time_day"), Some(&Value::str("2026-10-03")));
        assert_eq!(out.get("status"), Some(&Value::str("overdue")));
        assert_eq!(out.get("arguable_until"), Some(&Value::Null));
        // The form's three choices read back the same way (不清楚 is left empty).
        let spec = FORM.iter().find(|f| f.name == "extend_holidays").unwrap();
        assert_eq!(spec.default, "");
        assert!(spec.label.contains("最后一天遇节假日"), "{}", spec.label);
        let form = |choice: &str| {
            let fields = vec![
                ("due_date".to_string(), "2026-09-30".to_string()),
                ("grace_days".to_string(), "3".to_string()),
                ("extend_holidays".to_string(), choice.to_string()),
                ("paid_on".to_string(), "2026-10-08".to_string()),
            ];
            let v = crate::html::value_from_form(crate::Kind::Grace, &fields);
            crate::compute(&v, crate::Data::builtin())
                .unwrap()
                .to_value()
        };
        assert_eq!(form("").get("status"), Some(&Value::str("arguable")));
        assert_eq!(
            form("true").get("status"),
            Some(&Value::str("within_grace"))
        );
        assert_eq!(form("false").get("status"), Some(&Value::str("overdue")));
    }

    #[test]
    fn no_notice_is_cited_for_a_year_without_data() {
        // 2027-01-01 + 1 = Saturday 2027-01-02: 2027 has no calendar.
        let a = ask(vec![
            ("due_date", Value::str("2027-01-01")),
            ("grace_days", Value::Number("1".into())),
            ("extend_holidays", Value::Bool(true)),
        ]);
        assert!(
            a.notes.iter().all(|n| !n.cite.contains("2027年部分节假日")),
            "{:?}",
            a.notes
        );
        assert_eq!(a.warnings.len(), 1, "{:?}", a.warnings);
        // Due 2026-12-31, 1 day: 2027-01-01 is 元旦, judged by weekends only, and flagged.
        let a = ask(vec![
            ("due_date", Value::str("2026-12-31")),
            ("grace_days", Value::Number("1".into())),
        ]);
        assert_eq!(a.last_on_time_day, d("2027-01-01"));
        assert!(
            a.notes
                .iter()
                .any(|n| n.text.contains("2027年1月1日") && n.text.contains("很可能是法定节假日")),
            "{:?}",
            a.notes
        );
    }

    proptest! {
        #[test]
        fn overdue_days_are_zero_iff_not_overdue(
            due in 0i64..1000, grace in 0i64..40, after in -30i64..80,
            working: bool, extend in prop::option::of(any::<bool>()),
        ) {
            let due = d("2024-01-01") + Duration::days(due);
            let input = GraceInput {
                due_date: due,
                grace_days: grace,
                working_days: working,
                extend_holidays: extend,
                paid_on: Some(due + Duration::days(after)),
            };
            let a = input.compute(&crate::Data::builtin().holidays).unwrap();
            let days = a.overdue_days.unwrap();
            prop_assert!(days >= 0);
            let late = matches!(a.status, Some(Status::Overdue | Status::Arguable));
            prop_assert_eq!(days == 0, !late);
            prop_assert!(a.last_on_time_day >= due);
            // Only an unknown rule has an arguable day, never before the safe one.
            prop_assert!(a.arguable_until.is_none() || (extend.is_none() && a.arguable_until > Some(a.last_on_time_day)));
            prop_assert!(a.status != Some(Status::Arguable) || a.arguable_until.is_some());
        }
    }
}
