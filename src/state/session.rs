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
    /// The address typed on the sign-in screen, kept here so that a language
    /// switch (which renders the screen again) does not lose it.
    pub sign_in_email: RwSignal<String>,
}

impl Session {
    pub fn new() -> Self {
        Session {
            me: RwSignal::new(None),
            expired: RwSignal::new(false),
            sign_in_email: RwSignal::new(String::new()),
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
