//! Mounting one screen inside a host page, without a router and without
//! touching the host's URL: the organization and the view state live in
//! memory. The embedding issue builds its JavaScript API on this.

use std::any::Any;

use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{use_api, ApiConfig};
use crate::app::provide_core;
use crate::components::lock_banner::LockBanner;
use crate::components::toasts::ToastRegion;
use crate::i18n::Locale;
use crate::pages::invitations::mine::MyInvitationsPage;
use crate::pages::invitations::org_list::OrgInvitationsPage;
use crate::pages::users::UsersPage;
use crate::state::nav::{Nav, OrgPage, Screen};
use crate::state::org::CurrentOrg;
use crate::state::view_query::ViewQuery;

/// Which screen a host mounts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmbedView {
    /// The members of `organization_id`.
    Users,
    /// The invitations sent from `organization_id`.
    Invitations,
    /// The signed-in account's pending invitations.
    MyInvitations,
}

/// What a host tells a mounted screen.
#[derive(Clone, Debug)]
pub struct EmbedOptions {
    /// Prefix of the API, e.g. `https://roster.example/api/v1`.
    pub api_base: String,
    /// The bearer token of the signed-in account.
    pub token: Option<String>,
    /// The organization shown (screens of an organization).
    pub organization_id: Option<Uuid>,
    pub view: EmbedView,
    pub locale: Locale,
}

/// A mounted screen; dropping it (or [`EmbedHandle::unmount`]) removes it
/// with everything it registered.
pub struct EmbedHandle {
    organization: RwSignal<Option<Uuid>>,
    token: RwSignal<Option<String>>,
    // Declared before the owner: the view goes first, then its reactive graph.
    mounted: Option<Box<dyn Any>>,
    owner: Owner,
}

impl EmbedHandle {
    /// Shows another organization (its previous requests are aborted).
    pub fn set_organization(&self, id: Uuid) {
        self.organization.set(Some(id));
    }

    /// Replaces the bearer token (a host that refreshed it).
    pub fn set_token(&self, token: Option<String>) {
        self.token.set(token);
    }

    pub fn unmount(mut self) {
        self.mounted.take();
    }
}

impl Drop for EmbedHandle {
    fn drop(&mut self) {
        self.mounted.take();
        self.owner.cleanup();
    }
}

/// Mounts `options.view` into `el`.
pub fn mount_screen(el: web_sys::HtmlElement, options: EmbedOptions) -> EmbedHandle {
    let owner = Owner::new();
    let (organization, token, mounted) = owner.with(|| {
        let config = ApiConfig::new(&options.api_base, options.token.clone());
        let token = config.token;
        let organization = RwSignal::new(options.organization_id);
        let view = options.view;
        let locale = options.locale;
        let mounted = leptos::mount::mount_to(el, move || {
            provide_core(config, locale);
            let page = match view {
                EmbedView::Users => OrgPage::Users,
                EmbedView::Invitations => OrgPage::Invitations,
                EmbedView::MyInvitations => OrgPage::Details,
            };
            let screen = Signal::derive(move || match (view, organization.get()) {
                (EmbedView::MyInvitations, _) => Screen::MyInvitations,
                (_, Some(id)) => Screen::Org(id, page),
                (_, None) => Screen::NotFound,
            });
            // Links inside a widget would leave the host's page: moves stay in memory.
            provide_context(Nav::new("", screen, move |s: &Screen, _q: &str, _replace: bool| {
                if let Some(id) = s.org_id() {
                    organization.set(Some(id));
                }
            }));
            provide_context(ViewQuery::in_memory());
            provide_context(CurrentOrg::new(organization.into(), use_api()));
            let org_id = Signal::derive(move || organization.get().unwrap_or_default());
            view! {
                <div class="roster roster--embedded">
                    {move || match view {
                        EmbedView::MyInvitations => view! { <MyInvitationsPage/> }.into_any(),
                        EmbedView::Users => view! { <LockBanner/><UsersPage org_id=org_id/> }.into_any(),
                        EmbedView::Invitations => view! { <LockBanner/><OrgInvitationsPage org_id=org_id/> }.into_any(),
                    }}
                    <ToastRegion/>
                </div>
            }
        });
        (organization, token, Box::new(mounted) as Box<dyn Any>)
    });
    EmbedHandle {
        organization,
        token,
        mounted: Some(mounted),
        owner,
    }
}
