//! End-to-end tests of issue 23: the findings of the December reliability re-probe
//! (`../shared/reviews/reliability-2026-12.md`, ids R1, R2, M1–M14). Each test's name
//! starts with its id; each ran and failed on the code the review probed (a579cb7). They
//! use the harness of `safety` (the real `gen` command line, temporary folders only).

use super::*;
use std::os::unix::fs::PermissionsExt;

/// An article of the fixture site that the tests edit.
const ARTICLE: &str = "loan/overdue-interest.md";

/// Its page.
const PAGE: &str = "loan/overdue-interest/index.html";

fn append(p: &Project, rel: &str, text: &str) {
    let mut f = fs::OpenOptions::new()
        .append(true)
        .open(p.content().join(rel))
        .unwrap();
    writeln!(f, "\n\n{text}").unwrap();
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "{path:?}");
}

/// Runs `cmd` to its end, or kills it after `limit`: the output, or `None` when it hung.
/// Its output goes to files, not pipes: a build with many warnings would fill a pipe
/// nobody reads while it runs.
fn finished(mut cmd: Command, limit: Duration) -> Option<Output> {
    let (out, err) = (tempfile::tempfile().unwrap(), tempfile::tempfile().unwrap());
    let mut child = cmd
        .stdout(out.try_clone().unwrap())
        .stderr(err.try_clone().unwrap())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read = |mut f: fs::File| {
        use std::io::Seek;
        let mut v = Vec::new();
        f.seek(std::io::SeekFrom::Start(0)).unwrap();
        f.read_to_end(&mut v).unwrap();
        v
    };
    Some(Output {
        status,
        stdout: read(out),
        stderr: read(err),
    })
}

/// A child process killed when dropped (a failed assertion leaves no server running).
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `gen build` of the project into `dist`, with `theme`, under `limit`.
fn build_within(p: &Project, theme: &Path, limit: Duration) -> Option<Output> {
    let mut c = gen();
    c.current_dir(p.path())
        .args(["build", "--content", "content", "--theme"])
        .arg(theme)
        .args(["--out", "dist"]);
    finished(c, limit)
}

/// The same, with its address space limited to `bytes` (prlimit): a build that reads
/// something without end fails instead of filling the machine's memory.
fn build_limited(p: &Project, bytes: u64) -> Option<Output> {
    let mut c = Command::new("prlimit");
    c.current_dir(p.path())
        .arg(format!("--as={bytes}"))
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_gen-cli"))
        .args(["build", "--content", "content", "--theme"])
        .arg(theme())
        .args(["--out", "dist"]);
    finished(c, Duration::from_secs(60))
}

/// A copy of the repository's theme in the project.
fn own_theme(p: &Project) -> PathBuf {
    let t = p.path().join("theme");
    e2e::copy_dir(&theme(), &t);
    t
}

/// `n` more articles in a category `bulk/` (a build that takes a while).
fn bulk(p: &Project, n: usize) {
    for i in 0..n {
        p.write(
            &format!("bulk/a{i}.md"),
            &format!("{HEAD}\n逾期第{i}篇。\n\n## 小标题\n\n正文{i}。\n"),
        );
    }
}

// ---------------------------------------------------------------- R1, R2: the scratch folder

#[test]
fn r1_a_hard_link_snapshot_of_the_site_is_never_written_through() {
    let p = Project::new();
    let out = p.path().join("dist");
    ok(&p.build(&out));
    append(&p, ARTICLE, "第一次修改。");
    ok(&p.build(&out));
    // `cp -al dist release`: a snapshot sharing every file with the site.
    let release = p.path().join("release");
    for e in walkdir(&out) {
        let to = release.join(e.strip_prefix(&out).unwrap());
        if e.is_dir() {
            fs::create_dir_all(&to).unwrap();
        } else {
            fs::create_dir_all(to.parent().unwrap()).unwrap();
            fs::hard_link(&e, &to).unwrap();
        }
    }
    let before = snapshot(&release);
    // A file of someone's hard-linked into the scratch folder, where a changed page goes.
    let notes = p.path().join("notes.txt");
    fs::write(&notes, "mine").unwrap();
    let planted = p.path().join(".dist.build").join(PAGE);
    fs::remove_file(&planted).unwrap();
    fs::hard_link(&notes, &planted).unwrap();
    append(&p, ARTICLE, "第二次修改。");
    ok(&p.build(&out));
    append(&p, ARTICLE, "THIRD-EDIT");
    ok(&p.build(&out));
    assert!(fs::read_to_string(out.join(PAGE))
        .unwrap()
        .contains("THIRD-EDIT"));
    assert!(snapshot(&release) == before, "the snapshot changed");
    assert_eq!(fs::read_to_string(&notes).unwrap(), "mine");
}

/// Every folder and file below `dir` (links not followed).
fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if fs::symlink_metadata(&p).unwrap().is_dir() {
                stack.push(p.clone());
            }
            found.push(p);
        }
    }
    found.sort();
    found
}

#[test]
fn r2_a_scratch_folder_deleted_during_a_build_fails_it_and_leaves_dist_alone() {
    let p = Project::new();
    bulk(&p, 1500);
    let out = p.path().join("dist");
    ok(&p.build(&out));
    append(&p, ARTICLE, "第一次修改。");
    ok(&p.build(&out));
    let scratch = p.path().join(".dist.build");
    let mut deletions = 0;
    // Deleted once, at a different moment of each build (a debug build of 1,500
    // articles takes seconds).
    for (round, delay) in [300, 1000, 2500, 5000].into_iter().enumerate() {
        append(&p, ARTICLE, &format!("第{round}轮修改。"));
        let before = snapshot(&out);
        let running = std::sync::atomic::AtomicBool::new(true);
        let (o, deleted) = std::thread::scope(|scope| {
            let deleter = scope.spawn(|| {
                std::thread::sleep(Duration::from_millis(delay));
                // Gone in one step (moved away, then deleted): `rm -rf` of a folder a
                // build is writing into can take long enough to make the build fail
                // for other reasons.
                let away = p.path().join(format!("deleted-{round}"));
                let gone = running.load(std::sync::atomic::Ordering::SeqCst)
                    && fs::rename(&scratch, &away).is_ok();
                if gone {
                    let _ = fs::remove_dir_all(&away);
                }
                gone
            });
            let o = build_within(&p, &theme(), Duration::from_secs(120)).expect("hung");
            running.store(false, std::sync::atomic::Ordering::SeqCst);
            (o, deleter.join().unwrap())
        });
        deletions += usize::from(deleted);
        if o.status.success() {
            // Only a complete site may be swapped in.
            assert!(out.join(".gen-site").is_file(), "no marker:\n{}", text(&o));
            assert_eq!(
                snapshot(&out).keys().collect::<Vec<_>>(),
                before.keys().collect::<Vec<_>>(),
                "files lost:\n{}",
                text(&o)
            );
        } else {
            assert!(snapshot(&out) == before, "dist changed:\n{}", text(&o));
            assert!(fails(&o).contains("scratch folder"), "{}", text(&o));
        }
        // The next build goes through.
        ok(&p.build(&out));
        assert!(out.join(".gen-site").is_file());
    }
    assert!(
        deletions > 0,
        "every build ended before its folder could be deleted"
    );
}

// ---------------------------------------------------------------- M1–M4: what is read

#[test]
fn m1_a_fifo_in_content_or_theme_does_not_hang_the_build() {
    let p = Project::new();
    let t = own_theme(&p);
    mkfifo(&p.content().join(".pipe"));
    mkfifo(&p.content().join("loan/pipe.png"));
    mkfifo(&t.join("pipe"));
    let o = build_within(&p, &t, Duration::from_secs(60)).expect("the build hung on a FIFO");
    ok(&o);
    // And the "nothing to do" check of the next build.
    let o = build_within(&p, &t, Duration::from_secs(60)).expect("the build hung on a FIFO");
    ok(&o);
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("up to date"),
        "{}",
        text(&o)
    );
    assert!(!p.path().join("dist/loan/pipe.png").exists());
}

#[test]
fn m1_a_link_to_a_device_or_out_of_content_is_not_read() {
    let p = Project::new();
    // Hidden: the loader skips it, and so does the fingerprint.
    std::os::unix::fs::symlink("/dev/zero", p.content().join(".zero")).unwrap();
    let o = build_limited(&p, 3_000_000_000).expect("the build did not end");
    ok(&o);
    // A link to a folder outside holding a FIFO: refused, not walked.
    let outside = p.path().join("outside");
    fs::create_dir(&outside).unwrap();
    mkfifo(&outside.join("pipe.md"));
    std::os::unix::fs::symlink(&outside, p.content().join("loan/linked")).unwrap();
    let o = build_limited(&p, 3_000_000_000).expect("the build hung");
    assert!(
        fails(&o).contains("outside the content folder"),
        "{}",
        text(&o)
    );
    fs::remove_file(p.content().join("loan/linked")).unwrap();
    // A link to /dev/zero where an article goes: refused at once, not read.
    std::os::unix::fs::symlink("/dev/zero", p.content().join("loan/zero.md")).unwrap();
    let o = build_limited(&p, 3_000_000_000).expect("the build did not end");
    assert!(
        fails(&o).contains("symbolic link to /dev/zero"),
        "{}",
        text(&o)
    );
}

#[test]
fn m1_a_fifo_in_the_data_folder_does_not_hang_check_or_build() {
    let p = Project::new();
    let holidays = p.content().join("data/holidays");
    let year = fs::read_dir(&holidays)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "csv"))
        .unwrap();
    fs::remove_file(&year).unwrap();
    mkfifo(&year);
    let mut c = gen();
    c.current_dir(p.path())
        .args(["check", "--content", "content", "--theme"])
        .arg(theme());
    let o = finished(c, Duration::from_secs(60)).expect("check hung on a FIFO");
    assert!(fails(&o).contains("not a regular file"), "{}", text(&o));
    let o = build_within(&p, &theme(), Duration::from_secs(60)).expect("build hung");
    assert!(fails(&o).contains("not a regular file"), "{}", text(&o));
}

#[test]
fn m2_a_fifo_left_in_dist_is_replaced() {
    let p = Project::new();
    ok(&p.build(&p.path().join("dist")));
    let robots = p.path().join("dist/robots.txt");
    fs::remove_file(&robots).unwrap();
    mkfifo(&robots);
    for edit in ["一", "二"] {
        append(&p, ARTICLE, edit);
        let o = build_within(&p, &theme(), Duration::from_secs(60)).expect("hung on a FIFO");
        ok(&o);
    }
    for dir in ["dist", ".dist.build"] {
        let m = fs::symlink_metadata(p.path().join(dir).join("robots.txt")).unwrap();
        assert!(m.is_file(), "{dir}/robots.txt");
    }
}

#[test]
fn m3_a_fifo_at_the_lock_is_refused_at_once() {
    let p = Project::new();
    mkfifo(&p.path().join(".dist.lock"));
    let o = build_within(&p, &theme(), Duration::from_secs(60)).expect("hung on the lock");
    assert!(fails(&o).contains("not a regular file"), "{}", text(&o));
    assert!(!p.path().join("dist").exists());
}

#[test]
fn m4_a_huge_foreign_cache_is_not_read_whole() {
    let p = Project::new();
    let cache = fs::File::create(p.path().join(".dist.cache")).unwrap();
    cache.set_len(3 << 30).unwrap();
    let o = build_limited(&p, 2_000_000_000).expect("the build did not end");
    ok(&o);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("not a cache gen wrote"),
        "{}",
        text(&o)
    );
    assert_eq!(
        fs::metadata(p.path().join(".dist.cache")).unwrap().len(),
        3 << 30,
        "left alone"
    );
}

// ---------------------------------------------------------------- M5, M6

#[test]
fn m5_an_unreadable_folder_in_the_scratch_folder_is_named_and_recoverable() {
    let p = Project::new();
    let t = own_theme(&p);
    // As an ordinary user (root reads any folder): the project is theirs to write.
    for e in walkdir(p.path()).iter().chain([&p.path().to_path_buf()]) {
        let mode = if e.is_dir() { 0o777 } else { 0o666 };
        fs::set_permissions(e, fs::Permissions::from_mode(mode)).unwrap();
    }
    let as_user = || {
        let mut c = if unsafe { libc::geteuid() } == 0 {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]);
            c.arg(env!("CARGO_BIN_EXE_gen-cli"));
            c
        } else {
            gen()
        };
        c.current_dir(p.path())
            .args(["build", "--content", "content", "--theme"])
            .arg(&t)
            .args(["--out", "dist"]);
        finished(c, Duration::from_secs(60)).unwrap()
    };
    ok(&as_user());
    ok(&as_user());
    fs::set_permissions(
        p.path().join("dist/loan"),
        fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    append(&p, ARTICLE, "一");
    ok(&as_user());
    for edit in ["二", "三"] {
        append(&p, ARTICLE, edit);
        let err = fails(&as_user());
        assert!(err.contains("cannot list or clear"), "{err}");
        assert!(err.contains(".dist.build/loan"), "{err}");
        assert!(!err.contains("marker"), "{err}");
    }
    // Once the permissions are given back, the builds go on.
    fs::set_permissions(
        p.path().join(".dist.build/loan"),
        fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    ok(&as_user());
}

#[test]
fn m6_a_linked_holidays_folder_leading_out_of_content_is_refused() {
    let p = Project::new();
    let outside = p.path().join("elsewhere");
    fs::rename(p.content().join("data/holidays"), &outside).unwrap();
    std::os::unix::fs::symlink(&outside, p.content().join("data/holidays")).unwrap();
    let err = fails(&p.check());
    assert!(err.contains("data/holidays"), "{err}");
    assert!(err.contains("outside the content folder"), "{err}");
    fails(&p.build(&p.path().join("dist")));
    assert!(!p.path().join("dist").exists());
}

// ---------------------------------------------------------------- M7–M10, M13: gen serve

/// The preview folders serve made in the project's TMPDIR.
fn previews(p: &Project) -> Vec<PathBuf> {
    fs::read_dir(p.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|d| {
            d.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("gen-serve-")
        })
        .collect()
}

#[test]
fn m7_serve_previews_into_a_private_new_folder() {
    let p = Project::new();
    let s = Serve::start(&p);
    let found = previews(&p);
    assert_eq!(found.len(), 1, "{found:?}");
    let mode = fs::metadata(&found[0]).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "{:?}", found[0]);
    // Not a name another user could make beforehand: not only the process id.
    let name = found[0].file_name().unwrap().to_string_lossy().into_owned();
    assert_ne!(name, format!("gen-serve-{}", s.child.id()));
    drop(s);
}

/// CPU time (user + system, in clock ticks) the process has used.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let after = &stat[stat.rfind(')').unwrap() + 2..];
    let f: Vec<&str> = after.split(' ').collect();
    f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap()
}

#[test]
fn m8_serve_waits_at_the_open_file_limit_and_bounds_a_slow_head() {
    let p = Project::new();
    let port = free_port();
    let mut prlimit = Command::new("prlimit");
    prlimit
        .args(["--nofile=128:128", "--"])
        .arg(env!("CARGO_BIN_EXE_gen-cli"));
    let child = p.serve(prlimit, &port.to_string()).spawn().unwrap();
    let child = Killed(child);
    let get = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    let start = Instant::now();
    while request(port, get).0 != 200 {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "serve did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // More connections than file handles, each sending a little of a head.
    let mut held = Vec::new();
    for _ in 0..200 {
        if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) {
            let _ = s.write_all(b"GET / HTTP/1.1\r\n");
            held.push(s);
        }
    }
    std::thread::sleep(Duration::from_millis(500));
    let before = cpu_ticks(child.0.id());
    std::thread::sleep(Duration::from_secs(2));
    let used = cpu_ticks(child.0.id()) - before;
    // A spinning accept loop uses all 2 s (200 ticks); waiting uses next to nothing.
    assert!(
        used < 50,
        "serve used {used} ticks in 2 s at the file limit"
    );
    // A head trickled byte by byte is cut off after 10 s in all.
    let mut slow = held.pop().unwrap();
    drop(held);
    let start = Instant::now();
    let mut closed = false;
    while start.elapsed() < Duration::from_secs(20) {
        if slow.write_all(b"X").is_err() {
            closed = true;
            break;
        }
        let mut b = [0u8; 64];
        slow.set_read_timeout(Some(Duration::from_millis(500)))
            .unwrap();
        if matches!(slow.read(&mut b), Ok(0)) {
            closed = true;
            break;
        }
    }
    assert!(closed, "a head trickled for 20 s was still being read");
    assert_eq!(request(port, get).0, 200, "serve recovers");
}

#[test]
fn m9_serve_streams_a_large_file() {
    let p = Project::new();
    let big = vec![b'x'; 64 << 20];
    fs::write(p.content().join("loan/big.bin"), &big).unwrap();
    let s = Serve::start(&p);
    let before = s.memory_kb("VmRSS:");
    // Clients that ask for it and do not read.
    let mut held = Vec::new();
    for _ in 0..8 {
        let mut c = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
        c.write_all(b"GET /loan/big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .unwrap();
        held.push(c);
    }
    std::thread::sleep(Duration::from_secs(2));
    let grown = s.memory_kb("VmRSS:").saturating_sub(before);
    assert!(
        grown < 100_000,
        "serve grew by {grown} kB for 8 readers of 64 MB"
    );
    drop(held);
    // And it is served whole.
    let mut c = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    c.write_all(b"GET /loan/big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap();
    let mut resp = Vec::new();
    c.read_to_end(&mut resp).unwrap();
    assert!(resp.ends_with(&big[..1000]));
    assert!(resp.len() > big.len());
}

#[test]
fn m10_serve_sees_an_edit_made_during_its_first_build() {
    let p = Project::new();
    bulk(&p, 1500);
    let port = free_port();
    let child = p.serve(gen(), &port.to_string()).spawn().unwrap();
    let child = Killed(child);
    let get = format!("GET /{PAGE} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    // The build has opened its scratch folder (its lock is there) and not yet swapped
    // it in as `site/`: the edit lands during the first build.
    let start = Instant::now();
    let preview = loop {
        if let Some(d) = previews(&p)
            .into_iter()
            .find(|d| d.join(".site.lock").exists())
        {
            break d;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "no build began");
        std::thread::sleep(Duration::from_millis(1));
    };
    append(&p, ARTICLE, "EDITED-WHILE-BUILDING");
    let edited_before_serving = !preview.join("site").exists();
    let start = Instant::now();
    let mut seen = false;
    while start.elapsed() < Duration::from_secs(60) {
        let (code, body) = request(port, &get);
        if code == 200 && body.contains("EDITED-WHILE-BUILDING") {
            seen = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    drop(child);
    assert!(
        edited_before_serving,
        "the first build ended before the edit"
    );
    assert!(
        seen,
        "the edit made during the first build was never served"
    );
}

#[test]
fn m13_serve_refuses_two_host_headers() {
    let p = Project::new();
    let s = Serve::start(&p);
    let (code, _) = request(
        s.port,
        "GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n\r\n",
    );
    assert_eq!(code, 400);
    assert_eq!(s.get("/").0, 200);
}

// ---------------------------------------------------------------- M11, M12, M14

#[test]
fn m11_a_calculator_list_beyond_its_maximum_is_an_error_at_its_line() {
    let p = Project::new();
    let rows = |n: usize| {
        (0..n)
            .map(|_| "{ posted_on = \"2025-03-30\", amount = \"1\" }")
            .collect::<Vec<_>>()
            .join(", ")
    };
    let block = |n: usize| {
        format!(
            "{HEAD}\n正文。\n\n```calculator card\ndaily_per_10k = \"5\"\ngrace_days = 3\ntolerance = \"10\"\ntransactions = [{}]\ndue_date = \"2025-04-23\"\nnext_statement = \"2025-05-05\"\nrepayments = [{{ date = \"2025-04-23\", amount = \"100\" }}]\n```\n",
            rows(n)
        )
    };
    p.write("loan/many.md", &block(1001));
    let err = fails(&p.check());
    assert!(err.contains("many.md:13:"), "{err}");
    assert!(err.contains("at most 1000"), "{err}");
    // The maximum itself renders, in linear time.
    p.write("loan/many.md", &block(1000));
    let start = Instant::now();
    ok(&p.check());
    assert!(start.elapsed() < Duration::from_secs(30));
}

#[test]
fn m12_gen_new_refuses_a_name_the_build_refuses() {
    let p = Project::new();
    let new = |spec: &str| {
        gen()
            .current_dir(p.path())
            .args(["new", "--content", "content", spec])
            .output()
            .unwrap()
    };
    let new_category = |spec: &str| {
        gen()
            .current_dir(p.path())
            .args(["new", "--content", "content", "--create-category", spec])
            .output()
            .unwrap()
    };
    let err = fails(&new("loan/index.html"));
    assert!(err.contains("same address"), "{err}");
    assert!(!p.content().join("loan/index.html.md").exists());
    // A new category's page is claimed the same way.
    let err = fails(&new_category("fresh/index.html"));
    assert!(err.contains("same address"), "{err}");
    assert!(!p.content().join("fresh").exists());
    ok(&new("loan/new-article"));
}

#[test]
fn m14_messages_say_what_is_wrong() {
    let p = Project::new();
    let lpr = p.content().join("data/lpr.csv");
    let text = fs::read_to_string(&lpr).unwrap();
    fs::write(
        &lpr,
        text.replace("# verified = 2026-04-20", "# verified = 9999-12-31"),
    )
    .unwrap();
    let err = fails(&p.check());
    assert!(err.contains("年份 9999 超出可计算范围"), "{err}");
    assert!(!err.contains("is not a date written"), "{err}");
    fs::write(&lpr, text).unwrap();
    p.write(
        "loan/tagged.md",
        "+++\ntitle = \"测试\"\ndate = 2026-01-01\ntags = [\"a\\\\b\"]\n+++\n正文。\n",
    );
    let err = fails(&p.check());
    assert!(err.contains("it contains '\\'"), "{err}");
    assert!(err.contains("'/', '\\', '?'"), "{err}");
}
