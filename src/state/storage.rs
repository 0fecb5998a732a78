//! `localStorage`, where the browser allows it (private modes may not).

use leptos::prelude::window;

/// Where versions before cookie sessions kept the bearer token: removed on start.
pub const OLD_TOKEN_KEY: &str = "roster.token";
/// `1` while the standalone app is signed in: not a secret (the session is an
/// HttpOnly cookie), only whether to show the frame at once on the next visit.
pub const SIGNED_IN_KEY: &str = "roster.signed-in";
/// Key of the organization last used, reopened on the next visit.
pub const ORG_KEY: &str = "roster.org";

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

pub fn get(key: &str) -> Option<String> {
    storage()?
        .get_item(key)
        .ok()
        .flatten()
        .filter(|v| !v.is_empty())
}

pub fn set(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

pub fn remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}
