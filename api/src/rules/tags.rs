//! Tag rules.
#[allow(unused_imports)]
use crate::types::Tag;

/// At most this many tags per user.
pub const MAX_TAGS: usize = 10;
/// Key and value together, in characters.
pub const MAX_TAG_CHARS: usize = 70;
