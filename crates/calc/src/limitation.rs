//! 诉讼时效 / 申请执行期间 (`kind: "limitation"`, CALCULATOR.md §7): the last day a creditor
//! can still sue (or apply for enforcement of a judgment), and whether it has passed on a
//! given day — the question "this debt is years old: can they still sue?".
//!
//! Readings of the rules (also told to readers in the notes):
//!
//! - **Period** (`period`): `litigation` 诉讼时效, 3 years (民法典 第188条第一款); `enforcement`
//!   申请执行期间, 2 years (民事诉讼法 2023 第250条).
//! - **Start** (第201–202条): `due_date` is the last day the debt could be paid (the last
//!   instalment's, 第189条; for enforcement the last day of the performance period, 第250条
//!   第二款); it is not counted, and the period ends on the corresponding day of the final
//!   year, or on the month's last day where there is none (2024-02-29 + 3 years →
//!   2027-02-28), computed by [`period_end_years`].
//! - **Interruptions** (第195条; 第250条 applies them to enforcement) are of two kinds,
//!   because the statute restarts them differently (「从中断、有关程序终结时起」):
//!   `interruptions` (a demand, the debtor's agreement to pay, a part payment) restart the
//!   period **from that day**; `proceedings` ({filed, ended}: a suit, an arbitration, a
//!   支付令 application…) interrupt it on `filed` and restart it only **from `ended`**. With
//!   `ended` unknown, the period stays interrupted: no expiry date (`expires_on` and
//!   `expired` null). All are taken in date order. One on or before the last day of the
//!   running period (its rolled-over last day included, since the period runs to 24:00 of
//!   that day) counts; one after the period has ended does not revive it (a note cites
//!   第192条第二款 for a demand, agreement or payment, 第192条第一款 for a suit). A demand
//!   while a proceeding runs changes nothing; of overlapping proceedings the latest `ended`
//!   counts; a proceeding filed on or before `due_date` (before the period started) is
//!   ignored with a note. An interruption before `due_date`, or an `ended` before its
//!   `filed`, is an input error naming the field.
//! - **Last day on a rest day** (第203条): weekends and holidays, but not the make-up
//!   working days (调休上班), move the last day to the next working day. 第197条 forbids
//!   agreeing otherwise, so unlike the grace period this is not a switch. A year without
//!   holiday data is judged by weekends only, with one warning naming it, its fixed-date
//!   holidays flagged as probable, and no note naming its notice.
//! - **Expired** on `today`: `today` is after `expires_on` (the last day runs to 24:00).
//! - Named, not computed: 第188条第二款's 20-year outer limit and 第194条's suspension.

use crate::date::{
    days_between, format_date, format_date_zh, next_day, period_end_years, sort_by_date,
};
use crate::holidays::{describe, DayKind, HolidayCalendar, Unlisted};
use crate::report::{choice_codes, FieldSpec, Figure, InputKind, Note, Report, Table};
use crate::value::{Fields, InputError, Value};
use chrono::{Datelike, NaiveDate};

/// The kinds of period: (code, label).
pub const PERIODS: &[(&str, &str)] = &[
    ("litigation", "诉讼时效（3年）"),
    ("enforcement", "申请执行期间（判决后2年）"),
];
// The codes alone, to read the field: the labels stay out of the browser module.
const PERIOD_CODES: [&str; 2] = choice_codes(PERIODS);

const INTERRUPTION_FIELDS: &[FieldSpec] = &[FieldSpec {
    // An unnamed sub-field: each row is one date (`interruptions.0`), not a map.
    name: "",
    label: "日期",
    help: "",
    input: InputKind::Date,
    default: "",
}];

const PROCEEDING_FIELDS: &[FieldSpec] = &[
    FieldSpec {
        name: "filed",
        label: "起诉或申请的日子",
        help: "",
        input: InputKind::Date,
        default: "",
    },
    FieldSpec {
        name: "ended",
        label: "程序结束的日子（还没结束就不填）",
        help: "",
        input: InputKind::Date,
        default: "",
    },
];

pub const FORM: &[FieldSpec] = &[
    FieldSpec {
        name: "period",
        label: "哪一种期间",
        help: "还没被起诉：诉讼时效。已经有判决、调解书，问对方还能不能申请强制执行：申请执行期间。",
        input: InputKind::Choice(PERIODS),
        default: "litigation",
    },
    FieldSpec {
        name: "due_date",
        label: "到期日",
        help: "借款应当还清的最后一天；分期还款填最后一期的到期日。申请执行期间填判决书、调解书规定的履行期限的最后一天。",
        input: InputKind::Date,
        default: "",
    },
    FieldSpec {
        name: "interruptions",
        label: "对方催要、你答应还或还了一部分的日子",
        help: "每行一个日期：对方向你催要（有短信、录音、律师函等证据）、你答应还款或还了一部分的日子。时效从这一天起重新计算。没有就不填。",
        input: InputKind::List {
            fields: INTERRUPTION_FIELDS,
            rows: 3,
        },
        default: "",
    },
    FieldSpec {
        name: "proceedings",
        label: "对方起诉/申请仲裁/申请支付令的日子，以及那次程序结束的日子",
        help: "每行一次。时效在起诉或申请的那天中断，要等那次程序结束（例如撤诉、驳回起诉的裁定生效）以后，才从结束的日子起重新计算；还没结束的，结束的日子不填。没有就不填。",
        input: InputKind::List {
            fields: PROCEEDING_FIELDS,
            rows: 2,
        },
        default: "",
    },
    FieldSpec {
        name: "today",
        label: "查询日期",
        help: "看这一天时效是否已经届满，默认今天。",
        input: InputKind::Date,
        default: "today",
    },
];

/// The most interruption dates and proceedings accepted (far more than any real case).
pub const MAX_INTERRUPTIONS: usize = 100;

/// Which period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// 诉讼时效, 3 years (民法典 第188条).
    Litigation,
    /// 申请执行期间, 2 years (民事诉讼法 第250条).
    Enforcement,
}

impl Period {
    pub fn code(self) -> &'static str {
        match self {
            Period::Litigation => "litigation",
            Period::Enforcement => "enforcement",
        }
    }

    pub fn years(self) -> i32 {
        match self {
            Period::Litigation => 3,
            Period::Enforcement => 2,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Period::Litigation => "诉讼时效",
            Period::Enforcement => "申请执行期间",
        }
    }

    /// The article that sets the length.
    fn cite(self) -> &'static str {
        match self {
            Period::Litigation => CITE_188,
            Period::Enforcement => CITE_250,
        }
    }
}

const CITE_188: &str = "《民法典》第188条";
const CITE_250: &str = "《民事诉讼法》（2023年修正）第250条";
const CITE_PERIOD_MATH: &str = "《民法典》第201条、第202条";

/// A suit, an arbitration, a 支付令 application or another step with the same effect
/// (民法典 第195条(三)(四)): the period is interrupted on `filed` and restarts from `ended`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Proceeding {
    pub filed: NaiveDate,
    /// The day the withdrawal, dismissal or other end took effect; `None`: still running
    /// (or not known).
    pub ended: Option<NaiveDate>,
}

/// A checked limitation request.
#[derive(Debug, Clone, PartialEq)]
pub struct LimitationInput {
    pub period: Period,
    pub due_date: NaiveDate,
    /// Dates of demands, agreements to pay, part payments: in any order.
    pub interruptions: Vec<NaiveDate>,
    /// Suits, arbitrations, 支付令 applications: in any order.
    pub proceedings: Vec<Proceeding>,
    pub today: NaiveDate,
}

impl LimitationInput {
    pub fn read(fields: &mut Fields) -> Result<LimitationInput, InputError> {
        let period = match fields.opt_choice("period", "期间种类", &PERIOD_CODES)? {
            Some("enforcement") => Period::Enforcement,
            _ => Period::Litigation,
        };
        let due_date = fields.date("due_date", "到期日")?;
        let interruptions = fields.date_list("interruptions", "催要、答应还款或部分还款的日期")?;
        let mut proceedings = Vec::new();
        for mut item in fields.list("proceedings", "起诉、仲裁等程序")? {
            let filed = item.date("filed", "起诉或申请的日子")?;
            let ended = item.opt_date("ended", "程序结束的日子")?;
            item.finish()?;
            proceedings.push(Proceeding { filed, ended });
        }
        for (name, len) in [
            ("interruptions", interruptions.len()),
            ("proceedings", proceedings.len()),
        ] {
            if len > MAX_INTERRUPTIONS {
                return Err(fields.error(
                    name,
                    "时效中断",
                    format!("最多填写 {MAX_INTERRUPTIONS} 项"),
                ));
            }
        }
        let today = fields.date("today", "查询日期")?;
        let input = LimitationInput {
            period,
            due_date,
            interruptions,
            proceedings,
            today,
        };
        input.check()?;
        Ok(input)
    }

    /// The checks that need more than one field, each error naming the field to fix.
    pub fn check(&self) -> Result<(), InputError> {
        if let Some(i) = self.interruptions.iter().position(|d| *d < self.due_date) {
            return Err(InputError::at(
                format!("interruptions[{i}]"),
                "催要、答应还款或部分还款的日期",
                format!(
                    "第{}项{}早于到期日{}：到期之前时效还没有开始，不存在中断",
                    i + 1,
                    format_date_zh(self.interruptions[i]),
                    format_date_zh(self.due_date)
                ),
            ));
        }
        for (i, p) in self.proceedings.iter().enumerate() {
            if let Some(e) = p.ended.filter(|e| *e < p.filed) {
                return Err(InputError::at(
                    format!("proceedings[{i}].ended"),
                    "程序结束的日子",
                    format!(
                        "{}早于起诉或申请的日子{}：请核对这两个日期",
                        format_date_zh(e),
                        format_date_zh(p.filed)
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Computes with the holiday calendar `cal` (`Data::holidays`).
    pub fn compute(&self, cal: &HolidayCalendar) -> Result<LimitationAnswer, InputError> {
        self.check()?;
        let years = self.period.years();
        let mut missing = Unlisted::default();
        let running = |start: NaiveDate, missing: &mut Unlisted| {
            let nominal = period_end_years(start, years);
            State::Running {
                start,
                nominal,
                last: cal.next_working_day_from(nominal, missing),
            }
        };

        // Demands are `None`, proceedings `Some(index)`; in date order, demands first on a day.
        let mut events: Vec<(NaiveDate, Option<usize>)> = self
            .interruptions
            .iter()
            .map(|d| (*d, None))
            .chain(
                self.proceedings
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p.filed, Some(i))),
            )
            .collect();
        // (A stable sort keeps demands before proceedings on a day.)
        sort_by_date(&mut events, |e| e.0);

        let mut state = running(self.due_date, &mut missing);
        let mut steps = vec![Step::of(self.due_date, Event::Due, &state)];
        let mut restarted_on = None;
        let mut answer_lists = Ignored::default();
        let mut previous = None;
        for (t, what) in events {
            // The same demand twice is one demand.
            if what.is_none() && previous == Some(t) {
                continue;
            }
            previous = what.is_none().then_some(t);
            // A proceeding that ended by this day: the period restarts from its end.
            if let State::Interrupted { until: Some(e), .. } = state {
                if e <= t {
                    state = running(e, &mut missing);
                    restarted_on = Some(e);
                    steps.push(Step::of(e, Event::Ended, &state));
                }
            }
            let event = match (what, state) {
                (None, State::Interrupted { .. }) => {
                    answer_lists.during_proceedings.push(t);
                    Event::DuringProceeding
                }
                (None, State::Running { last, .. }) if t <= last => {
                    state = running(t, &mut missing);
                    restarted_on = Some(t);
                    Event::Restart
                }
                (None, State::Running { .. }) => {
                    answer_lists.after_expiry.push(t);
                    Event::AfterExpiry
                }
                (Some(i), _) if self.proceedings[i].filed <= self.due_date => {
                    answer_lists.before_start.push(t);
                    Event::FiledBeforeStart
                }
                (Some(i), State::Interrupted { filed, until }) => {
                    // Overlapping proceedings: the latest end counts (none while one runs on).
                    let ended = self.proceedings[i].ended;
                    state = State::Interrupted {
                        filed,
                        until: until.zip(ended).map(|(a, b)| a.max(b)),
                    };
                    Event::Filed
                }
                (Some(i), State::Running { last, .. }) if t <= last => {
                    state = State::Interrupted {
                        filed: t,
                        until: self.proceedings[i].ended,
                    };
                    Event::Filed
                }
                (Some(_), State::Running { .. }) => {
                    answer_lists.filed_after_expiry.push(t);
                    Event::FiledAfterExpiry
                }
            };
            steps.push(Step::of(t, event, &state));
        }
        if let State::Interrupted { until: Some(e), .. } = state {
            state = running(e, &mut missing);
            restarted_on = Some(e);
            steps.push(Step::of(e, Event::Ended, &state));
        }
        let (starts_on, nominal, last, interrupted_since) = match state {
            State::Running {
                start,
                nominal,
                last,
            } => (Some(next_day(start)), Some(nominal), Some(last), None),
            State::Interrupted { filed, .. } => {
                restarted_on = None;
                (None, None, None, Some(filed))
            }
        };
        let expired = last.map(|l| self.today > l);
        let mut answer = LimitationAnswer {
            input: self.clone(),
            starts_on,
            nominal_last_day: nominal,
            expires_on: last,
            nominal_day_kind: nominal.and_then(|n| cal.day_kind(n).ok()),
            expired,
            days_left: last
                .filter(|l| self.today <= *l)
                .map(|l| days_between(self.today, l)),
            restarted_on,
            interrupted_since,
            ignored_interruptions: answer_lists.after_expiry,
            demands_during_proceedings: answer_lists.during_proceedings,
            proceedings_after_expiry: answer_lists.filed_after_expiry,
            proceedings_before_start: answer_lists.before_start,
            steps,
            notes: Vec::new(),
            warnings: missing.warnings(),
        };
        answer.notes = answer.make_notes(cal);
        answer.notes.extend(missing.probable_holiday_note());
        Ok(answer)
    }
}

/// Where the computation stands after an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// The period runs from the day after `start` to `nominal`, or `last` after the
    /// rest-day rollover.
    Running {
        start: NaiveDate,
        nominal: NaiveDate,
        last: NaiveDate,
    },
    /// A proceeding filed on `filed` runs until `until` (`None`: no end given).
    Interrupted {
        filed: NaiveDate,
        until: Option<NaiveDate>,
    },
}

/// The dates that did not change the period, by why.
#[derive(Default)]
struct Ignored {
    after_expiry: Vec<NaiveDate>,
    during_proceedings: Vec<NaiveDate>,
    filed_after_expiry: Vec<NaiveDate>,
    before_start: Vec<NaiveDate>,
}

/// What a row of the table records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// The due date: the period starts the next day.
    Due,
    /// A demand, agreement or part payment inside the running period: it restarts.
    Restart,
    /// A demand, agreement or part payment after the period ended: no effect.
    AfterExpiry,
    /// A demand, agreement or part payment while a proceeding runs: no effect.
    DuringProceeding,
    /// A proceeding filed inside the running period (or during another): interrupted.
    Filed,
    /// A proceeding ended: the period restarts from that day.
    Ended,
    /// A proceeding filed after the period ended: no effect.
    FiledAfterExpiry,
    /// A proceeding filed on or before the due date: no effect.
    FiledBeforeStart,
}

/// One step of the computation: after the event on `date`, the period ends on
/// `nominal_end`, or on `last_day` after the rest-day rollover (both `None` while a
/// proceeding runs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub date: NaiveDate,
    pub event: Event,
    pub nominal_end: Option<NaiveDate>,
    pub last_day: Option<NaiveDate>,
}

impl Step {
    fn of(date: NaiveDate, event: Event, state: &State) -> Step {
        let (nominal_end, last_day) = match *state {
            State::Running { nominal, last, .. } => (Some(nominal), Some(last)),
            State::Interrupted { .. } => (None, None),
        };
        Step {
            date,
            event,
            nominal_end,
            last_day,
        }
    }
}

/// The answer.
#[derive(Debug, Clone, PartialEq)]
pub struct LimitationAnswer {
    pub input: LimitationInput,
    /// The first day of the period that counts (the day after its start day); `None`
    /// while a proceeding runs.
    pub starts_on: Option<NaiveDate>,
    /// The corresponding day (第202条) before any rest-day rollover.
    pub nominal_last_day: Option<NaiveDate>,
    /// The last day, after the rollover of 第203条; `None` while a proceeding runs.
    pub expires_on: Option<NaiveDate>,
    /// What kind of day the nominal last day is (`None` without holiday data).
    pub nominal_day_kind: Option<DayKind>,
    /// `today` is after `expires_on`; `None` while a proceeding runs.
    pub expired: Option<bool>,
    /// Days from `today` to `expires_on` when not expired.
    pub days_left: Option<i64>,
    /// The day the period now runs from: a demand's day or a proceeding's end.
    pub restarted_on: Option<NaiveDate>,
    /// The filing day of a proceeding still running (no end given).
    pub interrupted_since: Option<NaiveDate>,
    /// Demands, agreements and payments after the period had already ended.
    pub ignored_interruptions: Vec<NaiveDate>,
    /// Demands, agreements and payments while a proceeding ran.
    pub demands_during_proceedings: Vec<NaiveDate>,
    /// Filing days of proceedings after the period had already ended.
    pub proceedings_after_expiry: Vec<NaiveDate>,
    /// Filing days of proceedings on or before the due date.
    pub proceedings_before_start: Vec<NaiveDate>,
    pub steps: Vec<Step>,
    pub notes: Vec<Note>,
    pub warnings: Vec<String>,
}

fn date_list(dates: &[NaiveDate]) -> String {
    dates
        .iter()
        .map(|d| format_date_zh(*d))
        .collect::<Vec<_>>()
        .join("、")
}

impl LimitationAnswer {
    fn make_notes(&self, cal: &HolidayCalendar) -> Vec<Note> {
        let i = &self.input;
        let p = i.period;
        let mut notes = Vec::new();
        match p {
            Period::Litigation => notes.push(Note::new(
                "向法院请求保护民事权利的诉讼时效期间为三年，从债权人知道或者应当知道权利受到损害以及义务人之日起计算；借款到期不还，一般从到期日的次日起算。分期还款的，从最后一期的履行期限届满之日起计算。",
                format!("{CITE_188}、第189条"),
            )),
            Period::Enforcement => notes.push(Note::new(
                "申请执行的期间为二年，从法律文书规定的履行期间的最后一日起计算；分期履行的，从最后一期履行期限届满之日起计算；没有规定履行期间的，从法律文书生效之日起计算（此时到期日填生效日）。",
                CITE_250,
            )),
        }
        let interruption_cite = interruption_note_cite(p);
        if let (Some(starts_on), Some(nominal), Some(expires_on)) =
            (self.starts_on, self.nominal_last_day, self.expires_on)
        {
            let start = self.restarted_on.unwrap_or(i.due_date);
            notes.push(Note::new(
                format!(
                    "期间开始的当日（{}）不计入，自次日（{}）起算，满{}年的对应日（{}）为期间的最后一日。",
                    format_date_zh(start),
                    format_date_zh(starts_on),
                    p.years(),
                    format_date_zh(nominal)
                ),
                CITE_PERIOD_MATH,
            ));
            if start.month() == 2 && start.day() == 29 && nominal.day() == 28 {
                notes.push(Note::new(
                    format!(
                        "{}年没有2月29日，以该月最后一天（2月28日）为期间的最后一日。",
                        nominal.year()
                    ),
                    "《民法典》第202条",
                ));
            }
            match &self.nominal_day_kind {
                Some(k @ DayKind::MakeUpWorkday(_)) => notes.push(Note::new(
                    format!(
                        "{}是调休上班日（{}），属于工作日，不是法定休假日，最后一日不顺延。",
                        format_date_zh(nominal),
                        describe(nominal, k)
                    ),
                    cal.cite_with_notice("《民法典》第203条", nominal.year()),
                )),
                _ if expires_on != nominal => notes.push(Note::new(
                    format!(
                        "{}是休息日{}，依法以休假结束的次日{}为期间的最后一日。这条规则由法律规定，当事人约定不顺延也无效。",
                        format_date_zh(nominal),
                        self.nominal_day_kind
                            .as_ref()
                            .map(|k| format!("（{}）", describe(nominal, k)))
                            .unwrap_or_default(),
                        format_date_zh(expires_on)
                    ),
                    cal.cite_with_notice("《民法典》第203条、第197条", nominal.year()),
                )),
                _ => {}
            }
            notes.push(Note::new(
                format!("最后一日{}到当天24时为止。", format_date_zh(expires_on)),
                "《民法典》第203条第二款",
            ));
        }
        let two_kinds = "时效中断有两种：对方催要、您答应还款或还了一部分，从那一天起重新计算；对方起诉、申请仲裁、申请支付令等，在提出的那天中断，要等那次程序结束（例如撤诉、驳回起诉的裁定生效）后，才从结束的那天起重新计算。";
        let which = if let Some(r) = self.restarted_on {
            format!(
                "按您填写的日期，时效最后一次从{}起重新计算。",
                format_date_zh(r)
            )
        } else if self.interrupted_since.is_some() {
            String::new()
        } else if i.interruptions.is_empty() && i.proceedings.is_empty() {
            "您没有填写中断的日期，以上按到期日计算。".to_string()
        } else {
            "您填写的日期都没有让时效重新计算，以上按到期日计算。".to_string()
        };
        notes.push(Note::new(format!("{two_kinds}{which}"), interruption_cite));
        if let Some(f) = self.interrupted_since {
            notes.push(Note::new(
                format!(
                    "对方{}提起的程序（起诉、仲裁、支付令等）没有填写结束的日子：程序进行期间，时效处于中断状态，没有届满日；程序结束（撤诉、驳回起诉的裁定生效，或判决、裁决生效）后，从结束的那天起重新计算完整的{}年。知道结束的日子后填上，就能算出届满日；以生效判决、裁决结束的，之后要看申请执行期间。",
                    format_date_zh(f),
                    p.years()
                ),
                interruption_cite,
            ));
        }
        if !self.demands_during_proceedings.is_empty() {
            notes.push(Note::new(
                format!(
                    "{}在对方起诉、仲裁等程序进行期间，时效本来就处于中断状态，这些催要、答应还款或部分还款不改变计算：时效仍从程序结束的那天起重新计算。",
                    date_list(&self.demands_during_proceedings)
                ),
                interruption_cite,
            ));
        }
        if !self.ignored_interruptions.is_empty() {
            notes.push(Note::new(
                format!(
                    "{}在时效届满之后，不能让已经届满的时效重新计算。但要注意：时效届满后您同意还款的，就不能再以时效届满为由拒绝；已经自愿还了的，也不能要求退回。只是对方催要，不影响时效已经届满。",
                    date_list(&self.ignored_interruptions)
                ),
                "《民法典》第192条第二款",
            ));
        }
        if !self.proceedings_after_expiry.is_empty() {
            notes.push(Note::new(
                format!(
                    "对方{}起诉或申请时，时效已经届满，不能让时效重新计算。法院仍会受理，但您可以提出时效已过的抗辩；法院不会主动适用诉讼时效，要由您自己在一审中提出。",
                    date_list(&self.proceedings_after_expiry)
                ),
                "《民法典》第192条第一款、第193条",
            ));
        }
        if !self.proceedings_before_start.is_empty() {
            notes.push(Note::new(
                format!(
                    "{}提起的程序在到期日当天或之前，那时时效还没有开始计算，本计算不予考虑。",
                    date_list(&self.proceedings_before_start)
                ),
                format!("{CITE_PERIOD_MATH}；《民法典》第195条"),
            ));
        }
        let mut future: Option<NaiveDate> = None;
        let mut later = |d: NaiveDate| {
            if d > i.today && future.is_none_or(|f| d > f) {
                future = Some(d);
            }
        };
        for d in &i.interruptions {
            later(*d);
        }
        for p in &i.proceedings {
            later(p.filed);
            if let Some(e) = p.ended {
                later(e);
            }
        }
        if let Some(future) = future {
            notes.push(Note::new(
                format!(
                    "您填写的{}晚于查询日期，以上把它当作将会发生的事计算。",
                    format_date_zh(future)
                ),
                "《民法典》第195条",
            ));
        }
        if i.today <= i.due_date {
            notes.push(Note::new(
                format!(
                    "查询日期{}还没有过到期日，时效尚未开始计算。",
                    format_date_zh(i.today)
                ),
                CITE_PERIOD_MATH,
            ));
        } else if self.expired == Some(true) {
            notes.push(Note::new(
                match p {
                    Period::Litigation => "时效届满后，债务并不消灭，但您可以提出不履行的抗辩。法院不会主动适用诉讼时效：被起诉时，要由您自己在一审中提出“已过诉讼时效”。",
                    Period::Enforcement => "申请执行期间届满后对方才申请强制执行的，法院仍会受理，您可以对申请执行时效提出异议，异议成立的，法院裁定不予执行。已经履行了全部或一部分的，不能再以不知道期间届满为由要求执行回转。",
                },
                match p {
                    Period::Litigation => "《民法典》第192条第一款、第193条",
                    Period::Enforcement => "《民诉法解释》（2022年修正）第481条",
                },
            ));
        } else if let (Some(left), Some(expires_on)) = (self.days_left, self.expires_on) {
            let when = if left == 0 {
                format!(
                    "查询日期{}是{}的最后一天（到当天24时为止）",
                    format_date_zh(i.today),
                    p.name()
                )
            } else {
                format!(
                    "到查询日期{}，{}还剩 {} 天（到{}为止）",
                    format_date_zh(i.today),
                    p.name(),
                    left,
                    format_date_zh(expires_on)
                )
            };
            notes.push(Note::new(
                format!("{when}。这期间只要发生一次中断，就会重新计算。"),
                interruption_cite,
            ));
        }
        notes.push(Note::new(
            "本计算没有计入时效中止：在时效期间的最后六个月内，因不可抗力等障碍不能行使请求权的，时效中止，从障碍消除之日起满六个月届满。",
            match p {
                Period::Litigation => "《民法典》第194条",
                Period::Enforcement => "《民法典》第194条；《民事诉讼法》第250条",
            },
        ));
        if p == Period::Litigation {
            notes.push(Note::new(
                "另有最长二十年的限制：自权利受到损害之日起超过二十年的，法院不予保护（有特殊情况可以延长）。本计算没有计入。",
                "《民法典》第188条第二款",
            ));
        }
        notes
    }

    pub fn to_value(&self) -> Value {
        let dates =
            |list: &[NaiveDate]| Value::List(list.iter().copied().map(Value::date).collect());
        let ignored_proceedings: Vec<NaiveDate> = self
            .proceedings_before_start
            .iter()
            .chain(&self.proceedings_after_expiry)
            .copied()
            .collect();
        let opt_date = |d: Option<NaiveDate>| d.map_or(Value::Null, Value::date);
        Value::map([
            ("expires_on", opt_date(self.expires_on)),
            ("expired", self.expired.map_or(Value::Null, Value::Bool)),
            ("restarted_on", opt_date(self.restarted_on)),
            ("interrupted_since", opt_date(self.interrupted_since)),
            ("ignored_interruptions", dates(&self.ignored_interruptions)),
            ("ignored_proceedings", dates(&ignored_proceedings)),
            ("period", Value::str(self.input.period.code())),
            ("starts_on", opt_date(self.starts_on)),
            ("nominal_last_day", opt_date(self.nominal_last_day)),
            (
                "days_left",
                self.days_left
                    .map_or(Value::Null, |n| Value::Number(n.to_string())),
            ),
            ("notes", crate::report::notes_value(&self.notes)),
            ("warnings", crate::report::warnings_value(&self.warnings)),
        ])
    }

    pub fn report(&self) -> Report {
        let p = self.input.period;
        let mut figures = vec![Figure::new(
            format!("{}届满日（最后一日）", p.name()),
            match self.expires_on {
                Some(d) => format_date_zh(d),
                None => "暂无：对方提起的程序还没有结束，时效处于中断状态".to_string(),
            },
            format!("{}；《民法典》第195条、第201–203条", p.cite()),
        )];
        figures.push(Figure::new(
            format!("到{}", format_date_zh(self.input.today)),
            match (self.expired, self.days_left) {
                (Some(true), _) => "已经届满".to_string(),
                (Some(false), Some(0)) => "尚未届满，今天是最后一天".to_string(),
                (Some(false), Some(left)) => format!("尚未届满，还剩 {left} 天"),
                (Some(false), None) => "尚未届满".to_string(),
                (None, _) => "没有届满：程序结束后重新计算".to_string(),
            },
            if self.expired.is_some() {
                p.cite()
            } else {
                "《民法典》第195条"
            },
        ));
        if let Some(r) = self.restarted_on {
            figures.push(Figure::new(
                "从这一天起重新计算",
                format_date_zh(r),
                interruption_note_cite(p),
            ));
        }
        let rows = self
            .steps
            .iter()
            .map(|s| {
                let (what, effect) = match s.event {
                    Event::Due => ("到期日", "次日起算"),
                    Event::Restart => ("催要、答应还款或部分还款", "重新计算"),
                    Event::AfterExpiry => ("催要等（已届满后）", "不再重新计算"),
                    Event::DuringProceeding => ("催要等（程序进行中）", "不改变计算"),
                    Event::Filed => ("起诉、仲裁等", "中断，程序结束后重新计算"),
                    Event::Ended => ("程序结束", "重新计算"),
                    Event::FiledAfterExpiry => ("起诉、仲裁等（已届满后）", "不再重新计算"),
                    Event::FiledBeforeStart => ("起诉、仲裁等（到期日前）", "不影响时效"),
                };
                let end = match (s.nominal_end, s.last_day) {
                    (Some(n), Some(l)) if n == l => format_date(l),
                    (Some(n), Some(l)) => {
                        format!("{} → {}（休息日顺延）", format_date(n), format_date(l))
                    }
                    _ => "程序结束后确定".to_string(),
                };
                vec![
                    format_date(s.date),
                    what.to_string(),
                    effect.to_string(),
                    end,
                ]
            })
            .collect();
        let today = format_date_zh(self.input.today);
        let sentence = match (self.expired, self.days_left) {
            (Some(true), _) => format!(
                "到{today}已经届满：被起诉时你可以提出诉讼时效抗辩，法院不会主动替你提。"
            ),
            (Some(false), Some(0)) => format!("到{today}尚未届满，今天是最后一天。"),
            (Some(false), Some(left)) => format!(
                "到{today}尚未届满，还剩 {left} 天；在这之前对方催要、起诉，或你答应还款、还了一部分，都会让时效重新计算。"
            ),
            (Some(false), None) => format!("到{today}尚未届满。"),
            (None, _) => "对方提起的程序还没有结束，时效处于中断状态；程序结束后重新计算。".to_string(),
        };
        let label = format!("{}届满日（最后一日）", p.name());
        Report::new(
            crate::Kind::Limitation,
            figures,
            Some(Table::new(
                "时效怎样计算",
                &["日期", "事由", "效果", "期间最后一日"],
                rows,
            )),
            &self.notes,
            &self.warnings,
        )
        .with_headline(&label, sentence)
    }
}

fn interruption_note_cite(p: Period) -> &'static str {
    match p {
        Period::Litigation => "《民法典》第195条",
        Period::Enforcement => "《民事诉讼法》（2023年修正）第250条；《民法典》第195条",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::parse_date;
    use crate::Answer;
    use chrono::{Datelike, Duration, Months};
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn run(period: Period, due: &str, interruptions: &[&str], today: &str) -> LimitationAnswer {
        LimitationInput {
            period,
            due_date: d(due),
            interruptions: interruptions.iter().map(|s| d(s)).collect(),
            proceedings: Vec::new(),
            today: d(today),
        }
        .compute(&crate::Data::builtin().holidays)
        .unwrap()
    }

    fn litigation(due: &str, interruptions: &[&str], today: &str) -> LimitationAnswer {
        run(Period::Litigation, due, interruptions, today)
    }

    fn request(pairs: Vec<(&str, Value)>) -> Value {
        Value::map(pairs)
    }

    #[test]
    fn calculator_md_example_through_the_interface() {
        let v = request(vec![
            ("kind", Value::str("limitation")),
            ("period", Value::str("litigation")),
            ("due_date", Value::str("2022-06-30")),
            ("interruptions", Value::List(vec![Value::str("2023-03-15")])),
            ("today", Value::str("2026-11-29")),
        ]);
        let Answer::Limitation(a) = crate::compute(&v, crate::Data::builtin()).unwrap() else {
            panic!("not a limitation answer")
        };
        let out = a.to_value();
        assert_eq!(out.get("expires_on"), Some(&Value::str("2026-03-16")));
        assert_eq!(out.get("expired"), Some(&Value::Bool(true)));
        assert_eq!(out.get("restarted_on"), Some(&Value::str("2023-03-15")));
        assert_eq!(out.get("ignored_interruptions"), Some(&Value::List(vec![])));
        assert_eq!(out.get("nominal_last_day"), Some(&Value::str("2026-03-15")));
        // 2026-03-15 is a Sunday: the rollover note names the day.
        assert_eq!(d("2026-03-15").weekday(), chrono::Weekday::Sun);
        assert!(a
            .notes
            .iter()
            .any(|n| n.cite.contains("第203条") && n.text.contains("2026年3月16日")));
        assert!(a.notes.iter().any(|n| n.cite.contains("第188条第二款")));
        assert!(a.notes.iter().any(|n| n.cite.contains("第194条")));
        assert!(a.notes.iter().all(|n| !n.cite.is_empty()));
        assert!(a.warnings.is_empty());
        let r = a.report();
        assert_eq!(r.figures[0].value, "2026年3月16日");
        assert_eq!(r.figures[1].value, "已经届满");
        assert_eq!(r.table.unwrap().rows.len(), 2);
    }

    #[test]
    fn one_day_before_and_on_the_last_day() {
        let a = litigation("2022-06-30", &["2023-03-15"], "2026-03-16");
        assert_eq!(a.expired, Some(false));
        assert_eq!(a.days_left, Some(0));
        let a = litigation("2022-06-30", &["2023-03-15"], "2026-03-17");
        assert_eq!(a.expired, Some(true));
        assert_eq!(a.days_left, None);
        let a = litigation("2022-06-30", &[], "2025-06-30");
        // Without interruption: 2025-06-30 is a Monday.
        assert_eq!(a.expires_on, Some(d("2025-06-30")));
        assert_eq!(a.expired, Some(false));
        assert_eq!(a.restarted_on, None);
    }

    #[test]
    fn ending_on_a_make_up_saturday_is_not_rolled_over() {
        // 2026-02-14 is a Saturday but a 春节 make-up working day.
        let a = litigation("2023-02-14", &[], "2026-01-01");
        assert_eq!(a.nominal_last_day, Some(d("2026-02-14")));
        assert_eq!(a.expires_on, Some(d("2026-02-14")));
        assert!(a.notes.iter().any(|n| n.text.contains("调休上班")));
        // The Sunday after it is a holiday and would roll over.
        let a = litigation("2023-02-15", &[], "2026-01-01");
        assert_eq!(a.expires_on, Some(d("2026-02-24")));
    }

    #[test]
    fn ending_in_national_day() {
        // 2025-10-01..08 are days off; 10-09 is a Thursday.
        let a = litigation("2022-10-01", &[], "2025-10-05");
        assert_eq!(a.nominal_last_day, Some(d("2025-10-01")));
        assert_eq!(a.expires_on, Some(d("2025-10-09")));
        assert_eq!(a.expired, Some(false));
        assert_eq!(a.days_left, Some(4));
        assert!(a.notes.iter().any(|n| n.text.contains("国庆节")));
        let a = litigation("2022-10-08", &[], "2025-10-09");
        assert_eq!(a.expires_on, Some(d("2025-10-09")));
    }

    #[test]
    fn starting_from_a_leap_day() {
        // 2027-02-28 (there is no 2027-02-29) is a Sunday; 2027 has no holiday data.
        let a = litigation("2024-02-29", &[], "2026-11-29");
        assert_eq!(a.nominal_last_day, Some(d("2027-02-28")));
        assert_eq!(a.expires_on, Some(d("2027-03-01")));
        assert_eq!(a.warnings.len(), 1);
        assert!(a.warnings[0].contains("2027年"), "{}", a.warnings[0]);
        assert!(a.notes.iter().any(|n| n.text.contains("没有2月29日")));
        // Enforcement: 2 years → 2026-02-28, a make-up Saturday: no rollover, no warning.
        let a = run(Period::Enforcement, "2024-02-29", &[], "2026-03-01");
        assert_eq!(a.expires_on, Some(d("2026-02-28")));
        assert_eq!(a.expired, Some(true));
        assert!(a.warnings.is_empty());
    }

    #[test]
    fn an_interruption_after_expiry_is_ignored() {
        let a = litigation("2020-01-10", &["2023-06-01", "2021-05-10"], "2026-11-29");
        // 2021-05-10 restarts: → 2024-05-10 (Friday); 2023-06-01 restarts again → 2026-06-01.
        assert_eq!(a.restarted_on, Some(d("2023-06-01")));
        assert_eq!(a.expires_on, Some(d("2026-06-01")));
        let a = litigation("2020-01-10", &["2023-06-01"], "2026-11-29");
        // 2020-01-10 + 3 years = 2023-01-10 (2023 has no data: a Tuesday either way).
        assert_eq!(a.expires_on, Some(d("2023-01-10")));
        assert_eq!(a.restarted_on, None);
        assert_eq!(a.ignored_interruptions, vec![d("2023-06-01")]);
        assert_eq!(a.expired, Some(true));
        assert!(a.notes.iter().any(|n| n.cite == "《民法典》第192条第二款"));
        let out = a.to_value();
        assert_eq!(
            out.get("ignored_interruptions"),
            Some(&Value::List(vec![Value::str("2023-06-01")]))
        );
        assert_eq!(out.get("restarted_on"), Some(&Value::Null));
        // Later ones after an ignored one are ignored too.
        let a = litigation("2020-01-10", &["2023-06-01", "2025-01-01"], "2026-11-29");
        assert_eq!(a.ignored_interruptions.len(), 2);
    }

    #[test]
    fn an_interruption_on_the_last_day_counts() {
        // Nominal 2025-06-30 (Monday): a demand that day restarts to 2028-06-30.
        let a = litigation("2022-06-30", &["2025-06-30"], "2026-11-29");
        assert_eq!(a.restarted_on, Some(d("2025-06-30")));
        assert_eq!(a.nominal_last_day, Some(d("2028-06-30")));
        // The day after: too late.
        let a = litigation("2022-06-30", &["2025-07-01"], "2026-11-29");
        assert_eq!(a.restarted_on, None);
        assert_eq!(a.ignored_interruptions, vec![d("2025-07-01")]);
        // A rolled-over last day counts in full: 2023-03-15 → Sunday 2026-03-15 → Monday
        // 2026-03-16, and a demand on that Monday restarts.
        let a = litigation("2023-03-15", &["2026-03-16"], "2026-11-29");
        assert_eq!(a.restarted_on, Some(d("2026-03-16")));
        assert_eq!(a.nominal_last_day, Some(d("2029-03-16")));
    }

    #[test]
    fn enforcement_period() {
        // Judgment's performance period ended 2024-03-20: 2 years → 2026-03-20 (Friday).
        let a = run(Period::Enforcement, "2024-03-20", &[], "2026-03-21");
        assert_eq!(a.expires_on, Some(d("2026-03-20")));
        assert_eq!(a.expired, Some(true));
        assert!(a.notes.iter().any(|n| n.cite.contains("第250条")));
        assert!(!a.notes.iter().any(|n| n.cite.contains("第188条第二款")));
        // A part payment inside the period restarts it.
        let a = run(
            Period::Enforcement,
            "2024-03-20",
            &["2025-01-06"],
            "2026-03-21",
        );
        assert_eq!(a.expires_on, Some(d("2027-01-06")));
        assert_eq!(a.expired, Some(false));
        let r = a.report();
        assert!(r.figures[0].label.contains("申请执行期间"));
    }

    #[test]
    fn input_errors_name_the_field() {
        let base = |pairs: Vec<(&str, Value)>| {
            let mut v = vec![
                ("kind", Value::str("limitation")),
                ("due_date", Value::str("2022-06-30")),
                ("today", Value::str("2026-11-29")),
            ];
            v.extend(pairs);
            crate::compute(&request(v), crate::Data::builtin())
        };
        let e = base(vec![(
            "interruptions",
            Value::List(vec![Value::str("2023-01-01"), Value::str("2022-06-29")]),
        )])
        .unwrap_err();
        assert_eq!(e.field, "interruptions[1]");
        assert!(e.message.contains("早于到期日"), "{}", e.message);
        let e = base(vec![(
            "interruptions",
            Value::List(vec![Value::str("2023-02-29")]),
        )])
        .unwrap_err();
        assert_eq!(e.field, "interruptions[0]");
        let e = base(vec![("period", Value::str("criminal"))]).unwrap_err();
        assert_eq!(e.field, "period");
        let e = crate::compute(
            &request(vec![
                ("kind", Value::str("limitation")),
                ("due_date", Value::str("2022-06-31")),
                ("today", Value::str("2026-11-29")),
            ]),
            crate::Data::builtin(),
        )
        .unwrap_err();
        assert_eq!(e.field, "due_date");
        assert!(e.message.contains("没有31日"), "{}", e.message);
        let e = crate::compute(
            &request(vec![
                ("kind", Value::str("limitation")),
                ("due_date", Value::str("2022-06-30")),
            ]),
            crate::Data::builtin(),
        )
        .unwrap_err();
        assert_eq!(e.field, "today");
        // An interruption on the due date itself changes nothing.
        let a = base(vec![(
            "interruptions",
            Value::List(vec![Value::str("2022-06-30")]),
        )])
        .unwrap();
        assert_eq!(
            a.to_value().get("expires_on"),
            Some(&Value::str("2025-06-30"))
        );
    }

    /// The answer to a limitation request through the interface.
    fn ask(pairs: Vec<(&str, Value)>) -> Result<LimitationAnswer, InputError> {
        let mut v = vec![
            ("kind", Value::str("limitation")),
            ("period", Value::str("litigation")),
            ("due_date", Value::str("2022-06-30")),
            ("today", Value::str("2026-11-29")),
        ];
        v.extend(pairs);
        match crate::compute(&request(v), crate::Data::builtin())? {
            Answer::Limitation(a) => Ok(a),
            _ => panic!("not a limitation answer"),
        }
    }

    fn proceeding(filed: &str, ended: Option<&str>) -> Value {
        Value::map([
            ("filed", Value::str(filed)),
            ("ended", ended.map_or(Value::Null, Value::str)),
        ])
    }

    /// Review 2026-12 A-1: a suit restarts the period only from the day the proceeding
    /// ended (民法典第195条「从中断、有关程序终结时起」), not from the filing day.
    #[test]
    fn review_a1_a_suit_restarts_from_its_end_not_its_filing() {
        let a = ask(vec![(
            "proceedings",
            Value::List(vec![proceeding("2023-03-15", Some("2023-09-01"))]),
        )])
        .unwrap();
        let out = a.to_value();
        assert_eq!(out.get("expires_on"), Some(&Value::str("2026-09-01")));
        assert_eq!(out.get("restarted_on"), Some(&Value::str("2023-09-01")));
        assert_eq!(out.get("expired"), Some(&Value::Bool(true)));
        // The same date as a demand restarts from that day (2026-03-15 Sunday → 03-16).
        let a = ask(vec![(
            "interruptions",
            Value::List(vec![Value::str("2023-03-15")]),
        )])
        .unwrap();
        assert_eq!(
            a.to_value().get("expires_on"),
            Some(&Value::str("2026-03-16"))
        );
        // No note says a suit restarts the period from its own day.
        for n in &a.notes {
            assert!(
                !n.text.contains("起诉或申请仲裁，时效都从那一天起"),
                "{}",
                n.text
            );
        }
    }

    #[test]
    fn a_proceeding_still_running_gives_no_expiry_date() {
        let a = ask(vec![(
            "proceedings",
            Value::List(vec![proceeding("2023-03-15", None)]),
        )])
        .unwrap();
        let out = a.to_value();
        assert_eq!(out.get("expires_on"), Some(&Value::Null));
        assert_eq!(out.get("expired"), Some(&Value::Null));
        assert!(a.notes.iter().any(|n| n.text.contains("中断")
            && n.text.contains("程序")
            && n.cite.contains("第195条")));
        let r = a.report();
        assert!(r.figures[0].value.contains("中断"), "{:?}", r.figures[0]);
    }

    #[test]
    fn the_edge_rules_of_proceedings() {
        // A demand while a proceeding runs changes nothing: still from its end.
        let a = ask(vec![
            ("interruptions", Value::List(vec![Value::str("2023-06-01")])),
            (
                "proceedings",
                Value::List(vec![proceeding("2023-03-15", Some("2023-09-01"))]),
            ),
        ])
        .unwrap();
        assert_eq!(
            a.to_value().get("expires_on"),
            Some(&Value::str("2026-09-01"))
        );
        // Overlapping proceedings: the latest end counts (2023-12-20 + 3 years → Sunday
        // 2026-12-20 → Monday 12-21).
        let a = ask(vec![(
            "proceedings",
            Value::List(vec![
                proceeding("2023-03-15", Some("2023-12-20")),
                proceeding("2023-05-10", Some("2023-09-01")),
            ]),
        )])
        .unwrap();
        assert_eq!(
            a.to_value().get("expires_on"),
            Some(&Value::str("2026-12-21"))
        );
        assert_eq!(
            a.to_value().get("restarted_on"),
            Some(&Value::str("2023-12-20"))
        );
        // Filed after expiry (2025-06-30 is the last day): no revival, 第192条第一款.
        let a = ask(vec![(
            "proceedings",
            Value::List(vec![proceeding("2025-07-10", Some("2025-08-01"))]),
        )])
        .unwrap();
        assert_eq!(
            a.to_value().get("expires_on"),
            Some(&Value::str("2025-06-30"))
        );
        assert!(a.notes.iter().any(|n| n.cite.contains("第192条第一款")));
        // Filed before the period started: ignored with a note.
        let a = ask(vec![(
            "proceedings",
            Value::List(vec![proceeding("2022-05-01", Some("2022-08-01"))]),
        )])
        .unwrap();
        assert_eq!(
            a.to_value().get("expires_on"),
            Some(&Value::str("2025-06-30"))
        );
        assert!(a.notes.iter().any(|n| n.text.contains("2022年5月1日")));
        // An end before the filing is an input error naming the field.
        let e = ask(vec![(
            "proceedings",
            Value::List(vec![proceeding("2023-03-15", Some("2023-03-01"))]),
        )])
        .unwrap_err();
        assert_eq!(e.field, "proceedings[0].ended");
    }

    #[test]
    fn the_last_day_says_so() {
        let a = litigation("2022-06-30", &["2023-03-15"], "2026-03-16");
        let r = a.report();
        assert!(
            r.figures[1].value.contains("今天是最后一天"),
            "{:?}",
            r.figures[1]
        );
        let html = crate::html::report_html(&r);
        assert!(!html.contains("还剩 0 天"), "{html}");
    }

    #[test]
    fn a_year_without_data_cites_no_notice_and_flags_fixed_holidays() {
        // 2024-02-29 + 3 years → Sunday 2027-02-28 → 2027-03-01; 2027 has no calendar.
        let a = litigation("2024-02-29", &[], "2026-11-29");
        assert!(
            a.notes.iter().all(|n| !n.cite.contains("2027年部分节假日")),
            "{:?}",
            a.notes
        );
        // 2024-10-01 + 3 years → Friday 2027-10-01, 国庆: flagged, not moved.
        let a = litigation("2024-10-01", &[], "2026-11-29");
        assert_eq!(
            a.to_value().get("expires_on"),
            Some(&Value::str("2027-10-01"))
        );
        assert!(
            a.notes
                .iter()
                .any(|n| n.text.contains("2027年10月1日") && n.text.contains("很可能是法定节假日")),
            "{:?}",
            a.notes
        );
        assert_eq!(a.warnings.len(), 1);
    }

    /// An independent statement of the rules, day by day: the period restarts from the
    /// latest interruption that is not later than the running period's last day, which is
    /// the first working day on or after (start + n years, or February's last day).
    fn plain_expiry(years: i32, due: NaiveDate, mut interruptions: Vec<NaiveDate>) -> NaiveDate {
        fn last_day(start: NaiveDate, years: i32) -> NaiveDate {
            let mut end = start
                .checked_add_months(Months::new(12 * years as u32))
                .unwrap();
            let cal = &crate::Data::builtin().holidays;
            loop {
                let rest = match cal.day_kind(end) {
                    Ok(k) => k.is_rest(),
                    Err(_) => end.weekday().number_from_monday() >= 6,
                };
                if !rest {
                    return end;
                }
                end += Duration::days(1);
            }
        }
        interruptions.sort();
        let mut end = last_day(due, years);
        for i in interruptions {
            if i <= end {
                end = last_day(i, years);
            }
        }
        end
    }

    proptest! {
        #[test]
        fn expiry_never_precedes_due_date_plus_the_period(
            due in 0i64..3000,
            gaps in prop::collection::vec(0i64..1500, 0..5),
            enforcement: bool,
            today in 0i64..6000,
        ) {
            let due = d("2019-01-01") + Duration::days(due);
            let interruptions: Vec<NaiveDate> =
                gaps.iter().map(|g| due + Duration::days(*g)).collect();
            let period = if enforcement { Period::Enforcement } else { Period::Litigation };
            let a = LimitationInput {
                period,
                due_date: due,
                interruptions: interruptions.clone(),
                proceedings: Vec::new(),
                today: d("2019-01-01") + Duration::days(today),
            }
            .compute(&crate::Data::builtin().holidays)
            .unwrap();
            let years = period.years();
            let floor = due.checked_add_months(Months::new(12 * years as u32)).unwrap();
            let expires_on = a.expires_on.unwrap();
            prop_assert!(expires_on >= floor);
            prop_assert!(Some(expires_on) >= a.nominal_last_day);
            prop_assert_eq!(expires_on, plain_expiry(years, due, interruptions.clone()));
            prop_assert_eq!(a.expired, Some(a.input.today > expires_on));
            // Every ignored interruption is after the final last day; every counted one
            // is not after it.
            for i in &a.ignored_interruptions {
                prop_assert!(*i > expires_on);
            }
            if let Some(r) = a.restarted_on {
                prop_assert!(interruptions.contains(&r));
                prop_assert!(expires_on >= r.checked_add_months(Months::new(12 * years as u32)).unwrap());
            }
        }
    }
}
