//! The language switch of the standalone app: the languages the app speaks,
//! each named in its own language. A choice re-renders the UI in that
//! language at once and is remembered (`roster.locale`). Absent in a host,
//! where the `locale` option decides.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::unique_id;
use crate::i18n::{use_locale_switch, use_texts, Locale};

/// Class of the select, to give it focus back after the UI was rendered again.
const SELECT_CLASS: &str = "roster-language__select";

#[component]
pub fn LanguageSelect() -> impl IntoView {
    let switch = use_locale_switch()?;
    let t = use_texts();
    let current = switch.get();
    let id = unique_id("language");
    let on_change = move |ev: leptos::ev::Event| {
        let Some(locale) = Locale::match_tag(&event_target_value(&ev)) else {
            return;
        };
        if locale == switch.get() {
            return;
        }
        switch.set(locale);
        // The select was rendered again: keyboard users keep their place.
        request_animation_frame(|| {
            let select = document()
                .query_selector(&format!(".{SELECT_CLASS}"))
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(select) = select {
                let _ = select.focus();
            }
        });
    };
    Some(view! {
        <span class="roster-language">
            <label class="roster-visually-hidden" for=id.clone()>{t.language}</label>
            <select id=id class=format!("roster-select {SELECT_CLASS}") on:change=on_change>
                {Locale::ALL
                    .into_iter()
                    .map(|l| view! { <option value=l.tag() lang=l.tag() selected=l == current>{l.name()}</option> })
                    .collect_view()}
            </select>
        </span>
    })
}
