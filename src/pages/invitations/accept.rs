//! `/invitations/accept?token=…`: the page an emailed link opens.

use leptos::prelude::*;

use crate::api::{self, use_api, ApiError};
use crate::components::error_view::InlineError;
use crate::i18n::{fill, format_date_time, format_relative, use_locale};
use crate::state::loader::use_loader;
use crate::state::nav::{use_nav, OrgPage, Screen};
use crate::state::toasts::use_toasts;

#[component]
pub fn AcceptInvitationPage(
    /// The token read from the link (already removed from the address bar).
    #[prop(into)]
    token: Signal<Option<String>>,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let client = use_api();
    let nav = use_nav();
    let toasts = use_toasts();
    let invitation = use_loader(
        move || token.get(),
        |client, token: Option<String>| async move {
            match token {
                Some(token) => api::invitations::lookup(&client, &token).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let busy = RwSignal::new(false);
    let answer = move |accept: bool| {
        let Some(token) = token.get_untracked() else {
            return;
        };
        let client = client.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            if accept {
                match api::invitations::accept_by_token(&client, &token).await {
                    Ok(r) => {
                        toasts.success(fill(t.accepted_toast, &[("name", &r.organization.name)]));
                        nav.go(Screen::Org(r.organization.id, OrgPage::Users));
                    }
                    Err(e) => toasts.error(e.message(t)),
                }
            } else {
                match api::invitations::decline_by_token(&client, &token).await {
                    Ok(i) => {
                        toasts.success(fill(t.declined_toast, &[("name", &i.organization_name)]));
                        nav.go(Screen::Home);
                    }
                    Err(e) => toasts.error(e.message(t)),
                }
            }
            busy.set(false);
        });
    };
    let answer2 = answer.clone();
    view! {
        <section class="roster-page roster-accept" aria-labelledby="roster-accept-title">
            <h1 class="roster-page__title" id="roster-accept-title">{t.accept_title}</h1>
            {move || match invitation.value.get().map(|v| v.result) {
                None => view! { <p class="roster-muted" role="status">{t.loading}</p> }.into_any(),
                Some(Ok(None)) => view! { <p class="roster-error" role="alert">{t.accept_missing}</p> }.into_any(),
                // One message for unknown, used, revoked and expired links: it tells nothing about which.
                Some(Err(ApiError::NotFound | ApiError::Conflict(_) | ApiError::Validation(_) | ApiError::Forbidden(_))) => {
                    view! { <p class="roster-error" role="alert">{t.accept_invalid}</p> }.into_any()
                }
                Some(Err(e)) => view! { <InlineError error=e on_retry=move |_| invitation.reload()/> }.into_any(),
                Some(Ok(Some(i))) => {
                    let (a, d) = (answer.clone(), answer2.clone());
                    view! {
                        <div class="roster-card">
                            <p class="roster-accept__lead">
                                {fill(t.accept_lead, &[("name", &i.invited_by.display_name), ("org", &i.organization_name)])}
                            </p>
                            <p class="roster-muted">
                                <time title=format_date_time(locale, &i.expires_at)>
                                    {fill(t.expires_on, &[("date", &format_relative(locale, &i.expires_at))])}
                                </time>
                            </p>
                            <div class="roster-form__actions">
                                <button type="button" class="roster-button" disabled=move || busy.get() on:click=move |_| d(false)>
                                    {t.decline}
                                </button>
                                <button type="button" class="roster-button roster-button--primary" disabled=move || busy.get()
                                    on:click=move |_| a(true)>
                                    {t.accept}
                                </button>
                            </div>
                        </div>
                    }.into_any()
                }
            }}
        </section>
    }
}
