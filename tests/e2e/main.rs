//! The end-to-end tests, one binary: each module builds sites with `gen` and checks them
//! from outside — the output files (`site`), every page against the HTML checker and
//! axe-core (`pages`), the calculator in Chromium (`browser`), search in Chromium and in
//! Node (`search`, `search_quality`), what gen refuses and never does (`safety`), what goes
//! stale and when (`freshness`), rebuilds byte-identical to cold builds (`incremental`). One binary links gen,
//! fantoccini and tokio once, not once per file.
//!
//! Run one module with `cargo test -p e2e --test e2e site::`.

mod chromium;
mod harness;

mod author;
mod browser;
mod freshness;
mod incremental;
mod letters;
mod pages;
mod safety;
mod search;
mod search_bench;
mod search_quality;
mod site;
