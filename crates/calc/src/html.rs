//! The calculator's markup, shared by the generator (the static result a reader without
//! JavaScript sees) and the browser module (the live result), so both are the same HTML.
//!
//! A block is a `<section class="calculator" data-kind="…">` with a form (hidden until the
//! browser module starts), each field's error slot, and the result. Form field names are
//! the interface's field paths flattened with dots: `principal`, `rate` with its unit
//! select `rate.unit`, `transactions.0.amount`. [`value_from_form`] turns them back into
//! the input tree.

use crate::report::{FieldSpec, FormReading, InputKind, Reading, Report, RATE_UNITS};
use crate::value::{InputError, Value};
use crate::Kind;
use std::collections::HashMap;
use std::fmt::Write;

/// A form's prefilled values by field name (`card.transactions.3.amount`).
type Prefill<'a> = HashMap<&'a str, &'a str>;

/// The most rows a list of a form can have (360 instalments and then some).
pub const MAX_FORM_ROWS: usize = 1000;

/// Escapes text for HTML content and attribute values: `&`, `<`, `>`, `"` and `'`, and
/// drops control characters other than tab and line ends. The
/// workspace's one HTML escaper: the generator escapes its pages with it too.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let _ = escape_to(&mut out, text);
    out
}

/// What [`escape_to`] writes for each byte: `None` for the byte itself. Only ASCII bytes
/// are replaced, so a multi-byte character is never cut; a control character other than
/// tab and line ends is dropped (no NUL or escape code reaches the HTML, whatever a TOML
/// escape in front matter put in a string).
const REPLACEMENT: [Option<&str>; 256] = {
    let mut table = [None; 256];
    let mut b = 0;
    while b < 0x20 {
        if b != b'\t' as usize && b != b'\n' as usize && b != b'\r' as usize {
            table[b] = Some("");
        }
        b += 1;
    }
    table[0x7f] = Some("");
    table[b'&' as usize] = Some("&amp;");
    table[b'<' as usize] = Some("&lt;");
    table[b'>' as usize] = Some("&gt;");
    table[b'"' as usize] = Some("&quot;");
    table[b'\'' as usize] = Some("&#39;");
    table
};

/// [`escape`] into any writer; runs without special characters are copied in one go.
/// The template engine calls this for every value of every page, so text is passed over
/// eight bytes at a time while no byte of them can need replacing (Chinese text never
/// does), and looked up a byte at a time in [`REPLACEMENT`] otherwise.
pub fn escape_to(out: &mut impl Write, text: &str) -> std::fmt::Result {
    let bytes = text.as_bytes();
    let mut last = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Tab and line ends are below 0x20 too: the table decides for them.
        if word_at(bytes, i).is_some_and(|w| !word_has(w, 0x20, b"&<>\"'\x7f")) {
            i += 8;
            continue;
        }
        if let Some(rep) = REPLACEMENT[usize::from(bytes[i])] {
            out.write_str(&text[last..i])?;
            out.write_str(rep)?;
            last = i + 1;
        }
        i += 1;
    }
    out.write_str(&text[last..])
}

/// Whether any of the eight bytes of `word` is below `below` or one of `bytes`, by the
/// usual exact word tests for a zero byte and for a byte below n (`(x − 0x01…·n) & !x &
/// 0x80…`, exact for n ≤ 128). The workspace's escapers (HTML here, JSON in gen and
/// search) pass over eight bytes at a time with it while none can need escaping.
#[inline]
pub fn word_has(word: u64, below: u8, bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let under = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & HIGH;
    let mut any = under(word, below);
    for &b in bytes {
        any |= under(word ^ (ONES * u64::from(b)), 1);
    }
    any != 0
}

/// The eight bytes of `bytes` from `i`, as [`word_has`] reads them; none near the end.
#[inline]
pub fn word_at(bytes: &[u8], i: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(i..i + 8)?.try_into().ok()?))
}

/// The form name of an error's field path: `transactions[1].amount` →
/// `transactions.1.amount`; a rate's unit key (`rate.annual_pct`) → `rate`.
pub fn form_name(path: &str) -> String {
    let name = path.replace('[', ".").replace(']', "");
    for (unit, _) in RATE_UNITS {
        if let Some(base) = name.strip_suffix(&format!(".{unit}")) {
            return base.to_string();
        }
    }
    name
}

/// The id of a form control: `calc-1-transactions-0-amount`.
pub fn control_id(block_id: &str, name: &str) -> String {
    format!("{block_id}-{}", name.replace('.', "-"))
}

/// The id of the error slot beside a control.
pub fn error_id(block_id: &str, name: &str) -> String {
    format!("{}-error", control_id(block_id, name))
}

/// A report as HTML: figures, warnings, the segments table and the notes.
pub fn report_html(report: &Report) -> String {
    let mut h = String::from("<div class=\"calc-report\">");
    if let Some(lead) = &report.headline {
        let f = &report.figures[lead.figure];
        let _ = write!(
            h,
            "<div class=\"calc-headline\"><p class=\"calc-lead\"><span class=\"calc-lead-label\">{}</span>\
             <strong class=\"calc-lead-value\">{}</strong></p><p class=\"calc-sentence\">{}</p>",
            escape(&f.label),
            escape(&f.value),
            escape(&lead.sentence)
        );
        if !f.basis.is_empty() {
            let _ = write!(h, "<p class=\"calc-basis\">依据：{}</p>", escape(&f.basis));
        }
        h.push_str("</div>");
    }
    if !report.figures.is_empty() {
        h.push_str("<dl class=\"calc-figures\">");
        for f in &report.figures {
            let _ = write!(
                h,
                "<div class=\"calc-figure\"><dt>{}</dt><dd><span class=\"calc-value\">{}</span>",
                escape(&f.label),
                escape(&f.value)
            );
            if !f.basis.is_empty() {
                let _ = write!(
                    h,
                    "<span class=\"calc-basis\">依据：{}</span>",
                    escape(&f.basis)
                );
            }
            h.push_str("</dd></div>");
        }
        h.push_str("</dl>");
    }
    if !report.warnings.is_empty() {
        h.push_str("<div class=\"calc-warnings\" role=\"note\">");
        for w in &report.warnings {
            let _ = write!(h, "<p class=\"calc-warning\">⚠ {}</p>", escape(w));
        }
        h.push_str("</div>");
    }
    if let Some(t) = &report.table {
        // Focusable, so that a keyboard can scroll a table wider than a phone.
        h.push_str("<div class=\"table-scroll\" tabindex=\"0\" role=\"group\" aria-label=\"明细表（可左右滑动）\"><table class=\"calc-table\">");
        if !t.caption.is_empty() {
            let _ = write!(h, "<caption>{}</caption>", escape(&t.caption));
        }
        h.push_str("<thead><tr>");
        for c in &t.columns {
            let _ = write!(h, "<th scope=\"col\">{}</th>", escape(c));
        }
        h.push_str("</tr></thead><tbody>");
        for row in &t.rows {
            h.push_str("<tr>");
            for cell in row {
                let _ = write!(h, "<td>{}</td>", escape(cell));
            }
            h.push_str("</tr>");
        }
        h.push_str("</tbody></table></div>");
    }
    if !report.notes.is_empty() {
        h.push_str("<ol class=\"calc-notes\">");
        for n in &report.notes {
            let _ = write!(h, "<li>{}", escape(&n.text));
            if !n.cite.is_empty() {
                let _ = write!(h, " <cite>{}</cite>", escape(&n.cite));
            }
            h.push_str("</li>");
        }
        h.push_str("</ol>");
    }
    h.push_str("</div>");
    h
}

/// An error message as readers see it: the field paths calc names for authors
/// (`（principal）`, `（schedule[0].count）`) are taken out, and a path into a list
/// becomes the row (`（第1行）`). Generic, so a message of any rule reads the same way.
pub fn plain_message(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find('（') {
        out.push_str(&rest[..i]);
        let after = &rest[i + '（'.len_utf8()..];
        let path = after.find('）').map(|j| &after[..j]).filter(|p| {
            p.starts_with(|c: char| c.is_ascii_lowercase())
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_.[]".contains(&b))
        });
        match path {
            Some(path) => {
                let row = path
                    .split('[')
                    .nth(1)
                    .and_then(|r| r.split(']').next()?.parse::<usize>().ok());
                if let (Some(row), false) = (row, out.ends_with('项')) {
                    let _ = write!(out, "（第{}行）", row + 1);
                }
                rest = &after[path.len() + '）'.len_utf8()..];
            }
            None => {
                out.push('（');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A calculator block as HTML, and the warnings its result shows readers (a year with no
/// holiday calendar, an LPR past its as-of date), which the generator repeats to the author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub html: String,
    pub warnings: Vec<String>,
}

/// A whole calculator block: title, form prefilled with `inputs` (a map of the interface's
/// fields, without `kind`), and the result computed now. A date that defaults to the
/// reader's today and that `inputs` leaves out is computed with `today` (the build's
/// date), which the result names (「按2026年12月6日计算」); the page puts the reader's
/// own today in its place. `Err` when the inputs are invalid.
pub fn block_html(
    kind: Kind,
    inputs: &Value,
    block_id: &str,
    data: &crate::Data,
    today: chrono::NaiveDate,
) -> Result<Block, InputError> {
    let mut request = match inputs {
        Value::Map(entries) => entries.clone(),
        _ => return Err(InputError::new("", "计算器的输入应为键值表")),
    };
    request.retain(|(k, _)| k != "kind");
    // The date the result is as of: the author's, or the build's for a field left out.
    let mut as_of = None;
    for field in kind.form().iter().filter(|f| f.default == "today") {
        match request.iter().find(|(k, _)| k == field.name) {
            Some((_, v)) => as_of = v.as_text().and_then(|t| crate::date::parse_date(t).ok()),
            None => {
                request.push((field.name.into(), Value::date(today)));
                as_of = Some(today);
            }
        }
    }
    request.insert(0, ("kind".into(), Value::str(kind.code())));
    let answer = crate::compute(&Value::Map(request), data)?;
    let mut h = String::new();
    let _ = write!(
        h,
        "<section class=\"calculator\" id=\"{id}\" data-kind=\"{code}\" role=\"group\" aria-labelledby=\"{id}-title\">\
         <h3 class=\"calc-title\" id=\"{id}-title\">{title}</h3>",
        id = escape(block_id),
        code = kind.code(),
        title = kind.title()
    );
    h.push_str(&form_html(kind, &kind.form_inputs(inputs), block_id));
    let _ = write!(
        h,
        "<noscript><p class=\"calc-nojs\">这是文中例子算出的结果。浏览器开启 JavaScript 后，可以在这里填你自己的数字计算。</p></noscript>\
         <p class=\"calc-error-summary\" id=\"{id}-error\" role=\"alert\" hidden></p>\
         <div class=\"calc-result\" id=\"{id}-result\" aria-live=\"polite\">",
        id = escape(block_id)
    );
    if let Some(date) = as_of {
        let _ = write!(
            h,
            "<p class=\"calc-asof\">按{}计算</p>",
            crate::date::format_date_zh(date)
        );
    }
    let report = answer.report();
    let _ = write!(h, "{}</div></section>", report_html(&report));
    Ok(Block {
        html: h,
        warnings: report.warnings,
    })
}

/// The form of a kind, prefilled from `inputs`; hidden until the browser module starts.
/// Fields of `inputs` that the form does not show travel as hidden inputs, so the live
/// result starts from the same request as the static one. The prefilled inputs are the
/// article's example: the form says so, and its button 「用我的情况计算」 (the module)
/// starts it again from each field's `data-default` (empty, a default, or today).
pub fn form_html(kind: Kind, inputs: &Value, block_id: &str) -> String {
    let mut h = format!(
        "<form class=\"calc-form\" id=\"{}-form\" hidden novalidate>\
         <p class=\"calc-example\"><span>示例：下面填的是文中例子的数字。</span>\
         <button type=\"button\" class=\"calc-own\">用我的情况计算</button></p>",
        escape(block_id)
    );
    let prefill = flatten(inputs);
    // Looked up by name: a list of N rows asks N times (a scan each was quadratic).
    let by_name: Prefill = prefill
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let spec = kind.form();
    let short = short_fields(kind);
    for field in spec.iter().filter(|f| short.contains(&f.name)) {
        field_html(&mut h, block_id, kind, field, field.name, &by_name);
    }
    if spec.iter().any(|f| !short.contains(&f.name)) {
        h.push_str("<details class=\"calc-more\"><summary>更多选项（不确定就不用改）</summary>");
        for field in spec.iter().filter(|f| !short.contains(&f.name)) {
            field_html(&mut h, block_id, kind, field, field.name, &by_name);
        }
        h.push_str("</details>");
    }
    for (name, value) in &prefill {
        let shown = spec
            .iter()
            .any(|f| name == f.name || name.starts_with(&format!("{}.", f.name)));
        if !shown && name != "kind" {
            let _ = write!(
                h,
                "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                escape(name),
                escape(value)
            );
        }
    }
    let _ = write!(
        h,
        "<div class=\"calc-actions\">\
         <button type=\"button\" class=\"calc-share\">复制分享链接</button>\
         <button type=\"button\" class=\"calc-print\">打印结果</button>\
         <p class=\"calc-privacy\">数字只在您的浏览器里计算，不会发送到任何服务器。</p>\
         <div class=\"calc-share-box\" hidden><label for=\"{id}-share-link\">分享链接（输入内容只在链接的 # 之后，不会发送到服务器）</label>\
         <input type=\"text\" id=\"{id}-share-link\" class=\"calc-share-link\" readonly>\
         <p class=\"calc-share-status\" id=\"{id}-share-status\" role=\"status\"></p></div>\
         </div></form>",
        id = escape(block_id)
    );
    h
}

/// The fields of each kind that a reader knows and fills first (who lent, how much, the
/// dates, the rate): the short form, at most eight controls before the headline. Every
/// other field of the kind's form, a field added later included, is folded under
/// 「更多选项（不确定就不用改）」 with its default shown.
pub fn short_fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Penalty => &[
            "regime",
            "principal",
            "contract_date",
            "overdue_from",
            "until",
            "rate",
        ],
        Kind::Card => &["transactions", "due_date", "next_statement", "repayments"],
        Kind::Grace => &["due_date", "grace_days", "extend_holidays", "paid_on"],
        Kind::CreditRecord => &["overdue_on", "amount", "settled_on", "today"],
        Kind::Judgment => &["debt", "deadline", "payments", "until"],
        Kind::CourtFee => &["fee", "claim", "procedure", "ended_by"],
        Kind::Limitation => &["period", "due_date", "interruptions", "proceedings"],
        Kind::Apr => &["received", "schedule", "card_plan"],
    }
}

/// The choices that say which case a page is about (who lent, which fee, which period, a
/// card's instalment plan): 「用我的情况计算」 keeps them as the article set them, in sight
/// and changeable, and starts every other field afresh.
pub fn page_subject(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Penalty => &["regime"],
        Kind::CourtFee => &["fee"],
        Kind::Limitation => &["period"],
        Kind::Apr => &["card_plan"],
        _ => &[],
    }
}

/// Fields shown only in one case: (field, the choice it depends on, the value that shows
/// it). The module hides the field while the choice is another (持牌机构 shows no
/// 民间借贷-only field); the core ignores it there.
pub fn shown_when(kind: Kind) -> &'static [(&'static str, &'static str, &'static str)] {
    match kind {
        Kind::Penalty => &[
            ("cap_mode", "regime", "private"),
            ("filing_date", "regime", "private"),
        ],
        _ => &[],
    }
}

fn field_html(
    h: &mut String,
    block_id: &str,
    kind: Kind,
    field: &FieldSpec,
    name: &str,
    prefill: &Prefill,
) {
    let id = control_id(block_id, name);
    let err = error_id(block_id, name);
    let help_id = format!("{id}-help");
    let value = prefill
        .get(name)
        .copied()
        .unwrap_or(if field.default == "today" {
            ""
        } else {
            field.default
        });
    let described = if field.help.is_empty() {
        err.clone()
    } else {
        format!("{help_id} {err}")
    };
    if let InputKind::List { fields, rows } = field.input {
        let _ = write!(
            h,
            "<fieldset class=\"calc-list\" id=\"{id}\"><legend>{}</legend>",
            escape(field.label)
        );
        if !field.help.is_empty() {
            let _ = write!(h, "<p class=\"calc-help\">{}</p>", escape(field.help));
        }
        let prefix = format!("{name}.");
        let used = prefill
            .keys()
            .filter_map(|k| k.strip_prefix(&prefix))
            .filter_map(|rest| rest.split('.').next()?.parse::<usize>().ok())
            .max()
            .map_or(0, |m| m + 1);
        // The rows the inputs use, at least one: 「添加一行」 copies the last.
        let _ = rows;
        for row in 0..used.max(1) {
            let _ = write!(
                h,
                "<div class=\"calc-row\" role=\"group\" aria-label=\"{} 第{}行\">",
                escape(field.label),
                row + 1
            );
            for sub in fields {
                // An unnamed sub-field makes a list of plain values: `interruptions.0`.
                let sub_name = if sub.name.is_empty() {
                    format!("{name}.{row}")
                } else {
                    format!("{name}.{row}.{}", sub.name)
                };
                field_html(h, block_id, kind, sub, &sub_name, prefill);
            }
            h.push_str("<button type=\"button\" class=\"calc-remove\">删去这一行</button></div>");
        }
        h.push_str("<button type=\"button\" class=\"calc-add\">添加一行</button>");
        // Errors about the list as a whole (instalments that do not add up, no row).
        let _ = write!(
            h,
            "<p class=\"calc-error\" id=\"{err}\" role=\"alert\" hidden></p></fieldset>"
        );
        return;
    }
    match shown_when(kind).iter().find(|(f, _, _)| *f == name) {
        Some((_, choice, value)) => {
            let _ = write!(
                h,
                "<div class=\"calc-field\" data-when=\"{choice}={value}\">"
            );
        }
        None => h.push_str("<div class=\"calc-field\">"),
    }
    // What 「用我的情况计算」 starts the field with (none: empty), or that it keeps it.
    let default_attr = if page_subject(kind).contains(&name) {
        " data-keep".to_string()
    } else if field.default.is_empty() {
        String::new()
    } else {
        format!(" data-default=\"{}\"", escape(field.default))
    };
    match field.input {
        InputKind::Bool => {
            let checked = if value == "true" { " checked" } else { "" };
            let _ = write!(
                h,
                "<input type=\"checkbox\" id=\"{id}\" name=\"{n}\" value=\"true\"{checked}{default_attr} aria-describedby=\"{described}\"> <label for=\"{id}\">{l}</label>",
                n = escape(name),
                l = escape(field.label)
            );
        }
        _ => {
            let _ = write!(h, "<label for=\"{id}\">{}</label>", escape(field.label));
            match field.input {
                InputKind::Choice(choices) => {
                    let _ = write!(
                        h,
                        "<select id=\"{id}\" name=\"{}\"{default_attr} aria-describedby=\"{described}\">",
                        escape(name)
                    );
                    for (code, label) in choices {
                        let sel = if *code == value { " selected" } else { "" };
                        let _ = write!(
                            h,
                            "<option value=\"{code}\"{sel}>{}</option>",
                            escape(label)
                        );
                    }
                    h.push_str("</select>");
                }
                InputKind::Rate => {
                    let unit_name = format!("{name}.unit");
                    let unit = RATE_UNITS
                        .iter()
                        .map(|(u, _)| *u)
                        .find(|u| prefill.contains_key(format!("{name}.{u}").as_str()))
                        .unwrap_or("annual_pct");
                    let number = prefill
                        .get(format!("{name}.{unit}").as_str())
                        .copied()
                        .unwrap_or("");
                    let _ = write!(
                        h,
                        "<span class=\"calc-rate\"><input id=\"{id}\" name=\"{n}\" inputmode=\"decimal\" autocomplete=\"off\" value=\"{v}\" aria-describedby=\"{described}\">\
                         <select name=\"{u}\" aria-label=\"{l}的单位\">",
                        n = escape(name),
                        v = escape(number),
                        u = escape(&unit_name),
                        l = escape(field.label)
                    );
                    for (code, label) in RATE_UNITS {
                        let sel = if *code == unit { " selected" } else { "" };
                        let _ = write!(h, "<option value=\"{code}\"{sel}>{label}</option>");
                    }
                    h.push_str("</select></span>");
                }
                _ => {
                    let (ty, mode) = match field.input {
                        InputKind::Date => ("date", ""),
                        InputKind::Integer { .. } => ("text", " inputmode=\"numeric\""),
                        _ => ("text", " inputmode=\"decimal\""),
                    };
                    let _ = write!(
                        h,
                        "<input type=\"{ty}\"{mode} id=\"{id}\" name=\"{n}\" value=\"{v}\" autocomplete=\"off\"{default_attr} aria-describedby=\"{described}\">",
                        n = escape(name),
                        v = escape(value)
                    );
                }
            }
        }
    }
    if !field.help.is_empty() {
        let _ = write!(
            h,
            "<p class=\"calc-help\" id=\"{help_id}\">{}</p>",
            escape(field.help)
        );
    }
    let _ = write!(
        h,
        "<p class=\"calc-error\" id=\"{err}\" role=\"alert\" hidden></p></div>"
    );
}

/// Flattens a map into dotted names and texts: `rate.annual_pct = 24`,
/// `transactions.0.amount = 1000`. Nulls are left out.
pub fn flatten(value: &Value) -> Vec<(String, String)> {
    fn walk(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
        let join = |k: &str| {
            if prefix.is_empty() {
                k.to_string()
            } else {
                format!("{prefix}.{k}")
            }
        };
        match v {
            Value::Null => {}
            Value::Bool(b) => out.push((prefix.to_string(), b.to_string())),
            Value::Number(s) | Value::String(s) => out.push((prefix.to_string(), s.clone())),
            Value::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(&join(&i.to_string()), item, out);
                }
            }
            Value::Map(entries) => {
                for (k, item) in entries {
                    walk(&join(k), item, out);
                }
            }
        }
    }
    let mut out = Vec::new();
    walk("", value, &mut out);
    out
}

/// How each kind's form is read back: its fields' names and [`Reading`]s, without the
/// labels and help texts (see [`FormReading`]).
fn form_reading(kind: Kind) -> &'static [(&'static str, Reading)] {
    static READINGS: [FormReading; Kind::ALL.len()] = {
        let mut all = [FormReading::of(&[]); Kind::ALL.len()];
        let mut i = 0;
        while i < all.len() {
            all[i] = FormReading::of(Kind::ALL[i].form());
            i += 1;
        }
        all
    };
    let i = Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    READINGS[i].fields()
}

/// The input tree of a kind from its form's fields (name, text) — the inverse of the form:
/// empty fields are left out (so defaults apply), a rate `rate` with `rate.unit` becomes
/// `{"<unit>": value}`, `list.N.field` becomes list items (empty rows dropped), `list.N`
/// a plain item of a list of values (`interruptions: ["2023-03-15"]`), and a checkbox is
/// `true` when present and `false` when absent (a form leaves an unticked box out, and a
/// box whose default is ticked must still be able to say no). Unknown names are kept, so
/// the core reports them.
pub fn value_from_form(kind: Kind, fields: &[(String, String)]) -> Value {
    let spec = form_reading(kind);
    let mut root: Vec<(String, Value)> = vec![("kind".into(), Value::str(kind.code()))];
    // Each list by name, with its rows of (field, value).
    type Rows = Vec<Vec<(String, Value)>>;
    let mut lists: Vec<(String, Rows)> = Vec::new();
    for (name, text) in fields {
        let text = text.trim();
        if text.is_empty() || name.ends_with(".unit") {
            continue;
        }
        let field = spec.iter().find(|(f, _)| *f == name.as_str());
        match field.map(|(_, reading)| reading) {
            Some(Reading::Rate) => {
                let unit = fields
                    .iter()
                    .find(|(k, _)| *k == format!("{name}.unit"))
                    .map_or("annual_pct", |(_, u)| u.as_str());
                root.push((
                    name.clone(),
                    Value::map([(unit.to_string(), Value::str(text))]),
                ));
            }
            Some(Reading::Bool) => {
                root.push((name.clone(), Value::Bool(text == "true" || text == "on")))
            }
            Some(_) => root.push((name.clone(), Value::str(text))),
            None => {
                let parts: Vec<&str> = name.splitn(3, '.').collect();
                let (list, row, sub) = match parts.as_slice() {
                    [list, row, sub] => (*list, *row, *sub),
                    // A plain value: its sub-field has no name.
                    [list, row] => (*list, *row, ""),
                    _ => ("", "", ""),
                };
                match row.parse::<usize>() {
                    // (A row number past any form's rows is kept as an unknown field,
                    // never allocated.)
                    Ok(row) if !list.is_empty() && row < MAX_FORM_ROWS => {
                        let index = match lists.iter().position(|(l, _)| l == list) {
                            Some(i) => i,
                            None => {
                                lists.push((list.to_string(), Vec::new()));
                                lists.len() - 1
                            }
                        };
                        let rows = &mut lists[index].1;
                        if rows.len() <= row {
                            rows.resize(row + 1, Vec::new());
                        }
                        rows[row].push((sub.to_string(), Value::str(text)));
                    }
                    _ => root.push((name.clone(), Value::str(text))),
                }
            }
        }
    }
    for (field, reading) in spec {
        if *reading == Reading::Bool && !root.iter().any(|(n, _)| n == field) {
            root.push((field.to_string(), Value::Bool(false)));
        }
    }
    for (name, rows) in lists {
        let items = rows
            .into_iter()
            .filter(|r| !r.is_empty())
            .map(|mut r| match r.as_slice() {
                [(sub, _)] if sub.is_empty() => r.remove(0).1,
                _ => Value::Map(r),
            })
            .collect();
        root.push((name, Value::List(items)));
    }
    Value::Map(root)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Figure, Note, Table};

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    /// The plain definition the block-wise escaper must match.
    fn escape_plain(text: &str) -> String {
        text.chars()
            .map(|c| match c {
                '&' => "&amp;".to_string(),
                '<' => "&lt;".to_string(),
                '>' => "&gt;".to_string(),
                '"' => "&quot;".to_string(),
                '\'' => "&#39;".to_string(),
                '\t' | '\n' | '\r' => c.to_string(),
                c if (c as u32) < 0x20 || c == '\u{7f}' => String::new(),
                c => c.to_string(),
            })
            .collect()
    }

    #[test]
    fn escape_matches_the_plain_definition_at_every_position() {
        // Every special character at every offset around a block's edges, among
        // multi-byte characters and in runs longer than a block.
        let pieces = [
            "&", "<", ">", "\"", "'", "\u{0}", "\u{1b}", "\u{7f}", "\t", "\n", "\r", "逾期", "a",
            "\u{85}", "·",
        ];
        for (k, special) in pieces.iter().enumerate() {
            for before in 0..40 {
                for after in [0, 1, 15, 16, 17, 33] {
                    let text = format!(
                        "{}{special}{}{}",
                        "x".repeat(before),
                        "期".repeat(after / 3),
                        pieces[(k + after) % pieces.len()].repeat(after % 4)
                    );
                    assert_eq!(escape(&text), escape_plain(&text), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn the_word_test_is_exact() {
        for b in 0u8..=255 {
            for at in 0..8 {
                let mut word = [b'a'; 8];
                word[at] = b;
                let expected = b < 0x20 || b"&<>\"'\x7f".contains(&b);
                let w = u64::from_le_bytes(word);
                assert_eq!(word_has(w, 0x20, b"&<>\"'\x7f"), expected, "{b:#x} at {at}");
                // Among bytes of multi-byte characters, the bound at its limit (n = 128).
                let mut high = [0xe9; 8];
                high[at] = b;
                let expected = b < 0x80 || b == 0xc2;
                let got = word_has(u64::from_le_bytes(high), 0x80, b"\xc2");
                assert_eq!(got, expected, "{b:#x} at {at}");
            }
        }
    }

    #[test]
    fn error_paths_map_to_form_names() {
        assert_eq!(form_name("transactions[1].amount"), "transactions.1.amount");
        assert_eq!(form_name("rate.annual_pct"), "rate");
        assert_eq!(form_name("principal"), "principal");
        assert_eq!(
            error_id("calc-1", "transactions.1.amount"),
            "calc-1-transactions-1-amount-error"
        );
    }

    #[test]
    fn report_markup_has_every_part() {
        let r = Report {
            title: "t".into(),
            headline: None,
            figures: vec![Figure::new("逾期利息", "1.00 元", "民法典第676条")],
            table: Some(Table {
                caption: "分段".into(),
                columns: vec!["起".into()],
                rows: vec![vec!["<x>".into()]],
            }),
            notes: vec![Note::new("说明", "依据")],
            warnings: vec!["注意".into()],
        }
        .with_headline("逾期利息", "一句<话>。");
        let h = report_html(&r);
        // The headline first: its figure, the sentence, the basis; then the detail.
        assert!(h.starts_with(
            "<div class=\"calc-report\"><div class=\"calc-headline\"><p class=\"calc-lead\">\
             <span class=\"calc-lead-label\">逾期利息</span><strong class=\"calc-lead-value\">1.00 元</strong></p>\
             <p class=\"calc-sentence\">一句&lt;话&gt;。</p><p class=\"calc-basis\">依据：民法典第676条</p></div>"
        ), "{h}");
        for part in [
            "calc-figures",
            "依据：民法典第676条",
            "<caption>分段</caption>",
            "&lt;x&gt;",
            "<cite>依据</cite>",
            "⚠ 注意",
        ] {
            assert!(h.contains(part), "{part} missing in {h}");
        }
    }

    /// Issue 22: no field path reaches a reader; a row is named in Chinese.
    #[test]
    fn messages_leave_out_field_paths() {
        assert_eq!(
            plain_message("“借款本金”（principal）“2万x”不是金额"),
            "“借款本金”“2万x”不是金额"
        );
        assert_eq!(
            plain_message("“期数”（schedule[0].count）应在 1 到 360 之间"),
            "“期数”（第1行）应在 1 到 360 之间"
        );
        assert_eq!(
            plain_message("“每期还款”第2项（payments[1]）应大于 0"),
            "“每期还款”第2项应大于 0"
        );
        // Chinese or capitals in brackets are text, not paths.
        assert_eq!(plain_message("按（LPR）计（元）"), "按（LPR）计（元）");
        assert_eq!(plain_message("未闭合（abc"), "未闭合（abc");
        // Every error of a real request, through the form.
        let bad = value_from_form(
            Kind::Apr,
            &[
                ("received".into(), "9500".into()),
                ("schedule.0.count".into(), "十二".into()),
                ("schedule.0.amount".into(), "1000".into()),
            ],
        );
        let e = crate::compute(&bad, crate::Data::builtin()).unwrap_err();
        let plain = plain_message(&e.message);
        assert!(!plain.contains("schedule"), "{plain}");
        assert!(plain.contains("请填整数"), "{plain}");
    }

    #[test]
    fn a_list_has_an_error_slot_of_its_own() {
        // An error about a whole list (instalments that do not add up) shows beside it.
        let h = form_html(Kind::Judgment, &Value::Map(Vec::new()), "calc-1");
        let slot = format!("id=\"{}\"", error_id("calc-1", "instalments"));
        assert!(h.contains(&slot), "{h}");
        // One row each (the example has none), removable, and 「添加一行」 under each list.
        assert!(h.contains("name=\"payments.0.amount\""), "{h}");
        assert!(!h.contains("name=\"payments.1.amount\""), "{h}");
        assert!(h.contains("name=\"suspended.0.to\""), "{h}");
        assert_eq!(h.matches("class=\"calc-add\"").count(), 3);
        assert_eq!(h.matches("class=\"calc-remove\"").count(), 3);
        // The short form first; instalments and suspensions under 更多选项.
        let (short, more) = h.split_once("<details class=\"calc-more\">").unwrap();
        assert!(short.contains("name=\"payments.0.date\"") && short.contains("name=\"until\""));
        assert!(
            more.contains("name=\"instalments.0.deadline\"")
                && more.contains("name=\"suspended.0.from\"")
        );
        // Beside the debt: what the base holds, and that courts differ.
        let debt = h.split("id=\"calc-1-debt-help\">").nth(1).unwrap_or("");
        assert!(debt.contains("一般债务利息") && debt.contains("各地法院做法不一"));
    }

    /// Issue 22: each kind's short form has at most eight controls before its headline
    /// (a list counts with its one row), and names only fields of the kind's form.
    /// What 「用我的情况计算」 keeps is a choice in sight: in the short form, marked.
    #[test]
    fn a_page_keeps_only_choices_in_its_short_form() {
        for kind in Kind::ALL {
            for name in page_subject(kind) {
                assert!(short_fields(kind).contains(name), "{name}");
                let spec = kind.form().iter().find(|f| f.name == *name).unwrap();
                assert!(
                    matches!(spec.input, InputKind::Bool | InputKind::Choice(_)),
                    "{name}"
                );
                let h = form_html(kind, &Value::Map(vec![]), "b");
                assert!(
                    h.contains(&format!("name=\"{name}\"")) && h.contains(" data-keep"),
                    "{name}"
                );
            }
        }
    }

    #[test]
    fn short_forms_are_short() {
        for kind in Kind::ALL {
            let form = kind.form();
            let mut controls = 0;
            for name in short_fields(kind) {
                let field = form.iter().find(|f| f.name == *name);
                let field = field.unwrap_or_else(|| panic!("{kind:?}: no field {name}"));
                controls += match field.input {
                    InputKind::Rate => 2,
                    InputKind::List { fields, .. } => fields.len(),
                    _ => 1,
                };
            }
            assert!(
                controls <= 8,
                "{kind:?}: {controls} controls before the headline"
            );
            for (field, choice, _) in shown_when(kind) {
                assert!(form.iter().any(|f| f.name == *field), "{kind:?}: {field}");
                assert!(form.iter().any(|f| f.name == *choice), "{kind:?}: {choice}");
            }
        }
        let h = form_html(Kind::Penalty, &Value::Map(Vec::new()), "calc-1");
        assert!(
            h.contains("data-when=\"regime=private\"><label for=\"calc-1-cap_mode\""),
            "{h}"
        );
    }

    #[test]
    fn each_form_is_read_by_its_own_fields() {
        for kind in Kind::ALL {
            let read: Vec<(&str, Reading)> = form_reading(kind).to_vec();
            let want: Vec<(&str, Reading)> = kind
                .form()
                .iter()
                .map(|f| {
                    let reading = match f.input {
                        InputKind::Rate => Reading::Rate,
                        InputKind::Bool => Reading::Bool,
                        _ => Reading::Text,
                    };
                    (f.name, reading)
                })
                .collect();
            assert_eq!(read, want, "{kind:?}");
        }
        assert!(form_reading(Kind::Penalty).contains(&("rate", Reading::Rate)));
        assert!(form_reading(Kind::Grace).contains(&("working_days", Reading::Bool)));
    }

    #[test]
    fn a_list_of_plain_values_round_trips() {
        let inputs = Value::map([
            ("due_date", Value::str("2022-06-30")),
            (
                "interruptions",
                Value::List(vec![Value::str("2023-03-15"), Value::str("2024-01-02")]),
            ),
            ("today", Value::str("2026-11-29")),
        ]);
        let form = form_html(Kind::Limitation, &inputs, "calc-1");
        assert!(
            form.contains("name=\"interruptions.0\" value=\"2023-03-15\""),
            "{form}"
        );
        assert!(form.contains("name=\"interruptions.1\" value=\"2024-01-02\""));
        // The example's rows only (「添加一行」 adds more); none named with a trailing dot.
        assert!(!form.contains("name=\"interruptions.2\""));
        assert!(!form.contains("interruptions.0."));
        let back = value_from_form(
            Kind::Limitation,
            &[
                ("due_date".into(), "2022-06-30".into()),
                ("interruptions.0".into(), "2023-03-15".into()),
                ("interruptions.1".into(), "".into()),
                ("interruptions.2".into(), "2024-01-02".into()),
                ("today".into(), "2026-11-29".into()),
            ],
        );
        let mut want = vec![("kind".to_string(), Value::str("limitation"))];
        if let Value::Map(m) = &inputs {
            want.extend(m.iter().filter(|(k, _)| k != "interruptions").cloned());
            want.push(("interruptions".into(), m[1].1.clone()));
        }
        assert_eq!(back, Value::Map(want));
        // A row number beyond any form stays an unknown field.
        let odd = value_from_form(
            Kind::Limitation,
            &[("interruptions.99999999".into(), "x".into())],
        );
        assert_eq!(odd.get("interruptions.99999999"), Some(&Value::str("x")));
    }

    #[test]
    fn an_apr_block_shows_its_payments_as_groups() {
        let inputs = Value::map([
            ("received", Value::str("12000")),
            ("payments", Value::List(vec![Value::str("1072"); 12])),
        ]);
        let h = block_html(
            Kind::Apr,
            &inputs,
            "calc-2",
            crate::Data::builtin(),
            chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap(),
        )
        .unwrap()
        .html;
        assert!(h.contains("name=\"schedule.0.count\" value=\"12\""), "{h}");
        assert!(h.contains("name=\"schedule.0.amount\" value=\"1072\""));
        assert!(!h.contains("name=\"payments"));
        assert!(h.contains("13.03%"));
        let pairs: Vec<(String, String)> = vec![
            ("received".into(), "12000".into()),
            ("schedule.0.count".into(), "12".into()),
            ("schedule.0.amount".into(), "1072".into()),
        ];
        let a =
            crate::compute(&value_from_form(Kind::Apr, &pairs), crate::Data::builtin()).unwrap();
        assert_eq!(a.to_value().get("apr_pct"), Some(&Value::str("13.03")));
    }

    #[test]
    fn flatten_and_back() {
        let v = Value::map([
            ("rate", Value::map([("monthly_pct", Value::str("2"))])),
            (
                "transactions",
                Value::List(vec![Value::map([("amount", Value::str("5"))])]),
            ),
            ("flag", Value::Bool(true)),
            ("gone", Value::Null),
        ]);
        assert_eq!(
            flatten(&v),
            vec![
                ("rate.monthly_pct".to_string(), "2".to_string()),
                ("transactions.0.amount".to_string(), "5".to_string()),
                ("flag".to_string(), "true".to_string()),
            ]
        );
        let back = value_from_form(
            Kind::Card,
            &[
                ("transactions.0.amount".into(), "5".into()),
                ("transactions.1.amount".into(), "".into()),
                ("transactions.2.amount".into(), "7".into()),
                ("due_date".into(), " ".into()),
            ],
        );
        assert_eq!(
            back,
            Value::map([
                ("kind", Value::str("card")),
                (
                    "transactions",
                    Value::List(vec![
                        Value::map([("amount", Value::str("5"))]),
                        Value::map([("amount", Value::str("7"))]),
                    ])
                ),
            ])
        );
    }

    #[test]
    fn an_unticked_box_is_false_and_an_empty_choice_is_left_out() {
        let pairs = |extend: &str| {
            vec![
                ("due_date".to_string(), "2026-09-30".to_string()),
                ("grace_days".into(), "3".into()),
                ("extend_holidays".into(), extend.to_string()),
                ("paid_on".into(), "2026-10-08".into()),
            ]
        };
        // 不清楚 (the empty choice): left out, so the default (not known) applies.
        let unknown = value_from_form(Kind::Grace, &pairs(""));
        assert_eq!(unknown.get("extend_holidays"), None);
        assert_eq!(unknown.get("working_days"), Some(&Value::Bool(false)));
        let Ok(crate::Answer::Grace(a)) = crate::compute(&unknown, crate::Data::builtin()) else {
            panic!("not a grace answer")
        };
        assert_eq!(a.status, Some(crate::grace::Status::Arguable));
        let on = value_from_form(Kind::Grace, &pairs("true"));
        assert_eq!(on.get("extend_holidays"), Some(&Value::str("true")));
        let Ok(crate::Answer::Grace(a)) = crate::compute(&on, crate::Data::builtin()) else {
            panic!("not a grace answer")
        };
        assert_eq!(a.status, Some(crate::grace::Status::WithinGrace));
    }
}
