//! The frame of every page inside an organization: lock banner, name, tabs.

use leptos::prelude::*;
use uuid::Uuid;

use super::invitations::org_list::OrgInvitationsPage;
use super::orgs::details::OrgDetailsPage;
use super::users::UsersPage;
use crate::api::ApiError;
use crate::components::error_view::InlineError;
use crate::components::lock_banner::LockBanner;
use crate::i18n::use_texts;
use crate::state::nav::{use_nav, OrgPage, Screen};
use crate::state::org::use_current_org;

#[component]
pub fn OrgFrame(
    /// The organization shown.
    #[prop(into)]
    org_id: Signal<Uuid>,
    /// Which of its pages.
    #[prop(into)]
    page: Signal<OrgPage>,
) -> impl IntoView {
    let t = use_texts();
    let nav = use_nav();
    let current = use_current_org();
    let name = move || current.org().map(|o| o.name);
    let tab = move |label: &'static str, which: OrgPage| {
        view! {
            <a
                class="roster-tabs__tab"
                href=move || nav.href(&Screen::Org(org_id.get(), which))
                aria-current=move || (page.get() == which).then_some("page")
            >
                {label}
            </a>
        }
    };
    let failed = move || current.error.get().filter(|e| *e != ApiError::Aborted);
    view! {
        <div class="roster-org">
            <LockBanner/>
            {move || match failed() {
                Some(ApiError::NotFound) | Some(ApiError::Forbidden(_)) => view! {
                    <div class="roster-empty">
                        <p>{t.org_not_found}</p>
                        <a class="roster-button" href=nav.href(&Screen::Directory)>{t.not_found_home}</a>
                    </div>
                }.into_any(),
                Some(e) => view! { <InlineError error=e on_retry=move |_| current.reload()/> }.into_any(),
                None => view! {
                    <div class="roster-org__header">
                        <h1 class="roster-page__title">
                            {move || name().unwrap_or_default()}
                            <Show when=move || name().is_none()>
                                <span class="roster-skeleton roster-skeleton--title" aria-hidden="true"></span>
                            </Show>
                        </h1>
                        <nav class="roster-tabs" aria-label=t.org_sections>
                            {tab(t.tab_users, OrgPage::Users)}
                            {tab(t.tab_invitations, OrgPage::Invitations)}
                            {tab(t.tab_details, OrgPage::Details)}
                        </nav>
                    </div>
                    {move || match page.get() {
                        OrgPage::Details => view! { <OrgDetailsPage org_id=org_id/> }.into_any(),
                        OrgPage::Users => view! { <UsersPage org_id=org_id/> }.into_any(),
                        OrgPage::Invitations => view! { <OrgInvitationsPage org_id=org_id/> }.into_any(),
                    }}
                }.into_any(),
            }}
        </div>
    }
}
