//! Invitations: an organization's list, the invitee's list, the emailed
//! link's page, and the pieces they share.

pub mod accept;
pub mod mine;
pub mod org_list;
pub mod query;

use leptos::prelude::*;
use roster_api::{Invitation, InvitationStatus, Tag};

use crate::i18n::{fill, format_date_time, format_relative, seconds_from_now, Locale, Texts};

/// The status as a word.
pub fn status_label(t: &Texts, s: InvitationStatus) -> &'static str {
    match s {
        InvitationStatus::Pending => t.inv_pending,
        InvitationStatus::Accepted => t.inv_accepted,
        InvitationStatus::Declined => t.inv_declined,
        InvitationStatus::Expired => t.inv_expired,
        InvitationStatus::Revoked => t.inv_revoked,
    }
}

/// The badge classes of a status.
pub fn status_class(s: InvitationStatus) -> &'static str {
    match s {
        InvitationStatus::Pending => "roster-badge roster-badge--pending",
        InvitationStatus::Accepted => "roster-badge roster-badge--active",
        InvitationStatus::Declined | InvitationStatus::Revoked => {
            "roster-badge roster-badge--muted"
        }
        InvitationStatus::Expired => "roster-badge roster-badge--locked",
    }
}

/// A tag as a chip shows it: `key: value`, or `key` alone.
pub fn tag_text(tag: &Tag) -> String {
    if tag.value.is_empty() {
        tag.key.clone()
    } else {
        format!("{}: {}", tag.key, tag.value)
    }
}

/// Whether an expiry is less than a day away (shown in red).
pub fn expires_soon(seconds_left: f64) -> bool {
    seconds_left < 86_400.0
}

/// "Expires in 2 days" (`template` fills `{date}` with the relative time),
/// red when under a day; the exact time in a tooltip.
pub fn expiry_view(locale: Locale, i: &Invitation, template: &str) -> impl IntoView {
    view! {
        <time
            class="roster-expiry"
            class:roster-expiry--soon=expires_soon(seconds_from_now(&i.expires_at))
            datetime=i.expires_at.to_string()
            title=format_date_time(locale, &i.expires_at)
        >
            {fill(template, &[("date", &format_relative(locale, &i.expires_at))])}
        </time>
    }
}

/// Chips of a list of names, or a dash when there are none.
pub fn chips(items: Vec<String>) -> AnyView {
    if items.is_empty() {
        return view! { <span class="roster-muted">"—"</span> }.into_any();
    }
    view! {
        <ul class="roster-chips">
            {items.into_iter().map(|s| view! { <li class="roster-chip">{s}</li> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// What the invitee will get: groups, tags and permissions with their labels.
#[component]
pub fn InvitationGrants(
    /// The invitation whose grants are listed.
    invitation: Invitation,
) -> impl IntoView {
    let t = crate::i18n::use_texts();
    let groups = invitation.groups.iter().map(|g| g.name.clone()).collect();
    let tags = invitation.tags.iter().map(tag_text).collect();
    let permissions = invitation
        .permissions
        .iter()
        .map(|p| crate::i18n::rules::permission_label(t, *p).to_owned())
        .collect();
    view! {
        <dl class="roster-grants">
            <dt>{t.col_groups}</dt><dd>{chips(groups)}</dd>
            <dt>{t.tags_label}</dt><dd>{chips(tags)}</dd>
            <dt>{t.col_permissions}</dt><dd>{chips(permissions)}</dd>
        </dl>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soon_is_under_a_day() {
        assert!(expires_soon(3_600.0));
        assert!(expires_soon(-10.0));
        assert!(!expires_soon(2.0 * 86_400.0));
    }

    #[test]
    fn tag_text_omits_empty_values() {
        let tag = |k: &str, v: &str| Tag {
            key: k.into(),
            value: v.into(),
        };
        assert_eq!(tag_text(&tag("team", "sales")), "team: sales");
        assert_eq!(tag_text(&tag("vip", "")), "vip");
    }
}

/// Asks before declining: the invitee can't take it back.
#[component]
pub fn ConfirmDecline(
    /// The organization's name while asking; `None` keeps the dialog closed.
    #[prop(into)]
    organization: Signal<Option<String>>,
    /// Called by Cancel and Esc.
    #[prop(into)]
    on_cancel: Callback<()>,
    /// Called by the confirming button.
    #[prop(into)]
    on_confirm: Callback<()>,
) -> impl IntoView {
    let t = crate::i18n::use_texts();
    let name = move || organization.get().unwrap_or_default();
    view! {
        <crate::components::dialog::Dialog
            open=Signal::derive(move || organization.with(|o| o.is_some()))
            on_close=on_cancel
            title=Signal::derive(move || fill(t.decline_title, &[("org", &name())]))
        >
            <p>{move || fill(t.decline_body, &[("org", &name())])}</p>
            <div class="roster-form__actions">
                <button type="button" class="roster-button" on:click=move |_| on_cancel.run(())>{t.cancel}</button>
                <button type="button" class="roster-button roster-button--danger" on:click=move |_| on_confirm.run(())>{t.decline}</button>
            </div>
        </crate::components::dialog::Dialog>
    }
}
