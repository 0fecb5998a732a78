//! "Lock organization": asks for the reason everyone inside will see.

use leptos::prelude::*;
use roster_api::{LockOrganization, Organization};

use crate::api::{self, use_api, ApiError};
use crate::components::dialog::Dialog;
use crate::components::field::TextField;
use crate::i18n::{fill, use_texts};
use crate::state::toasts::use_toasts;

#[component]
pub fn LockDialog(
    /// The organization to lock.
    #[prop(into)]
    org: Signal<Option<Organization>>,
    /// Whether the dialog is open.
    #[prop(into)]
    open: Signal<bool>,
    /// Called to close it.
    #[prop(into)]
    on_close: Callback<()>,
    /// Called with the organization as the server answered (now locked).
    #[prop(into)]
    on_locked: Callback<Organization>,
) -> impl IntoView {
    let t = use_texts();
    let client = use_api();
    let toasts = use_toasts();
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    Effect::new(move |prev: Option<()>| {
        reason.track();
        if prev.is_some() {
            error.set(None);
        }
    });
    let title = Signal::derive(move || {
        fill(
            t.lock_title,
            &[(
                "name",
                &org.with(|o| o.as_ref().map(|o| o.name.clone()).unwrap_or_default()),
            )],
        )
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = org.with_untracked(|o| o.as_ref().map(|o| o.id)) else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        let body = LockOrganization {
            reason: reason.get_untracked().trim().to_owned(),
        };
        if body.reason.is_empty() {
            error.set(Some(t.lock_reason_required.to_owned()));
            return;
        }
        if let Some(e) = roster_api::rules::organization::validate_lock_organization(&body)
            .into_iter()
            .next()
        {
            error.set(Some(crate::i18n::rules::field_error(t, &e)));
            return;
        }
        busy.set(true);
        let client = client.clone();
        leptos::task::spawn_local(async move {
            let result = api::organizations::lock(&client, id, &body.reason).await;
            busy.set(false);
            match result {
                Ok(org) => {
                    toasts.success(fill(t.locked_toast, &[("name", &org.name)]));
                    reason.set(String::new());
                    on_locked.run(org);
                }
                Err(e @ ApiError::Validation(_)) => error.set(Some(
                    e.field_error(t, "reason").unwrap_or_else(|| e.message(t)),
                )),
                Err(e) => error.set(Some(e.message(t))),
            }
        });
    };
    view! {
        <Dialog open=open on_close=on_close title=title>
            <form class="roster-form" novalidate on:submit=submit.clone()>
                <p class="roster-form__lead">{t.lock_explain}</p>
                <TextField
                    label=t.lock_reason
                    name="reason"
                    value=reason
                    error=error
                    hint=Signal::derive(move || t.lock_reason_hint.to_owned())
                    multiline=true
                    required=true
                />
                <div class="roster-form__actions">
                    <button type="button" class="roster-button" on:click=move |_| on_close.run(())>{t.cancel}</button>
                    <button type="submit" class="roster-button roster-button--danger" aria-disabled=move || busy.get().then_some("true")>
                        {move || if busy.get() { t.locking } else { t.lock_confirm }}
                    </button>
                </div>
            </form>
        </Dialog>
    }
}
