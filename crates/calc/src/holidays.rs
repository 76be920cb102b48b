//! The holiday calendars: which days are rest days (休息日) under the State Council's
//! yearly holiday notices (《国务院办公厅关于YYYY年部分节假日安排的通知》).
//!
//! Rest days are Saturdays, Sundays and the days a notice gives off (`off: true`), **except**
//! the make-up working days a notice names (`off: false`, 调休上班), which are working days
//! even on a weekend.
//!
//! The calendar is data, compiled into the crate: `build.rs` turns every
//! `crates/calc/data/holidays/YYYY.json` into a table at build time (no JSON parser in the
//! library or the browser module). **Adding a year is dropping its `YYYY.json` into that
//! folder** (same shape as the others: `year`, `source`, `days` of `{date, name, off}`);
//! Cargo re-runs the build script when the folder changes, and a malformed file stops the
//! build with a message naming it.
//!
//! A date in a year with no data is never guessed silently: every lookup returns
//! [`MissingYear`] for it, and the calculations turn that into a warning naming the year.

use chrono::{Datelike, NaiveDate, Weekday};
use std::fmt;

/// One listed day of a year's notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day {
    pub month: u32,
    pub day: u32,
    /// `true`: a day off; `false`: a make-up working day (调休上班).
    pub off: bool,
    /// The holiday it belongs to (春节, 国庆节…).
    pub name: &'static str,
}

/// One year's notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearData {
    pub year: i32,
    /// Where the notice was published.
    pub sources: &'static [&'static str],
    /// Listed days, in date order.
    pub days: &'static [Day],
}

include!(concat!(env!("OUT_DIR"), "/holidays_table.rs"));

/// The year has no holiday data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MissingYear(pub i32);

impl MissingYear {
    /// The warning readers see.
    pub fn warning(self) -> String {
        format!(
            "没有{}年的节假日安排数据（国务院办公厅尚未公布或本站尚未收录），该年只按周末判断休息日，法定节假日和调休未计入，结果可能不准确",
            self.0
        )
    }
}

impl fmt::Display for MissingYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.warning())
    }
}

/// What kind of day a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind {
    /// Monday to Friday, not a holiday.
    Workday,
    /// Saturday or Sunday, not a make-up working day.
    Weekend,
    /// A day off under the notice.
    Holiday(&'static str),
    /// A weekend day that is a working day under the notice (调休上班).
    MakeUpWorkday(&'static str),
}

impl DayKind {
    pub fn is_rest(self) -> bool {
        matches!(self, DayKind::Weekend | DayKind::Holiday(_))
    }
}

/// The calendar of rest days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HolidayCalendar {
    years: &'static [YearData],
}

impl Default for HolidayCalendar {
    fn default() -> Self {
        HolidayCalendar::BUILTIN
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

impl HolidayCalendar {
    /// The calendars compiled from `data/holidays/`.
    pub const BUILTIN: HolidayCalendar = HolidayCalendar { years: YEARS };

    /// A calendar of the given years (for tests and other data).
    pub const fn new(years: &'static [YearData]) -> HolidayCalendar {
        HolidayCalendar { years }
    }

    /// The years with data, ascending.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.iter().map(|y| y.year)
    }

    /// The data of `year`.
    pub fn year(&self, year: i32) -> Result<&'static YearData, MissingYear> {
        self.years
            .iter()
            .find(|y| y.year == year)
            .ok_or(MissingYear(year))
    }

    /// What kind of day `date` is.
    pub fn day_kind(&self, date: NaiveDate) -> Result<DayKind, MissingYear> {
        let data = self.year(date.year())?;
        let listed = data
            .days
            .iter()
            .find(|d| d.month == date.month() && d.day == date.day());
        Ok(match listed {
            Some(d) if d.off => DayKind::Holiday(d.name),
            Some(d) if is_weekend(date) => DayKind::MakeUpWorkday(d.name),
            // A weekday listed as a working day is an ordinary working day.
            Some(_) => DayKind::Workday,
            None if is_weekend(date) => DayKind::Weekend,
            None => DayKind::Workday,
        })
    }

    /// Whether `date` is a rest day (weekend or holiday, not a make-up working day).
    pub fn is_rest_day(&self, date: NaiveDate) -> Result<bool, MissingYear> {
        self.day_kind(date).map(DayKind::is_rest)
    }

    /// Like [`HolidayCalendar::is_rest_day`], but a year without data falls back to
    /// weekends only and is recorded in `missing` (once per year), for a warning.
    pub fn is_rest_day_or_weekend(&self, date: NaiveDate, missing: &mut Vec<MissingYear>) -> bool {
        match self.is_rest_day(date) {
            Ok(rest) => rest,
            Err(m) => {
                if !missing.contains(&m) {
                    missing.push(m);
                }
                is_weekend(date)
            }
        }
    }

    /// The first working day on or after `date` (第203条: a period whose last day is a
    /// rest day ends on the day after the rest days end). Years without data: see
    /// [`HolidayCalendar::is_rest_day_or_weekend`].
    pub fn next_working_day_from(
        &self,
        date: NaiveDate,
        missing: &mut Vec<MissingYear>,
    ) -> NaiveDate {
        let mut d = date;
        while self.is_rest_day_or_weekend(d, missing) {
            d = d.succ_opt().expect("dates stay within chrono's range");
        }
        d
    }

    /// The `n`-th working day after `date` (`date` itself not counted, 第201条); `date`
    /// itself when `n` is 0.
    pub fn add_working_days(
        &self,
        date: NaiveDate,
        n: i64,
        missing: &mut Vec<MissingYear>,
    ) -> NaiveDate {
        let mut d = date;
        let mut left = n;
        while left > 0 {
            d = d.succ_opt().expect("dates stay within chrono's range");
            if !self.is_rest_day_or_weekend(d, missing) {
                left -= 1;
            }
        }
        d
    }

    /// The notice source addresses of `year`, if any.
    pub fn sources(&self, year: i32) -> &'static [&'static str] {
        self.year(year).map(|y| y.sources).unwrap_or(&[])
    }
}

/// The notice that fixes `year`'s days off, as a citation.
pub fn notice_cite(year: i32) -> String {
    format!("《国务院办公厅关于{year}年部分节假日安排的通知》")
}

/// Whether `date` is a rest day under the built-in calendars
/// ([`HolidayCalendar::BUILTIN`]); a year without data is [`MissingYear`].
pub fn is_rest_day(date: NaiveDate) -> Result<bool, MissingYear> {
    HolidayCalendar::BUILTIN.is_rest_day(date)
}

/// The name readers see for a kind of day: `春节假期`, `周六（调休上班）`…
pub fn describe(date: NaiveDate, kind: DayKind) -> String {
    let weekday = match date.weekday() {
        Weekday::Mon => "周一",
        Weekday::Tue => "周二",
        Weekday::Wed => "周三",
        Weekday::Thu => "周四",
        Weekday::Fri => "周五",
        Weekday::Sat => "周六",
        Weekday::Sun => "周日",
    };
    match kind {
        DayKind::Workday => format!("{weekday}，工作日"),
        DayKind::Weekend => format!("{weekday}，休息日"),
        DayKind::Holiday(name) => format!("{weekday}，{name}放假"),
        DayKind::MakeUpWorkday(name) => format!("{weekday}，{name}调休上班（工作日）"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::parse_date;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    const CAL: HolidayCalendar = HolidayCalendar::BUILTIN;

    #[test]
    fn the_compiled_years() {
        let years: Vec<i32> = CAL.years().collect();
        assert_eq!(years, vec![2024, 2025, 2026]);
        assert!(CAL.sources(2026)[0].starts_with("https://www.gov.cn/"));
    }

    #[test]
    fn weekends_holidays_and_make_up_days() {
        // 2026-03-10 is a Tuesday, 2026-03-14 a Saturday.
        assert_eq!(CAL.is_rest_day(d("2026-03-10")), Ok(false));
        assert_eq!(CAL.is_rest_day(d("2026-03-14")), Ok(true));
        // 元旦 2026 and its make-up Sunday.
        assert_eq!(CAL.day_kind(d("2026-01-01")), Ok(DayKind::Holiday("元旦")));
        assert_eq!(
            CAL.day_kind(d("2026-01-04")),
            Ok(DayKind::MakeUpWorkday("元旦"))
        );
        // 春节 2026: the make-up Saturdays 2-14 and 2-28 are working days.
        assert_eq!(CAL.is_rest_day(d("2026-02-14")), Ok(false));
        assert_eq!(CAL.is_rest_day(d("2026-02-15")), Ok(true));
        assert_eq!(CAL.is_rest_day(d("2026-02-23")), Ok(true));
        assert_eq!(CAL.is_rest_day(d("2026-02-24")), Ok(false));
        assert_eq!(CAL.is_rest_day(d("2026-02-28")), Ok(false));
        // 2024 leap day was a Thursday.
        assert_eq!(CAL.is_rest_day(d("2024-02-29")), Ok(false));
    }

    #[test]
    fn a_year_without_data_is_reported() {
        assert_eq!(CAL.is_rest_day(d("2027-03-01")), Err(MissingYear(2027)));
        assert_eq!(is_rest_day(d("2027-03-01")), Err(MissingYear(2027)));
        assert_eq!(is_rest_day(d("2026-02-28")), Ok(false));
        let mut missing = Vec::new();
        // 2027-01-02 is a Saturday: weekends only, and the year is recorded once.
        assert!(CAL.is_rest_day_or_weekend(d("2027-01-02"), &mut missing));
        assert!(CAL.is_rest_day_or_weekend(d("2027-01-03"), &mut missing));
        assert_eq!(missing, vec![MissingYear(2027)]);
        assert!(missing[0].warning().contains("2027年"));
    }

    #[test]
    fn working_day_steps() {
        let mut missing = Vec::new();
        // From the last day of 春节 2026 to the first working day.
        assert_eq!(
            CAL.next_working_day_from(d("2026-02-15"), &mut missing),
            d("2026-02-24")
        );
        // Friday 2026-02-13 + 1 working day = Saturday 2-14 (调休上班).
        assert_eq!(
            CAL.add_working_days(d("2026-02-13"), 1, &mut missing),
            d("2026-02-14")
        );
        assert_eq!(
            CAL.add_working_days(d("2026-02-13"), 2, &mut missing),
            d("2026-02-24")
        );
        assert_eq!(
            CAL.add_working_days(d("2026-02-13"), 0, &mut missing),
            d("2026-02-13")
        );
        assert!(missing.is_empty());
    }
}
