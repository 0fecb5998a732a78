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
    /// Called by the Sign out buttons: `true` to sign out everywhere.
    #[prop(into)]
    on_sign_out: Callback<bool>,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let nav = use_nav();
    let session = use_session();
    // The account menu: a disclosure (a button and what it shows), closed by
    // Esc (focus back on its button) or by focus leaving it.
    let open = RwSignal::new(false);
    let panel_id = super::unique_id("account");
    let button_ref = NodeRef::<leptos::html::Button>::new();
    let close = move |refocus: bool| {
        open.set(false);
        if refocus {
            if let Some(b) = button_ref.get_untracked() {
                let _ = b.focus();
            }
        }
    };
    view! {
        <header class="roster-topbar">
            <a class="roster-topbar__brand" href=nav.href(&Screen::Home)>
                <span class="roster-topbar__logo" aria-hidden="true">"R"</span>
                {t.product_name}
            </a>
            <OrgSwitcher/>
            <div class="roster-topbar__spacer"></div>
            <Bell/>
            <div
                class="roster-topbar__user roster-account"
                on:keydown=move |ev| if ev.key() == "Escape" && open.get_untracked() {
                    ev.stop_propagation();
                    close(true);
                }
                on:focusout=move |ev| {
                    let inside = ev.related_target().and_then(|t| {
                        use wasm_bindgen::JsCast;
                        t.dyn_into::<web_sys::Node>().ok()
                    }).zip(ev.current_target().and_then(|c| {
                        use wasm_bindgen::JsCast;
                        c.dyn_into::<web_sys::Node>().ok()
                    })).is_some_and(|(t, c)| c.contains(Some(&t)));
                    if !inside {
                        open.set(false);
                    }
                }
            >
                <button
                    type="button"
                    class="roster-account__button"
                    node_ref=button_ref
                    aria-expanded=move || if open.get() { "true" } else { "false" }
                    aria-controls=panel_id.clone()
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    <span class="roster-visually-hidden">{t.account_menu}</span>
                    {move || session.me.get().map(|me| view! {
                        <span class="roster-topbar__avatar" aria-hidden="true">
                            {me.display_name.chars().next().map(|c| c.to_uppercase().to_string()).unwrap_or_default()}
                        </span>
                        <span class="roster-topbar__who">
                            <span class="roster-topbar__name">{me.display_name.clone()}</span>
                            <span class="roster-topbar__email">{me.email.clone()}</span>
                        </span>
                    })}
                </button>
                <div id=panel_id class="roster-account__panel roster-card" hidden=move || !open.get()>
                    <button type="button" class="roster-button roster-button--ghost" on:click=move |_| on_sign_out.run(true)>
                        {t.sign_out_everywhere}
                    </button>
                    <p class="roster-account__hint">{t.sign_out_everywhere_hint}</p>
                </div>
                <LanguageSelect/>
                <button type="button" class="roster-button roster-button--ghost" on:click=move |_| on_sign_out.run(false)>
                    {t.sign_out}
                </button>
            </div>
        </header>
    }
}
