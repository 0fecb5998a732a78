//! A sortable column header with `aria-sort`.

use leptos::prelude::*;

use crate::i18n::{fill, use_texts};

/// The sort state of column `key` under `order_by` (`name`, `-name`): `Some(true)` ascending.
pub fn sort_state(order_by: Option<&str>, key: &str) -> Option<bool> {
    let o = order_by?;
    if o == key {
        Some(true)
    } else if o.strip_prefix('-') == Some(key) {
        Some(false)
    } else {
        None
    }
}

/// The `order_by` after clicking column `key`: ascending first, then toggling.
pub fn next_order(order_by: Option<&str>, key: &str, descending_first: bool) -> String {
    match sort_state(order_by, key) {
        Some(true) => format!("-{key}"),
        Some(false) => key.to_owned(),
        None if descending_first => format!("-{key}"),
        None => key.to_owned(),
    }
}

#[component]
pub fn SortHeader(
    /// Visible column title.
    label: &'static str,
    /// The field name sent as `order_by`.
    key: &'static str,
    /// The current `order_by`.
    #[prop(into)]
    order_by: Signal<Option<String>>,
    /// Called with the new `order_by`.
    #[prop(into)]
    on_sort: Callback<String>,
    /// Sort newest/largest first on the first click (dates).
    #[prop(optional)]
    descending_first: bool,
) -> impl IntoView {
    let t = use_texts();
    let state = move || order_by.with(|o| sort_state(o.as_deref(), key));
    view! {
        <th
            scope="col"
            aria-sort=move || match state() {
                Some(true) => "ascending",
                Some(false) => "descending",
                None => "none",
            }
        >
            <button
                type="button"
                class="roster-sort"
                title=fill(t.sort_by, &[("col", label)])
                on:click=move |_| {
                    on_sort.run(order_by.with_untracked(|o| next_order(o.as_deref(), key, descending_first)))
                }
            >
                {label}
                <span class="roster-sort__arrow" aria-hidden="true">
                    {move || match state() {
                        Some(true) => "▲",
                        Some(false) => "▼",
                        None => "↕",
                    }}
                </span>
            </button>
        </th>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorting_toggles() {
        assert_eq!(sort_state(Some("name"), "name"), Some(true));
        assert_eq!(sort_state(Some("-name"), "name"), Some(false));
        assert_eq!(sort_state(Some("-email"), "name"), None);
        assert_eq!(sort_state(None, "name"), None);
        assert_eq!(next_order(None, "name", false), "name");
        assert_eq!(next_order(Some("name"), "name", false), "-name");
        assert_eq!(next_order(Some("-name"), "name", false), "name");
        assert_eq!(next_order(Some("name"), "created_at", true), "-created_at");
    }
}
