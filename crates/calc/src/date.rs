//! Dates: parsing the interface's `YYYY-MM-DD` (without chrono's parser, which is large in
//! the browser module), printing, and the period arithmetic of 民法典 第201–202条.

use chrono::{Datelike, NaiveDate};

/// The earliest and latest dates accepted; anything outside is a typing mistake.
pub const FIRST_YEAR: i32 = 1990;
pub const LAST_YEAR: i32 = 2100;

/// Parses `2025-03-30` (also `2025/3/30` and `2025年3月30日`). The reason for a refusal is
/// in Chinese and names the impossible part, as in `2025-02-30`.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let plain = crate::num::reader_digits(text);
    let t = plain.trim();
    let parts: Vec<&str> = t
        .trim_end_matches('日')
        .split(['-', '/', '.', '年', '月'])
        .collect();
    let bad = || format!("“{t}”不是有效的日期，请写成 2025-03-30 这样的格式");
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(bad());
    }
    let year: i32 = parts[0].parse().map_err(|_| bad())?;
    let month: u32 = parts[1].parse().map_err(|_| bad())?;
    let day: u32 = parts[2].parse().map_err(|_| bad())?;
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Err(format!(
            "年份 {year} 超出可计算范围（{FIRST_YEAR}–{LAST_YEAR}年）"
        ));
    }
    if !(1..=12).contains(&month) {
        return Err(format!("“{t}”中的月份 {month} 不存在"));
    }
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| format!("{year}年{month}月没有{day}日（“{t}”不是真实存在的日期）"))
}

/// `2025-03-30`.
pub fn format_date(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// `2025年3月30日`, for reading.
pub fn format_date_zh(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// The day after `d` (every date here is far inside chrono's range).
pub fn next_day(d: NaiveDate) -> NaiveDate {
    d.succ_opt().expect("dates stay in range")
}

/// Days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// The last day of a period of `years` years starting on `start` (民法典 第201–202条): the
/// start day is not counted, and the period ends on the corresponding day of the final
/// year, or on the month's last day where there is none (2024-02-29 + 5 years →
/// 2029-02-28).
pub fn period_end_years(start: NaiveDate, years: i32) -> NaiveDate {
    let year = start.year() + years;
    NaiveDate::from_ymd_opt(year, start.month(), start.day()).unwrap_or_else(|| {
        // Only 29 February has no corresponding day; the month's last day is the 28th.
        NaiveDate::from_ymd_opt(year, start.month(), 28).expect("the 28th exists")
    })
}

/// A stable insertion sort by date: the lists are a few rows, and std's sort would add
/// several kilobytes to the browser module for each element type.
pub fn sort_by_date<T: Copy>(items: &mut [T], date: impl Fn(&T) -> NaiveDate) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && date(&items[j - 1]) > date(&items[j]) {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn parses_the_usual_forms() {
        assert_eq!(
            d("2025-03-30"),
            NaiveDate::from_ymd_opt(2025, 3, 30).unwrap()
        );
        assert_eq!(d("2025/3/30"), d("2025-03-30"));
        assert_eq!(d("2025年3月30日"), d("2025-03-30"));
        assert_eq!(format_date(d("2025-3-3")), "2025-03-03");
    }

    #[test]
    fn refuses_impossible_dates() {
        assert!(parse_date("2025-02-30").unwrap_err().contains("没有30日"));
        assert!(parse_date("2025-13-01").unwrap_err().contains("月份"));
        assert!(parse_date("2023-02-29").is_err());
        assert!(parse_date("hello").is_err());
        assert!(parse_date("99999-01-01").is_err());
        assert!(parse_date("1800-01-01").unwrap_err().contains("超出"));
        assert!(parse_date("").is_err());
    }

    #[test]
    fn five_year_periods() {
        assert_eq!(period_end_years(d("2021-06-10"), 5), d("2026-06-10"));
        assert_eq!(period_end_years(d("2024-02-29"), 5), d("2029-02-28"));
        assert_eq!(period_end_years(d("2024-02-29"), 4), d("2028-02-29"));
    }
}
