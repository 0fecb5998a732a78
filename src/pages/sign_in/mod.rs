//! The sign-in screen: the server's demo accounts, or any email address
//! (demo mode signs in without a password).

use leptos::prelude::*;
use roster_api::SignInResponse;

use crate::api::{self, use_api};
use crate::components::dom_id;
use crate::components::field::TextField;
use crate::components::language_select::LanguageSelect;
use crate::i18n::{fill, use_texts};
use crate::state::loader::use_loader;
use crate::state::session::use_session;

#[component]
pub fn SignInPage(
    /// Called with the server's answer once signed in.
    #[prop(into)]
    on_signed_in: Callback<SignInResponse>,
) -> impl IntoView {
    let t = use_texts();
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
        <main class="roster-signin" id=dom_id("main")>
            <div class="roster-signin__card roster-card">
                <div class="roster-signin__brand" aria-hidden="true"><span class="roster-topbar__logo">"R"</span></div>
                <div class="roster-signin__language"><LanguageSelect/></div>
                <h1 class="roster-signin__title">{t.sign_in_title}</h1>
                <Show when=move || session.expired.get()>
                    <p class="roster-note roster-note--warning" role="status">{t.err_unauthorized}</p>
                </Show>
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
            </div>
        </main>
    }
}
