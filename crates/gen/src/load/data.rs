//! `content/data/`: the LPR table (`lpr.csv`) and the holiday calendars
//! (`holidays/YYYY.csv`) that calculator blocks compute with, and the search's synonym
//! table (`synonyms.txt`, read by [`load_synonyms`], checked by `search::Synonyms`). They are content so that a
//! lawyer adds this month's LPR or next year's calendar by editing a text file, without a
//! WebAssembly toolchain (formats: `content/data/README.md`).
//!
//! The files are parsed by calc's own parsers (`calc::lpr::LprTable::parse`,
//! `calc::holidays::YearData::parse`); a bad row is a [`Problem`] at its file:line. The
//! same [`calc::Data`] computes the build-time examples and goes into every page with a
//! calculator (see `markdown`), where the browser module reads it.

use super::files::read_text;
use crate::diagnostics::{Problem, ProblemKind};
use calc::holidays::{HolidayCalendar, YearData};
use calc::lpr::LprTable;
use calc::{Data, DataError};
use std::path::{Path, PathBuf};

/// The loaded data and where it came from (for the freshness warnings).
#[derive(Debug, Clone)]
pub struct SiteData {
    pub data: Data,
    /// `content/data/lpr.csv` as shown in messages, and the line of its `# verified =`.
    pub lpr_file: PathBuf,
    pub lpr_verified_line: usize,
    /// `content/data/holidays` as shown in messages.
    pub holidays_dir: PathBuf,
}

const HELP: &str = "see content/data/README.md for the format";

fn data_problem(file: &Path, e: &DataError) -> Problem {
    Problem::new(ProblemKind::Data, file, e.message.clone())
        .at(e.line, usize::from(e.line > 0))
        .help(HELP)
}

/// The 1-based line of the setting `# key = …` in `text` (0 when absent).
fn setting_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            l.trim()
                .strip_prefix('#')
                .and_then(|c| c.split_once('='))
                .is_some_and(|(k, _)| k.trim() == key)
        })
        .map_or(0, |i| i + 1)
}

/// Loads `<content>/data/synonyms.txt`, the search's synonym groups (format in
/// `content/data/README.md`); no file: no groups. Each mistake is an error at its line
/// and column (all of them at once), so the build stops until the table is fixed.
pub fn load_synonyms(
    content: &Path,
    shown: &dyn Fn(&Path) -> PathBuf,
    keep: &mut dyn FnMut(&Path) -> bool,
) -> (search::Synonyms, Vec<Problem>) {
    let path = content.join("data").join("synonyms.txt");
    if std::fs::symlink_metadata(&path).is_err() || !keep(&path) {
        return (search::Synonyms::default(), Vec::new());
    }
    let file = shown(&path);
    let text = match read_text(&path, &file) {
        Ok(t) => t,
        Err(p) => return (search::Synonyms::default(), vec![p]),
    };
    match search::Synonyms::parse(&text) {
        Ok(s) => (s, Vec::new()),
        Err(ps) => (
            search::Synonyms::default(),
            ps.into_iter()
                .map(|p| {
                    Problem::new(ProblemKind::Data, &file, p.message)
                        .at(p.line, p.column)
                        .help(format!("{}; see content/data/README.md", p.help))
                })
                .collect(),
        ),
    }
}

/// Loads `<content>/data/`; `keep` says whether a path may be read (it stays inside
/// content/). No such folder: `None` and no problem (a site without calculator blocks
/// needs no data; a block without data is reported where it is).
pub fn load(
    content: &Path,
    shown: &dyn Fn(&Path) -> PathBuf,
    keep: &mut dyn FnMut(&Path) -> bool,
) -> (Option<SiteData>, Vec<Problem>) {
    let dir = content.join("data");
    if !dir.is_dir() || !keep(&dir) {
        return (None, Vec::new());
    }
    let mut problems = Vec::new();
    let lpr_path = dir.join("lpr.csv");
    let lpr_file = shown(&lpr_path);
    let mut lpr = None;
    let mut lpr_verified_line = 0;
    if !lpr_path.is_file() {
        problems.push(
            Problem::new(ProblemKind::Data, &lpr_file, "content/data/ has no lpr.csv")
                .help("calculators need the LPR table; see content/data/README.md"),
        );
    } else if keep(&lpr_path) {
        match read_text(&lpr_path, &lpr_file) {
            Ok(text) => match LprTable::parse(&text) {
                Ok(t) => {
                    lpr_verified_line = setting_line(&text, "verified");
                    lpr = Some(t);
                }
                Err(e) => problems.push(data_problem(&lpr_file, &e)),
            },
            Err(p) => problems.push(p),
        }
    }
    let holidays_path = dir.join("holidays");
    let holidays_dir = shown(&holidays_path);
    // The folder itself obeys the content rules (a link out of content/ is refused), not
    // only the files in it.
    let listable = std::fs::symlink_metadata(&holidays_path).is_err() || keep(&holidays_path);
    let mut files: Vec<PathBuf> = listable
        .then(|| std::fs::read_dir(&holidays_path))
        .and_then(Result::ok)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "csv"))
                .filter(|p| {
                    let name = p.file_name().unwrap_or_default().to_string_lossy();
                    !super::is_hidden_or_leftover(&name)
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut years = Vec::new();
    for path in files {
        let file = shown(&path);
        if !keep(&path) {
            continue;
        }
        let text = match read_text(&path, &file) {
            Ok(t) => t,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        match YearData::parse(&text) {
            Ok(y) if path.file_stem().is_some_and(|s| *s == *y.year.to_string()) => {
                years.push((0, y))
            }
            Ok(y) => problems.push(
                Problem::new(
                    ProblemKind::Data,
                    &file,
                    format!(
                        "the file says `year = {}` but is not named {}.csv",
                        y.year, y.year
                    ),
                )
                .at(setting_line(&text, "year"), 1)
                .help("name each calendar file after its year"),
            ),
            Err(e) => problems.push(data_problem(&file, &e)),
        }
    }
    let holidays = match HolidayCalendar::new(years) {
        Ok(h) => h,
        Err(e) => {
            problems.push(data_problem(&holidays_dir, &e));
            return (None, problems);
        }
    };
    if !problems.is_empty() {
        return (None, problems);
    }
    let data = lpr.map(|lpr| SiteData {
        data: Data::new(lpr, holidays),
        lpr_file,
        lpr_verified_line,
        holidays_dir,
    });
    (data, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, rel: &str, text: &str) {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    const LPR: &str = "# verified = 2020-01-01\neffective_date,one_year_pct,five_year_pct\n2019-08-20,4.25,4.85\n";
    const Y2026: &str = "# year = 2026\n# source = https://www.gov.cn/x\n# verified = 2026-11-26\n2026-01-01,元旦,休\n";

    #[test]
    fn loads_and_locates_problems() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let shown = |p: &Path| p.strip_prefix(root).unwrap().to_path_buf();
        let mut keep = |_: &Path| true;
        assert!(load(root, &shown, &mut keep).0.is_none());
        write(root, "data/lpr.csv", LPR);
        write(root, "data/holidays/2026.csv", Y2026);
        let (data, ps) = load(root, &shown, &mut keep);
        assert!(ps.is_empty(), "{ps:?}");
        let data = data.unwrap();
        assert_eq!(data.lpr_verified_line, 1);
        assert_eq!(data.data.holidays.last_year(), Some(2026));

        // A malformed row and a misnamed file: file and line.
        write(
            root,
            "data/lpr.csv",
            &format!("{LPR}2019-09-20,4.2O,4.85\n"),
        );
        write(root, "data/holidays/2027.csv", Y2026);
        let (data, ps) = load(root, &shown, &mut keep);
        assert!(data.is_none());
        let at: Vec<String> = ps.iter().map(|p| p.location()).collect();
        assert_eq!(
            at,
            ["data/lpr.csv:4:1", "data/holidays/2027.csv:1:1"],
            "{ps:?}"
        );
        assert!(ps[0].message.contains("4.2O"), "{}", ps[0]);
        assert!(ps
            .iter()
            .all(|p| p.kind == ProblemKind::Data && p.is_error()));
    }

    #[test]
    fn synonyms_load_with_located_problems() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let shown = |p: &Path| p.strip_prefix(root).unwrap().to_path_buf();
        let mut keep = |_: &Path| true;
        let (s, ps) = load_synonyms(root, &shown, &mut keep);
        assert!(s.groups().is_empty() && ps.is_empty(), "no file: no groups");
        write(
            root,
            "data/synonyms.txt",
            "# 注释\n老赖 失信被执行人\n两个月 60天\n",
        );
        let (s, ps) = load_synonyms(root, &shown, &mut keep);
        assert!(ps.is_empty(), "{ps:?}");
        assert_eq!(s.groups()[1], ["2个月", "60天"]);
        write(
            root,
            "data/synonyms.txt",
            "老赖 失信被执行人\n逾期 拖欠,晚还\n催收 老赖\n",
        );
        let (s, ps) = load_synonyms(root, &shown, &mut keep);
        assert!(s.groups().is_empty());
        let at: Vec<String> = ps.iter().map(|p| p.location()).collect();
        assert_eq!(
            at,
            [
                "data/synonyms.txt:2:4",
                "data/synonyms.txt:2:1",
                "data/synonyms.txt:3:4",
                "data/synonyms.txt:3:1"
            ],
            "{ps:?}"
        );
        assert!(ps[0].message.contains("unknown syntax"), "{}", ps[0]);
        assert!(ps[2].message.contains("line 1"), "{}", ps[2]);
        assert!(ps
            .iter()
            .all(|p| p.kind == ProblemKind::Data && p.is_error()));
    }
}
