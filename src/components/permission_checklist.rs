//! The permission catalogue as a checklist: label, description, "Select all".

use leptos::prelude::*;
use roster_api::{Permission, PermissionInfo};

use super::unique_id;
use crate::i18n::use_texts;

#[component]
pub fn PermissionChecklist(
    /// The catalogue (`GET /permissions`), in display order.
    #[prop(into)]
    catalogue: Signal<Vec<PermissionInfo>>,
    /// The chosen permissions, two-way.
    selected: RwSignal<Vec<Permission>>,
    /// Disables every box.
    #[prop(optional, into)]
    disabled: Signal<bool>,
) -> impl IntoView {
    let t = use_texts();
    let all = move || catalogue.with(|c| c.iter().map(|p| p.permission).collect::<Vec<_>>());
    let count = move || selected.with(Vec::len);
    let every = move || count() > 0 && count() >= catalogue.with(Vec::len);
    let some = move || count() > 0 && !every();
    let item = move |p: PermissionInfo| {
        let desc_id = unique_id("perm");
        let id = p.permission;
        view! {
            <li>
                <label class="roster-check">
                    <input
                        type="checkbox"
                        aria-describedby=desc_id.clone()
                        disabled=move || disabled.get()
                        prop:checked=move || selected.with(|s| s.contains(&id))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            selected.update(|s| super::set_membership(s, id, on));
                        }
                    />
                    <span class="roster-check__text">
                        <span>{crate::i18n::rules::permission_label(t, id)}</span>
                        <span class="roster-check__description" id=desc_id>{crate::i18n::rules::permission_description(t, id)}</span>
                    </span>
                </label>
            </li>
        }
    };
    view! {
        <fieldset class="roster-select-list">
            <legend class="roster-field__label">{t.permissions_label}</legend>
            <label class="roster-check roster-check--all">
                <input
                    type="checkbox"
                    disabled=move || disabled.get()
                    prop:checked=every
                    prop:indeterminate=some
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        selected.set(if on { all() } else { Vec::new() });
                    }
                />
                <span>{t.permissions_select_all}</span>
            </label>
            <ul class="roster-select-list__options roster-select-list__options--tall" role="list">
                <For each=move || catalogue.get() key=|p| p.permission children=item/>
            </ul>
        </fieldset>
    }
}
