//! The top bar: product name, organization switcher, invitations bell, the
//! signed-in user and sign-out.

use leptos::prelude::*;

use super::bell::Bell;
use super::language_select::LanguageSelect;
use super::switcher::OrgSwitcher;
use crate::i18n::use_locale;
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
    view! {
        <header class="roster-topbar">
            <a class="roster-topbar__brand" href=nav.href(&Screen::Home)>
                <span class="roster-topbar__logo" aria-hidden="true">"R"</span>
                {t.product_name}
            </a>
            <OrgSwitcher/>
            <div class="roster-topbar__spacer"></div>
            <Bell/>
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
                <LanguageSelect/>
                <button type="button" class="roster-button roster-button--ghost" on:click=move |_| on_sign_out.run(())>
                    {t.sign_out}
                </button>
            </div>
        </header>
    }
}
