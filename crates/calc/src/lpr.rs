//! The one-year Loan Prime Rate (贷款市场报价利率, LPR) table: one row per change
//! (effective date, one-year %, five-year-plus %, in force from that date until the next
//! row) and the date the data was last verified (`# verified = YYYY-MM-DD`). The table is
//! data: the site keeps it in `content/data/lpr.csv` and hands it to the calculations as
//! part of [`crate::Data`].
//!
//! Before 2019-08-20 there was no LPR; the benchmark one-year loan rate 4.35% (in force
//! since 2015-10-24) is used instead. A date later than the data's verified date gets the
//! last value and a warning naming that date, so that a reader knows the figure may be
//! out of date.

use crate::data::{date_cell, lines, DataError, Line};
use crate::date::{format_date, format_date_zh};
use crate::num::Dec;
use chrono::NaiveDate;

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
    verified: NaiveDate,
}

/// The header line of the file (skipped when present).
const HEADER: &str = "effective_date";

impl LprTable {
    /// Parses the table: `#` comments, a required `# verified = YYYY-MM-DD`, the optional
    /// header line `effective_date,one_year_pct,five_year_pct`, then rows
    /// `YYYY-MM-DD,one-year %,five-year %` in strictly increasing date order, the first on
    /// 2019-08-20 and none after the verified date. Errors name the line.
    pub fn parse(text: &str) -> Result<LprTable, DataError> {
        let mut rows: Vec<LprRow> = Vec::new();
        let mut verified: Option<(usize, NaiveDate)> = None;
        for (n, line) in lines(text, HEADER) {
            let cols = match line {
                Line::Setting("verified", value) => {
                    if verified.is_some() {
                        return Err(DataError::new(n, "`verified` is given twice"));
                    }
                    verified = Some((n, date_cell(n, "the verified date", value)?));
                    continue;
                }
                Line::Setting(key, _) => {
                    return Err(DataError::new(
                        n,
                        format!(
                        "unknown setting `{key}` (the LPR file has only `# verified = YYYY-MM-DD`)"
                    ),
                    ))
                }
                Line::Row(cols) => cols,
            };
            if cols.len() != 3 {
                return Err(DataError::new(
                    n,
                    format!(
                        "a row has three cells (effective_date,one_year_pct,five_year_pct), this one has {}",
                        cols.len()
                    ),
                ));
            }
            let effective = date_cell(n, "the effective date", cols[0])?;
            let rate = |what: &str, text: &str| {
                Dec::parse(text)
                    .ok()
                    .filter(|r| *r > Dec::default() && *r < Dec::from_parts(100, 0))
                    .ok_or_else(|| {
                        DataError::new(
                            n,
                            format!("the {what} rate “{text}” is not a percentage such as 3.45"),
                        )
                    })
            };
            let one_year = rate("one-year", cols[1])?;
            let five_year = rate("five-year", cols[2])?;
            if let Some(last) = rows.last() {
                if last.effective >= effective {
                    return Err(DataError::new(
                        n,
                        format!(
                            "{} is not after the previous row's {}: rows go in date order",
                            cols[0],
                            format_date(last.effective)
                        ),
                    ));
                }
            } else if effective != lpr_start() {
                return Err(DataError::new(
                    n,
                    "the first row is 2019-08-20, the first LPR under the reformed mechanism",
                ));
            }
            rows.push(LprRow {
                effective,
                one_year,
                five_year,
            });
        }
        let (verified_line, verified) =
            verified.ok_or_else(|| DataError::new(0, "no `# verified = YYYY-MM-DD` line"))?;
        let Some(last) = rows.last() else {
            return Err(DataError::new(0, "the table has no rows"));
        };
        if last.effective > verified {
            return Err(DataError::new(
                verified_line,
                format!(
                    "the verified date {} is before the last row ({})",
                    format_date(verified),
                    format_date(last.effective)
                ),
            ));
        }
        Ok(LprTable { rows, verified })
    }

    /// A table of rows already checked (the page's data, [`crate::Data::from_bundle`]):
    /// `None` unless the first row is 2019-08-20 and the dates increase.
    pub(crate) fn from_rows(rows: Vec<LprRow>, verified: NaiveDate) -> Option<LprTable> {
        let ordered = rows.windows(2).all(|w| w[0].effective < w[1].effective);
        (ordered && rows.first()?.effective == lpr_start()).then_some(LprTable { rows, verified })
    }

    /// The rows, in date order.
    pub fn rows(&self) -> &[LprRow] {
        &self.rows
    }

    /// The date the data was verified through.
    pub fn verified(&self) -> NaiveDate {
        self.verified
    }

    /// The one-year rate (in %) in force on `date`: the benchmark 4.35% before 2019-08-20.
    /// A date after the verified date gets the last value and a warning naming the as-of
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
        let warning = (date > self.verified).then(|| {
            format!(
                "{}晚于本计算器LPR数据的核对日期{}，按当时最后一期一年期LPR {}% 计算；\
                 如此后LPR有调整，结果需相应更正",
                format_date_zh(date),
                format_date_zh(self.verified),
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
    use crate::date::parse_date;

    /// The site's data file, which the command line's default data is compiled from.
    const LPR_CSV: &str = include_str!("../../../content/data/lpr.csv");

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn pct(s: &str) -> Dec {
        Dec::parse(s).unwrap()
    }

    fn table() -> &'static LprTable {
        &crate::Data::builtin().lpr
    }

    #[test]
    fn the_table_matches_the_csv() {
        let t = table();
        assert_eq!(t, &LprTable::parse(LPR_CSV).unwrap());
        assert_eq!(t.verified(), d("2026-04-20"));
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
        let t = table();
        assert_eq!(t.one_year_on(d("2019-08-19")), (pct("4.35"), None));
        assert_eq!(t.one_year_on(d("2019-08-20")), (pct("4.25"), None));
        assert_eq!(t.one_year_on(d("2020-08-20")), (pct("3.85"), None));
        assert_eq!(t.one_year_on(d("2021-03-01")), (pct("3.85"), None));
        assert_eq!(t.one_year_on(d("2024-10-20")), (pct("3.35"), None));
        assert_eq!(t.one_year_on(d("2024-10-21")), (pct("3.10"), None));
        assert_eq!(t.one_year_on(d("2026-04-20")), (pct("3.00"), None));
    }

    #[test]
    fn after_the_verified_date_warns() {
        let (rate, warning) = table().one_year_on(d("2026-04-21"));
        assert_eq!(rate, pct("3.00"));
        let w = warning.unwrap();
        assert!(w.contains("2026年4月20日"), "{w}");
    }

    #[test]
    fn a_row_added_to_the_data_is_used() {
        let text = format!("{LPR_CSV}2026-05-20,2.95,3.45\n")
            .replace("# verified = 2026-04-20", "# verified = 2026-05-20");
        let t = LprTable::parse(&text).unwrap();
        assert_eq!(t.one_year_on(d("2026-05-20")), (pct("2.95"), None));
        assert_eq!(t.one_year_on(d("2026-05-19")), (pct("3.00"), None));
    }

    #[test]
    fn before_the_benchmark_data_warns() {
        let (rate, warning) = table().one_year_on(d("2015-10-23"));
        assert_eq!(rate, pct("4.35"));
        assert!(warning.unwrap().contains("2015年10月24日"));
        assert_eq!(table().one_year_on(d("2015-10-24")), (pct("4.35"), None));
    }

    #[test]
    fn changes_are_one_year_changes_strictly_inside() {
        let t = table();
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

    fn error_line(text: &str) -> usize {
        let e = LprTable::parse(text).unwrap_err();
        assert!(!e.message.is_empty());
        e.line
    }

    #[test]
    fn bad_tables_are_refused_with_their_line() {
        let v = "# verified = 2020-01-01\n";
        // No verified line: the file as a whole.
        assert_eq!(error_line("effective_date,a,b\n2019-08-20,4.25,4.85\n"), 0);
        assert_eq!(error_line(v), 0);
        assert_eq!(
            error_line(&format!("{v}effective_date,a,b\n2019-08-20,4.25\n")),
            3
        );
        assert_eq!(
            error_line(&format!(
                "{v}2019-08-20,4.25,4.85\n\n2019-08-20,4.20,4.85\n"
            )),
            4
        );
        assert_eq!(
            error_line(&format!("{v}2019-08-20,4.25,4.85\n2019-9-20,4.20,4.85\n")),
            3
        );
        assert_eq!(
            error_line(&format!("{v}2019-08-20,4.25,4.85\n2019-09-20,abc,4.85\n")),
            3
        );
        assert_eq!(
            error_line(&format!("{v}2019-08-20,4.25,4.85\n2019-09-20,-1,4.85\n")),
            3
        );
        assert_eq!(error_line(&format!("{v}2019-08-21,4.25,4.85\n")), 2);
        assert_eq!(
            error_line(&format!(
                "{v}# verified = 2020-01-02\n2019-08-20,4.25,4.85\n"
            )),
            2
        );
        assert_eq!(
            error_line(&format!("{v}# as_of = 2020-01-02\n2019-08-20,4.25,4.85\n")),
            2
        );
        // The verified date before the last row: the verified line.
        assert_eq!(
            error_line("\n# verified = 2019-08-01\n2019-08-20,4.25,4.85\n"),
            2
        );
        assert!(LprTable::parse(&format!("{v}2019-08-20,4.25,4.85\n")).is_ok());
    }
}
