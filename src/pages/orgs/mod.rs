//! The organization directory and details (the partner view).

pub mod create_dialog;
pub mod details;
pub mod directory;
pub mod form;
pub mod lock_dialog;
pub mod query;
pub mod transfer_dialog;
