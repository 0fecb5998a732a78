//! `/orgs/{id}/users`: the members of an organization, one page at a time.
//! (The users issue adds search, filters, selection and editing.)

use leptos::prelude::*;
use roster_api::{Member, MemberFilters, MemberType, PageParams};
use uuid::Uuid;

use crate::api;
use crate::components::error_view::InlineError;
use crate::components::pagination::Pagination;
use crate::i18n::{format_date, format_date_time, format_relative, use_locale};
use crate::state::loader::use_loader;
use crate::state::view_query::{get, use_view_query};

/// Members per page.
const PAGE_SIZE: u32 = 25;

#[component]
pub fn UsersPage(
    /// The organization whose members are listed.
    #[prop(into)]
    org_id: Signal<Uuid>,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let view_query = use_view_query();
    let page_no = Memo::new(move |_| {
        view_query.pairs.with(|p| {
            get(p, "page")
                .and_then(|v| v.parse::<u32>().ok())
                .filter(|n| *n >= 1)
                .unwrap_or(1)
        })
    });
    let members = use_loader(
        move || (org_id.get(), page_no.get()),
        |client, (org, page): (Uuid, u32)| async move {
            let params = PageParams {
                page: Some(page),
                page_size: Some(PAGE_SIZE),
                order_by: Some("email".to_owned()),
            };
            api::members::list(&client, org, &params, &MemberFilters::default()).await
        },
    );
    // Only an answer about the organization shown now is ever painted.
    // Only an answer about the organization shown now is ever painted; while
    // another page of it loads, the previous page stays (dimmed).
    let data = Memo::new(move |_| {
        let org = org_id.get();
        members.value.with(|v| {
            v.as_ref()
                .filter(|v| v.key.0 == org)
                .map(|v| v.result.clone())
        })
    });
    let total = Signal::derive(move || {
        data.with(|d| {
            d.as_ref()
                .and_then(|r| r.as_ref().ok())
                .map(|p| p.total_count)
                .unwrap_or(0)
        })
    });

    let row = move |m: Member| {
        let groups = m
            .groups
            .iter()
            .map(|g| g.name.clone())
            .collect::<Vec<_>>()
            .join(", ");
        let last_login = m
            .last_login_at
            .map(|d| (format_relative(locale, &d), format_date_time(locale, &d)));
        view! {
            <tr>
                <th scope="row" class="roster-table__primary">
                    <span class="roster-user">
                        <span class="roster-user__name">{m.display_name.clone()}</span>
                        <span class="roster-user__email">{m.email.clone()}</span>
                    </span>
                </th>
                <td>{match m.member_type { MemberType::Owner => t.type_owner, MemberType::Member => t.type_member }}</td>
                <td>{groups}</td>
                <td>{format_date(locale, &m.created_at)}</td>
                <td>{match last_login {
                    Some((rel, exact)) => view! { <time title=exact>{rel}</time> }.into_any(),
                    None => view! { <span class="roster-muted">{t.never}</span> }.into_any(),
                }}</td>
            </tr>
        }
    };

    view! {
        <section class="roster-page" aria-labelledby="roster-users-title">
            <h2 class="roster-page__subtitle" id="roster-users-title">{t.users_title}</h2>
            {move || match data.get() {
                Some(Err(e)) => view! { <InlineError error=e on_retry=move |_| members.reload()/> }.into_any(),
                Some(Ok(p)) if p.items.is_empty() => view! { <div class="roster-empty"><p>{t.users_empty}</p></div> }.into_any(),
                page => {
                    let loading = page.is_none();
                    view! {
                        <div class="roster-table-wrap" class:roster-table-wrap--busy=move || members.loading.get()>
                            <table class="roster-table" aria-busy=loading.then_some("true")>
                                <caption class="roster-visually-hidden">{t.users_title}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{t.col_user}</th>
                                        <th scope="col">{t.col_type}</th>
                                        <th scope="col">{t.col_groups}</th>
                                        <th scope="col">{t.col_joined}</th>
                                        <th scope="col">{t.col_last_login}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {match page {
                                        Some(Ok(p)) => p.items.into_iter().map(row).collect_view().into_any(),
                                        _ => (0..6).map(|_| view! {
                                            <tr class="roster-table__skeleton" aria-hidden="true">
                                                <td colspan="5"><span class="roster-skeleton"></span></td>
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
                page=page_no
                page_size=Signal::derive(|| PAGE_SIZE)
                total=total
                on_page=move |n: u32| {
                    let pairs = if n <= 1 { vec![] } else { vec![("page".to_owned(), n.to_string())] };
                    view_query.set(pairs, false)
                }
            />
        </section>
    }
}
