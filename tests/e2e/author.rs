//! End-to-end tests of issue 24: what `gen check` accepts is right. A new author's
//! mistakes that matter most on a legal site (a citation whose words name another clause,
//! a link to an address that does not exist, a page claiming a legal review nobody made)
//! are located errors or warnings, and one run reports every problem of a file
//! (`../shared/reviews/reader-author-ux-2026-12.md`, section 2). Each test runs the real
//! command line over a copy of tests/fixtures/site in a temporary folder.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A temporary project: `content/` (a copy of the fixture site), the repository's theme.
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new() -> Project {
        let dir = tempfile::tempdir().unwrap();
        e2e::copy_dir(
            &repo().join("tests/fixtures/site"),
            &dir.path().join("content"),
        );
        Project { dir }
    }

    fn content(&self) -> PathBuf {
        self.dir.path().join("content")
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.content().join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    /// `gen <sub> --content content --theme <repo theme> <args>`, run in the project.
    fn run(&self, sub: &str, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_gen-cli"))
            .current_dir(self.dir.path())
            .arg(sub)
            .arg("--content")
            .arg(self.content())
            .arg("--theme")
            .arg(repo().join("theme"))
            .args(args)
            .output()
            .unwrap()
    }
}

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
