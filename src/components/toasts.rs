//! The toast region: a polite live region for successes, assertive for errors.

use leptos::prelude::*;

use crate::i18n::use_texts;
use crate::state::toasts::{use_toasts, ToastKind};

#[component]
pub fn ToastRegion() -> impl IntoView {
    let t = use_texts();
    let toasts = use_toasts();
    let of_kind = move |kind: ToastKind| {
        move || {
            toasts
                .list
                .get()
                .into_iter()
                .filter(|x| x.kind == kind)
                .map(|toast| {
                    let id = toast.id;
                    view! {
                        <div class="roster-toast" class:roster-toast--error=kind == ToastKind::Error>
                            <span class="roster-toast__text">{toast.text}</span>
                            <button
                                type="button"
                                class="roster-button roster-button--ghost roster-toast__close"
                                aria-label=t.dismiss
                                on:click=move |_| toasts.dismiss(id)
                            >
                                "×"
                            </button>
                        </div>
                    }
                })
                .collect_view()
        }
    };
    view! {
        <div class="roster-toasts">
            <div role="status" aria-live="polite">{of_kind(ToastKind::Success)}</div>
            <div role="alert" aria-live="assertive">{of_kind(ToastKind::Error)}</div>
        </div>
    }
}
