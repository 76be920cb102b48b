//! The theme: minijinja templates, static files and the in-page calculator's built files,
//! loaded once per build. Required page templates must be in the theme; the discovery
//! files (sitemap, feed, robots.txt, JSON-LD) have the built-in theme's templates as
//! defaults, so a theme overrides one by having a file of the same name.
//!
//! Escaping follows the template's name: `.html` and `.xml` templates escape HTML (with
//! the workspace's one escaper, calc's), `.json` templates write JSON strings safe inside
//! a `<script>` block, `.txt` templates write text as it is.

use crate::diagnostics::{Problem, ProblemKind};
use crate::text::escape_to;
use calc::html::{word_at, word_has};
use minijinja::{AutoEscape, Environment};
use std::path::{Path, PathBuf};

/// The theme: templates, static files and (optionally) the in-page calculator.
pub struct Theme {
    pub env: Environment<'static>,
    pub dir: PathBuf,
    /// Static files: path below static/ and contents.
    pub statics: Vec<(String, Vec<u8>)>,
    /// The browser modules, when built: the kinds each computes, the JS glue they share
    /// (`theme/calc/calc_wasm.js`) and its `theme/calc/<kinds>/calc_wasm_bg.wasm`.
    /// crates/build-wasm builds
    /// one module per kind (`theme/calc/card/`) and a few of several kinds
    /// (`theme/calc/card+apr/`), for pages that use exactly those.
    pub calc: Vec<(Vec<calc::Kind>, Vec<u8>, Vec<u8>)>,
    /// Per template, a fingerprint of its text and of every template it reaches
    /// (`extends`, `include`, `import`): what a page rendered with it is made from of the
    /// theme. The static files and calculator modules reach pages by names made from
    /// their bytes (`render::Renderer::new`), which the pages' views hold.
    pub templates: std::collections::HashMap<String, u128>,
}

/// Per template of `sources` (name, text), a fingerprint of its text and of the texts of
/// every template it names, all the way down. A template that names another through
/// anything but a string (`{% include some_variable %}`) could reach any: it is given a
/// fingerprint of all of them.
fn template_fingerprints(sources: &[(String, String)]) -> std::collections::HashMap<String, u128> {
    use std::collections::{BTreeSet, HashMap};
    let names: Vec<&str> = sources.iter().map(|(n, _)| n.as_str()).collect();
    let reached: HashMap<&str, BTreeSet<&str>> = sources
        .iter()
        .map(|(name, src)| {
            let dynamic = ["extends", "include", "import", "from"].iter().any(|tag| {
                src.match_indices("{%").any(|(i, _)| {
                    let rest = src[i + 2..].trim_start_matches(['-', '+', ' ', '\n', '\t']);
                    rest.strip_prefix(tag).is_some_and(|r| {
                        !r.trim_start().starts_with(['"', '\''])
                            && r.starts_with(char::is_whitespace)
                    })
                })
            });
            let named: BTreeSet<&str> = names
                .iter()
                .copied()
                .filter(|n| {
                    dynamic || src.contains(&format!("\"{n}\"")) || src.contains(&format!("'{n}'"))
                })
                .collect();
            (name.as_str(), named)
        })
        .collect();
    sources
        .iter()
        .map(|(name, _)| {
            let mut all: BTreeSet<&str> = BTreeSet::from([name.as_str()]);
            let mut todo = vec![name.as_str()];
            while let Some(n) = todo.pop() {
                for &m in reached.get(n).into_iter().flatten() {
                    if all.insert(m) {
                        todo.push(m);
                    }
                }
            }
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            for (n, src) in sources.iter().filter(|(n, _)| all.contains(n.as_str())) {
                for part in [n.as_bytes(), src.as_bytes()] {
                    h.update(&(part.len() as u64).to_le_bytes());
                    h.update(part);
                }
            }
            (name.clone(), h.digest128())
        })
        .collect()
}

/// The page templates every theme has.
pub const TEMPLATES: &[&str] = &[
    "base.html",
    "index.html",
    "list.html",
    "article.html",
    "tags.html",
    "law.html",
    "404.html",
    "search.html",
];

/// The discovery templates and the letter pages' templates, and the built-in theme's
/// version used when a theme has none.
pub const DEFAULTS: &[(&str, &str)] = &[
    (
        "sitemap.xml",
        include_str!("../../../../theme/templates/sitemap.xml"),
    ),
    (
        "atom.xml",
        include_str!("../../../../theme/templates/atom.xml"),
    ),
    (
        "robots.txt",
        include_str!("../../../../theme/templates/robots.txt"),
    ),
    (
        "json-ld.json",
        include_str!("../../../../theme/templates/json-ld.json"),
    ),
    // The letter templates' pages (issue 27): only sites with content/letters/ use them.
    (
        "letter.html",
        include_str!("../../../../theme/templates/letter.html"),
    ),
    (
        "letters.html",
        include_str!("../../../../theme/templates/letters.html"),
    ),
];

/// A stylesheet without its comments and spaces: the theme's CSS is commented for theme
/// authors, and every page with a calculator must stay within 100 KB for readers on slow
/// phones (about 1.2 KB of it is saved here). A stylesheet the minifier cannot read is
/// published as it is.
fn minified_css(data: Vec<u8>) -> Vec<u8> {
    match std::str::from_utf8(&data).map(minifier::css::minify) {
        Ok(Ok(css)) => css.to_string().into_bytes(),
        _ => data,
    }
}

/// A template error as a problem in the template's file.
pub fn template_problem(dir: &Path, e: &minijinja::Error) -> Problem {
    let name = e.name().unwrap_or("?");
    let mut msg = e.kind().to_string();
    if let Some(d) = e.detail() {
        msg = format!("{msg}: {d}");
    }
    Problem::new(ProblemKind::Template, dir.join("templates").join(name), msg)
        .at(e.line().unwrap_or(0), 0)
        .help("fix the template (minijinja syntax, like Jinja2)")
}

/// The escaping of `.json` templates.
const JSON: &str = "json";

/// Escaping by the template's file name.
fn escaping(name: &str) -> AutoEscape {
    match name.rsplit('.').next() {
        Some("html" | "xml") => AutoEscape::Html,
        Some("json") => AutoEscape::Custom(JSON.into()),
        _ => AutoEscape::None,
    }
}

/// A JSON string that cannot end a `<script>` block (`<`, `>` and `&` as `\u00xx`).
pub fn json_string(out: &mut impl std::fmt::Write, s: &str) -> std::fmt::Result {
    out.write_char('"')?;
    // Runs of characters that stay as they are are written in one go.
    let bytes = s.as_bytes();
    let mut last = 0;
    let mut i = 0;
    while i < bytes.len() {
        if word_at(bytes, i).is_some_and(|w| !word_has(w, 0x20, b"\"\\<>&")) {
            i += 8;
            continue;
        }
        let (at, b) = (i, bytes[i]);
        i += 1;
        let rep = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            b'&' => "\\u0026",
            b if b < 0x20 => "",
            _ => continue,
        };
        out.write_str(&s[last..at])?;
        if rep.is_empty() {
            out.write_fmt(format_args!("\\u{:04x}", b))?;
        } else {
            out.write_str(rep)?;
        }
        last = at + 1;
    }
    out.write_str(&s[last..])?;
    out.write_char('"')
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
    env.set_auto_escape_callback(escaping);
    env.set_formatter(|out, state, value| {
        if value.is_undefined() || value.is_none() {
            return Ok(());
        }
        let mode = if value.is_safe() {
            &AutoEscape::None
        } else {
            state.auto_escape()
        };
        match (mode, value.as_str()) {
            (AutoEscape::Html, Some(text)) => escape_to(out, text),
            (AutoEscape::Html, None) => escape_to(out, &value.to_string()),
            (AutoEscape::Custom(json), Some(text)) if json == JSON => json_string(out, text),
            (AutoEscape::Custom(json), None)
                if json == JSON
                    && !value.is_number()
                    && value.kind() != minijinja::value::ValueKind::Bool =>
            {
                json_string(out, &value.to_string())
            }
            (_, Some(text)) => out.write_str(text),
            (_, None) => std::fmt::Write::write_fmt(out, format_args!("{value}")),
        }
        .map_err(minijinja::Error::from)
    });
    env
}

/// The name a theme's static file is published under: CSS and JS carry a hash of their
/// contents (so a new version is never served from an old cache), other files their own.
pub fn published_name(rel: &str, data: &[u8]) -> String {
    if rel.ends_with(".css") || rel.ends_with(".js") {
        let (stem, ext) = rel.rsplit_once('.').unwrap_or((rel, ""));
        format!("{stem}-{}.{ext}", super::hash_hex(data))
    } else {
        rel.to_string()
    }
}

impl Theme {
    /// The site paths of the theme's static files that an article may link (those
    /// published under their own name), for the check of `/` links. The CSS and JS, whose
    /// names change with each edit, are left out: no article should link them, and they
    /// would change every source's key in the Markdown cache (markdown::Targets).
    pub fn static_paths(&self) -> impl Iterator<Item = String> + '_ {
        self.statics
            .iter()
            .filter(|(rel, data)| published_name(rel, data) == *rel)
            .map(|(rel, _)| crate::model::routes::Route::Static(rel).path())
    }
}

/// Loads the theme folder.
pub fn load_theme(dir: &Path) -> Result<Theme, Vec<Problem>> {
    let mut env = environment();
    let mut problems = Vec::new();
    let tdir = dir.join("templates");
    let mut sources = Vec::new();
    for name in TEMPLATES {
        let path = tdir.join(name);
        match read_regular_text(&path) {
            Ok(src) => {
                sources.push((name.to_string(), src.clone()));
                if let Err(e) = env.add_template_owned(name.to_string(), src) {
                    problems.push(template_problem(dir, &e));
                }
            }
            Err(e) => problems.push(
                Problem::new(
                    ProblemKind::Template,
                    &path,
                    format!("cannot read the template: {e}"),
                )
                .help("every theme needs base, index, list, article, tags, law, 404 and search templates"),
            ),
        }
    }
    for (name, default) in DEFAULTS {
        let path = tdir.join(name);
        let src = if path.exists() {
            match read_regular_text(&path) {
                Ok(src) => src,
                Err(e) => {
                    problems.push(
                        Problem::new(
                            ProblemKind::Template,
                            &path,
                            format!("cannot read the template: {e}"),
                        )
                        .help("fix its permissions, or delete it to use the built-in one"),
                    );
                    continue;
                }
            }
        } else {
            default.to_string()
        };
        sources.push((name.to_string(), src.clone()));
        if let Err(e) = env.add_template_owned(name.to_string(), src) {
            problems.push(template_problem(dir, &e));
        }
    }
    let mut statics = Vec::new();
    let sdir = dir.join("static");
    // Hidden files and editors' leftovers are not published, as in content/ (and the
    // build's input fingerprint skips them: load::inputs).
    for e in walkdir::WalkDir::new(&sdir)
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !crate::load::is_hidden_or_leftover(&e.file_name().to_string_lossy())
        })
        .filter_map(|e| e.ok())
    {
        if e.file_type().is_file() {
            if let (Ok(rel), Ok(data)) = (
                e.path().strip_prefix(&sdir),
                crate::load::read_regular(e.path()),
            ) {
                let rel = rel.to_string_lossy().replace('\\', "/");
                let data = if rel.ends_with(".css") {
                    minified_css(data)
                } else {
                    data
                };
                statics.push((rel, data));
            }
        }
    }
    statics.sort();
    let mut calc = Vec::new();
    let mut folders: Vec<String> = std::fs::read_dir(dir.join("calc"))
        .map(|d| {
            d.filter_map(|e| e.ok()?.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    folders.sort();
    // The JS glue, the same for every module (crates/build-wasm).
    let glue = crate::load::read_regular(&dir.join("calc/calc_wasm.js"));
    for name in folders {
        let Some(kinds) = name
            .split('+')
            .map(calc::Kind::from_code)
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        let kdir = dir.join("calc").join(&name);
        if let (Ok(js), Ok(wasm)) = (
            glue.as_ref(),
            crate::load::read_regular(&kdir.join("calc_wasm_bg.wasm")),
        ) {
            calc.push((kinds, js.clone(), wasm));
        }
    }
    if problems.is_empty() {
        Ok(Theme {
            env,
            dir: dir.to_path_buf(),
            statics,
            calc,
            templates: template_fingerprints(&sources),
        })
    } else {
        Err(problems)
    }
}

/// A theme file's text: a regular file only (a FIFO is refused, not waited on), UTF-8.
fn read_regular_text(path: &Path) -> std::io::Result<String> {
    String::from_utf8(crate::load::read_regular(path)?)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stylesheets_are_published_minified() {
        let css = b"/* a comment for theme authors */\n.a  >  b {\n  color : red ;\n}\n".to_vec();
        let out = String::from_utf8(minified_css(css)).unwrap();
        assert!(
            !out.contains("comment") && out.contains("color:red"),
            "{out}"
        );
        let broken = b"\xff\xfe not utf-8".to_vec();
        assert_eq!(minified_css(broken.clone()), broken);
    }

    #[test]
    fn json_strings_cannot_close_the_script() {
        let mut s = String::new();
        json_string(&mut s, "</script>\"\t").unwrap();
        assert_eq!(s, "\"\\u003c/script\\u003e\\\"\\u0009\"");
    }

    #[test]
    fn json_strings_are_json_with_markup_characters_escaped() {
        // What serde_json reads back is the text; no `<`, `>` or `&` is left as itself.
        let mut texts: Vec<String> = [
            "逾期\"利息\"\\<a>&b\n\u{1}\u{1f}\r\t·",
            "",
            "纯文本",
            "</script><!--",
        ]
        .map(String::from)
        .to_vec();
        // Each escaped character at every offset of an eight-byte word.
        for c in ['"', '\\', '<', '>', '&', '\n', '\u{1}', '\u{1f}'] {
            for pad in 0..17 {
                for filler in ["a", "期"] {
                    texts.push(format!(
                        "{}{c}{}",
                        filler.repeat(pad),
                        filler.repeat(17 - pad)
                    ));
                }
            }
        }
        for text in &texts {
            let mut s = String::new();
            json_string(&mut s, text).unwrap();
            assert_eq!(&serde_json::from_str::<String>(&s).unwrap(), text, "{s}");
            assert!(!s.contains(['<', '>', '&']), "{s}");
        }
    }

    #[test]
    fn escaping_follows_the_template_name() {
        let mut env = environment();
        let src = "{{ s }}|{{ n }}|{{ h }}";
        for name in ["a.html", "a.json", "a.txt"] {
            env.add_template_owned(name.to_string(), src.to_string())
                .unwrap();
        }
        let ctx = minijinja::context! {
            s => "<a href=\"x\">&'",
            n => 3,
            h => minijinja::Value::from_safe_string("<b>".into()),
        };
        let render = |name: &str| env.get_template(name).unwrap().render(&ctx).unwrap();
        assert_eq!(
            render("a.html"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;|3|<b>"
        );
        assert_eq!(
            render("a.json"),
            "\"\\u003ca href=\\\"x\\\"\\u003e\\u0026'\"|3|<b>"
        );
        assert_eq!(render("a.txt"), "<a href=\"x\">&'|3|<b>");
    }

    #[test]
    fn a_template_is_made_from_the_templates_it_reaches() {
        let theme = |base: &str, law: &str, list: &str| {
            template_fingerprints(&[
                ("base.html".into(), base.into()),
                ("law.html".into(), law.into()),
                ("list.html".into(), list.into()),
                ("item.html".into(), "<li>".into()),
            ])
        };
        let before = theme(
            "<html>{% block main %}{% endblock %}",
            "{% extends \"base.html\" %}law",
            "{% extends 'base.html' %}{% include \"item.html\" %}",
        );
        let law_edited = theme(
            "<html>{% block main %}{% endblock %}",
            "{% extends \"base.html\" %}law!",
            "{% extends 'base.html' %}{% include \"item.html\" %}",
        );
        assert_ne!(before["law.html"], law_edited["law.html"]);
        assert_eq!(before["list.html"], law_edited["list.html"]);
        assert_eq!(before["base.html"], law_edited["base.html"]);
        let base_edited = theme(
            "<html lang>{% block main %}{% endblock %}",
            "{% extends \"base.html\" %}law",
            "{% extends 'base.html' %}{% include \"item.html\" %}",
        );
        assert_ne!(before["law.html"], base_edited["law.html"]);
        assert_ne!(before["list.html"], base_edited["list.html"]);
        // An include by a variable could reach any template.
        let dynamic = |item: &str| {
            template_fingerprints(&[
                ("law.html".into(), "{%- include which %}".into()),
                ("item.html".into(), item.into()),
            ])
        };
        assert_ne!(dynamic("a")["law.html"], dynamic("b")["law.html"]);
    }
}
