//! The app frame (top bar, sign-in gate, global error, toasts) and the
//! standalone app: the thin route layer that maps the address bar to screens.

use leptos::prelude::*;
use roster_api::SignInResponse;
use uuid::Uuid;

use crate::api::{self, use_api, use_api_config, ApiClient, ApiConfig, ApiError, COOKIE_SESSION};
use crate::components::dom_id;
use crate::components::error_view::GlobalErrorView;
use crate::components::toasts::ToastRegion;
use crate::components::top_bar::TopBar;
use crate::i18n::{Locale, Localized};
use crate::pages::invitations::accept::{pending_token, set_pending_token, AcceptInvitationPage};
use crate::pages::invitations::mine::MyInvitationsPage;
use crate::pages::not_found::NotFoundPage;
use crate::pages::org_frame::OrgFrame;
use crate::pages::orgs::directory::DirectoryPage;
use crate::pages::sign_in::link::SignInLinkPage;
use crate::pages::sign_in::name::NameStep;
use crate::pages::sign_in::SignInPage;
use crate::state::global_error::{use_global_error, GlobalError};
use crate::state::location::BrowserLocation;
use crate::state::nav::{join_base, strip_base, use_nav, Nav, OrgPage, Screen};
use crate::state::org::{use_current_org, CurrentOrg};
use crate::state::session::{use_session, Session};
use crate::state::storage::{self, OLD_TOKEN_KEY, ORG_KEY, SIGNED_IN_KEY};
use crate::state::toasts::Toasts;
use crate::state::view_query::{get, parse_query, to_query_string, ViewQuery};

/// Provides the contexts every mode of the app needs.
pub fn provide_core(config: ApiConfig, locale: Locale) {
    provide_context(config);
    crate::i18n::provide_locale(locale);
    provide_context(Session::new());
    provide_context(Toasts::new());
    provide_context(GlobalError::new());
}

fn load_me(client: ApiClient, session: Session, global: GlobalError) {
    leptos::task::spawn_local(async move {
        match api::auth::me(&client).await {
            Ok(me) => {
                let _ = session.me.try_set(Some(me));
            }
            // A 401 already cleared the token: the sign-in screen follows.
            Err(ApiError::Unauthorized | ApiError::Aborted) => {}
            Err(e) => global.report(e, move || load_me(client.clone(), session, global)),
        }
    });
}

/// The signed-in frame: top bar, global error, the page, toasts. Shows the
/// sign-in screen instead while nobody is signed in (the address is kept, so
/// a deep link opens once signed in).
#[component]
pub fn AppShell(
    /// The page.
    children: ChildrenFn,
) -> impl IntoView {
    let config = use_api_config();
    let session = use_session();
    let global = use_global_error();
    let client = use_api();
    let explicit_sign_out = StoredValue::new(false);
    Effect::new({
        let client = client.clone();
        move |_| match config.token.get() {
            None => {
                if session.me.get_untracked().is_some() && !explicit_sign_out.get_value() {
                    session.expired.set(true);
                }
                explicit_sign_out.set_value(false);
                session.me.set(None);
                global.clear();
            }
            Some(_) => {
                if session.me.get_untracked().is_none() {
                    load_me(client.clone(), session, global);
                }
            }
        }
    });
    let on_signed_in = move |r: SignInResponse| session.signed_in(config.token, r);
    let sign_out = {
        let config = config.clone();
        move |everywhere: bool| {
            end_session(
                client.clone(),
                config.clone(),
                explicit_sign_out,
                global,
                everywhere,
            )
        }
    };
    // An emailed invitation link shows its invitation before anyone signs
    // in, and an emailed sign-in link signs in by itself.
    let nav = use_context::<Nav>();
    let public_page = move || {
        nav.is_some_and(|n| {
            n.screen
                .with(|s| matches!(s, Screen::AcceptInvitation | Screen::SignInLink))
        })
    };
    let signed_out_children = children.clone();
    // A new account says its name once before anything else.
    let name_needed = move || {
        session
            .me
            .with(|m| m.as_ref().is_some_and(|m| m.name_needed))
    };
    view! {
        <Show
            when=move || config.token.with(|t| t.is_some())
            fallback=move || if session.checking.get() {
                view! { <main class="roster-main" id=dom_id("main")><p class="roster-muted" role="status">{crate::i18n::use_texts().loading}</p></main> }.into_any()
            } else if public_page() {
                view! { <main class="roster-main" id=dom_id("main") tabindex="-1">{signed_out_children()}</main> }.into_any()
            } else {
                view! { <SignInPage on_signed_in=on_signed_in/> }.into_any()
            }
        >
            <a class="roster-skip" href=format!("#{}", dom_id("main"))>{crate::i18n::use_texts().skip_to_content}</a>
            <TopBar on_sign_out=sign_out.clone()/>
            <GlobalErrorView/>
            <main class="roster-main" id=dom_id("main") tabindex="-1">
                {
                    let children = children.clone();
                    view! {
                        <Show when=move || !name_needed() fallback=|| view! { <NameStep/> }>
                            {children()}
                        </Show>
                    }
                }
            </main>
        </Show>
        <ToastRegion/>
    }
}

/// Signs out (of every session with `everywhere`). A bearer token is simply
/// forgotten, the server told in passing; a cookie session is over only once
/// the server removed the cookie (scripts cannot), so the app waits for that
/// and, when it fails, says so with Retry rather than seem signed out.
fn end_session(
    client: ApiClient,
    config: ApiConfig,
    explicit: StoredValue<bool>,
    global: GlobalError,
    everywhere: bool,
) {
    let token = config.token;
    let signed_out = move || {
        explicit.set_value(true);
        storage::remove(ORG_KEY);
        token.set(None);
    };
    let cookie = config.cookie;
    if !cookie {
        signed_out();
    }
    leptos::task::spawn_local(async move {
        let result = if everywhere {
            api::auth::sign_out_everywhere(&client).await
        } else {
            api::auth::sign_out(&client).await
        };
        if !cookie {
            return;
        }
        match result {
            // A 401: the session had already ended.
            Ok(()) | Err(ApiError::Unauthorized) => signed_out(),
            Err(e) => global.report(e, move || {
                end_session(client.clone(), config.clone(), explicit, global, everywhere)
            }),
        }
    });
}

/// Asks the server whether the browser's cookie is a session (a visit that
/// did not end signed in, or the way back from the SSO provider).
fn check_cookie_session(client: ApiClient, config: ApiConfig, session: Session) {
    session.checking.set(true);
    leptos::task::spawn_local(async move {
        if let Ok(me) = api::auth::me(&client).await {
            let _ = session.me.try_set(Some(me));
            let _ = config.token.try_set(Some(COOKIE_SESSION.to_owned()));
        }
        let _ = session.checking.try_set(false);
    });
}

/// The standalone app: address bar, session in an HttpOnly cookie.
#[component]
pub fn StandaloneApp(
    /// Prefix of the API, e.g. `/api/v1`.
    api_base: String,
    /// Where the app lives under the origin (`""` or `/console/roster`).
    base_path: String,
) -> impl IntoView {
    // Versions before cookie sessions kept a bearer token here.
    storage::remove(OLD_TOKEN_KEY);
    let config = ApiConfig::with_cookie_session(&api_base, storage::get(SIGNED_IN_KEY).is_some());
    let token = config.token;
    provide_core(config.clone(), crate::i18n::standalone_locale());
    crate::i18n::provide_locale_switch();
    if token.get_untracked().is_none() {
        check_cookie_session(use_api(), config, use_session());
    }
    Effect::new(move |_| match token.get() {
        Some(_) => storage::set(SIGNED_IN_KEY, "1"),
        None => storage::remove(SIGNED_IN_KEY),
    });
    let base = base_path.trim_end_matches('/').to_owned();
    view! {
        <div class="roster roster--app" lang=crate::i18n::lang_attr()>
            <Localized>
                {
                    let base = base.clone();
                    view! { <RoutedApp base=base/> }
                }
            </Localized>
        </div>
    }
}

/// The only component that reads the URL: it turns it into the screen, the
/// current organization and the view state that pages receive.
#[component]
pub(crate) fn RoutedApp(
    /// The base path, without a trailing slash (`""` at the origin's root).
    base: String,
) -> impl IntoView {
    let location = BrowserLocation::new(&base);
    let address = location.address;
    let screen = Memo::new({
        let base = base.clone();
        move |_| {
            address.with(|a| {
                strip_base(&base, &a.path)
                    .map(Screen::parse)
                    .unwrap_or(Screen::NotFound)
            })
        }
    });
    let nav = Nav::new(&base, screen.into(), {
        let base = base.clone();
        move |s: &Screen, q: &str, replace: bool| {
            let url = format!("{}{}", join_base(&base, &s.path()), q);
            location.navigate(&url, replace, true)
        }
    });
    provide_context(nav);
    crate::embed::follow_requested_org(nav);
    let pairs = Memo::new(move |_| address.with(|a| parse_query(&a.search)));
    let view_query = ViewQuery::new(pairs.into(), move |pairs, replace| {
        let url = format!(
            "{}{}",
            address.with_untracked(|a| a.path.clone()),
            to_query_string(&pairs)
        );
        location.navigate(&url, replace, false)
    });
    provide_context(view_query);
    // Outside an organization's pages (directory, my invitations) the switcher
    // still shows the organization used last.
    let last_org =
        RwSignal::new(storage::get(ORG_KEY).and_then(|id| uuid::Uuid::parse_str(&id).ok()));
    let current = CurrentOrg::new(
        Signal::derive(move || screen.get().org_id().or(last_org.get())),
        use_api(),
    );
    provide_context(current);
    crate::embed::events::report_organization_changes(current);
    // Remember the organization for the next visit, once it proved to exist.
    Effect::new(move |_| {
        if let Some(o) = current.org() {
            storage::set(ORG_KEY, &o.id.to_string());
            if last_org.get_untracked() != Some(o.id) {
                last_org.set(Some(o.id));
            }
        }
    });
    // Signed out: forget it (the next account may not see it).
    let token = use_api_config().token;
    Effect::new(move |_| {
        if token.with(|t| t.is_none()) {
            last_org.set(None);
        }
    });
    // Which page component shows: the screen without its organization, so
    // that switching organization keeps the page (it follows `nav.screen`).
    let page = Memo::new(move |_| match screen.get() {
        Screen::Org(_, page) => Screen::Org(Uuid::nil(), page),
        s => s,
    });
    view! {
        <AppShell>
            {move || match page.get() {
                Screen::Home | Screen::SignIn => view! { <HomeRedirect/> }.into_any(),
                Screen::Directory => view! { <DirectoryPage/> }.into_any(),
                Screen::Org(..) => view! { <OrgRoute/> }.into_any(),
                Screen::MyInvitations => view! { <MyInvitationsPage/> }.into_any(),
                Screen::AcceptInvitation => view! { <AcceptRoute/> }.into_any(),
                Screen::SignInLink => view! { <SignInLinkRoute/> }.into_any(),
                Screen::NotFound => view! { <NotFoundPage/> }.into_any(),
            }}
        </AppShell>
    }
}

/// `/` (and `/sign-in` once signed in): the organization used last, else
/// the invitations waiting for the person, else the directory.
#[component]
fn HomeRedirect() -> impl IntoView {
    let nav = use_nav();
    let session = use_session();
    Effect::new(move |_| {
        // Signed in on the way to answer an invitation: back to it.
        if crate::pages::invitations::accept::pending_token().is_some() {
            return nav.replace(Screen::AcceptInvitation);
        }
        if let Some(id) = storage::get(ORG_KEY).and_then(|id| uuid::Uuid::parse_str(&id).ok()) {
            return nav.replace(Screen::Org(id, OrgPage::Users));
        }
        // Who it is decides: wait for `/me`.
        match session
            .me
            .with(|m| m.as_ref().map(|m| m.pending_invitation_count))
        {
            None => {}
            Some(0) => nav.replace(Screen::Directory),
            Some(_) => nav.replace(Screen::MyInvitations),
        }
    });
}

/// Any page inside an organization; the id and page come from the screen.
#[component]
fn OrgRoute() -> impl IntoView {
    let nav = use_nav();
    let current = use_current_org();
    let target = Memo::new(move |_| match nav.screen.get() {
        Screen::Org(id, page) => Some((id, page)),
        _ => None,
    });
    move || match target.get() {
        Some(_) => {
            let org_id = Signal::derive(move || {
                target
                    .get()
                    .map(|t| t.0)
                    .or(current.id.get())
                    .unwrap_or_default()
            });
            let page = Signal::derive(move || target.get().map(|t| t.1).unwrap_or(OrgPage::Users));
            view! { <OrgFrame org_id=org_id page=page/> }.into_any()
        }
        None => view! { <NotFoundPage/> }.into_any(),
    }
}

/// `/sign-in/link?token=…`: takes the token out of the address bar once read.
#[component]
fn SignInLinkRoute() -> impl IntoView {
    let view_query = crate::state::view_query::use_view_query();
    let token = view_query
        .pairs
        .with_untracked(|p| get(p, "token").map(str::to_owned));
    if token.is_some() {
        view_query.set(Vec::new(), true);
    }
    view! { <SignInLinkPage token=token/> }
}

/// `/invitations/accept?token=…`: takes the token out of the address bar once read.
#[component]
fn AcceptRoute() -> impl IntoView {
    let view_query = crate::state::view_query::use_view_query();
    let from_link = view_query
        .pairs
        .with_untracked(|p| get(p, "token").map(str::to_owned));
    if let Some(t) = &from_link {
        // Kept for this tab only, across a sign-in, out of the address bar.
        set_pending_token(Some(t));
        view_query.set(Vec::new(), true);
    }
    let token = RwSignal::new(from_link.or_else(pending_token));
    view! { <AcceptInvitationPage token=token/> }
}
