//! The one-year Loan Prime Rate (贷款市场报价利率, LPR) table, compiled into the crate from
//! `data/lpr.csv` (one row per change: effective date, one-year %, five-year-plus %, in
//! force from that date until the next row; a `# as_of,YYYY-MM-DD` line says how far the
//! data was verified).
//!
//! Before 2019-08-20 there was no LPR; the benchmark one-year loan rate 4.35% (in force
//! since 2015-10-24) is used instead. A date later than the data's as-of date gets the
//! last value and a warning naming the as-of date, so that a reader knows the figure may
//! be out of date. Updating the table is editing one file.

use crate::date::{format_date_zh, parse_date};
use crate::num::Dec;
use chrono::NaiveDate;
use std::sync::OnceLock;

/// The data file, as compiled in.
pub const LPR_CSV: &str = include_str!("../data/lpr.csv");

/// The first day the LPR was published under the reformed mechanism (《民间借贷规定》第25条第二款).
pub fn lpr_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2019, 8, 20).expect("valid date")
}

/// The date from which the benchmark one-year loan rate was 4.35%.
pub fn benchmark_since() -> NaiveDate {
    NaiveDate::from_ymd_opt(2015, 10, 24).expect("valid date")
}

/// The benchmark one-year loan rate before 2019-08-20: 4.35%.
pub fn benchmark_one_year() -> Dec {
    Dec::from_parts(435, 2)
}

/// One row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LprRow {
    pub effective: NaiveDate,
    pub one_year: Dec,
    pub five_year: Dec,
}

/// The LPR table: rows in date order and the date the data was verified through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LprTable {
    rows: Vec<LprRow>,
    as_of: NaiveDate,
}

impl LprTable {
    /// The table compiled into the crate, parsed once.
    pub fn embedded() -> &'static LprTable {
        static TABLE: OnceLock<LprTable> = OnceLock::new();
        TABLE.get_or_init(|| {
            LprTable::parse(LPR_CSV).expect("data/lpr.csv is checked by the crate's tests")
        })
    }

    /// Parses the csv: comment lines start with `#`; `# as_of,YYYY-MM-DD` is required; the
    /// header line is skipped; rows must be in strictly increasing date order.
    pub fn parse(text: &str) -> Result<LprTable, String> {
        let mut rows: Vec<LprRow> = Vec::new();
        let mut as_of = None;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            let n = i + 1;
            if line.is_empty() {
                continue;
            }
            if let Some(comment) = line.strip_prefix('#') {
                if let Some(date) = comment.trim().strip_prefix("as_of,") {
                    as_of = Some(parse_date(date).map_err(|e| format!("第{n}行：{e}"))?);
                }
                continue;
            }
            if line.starts_with("effective_date") {
                continue;
            }
            let cols: Vec<&str> = line.split(',').map(str::trim).collect();
            if cols.len() != 3 {
                return Err(format!("第{n}行应有三列：{line}"));
            }
            let effective = parse_date(cols[0]).map_err(|e| format!("第{n}行：{e}"))?;
            let one_year = Dec::parse(cols[1]).map_err(|e| format!("第{n}行：{e}"))?;
            let five_year = Dec::parse(cols[2]).map_err(|e| format!("第{n}行：{e}"))?;
            if let Some(last) = rows.last() {
                if last.effective >= effective {
                    return Err(format!("第{n}行的日期不在前一行之后"));
                }
            }
            rows.push(LprRow {
                effective,
                one_year,
                five_year,
            });
        }
        let as_of = as_of.ok_or("缺少 # as_of,YYYY-MM-DD 行")?;
        match rows.first() {
            None => return Err("没有数据行".into()),
            Some(first) if first.effective != lpr_start() => {
                return Err("第一行应为 2019-08-20".into())
            }
            _ => {}
        }
        if rows.last().is_some_and(|last| last.effective > as_of) {
            return Err("最后一行晚于 as_of 日期".into());
        }
        Ok(LprTable { rows, as_of })
    }

    /// The rows, in date order.
    pub fn rows(&self) -> &[LprRow] {
        &self.rows
    }

    /// The date the data was verified through.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// The one-year rate (in %) in force on `date`: the benchmark 4.35% before 2019-08-20.
    /// A date after the as-of date gets the last value and a warning naming the as-of
    /// date; a date before 2015-10-24 gets 4.35% and a warning that earlier benchmark
    /// rates are not in the data.
    pub fn one_year_on(&self, date: NaiveDate) -> (Dec, Option<String>) {
        if date < lpr_start() {
            let warning = (date < benchmark_since()).then(|| {
                format!(
                    "{}早于2015年10月24日，本计算器只收录了自该日起的一年期贷款基准利率4.35%，\
                     此前的基准利率不同，按4.35%计算的结果仅供参考",
                    format_date_zh(date)
                )
            });
            return (benchmark_one_year(), warning);
        }
        let row = self
            .rows
            .iter()
            .rev()
            .find(|r| r.effective <= date)
            .expect("the first row is 2019-08-20");
        let warning = (date > self.as_of).then(|| {
            format!(
                "{}晚于本计算器LPR数据的核对日期{}，按当时最后一期一年期LPR {}% 计算；\
                 如此后LPR有调整，结果需相应更正",
                format_date_zh(date),
                format_date_zh(self.as_of),
                row.one_year.format(2)
            )
        });
        (row.one_year, warning)
    }

    /// Whether `date` falls before the LPR existed (the benchmark rate applies).
    pub fn is_benchmark(date: NaiveDate) -> bool {
        date < lpr_start()
    }

    /// The days `d` with `from < d < to` on which the one-year rate changes (2019-08-20,
    /// when 4.35% gave way to the LPR, counts as a change): the points at which a period
    /// running at "the LPR in force at the time" is split.
    pub fn changes_between(&self, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        let mut previous = benchmark_one_year();
        for row in &self.rows {
            if row.one_year != previous && from < row.effective && row.effective < to {
                out.push(row.effective);
            }
            previous = row.one_year;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn pct(s: &str) -> Dec {
        Dec::parse(s).unwrap()
    }

    #[test]
    fn embedded_table_matches_the_csv() {
        let t = LprTable::embedded();
        assert_eq!(t.as_of(), d("2026-04-20"));
        assert_eq!(t.rows().len(), 15);
        // Every data line of the csv is a row, in order, with the same figures.
        let lines: Vec<&str> = LPR_CSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("effective_date") && !l.is_empty())
            .collect();
        assert_eq!(lines.len(), t.rows().len());
        for (line, row) in lines.iter().zip(t.rows()) {
            let cols: Vec<&str> = line.split(',').collect();
            assert_eq!(row.effective, d(cols[0]));
            assert_eq!(row.one_year, pct(cols[1]));
            assert_eq!(row.five_year, pct(cols[2]));
        }
        assert_eq!(t.rows()[0].one_year, pct("4.25"));
        assert_eq!(t.rows()[14].one_year, pct("3.00"));
        assert_eq!(t.rows()[14].five_year, pct("3.50"));
    }

    #[test]
    fn rates_on_dates() {
        let t = LprTable::embedded();
        assert_eq!(t.one_year_on(d("2019-08-19")), (pct("4.35"), None));
        assert_eq!(t.one_year_on(d("2019-08-20")), (pct("4.25"), None));
        assert_eq!(t.one_year_on(d("2020-08-20")), (pct("3.85"), None));
        assert_eq!(t.one_year_on(d("2021-03-01")), (pct("3.85"), None));
        assert_eq!(t.one_year_on(d("2024-10-20")), (pct("3.35"), None));
        assert_eq!(t.one_year_on(d("2024-10-21")), (pct("3.10"), None));
        assert_eq!(t.one_year_on(d("2026-04-20")), (pct("3.00"), None));
    }

    #[test]
    fn after_the_as_of_date_warns() {
        let (rate, warning) = LprTable::embedded().one_year_on(d("2026-04-21"));
        assert_eq!(rate, pct("3.00"));
        let w = warning.unwrap();
        assert!(w.contains("2026年4月20日"), "{w}");
    }

    #[test]
    fn before_the_benchmark_data_warns() {
        let (rate, warning) = LprTable::embedded().one_year_on(d("2015-10-23"));
        assert_eq!(rate, pct("4.35"));
        assert!(warning.unwrap().contains("2015年10月24日"));
        assert_eq!(
            LprTable::embedded().one_year_on(d("2015-10-24")),
            (pct("4.35"), None)
        );
    }

    #[test]
    fn changes_are_one_year_changes_strictly_inside() {
        let t = LprTable::embedded();
        // 2022-05-20 and 2024-02-20 changed only the five-year rate.
        assert_eq!(
            t.changes_between(d("2022-01-01"), d("2024-12-31")),
            vec![
                d("2022-01-20"),
                d("2022-08-22"),
                d("2023-06-20"),
                d("2023-08-21"),
                d("2024-07-22"),
                d("2024-10-21")
            ]
        );
        // A period starting on a change day is not split there.
        assert_eq!(t.changes_between(d("2019-08-20"), d("2019-09-20")), vec![]);
        assert_eq!(
            t.changes_between(d("2019-08-01"), d("2019-09-21")),
            vec![d("2019-08-20"), d("2019-09-20")]
        );
        assert_eq!(t.changes_between(d("2025-06-01"), d("2030-01-01")), vec![]);
    }

    #[test]
    fn bad_tables_are_refused() {
        assert!(LprTable::parse("effective_date,a,b\n2019-08-20,4.25,4.85\n").is_err());
        assert!(LprTable::parse("# as_of,2020-01-01\n").is_err());
        assert!(LprTable::parse("# as_of,2020-01-01\n2019-08-20,4.25\n").is_err());
        assert!(LprTable::parse(
            "# as_of,2020-01-01\n2019-08-20,4.25,4.85\n2019-08-20,4.20,4.85\n"
        )
        .is_err());
        assert!(LprTable::parse("# as_of,2019-08-01\n2019-08-20,4.25,4.85\n").is_err());
        assert!(LprTable::parse("# as_of,2020-01-01\n2019-08-20,4.25,4.85\n").is_ok());
    }
}
