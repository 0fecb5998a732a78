//! `localStorage`, where the browser allows it (private modes may not).

use leptos::prelude::window;

/// Key of the bearer token (standalone app only).
pub const TOKEN_KEY: &str = "roster.token";
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
