//! End-to-end tests of issue 10: gen never destroys or exposes a file it does not own.
//!
//! One test (or more) per finding of the reliability probe
//! (`../shared/reviews/reliability-2026-11.md`, ids S1–S5, O1–O3, C1–C12, A1–A3); each
//! test's name starts with its id. They run the real `gen` command line (the `gen-cli`
//! binary of this package is crates/gen/src/main.rs) in temporary folders only: the
//! "home", the "victims" and the "secrets" are files the test made itself.

use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub(crate) fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn theme() -> PathBuf {
    repo().join("theme")
}

/// The `gen` command line.
fn gen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gen-cli"))
}

/// A temporary project: `content/` (a copy of the fixture site) and `theme` beside it
/// (also the author checks' project, `author.rs`).
pub(crate) struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    pub(crate) fn new() -> Project {
        let dir = tempfile::tempdir().unwrap();
        e2e::copy_dir(
            &repo().join("tests/fixtures/site"),
            &dir.path().join("content"),
        );
        Project { dir }
    }

    /// `gen serve` of this project on `port` with the repository's theme, its output
    /// discarded (a caller may pipe it): `cmd` is the `gen` command line, or a wrapper
    /// whose arguments end with it (`prlimit … -- gen`).
    pub(crate) fn serve(&self, mut cmd: Command, port: &str) -> Command {
        cmd.current_dir(self.path())
            .env("TMPDIR", self.path())
            .args(["serve", "--content", "content", "--theme"])
            .arg(theme())
            .args(["--port", port])
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        cmd
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn content(&self) -> PathBuf {
        self.path().join("content")
    }

    pub(crate) fn write(&self, rel: &str, text: &str) {
        let p = self.content().join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    /// `gen <sub> --content content --theme <repo theme> <args>` run in the project.
    pub(crate) fn run(&self, sub: &str, args: &[&str]) -> Output {
        let mut c = gen();
        c.current_dir(self.path())
            .arg(sub)
            .arg("--content")
            .arg(self.content())
            .arg("--theme")
            .arg(theme())
            .args(args);
        c.output().unwrap()
    }

    pub(crate) fn build(&self, out: &Path) -> Output {
        self.run("build", &["--out", out.to_str().unwrap()])
    }

    pub(crate) fn check(&self) -> Output {
        self.run("check", &[])
    }
}

fn text(o: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn ok(o: &Output) {
    assert!(o.status.success(), "gen failed:\n{}", text(o));
}

fn fails(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(1), "expected exit 1:\n{}", text(o));
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file and symlink below `dir` (links not followed) with its bytes or target.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let m = fs::symlink_metadata(&p).unwrap();
            let rel = p.strip_prefix(dir).unwrap().to_path_buf();
            if m.is_symlink() {
                let t = fs::read_link(&p).unwrap();
                found.insert(rel, t.to_string_lossy().as_bytes().to_vec());
            } else if m.is_dir() {
                found.insert(rel, b"<dir>".to_vec());
                stack.push(p);
            } else {
                found.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    found
}

/// A folder of someone's files: a marker, a sub-folder with a document, a dot file.
fn precious(dir: &Path) {
    fs::create_dir_all(dir.join("Documents")).unwrap();
    fs::write(dir.join("marker.txt"), "mine").unwrap();
    fs::write(dir.join(".bashrc"), "export A=1\n").unwrap();
    fs::write(dir.join("Documents/important.txt"), "important").unwrap();
    fs::create_dir_all(dir.join("content/sub")).unwrap();
    fs::write(dir.join("content/sub/file.txt"), "file").unwrap();
}

const HEAD: &str = "+++\ntitle = \"测试\"\ndate = 2026-01-01\ntags = [\"测试\"]\n+++\n";

// ---------------------------------------------------------------- output ownership

#[test]
fn o1_out_at_a_decoy_home_is_refused_twice_and_left_intact() {
    let p = Project::new();
    let home = p.path().join("decoyhome");
    precious(&home);
    let before = snapshot(&home);
    for _ in 0..2 {
        let o = Command::new("sh")
            .current_dir(p.path())
            .env("HOME", &home)
            .arg("-c")
            .arg(format!(
                "\"$GEN\" build --content content --theme '{}' --out ~",
                theme().display()
            ))
            .env("GEN", env!("CARGO_BIN_EXE_gen-cli"))
            .output()
            .unwrap();
        let e = fails(&o);
        assert!(e.contains(&home.display().to_string()), "{e}");
        assert!(e.contains("gen did not"), "{e}");
    }
    assert_eq!(snapshot(&home), before, "the decoy home was changed");
    assert!(!p.path().join(".decoyhome.build").exists());
    assert!(!p.path().join(".decoyhome.lock").exists());
}

#[test]
fn o1_out_at_a_foreign_folder_is_refused() {
    let p = Project::new();
    let decoy = p.path().join("decoy");
    precious(&decoy);
    let before = snapshot(&decoy);
    for _ in 0..2 {
        let e = fails(&p.build(&decoy));
        assert!(e.contains("decoy") && e.contains(".gen-site"), "{e}");
    }
    assert_eq!(snapshot(&decoy), before);
    assert!(!p.path().join(".decoy.build").exists());
}

#[test]
fn o1_a_new_or_empty_folder_is_built_and_marked_and_rebuilt() {
    let p = Project::new();
    let out = p.path().join("empty");
    fs::create_dir(&out).unwrap();
    ok(&p.build(&out));
    let marker = fs::read_to_string(out.join(".gen-site")).unwrap();
    assert!(marker.contains("gen"), "{marker}");
    ok(&p.build(&out));
    let fresh = p.path().join("new/site");
    ok(&p.build(&fresh));
    assert!(fresh.join("index.html").is_file() && fresh.join(".gen-site").is_file());
}

#[test]
fn o2_out_at_a_regular_file_is_refused() {
    let p = Project::new();
    let file = p.path().join("afile");
    fs::write(&file, "precious").unwrap();
    for _ in 0..2 {
        let e = fails(&p.build(&file));
        assert!(e.contains("afile") && e.contains("not a folder"), "{e}");
    }
    assert_eq!(fs::read_to_string(&file).unwrap(), "precious");
    assert!(!p.path().join(".afile.build").exists());
}

#[test]
fn o3a_a_symlinked_scratch_folder_or_lock_is_refused() {
    let p = Project::new();
    let victim = p.path().join("victim");
    fs::create_dir_all(victim.join("photos")).unwrap();
    fs::write(victim.join("precious.txt"), "precious").unwrap();
    fs::write(victim.join("photos/1.jpg"), "jpg").unwrap();
    let before = snapshot(&victim);
    std::os::unix::fs::symlink(&victim, p.path().join(".dist.build")).unwrap();
    let e = fails(&p.build(&p.path().join("dist")));
    assert!(
        e.contains(".dist.build") && e.contains("symbolic link"),
        "{e}"
    );
    assert_eq!(snapshot(&victim), before);
    assert!(!p.path().join("dist").exists());

    // The lock: a symlink is not opened (nor created at its target).
    fs::remove_file(p.path().join(".dist.build")).unwrap();
    let target = victim.join("lockfile");
    std::os::unix::fs::symlink(&target, p.path().join(".dist.lock")).unwrap();
    let e = fails(&p.build(&p.path().join("dist")));
    assert!(
        e.contains(".dist.lock") && e.contains("symbolic link"),
        "{e}"
    );
    assert!(!target.exists());
    assert_eq!(snapshot(&victim), before);
}

#[test]
fn o3b_a_symlinked_output_folder_is_refused() {
    let p = Project::new();
    let victim = p.path().join("victim2");
    fs::create_dir_all(&victim).unwrap();
    fs::write(victim.join("precious2.txt"), "precious").unwrap();
    let before = snapshot(&victim);
    std::os::unix::fs::symlink(&victim, p.path().join("dist")).unwrap();
    for _ in 0..2 {
        let e = fails(&p.build(&p.path().join("dist")));
        assert!(e.contains("dist") && e.contains("symbolic link"), "{e}");
    }
    assert_eq!(snapshot(&victim), before);
    assert!(fs::symlink_metadata(p.path().join("dist"))
        .unwrap()
        .is_symlink());
}

#[test]
fn o3c_a_symlink_planted_in_a_previous_output_is_not_followed() {
    let p = Project::new();
    let site = p.path().join("site");
    let victim = p.path().join("victim3");
    fs::create_dir_all(&victim).unwrap();
    fs::write(victim.join("precious3.txt"), "precious").unwrap();
    let before = snapshot(&victim);
    ok(&p.build(&site));
    // A change, so that the second build builds (into the scratch folder) rather than
    // finding the site up to date.
    p.write(
        "loan/extra.md",
        "+++\ntitle = \"又一篇\"\ndate = 2026-03-01\n+++\n\n正文。\n",
    );
    ok(&p.build(&site));
    // Both the output and the scratch folder (the site before) get a planted link.
    for dir in [site.clone(), p.path().join(".site.build")] {
        fs::remove_dir_all(dir.join("loan")).unwrap();
        std::os::unix::fs::symlink(&victim, dir.join("loan")).unwrap();
    }
    ok(&p.build(&site));
    ok(&p.build(&site));
    ok(&p.build(&site));
    assert_eq!(snapshot(&victim), before, "gen wrote through a symlink");
    assert!(site.join("loan/overdue-interest/index.html").is_file());
    assert!(!fs::symlink_metadata(site.join("loan"))
        .unwrap()
        .is_symlink());
}

/// The build cache (`.X.cache`) is gen's like the scratch folder: a link or a file of
/// someone else's at its path, or at the temporary path it is written through, is left
/// alone (the build goes on without a cache and says so), and what a link points to is
/// never written.
#[test]
fn o3d_the_build_cache_is_never_written_through_a_link_or_over_a_foreign_file() {
    let p = Project::new();
    let site = p.path().join("site");
    let victim = p.path().join("victim4.txt");
    fs::write(&victim, "precious").unwrap();
    let cache = p.path().join(".site.cache");
    std::os::unix::fs::symlink(&victim, &cache).unwrap();
    for n in 0..3 {
        p.write(
            "loan/extra.md",
            &format!("+++\ntitle = \"又一篇\"\ndate = 2026-03-01\n+++\n\n第{n}版。\n"),
        );
        let o = p.build(&site);
        ok(&o);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains(".site.cache") && err.contains("leaves it alone"),
            "{err}"
        );
    }
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    assert!(fs::symlink_metadata(&cache).unwrap().is_symlink());
    // Someone's own file there.
    fs::remove_file(&cache).unwrap();
    fs::write(&cache, "my notes").unwrap();
    ok(&p.build(&site));
    assert_eq!(fs::read_to_string(&cache).unwrap(), "my notes");
    // gen's temporary file's path taken by a link: the cache is not written.
    fs::remove_file(&cache).unwrap();
    let tmp = p.path().join(".site.cache-new");
    std::os::unix::fs::symlink(&victim, &tmp).unwrap();
    p.write(
        "loan/extra.md",
        "+++\ntitle = \"又一篇\"\ndate = 2026-03-01\n+++\n\n最后一版。\n",
    );
    ok(&p.build(&site));
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    assert!(fs::symlink_metadata(&tmp).unwrap().is_symlink());
    assert!(!cache.exists(), "a cache was written beside a planted link");
    // With the path clear, gen keeps its cache again.
    fs::remove_file(&tmp).unwrap();
    p.write(
        "loan/extra.md",
        "+++\ntitle = \"又一篇\"\ndate = 2026-03-02\n+++\n\n又一版。\n",
    );
    ok(&p.build(&site));
    assert!(fs::read(&cache).unwrap().starts_with(b"gen build cache"));
}

/// A1 and A2: a disk that fills up. The build runs in a private mount namespace (user
/// namespace where needed) on a small tmpfs; nothing outside the test's folder is mounted.
#[test]
fn a1_a2_a_full_disk_is_reported_once_and_the_next_build_recovers() {
    let p = Project::new();
    // A large content folder: 600 articles with long bodies.
    let big = p.path().join("big");
    e2e::copy_dir(&p.content(), &big);
    let body = "逾期以后应当及时与平台沟通，保留证据。".repeat(400);
    for i in 0..600 {
        fs::write(
            big.join(format!("loan/a{i}.md")),
            format!("{HEAD}\n## 第{i}节\n\n{body}\n"),
        )
        .unwrap();
    }
    let disk = p.path().join("disk");
    fs::create_dir(&disk).unwrap();
    let script = r#"
set -u
mount -t tmpfs -o size=4m tmpfs "$DISK" || exit 90
"$GEN" build --content "$SMALL" --theme "$THEME" --out "$DISK/site" >"$LOGS/1.out" 2>"$LOGS/1.err"; echo $? >"$LOGS/1.rc"
"$GEN" build --content "$BIG" --theme "$THEME" --out "$DISK/site" >"$LOGS/2.out" 2>"$LOGS/2.err"; echo $? >"$LOGS/2.rc"
ls -a "$DISK" >"$LOGS/2.ls"
"$GEN" build --content "$SMALL" --theme "$THEME" --out "$DISK/site" >"$LOGS/3.out" 2>"$LOGS/3.err"; echo $? >"$LOGS/3.rc"
test -f "$DISK/site/index.html" && echo yes >"$LOGS/3.site"
"#;
    let logs = p.path().join("logs");
    fs::create_dir(&logs).unwrap();
    let run = |prefix: &[&str]| {
        Command::new(prefix[0])
            .args(&prefix[1..])
            .arg("sh")
            .arg("-c")
            .arg(script)
            .env("DISK", &disk)
            .env("GEN", env!("CARGO_BIN_EXE_gen-cli"))
            .env("SMALL", p.content())
            .env("BIG", &big)
            .env("THEME", theme())
            .env("LOGS", &logs)
            .status()
            .unwrap()
    };
    // As root, a private mount namespace; otherwise a user namespace too.
    let mut status = run(&["unshare", "--mount", "--propagation", "private"]);
    if status.code() != Some(0) {
        status = run(&["unshare", "--user", "--map-root-user", "--mount"]);
    }
    assert_eq!(status.code(), Some(0), "could not mount a small tmpfs");
    let log = |f: &str| fs::read_to_string(logs.join(f)).unwrap_or_default();
    assert_eq!(log("1.rc").trim(), "0", "{}", log("1.err"));
    assert_eq!(log("2.rc").trim(), "1", "the big build should fail");
    let err = log("2.err");
    assert_eq!(
        err.matches("No space left").count(),
        1,
        "one disk-full message, not one per file:\n{}",
        &err[..err.len().min(3000)]
    );
    assert!(
        err.starts_with("1 problem found"),
        "{}",
        &err[..err.len().min(3000)]
    );
    assert!(
        !log("2.ls").contains(".site.build"),
        "the failed build left its scratch folder: {}",
        log("2.ls")
    );
    assert_eq!(
        log("3.rc").trim(),
        "0",
        "the next build did not recover: {}",
        log("3.err")
    );
    assert_eq!(log("3.site").trim(), "yes");
}

/// A3: `gen build | true`, `gen check 2>&1 | head -1`: a closed pipe is no panic.
#[test]
fn a3_closed_stdout_or_stderr_is_no_panic() {
    let p = Project::new();
    // A pipe whose reading end is closed before gen writes.
    let closed_pipe = || -> Stdio {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        Stdio::from(writer)
    };
    let out = p.path().join("pp/o");
    let o = gen()
        .current_dir(p.path())
        .args(["build", "--content", "content", "--theme"])
        .arg(theme())
        .arg("--out")
        .arg(&out)
        .stdout(closed_pipe())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(out.join("index.html").is_file());

    p.write("loan/bad.md", "no front matter\n");
    let o = gen()
        .current_dir(p.path())
        .args(["check", "--content", "content", "--theme"])
        .arg(theme())
        .stdout(Stdio::piped())
        .stderr(closed_pipe())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
}

// ---------------------------------------------------------------- content

#[test]
fn c1_symlinks_leaving_content_are_problems_for_build_and_check() {
    let p = Project::new();
    let outside = p.path().join("outside");
    fs::create_dir_all(&outside).unwrap();
    fs::write(outside.join("secret"), "TOP SECRET").unwrap();
    fs::write(outside.join("secret.md"), format!("{HEAD}\nTOP SECRET\n")).unwrap();
    std::os::unix::fs::symlink(&outside, p.content().join("etc")).unwrap();
    std::os::unix::fs::symlink(outside.join("secret.md"), p.content().join("loan/s.md")).unwrap();
    std::os::unix::fs::symlink(outside.join("secret"), p.content().join("credit/s.png")).unwrap();
    let e = fails(&p.check());
    for link in ["content/etc", "content/loan/s.md", "content/credit/s.png"] {
        assert!(
            e.lines()
                .any(|l| l.contains(link) && l.contains("outside the content folder")),
            "{link} not reported:\n{e}"
        );
    }
    let out = p.path().join("out");
    let e2 = fails(&p.build(&out));
    assert!(e2.contains("outside the content folder"), "{e2}");
    assert!(!out.exists());
    // A symlink that stays inside content/ is fine.
    for l in ["content/etc", "content/loan/s.md", "content/credit/s.png"] {
        fs::remove_file(p.path().join(l)).unwrap();
    }
    std::os::unix::fs::symlink("card.svg", p.content().join("credit/card2.svg")).unwrap();
    ok(&p.build(&out));
    assert!(out.join("credit/card2.svg").is_file());
    for f in e2e::all_files(&out) {
        assert!(!fs::read(&f)
            .unwrap()
            .windows(10)
            .any(|w| w == b"TOP SECRET"));
    }
}

#[test]
fn c2_names_colliding_with_generated_files_are_problems() {
    let cases: &[(&str, &str, &str)] = &[
        ("index.html/a.md", HEAD, "content/index.html"),
        ("atom.xml/a.md", HEAD, "content/atom.xml"),
        ("404.html/a.md", HEAD, "content/404.html"),
        ("sitemap.xml/a.md", HEAD, "content/sitemap.xml"),
        ("robots.txt/a.md", HEAD, "content/robots.txt"),
        (
            "loan/x.md",
            "+++\ntitle = \"a\"\ndate = 2026-01-01\nslug = \"index.html\"\n+++\n",
            "content/loan/x.md:4",
        ),
        (
            "loan/x.md",
            "+++\ntitle = \"a\"\ndate = 2026-01-01\ntags = [\"index.html\"]\n+++\n",
            "content/loan/x.md:4",
        ),
    ];
    for (file, text, location) in cases {
        let p = Project::new();
        p.write(file, text);
        let e = fails(&p.check());
        // A category is refused by its name alone; a slug or tag by the address it takes.
        assert!(
            e.contains(location) && (e.contains("same address") || e.contains("reserved")),
            "{file}: {e}"
        );
        let out = p.path().join("out");
        fails(&p.build(&out));
        assert!(!out.exists());
    }
}

#[test]
fn c6_assets_colliding_with_pages_are_problems() {
    for (asset, also) in [
        ("loan/index.html", None),
        ("loan/overdue-interest/index.html", None),
        ("loan/img/index.html", Some(("loan/img.md", HEAD))),
    ] {
        let p = Project::new();
        p.write(asset, "<p>asset</p>");
        if let Some((f, t)) = also {
            p.write(f, t);
        }
        let e = fails(&p.check());
        assert!(
            e.contains(&format!("content/{asset}")) && e.contains("same address"),
            "{asset}: {e}"
        );
    }
}

#[test]
fn c3_hidden_files_and_editor_leftovers_are_not_published() {
    let p = Project::new();
    let text = fs::read_to_string(p.content().join("loan/overdue-interest.md")).unwrap();
    p.write("loan/overdue-interest.md~", &text);
    p.write("loan/#overdue-interest.md#", &text);
    p.write("loan/.overdue-interest.md.swp", "swap");
    p.write("loan/.git/config", "[core]\n");
    p.write("loan/.env", "TOKEN=1");
    p.write("loan/.DS_Store", "ds");
    p.write("loan/img/.hidden.png", "png");
    p.write("loan/.draft.md", HEAD);
    let out = p.path().join("out");
    ok(&p.build(&out));
    let published: Vec<String> = e2e::all_files(&out)
        .iter()
        .map(|f| f.strip_prefix(&out).unwrap().to_string_lossy().into_owned())
        .collect();
    for name in [
        "loan/overdue-interest.md~",
        "loan/#overdue-interest.md#",
        "loan/.overdue-interest.md.swp",
        "loan/.git/config",
        "loan/.env",
        "loan/.DS_Store",
        "loan/img/.hidden.png",
        "loan/.draft/index.html",
    ] {
        assert!(!published.iter().any(|p| p == name), "{name} was published");
    }
}

#[test]
fn c4_c5_unwritable_slugs_and_tags_are_reported_by_check_with_location() {
    let long = "a".repeat(300);
    let wide = "长".repeat(100);
    let cases = [
        format!("slug = \"{long}\""),
        format!("slug = \"{wide}\""),
        "slug = \"a\\u0000b\"".to_string(),
        "slug = \"a\\nb\"".to_string(),
        "slug = \"a\\u0007b\"".to_string(),
        format!("tags = [\"{long}\"]"),
        "tags = [\"a\\u0000b\"]".to_string(),
        "tags = [\"a\\nb\"]".to_string(),
    ];
    for line in cases {
        let p = Project::new();
        p.write(
            "loan/x.md",
            &format!("+++\ntitle = \"a\"\ndate = 2026-01-01\n{line}\n+++\n正文\n"),
        );
        let e = fails(&p.check());
        assert!(e.contains("content/loan/x.md:4"), "{line}: {e}");
        let out = p.path().join("out");
        let e = fails(&p.build(&out));
        assert!(e.contains("content/loan/x.md:4"), "{line}: {e}");
        assert!(!e.contains("cannot write"), "{line}: {e}");
    }
}

#[test]
fn c7_twenty_thousand_equal_headings_are_linear() {
    let p = Project::new();
    p.write(
        "loan/headings.md",
        &format!("{HEAD}\n{}", "## 标题\n\n正文。\n\n".repeat(20_000)),
    );
    // A complexity test with a generous bound: the debug build takes about 0.3 s of CPU
    // (1 s on a busy machine); the quadratic de-duplication took over a minute.
    let start = Instant::now();
    ok(&p.check());
    let took = start.elapsed();
    assert!(
        took < Duration::from_secs(5),
        "20,000 headings took {took:?}"
    );
    let out = p.path().join("out");
    ok(&p.build(&out));
    let html = fs::read_to_string(out.join("loan/headings/index.html")).unwrap();
    assert!(html.contains("id=\"标题-19999\""));
}

#[test]
fn c8_raw_html_that_is_not_allowed_is_shown_as_text() {
    let p = Project::new();
    p.write(
        "loan/raw.md",
        &format!("{HEAD}\n<div>块级内容</div>\n\n行内<b>粗体</b>文字\n\n<!-- 作者的备注 -->\n"),
    );
    let out = p.path().join("out");
    ok(&p.build(&out));
    let html = fs::read_to_string(out.join("loan/raw/index.html")).unwrap();
    assert!(html.contains("&lt;div&gt;块级内容&lt;/div&gt;"), "{html}");
    assert!(html.contains("&lt;b&gt;粗体&lt;/b&gt;"), "{html}");
    assert!(!html.contains("<div>块级内容") && !html.contains("<b>粗体"));
    assert!(
        !html.contains("作者的备注"),
        "an HTML comment is a note to authors"
    );
}

#[test]
fn c9_an_empty_content_folder_does_not_replace_a_site() {
    let p = Project::new();
    let out = p.path().join("site");
    ok(&p.build(&out));
    let before = snapshot(&out);
    let empty = p.path().join("emptyc");
    fs::create_dir(&empty).unwrap();
    let run = |extra: &[&str]| {
        gen()
            .current_dir(p.path())
            .args(["build", "--content", "emptyc", "--theme"])
            .arg(theme())
            .args(["--out", "site"])
            .args(extra)
            .output()
            .unwrap()
    };
    let e = fails(&run(&[]));
    assert!(
        e.contains("no articles") && e.contains("--allow-empty"),
        "{e}"
    );
    assert_eq!(snapshot(&out), before);
    ok(&run(&["--allow-empty"]));
    assert!(!out.join("loan").exists());
}

#[test]
fn c10_control_characters_never_reach_the_html() {
    let p = Project::new();
    p.write("loan/nul.md", &format!("{HEAD}\n正文a\0b。\n"));
    let e = fails(&p.check());
    assert!(e.contains("content/loan/nul.md:7:4"), "{e}");
    let p = Project::new();
    p.write(
        "loan/esc.md",
        "+++\ntitle = \"a\\u0001b\"\ndate = 2026-01-01\ndescription = \"a\\u0000b\"\n+++\n正文\n",
    );
    let e = fails(&p.check());
    assert!(e.contains("content/loan/esc.md:2"), "{e}");
    assert!(e.contains("content/loan/esc.md:4"), "{e}");
}

#[test]
fn c10_a_root_level_article_is_reported() {
    let p = Project::new();
    p.write("about.md", HEAD);
    let e = fails(&p.check());
    assert!(
        e.contains("content/about.md") && e.contains("category"),
        "{e}"
    );
}

#[test]
fn c10_base_urls_upper_case_scheme_credentials_and_location() {
    let p = Project::new();
    let out = p.path().join("out");
    ok(&p.run(
        "build",
        &[
            "--out",
            out.to_str().unwrap(),
            "--base-url",
            "HTTPS://E.ORG/",
        ],
    ));
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("https://E.ORG/") || home.contains("https://e.org/"));
    let e = fails(&p.run(
        "build",
        &[
            "--out",
            out.to_str().unwrap(),
            "--base-url",
            "https://user:pass@e.org/",
        ],
    ));
    assert!(e.contains("--base-url") && e.contains("password"), "{e}");
    let site = fs::read_to_string(p.content().join("site.toml")).unwrap();
    fs::write(
        p.content().join("site.toml"),
        site.replace("https://fixture.test/", "ftp://fixture.test/"),
    )
    .unwrap();
    let e = fails(&p.check());
    assert!(e.contains("content/site.toml:3:"), "{e}");
}

#[test]
fn c11_gen_new_refuses_what_the_build_refuses_and_writes_valid_toml() {
    let p = Project::new();
    let new = |spec: &str| {
        gen()
            .current_dir(p.path())
            .args(["new", "--content", "content", spec])
            .output()
            .unwrap()
    };
    for spec in [
        "overdue/new one",
        "overdue/..",
        "static/x",
        "tags/x",
        "index.html/x",
        "overdue/.hidden",
        "overdue/a\u{1}b",
        "overdue/反\\斜杠",
    ] {
        fails(&new(spec));
    }
    let names: Vec<_> = fs::read_dir(p.content())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(!names
        .iter()
        .any(|n| n == "overdue" || n == "static" || n == "tags"));
    ok(&new("loan/a\"<b"));
    ok(&new("loan/单引号'与\"双引号\"、三个'''"));
    ok(&p.run("check", &["--drafts"]));
}

#[test]
fn c12_base_url_flag_errors_name_the_flag() {
    let p = Project::new();
    let e = fails(&p.run(
        "build",
        &[
            "--out",
            p.path().join("o").to_str().unwrap(),
            "--base-url",
            "javascript:alert(1)",
        ],
    ));
    assert!(e.contains("--base-url"), "{e}");
    assert!(!e.contains("site.toml"), "{e}");
}

// ---------------------------------------------------------------- gen serve

/// `gen serve` on the project, its preview folder under the project (TMPDIR).
struct Serve {
    child: Child,
    port: u16,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Serve {
    fn start(p: &Project) -> Serve {
        let port = free_port();
        let child = p.serve(gen(), &port.to_string()).spawn().unwrap();
        let s = Serve { child, port };
        let start = Instant::now();
        while !request(
            port,
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        )
        .1
        .contains("__livereload")
        {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "serve did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        s
    }

    fn get(&self, path: &str) -> (u16, String) {
        request(
            self.port,
            &format!(
                "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
                self.port
            ),
        )
    }

    /// A line of /proc/<pid>/status in kB.
    fn memory_kb(&self, key: &str) -> u64 {
        let status = fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap()
    }
}

/// One raw request: the status code (0: no answer) and the whole response.
fn request(port: u16, raw: &str) -> (u16, String) {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return (0, String::new());
    };
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    if s.write_all(raw.as_bytes()).is_err() {
        return (0, String::new());
    }
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let resp = String::from_utf8_lossy(&buf).into_owned();
    let code = resp
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (code, resp)
}

#[test]
fn s1_serve_never_answers_with_a_file_outside_the_preview() {
    let p = Project::new();
    // The preview is $TMPDIR/gen-serve-<pid>/site: the secret is two folders up.
    fs::write(p.path().join("secret.txt"), "TOP SECRET").unwrap();
    let s = Serve::start(&p);
    let abs = p.path().join("secret.txt").display().to_string();
    let enc = |s: &str| s.replace('/', "%2F");
    for path in [
        format!("/{}", enc(&abs)),
        format!("/{}", enc(&abs).replace("%2F", "%2f")),
        format!("/%2F{}", enc(&abs)),
        "/..%2F..%2Fsecret.txt".to_string(),
        "/%2e%2e/%2e%2e/secret.txt".to_string(),
        "/../../secret.txt".to_string(),
        "/loan/..%5C..%5C..%5Csecret.txt".to_string(),
        "//secret.txt".to_string(),
        "/a%00/secret.txt".to_string(),
    ] {
        let (code, resp) = s.get(&path);
        assert!(!resp.contains("TOP SECRET"), "{path} answered the secret");
        assert!(code == 400 || code == 404, "{path}: {code}");
    }
    assert_eq!(s.get("/loan/").0, 200);
    assert_eq!(s.get("/credit/card.svg").0, 200);
}

#[test]
fn s1_serve_answers_loopback_hosts_only() {
    let p = Project::new();
    let s = Serve::start(&p);
    let port = s.port;
    for host in [
        "attacker.example".to_string(),
        format!("attacker.example:{port}"),
        format!("127.0.0.1.attacker.example:{port}"),
        format!("localhost.attacker.example:{port}"),
        "192.168.1.1".to_string(),
    ] {
        let (code, _) = request(
            port,
            &format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        );
        assert_eq!(code, 403, "Host: {host}");
    }
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        "localhost".to_string(),
    ] {
        let (code, _) = request(
            port,
            &format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        );
        assert_eq!(code, 200, "Host: {host}");
    }
}

/// A request that only announces a huge body: the server must neither read nor reserve
/// it. Measured on the server process: peak resident memory (VmHWM) and peak address
/// space (VmPeak: a reserved but untouched buffer is still an allocation of that size,
/// which fails or is killed under a memory limit).
#[test]
fn s2_serve_does_not_hold_an_announced_body_in_memory() {
    let p = Project::new();
    let s = Serve::start(&p);
    let before = (s.memory_kb("VmHWM:"), s.memory_kb("VmPeak:"));
    let mut conn = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
    conn.write_all(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000000\r\n\r\nabc")
        .unwrap();
    let mut buf = [0u8; 512];
    let _ = conn.read(&mut buf);
    std::thread::sleep(Duration::from_millis(1500));
    let after = (s.memory_kb("VmHWM:"), s.memory_kb("VmPeak:"));
    let limit = 256 * 1024;
    assert!(
        after.0 < before.0 + limit && after.1 < before.1 + limit,
        "peak memory grew from {before:?} kB to {after:?} kB (resident, address space)"
    );
    drop(conn);
    assert_eq!(s.get("/").0, 200, "serve still answers");
}

#[test]
fn s3_serve_stops_serving_a_deleted_asset() {
    let p = Project::new();
    let s = Serve::start(&p);
    let wait = |what: &str, path: &str, want: u16| {
        let start = Instant::now();
        while s.get(path).0 != want {
            assert!(start.elapsed() < Duration::from_secs(20), "{what}");
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    p.write("loan/img/a.png", "png");
    wait("the new asset was not served", "/loan/img/a.png", 200);
    fs::remove_file(p.content().join("loan/img/a.png")).unwrap();
    wait("the deleted asset is still served", "/loan/img/a.png", 404);
    p.write("loan/img/b.png", "png");
    wait("the second asset was not served", "/loan/img/b.png", 200);
    fs::remove_dir_all(p.content().join("loan/img")).unwrap();
    wait("the deleted folder is still served", "/loan/img/b.png", 404);
}

#[test]
fn s4_serve_port_0_prints_and_uses_the_real_port() {
    let p = Project::new();
    let mut child = p.serve(gen(), "0").stdout(Stdio::piped()).spawn().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut all = String::new();
        let mut buf = [0u8; 256];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            all.push_str(&String::from_utf8_lossy(&buf[..n]));
            let _ = tx.send(all.clone());
        }
    });
    let mut printed = String::new();
    let start = Instant::now();
    while !printed.contains("serving on") && start.elapsed() < Duration::from_secs(30) {
        if let Ok(s) = rx.recv_timeout(Duration::from_millis(200)) {
            printed = s;
        }
    }
    let port: u16 = printed
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let s = Serve { child, port };
    assert_ne!(port, 0, "printed: {printed}");
    let (code, page) = s.get("/loan/overdue-interest/");
    assert_eq!(code, 200);
    assert!(
        page.contains(&format!("http://127.0.0.1:{port}/loan/overdue-interest/")),
        "the base URL does not use the real port"
    );
}

#[test]
fn s5_serve_accepts_an_absolute_form_target() {
    let p = Project::new();
    let s = Serve::start(&p);
    let port = s.port;
    let (code, resp) = request(
        port,
        &format!("GET http://127.0.0.1:{port}/loan/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
    );
    assert_eq!(code, 200);
    assert!(resp.contains("金融债务"));
    // The target's authority counts, not the Host header.
    let (code, _) = request(
        port,
        &format!("GET http://attacker.example/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
    );
    assert_eq!(code, 403);
}

// Issue 23: the December re-probe (R1, R2, M1–M14).
mod december;
