//! Roster inside a host page. One screen without a router and without
//! touching the host's URL (the organization and the view state live in
//! memory), or the whole app under a base path. [`js`] is the JavaScript API
//! (`Roster.mount`) built on [`mount_screen`]; [`events`] the `roster:*` DOM
//! events a widget dispatches on its host element.

pub mod events;
pub mod js;

use std::any::Any;

use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{use_api, ApiConfig, TokenRefresh};
use crate::app::{provide_core, RoutedApp};
use crate::components::lock_banner::LockBanner;
use crate::components::toasts::ToastRegion;
use crate::components::IdPrefix;
use crate::i18n::Locale;
use crate::pages::invitations::mine::MyInvitationsPage;
use crate::pages::invitations::org_list::OrgInvitationsPage;
use crate::pages::invite::InviteFlow;
use crate::pages::users::UsersPage;
use crate::state::nav::{Nav, OrgPage, Screen};
use crate::state::org::{use_current_org, CurrentOrg};
use crate::state::view_query::ViewQuery;
use events::{report_organization_changes, EmbedEvents};

/// Which screen a host mounts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EmbedView {
    /// The whole app, its routes under `base_path` (it owns that part of the URL).
    App,
    /// The members of `organization_id`.
    #[default]
    Users,
    /// The invitations sent from `organization_id`.
    Invitations,
    /// The add-user form and the review-and-invite flow of `organization_id`.
    Invite,
    /// The signed-in account's pending invitations.
    MyInvitations,
}

impl EmbedView {
    /// The `view` option's values.
    pub fn parse(s: &str) -> Option<EmbedView> {
        Some(match s {
            "app" => EmbedView::App,
            "users" => EmbedView::Users,
            "invitations" => EmbedView::Invitations,
            "invite" => EmbedView::Invite,
            "my-invitations" => EmbedView::MyInvitations,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            EmbedView::App => "app",
            EmbedView::Users => "users",
            EmbedView::Invitations => "invitations",
            EmbedView::Invite => "invite",
            EmbedView::MyInvitations => "my-invitations",
        }
    }
}

/// Light, dark, or the system's choice (`prefers-color-scheme`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub fn parse(s: &str) -> Option<Theme> {
        Some(match s {
            "auto" => Theme::Auto,
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => return None,
        })
    }

    /// The root's `data-theme` (see `style/tokens.css`).
    pub fn attr(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// What a host tells a mounted widget.
#[derive(Clone, Debug, Default)]
pub struct EmbedOptions {
    /// Prefix of the API, e.g. `https://roster.example/api/v1`.
    pub api_base: String,
    /// The bearer token of the signed-in account.
    pub token: Option<String>,
    /// The host's async `getToken()`: called for a fresh token when a request
    /// gets 401 (then the request is retried once), or at start without `token`.
    pub get_token: Option<js_sys::Function>,
    /// The organization shown (screens of an organization); in the app view,
    /// the first one shown.
    pub organization_id: Option<Uuid>,
    pub view: EmbedView,
    /// Where the app view lives under the host's origin (`/console/people`).
    pub base_path: String,
    pub locale: Locale,
    pub theme: Theme,
}

/// The organization a host asked for with `setOrganization` (context of the
/// app view, read by the route layer).
#[derive(Clone, Copy)]
pub struct RequestedOrg(pub RwSignal<Option<Uuid>>);

/// In the app view, moves to the organization the host asks for (same kind of page).
pub fn follow_requested_org(nav: Nav) {
    let Some(RequestedOrg(requested)) = use_context::<RequestedOrg>() else {
        return;
    };
    Effect::new(move |first: Option<()>| {
        let id = requested.get();
        if let (Some(()), Some(id)) = (first, id) {
            nav.switch_org(id);
        }
    });
}

/// A mounted widget; dropping it (or [`EmbedHandle::unmount`]) removes it
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

/// The screen of a single-screen view, in memory.
fn single_screen(view: EmbedView, organization: RwSignal<Option<Uuid>>) -> impl IntoView {
    let page = match view {
        EmbedView::Invitations => OrgPage::Invitations,
        _ => OrgPage::Users,
    };
    let screen = Signal::derive(move || match (view, organization.get()) {
        (EmbedView::MyInvitations, _) => Screen::MyInvitations,
        (_, Some(id)) => Screen::Org(id, page),
        (_, None) => Screen::NotFound,
    });
    // Links inside a widget would leave the host's page: moves stay in memory.
    provide_context(Nav::new(
        "",
        screen,
        move |s: &Screen, _q: &str, _replace: bool| {
            if let Some(id) = s.org_id() {
                organization.set(Some(id));
            }
        },
    ));
    provide_context(ViewQuery::in_memory());
    let current = CurrentOrg::new(organization.into(), use_api());
    provide_context(current);
    report_organization_changes(current);
    let org_id = Signal::derive(move || organization.get().unwrap_or_default());
    view! {
        {move || match view {
            EmbedView::MyInvitations => view! { <MyInvitationsPage/> }.into_any(),
            EmbedView::Invitations => view! { <LockBanner/><OrgInvitationsPage org_id=org_id/> }.into_any(),
            EmbedView::Invite => view! { <LockBanner/><InviteScreen/> }.into_any(),
            _ => view! { <LockBanner/><UsersPage org_id=org_id/> }.into_any(),
        }}
        <ToastRegion/>
    }
}

/// The invite view: the flow of the current organization; Cancel and Done
/// start a fresh one (a widget has nowhere else to go).
#[component]
fn InviteScreen() -> impl IntoView {
    let current = use_current_org();
    let round = RwSignal::new(0u32);
    move || {
        round.track();
        current.id.get().map(|id| {
            let org = Signal::derive(move || current.org());
            view! {
                <section class="roster-page roster-card">
                    <InviteFlow org_id=id org=org on_close=move |_| round.update(|n| *n += 1)/>
                </section>
            }
        })
    }
}

/// Mounts `options.view` into `el`; its events are dispatched on `el`.
pub fn mount_screen(el: web_sys::HtmlElement, options: EmbedOptions) -> EmbedHandle {
    let owner = Owner::new();
    let (organization, token, mounted) = owner.with(|| {
        let mut config = ApiConfig::new(&options.api_base, options.token.clone());
        let events = EmbedEvents::new(el.clone().into());
        config.events = events;
        if let Some(get_token) = options.get_token.clone() {
            config.refresh = TokenRefresh::new(get_token);
        }
        let token = config.token;
        let refresh = config.refresh;
        let organization = RwSignal::new(options.organization_id);
        if let (EmbedView::App, Some(id)) = (options.view, options.organization_id) {
            // The route layer opens the organization used last: this one.
            crate::state::storage::set(crate::state::storage::ORG_KEY, &id.to_string());
        }
        let EmbedOptions {
            view,
            locale,
            theme,
            base_path,
            ..
        } = options;
        let mounted = leptos::mount::mount_to(el, move || {
            provide_core(config, locale);
            provide_context(events);
            // Two widgets showing one screen must not share element ids.
            provide_context(IdPrefix::next());
            let inner = if view == EmbedView::App {
                provide_context(RequestedOrg(organization));
                let base = base_path.trim_end_matches('/').to_owned();
                view! { <RoutedApp base=base/> }.into_any()
            } else {
                single_screen(view, organization).into_any()
            };
            let class = if view == EmbedView::App {
                "roster roster--embedded roster--app"
            } else {
                "roster roster--embedded"
            };
            view! { <div class=class data-theme=theme.attr() lang=locale.tag()>{inner}</div> }
        });
        // No token yet: the host gives the first one the same way it refreshes.
        // (After `mount_to`, which starts the async executor: before it, the
        // first widget of a page without a token could not spawn this.)
        if token.get_untracked().is_none() {
            leptos::task::spawn_local(async move {
                if let Some(t) = refresh.fetch().await {
                    token.try_set(Some(t));
                }
            });
        }
        events.ready(view.name(), options.organization_id);
        (organization, token, Box::new(mounted) as Box<dyn Any>)
    });
    EmbedHandle {
        organization,
        token,
        mounted: Some(mounted),
        owner,
    }
}
