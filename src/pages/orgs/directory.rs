//! `/orgs`: the organizations the account sees, with filters, search, sort
//! and server-side paging; partners create organizations here.

use leptos::prelude::*;
use roster_api::{AccountKind, LockedBy, Organization, OrganizationStatus, Page};

use super::create_dialog::CreateOrgDialog;
use super::query::{parse_locked_by, parse_status, DirectoryQuery};
use crate::api::{self, ApiError};
use crate::components::badge::OrgStatusBadge;
use crate::components::dom_id;
use crate::components::error_view::InlineError;
use crate::components::pagination::Pagination;
use crate::components::search_input::DebouncedInput;
use crate::components::sort_header::SortHeader;
use crate::components::unique_id;
use crate::i18n::{format_date, format_number, use_locale};
use crate::state::loader::use_loader;
use crate::state::nav::{use_nav, OrgPage, Screen};
use crate::state::session::use_session;
use crate::state::view_query::use_view_query;

#[component]
pub fn DirectoryPage() -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let nav = use_nav();
    let session = use_session();
    let view_query = use_view_query();
    let query = Memo::new(move |_| DirectoryQuery::from_pairs(&view_query.pairs.get()));
    let set_query = move |q: DirectoryQuery, replace: bool| view_query.set(q.to_pairs(), replace);
    let change = move |f: Box<dyn FnOnce(&mut DirectoryQuery)>| {
        set_query(query.get_untracked().refiltered(f), false);
    };

    let orgs = use_loader(
        move || query.get(),
        |client, q: DirectoryQuery| async move {
            api::organizations::list(&client, &q.page_params(), &q.filters()).await
        },
    );
    // The page shown: the latest answer, even for the previous filters while
    // new results load (dimmed), so that the table does not jump.
    let page = Memo::new(move |_| {
        orgs.value
            .with(|v| v.as_ref().and_then(|v| v.result.as_ref().ok().cloned()))
    });
    let error = Memo::new(move |_| {
        let q = query.get();
        orgs.for_key(&q).and_then(|r| r.err())
    });
    let is_partner = move || {
        session
            .me
            .with(|m| m.as_ref().is_some_and(|m| m.kind == AccountKind::Partner))
    };
    let creating = RwSignal::new(false);

    let status_id = unique_id("status");
    let locked_by_id = unique_id("locked-by");

    let rows = move || {
        page.get().map(|p: Page<Organization>| {
            p.items
                .into_iter()
                .map(|org| {
                    let href = nav.href(&Screen::Org(org.id, OrgPage::Details));
                    view! {
                        <tr>
                            <th scope="row" class="roster-table__primary">
                                <a href=href>{org.name.clone()}</a>
                            </th>
                            <td><OrgStatusBadge status=org.status/></td>
                            <td class="roster-table__mono">{org.email.clone()}</td>
                            <td>{org.customer_id.clone().unwrap_or_default()}</td>
                            <td>{format_date(locale, &org.created_at)}</td>
                            <td class="roster-table__number">{format_number(locale, org.member_count)}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let is_empty = move || page.with(|p| p.as_ref().is_some_and(|p| p.items.is_empty()));

    view! {
        <section class="roster-page" aria-labelledby=dom_id("directory-title")>
            <div class="roster-page__header">
                <h1 class="roster-page__title" id=dom_id("directory-title")>{t.directory_title}</h1>
                <Show when=is_partner>
                    <button type="button" class="roster-button roster-button--primary" on:click=move |_| creating.set(true)>
                        {t.create_org}
                    </button>
                </Show>
            </div>
            <div class="roster-toolbar" role="search">
                <DebouncedInput
                    label=t.directory_search
                    hide_label=true
                    search=true
                    placeholder=t.directory_search
                    value=Signal::derive(move || query.with(|q| q.search.clone()))
                    on_change=move |s: String| {
                        let q = query.get_untracked();
                        if q.search != s {
                            set_query(q.refiltered(|q| q.search = s), true);
                        }
                    }
                />
                <div class="roster-input">
                    <label class="roster-input__label" for=status_id.clone()>{t.filter_status}</label>
                    <select
                        id=status_id
                        class="roster-select"
                        on:change=move |ev| {
                            let v = parse_status(&event_target_value(&ev));
                            change(Box::new(move |q| q.status = v));
                        }
                    >
                        <option value="" selected=move || query.with(|q| q.status.is_none())>{t.filter_any}</option>
                        <option value="active" selected=move || query.with(|q| q.status == Some(OrganizationStatus::Active))>
                            {t.active}
                        </option>
                        <option value="locked" selected=move || query.with(|q| q.status == Some(OrganizationStatus::Locked))>
                            {t.locked}
                        </option>
                    </select>
                </div>
                <DebouncedInput
                    label=t.filter_email
                    value=Signal::derive(move || query.with(|q| q.email.clone()))
                    on_change=move |s: String| {
                        let q = query.get_untracked();
                        if q.email != s {
                            set_query(q.refiltered(|q| q.email = s), true);
                        }
                    }
                />
                <DebouncedInput
                    label=t.filter_customer_id
                    value=Signal::derive(move || query.with(|q| q.customer_id.clone()))
                    on_change=move |s: String| {
                        let q = query.get_untracked();
                        if q.customer_id != s {
                            set_query(q.refiltered(|q| q.customer_id = s), true);
                        }
                    }
                />
                <div class="roster-input">
                    <label class="roster-input__label" for=locked_by_id.clone()>{t.filter_locked_by}</label>
                    <select
                        id=locked_by_id
                        class="roster-select"
                        on:change=move |ev| {
                            let v = parse_locked_by(&event_target_value(&ev));
                            change(Box::new(move |q| q.locked_by = v));
                        }
                    >
                        <option value="" selected=move || query.with(|q| q.locked_by.is_none())>{t.filter_any}</option>
                        <option value="partner" selected=move || query.with(|q| q.locked_by == Some(LockedBy::Partner))>
                            {t.locked_by_partner}
                        </option>
                        <option value="platform" selected=move || query.with(|q| q.locked_by == Some(LockedBy::Platform))>
                            {t.locked_by_platform}
                        </option>
                    </select>
                </div>
                <Show when=move || query.with(|q| q.is_filtered())>
                    <button
                        type="button"
                        class="roster-button roster-button--ghost roster-toolbar__clear"
                        on:click=move |_| {
                            let q = query.get_untracked();
                            set_query(DirectoryQuery { order_by: q.order_by, page_size: q.page_size, ..Default::default() }, false)
                        }
                    >
                        {t.clear_filters}
                    </button>
                </Show>
            </div>

            {move || error.get().map(|e: ApiError| view! { <InlineError error=e on_retry=move |_| orgs.reload()/> })}

            <div class="roster-table-wrap" class:roster-table-wrap--busy=move || orgs.loading.get() tabindex="0" role="region" aria-labelledby=dom_id("directory-caption")>
                <table class="roster-table" aria-busy=move || orgs.loading.get().then_some("true")>
                    <caption class="roster-visually-hidden" id=dom_id("directory-caption")>{t.directory_title}</caption>
                    <thead>
                        <tr>
                            <SortHeader label=t.col_name key="name" order_by=Signal::derive(move || Some(query.with(|q| q.order_by.clone())))
                                on_sort=move |o: String| set_query(DirectoryQuery { order_by: o, page: 1, ..query.get_untracked() }, false)/>
                            <SortHeader label=t.col_status key="status" order_by=Signal::derive(move || Some(query.with(|q| q.order_by.clone())))
                                on_sort=move |o: String| set_query(DirectoryQuery { order_by: o, page: 1, ..query.get_untracked() }, false)/>
                            <SortHeader label=t.col_owner_email key="email" order_by=Signal::derive(move || Some(query.with(|q| q.order_by.clone())))
                                on_sort=move |o: String| set_query(DirectoryQuery { order_by: o, page: 1, ..query.get_untracked() }, false)/>
                            <SortHeader label=t.col_customer_id key="customer_id" order_by=Signal::derive(move || Some(query.with(|q| q.order_by.clone())))
                                on_sort=move |o: String| set_query(DirectoryQuery { order_by: o, page: 1, ..query.get_untracked() }, false)/>
                            <SortHeader label=t.col_created key="created_at" descending_first=true
                                order_by=Signal::derive(move || Some(query.with(|q| q.order_by.clone())))
                                on_sort=move |o: String| set_query(DirectoryQuery { order_by: o, page: 1, ..query.get_untracked() }, false)/>
                            <th scope="col" class="roster-table__number">{t.col_members}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <Show when=move || page.with(|p| p.is_none()) && error.with(|e| e.is_none())>
                            {(0..5).map(|_| view! {
                                <tr class="roster-table__skeleton" aria-hidden="true">
                                    <td colspan="6"><span class="roster-skeleton"></span></td>
                                </tr>
                            }).collect_view()}
                        </Show>
                        {rows}
                    </tbody>
                </table>
                <Show when=is_empty>
                    <div class="roster-empty">
                        {move || if query.with(|q| q.is_filtered()) {
                            view! {
                                <p>{t.directory_no_results}</p>
                                <button type="button" class="roster-button" on:click=move |_| {
                                    let q = query.get_untracked();
                                    set_query(DirectoryQuery { order_by: q.order_by, page_size: q.page_size, ..Default::default() }, false)
                                }>{t.clear_filters}</button>
                            }.into_any()
                        } else {
                            view! {
                                <p>{t.directory_empty}</p>
                                <Show when=is_partner><p class="roster-empty__hint">{t.directory_empty_cta}</p></Show>
                            }.into_any()
                        }}
                    </div>
                </Show>
            </div>
            <Pagination
                page=Signal::derive(move || query.with(|q| q.page))
                page_size=Signal::derive(move || query.with(|q| q.page_size))
                total=Signal::derive(move || page.with(|p| p.as_ref().map(|p| p.total_count).unwrap_or(0)))
                on_page=move |n: u32| set_query(DirectoryQuery { page: n, ..query.get_untracked() }, false)
                on_page_size=move |n: u32| set_query(DirectoryQuery { page_size: n, page: 1, ..query.get_untracked() }, false)
            />
            <CreateOrgDialog
                open=creating
                on_close=move |_| creating.set(false)
                on_created=move |org: Organization| {
                    creating.set(false);
                    nav.go(Screen::Org(org.id, OrgPage::Details));
                }
            />
        </section>
    }
}
