//! Freshness checks: legal help rots, and nothing may go stale silently. Each check is a
//! pure function of the facts it needs and of "today" (injected, so tests can stand one
//! day inside and one day past every limit), and returns a warning [`Problem`] naming the
//! file and line an author has to revisit:
//!
//! - [`lpr_data`]: the LPR data's verified date is more than [`LPR_MAX_AGE_DAYS`] days old
//!   (the LPR is published monthly);
//! - [`holiday_calendars`]: no calendar for the current year, or, from 1 December, none for
//!   the coming year (the State Council publishes it each autumn);
//! - [`article_review`]: an article's `checked` date is older than the site's review
//!   interval (`review_every` in site.toml, 180 days by default);
//! - [`passage_until`]: a passage marked valid until a date (`> [!until YYYY-MM-DD]`, see
//!   `markdown::until`) once that date has passed;
//! - [`citation_status`]: a citation of a statute whose file says it was amended or
//!   repealed.
//!
//! Warnings never stop `gen build`; `gen check --strict` turns them into a failing exit
//! code, for a host's CI. [`warnings`] runs them all over the loaded and rendered site.

use crate::diagnostics::{Problem, ProblemKind};
use crate::load::{Content, Status, Statute};
use crate::markdown::Rendered;
use chrono::{Datelike, NaiveDate};
use std::path::Path;

/// Every freshness warning of the site on `today`: its data, and each article (review
/// date, passages valid until a date, citations of amended or repealed statutes).
pub fn warnings(content: &Content, rendered: &[Rendered], today: NaiveDate) -> Vec<Problem> {
    let mut out = Vec::new();
    if let Some(d) = &content.data {
        out.extend(lpr_data(
            d.data.lpr.verified(),
            today,
            &d.lpr_file,
            d.lpr_verified_line,
        ));
        let years: Vec<i32> = d.data.holidays.years().collect();
        out.extend(holiday_calendars(&years, today, &d.holidays_dir));
    }
    for (a, r) in content.articles.iter().zip(rendered) {
        if !a.front_matter_ok {
            // Its dates are stand-ins; its front matter's problems are reported.
            continue;
        }
        let source = Source {
            what: "article",
            checked: a.meta.checked,
            written: a.modified(),
            file: &a.file,
            checked_line: a.checked_line,
        };
        out.extend(source.warnings(&[r], &content.statutes, content.config.review_every, today));
    }
    out
}

/// One source that goes stale (an article, a letter template): when its law was last
/// checked, when it was written, where.
pub struct Source<'a> {
    /// What it is, for the message: `article`, `letter`.
    pub what: &'static str,
    pub checked: Option<NaiveDate>,
    pub written: NaiveDate,
    pub file: &'a Path,
    /// The line of its `checked` key, else of its date.
    pub checked_line: usize,
}

impl Source<'_> {
    /// Its warnings on `today`: due for review, a passage past its date, a cited statute
    /// amended or repealed, in the Markdown of its `parts`.
    pub fn warnings(
        &self,
        parts: &[&crate::markdown::Rendered],
        statutes: &[crate::load::Statute],
        review_every: u32,
        today: NaiveDate,
    ) -> Vec<Problem> {
        let mut out: Vec<Problem> = article_review(
            self.what,
            self.checked,
            self.written,
            review_every,
            today,
            self.file,
            self.checked_line,
        )
        .into_iter()
        .collect();
        for r in parts {
            for &(until, line) in &r.until {
                out.extend(passage_until(until, today, self.file, line));
            }
            for &(si, line, column) in &r.citation_sites {
                out.extend(citation_status(&statutes[si], self.file, line, column));
            }
        }
        out
    }
}

/// How old the LPR data may be: the LPR is published on the 20th of each month, so data
/// verified more than 40 days ago has missed at least one publication.
pub const LPR_MAX_AGE_DAYS: i64 = 40;

fn stale(file: &Path, line: usize, message: String, help: &str) -> Problem {
    Problem::warning(ProblemKind::Stale, file, message)
        .at(line, usize::from(line > 0))
        .help(help)
}

/// Days from `from` to `to`.
fn days(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// The LPR data (`file`, its `# verified = …` on `line`) was verified more than
/// [`LPR_MAX_AGE_DAYS`] days before `today`.
pub fn lpr_data(
    verified: NaiveDate,
    today: NaiveDate,
    file: &Path,
    line: usize,
) -> Option<Problem> {
    let age = days(verified, today);
    (age > LPR_MAX_AGE_DAYS).then(|| {
        stale(
            file,
            line,
            format!(
                "the LPR data was last verified on {verified}, {age} days ago (more than {LPR_MAX_AGE_DAYS}): calculations after that date use the last rate and say so"
            ),
            "check the LPR published since (on the 20th of each month) and add a row for each change, then set `# verified = ` to the day you checked; see README, “Keeping the data current”",
        )
    })
}

/// The calendars in `dir` cover `years`: a warning when the current year has none, or,
/// from 1 December, when the coming year has none.
pub fn holiday_calendars(years: &[i32], today: NaiveDate, dir: &Path) -> Option<Problem> {
    let this = today.year();
    let help = "add content/data/holidays/YYYY.csv from the State Council's notice (《国务院办公厅关于YYYY年部分节假日安排的通知》); see content/data/README.md";
    if !years.contains(&this) {
        return Some(stale(
            dir,
            0,
            format!("there is no holiday calendar for {this}: rest days in {this} are judged by weekends alone"),
            help,
        ));
    }
    let next = this + 1;
    (today.month() == 12 && !years.contains(&next)).then(|| {
        stale(
            dir,
            0,
            format!("it is December and there is no holiday calendar for {next} yet"),
            help,
        )
    })
}

/// An article (or another source: `what`) last checked on `checked` (its `checked` key on
/// `line`; `None`: never, and then `written` counts) is older than `review_every` days.
pub fn article_review(
    what: &str,
    checked: Option<NaiveDate>,
    written: NaiveDate,
    review_every: u32,
    today: NaiveDate,
    file: &Path,
    line: usize,
) -> Option<Problem> {
    let last = checked.unwrap_or(written);
    let age = days(last, today);
    (age > i64::from(review_every)).then(|| {
        let when = match checked {
            Some(c) => format!("was last checked on {c}"),
            None => format!("has no `checked` date and was written on {written}"),
        };
        stale(
            file,
            line,
            format!("the {what} {when}, {age} days ago (the review interval is {review_every} days)"),
            "re-read it against the current law, data and platform rules, fix what changed, then set `checked = ` to today's date",
        )
    })
}

/// A passage marked valid until `until` (at `file:line`) on a `today` after that date.
pub fn passage_until(
    until: NaiveDate,
    today: NaiveDate,
    file: &Path,
    line: usize,
) -> Option<Problem> {
    (today > until).then(|| {
        stale(
            file,
            line,
            format!("this passage is marked valid until {until}, which has passed: readers see a note that it has expired"),
            "rewrite or remove the passage (and its `> [!until …]` line) now that the date has passed, or set a later date if the rule was extended",
        )
    })
}

/// A citation (at `file:line:column`) of `statute` when its file says the text was
/// amended or repealed.
pub fn citation_status(
    statute: &Statute,
    file: &Path,
    line: usize,
    column: usize,
) -> Option<Problem> {
    if statute.status == Status::InForce {
        return None;
    }
    let since = statute
        .status_date
        .as_deref()
        .map(|d| format!(" since {d}"))
        .unwrap_or_default();
    let replaced = statute
        .replaced_by
        .as_deref()
        .map(|r| format!("; it is replaced by {r}"))
        .unwrap_or_default();
    Some(
        Problem::warning(
            ProblemKind::Stale,
            file,
            format!(
                "cites {} ({}), which is {}{since}{replaced}",
                statute.short,
                statute.file.display(),
                statute.status.label()
            ),
        )
        .at(line, column)
        .help("cite the text in force instead (or say explicitly why the old text still applies, e.g. to a contract made before the change)"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    const F: &str = "content/data/lpr.csv";

    #[test]
    fn lpr_data_older_than_40_days() {
        let verified = d("2026-04-20");
        // 40 days after: still fresh; 41: stale.
        assert_eq!(lpr_data(verified, d("2026-05-30"), Path::new(F), 7), None);
        let w = lpr_data(verified, d("2026-05-31"), Path::new(F), 7).unwrap();
        assert!(w.severity == crate::diagnostics::Severity::Warning);
        assert_eq!((w.line, w.kind), (7, ProblemKind::Stale));
        assert!(
            w.message.contains("2026-04-20") && w.message.contains("41 days"),
            "{w}"
        );
        assert!(
            w.to_string()
                .starts_with("warning: content/data/lpr.csv:7:1: "),
            "{w}"
        );
    }

    #[test]
    fn holiday_calendar_for_the_coming_year_from_1_december() {
        let dir = Path::new("content/data/holidays");
        let years = [2024, 2025, 2026];
        assert_eq!(holiday_calendars(&years, d("2026-11-30"), dir), None);
        let w = holiday_calendars(&years, d("2026-12-01"), dir).unwrap();
        assert!(
            w.message.contains("2027") && w.severity == crate::diagnostics::Severity::Warning,
            "{w}"
        );
        assert_eq!(holiday_calendars(&[2026, 2027], d("2026-12-01"), dir), None);
        assert!(holiday_calendars(&years, d("2026-12-31"), dir).is_some());
        // A new year without its calendar.
        let w = holiday_calendars(&years, d("2027-01-01"), dir).unwrap();
        assert!(w.message.contains("no holiday calendar for 2027"), "{w}");
    }

    #[test]
    fn article_review_interval() {
        let f = Path::new("content/a/b.md");
        let checked = Some(d("2026-01-01"));
        // 180 days after: due today but not past; 181: past.
        assert_eq!(
            article_review(
                "article",
                checked,
                d("2025-01-01"),
                180,
                d("2026-06-30"),
                f,
                4
            ),
            None
        );
        let w = article_review(
            "article",
            checked,
            d("2025-01-01"),
            180,
            d("2026-07-01"),
            f,
            4,
        )
        .unwrap();
        assert!(
            w.message.contains("2026-01-01") && w.message.contains("181 days"),
            "{w}"
        );
        assert_eq!(w.line, 4);
        // Never checked: the date written counts.
        assert_eq!(
            article_review("article", None, d("2026-01-01"), 30, d("2026-01-31"), f, 2),
            None
        );
        let w =
            article_review("article", None, d("2026-01-01"), 30, d("2026-02-01"), f, 2).unwrap();
        assert!(w.message.contains("no `checked` date"), "{w}");
    }

    #[test]
    fn passage_until_its_date() {
        let f = Path::new("content/a/b.md");
        assert_eq!(passage_until(d("2026-03-31"), d("2026-03-31"), f, 12), None);
        let w = passage_until(d("2026-03-31"), d("2026-04-01"), f, 12).unwrap();
        assert_eq!(
            (w.line, w.severity == crate::diagnostics::Severity::Warning),
            (12, true)
        );
    }

    #[test]
    fn citation_of_an_amended_or_repealed_statute() {
        let f = Path::new("content/a/b.md");
        let mut s = Statute {
            short: "担保法".into(),
            file: "content/laws/danbaofa.toml".into(),
            ..Default::default()
        };
        assert_eq!(citation_status(&s, f, 3, 5), None);
        s.status = Status::Repealed;
        s.status_date = Some("2021-01-01".into());
        s.replaced_by = Some("minfadian".into());
        let w = citation_status(&s, f, 3, 5).unwrap();
        assert_eq!(
            (
                w.line,
                w.column,
                w.severity == crate::diagnostics::Severity::Warning
            ),
            (3, 5, true)
        );
        assert!(
            w.message
                .contains("已废止 since 2021-01-01; it is replaced by minfadian"),
            "{w}"
        );
        s.status = Status::Amended;
        assert!(citation_status(&s, f, 3, 5)
            .unwrap()
            .message
            .contains("已修改"));
    }
}
