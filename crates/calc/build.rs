//! Compiles the site's data files — `content/data/lpr.csv` and every
//! `content/data/holidays/YYYY.csv` — into the `calc` command line as its default data
//! (`$OUT_DIR/builtin_data.rs`, included by `src/data.rs` under the `builtin-data`
//! feature, which the `cli` feature and so calc's own tests have).
//!
//! The files are only embedded here, not parsed: `calc::Data::builtin()` parses them with
//! the same parsers the generator uses, and calc's tests check that they parse. The
//! browser module is built without the feature: then this script reads nothing, and the
//! module's bytes never depend on the data.
//! Cargo re-runs this script when anything in `content/data/` changes (a new year's file
//! is picked up without editing code).

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    // Without the feature (the browser module) nothing of content/data/ is read, so a
    // change there does not even rebuild the module.
    if env::var_os("CARGO_FEATURE_BUILTIN_DATA").is_none() {
        return;
    }
    let manifest = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let data = Path::new(&manifest).join("../../content/data");
    let holidays = data.join("holidays");
    // A folder: Cargo watches every file below it (the LPR table, each year's calendar).
    println!("cargo:rerun-if-changed={}", data.display());
    let lpr = data.join("lpr.csv");
    let mut years: Vec<_> = fs::read_dir(&holidays)
        .unwrap_or_else(|e| panic!("{}: {e}", holidays.display()))
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    years.sort();
    let mut out = format!(
        "pub(super) const LPR: &str = include_str!({:?});\n",
        lpr.display().to_string()
    );
    out.push_str("pub(super) const HOLIDAYS: &[&str] = &[\n");
    for path in years {
        writeln!(out, "    include_str!({:?}),", path.display().to_string()).unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("builtin_data.rs");
    fs::write(dest, out).unwrap();
}
