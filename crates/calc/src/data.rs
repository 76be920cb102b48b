//! The data the calculations depend on — the LPR table and the holiday calendars — as one
//! value, [`Data`], that every front end hands to [`crate::compute`].
//!
//! Why a value and not a compiled-in table: the data changes every month (LPR) and every
//! November (next year's calendar), and lives in the site's `content/data/` where a lawyer
//! edits it. The generator parses those files with the parsers here, uses them for the
//! build-time examples and embeds the same data in the page ([`Data::to_bundle`]), where
//! the browser module reads it back ([`Data::from_bundle`]); so updating a row needs no
//! WebAssembly rebuild, and the module's bytes do not depend on the data. Only the `calc`
//! command line carries a default copy of `content/data/` (feature `builtin-data`,
//! [`Data::builtin`]).
//!
//! The formats (documented for authors in `content/data/README.md`) are line-based text:
//! `#` comments, `# key = value` settings (`verified`, `source`), an optional header line
//! and one comma-separated row a line, so that every error names its line.

use crate::date::{format_date, format_date_zh, parse_date};
use crate::holidays::{Day, HolidayCalendar, YearData};
use crate::lpr::{LprRow, LprTable};
use crate::num::Dec;
use chrono::{Datelike, NaiveDate};
use std::fmt;

/// A data file that cannot be used: the 1-based line (0: the file as a whole) and what is
/// wrong, for the author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    pub line: usize,
    pub message: String,
}

impl DataError {
    pub fn new(line: usize, message: impl Into<String>) -> DataError {
        DataError {
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "line {}: {}", self.line, self.message)
        } else {
            f.write_str(&self.message)
        }
    }
}

/// One meaningful line of a data file.
pub(crate) enum Line<'a> {
    /// `# key = value`.
    Setting(&'a str, &'a str),
    /// The comma-separated cells of a row, trimmed.
    Row(Vec<&'a str>),
}

/// The meaningful lines of a data file with their 1-based numbers: blank lines and plain
/// comments are skipped, and so is a header line starting with `header`.
pub(crate) fn lines<'a>(text: &'a str, header: &str) -> Vec<(usize, Line<'a>)> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with(header) {
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            if let Some((key, value)) = comment.split_once('=') {
                let key = key.trim();
                if !key.is_empty() && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
                    out.push((i + 1, Line::Setting(key, value.trim())));
                }
            }
            continue;
        }
        out.push((i + 1, Line::Row(line.split(',').map(str::trim).collect())));
    }
    out
}

/// A date written exactly `YYYY-MM-DD`.
pub(crate) fn date_cell(line: usize, what: &str, text: &str) -> Result<NaiveDate, DataError> {
    let bad = || {
        DataError::new(
            line,
            format!("{what} “{text}” is not a date written YYYY-MM-DD"),
        )
    };
    // Written YYYY-MM-DD but no date calculators can use (9999-12-31): calc's reason.
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let date = crate::date::parse_date(text).map_err(|why| match shaped {
        true => DataError::new(line, format!("{what} “{text}”: {why}")),
        false => bad(),
    })?;
    if format_date(date) != text {
        return Err(bad());
    }
    Ok(date)
}

/// Text cells go into the page, where a `<` could end the page's data block: refused.
pub(crate) fn text_cell(line: usize, what: &str, text: &str) -> Result<(), DataError> {
    if text.contains('<') {
        return Err(DataError::new(line, format!("{what} must not contain '<'")));
    }
    Ok(())
}

/// The data of one computation: the LPR table and the holiday calendars.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Data {
    pub lpr: LprTable,
    pub holidays: HolidayCalendar,
}

impl Data {
    pub fn new(lpr: LprTable, holidays: HolidayCalendar) -> Data {
        Data { lpr, holidays }
    }

    /// What readers are told about the data a result was computed with:
    /// 「LPR数据核对至2026年4月20日；节假日数据覆盖至2026年」.
    pub fn summary(&self) -> String {
        let holidays = match self.holidays.last_year() {
            Some(last) => format!("节假日数据覆盖至{last}年"),
            None => "没有节假日数据".to_string(),
        };
        format!(
            "LPR数据核对至{}；{holidays}",
            format_date_zh(self.lpr.verified())
        )
    }

    /// The data as one compact text for the page, read back by [`Data::from_bundle`]: a
    /// line `lpr,<verified>`, the LPR rows as in `lpr.csv`, then per year a line
    /// `year,<year>,<verified>` and its rows as in `YYYY.csv` (the notices' addresses are
    /// left out: the computations do not use them). The generator has already checked
    /// the files, so the page's reader can stay a few lines of `split`.
    pub fn to_bundle(&self) -> String {
        use std::fmt::Write as _;
        let mut out = format!("lpr,{}\n", format_date(self.lpr.verified()));
        for r in self.lpr.rows() {
            let _ = writeln!(
                out,
                "{},{},{}",
                format_date(r.effective),
                r.one_year.format(2),
                r.five_year.format(2)
            );
        }
        for y in self.holidays.all_years() {
            let _ = writeln!(out, "year,{},{}", y.year, format_date(y.verified));
            for d in &y.days {
                let off = if d.off { "休" } else { "班" };
                let date = NaiveDate::from_ymd_opt(y.year, d.month, d.day).expect("a parsed date");
                let _ = writeln!(out, "{},{},{off}", format_date(date), d.name);
            }
        }
        out
    }

    /// Reads [`Data::to_bundle`]'s text back; `None` when it is not such a text. Kept
    /// minimal on purpose (no messages): it runs in the browser module, which must stay
    /// small, on text the generator wrote from files it had checked.
    pub fn from_bundle(text: &str) -> Option<Data> {
        let mut verified = None;
        let mut rows = Vec::new();
        let mut years: Vec<YearData> = Vec::new();
        for line in text.lines() {
            let cells: Vec<&str> = line.trim().split(',').collect();
            match cells[..] {
                [""] => {}
                ["lpr", date] => verified = Some(parse_date(date).ok()?),
                ["year", year, date] => years.push(YearData {
                    year: year.parse().ok()?,
                    sources: Vec::new(),
                    verified: parse_date(date).ok()?,
                    days: Vec::new(),
                }),
                [date, name, off @ ("休" | "班")] => {
                    let date = parse_date(date).ok()?;
                    let year = years.last_mut().filter(|y| y.year == date.year())?;
                    year.days.push(Day {
                        month: date.month(),
                        day: date.day(),
                        off: off == "休",
                        name: name.to_string(),
                    });
                }
                [date, one, five] => rows.push(LprRow {
                    effective: parse_date(date).ok()?,
                    one_year: Dec::parse(one).ok()?,
                    five_year: Dec::parse(five).ok()?,
                }),
                _ => return None,
            }
        }
        Some(Data {
            lpr: LprTable::from_rows(rows, verified?)?,
            holidays: HolidayCalendar::from_years(years),
        })
    }

    /// The copy of `content/data/` compiled into the `calc` command line (feature
    /// `builtin-data`), parsed once. The browser module never has it.
    #[cfg(feature = "builtin-data")]
    pub fn builtin() -> &'static Data {
        static DATA: std::sync::OnceLock<Data> = std::sync::OnceLock::new();
        DATA.get_or_init(|| {
            builtin::data().expect("content/data/ is checked by the generator and calc's tests")
        })
    }
}

#[cfg(feature = "builtin-data")]
mod builtin {
    //! `content/data/` as compiled in by `build.rs`.
    use super::*;

    include!(concat!(env!("OUT_DIR"), "/builtin_data.rs"));

    pub(super) fn data() -> Result<Data, DataError> {
        let lpr = LprTable::parse(LPR)?;
        let years = HOLIDAYS
            .iter()
            .map(|text| YearData::parse(text).map(|y| (0, y)))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Data::new(lpr, HolidayCalendar::new(years)?))
    }

    #[cfg(test)]
    pub(super) fn files() -> (&'static str, &'static [&'static str]) {
        (LPR, HOLIDAYS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn the_builtin_data_is_content_data() {
        let data = Data::builtin();
        assert_eq!(data.lpr.verified(), d("2026-04-20"));
        assert_eq!(
            data.holidays.years().collect::<Vec<_>>(),
            [2024, 2025, 2026]
        );
        let (lpr, years) = builtin::files();
        assert!(lpr.contains("# verified = 2026-04-20"));
        assert_eq!(years.len(), 3);
        assert_eq!(
            data.summary(),
            "LPR数据核对至2026年4月20日；节假日数据覆盖至2026年"
        );
    }

    #[test]
    fn the_bundle_round_trips() {
        let data = Data::builtin();
        let text = data.to_bundle();
        let mut without_sources = data.clone();
        for y in &mut without_sources.holidays.years {
            y.sources.clear();
        }
        assert_eq!(Data::from_bundle(&text).unwrap(), without_sources);
        assert!(
            !text.contains('<'),
            "the page's data block cannot be closed early"
        );
        // A row added to the bundle is used.
        let more = text.replacen(
            "2025-05-20,3.00,3.50\n",
            "2025-05-20,3.00,3.50\n2026-04-20,2.90,3.40\n",
            1,
        );
        let changed = Data::from_bundle(&more).unwrap();
        assert_eq!(changed.lpr.rows().len(), data.lpr.rows().len() + 1);
    }

    #[test]
    fn a_bundle_that_is_not_one_is_refused() {
        let ok = "lpr,2020-01-01\n2019-08-20,4.25,4.85\nyear,2026,2026-11-26\n2026-01-01,元旦,休\n";
        assert!(Data::from_bundle(ok).is_some());
        for bad in [
            "",
            "2019-08-20,4.25,4.85\n",
            "lpr,2020-01-01\n",
            "lpr,2020-01-01\n2019-08-21,4.25,4.85\n",
            "lpr,2020-01-01\n2019-08-20,4.25,4.85\n2019-08-20,4.20,4.85\n",
            "lpr,2020-01-01\n2019-08-20,4.25,4.85\n2026-01-01,元旦,休\n",
            "lpr,2020-01-01\n2019-08-20,4.25,4.85\nyear,2025,2026-11-26\n2026-01-01,元旦,休\n",
            "lpr,2020-01-01\n2019-08-20,4.25,x\n",
            "lpr,2020-01-01\n2019-08-20,4.25\n",
        ] {
            assert!(Data::from_bundle(bad).is_none(), "{bad}");
        }
    }
}
