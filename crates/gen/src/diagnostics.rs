//! Problems found in content or theme: where (file:line:column), what, what to do, and how
//! bad (an error stops the build, a warning is printed with the errors and does not).
//! Every stage collects them instead of stopping, so one run reports them all; this is the
//! first stage of the pipeline because every later one reports through it.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    /// The build stops; nothing is written.
    Error,
    /// The build goes on; the problem is printed in the same list.
    Warning,
}

/// One problem, located in a source file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub file: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based, counted in characters; 0 when unknown.
    pub column: usize,
    pub kind: ProblemKind,
    pub severity: Severity,
    pub message: String,
    /// What the author should do about it.
    pub help: String,
}

/// The family of a problem, so that tests and tools can tell them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProblemKind {
    Io,
    FrontMatter,
    Config,
    Link,
    Citation,
    Calculator,
    Statute,
    Duplicate,
    Template,
    /// Data files in content/data/ (LPR, holiday calendars).
    Data,
    /// Something gone stale: old data, an article due for review, a passage past its
    /// date, a citation of an amended or repealed statute (see `check::freshness`).
    Stale,
    /// A letter template (`content/letters/`): its fields and its letter block.
    Letter,
}

impl Problem {
    /// An error: the build stops.
    pub fn new(kind: ProblemKind, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Problem {
            file: file.into(),
            line: 0,
            column: 0,
            kind,
            severity: Severity::Error,
            message: message.into(),
            help: String::new(),
        }
    }

    /// A warning: printed in the list, the build goes on.
    pub fn warning(
        kind: ProblemKind,
        file: impl Into<PathBuf>,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            severity: Severity::Warning,
            ..Problem::new(kind, file, message)
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = help.into();
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The location as `file:line:column` (parts omitted when unknown).
    pub fn location(&self) -> String {
        let mut s = self.file.display().to_string();
        if self.line > 0 {
            s.push_str(&format!(":{}", self.line));
            if self.column > 0 {
                s.push_str(&format!(":{}", self.column));
            }
        }
        s
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.severity {
            Severity::Error => "error: ",
            Severity::Warning => "warning: ",
        })?;
        write!(f, "{}: {}", self.location(), self.message)?;
        if !self.help.is_empty() {
            write!(f, "\n   help: {}", self.help)?;
        }
        Ok(())
    }
}

impl std::error::Error for Problem {}

/// All the problems of one run, errors and warnings together.
#[derive(Debug, Default, Clone)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn push(&mut self, p: Problem) {
        self.0.push(p);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Problem>) {
        self.0.extend(other);
    }

    /// No problem at all, not even a warning.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether one of them stops the build.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Problem::is_error)
    }

    /// The warnings alone.
    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.0.iter().filter(|p| !p.is_error())
    }

    /// Sorted by file then position, duplicates removed, so output is stable.
    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message, a.severity)
                .cmp(&(&b.file, b.line, b.column, &b.message, b.severity))
        });
        self.0.dedup();
        self
    }
}

impl From<Problem> for Problems {
    fn from(p: Problem) -> Self {
        Problems(vec![p])
    }
}

impl From<Vec<Problem>> for Problems {
    fn from(ps: Vec<Problem>) -> Self {
        Problems(ps)
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        let warnings = self.warnings().count();
        let errors = n - warnings;
        let plural = |k: usize| if k == 1 { "" } else { "s" };
        match (errors, warnings) {
            (_, 0) => writeln!(f, "{n} problem{} found:", plural(n))?,
            (0, w) => writeln!(f, "{w} warning{}:", plural(w))?,
            (e, w) => writeln!(
                f,
                "{n} problems found ({e} error{}, {w} warning{}):",
                plural(e),
                plural(w)
            )?,
        }
        for (i, p) in self.0.iter().enumerate() {
            writeln!(f, "{:>3}. {p}", i + 1)?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

/// Line and column (1-based, column in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut off = offset;
    while !text.is_char_boundary(off) {
        off -= 1;
    }
    let before = &text[..off];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Converts a 1-based byte column on `line` (1-based) of `text` into a character column.
pub fn char_column(text: &str, line: usize, byte_col: usize) -> usize {
    match text.lines().nth(line.saturating_sub(1)) {
        Some(l) => {
            let mut b = byte_col.saturating_sub(1).min(l.len());
            while !l.is_char_boundary(b) {
                b -= 1;
            }
            l[..b].chars().count() + 1
        }
        None => byte_col,
    }
}

/// A path shown relative to `root` when possible.
pub fn rel(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(|p| p.to_path_buf())
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Prints a line on standard output; a closed pipe (`gen build | head`) is not an error
/// worth a panic, unlike `println!` (issue 10, A3).
pub fn say(text: impl fmt::Display) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{text}");
}

/// [`say`] on standard error, without adding a line end.
pub fn tell(text: impl fmt::Display) {
    use std::io::Write;
    let _ = write!(std::io::stderr().lock(), "{text}");
}

/// `GEN_TIMINGS=1`: how long the work took up to each named point since [`Timer::start`],
/// with the resident memory then, on stderr (the build's stages, the rendering's parts).
pub(crate) struct Timer(Option<std::time::Instant>);

impl Timer {
    pub(crate) fn start() -> Timer {
        Timer(std::env::var_os("GEN_TIMINGS").map(|_| std::time::Instant::now()))
    }

    pub(crate) fn lap(&self, point: &str) {
        if let Some(t0) = self.0 {
            // Resident memory too, where the system tells it (Linux).
            let rss = std::fs::read_to_string("/proc/self/statm")
                .ok()
                .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
                .map_or(String::new(), |pages| {
                    format!(", {} MB resident", (pages * 4096) >> 20)
                });
            tell(format_args!("{point}: {:.2?}{rss}\n", t0.elapsed()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let t = "ab\n中文x";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, 9), (2, 3));
        assert_eq!(line_col(t, 4), (2, 1)); // inside a character
    }

    #[test]
    fn numbered_list() {
        let mut ps = Problems::default();
        ps.push(
            Problem::new(ProblemKind::Link, "a.md", "bad")
                .at(3, 4)
                .help("fix"),
        );
        let s = ps.to_string();
        assert!(s.starts_with("1 problem found:\n"), "{s}");
        assert!(s.contains("  1. error: a.md:3:4: bad\n   help: fix"), "{s}");
    }

    #[test]
    fn warnings_are_listed_with_the_errors() {
        let mut ps = Problems::default();
        ps.push(Problem::warning(
            ProblemKind::Template,
            "theme/calc",
            "no module",
        ));
        assert!(!ps.has_errors());
        ps.push(Problem::new(ProblemKind::Link, "a.md", "bad").at(1, 1));
        assert!(ps.has_errors());
        let s = ps.sorted().to_string();
        assert!(
            s.starts_with("2 problems found (1 error, 1 warning):\n"),
            "{s}"
        );
        assert!(s.contains(". warning: theme/calc: no module"), "{s}");
        // Problems is an error type: `?` into a Box<dyn Error>.
        let boxed: Box<dyn std::error::Error> = Box::new(Problems::default());
        assert!(boxed.to_string().starts_with("0 problems found"));
    }
}
