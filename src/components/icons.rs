//! Inline SVG icons (decorative: always `aria-hidden`).

use leptos::prelude::*;

#[component]
pub fn BellIcon() -> impl IntoView {
    view! {
        <svg class="roster-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z"/>
        </svg>
    }
}

#[component]
pub fn ChevronIcon() -> impl IntoView {
    view! {
        <svg class="roster-icon roster-icon--small" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M7 10l5 5 5-5z"/>
        </svg>
    }
}

#[component]
pub fn CheckIcon() -> impl IntoView {
    view! {
        <svg class="roster-icon roster-icon--small" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z"/>
        </svg>
    }
}

#[component]
pub fn LockIcon() -> impl IntoView {
    view! {
        <svg class="roster-icon roster-icon--small" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M17 9h-1V7a4 4 0 0 0-8 0v2H7a2 2 0 0 0-2 2v9a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-9a2 2 0 0 0-2-2zm-7-2a2 2 0 0 1 4 0v2h-4V7z"/>
        </svg>
    }
}

#[component]
pub fn SearchIcon() -> impl IntoView {
    view! {
        <svg class="roster-icon roster-icon--small" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M15.5 14h-.8l-.3-.3A6.5 6.5 0 1 0 14 15.5l.3.3v.8l5 5 1.5-1.5-5-5zm-6 0a4.5 4.5 0 1 1 0-9 4.5 4.5 0 0 1 0 9z"/>
        </svg>
    }
}
