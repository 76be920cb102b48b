//! The in-page calculator: turns each calculator block that the generator emitted
//! (`calc::html::block_html`) into a live form over `crates/calc`.
//!
//! For every `section.calculator` on the page it unhides the form, fills empty
//! `data-default="today"` dates with the reader's local today, restores the inputs from a
//! share link (`#calc-1?principal=10000&…`) aimed at this block, and recomputes on every
//! `input`/`change`: the result area gets `calc::html::report_html`, or on invalid input
//! `calc::html::error_html` with calc's Chinese message beside the field.
//!
//! The LPR table and the holiday calendars are not in the module: the generator writes the
//! site's `content/data/` into the page (`<script type="text/plain" id="calc-data">`, the
//! text of `calc::Data::to_bundle`) and the module reads it from there, so the page computes
//! with exactly the data the build used and adding an LPR row needs no module rebuild. A
//! page without readable data keeps its static results (the forms stay hidden).
//!
//! Nothing here throws into the page: every DOM call that can fail is checked and skipped,
//! and the core works in exact integers (no floats, so never `NaN`). The module makes no
//! network request and adds no inline script.

use calc::html::{error_html, error_id, form_name, report_html, value_from_form};
use calc::{Data, Kind};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, HtmlFormElement, HtmlInputElement};

// talc: a smaller allocator than std's dlmalloc (the module is single-threaded).
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The entry point, run when `init()` has loaded the module.
#[wasm_bindgen(start)]
pub fn start() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(data) = page_data(&document) else {
        return;
    };
    for section in all_in_page(&document, "section.calculator") {
        Block::attach(&document, section, data);
    }
    // A share link opened on the page already loaded only changes the fragment.
    if let Some(window) = web_sys::window() {
        let on_hash = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
            let Some(document) = web_sys::window().and_then(|w| w.document()) else {
                return;
            };
            for section in all_in_page(&document, "section.calculator") {
                if let Some(block) = Block::find(&document, &section, data) {
                    if block.restore_from_fragment() {
                        block.recompute();
                    }
                }
            }
        });
        let _ =
            window.add_event_listener_with_callback("hashchange", on_hash.as_ref().unchecked_ref());
        on_hash.forget();
    }
}

/// The data the generator wrote into the page (`#calc-data`), when it is there and reads;
/// kept for the page's lifetime.
fn page_data(document: &Document) -> Option<&'static Data> {
    let text = document.get_element_by_id("calc-data")?.text_content()?;
    Some(Box::leak(Box::new(Data::from_bundle(&text)?)))
}

/// Every element matching `selector` in `document`.
fn all_in_page(document: &Document, selector: &str) -> Vec<Element> {
    elements(document.query_selector_all(selector))
}

/// Every element matching `selector` under `root`.
fn all(root: &Element, selector: &str) -> Vec<Element> {
    elements(root.query_selector_all(selector))
}

/// The elements of a `querySelectorAll` answer (which holds elements only, so they are
/// taken as such without a check).
fn elements(list: Result<web_sys::NodeList, JsValue>) -> Vec<Element> {
    let Ok(list) = list else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| Some(list.item(i)?.unchecked_into::<Element>()))
        .collect()
}

/// One calculator block of the page.
#[derive(Clone)]
struct Block {
    document: Document,
    id: String,
    kind: Kind,
    form: HtmlFormElement,
    result: Element,
    /// The page's data.
    data: &'static Data,
}

impl Block {
    /// The block of a `section.calculator`, when it has a kind this module was built with
    /// (a page may load one module per kind: each attaches only its own blocks), a form
    /// and a result.
    fn find(document: &Document, section: &Element, data: &'static Data) -> Option<Block> {
        let id = section.id();
        let kind = Kind::from_code(&section.get_attribute("data-kind")?).filter(|k| k.enabled())?;
        let form = section
            .query_selector("form.calc-form")
            .ok()??
            .dyn_into::<HtmlFormElement>()
            .ok()?;
        let result = section.query_selector(".calc-result").ok()??;
        Some(Block {
            document: document.clone(),
            id,
            kind,
            form,
            result,
            data,
        })
    }

    fn attach(document: &Document, section: Element, data: &'static Data) {
        let Some(block) = Block::find(document, &section, data) else {
            return;
        };
        block.form.set_hidden(false);
        block.fill_today();
        let restored = block.restore_from_fragment();

        let live = block.clone();
        let on_input = Closure::<dyn FnMut(Event)>::new(move |_: Event| live.recompute());
        let target: &web_sys::EventTarget = block.form.as_ref();
        for event in ["input", "change"] {
            let _ =
                target.add_event_listener_with_callback(event, on_input.as_ref().unchecked_ref());
        }
        on_input.forget();

        // Enter in a field would submit the form and reload the page.
        let on_submit = Closure::<dyn FnMut(Event)>::new(|e: Event| e.prevent_default());
        let _ =
            target.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
        on_submit.forget();

        if let Ok(Some(button)) = block.form.query_selector(".calc-share") {
            let sharer = block.clone();
            let on_share = Closure::<dyn FnMut(Event)>::new(move |_: Event| sharer.share());
            let _ =
                button.add_event_listener_with_callback("click", on_share.as_ref().unchecked_ref());
            on_share.forget();
        }
        if let Ok(Some(button)) = block.form.query_selector(".calc-print") {
            let on_print = Closure::<dyn FnMut(Event)>::new(|_: Event| {
                if let Some(w) = web_sys::window() {
                    let _ = w.print();
                }
            });
            let _ =
                button.add_event_listener_with_callback("click", on_print.as_ref().unchecked_ref());
            on_print.forget();
        }

        // The static result already answers the prefilled inputs; recompute when the
        // reader's today or a share link changed them.
        let today_filled = !all(&block.form, "input[data-default=\"today\"]").is_empty();
        if restored || today_filled {
            block.recompute();
        }
        section.set_attribute("data-live", "").ok();
    }

    /// The form's controls that carry a value (inputs and selects), buttons left out.
    fn controls(&self) -> Vec<Control> {
        all(&self.form, "input[name], select[name]")
            .into_iter()
            .filter_map(Control::of)
            .collect()
    }

    /// Fills every empty `data-default="today"` date with the reader's local date.
    fn fill_today(&self) {
        let now = js_sys::Date::new_0();
        let today = format!(
            "{:04}-{:02}-{:02}",
            now.get_full_year(),
            now.get_month() + 1,
            now.get_date()
        );
        for input in all(&self.form, "input[data-default=\"today\"]") {
            if let Ok(input) = input.dyn_into::<HtmlInputElement>() {
                if input.value().trim().is_empty() {
                    input.set_value(&today);
                }
            }
        }
    }

    /// The (name, value) pairs of the form, as `value_from_form` takes them: checkboxes
    /// only when checked.
    fn pairs(&self) -> Vec<(String, String)> {
        self.controls().iter().filter_map(|c| c.pair()).collect()
    }

    fn recompute(&self) {
        for slot in all(&self.form, ".calc-error") {
            slot.set_text_content(None);
            slot.set_attribute("hidden", "").ok();
        }
        for invalid in all(&self.form, "[aria-invalid]") {
            invalid.remove_attribute("aria-invalid").ok();
        }
        let request = value_from_form(self.kind, &self.pairs());
        match calc::compute(&request, self.data) {
            Ok(answer) => self.result.set_inner_html(&report_html(&answer.report())),
            Err(error) => {
                self.result.set_inner_html(&error_html(&error));
                let name = form_name(&error.field);
                if let Some(slot) = self.document.get_element_by_id(&error_id(&self.id, &name)) {
                    slot.set_text_content(Some(&error.message));
                    slot.remove_attribute("hidden").ok();
                }
                for control in self.controls() {
                    if control.name == name {
                        control.element.set_attribute("aria-invalid", "true").ok();
                    }
                }
            }
        }
    }

    /// The share fragment of the current inputs: `#calc-1?principal=10000&rate=24`.
    fn fragment(&self) -> String {
        let mut out = format!("#{}?", encode(&self.id));
        for (i, (name, value)) in self
            .controls()
            .iter()
            .filter(|c| !c.hidden)
            .filter_map(Control::pair)
            .enumerate()
        {
            if i > 0 {
                out.push('&');
            }
            out.push_str(&encode(&name));
            out.push('=');
            out.push_str(&encode(&value));
        }
        out
    }

    /// Sets the inputs from the page's fragment when it is a share link of this block;
    /// fields the link leaves out are emptied (a share link carries every filled field).
    fn restore_from_fragment(&self) -> bool {
        let Some(hash) = web_sys::window().and_then(|w| w.location().hash().ok()) else {
            return false;
        };
        let Some((target, query)) = hash.trim_start_matches('#').split_once('?') else {
            return false;
        };
        if decode(target) != self.id {
            return false;
        }
        let pairs: Vec<(String, String)> = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (decode(k), decode(v))
            })
            .collect();
        for control in self.controls() {
            if control.hidden {
                continue;
            }
            let given = pairs
                .iter()
                .find(|(k, _)| *k == control.name)
                .map(|(_, v)| v.as_str());
            control.set(given);
        }
        true
    }

    /// Puts the share link in the address bar (never sent to a server: it is the
    /// fragment), copies it when the clipboard allows, and shows it in a text field.
    fn share(&self) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let fragment = self.fragment();
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&fragment));
        }
        let url = window.location().href().unwrap_or(fragment);

        let field_id = format!("{}-share-link", self.id);
        let status_id = format!("{}-share-status", self.id);
        let field = match self.document.get_element_by_id(&field_id) {
            Some(f) => f,
            None => {
                let Some(box_) = self.make_share_box(&field_id, &status_id) else {
                    return;
                };
                box_
            }
        };
        if let Ok(input) = field.dyn_into::<HtmlInputElement>() {
            input.set_value(&url);
            input.select();
        }
        let status = self.document.get_element_by_id(&status_id);
        let say = |text: &str| {
            if let Some(s) = &status {
                s.set_text_content(Some(text));
            }
        };
        say("请复制上面的链接");
        let navigator = window.navigator();
        let has_clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
            .map(|c| !c.is_undefined() && !c.is_null())
            .unwrap_or(false);
        if has_clipboard {
            let promise = navigator.clipboard().write_text(&url);
            let done = status.clone();
            let ok = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
                if let Some(s) = &done {
                    s.set_text_content(Some("链接已复制到剪贴板"));
                }
            });
            let failed = Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {});
            let _ = promise.then2(&ok, &failed);
            ok.forget();
            failed.forget();
        }
    }

    /// The visible field that shows the share link, added after the form's buttons.
    fn make_share_box(&self, field_id: &str, status_id: &str) -> Option<Element> {
        let actions = self.form.query_selector(".calc-actions").ok()??;
        let wrap = self.document.create_element("div").ok()?;
        wrap.set_class_name("calc-share-box");
        let label = self.document.create_element("label").ok()?;
        label.set_attribute("for", field_id).ok()?;
        label.set_text_content(Some(
            "分享链接（输入内容只在链接的 # 之后，不会发送到服务器）",
        ));
        let input = self.document.create_element("input").ok()?;
        input.set_id(field_id);
        input.set_attribute("type", "text").ok()?;
        input.set_attribute("readonly", "").ok()?;
        input.set_class_name("calc-share-link");
        let status = self.document.create_element("p").ok()?;
        status.set_id(status_id);
        status.set_class_name("calc-share-status");
        status.set_attribute("role", "status").ok()?;
        wrap.append_child(&label).ok()?;
        wrap.append_child(&input).ok()?;
        wrap.append_child(&status).ok()?;
        actions.after_with_node_1(&wrap).ok()?;
        Some(input)
    }
}

/// A named input or select of a form.
struct Control {
    element: Element,
    name: String,
    /// `type="hidden"`: fields the author fixed, not shown nor shared.
    hidden: bool,
    checkbox: bool,
}

impl Control {
    fn of(element: Element) -> Option<Control> {
        let name = element.get_attribute("name")?;
        if name.is_empty() {
            return None;
        }
        let ty = element.get_attribute("type").unwrap_or_default();
        Some(Control {
            hidden: ty == "hidden",
            checkbox: ty == "checkbox",
            element,
            name,
        })
    }

    fn value(&self) -> String {
        if let Some(input) = self.element.dyn_ref::<HtmlInputElement>() {
            input.value()
        } else if let Some(select) = self.element.dyn_ref::<web_sys::HtmlSelectElement>() {
            select.value()
        } else {
            String::new()
        }
    }

    /// The pair this control contributes: a checkbox only when checked, an empty field
    /// not at all.
    fn pair(&self) -> Option<(String, String)> {
        if self.checkbox {
            let input = self.element.dyn_ref::<HtmlInputElement>()?;
            return input.checked().then(|| (self.name.clone(), input.value()));
        }
        let value = self.value();
        (!value.trim().is_empty()).then(|| (self.name.clone(), value))
    }

    /// Sets the control from a share link: `None` empties it (unchecks a checkbox; a
    /// select keeps its choice).
    fn set(&self, value: Option<&str>) {
        if let Some(input) = self.element.dyn_ref::<HtmlInputElement>() {
            if self.checkbox {
                input.set_checked(value.is_some());
            } else {
                input.set_value(value.unwrap_or(""));
            }
        } else if let Some(select) = self.element.dyn_ref::<web_sys::HtmlSelectElement>() {
            if let Some(v) = value {
                select.set_value(v);
            }
        }
    }
}

/// Percent-encodes a name or value for the fragment (UTF-8, as `encodeURIComponent`).
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(hex(b >> 4));
            out.push(hex(b & 15));
        }
    }
    out
}

fn hex(n: u8) -> char {
    char::from(if n < 10 { b'0' + n } else { b'A' + n - 10 })
}

/// Decodes percent-encoding (and `+` as a space); a broken escape stays as written.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (unhex(bytes[i + 1]), unhex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn unhex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_round_trip() {
        for s in [
            "2025-03-30",
            "年利率 %",
            "a&b=c#d?e",
            "1,000.50",
            "%zz",
            "%",
            "%4",
        ] {
            assert_eq!(decode(&encode(s)), s);
        }
        assert_eq!(decode("%E5%B9%B4+x"), "年 x");
        assert_eq!(decode("%zz"), "%zz");
        assert_eq!(decode("%4"), "%4");
    }
}
