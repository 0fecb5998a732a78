//! Editing one member: tags, groups, permissions. The row updates from the
//! server's answer, without reloading the page. Only permissions the
//! signed-in person holds can change; one's own and the owner's cannot.

use leptos::prelude::*;
use roster_api::{Group, Member, MemberType, Permission, UpdateMember};
use uuid::Uuid;

use super::member_name;
use crate::api::{self, use_api, ApiError};
use crate::components::dialog::Dialog;
use crate::components::permission_checklist::{full_catalogue, PermissionChecklist};
use crate::components::tag_editor::{tags_to_send, TagEditor};
use crate::i18n::{fill, use_locale};
use crate::state::org::use_current_org;
use crate::state::session::Session;
use crate::state::toasts::use_toasts;

#[component]
pub fn EditMemberDialog(
    /// The member being edited; the dialog is open while this is `Some`.
    #[prop(into)]
    member: Signal<Option<Member>>,
    /// The organization.
    #[prop(into)]
    org_id: Signal<Uuid>,
    /// The organization's groups to choose from.
    #[prop(into)]
    groups: Signal<Vec<Group>>,
    /// Tag keys used in the organization, offered while typing a key.
    #[prop(into)]
    suggestions: Signal<Vec<String>>,
    /// Called on Cancel or Esc.
    #[prop(into)]
    on_close: Callback<()>,
    /// Called with the member as saved.
    #[prop(into)]
    on_saved: Callback<Member>,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let toasts = use_toasts();
    let current = use_current_org();
    let session = use_context::<Session>();
    let title = Signal::derive(move || {
        member.with(|m| {
            m.as_ref()
                .map(|m| fill(t.edit_user, &[("name", &member_name(m))]))
                .unwrap_or_default()
        })
    });
    view! {
        <Dialog open=Signal::derive(move || member.with(|m| m.is_some())) on_close=on_close title=title>
            {
                let client = use_api();
                let Some(m) = member.get_untracked() else {
                    return ().into_any();
                };
                let user_id = m.id;
                let name = member_name(&m);
                let tags = RwSignal::new(m.tags.clone());
                let group_ids = RwSignal::new(m.groups.iter().map(|g| g.id).collect::<Vec<_>>());
                let permissions = RwSignal::new(m.permissions.clone());
                // Nobody changes their own permissions, nor the owner's.
                let is_me = session
                    .and_then(|s| s.me.get_untracked())
                    .is_some_and(|me| me.id == m.id);
                let locked_reason = if is_me {
                    Some(t.perm_own_locked)
                } else if m.member_type == MemberType::Owner {
                    Some(t.perm_owner_locked)
                } else {
                    None
                };
                let before = m.permissions.clone();
                let busy = RwSignal::new(false);
                let error = RwSignal::new(None::<ApiError>);
                let submit = move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    if busy.get_untracked() {
                        return;
                    }
                    // The editor shows each broken rule next to its tag.
                    let Some(tag_list) = tags.with_untracked(|t| tags_to_send(t)) else {
                        return;
                    };
                    let body = UpdateMember {
                        tags: Some(tag_list),
                        group_ids: Some(group_ids.get_untracked()),
                        // Sent only when changed: the server refuses changes the
                        // signed-in person may not make, never an unchanged set.
                        permissions: permissions
                            .with_untracked(|p| !same_set(p, &before))
                            .then(|| permissions.get_untracked()),
                    };
                    let client = client.clone();
                    let org = org_id.get_untracked();
                    let name = name.clone();
                    busy.set(true);
                    error.set(None);
                    leptos::task::spawn_local(async move {
                        let result = api::members::update(&client, org, user_id, &body).await;
                        let _ = busy.try_set(false);
                        match result {
                            Ok(saved) => {
                                toasts.success(fill(t.user_saved, &[("name", &name)]));
                                on_saved.run(saved);
                            }
                            Err(e) => {
                                let _ = error.try_set(Some(e));
                            }
                        }
                    });
                };
                // A rule only the server knows (a group deleted meanwhile, say) is
                // shown next to its section.
                let field_error = move |prefix: &'static str| {
                    error.with(|e| {
                        e.as_ref().and_then(|e| {
                            e.field_errors()
                                .iter()
                                .find(|f| f.field.starts_with(prefix))
                                .map(|f| crate::i18n::rules::field_error(t, f))
                        })
                    })
                };
                let toggle = move |list: RwSignal<Vec<Uuid>>, id: Uuid, on: bool| {
                    list.update(|l| {
                        l.retain(|x| *x != id);
                        if on {
                            l.push(id);
                        }
                    })
                };
                view! {
                    <form class="roster-form roster-edit" novalidate on:submit=submit>
                        <p class="roster-muted">{m.email.clone()}</p>
                        <TagEditor tags=tags suggestions=suggestions/>
                        <p class="roster-field__error" hidden=move || field_error("tags").is_none()>
                            {move || field_error("tags")}
                        </p>
                        <fieldset class="roster-fieldset">
                            <legend class="roster-fieldset__legend">{t.edit_groups}</legend>
                            <Show
                                when=move || groups.with(|g| !g.is_empty())
                                fallback=move || view! { <p class="roster-muted">{t.no_groups}</p> }
                            >
                                <ul class="roster-checklist">
                                    {move || groups.get().into_iter().map(|g| {
                                        let id = g.id;
                                        view! {
                                            <li>
                                                <label class="roster-check">
                                                    <input
                                                        type="checkbox"
                                                        class="roster-checkbox"
                                                        prop:checked=move || group_ids.with(|l| l.contains(&id))
                                                        on:change=move |ev| toggle(group_ids, id, event_target_checked(&ev))
                                                    />
                                                    <span>{g.name}</span>
                                                </label>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </Show>
                            <p class="roster-field__error" hidden=move || field_error("group_ids").is_none()>
                                {move || field_error("group_ids")}
                            </p>
                        </fieldset>
                        <PermissionChecklist
                            catalogue=Signal::stored(full_catalogue())
                            selected=permissions
                            held=Signal::derive(move || current.org().map(|o| o.my_permissions).unwrap_or_default())
                            reason=Signal::stored(locked_reason)
                        />
                        <p class="roster-form__error" role="alert" hidden=move || error.with(|e| e.is_none())>
                            {move || error.with(|e| e.as_ref().map(|e| e.message(t)))}
                        </p>
                        <div class="roster-form__actions">
                            <button type="button" class="roster-button" on:click=move |_| on_close.run(())>{t.cancel}</button>
                            <button type="submit" class="roster-button roster-button--primary" disabled=move || busy.get()>
                                {move || if busy.get() { t.saving } else { t.save }}
                            </button>
                        </div>
                    </form>
                }.into_any()
            }
        </Dialog>
    }
}

/// Whether two permission lists hold the same permissions, in any order.
fn same_set(a: &[Permission], b: &[Permission]) -> bool {
    a.iter().all(|p| b.contains(p)) && b.iter().all(|p| a.contains(p))
}

#[cfg(test)]
mod tests {
    use super::same_set;
    use roster_api::Permission::*;

    #[test]
    fn permission_sets_compare_without_order() {
        assert!(same_set(
            &[ViewMembers, ApiAccess],
            &[ApiAccess, ViewMembers]
        ));
        assert!(!same_set(&[ViewMembers], &[ViewMembers, ApiAccess]));
        assert!(same_set(&[], &[]));
    }
}
