//! Email addresses as chips: typed, pasted (a spreadsheet column of hundreds
//! works), or read from a dropped or picked .csv/.txt file. Splitting and
//! checking are the contract's ([`roster_api::rules::emails`]); this file only
//! decides when typed text becomes chips, and merges repeats.

use std::collections::HashSet;

use leptos::prelude::*;
use roster_api::rules::emails::{split_emails, validate_email};
use wasm_bindgen_futures::JsFuture;

use super::unique_id;
use crate::i18n::{fill, plural, use_locale};

/// Adds the entries of `input` to `chips` (valid addresses normalized,
/// others as typed), skipping repeats of a chip, ignoring case. With
/// `addresses_only`, pieces without `@` (other columns of a CSV file) are
/// left out. Returns how many repeats were merged.
pub fn add_entries(chips: &mut Vec<String>, input: &str, addresses_only: bool) -> usize {
    let mut seen: HashSet<String> = chips.iter().map(|c| c.to_lowercase()).collect();
    let mut merged = 0;
    for entry in split_emails(input) {
        if addresses_only && !entry.contains('@') {
            continue;
        }
        let chip = validate_email(entry).unwrap_or_else(|_| entry.to_owned());
        if seen.insert(chip.to_lowercase()) {
            chips.push(chip);
        } else {
            merged += 1;
        }
    }
    merged
}

/// Whether typed text should become chips now: it holds an address followed
/// by a separator, and no display name or quote is left open
/// (`Doe, Jane <jane@…` waits for its `>`).
pub fn ready_to_commit(text: &str) -> bool {
    let open =
        text.matches('<').count() > text.matches('>').count() || text.matches('"').count() % 2 == 1;
    !open
        && text.contains('@')
        && (text.contains(['\n', '\r', ',', ';']) || text.ends_with(char::is_whitespace))
}

#[component]
pub fn EmailInput(
    /// The chips, two-way: valid addresses normalized, invalid entries as typed.
    emails: RwSignal<Vec<String>>,
    /// Text typed but not yet turned into chips (kept with the draft).
    text: RwSignal<String>,
    /// The visible label.
    label: &'static str,
    /// An error about the whole list (none given, too many, a server answer).
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Disables the field.
    #[prop(optional, into)]
    disabled: Signal<bool>,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let id = unique_id("emails");
    let (hint_id, status_id, error_id) = (
        format!("{id}-hint"),
        format!("{id}-status"),
        format!("{id}-error"),
    );
    let described = format!("{hint_id} {status_id} {error_id}");
    let merged = RwSignal::new(0usize);
    let add = move |input: &str, from_file: bool| {
        let mut n = 0;
        emails.update(|v| n = add_entries(v, input, from_file));
        merged.set(n);
    };
    let commit = move || {
        let typed = text.get_untracked();
        if !typed.trim().is_empty() {
            add(&typed, false);
        }
        text.set(String::new());
    };
    let read_files = move |files: Option<web_sys::FileList>| {
        let Some(files) = files else { return };
        for i in 0..files.length() {
            let Some(file) = files.get(i) else { continue };
            leptos::task::spawn_local(async move {
                if let Ok(content) = JsFuture::from(file.text()).await {
                    add(&content.as_string().unwrap_or_default(), true);
                }
            });
        }
    };
    let status = move || {
        let (total, invalid) = emails.with(|v| {
            let bad = v.iter().filter(|c| validate_email(c).is_err()).count();
            (v.len() as u64, bad as u64)
        });
        let mut s = plural(locale, total, t.emails_count_one, t.emails_count_other);
        if invalid > 0 {
            s.push_str(" · ");
            s.push_str(&plural(
                locale,
                invalid,
                t.emails_invalid_one,
                t.emails_invalid_other,
            ));
        }
        let m = merged.get() as u64;
        if m > 0 {
            s.push_str(" · ");
            s.push_str(&plural(
                locale,
                m,
                t.emails_merged_one,
                t.emails_merged_other,
            ));
        }
        s
    };
    let chip = move |c: String| {
        let reason = validate_email(&c)
            .err()
            .map(|e| crate::i18n::rules::email_rejection(t, &e));
        let invalid = reason.is_some();
        let remove = fill(t.emails_remove, &[("email", &c)]);
        let value = c.clone();
        view! {
            <li class="roster-emails__chip" class:roster-emails__chip--invalid=invalid>
                <span class="roster-emails__chip-text">{c}</span>
                {reason.map(|r| view! { <span class="roster-emails__chip-reason">{r}</span> })}
                <button
                    type="button"
                    class="roster-emails__chip-remove"
                    aria-label=remove
                    disabled=move || disabled.get()
                    on:click=move |_| {
                        merged.set(0);
                        emails.update(|v| v.retain(|x| *x != value));
                    }
                >
                    "×"
                </button>
            </li>
        }
    };
    view! {
        <div
            class="roster-field roster-emails"
            class:roster-field--invalid=move || error.with(Option::is_some)
            on:dragover=|ev: web_sys::DragEvent| ev.prevent_default()
            on:drop=move |ev: web_sys::DragEvent| {
                ev.prevent_default();
                if !disabled.get_untracked() {
                    read_files(ev.data_transfer().and_then(|d| d.files()));
                }
            }
        >
            <label class="roster-field__label" for=id.clone()>{label}</label>
            <p class="roster-field__hint" id=hint_id>{t.emails_hint}</p>
            <div class="roster-emails__box">
                <ul class="roster-emails__chips" role="list" aria-label=t.emails_chips>
                    <For each=move || emails.get() key=|c| c.clone() children=chip/>
                </ul>
                <textarea
                    id=id
                    class="roster-emails__input"
                    rows="1"
                    autofocus
                    autocomplete="off"
                    spellcheck="false"
                    aria-describedby=described
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    disabled=move || disabled.get()
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        text.set(event_target_value(&ev));
                        if text.with_untracked(|v| ready_to_commit(v)) {
                            commit();
                        }
                    }
                    on:keydown=move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
                        "Enter" => {
                            ev.prevent_default();
                            commit();
                        }
                        "Backspace" if text.with_untracked(String::is_empty) => {
                            let mut last = None;
                            emails.update(|v| last = v.pop());
                            if let Some(last) = last {
                                ev.prevent_default();
                                merged.set(0);
                                text.set(last);
                            }
                        }
                        _ => {}
                    }
                    on:blur=move |_| commit()
                ></textarea>
            </div>
            <div class="roster-emails__footer">
                <p class="roster-emails__status" id=status_id role="status">{status}</p>
                <label class="roster-button roster-button--ghost roster-emails__file">
                    {t.emails_file}
                    <input
                        type="file"
                        class="roster-visually-hidden"
                        accept=".csv,.txt,text/csv,text/plain"
                        disabled=move || disabled.get()
                        on:change=move |ev| {
                            let input: web_sys::HtmlInputElement = event_target(&ev);
                            read_files(input.files());
                            input.set_value("");
                        }
                    />
                </label>
            </div>
            <p class="roster-field__error" id=error_id hidden=move || error.with(Option::is_none)>
                {move || error.get()}
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_become_chips_and_repeats_are_merged() {
        let mut chips = vec!["ann@example.com".to_owned()];
        let merged = add_entries(
            &mut chips,
            "Ann@Example.com\nbob@example.com; nope, NOPE\r\nbob@example.com",
            false,
        );
        assert_eq!(chips, ["ann@example.com", "bob@example.com", "nope"]);
        assert_eq!(merged, 3);
    }

    #[test]
    fn file_content_keeps_only_address_cells() {
        let mut chips = Vec::new();
        add_entries(&mut chips, "name,email\nJane,jane@example.com\n", true);
        assert_eq!(chips, ["jane@example.com"]);
    }

    #[test]
    fn typing_commits_after_a_separator_but_waits_for_open_names() {
        assert!(!ready_to_commit("jane@exa"));
        assert!(!ready_to_commit("Doe, Jane"));
        assert!(ready_to_commit("jane@example.com "));
        assert!(ready_to_commit("jane@example.com,"));
        assert!(!ready_to_commit("\"Doe, Jane\" <jane@example.com"));
        assert!(ready_to_commit("a@x.com\nb@y.com"));
    }
}
