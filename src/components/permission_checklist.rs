//! The permission catalogue as a checklist: label, description, "Select all".
//! Permissions the signed-in person does not hold are greyed out with the
//! reason: nobody grants or removes a permission they lack.

use leptos::prelude::*;
use roster_api::{Permission, PermissionInfo};

use super::unique_id;
use crate::i18n::use_texts;

/// The whole catalogue in its order, from the contract (no request needed).
pub fn full_catalogue() -> Vec<PermissionInfo> {
    Permission::ALL
        .into_iter()
        .map(|p| PermissionInfo {
            permission: p,
            label: p.label().to_owned(),
            description: p.description().to_owned(),
        })
        .collect()
}

/// `selected` after "Select all" (`on`) or "Select none" (`!on`): only the
/// permissions in `grantable` change; the others stay as they are.
pub fn select_all(selected: &[Permission], grantable: &[Permission], on: bool) -> Vec<Permission> {
    let mut out: Vec<Permission> = selected
        .iter()
        .copied()
        .filter(|p| !grantable.contains(p))
        .collect();
    if on {
        out.extend(grantable.iter().copied());
    }
    out
}

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
    /// The permissions the signed-in person holds (the organization's
    /// `my_permissions`): only these can be checked or unchecked; the others
    /// are disabled with the reason. Every permission when not given.
    #[prop(optional, into)]
    held: Option<Signal<Vec<Permission>>>,
    /// Why none of the boxes can change (one's own permissions, the
    /// owner's): shown above the list, and every box is disabled.
    #[prop(optional, into)]
    reason: Signal<Option<&'static str>>,
) -> impl IntoView {
    let t = use_texts();
    let reason_id = unique_id("perm-reason");
    let holds = move |p: Permission| held.is_none_or(|h| h.with(|h| h.contains(&p)));
    let locked = move || disabled.get() || reason.with(Option::is_some);
    let grantable = move || {
        catalogue.with(|c| {
            c.iter()
                .map(|p| p.permission)
                .filter(|p| holds(*p))
                .collect::<Vec<_>>()
        })
    };
    let count = move || {
        let g = grantable();
        selected.with(|s| g.iter().filter(|p| s.contains(p)).count())
    };
    let every = move || count() > 0 && count() >= grantable().len();
    let some = move || count() > 0 && !every();
    let item = {
        let reason_id = reason_id.clone();
        move |p: PermissionInfo| {
            let desc_id = unique_id("perm");
            let id = p.permission;
            let described = {
                let (desc_id, reason_id) = (desc_id.clone(), reason_id.clone());
                move || {
                    if reason.with(Option::is_some) {
                        format!("{desc_id} {reason_id}")
                    } else {
                        desc_id.clone()
                    }
                }
            };
            view! {
                <li>
                    <label class="roster-check" class:roster-check--unavailable=move || !holds(id)>
                        <input
                            type="checkbox"
                            aria-describedby=described
                            disabled=move || locked() || !holds(id)
                            prop:checked=move || selected.with(|s| s.contains(&id))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                selected.update(|s| super::set_membership(s, id, on));
                            }
                        />
                        <span class="roster-check__text">
                            <span>{crate::i18n::rules::permission_label(t, id)}</span>
                            <span class="roster-check__description" id=desc_id>
                                {crate::i18n::rules::permission_description(t, id)}
                                <Show when=move || !holds(id)>
                                    " "<span class="roster-check__reason">{t.perm_not_held}</span>
                                </Show>
                            </span>
                        </span>
                    </label>
                </li>
            }
        }
    };
    view! {
        <fieldset class="roster-select-list">
            <legend class="roster-field__label">{t.permissions_label}</legend>
            <p class="roster-note" id=reason_id hidden=move || reason.with(Option::is_none)>
                {move || reason.get()}
            </p>
            <label class="roster-check roster-check--all">
                <input
                    type="checkbox"
                    disabled=move || locked() || grantable().is_empty()
                    prop:checked=every
                    prop:indeterminate=some
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        let g = grantable();
                        selected.update(|s| *s = select_all(s, &g, on));
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

#[cfg(test)]
mod tests {
    use super::*;
    use Permission::*;

    #[test]
    fn select_all_changes_only_what_is_held() {
        let held = [ManageMembers, ViewMembers];
        // A permission the person lacks stays checked through "select none"…
        assert_eq!(
            select_all(&[ManageBilling, ViewMembers], &held, false),
            [ManageBilling]
        );
        // …and is never added by "select all".
        assert_eq!(
            select_all(&[ApiAccess], &held, true),
            [ApiAccess, ManageMembers, ViewMembers]
        );
        assert_eq!(full_catalogue().len(), Permission::ALL.len());
    }
}
