//! A text input that reports its value after the user pauses typing.

use std::time::Duration;

use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;

use super::icons::SearchIcon;
use super::unique_id;

/// Wait after the last keystroke.
const DEBOUNCE: Duration = Duration::from_millis(250);

#[component]
pub fn DebouncedInput(
    /// The label (visible unless `hide_label`).
    label: &'static str,
    /// The value as the view state holds it; typing shows at once, reports later.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the trimmed text after a pause, or at once on Enter.
    #[prop(into)]
    on_change: Callback<String>,
    /// Keeps the label for assistive tech only (a search box with a placeholder).
    #[prop(optional)]
    hide_label: bool,
    /// Shows a magnifier and uses `type=search`.
    #[prop(optional)]
    search: bool,
    /// Placeholder text.
    #[prop(optional)]
    placeholder: Option<&'static str>,
) -> impl IntoView {
    let id = unique_id("input");
    let text = RwSignal::new(value.get_untracked());
    let pending = StoredValue::new(None::<TimeoutHandle>);
    // Follow outside changes (back/forward, "Clear filters").
    Effect::new(move |_| {
        let v = value.get();
        if text.get_untracked().trim() != v {
            text.set(v);
        }
    });
    let report = move || {
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        pending.set_value(None);
        on_change.run(text.get_untracked().trim().to_owned());
    };
    on_cleanup(move || {
        if let Some(Some(h)) = pending.try_get_value() {
            h.clear();
        }
    });
    view! {
        <div class="roster-input" class:roster-input--search=search>
            <label class="roster-input__label" class:roster-visually-hidden=hide_label for=id.clone()>{label}</label>
            <div class="roster-input__box">
                {search.then(|| view! { <SearchIcon/> })}
                <input
                    id=id
                    class="roster-input__control"
                    type=if search { "search" } else { "text" }
                    placeholder=placeholder
                    autocomplete="off"
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        text.set(event_target_value(&ev));
                        if let Some(h) = pending.get_value() {
                            h.clear();
                        }
                        pending.set_value(set_timeout_with_handle(report, DEBOUNCE).ok());
                    }
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" {
                            ev.prevent_default();
                            report();
                        }
                    }
                />
            </div>
        </div>
    }
}
