//! gen's command line, built in this package so that the end-to-end tests can run it as a
//! process (`CARGO_BIN_EXE_gen-cli`): the same `gen::commands::cli::run` as `gen`.

use std::process::ExitCode;

fn main() -> ExitCode {
    gen::commands::cli::run()
}
