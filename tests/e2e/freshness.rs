//! Issue 14, nothing goes stale silently: the calculators' data in content/data/ with
//! file:line problems, each freshness warning exactly when it is due (one day inside and
//! one day past every limit, "today" injected), `gen check --strict` failing on a warning,
//! and what readers see (the data each calculator used, the last check date, the
//! structured data of articles and statutes). No test here depends on the real date.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

fn fixture() -> PathBuf {
    repo().join("tests/fixtures/site")
}

fn opts(content: &Path, out: &Path, today: &str) -> gen::BuildOptions {
    gen::BuildOptions {
        content: content.to_path_buf(),
        theme: repo().join("theme"),
        out: out.to_path_buf(),
        base_url: Some("https://fixture.test/".into()),
        drafts: false,
        write: true,
        allow_empty: false,
        today: Some(today.parse().unwrap()),
        official: None,
    }
}

fn write(content: &Path, rel: &str, text: &str) {
    fs::write(content.join(rel), text).unwrap();
}

/// The fixture copied into a temporary folder, changed by `edit`.
fn content_with(edit: impl FnOnce(&Path)) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    e2e::copy_dir(&fixture(), &content);
    edit(&content);
    (dir, content)
}

/// The problems of a build that must fail, as printed.
fn failing(edit: impl FnOnce(&Path)) -> String {
    let (dir, content) = content_with(edit);
    let err = gen::build(&opts(&content, &dir.path().join("dist"), "2026-05-01"))
        .expect_err("the build should fail");
    assert!(!dir.path().join("dist").exists(), "a failed build wrote");
    err.to_string()
}

#[test]
fn a_malformed_data_row_is_a_problem_at_its_line() {
    let lpr = fs::read_to_string(fixture().join("data/lpr.csv")).unwrap();
    let line = lpr.lines().count() + 1;
    let e = failing(|c| write(c, "data/lpr.csv", &format!("{lpr}2026-01-20,3.O0,3.50\n")));
    assert!(
        e.contains(&format!("data/lpr.csv:{line}:1: the one-year rate “3.O0”")),
        "{e}"
    );
    let e = failing(|c| {
        write(
            c,
            "data/holidays/2027.csv",
            "# year = 2027\n# source = https://www.gov.cn/x\n# verified = 2026-11-30\n2027-01-01,元旦,放假\n",
        )
    });
    assert!(
        e.contains("data/holidays/2027.csv:4:1: the third cell is 休"),
        "{e}"
    );
    // Without data, a calculator block cannot be computed: said where the block is.
    let e = failing(|c| fs::remove_dir_all(c.join("data")).unwrap());
    assert!(e.contains("needs the site's data"), "{e}");
}

/// Each kind of warning at its file and line: none one day inside its limit, all one day
/// past it; the build succeeds either way.
#[test]
fn each_warning_appears_exactly_when_it_is_due() {
    let (dir, content) = content_with(|c| {
        // A made-up statute for this test, marked repealed.
        write(
            c,
            "laws/jiu-fa.toml",
            "code = \"jiu-fa\"\nname = \"测试用旧法\"\nshort = \"旧法\"\nissuer = \"测试\"\nsource = \"测试\"\n\
             status = \"已废止\"\nstatus_date = 2021-01-01\nreplaced_by = \"minfadian\"\n\n\
             [[article]]\nnumber = \"1\"\ntext = \"测试条文。\"\n",
        );
        write(
            c,
            "loan/stale.md",
            "+++\ntitle = \"会过期的文章\"\ndate = 2025-01-01\nchecked = 2025-12-01\n+++\n\n\
             依据[旧法第1条](law:jiu-fa/1)。\n\n> [!until 2026-05-30]\n> 限时政策。\n",
        );
    });
    let warnings_on = |today: &str| -> Vec<String> {
        let out = dir.path().join(format!("dist-{today}"));
        let s = gen::build(&opts(&content, &out, today)).unwrap_or_else(|p| panic!("{p}"));
        let mut w: Vec<String> = s
            .warnings
            .iter()
            .map(|p| {
                assert!(!p.is_error() && p.kind == gen::ProblemKind::Stale, "{p}");
                p.location()
            })
            .collect();
        w.sort();
        w
    };
    let at = |rel: &str| content.join(rel).display().to_string();
    // 2026-05-30: the LPR data (verified 2026-04-20) is 40 days old, the article 180 days
    // past `checked`, the passage on its last day. Only the repealed statute's citation.
    assert_eq!(
        warnings_on("2026-05-30"),
        [format!("{}:7:3", at("loan/stale.md"))]
    );
    let mut want = vec![
        format!("{}:7:1", at("data/lpr.csv")),
        format!("{}:4:1", at("loan/stale.md")),
        format!("{}:7:3", at("loan/stale.md")),
        format!("{}:9:1", at("loan/stale.md")),
    ];
    want.sort();
    assert_eq!(warnings_on("2026-05-31"), want);
    // The passage past its date carries a visible note; on its last day, only its date.
    let page = |today: &str| {
        fs::read_to_string(
            dir.path()
                .join(format!("dist-{today}/loan/stale/index.html")),
        )
        .unwrap()
    };
    assert!(page("2026-05-31").contains("until-passage expired"));
    assert!(page("2026-05-31").contains("这个日期已经过去"));
    assert!(!page("2026-05-30").contains("expired"));
    assert!(page("2026-05-30").contains("以下内容适用到2026年5月30日"));
    // From 1 December, the coming year's calendar is missing (the fixture has up to 2026).
    let calendars = at("data/holidays");
    assert!(!warnings_on("2026-11-30").contains(&calendars));
    assert!(warnings_on("2026-12-01").contains(&calendars));
}

/// The review interval comes from site.toml (`review_every`), 180 days by default.
#[test]
fn the_review_interval_is_the_sites() {
    let (dir, content) = content_with(|c| {
        let site = fs::read_to_string(c.join("site.toml")).unwrap();
        write(c, "site.toml", &format!("review_every = 30\n{site}"));
    });
    // overdue-interest.md: checked = 2026-04-01 (line 5).
    let on = |today: &str| -> Vec<String> {
        let s = gen::build(&opts(&content, &dir.path().join(today), today)).unwrap();
        s.warnings.iter().map(|p| p.location()).collect()
    };
    let file = format!("{}:5:1", content.join("loan/overdue-interest.md").display());
    assert!(!on("2026-05-01").contains(&file));
    assert!(on("2026-05-02").contains(&file));
}

/// (exit code, stdout, stderr) of `gen check` on the fixture, as on `today`.
fn check(today: &str, strict: bool) -> (i32, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gen-cli"));
    cmd.arg("check")
        .arg("--content")
        .arg(fixture())
        .arg("--theme")
        .arg(repo().join("theme"))
        .args(["--today", today]);
    if strict {
        cmd.arg("--strict");
    }
    let out = cmd.output().expect("run gen");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn strict_turns_a_warning_into_a_failing_exit_code() {
    // One day inside the LPR limit: nothing to say, strict or not.
    let (code, out, err) = check("2026-05-30", true);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("no problems in"), "{out}");
    assert!(!err.contains("warning"), "{err}");
    // One day past: a warning that passes…
    let (code, out, err) = check("2026-05-31", false);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("1 warning"), "{out}");
    assert!(
        err.contains("data/lpr.csv:7:1: the LPR data was last verified on 2026-04-20, 41 days ago"),
        "{err}"
    );
    // …and fails with --strict, for a host's CI.
    let (code, _, err) = check("2026-05-31", true);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("--strict"), "{err}");
    // A date that is not one is refused by the command line.
    let (code, _, err) = check("2026-02-30", false);
    assert_eq!(code, 2, "{err}");
}

/// What readers and search engines see: the data each calculator used, the article's
/// last check date, `dateModified` and `lastReviewed`, and statutes as `Legislation`.
#[test]
fn readers_see_the_dates_behind_the_page() {
    let (dir, content) = content_with(|_| {});
    let out = dir.path().join("dist");
    gen::build(&opts(&content, &out, "2026-05-01")).unwrap();
    let read = |rel: &str| fs::read_to_string(out.join(rel)).unwrap();
    // Every calculator block names its data, inside the block.
    let page = read("credit/card-minimum/index.html");
    let blocks = page.matches("<section class=\"calculator\"").count();
    assert!(blocks > 0);
    assert_eq!(
        page.matches("<p class=\"calc-data\">本计算器使用的数据：LPR数据核对至2026年4月20日；节假日数据覆盖至2026年。</p></section>").count(),
        blocks
    );
    assert_eq!(
        page.matches("<script type=\"text/plain\" id=\"calc-data\">")
            .count(),
        1
    );
    // The last check date only where `checked` says so (issue 24: no false claim).
    let checked = read("loan/overdue-interest/index.html");
    assert!(
        checked.contains("本文内容最后核对于 <time datetime=\"2026-04-01\">2026-04-01</time>"),
        "{checked}"
    );
    assert!(
        checked.contains("\"dateModified\":\"2026-04-10\""),
        "{checked}"
    );
    assert!(
        checked.contains("\"mainEntityOfPage\":{\"@type\":\"WebPage\",\"@id\":\"https://fixture.test/loan/overdue-interest/\",\"lastReviewed\":\"2026-04-01\"}"),
        "{checked}"
    );
    let unchecked = read("credit/card-minimum/index.html");
    assert!(!unchecked.contains("核对于"), "{unchecked}");
    assert!(!unchecked.contains("lastReviewed"), "{unchecked}");
    assert!(
        unchecked.contains("发布于 <time datetime=\"2026-01-05\">"),
        "{unchecked}"
    );
    // A statute page: schema.org Legislation.
    let law = read("laws/minfadian/index.html");
    let ld = law
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .expect("structured data");
    assert!(
        ld.contains("{\"@context\":\"https://schema.org\",\"@type\":\"Legislation\",\"name\":\"中华人民共和国民法典\",\"legislationIdentifier\":\"https://fixture.test/laws/minfadian/\",\"legislationDate\":\"2020-05-28\",\"legislationLegalForce\":\"https://schema.org/InForce\""),
        "{ld}"
    );
    assert!(law.contains("<dt>效力</dt><dd>现行有效</dd>"), "{law}");
}
