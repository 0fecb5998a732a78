//! "Create organization": a dialog with field-level validation, checked
//! locally with the contract's rules and again by the server.

use leptos::prelude::*;
use roster_api::Organization;
use wasm_bindgen::JsCast;

use super::form::{
    clear_errors_on_edit, focus_first_invalid, validate_create, FormErrors, OrgFields, OrgValues,
};
use crate::api::{self, use_api, ApiError};
use crate::components::dialog::Dialog;
use crate::components::field::TextField;
use crate::i18n::{fill, use_texts};
use crate::state::toasts::use_toasts;

#[component]
pub fn CreateOrgDialog(
    /// Whether the dialog is open.
    #[prop(into)]
    open: Signal<bool>,
    /// Called to close it (Esc, Cancel, close button).
    #[prop(into)]
    on_close: Callback<()>,
    /// Called with the organization the server created.
    #[prop(into)]
    on_created: Callback<Organization>,
) -> impl IntoView {
    let t = use_texts();
    let client = use_api();
    let toasts = use_toasts();
    // Kept across closing and reopening: nothing typed is lost by a mis-click.
    let fields = OrgFields::new(OrgValues::default());
    let errors = FormErrors::new();
    let form_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    clear_errors_on_edit(fields, errors);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let form = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok());
        let body = fields.values().to_create();
        let local = validate_create(&body);
        form_error.set(None);
        if !local.is_empty() {
            errors.0.set(local);
            focus_first_invalid(form);
            return;
        }
        busy.set(true);
        let client = client.clone();
        leptos::task::spawn_local(async move {
            let result = api::organizations::create(&client, &body).await;
            busy.set(false);
            match result {
                Ok(org) => {
                    toasts.success(fill(t.org_created, &[("name", &org.name)]));
                    fields.set(OrgValues::default());
                    errors.0.set(Vec::new());
                    on_created.run(org);
                }
                Err(e @ ApiError::Validation(_)) if !e.field_errors().is_empty() => {
                    errors.0.set(e.field_errors().to_vec());
                    focus_first_invalid(form);
                }
                Err(e) => form_error.set(Some(e.message(t))),
            }
        });
    };

    view! {
        <Dialog open=open on_close=on_close title=Signal::derive(move || t.create_org_title.to_owned())>
            <form class="roster-form" novalidate on:submit=submit.clone()>
                <div class="roster-form__grid">
                    <TextField label=t.field_name name="name" value=fields.name error=errors.of("name") required=true/>
                    <TextField
                        label=t.field_email
                        name="email"
                        value=fields.email
                        error=errors.of("email")
                        input_type="email"
                        required=true
                    />
                    <TextField
                        label=t.field_owner_firstname
                        name="owner_firstname"
                        value=fields.owner_firstname
                        error=errors.of("owner_firstname")
                        required=true
                    />
                    <TextField
                        label=t.field_owner_lastname
                        name="owner_lastname"
                        value=fields.owner_lastname
                        error=errors.of("owner_lastname")
                        required=true
                    />
                    <TextField
                        label=t.field_phone
                        name="phone_number"
                        value=fields.phone_number
                        error=errors.of("phone_number")
                        input_type="tel"
                    />
                    <TextField
                        label=t.field_customer_id
                        name="customer_id"
                        value=fields.customer_id
                        error=errors.of("customer_id")
                    />
                    <TextField
                        label=t.field_siren
                        name="siren_number"
                        value=fields.siren_number
                        error=errors.of("siren_number")
                    />
                </div>
                <p class="roster-form__error" role="alert" hidden=move || form_error.with(|e| e.is_none())>
                    {move || form_error.get()}
                </p>
                <div class="roster-form__actions">
                    <button type="button" class="roster-button" on:click=move |_| on_close.run(())>{t.cancel}</button>
                    <button type="submit" class="roster-button roster-button--primary" aria-disabled=move || busy.get().then_some("true")>
                        {move || if busy.get() { t.create_org_creating } else { t.create_org_submit }}
                    </button>
                </div>
            </form>
        </Dialog>
    }
}
