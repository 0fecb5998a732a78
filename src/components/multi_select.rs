//! A searchable list of checkboxes (the organization's groups, say), with an
//! optional "Create “…”" for a name that matches nothing.

use leptos::prelude::*;
use uuid::Uuid;

use super::unique_id;
use crate::i18n::{fill, use_texts};

#[component]
pub fn MultiSelect(
    /// The legend of the group of checkboxes.
    label: &'static str,
    /// The accessible name of the search box.
    search_label: &'static str,
    /// Text of the create button; `{name}` is replaced by what was searched.
    #[prop(optional)]
    create_label: &'static str,
    /// The choices, as (id, name), in display order.
    #[prop(into)]
    options: Signal<Vec<(Uuid, String)>>,
    /// The chosen ids, two-way.
    selected: RwSignal<Vec<Uuid>>,
    /// When given, a search matching no name offers to create it; the owner
    /// adds the new option and selects it.
    #[prop(optional, into)]
    on_create: Option<Callback<String>>,
    /// Shown under the list: a failed load or create.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
    /// Disables every control.
    #[prop(optional, into)]
    disabled: Signal<bool>,
) -> impl IntoView {
    let t = use_texts();
    let query = RwSignal::new(String::new());
    let error_id = unique_id("select-error");
    let shown = Memo::new(move |_| {
        let q = query.with(|q| q.trim().to_lowercase());
        options.with(|o| {
            o.iter()
                .filter(|(_, name)| name.to_lowercase().contains(&q))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let chosen_names = move || {
        let names = selected.with(|s| {
            options.with(|o| {
                o.iter()
                    .filter(|(id, _)| s.contains(id))
                    .map(|(_, n)| n.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
        });
        if names.is_empty() {
            t.none_selected.to_owned()
        } else {
            fill(t.selected_list, &[("names", &names)])
        }
    };
    let can_create = move || {
        let q = query.with(|q| q.trim().to_owned());
        (!q.is_empty()
            && on_create.is_some()
            && options.with(|o| !o.iter().any(|(_, n)| n.eq_ignore_ascii_case(&q))))
        .then_some(q)
    };
    let item = move |(id, name): (Uuid, String)| {
        view! {
            <li>
                <label class="roster-check">
                    <input
                        type="checkbox"
                        disabled=move || disabled.get()
                        prop:checked=move || selected.with(|s| s.contains(&id))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            selected.update(|s| super::set_membership(s, id, on));
                        }
                    />
                    <span>{name}</span>
                </label>
            </li>
        }
    };
    view! {
        <fieldset class="roster-select-list" aria-describedby=error_id.clone()>
            <legend class="roster-field__label">{label}</legend>
            <p class="roster-field__hint">{chosen_names}</p>
            <input
                type="search"
                class="roster-field__input"
                aria-label=search_label
                autocomplete="off"
                disabled=move || disabled.get()
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    // Enter in the search box creates rather than submitting anything.
                    if ev.key() == "Enter" {
                        ev.prevent_default();
                        if let (Some(name), Some(create)) = (can_create(), on_create) {
                            create.run(name);
                            query.set(String::new());
                        }
                    }
                }
            />
            <ul class="roster-select-list__options" role="list">
                <For each=move || shown.get() key=|(id, _)| *id children=item/>
            </ul>
            {move || can_create().map(|name| {
                let text = fill(create_label, &[("name", &name)]);
                view! {
                    <button
                        type="button"
                        class="roster-button"
                        disabled=move || disabled.get()
                        on:click=move |_| {
                            if let Some(create) = on_create {
                                create.run(name.clone());
                                query.set(String::new());
                            }
                        }
                    >
                        {text}
                    </button>
                }
            })}
            <p class="roster-field__error" id=error_id.clone() hidden=move || error.with(Option::is_none)>
                {move || error.get()}
            </p>
        </fieldset>
    }
}
