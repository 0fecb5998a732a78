//! An editor of key/value tags, checked as you type with the contract's rules
//! ([`roster_api::rules::tags`]): the reason sits next to the tag it is about.
//!
//! Rows are kept as typed (untrimmed, possibly blank) so that typing never
//! jumps; [`tag_row_problems`] and [`tags_to_send`] read them. A row whose key
//! and value are both blank is not a tag yet: it is ignored, never an error.
//!
//! ```ignore
//! let tags = RwSignal::new(Vec::<Tag>::new());
//! view! { <TagEditor tags=tags suggestions=org_keys/> }
//! // on save: let Some(tags) = tags.with(|t| tags_to_send(t)) else { return };
//! ```

use leptos::prelude::*;
use roster_api::rules::tags::{normalize_tag, validate_tags, TagRejection, MAX_TAGS};
use roster_api::Tag;

use super::unique_id;
use crate::i18n::{fill, use_texts};

fn is_blank(tag: &Tag) -> bool {
    tag.key.trim().is_empty() && tag.value.trim().is_empty()
}

/// The problem of each row (same indexes), `None` for a good or a blank row.
pub fn tag_row_problems(rows: &[Tag]) -> Vec<Option<TagRejection>> {
    let filled: Vec<usize> = (0..rows.len()).filter(|&i| !is_blank(&rows[i])).collect();
    let tags: Vec<Tag> = filled.iter().map(|&i| rows[i].clone()).collect();
    let mut out = vec![None; rows.len()];
    for p in validate_tags(&tags) {
        out[filled[p.index]] = Some(p.rejection);
    }
    out
}

/// The tags to store (blank rows dropped, trimmed), or `None` while any row
/// breaks a rule.
pub fn tags_to_send(rows: &[Tag]) -> Option<Vec<Tag>> {
    if tag_row_problems(rows).iter().any(Option::is_some) {
        return None;
    }
    Some(
        rows.iter()
            .filter(|t| !is_blank(t))
            .map(normalize_tag)
            .collect(),
    )
}

#[component]
pub fn TagEditor(
    /// The rows, two-way, as typed (see [`tags_to_send`] for what to store).
    tags: RwSignal<Vec<Tag>>,
    /// Keys already used in the organization (`GET /organizations/{id}/tag-keys`),
    /// offered while typing a key.
    #[prop(optional, into)]
    suggestions: Signal<Vec<String>>,
    /// Disables every control (e.g. in a locked organization).
    #[prop(optional, into)]
    disabled: Signal<bool>,
) -> impl IntoView {
    let t = use_texts();
    let list_id = unique_id("tag-keys");
    let hint_id = unique_id("tags-hint");
    let problems = Memo::new(move |_| tags.with(|rows| tag_row_problems(rows)));
    let count = move || tags.with(|rows| rows.iter().filter(|r| !is_blank(r)).count());
    let edit = move |i: usize, key: bool, v: String| {
        tags.update(|rows| {
            if let Some(row) = rows.get_mut(i) {
                if key {
                    row.key = v
                } else {
                    row.value = v
                }
            }
        })
    };
    let row = {
        let list_id = list_id.clone();
        move |i: usize| {
            let n = (i + 1).to_string();
            let err_id = unique_id("tag-error");
            let problem = move || problems.with(|p| p.get(i).copied().flatten());
            let invalid = move || problem().is_some().then_some("true");
            let field = |key: bool| {
                let label = fill(
                    if key { t.tag_key_of } else { t.tag_value_of },
                    &[("n", &n)],
                );
                view! {
                    <input
                        class="roster-field__input"
                        class:roster-tags__key=key
                        type="text"
                        autocomplete="off"
                        aria-label=label
                        list=key.then(|| list_id.clone())
                        placeholder=if key { t.tag_key } else { t.tag_value }
                        aria-invalid=invalid
                        aria-describedby=err_id.clone()
                        disabled=move || disabled.get()
                        prop:value=move || tags.with(|r| r.get(i).map(|t| if key { t.key.clone() } else { t.value.clone() }).unwrap_or_default())
                        on:input=move |ev| edit(i, key, event_target_value(&ev))
                    />
                }
            };
            view! {
                <li class="roster-tags__row" class:roster-tags__row--invalid=move || problem().is_some()>
                    {field(true)}
                    {field(false)}
                    <button
                        type="button"
                        class="roster-button roster-button--ghost"
                        aria-label=fill(t.tag_remove, &[("n", &(i + 1).to_string())])
                        disabled=move || disabled.get()
                        on:click=move |_| tags.update(|rows| { if i < rows.len() { rows.remove(i); } })
                    >
                        "×"
                    </button>
                    <p class="roster-field__error roster-tags__error" id=err_id.clone() hidden=move || problem().is_none()>
                        {move || problem().map(|p| crate::i18n::rules::tag_rejection(t, &p))}
                    </p>
                </li>
            }
        }
    };
    view! {
        <fieldset class="roster-tags" aria-describedby=hint_id.clone()>
            <legend class="roster-field__label">{t.tags_label}</legend>
            <p class="roster-field__hint" id=hint_id.clone()>
                {move || fill(t.tags_hint, &[("n", &count().to_string()), ("max", &MAX_TAGS.to_string())])}
            </p>
            <ul class="roster-tags__rows" role="list">
                <For each=move || 0..tags.with(Vec::len) key=|i| *i children=row/>
            </ul>
            <datalist id=list_id>
                {move || suggestions.get().into_iter().map(|k| view! { <option value=k></option> }).collect_view()}
            </datalist>
            <button
                type="button"
                class="roster-button"
                disabled=move || disabled.get()
                on:click=move |_| tags.update(|rows| rows.push(Tag { key: String::new(), value: String::new() }))
            >
                {t.tag_add}
            </button>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(k: &str, v: &str) -> Tag {
        Tag {
            key: k.into(),
            value: v.into(),
        }
    }

    #[test]
    fn blank_rows_are_ignored_and_problems_keep_their_row() {
        let rows = [
            tag("", ""),
            tag("team", "a"),
            tag(" ", " "),
            tag("TEAM", "A"),
        ];
        assert_eq!(
            tag_row_problems(&rows),
            vec![None, None, None, Some(TagRejection::Duplicate)]
        );
        assert_eq!(tags_to_send(&rows), None);
        assert_eq!(
            tags_to_send(&[tag(" team ", " a "), tag("", "")]),
            Some(vec![tag("team", "a")])
        );
    }

    #[test]
    fn a_value_without_key_and_the_eleventh_tag_are_reported() {
        let mut rows: Vec<Tag> = (0..11).map(|i| tag(&format!("k{i}"), "")).collect();
        rows.push(tag("", "orphan"));
        let p = tag_row_problems(&rows);
        assert_eq!(p[10], Some(TagRejection::TooMany));
        assert_eq!(p[11], Some(TagRejection::KeyRequired));
        assert!(p[..10].iter().all(Option::is_none));
    }
}
