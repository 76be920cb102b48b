//! Tests of `serve`.

#[test]
fn only_loopback_authorities_are_answered() {
    for ok in [
        "127.0.0.1",
        "127.0.0.1:1111",
        "localhost:8",
        "LOCALHOST",
        "[::1]:1111",
        "[::1]",
    ] {
        assert!(super::is_loopback(ok), "{ok}");
    }
    for bad in [
        "attacker.example",
        "localhost.attacker.example:1",
        "127.0.0.1.nip.io",
        "[::2]",
        "127.0.0.1:x",
        "localhost:",
        "",
    ] {
        assert!(!super::is_loopback(bad), "{bad}");
    }
}

#[test]
fn request_paths_stay_inside_the_preview() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    std::fs::create_dir_all(out.join("a")).unwrap();
    std::fs::write(out.join("a/index.html"), "a").unwrap();
    std::fs::write(dir.path().join("secret"), "s").unwrap();
    assert_eq!(
        super::resolve(&out, "/a/").unwrap(),
        out.join("a/index.html")
    );
    for bad in [
        "/%2Fsecret",
        "/..%2Fsecret",
        "/../secret",
        "//secret",
        "/a%00",
        "/a%5C..",
        "/./a/",
        "a",
    ] {
        assert_eq!(super::resolve(&out, bad), Err(400), "{bad}");
    }
    std::os::unix::fs::symlink(dir.path().join("secret"), out.join("link")).unwrap();
    assert_eq!(super::resolve(&out, "/link"), Err(404));
}

#[test]
#[cfg(target_os = "linux")]
fn previews_of_ended_runs_are_removed() {
    let tmp = tempfile::tempdir().unwrap();
    // Above Linux's largest process id: no such process.
    let ended = tmp.path().join("gen-serve-4194999");
    let running = tmp.path().join(format!("gen-serve-{}", std::process::id()));
    let other = tmp.path().join("gen-serve-notes");
    for d in [&ended, &running, &other] {
        std::fs::create_dir_all(d.join("site")).unwrap();
    }
    super::remove_stale_previews(tmp.path());
    assert!(!ended.exists());
    assert!(running.exists() && other.exists());
}
