//! Labelled form fields with their error next to them.

use leptos::prelude::*;

use super::unique_id;

#[component]
pub fn TextField(
    /// The visible label, also the accessible name.
    label: &'static str,
    /// The value, two-way.
    value: RwSignal<String>,
    /// The error to show under the field; marks it invalid.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
    /// A hint under the label.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
    /// `text` (default), `email`, `tel`.
    #[prop(optional)]
    input_type: Option<&'static str>,
    /// `autocomplete` attribute (`off` by default).
    #[prop(optional)]
    autocomplete: Option<&'static str>,
    /// Whether the field must be filled (shown, and told to assistive tech).
    #[prop(optional)]
    required: bool,
    /// A multi-line text area instead of a one-line input.
    #[prop(optional)]
    multiline: bool,
    /// Disables the field.
    #[prop(optional, into)]
    disabled: Signal<bool>,
    /// Name of the field in requests and error lists, used as the form control's `name`.
    #[prop(optional)]
    name: Option<&'static str>,
    /// The virtual keyboard's kind (`numeric` for a code).
    #[prop(optional)]
    inputmode: Option<&'static str>,
) -> impl IntoView {
    let id = unique_id("field");
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let has_hint = hint.is_some();
    let described_by = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error.with(|e| e.is_some()) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let invalid = move || error.with(|e| e.is_some()).then_some("true");
    let on_input = move |ev: leptos::ev::Event| value.set(event_target_value(&ev));
    let control = if multiline {
        view! {
            <textarea
                id=id.clone()
                class="roster-field__input roster-field__input--multiline"
                name=name
                rows="3"
                required=required
                disabled=move || disabled.get()
                aria-invalid=invalid
                aria-describedby=described_by.clone()
                prop:value=move || value.get()
                on:input=on_input
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                class="roster-field__input"
                name=name
                type=input_type.unwrap_or("text")
                autocomplete=autocomplete.unwrap_or("off")
                inputmode=inputmode
                required=required
                disabled=move || disabled.get()
                aria-invalid=invalid
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=on_input
            />
        }
        .into_any()
    };
    view! {
        <div class="roster-field" class:roster-field--invalid=move || error.with(|e| e.is_some())>
            <label class="roster-field__label" for=id>
                {label}
                {required.then(|| view! { <span class="roster-field__required" aria-hidden="true">" *"</span> })}
            </label>
            {hint.map(|h| view! { <p class="roster-field__hint" id=hint_id>{move || h.get()}</p> })}
            {control}
            <p class="roster-field__error" id=error_id hidden=move || error.with(|e| e.is_none())>
                {move || error.get()}
            </p>
        </div>
    }
}
