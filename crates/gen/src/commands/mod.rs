//! Stage 7, the commands an author runs ([`cli`] parses the command line): `build` and `check` (the driver that runs the
//! stages in order), `serve` (a preview with live reload, re-rendering an edited article
//! alone through [`update`]) `new` (an article skeleton) and `calculators` (the reference of the calculator blocks).

pub mod build;
pub mod calculators;
pub mod cli;
pub mod new;
pub mod serve;
