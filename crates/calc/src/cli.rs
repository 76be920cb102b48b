//! The `calc` command line's JSON plumbing (feature `cli`): JSON text ⇄ [`Value`], and one
//! whole run — request text in, answer text and exit code out — so that the binary is a
//! few lines and the conversion can be tested without spawning it.
//!
//! serde_json is built with `arbitrary_precision`, so a JSON number keeps its text
//! (`0.1` stays `"0.1"`, never a float) and travels as [`Value::Number`].

use crate::value::{InputError, Value};
use chrono::{Duration, NaiveDate};
use std::time::{SystemTime, UNIX_EPOCH};

/// Exit code of a good answer.
pub const EXIT_OK: i32 = 0;
/// Exit code of bad input (the answer is then `{"error":{"field","message"}}`).
pub const EXIT_BAD_INPUT: i32 = 2;

/// A JSON value as an input tree; numbers keep their text.
pub fn from_json(json: &serde_json::Value) -> Value {
    match json {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Number(n.to_string()),
        serde_json::Value::String(s) => Value::String(s.clone()),
        serde_json::Value::Array(items) => Value::List(items.iter().map(from_json).collect()),
        serde_json::Value::Object(map) => {
            Value::Map(map.iter().map(|(k, v)| (k.clone(), from_json(v))).collect())
        }
    }
}

/// An answer tree as JSON. A [`Value::Number`] whose text is not a JSON number is written
/// as a string rather than lost.
pub fn to_json(value: &Value) -> serde_json::Value {
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(n) => match n.parse::<serde_json::Number>() {
            Ok(number) => serde_json::Value::Number(number),
            Err(_) => serde_json::Value::String(n.clone()),
        },
        Value::String(s) => serde_json::Value::String(s.clone()),
        Value::List(items) => serde_json::Value::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => serde_json::Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), to_json(v)))
                .collect(),
        ),
    }
}

/// Parses request text into an input tree; empty or invalid JSON is an error in Chinese.
pub fn parse_request(text: &str) -> Result<Value, InputError> {
    if text.trim().is_empty() {
        return Err(InputError::new(
            "",
            "没有读到请求：请在标准输入提供一个 JSON 对象，例如 {\"kind\":\"penalty\", …}",
        ));
    }
    serde_json::from_str::<serde_json::Value>(text)
        .map(|json| from_json(&json))
        .map_err(|e| {
            InputError::new(
                "",
                format!(
                    "请求不是有效的 JSON（第{}行第{}列附近有误），请检查引号、逗号和括号",
                    e.line(),
                    e.column()
                ),
            )
        })
}

/// The error answer: `{"error":{"field":"…","message":"…"}}`.
pub fn error_json(error: &InputError) -> serde_json::Value {
    serde_json::json!({"error": {"field": error.field, "message": error.message}})
}

/// Today's date in China (UTC+8) by the system clock: what "today" means for the
/// interface's fields that default to it.
pub fn today_in_china() -> NaiveDate {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("a real date");
    epoch + Duration::days((secs + 8 * 3600).div_euclid(86_400))
}

/// Fills the fields whose default is today when the request leaves them out: `until` of a
/// `judgment` (CALCULATOR.md §5). The core itself never reads a clock, so its answers
/// depend only on the request.
pub fn with_today(value: Value, today: NaiveDate) -> Value {
    let Value::Map(mut entries) = value else {
        return value;
    };
    let is_judgment = entries
        .iter()
        .any(|(k, v)| k == "kind" && v.as_text() == Some(crate::Kind::Judgment.code()));
    let until_missing = !entries.iter().any(|(k, v)| {
        k == "until"
            && !matches!(v, Value::Null)
            && v.as_text().is_none_or(|t| !t.trim().is_empty())
    });
    if is_judgment && until_missing {
        entries.retain(|(k, _)| k != "until");
        entries.push(("until".into(), Value::str(crate::date::format_date(today))));
    }
    Value::Map(entries)
}

/// One whole run with the default data ([`crate::Data::builtin`], `content/data/` as
/// compiled in): request text → (answer text, exit code), "today" by the system clock.
/// Never panics on any input.
pub fn run(input: &str) -> (String, i32) {
    run_on(input, today_in_china())
}

/// One whole run with "today" given (what tests use, so that they do not depend on the
/// day they run).
pub fn run_on(input: &str, today: NaiveDate) -> (String, i32) {
    let result = parse_request(input)
        .and_then(|v| crate::compute(&with_today(v, today), crate::Data::builtin()));
    let (json, code) = match result {
        Ok(answer) => (to_json(&answer.to_value()), EXIT_OK),
        Err(e) => (error_json(&e), EXIT_BAD_INPUT),
    };
    let text = serde_json::to_string_pretty(&json).unwrap_or_else(|_| {
        // Serialising a tree of strings, numbers and maps cannot fail; keep a plain
        // answer rather than panic all the same.
        "{\"error\":{\"field\":\"\",\"message\":\"内部错误：无法输出结果\"}}".to_string()
    });
    (text, code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_text() {
        // serde_json writes an exponent with its sign (`1e+400`); the digits are kept.
        let v =
            parse_request(r#"{"a": 0.1, "b": 100000.10, "c": 1e400, "d": [true, null]}"#).unwrap();
        assert_eq!(v.get("a"), Some(&Value::Number("0.1".into())));
        assert_eq!(v.get("b"), Some(&Value::Number("100000.10".into())));
        assert_eq!(v.get("c"), Some(&Value::Number("1e+400".into())));
        assert_eq!(
            v.get("d"),
            Some(&Value::List(vec![Value::Bool(true), Value::Null]))
        );
        assert_eq!(
            to_json(&v).to_string(),
            r#"{"a":0.1,"b":100000.10,"c":1e+400,"d":[true,null]}"#
        );
    }

    #[test]
    fn bad_text_is_an_error() {
        assert!(parse_request("").is_err());
        assert!(parse_request("  \n")
            .unwrap_err()
            .message
            .contains("没有读到"));
        assert!(parse_request("{").unwrap_err().message.contains("JSON"));
        assert_eq!(run("[1]").1, EXIT_BAD_INPUT);
        assert_eq!(run("\"x\"").1, EXIT_BAD_INPUT);
        let (text, code) = run("{\"kind\":\"nope\"}");
        assert_eq!(code, EXIT_BAD_INPUT);
        assert!(text.contains("\"field\": \"kind\""), "{text}");
    }

    #[test]
    fn judgment_until_defaults_to_the_given_today() {
        let today = NaiveDate::from_ymd_opt(2024, 8, 31).unwrap();
        let request = r#"{"kind":"judgment","debt":"50000","deadline":"2024-03-20",
            "payments":[{"date":"2024-05-10","amount":"20000"}]}"#;
        let (text, code) = run_on(request, today);
        assert_eq!(code, EXIT_OK, "{text}");
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["until"], "2024-08-31");
        assert_eq!(json["doubled_interest"], "1039.50");
        // Null or blank is absent; a given `until` wins.
        let blank = request.replace("]}", r#"], "until": " "}"#);
        assert_eq!(run_on(&blank, today).0, text);
        let given = request.replace("]}", r#"], "until": "2024-05-10"}"#);
        let json: serde_json::Value = serde_json::from_str(&run_on(&given, today).0).unwrap();
        assert_eq!(json["doubled_interest"], "446.25");
        // Other kinds get nothing.
        let v = with_today(Value::map([("kind", Value::str("penalty"))]), today);
        assert_eq!(v, Value::map([("kind", Value::str("penalty"))]));
    }

    #[test]
    fn a_number_that_is_not_json_is_a_string() {
        assert_eq!(
            to_json(&Value::Number("abc".into())),
            serde_json::Value::String("abc".into())
        );
    }
}
