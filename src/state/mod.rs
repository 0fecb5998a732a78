//! Contexts shared by the screens: session, current organization,
//! navigation, view state (URL or memory), toasts and the global error.

pub mod global_error;
pub mod loader;
pub mod location;
pub mod nav;
pub mod org;
pub mod session;
pub mod storage;
pub mod toasts;
pub mod view_query;
