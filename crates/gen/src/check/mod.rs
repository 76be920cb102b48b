//! Stage 3, checks across articles: what one article alone cannot tell — whether a link
//! to another article's heading finds that heading ([`anchors`]), whether two things
//! want the same URL ([`collisions`]), and what has gone stale on the build's "today"
//! ([`freshness`]: data, review dates, passages and cited statutes, as warnings). They run once every body is rendered, before the
//! model is built, so a site with a broken link is never written.

mod anchors;
mod collisions;
pub mod freshness;

pub use anchors::{anchor_map, check_anchors, Anchors};
pub use collisions::{check_addresses, duplicate_slugs};
