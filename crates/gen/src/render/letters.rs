//! The letter templates' pages (issue 27): each letter's page (`letter.html`: the form,
//! the letter with blanks for readers without JavaScript, the data `letter.js` fills in,
//! the guidance) and the index of letters (`letters.html`). Letters are no articles:
//! they are in the sitemap and the search index, not in lists, the feed or related
//! articles. Also the links from an article's calculator blocks to the letters that take
//! one of their figures over.

use super::views::{Lazy, LetterFieldView, LetterLinkView, LetterView, Link, Markup};
use super::{date_text, Emit, Renderer};
use crate::diagnostics::Problem;
use crate::load::letter::{blank_text, Letter};
use crate::model::routes::Route;
use minijinja::Value;
use std::borrow::Cow;

/// The JSON `letter.js` reads: the letter block and its fields. `<`, `>` and `&` are
/// escaped, so the text cannot end its `<script>` block.
fn letter_data(l: &Letter) -> String {
    let fields: Vec<serde_json::Value> = l
        .fields
        .iter()
        .map(|f| {
            serde_json::json!({
                "name": f.name,
                "label": f.label,
                "kind": f.kind.code(),
                "required": f.required,
            })
        })
        .collect();
    let json = serde_json::json!({
        "title": l.title,
        "template": l.template,
        "fields": fields,
    })
    .to_string();
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

impl<'a> Renderer<'a> {
    fn letters_crumb(&self) -> Link<'a> {
        Link {
            name: Cow::Borrowed("文书模板"),
            url: self.site.base.href(&Route::Letters.path()),
        }
    }

    /// Renders every letter's page and the index of letters (none without letters).
    pub(super) fn letter_pages(&self, out: &dyn Emit, results: &mut Vec<Result<(), Problem>>) {
        let site = self.site;
        if site.letters.is_empty() {
            return;
        }
        results.extend((0..site.letters.len()).map(|i| self.letter_page(i, out)));
        let crumbs = vec![
            self.home_crumb(),
            Link {
                name: Cow::Borrowed("文书模板"),
                url: String::new(),
            },
        ];
        let page = self.website_page(
            Cow::Borrowed("文书模板"),
            Cow::Borrowed("在页面上填写的信函和文书：协商还款、征信异议、答辩等。填写只在你的浏览器里进行，不会发送到任何地方。"),
            Cow::Owned(Route::Letters.path()),
            crumbs,
        );
        let letters: Vec<LetterLinkView> = site
            .letters
            .iter()
            .map(|e| LetterLinkView {
                title: &e.letter.title,
                url: site.base.href(&e.path),
                description: &e.letter.description,
                to: &e.letter.to,
                kind: "",
                carry: String::new(),
            })
            .collect();
        results.push(self.render_page(
            &Route::Letters.file(),
            "letters.html",
            &page,
            Some(("letters", &letters)),
            out,
        ));
    }

    fn letter_page(&self, i: usize, out: &dyn Emit) -> Result<(), Problem> {
        let e = &self.site.letters[i];
        let l = &e.letter;
        let crumbs = vec![
            self.home_crumb(),
            self.letters_crumb(),
            Link {
                name: Cow::Borrowed(&l.title),
                url: String::new(),
            },
        ];
        let page = self.website_page(
            Cow::Borrowed(&l.title),
            Cow::Borrowed(&l.description),
            Cow::Borrowed(&e.path),
            crumbs,
        );
        let letter = LetterView {
            title: &l.title,
            description: &l.description,
            to: &l.to,
            date: date_text(&l.date),
            checked: l.checked.as_ref().map(date_text),
            before: Lazy(Box::new(Markup {
                html: &e.before.html,
                bodies: &self.site.bodies,
            })),
            after: Lazy(Box::new(Markup {
                html: &e.after.html,
                bodies: &self.site.bodies,
            })),
            fields: l
                .fields
                .iter()
                .map(|f| LetterFieldView {
                    name: &f.name,
                    id: format!("f-{}", f.name),
                    label: &f.label,
                    kind: f.kind.code(),
                    required: f.required,
                    help: f.help.as_deref(),
                    choices: &f.choices,
                    from: f.from.as_ref().map(|c| format!("{}.{}", c.kind, c.figure)),
                })
                .collect(),
            blank: blank_text(l),
            data: Value::from_safe_string(letter_data(l)),
        };
        self.render_page(
            &Route::Letter(&l.slug).file(),
            "letter.html",
            &page,
            Some(("letter", &letter)),
            out,
        )
    }

    /// The letters that take a figure of one of `kinds` over: one link per letter and
    /// kind, with the fields and the figures' labels.
    pub(super) fn carry_links(&self, kinds: &[calc::Kind]) -> Vec<LetterLinkView<'a>> {
        let site = self.site;
        let mut links = Vec::new();
        for kind in kinds {
            for e in &site.letters {
                let carry: Vec<String> = e
                    .letter
                    .fields
                    .iter()
                    .filter_map(|f| {
                        let c = f.from.as_ref().filter(|c| c.kind == kind.code())?;
                        Some(format!("{}={}", f.name, c.label))
                    })
                    .collect();
                if !carry.is_empty() {
                    links.push(LetterLinkView {
                        title: &e.letter.title,
                        url: site.base.href(&e.path),
                        description: &e.letter.description,
                        to: &e.letter.to,
                        kind: kind.code(),
                        carry: carry.join(";"),
                    });
                }
            }
        }
        links
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_cannot_end_its_script_block() {
        let (l, ps) = crate::load::letter::read_letter(
            "+++\ntitle = \"a</script>\"\ndescription = \"d\"\ndate = 2026-12-06\nto = \"t\"\n+++\n```letter\n</script>&\n```\n",
            std::path::Path::new("letters/x.md"),
            "letters/x.md",
        );
        assert!(ps.is_empty(), "{ps:?}");
        let json = letter_data(&l.unwrap());
        assert!(!json.contains('<') && !json.contains('&'), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["template"], "</script>&");
    }
}
