//! Who is signed in.

use leptos::prelude::*;
use roster_api::Me;

/// The signed-in account (context). The credential itself lives in
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
    /// A code was emailed to `sign_in_email`: the screen asks for it.
    pub code_sent: RwSignal<bool>,
    /// The code being typed (kept across a language switch too).
    pub sign_in_code: RwSignal<String>,
    /// The standalone app asks the server whether its cookie is still a
    /// session (a visit that did not end signed in, or back from the SSO provider).
    pub checking: RwSignal<bool>,
}

impl Session {
    pub fn new() -> Self {
        Session {
            me: RwSignal::new(None),
            expired: RwSignal::new(false),
            sign_in_email: RwSignal::new(String::new()),
            code_sent: RwSignal::new(false),
            sign_in_code: RwSignal::new(String::new()),
            checking: RwSignal::new(false),
        }
    }

    /// Records a sign-in's answer: who is signed in, and the credential in
    /// `token` (the bearer token, or [`crate::api::COOKIE_SESSION`]).
    pub fn signed_in(&self, token: RwSignal<Option<String>>, r: roster_api::SignInResponse) {
        self.expired.set(false);
        self.code_sent.set(false);
        self.sign_in_code.set(String::new());
        self.checking.set(false);
        self.me.set(Some(r.me));
        token.set(Some(
            r.token
                .unwrap_or_else(|| crate::api::COOKIE_SESSION.to_owned()),
        ));
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
