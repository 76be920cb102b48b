//! The holiday calendars: which days are rest days (休息日) under the State Council's
//! yearly holiday notices (《国务院办公厅关于YYYY年部分节假日安排的通知》).
//!
//! Rest days are Saturdays, Sundays and the days a notice gives off (休), **except** the
//! make-up working days a notice names (班, 调休上班), which are working days even on a
//! weekend.
//!
//! The calendar is data: the site keeps one file a year in `content/data/holidays/`
//! (`YYYY.csv`, read by [`YearData::parse`]) and hands the calendar to the calculations as
//! part of [`crate::Data`]. Adding a year is adding its file.
//!
//! A date in a year with no data is never guessed silently: every lookup returns
//! [`MissingYear`] for it, and the calculations turn that into a warning naming the year.

use crate::data::{date_cell, lines, text_cell, DataError, Line};
use chrono::{Datelike, NaiveDate, Weekday};
use std::fmt;

/// One listed day of a year's notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    pub month: u32,
    pub day: u32,
    /// `true`: a day off (休); `false`: a make-up working day (班, 调休上班).
    pub off: bool,
    /// The holiday it belongs to (春节, 国庆节…).
    pub name: String,
}

/// One year's notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearData {
    pub year: i32,
    /// Where the notice was published.
    pub sources: Vec<String>,
    /// The day the data was last checked against the notice.
    pub verified: NaiveDate,
    /// Listed days, in date order.
    pub days: Vec<Day>,
}

/// The header line of a calendar file (skipped when present).
const HEADER: &str = "date,";

impl YearData {
    /// Parses one year's file: `#` comments; settings `# year = YYYY` (required),
    /// `# verified = YYYY-MM-DD` (required), `# source = URL` (one or more); the optional
    /// header `date,name,day`; then rows `YYYY-MM-DD,节日名,休` (a day off) or `…,班` (a
    /// make-up working day), each date in the year and listed once. Errors name the line.
    pub fn parse(text: &str) -> Result<YearData, DataError> {
        let mut year: Option<i32> = None;
        let mut verified: Option<NaiveDate> = None;
        let mut sources: Vec<String> = Vec::new();
        let mut days: Vec<(NaiveDate, Day)> = Vec::new();
        for (n, line) in lines(text, HEADER) {
            let cols = match line {
                Line::Setting("year", value) if year.is_none() => {
                    let y = value
                        .parse::<i32>()
                        .ok()
                        .filter(|y| (crate::date::FIRST_YEAR..=crate::date::LAST_YEAR).contains(y))
                        .ok_or_else(|| {
                            DataError::new(n, format!("the year “{value}” is not a year such as 2027"))
                        })?;
                    year = Some(y);
                    continue;
                }
                Line::Setting("verified", value) if verified.is_none() => {
                    verified = Some(date_cell(n, "the verified date", value)?);
                    continue;
                }
                Line::Setting("source", value) => {
                    text_cell(n, "the source", value)?;
                    if value.is_empty() {
                        return Err(DataError::new(n, "the source is empty"));
                    }
                    sources.push(value.to_string());
                    continue;
                }
                Line::Setting(key @ ("year" | "verified"), _) => {
                    return Err(DataError::new(n, format!("`{key}` is given twice")))
                }
                Line::Setting(key, _) => {
                    return Err(DataError::new(
                        n,
                        format!("unknown setting `{key}` (a calendar file has `year`, `verified` and `source`)"),
                    ))
                }
                Line::Row(cols) => cols,
            };
            let Some(y) = year else {
                return Err(DataError::new(
                    n,
                    "`# year = YYYY` must come before the rows",
                ));
            };
            if cols.len() != 3 {
                return Err(DataError::new(
                    n,
                    format!(
                        "a row has three cells (date,name,休 or 班), this one has {}",
                        cols.len()
                    ),
                ));
            }
            let date = date_cell(n, "the date", cols[0])?;
            if date.year() != y {
                return Err(DataError::new(n, format!("{} is not in {y}", cols[0])));
            }
            text_cell(n, "the name", cols[1])?;
            if cols[1].is_empty() {
                return Err(DataError::new(n, "the holiday's name is empty"));
            }
            let off = match cols[2] {
                "休" => true,
                "班" => false,
                other => {
                    return Err(DataError::new(
                        n,
                        format!("the third cell is 休 (a day off) or 班 (a make-up working day), not “{other}”"),
                    ))
                }
            };
            if days.iter().any(|(d, _)| *d == date) {
                return Err(DataError::new(n, format!("{} is listed twice", cols[0])));
            }
            days.push((
                date,
                Day {
                    month: date.month(),
                    day: date.day(),
                    off,
                    name: cols[1].to_string(),
                },
            ));
        }
        let year = year.ok_or_else(|| DataError::new(0, "no `# year = YYYY` line"))?;
        let verified =
            verified.ok_or_else(|| DataError::new(0, "no `# verified = YYYY-MM-DD` line"))?;
        if sources.is_empty() {
            return Err(DataError::new(
                0,
                "no `# source = …` line (the address of the State Council's notice)",
            ));
        }
        days.sort_by_key(|(d, _)| *d);
        Ok(YearData {
            year,
            sources,
            verified,
            days: days.into_iter().map(|(_, d)| d).collect(),
        })
    }
}

/// The holidays that fall on the same date every year (元旦 1-1, 劳动节 5-1, 国庆节 10-1 to
/// 10-3, CALCULATOR.md §3). In a year without a
/// calendar they are not treated as rest days (the notice moves and extends them), only
/// flagged as probable holidays (CALCULATOR.md §3).
pub fn fixed_date_holiday(date: NaiveDate) -> Option<&'static str> {
    match (date.month(), date.day()) {
        (1, 1) => Some("元旦"),
        (5, 1) => Some("劳动节"),
        (10, 1..=3) => Some("国庆节"),
        _ => None,
    }
}

/// What a computation met in years without a calendar: each such year once (one warning
/// a year, however many of its days were judged), and the fixed-date holidays it judged
/// as working days because they are weekdays (each flagged in a note).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unlisted {
    pub years: Vec<MissingYear>,
    pub probable_holidays: Vec<NaiveDate>,
}

impl Unlisted {
    /// Records that `date`, in a year without data, was judged by weekends only.
    fn judged(&mut self, date: NaiveDate, missing: MissingYear) {
        if !self.years.contains(&missing) {
            self.years.push(missing);
        }
        if !is_weekend(date) && fixed_date_holiday(date).is_some() {
            // Kept in date order, each once.
            let at = self.probable_holidays.partition_point(|d| *d < date);
            if self.probable_holidays.get(at) != Some(&date) {
                self.probable_holidays.insert(at, date);
            }
        }
    }

    /// The warnings: one per year without data.
    pub fn warnings(&self) -> Vec<String> {
        self.years.iter().map(|m| m.warning()).collect()
    }

    /// A note flagging the fixed-date holidays that were judged as working days, if any.
    pub fn probable_holiday_note(&self) -> Option<crate::report::Note> {
        if self.probable_holidays.is_empty() {
            return None;
        }
        let list: Vec<String> = self
            .probable_holidays
            .iter()
            .map(|d| {
                format!(
                    "{}（{}）",
                    crate::date::format_date_zh(*d),
                    fixed_date_holiday(*d).unwrap_or_default()
                )
            })
            .collect();
        Some(crate::report::Note::new(
            format!(
                "{}很可能是法定节假日，以当年通知为准：本站还没有这一年的节假日安排，以上只按周末判断，把它当作工作日计算。当年的放假通知公布后，结果可能不同；稳妥起见，请按更早的日期安排。",
                list.join("、")
            ),
            "《民法典》第203条",
        ))
    }
}

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayKind {
    /// Monday to Friday, not a holiday.
    Workday,
    /// Saturday or Sunday, not a make-up working day.
    Weekend,
    /// A day off under the notice.
    Holiday(String),
    /// A weekend day that is a working day under the notice (调休上班).
    MakeUpWorkday(String),
}

impl DayKind {
    pub fn is_rest(&self) -> bool {
        matches!(self, DayKind::Weekend | DayKind::Holiday(_))
    }
}

/// The calendar of rest days: the years with data, ascending.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HolidayCalendar {
    pub(crate) years: Vec<YearData>,
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

impl HolidayCalendar {
    /// A calendar of the given years, each with the line (0: unknown) an error about it
    /// should name; a year given twice is an error.
    pub fn new(years: Vec<(usize, YearData)>) -> Result<HolidayCalendar, DataError> {
        let mut out: Vec<YearData> = Vec::with_capacity(years.len());
        for (line, y) in years {
            if out.iter().any(|o| o.year == y.year) {
                return Err(DataError::new(line, format!("{} is given twice", y.year)));
            }
            out.push(y);
        }
        out.sort_by_key(|y| y.year);
        Ok(HolidayCalendar { years: out })
    }

    /// A calendar of years already checked and in order (the page's data,
    /// [`crate::Data::from_bundle`], written by [`crate::Data::to_bundle`]).
    pub(crate) fn from_years(years: Vec<YearData>) -> HolidayCalendar {
        HolidayCalendar { years }
    }

    /// The years with data, ascending.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.iter().map(|y| y.year)
    }

    /// Every year's data, ascending.
    pub fn all_years(&self) -> &[YearData] {
        &self.years
    }

    /// The first year with data.
    pub fn first_year(&self) -> Option<i32> {
        self.years.first().map(|y| y.year)
    }

    /// The last year with data.
    pub fn last_year(&self) -> Option<i32> {
        self.years.last().map(|y| y.year)
    }

    /// The data of `year`.
    pub fn year(&self, year: i32) -> Result<&YearData, MissingYear> {
        self.years
            .iter()
            .find(|y| y.year == year)
            .ok_or(MissingYear(year))
    }

    /// The calendar's entry for `date`, if the year's notice lists it.
    fn listed(&self, date: NaiveDate) -> Result<Option<&Day>, MissingYear> {
        let data = self.year(date.year())?;
        Ok(data
            .days
            .iter()
            .find(|d| d.month == date.month() && d.day == date.day()))
    }

    /// What kind of day `date` is.
    pub fn day_kind(&self, date: NaiveDate) -> Result<DayKind, MissingYear> {
        Ok(match self.listed(date)? {
            Some(d) if d.off => DayKind::Holiday(d.name.clone()),
            Some(d) if is_weekend(date) => DayKind::MakeUpWorkday(d.name.clone()),
            // A weekday listed as a working day is an ordinary working day.
            Some(_) => DayKind::Workday,
            None if is_weekend(date) => DayKind::Weekend,
            None => DayKind::Workday,
        })
    }

    /// Whether `date` is a rest day (weekend or holiday, not a make-up working day), as
    /// [`HolidayCalendar::day_kind`] says, without copying the holiday's name (the
    /// day-counting loops ask this of every day they pass).
    pub fn is_rest_day(&self, date: NaiveDate) -> Result<bool, MissingYear> {
        Ok(self.listed(date)?.map_or(is_weekend(date), |d| d.off))
    }

    /// Like [`HolidayCalendar::is_rest_day`], but a year without data falls back to
    /// weekends only and is recorded in `missing` (once per year), for a warning.
    pub fn is_rest_day_or_weekend(&self, date: NaiveDate, missing: &mut Unlisted) -> bool {
        match self.is_rest_day(date) {
            Ok(rest) => rest,
            Err(m) => {
                missing.judged(date, m);
                is_weekend(date)
            }
        }
    }

    /// The first working day on or after `date` (第203条: a period whose last day is a
    /// rest day ends on the day after the rest days end). Years without data: see
    /// [`HolidayCalendar::is_rest_day_or_weekend`].
    pub fn next_working_day_from(&self, date: NaiveDate, missing: &mut Unlisted) -> NaiveDate {
        let mut d = date;
        while self.is_rest_day_or_weekend(d, missing) {
            d = d.succ_opt().expect("dates stay within chrono's range");
        }
        d
    }

    /// The `n`-th working day after `date` (`date` itself not counted, 第201条); `date`
    /// itself when `n` is 0.
    pub fn add_working_days(&self, date: NaiveDate, n: i64, missing: &mut Unlisted) -> NaiveDate {
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
    pub fn sources(&self, year: i32) -> &[String] {
        self.year(year).map(|y| y.sources.as_slice()).unwrap_or(&[])
    }
}

impl HolidayCalendar {
    /// The notice that fixes `year`'s days off, as a citation — only when `year`'s
    /// calendar is in the data: a year without one has no notice to name.
    pub fn notice_cite(&self, year: i32) -> Option<String> {
        self.year(year)
            .is_ok()
            .then(|| format!("《国务院办公厅关于{year}年部分节假日安排的通知》"))
    }

    /// `basis`, followed by `year`'s notice when the data has it.
    pub fn cite_with_notice(&self, basis: &str, year: i32) -> String {
        match self.notice_cite(year) {
            Some(notice) => format!("{basis}；{notice}"),
            None => basis.to_string(),
        }
    }
}

/// The name readers see for a kind of day: `春节假期`, `周六（调休上班）`…
pub fn describe(date: NaiveDate, kind: &DayKind) -> String {
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

    fn cal() -> &'static HolidayCalendar {
        &crate::Data::builtin().holidays
    }

    #[test]
    fn the_compiled_years() {
        let years: Vec<i32> = cal().years().collect();
        assert_eq!(years, vec![2024, 2025, 2026]);
        assert_eq!(
            (cal().first_year(), cal().last_year()),
            (Some(2024), Some(2026))
        );
        assert!(cal().sources(2026)[0].starts_with("https://www.gov.cn/"));
    }

    #[test]
    fn weekends_holidays_and_make_up_days() {
        // 2026-03-10 is a Tuesday, 2026-03-14 a Saturday.
        assert_eq!(cal().is_rest_day(d("2026-03-10")), Ok(false));
        assert_eq!(cal().is_rest_day(d("2026-03-14")), Ok(true));
        // 元旦 2026 and its make-up Sunday.
        assert_eq!(
            cal().day_kind(d("2026-01-01")),
            Ok(DayKind::Holiday("元旦".into()))
        );
        assert_eq!(
            cal().day_kind(d("2026-01-04")),
            Ok(DayKind::MakeUpWorkday("元旦".into()))
        );
        // 春节 2026: the make-up Saturdays 2-14 and 2-28 are working days.
        assert_eq!(cal().is_rest_day(d("2026-02-14")), Ok(false));
        assert_eq!(cal().is_rest_day(d("2026-02-15")), Ok(true));
        assert_eq!(cal().is_rest_day(d("2026-02-23")), Ok(true));
        assert_eq!(cal().is_rest_day(d("2026-02-24")), Ok(false));
        assert_eq!(cal().is_rest_day(d("2026-02-28")), Ok(false));
        // 2024 leap day was a Thursday.
        assert_eq!(cal().is_rest_day(d("2024-02-29")), Ok(false));
    }

    #[test]
    fn a_year_without_data_is_reported() {
        assert_eq!(cal().is_rest_day(d("2027-03-01")), Err(MissingYear(2027)));
        let mut missing = Unlisted::default();
        // 2027-01-02 is a Saturday: weekends only, and the year is recorded once.
        assert!(cal().is_rest_day_or_weekend(d("2027-01-02"), &mut missing));
        assert!(cal().is_rest_day_or_weekend(d("2027-01-03"), &mut missing));
        // Friday 2027-01-01 (元旦) is judged a working day, and flagged once.
        assert!(!cal().is_rest_day_or_weekend(d("2027-01-01"), &mut missing));
        assert!(!cal().is_rest_day_or_weekend(d("2027-01-01"), &mut missing));
        // 2028 is missing too: a second warning, one per year.
        assert!(!cal().is_rest_day_or_weekend(d("2028-03-01"), &mut missing));
        assert_eq!(missing.years, vec![MissingYear(2027), MissingYear(2028)]);
        assert_eq!(missing.warnings().len(), 2);
        assert!(missing.warnings()[0].contains("2027年"));
        assert_eq!(missing.probable_holidays, vec![d("2027-01-01")]);
        let note = missing.probable_holiday_note().unwrap();
        assert!(note
            .text
            .contains("2027年1月1日（元旦）很可能是法定节假日，以当年通知为准"));
        // Notices are named only for years with data.
        assert!(cal()
            .notice_cite(2026)
            .unwrap()
            .contains("2026年部分节假日"));
        assert_eq!(cal().notice_cite(2027), None);
        assert_eq!(
            cal().cite_with_notice("《民法典》第203条", 2027),
            "《民法典》第203条"
        );
    }

    #[test]
    fn working_day_steps() {
        let mut missing = Unlisted::default();
        // From the last day of 春节 2026 to the first working day.
        assert_eq!(
            cal().next_working_day_from(d("2026-02-15"), &mut missing),
            d("2026-02-24")
        );
        // Friday 2026-02-13 + 1 working day = Saturday 2-14 (调休上班).
        assert_eq!(
            cal().add_working_days(d("2026-02-13"), 1, &mut missing),
            d("2026-02-14")
        );
        assert_eq!(
            cal().add_working_days(d("2026-02-13"), 2, &mut missing),
            d("2026-02-24")
        );
        assert_eq!(
            cal().add_working_days(d("2026-02-13"), 0, &mut missing),
            d("2026-02-13")
        );
        assert_eq!(missing, Unlisted::default());
    }

    fn error_line(text: &str) -> usize {
        let e = YearData::parse(text).unwrap_err();
        assert!(!e.message.is_empty());
        e.line
    }

    #[test]
    fn bad_calendars_are_refused_with_their_line() {
        let head = "# year = 2027\n# source = https://www.gov.cn/x\n# verified = 2026-11-30\n";
        let ok = format!("{head}date,name,day\n2027-01-01,元旦,休\n2027-02-06,春节,班\n");
        let y = YearData::parse(&ok).unwrap();
        assert_eq!((y.year, y.days.len()), (2027, 2));
        assert!(y.days[0].off && !y.days[1].off);
        assert_eq!(error_line(&format!("{head}2027-01-01,元旦,放\n")), 4);
        assert_eq!(error_line(&format!("{head}2026-01-01,元旦,休\n")), 4);
        assert_eq!(error_line(&format!("{head}2027-02-30,春节,休\n")), 4);
        assert_eq!(error_line(&format!("{head}2027-01-01,元旦\n")), 4);
        assert_eq!(error_line(&format!("{head}2027-01-01,,休\n")), 4);
        assert_eq!(error_line(&format!("{head}2027-01-01,<b>,休\n")), 4);
        assert_eq!(
            error_line(&format!("{head}\n2027-01-01,元旦,休\n2027-01-01,元旦,休\n")),
            6
        );
        assert_eq!(error_line(&format!("{head}# verified = 2026-12-01\n")), 4);
        assert_eq!(error_line("# year = 2027\n# source = x\n"), 0);
        assert_eq!(error_line("# verified = 2026-11-30\n# source = x\n"), 0);
        assert_eq!(error_line("# source = x\n2027-01-01,元旦,休\n"), 2);
        assert_eq!(error_line("# year = 2027\n# verified = 2026-11-30\n"), 0);
        assert_eq!(error_line("# year = 27x\n"), 1);
    }

    #[test]
    fn a_year_given_twice_is_refused() {
        let y = cal().year(2026).unwrap().clone();
        let e = HolidayCalendar::new(vec![(3, y.clone()), (9, y)]).unwrap_err();
        assert_eq!(e.line, 9);
    }
}
