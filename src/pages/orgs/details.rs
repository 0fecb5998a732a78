//! `/orgs/{id}`: the organization's details, editable; lock and unlock;
//! transfer the ownership (the owner email itself is not editable).

use leptos::prelude::*;
use roster_api::{LockedBy, Organization, OrganizationStatus, Permission};
use uuid::Uuid;
use wasm_bindgen::JsCast;

use super::form::{
    clear_errors_on_edit, focus_first_invalid, is_empty_update, validate_update, FormErrors,
    OrgFields, OrgValues,
};
use super::lock_dialog::LockDialog;
use super::transfer_dialog::{owner_name, TransferDialog};
use crate::api::{self, use_api, ApiError};
use crate::components::badge::OrgStatusBadge;
use crate::components::dom_id;
use crate::components::field::TextField;
use crate::i18n::{fill, format_date, plural, use_locale};
use crate::state::org::use_current_org;
use crate::state::toasts::use_toasts;

#[component]
pub fn OrgDetailsPage(
    /// The organization shown.
    #[prop(into)]
    org_id: Signal<Uuid>,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let client = use_api();
    let toasts = use_toasts();
    let current = use_current_org();
    let org = Memo::new(move |_| current.org().filter(|o| o.id == org_id.get()));

    let fields = OrgFields::new(OrgValues::default());
    let errors = FormErrors::new();
    let form_error = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    // What the server holds, as of the last load or save: the base of the PATCH.
    let saved = RwSignal::new(None::<(Uuid, OrgValues)>);
    clear_errors_on_edit(fields, errors);
    Effect::new(move |_| {
        let Some(o) = org.get() else { return };
        // Fill the form for a newly shown organization only: a reload of the
        // same one (after a lock) must not wipe what the user is typing.
        if saved.with_untracked(|s| s.as_ref().map(|s| s.0)) != Some(o.id) {
            let values = OrgValues::of(&o);
            fields.set(values.clone());
            errors.0.set(Vec::new());
            form_error.set(None);
            saved.set(Some((o.id, values)));
        }
    });

    let locked = move || {
        org.with(|o| {
            o.as_ref()
                .is_some_and(|o| o.status == OrganizationStatus::Locked)
        })
    };
    let may_edit = move || current.can(Permission::ManageOrganization);
    let read_only = Signal::derive(move || locked() || !may_edit() || saving.get());
    let customer_id_changed = move || {
        saved.with(|s| {
            s.as_ref()
                .is_some_and(|(_, v)| v.customer_id.trim() != fields.customer_id.get().trim())
        })
    };

    let submit = {
        let client = client.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if saving.get_untracked() || read_only.get_untracked() {
                return;
            }
            let Some((id, base)) = saved.get_untracked() else {
                return;
            };
            let form = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok());
            let body = fields.values().to_update(&base);
            form_error.set(None);
            if is_empty_update(&body) {
                toasts.success(t.details_unchanged);
                return;
            }
            let local = validate_update(&body);
            if !local.is_empty() {
                errors.0.set(local);
                focus_first_invalid(form);
                return;
            }
            saving.set(true);
            let client = client.clone();
            leptos::task::spawn_local(async move {
                let result = api::organizations::update(&client, id, &body).await;
                saving.set(false);
                match result {
                    Ok(o) => {
                        let values = OrgValues::of(&o);
                        fields.set(values.clone());
                        saved.set(Some((o.id, values)));
                        current.set(o);
                        toasts.success(t.details_saved);
                    }
                    Err(e @ ApiError::Validation(_)) if !e.field_errors().is_empty() => {
                        errors.0.set(e.field_errors().to_vec());
                        focus_first_invalid(form);
                    }
                    Err(e) => {
                        if e.code() == Some(roster_api::errors::codes::ORGANIZATION_LOCKED) {
                            current.reload();
                        }
                        form_error.set(Some(e.message(t)));
                    }
                }
            });
        }
    };

    let locking = RwSignal::new(false);
    let transferring = RwSignal::new(false);
    let unlocking = RwSignal::new(false);
    let stored_client = StoredValue::new_local(client);
    let unlock = move |_| {
        let Some(id) = org.with_untracked(|o| o.as_ref().map(|o| o.id)) else {
            return;
        };
        if unlocking.get_untracked() {
            return;
        }
        unlocking.set(true);
        let client = stored_client.get_value();
        leptos::task::spawn_local(async move {
            let result = api::organizations::unlock(&client, id).await;
            unlocking.set(false);
            match result {
                Ok(o) => {
                    toasts.success(fill(t.unlocked_toast, &[("name", &o.name)]));
                    current.set(o);
                }
                Err(e) => toasts.error(e.message(t)),
            }
        });
    };

    let meta = move || {
        org.get().map(|o: Organization| {
            let members = plural(locale, o.member_count, t.details_member_one, t.details_members);
            view! {
                <p class="roster-details__meta">
                    <OrgStatusBadge status=o.status/>
                    <span>{fill(t.details_created, &[("date", &format_date(locale, &o.created_at))])}</span>
                    <span aria-hidden="true">"·"</span>
                    <span>{members}</span>
                </p>
            }
        })
    };
    let platform_lock = move || {
        org.with(|o| {
            o.as_ref()
                .is_some_and(|o| o.locked_by == Some(LockedBy::Platform))
        })
    };

    view! {
        <div class="roster-details">
            <form class="roster-form roster-card" novalidate on:submit=submit aria-labelledby=dom_id("details-title")>
                <h2 class="roster-card__title" id=dom_id("details-title")>{t.details_title}</h2>
                {meta}
                <Show when=locked>
                    <p class="roster-note roster-note--locked" id=dom_id("locked-note")>{t.locked_write_disabled}</p>
                </Show>
                <Show when=move || !locked() && org.with(|o| o.is_some()) && !may_edit()>
                    <p class="roster-note">{t.details_read_only}</p>
                </Show>
                <div class="roster-form__grid">
                    <TextField label=t.field_name name="name" value=fields.name error=errors.of("name") required=true disabled=read_only/>
                    <TextField label=t.field_email name="email" value=fields.email error=errors.of("email") input_type="email"
                        hint=Signal::derive(move || t.details_owner_email_hint.to_owned()) disabled=true/>
                    <TextField label=t.field_owner_firstname name="owner_firstname" value=fields.owner_firstname
                        error=errors.of("owner_firstname") required=true disabled=read_only/>
                    <TextField label=t.field_owner_lastname name="owner_lastname" value=fields.owner_lastname
                        error=errors.of("owner_lastname") required=true disabled=read_only/>
                    <TextField label=t.field_phone name="phone_number" value=fields.phone_number error=errors.of("phone_number")
                        input_type="tel" disabled=read_only/>
                    <div class="roster-form__cell">
                        <TextField label=t.field_customer_id name="customer_id" value=fields.customer_id
                            error=errors.of("customer_id") disabled=read_only/>
                        <Show when=customer_id_changed>
                            <p class="roster-note roster-note--warning" role="status">{t.details_customer_id_warning}</p>
                        </Show>
                    </div>
                    <TextField label=t.field_siren name="siren_number" value=fields.siren_number error=errors.of("siren_number")
                        disabled=read_only/>
                    <div class="roster-form__wide">
                        <TextField label=t.field_comment name="comment" value=fields.comment error=errors.of("comment")
                            multiline=true disabled=read_only/>
                    </div>
                </div>
                <p class="roster-form__error" role="alert" hidden=move || form_error.with(|e| e.is_none())>
                    {move || form_error.get()}
                </p>
                <div class="roster-form__actions" hidden=move || !may_edit()>
                    <button
                        type="submit"
                        class="roster-button roster-button--primary"
                        disabled=read_only
                        title=move || locked().then_some(t.locked_write_disabled)
                        aria-describedby=move || locked().then(|| dom_id("locked-note"))
                    >
                        {move || if saving.get() { t.saving } else { t.save }}
                    </button>
                </div>
            </form>
            <Show when=may_edit>
                <section class="roster-card roster-details__lock" aria-labelledby=dom_id("owner-title")>
                    <h2 class="roster-card__title" id=dom_id("owner-title")>{t.transfer_section}</h2>
                    <p>
                        {move || org.with(|o| o.as_ref().map(|o| {
                            fill(t.transfer_current, &[("name", &owner_name(o)), ("email", &o.email)])
                        }))}
                    </p>
                    <p class="roster-muted">{t.transfer_explain}</p>
                    <button
                        type="button"
                        class="roster-button"
                        disabled=locked
                        title=move || locked().then_some(t.locked_write_disabled)
                        aria-describedby=move || locked().then(|| dom_id("locked-note"))
                        on:click=move |_| transferring.set(true)
                    >
                        {t.transfer_action}
                    </button>
                </section>
            </Show>
            <Show when=may_edit>
                <section class="roster-card roster-details__lock" aria-labelledby=dom_id("lock-title")>
                    <h2 class="roster-card__title" id=dom_id("lock-title")>{t.lock_section}</h2>
                    <p>{t.lock_explain}</p>
                    <Show
                        when=locked
                        fallback=move || view! {
                            <button type="button" class="roster-button roster-button--danger" on:click=move |_| locking.set(true)>
                                {t.lock_action}
                            </button>
                        }
                    >
                        <Show when=platform_lock>
                            <p class="roster-note">{t.unlock_platform}</p>
                        </Show>
                        <button
                            type="button"
                            class="roster-button roster-button--primary"
                            disabled=move || unlocking.get()
                            on:click=unlock
                        >
                            {move || if unlocking.get() { t.unlocking } else { t.unlock_action }}
                        </button>
                    </Show>
                </section>
            </Show>
            <TransferDialog
                org=Signal::derive(move || org.get())
                open=transferring
                on_close=move |_| transferring.set(false)
                on_done=move |o: Organization| {
                    transferring.set(false);
                    // The owner fields follow; whatever else is being typed stays.
                    fields.email.set(o.email.clone());
                    fields.owner_firstname.set(o.owner_firstname.clone());
                    fields.owner_lastname.set(o.owner_lastname.clone());
                    saved.update(|s| {
                        if let Some((_, v)) = s {
                            v.email = o.email.clone();
                            v.owner_firstname = o.owner_firstname.clone();
                            v.owner_lastname = o.owner_lastname.clone();
                        }
                    });
                    current.set(o);
                }
            />
            <LockDialog
                org=Signal::derive(move || org.get())
                open=locking
                on_close=move |_| locking.set(false)
                on_locked=move |o: Organization| {
                    locking.set(false);
                    current.set(o);
                }
            />
        </div>
    }
}
