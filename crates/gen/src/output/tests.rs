//! Tests of `output`.

use super::*;

fn files(dir: &Path) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file() && e.file_name() != MARKER)
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into();
            (rel, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect();
    v.sort();
    v
}

fn build(out: &Path, pages: &[(&str, &str)]) {
    let s = Scratch::open(out).unwrap();
    for (rel, text) in pages {
        s.folder.write(rel, text.as_bytes(), 0).unwrap();
    }
    s.swap_in(None).unwrap();
}

#[test]
fn rebuilds_reuse_the_old_site_and_drop_stale_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dist");
    build(&out, &[("index.html", "一"), ("a/index.html", "A")]);
    assert_eq!(
        files(&out),
        [
            ("a/index.html".into(), "A".into()),
            ("index.html".into(), "一".into())
        ]
    );
    build(&out, &[("index.html", "二"), ("b/c/index.html", "C")]);
    build(&out, &[("index.html", "三"), ("b/c/index.html", "C")]);
    assert_eq!(
        files(&out),
        [
            ("b/c/index.html".into(), "C".into()),
            ("index.html".into(), "三".into())
        ]
    );
    // The scratch folder holds the site before: "a/" is gone from both.
    let scratch = dir.path().join(".dist.build");
    assert_eq!(
        files(&scratch),
        [
            ("b/c/index.html".into(), "C".into()),
            ("index.html".into(), "二".into())
        ]
    );
}

#[test]
fn an_unchanged_file_is_not_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dist");
    let meta = |f: &str| std::fs::metadata(out.join(f)).unwrap().modified().unwrap();
    build(&out, &[("same.html", "x"), ("new.html", "1")]);
    let first = meta("same.html");
    std::thread::sleep(std::time::Duration::from_millis(20));
    build(&out, &[("same.html", "x"), ("new.html", "1")]);
    // The third build writes into the first one's folder: only new.html changes.
    build(&out, &[("same.html", "x"), ("new.html", "2")]);
    assert_eq!(meta("same.html"), first);
    assert!(meta("new.html") > first);
}

#[test]
fn a_file_and_a_folder_may_trade_places() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dist");
    build(&out, &[("x", "file"), ("y/index.html", "in y")]);
    build(&out, &[("x", "file"), ("y/index.html", "in y")]);
    build(&out, &[("x/index.html", "in x"), ("y", "file")]);
    assert_eq!(
        files(&out),
        [
            ("x/index.html".into(), "in x".into()),
            ("y".into(), "file".into())
        ]
    );
}

#[test]
fn folders_are_made_once_and_an_old_file_in_the_way_goes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dist");
    // A cold build: nested folders made before their first file, siblings sharing them.
    let deep: Vec<(String, String)> = (0..50)
        .map(|i| (format!("t/{}/p{i}/index.html", i % 3), format!("{i}")))
        .collect();
    let pages: Vec<(&str, &str)> = deep.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    build(&out, &pages);
    assert_eq!(files(&out).len(), 50);
    // Two builds later, a file of the old site stands where a folder now goes, below
    // folders the listing knows.
    build(&out, &[("t/0/p0", "file")]);
    build(&out, &[("t/0/p0", "file")]);
    build(&out, &[("t/0/p0/q/index.html", "deep")]);
    assert_eq!(files(&out), [("t/0/p0/q/index.html".into(), "deep".into())]);
}

#[test]
fn an_output_folder_must_not_hold_the_sources() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("site/content");
    std::fs::create_dir_all(&content).unwrap();
    let inputs = [("content folder", content.as_path())];
    for bad in [
        dir.path().join("site"),
        content.clone(),
        dir.path().join("site/content/.."),
    ] {
        let e = check_out(&bad, &inputs, &inputs).unwrap_err().to_string();
        assert!(e.contains("holds the content folder"), "{e}");
    }
    let inside = content.join("x");
    let e = check_out(&inside, &inputs, &inputs)
        .unwrap_err()
        .to_string();
    assert!(e.contains("is inside the content folder"), "{e}");
    // The current folder may hold the output (the usual dist/).
    check_out(&inside, &inputs, &[]).unwrap();
    check_out(&dir.path().join("site/dist"), &inputs, &inputs).unwrap();
    check_out(&dir.path().join("new/dist"), &inputs, &inputs).unwrap();
}

#[test]
fn only_a_missing_empty_or_marked_folder_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dist");
    check_owned(&out, "output folder").unwrap();
    std::fs::create_dir(&out).unwrap();
    check_owned(&out, "output folder").unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let e = check_owned(&out, "output folder").unwrap_err().to_string();
    assert!(e.contains("gen did not write"), "{e}");
    assert!(Scratch::open(&out).is_err());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "nothing created"
    );
    std::fs::write(out.join(MARKER), "").unwrap();
    check_owned(&out, "output folder").unwrap();
    let file = dir.path().join("file");
    std::fs::write(&file, "x").unwrap();
    assert!(check_owned(&file, "output folder").is_err());
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&out, &link).unwrap();
    assert!(check_owned(&link, "output folder").is_err());
}

#[test]
fn links_in_the_scratch_folder_are_removed_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dist");
    let victim = dir.path().join("victim");
    std::fs::create_dir(&victim).unwrap();
    build(&out, &[("a/index.html", "A")]);
    build(&out, &[("a/index.html", "A")]);
    let scratch = dir.path().join(".dist.build");
    std::fs::remove_dir_all(scratch.join("a")).unwrap();
    std::os::unix::fs::symlink(&victim, scratch.join("a")).unwrap();
    build(&out, &[("a/index.html", "B")]);
    assert_eq!(std::fs::read_dir(&victim).unwrap().count(), 0);
    assert_eq!(files(&out), [("a/index.html".into(), "B".into())]);
}

#[test]
fn a_dropped_scratch_leaves_the_output_alone() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dist");
    build(&out, &[("index.html", "good")]);
    let s = Scratch::open(&out).unwrap();
    s.folder.write("index.html", b"half-built", 0).unwrap();
    drop(s);
    assert_eq!(files(&out), [("index.html".into(), "good".into())]);
    // The failed build's scratch folder is gone (a full disk recovers).
    assert!(!dir.path().join(".dist.build").exists());
    build(&out, &[("index.html", "next")]);
    assert_eq!(files(&out), [("index.html".into(), "next".into())]);
}

#[test]
fn the_first_rebuild_links_unchanged_files_from_the_output() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dist");
    let scratch = dir.path().join(".dist.build");
    let inode = |p: &Path| std::fs::metadata(p).unwrap().ino();
    build(&out, &[("a/index.html", "A"), ("b/index.html", "B")]);
    assert!(!scratch.exists());
    // No scratch folder yet: the unchanged file is the output's, linked, not written.
    let before = inode(&out.join("a/index.html"));
    build(&out, &[("a/index.html", "A"), ("b/index.html", "B2")]);
    assert_eq!(inode(&out.join("a/index.html")), before);
    assert_eq!(inode(&scratch.join("a/index.html")), before);
    // The build cache records both names as they are now (linking moved the change time),
    // so the next build trusts them.
    let cache::Found::Usable(c) = cache::read(&dir.path().join(".dist.cache")) else {
        panic!("no cache")
    };
    let now = Stamp::of(&std::fs::symlink_metadata(out.join("a/index.html")).unwrap());
    assert_eq!(c.out.files["a/index.html"].stamp, now);
    assert_eq!(c.scratch.files["a/index.html"].stamp, now);
    // Changing the file later changes the new site only: the old one keeps its bytes.
    build(&out, &[("a/index.html", "A3"), ("b/index.html", "B2")]);
    assert_eq!(
        files(&out),
        [
            ("a/index.html".into(), "A3".into()),
            ("b/index.html".into(), "B2".into())
        ]
    );
    assert_eq!(
        files(&scratch),
        [
            ("a/index.html".into(), "A".into()),
            ("b/index.html".into(), "B2".into())
        ]
    );
}
