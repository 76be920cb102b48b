//! `calc`: reads one JSON request on standard input, writes one JSON answer on standard
//! output. Exit 0 with the answer; exit 2 with `{"error":{"field","message"}}` (in
//! Chinese) on bad input, including invalid JSON, empty input and input that is not UTF-8.

use std::io::{Read, Write};

fn main() {
    let mut bytes = Vec::new();
    let (text, code) = match std::io::stdin().read_to_end(&mut bytes) {
        Err(_) => error("无法读取标准输入"),
        Ok(_) => match String::from_utf8(bytes) {
            Ok(input) => calc::cli::run(&input),
            Err(_) => error("请求不是 UTF-8 编码的文字"),
        },
    };
    let mut out = std::io::stdout().lock();
    // A closed stdout is not worth a panic: the exit code still tells the caller.
    let _ = writeln!(out, "{text}");
    let _ = out.flush();
    std::process::exit(code);
}

fn error(message: &str) -> (String, i32) {
    let e = calc::InputError::new("", message);
    (
        calc::cli::error_json(&e).to_string(),
        calc::cli::EXIT_BAD_INPUT,
    )
}
