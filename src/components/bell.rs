//! The invitations bell of the top bar: the count of invitations waiting for
//! the signed-in account, and a popover listing them. The count refreshes
//! when the window regains focus (an invitation may have arrived meanwhile).

use leptos::html;
use leptos::prelude::*;
use roster_api::PageParams;

use super::icons::BellIcon;
use super::unique_id;
use crate::api::{self, use_api, ApiClient};
use crate::i18n::{fill, format_relative, plural, use_locale};
use crate::state::loader::use_loader;
use crate::state::nav::{use_nav, Screen};
use crate::state::session::{use_session, Session};

/// How many invitations the popover lists; the page lists them all.
const MENU_SIZE: u32 = 5;

/// Asks the server for the signed-in account again (for its invitation count).
pub fn refresh_me(client: ApiClient, session: Session) {
    leptos::task::spawn_local(async move {
        if let Ok(me) = api::auth::me(&client).await {
            if session.me.try_with_untracked(|m| m.as_ref() != Some(&me)) == Some(true) {
                let _ = session.me.try_set(Some(me));
            }
        }
    });
}

#[component]
pub fn Bell() -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let nav = use_nav();
    let session = use_session();
    let count = Memo::new(move |_| {
        session
            .me
            .with(|m| m.as_ref().map(|m| m.pending_invitation_count).unwrap_or(0))
    });
    let open = RwSignal::new(false);
    let button_ref = NodeRef::<html::Button>::new();
    let wrapper_ref = NodeRef::<html::Div>::new();
    let popover_id = unique_id("bell");

    // Back to the window: the count may have changed.
    let client = use_api();
    let refresh = move |_: web_sys::Event| {
        if !document().hidden() {
            refresh_me(client.clone(), session);
        }
    };
    let on_focus = window_event_listener_untyped("focus", refresh.clone());
    let on_visible = window_event_listener_untyped("visibilitychange", refresh);
    on_cleanup(move || {
        on_focus.remove();
        on_visible.remove();
    });

    let list = use_loader(
        move || open.get().then(|| count.get()),
        |client, key: Option<u64>| async move {
            if key.is_none() {
                return Ok(None);
            }
            let page = PageParams {
                page: Some(1),
                page_size: Some(MENU_SIZE),
                order_by: Some("expires_at".to_owned()),
            };
            api::invitations::list_mine(&client, &page).await.map(Some)
        },
    );
    let close = move |refocus: bool| {
        open.set(false);
        if refocus {
            if let Some(b) = button_ref.get_untracked() {
                let _ = b.focus();
            }
        }
    };
    let label = move || match count.get() {
        0 => t.bell_label_none.to_owned(),
        n => plural(locale, n, t.bell_label_one, t.bell_label_other),
    };
    let all_href = nav.href(&Screen::MyInvitations);
    view! {
        <div
            class="roster-bell"
            node_ref=wrapper_ref
            on:keydown=move |ev| {
                if ev.key() == "Escape" && open.get_untracked() {
                    ev.stop_propagation();
                    close(true);
                }
            }
            on:focusout=move |ev| {
                // Focus went outside the bell and its popover: close it.
                let inside = ev
                    .related_target()
                    .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Node>(n).ok())
                    .zip(wrapper_ref.get_untracked())
                    .is_some_and(|(n, w)| w.contains(Some(&n)));
                if !inside {
                    open.set(false);
                }
            }
        >
            <button
                type="button"
                class="roster-topbar__bell"
                node_ref=button_ref
                aria-label=label
                title=label
                aria-expanded=move || open.get().to_string()
                aria-controls=popover_id.clone()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <BellIcon/>
                <Show when=move || { count.get() > 0 }>
                    <span class="roster-topbar__count" aria-hidden="true">{move || count.get().to_string()}</span>
                </Show>
            </button>
            <div class="roster-bell__popover" id=popover_id role="region" aria-label=t.bell_menu hidden=move || !open.get()>
                <h2 class="roster-bell__title">{t.bell_menu}</h2>
                {move || match list.value.get().and_then(|v| v.result.transpose()) {
                    None => view! { <p class="roster-muted" role="status">{t.loading}</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="roster-error" role="alert">{e.message(t)}</p> }.into_any(),
                    Some(Ok(p)) if p.items.is_empty() => view! { <p class="roster-muted">{t.my_invitations_empty}</p> }.into_any(),
                    Some(Ok(p)) => {
                        let more = p.total_count.saturating_sub(p.items.len() as u64);
                        view! {
                            <ul class="roster-bell__list">
                                {p.items.into_iter().map(|i| view! {
                                    <li>
                                        <a class="roster-bell__item" href=nav.href(&Screen::MyInvitations) on:click=move |_| open.set(false)>
                                            <span class="roster-bell__org">{i.organization_name.clone()}</span>
                                            <span class="roster-muted">
                                                {fill(t.my_invitation_from, &[("name", &i.invited_by.display_name)])}
                                                " · "
                                                {fill(t.expires_on, &[("date", &format_relative(locale, &i.expires_at))])}
                                            </span>
                                        </a>
                                    </li>
                                }).collect_view()}
                            </ul>
                            {(more > 0).then(|| view! { <p class="roster-muted">{fill(t.bell_more, &[("n", &more.to_string())])}</p> })}
                        }.into_any()
                    }
                }}
                <a class="roster-bell__all" href=all_href on:click=move |_| open.set(false)>{t.bell_see_all}</a>
            </div>
        </div>
    }
}
