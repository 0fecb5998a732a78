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

/// The header the app sends with every request (value `1`). A write
/// authenticated by the session cookie without it is refused (403
/// `cross_site_request`): a form or a simple request from another site cannot
/// set it, and a cross-origin `fetch` that sets it needs a preflight the
/// server does not grant with credentials.
pub const REQUEST_HEADER: &str = "x-roster-request";

/// Valid life of an emailed sign-in code and link, in minutes.
pub const SIGN_IN_CODE_MINUTES: i64 = 10;
/// Wrong codes that lock an emailed sign-in code.
pub const SIGN_IN_CODE_TRIES: u32 = 5;
