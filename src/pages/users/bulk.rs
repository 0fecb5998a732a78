//! Bulk actions on the selected members: add them to a group, remove them.

use leptos::prelude::*;
use roster_api::{Group, Member, MemberType};
use uuid::Uuid;

use super::member_name;
use crate::api::{self, use_api};
use crate::components::dialog::Dialog;
use crate::components::unique_id;
use crate::i18n::{fill, format_number, plural, use_locale};
use crate::state::toasts::use_toasts;

/// How many names the confirmation lists before "and N more".
const NAMES_SHOWN: usize = 10;

#[component]
pub fn AddToGroupDialog(
    /// Whether the dialog is shown.
    #[prop(into)]
    open: Signal<bool>,
    /// The organization.
    #[prop(into)]
    org_id: Signal<Uuid>,
    /// The members to add.
    #[prop(into)]
    members: Signal<Vec<Member>>,
    /// The organization's groups to choose from.
    #[prop(into)]
    groups: Signal<Vec<Group>>,
    /// Called on Cancel or Esc.
    #[prop(into)]
    on_close: Callback<()>,
    /// Called once the members were added.
    #[prop(into)]
    on_done: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let toasts = use_toasts();
    let title = Signal::derive(move || t.bulk_add_title.to_owned());
    view! {
        <Dialog open=open on_close=on_close title=title>
            {
                let client = use_api();
                let choice = RwSignal::new(None::<Uuid>);
                let busy = RwSignal::new(false);
                let error = RwSignal::new(None::<String>);
                let select_id = unique_id("bulk-group");
                let submit = move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    let Some(group) = choice.get_untracked() else {
                        return;
                    };
                    let group_name = groups
                        .with_untracked(|gs| gs.iter().find(|g| g.id == group).map(|g| g.name.clone()))
                        .unwrap_or_default();
                    let ids = members.with_untracked(|m| m.iter().map(|m| m.id).collect::<Vec<_>>());
                    let client = client.clone();
                    let org = org_id.get_untracked();
                    busy.set(true);
                    error.set(None);
                    leptos::task::spawn_local(async move {
                        let result = api::groups::add_members(&client, org, group, ids).await;
                        let _ = busy.try_set(false);
                        match result {
                            Ok(r) => {
                                let text = plural(locale, r.affected, t.bulk_added_one, t.bulk_added_other);
                                toasts.success(fill(&text, &[("group", &group_name)]));
                                on_done.run(());
                            }
                            Err(e) => {
                                let _ = error.try_set(Some(e.message(t)));
                            }
                        }
                    });
                };
                view! {
                    <form class="roster-form" novalidate on:submit=submit>
                        <p>{move || plural(locale, members.with(|m| m.len()) as u64, t.bulk_add_lead_one, t.bulk_add_lead_other)}</p>
                        <Show
                            when=move || groups.with(|g| !g.is_empty())
                            fallback=move || view! { <p class="roster-muted">{t.no_groups}</p> }
                        >
                            <div class="roster-field">
                                <label class="roster-field__label" for=select_id.clone()>{t.filter_group}</label>
                                <select
                                    id=select_id.clone()
                                    class="roster-select"
                                    required=true
                                    on:change=move |ev| choice.set(Uuid::parse_str(&event_target_value(&ev)).ok())
                                >
                                    <option value="">{t.filter_any}</option>
                                    {move || groups.get().into_iter().map(|g| view! {
                                        <option value=g.id.to_string()>{g.name}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                        </Show>
                        <p class="roster-form__error" role="alert" hidden=move || error.with(|e| e.is_none())>
                            {move || error.get()}
                        </p>
                        <div class="roster-form__actions">
                            <button type="button" class="roster-button" on:click=move |_| on_close.run(())>{t.cancel}</button>
                            <button
                                type="submit"
                                class="roster-button roster-button--primary"
                                disabled=move || busy.get() || choice.with(|c| c.is_none())
                            >
                                {move || if busy.get() { t.adding } else { t.bulk_add_submit }}
                            </button>
                        </div>
                    </form>
                }
            }
        </Dialog>
    }
}

#[component]
pub fn RemoveDialog(
    /// Whether the dialog is shown.
    #[prop(into)]
    open: Signal<bool>,
    /// The organization.
    #[prop(into)]
    org_id: Signal<Uuid>,
    /// The members to remove (an owner among them is left out).
    #[prop(into)]
    members: Signal<Vec<Member>>,
    /// Called on Cancel or Esc.
    #[prop(into)]
    on_close: Callback<()>,
    /// Called once the members were removed.
    #[prop(into)]
    on_done: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let toasts = use_toasts();
    let removable = move || {
        members.with_untracked(|m| {
            m.iter()
                .filter(|m| m.member_type != MemberType::Owner)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let title = Signal::derive(move || {
        plural(
            locale,
            members.with(|m| {
                m.iter()
                    .filter(|m| m.member_type != MemberType::Owner)
                    .count()
            }) as u64,
            t.remove_title_one,
            t.remove_title_other,
        )
    });
    view! {
        <Dialog open=open on_close=on_close title=title>
            {
                let client = use_api();
                let events = crate::embed::events::use_embed_events();
                let busy = RwSignal::new(false);
                let error = RwSignal::new(None::<String>);
                let list = removable();
                let more = list.len().saturating_sub(NAMES_SHOWN);
                let ids: Vec<Uuid> = list.iter().map(|m| m.id).collect();
                let confirm = move |_| {
                    let client = client.clone();
                    let ids = ids.clone();
                    let org = org_id.get_untracked();
                    busy.set(true);
                    error.set(None);
                    leptos::task::spawn_local(async move {
                        let result = api::members::remove(&client, org, ids.clone()).await;
                        let _ = busy.try_set(false);
                        match result {
                            Ok(r) => {
                                events.member_removed(org, &ids);
                                toasts.success(plural(locale, r.affected, t.removed_one, t.removed_other));
                                on_done.run(());
                            }
                            Err(e) => {
                                let _ = error.try_set(Some(e.message(t)));
                            }
                        }
                    });
                };
                view! {
                    <p>{t.remove_lead}</p>
                    <ul class="roster-name-list">
                        {list.into_iter().take(NAMES_SHOWN).map(|m| view! {
                            <li><strong>{member_name(&m)}</strong>" "<span class="roster-muted">{m.email.clone()}</span></li>
                        }).collect_view()}
                        {(more > 0).then(|| view! { <li class="roster-muted">{fill(t.remove_more, &[("n", &format_number(locale, more as u64))])}</li> })}
                    </ul>
                    <p class="roster-form__error" role="alert" hidden=move || error.with(|e| e.is_none())>
                        {move || error.get()}
                    </p>
                    <div class="roster-form__actions">
                        <button type="button" class="roster-button" on:click=move |_| on_close.run(())>{t.cancel}</button>
                        <button
                            type="button"
                            class="roster-button roster-button--danger"
                            disabled=move || busy.get()
                            on:click=confirm
                        >
                            {move || if busy.get() { t.removing } else { t.remove_confirm }}
                        </button>
                    </div>
                }
            }
        </Dialog>
    }
}
