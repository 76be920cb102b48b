//! Issue 16, incremental builds: a rebuild that uses the build cache (`.dist.cache` and the
//! Markdown stage's results per source, `.dist.sources`, see crates/gen/src/output/cache.rs,
//! and their texts, `.dist.bodies`, see crates/gen/src/output/bodies.rs; the inputs'
//! fingerprints, `.dist.inputs`, see crates/gen/src/load/inputs.rs; the articles as parsed,
//! `.dist.articles`, see `load::KnownArticles`; the search index's state, `.dist.search`,
//! crates/search/src/state.rs; `gen serve` rebuilds through the same path)
//! makes exactly the site a cold build makes. A seeded
//! random walk of changes — articles edited, added, deleted, renamed, retitled, retagged
//! and made drafts; templates, a statute, site.toml and the calculators' data changed; the
//! day moved on (a passage valid until a date expires, data goes stale); the stylesheet,
//! an image, a category's name and the holiday calendar changed; a build that fails;
//! the output or the scratch folder tampered with and the cache damaged, emptied or
//! deleted — and after every step the
//! incremental build into one folder is compared, file by file and byte by byte, with a
//! cold build into a new one. `INCREMENTAL_SEED=n` replays another walk; a failure names
//! the seed and the step.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

const TAGS: &[&str] = &[
    "逾期",
    "网贷",
    "信用卡",
    "征信",
    "催收",
    "利息",
    "起诉",
    "协商",
];
const CATEGORIES: &[&str] = &["credit", "loan"];
const SENTENCES: &[&str] = &[
    "逾期以后，先核对合同约定的利率和费用。",
    "民间借贷的利率有法定上限。",
    "征信记录自不良行为终止之日起保存五年。",
    "被起诉以后，要按时应诉。",
];

/// An article the walk writes: its file (below content/), title, tags, body sentences.
#[derive(Clone)]
struct Article {
    file: String,
    title: String,
    tags: Vec<String>,
    sentences: Vec<String>,
    draft: bool,
}

impl Article {
    fn text(&self, stable: &[String]) -> String {
        let tags: Vec<String> = self.tags.iter().map(|t| format!("\"{t}\"")).collect();
        let mut s = format!(
            "+++\ntitle = \"{}\"\ndate = 2026-03-{:02}\ntags = [{}]\n{}+++\n\n",
            self.title,
            1 + self.title.len() % 28,
            tags.join(", "),
            if self.draft { "draft = true\n" } else { "" }
        );
        s.push_str("## 第一节\n\n");
        for sentence in &self.sentences {
            s.push_str(sentence);
            s.push_str("\n\n");
        }
        // Links only to articles the walk never removes, so every step builds.
        for target in stable {
            s.push_str(&format!("参见[另一篇](../{target})。\n\n"));
        }
        s.push_str("## 第二节\n\n依据[民法典第676条](law:minfadian/676)。\n");
        // A passage valid until a day the walk passes (its "today" moves on).
        s.push_str("\n> [!until 2026-05-09]\n> 这段话到五月九日为止有效。\n");
        s
    }
}

/// Every file below `dir` and its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    e2e::all_files(dir)
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            let bytes = fs::read(&p).unwrap();
            (rel, bytes)
        })
        .collect()
}

fn opts(content: &Path, theme: &Path, out: &Path, today: chrono::NaiveDate) -> gen::BuildOptions {
    gen::BuildOptions {
        today: Some(today),
        ..crate::harness::options(content, theme, out)
    }
}

/// Builds into `out`: the pages, those kept from an earlier build (all of them, and a
/// `*`, when the build found nothing to do), and the warnings as text (they must not
/// depend on the cache either).
fn build(
    content: &Path,
    theme: &Path,
    out: &Path,
    today: chrono::NaiveDate,
) -> (usize, usize, Vec<String>) {
    match gen::build(&opts(content, theme, out, today)) {
        Ok(s) => {
            if s.up_to_date {
                UP_TO_DATE.with(|n| n.set(n.get() + 1));
            }
            RENDERED.with(|n| n.set(s.rendered_sources));
            (
                s.pages,
                s.kept,
                s.warnings.iter().map(|w| w.to_string()).collect(),
            )
        }
        Err(e) => panic!("gen build into {} failed:\n{e}", out.display()),
    }
}

thread_local! {
    /// How many builds of this thread found nothing to do.
    static UP_TO_DATE: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// How many sources the last build of this thread rendered.
    static RENDERED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Appends `line` to the file at `path`.
fn append(path: &Path, line: &str) {
    let mut text = fs::read_to_string(path).unwrap();
    text.push_str(line);
    fs::write(path, text).unwrap();
}

fn walk(seed: u64, steps: usize) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    let theme = dir.path().join("theme");
    e2e::copy_dir(&repo().join("tests/fixtures/site"), &content);
    e2e::copy_dir(&repo().join("theme"), &theme);
    // The base template reached through a link to a file outside the theme, as a theme
    // shared between sites might be: editing the file it leads to is a change.
    let shared = dir.path().join("shared-base.html");
    fs::rename(theme.join("templates/base.html"), &shared).unwrap();
    std::os::unix::fs::symlink(&shared, theme.join("templates/base.html")).unwrap();
    let out = dir.path().join("site/dist");
    let mut rng = e2e::Xorshift(seed | 1);
    let stable: Vec<String> = (0..3).map(|i| format!("loan/stable-{i}.md")).collect();
    let mut articles: Vec<Article> = (0..24)
        .map(|i| Article {
            file: if i < 3 {
                stable[i].clone()
            } else {
                format!("{}/a{i}.md", CATEGORIES[i % 2])
            },
            title: format!("第{i}篇"),
            tags: vec![TAGS[i % TAGS.len()].to_string()],
            sentences: vec![SENTENCES[i % SENTENCES.len()].to_string()],
            draft: false,
        })
        .collect();
    let save = |a: &Article| fs::write(content.join(&a.file), a.text(&stable[..1])).unwrap();
    for a in &articles {
        save(a);
    }
    let mut next = articles.len();
    let mut today = e2e::fixture_today();
    let templates = [
        "article.html",
        "list.html",
        "base.html",
        "law.html",
        "tags.html",
        "sitemap.xml",
    ];
    let mut log = Vec::new();
    for step in 0..=steps {
        // Step 0 is the first build; the others change one thing first (articles 0-2 are
        // link targets and stay).
        let change = if step == 0 { 99 } else { rng.below(21) };
        let movable = 3 + rng.below(articles.len() - 3);
        let what = match change {
            0 | 1 => {
                let a = &mut articles[movable];
                a.sentences.push(rng.pick(SENTENCES).to_string());
                save(a);
                format!("edited the body of {}", a.file)
            }
            2 => {
                let a = &mut articles[movable];
                a.title = format!("{}（改{step}）", a.title);
                save(a);
                format!("retitled {}", a.file)
            }
            3 => {
                let a = &mut articles[movable];
                a.tags = vec![rng.pick(TAGS).to_string(), rng.pick(TAGS).to_string()];
                a.tags.dedup();
                save(a);
                format!("retagged {}", a.file)
            }
            4 => {
                let a = Article {
                    file: format!("{}/new{next}.md", rng.pick(CATEGORIES)),
                    title: format!("新增第{next}篇"),
                    tags: vec![rng.pick(TAGS).to_string()],
                    sentences: vec![rng.pick(SENTENCES).to_string()],
                    draft: false,
                };
                next += 1;
                save(&a);
                let what = format!("added {}", a.file);
                articles.push(a);
                what
            }
            5 if articles.len() > 6 => {
                let a = articles.remove(movable);
                fs::remove_file(content.join(&a.file)).unwrap();
                format!("deleted {}", a.file)
            }
            6 => {
                let a = &mut articles[movable];
                let old = std::mem::replace(
                    &mut a.file,
                    format!("{}/renamed{next}.md", rng.pick(CATEGORIES)),
                );
                next += 1;
                fs::rename(content.join(&old), content.join(&a.file)).unwrap();
                format!("renamed {old} to {}", a.file)
            }
            7 => {
                let a = &mut articles[movable];
                a.draft = !a.draft;
                save(a);
                format!("made {} a draft: {}", a.file, a.draft)
            }
            8 => {
                // Inside a block, so that the page changes; base.html through its link.
                let t = rng.pick(&templates);
                let path = if *t == "base.html" {
                    shared.clone()
                } else {
                    theme.join("templates").join(t)
                };
                let text = fs::read_to_string(&path).unwrap();
                let mark = format!("<!-- step {step} -->");
                let text = match text.find("{% block main %}") {
                    Some(i) => {
                        let at = i + "{% block main %}".len();
                        format!("{}{mark}{}", &text[..at], &text[at..])
                    }
                    None => format!("{text}{mark}\n"),
                };
                fs::write(&path, text).unwrap();
                format!("changed the template {t}")
            }
            9 => {
                let path = content.join("laws/minfadian.toml");
                let text = fs::read_to_string(&path).unwrap().replacen(
                    "支付逾期利息",
                    &format!("支付逾期利息（第{step}步）"),
                    1,
                );
                fs::write(&path, text).unwrap();
                "changed the text of 民法典第676条".to_string()
            }
            10 => {
                let path = content.join("site.toml");
                let text = fs::read_to_string(&path).unwrap();
                let per = 2 + rng.below(3);
                let text = text
                    .lines()
                    .map(|l| {
                        if l.starts_with("per_page") {
                            format!("per_page = {per}")
                        } else if l.starts_with("title") {
                            format!("title = \"逾期债务法律帮助{step}\"")
                        } else {
                            l.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                fs::write(&path, text).unwrap();
                format!("site.toml: per_page = {per}, a new title")
            }
            11 => {
                // A file of the published site, or of the scratch folder beside it,
                // changed by something else.
                let folder = if rng.below(2) == 0 {
                    out.clone()
                } else {
                    dir.path().join("site/.dist.build")
                };
                let files = if folder.is_dir() {
                    e2e::all_files(&folder)
                } else {
                    e2e::all_files(&out)
                };
                let victim = rng.pick(&files).clone();
                let mut bytes = fs::read(&victim).unwrap();
                if let Some(b) = bytes.first_mut() {
                    *b ^= 1;
                }
                fs::write(&victim, bytes).unwrap();
                format!("tampered with {}", victim.display())
            }
            12 => {
                // The cache of the site's files, of the Markdown stage's results, of their
                // texts, of the inputs' fingerprints, of the articles as parsed, or the
                // search index's state.
                let which =
                    ["cache", "sources", "bodies", "inputs", "articles", "search"][rng.below(6)];
                let cache = dir.path().join(format!("site/.dist.{which}"));
                match rng.below(5) {
                    0 => {
                        let _ = fs::remove_file(&cache);
                        format!("deleted the {which} file")
                    }
                    1 => {
                        let mut bytes = fs::read(&cache).unwrap_or_default();
                        let n = bytes.len();
                        if n > 40 {
                            bytes[40 + rng.below(n - 40)] ^= 0x10;
                        }
                        fs::write(&cache, bytes).unwrap();
                        format!("flipped a bit of the {which} file")
                    }
                    2 => {
                        let bytes = fs::read(&cache).unwrap_or_default();
                        fs::write(&cache, &bytes[..bytes.len() / 2]).unwrap();
                        format!("cut the {which} file short")
                    }
                    3 => {
                        // As a crash while it was written might leave it.
                        fs::write(&cache, b"").unwrap();
                        format!("emptied the {which} file")
                    }
                    _ => {
                        fs::write(dir.path().join(format!("site/.dist.{which}-new")), b"").unwrap();
                        format!("left an empty temporary {which} file")
                    }
                }
            }
            13 => {
                let path = content.join("data/lpr.csv");
                let text = fs::read_to_string(&path).unwrap();
                // The newest rate, a basis point up: every calculator's result may change.
                let last = text.trim_end().lines().last().unwrap().to_string();
                let (date, rest) = last.split_once(',').unwrap();
                let (one, five) = rest.split_once(',').unwrap();
                let one: f64 = one.parse().unwrap();
                let bumped = format!("{date},{:.2},{five}", one + 0.01);
                fs::write(&path, text.replace(&last, &bumped)).unwrap();
                format!("changed the LPR of {date}")
            }
            14 => {
                today += chrono::Duration::days(4);
                format!("a new day: {today}")
            }
            15 => {
                append(
                    &theme.join("static/style.css"),
                    &format!("\n.step{step} {{ color: red }}\n"),
                );
                "changed the stylesheet".to_string()
            }
            16 => {
                append(
                    &content.join("credit/card.svg"),
                    &format!("<!-- {step} -->\n"),
                );
                "changed an image beside the articles".to_string()
            }
            17 => {
                let path = content.join("credit/_category.toml");
                let text = fs::read_to_string(&path).unwrap();
                let text = text.replacen("name = \"", &format!("name = \"{step}"), 1);
                fs::write(&path, text).unwrap();
                "renamed the category 信用卡".to_string()
            }
            18 => {
                // A make-up working day becomes a rest day: the grace period's end moves.
                let path = content.join("data/holidays/2026.csv");
                let text = fs::read_to_string(&path).unwrap();
                let text = if text.contains("2026-10-10,国庆节,班") {
                    text.replace("2026-10-10,国庆节,班", "2026-10-10,国庆节,休")
                } else {
                    text.replace("2026-10-10,国庆节,休", "2026-10-10,国庆节,班")
                };
                fs::write(&path, text).unwrap();
                "changed the 2026 holiday calendar".to_string()
            }
            19 => {
                // A build that fails leaves the site as it was; the walk goes on from it.
                // (A draft is not built, so the broken link goes into a published one.)
                let published = (movable..articles.len())
                    .chain(3..movable)
                    .find(|&i| !articles[i].draft)
                    .expect("a published article");
                let a = &articles[published];
                let path = content.join(&a.file);
                let good = fs::read_to_string(&path).unwrap();
                fs::write(
                    &path,
                    format!("{good}\n[断链](../loan/no-such-article.md)\n"),
                )
                .unwrap();
                let before = tree(&out);
                let failed = gen::build(&opts(&content, &theme, &out, today));
                assert!(failed.is_err(), "a broken link did not fail the build");
                assert!(tree(&out) == before, "a failed build changed the site");
                fs::write(&path, good).unwrap();
                format!(
                    "a failed build (a broken link in {}), then the link removed",
                    a.file
                )
            }

            _ => "nothing changed".to_string(),
        };
        let before = UP_TO_DATE.with(|n| n.get());
        let (pages, kept, warnings) = build(&content, &theme, &out, today);
        let fast = if UP_TO_DATE.with(|n| n.get()) > before {
            ", nothing to do"
        } else {
            ""
        };
        log.push(format!(
            "step {step}: {what} ({kept} of {pages} pages kept{fast})"
        ));
        let cold = dir.path().join(format!("cold-{step}/dist"));
        let (cold_pages, cold_kept, cold_warnings) = build(&content, &theme, &cold, today);
        assert_eq!(cold_kept, 0, "a cold build has nothing to keep");
        let (got, want) = (tree(&out), tree(&cold));
        let missing: Vec<&String> = want.keys().filter(|k| !got.contains_key(*k)).collect();
        let extra: Vec<&String> = got.keys().filter(|k| !want.contains_key(*k)).collect();
        let differ: Vec<&String> = want
            .iter()
            .filter(|(k, v)| got.get(*k).is_some_and(|g| g != *v))
            .map(|(k, _)| k)
            .collect();
        assert!(
            missing.is_empty() && extra.is_empty() && differ.is_empty(),
            "INCREMENTAL_SEED={seed}, after {}:\nmissing {missing:?}\nextra {extra:?}\ndiffering {differ:?}\nthe walk:\n{}",
            what,
            log.join("\n")
        );
        assert_eq!(
            (pages, &warnings),
            (cold_pages, &cold_warnings),
            "INCREMENTAL_SEED={seed}, {what}"
        );
        fs::remove_dir_all(cold.parent().unwrap()).unwrap();
    }
    // With nothing changed, the build finds the output as the last build left it and
    // does nothing at all; one byte changed in the output (same size, same modification
    // time), and it rebuilds.
    build(&content, &theme, &out, today);
    let fast = UP_TO_DATE.with(|n| n.get());
    let (pages, kept, _) = build(&content, &theme, &out, today);
    assert_eq!(kept, pages, "the walk:\n{}", log.join("\n"));
    assert_eq!(
        UP_TO_DATE.with(|n| n.get()),
        fast + 1,
        "the build found work to do"
    );
    let page = out.join("index.html");
    let before = tree(&out);
    let modified = fs::metadata(&page).unwrap().modified().unwrap();
    let mut bytes = fs::read(&page).unwrap();
    bytes[0] ^= 1;
    fs::write(&page, &bytes).unwrap();
    fs::File::options()
        .write(true)
        .open(&page)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    let fast = UP_TO_DATE.with(|n| n.get());
    build(&content, &theme, &out, today);
    assert_eq!(
        UP_TO_DATE.with(|n| n.get()),
        fast,
        "a changed output file was taken as unchanged"
    );
    assert!(
        tree(&out) == before,
        "the rebuild did not restore the output"
    );
    // Pages whose inputs did not change are kept, not rendered: an article edited twice
    // (the second build writes into the folder of the site before the first edit).
    let published = (3..articles.len()).find(|&i| !articles[i].draft).unwrap();
    // Without the sources file the first of the two builds renders every source and
    // writes it; the second then renders the edited one alone (the file is not rewritten
    // for a few: those are rendered again until they are more).
    let _ = fs::remove_file(dir.path().join("site/.dist.sources"));
    for n in 0..2 {
        let a = &mut articles[published];
        a.sentences.push(format!("第{n}次补充。"));
        save(a);
        let (pages, kept, _) = build(&content, &theme, &out, today);
        if n == 1 {
            assert!(0 < kept && kept < pages, "{kept} of {pages} pages kept");
            // Only the edited body went through Markdown: the others' results were kept.
            assert_eq!(RENDERED.with(|n| n.get()), 1, "sources rendered");
        }
    }
    // The search index's state is kept beside the output; damaged, cut short, emptied
    // or deleted before a build that edits an article, the index is still a cold build's.
    let state = dir.path().join("site/.dist.search");
    assert!(state.is_file());
    for (n, damage) in ["flipped", "cut", "emptied", "deleted", "kept"]
        .into_iter()
        .enumerate()
    {
        let a = &mut articles[published];
        a.sentences.push(format!("第{n}次再补充，逾期三个月。"));
        save(a);
        let bytes = fs::read(&state).unwrap();
        match damage {
            "flipped" => {
                let mut b = bytes.clone();
                let i = 40 + rng.below(b.len() - 40);
                b[i] ^= 0x10;
                fs::write(&state, b).unwrap();
            }
            "cut" => fs::write(&state, &bytes[..bytes.len() / 2]).unwrap(),
            "emptied" => fs::write(&state, b"").unwrap(),
            "deleted" => fs::remove_file(&state).unwrap(),
            _ => {}
        }
        build(&content, &theme, &out, today);
        let cold = dir.path().join(format!("cold-state-{n}/dist"));
        build(&content, &theme, &cold, today);
        let (got, want) = (tree(&out), tree(&cold));
        assert!(
            got == want,
            "INCREMENTAL_SEED={seed}: the search state {damage}, then an edit: not a cold build's site"
        );
        assert!(state.is_file(), "the build left no search state");
    }
    println!("{}", log.join("\n"));
}

#[test]
fn rebuilds_are_byte_identical_to_cold_builds() {
    let seed = std::env::var("INCREMENTAL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_2026_1130);
    walk(seed, 60);
}
