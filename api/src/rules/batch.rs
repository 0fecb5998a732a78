//! Invitation batch rules.

/// Addresses one invitation request may carry.
pub const MAX_BATCH_EMAILS: usize = 1000;
