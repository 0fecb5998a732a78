//! Roster's API contract.
//!
//! The JSON types of every request and response of `/api/v1`, and the
//! validation rules both sides enforce. The app (wasm32) and the reference
//! server depend on this crate, so a rule changes in one place only.
//! Nothing here does I/O.

pub mod errors;
pub mod rules;
pub mod time;
pub mod types;

pub use errors::{FieldError, Problem};
pub use types::*;

/// Path prefix of every API endpoint.
pub const API_PREFIX: &str = "/api/v1";
