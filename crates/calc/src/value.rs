//! The input tree every front end hands to the core, and the reader that checks it.
//!
//! JSON (the `calc` binary), TOML (calculator blocks in articles) and form fields (the
//! browser module) are all turned into a [`Value`]; [`Fields`] reads a map of it field by
//! field, so that every error names the field by its path and says in Chinese what to fix,
//! and so that a field nobody read (a typo) is an error rather than silently ignored.

use crate::date::{format_date, parse_date};
use crate::num::{Dec, Money};
use chrono::NaiveDate;
use std::fmt;

/// A JSON-like tree. Numbers keep their text, so `"0.1"` is never a float.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    List(Vec<Value>),
    Map(Vec<(String, Value)>),
}

impl Value {
    pub fn str(s: impl Into<String>) -> Value {
        Value::String(s.into())
    }

    /// An amount as the interface writes it: `"12868.49"`.
    pub fn money(m: Money) -> Value {
        Value::String(m.to_string())
    }

    /// A date as the interface writes it: `"2026-03-10"`.
    pub fn date(d: NaiveDate) -> Value {
        Value::String(format_date(d))
    }

    /// A map from pairs, in order.
    pub fn map<K: Into<String>>(pairs: impl IntoIterator<Item = (K, Value)>) -> Value {
        Value::Map(pairs.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// The entry `key` of a map.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string or a number.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::String(s) | Value::Number(s) => Some(s),
            _ => None,
        }
    }

    fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "空值",
            Value::Bool(_) => "布尔值",
            Value::Number(_) => "数字",
            Value::String(_) => "文字",
            Value::List(_) => "列表",
            Value::Map(_) => "对象",
        }
    }
}

/// Codes for a message: `a、b、c` (one plain loop: `join` on `&str` would add a
/// kilobyte to the browser module for two error messages).
pub fn list_codes(codes: &[&str]) -> String {
    let mut out = String::new();
    for code in codes {
        if !out.is_empty() {
            out.push('、');
        }
        out.push_str(code);
    }
    out
}

/// Bad input: which field (its path, as in `transactions[1].amount`) and what to fix, in
/// Chinese, as readers and authors see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub field: String,
    pub message: String,
}

impl InputError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> InputError {
        InputError {
            field: field.into(),
            message: message.into(),
        }
    }

    /// An error about the field at `path` in the house style: `“label”（path）what`.
    pub fn at(path: String, label: &str, what: impl fmt::Display) -> InputError {
        let message = format!("“{label}”（{path}）{what}");
        InputError::new(path, message)
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for InputError {}

/// Reads the fields of one map, checking each; [`Fields::finish`] rejects the fields that
/// were never read.
pub struct Fields<'a> {
    prefix: String,
    entries: &'a [(String, Value)],
    read: Vec<bool>,
}

impl<'a> Fields<'a> {
    /// The top-level map of a request.
    pub fn root(value: &'a Value) -> Result<Fields<'a>, InputError> {
        Fields::of(value, String::new(), "请求")
    }

    fn of(value: &'a Value, prefix: String, label: &str) -> Result<Fields<'a>, InputError> {
        match value {
            Value::Map(entries) => Ok(Fields {
                prefix,
                read: vec![false; entries.len()],
                entries,
            }),
            other => Err(InputError::new(
                prefix.trim_end_matches('.'),
                format!("{label}应为一个对象（键值表），而不是{}", other.type_name()),
            )),
        }
    }

    /// The full path of a field of this map.
    pub fn path(&self, name: &str) -> String {
        format!("{}{}", self.prefix, name)
    }

    /// An error about the field `name`, with its Chinese label and its path.
    pub fn error(&self, name: &str, label: &str, what: impl fmt::Display) -> InputError {
        InputError::at(self.path(name), label, what)
    }

    /// The field's value, absent when missing or null.
    pub fn raw(&mut self, name: &str) -> Option<&'a Value> {
        let index = self.entries.iter().position(|(k, _)| k == name)?;
        self.read[index] = true;
        match &self.entries[index].1 {
            Value::Null => None,
            v => Some(v),
        }
    }

    fn required<T>(&self, name: &str, label: &str, value: Option<T>) -> Result<T, InputError> {
        value.ok_or_else(|| self.error(name, label, "必须填写"))
    }

    fn text(&mut self, name: &str, label: &str) -> Result<Option<&'a str>, InputError> {
        match self.raw(name) {
            None => Ok(None),
            Some(v) => match v.as_text() {
                Some(t) if t.trim().is_empty() => Ok(None),
                Some(t) => Ok(Some(t.trim())),
                None => Err(self.error(
                    name,
                    label,
                    format!("应为文字或数字，而不是{}", v.type_name()),
                )),
            },
        }
    }

    pub fn opt_string(&mut self, name: &str, label: &str) -> Result<Option<String>, InputError> {
        Ok(self.text(name, label)?.map(str::to_owned))
    }

    pub fn string(&mut self, name: &str, label: &str) -> Result<String, InputError> {
        let v = self.opt_string(name, label)?;
        self.required(name, label, v)
    }

    /// One of `codes`, the codes of the form's
    /// [`InputKind::Choice`](crate::InputKind::Choice) (taken from its table with
    /// [`choice_codes`](crate::report::choice_codes), without the labels); absent gives
    /// `None`.
    pub fn opt_choice(
        &mut self,
        name: &str,
        label: &str,
        codes: &[&'static str],
    ) -> Result<Option<&'static str>, InputError> {
        match self.text(name, label)? {
            None => Ok(None),
            Some(t) => codes
                .iter()
                .copied()
                .find(|c| *c == t)
                .map(Some)
                .ok_or_else(|| {
                    self.error(
                        name,
                        label,
                        format!("“{t}”无效，应为 {} 之一", list_codes(codes)),
                    )
                }),
        }
    }

    pub fn opt_money(&mut self, name: &str, label: &str) -> Result<Option<Money>, InputError> {
        match self.text(name, label)? {
            None => Ok(None),
            Some(t) => Money::parse(t)
                .map(Some)
                .map_err(|why| self.error(name, label, why)),
        }
    }

    pub fn money(&mut self, name: &str, label: &str) -> Result<Money, InputError> {
        let v = self.opt_money(name, label)?;
        self.required(name, label, v)
    }

    pub fn opt_dec(&mut self, name: &str, label: &str) -> Result<Option<Dec>, InputError> {
        match self.text(name, label)? {
            None => Ok(None),
            Some(t) => Dec::parse(t)
                .map(Some)
                .map_err(|why| self.error(name, label, why)),
        }
    }

    pub fn dec(&mut self, name: &str, label: &str) -> Result<Dec, InputError> {
        let v = self.opt_dec(name, label)?;
        self.required(name, label, v)
    }

    pub fn opt_date(&mut self, name: &str, label: &str) -> Result<Option<NaiveDate>, InputError> {
        match self.text(name, label)? {
            None => Ok(None),
            Some(t) => parse_date(t)
                .map(Some)
                .map_err(|why| self.error(name, label, why)),
        }
    }

    pub fn date(&mut self, name: &str, label: &str) -> Result<NaiveDate, InputError> {
        let v = self.opt_date(name, label)?;
        self.required(name, label, v)
    }

    /// A whole number in `min..=max`.
    pub fn opt_int(
        &mut self,
        name: &str,
        label: &str,
        min: i64,
        max: i64,
    ) -> Result<Option<i64>, InputError> {
        match self.text(name, label)? {
            None => Ok(None),
            Some(t) => match crate::num::parse_count(t) {
                Some(n) if (min..=max).contains(&n) => Ok(Some(n)),
                Some(_) => Err(self.error(name, label, format!("应在 {min} 到 {max} 之间"))),
                None => Err(self.error(
                    name,
                    label,
                    format!("“{t}”不是整数：请填整数，例如 {}", min.max(12).min(max)),
                )),
            },
        }
    }

    pub fn opt_bool(&mut self, name: &str, label: &str) -> Result<Option<bool>, InputError> {
        match self.raw(name) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(Value::String(s)) if s == "true" => Ok(Some(true)),
            Some(Value::String(s)) if s == "false" => Ok(Some(false)),
            Some(Value::String(s)) if s.is_empty() => Ok(None),
            Some(v) => Err(self.error(
                name,
                label,
                format!("应为 true 或 false，而不是{}", v.type_name()),
            )),
        }
    }

    /// A nested map, such as `rate`.
    pub fn opt_object(
        &mut self,
        name: &str,
        label: &str,
    ) -> Result<Option<Fields<'a>>, InputError> {
        let prefix = format!("{}.", self.path(name));
        match self.raw(name) {
            None => Ok(None),
            Some(v) => {
                Fields::of(v, prefix, &format!("“{label}”（{}）", self.path(name))).map(Some)
            }
        }
    }

    /// A list of maps, such as `transactions`; absent is an empty list.
    pub fn list(&mut self, name: &str, label: &str) -> Result<Vec<Fields<'a>>, InputError> {
        let path = self.path(name);
        match self.raw(name) {
            None => Ok(Vec::new()),
            Some(Value::List(items)) => items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let item_path = format!("{path}[{i}]");
                    Fields::of(
                        item,
                        format!("{item_path}."),
                        &format!("“{label}”第{}项（{item_path}）", i + 1),
                    )
                })
                .collect(),
            Some(v) => Err(self.error(name, label, format!("应为列表，而不是{}", v.type_name()))),
        }
    }

    /// A list of plain texts (`interruptions: ["2023-03-15"]`, `payments: ["1072"]`),
    /// each parsed by `parse`; absent is an empty list. An error names the item by its
    /// path (`interruptions[1]`) and its place in Chinese (第2项).
    fn scalar_list<T>(
        &mut self,
        name: &str,
        label: &str,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Result<Vec<T>, InputError> {
        let path = self.path(name);
        let items = match self.raw(name) {
            None => return Ok(Vec::new()),
            Some(Value::List(items)) => items,
            Some(v) => {
                return Err(self.error(name, label, format!("应为列表，而不是{}", v.type_name())))
            }
        };
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let item_path = format!("{path}[{i}]");
                let fail = |what: String| {
                    InputError::new(
                        item_path.clone(),
                        format!("“{label}”第{}项（{item_path}）{what}", i + 1),
                    )
                };
                match item.as_text().map(str::trim) {
                    Some("") => Err(fail("是空的，请填写或删去这一项".into())),
                    Some(t) => parse(t).map_err(fail),
                    None => Err(fail(format!("应为文字或数字，而不是{}", item.type_name()))),
                }
            })
            .collect()
    }

    /// A list of dates; absent is an empty list.
    pub fn date_list(&mut self, name: &str, label: &str) -> Result<Vec<NaiveDate>, InputError> {
        self.scalar_list(name, label, parse_date)
    }

    /// A list of amounts; absent is an empty list.
    pub fn money_list(&mut self, name: &str, label: &str) -> Result<Vec<Money>, InputError> {
        self.scalar_list(name, label, Money::parse)
    }

    /// Rejects every field that was not read: a misspelt field is an error, not ignored.
    pub fn finish(self) -> Result<(), InputError> {
        match self
            .entries
            .iter()
            .zip(&self.read)
            .find(|(_, read)| !**read)
        {
            None => Ok(()),
            Some(((name, _), _)) => {
                let path = self.path(name);
                Err(InputError::new(
                    path.clone(),
                    format!("未知字段“{path}”：请检查拼写，或删去这个字段"),
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(pairs: &[(&str, Value)]) -> Value {
        Value::map(pairs.iter().cloned())
    }

    #[test]
    fn unknown_field_is_named() {
        let v = request(&[("principle", Value::str("1"))]);
        let f = Fields::root(&v).unwrap();
        let e = f.finish().unwrap_err();
        assert_eq!(e.field, "principle");
        assert!(e.message.contains("未知字段"), "{}", e.message);
    }

    #[test]
    fn nested_paths_name_the_item() {
        let v = request(&[(
            "transactions",
            Value::List(vec![request(&[("amount", Value::str("-5"))])]),
        )]);
        let mut f = Fields::root(&v).unwrap();
        let mut items = f.list("transactions", "交易").unwrap();
        let e = items[0].money("amount", "金额").unwrap_err();
        assert_eq!(e.field, "transactions[0].amount");
        assert!(e.message.contains("金额"), "{}", e.message);
    }

    #[test]
    fn null_and_blank_are_absent() {
        let v = request(&[("a", Value::Null), ("b", Value::str("  "))]);
        let mut f = Fields::root(&v).unwrap();
        assert_eq!(f.opt_money("a", "甲").unwrap(), None);
        assert_eq!(f.opt_money("b", "乙").unwrap(), None);
        assert!(f.money("a", "甲").unwrap_err().message.contains("必须填写"));
        f.finish().unwrap();
    }

    #[test]
    fn scalar_lists_name_the_item() {
        let v = request(&[
            (
                "interruptions",
                Value::List(vec![Value::str("2023-03-15"), Value::str("2023-02-30")]),
            ),
            ("payments", Value::List(vec![Value::str(" ")])),
            ("none", Value::str("1")),
        ]);
        let mut f = Fields::root(&v).unwrap();
        let e = f.date_list("interruptions", "中断日期").unwrap_err();
        assert_eq!(e.field, "interruptions[1]");
        assert!(
            e.message.contains("第2项") && e.message.contains("没有30日"),
            "{}",
            e.message
        );
        let e = f.money_list("payments", "每期还款").unwrap_err();
        assert_eq!(e.field, "payments[0]");
        assert!(e.message.contains("空"), "{}", e.message);
        assert!(f
            .date_list("none", "x")
            .unwrap_err()
            .message
            .contains("列表"));
        assert_eq!(f.date_list("absent", "x").unwrap(), vec![]);
        let ok = request(&[(
            "payments",
            Value::List(vec![Value::str("1,072"), Value::Number("5.5".into())]),
        )]);
        let mut f = Fields::root(&ok).unwrap();
        assert_eq!(
            f.money_list("payments", "每期还款").unwrap(),
            vec![Money::from_fen(107200), Money::from_fen(550)]
        );
    }

    #[test]
    fn non_map_root_is_an_error() {
        assert!(Fields::root(&Value::List(vec![])).is_err());
    }
}
