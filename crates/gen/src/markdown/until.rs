//! Passages valid only until a date: a blockquote whose first line is the marker
//! `[!until YYYY-MM-DD]`.
//!
//! ```markdown
//! > [!until 2026-03-31]
//! > 2026年3月31日前还清的，可以自动享受一次性信用修复……
//! ```
//!
//! The passage is shown with a note naming the date; once the build's "today" is past it,
//! with a visible note that the date has passed (and the check stage warns, see
//! `check::freshness`). Legal help rots: an offer with a deadline must not outlive it
//! silently.

use chrono::NaiveDate;
use comrak::nodes::{Ast, AstNode, LineColumn, NodeValue};
use comrak::Arena;

/// The date of a blockquote whose first line is `[!until YYYY-MM-DD]`, with the marker
/// removed from the quote; `Some(Err(text))` when the marker's date is not a date.
pub fn marker<'a>(quote: &'a AstNode<'a>) -> Option<Result<NaiveDate, String>> {
    let para = quote.first_child()?;
    if !matches!(para.data().value, NodeValue::Paragraph) {
        return None;
    }
    // The marker may be split over several text nodes (`[` starts a possible link).
    let mut text = String::new();
    let mut used = Vec::new();
    for child in para.children() {
        let NodeValue::Text(t) = &child.data().value else {
            break;
        };
        text.push_str(t);
        used.push(child);
        if text.contains(']') {
            break;
        }
    }
    // `[!until …]` or `[!UNTIL …]`, as GitHub writes its `[!NOTE]`.
    let marker = text.trim_start();
    if !marker
        .get(..7)
        .is_some_and(|m| m.eq_ignore_ascii_case("[!until"))
    {
        return None;
    }
    let (inside, rest) = marker[7..].split_once(']')?;
    let inside = inside.trim().to_string();
    let rest = rest.trim_start().to_string();
    for child in &used {
        child.detach();
    }
    if !rest.is_empty() {
        if let Some(last) = used.last() {
            last.data_mut().value = NodeValue::Text(rest.into());
            para.prepend(last);
        }
    } else if let Some(first) = para.first_child() {
        if matches!(
            first.data().value,
            NodeValue::SoftBreak | NodeValue::LineBreak
        ) {
            first.detach();
        }
    }
    if para.first_child().is_none() {
        para.detach();
    }
    Some(
        NaiveDate::parse_from_str(&inside, "%Y-%m-%d")
            .ok()
            .filter(|d| d.format("%Y-%m-%d").to_string() == inside)
            .ok_or(inside),
    )
}

/// Wraps the quote in `<div class="until-passage">` with the note readers see: the date,
/// and once `today` is past it, that the date has passed.
pub fn wrap<'a>(arena: &'a Arena<'a>, quote: &'a AstNode<'a>, until: NaiveDate, today: NaiveDate) {
    let zh = calc::date::format_date_zh(until);
    let expired = today > until;
    let note = if expired {
        format!("<p class=\"until-note\" role=\"note\">⚠ 以下内容只适用到{zh}，这个日期已经过去，内容可能已经不再适用，请以最新规定为准。</p>")
    } else {
        format!("<p class=\"until-note\">以下内容适用到{zh}。</p>")
    };
    let line = quote.data().sourcepos.start.line;
    let raw = |html: String| -> &'a AstNode<'a> {
        arena.alloc(AstNode::from(Ast::new(
            NodeValue::Raw(html),
            LineColumn { line, column: 1 },
        )))
    };
    quote.insert_before(raw(format!(
        "<div class=\"until-passage{}\" data-until=\"{until}\">{note}",
        if expired { " expired" } else { "" }
    )));
    quote.insert_after(raw("</div>\n".to_string()));
}
