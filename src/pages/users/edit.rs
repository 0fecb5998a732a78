//! Editing one member: tags, groups, permissions. The row updates from the
//! server's answer, without reloading the page.

use leptos::prelude::*;
use roster_api::{Group, Member, Permission, UpdateMember};
use uuid::Uuid;

use super::member_name;
use crate::api::{self, use_api, ApiError};
use crate::components::dialog::Dialog;
use crate::components::tag_editor::{tags_to_send, TagEditor};
use crate::i18n::{fill, use_locale};
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
                        permissions: Some(permissions.get_untracked()),
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
                        <fieldset class="roster-fieldset">
                            <legend class="roster-fieldset__legend">{t.edit_permissions}</legend>
                            <ul class="roster-checklist">
                                {Permission::ALL.into_iter().map(|p| view! {
                                    <li>
                                        <label class="roster-check">
                                            <input
                                                type="checkbox"
                                                class="roster-checkbox"
                                                prop:checked=move || permissions.with(|l| l.contains(&p))
                                                on:change=move |ev| {
                                                    let on = event_target_checked(&ev);
                                                    permissions.update(|l| {
                                                        l.retain(|x| *x != p);
                                                        if on {
                                                            l.push(p);
                                                        }
                                                    });
                                                }
                                            />
                                            <span>
                                                <span class="roster-check__label">{crate::i18n::rules::permission_label(t, p)}</span>
                                                <span class="roster-check__hint">{crate::i18n::rules::permission_description(t, p)}</span>
                                            </span>
                                        </label>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </fieldset>
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
