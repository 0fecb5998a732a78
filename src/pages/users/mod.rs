//! `/orgs/{id}/users`: who is in an organization. Search, filters, sort and
//! page live in the view state (the URL query in the standalone app); only
//! one page of members is ever loaded, whatever the organization's size.

mod bulk;
mod edit;
mod query;

use std::time::Duration;

use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use roster_api::{InvitationFilters, InvitationStatus, Member, MemberType, PageParams, Permission};
use uuid::Uuid;
use wasm_bindgen::JsCast;

use self::bulk::{AddToGroupDialog, RemoveDialog};
use self::edit::EditMemberDialog;
use self::query::parse_type;
pub use self::query::UsersQuery;
use crate::api::{self, use_api};
use crate::components::dom_id;
use crate::components::error_view::InlineError;
use crate::components::pagination::{last_page, Pagination};
use crate::components::search_input::DebouncedInput;
use crate::components::sort_header::SortHeader;
use crate::components::unique_id;
use crate::i18n::{fill, format_date, format_date_time, format_relative, plural, use_locale};
use crate::state::loader::use_loader;
use crate::state::nav::{use_nav, OrgPage, Screen};
use crate::state::org::use_current_org;
use crate::state::toasts::use_toasts;
use crate::state::view_query::use_view_query;

/// Which dialog of the page is open.
#[derive(Clone, Debug, PartialEq)]
enum Open {
    None,
    Edit(Member),
    AddToGroup,
    Remove,
}

/// The name a person goes by, or the address when there is none.
pub(crate) fn member_name(m: &Member) -> String {
    if m.display_name.trim().is_empty() {
        m.email.clone()
    } else {
        m.display_name.clone()
    }
}

/// A tag as a chip shows it: `key: value`, or `key` alone.
pub(crate) fn tag_text(tag: &roster_api::Tag) -> String {
    if tag.value.is_empty() {
        tag.key.clone()
    } else {
        format!("{}: {}", tag.key, tag.value)
    }
}

/// A file name from an organization's name: `acme-corp-users.csv`.
fn export_file_name(org_name: &str) -> String {
    let slug: String = org_name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug: Vec<&str> = slug.split('-').filter(|p| !p.is_empty()).collect();
    format!("{}-users.csv", slug.join("-"))
}

/// Hands `text` to the browser as a file download; answers the blob's
/// object URL, to be revoked once the download has started.
fn download(name: &str, text: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    if let Some(a) = document()
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = a.set_attribute("href", &url);
        let _ = a.set_attribute("download", name);
        a.click();
    }
    Some(url)
}

/// The object URLs of started downloads, revoked after a while or when the
/// page goes (an unmounted widget leaves no timer behind).
#[derive(Clone, Copy)]
struct Downloads(StoredValue<Vec<(String, TimeoutHandle)>>);

impl Downloads {
    fn new() -> Self {
        let urls = StoredValue::new(Vec::<(String, TimeoutHandle)>::new());
        on_cleanup(move || {
            for (url, timer) in urls.try_update_value(std::mem::take).unwrap_or_default() {
                timer.clear();
                let _ = web_sys::Url::revoke_object_url(&url);
            }
        });
        Downloads(urls)
    }

    fn start(self, name: &str, text: &str) {
        let Some(url) = download(name, text) else {
            return;
        };
        let revoke = {
            let url = url.clone();
            move || {
                let _ = web_sys::Url::revoke_object_url(&url);
                let _ = self.0.try_update_value(|v| v.retain(|(u, _)| *u != url));
            }
        };
        // The download has started by then; the blob can go.
        if let Ok(timer) = set_timeout_with_handle(revoke, Duration::from_secs(30)) {
            let _ = self.0.try_update_value(|v| v.push((url, timer)));
        }
    }
}

#[component]
pub fn UsersPage(
    /// The organization whose members are listed.
    #[prop(into)]
    org_id: Signal<Uuid>,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let nav = use_nav();
    let current = use_current_org();
    let toasts = use_toasts();
    let client = use_api();
    let view_query = use_view_query();
    let query = Memo::new(move |_| UsersQuery::from_pairs(&view_query.pairs.get()));
    let set_query = move |q: UsersQuery, replace: bool| view_query.set(q.to_pairs(), replace);
    let change = move |f: Box<dyn FnOnce(&mut UsersQuery)>| {
        set_query(query.get_untracked().refiltered(f), false)
    };
    let sort = move |o: String| {
        set_query(
            UsersQuery {
                order_by: o,
                page: 1,
                ..query.get_untracked()
            },
            false,
        )
    };
    let clear = move |_| set_query(query.get_untracked().cleared(), false);

    let members = use_loader(
        move || (org_id.get(), query.get()),
        |client, (org, q): (Uuid, UsersQuery)| async move {
            api::members::list(&client, org, &q.page_params(), &q.filters()).await
        },
    );
    // The page shown: the latest answer about this organization, even for the
    // previous view while the next loads (dimmed), so that the table does not
    // jump; never an answer about another organization.
    let page = Memo::new(move |_| {
        let org = org_id.get();
        members.value.with(|v| {
            v.as_ref()
                .filter(|v| v.key.0 == org)
                .and_then(|v| v.result.as_ref().ok().cloned())
        })
    });
    let error = Memo::new(move |_| {
        let key = (org_id.get(), query.get());
        members.for_key(&key).and_then(|r| r.err())
    });
    let groups_loader = use_loader(
        move || org_id.get(),
        |client, org: Uuid| async move { api::groups::list(&client, org).await },
    );
    let groups = Memo::new(move |_| {
        groups_loader
            .for_key(&org_id.get())
            .and_then(|r| r.ok())
            .map(|p| p.items)
            .unwrap_or_default()
    });
    let tag_keys_loader = use_loader(
        move || org_id.get(),
        |client, org: Uuid| async move { api::members::tag_keys(&client, org).await },
    );
    let tag_keys = Signal::derive(move || {
        tag_keys_loader
            .for_key(&org_id.get())
            .and_then(|r| r.ok())
            .map(|k| k.keys)
            .unwrap_or_default()
    });
    let pending = use_loader(
        move || org_id.get(),
        |client, org: Uuid| async move {
            let page = PageParams {
                page: Some(1),
                page_size: Some(1),
                order_by: None,
            };
            let filters = InvitationFilters {
                status: Some(InvitationStatus::Pending),
                ..Default::default()
            };
            api::invitations::list_for_org(&client, org, &page, &filters)
                .await
                .map(|p| p.total_count)
        },
    );
    let pending_count = move || {
        pending
            .for_key(&org_id.get())
            .and_then(|r| r.ok())
            .filter(|n| *n > 0)
    };

    // A page past the end (members removed, a shared link grown old): show the last one.
    Effect::new(move |_| {
        let Some((empty, total)) =
            page.with(|p| p.as_ref().map(|p| (p.items.is_empty(), p.total_count)))
        else {
            return;
        };
        let q = query.get_untracked();
        if empty && total > 0 && q.page > 1 {
            let page = last_page(q.page_size, total);
            set_query(UsersQuery { page, ..q }, true);
        }
    });
    let may_manage = Memo::new(move |_| current.can(Permission::ManageMembers));
    let locked = Memo::new(move |_| current.is_locked());
    let locked_title = move || locked.get().then_some(t.locked_write_disabled);

    let selected = RwSignal::new(Vec::<Member>::new());
    // A selection belongs to the rows it was made on.
    Effect::new(move |_| {
        query.track();
        org_id.track();
        selected.set(Vec::new());
    });
    let open = RwSignal::new(Open::None);
    let selectable = move || {
        page.with(|p| {
            p.as_ref()
                .map(|p| {
                    p.items
                        .iter()
                        .filter(|m| m.member_type != MemberType::Owner)
                        .cloned()
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let selected_count = move || selected.with(|s| s.len());
    let all_selected = move || {
        let n = selected_count();
        n > 0 && n == selectable().len()
    };

    let exporting = RwSignal::new(false);
    let downloads = Downloads::new();
    let export = move |_| {
        let q = query.get_untracked();
        let org = org_id.get_untracked();
        let name = export_file_name(&current.org().map(|o| o.name).unwrap_or_default());
        let client = client.clone();
        exporting.set(true);
        leptos::task::spawn_local(async move {
            let result = api::members::export_csv(&client, org, &q.filters(), &q.order_by).await;
            let _ = exporting.try_set(false);
            match result {
                Ok(csv) => downloads.start(&name, &csv),
                Err(e) => toasts.error(e.message(t)),
            }
        });
    };

    let group_id = unique_id("group");
    let type_id = unique_id("type");

    let row = move |m: Member, manage: bool| {
        let id = m.id;
        let name = member_name(&m);
        let is_owner = m.member_type == MemberType::Owner;
        let checked = move || selected.with(|s| s.iter().any(|x| x.id == id));
        let permission_list = m
            .permissions
            .iter()
            .map(|p| crate::i18n::rules::permission_label(t, *p))
            .collect::<Vec<_>>()
            .join(", ");
        let last_login = m
            .last_login_at
            .map(|d| (format_relative(locale, &d), format_date_time(locale, &d)));
        let select_cell = manage.then(|| {
            let label = if is_owner {
                fill(t.owner_not_removable, &[("name", &name)])
            } else {
                fill(t.select_user, &[("name", &name)])
            };
            let m = m.clone();
            view! {
                <td class="roster-table__select">
                    <input
                        type="checkbox"
                        class="roster-checkbox"
                        aria-label=label.clone()
                        title=is_owner.then_some(label)
                        disabled=is_owner
                        prop:checked=checked
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            selected.update(|s| {
                                s.retain(|x| x.id != id);
                                if on {
                                    s.push(m.clone());
                                }
                            });
                        }
                    />
                </td>
            }
        });
        let edit_cell = manage.then(|| {
            let m = m.clone();
            view! {
                <td class="roster-table__actions">
                    <button
                        type="button"
                        class="roster-button roster-button--small"
                        aria-label=fill(t.edit_user, &[("name", &name)])
                        disabled=move || locked.get()
                        title=locked_title
                        on:click=move |_| open.set(Open::Edit(m.clone()))
                    >
                        {t.edit}
                    </button>
                </td>
            }
        });
        view! {
            <tr class:roster-table__row--selected=checked>
                {select_cell}
                <th scope="row" class="roster-table__primary">
                    <span class="roster-user">
                        <span class="roster-user__name">{m.display_name.clone()}</span>
                        <span class="roster-user__email">{m.email.clone()}</span>
                    </span>
                </th>
                <td>
                    {if is_owner {
                        view! { <span class="roster-badge roster-badge--active">{t.type_owner}</span> }.into_any()
                    } else {
                        view! { <span class="roster-muted">{t.type_member}</span> }.into_any()
                    }}
                </td>
                <td>{m.groups.iter().map(|g| g.name.as_str()).collect::<Vec<_>>().join(", ")}</td>
                <td>
                    <ul class="roster-chips">
                        {m.tags.iter().map(|tag| view! { <li class="roster-chip">{tag_text(tag)}</li> }).collect_view()}
                    </ul>
                </td>
                <td>
                    <span class="roster-tip" tabindex=(!m.permissions.is_empty()).then_some("0")>
                        {plural(locale, m.permissions.len() as u64, t.permissions_one, t.permissions_other)}
                        <span class="roster-tip__body" role="tooltip">{permission_list}</span>
                    </span>
                </td>
                <td class="roster-table__date">{format_date(locale, &m.created_at)}</td>
                <td class="roster-table__date">{match last_login {
                    Some((rel, exact)) => view! { <time title=exact>{rel}</time> }.into_any(),
                    None => view! { <span class="roster-muted">{t.never}</span> }.into_any(),
                }}</td>
                {edit_cell}
            </tr>
        }
    };
    let rows = move || {
        let manage = may_manage.get();
        page.get()
            .map(|p| p.items.into_iter().map(|m| row(m, manage)).collect_view())
    };
    let no_rows = move || page.with(|p| p.as_ref().is_some_and(|p| p.items.is_empty()));
    let filtered = move || query.with(|q| q.is_filtered());
    // Every organization has its owner: alone, it is still an empty one.
    let alone =
        move || !filtered() && page.with(|p| p.as_ref().is_some_and(|p| p.total_count <= 1));
    let order = Signal::derive(move || Some(query.with(|q| q.order_by.clone())));

    view! {
        <section class="roster-page" aria-labelledby=dom_id("users-title")>
            <div class="roster-page__header">
                <h2 class="roster-page__subtitle" id=dom_id("users-title")>{t.users_title}</h2>
                <div class="roster-page__actions">
                    {move || pending_count().map(|n| view! {
                        <a class="roster-link" href=nav.href(&Screen::Org(org_id.get_untracked(), OrgPage::Invitations))>
                            {plural(locale, n, t.pending_invitations_one, t.pending_invitations_other)}
                        </a>
                    })}
                    <button
                        type="button"
                        class="roster-button"
                        disabled=move || exporting.get()
                        on:click=export
                    >
                        {move || if exporting.get() { t.exporting } else { t.export_csv }}
                    </button>
                    <crate::pages::invite::AddUsersButton on_sent=Callback::new(move |_| pending.reload())/>
                </div>
            </div>
            <div class="roster-toolbar" role="search">
                <DebouncedInput
                    label=t.users_search
                    hide_label=true
                    search=true
                    placeholder=t.users_search
                    value=Signal::derive(move || query.with(|q| q.search.clone()))
                    on_change=move |s: String| {
                        let q = query.get_untracked();
                        if q.search != s {
                            set_query(q.refiltered(|q| q.search = s), true);
                        }
                    }
                />
                <div class="roster-input">
                    <label class="roster-input__label" for=group_id.clone()>{t.filter_group}</label>
                    <select
                        id=group_id
                        class="roster-select"
                        on:change=move |ev| {
                            let g = Uuid::parse_str(&event_target_value(&ev)).ok();
                            change(Box::new(move |q| q.group = g));
                        }
                    >
                        <option value="" selected=move || query.with(|q| q.group.is_none())>{t.filter_any}</option>
                        {move || groups.get().into_iter().map(|g| view! {
                            <option value=g.id.to_string() selected=move || query.with(|q| q.group == Some(g.id))>{g.name}</option>
                        }).collect_view()}
                    </select>
                </div>
                <DebouncedInput
                    label=t.filter_tag
                    placeholder=t.filter_tag_placeholder
                    value=Signal::derive(move || query.with(|q| q.tag.clone()))
                    on_change=move |s: String| {
                        let q = query.get_untracked();
                        if q.tag != s {
                            set_query(q.refiltered(|q| q.tag = s), true);
                        }
                    }
                />
                <div class="roster-input">
                    <label class="roster-input__label" for=type_id.clone()>{t.filter_type}</label>
                    <select
                        id=type_id
                        class="roster-select"
                        on:change=move |ev| {
                            let v = parse_type(&event_target_value(&ev));
                            change(Box::new(move |q| q.member_type = v));
                        }
                    >
                        <option value="" selected=move || query.with(|q| q.member_type.is_none())>{t.filter_any}</option>
                        <option value="owner" selected=move || query.with(|q| q.member_type == Some(MemberType::Owner))>
                            {t.type_owner}
                        </option>
                        <option value="member" selected=move || query.with(|q| q.member_type == Some(MemberType::Member))>
                            {t.type_member}
                        </option>
                    </select>
                </div>
                <Show when=filtered>
                    <button type="button" class="roster-button roster-button--ghost roster-toolbar__clear" on:click=clear>
                        {t.clear_filters}
                    </button>
                </Show>
            </div>
            <Show when=move || may_manage.get() && locked.get()>
                <p class="roster-note roster-note--locked">{t.locked_write_disabled}</p>
            </Show>
            <Show when=move || { selected_count() > 0 }>
                <div class="roster-bulk" role="group" aria-label=t.clear_selection>
                    <span class="roster-bulk__count" role="status">
                        {move || plural(locale, selected_count() as u64, t.selected_one, t.selected_other)}
                    </span>
                    <button type="button" class="roster-button" disabled=move || locked.get() title=locked_title
                        on:click=move |_| open.set(Open::AddToGroup)>
                        {t.bulk_add}
                    </button>
                    <button type="button" class="roster-button roster-button--danger" disabled=move || locked.get() title=locked_title
                        on:click=move |_| open.set(Open::Remove)>
                        {t.bulk_remove}
                    </button>
                    <button type="button" class="roster-button roster-button--ghost" on:click=move |_| selected.set(Vec::new())>
                        {t.clear_selection}
                    </button>
                </div>
            </Show>

            {move || error.get().map(|e| view! { <InlineError error=e on_retry=move |_| members.reload()/> })}

            <div class="roster-table-wrap" class:roster-table-wrap--busy=move || members.loading.get() tabindex="0" role="region" aria-labelledby=dom_id("users-caption")>
                <table class="roster-table roster-table--users" aria-busy=move || members.loading.get().then_some("true")>
                    <caption class="roster-visually-hidden" id=dom_id("users-caption")>{t.users_title}</caption>
                    <thead>
                        <tr>
                            {move || may_manage.get().then(|| view! {
                                <th scope="col" class="roster-table__select">
                                    <input
                                        type="checkbox"
                                        class="roster-checkbox"
                                        aria-label=t.select_all
                                        disabled=move || selectable().is_empty()
                                        prop:checked=all_selected
                                        prop:indeterminate=move || { selected_count() > 0 && !all_selected() }
                                        on:change=move |ev| {
                                            selected.set(if event_target_checked(&ev) { selectable() } else { Vec::new() })
                                        }
                                    />
                                </th>
                            })}
                            <SortHeader label=t.col_user key="email" order_by=order on_sort=sort/>
                            <th scope="col">{t.col_type}</th>
                            <th scope="col">{t.col_groups}</th>
                            <th scope="col">{t.col_tags}</th>
                            <th scope="col">{t.col_permissions}</th>
                            <SortHeader label=t.col_joined key="created_at" descending_first=true order_by=order on_sort=sort/>
                            <SortHeader label=t.col_last_login key="last_login_at" descending_first=true order_by=order on_sort=sort/>
                            {move || may_manage.get().then(|| view! {
                                <th scope="col"><span class="roster-visually-hidden">{t.col_actions}</span></th>
                            })}
                        </tr>
                    </thead>
                    <tbody>
                        <Show when=move || page.with(|p| p.is_none()) && error.with(|e| e.is_none())>
                            {(0..8).map(|_| view! {
                                <tr class="roster-table__skeleton" aria-hidden="true">
                                    <td colspan="9"><span class="roster-skeleton"></span></td>
                                </tr>
                            }).collect_view()}
                        </Show>
                        {rows}
                    </tbody>
                </table>
                <Show when=move || no_rows() && filtered()>
                    <div class="roster-empty">
                        <p>{t.users_no_results}</p>
                        <button type="button" class="roster-button" on:click=clear>{t.users_clear}</button>
                    </div>
                </Show>
                <Show when=alone>
                    <div class="roster-empty">
                        <p>{move || if no_rows() { t.users_empty } else { t.users_only_owner }}</p>
                        <p class="roster-empty__hint">{t.users_empty_cta}</p>
                    </div>
                </Show>
            </div>
            <Pagination
                page=Signal::derive(move || query.with(|q| q.page))
                page_size=Signal::derive(move || query.with(|q| q.page_size))
                total=Signal::derive(move || page.with(|p| p.as_ref().map(|p| p.total_count).unwrap_or(0)))
                on_page=move |n: u32| set_query(UsersQuery { page: n, ..query.get_untracked() }, false)
                on_page_size=move |n: u32| set_query(UsersQuery { page_size: n, page: 1, ..query.get_untracked() }, false)
            />
            <EditMemberDialog
                member=Signal::derive(move || match open.get() { Open::Edit(m) => Some(m), _ => None })
                org_id=org_id
                groups=groups
                suggestions=tag_keys
                on_close=move |_| open.set(Open::None)
                on_saved=move |m: Member| {
                    open.set(Open::None);
                    tag_keys_loader.reload();
                    members.update_data(|p| {
                        if let Some(row) = p.items.iter_mut().find(|r| r.id == m.id) {
                            *row = m;
                        }
                    });
                }
            />
            <AddToGroupDialog
                open=Signal::derive(move || open.get() == Open::AddToGroup)
                org_id=org_id
                members=selected
                groups=groups
                on_close=move |_| open.set(Open::None)
                on_done=move |_| {
                    open.set(Open::None);
                    selected.set(Vec::new());
                    members.reload();
                    groups_loader.reload();
                }
            />
            <RemoveDialog
                open=Signal::derive(move || open.get() == Open::Remove)
                org_id=org_id
                members=selected
                on_close=move |_| open.set(Open::None)
                on_done=move |_| {
                    open.set(Open::None);
                    selected.set(Vec::new());
                    members.reload();
                    current.reload();
                }
            />
        </section>
    }
}
