//! The top bar: product name, organization switcher, invitations bell, the
//! signed-in user and sign-out.

use leptos::prelude::*;

use super::icons::BellIcon;
use super::switcher::OrgSwitcher;
use crate::i18n::{plural, use_locale};
use crate::state::nav::{use_nav, Screen};
use crate::state::session::use_session;

#[component]
pub fn TopBar(
    /// Called by the Sign out button.
    #[prop(into)]
    on_sign_out: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let nav = use_nav();
    let session = use_session();
    let count = move || {
        session
            .me
            .with(|m| m.as_ref().map(|m| m.pending_invitation_count).unwrap_or(0))
    };
    let bell_label = move || match count() {
        0 => t.bell_label_none.to_owned(),
        n => plural(locale, n, t.bell_label_one, t.bell_label_other),
    };
    view! {
        <header class="roster-topbar">
            <a class="roster-topbar__brand" href=nav.href(&Screen::Home)>
                <span class="roster-topbar__logo" aria-hidden="true">"R"</span>
                {t.product_name}
            </a>
            <OrgSwitcher/>
            <div class="roster-topbar__spacer"></div>
            <a
                class="roster-topbar__bell"
                href=nav.href(&Screen::MyInvitations)
                aria-label=bell_label
                title=bell_label
                aria-current=move || (nav.screen.get() == Screen::MyInvitations).then_some("page")
            >
                <BellIcon/>
                <Show when=move || { count() > 0 }>
                    <span class="roster-topbar__count" aria-hidden="true">{move || count().to_string()}</span>
                </Show>
            </a>
            <div class="roster-topbar__user">
                {move || session.me.get().map(|me| view! {
                    <span class="roster-topbar__avatar" aria-hidden="true">
                        {me.display_name.chars().next().map(|c| c.to_uppercase().to_string()).unwrap_or_default()}
                    </span>
                    <span class="roster-topbar__who">
                        <span class="roster-topbar__name">{me.display_name.clone()}</span>
                        <span class="roster-topbar__email">{me.email.clone()}</span>
                    </span>
                })}
                <button type="button" class="roster-button roster-button--ghost" on:click=move |_| on_sign_out.run(())>
                    {t.sign_out}
                </button>
            </div>
        </header>
    }
}
