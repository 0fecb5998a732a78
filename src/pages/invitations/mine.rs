//! `/invitations`: invitations waiting for the signed-in account, with what
//! each would give, to accept or decline.

use leptos::prelude::*;
use roster_api::{Invitation, PageParams};
use uuid::Uuid;

use super::{expiry_view, ConfirmDecline, InvitationGrants};
use crate::api::{self, use_api};
use crate::components::bell::refresh_me;
use crate::components::dom_id;
use crate::components::error_view::InlineError;
use crate::components::pagination::Pagination;
use crate::i18n::{fill, use_locale};
use crate::state::loader::use_loader;
use crate::state::nav::{use_nav, OrgPage, Screen};
use crate::state::session::use_session;
use crate::state::toasts::use_toasts;

/// Cards per page: an invitee rarely has more, and each card is tall.
const PAGE_SIZE: u32 = 20;

#[component]
pub fn MyInvitationsPage() -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let client = StoredValue::new_local(use_api());
    let nav = use_nav();
    let toasts = use_toasts();
    let session = use_session();
    let events = crate::embed::events::use_embed_events();
    // Asked again whenever the count changes (the bell noticed a new one, or
    // one was answered).
    let count = Memo::new(move |_| {
        session
            .me
            .with(|m| m.as_ref().map(|m| m.pending_invitation_count))
    });
    let page = RwSignal::new(1u32);
    let invitations = use_loader(
        move || (count.get(), page.get()),
        |client, (_, page): (Option<u64>, u32)| async move {
            let page = PageParams {
                page: Some(page),
                page_size: Some(PAGE_SIZE),
                order_by: Some("expires_at".to_owned()),
            };
            api::invitations::list_mine(&client, &page).await
        },
    );
    let total = Signal::derive(move || {
        invitations.value.with(|v| match v {
            Some(v) => v.result.as_ref().map(|p| p.total_count).unwrap_or(0),
            None => 0,
        })
    });
    // Answering the last card of the last page leaves that page empty: show
    // the one before, which still has invitations.
    Effect::new(move |_| {
        let (n, total) = (page.get(), total.get());
        let last = total.div_ceil(u64::from(PAGE_SIZE)).max(1) as u32;
        let loaded = invitations
            .value
            .with(|v| v.as_ref().is_some_and(|v| v.result.is_ok()));
        if loaded && n > last {
            page.set(last);
        }
    });
    let busy = RwSignal::new(false);
    let declining = RwSignal::new(None::<(Uuid, String)>);
    let answer = move |id: Uuid, accept: bool| {
        let client = client.get_value();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = if accept {
                api::invitations::accept_mine(&client, id).await.map(|r| {
                    events.invitation_accepted(&r);
                    (r.organization.id, r.organization.name)
                })
            } else {
                api::invitations::decline_mine(&client, id)
                    .await
                    .map(|i| (i.organization_id, i.organization_name))
            };
            let _ = busy.try_set(false);
            refresh_me(client, session);
            match result {
                Ok((org_id, name)) if accept => {
                    toasts.success(fill(t.accepted_toast, &[("name", &name)]));
                    nav.go(Screen::Org(org_id, OrgPage::Users));
                }
                Ok((_, name)) => toasts.success(fill(t.declined_toast, &[("name", &name)])),
                Err(e) => {
                    toasts.error(e.message(t));
                    invitations.reload();
                }
            }
        });
    };
    let card = move |i: Invitation| {
        let id = i.id;
        let name = i.organization_name.clone();
        view! {
            <li class="roster-card roster-invitation">
                <h2 class="roster-card__title">{i.organization_name.clone()}</h2>
                <p>
                    {fill(t.my_invitation_from, &[("name", &i.invited_by.display_name)])}
                    " "<span class="roster-muted">"("{i.invited_by.email.clone()}")"</span>
                </p>
                <p class="roster-muted">{expiry_view(locale, &i, t.expires_on)}</p>
                <h3 class="roster-invitation__section">{t.accept_you_get}</h3>
                <InvitationGrants invitation=i/>
                <div class="roster-form__actions">
                    <button type="button" class="roster-button" disabled=move || busy.get()
                        on:click=move |_| declining.set(Some((id, name.clone())))>{t.decline}</button>
                    <button type="button" class="roster-button roster-button--primary" disabled=move || busy.get()
                        on:click=move |_| answer(id, true)>{t.accept}</button>
                </div>
            </li>
        }
    };
    view! {
        <section class="roster-page" aria-labelledby=dom_id("mine-title")>
            <div class="roster-page__header">
                <h1 class="roster-page__title" id=dom_id("mine-title")>{t.my_invitations_title}</h1>
            </div>
            {move || match invitations.value.get().map(|v| v.result) {
                None => view! { <p class="roster-muted" role="status">{t.loading}</p> }.into_any(),
                Some(Err(e)) => view! { <InlineError error=e on_retry=move |_| invitations.reload()/> }.into_any(),
                Some(Ok(p)) if p.items.is_empty() => view! { <div class="roster-empty"><p>{t.my_invitations_empty}</p></div> }.into_any(),
                Some(Ok(p)) => view! { <ul class="roster-invitations">{p.items.into_iter().map(card).collect_view()}</ul> }.into_any(),
            }}
            <Show when=move || { total.get() > u64::from(PAGE_SIZE) }>
                <Pagination
                    page=page
                    page_size=Signal::stored(PAGE_SIZE)
                    total=total
                    on_page=move |n: u32| page.set(n)
                />
            </Show>
            <ConfirmDecline
                organization=Signal::derive(move || declining.with(|d| d.as_ref().map(|d| d.1.clone())))
                on_cancel=move |_| declining.set(None)
                on_confirm=move |_| {
                    if let Some((id, _)) = declining.get_untracked() {
                        declining.set(None);
                        answer(id, false);
                    }
                }
            />
        </section>
    }
}
