//! `/sign-in/link?token=…`: the link of the sign-in email. On the device
//! and browser that asked, it signs in at once; elsewhere it asks first
//! (someone may have forwarded the message, or asked for it on a phone).

use leptos::prelude::*;
use roster_api::errors::codes;

use crate::api::{self, use_api, use_api_config, ApiError};
use crate::components::error_view::InlineError;
use crate::i18n::use_texts;
use crate::state::nav::{use_nav, Screen};
use crate::state::session::use_session;

/// Where the link's sign-in stands.
#[derive(Clone, Debug, PartialEq)]
enum LinkState {
    Signing,
    /// Opened on another device or browser: ask first.
    Confirm,
    /// Used, expired, replaced or never issued.
    Invalid,
    Failed(ApiError),
}

#[component]
pub fn SignInLinkPage(
    /// The link's token, read from (and taken out of) the address bar.
    token: Option<String>,
) -> impl IntoView {
    let t = use_texts();
    let client = use_api();
    let config = use_api_config();
    let session = use_session();
    let nav = use_nav();
    let state = RwSignal::new(if token.is_some() {
        LinkState::Signing
    } else {
        LinkState::Invalid
    });
    let token = StoredValue::new(token.unwrap_or_default());
    let submit = move |confirm: bool| {
        state.set(LinkState::Signing);
        let client = client.clone();
        let token = token.get_value();
        leptos::task::spawn_local(async move {
            match api::auth::email_link(&client, &token, confirm).await {
                Ok(r) => {
                    session.signed_in(config.token, r);
                    nav.replace(Screen::Home);
                }
                Err(e) if e.code() == Some(codes::SIGN_IN_CONFIRM_DEVICE) => {
                    let _ = state.try_set(LinkState::Confirm);
                }
                Err(e) if e.code() == Some(codes::SIGN_IN_LINK_INVALID) => {
                    let _ = state.try_set(LinkState::Invalid);
                }
                Err(ApiError::Aborted) => {}
                Err(e) => {
                    let _ = state.try_set(LinkState::Failed(e));
                }
            }
        });
    };
    if state.get_untracked() == LinkState::Signing {
        submit(false);
    }
    let submit_again = submit.clone();
    view! {
        <div class="roster-signin roster-signin--link">
            <div class="roster-signin__card roster-card">
                {move || match state.get() {
                    LinkState::Signing => view! {
                        <h1 class="roster-signin__title">{t.link_signing}</h1>
                        <p class="roster-muted" role="status">{t.loading}</p>
                    }.into_any(),
                    LinkState::Confirm => {
                        let submit = submit.clone();
                        view! {
                            <h1 class="roster-signin__title">{t.link_confirm_title}</h1>
                            <p class="roster-signin__lead">{t.link_confirm_text}</p>
                            <div class="roster-signin__actions">
                                <button type="button" class="roster-button roster-button--primary" on:click=move |_| submit(true)>
                                    {t.link_confirm}
                                </button>
                                <a class="roster-button roster-button--ghost" href=nav.href(&Screen::SignIn)>{t.cancel}</a>
                            </div>
                        }.into_any()
                    }
                    LinkState::Invalid => view! {
                        <h1 class="roster-signin__title">{t.link_invalid_title}</h1>
                        <p class="roster-signin__lead" role="alert">{t.link_invalid}</p>
                        <a class="roster-button roster-button--primary" href=nav.href(&Screen::SignIn)>{t.link_new_code}</a>
                    }.into_any(),
                    LinkState::Failed(e) => {
                        let submit = submit_again.clone();
                        view! {
                            <h1 class="roster-signin__title">{t.link_signing}</h1>
                            <InlineError error=e on_retry=move |_| submit(false)/>
                        }.into_any()
                    }
                }}
            </div>
        </div>
    }
}
