//! Reading content files: UTF-8 checked (with the place it goes wrong), BOM removed, line
//! ends normalised; TOML errors turned into problems at their line and column. Shared by
//! every loader of this stage, so none of them imports another.

use crate::diagnostics::{line_col, Problem, ProblemKind};
use chrono::NaiveDate;
use std::path::Path;

/// Opens `path` (links followed) for reading if it is a regular file: opened without
/// blocking and looked at with `fstat` before a byte is read, so a FIFO or a device is
/// refused at once, never read (a FIFO would block for ever, `/dev/zero` never ends).
pub fn open_regular(path: &Path) -> std::io::Result<(std::fs::File, std::fs::Metadata)> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "it is not a regular file (a folder, a FIFO or a device)",
        ));
    }
    Ok((file, meta))
}

/// The bytes of the regular file at `path` ([`open_regular`]).
pub fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let (mut file, meta) = open_regular(path)?;
    let mut data = Vec::with_capacity(meta.len() as usize);
    file.read_to_end(&mut data)?;
    Ok(data)
}

/// Reads a text file: BOM removed, CRLF → LF.
pub fn read_text(path: &Path, shown: &Path) -> Result<String, Problem> {
    let bytes = read_regular(path).map_err(|e| {
        Problem::new(ProblemKind::Io, shown, format!("cannot read the file: {e}"))
            .help("check that the file exists and is readable")
    })?;
    // simdutf8 checks Chinese text several times faster than the standard library; the
    // standard library then finds where a bad file goes wrong.
    let text = simdutf8::basic::from_utf8(&bytes).map_err(|_| {
        let valid = std::str::from_utf8(&bytes).map_or_else(|e| e.valid_up_to(), |_| 0);
        let (l, c) = line_col(&String::from_utf8_lossy(&bytes), valid);
        Problem::new(ProblemKind::Io, shown, "the file is not valid UTF-8")
            .at(l, c)
            .help("save the file as UTF-8")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // No control character reaches a page (a NUL in a meta description, an escape code).
    if let Some((i, c)) = may_hold_control(text)
        .then(|| {
            text.char_indices()
                .find(|&(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        })
        .flatten()
    {
        let (l, col) = line_col(text, i);
        return Err(Problem::new(
            ProblemKind::Io,
            shown,
            format!("the file contains the control character U+{:04X}", c as u32),
        )
        .at(l, col)
        .help("delete it (it is invisible in most editors; retype the text around it)"));
    }
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    })
}

/// Whether `text` may hold a control character other than tab and line ends: a byte below
/// 0x20, DEL, or 0xC2 (the lead byte of U+0080–U+00BF, among them the C1 controls). The
/// bytes are tested in blocks without a branch, which the compiler turns into vector
/// instructions; the exact scan by character runs only on a text that may have one (a
/// character-by-character scan of every article cost 4% of a build's instructions).
fn may_hold_control(text: &str) -> bool {
    text.as_bytes().chunks(64).any(|block| {
        block.iter().fold(false, |any, &b| {
            any | (b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r') | (b == 0x7f) | (b == 0xc2)
        })
    })
}

/// A TOML error as a problem at its position; `line_offset` lines precede `text` in the file.
pub fn toml_problem(
    kind: ProblemKind,
    file: &Path,
    text: &str,
    line_offset: usize,
    err: &toml::de::Error,
    help: &str,
) -> Problem {
    let (line, col) = err
        .span()
        .map(|s| line_col(text, s.start))
        .unwrap_or((1, 0));
    let msg = err.message().trim().replace('\n', " ");
    let written = err
        .span()
        .and_then(|s| text.get(..s.start.min(text.len())))
        .map(|before| {
            let start = before.rfind('\n').map_or(0, |i| i + 1);
            let rest = &text[start..];
            &rest[..rest.find('\n').unwrap_or(rest.len())]
        });
    let help = written
        .and_then(date_hint)
        .unwrap_or_else(|| help.to_string());
    Problem::new(kind, file, msg)
        .at(line + line_offset, col)
        .help(help)
}

/// The right form of a date written another way on a TOML line (`date = 2026/12/01`,
/// `2026-3-5`, `"2026-03-05"`): the TOML parser's words do not say how to write it.
fn date_hint(line: &str) -> Option<String> {
    let (key, value) = line.split_once('=')?;
    let value = value.split(" #").next().unwrap_or("").trim();
    let quoted = value.starts_with(['"', '\'']);
    let bare = value.trim_matches(['"', '\'']);
    let parts: Vec<&str> = bare
        .split(['/', '-', '.', '年', '月', '日'])
        .filter(|p| !p.is_empty())
        .collect();
    let [y, m, d] = parts[..] else {
        return None;
    };
    if y.len() != 4
        || !parts
            .iter()
            .all(|p| p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    let form = format!("{y}-{m:02}-{d:02}");
    if form == bare && !quoted {
        // Written right: the problem is another (an impossible day, a wrong type).
        return None;
    }
    Some(format!(
        "write dates as 2026-12-01 (year-month-day, two-digit month and day, no quotes): {} = {form}",
        key.trim()
    ))
}

/// The calendar date of a TOML date, if it has a valid one.
pub fn date_of(dt: &toml::value::Datetime) -> Option<NaiveDate> {
    let d = dt.date?;
    NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_control_test_misses_no_control_character() {
        // Every character that is a control, at every offset in a block: the quick test
        // must say "maybe" for each; a text of ordinary characters passes it.
        let controls = (0..=0x10ffffu32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
        for c in controls {
            for at in [0, 1, 63, 64, 65, 130] {
                let text = format!("{}{c}逾期", "期".repeat(at / 3));
                assert!(may_hold_control(&text), "U+{:04X} at {at}", c as u32);
            }
        }
        assert!(!may_hold_control(
            &"逾期利息，按年利率计算。\tab\r\n".repeat(20)
        ));
    }

    #[test]
    fn dates_written_another_way_get_their_right_form() {
        for (line, form) in [
            ("date = 2026/12/01", "date = 2026-12-01"),
            ("checked = 2026-3-5", "checked = 2026-03-05"),
            ("updated = \"2026-03-05\"", "updated = 2026-03-05"),
        ] {
            let hint = date_hint(line).unwrap_or_default();
            assert!(
                hint.contains("write dates as 2026-12-01") && hint.ends_with(form),
                "{line}: {hint}"
            );
        }
        assert_eq!(date_hint("date = 2026-02-30"), None);
        assert_eq!(date_hint("title = \"a/b/c\""), None);
    }

    #[test]
    fn a_file_that_is_not_utf8_is_reported_where_it_goes_wrong() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        let mut bytes = "第一行\nab".as_bytes().to_vec();
        bytes.extend([0xff, b'c', b'\n']);
        std::fs::write(&path, bytes).unwrap();
        let p = read_text(&path, Path::new("loan/a.md")).unwrap_err();
        assert_eq!((p.line, p.column), (2, 3), "{p}");
        assert!(p.to_string().contains("not valid UTF-8"), "{p}");
        // A BOM and CRLF line ends are taken off.
        std::fs::write(&path, "\u{feff}一\r\n二\r\n").unwrap();
        assert_eq!(read_text(&path, &path).unwrap(), "一\n二\n");
    }
}
