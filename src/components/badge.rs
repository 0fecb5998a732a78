//! Status badges.

use leptos::prelude::*;
use roster_api::OrganizationStatus;

use super::icons::LockIcon;
use crate::i18n::use_texts;

/// An organization's status as a badge: "Active", or "Locked" with a lock.
#[component]
pub fn OrgStatusBadge(
    /// The status to show.
    status: OrganizationStatus,
) -> impl IntoView {
    let t = use_texts();
    match status {
        OrganizationStatus::Active => {
            view! { <span class="roster-badge roster-badge--active">{t.active}</span> }.into_any()
        }
        OrganizationStatus::Locked => view! {
            <span class="roster-badge roster-badge--locked"><LockIcon/>{t.locked}</span>
        }
        .into_any(),
    }
}
