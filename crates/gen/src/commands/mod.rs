//! Stage 7, the commands an author runs ([`cli`] parses the command line): `build` and `check` (the driver that runs the
//! stages in order), `serve` (a preview with live reload, re-rendering an edited article
//! alone through [`update`]) and `new` (an article skeleton).

pub mod build;
pub mod cli;
pub mod new;
pub mod serve;
mod update;
