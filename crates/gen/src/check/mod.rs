//! Stage 3, checks across articles: what one article alone cannot tell — whether a link
//! to another article's heading finds that heading ([`anchors`]), whether two things
//! want the same URL ([`collisions`]), and what has gone stale on the build's "today"
//! ([`freshness`]: data, review dates, passages and cited statutes, as warnings); and, for
//! `gen check --official DIR`, whether every quoted clause is the law's own words
//! ([`official`]). They run once every body is rendered, before the
//! model is built, so a site with a broken link is never written.

mod anchors;
mod collisions;
pub mod freshness;
mod official;

pub use anchors::{anchor_map, check_anchors};
pub use collisions::{check_addresses, duplicate_slugs};
pub use official::check_official_texts;
