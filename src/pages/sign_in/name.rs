//! Asked once, after the first sign-in of a new account: the person's name,
//! shown to the people they work with.

use leptos::prelude::*;

use crate::api::{self, use_api};
use crate::components::field::TextField;
use crate::i18n::use_texts;
use crate::state::session::use_session;

#[component]
pub fn NameStep() -> impl IntoView {
    let t = use_texts();
    let client = use_api();
    let session = use_session();
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move || {
        if busy.get_untracked() {
            return;
        }
        let typed = name.get_untracked().trim().to_owned();
        if typed.is_empty() {
            error.set(Some(t.name_required.to_owned()));
            return;
        }
        error.set(None);
        busy.set(true);
        let client = client.clone();
        leptos::task::spawn_local(async move {
            let result = api::auth::update_me(&client, &typed).await;
            let _ = busy.try_set(false);
            match result {
                Ok(me) => {
                    let _ = session.me.try_set(Some(me));
                }
                Err(e) => {
                    let _ = error.try_set(Some(
                        e.field_error(t, "display_name")
                            .unwrap_or_else(|| e.message(t)),
                    ));
                }
            }
        });
    };
    view! {
        <div class="roster-signin roster-signin--name">
            <div class="roster-signin__card roster-card">
                <h1 class="roster-signin__title">{t.name_title}</h1>
                <p class="roster-signin__lead">{t.name_lead}</p>
                <form class="roster-form roster-signin__form" novalidate on:submit=move |ev| {
                    ev.prevent_default();
                    submit();
                }>
                    <TextField label=t.name_label name="name" value=name error=error autocomplete="name" required=true/>
                    <button type="submit" class="roster-button roster-button--primary" aria-disabled=move || busy.get().then_some("true")>
                        {t.name_submit}
                    </button>
                </form>
            </div>
        </div>
    }
}
