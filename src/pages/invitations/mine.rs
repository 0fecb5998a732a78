//! `/invitations`: invitations waiting for the signed-in account.

use leptos::prelude::*;
use roster_api::{Invitation, PageParams};

use crate::api::{self, use_api};
use crate::components::error_view::InlineError;
use crate::i18n::{fill, format_date_time, format_relative, use_locale};
use crate::state::loader::use_loader;
use crate::state::nav::{use_nav, OrgPage, Screen};
use crate::state::session::use_session;
use crate::state::toasts::use_toasts;

#[component]
pub fn MyInvitationsPage() -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let client = use_api();
    let nav = use_nav();
    let toasts = use_toasts();
    let session = use_session();
    let events = crate::embed::events::use_embed_events();
    let invitations = use_loader(
        || (),
        |client, _: ()| async move {
            api::invitations::list_mine(
                &client,
                &PageParams {
                    page: Some(1),
                    page_size: Some(100),
                    order_by: None,
                },
            )
            .await
        },
    );
    let busy = RwSignal::new(false);
    let after_answer = move || {
        invitations.reload();
        session.me.update(|m| {
            if let Some(m) = m {
                m.pending_invitation_count = m.pending_invitation_count.saturating_sub(1);
            }
        });
    };
    let card = move |i: Invitation| {
        let id = i.id;
        let org_name = i.organization_name.clone();
        let (c1, c2) = (client.clone(), client.clone());
        let org_name2 = org_name.clone();
        view! {
            <li class="roster-card roster-invitation">
                <h2 class="roster-card__title">{i.organization_name.clone()}</h2>
                <p>{fill(t.my_invitation_from, &[("name", &i.invited_by.display_name)])}</p>
                <p class="roster-muted">
                    <time title=format_date_time(locale, &i.expires_at)>
                        {fill(t.expires_on, &[("date", &format_relative(locale, &i.expires_at))])}
                    </time>
                </p>
                <div class="roster-form__actions">
                    <button type="button" class="roster-button" disabled=move || busy.get() on:click=move |_| {
                        let client = c2.clone();
                        let name = org_name2.clone();
                        busy.set(true);
                        leptos::task::spawn_local(async move {
                            let result = api::invitations::decline_mine(&client, id).await;
                            busy.set(false);
                            match result {
                                Ok(_) => { toasts.success(fill(t.declined_toast, &[("name", &name)])); after_answer(); }
                                Err(e) => toasts.error(e.message(t)),
                            }
                        });
                    }>{t.decline}</button>
                    <button type="button" class="roster-button roster-button--primary" disabled=move || busy.get() on:click=move |_| {
                        let client = c1.clone();
                        busy.set(true);
                        leptos::task::spawn_local(async move {
                            let result = api::invitations::accept_mine(&client, id).await;
                            busy.set(false);
                            match result {
                                Ok(r) => {
                                    events.invitation_accepted(&r);
                                    toasts.success(fill(t.accepted_toast, &[("name", &r.organization.name)]));
                                    after_answer();
                                    nav.go(Screen::Org(r.organization.id, OrgPage::Users));
                                }
                                Err(e) => toasts.error(e.message(t)),
                            }
                        });
                    }>{t.accept}</button>
                </div>
            </li>
        }
    };
    view! {
        <section class="roster-page" aria-labelledby="roster-mine-title">
            <div class="roster-page__header">
                <h1 class="roster-page__title" id="roster-mine-title">{t.my_invitations_title}</h1>
            </div>
            {move || match invitations.value.get().map(|v| v.result) {
                None => view! { <p class="roster-muted" role="status">{t.loading}</p> }.into_any(),
                Some(Err(e)) => view! { <InlineError error=e on_retry=move |_| invitations.reload()/> }.into_any(),
                Some(Ok(p)) if p.items.is_empty() => view! { <div class="roster-empty"><p>{t.my_invitations_empty}</p></div> }.into_any(),
                Some(Ok(p)) => view! { <ul class="roster-invitations">{p.items.into_iter().map(card.clone()).collect_view()}</ul> }.into_any(),
            }}
        </section>
    }
}
