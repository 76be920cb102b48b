//! End-to-end tests of the generator: build the fixture site and check the output (links,
//! anchors, one h1, titles, sitemap, feed, sub-path hosting), and check that every kind of
//! bad input is reported with its location while the previous dist/ stays intact.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn fixture() -> PathBuf {
    repo().join("tests/fixtures/site")
}

fn opts(content: &Path, out: &Path, base: Option<&str>) -> gen::BuildOptions {
    gen::BuildOptions {
        content: content.to_path_buf(),
        theme: repo().join("theme"),
        out: out.to_path_buf(),
        base_url: base.map(str::to_string),
        drafts: false,
        write: true,
        allow_empty: false,
        today: Some(e2e::fixture_today()),
        official: None,
    }
}

fn build(content: &Path, base: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dist");
    if let Err(p) = gen::build(&opts(content, &out, base)) {
        panic!("build failed:\n{p}");
    }
    (dir, out)
}

fn unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

struct Page {
    ids: HashSet<String>,
    links: Vec<String>,
    h1: usize,
    title: String,
}

fn parse_page(path: &Path) -> Page {
    let html = fs::read_to_string(path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", path.display());
    assert!(html.contains("<html lang=\"zh-CN\">"), "{}", path.display());
    let dom = tl::parse(&html, tl::ParserOptions::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let parser = dom.parser();
    let mut page = Page {
        ids: HashSet::new(),
        links: Vec::new(),
        h1: 0,
        title: String::new(),
    };
    for node in dom.nodes() {
        let Some(tag) = node.as_tag() else { continue };
        let name = tag.name().as_utf8_str().to_string();
        let attr = |k: &str| {
            tag.attributes()
                .get(k)
                .flatten()
                .map(|v| unescape(&v.as_utf8_str()))
        };
        if let Some(id) = attr("id") {
            assert!(
                page.ids.insert(id.clone()),
                "{}: duplicate id {id}",
                path.display()
            );
        }
        match name.as_str() {
            "h1" => page.h1 += 1,
            "title" => page.title = tag.inner_text(parser).to_string(),
            "a" | "link" => page.links.extend(attr("href")),
            "script" | "img" => page.links.extend(attr("src")),
            _ => {}
        }
    }
    page
}

/// The file a site URL path points to.
fn target(out: &Path, base_path: &str, url_path: &str) -> Option<PathBuf> {
    let rest = url_path.strip_prefix(base_path)?;
    let rest = e2e::percent_decode(rest);
    let mut p = out.join(&rest);
    if rest.is_empty() || rest.ends_with('/') {
        p = p.join("index.html");
    }
    Some(p)
}

/// Checks every page: one h1, a title, every internal link and anchor resolving, and no
/// link leaving `base_path`.
fn check_site(out: &Path, base_url: &str, base_path: &str) -> usize {
    let pages: HashMap<PathBuf, Page> = e2e::files(out, "html")
        .into_iter()
        .map(|p| (p.clone(), parse_page(&p)))
        .collect();
    assert!(!pages.is_empty());
    let mut checked = 0;
    for (path, page) in &pages {
        assert_eq!(page.h1, 1, "{}: expected exactly one h1", path.display());
        let html = fs::read_to_string(path).unwrap();
        for landmark in [
            "<header",
            "<nav",
            "<main id=\"main\"",
            "<footer",
            "href=\"#main\"",
        ] {
            assert!(html.contains(landmark), "{}: no {landmark}", path.display());
        }
        assert!(
            !page.title.trim().is_empty(),
            "{}: no title",
            path.display()
        );
        for link in &page.links {
            // A phone link (the help line on every page) leaves the site on purpose.
            if link.starts_with("tel:") {
                continue;
            }
            let (url, frag) = match link.split_once('#') {
                Some((u, f)) => (u.to_string(), Some(e2e::percent_decode(f))),
                None => (link.clone(), None),
            };
            let local = if let Some(rest) = url.strip_prefix(base_url) {
                format!("{base_path}{rest}")
            } else if url.starts_with("http://") || url.starts_with("https://") {
                assert!(
                    !url.contains("fixture.test"),
                    "{}: {link} escapes the base URL",
                    path.display()
                );
                continue;
            } else {
                url.clone()
            };
            if local.is_empty() {
                let f = frag.expect("empty link");
                assert!(page.ids.contains(&f), "{}: no anchor #{f}", path.display());
                continue;
            }
            assert!(
                local.starts_with(base_path),
                "{}: link {link} escapes {base_path}",
                path.display()
            );
            let file = target(out, base_path, &local).unwrap();
            assert!(
                file.is_file(),
                "{}: broken link {link} ({})",
                path.display(),
                file.display()
            );
            if let Some(f) = frag {
                let t = &pages[&file];
                assert!(
                    t.ids.contains(&f),
                    "{}: {link}: no anchor #{f} in {}",
                    path.display(),
                    file.display()
                );
            }
            checked += 1;
        }
    }
    checked
}

const ARTICLES: &[&str] = &[
    "loan/overdue-interest/",
    "loan/还款协商/",
    "loan/judgment-costs/",
    "credit/card-minimum/",
    "credit/credit-record/",
];

#[test]
fn fixture_site_links_pages_and_feeds() {
    let (_d, out) = build(&fixture(), None);
    assert!(check_site(&out, "https://fixture.test/", "/") > 50);
    for a in ARTICLES {
        assert!(out.join(a).join("index.html").is_file(), "{a}");
    }
    assert!(
        !out.join("credit/draft-note").exists(),
        "drafts are not published"
    );
    for f in [
        "404.html",
        "robots.txt",
        "tags/index.html",
        "laws/minfadian/index.html",
        "page/2/index.html",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .map(|n| e2e::percent_decode(n.text().unwrap()))
        .collect();
    let lastmods = doc
        .descendants()
        .filter(|n| n.has_tag_name("lastmod"))
        .count();
    assert!(lastmods >= ARTICLES.len());
    let feed = fs::read_to_string(out.join("atom.xml")).unwrap();
    let fdoc = roxmltree::Document::parse(&feed).unwrap();
    let entries: Vec<String> = fdoc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .filter_map(|e| {
            e.children()
                .find(|c| c.has_tag_name("id"))
                .and_then(|c| c.text())
                .map(e2e::percent_decode)
        })
        .collect();
    assert_eq!(entries.len(), ARTICLES.len());
    for a in ARTICLES {
        let u = format!("https://fixture.test/{a}");
        assert!(locs.contains(&u), "sitemap lacks {u}");
        assert!(entries.contains(&u), "feed lacks {u}");
    }
    let robots = fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://fixture.test/sitemap.xml"));
}

#[test]
fn article_page_contents() {
    let (_d, out) = build(&fixture(), None);
    let html = fs::read_to_string(out.join("loan/overdue-interest/index.html")).unwrap();
    for needle in [
        "<strong>逾期利息。</strong>这是法律明确规定的", // cjk emphasis, no space at the line break
        "id=\"利率有没有上限\"",
        "本文内容最后核对于 <time datetime=\"2026-04-01\">",
        "首页</a></li><li><a href=\"/loan/\">金融债务</a></li><li><span aria-current=\"page\">正文",
        "href=\"/laws/minfadian/#art-676\"",
        "借款人未按照约定的期限返还借款的",
        "扫码在手机上阅读",
        "<svg",
        "\"@type\":\"Article\"",
        "\"@type\":\"BreadcrumbList\"",
        "<link rel=\"canonical\" href=\"https://fixture.test/loan/overdue-interest/\">",
        "property=\"og:title\"",
        "<meta name=\"description\" content=\"逾期利息的法律依据与计算方法。\">",
        "role=\"search\"",
        "name=\"q\"",
        "约 1 分钟读完",
        "相关文章",
        "© 2026 某某律师事务所",
        "本站内容仅供参考",
        "<span class=\"label\">摘要</span>",
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
    // No script other than JSON-LD data, and no inline executable script.
    assert!(!html.contains("<script>"));
    let law = fs::read_to_string(out.join("laws/minfadian/index.html")).unwrap();
    assert!(law.contains("id=\"art-675\""));
    assert!(law.contains("引用本条的文章"));
    assert!(law.contains("href=\"/loan/overdue-interest/\""));
    let tag = fs::read_to_string(out.join("tags/逾期利息/index.html")).unwrap();
    assert!(tag.contains("信用卡只还最低还款额会怎样"));
}

#[test]
fn sub_path_build_stays_inside() {
    let (_d, out) = build(&fixture(), Some("https://fixture.test/guide/"));
    assert!(check_site(&out, "https://fixture.test/guide/", "/guide/") > 50);
    let html = fs::read_to_string(out.join("credit/card-minimum/index.html")).unwrap();
    assert!(html.contains("src=\"/guide/credit/card.svg\""));
    assert!(html.contains(
        "href=\"/guide/loan/%E8%BF%98%E6%AC%BE%E5%8D%8F%E5%95%86/#%E6%80%8E%E4%B9%88%E8%B0%88-1\""
    ));
    let feed = fs::read_to_string(out.join("atom.xml")).unwrap();
    assert!(!feed.contains("https://fixture.test/loan"));
}

/// The feed lists the newest `feed_limit` articles (site.toml), newest first; 0 lists all.
#[test]
fn the_feed_lists_the_newest_articles() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    e2e::copy_dir(&fixture(), &content);
    let entries = |limit: &str| {
        let toml = fs::read_to_string(fixture().join("site.toml")).unwrap();
        fs::write(
            content.join("site.toml"),
            format!("{toml}\nfeed_limit = {limit}\n"),
        )
        .unwrap();
        let out = dir.path().join(format!("dist-{limit}"));
        gen::build(&opts(&content, &out, None)).unwrap();
        let feed = fs::read_to_string(out.join("atom.xml")).unwrap();
        let home = fs::read_to_string(out.join("index.html")).unwrap();
        (feed.matches("<entry>").count(), feed, home)
    };
    let (all, _, _) = entries("0");
    assert!(all > 3, "{all} entries");
    let (two, feed, home) = entries("2");
    assert_eq!(two, 2);
    // The two are the home page's first two (newest first).
    let first = home
        .split("<h2><a href=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert!(
        feed.contains(&format!("{first}\"/>")),
        "{first} not first in the feed"
    );
}

#[test]
fn empty_content_folder_builds() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    fs::create_dir(&content).unwrap();
    let (_d, out) = build(&content, None);
    assert!(out.join("index.html").is_file());
    assert!(out.join("404.html").is_file());
    check_site(&out, "http://localhost/", "/");
}

/// Copies the fixture, applies `edit`, builds over an existing dist/, and returns the
/// problems; asserts that the old dist/ is untouched.
fn bad(edit: impl FnOnce(&Path)) -> String {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    e2e::copy_dir(&fixture(), &content);
    let out = dir.path().join("dist");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("marker.txt"), "previous build").unwrap();
    edit(&content);
    let err = gen::build(&opts(&content, &out, None)).expect_err("the build should fail");
    assert_eq!(
        fs::read_to_string(out.join("marker.txt")).unwrap(),
        "previous build"
    );
    assert_eq!(fs::read_dir(&out).unwrap().count(), 1, "dist/ was changed");
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "temporary folders left: {leftovers:?}");
    err.to_string()
}

fn write(content: &Path, rel: &str, text: &str) {
    fs::write(content.join(rel), text).unwrap();
}

const HEAD: &str = "+++\ntitle = \"测试\"\ndate = 2026-01-01\ntags = [\"测试\"]\n+++\n";

#[test]
fn malformed_toml() {
    let e = bad(|c| write(c, "loan/x.md", "+++\ntitle = \"a\ndate = 2026-01-01\n+++\n"));
    assert!(e.contains("loan/x.md:2:"), "{e}");
}

#[test]
fn missing_field() {
    let e = bad(|c| write(c, "loan/x.md", "+++\ntitle = \"a\"\n+++\n正文\n"));
    assert!(e.contains("loan/x.md:") && e.contains("date"), "{e}");
}

#[test]
fn wrong_type() {
    let e = bad(|c| {
        write(
            c,
            "loan/x.md",
            "+++\ntitle = \"a\"\ndate = 2026-01-01\ntags = \"网贷\"\n+++\n",
        )
    });
    assert!(e.contains("loan/x.md:4:"), "{e}");
}

#[test]
fn bad_date() {
    let e = bad(|c| {
        write(
            c,
            "loan/x.md",
            "+++\ntitle = \"a\"\ndate = 2026-02-30\n+++\n",
        )
    });
    assert!(e.contains("loan/x.md:3:"), "{e}");
}

#[test]
fn unknown_key() {
    let e = bad(|c| {
        write(
            c,
            "loan/x.md",
            "+++\ntitle = \"a\"\ndate = 2026-01-01\ntag = []\n+++\n",
        )
    });
    assert!(e.contains("loan/x.md:4:") && e.contains("tag"), "{e}");
}

#[test]
fn duplicate_slugs() {
    let e = bad(|c| {
        write(
            c,
            "loan/y.md",
            "+++\ntitle = \"a\"\ndate = 2026-01-01\nslug = \"overdue-interest\"\n+++\n",
        )
    });
    assert!(
        e.contains("loan/y.md:1:1") && e.contains("overdue-interest"),
        "{e}"
    );
}

#[test]
fn link_to_missing_article_and_heading() {
    let e = bad(|c| {
        write(
            c,
            "loan/x.md",
            &format!("{HEAD}\n见[缺](../credit/nope.md)。\n\n再见[缺](还款协商.md#没有)。\n"),
        )
    });
    assert!(e.contains("loan/x.md:7:2") && e.contains("nope.md"), "{e}");
    assert!(e.contains("loan/x.md:9:3") && e.contains("#没有"), "{e}");
}

#[test]
fn link_to_a_draft() {
    let e = bad(|c| {
        write(
            c,
            "loan/x.md",
            &format!("{HEAD}\n见[草稿](../credit/draft-note.md)。\n"),
        )
    });
    assert!(
        e.contains("loan/x.md:7:2") && e.contains("is a draft"),
        "{e}"
    );
}

#[test]
fn unknown_statute_or_clause() {
    let e = bad(|c| {
        write(
            c,
            "loan/x.md",
            &format!("{HEAD}\n[刑法](law:xingfa/1)和[民法典第1条](law:minfadian/1)\n"),
        )
    });
    assert!(e.contains("loan/x.md:7:1") && e.contains("xingfa"), "{e}");
    assert!(
        e.contains("loan/x.md:7:") && e.contains("no article 1"),
        "{e}"
    );
}

#[test]
fn bad_calculator_block() {
    let e = bad(|c| {
        write(c, "loan/x.md", &format!("{HEAD}\n正文\n\n```calculator penalty\nprincipal = \"abc\"\n```\n\n```calculator nope\n```\n"))
    });
    assert!(
        e.contains("loan/x.md:9:") || e.contains("loan/x.md:10:"),
        "{e}"
    );
    assert!(
        e.contains("loan/x.md:13:1: unknown calculator kind “nope”"),
        "{e}"
    );
    assert!(
        e.contains("judgment, court_fee"),
        "the help lists every kind: {e}"
    );
}

#[test]
fn bad_judgment_and_court_fee_blocks() {
    let e = bad(|c| {
        write(
            c,
            "loan/y.md",
            &format!(
                "{HEAD}\n正文\n\n```calculator judgment\ndebt = \"50000\"\ndeadline = 2024-03-20\nuntil = 2024-02-01\n```\n\n```calculator court_fee\nfee = \"case\"\nclaim = \"-5\"\n```\n"
            ),
        )
    });
    assert!(
        e.contains("loan/y.md:12:")
            && e.contains("calculator judgment: “计算到哪一天”（until）不能早于"),
        "{e}"
    );
    assert!(
        e.contains("loan/y.md:17:")
            && e.contains("calculator court_fee: “金额”（claim）不能为负数"),
        "{e}"
    );
}

#[test]
fn bad_limitation_and_apr_blocks() {
    let e = bad(|c| {
        write(
            c,
            "loan/x.md",
            &format!(
                "{HEAD}\n正文\n\n```calculator limitation\ndue_date = 2022-06-30\n\
                 interruptions = [2022-01-01]\ntoday = 2026-11-29\n```\n\n\
                 ```calculator apr\nreceived = \"1000\"\npayments = [\"300\", \"300\"]\n```\n"
            ),
        )
    });
    assert!(
        e.contains("loan/x.md:11:") && e.contains("早于到期日"),
        "{e}"
    );
    assert!(
        e.contains("loan/x.md:17:") && e.contains("不存在正的利率"),
        "{e}"
    );
}

#[test]
fn bad_statute_file_and_site_toml() {
    let e = bad(|c| {
        write(c, "laws/minfadian.toml", "code = \"minfadian\"\nname = 1\n");
        write(c, "site.toml", "titel = \"x\"\n");
    });
    assert!(e.contains("laws/minfadian.toml:2:"), "{e}");
    assert!(e.contains("site.toml:1:1") && e.contains("titel"), "{e}");
}

#[test]
fn all_problems_in_one_numbered_list() {
    let e = bad(|c| {
        write(c, "loan/a.md", "+++\ntitle = \n+++\n");
        write(c, "loan/b.md", "no front matter\n");
        write(c, "credit/c.md", &format!("{HEAD}[x](nope.md)\n"));
        fs::write(c.join("credit/d.md"), [0xffu8, 0xfe, 0x00]).unwrap();
    });
    assert!(e.starts_with("4 problems found:"), "{e}");
    assert!(e.contains("  1. ") && e.contains("  4. "), "{e}");
    assert!(e.contains("help:"), "{e}");
}

#[test]
fn bad_template_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let theme = dir.path().join("theme");
    e2e::copy_dir(&repo().join("theme/templates"), &theme.join("templates"));
    fs::write(
        theme.join("templates/tags.html"),
        "{% extends \"base.html\" %}\n{% block main %}\n{{ oops( }}\n{% endblock %}\n",
    )
    .unwrap();
    let mut o = opts(&fixture(), &dir.path().join("dist"), None);
    o.theme = theme;
    let e = gen::build(&o).expect_err("bad template").to_string();
    assert!(e.contains("tags.html:3"), "{e}");
    assert!(!dir.path().join("dist").exists());
}

#[test]
fn check_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut o = opts(&fixture(), &dir.path().join("dist"), None);
    o.write = false;
    gen::build(&o).unwrap();
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn drafts_flag_publishes_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let mut o = opts(&fixture(), &dir.path().join("dist"), None);
    o.drafts = true;
    gen::build(&o).unwrap();
    assert!(dir
        .path()
        .join("dist/credit/draft-note/index.html")
        .is_file());
}

#[test]
fn new_article_skeleton_builds() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    e2e::copy_dir(&fixture(), &content);
    let p = gen::new_article(&content, "loan/新文章", false).unwrap();
    assert!(p.ends_with("loan/新文章.md"));
    assert!(gen::new_article(&content, "loan/新文章", false).is_err());
    let mut o = opts(&content, &dir.path().join("dist"), None);
    o.drafts = true;
    gen::build(&o).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn calculator_block_static_result_and_boot_script() {
    // Without theme/calc: the static result, no script, one warning.
    let dir = tempfile::tempdir().unwrap();
    let theme = dir.path().join("theme");
    e2e::copy_dir(&repo().join("theme/templates"), &theme.join("templates"));
    e2e::copy_dir(&repo().join("theme/static"), &theme.join("static"));
    let mut o = opts(
        &fixture(),
        &dir.path().join("dist"),
        Some("https://fixture.test/guide/"),
    );
    o.theme = theme.clone();
    let s = gen::build(&o).unwrap();
    assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
    let page = fs::read_to_string(dir.path().join("dist/credit/card-minimum/index.html")).unwrap();
    assert!(page.contains("<section class=\"calculator\" id=\"calc-1\" data-kind=\"grace\""));
    assert!(
        page.contains("calc-report"),
        "the result computed at build time is on the page"
    );
    assert!(!page.contains("type=\"module\""));

    // With theme/calc: one module per kind (crates/build-wasm), here all but apr's and
    // limitation's. Each page's boot module loads the modules of its blocks' kinds and no
    // other; a page whose kinds have no module keeps its static results, with a warning.
    fs::create_dir_all(theme.join("calc")).unwrap();
    fs::write(
        theme.join("calc/calc_wasm.js"),
        "export default function init() {}\n",
    )
    .unwrap();
    for kind in ["grace", "court_fee", "judgment", "penalty"] {
        fs::create_dir_all(theme.join("calc").join(kind)).unwrap();
        fs::write(
            theme.join(format!("calc/{kind}/calc_wasm_bg.wasm")),
            format!("\0asm\x01\0\0\0{kind}"),
        )
        .unwrap();
    }
    let s = gen::build(&o).unwrap();
    assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
    assert!(
        format!("{:?}", s.warnings).contains("for apr, limitation:"),
        "{:?}",
        s.warnings
    );
    let calc = dir.path().join("dist/calc");
    let mut names: Vec<String> = fs::read_dir(&calc)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let find = |p: &str, ext: &str| {
        names
            .iter()
            .find(|n| n.starts_with(p) && n.ends_with(ext))
            .unwrap_or_else(|| panic!("{p} in {names:?}"))
            .clone()
    };
    // The same glue text under each kind's name: one instance (and one module) per kind
    // when a page loads two.
    let [(gjs, gwasm), (cjs, cwasm), (jjs, jwasm)] = ["grace", "court_fee", "judgment"].map(|k| {
        (
            find(&format!("{k}-"), ".js"),
            find(&format!("{k}-"), ".wasm"),
        )
    });
    // No page of the fixture has a penalty block: its module is not published.
    assert!(!names.iter().any(|n| n.starts_with("penalty")), "{names:?}");
    let boot_of = |page: &str| {
        let html = fs::read_to_string(dir.path().join("dist").join(page)).unwrap();
        let (_, rest) = html
            .split_once("<script type=\"module\" src=\"/guide/calc/")
            .unwrap_or_else(|| panic!("{page} has no boot script"));
        let boot = rest.split_once('"').unwrap().0.to_string();
        assert!(boot.starts_with("boot-") && boot.ends_with(".js"), "{boot}");
        assert!(rest.starts_with(&format!("{boot}\"></script>")));
        fs::read_to_string(calc.join(&boot)).unwrap()
    };
    let init = |i: usize, wasm: &str| {
        format!("init{i}({{ module_or_path: new URL(\"./{wasm}\", import.meta.url) }});\n")
    };
    assert_eq!(
        boot_of("credit/card-minimum/index.html"),
        format!("import init0 from \"./{gjs}\";\n{}", init(0, &gwasm))
    );
    assert_eq!(
        boot_of("loan/judgment-costs/index.html"),
        format!(
            "import init0 from \"./{jjs}\";\nimport init1 from \"./{cjs}\";\n{}{}",
            init(0, &jwasm),
            init(1, &cwasm)
        )
    );
    let no_module = fs::read_to_string(dir.path().join("dist/loan/还款协商/index.html")).unwrap();
    assert!(no_module.contains("data-kind=\"apr\""));
    assert!(!no_module.contains("type=\"module\""));
    let other =
        fs::read_to_string(dir.path().join("dist/loan/overdue-interest/index.html")).unwrap();
    assert!(!other.contains("type=\"module\""));
}

#[test]
fn nasty_inputs_never_panic_and_are_all_reported() {
    let e = bad(|c| {
        write(c, "loan/empty.md", "");
        write(c, "loan/plus.md", "+++");
        write(c, "loan/plus2.md", "+++\n+++\n");
        write(
            c,
            "loan/dots.md",
            "+++\ntitle = \"a\"\ndate = 2026-01-01\ntags = [\"..\"]\n+++\n",
        );
        write(c, "loan/links.md", &format!("{HEAD}[a](#) [b](.md) [c](../../../etc/passwd.md) [d](law:) [e](law:minfadian) [f](x.md#)\n\n```calculator\n```\n"));
        write(c, "credit/_category.toml", "name = 3\n");
        fs::create_dir_all(c.join("credit/dir.md")).unwrap();
        fs::create_dir_all(c.join("credit/nested")).unwrap();
        write(c, "credit/nested/deep.md", "not read");
        write(c, "laws/dup.toml", "code = \"dup\"\nname = \"x\"\nshort = \"y\"\nissuer = \"z\"\nsource = \"s\"\n[[article]]\nnumber = \"1\"\ntext = \"a\"\n[[article]]\nnumber = \"1\"\ntext = \"b\"\n[[article]]\nnumber = \"一\"\ntext = \"c\"\n");
        write(c, "laws/notes.txt", "ignored");
    });
    for needle in [
        "loan/empty.md:1:1",
        "loan/plus.md:1:1",
        "loan/plus2.md:",
        "loan/dots.md:4:",
        "loan/links.md:6:",
        "loan/links.md:8:",
        "credit/_category.toml:1:",
        "laws/dup.toml:9:",
        "credit/nested/deep.md: articles in subfolders",
        "laws/dup.toml:12:",
    ] {
        assert!(e.contains(needle), "missing {needle} in\n{e}");
    }
}

/// `gen serve` rebuilds through `gen::build`, whose build cache decides what an edit
/// makes again: a body edit that no other page shows rewrites its page and the search
/// files that index it, and nothing else; a new excerpt reaches the lists and the feed; an
/// edit with an error writes nothing; a new title reaches every page that shows it.
#[test]
fn an_edit_rewrites_what_shows_it_and_no_more() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    e2e::copy_dir(&fixture(), &content);
    let out = dir.path().join("dist");
    let files = || -> std::collections::BTreeMap<String, Vec<u8>> {
        e2e::all_files(&out)
            .into_iter()
            .map(|p| {
                let rel = p.strip_prefix(&out).unwrap().to_string_lossy().into_owned();
                (rel, fs::read(&p).unwrap())
            })
            .collect()
    };
    // What changed between two snapshots, the search index apart.
    let changed = |a: &std::collections::BTreeMap<String, Vec<u8>>,
                   b: &std::collections::BTreeMap<String, Vec<u8>>| {
        let mut names: Vec<&String> = a.keys().chain(b.keys()).collect();
        names.sort();
        names.dedup();
        names
            .into_iter()
            .filter(|n| !n.starts_with("search/") && a.get(*n) != b.get(*n))
            .cloned()
            .collect::<Vec<_>>()
    };
    gen::build(&opts(&content, &out, None)).unwrap();
    let before = files();
    let search_text = || -> String {
        e2e::files(&out.join("search/idx/d"), "json")
            .iter()
            .map(|p| fs::read_to_string(p).unwrap())
            .filter(|t| t.contains("/loan/overdue-interest/"))
            .collect()
    };
    assert!(search_text().contains("还款前先核对合同"));

    let other = content.join("loan/overdue-interest.md");
    let text = fs::read_to_string(&other).unwrap();
    fs::write(
        &other,
        text.replace("还款前先核对合同", "还款以前先核对合同"),
    )
    .unwrap();
    let s = gen::build(&opts(&content, &out, None)).unwrap();
    assert_eq!(s.rendered_sources, 1, "sources rendered");
    assert_eq!(s.kept, s.pages - 1, "pages kept of {}", s.pages);
    let after = files();
    assert_eq!(
        changed(&before, &after),
        ["loan/overdue-interest/index.html"]
    );
    assert!(
        search_text().contains("还款以前先核对合同"),
        "{}",
        search_text()
    );

    // A new excerpt: the list pages showing it and the feed change too.
    let file = content.join("loan/还款协商.md");
    let page = out.join("loan/还款协商/index.html");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        text.replace("协商还款是多数人的第一步。", "协商还款常常是第一步。"),
    )
    .unwrap();
    gen::build(&opts(&content, &out, None)).unwrap();
    let excerpt = files();
    let lists = changed(&after, &excerpt);
    for f in ["loan/index.html", "atom.xml", "loan/还款协商/index.html"] {
        assert!(lists.iter().any(|n| n == f), "{f} not in {lists:?}");
    }

    // A broken link is reported and nothing is written.
    fs::write(
        &file,
        format!("{}\n[x](nope.md)\n", fs::read_to_string(&file).unwrap()),
    )
    .unwrap();
    let err = gen::build(&opts(&content, &out, None))
        .unwrap_err()
        .to_string();
    assert!(err.contains("nope.md"), "{err}");
    assert_eq!(files(), excerpt);

    // A new title shows on other pages: they are all rewritten.
    let text = fs::read_to_string(&file)
        .unwrap()
        .replace("\n[x](nope.md)\n", "");
    fs::write(
        &file,
        text.replace("如何与平台协商还款", "怎样与平台协商还款"),
    )
    .unwrap();
    gen::build(&opts(&content, &out, None)).unwrap();
    let titled = files();
    let showing: Vec<&String> = titled
        .iter()
        .filter(|(n, b)| {
            !n.starts_with("search/") && String::from_utf8_lossy(b).contains("怎样与平台协商还款")
        })
        .map(|(n, _)| n)
        .collect();
    assert!(showing.len() > 3, "{showing:?}");
    assert!(fs::read_to_string(&page)
        .unwrap()
        .contains("怎样与平台协商还款"));
    assert!(!titled
        .values()
        .any(|b| String::from_utf8_lossy(b).contains("如何与平台协商还款")));
}

/// `gen serve` as an author uses it: an edited article reloads at once, and the search
/// index follows once the edits pause.
#[test]
fn serve_reloads_an_edit_and_then_updates_search() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    e2e::copy_dir(&fixture(), &content);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let opts = gen::serve::ServeOptions {
        content: content.clone(),
        theme: repo().join("theme"),
        drafts: false,
        port,
        today: Some(e2e::fixture_today()),
    };
    let serving = std::thread::spawn(move || gen::serve::serve(opts));
    let get = |path: &str| e2e::get(port, path);
    let wait = |what: &str, ok: &dyn Fn() -> bool| {
        let start = std::time::Instant::now();
        while !ok() {
            assert!(start.elapsed().as_secs() < 30, "{what}");
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    };
    let page = "/loan/overdue-interest/";
    // Only `gen serve` adds the live-reload script: another test's server that took the
    // port meanwhile does not pass for it.
    wait("serve did not come up", &|| {
        assert!(
            !serving.is_finished(),
            "gen serve stopped (its port was taken?)"
        );
        get(page).is_some_and(|h| h.contains("/__livereload.js"))
    });
    // The search document of that article (the index numbers articles from 0).
    let search_doc = || -> String {
        (0..100)
            .map_while(|n| get(&format!("/search/idx/d/{n}.json")))
            .find(|d| d.contains(page))
            .unwrap_or_default()
    };
    assert!(search_doc().contains("还款前先核对合同"));

    let file = content.join("loan/overdue-interest.md");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(
        &file,
        text.replace("还款前先核对合同", "还款以前先核对合同"),
    )
    .unwrap();
    wait("the page did not show the edit", &|| {
        get(page).is_some_and(|h| h.contains("还款以前先核对合同"))
    });
    wait("the search index did not follow the edit", &|| {
        search_doc().contains("还款以前先核对合同")
    });
}

/// A build replaces its whole output folder: one that holds the sources is refused.
#[test]
fn an_output_folder_holding_the_content_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    e2e::copy_dir(&fixture(), &content);
    let e = gen::build(&opts(&content, dir.path(), None))
        .expect_err("refused")
        .to_string();
    assert!(e.contains("holds the content folder"), "{e}");
    assert!(content.join("loan/还款协商.md").is_file());
    let e = gen::build(&opts(&content, &content.join("site"), None))
        .expect_err("refused")
        .to_string();
    assert!(e.contains("inside the content folder"), "{e}");
    assert!(!content.join("site").exists());
}

/// `gen check --official DIR`: the fixture's quoted clauses pass against an official text
/// made from them, and one changed character fails the check at the clause's line.
#[test]
fn check_official_compares_quotes_with_the_official_text() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    e2e::copy_dir(&fixture(), &content);
    let statute: toml::Table =
        toml::from_str(&fs::read_to_string(content.join("laws/minfadian.toml")).unwrap()).unwrap();
    let numerals = HashMap::from([
        ("675", "六百七十五"),
        ("676", "六百七十六"),
        ("680", "六百八十"),
    ]);
    let mut official = format!(
        "# {}\n\n## 第三编 合同\n\n",
        statute["name"].as_str().unwrap()
    );
    for clause in statute["article"].as_array().unwrap() {
        let number = clause["number"].as_str().unwrap();
        let text = clause["text"].as_str().unwrap();
        official.push_str(&format!("第{}条 {text}\n\n", numerals[number]));
    }
    let laws = dir.path().join("official");
    fs::create_dir(&laws).unwrap();
    fs::write(laws.join("minfadian.md"), &official).unwrap();
    let check = |laws: &Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_gen-cli"))
            .args(["check", "--content"])
            .arg(&content)
            .arg("--theme")
            .arg(repo().join("theme"))
            .arg("--official")
            .arg(laws)
            .output()
            .unwrap()
    };
    let out = check(&laws);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    fs::write(
        laws.join("minfadian.md"),
        official.replacen("应当", "可以", 1),
    )
    .unwrap();
    let out = check(&laws);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("laws/minfadian.toml:9:1: article 675 differs"),
        "{stderr}"
    );

    let out = check(&dir.path().join("no-such-folder"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("cannot read the official texts"),
        "{stderr}"
    );
}

/// The years whose holiday notice (《国务院办公厅关于YYYY年部分节假日安排的通知》) some
/// page under `dist` names, with the page.
fn cited_notice_years(dist: &Path) -> Vec<(PathBuf, i32)> {
    const HEAD: &str = "国务院办公厅关于";
    const TAIL: &str = "年部分节假日安排的通知";
    let mut out = Vec::new();
    for page in e2e::files(dist, "html") {
        let html = fs::read_to_string(&page).unwrap();
        for (at, _) in html.match_indices(TAIL) {
            let before = &html[..at];
            let year = before
                .rfind(HEAD)
                .map(|h| &before[h + HEAD.len()..])
                .and_then(|y| y.parse::<i32>().ok());
            // (“YYYY” itself, in a text that explains the name, is not a citation.)
            if let Some(y) = year {
                out.push((page.clone(), y));
            }
        }
    }
    out
}

/// The years with a holiday calendar in `content`'s data.
fn calendar_years(content: &Path) -> HashSet<i32> {
    fs::read_dir(content.join("data/holidays"))
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().ok()?;
            name.strip_suffix(".csv")?.parse().ok()
        })
        .collect()
}

/// A note names a year's holiday notice only when that year's calendar is in the data
/// (CALCULATOR.md §3: never invent a source). Checked on the real site and on the fixture
/// with blocks whose days fall in 2027, a year without data: its fixed-date holidays are
/// flagged as probable instead (before December 2026's rules, the limitation block cited
/// the 2027 notice for a last day rolled over a Sunday).
#[test]
fn no_note_cites_a_holiday_notice_of_a_year_without_data() {
    let blocks = format!(
        "{HEAD}\n正文\n\n\
         ```calculator limitation\ndue_date = 2024-02-29\ntoday = 2026-11-29\n```\n\n\
         ```calculator grace\ndue_date = 2027-01-01\ngrace_days = 1\nextend_holidays = true\n```\n\n\
         ```calculator grace\ndue_date = 2026-12-31\ngrace_days = 1\n```\n\n\
         ```calculator judgment\ndebt = \"10000\"\ndeadline = 2027-10-02\nuntil = 2027-10-31\n```\n"
    );
    for (source, extra) in [(repo().join("content"), None), (fixture(), Some(&blocks))] {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        e2e::copy_dir(&source, &content);
        if let Some(text) = extra {
            write(&content, "loan/year-without-data.md", text);
        }
        let years = calendar_years(&content);
        assert!(!years.contains(&2027), "the test needs a year without data");
        let (_d, out) = build(&content, None);
        let cited = cited_notice_years(&out);
        assert!(
            !cited.is_empty(),
            "no page names a holiday notice at all: the check would prove nothing"
        );
        for (page, year) in &cited {
            assert!(
                years.contains(year),
                "{} names the holiday notice of {year}, a year without data in {}",
                page.display(),
                source.display()
            );
        }
        if extra.is_some() {
            let page = fs::read_to_string(out.join("loan/year-without-data/index.html"))
                .or_else(|_| fs::read_to_string(out.join("loan/year-without-data.html")))
                .expect("the added article's page");
            assert!(
                page.contains("2027年1月1日（元旦）很可能是法定节假日，以当年通知为准"),
                "2027's 元旦 is not flagged"
            );
        }
    }
}

/// The reader trial: the home page gave a frightened reader no place to start and no list
/// of the calculators. Its first page now shows the pinned articles in their order and an
/// article for each kind of calculator; later pages and other lists do not.
#[test]
fn the_home_page_says_where_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    e2e::copy_dir(&fixture(), &content);
    for (file, n) in [("loan/还款协商.md", 2), ("credit/card-minimum.md", 1)] {
        let path = content.join(file);
        let text = fs::read_to_string(&path).unwrap();
        let (head, body) = text.split_once("\n+++\n").unwrap();
        fs::write(&path, format!("{head}\npinned = {n}\n+++\n{body}")).unwrap();
    }
    // An older article that leads with the judgment calculator: 「算一算」 links it for that
    // kind, not the newer one whose judgment block comes second (after court fees).
    fs::write(
        content.join("loan/late-payment.md"),
        "+++\ntitle = \"判决后晚付\"\ndate = 2026-01-01\ntags = [\"网贷\"]\n+++\n\n\
         ```calculator judgment\ndebt = \"30000\"\ndeadline = 2024-03-20\nuntil = 2024-08-31\n```\n",
    )
    .unwrap();
    let (_d, out) = build(&content, None);
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    let start = home
        .split_once("先看这几篇")
        .expect("the pinned articles")
        .1;
    let first = start.find("信用卡只还最低还款额会怎样").expect("pinned 1");
    let second = start.find("如何与平台协商还款").expect("pinned 2");
    assert!(first < second, "pinned in their order");
    let calcs = home.split_once("算一算").expect("the calculators").1;
    let calcs = &calcs[..calcs.find("</section>").unwrap()];
    for (kind, article) in [
        ("迟延履行期间的债务利息", "/loan/late-payment/"),
        ("宽限期与逾期天数", "/credit/card-minimum/"),
        ("诉讼费计算", "/loan/judgment-costs/"),
    ] {
        assert!(
            calcs.contains(&format!("<a href=\"{article}\">{kind}</a>")),
            "{kind}: {calcs}"
        );
    }
    // One link for each kind the site has, none for the kinds it has not.
    assert_eq!(calcs.matches("<li>").count(), 5, "{calcs}");
    assert!(!calcs.contains("逾期利息计算"), "{calcs}");
    let category = fs::read_to_string(out.join("loan/index.html")).unwrap();
    assert!(!category.contains("先看这几篇") && !category.contains("算一算"));
}

/// The reader trial: the search page showed two search boxes (the header's and its own).
#[test]
fn the_search_page_has_one_search_box() {
    let (_d, out) = build(&fixture(), None);
    let search = fs::read_to_string(out.join("search/index.html")).unwrap();
    assert_eq!(search.matches("type=\"search\"").count(), 1);
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert_eq!(home.matches("type=\"search\"").count(), 1);
}
