//! Compiles the holiday calendars `data/holidays/YYYY.json` into a Rust table
//! (`$OUT_DIR/holidays_table.rs`, included by `src/holidays.rs`).
//!
//! Adding a year is dropping its file into `data/holidays/`: Cargo re-runs this script
//! whenever anything in that folder changes. A malformed file stops the build with a
//! message naming the file, so bad data never reaches the calculator. The files are read
//! with `serde_json`, a build dependency only: the library itself carries no parser.

use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let dir = Path::new("data/holidays");
    println!("cargo:rerun-if-changed=data/holidays");
    let mut years: BTreeMap<i32, String> = BTreeMap::new();
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("data/holidays/ must exist")
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    entries.sort();
    for path in entries {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = fs::read_to_string(&path).expect("readable holiday file");
        let code = year_table(&text).unwrap_or_else(|why| panic!("{}: {why}", path.display()));
        let stem: i32 = path
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("{}: the file name must be the year", path.display()));
        if code.0 != stem {
            panic!(
                "{}: \"year\" is {} but the file is named {stem}",
                path.display(),
                code.0
            );
        }
        years.insert(stem, code.1);
    }
    let mut out = String::from("pub(crate) static YEARS: &[YearData] = &[\n");
    for code in years.values() {
        out.push_str(code);
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("holidays_table.rs");
    fs::write(dest, out).unwrap();
}

/// The Rust code of one year's table, and the year.
fn year_table(text: &str) -> Result<(i32, String), String> {
    let root: Json = serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    let year = match root.get("year") {
        Some(Json::Number(n)) => n
            .as_i64()
            .and_then(|y| i32::try_from(y).ok())
            .ok_or("\"year\" must be a whole number")?,
        _ => return Err("\"year\" missing".into()),
    };
    let sources: Vec<String> = match root.get("source") {
        Some(Json::Array(items)) => items
            .iter()
            .map(|s| match s {
                Json::String(s) => Ok(s.clone()),
                _ => Err("\"source\" must be a list of strings".to_string()),
            })
            .collect::<Result<_, _>>()?,
        _ => return Err("\"source\" (list of the notices' addresses) missing".into()),
    };
    let days = match root.get("days") {
        Some(Json::Array(items)) => items,
        _ => return Err("\"days\" missing".into()),
    };
    let mut rows: BTreeMap<(u32, u32), (bool, String)> = BTreeMap::new();
    for (n, day) in days.iter().enumerate() {
        let date = match day.get("date") {
            Some(Json::String(s)) => s,
            _ => return Err(format!("days[{n}].date missing")),
        };
        let parts: Vec<&str> = date.split('-').collect();
        let bad = || format!("days[{n}].date \"{date}\" is not YYYY-MM-DD");
        if parts.len() != 3 {
            return Err(bad());
        }
        let y: i32 = parts[0].parse().map_err(|_| bad())?;
        let m: u32 = parts[1].parse().map_err(|_| bad())?;
        let d: u32 = parts[2].parse().map_err(|_| bad())?;
        if y != year {
            return Err(format!("days[{n}].date \"{date}\" is not in {year}"));
        }
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return Err(bad());
        }
        let off = match day.get("off") {
            Some(Json::Bool(b)) => *b,
            _ => return Err(format!("days[{n}].off must be true or false")),
        };
        let name = match day.get("name") {
            Some(Json::String(s)) => s.clone(),
            _ => return Err(format!("days[{n}].name missing")),
        };
        if rows.insert((m, d), (off, name)).is_some() {
            return Err(format!("days[{n}]: {date} is listed twice"));
        }
    }
    let mut code = format!("    YearData {{\n        year: {year},\n        sources: &[");
    for s in &sources {
        write!(code, "{s:?}, ").unwrap();
    }
    code.push_str("],\n        days: &[\n");
    for ((m, d), (off, name)) in &rows {
        writeln!(
            code,
            "            Day {{ month: {m}, day: {d}, off: {off}, name: {name:?} }},"
        )
        .unwrap();
    }
    code.push_str("        ],\n    },\n");
    Ok((year, code))
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}
