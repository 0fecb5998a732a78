//! Who is signed in.

use leptos::prelude::*;
use roster_api::Me;

/// The signed-in account (context). The token itself lives in
/// [`crate::api::ApiConfig`], the only place requests read it from.
#[derive(Clone, Copy)]
pub struct Session {
    /// `None` until `/me` answered, and after sign-out.
    pub me: RwSignal<Option<Me>>,
    /// Set when the server ended the session (a 401), to say so on the sign-in screen.
    pub expired: RwSignal<bool>,
}

impl Session {
    pub fn new() -> Self {
        Session {
            me: RwSignal::new(None),
            expired: RwSignal::new(false),
        }
    }
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
