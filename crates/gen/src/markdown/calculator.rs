//! Calculator blocks (```` ```calculator <kind> ````): the TOML inputs read into the
//! calculator's input tree and computed at build time by crates/calc, so a reader without
//! JavaScript sees the result; the in-page calculator takes over from the same markup.
//! Both compute with the site's data (`content/data/`, a [`PageData`]): each block states
//! which data, and each page with a block carries the data once for the browser module.
//!
//! Numbers keep the text the author wrote (`0.10` stays `0.10`, never `0.1` or a binary
//! float's digits): the TOML parser's own raw values give it, each at its place in the tree.

use crate::diagnostics::line_col;
use toml::de::{DeTable, DeValue};

/// A block's problem: line offset from the fence, column, message, help.
pub type CalcError = (usize, usize, String, String);

/// The calculator's input tree of a block's TOML.
pub fn inputs(literal: &str) -> Result<calc::Value, toml::de::Error> {
    let table = DeTable::parse(literal)?;
    Ok(table_value(table.get_ref()))
}

fn table_value(table: &DeTable<'_>) -> calc::Value {
    calc::Value::Map(
        table
            .iter()
            .map(|(k, v)| (k.get_ref().to_string(), value(v.get_ref())))
            .collect(),
    )
}

fn value(v: &DeValue<'_>) -> calc::Value {
    match v {
        DeValue::String(s) => calc::Value::String(s.to_string()),
        DeValue::Integer(i) => calc::Value::Number(
            i128::from_str_radix(i.as_str(), i.radix())
                .map_or_else(|_| i.as_str().to_string(), |n| n.to_string()),
        ),
        DeValue::Float(f) => calc::Value::Number(f.as_str().to_string()),
        DeValue::Boolean(b) => calc::Value::Bool(*b),
        DeValue::Datetime(d) => match d.date {
            Some(date) if d.time.is_none() => calc::Value::String(format!(
                "{:04}-{:02}-{:02}",
                date.year, date.month, date.day
            )),
            _ => calc::Value::String(d.to_string()),
        },
        DeValue::Array(a) => calc::Value::List(a.iter().map(|v| value(v.get_ref())).collect()),
        DeValue::Table(t) => table_value(t),
    }
}

/// The line that tells readers which data a block computed with (inside the block):
/// 「LPR数据核对至2026年4月20日；节假日数据覆盖至2026年」.
/// The site's data and the two texts of it that calculator pages show, made once a build
/// (every page with a calculator shows the same ones).
#[derive(Debug)]
pub struct PageData {
    pub data: calc::Data,
    /// The line naming the data, inside each block's section.
    line: String,
    /// The data block for the browser module, once per page.
    pub block: String,
}

impl PageData {
    pub fn new(data: calc::Data) -> PageData {
        PageData {
            line: data_line(&data),
            block: data_block(&data),
            data,
        }
    }
}

fn data_line(data: &calc::Data) -> String {
    format!(
        "<p class=\"calc-data\">本计算器使用的数据：{}。</p>",
        crate::text::escape(&data.summary())
    )
}

/// The data as the page carries it for the browser module: a data block (not a script
/// the browser runs) holding `Data::to_bundle`'s text. calc's parsers refuse `<` in data
/// cells, so the text cannot end the element early.
fn data_block(data: &calc::Data) -> String {
    format!(
        "<script type=\"text/plain\" id=\"calc-data\">\n{}</script>\n",
        data.to_bundle()
    )
}

/// The most rows a list of a calculator block (card transactions, judgment payments,
/// interruptions of the limitation period) may have: more is an error at its line.
/// A reader's case has tens; a thousand rows of form already weigh more than a page may.
pub const MAX_LIST_ROWS: usize = 1000;

/// The first list below `value` with more than [`MAX_LIST_ROWS`] items: its dotted name
/// and length.
fn over_long_list(value: &calc::Value, name: &str) -> Option<(String, usize)> {
    let child = |key: &str| {
        if name.is_empty() {
            key.to_string()
        } else {
            format!("{name}.{key}")
        }
    };
    match value {
        calc::Value::List(items) if items.len() > MAX_LIST_ROWS => {
            Some((name.to_string(), items.len()))
        }
        calc::Value::List(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| over_long_list(v, &child(&i.to_string()))),
        calc::Value::Map(entries) => entries
            .iter()
            .find_map(|(k, v)| over_long_list(v, &child(k))),
        _ => None,
    }
}

/// A calculator block's HTML, computed with `data`, with the line naming the data.
pub fn calculator_html(
    kind: &str,
    literal: &str,
    block_id: &str,
    data: &PageData,
    today: chrono::NaiveDate,
) -> Result<Computed, CalcError> {
    let Some(k) = calc::Kind::from_code(kind) else {
        return Err((
            0,
            1,
            format!("unknown calculator kind “{kind}”"),
            format!(
                "write ```calculator followed by one of: {}",
                calc::Kind::ALL.map(calc::Kind::code).join(", ")
            ),
        ));
    };
    let value = inputs(literal).map_err(|e| {
        let (l, c) = e
            .span()
            .map(|s| line_col(literal, s.start))
            .unwrap_or((1, 1));
        (
            l,
            c,
            format!(
                "the calculator inputs are not valid TOML: {}",
                e.message().trim()
            ),
            "write one `field = value` per line".to_string(),
        )
    })?;
    if let Some((list, rows)) = over_long_list(&value, "") {
        let key = list.rsplit('.').next().unwrap_or(&list);
        let line = literal
            .lines()
            .position(|l| l.contains(key))
            .map_or(0, |i| i + 1);
        return Err((
            line,
            1,
            format!(
                "calculator {kind}: the list `{list}` has {rows} rows; a calculator block takes at most {MAX_LIST_ROWS}"
            ),
            "shorten the list: a reader's case needs far fewer rows, and the page must stay small".to_string(),
        ));
    }
    let block = calc::html::block_html(k, &value, block_id, &data.data, today).map_err(|e| {
        let line = e
            .field
            .split(['.', '['])
            .next()
            .and_then(|f| {
                literal
                    .lines()
                    .position(|l| l.trim_start().starts_with(f) && !f.is_empty())
            })
            .map(|i| i + 1)
            .unwrap_or(0);
        (
            line,
            1,
            // calc's message names the field's path for the author (readers' messages
            // leave it out: calc::html::plain_message).
            format!("calculator {kind}: {}", e.message),
            format!(
                "fix the input named in the message; every field of each kind is in {} (or run gen calculators)",
                crate::commands::calculators::REFERENCE_FILE
            ),
        )
    })?;
    // The line naming the data goes inside the block's section, after the result.
    let mut html = block.html;
    let end = html.rfind("</section>").unwrap_or(html.len());
    html.insert_str(end, &data.line);
    Ok(Computed {
        html,
        warnings: block.warnings,
    })
}

/// A block computed at build time: its HTML, and the warnings its result shows readers.
pub struct Computed {
    pub html: String,
    pub warnings: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number_at(v: &calc::Value, path: &[&str]) -> String {
        let mut v = v;
        for key in path {
            v = match v {
                calc::Value::Map(entries) => &entries.iter().find(|(k, _)| k == key).unwrap().1,
                calc::Value::List(items) => &items[key.parse::<usize>().unwrap()],
                other => panic!("{other:?} has no {key}"),
            };
        }
        match v {
            calc::Value::Number(n) => n.clone(),
            other => panic!("not a number: {other:?}"),
        }
    }

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
    }

    /// Issue 22: a date that defaults to today and that the block leaves out is the
    /// build's date, and the static result says so.
    #[test]
    fn a_date_left_out_is_the_builds_today() {
        let data = &PageData::new(calc::Data::builtin().clone());
        let h = calculator_html(
            "credit_record",
            "overdue_on = \"2024-08-15\"\namount = 5200\n",
            "calc-1",
            data,
            today(),
        )
        .unwrap()
        .html;
        assert!(h.contains("按2026年12月6日计算"), "{h}");
        // The form leaves the field empty: the page fills in the reader's today.
        assert!(h.contains("name=\"today\" value=\"\""), "{h}");
    }

    /// Review finding: a number took the written text of the first line anywhere in the
    /// block with the same key name.
    #[test]
    fn each_number_keeps_its_own_written_text() {
        let v = inputs("[loan_rate]\nannual_pct = 12.25\n\n[rate]\nannual_pct = 24.50\n").unwrap();
        assert_eq!(number_at(&v, &["loan_rate", "annual_pct"]), "12.25");
        assert_eq!(number_at(&v, &["rate", "annual_pct"]), "24.50");
        let v =
            inputs("a = 0.10\nb = [1.50, 2.0]\nc = { d = 1e3 }\ne = 1_000\nf = 0x10\n").unwrap();
        assert_eq!(number_at(&v, &["a"]), "0.10");
        assert_eq!(number_at(&v, &["b", "1"]), "2.0");
        assert_eq!(number_at(&v, &["c", "d"]), "1e3");
        assert_eq!(number_at(&v, &["e"]), "1000");
        assert_eq!(number_at(&v, &["f"]), "16");
    }

    /// The same finding through a real calculator: the repayment's amount is its own, not
    /// the purchase's (`amount` in both tables).
    #[test]
    fn a_repayment_amount_is_not_the_purchase_amount() {
        let common = "due_date = \"2025-03-25\"\nnext_statement = \"2025-04-05\"\n";
        let floats = format!("{common}[[transactions]]\nposted_on = \"2025-02-15\"\namount = 10000.50\n\n[[repayments]]\ndate = \"2025-03-25\"\namount = 2000.25\n");
        let strings = floats
            .replace("10000.50", "\"10000.50\"")
            .replace("2000.25", "\"2000.25\"");
        let data = &PageData::new(calc::Data::builtin().clone());
        assert_eq!(
            calculator_html("card", &floats, "calc-1", data, today())
                .unwrap()
                .html,
            calculator_html("card", &strings, "calc-1", data, today())
                .unwrap()
                .html
        );
    }

    /// Review finding: a block in a year with no holiday calendar built without a word to
    /// the author, while readers saw a warning. The author now hears it too.
    #[test]
    fn a_warning_readers_see_is_the_authors_too() {
        let data = &PageData::new(calc::Data::builtin().clone());
        let block = |due: &str| {
            calculator_html(
                "grace",
                &format!("due_date = \"{due}\"\ngrace_days = 3\n"),
                "calc-1",
                data,
                today(),
            )
            .unwrap()
        };
        let far = block("2031-10-01");
        assert!(
            far.warnings
                .iter()
                .any(|w| w.contains("没有2031年的节假日安排数据")),
            "{:?}",
            far.warnings
        );
        assert!(far.html.contains("没有2031年的节假日安排数据"));
        assert_eq!(block("2026-10-01").warnings, Vec::<String>::new());
    }
}
