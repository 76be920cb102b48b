//! `gen build` and `gen check`: the driver. It runs the stages in order — load, Markdown,
//! checks, model, render and output — each a named step below, collecting every stage's
//! problems, and stops before anything is written when there is an error. `gen serve`
//! rebuilds through [`build`] too: the build cache decides what an edit makes again.

use crate::check;
use crate::diagnostics::{Problem, ProblemKind, Problems, Timer};
use crate::load::{self, Content};
use crate::markdown::{self, Body, Rendered, Targets};
use crate::model::{Base, Site};
use crate::output::bodies::Bodies;
use crate::output::{self, Sink};
use crate::render::{self, search_index, Renderer, Theme};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub content: PathBuf,
    pub theme: PathBuf,
    pub out: PathBuf,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// `false` for `gen check`: everything is rendered, nothing written.
    pub write: bool,
    /// Replace a site even when the content has no article (`--allow-empty`): without it,
    /// an empty or mistyped content folder does not silently empty a published site.
    pub allow_empty: bool,
    /// The day the freshness checks and passages valid until a date are measured against
    /// (`--today`); `None`: today in China ([`today_in_china`]).
    pub today: Option<chrono::NaiveDate>,
    /// `gen check --official DIR`: the folder of official texts every quoted clause of
    /// content/laws/ is compared with (see `check::check_official_texts`).
    pub official: Option<PathBuf>,
}

/// Today's date in China (UTC+8), the default "today" of a build: the site's readers and
/// the dates in its data are Chinese.
pub fn today_in_china() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

/// What a successful build did.
#[derive(Debug, Default)]
pub struct Summary {
    pub articles: usize,
    pub pages: usize,
    /// Of `pages`, those an earlier build had rendered from the very same inputs and that
    /// were kept as they were (the build cache, see `output/cache.rs`).
    pub kept: usize,
    /// Of `articles`, those whose Markdown was rendered: the others' results were kept
    /// from an earlier build (the build cache's sources, see [`markdown_stage`]).
    pub rendered_sources: usize,
    /// Nothing the build reads had changed since the last build, and the output was as
    /// that build left it: nothing was done.
    pub up_to_date: bool,
    /// Problems that did not stop the build.
    pub warnings: Vec<Problem>,
}

/// A finished build's model, for tests that look into it ([`build_keep`]).
pub struct Built {
    pub site: Site,
    pub theme: Theme,
}

impl Built {
    /// The documents of the search index, as the build wrote them.
    pub fn search_documents(&self) -> Vec<search::Document<'_>> {
        search_index::documents(&self.site)
    }

    /// The synonym table the search index was built with (`content/data/synonyms.txt`).
    pub fn synonyms(&self) -> &search::Synonyms {
        &self.site.synonyms
    }
}

/// Builds (or checks) the site. On error nothing in `out` has changed. When nothing the
/// build reads has changed since the last build into `out`, and `out` is as that build
/// left it, nothing is done: that build's summary is the answer.
pub fn build(opts: &BuildOptions) -> Result<Summary, Problems> {
    let timer = Timer::start();
    let today = opts.today.unwrap_or_else(today_in_china);
    let inputs = opts.write.then(|| {
        let cwd = std::env::current_dir().unwrap_or_default();
        // Everything else the output and the messages depend on: the options (with the
        // day they are measured against) and the folder paths are shown relative to.
        let seed = format!("{opts:?}\n{today}\n{}", cwd.display());
        use load::inputs::Links;
        let dirs = [
            (opts.content.as_path(), Links::StayInside),
            (opts.theme.as_path(), Links::Followed),
        ];
        let known = load::inputs::Known::read(&output::inputs_path(&opts.out));
        load::inputs::fingerprint(&dirs, seed.as_bytes(), &known)
    });
    timer.lap("inputs fingerprinted");
    let unchanged = inputs
        .as_ref()
        .and_then(|i| output::unchanged(&opts.out, i.fingerprint));
    if let Some(made) = unchanged {
        return Ok(Summary {
            articles: made.articles,
            pages: made.pages,
            kept: made.pages,
            rendered_sources: 0,
            up_to_date: true,
            warnings: made.warnings,
        });
    }
    let opts = BuildOptions {
        today: Some(today),
        ..opts.clone()
    };
    let (summary, built) = build_with(&opts, inputs.as_ref(), &timer)?;
    // Freeing the model (every article's HTML and text, millions of small allocations:
    // half a second at 50,000 articles) is left to a thread of its own; `gen build`
    // exits meanwhile.
    let _ = std::thread::Builder::new().spawn(move || drop(built));
    Ok(summary)
}

/// Builds, and keeps the model (for tests).
pub fn build_keep(opts: &BuildOptions) -> Result<(Summary, Built), Problems> {
    build_with(opts, None, &Timer::start())
}

/// Builds; `inputs` is the fingerprint of what the build reads, recorded in the build
/// cache for the next build's [`build`].
fn build_with(
    opts: &BuildOptions,
    inputs: Option<&load::inputs::Inputs>,
    timer: &Timer,
) -> Result<(Summary, Built), Problems> {
    let mut problems = Problems::default();

    let today = opts.today.unwrap_or_else(today_in_china);
    // The articles the build cache vouches for are not read (`load::KnownArticles`).
    let articles_path = inputs.map(|_| output::articles_path(&opts.out));
    let known = load::KnownArticles {
        bytes: inputs.map(|i| i.bytes()).unwrap_or_default(),
        parsed: articles_path
            .as_deref()
            .map(output::cache::read_articles)
            .unwrap_or_default(),
    };
    let (mut content, theme, base) = load_stage(opts, known, &mut problems);
    let parsed = content.parsed.take();
    timer.lap("load");
    let sources_path = opts.write.then(|| output::sources_path(&opts.out));
    // Only beside an output folder the build may write (see `output::check_out`).
    let bodies_paths =
        (opts.write && check_output(opts).is_ok()).then(|| output::bodies_paths(&opts.out));
    let mut sources = Sources::default();
    if let (Some(path), Some((bodies, _))) = (&sources_path, &bodies_paths) {
        let (kept, id) = output::cache::read_sources(path);
        sources.kept = kept;
        sources.bodies = Bodies::open(bodies, id).unwrap_or_default();
    }
    timer.lap("sources read");
    let targets = Targets::new(&content, theme.as_ref(), today);
    let (rendered, bodies) = markdown_stage(
        &mut content,
        &targets,
        base.as_ref(),
        &mut sources,
        bodies_paths.as_ref().map(|(_, new)| new.as_path()),
        &mut problems,
    );
    let letters = letters_stage(&mut content, &targets, base.as_ref(), &mut problems);
    let shown_root =
        crate::diagnostics::rel(&std::env::current_dir().unwrap_or_default(), &content.root);
    problems.extend(targets.data_consequence(&shown_root.join("data"), &rendered));
    timer.lap(&format!(
        "markdown ({} of {} sources rendered)",
        sources.rendered,
        rendered.len()
    ));
    check_stage(
        &content,
        &rendered,
        &letters,
        today,
        opts.official.as_deref(),
        &mut problems,
    );
    timer.lap("checks");
    let (Some(theme), Some(base), false) = (theme, base, problems.has_errors()) else {
        return Err(problems.sorted());
    };

    let article_count = content.articles.len();
    let assets = std::mem::take(&mut content.assets);
    let mut site = Site::new(content, base, rendered);
    site.letters = letters;
    site.bodies = bodies;
    timer.lap("model");

    let scratch = if opts.write {
        Some(output_folder(opts, article_count)?)
    } else {
        None
    };
    timer.lap("output folder opened");
    // A full disk or a missing permission fails every write: it is reported once.
    let once = |ps: Problems| match scratch.as_ref().and_then(|s| s.fatal()) {
        Some(p) => Problems(vec![p]),
        None => ps,
    };
    let sink = scratch
        .as_ref()
        .map_or(Sink::Discard, |s| Sink::Dir(&s.folder));
    copy_assets(&assets, &sink).map_err(once)?;
    let index = scratch.is_some();
    let pages =
        render_stage(&site, &theme, &sink, index, &opts.out, timer, &mut problems).map_err(once)?;
    if let Some(p) = scratch.as_ref().and_then(|s| s.no_cache.clone()) {
        problems.push(p);
    }
    let summary = Summary {
        articles: article_count,
        pages,
        kept: scratch.as_ref().map_or(0, |s| s.kept()),
        rendered_sources: sources.rendered,
        up_to_date: false,
        warnings: problems.sorted().0,
    };
    if let Some(scratch) = scratch {
        // Recorded only when no input changed while the build read them: otherwise the
        // fingerprint would not describe this site.
        let made = inputs.filter(|i| i.still_the_same()).map(|i| {
            i.save(&output::inputs_path(&opts.out));
            output::cache::Made {
                inputs: i.fingerprint,
                articles: summary.articles,
                pages: summary.pages,
                warnings: summary.warnings.clone(),
            }
        });
        // Under the build's lock, which the swap lets go.
        if let (Some(path), Some(parsed)) = (&articles_path, parsed) {
            // A file that cannot be written is only a slower next build.
            let _ = output::cache::write_articles(path, parsed);
        }
        if let (Some(path), Some((bodies, _))) = (&sources_path, &bodies_paths) {
            sources.save(path, bodies, &mut site);
            timer.lap("sources written");
        }
        scratch.swap_in(made)?;
        timer.lap("swap");
    }
    let built = Built { site, theme };
    Ok((summary, built))
}

/// Stage 1: the content, the theme and the base URL.
fn load_stage(
    opts: &BuildOptions,
    known: load::KnownArticles,
    problems: &mut Problems,
) -> (Content, Option<Theme>, Option<Base>) {
    let (content, ps) = load::load_with(&opts.content, opts.drafts, known);
    problems.extend(ps);
    problems.extend(check::duplicate_slugs(&content.articles));
    if problems.is_empty() {
        let cwd = std::env::current_dir().unwrap_or_default();
        let shown = |p: &Path| crate::diagnostics::rel(&cwd, p);
        problems.extend(check::check_addresses(&content, &shown));
    }
    let theme = render::load_theme(&opts.theme)
        .map_err(|ps| problems.extend(ps))
        .ok();
    let base_text = opts
        .base_url
        .clone()
        .unwrap_or_else(|| content.config.base_url.clone());
    // A bad base URL is blamed on where it came from: the command line or site.toml.
    let base =
        Base::parse(&base_text)
            .map_err(|msg| {
                problems.push(if opts.base_url.is_some() {
                    Problem::new(ProblemKind::Config, "--base-url", msg)
                        .help("pass a URL such as --base-url https://example.org/guide/")
                } else {
                    Problem::new(ProblemKind::Config, &content.site_toml, msg)
                    .at(content.base_url_line, usize::from(content.base_url_line > 0))
                    .help("set base_url = \"https://example.org/\" in site.toml or pass --base-url")
                })
            })
            .ok();
    if let Some(host) = base.as_ref().and_then(Base::example_host) {
        let from = if opts.base_url.is_some() {
            Problem::warning(ProblemKind::Config, "--base-url", "")
        } else {
            Problem::warning(ProblemKind::Config, &content.site_toml, "").at(
                content.base_url_line,
                usize::from(content.base_url_line > 0),
            )
        };
        problems.push(Problem {
            message: format!("the base URL is on {host}, a reserved example address: every page's 本文链接 and QR code, the canonical URLs, the sitemap and the feed would point there"),
            ..from
        }
        .help("set base_url in content/site.toml to the address the site is published at (or pass --base-url) before publishing; gen check --strict fails until then"));
    }
    (content, theme, base)
}

/// What the Markdown stage made of one source, as the build cache keeps it.
type SourceResult = (Rendered, Vec<Problem>);

/// The build cache's side of the Markdown stage: the results an earlier build kept
/// (`output::cache::read_sources`) and the bodies file their texts are in, taken out as
/// they are used, and, per source of this build, the fingerprint its result is kept under
/// and its problems.
#[derive(Default)]
struct Sources {
    kept: std::collections::HashMap<u128, SourceResult>,
    bodies: Bodies,
    /// Source path → fingerprint and problems.
    made: std::collections::HashMap<String, (u128, Vec<Problem>)>,
    /// How many sources were rendered, not found in `kept`.
    rendered: usize,
}

impl Sources {
    /// Keeps this build's results at `path`, their texts at `bodies`, when this build
    /// wrote a new bodies file (see [`markdown_stage`]: when the cache held all but a few
    /// of its results, it is left as it was).
    fn save(mut self, path: &Path, bodies: &Path, site: &mut Site) {
        let Some(id) = site.bodies.persist(bodies) else {
            return;
        };
        let entries = site
            .entries
            .iter()
            .filter_map(|e| {
                let (key, problems) = self.made.remove(&e.article.source)?;
                Some((key, (&e.rendered, problems)))
            })
            .collect();
        // A file that cannot be written is only a slower next build.
        let _ = output::cache::write_sources(path, id, entries);
    }
}

/// `body`, kept in `bodies` (see `output/bodies.rs`).
fn store(bodies: &Bodies, body: Body) -> Body {
    match body {
        Body::Here(text) => bodies.put(text),
        stored => stored,
    }
}

/// Stage 2: every body rendered (in parallel), except those whose result the build
/// cache keeps (`sources`): a result is kept by a fingerprint of all it is made from
/// (the body, the source path, file and first line, and [`markdown::LinkContext`]), so it
/// is what rendering would make. The Markdown is freed as it is rendered: only the
/// rendered bodies are used past this point.
///
/// Each result's HTML and plain text are kept out of memory when the build writes
/// (`new_bodies`, the path of a new bodies file): a build that finds most of its results
/// in the cache reads their texts from the last build's bodies file when it needs them;
/// one that does not (a cold build, many edits) writes every text into a new bodies file,
/// which the next build reads. Kept texts are used only from the bodies file the sources
/// file sealed, unchanged since (see `output/bodies.rs`); otherwise their sources are
/// rendered again. Returns the results and where their texts are.
fn markdown_stage(
    content: &mut Content,
    targets: &Targets,
    base: Option<&Base>,
    sources: &mut Sources,
    new_bodies: Option<&Path>,
    problems: &mut Problems,
) -> (Vec<Rendered>, Bodies) {
    let base_path = base.map_or("/", |b| b.path.as_str());
    let ctx = targets.context(&content.statutes, base_path, &content.config);
    let context = ctx.fingerprint();
    let keys: Vec<u128> = content
        .articles
        .par_iter()
        .map(|a| {
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            h.update(&context.to_le_bytes());
            for part in [a.source.as_bytes(), a.file.as_os_str().as_encoded_bytes()] {
                h.update(&(part.len() as u64).to_le_bytes());
                h.update(part);
            }
            h.update(&(a.body_line as u64).to_le_bytes());
            // The file's bytes: its body is all of them past the front matter.
            h.update(&a.content.to_le_bytes());
            h.digest128()
        })
        .collect();
    let found: Vec<Option<SourceResult>> = keys
        .iter()
        .map(|k| {
            sources
                .kept
                .remove(k)
                .filter(|(r, _)| r.same_on(targets.today))
        })
        .collect();
    // What is left was made from sources no longer there, or no longer the same.
    let stale = sources.kept.len();
    sources.kept = Default::default();
    // A new bodies file unless the last one holds all but a few of this build's texts:
    // rewriting it (about 600 MB at 50,000 articles) would cost more than the next
    // build's rendering those few again. The few grow with each build until they are no
    // longer few; results no source uses count among them.
    let few = (found.len() / 100).max(16);
    let missing = found.iter().filter(|f| f.is_none()).count();
    let reuse = found.len() > missing && missing + stale <= few;
    let old = std::mem::take(&mut sources.bodies);
    let (bodies, from) = match new_bodies
        .filter(|_| !reuse)
        .map(Bodies::create)
        .filter(Bodies::is_writing)
    {
        Some(new) => (new, Some(old)),
        None => (old, None),
    };
    let from = from.as_ref().unwrap_or(&bodies);
    let root = content.root.clone();
    let found: Vec<Option<SourceResult>> = found
        .into_par_iter()
        .map(|f| {
            let (mut r, ps) = f?;
            r.html = bodies.keep(from, &r.html)?;
            r.text = bodies.keep(from, &r.text)?;
            Some((r, ps))
        })
        .collect();
    sources.rendered = found.iter().filter(|f| f.is_none()).count();
    // Each body is freed as soon as it is rendered, so that all bodies and all their
    // HTML are never in memory together.
    let results: Vec<SourceResult> = content
        .articles
        .par_iter_mut()
        .zip(found)
        .map(|(a, found)| {
            let body = std::mem::take(&mut a.body);
            found.unwrap_or_else(|| {
                // An article the build cache kept without its body: read it now.
                let body = if a.body_read {
                    body
                } else {
                    match load::read_body(a, &root.join(&a.source)) {
                        Ok(body) => body,
                        Err(p) => return (Rendered::default(), vec![p]),
                    }
                };
                let (mut r, ps) = markdown::render(&body, &a.source, &a.file, a.body_line, &ctx);
                r.html = store(&bodies, std::mem::take(&mut r.html));
                r.text = store(&bodies, std::mem::take(&mut r.text));
                (r, ps)
            })
        })
        .collect();
    let mut rendered = Vec::with_capacity(results.len());
    for ((r, ps), (a, key)) in results.into_iter().zip(content.articles.iter().zip(keys)) {
        problems.extend(ps.iter().cloned());
        sources.made.insert(a.source.clone(), (key, ps));
        rendered.push(r);
    }
    (rendered, bodies)
}

/// Stage 2 for the letter templates: the guidance before and after each letter block,
/// rendered and checked (links, `law:` citations) exactly as an article's body, with an
/// article's freshness warnings (review date, passages valid until a date, citations of
/// amended or repealed statutes).
fn letters_stage(
    content: &mut Content,
    targets: &Targets,
    base: Option<&Base>,
    problems: &mut Problems,
) -> Vec<crate::model::LetterEntry> {
    let base_path = base.map_or("/", |b| b.path.as_str());
    let ctx = targets.context(&content.statutes, base_path, &content.config);
    std::mem::take(&mut content.letters)
        .into_iter()
        .map(|letter| {
            let mut part = |body: &str, line: usize| {
                let (r, ps) = markdown::render(body, &letter.source, &letter.file, line, &ctx);
                problems.extend(ps);
                r
            };
            let before = part(&letter.before, letter.before_line);
            let after = part(&letter.after, letter.after_line);
            crate::model::LetterEntry {
                path: letter.path(),
                letter,
                before,
                after,
            }
        })
        .collect()
}

/// Stage 3: links to headings, now that every article's headings are known; what has
/// gone stale on `today` (warnings).
fn check_stage(
    content: &Content,
    rendered: &[Rendered],
    letters: &[crate::model::LetterEntry],
    today: chrono::NaiveDate,
    official: Option<&Path>,
    problems: &mut Problems,
) {
    let mut anchors = check::anchor_map(&content.articles, rendered);
    // A letter's headings are its guidance's, before and after the letter block.
    for e in letters {
        let mut own = e.before.anchors.clone();
        own.extend(e.after.anchors.iter().cloned());
        anchors.insert(e.letter.source.clone(), own);
    }
    for (a, r) in content.articles.iter().zip(rendered) {
        check::check_anchors(&a.file, &r.pending, &anchors, problems);
    }
    for e in letters {
        for part in [&e.before, &e.after] {
            check::check_anchors(&e.letter.file, &part.pending, &anchors, problems);
        }
    }
    problems.extend(check::freshness::warnings(content, rendered, today));
    for e in letters {
        let letter = check::freshness::Source {
            what: "letter",
            checked: e.letter.checked,
            written: e.letter.date,
            file: &e.letter.file,
            checked_line: e.letter.checked_line,
        };
        problems.extend(letter.warnings(
            &[&e.before, &e.after],
            &content.statutes,
            content.config.review_every,
            today,
        ));
    }
    if let Some(dir) = official {
        problems.extend(check::check_official_texts(&content.statutes, dir));
    }
}

/// The scratch folder the build writes into, once the output folder is known to be safe
/// (and, without `--allow-empty`, not about to be emptied by a content folder without
/// articles).
fn output_folder(opts: &BuildOptions, articles: usize) -> Result<output::Scratch, Problem> {
    check_output(opts)?;
    let holds_a_site = std::fs::symlink_metadata(&opts.out).is_ok_and(|m| m.is_dir())
        && std::fs::read_dir(&opts.out).is_ok_and(|mut d| d.next().is_some());
    if articles == 0 && holds_a_site && !opts.allow_empty {
        return Err(Problem::new(
            ProblemKind::Config,
            &opts.content,
            format!(
                "the content folder has no articles: the build would replace the site in {} with an empty one",
                opts.out.display()
            ),
        )
        .help("check --content; to publish an empty site, pass --allow-empty"));
    }
    output::Scratch::open(&opts.out)
}

/// Whether the output folder is one a build may write (`output::check_out`).
fn check_output(opts: &BuildOptions) -> Result<(), Problem> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let sources = [
        ("content folder", opts.content.as_path()),
        ("theme folder", opts.theme.as_path()),
    ];
    let inputs = [sources[0], sources[1], ("current folder", cwd.as_path())];
    output::check_out(&opts.out, &inputs, &sources)
}

/// The files published as they are (images, PDFs beside the articles).
fn copy_assets(assets: &[(String, PathBuf)], sink: &Sink) -> Result<(), Problems> {
    let copied: Vec<Problem> = assets
        .par_iter()
        .filter_map(|(rel, path)| match load::read_regular(path) {
            Ok(data) => sink.write(rel, &data).err(),
            Err(e) => Some(Problem::new(
                ProblemKind::Io,
                path,
                format!("cannot read: {e}"),
            )),
        })
        .collect();
    if copied.is_empty() {
        Ok(())
    } else {
        Err(Problems(copied).sorted())
    }
}

/// Stages 5 and 6: the pages and the search index at once (each leaves a core idle at
/// times), written through `sink`. Returns the number of pages; warnings join `problems`.
fn render_stage(
    site: &Site,
    theme: &Theme,
    sink: &Sink,
    index: bool,
    out: &Path,
    timer: &Timer,
    problems: &mut Problems,
) -> Result<usize, Problems> {
    let (pages, indexed) = rayon::join(
        || {
            let r = Renderer::new(site, theme, sink)
                .and_then(|(r, warnings)| r.render_all(sink).map(|pages| (pages, warnings)));
            timer.lap("render");
            r
        },
        || {
            let r = if index {
                search_index::write(site, sink, Some(&output::search_state_path(out)))
            } else {
                Ok(())
            };
            timer.lap("search index");
            r
        },
    );
    let (pages, warnings) = pages.map_err(|ps| Problems(ps).sorted())?;
    problems.extend(warnings);
    indexed.map_err(|e| Problem::new(ProblemKind::Io, out, e.to_string()))?;
    Ok(pages)
}
