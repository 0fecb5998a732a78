//! "Transfer ownership": pick the new owner among the members, then confirm
//! with both people named. The only way the owner changes.

use leptos::html;
use leptos::prelude::*;
use roster_api::{Member, MemberFilters, MemberType, Organization, PageParams};

use crate::api::{self, use_api};
use crate::components::dialog::Dialog;
use crate::components::search_input::DebouncedInput;
use crate::components::unique_id;
use crate::i18n::{fill, use_texts};
use crate::pages::users::member_name;
use crate::state::loader::use_loader;
use crate::state::toasts::use_toasts;

/// Members offered at once; a search narrows them down.
const CHOICES: u32 = 20;

/// The owner as the organization names it: first and last name, or the email.
pub fn owner_name(o: &Organization) -> String {
    let name = format!("{} {}", o.owner_firstname.trim(), o.owner_lastname.trim());
    let name = name.trim();
    if name.is_empty() {
        o.email.clone()
    } else {
        name.to_owned()
    }
}

#[component]
pub fn TransferDialog(
    /// The organization whose owner changes.
    #[prop(into)]
    org: Signal<Option<Organization>>,
    /// Whether the dialog is open.
    #[prop(into)]
    open: Signal<bool>,
    /// Called to close it.
    #[prop(into)]
    on_close: Callback<()>,
    /// Called with the organization as the server answered (its new owner).
    #[prop(into)]
    on_done: Callback<Organization>,
) -> impl IntoView {
    let t = use_texts();
    let title = Signal::derive(move || {
        let name = org.with(|o| o.as_ref().map(|o| o.name.clone()).unwrap_or_default());
        fill(t.transfer_title, &[("name", &name)])
    });
    view! {
        <Dialog open=open on_close=on_close title=title>
            {
                let Some(o) = org.get_untracked() else {
                    return ().into_any();
                };
                view! { <TransferForm org=o on_close=on_close on_done=on_done/> }.into_any()
            }
        </Dialog>
    }
}

/// The dialog's body, made afresh each time it opens.
#[component]
fn TransferForm(
    org: Organization,
    on_close: Callback<()>,
    on_done: Callback<Organization>,
) -> impl IntoView {
    let t = use_texts();
    let client = use_api();
    let toasts = use_toasts();
    let org_id = org.id;
    let search = RwSignal::new(String::new());
    let chosen = RwSignal::new(None::<Member>);
    // Whether the confirmation (both people named) is shown.
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let confirm_ref = NodeRef::<html::Button>::new();
    let choose_ref = NodeRef::<html::Button>::new();
    // Focus follows the step: the confirm button, or Continue after Back.
    Effect::new(move |prev: Option<()>| {
        let on = confirming.get();
        if prev.is_none() {
            return;
        }
        request_animation_frame(move || {
            let button = if on { confirm_ref } else { choose_ref };
            if let Some(b) = button.get_untracked() {
                let _ = b.focus();
            }
        });
    });
    let members = use_loader(
        move || search.get(),
        move |client, q: String| async move {
            let page = PageParams {
                page: Some(1),
                page_size: Some(CHOICES),
                order_by: Some("display_name".to_owned()),
            };
            let filters = MemberFilters {
                search: Some(q).filter(|q| !q.is_empty()),
                member_type: Some(MemberType::Member),
                ..MemberFilters::default()
            };
            api::members::list(&client, org_id, &page, &filters).await
        },
    );
    let group = unique_id("new-owner");
    let old = owner_name(&org);
    let org_name = org.name.clone();
    let lead = {
        let (old, org_name) = (old.clone(), org_name.clone());
        move || {
            chosen.with(|m| {
                m.as_ref().map(|m| {
                    fill(
                        t.transfer_confirm_lead,
                        &[("new", &member_name(m)), ("org", &org_name), ("old", &old)],
                    )
                })
            })
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(m) = chosen.get_untracked() else {
            error.set(Some(t.transfer_pick_first.to_owned()));
            return;
        };
        if !confirming.get_untracked() {
            error.set(None);
            confirming.set(true);
            return;
        }
        busy.set(true);
        error.set(None);
        let client = client.clone();
        leptos::task::spawn_local(async move {
            let result = api::organizations::transfer_ownership(&client, org_id, m.id).await;
            let _ = busy.try_set(false);
            match result {
                Ok(o) => {
                    toasts.success(fill(
                        t.transfer_done,
                        &[("name", &member_name(&m)), ("org", &o.name)],
                    ));
                    on_done.run(o);
                }
                Err(e) => {
                    let _ = error.try_set(Some(
                        e.field_error(t, "user_id").unwrap_or_else(|| e.message(t)),
                    ));
                }
            }
        });
    };
    let option = move |m: Member| {
        let id = m.id;
        let name = member_name(&m);
        let email = m.email.clone();
        view! {
            <li>
                <label class="roster-check">
                    <input
                        type="radio"
                        name=group.clone()
                        prop:checked=move || chosen.with(|c| c.as_ref().is_some_and(|c| c.id == id))
                        on:change=move |_| {
                            error.set(None);
                            chosen.set(Some(m.clone()));
                        }
                    />
                    <span class="roster-check__text">
                        <span>{name}</span>
                        <span class="roster-check__description">{email}</span>
                    </span>
                </label>
            </li>
        }
    };
    let choices = move || match members.for_key(&search.get()) {
        None => view! { <p class="roster-muted">{t.loading}</p> }.into_any(),
        Some(Err(e)) => view! { <p class="roster-form__error">{e.message(t)}</p> }.into_any(),
        Some(Ok(page)) if page.items.is_empty() => {
            view! { <p class="roster-muted">{t.transfer_none}</p> }.into_any()
        }
        Some(Ok(page)) => view! {
            <ul class="roster-select-list__options" role="list">
                {page.items.into_iter().map(option.clone()).collect_view()}
            </ul>
        }
        .into_any(),
    };
    view! {
        <form class="roster-form" novalidate on:submit=submit>
            <Show
                when=move || confirming.get()
                fallback=move || view! {
                    <p class="roster-form__lead">{fill(t.transfer_current, &[("name", &old), ("email", &org.email)])}</p>
                    <DebouncedInput label=t.transfer_search value=search on_change=move |s: String| search.set(s) search=true/>
                    <fieldset class="roster-select-list">
                        <legend class="roster-field__label">{t.transfer_choose}</legend>
                        {choices.clone()}
                    </fieldset>
                }
            >
                <p class="roster-form__lead" role="status">{lead.clone()}</p>
            </Show>
            <p class="roster-form__error" role="alert" hidden=move || error.with(Option::is_none)>
                {move || error.get()}
            </p>
            <div class="roster-form__actions">
                <Show
                    when=move || confirming.get()
                    fallback=move || view! {
                        <button type="button" class="roster-button" on:click=move |_| on_close.run(())>{t.cancel}</button>
                        <button type="submit" class="roster-button roster-button--primary" node_ref=choose_ref>{t.transfer_continue}</button>
                    }
                >
                    <button type="button" class="roster-button" on:click=move |_| confirming.set(false)>{t.transfer_back}</button>
                    <button
                        type="submit"
                        class="roster-button roster-button--danger"
                        node_ref=confirm_ref
                        aria-disabled=move || busy.get().then_some("true")
                    >
                        {move || if busy.get() { t.transfer_busy } else { t.transfer_confirm }}
                    </button>
                </Show>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_owner_is_named_by_name_or_email() {
        let mut o: Organization = serde_json::from_value(serde_json::json!({
            "id": "6f1c2a52-7a43-4c55-9a3e-0d6c3f3b2a10", "name": "Acme", "email": "a@acme.test",
            "status": "active", "owner_firstname": "Ann", "owner_lastname": "", "phone_number": null,
            "siren_number": null, "customer_id": null, "comment": null, "picture_link": null,
            "created_at": "2026-01-01T00:00:00Z", "lock_reason_message": null, "locked_by": null,
            "locked_at": null, "member_count": 1, "my_permissions": []
        }))
        .expect("organization");
        assert_eq!(owner_name(&o), "Ann");
        o.owner_firstname = " ".into();
        assert_eq!(owner_name(&o), "a@acme.test");
    }
}
