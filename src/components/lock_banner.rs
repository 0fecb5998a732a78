//! "Locked by partner on DATE: reason", shown everywhere inside a locked organization.

use leptos::prelude::*;
use roster_api::{LockedBy, Organization, OrganizationStatus};

use super::icons::LockIcon;
use crate::i18n::{fill, format_date, use_locale, Locale, Texts};
use crate::state::org::use_current_org;

/// The banner's sentence for a locked organization; `None` when it is not locked.
pub fn lock_sentence(t: &Texts, locale: Locale, org: &Organization) -> Option<String> {
    if org.status != OrganizationStatus::Locked {
        return None;
    }
    let who = match org.locked_by {
        Some(LockedBy::Platform) => t.locked_by_platform,
        _ => t.locked_by_partner,
    };
    let date = org
        .locked_at
        .as_ref()
        .map(|d| format_date(locale, d))
        .unwrap_or_default();
    let reason = org
        .lock_reason_message
        .as_deref()
        .filter(|r| !r.trim().is_empty())
        .unwrap_or(t.locked_no_reason);
    Some(fill(
        t.locked_banner,
        &[("who", who), ("date", &date), ("reason", reason)],
    ))
}

/// The lock banner of the current organization (nothing when unlocked).
#[component]
pub fn LockBanner() -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let current = use_current_org();
    let sentence = Memo::new(move |_| current.org().and_then(|o| lock_sentence(t, locale, &o)));
    view! {
        <Show when=move || sentence.with(|s| s.is_some())>
            <div class="roster-lock-banner" role="status">
                <LockIcon/>
                <span>{move || sentence.get()}</span>
            </div>
        </Show>
    }
}
