//! `/orgs/{id}/invitations`: the invitations sent from an organization, with
//! status filter, search, sort and paging in the view state, and resend,
//! revoke and copy-link actions on one row or a selection.

use leptos::prelude::*;
use roster_api::{DeliveryStatus, Invitation, InvitationStatus, Permission};
use uuid::Uuid;

use super::query::{parse_status, InvitationsQuery};
use super::{chips, expiry_view, status_class, status_label, tag_text};
use crate::api::{self, use_api};
use crate::components::dialog::Dialog;
use crate::components::dom_id;
use crate::components::error_view::InlineError;
use crate::components::pagination::Pagination;
use crate::components::search_input::DebouncedInput;
use crate::components::sort_header::SortHeader;
use crate::components::unique_id;
use crate::i18n::{fill, format_date, format_date_time, format_number, use_locale};
use crate::state::loader::use_loader;
use crate::state::org::use_current_org;
use crate::state::toasts::use_toasts;
use crate::state::view_query::use_view_query;

const COLUMNS: &str = "10";

/// A write on invitations, applied to one or many.
#[derive(Clone, Copy, PartialEq)]
enum Action {
    Resend,
    Revoke,
}

/// Copies `text` with the asynchronous clipboard API.
async fn copy_to_clipboard(text: &str) -> bool {
    use wasm_bindgen::JsCast;
    let navigator = window().navigator();
    let Ok(clipboard) = js_sys::Reflect::get(&navigator, &"clipboard".into()) else {
        return false;
    };
    let Ok(write) = js_sys::Reflect::get(&clipboard, &"writeText".into())
        .and_then(|f| f.dyn_into::<js_sys::Function>())
    else {
        return false;
    };
    let Ok(promise) = write.call1(&clipboard, &text.into()) else {
        return false;
    };
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise))
        .await
        .is_ok()
}

#[component]
pub fn OrgInvitationsPage(
    /// The organization whose invitations are listed.
    #[prop(into)]
    org_id: Signal<Uuid>,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let view_query = use_view_query();
    let current = use_current_org();
    let toasts = use_toasts();
    let client = StoredValue::new_local(use_api());
    let query = Memo::new(move |_| InvitationsQuery::from_pairs(&view_query.pairs.get()));
    let set_query = move |q: InvitationsQuery, replace: bool| view_query.set(q.to_pairs(), replace);

    let invitations = use_loader(
        move || (org_id.get(), query.get()),
        |client, (org, q): (Uuid, InvitationsQuery)| async move {
            api::invitations::list_for_org(&client, org, &q.page_params(), &q.filters()).await
        },
    );
    // Only an answer about the organization shown now is ever painted; while
    // other filters load, the previous answer stays (dimmed).
    let data = Memo::new(move |_| {
        let org = org_id.get();
        invitations.value.with(|v| {
            v.as_ref()
                .filter(|v| v.key.0 == org)
                .map(|v| v.result.clone())
        })
    });
    let items = Memo::new(move |_| {
        data.with(|d| match d {
            Some(Ok(p)) => p.items.clone(),
            _ => Vec::new(),
        })
    });

    let selected = RwSignal::new(Vec::<Uuid>::new());
    let busy = RwSignal::new(false);
    let failures = RwSignal::new(Vec::<String>::new());
    let to_revoke = RwSignal::new(Vec::<(Uuid, String)>::new());
    // A new view starts with nothing selected.
    Effect::new(move |_| {
        query.track();
        org_id.track();
        selected.set(Vec::new());
    });

    let locked = move || current.is_locked();
    let allowed = move || current.can(Permission::ManageMembers);
    let writes_off = move || busy.get() || locked() || !allowed();
    let why_off = move || {
        if locked() {
            Some(t.locked_write_disabled)
        } else if current.org().is_some() && !allowed() {
            Some(t.err_forbidden)
        } else {
            None
        }
    };

    let run = move |action: Action, targets: Vec<(Uuid, String)>| {
        if targets.is_empty() || busy.get_untracked() {
            return;
        }
        let client = client.get_value();
        let org = org_id.get_untracked();
        busy.set(true);
        failures.set(Vec::new());
        leptos::task::spawn_local(async move {
            let single = targets.len() == 1;
            let mut done = Vec::<Invitation>::new();
            let mut failed = Vec::new();
            for (id, email) in targets {
                let result = match action {
                    Action::Resend => api::invitations::resend(&client, org, id).await,
                    Action::Revoke => api::invitations::revoke(&client, org, id).await,
                };
                match result {
                    Ok(i) => done.push(i),
                    Err(e) if single => toasts.error(e.message(t)),
                    Err(e) => failed.push(fill(
                        t.inv_failure,
                        &[("email", &email), ("reason", &e.message(t))],
                    )),
                }
            }
            let _ = busy.try_set(false);
            let n = format_number(locale, done.len() as u64);
            match (action, done.as_slice()) {
                (_, []) => {}
                (Action::Resend, [i]) => toasts.success(fill(
                    t.inv_resent,
                    &[
                        ("email", &i.email),
                        ("date", &format_date_time(locale, &i.expires_at)),
                    ],
                )),
                (Action::Revoke, [i]) => {
                    toasts.success(fill(t.inv_revoked_one, &[("email", &i.email)]))
                }
                (Action::Resend, _) => toasts.success(fill(t.inv_resent_many, &[("n", &n)])),
                (Action::Revoke, _) => toasts.success(fill(t.inv_revoked_many, &[("n", &n)])),
            }
            let _ = failures.try_set(failed);
            let _ = selected.try_set(Vec::new());
            // The rows change in place: the user sees the new status and expiry.
            invitations.update_data(|p| {
                for i in done {
                    if let Some(row) = p.items.iter_mut().find(|r| r.id == i.id) {
                        *row = i;
                    }
                }
            });
        });
    };
    let targets_of_selection = move || {
        let ids = selected.get_untracked();
        items.with_untracked(|list| {
            list.iter()
                .filter(|i| ids.contains(&i.id))
                .map(|i| (i.id, i.email.clone()))
                .collect::<Vec<_>>()
        })
    };

    let row = move |i: Invitation| {
        let id = i.id;
        let email = i.email.clone();
        let action_for = fill(t.inv_action_for, &[("email", &i.email)]);
        let can_resend = matches!(
            i.status,
            InvitationStatus::Pending | InvitationStatus::Expired
        );
        let can_revoke = i.status == InvitationStatus::Pending;
        let link = i.link.clone().filter(|_| can_revoke);
        // The mail server refused the latest message or could not be reached:
        // say so beside the status, with its reason; Resend sends it again.
        let not_delivered = (can_resend && i.delivery == Some(DeliveryStatus::Failed))
            .then(|| i.delivery_error.clone().unwrap_or_default());
        let (e1, e2) = (email.clone(), email.clone());
        let (a1, a2) = (action_for.clone(), action_for);
        let a3 = fill(t.inv_copy_for, &[("email", &i.email)]);
        view! {
            <tr class:roster-table__row--selected=move || selected.with(|s| s.contains(&id))>
                <td class="roster-table__check">
                    <input
                        type="checkbox"
                        aria-label=fill(t.inv_select, &[("email", &email)])
                        prop:checked=move || selected.with(|s| s.contains(&id))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            selected.update(|s| {
                                s.retain(|x| *x != id);
                                if on {
                                    s.push(id);
                                }
                            });
                        }
                    />
                </td>
                <th scope="row" class="roster-table__primary roster-table__mono">{i.email.clone()}</th>
                <td>
                    <span class=status_class(i.status)>{status_label(t, i.status)}</span>
                    {not_delivered.map(|reason| view! {
                        " "
                        <span class="roster-badge roster-badge--danger" title=reason.clone()>
                            {t.inv_not_delivered}
                            <span class="roster-visually-hidden">{fill(t.inv_not_delivered_why, &[("reason", &reason)])}</span>
                        </span>
                    })}
                </td>
                <td>{chips(i.groups.iter().map(|g| g.name.clone()).collect())}</td>
                <td>{chips(i.tags.iter().map(tag_text).collect())}</td>
                <td>{i.invited_by.display_name.clone()}</td>
                <td><time title=format_date_time(locale, &i.sent_at)>{format_date(locale, &i.sent_at)}</time></td>
                <td>
                    {match i.status {
                        InvitationStatus::Pending => expiry_view(locale, &i, "{date}").into_any(),
                        InvitationStatus::Expired => view! {
                            <time class="roster-muted" title=format_date_time(locale, &i.expires_at)>
                                {format_date(locale, &i.expires_at)}
                            </time>
                        }.into_any(),
                        _ => view! { <span class="roster-muted">"—"</span> }.into_any(),
                    }}
                </td>
                <td>
                    {match i.responded_at {
                        Some(at) => view! { <time title=format_date_time(locale, &at)>{format_date(locale, &at)}</time> }.into_any(),
                        None => view! { <span class="roster-muted">"—"</span> }.into_any(),
                    }}
                </td>
                <td class="roster-table__actions">
                    {can_resend.then(|| view! {
                        <button type="button" class="roster-button roster-button--small"
                            disabled=writes_off title=why_off
                            on:click=move |_| run(Action::Resend, vec![(id, e1.clone())])>
                            {t.inv_resend}<span class="roster-visually-hidden">{a1}</span>
                        </button>
                    })}
                    {can_revoke.then(|| view! {
                        <button type="button" class="roster-button roster-button--small roster-button--danger-ghost"
                            disabled=writes_off title=why_off
                            on:click=move |_| to_revoke.set(vec![(id, e2.clone())])>
                            {t.inv_revoke}<span class="roster-visually-hidden">{a2}</span>
                        </button>
                    })}
                    {link.map(|link| view! {
                        <button type="button" class="roster-button roster-button--small roster-button--ghost"
                            on:click=move |_| {
                                let link = link.clone();
                                leptos::task::spawn_local(async move {
                                    if copy_to_clipboard(&link).await {
                                        toasts.success(t.inv_link_copied);
                                    } else {
                                        toasts.error(t.inv_copy_failed);
                                    }
                                });
                            }>
                            {t.inv_copy_link}<span class="roster-visually-hidden">{a3}</span>
                        </button>
                    })}
                </td>
            </tr>
        }
    };

    let status_id = unique_id("inv-status");
    let all_on_page = move || {
        items.with(|list| {
            !list.is_empty() && selected.with(|s| list.iter().all(|i| s.contains(&i.id)))
        })
    };
    let sort_header = move |label: &'static str, key: &'static str, descending_first: bool| {
        view! {
            <SortHeader label=label key=key descending_first=descending_first
                order_by=Signal::derive(move || Some(query.with(|q| q.order_by.clone())))
                on_sort=move |o: String| set_query(InvitationsQuery { order_by: o, page: 1, ..query.get_untracked() }, false)/>
        }
    };
    let clear_search = move |_| {
        set_query(
            InvitationsQuery {
                search: String::new(),
                page: 1,
                ..query.get_untracked()
            },
            false,
        )
    };
    let status_option = move |s: Option<InvitationStatus>, label: &'static str| {
        view! {
            <option value=s.map(api::invitations::status_str).unwrap_or("all")
                selected=move || query.with(|q| q.status == s)>{label}</option>
        }
    };

    view! {
        <section class="roster-page" aria-labelledby=dom_id("org-inv-title")>
            <h2 class="roster-page__subtitle" id=dom_id("org-inv-title")>{t.org_invitations_title}</h2>
            <div class="roster-toolbar" role="search">
                <DebouncedInput
                    label=t.inv_search
                    hide_label=true
                    search=true
                    placeholder=t.inv_search
                    value=Signal::derive(move || query.with(|q| q.search.clone()))
                    on_change=move |s: String| {
                        let q = query.get_untracked();
                        if q.search != s {
                            set_query(InvitationsQuery { search: s, page: 1, ..q }, true);
                        }
                    }
                />
                <div class="roster-input">
                    <label class="roster-input__label" for=status_id.clone()>{t.filter_status}</label>
                    <select id=status_id class="roster-select" on:change=move |ev| {
                        let status = parse_status(&event_target_value(&ev));
                        set_query(InvitationsQuery { status, page: 1, ..query.get_untracked() }, false);
                    }>
                        {status_option(Some(InvitationStatus::Pending), t.inv_pending)}
                        {status_option(Some(InvitationStatus::Accepted), t.inv_accepted)}
                        {status_option(Some(InvitationStatus::Declined), t.inv_declined)}
                        {status_option(Some(InvitationStatus::Expired), t.inv_expired)}
                        {status_option(Some(InvitationStatus::Revoked), t.inv_revoked)}
                        {status_option(None, t.inv_status_all)}
                    </select>
                </div>
            </div>
            {move || why_off().map(|why| view! { <p class="roster-note">{why}</p> })}
            <Show when=move || selected.with(|s| !s.is_empty())>
                <div class="roster-bulkbar" role="group" aria-label=move || fill(t.inv_selected, &[("n", &format_number(locale, selected.with(|s| s.len()) as u64))])>
                    <span class="roster-bulkbar__count">{move || fill(t.inv_selected, &[("n", &format_number(locale, selected.with(|s| s.len()) as u64))])}</span>
                    <button type="button" class="roster-button" disabled=writes_off title=why_off
                        on:click=move |_| run(Action::Resend, targets_of_selection())>{t.inv_resend}</button>
                    <button type="button" class="roster-button roster-button--danger-ghost" disabled=writes_off title=why_off
                        on:click=move |_| to_revoke.set(targets_of_selection())>{t.inv_revoke}</button>
                    <Show when=move || busy.get()><span class="roster-muted" role="status">{t.inv_working}</span></Show>
                </div>
            </Show>
            <Show when=move || failures.with(|f| !f.is_empty())>
                <div class="roster-error-box" role="alert">
                    <p>{t.inv_failures}</p>
                    <ul>{move || failures.get().into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}</ul>
                    <button type="button" class="roster-button roster-button--ghost" on:click=move |_| failures.set(Vec::new())>{t.dismiss}</button>
                </div>
            </Show>
            {move || match data.get() {
                Some(Err(e)) => view! { <InlineError error=e on_retry=move |_| invitations.reload()/> }.into_any(),
                Some(Ok(p)) if p.items.is_empty() => {
                    let q = query.get();
                    view! {
                        <div class="roster-empty">
                            {if !q.search.is_empty() {
                                view! {
                                    <p>{t.inv_no_results}</p>
                                    <button type="button" class="roster-button" on:click=clear_search>{t.inv_clear_search}</button>
                                }.into_any()
                            } else if q.status == Some(InvitationStatus::Pending) {
                                view! { <p>{t.inv_none_pending}</p> }.into_any()
                            } else {
                                view! { <p>{t.org_invitations_empty}</p> }.into_any()
                            }}
                        </div>
                    }.into_any()
                }
                page => {
                    let loading = page.is_none();
                    view! {
                    <div class="roster-table-wrap" class:roster-table-wrap--busy=move || invitations.loading.get() tabindex="0" role="region" aria-labelledby=dom_id("org-inv-caption")>
                        <table class="roster-table" aria-busy=loading.then_some("true")>
                            <caption class="roster-visually-hidden" id=dom_id("org-inv-caption")>{t.org_invitations_title}</caption>
                            <thead>
                                <tr>
                                    <th scope="col" class="roster-table__check">
                                        <input type="checkbox" aria-label=t.inv_select_page
                                            prop:checked=all_on_page
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                selected.set(if on { items.with_untracked(|l| l.iter().map(|i| i.id).collect()) } else { Vec::new() });
                                            }/>
                                    </th>
                                    {sort_header(t.col_email, "email", false)}
                                    {sort_header(t.col_status, "status", false)}
                                    <th scope="col">{t.col_groups}</th>
                                    <th scope="col">{t.col_tags}</th>
                                    <th scope="col">{t.col_invited_by}</th>
                                    {sort_header(t.col_sent, "sent_at", true)}
                                    {sort_header(t.col_expires, "expires_at", false)}
                                    <th scope="col">{t.col_responded}</th>
                                    <th scope="col"><span class="roster-visually-hidden">{t.col_actions}</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                {match page {
                                    Some(Ok(p)) => p.items.into_iter().map(row).collect_view().into_any(),
                                    _ => (0..4).map(|_| view! {
                                        <tr class="roster-table__skeleton" aria-hidden="true">
                                            <td colspan=COLUMNS><span class="roster-skeleton"></span></td>
                                        </tr>
                                    }).collect_view().into_any(),
                                }}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
                }
            }}
            <Pagination
                page=Signal::derive(move || query.with(|q| q.page))
                page_size=Signal::derive(move || query.with(|q| q.page_size))
                total=Signal::derive(move || data.with(|d| match d { Some(Ok(p)) => p.total_count, _ => 0 }))
                on_page=move |n: u32| set_query(InvitationsQuery { page: n, ..query.get_untracked() }, false)
                on_page_size=move |n: u32| set_query(InvitationsQuery { page_size: n, page: 1, ..query.get_untracked() }, false)
            />
            <Dialog
                open=Signal::derive(move || to_revoke.with(|r| !r.is_empty()))
                on_close=move |_| to_revoke.set(Vec::new())
                title=Signal::derive(move || match to_revoke.with(|r| r.len()) {
                    1 => t.inv_revoke_title_one.to_owned(),
                    n => fill(t.inv_revoke_title_many, &[("n", &format_number(locale, n as u64))]),
                })
            >
                <p>{t.inv_revoke_body}</p>
                <ul class="roster-dialog__list">
                    {move || to_revoke.get().into_iter().map(|(_, e)| view! { <li class="roster-table__mono">{e}</li> }).collect_view()}
                </ul>
                <div class="roster-form__actions">
                    <button type="button" class="roster-button" on:click=move |_| to_revoke.set(Vec::new())>{t.cancel}</button>
                    <button type="button" class="roster-button roster-button--danger" on:click=move |_| {
                        let targets = to_revoke.get_untracked();
                        to_revoke.set(Vec::new());
                        run(Action::Revoke, targets);
                    }>{t.inv_revoke_confirm}</button>
                </div>
            </Dialog>
        </section>
    }
}
