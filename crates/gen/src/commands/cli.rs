//! The command line: `gen [build|check|serve|new]` parsed with clap and run. Printing
//! survives a closed pipe (`gen build | head`): no panic, the exit code stands.

use crate::diagnostics::{say, tell};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "gen",
    about = "Builds the legal-help site from content/ and theme/"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(clap::Args, Clone)]
struct Paths {
    /// The content folder.
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// The theme folder (templates/, static/, calc/).
    #[arg(long, default_value = "theme")]
    theme: PathBuf,
    /// Build draft articles too.
    #[arg(long)]
    drafts: bool,
    /// Measure freshness as on this day (YYYY-MM-DD) instead of today in China.
    #[arg(long)]
    today: Option<chrono::NaiveDate>,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site (the default).
    Build {
        #[command(flatten)]
        paths: Paths,
        /// The output folder, replaced only when the build succeeds.
        #[arg(long, default_value = "dist")]
        out: PathBuf,
        /// Overrides base_url of site.toml.
        #[arg(long)]
        base_url: Option<String>,
        /// Replace the site even when the content folder has no article.
        #[arg(long)]
        allow_empty: bool,
    },
    /// Report every problem at once, writing nothing.
    Check {
        #[command(flatten)]
        paths: Paths,
        /// Also compare every quoted clause of content/laws/ with the official texts in
        /// this folder (Markdown, one document per file, e.g. ../shared/domain/laws).
        #[arg(long, value_name = "DIR")]
        official: Option<PathBuf>,
        /// Fail (exit 1) on warnings too: stale data, articles due for review, passages
        /// past their date, citations of amended or repealed statutes. For a host's CI.
        #[arg(long)]
        strict: bool,
    },
    /// Preview on 127.0.0.1 with live reload.
    Serve {
        #[command(flatten)]
        paths: Paths,
        #[arg(long, default_value_t = 1111)]
        port: u16,
    },
    /// Print the reference of the calculator blocks (every kind and field, with an
    /// example), as docs/calculators.md holds it.
    Calculators,
    /// Write a new article skeleton: gen new <category>/<slug>.
    New {
        /// The new article: <category>/<slug>, e.g. overdue/协商还款.
        spec: String,
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Start a new category when <category> does not exist (writes its
        /// _category.toml, whose Chinese name you fill in).
        #[arg(long)]
        create_category: bool,
    },
}

/// Parses the command line and runs the command.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Build {
        paths: Paths {
            content: "content".into(),
            theme: "theme".into(),
            drafts: false,
            today: None,
        },
        out: "dist".into(),
        base_url: None,
        allow_empty: false,
    });
    match command {
        Command::Build {
            paths,
            out,
            base_url,
            allow_empty,
        } => {
            let start = std::time::Instant::now();
            let opts = crate::BuildOptions {
                content: paths.content,
                theme: paths.theme,
                out,
                base_url,
                drafts: paths.drafts,
                write: true,
                allow_empty,
                today: paths.today,
                official: None,
            };
            report(crate::build(&opts), false, |s| {
                if s.up_to_date {
                    return format!(
                        "{} is up to date: nothing changed since the last build ({} articles, {} pages; {:.2?})",
                        opts.out.display(),
                        s.articles,
                        s.pages,
                        start.elapsed()
                    );
                }
                let kept = match s.kept {
                    0 => String::new(),
                    n => format!(" ({n} unchanged since an earlier build, kept)"),
                };
                format!(
                    "built {} articles, {} pages{kept} into {} in {:.2?}",
                    s.articles,
                    s.pages,
                    opts.out.display(),
                    start.elapsed()
                )
            })
        }
        Command::Check {
            paths,
            strict,
            official,
        } => {
            let opts = crate::BuildOptions {
                content: paths.content,
                theme: paths.theme,
                out: PathBuf::from("dist"),
                base_url: None,
                drafts: paths.drafts,
                write: false,
                allow_empty: true,
                today: paths.today,
                official,
            };
            report(crate::build(&opts), strict, |s| match s.warnings.len() {
                0 => format!("no problems in {} articles", s.articles),
                n => format!(
                    "no errors in {} articles; {n} warning{}",
                    s.articles,
                    if n == 1 { "" } else { "s" }
                ),
            })
        }
        Command::Serve { paths, port } => match crate::serve::serve(crate::serve::ServeOptions {
            content: paths.content,
            theme: paths.theme,
            drafts: paths.drafts,
            port,
            today: paths.today,
        }) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                tell(format_args!("error: {e}\n"));
                ExitCode::FAILURE
            }
        },
        Command::Calculators => {
            say(crate::commands::calculators::reference().trim_end());
            ExitCode::SUCCESS
        }
        Command::New {
            spec,
            content,
            create_category,
        } => match crate::new_article(&content, &spec, create_category) {
            Ok(p) => {
                say(format_args!("wrote {}", p.display()));
                ExitCode::SUCCESS
            }
            Err(e) => {
                tell(format_args!("error: {e}\n"));
                ExitCode::FAILURE
            }
        },
    }
}

/// Prints the outcome; with `strict` (`gen check --strict`) warnings fail too.
fn report(
    result: Result<crate::Summary, crate::Problems>,
    strict: bool,
    ok: impl FnOnce(&crate::Summary) -> String,
) -> ExitCode {
    match result {
        Ok(s) => {
            if !s.warnings.is_empty() {
                tell(crate::Problems(s.warnings.clone()));
            }
            say(ok(&s));
            if strict && !s.warnings.is_empty() {
                tell(format_args!(
                    "error: --strict: the warnings above fail the check\n"
                ));
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(problems) => {
            tell(&problems);
            ExitCode::FAILURE
        }
    }
}
