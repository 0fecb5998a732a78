//! The sign-in screen. For real: an email address, then the 6-digit code
//! the server emails (or the link in the same message, [`link`]), and the
//! OpenID Connect provider when the server has one. In demo mode: the demo
//! accounts, and any address signs in at once.

pub mod link;
pub mod name;

use leptos::prelude::*;
use roster_api::errors::codes;
use roster_api::{SignInMethods, SignInResponse};

use crate::api::{self, use_api, ApiClient, ApiError};
use crate::components::dom_id;
use crate::components::error_view::InlineError;
use crate::components::field::TextField;
use crate::components::language_select::LanguageSelect;
use crate::i18n::{fill, use_locale, Texts};
use crate::state::loader::use_loader;
use crate::state::nav::{Nav, Screen};
use crate::state::session::use_session;
use crate::state::view_query::{get, use_view_query};

#[component]
pub fn SignInPage(
    /// Called with the server's answer once signed in.
    #[prop(into)]
    on_signed_in: Callback<SignInResponse>,
) -> impl IntoView {
    let t = use_locale().texts();
    let session = use_session();
    let methods = use_loader(
        || (),
        |client, _: ()| async move { api::auth::methods(&client).await },
    );
    view! {
        <main class="roster-signin" id=dom_id("main")>
            <div class="roster-signin__card roster-card">
                <div class="roster-signin__brand" aria-hidden="true"><span class="roster-topbar__logo">"R"</span></div>
                <div class="roster-signin__language"><LanguageSelect/></div>
                <h1 class="roster-signin__title">{t.sign_in_title}</h1>
                <Show when=move || session.expired.get()>
                    <p class="roster-note roster-note--warning" role="status">{t.err_unauthorized}</p>
                </Show>
                {move || match methods.value.get().map(|v| v.result) {
                    None => view! { <p class="roster-muted" role="status">{t.loading}</p> }.into_any(),
                    Some(Err(e)) => view! { <InlineError error=e on_retry=move |_| methods.reload()/> }.into_any(),
                    Some(Ok(m)) if m.demo => view! { <DemoSignIn on_signed_in=on_signed_in/> }.into_any(),
                    Some(Ok(m)) => view! { <EmailSignIn methods=m on_signed_in=on_signed_in/> }.into_any(),
                }}
            </div>
        </main>
    }
}

/// `?sso_error=<code>` of the address, set by the server's OpenID Connect callback.
fn sso_error_in_address() -> Option<String> {
    use_view_query().pairs.with_untracked(|p| {
        get(p, "sso_error")
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
    })
}

/// What went wrong with the provider, in words.
fn sso_error_text(t: &Texts, code: &str, provider: &str) -> String {
    let text = match code {
        codes::SSO_EMAIL_UNVERIFIED => t.sso_email_unverified,
        codes::SSO_STATE_MISMATCH => t.sso_state_mismatch,
        codes::SSO_CANCELLED => t.sso_cancelled,
        _ => t.sso_failed,
    };
    fill(text, &[("name", provider)])
}

/// What a failed start says, next to the address: the field's rule, or how
/// long to wait after too many requests.
fn start_error(t: &Texts, e: &ApiError) -> String {
    match e {
        ApiError::RateLimited {
            retry_after: Some(s),
        } if *s >= 60 => fill(
            t.sign_in_wait_minutes,
            &[("n", &s.div_ceil(60).to_string())],
        ),
        _ => e.field_error(t, "email").unwrap_or_else(|| e.message(t)),
    }
}

/// Moves the focus to the sign-in form's field `name` once it is painted (the
/// step that held the focus is gone).
fn focus_field(name: &'static str) {
    request_animation_frame(move || {
        let selector = format!(".roster-signin input[name={name}]");
        if let Some(input) = document()
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            let _ = input.focus();
        }
    });
}

/// The code the person typed, without the spaces or dashes a message's
/// layout invites: `123 456` and `123-456` are `123456`.
pub fn normalize_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

/// Email code sign-in, and the provider's button when there is one.
#[component]
fn EmailSignIn(methods: SignInMethods, on_signed_in: Callback<SignInResponse>) -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let client = use_api();
    let session = use_session();
    let email = session.sign_in_email;
    let code = session.sign_in_code;
    let error = RwSignal::new(None::<String>);
    let code_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let notice = RwSignal::new(None::<String>);
    let tries_left = RwSignal::new(roster_api::SIGN_IN_CODE_TRIES);
    let provider = methods.sso.as_ref().map(|s| s.name.clone());
    let sso_error = provider
        .clone()
        .and_then(|name| sso_error_in_address().map(|code| sso_error_text(t, &code, &name)));

    let start = {
        let client = client.clone();
        move |again: bool| {
            if busy.get_untracked() {
                return;
            }
            let address = email.get_untracked().trim().to_owned();
            if address.is_empty() {
                error.set(Some(t.sign_in_email_required.to_owned()));
                return;
            }
            error.set(None);
            notice.set(None);
            busy.set(true);
            let client = client.clone();
            let language = match locale {
                crate::i18n::Locale::Fr => roster_api::Language::Fr,
                crate::i18n::Locale::En => roster_api::Language::En,
            };
            leptos::task::spawn_local(async move {
                let result = api::auth::email_start(&client, &address, language).await;
                let _ = busy.try_set(false);
                match result {
                    Ok(_) => {
                        let _ = code_error.try_set(None);
                        let _ = tries_left.try_set(roster_api::SIGN_IN_CODE_TRIES);
                        let _ = session.code_sent.try_set(true);
                        focus_field("code");
                        if again {
                            let _ = notice
                                .try_set(Some(fill(t.sign_in_resent, &[("email", &address)])));
                        }
                    }
                    Err(e) if again => {
                        let _ = code_error.try_set(Some(start_error(t, &e)));
                    }
                    Err(e) => {
                        let _ = error.try_set(Some(start_error(t, &e)));
                    }
                }
            });
        }
    };
    let verify = {
        let client = client.clone();
        move || {
            if busy.get_untracked() {
                return;
            }
            let typed = normalize_code(&code.get_untracked());
            if typed.is_empty() {
                code_error.set(Some(t.sign_in_code_required.to_owned()));
                return;
            }
            if typed.len() != 6 || !typed.bytes().all(|b| b.is_ascii_digit()) {
                code_error.set(Some(t.sign_in_code_format.to_owned()));
                return;
            }
            code_error.set(None);
            notice.set(None);
            busy.set(true);
            let client: ApiClient = client.clone();
            let address = email.get_untracked().trim().to_owned();
            leptos::task::spawn_local(async move {
                let result = api::auth::email_verify(&client, &address, &typed).await;
                let _ = busy.try_set(false);
                match result {
                    Ok(r) => {
                        let _ = code.try_set(String::new());
                        on_signed_in.run(r);
                    }
                    Err(e) => {
                        let field_code = e.field_errors().first().map(|f| f.code.clone());
                        let text = match field_code.as_deref() {
                            Some(codes::CODE_INCORRECT) => {
                                let left = tries_left.get_untracked().saturating_sub(1).max(1);
                                let _ = tries_left.try_set(left);
                                fill(t.sign_in_code_incorrect, &[("n", &left.to_string())])
                            }
                            Some(codes::CODE_LOCKED) => t.sign_in_code_locked.to_owned(),
                            Some(codes::CODE_EXPIRED) => t.sign_in_code_expired.to_owned(),
                            _ => e.message(t),
                        };
                        let _ = code_error.try_set(Some(text));
                    }
                }
            });
        }
    };
    let start_again = start.clone();
    // Back to the screen the person was on (home from the sign-in screen),
    // without a previous attempt's error.
    let nav = use_context::<Nav>();
    let sso_href = {
        let client = client.clone();
        move || {
            let back = nav.map_or_else(
                || "/".to_owned(),
                |nav| match nav.screen.get_untracked() {
                    Screen::SignIn => nav.href(&Screen::Home),
                    screen => nav.href(&screen),
                },
            );
            api::auth::sso_start_url(&client, &back)
        }
    };
    view! {
        {sso_error.map(|text| view! { <p class="roster-note roster-note--error" role="alert">{text}</p> })}
        {move || if session.code_sent.get() {
            let start_again = start_again.clone();
            let verify = verify.clone();
            let address = email.get_untracked();
            view! {
                <h2 class="roster-signin__section">{t.sign_in_check_title}</h2>
                <p class="roster-signin__lead">{fill(t.sign_in_code_sent, &[("email", &address)])}</p>
                <form class="roster-form roster-signin__form" novalidate on:submit=move |ev| {
                    ev.prevent_default();
                    verify();
                }>
                    <TextField label=t.sign_in_code name="code" value=code error=code_error
                        autocomplete="one-time-code" inputmode="numeric"
                        hint=Signal::derive(move || t.sign_in_code_hint.to_owned())/>
                    <button type="submit" class="roster-button roster-button--primary" aria-disabled=move || busy.get().then_some("true")>
                        {move || if busy.get() { t.sign_in_signing } else { t.sign_in_submit }}
                    </button>
                </form>
                <p class="roster-muted" role="status">{move || notice.get()}</p>
                <div class="roster-signin__actions">
                    <button type="button" class="roster-button roster-button--ghost" on:click=move |_| start_again(true)>
                        {t.sign_in_resend}
                    </button>
                    <button type="button" class="roster-button roster-button--ghost" on:click=move |_| {
                        session.code_sent.set(false);
                        code.set(String::new());
                        code_error.set(None);
                        focus_field("email");
                    }>
                        {t.sign_in_other_address}
                    </button>
                </div>
            }.into_any()
        } else {
            let start = start.clone();
            view! {
                <p class="roster-signin__lead">{t.sign_in_email_lead}</p>
                <form class="roster-form roster-signin__form" novalidate on:submit=move |ev| {
                    ev.prevent_default();
                    start(false);
                }>
                    <TextField label=t.sign_in_email name="email" value=email error=error input_type="email" autocomplete="email"/>
                    <button type="submit" class="roster-button roster-button--primary" aria-disabled=move || busy.get().then_some("true")>
                        {move || if busy.get() { t.sign_in_sending } else { t.sign_in_send_code }}
                    </button>
                </form>
            }.into_any()
        }}
        {provider.map(|name| {
            let sso_href = sso_href.clone();
            view! {
                <p class="roster-signin__or"><span>{t.sign_in_or}</span></p>
                // rel="external": a page load, not one of the app's own routes.
                <a class="roster-button roster-signin__sso" rel="external" href=sso_href>
                    {fill(t.sign_in_sso, &[("name", &name)])}
                </a>
            }
        })}
    }
}

/// Demo mode: the demo accounts, and any address signs in at once.
#[component]
fn DemoSignIn(on_signed_in: Callback<SignInResponse>) -> impl IntoView {
    let t = use_locale().texts();
    let client = use_api();
    let session = use_session();
    let accounts = use_loader(
        || (),
        |client, _: ()| async move { api::auth::demo_accounts(&client).await },
    );
    let email = session.sign_in_email;
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(None::<String>);
    let sign_in = move |address: String| {
        if busy.get_untracked().is_some() {
            return;
        }
        let address = address.trim().to_owned();
        if address.is_empty() {
            error.set(Some(t.sign_in_email_required.to_owned()));
            return;
        }
        error.set(None);
        busy.set(Some(address.clone()));
        let client = client.clone();
        leptos::task::spawn_local(async move {
            let result = api::auth::demo_sign_in(&client, &address).await;
            let _ = busy.try_set(None);
            match result {
                Ok(r) => on_signed_in.run(r),
                Err(e) => {
                    let _ = error.try_set(Some(
                        e.field_error(t, "email").unwrap_or_else(|| e.message(t)),
                    ));
                }
            }
        });
    };
    let sign_in2 = sign_in.clone();
    view! {
        <p class="roster-signin__lead">{t.sign_in_lead}</p>
        <h2 class="roster-signin__section">{t.sign_in_demo_accounts}</h2>
        {move || match accounts.value.get().map(|v| v.result) {
            None => view! { <p class="roster-muted" role="status">{t.loading}</p> }.into_any(),
            Some(Err(_)) => view! { <p class="roster-muted">{t.sign_in_no_demo}</p> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p class="roster-muted">{t.sign_in_no_demo}</p> }.into_any(),
            Some(Ok(list)) => {
                let sign_in = sign_in.clone();
                view! {
                    <ul class="roster-signin__accounts">
                        {list.into_iter().map(|a| {
                            let sign_in = sign_in.clone();
                            let address = a.email.clone();
                            // Named by its content (so every visible word is in
                            // the name, WCAG 2.5.3), the action said first.
                            let label = fill(t.sign_in_as, &[("name", &a.display_name)]);
                            let mine = a.email.clone();
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="roster-signin__account"
                                        disabled=move || busy.get().is_some()
                                        on:click=move |_| sign_in(address.clone())
                                    >
                                        <span class="roster-topbar__avatar" aria-hidden="true">
                                            {a.display_name.chars().next().map(|c| c.to_string()).unwrap_or_default()}
                                        </span>
                                        <span class="roster-visually-hidden">{label}</span>
                                        <span class="roster-signin__account-text">
                                            <span class="roster-signin__account-name" aria-hidden="true">{a.display_name.clone()}</span>
                                            <span class="roster-signin__account-email">{a.email.clone()}</span>
                                            <span class="roster-signin__account-desc">{a.description.clone()}</span>
                                        </span>
                                        <Show when=move || busy.get().as_deref() == Some(mine.as_str())>
                                            <span class="roster-muted">{t.sign_in_signing}</span>
                                        </Show>
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }
        }}
        <form class="roster-form roster-signin__form" novalidate on:submit=move |ev| {
            ev.prevent_default();
            sign_in2(email.get_untracked());
        }>
            <TextField label=t.sign_in_email name="email" value=email error=error input_type="email" autocomplete="email"/>
            <button type="submit" class="roster-button roster-button--primary" aria-disabled=move || busy.get().is_some().then_some("true")>
                {move || if busy.get().is_some() { t.sign_in_signing } else { t.sign_in_submit }}
            </button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::normalize_code;

    #[test]
    fn a_code_may_be_typed_with_spaces_or_a_dash() {
        assert_eq!(normalize_code(" 123 456 "), "123456");
        assert_eq!(normalize_code("123-456"), "123456");
        assert_eq!(normalize_code("12a456"), "12a456");
    }
}
