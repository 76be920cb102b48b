//! The site generator: content/ and theme/ in, a complete static site out.
//!
//! The modules are the pipeline's stages, in order; none imports a later one:
//!
//! 1. [`diagnostics`]: problems with file:line:column, errors and warnings (every stage
//!    reports through it); [`text`]: escaping, percent-encoding, small text helpers.
//! 2. `load`: site.toml, categories, articles (front matter checked), statutes, assets,
//!    letter templates (fields and letter block checked).
//! 3. `markdown`: bodies → HTML, links and citations rewritten, calculator blocks
//!    computed, CJK text; the table of contents, excerpt and search text taken out.
//! 4. `check`: what needs every article at once — links to headings, URL collisions.
//! 5. `model`: the site in order — lists, tags, related articles, citing articles.
//! 6. `render`: the theme's templates over typed views; pages, sitemap, feed, robots.txt,
//!    QR codes, the search index.
//! 7. `output`: the atomic write (a scratch folder swapped in when the build succeeded)
//!    and the build cache that lets a rebuild skip what did not change.
//! 8. [`commands`]: `build`/`check` (the driver, stage by stage), `serve`, `new`.
//!
//! Every stage collects [`Problem`]s so one run reports them all.

pub mod commands;
pub mod diagnostics;
pub mod text;

mod check;
mod load;
mod markdown;
mod model;
mod output;
mod render;

pub use commands::build::{build, build_keep, BuildOptions, Built, Summary};
pub use commands::new::new_article;
pub use commands::serve;
pub use diagnostics::{Problem, ProblemKind, Problems, Severity};
/// The calculator figures a letter field may take over (`from`), for the end-to-end check
/// that each is still a figure its calculator shows.
pub use load::letter::FIGURES as LETTER_FIGURES;
