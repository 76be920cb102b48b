//! End-to-end tests of issue 24: what `gen check` accepts is right. A new author's
//! mistakes that matter most on a legal site (a citation whose words name another clause,
//! a link to an address that does not exist, a page claiming a legal review nobody made)
//! are located errors or warnings, and one run reports every problem of a file
//! (`../shared/reviews/reader-author-ux-2026-12.md`, section 2). Each test runs the real
//! command line over a copy of tests/fixtures/site in a temporary folder.

use std::fs;
use std::process::{Command, Output};

use crate::safety::{repo, Project};

/// What gen printed on standard error, after asserting the exit code.
fn stderr(o: &Output, code: i32) -> String {
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(
        o.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{err}",
        String::from_utf8_lossy(&o.stdout)
    );
    err
}

const HEAD: &str = "+++\ntitle = \"测试\"\ndate = 2026-01-01\ntags = [\"测试\"]\n+++\n";

#[test]
fn citation_words_must_name_the_clause_linked_to() {
    let p = Project::new();
    p.write(
        "loan/cite.md",
        &format!(
            "{HEAD}正文[民法典第203条](law:minfadian/676)。\n\n\
             又见[《民法典》第六百七十六条](law:minfadian/676)与[刑法第675条](law:minfadian/675)，\
             [这一条](law:minfadian/680)，[第680条](law:民法典/680)。\n"
        ),
    );
    let e = stderr(&p.run("check", &[]), 1);
    // Both sides shown, at the link.
    assert!(
        e.contains("content/loan/cite.md:6:3: citation “民法典第203条” (law:minfadian/676): the text names 第203条, but the link goes to 民法典第676条"),
        "{e}"
    );
    assert!(
        e.contains("link law:minfadian/203, or write 民法典第676条"),
        "{e}"
    );
    assert!(
        e.contains("content/loan/cite.md:8:")
            && e.contains("the text names “刑法”, but the link goes to 民法典第675条"),
        "{e}"
    );
    // Chinese numerals that agree, a text naming no number, a bare number that agrees:
    // nothing said.
    assert_eq!(e.matches("): the text names").count(), 2, "{e}");

    // An alias the statute file declares is a name of that statute.
    let law = fs::read_to_string(p.content().join("laws/minfadian.toml")).unwrap();
    fs::write(
        p.content().join("laws/minfadian.toml"),
        law.replacen(
            "short = \"民法典\"",
            "short = \"民法典\"\naliases = [\"刑法\"]",
            1,
        ),
    )
    .unwrap();
    p.write(
        "loan/cite.md",
        &format!(
            "{HEAD}[刑法第675条](law:minfadian/675)，[同一解释第676条](law:minfadian/676)。\n"
        ),
    );
    stderr(&p.run("check", &[]), 0);
}

#[test]
fn five_mistakes_are_reported_in_one_run() {
    // The review's article: a misspelt key, an impossible date, an unknown statute
    // article, a negative calculator input and a broken link.
    let p = Project::new();
    p.write(
        "loan/five.md",
        "+++\ntitel = \"我的第一篇\"\ndate = 2026-02-30\ntags = [\"测试\"]\n+++\n\
         依据[民法典第203条](law:minfadian/2030)。\n\n\
         ```calculator grace\ndue_date = 2026-03-10\ngrace_days = -3\npaid_on = 2026-03-20\n```\n\n\
         见[另一篇](../loan/no-such.md)。\n",
    );
    let e = stderr(&p.run("check", &[]), 1);
    for at in [
        "error: content/loan/five.md:2:1: unknown field `titel`",
        "error: content/loan/five.md:3:",
        "error: content/loan/five.md:6:3: citation “民法典第203条” (law:minfadian/2030)",
        "error: content/loan/five.md:10:",
        "error: content/loan/five.md:14:2: the link target “../loan/no-such.md” is not an article",
    ] {
        assert!(e.contains(at), "missing {at}:\n{e}");
    }
    // Nothing else about the article: no `title` missing (its line was the misspelt
    // one), no review warning measured from a stand-in date.
    assert_eq!(e.matches("content/loan/five.md").count(), 5, "{e}");
    assert!(e.contains("error: ") && e.contains("warning: "), "{e}");

    // A date written with `/` or without zero padding: the right form.
    p.write(
        "loan/five.md",
        "+++\ntitle = \"a\"\ndate = 2026/12/01\ntags = [\"测试\"]\nupdated = 2026-3-5\n+++\n正文\n",
    );
    let e = stderr(&p.run("check", &[]), 1);
    assert!(e.contains("content/loan/five.md:3:"), "{e}");
    assert!(
        e.contains("write dates as 2026-12-01") && e.contains("date = 2026-12-01"),
        "{e}"
    );
    assert!(e.contains("updated = 2026-03-05"), "{e}");
}

#[test]
fn calculator_blocks_without_their_data_are_one_consequence() {
    let p = Project::new();
    // A row after the `verified` date: one real error in content/data/.
    let lpr = fs::read_to_string(p.content().join("data/lpr.csv")).unwrap();
    p.write("data/lpr.csv", &format!("{lpr}2026-11-20,2.90,3.40\n"));
    let e = stderr(&p.run("check", &[]), 1);
    assert!(e.contains("content/data/lpr.csv:"), "{e}");
    // The fixture's five blocks in three articles: said once, as a consequence.
    assert!(
        !e.contains("a calculator block needs the site's data"),
        "{e}"
    );
    assert_eq!(
        e.matches("a consequence of the problems of content/data/")
            .count(),
        1,
        "{e}"
    );
    assert!(e.contains("5 calculator blocks in 3 articles"), "{e}");
}

#[test]
fn pages_and_skeletons_claim_nothing_untrue() {
    let p = Project::new();
    let site = fs::read_to_string(p.content().join("site.toml")).unwrap();
    p.write(
        "site.toml",
        &site.replace("https://fixture.test/", "https://example.org/"),
    );
    let out = p.path().join("out");
    let o = p.run("build", &["--out", out.to_str().unwrap()]);
    let e = stderr(&o, 0);
    // A base_url on example.org: a warning at its line, on every build …
    assert!(
        e.contains("warning: content/site.toml:3:1: the base URL is on example.org, a reserved example address"),
        "{e}"
    );
    // … and an error under --strict.
    let e = stderr(&p.run("check", &["--strict", "--today", "2026-04-02"]), 1);
    assert!(e.contains("reserved example address"), "{e}");
    let other = p.run(
        "check",
        &[
            "--strict",
            "--today",
            "2026-04-02",
            "--base-url",
            "https://help.example.cn/",
        ],
    );
    assert!(
        !String::from_utf8_lossy(&other.stderr).contains("reserved example address"),
        "{}",
        String::from_utf8_lossy(&other.stderr)
    );

    // A page claims a legal check only when `checked` says so.
    let page = |rel: &str| fs::read_to_string(out.join(rel)).unwrap();
    let checked = page("loan/overdue-interest/index.html");
    assert!(
        checked.contains("本文内容最后核对于 <time datetime=\"2026-04-01\">"),
        "{checked}"
    );
    let unchecked = page("credit/card-minimum/index.html");
    assert!(!unchecked.contains("核对于"), "{unchecked}");
    assert!(!unchecked.contains("lastReviewed"), "{unchecked}");
    assert!(
        unchecked.contains("发布于 <time datetime=\"2026-01-05\">"),
        "{unchecked}"
    );

    // `gen new` refuses a category that does not exist …
    let new = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_gen-cli"))
            .current_dir(p.path())
            .arg("new")
            .args(args)
            .output()
            .unwrap()
    };
    let e = stderr(&new(&["lone/my-article"]), 1);
    assert!(
        e.contains("there is no category “lone”") && e.contains("credit, loan"),
        "{e}"
    );
    assert!(e.contains("--create-category"), "{e}");
    assert!(!p.content().join("lone").exists());
    // … starts one when asked, with a name to fill in, which the build asks for …
    stderr(&new(&["lone/my-article", "--create-category"]), 0);
    let meta = fs::read_to_string(p.content().join("lone/_category.toml")).unwrap();
    assert!(
        meta.contains("中文名称") && meta.contains("name = \"\""),
        "{meta}"
    );
    let e = stderr(&p.run("check", &[]), 0);
    assert!(
        e.contains(
            "warning: content/lone/_category.toml: the category “lone” has no name of its own"
        ),
        "{e}"
    );
    // … and writes `checked` commented, with a note on when to set it.
    let skeleton = fs::read_to_string(p.content().join("lone/my-article.md")).unwrap();
    assert!(skeleton.contains("\n# checked = "), "{skeleton}");
    assert!(skeleton.contains("核对过本文依据的法律后"), "{skeleton}");
    stderr(&new(&["loan/second"]), 0);
}

#[test]
fn serve_prints_the_warnings_of_each_rebuild() {
    let p = Project::new();
    // A warning the build gives: an article due for review.
    let mut serve = p
        .serve(Command::new(env!("CARGO_BIN_EXE_gen-cli")), "0")
        .args(["--today", "2026-12-01"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = serve.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut seen = String::new();
    let wait_for = |what: &str, seen: &mut String| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while !seen.contains(what) && std::time::Instant::now() < deadline {
            if let Ok(line) = rx.recv_timeout(std::time::Duration::from_millis(200)) {
                seen.push_str(&line);
                seen.push('\n');
            }
        }
    };
    let review = "warning: content/credit/card-minimum.md:3:1: the article has no `checked` date";
    wait_for(review, &mut seen);
    // An edit of the body alone that gives a warning: its calculator's result now warns
    // readers of a year with no holiday calendar.
    let file = p.path().join("content/credit/card-minimum.md");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        text.replace("due_date = 2026-03-10", "due_date = 2031-03-10")
            .replace("paid_on = 2026-03-16", "paid_on = 2031-03-16"),
    )
    .unwrap();
    let block = "warning: content/credit/card-minimum.md:18:1: calculator grace: its result warns readers: 没有2031年的节假日安排数据";
    wait_for(block, &mut seen);
    let _ = serve.kill();
    let _ = serve.wait();
    assert!(seen.contains(review), "serve printed:\n{seen}");
    assert!(seen.contains(block), "serve printed:\n{seen}");
    // Each rebuild prints the whole site's warnings, as gen build does: the review
    // warning again with the new one.
    assert_eq!(seen.matches(review).count(), 2, "serve printed:\n{seen}");
}

/// Issue 24: a `/` link into the theme's files is checked against the names they are
/// published with; the calculator's files are never an author's link.
#[test]
fn links_into_the_themes_files_are_checked_too() {
    let p = Project::new();
    p.write(
        "loan/links.md",
        &format!(
            "{HEAD}[图标](/static/favicon.svg)\n\n[样式](/static/style.css)\n\n\
             [模块](/calc/penalty.js)\n"
        ),
    );
    let e = stderr(&p.run("check", &[]), 1);
    assert!(
        e.contains("error: content/loan/links.md:8:1: the link “/static/style.css” goes to no page or file of this site"),
        "{e}"
    );
    assert!(
        e.contains("the theme's CSS and JS are published under names with a hash"),
        "{e}"
    );
    assert!(
        e.contains("error: content/loan/links.md:10:1: the link “/calc/penalty.js” goes into the calculator's files"),
        "{e}"
    );
    assert!(e.contains("write a ```calculator block"), "{e}");
    assert!(!e.contains("/static/favicon.svg"), "{e}");
    assert_eq!(e.matches("error:").count(), 2, "{e}");
}

#[test]
fn links_starting_with_a_slash_are_checked_against_the_sites_addresses() {
    let p = Project::new();
    p.write(
        "loan/links.md",
        &format!(
            "{HEAD}[有](/loan/overdue-interest/) [标签](/tags/网贷/) [法](/laws/minfadian/) \
             [图](/credit/card.svg) [搜索](/search/) [首页](/)\n\n\
             [无](/loan/overdue-interst/)\n\n[无类](/overdue/no-such-page/)\n"
        ),
    );
    let e = stderr(&p.run("check", &[]), 1);
    assert!(
        e.contains("error: content/loan/links.md:8:1: the link “/loan/overdue-interst/” goes to no page or file of this site"),
        "{e}"
    );
    assert!(
        e.contains("the nearest address that exists is /loan/overdue-interest/"),
        "{e}"
    );
    assert!(
        e.contains("content/loan/links.md:10:1: the link “/overdue/no-such-page/”"),
        "{e}"
    );
    assert_eq!(e.matches("goes to no page or file").count(), 2, "{e}");

    // The sitemap lists the addresses the routes name, and the build writes each.
    p.write(
        "loan/links.md",
        &format!("{HEAD}[有](/loan/overdue-interest/)\n"),
    );
    let out = p.path().join("out");
    stderr(&p.run("build", &["--out", out.to_str().unwrap()]), 0);
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    for loc in sitemap.split("<loc>").skip(1) {
        let url = &loc[..loc.find("</loc>").unwrap()];
        let path = url.strip_prefix("https://fixture.test/").unwrap();
        let path = percent_encoding::percent_decode_str(path)
            .decode_utf8()
            .unwrap();
        assert!(out.join(&*path).join("index.html").is_file(), "{url}");
    }
}

#[test]
fn the_calculator_reference_is_in_the_repository_and_current() {
    // docs/calculators.md is what `gen calculators` prints from the form definitions.
    let o = Command::new(env!("CARGO_BIN_EXE_gen-cli"))
        .arg("calculators")
        .output()
        .unwrap();
    assert!(o.status.success());
    let printed = String::from_utf8(o.stdout).unwrap();
    let committed = fs::read_to_string(repo().join("docs/calculators.md")).unwrap();
    assert!(
        printed == committed,
        "docs/calculators.md is out of date: run `cargo run -p gen -- calculators > docs/calculators.md`"
    );
    for kind in [
        "penalty",
        "card",
        "grace",
        "credit_record",
        "judgment",
        "court_fee",
        "limitation",
        "apr",
    ] {
        assert!(committed.contains(&format!("\n## {kind}\n")), "{kind}");
        assert!(
            committed.contains(&format!("```calculator {kind}\n")),
            "{kind}"
        );
    }
    assert!(
        committed.contains("| `grace_days` | 宽限期天数 | 整数 |  | 0 到 365 |"),
        "{committed}"
    );

    // A calculator mistake's help points at it, not outside the repository.
    let p = Project::new();
    p.write(
        "loan/calc.md",
        &format!("{HEAD}```calculator grace\ndue_date = 2026-03-10\ngrace_days = -3\npaid_on = 2026-03-20\n```\n"),
    );
    let e = stderr(&p.run("check", &[]), 1);
    assert!(e.contains("docs/calculators.md"), "{e}");
    assert!(!e.contains("CALCULATOR.md"), "{e}");
}
