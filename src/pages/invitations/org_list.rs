//! `/orgs/{id}/invitations`: the invitations sent from an organization.

use leptos::prelude::*;
use roster_api::{Invitation, InvitationFilters, InvitationStatus, PageParams};
use uuid::Uuid;

use super::{status_class, status_label};
use crate::api;
use crate::components::error_view::InlineError;
use crate::components::pagination::Pagination;
use crate::i18n::{format_date, format_date_time, format_relative, use_locale};
use crate::state::loader::use_loader;
use crate::state::view_query::{get, use_view_query};

const PAGE_SIZE: u32 = 25;

#[component]
pub fn OrgInvitationsPage(
    /// The organization whose invitations are listed.
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
    let invitations = use_loader(
        move || (org_id.get(), page_no.get()),
        |client, (org, page): (Uuid, u32)| async move {
            let params = PageParams {
                page: Some(page),
                page_size: Some(PAGE_SIZE),
                order_by: Some("-sent_at".to_owned()),
            };
            api::invitations::list_for_org(&client, org, &params, &InvitationFilters::default())
                .await
        },
    );
    // Only an answer about the organization shown now is ever painted; while
    // another page of it loads, the previous page stays (dimmed).
    let data = Memo::new(move |_| {
        let org = org_id.get();
        invitations.value.with(|v| {
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
    let row = move |i: Invitation| {
        view! {
            <tr>
                <th scope="row" class="roster-table__primary roster-table__mono">{i.email.clone()}</th>
                <td><span class=status_class(i.status)>{status_label(t, i.status)}</span></td>
                <td>{i.invited_by.display_name.clone()}</td>
                <td><time title=format_date_time(locale, &i.sent_at)>{format_date(locale, &i.sent_at)}</time></td>
                <td>
                    {matches!(i.status, InvitationStatus::Pending | InvitationStatus::Expired).then(|| view! {
                        <time title=format_date_time(locale, &i.expires_at)>{format_relative(locale, &i.expires_at)}</time>
                    })}
                </td>
            </tr>
        }
    };
    view! {
        <section class="roster-page" aria-labelledby="roster-org-inv-title">
            <h2 class="roster-page__subtitle" id="roster-org-inv-title">{t.org_invitations_title}</h2>
            {move || match data.get() {
                Some(Err(e)) => view! { <InlineError error=e on_retry=move |_| invitations.reload()/> }.into_any(),
                Some(Ok(p)) if p.items.is_empty() => {
                    view! { <div class="roster-empty"><p>{t.org_invitations_empty}</p></div> }.into_any()
                }
                page => {
                    let loading = page.is_none();
                    view! {
                    <div class="roster-table-wrap" class:roster-table-wrap--busy=move || invitations.loading.get()>
                        <table class="roster-table" aria-busy=loading.then_some("true")>
                            <caption class="roster-visually-hidden">{t.org_invitations_title}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{t.col_email}</th>
                                    <th scope="col">{t.col_status}</th>
                                    <th scope="col">{t.col_invited_by}</th>
                                    <th scope="col">{t.col_sent}</th>
                                    <th scope="col">{t.col_expires}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {match page {
                                    Some(Ok(p)) => p.items.into_iter().map(row).collect_view().into_any(),
                                    _ => (0..4).map(|_| view! {
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
