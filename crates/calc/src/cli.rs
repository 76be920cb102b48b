//! The `calc` command line's JSON plumbing (feature `cli`): JSON text ⇄ [`Value`], and one
//! whole run — request text in, answer text and exit code out — so that the binary is a
//! few lines and the conversion can be tested without spawning it.
//!
//! serde_json is built with `arbitrary_precision`, so a JSON number keeps its text
//! (`0.1` stays `"0.1"`, never a float) and travels as [`Value::Number`].

use crate::value::{InputError, Value};

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

/// One whole run: request text → (answer text, exit code). Never panics on any input.
pub fn run(input: &str) -> (String, i32) {
    let result = parse_request(input).and_then(|v| crate::compute(&v));
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
    fn a_number_that_is_not_json_is_a_string() {
        assert_eq!(
            to_json(&Value::Number("abc".into())),
            serde_json::Value::String("abc".into())
        );
    }
}
