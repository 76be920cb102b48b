//! What the committed calculator (`theme/calc/`) was built from, and its size.
//!
//! The calculator is one module per kind (`theme/calc/<kind>/`, built with only that kind's
//! code), so a page loads only the kinds its blocks use, plus a few modules of several kinds
//! ([`COMBINED`]) for pages that use exactly those kinds together.
//!
//! `theme/calc/SOURCES` records a SHA-256 of every input of the build — the core's and
//! the module's sources and data, the build tool itself, the `Cargo.lock` entries of the
//! module's dependencies and the workspace's `wasm-release` profile — and of each built
//! file. The tests recompute it, so committed files that no longer match their sources
//! fail the build with "run cargo run -p build-wasm".
//!
//! This file is the crate's library, shared by its build tool and the end-to-end tests;
//! without the `cli` feature it needs only `sha2` and `flate2`.

use sha2::{Digest, Sha256};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The JS glue wasm-bindgen writes: the same for every module (they export the same
/// functions), so it is kept once, in [`OUT_DIR`]; gen publishes it under each module's name.
pub const GLUE: &str = "calc_wasm.js";

/// Each module's WebAssembly, in `theme/calc/<kind>/`.
pub const MODULE: &str = "calc_wasm_bg.wasm";

/// The directory of the built files, relative to the workspace root.
pub const OUT_DIR: &str = "theme/calc";

/// The kinds, one module each: `calc::Kind`'s codes, which are also calc-wasm's features
/// and the folders below [`OUT_DIR`].
pub fn kinds() -> impl Iterator<Item = &'static str> {
    calc::Kind::ALL.into_iter().map(calc::Kind::code)
}

/// Modules of several kinds, in `calc::Kind::ALL`'s order, each built once with all of
/// their features (`theme/calc/card+apr/`). Two per-kind modules each carry their own copy
/// of the shared code (std, the core's numbers, dates and HTML: about 30 KB gzipped), so a
/// page whose blocks use exactly these kinds loads this module instead (crates/gen). Add
/// a set here when the page-weight test (tests/e2e/pages.rs) finds a page with several
/// kinds over its budget.
pub const COMBINED: &[&[&str]] = &[
    // interest/card-personalised-instalments
    &["card", "apr"],
];

/// Every module's folder below [`OUT_DIR`]: one per kind, then the [`COMBINED`] ones
/// (their kinds joined by `+`).
pub fn modules() -> Vec<String> {
    kinds()
        .map(String::from)
        .chain(COMBINED.iter().map(|set| set.join("+")))
        .collect()
}

/// The size budget of each kind's module + JS glue, gzipped (issue 13): 80 KiB. `twiggy top`
/// on the named copies the build writes (crates/build-wasm README, "Size") shows where the
/// bytes go.
pub const GZ_LIMIT: usize = 80 * 1024;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of some bytes, in hex.
pub fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Files under `dir` (relative to `root`), recursively, in a stable order; `skip` drops
/// subpaths (relative to `root`).
fn walk(root: &Path, dir: &str, skip: &[&str], out: &mut Vec<String>) -> io::Result<()> {
    let full = root.join(dir);
    if !full.exists() {
        return Ok(());
    }
    if full.is_file() {
        out.push(dir.to_string());
        return Ok(());
    }
    let mut names: Vec<String> = fs::read_dir(&full)?
        .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<Result<_, _>>()?;
    names.sort();
    for name in names {
        let rel = format!("{dir}/{name}");
        // Documentation is not an input of the build.
        if skip.contains(&rel.as_str())
            || name == "target"
            || name.starts_with('.')
            || name.ends_with(".md")
        {
            continue;
        }
        walk(root, &rel, skip, out)?;
    }
    Ok(())
}

/// The source files of the build, relative to the workspace root.
pub fn source_files(root: &Path) -> io::Result<Vec<String>> {
    let mut files = Vec::new();
    walk(
        root,
        "crates/calc",
        &[
            "crates/calc/src/bin",
            "crates/calc/tests",
            "crates/calc/benches",
            "crates/calc/examples",
        ],
        &mut files,
    )?;
    walk(root, "crates/calc-wasm", &[], &mut files)?;
    walk(root, "crates/build-wasm", &[], &mut files)?;
    Ok(files)
}

/// The value of `key = "…"` in a lock entry.
fn field<'a>(block: &'a str, key: &str) -> &'a str {
    block
        .lines()
        .find_map(|l| l.strip_prefix(key)?.trim().strip_prefix("= "))
        .map_or("", |v| v.trim_matches('"'))
}

/// The `[[package]]` entries of `Cargo.lock` that the module is built from: `calc-wasm`
/// and everything it depends on (dev-dependencies included, as the lock lists them).
pub fn lock_entries(lock: &str) -> String {
    struct Entry<'a> {
        name: &'a str,
        version: &'a str,
        deps: Vec<(&'a str, Option<&'a str>)>,
        text: &'a str,
    }
    let entries: Vec<Entry> = lock
        .split("[[package]]")
        .skip(1)
        .map(|text| {
            let deps = match text.split_once("dependencies = [") {
                Some((_, rest)) => rest
                    .split(']')
                    .next()
                    .unwrap_or("")
                    .lines()
                    .map(|l| l.trim().trim_end_matches(',').trim_matches('"'))
                    .filter(|l| !l.is_empty())
                    .map(|l| {
                        let mut parts = l.split(' ');
                        (parts.next().unwrap_or(""), parts.next())
                    })
                    .collect(),
                None => Vec::new(),
            };
            Entry {
                name: field(text, "name "),
                version: field(text, "version "),
                deps,
                text: text.trim(),
            }
        })
        .collect();
    let mut wanted = vec![false; entries.len()];
    let mut queue: Vec<usize> = entries
        .iter()
        .position(|e| e.name == "calc-wasm")
        .into_iter()
        .collect();
    while let Some(i) = queue.pop() {
        if wanted[i] {
            continue;
        }
        wanted[i] = true;
        for (name, version) in &entries[i].deps {
            for (j, e) in entries.iter().enumerate() {
                if e.name == *name && version.is_none_or(|v| v == e.version) && !wanted[j] {
                    queue.push(j);
                }
            }
        }
    }
    entries
        .iter()
        .zip(wanted)
        .filter(|(_, w)| *w)
        .map(|(e, _)| format!("[[package]]\n{}\n", e.text))
        .collect()
}

/// The sections of the workspace `Cargo.toml` the build depends on: the `wasm-release`
/// profile and the shared dependency versions.
pub fn workspace_sections(manifest: &str) -> String {
    let mut out = String::new();
    let mut keep = false;
    for line in manifest.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            keep = t.starts_with("[profile.wasm-release") || t == "[workspace.dependencies]";
        }
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// One line per input, `<sha256>  <what>`, in a stable order.
pub fn source_lines(root: &Path) -> io::Result<Vec<String>> {
    let mut lines = Vec::new();
    for file in source_files(root)? {
        let bytes = fs::read(root.join(&file))?;
        lines.push(format!("{}  {file}", sha256(&bytes)));
    }
    let lock = fs::read_to_string(root.join("Cargo.lock"))?;
    lines.push(format!(
        "{}  Cargo.lock (calc-wasm and its dependencies)",
        sha256(lock_entries(&lock).as_bytes())
    ));
    let manifest = fs::read_to_string(root.join("Cargo.toml"))?;
    lines.push(format!(
        "{}  Cargo.toml (profile.wasm-release, workspace.dependencies)",
        sha256(workspace_sections(&manifest).as_bytes())
    ));
    Ok(lines)
}

/// The text of `theme/calc/SOURCES` for the current sources and built files.
pub fn render(root: &Path) -> io::Result<String> {
    let mut out = String::from(
        "# theme/calc/ is built from these inputs by `cargo run -p build-wasm`.\n\
         # The tests recompute this file; when it differs, run `cargo run -p build-wasm`.\n\
         # sources\n",
    );
    for line in source_lines(root)? {
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str("# built files\n");
    let glue = fs::read(root.join(OUT_DIR).join(GLUE))?;
    out.push_str(&format!("{}  {OUT_DIR}/{GLUE}\n", sha256(&glue)));
    for kind in modules() {
        let bytes = fs::read(root.join(OUT_DIR).join(&kind).join(MODULE))?;
        out.push_str(&format!("{}  {OUT_DIR}/{kind}/{MODULE}\n", sha256(&bytes)));
    }
    Ok(out)
}

/// What differs between the committed `SOURCES` and the current tree: empty when the
/// built files are up to date.
pub fn stale(root: &Path) -> io::Result<Vec<String>> {
    let recorded = fs::read_to_string(root.join(OUT_DIR).join("SOURCES")).unwrap_or_default();
    let now = render(root)?;
    let old: Vec<&str> = recorded.lines().filter(|l| !l.starts_with('#')).collect();
    let new: Vec<&str> = now.lines().filter(|l| !l.starts_with('#')).collect();
    let mut diff = Vec::new();
    for l in &new {
        if !old.contains(l) {
            diff.push(format!(
                "changed or new: {}",
                l.split_once("  ").map_or(*l, |x| x.1)
            ));
        }
    }
    for l in &old {
        let what = l.split_once("  ").map_or(*l, |x| x.1);
        if !new.iter().any(|n| n.ends_with(&format!("  {what}"))) {
            diff.push(format!("gone: {what}"));
        }
    }
    Ok(diff)
}

/// The gzipped size (best compression) of some bytes.
pub fn gz_len(bytes: &[u8]) -> io::Result<usize> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes)?;
    Ok(enc.finish()?.len())
}

/// The gzipped sizes of one module's built files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleSize {
    /// Its folder below [`OUT_DIR`]: a kind, or kinds joined by `+`.
    pub name: String,
    /// `calc_wasm.js`, gzipped.
    pub glue: usize,
    /// `calc_wasm_bg.wasm`, gzipped.
    pub module: usize,
}

impl ModuleSize {
    /// Module + glue: what a page with this module's kinds loads besides its boot script.
    pub fn total(&self) -> usize {
        self.glue + self.module
    }
}

/// The gzipped sizes of each module and its glue.
pub fn sizes(root: &Path) -> io::Result<Vec<ModuleSize>> {
    modules()
        .into_iter()
        .map(|name| {
            let dir: PathBuf = root.join(OUT_DIR).join(&name);
            Ok(ModuleSize {
                name,
                glue: gz_len(&fs::read(root.join(OUT_DIR).join(GLUE))?)?,
                module: gz_len(&fs::read(dir.join(MODULE))?)?,
            })
        })
        .collect()
}

/// The theme's script for the calculator form (rows, the reader's own case, the address
/// that follows the form): the module's other half on every calculator page, so it
/// counts in the budget with the module and its glue.
pub const FORM_SCRIPT: &str = "theme/static/calc-form.js";

/// The size report, a line per module, and the largest module + glue + form script, gzipped.
pub fn size_report(root: &Path) -> io::Result<(String, usize)> {
    let sizes = sizes(root)?;
    let form = gz_len(&fs::read(root.join(FORM_SCRIPT))?)?;
    let mut out = format!("{FORM_SCRIPT}: {form} bytes gzipped (on every calculator page)\n");
    for s in &sizes {
        out.push_str(&format!(
            "{OUT_DIR}/{}/: module {} + glue {} = {} bytes gzipped ({:.1} KiB)\n",
            s.name,
            s.module,
            s.glue,
            s.total(),
            s.total() as f64 / 1024.0
        ));
    }
    let largest = sizes.iter().map(ModuleSize::total).max().unwrap_or(0) + form;
    out.push_str(&format!(
        "largest module + JS glue + form script: {largest} bytes gzipped ({:.1} KiB; limit {} KiB)\n",
        largest as f64 / 1024.0,
        GZ_LIMIT / 1024
    ));
    Ok((out, largest))
}
