//! STUB: the `calc` command line.
fn main() {}
