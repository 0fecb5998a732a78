//! The organization switcher of the top bar: the current organization, and a
//! dropdown to search and pick another (combobox + listbox pattern).
//!
//! It never loads more than one page: when the first page holds every
//! organization the account sees, typing filters it in place; otherwise each
//! (debounced) search asks the server.

use std::time::Duration;

use leptos::html;
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use roster_api::{Organization, OrganizationFilters, OrganizationStatus, Page, PageParams};
use uuid::Uuid;
use wasm_bindgen::JsCast;

use super::badge::OrgStatusBadge;
use super::icons::{CheckIcon, ChevronIcon, LockIcon, SearchIcon};
use super::unique_id;
use crate::api::{self, use_api, ApiError, LatestRequest};
use crate::i18n::{fill, format_number, use_locale};
use crate::state::nav::{use_nav, Screen};
use crate::state::org::use_current_org;

/// How many organizations one request brings.
const PAGE_SIZE: u32 = 50;
/// Wait after the last keystroke before asking the server.
const SEARCH_DEBOUNCE: Duration = Duration::from_millis(200);

/// Whether `org` matches a search typed by the user (name, owner email or customer ID).
pub fn matches_search(org: &Organization, query: &str) -> bool {
    let q = query.trim().to_lowercase();
    q.is_empty()
        || org.name.to_lowercase().contains(&q)
        || org.email.to_lowercase().contains(&q)
        || org
            .customer_id
            .as_deref()
            .is_some_and(|c| c.to_lowercase().contains(&q))
}

/// The next active index after a navigation key, in a list of `len` items.
pub fn move_active(key: &str, active: Option<usize>, len: usize) -> Option<usize> {
    if len == 0 {
        return None;
    }
    Some(match (key, active) {
        ("ArrowDown", None) | ("Home", _) => 0,
        ("ArrowDown", Some(i)) => (i + 1).min(len - 1),
        ("ArrowUp", None) | ("End", _) => len - 1,
        ("ArrowUp", Some(i)) => i.saturating_sub(1),
        (_, a) => a.unwrap_or(0).min(len - 1),
    })
}

fn list_params(search: &str) -> (PageParams, OrganizationFilters) {
    (
        PageParams {
            page: Some(1),
            page_size: Some(PAGE_SIZE),
            order_by: Some("name".to_owned()),
        },
        OrganizationFilters {
            search: Some(search.trim().to_owned()).filter(|s| !s.is_empty()),
            ..Default::default()
        },
    )
}

#[component]
pub fn OrgSwitcher() -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let nav = use_nav();
    let current = use_current_org();
    let client = use_api();
    let latest = LatestRequest::new();

    let open = RwSignal::new(false);
    let query = RwSignal::new(String::new());
    let active = RwSignal::new(None::<usize>);
    // The unfiltered first page, and the answer to the latest server search.
    let first = RwSignal::new(None::<Result<Page<Organization>, ApiError>>);
    let searched = RwSignal::new(None::<(String, Result<Page<Organization>, ApiError>)>);
    let searching = RwSignal::new(false);
    let debounce = StoredValue::new(None::<TimeoutHandle>);
    // A search typed just before the switcher goes must not run after it.
    on_cleanup(move || {
        if let Some(Some(h)) = debounce.try_get_value() {
            h.clear();
        }
    });

    let button_ref = NodeRef::<html::Button>::new();
    let input_ref = NodeRef::<html::Input>::new();
    let wrapper_ref = NodeRef::<html::Div>::new();
    let list_id = unique_id("switcher-list");
    let option_id = {
        let list_id = list_id.clone();
        move |i: usize| format!("{list_id}-{i}")
    };

    // Everything fits in the first page: filter it in place, no requests.
    let complete =
        move || first.with(|f| matches!(f, Some(Ok(p)) if p.total_count as usize <= p.items.len()));

    // Two slots: a search must not cancel the first page, only an older search.
    let latest_first = LatestRequest::new();
    let fetch_first = {
        let client = client.clone();
        move || {
            let client = client.abortable(latest_first.next());
            leptos::task::spawn_local(async move {
                let (page, filters) = list_params("");
                let result = api::organizations::list(&client, &page, &filters).await;
                if !matches!(result, Err(ApiError::Aborted)) {
                    let _ = first.try_set(Some(result));
                }
            })
        }
    };
    let fetch_search = {
        let client = client.clone();
        move |search: String| {
            let client = client.abortable(latest.next());
            searching.set(true);
            leptos::task::spawn_local(async move {
                let (page, filters) = list_params(&search);
                let result = api::organizations::list(&client, &page, &filters).await;
                if matches!(result, Err(ApiError::Aborted)) {
                    return;
                }
                let _ = searching.try_set(false);
                let _ = searched.try_set(Some((search, result)));
            })
        }
    };
    // Whether the list shown answers what is typed (else: still loading).
    let answered = move || {
        let q = query.get();
        if q.trim().is_empty() || complete() {
            first.with(|f| f.is_some())
        } else {
            searched.with(|s| s.as_ref().is_some_and(|(sq, _)| sq == q.trim()))
        }
    };

    let visible = Memo::new(move |_| -> Vec<Organization> {
        let q = query.get();
        if q.trim().is_empty() || complete() {
            return first.with(|f| match f {
                Some(Ok(p)) => p
                    .items
                    .iter()
                    .filter(|o| matches_search(o, &q))
                    .cloned()
                    .collect(),
                _ => Vec::new(),
            });
        }
        searched.with(|s| match s {
            // Results of an older search stay (filtered) until the new ones arrive.
            Some((_, Ok(p))) => p
                .items
                .iter()
                .filter(|o| matches_search(o, &q))
                .cloned()
                .collect(),
            _ => Vec::new(),
        })
    });
    // How many more match than are listed (server search with many results).
    let more = Memo::new(move |_| -> u64 {
        let q = query.get();
        let page = if q.trim().is_empty() || complete() {
            first.with(|f| {
                f.as_ref()
                    .and_then(|r| r.as_ref().ok())
                    .map(|p| (p.total_count, p.items.len()))
            })
        } else {
            searched.with(|s| match s {
                Some((sq, Ok(p))) if *sq == q.trim() => Some((p.total_count, p.items.len())),
                _ => None,
            })
        };
        match page {
            Some((total, shown)) if !complete() => total.saturating_sub(shown as u64),
            _ => 0,
        }
    });
    let error = Memo::new(move |_| {
        let q = query.get();
        if q.trim().is_empty() || complete() {
            first.with(|f| f.as_ref().and_then(|r| r.as_ref().err().cloned()))
        } else {
            searched.with(|s| s.as_ref().and_then(|(_, r)| r.as_ref().err().cloned()))
        }
    });

    let focus_input = move || {
        request_animation_frame(move || {
            if let Some(input) = input_ref.get_untracked() {
                let _ = input.focus();
            }
        })
    };
    let open_with = {
        let (fetch_first, fetch_search) = (fetch_first.clone(), fetch_search.clone());
        move |initial: String| {
            query.set(initial.clone());
            active.set(if initial.is_empty() { None } else { Some(0) });
            searching.set(false);
            open.set(true);
            // Fresh data on each open: statuses and names may have changed.
            fetch_first();
            if !initial.is_empty() {
                fetch_search(initial);
            }
            focus_input();
        }
    };
    let close = move |refocus: bool| {
        open.set(false);
        latest.abort();
        latest_first.abort();
        if let Some(h) = debounce.get_value() {
            h.clear();
        }
        if refocus {
            if let Some(b) = button_ref.get_untracked() {
                let _ = b.focus();
            }
        }
    };
    let choose = move |id: Uuid| {
        close(true);
        if current.id.get_untracked() != Some(id)
            || !matches!(nav.screen.get_untracked(), Screen::Org(..))
        {
            nav.switch_org(id);
        }
    };

    // What is typed, from the search box or type-ahead on the button.
    let typed = {
        let fetch = fetch_search.clone();
        move |q: String| {
            query.set(q.clone());
            active.set(if q.trim().is_empty() { None } else { Some(0) });
            if complete() || q.trim().is_empty() {
                return;
            }
            if let Some(h) = debounce.get_value() {
                h.clear();
            }
            let fetch = fetch.clone();
            let handle =
                set_timeout_with_handle(move || fetch(q.trim().to_owned()), SEARCH_DEBOUNCE).ok();
            debounce.set_value(handle);
        }
    };
    let on_input = {
        let typed = typed.clone();
        move |ev: leptos::ev::Event| typed(event_target_value(&ev))
    };

    let on_input_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let key = ev.key();
        match key.as_str() {
            // Home and End stay with the text box (caret), as in other comboboxes.
            "ArrowDown" | "ArrowUp" => {
                ev.prevent_default();
                active.set(move_active(
                    &key,
                    active.get_untracked(),
                    visible.with_untracked(|v| v.len()),
                ));
            }
            "Enter" => {
                ev.prevent_default();
                let pick = visible
                    .with_untracked(|v| v.get(active.get_untracked().unwrap_or(0)).map(|o| o.id));
                if let Some(id) = pick {
                    choose(id);
                }
            }
            "Escape" => {
                ev.prevent_default();
                ev.stop_propagation();
                close(true);
            }
            "Tab" => close(false),
            _ => {}
        }
    };

    let on_button_keydown = {
        let open_with = open_with.clone();
        let typed = typed.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            let key = ev.key();
            // Type-ahead: a letter typed on the closed switcher starts a search with it.
            if key.chars().count() == 1
                && !ev.ctrl_key()
                && !ev.meta_key()
                && !ev.alt_key()
                && key != " "
            {
                ev.prevent_default();
                if open.get_untracked() {
                    // Keys typed fast, before the search box took focus.
                    typed(format!("{}{key}", query.get_untracked()));
                } else {
                    open_with(key);
                }
            } else if key == "ArrowDown" || key == "ArrowUp" {
                ev.prevent_default();
                open_with(String::new());
            }
        }
    };

    // Keep the active option in view while arrowing through a long list.
    Effect::new({
        let option_id = option_id.clone();
        move |_| {
            if let Some(i) = active.get() {
                if let Some(el) = document().get_element_by_id(&option_id(i)) {
                    let options = web_sys::ScrollIntoViewOptions::new();
                    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                    el.scroll_into_view_with_scroll_into_view_options(&options);
                }
            }
        }
    });

    let on_focus_out = move |ev: leptos::ev::FocusEvent| {
        // Closes when focus leaves the switcher (click elsewhere, Tab away).
        let inside = ev
            .related_target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .zip(wrapper_ref.get_untracked())
            .is_some_and(|(node, wrapper)| wrapper.contains(Some(&node)));
        if !inside && open.get_untracked() {
            close(false);
        }
    };

    let current_name = move || match (current.id.get(), current.org()) {
        (Some(_), Some(o)) => o.name,
        (Some(_), None) if current.error.with(|e| e.is_none()) => t.loading.to_owned(),
        _ => t.switcher_choose.to_owned(),
    };
    let current_locked = move || {
        current
            .org()
            .is_some_and(|o| o.status == OrganizationStatus::Locked)
    };
    let directory_href = nav.href(&Screen::Directory);

    view! {
        <div class="roster-switcher" node_ref=wrapper_ref on:focusout=on_focus_out>
            <button
                type="button"
                class="roster-switcher__button"
                node_ref=button_ref
                aria-haspopup="dialog"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                on:click={
                    let open_with = open_with.clone();
                    move |_| if open.get_untracked() { close(true) } else { open_with(String::new()) }
                }
                on:keydown=on_button_keydown
            >
                <span class="roster-visually-hidden">{t.switcher_label}{t.label_sep}</span>
                <span class="roster-switcher__name">{current_name}</span>
                <Show when=current_locked>
                    <span class="roster-badge roster-badge--locked roster-switcher__locked">
                        <LockIcon/>{t.locked}
                    </span>
                </Show>
                <ChevronIcon/>
            </button>
            <Show when=move || open.get()>
                <div
                    class="roster-switcher__popup"
                    role="dialog"
                    aria-label=t.switcher_label
                    on:mousedown=move |ev: leptos::ev::MouseEvent| {
                        // A click anywhere in the popup keeps focus in the search box.
                        let on_input = ev
                            .target()
                            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                            .is_some();
                        if !on_input {
                            ev.prevent_default();
                        }
                    }
                >
                    <div class="roster-switcher__search">
                        <SearchIcon/>
                        <input
                            node_ref=input_ref
                            class="roster-switcher__input"
                            type="text"
                            role="combobox"
                            aria-label=t.switcher_search
                            placeholder=t.switcher_search
                            autocomplete="off"
                            spellcheck="false"
                            aria-expanded="true"
                            aria-autocomplete="list"
                            aria-controls=list_id.clone()
                            aria-activedescendant={
                                let option_id = option_id.clone();
                                move || active.get().map(&option_id)
                            }
                            prop:value=move || query.get()
                            on:input=on_input.clone()
                            on:keydown=on_input_keydown
                        />
                    </div>
                    <ul
                        class="roster-switcher__list"
                        id=list_id.clone()
                        role="listbox"
                        aria-label=t.switcher_results
                        aria-busy=move || searching.get().then_some("true")
                    >
                        {
                            let option_id = option_id.clone();
                            move || {
                                let current_id = current.id.get();
                                visible
                                    .get()
                                    .into_iter()
                                    .enumerate()
                                    .map(|(i, org)| {
                                        let id = org.id;
                                        let is_current = current_id == Some(id);
                                        view! {
                                            <li
                                                id=option_id(i)
                                                role="option"
                                                class="roster-switcher__option"
                                                class:roster-switcher__option--active=move || active.get() == Some(i)
                                                aria-selected=move || if active.get() == Some(i) { "true" } else { "false" }
                                                on:mousedown=|ev| ev.prevent_default()
                                                on:mousemove=move |_| {
                                                    if active.get_untracked() != Some(i) {
                                                        active.set(Some(i));
                                                    }
                                                }
                                                on:click=move |_| choose(id)
                                            >
                                                <span class="roster-switcher__check">
                                                    {is_current.then(|| view! { <CheckIcon/> })}
                                                </span>
                                                <span class="roster-switcher__option-name">{org.name.clone()}</span>
                                                {is_current.then(|| view! {
                                                    <span class="roster-visually-hidden">" ("{t.switcher_current}")"</span>
                                                })}
                                                <OrgStatusBadge status=org.status/>
                                            </li>
                                        }
                                    })
                                    .collect_view()
                            }
                        }
                    </ul>
                    <div class="roster-switcher__footer">
                        <p class="roster-switcher__note" role="status">
                            {move || {
                                if let Some(e) = error.get() {
                                    return e.message(t);
                                }
                                let q = query.get();
                                if visible.with(|v| v.is_empty()) && !answered() {
                                    return t.loading.to_owned();
                                }
                                if visible.with(|v| v.is_empty()) {
                                    if q.trim().is_empty() {
                                        return t.switcher_empty.to_owned();
                                    }
                                    return fill(t.switcher_none, &[("q", q.trim())]);
                                }
                                let n = more.get();
                                if n > 0 {
                                    return fill(t.switcher_more, &[("n", &format_number(locale, n))]);
                                }
                                String::new()
                            }}
                        </p>
                        <a
                            class="roster-switcher__directory"
                            href=directory_href.clone()
                            on:click=move |_| close(false)
                        >
                            {t.switcher_directory}
                        </a>
                    </div>
                </div>
            </Show>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_move_within_bounds() {
        assert_eq!(move_active("ArrowDown", None, 3), Some(0));
        assert_eq!(move_active("ArrowDown", Some(2), 3), Some(2));
        assert_eq!(move_active("ArrowUp", Some(0), 3), Some(0));
        assert_eq!(move_active("ArrowUp", None, 3), Some(2));
        assert_eq!(move_active("End", Some(0), 3), Some(2));
        assert_eq!(move_active("Home", Some(2), 3), Some(0));
        assert_eq!(move_active("ArrowDown", None, 0), None);
    }
}
