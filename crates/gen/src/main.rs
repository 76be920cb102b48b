//! `gen`: build, check, serve or start content for the site. The command line is the
//! library's `commands::cli`.

use std::process::ExitCode;

// A build allocates and frees millions of small strings and template values from two
// threads: with glibc's allocator that was about 13% of a build's instructions, with mimalloc
// 5.6% (callgrind, 1,000 articles).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    gen::commands::cli::run()
}
