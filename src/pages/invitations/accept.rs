//! `/invitations/accept?token=…`: the page an emailed link opens. It shows
//! the invitation without signing in; answering needs an account, so a
//! visitor signs in (or creates an account) first and comes back here: the
//! token waits in `sessionStorage` meanwhile, never in the address bar.

use leptos::prelude::*;

use super::{expiry_view, ConfirmDecline, InvitationGrants};
use crate::api::{self, use_api, use_api_config, ApiError};
use crate::components::bell::refresh_me;
use crate::components::dom_id;
use crate::components::error_view::InlineError;
use crate::i18n::{fill, use_locale};
use crate::state::loader::use_loader;
use crate::state::nav::{use_nav, OrgPage, Screen};
use crate::state::session::use_session;
use crate::state::toasts::use_toasts;

/// `sessionStorage` key of the token of the invitation being answered.
const PENDING_KEY: &str = "roster.invitation";

fn session_storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

/// The token of an invitation the visitor opened before signing in.
pub fn pending_token() -> Option<String> {
    session_storage()?
        .get_item(PENDING_KEY)
        .ok()
        .flatten()
        .filter(|t| !t.is_empty())
}

/// Keeps (or, with `None`, forgets) the token across the sign-in round trip.
pub fn set_pending_token(token: Option<&str>) {
    if let Some(s) = session_storage() {
        let _ = match token {
            Some(t) => s.set_item(PENDING_KEY, t),
            None => s.remove_item(PENDING_KEY),
        };
    }
}

/// Whether an error means the link can't be used. Unknown, used, revoked and
/// expired links all get the same answer, which tells nothing about which.
/// A locked organization is not one of them: the link stays good (it can be
/// declined now, and accepted once the organization is unlocked), so the
/// page stays and says why accepting failed, as "my invitations" does.
fn link_unusable(e: &ApiError) -> bool {
    use roster_api::errors::codes;
    if e.code() == Some(codes::ORGANIZATION_LOCKED) {
        return false;
    }
    matches!(
        e,
        ApiError::NotFound | ApiError::Conflict(_) | ApiError::Validation(_)
    ) || e.code() == Some(codes::INVITATION_LINK_INVALID)
}

#[component]
pub fn AcceptInvitationPage(
    /// The token read from the link (already removed from the address bar).
    #[prop(into)]
    token: Signal<Option<String>>,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let client = StoredValue::new_local(use_api());
    let signed_in = use_api_config().token;
    let session = use_session();
    let nav = use_nav();
    let toasts = use_toasts();
    // Inside a host, accepting is reported as from "my invitations".
    let events = crate::embed::events::use_embed_events();
    let invitation = use_loader(
        move || token.get(),
        |client, token: Option<String>| async move {
            match token {
                Some(token) => api::invitations::lookup(&client, &token).await.map(Some),
                None => Ok(None),
            }
        },
    );
    // Set when accepting or declining found the link no longer usable.
    let gone = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let declining = RwSignal::new(None::<String>);
    let answer = move |accept: bool| {
        let Some(token) = token.get_untracked() else {
            return;
        };
        let client = client.get_value();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = if accept {
                api::invitations::accept_by_token(&client, &token)
                    .await
                    .map(|r| {
                        events.invitation_accepted(&r);
                        (r.organization.id, r.organization.name)
                    })
            } else {
                api::invitations::decline_by_token(&client, &token)
                    .await
                    .map(|i| (i.organization_id, i.organization_name))
            };
            let _ = busy.try_set(false);
            match result {
                Ok((org_id, name)) => {
                    set_pending_token(None);
                    refresh_me(client, session);
                    if accept {
                        toasts.success(fill(t.accepted_toast, &[("name", &name)]));
                        nav.go(Screen::Org(org_id, OrgPage::Users));
                    } else {
                        toasts.success(fill(t.declined_toast, &[("name", &name)]));
                        nav.go(Screen::MyInvitations);
                    }
                }
                Err(e) if link_unusable(&e) => {
                    set_pending_token(None);
                    let _ = gone.try_set(true);
                }
                Err(e) => toasts.error(e.message(t)),
            }
        });
    };
    view! {
        <section class="roster-page roster-accept" aria-labelledby=dom_id("accept-title")>
            <h1 class="roster-page__title" id=dom_id("accept-title")>{t.accept_title}</h1>
            {move || match invitation.value.get().map(|v| v.result) {
                _ if gone.get() => view! { <p class="roster-error" role="alert">{t.accept_invalid}</p> }.into_any(),
                None => view! { <p class="roster-muted" role="status">{t.loading}</p> }.into_any(),
                Some(Ok(None)) => view! { <p class="roster-error" role="alert">{t.accept_missing}</p> }.into_any(),
                Some(Err(e)) if link_unusable(&e) => {
                    set_pending_token(None);
                    view! { <p class="roster-error" role="alert">{t.accept_invalid}</p> }.into_any()
                }
                Some(Err(e)) => view! { <InlineError error=e on_retry=move |_| invitation.reload()/> }.into_any(),
                Some(Ok(Some(i))) => {
                    let org_name = i.organization_name.clone();
                    let email = i.email.clone();
                    view! {
                        <div class="roster-card">
                            <p class="roster-accept__lead">
                                {fill(t.accept_lead, &[("name", &i.invited_by.display_name), ("org", &i.organization_name)])}
                            </p>
                            <p class="roster-muted">{expiry_view(locale, &i, t.expires_on)}</p>
                            <h2 class="roster-invitation__section">{t.accept_you_get}</h2>
                            <InvitationGrants invitation=i/>
                            {move || if signed_in.with(|s| s.is_some()) {
                                let org_name = org_name.clone();
                                view! {
                                    {move || session.me.get().map(|me| view! {
                                        <p class="roster-muted">{fill(t.accept_signed_in_as, &[("email", &me.email)])}</p>
                                    })}
                                    <div class="roster-form__actions">
                                        <button type="button" class="roster-button" disabled=move || busy.get()
                                            on:click=move |_| declining.set(Some(org_name.clone()))>{t.decline}</button>
                                        <button type="button" class="roster-button roster-button--primary" disabled=move || busy.get()
                                            on:click=move |_| answer(true)>{t.accept}</button>
                                    </div>
                                }.into_any()
                            } else {
                                let address = email.clone();
                                view! {
                                    <p>{fill(t.accept_signed_out, &[("email", &email)])}</p>
                                    <div class="roster-form__actions">
                                        // The invited address is the one to sign in (or sign up) with.
                                        <button type="button" class="roster-button roster-button--primary"
                                            on:click=move |_| {
                                                if session.sign_in_email.with_untracked(String::is_empty) {
                                                    session.sign_in_email.set(address.clone());
                                                }
                                                nav.go(Screen::SignIn)
                                            }>{t.accept_sign_in}</button>
                                    </div>
                                }.into_any()
                            }}
                        </div>
                    }.into_any()
                }
            }}
            <ConfirmDecline
                organization=declining
                on_cancel=move |_| declining.set(None)
                on_confirm=move |_| {
                    declining.set(None);
                    answer(false);
                }
            />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_locked_organization_does_not_make_the_link_unusable() {
        let locked = r#"{"title":"The organization is locked","status":423,"code":"organization_locked","detail":"Globex was locked."}"#;
        assert!(!link_unusable(&ApiError::from_response(423, locked, None)));
        let invalid = r#"{"title":"Not valid","status":404,"code":"invitation_link_invalid"}"#;
        assert!(link_unusable(&ApiError::from_response(404, invalid, None)));
        let used = r#"{"title":"Not pending","status":409,"code":"invitation_not_pending"}"#;
        assert!(link_unusable(&ApiError::from_response(409, used, None)));
    }
}
