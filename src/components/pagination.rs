//! "1–25 of 2,000", previous/next and the page size.

use leptos::prelude::*;

use super::unique_id;
use crate::i18n::{fill, format_number, use_locale};

/// The numbers of a page summary: first and last row shown (1-based), or `None` when empty.
pub fn page_range(page: u32, page_size: u32, total: u64) -> Option<(u64, u64)> {
    if total == 0 || page == 0 || page_size == 0 {
        return None;
    }
    let from = (page as u64 - 1) * page_size as u64 + 1;
    if from > total {
        return None;
    }
    Some((from, (from + page_size as u64 - 1).min(total)))
}

/// The number of the last page (at least 1).
pub fn last_page(page_size: u32, total: u64) -> u32 {
    if page_size == 0 {
        return 1;
    }
    total.div_ceil(page_size as u64).max(1) as u32
}

#[component]
pub fn Pagination(
    /// The current page, from 1.
    #[prop(into)]
    page: Signal<u32>,
    /// Rows per page.
    #[prop(into)]
    page_size: Signal<u32>,
    /// Rows over all pages.
    #[prop(into)]
    total: Signal<u64>,
    /// Called with the page to show.
    #[prop(into)]
    on_page: Callback<u32>,
    /// Called with a new page size; no size picker when `None`.
    #[prop(optional, into)]
    on_page_size: Option<Callback<u32>>,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let size_id = unique_id("page-size");
    let summary = move || match page_range(page.get(), page_size.get(), total.get()) {
        Some((from, to)) => fill(
            t.results_summary,
            &[
                ("from", &format_number(locale, from)),
                ("to", &format_number(locale, to)),
                ("total", &format_number(locale, total.get())),
            ],
        ),
        None => t.results_none.to_owned(),
    };
    let on_first = move || page.get() <= 1;
    let on_last = move || page.get() >= last_page(page_size.get(), total.get());
    view! {
        <nav class="roster-pagination" aria-label=t.pagination>
            <span class="roster-pagination__summary" aria-live="polite">{summary}</span>
            {on_page_size.map(|cb| {
                let size_id = size_id.clone();
                view! {
                    <label class="roster-pagination__size-label" for=size_id.clone()>{t.page_size}</label>
                    <select
                        id=size_id
                        class="roster-select roster-pagination__size"
                        on:change=move |ev| {
                            if let Ok(n) = event_target_value(&ev).parse() {
                                cb.run(n);
                            }
                        }
                    >
                        {[25u32, 50, 100].into_iter().map(|n| view! {
                            <option value=n.to_string() selected=move || page_size.get() == n>{n.to_string()}</option>
                        }).collect_view()}
                    </select>
                }
            })}
            <button
                type="button"
                class="roster-button roster-button--ghost"
                aria-label=t.prev_page
                disabled=on_first
                on:click=move |_| on_page.run(page.get_untracked().saturating_sub(1).max(1))
            >
                "‹"
            </button>
            <button
                type="button"
                class="roster-button roster-button--ghost"
                aria-label=t.next_page
                disabled=on_last
                on:click=move |_| on_page.run(page.get_untracked() + 1)
            >
                "›"
            </button>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(page_range(1, 25, 0), None);
        assert_eq!(page_range(1, 25, 10), Some((1, 10)));
        assert_eq!(page_range(2, 25, 60), Some((26, 50)));
        assert_eq!(page_range(3, 25, 60), Some((51, 60)));
        assert_eq!(page_range(4, 25, 60), None);
        assert_eq!(last_page(25, 0), 1);
        assert_eq!(last_page(25, 50), 2);
        assert_eq!(last_page(25, 51), 3);
    }
}
