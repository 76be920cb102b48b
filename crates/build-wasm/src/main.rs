//! `cargo run -p build-wasm`: builds the in-page calculator (crates/calc-wasm) for release,
//! one module per kind (`--no-default-features --features <kind>`: a page loads only the
//! kinds its blocks use), and writes `theme/calc/<kind>/calc_wasm_bg.wasm`, the one JS
//! glue they share `theme/calc/calc_wasm.js` and `theme/calc/SOURCES`, then prints each
//! module's gzipped size. The builds share one target folder, so the standard library and
//! the dependencies are compiled once; only calc and calc-wasm are rebuilt per kind. It also
//! builds the modules of several kinds listed in `sources::COMBINED` (`theme/calc/card+apr/`).
//!
//! `cargo run -p build-wasm -- --check` only checks that the committed files match their
//! sources and prints the sizes; `-- size` prints the sizes.
//!
//! The toolchain is found in this order:
//! 1. the `rustc` in use (`$RUSTC` or `rustc`), when its sysroot has the
//!    wasm32-unknown-unknown standard library (`rustup target add wasm32-unknown-unknown`);
//! 2. Debian's `/usr/bin/rustc` (packages rustc-web, rust-web-src), building the standard
//!    library from source with `-Zbuild-std`;
//! 3. otherwise it stops and says what to install.
//!
//! The module is post-processed by wasm-bindgen's own library (`wasm-bindgen-cli-support`,
//! pinned to the exact wasm-bindgen version of Cargo.lock), for `--target web`.

use build_wasm as sources;

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{exit, Command};

const TARGET: &str = "wasm32-unknown-unknown";
const PROFILE: &str = "wasm-release";
/// Where the named copies of the modules for a size profile go (`<kind>/` below).
const PROFILE_DIR: &str = "target/wasm-build/named";
const INSTALL: &str = "install a Rust toolchain for WebAssembly: either \
    `rustup target add wasm32-unknown-unknown`, or Debian's \
    `apt-get install -y rustc-web cargo-web rust-web-src rust-web-llvm lld-22`";

/// How to run the build.
struct Toolchain {
    cargo: PathBuf,
    rustc: PathBuf,
    /// Build the standard library from source (Debian's toolchain has none for wasm32).
    build_std: bool,
    what: String,
}

fn sysroot(rustc: &Path) -> Option<PathBuf> {
    let out = Command::new(rustc)
        .arg("--print")
        .arg("sysroot")
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    Some(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
}

fn find_toolchain() -> Result<Toolchain, String> {
    let rustc = PathBuf::from(env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()));
    let cargo = PathBuf::from(env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    if let Some(root) = sysroot(&rustc) {
        if root.join("lib/rustlib").join(TARGET).join("lib").is_dir() {
            return Ok(Toolchain {
                what: format!(
                    "{} (sysroot {} has {TARGET})",
                    rustc.display(),
                    root.display()
                ),
                cargo,
                rustc,
                build_std: false,
            });
        }
    }
    let debian = PathBuf::from("/usr/bin/rustc");
    if let Some(root) = sysroot(&debian) {
        let src = root.join("lib/rustlib/src/rust/library");
        if src.is_dir() {
            // Debian's cargo matches its rustc; another cargo may not understand its std.
            let debian_cargo = PathBuf::from("/usr/bin/cargo");
            let cargo = if debian_cargo.exists() {
                debian_cargo
            } else {
                cargo
            };
            return Ok(Toolchain {
                what: format!(
                    "{} with -Zbuild-std (std from {}), {}",
                    debian.display(),
                    src.display(),
                    cargo.display()
                ),
                cargo,
                rustc: debian,
                build_std: true,
            });
        }
        return Err(format!(
            "/usr/bin/rustc has no standard library sources ({} is missing): {INSTALL}",
            src.display()
        ));
    }
    Err(format!(
        "no Rust toolchain can build for {TARGET}: {} has no {TARGET} standard library \
         and /usr/bin/rustc is not installed. To fix it, {INSTALL}",
        rustc.display()
    ))
}

/// Builds the module of one kind, or of several joined by `+`.
fn build(root: &Path, tc: &Toolchain, kind: &str) -> Result<PathBuf, String> {
    let features = kind.replace('+', ",");
    let target_dir = root.join("target/wasm-build");
    let mut cmd = Command::new(&tc.cargo);
    cmd.current_dir(root)
        .args([
            "build",
            "--locked",
            "--profile",
            PROFILE,
            "--target",
            TARGET,
        ])
        .args([
            "-p",
            "calc-wasm",
            "--no-default-features",
            "--features",
            &features,
        ])
        // Keep the `target_features` section, which wasm-bindgen reads (the profile's
        // `strip = true` would drop it); wasm-bindgen removes the names itself.
        .args(["--config", "profile.wasm-release.strip=\"debuginfo\""])
        .env("RUSTC", &tc.rustc)
        .env("CARGO_TARGET_DIR", &target_dir)
        // Flags meant for the host build (coverage, sanitizers) do not apply here.
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("RUSTC_WRAPPER")
        .env_remove("RUSTC_WORKSPACE_WRAPPER");
    if tc.build_std {
        // With the standard library built here anyway, it can also panic by aborting at
        // once, without the panic machinery and messages (about 5% smaller), and take
        // std's `optimize_for_size` variants (smaller sorts and number formatting: 2.2 KB
        // gzipped less). `{:?}` prints nothing and panics carry no location (the module
        // shows neither): 0.2 KB less.
        cmd.env("RUSTC_BOOTSTRAP", "1")
            .env(
                "RUSTFLAGS",
                "-Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none \
                 -Zlocation-detail=none",
            )
            .arg("-Zbuild-std=std,panic_abort")
            .arg("-Zbuild-std-features=optimize_for_size")
            .arg("-Zpanic-immediate-abort")
            .args(["--config", "profile.wasm-release.panic=\"immediate-abort\""]);
    }
    eprintln!("build-wasm: {cmd:?}");
    let status = cmd
        .status()
        .map_err(|e| format!("cannot run {}: {e}. {INSTALL}", tc.cargo.display()))?;
    if !status.success() {
        return Err(format!(
            "building calc-wasm ({kind}) for {TARGET} failed ({status}); toolchain: {}. \
             If the linker or the standard library is missing, {INSTALL}",
            tc.what
        ));
    }
    let wasm = target_dir.join(TARGET).join(PROFILE).join("calc_wasm.wasm");
    if !wasm.is_file() {
        return Err(format!("the build left no {}", wasm.display()));
    }
    Ok(wasm)
}

/// wasm-bindgen's post-processing of `wasm` into `out_dir`; `names` keeps the function
/// names (for a size profile), which the shipped module leaves out.
fn run_bindgen(wasm: &Path, out_dir: &Path, names: bool) -> Result<(), String> {
    let _ = fs::remove_dir_all(out_dir);
    let mut b = wasm_bindgen_cli_support::Bindgen::new();
    b.input_path(wasm)
        .out_name("calc_wasm")
        .typescript(false)
        .remove_name_section(!names)
        .remove_producers_section(true);
    b.web(true).map_err(|e| format!("wasm-bindgen: {e:#}"))?;
    b.generate(out_dir)
        .map_err(|e| format!("wasm-bindgen post-processing failed: {e:#}"))
}

/// Post-processes one kind's module into `theme/calc/<kind>/`.
fn bindgen(root: &Path, wasm: &Path, kind: &str) -> Result<(), String> {
    let tmp = root.join("target/wasm-build/bindgen");
    run_bindgen(wasm, &tmp, false)?;
    // The same module with its function names, for `twiggy top` (see the README).
    run_bindgen(wasm, &root.join(PROFILE_DIR).join(kind), true)?;
    let out = root.join(sources::OUT_DIR).join(kind);
    fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let name = sources::MODULE;
    fs::copy(tmp.join(name), out.join(name))
        .map_err(|e| format!("copying {name} to {}: {e}", out.display()))?;
    // One glue for all modules: every module's must be the same.
    let glue = fs::read(tmp.join(sources::GLUE)).map_err(|e| format!("{}: {e}", sources::GLUE))?;
    let shared = root.join(sources::OUT_DIR).join(sources::GLUE);
    match fs::read(&shared) {
        Ok(old) if old == glue => {}
        Ok(_) if kind != sources::modules()[0] => {
            return Err(format!(
            "the JS glue of {kind} differs from the other modules'; the site keeps one {} for all",
            sources::GLUE
        ))
        }
        _ => fs::write(&shared, &glue).map_err(|e| format!("{}: {e}", shared.display()))?,
    }
    let _ = fs::remove_file(out.join(sources::GLUE));
    if tmp.join("snippets").exists() {
        return Err("the module has JS snippets; the site only ships calc_wasm.js".into());
    }
    Ok(())
}

fn print_size(root: &Path) -> Result<usize, String> {
    let (report, total) = sources::size_report(root).map_err(|e| e.to_string())?;
    print!("{report}");
    Ok(total)
}

fn run() -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .map_err(|e| e.to_string())?;
    let arg = env::args().nth(1).unwrap_or_default();
    match arg.as_str() {
        "size" => {
            print_size(&root)?;
        }
        "--check" => {
            let stale = sources::stale(&root).map_err(|e| e.to_string())?;
            let largest = print_size(&root)?;
            if !stale.is_empty() {
                return Err(format!(
                    "theme/calc/ no longer matches its sources ({}); run cargo run -p build-wasm",
                    stale.join("; ")
                ));
            }
            if largest > sources::GZ_LIMIT {
                return Err(format!(
                    "a module + glue is {largest} bytes gzipped, over the limit"
                ));
            }
            println!("theme/calc/ is up to date");
        }
        "" => {
            let tc = find_toolchain()?;
            eprintln!("build-wasm: toolchain: {}", tc.what);
            for module in sources::modules() {
                let wasm = build(&root, &tc, &module)?;
                bindgen(&root, &wasm, &module)?;
            }
            let text = sources::render(&root).map_err(|e| e.to_string())?;
            let path = root.join(sources::OUT_DIR).join("SOURCES");
            fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
            println!(
                "wrote {}/calc_wasm.js, <kind>/calc_wasm_bg.wasm and SOURCES",
                sources::OUT_DIR
            );
            let largest = print_size(&root)?;
            if largest > sources::GZ_LIMIT {
                return Err(format!(
                    "a module + glue is {largest} bytes gzipped, over the {} byte limit",
                    sources::GZ_LIMIT
                ));
            }
        }
        other => {
            return Err(format!(
                "unknown argument {other:?}; usage: cargo run -p build-wasm [-- --check | size]"
            ))
        }
    }
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("build-wasm: {e}");
        exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::sources;
    use std::path::Path;

    #[test]
    fn lock_closure_keeps_only_the_module_dependencies() {
        let lock = "version = 4\n\n[[package]]\nname = \"a\"\nversion = \"1.0.0\"\n\n\
            [[package]]\nname = \"calc-wasm\"\nversion = \"0.1.0\"\ndependencies = [\n \"b 2.0.0\",\n]\n\n\
            [[package]]\nname = \"b\"\nversion = \"1.0.0\"\n\n\
            [[package]]\nname = \"b\"\nversion = \"2.0.0\"\ndependencies = [\n \"c\",\n]\n\n\
            [[package]]\nname = \"c\"\nversion = \"3.0.0\"\n";
        let kept = sources::lock_entries(lock);
        assert!(kept.contains("name = \"calc-wasm\""));
        assert!(kept.contains("version = \"2.0.0\""));
        assert!(kept.contains("name = \"c\""));
        assert!(!kept.contains("name = \"a\""));
        assert!(!kept.contains("version = \"1.0.0\""));
    }

    #[test]
    fn committed_files_match_their_sources() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let stale = sources::stale(&root).unwrap();
        assert!(
            stale.is_empty(),
            "theme/calc/ no longer matches its sources: run cargo run -p build-wasm\n{}",
            stale.join("\n")
        );
    }
}
