//! The in-page calculator: turns each calculator block that the generator emitted
//! (`calc::html::block_html`) into a live form over `crates/calc`.
//!
//! For every `section.calculator` on the page it unhides the form and computes on start
//! and on every `input`/`change`: the result area gets `calc::html::report_html`; on
//! invalid input calc's Chinese message, without field paths (`calc::html::plain_message`),
//! goes beside the field (marked `aria-invalid`) and above the result, and the last good
//! result stays (marked `data-stale`).
//!
//! The form's behaviour that is layout, not law (the example and 「用我的情况计算」, rows,
//! the reader's today, the address that follows the form, share and print) is the theme's
//! `theme/static/calc-form.js`, which runs first and sends the form an `input` event after
//! each change: the module only computes, and stays small.
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

use calc::html::{error_id, form_name, plain_message, report_html, value_from_form};
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
        let target: &web_sys::EventTarget = block.form.as_ref();
        let live = block.clone();
        let on_input = Closure::<dyn FnMut(Event)>::new(move |_: Event| live.recompute());
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
        // The form may hold the reader's today or a share link's inputs by now.
        block.recompute();
        block.form.set_hidden(false);
        section.set_attribute("data-live", "").ok();
    }

    /// The form's controls that carry a value (inputs and selects), buttons left out.
    fn controls(&self) -> Vec<Control> {
        all(&self.form, "input[name], select[name]")
            .into_iter()
            .filter_map(Control::of)
            .collect()
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
            Ok(answer) => {
                self.result.set_inner_html(&report_html(&answer.report()));
                self.result.remove_attribute("data-stale").ok();
                self.say(None);
            }
            Err(error) => {
                // The last good result stays, marked as such.
                let message = plain_message(&error.message);
                self.result.set_attribute("data-stale", "").ok();
                self.say(Some(&message));
                let name = form_name(&error.field);
                if let Some(slot) = self.document.get_element_by_id(&error_id(&self.id, &name)) {
                    slot.set_text_content(Some(&message));
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

    /// The message above the result (`None` hides it).
    fn say(&self, message: Option<&str>) {
        if let Some(summary) = self
            .document
            .get_element_by_id(&format!("{}-error", self.id))
        {
            summary.set_text_content(message);
            let _ = summary.toggle_attribute_with_force("hidden", message.is_none());
        }
    }
}

/// A named input or select of a form.
struct Control {
    element: Element,
    name: String,
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
}
