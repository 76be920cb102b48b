//! Compiles the holiday calendars `data/holidays/YYYY.json` into a Rust table
//! (`$OUT_DIR/holidays_table.rs`, included by `src/holidays.rs`).
//!
//! Adding a year is dropping its file into `data/holidays/`: Cargo re-runs this script
//! whenever anything in that folder changes. A malformed file stops the build with a
//! message naming the file, so bad data never reaches the calculator. No JSON library is
//! used (a few dozen lines of parser below), so the library itself carries no parser.

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
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
    };
    let root = p.value()?;
    p.ws();
    if p.i != p.s.len() {
        return Err("trailing text after the JSON value".into());
    }
    let year = match root.get("year") {
        Some(Json::Num(n)) => n
            .parse::<i32>()
            .map_err(|_| "\"year\" must be a whole number")?,
        _ => return Err("\"year\" missing".into()),
    };
    let sources: Vec<String> = match root.get("source") {
        Some(Json::List(items)) => items
            .iter()
            .map(|s| match s {
                Json::Str(s) => Ok(s.clone()),
                _ => Err("\"source\" must be a list of strings".to_string()),
            })
            .collect::<Result<_, _>>()?,
        _ => return Err("\"source\" (list of the notices' addresses) missing".into()),
    };
    let days = match root.get("days") {
        Some(Json::List(items)) => items,
        _ => return Err("\"days\" missing".into()),
    };
    let mut rows: BTreeMap<(u32, u32), (bool, String)> = BTreeMap::new();
    for (n, day) in days.iter().enumerate() {
        let date = match day.get("date") {
            Some(Json::Str(s)) => s,
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
            Some(Json::Str(s)) => s.clone(),
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

enum Json {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    List(Vec<Json>),
    Map(Vec<(String, Json)>),
}

impl Json {
    fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Just enough JSON: objects, arrays, strings (with the usual escapes), numbers, literals.
struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn err<T>(&self, what: &str) -> Result<T, String> {
        Err(format!("{what} at byte {}", self.i))
    }

    fn eat(&mut self, b: u8) -> Result<(), String> {
        self.ws();
        if self.s.get(self.i) == Some(&b) {
            self.i += 1;
            Ok(())
        } else {
            self.err(&format!("expected '{}'", b as char))
        }
    }

    fn value(&mut self) -> Result<Json, String> {
        self.ws();
        match self.s.get(self.i) {
            Some(b'{') => {
                self.i += 1;
                let mut entries = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b'}') {
                    self.i += 1;
                    return Ok(Json::Map(entries));
                }
                loop {
                    self.ws();
                    let key = self.string()?;
                    self.eat(b':')?;
                    let v = self.value()?;
                    entries.push((key, v));
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(Json::Map(entries));
                        }
                        _ => return self.err("expected ',' or '}'"),
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b']') {
                    self.i += 1;
                    return Ok(Json::List(items));
                }
                loop {
                    items.push(self.value()?);
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(Json::List(items));
                        }
                        _ => return self.err("expected ',' or ']'"),
                    }
                }
            }
            Some(b'"') => Ok(Json::Str(self.string()?)),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            Some(c) if c.is_ascii_digit() || *c == b'-' => {
                let start = self.i;
                self.i += 1;
                while self
                    .s
                    .get(self.i)
                    .is_some_and(|c| c.is_ascii_digit() || b".eE+-".contains(c))
                {
                    self.i += 1;
                }
                Ok(Json::Num(
                    String::from_utf8(self.s[start..self.i].to_vec()).unwrap(),
                ))
            }
            _ => self.err("expected a JSON value"),
        }
    }

    fn literal(&mut self, word: &str, v: Json) -> Result<Json, String> {
        if self.s[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(v)
        } else {
            self.err("bad literal")
        }
    }

    fn string(&mut self) -> Result<String, String> {
        if self.s.get(self.i) != Some(&b'"') {
            return self.err("expected a string");
        }
        self.i += 1;
        let mut out: Vec<u8> = Vec::new();
        loop {
            match self.s.get(self.i) {
                None => return self.err("unterminated string"),
                Some(b'"') => {
                    self.i += 1;
                    return String::from_utf8(out).map_err(|_| "invalid UTF-8".to_string());
                }
                Some(b'\\') => {
                    let c = *self.s.get(self.i + 1).ok_or("unterminated escape")?;
                    self.i += 2;
                    match c {
                        b'"' | b'\\' | b'/' => out.push(c),
                        b'n' => out.push(b'\n'),
                        b't' => out.push(b'\t'),
                        b'r' => out.push(b'\r'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'u' => {
                            let hex = self
                                .s
                                .get(self.i..self.i + 4)
                                .and_then(|h| std::str::from_utf8(h).ok())
                                .and_then(|h| u32::from_str_radix(h, 16).ok())
                                .ok_or("bad \\u escape")?;
                            self.i += 4;
                            let ch = char::from_u32(hex).ok_or("unsupported \\u escape")?;
                            let mut buf = [0; 4];
                            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                        }
                        _ => return self.err("bad escape"),
                    }
                }
                Some(&c) => {
                    out.push(c);
                    self.i += 1;
                }
            }
        }
    }
}
