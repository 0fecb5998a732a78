//! Error messages with a retry: inline for one region, global for failures
//! nothing else handles.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::use_texts;
use crate::state::global_error::use_global_error;

/// An error in place of content that failed to load.
#[component]
pub fn InlineError(
    /// What went wrong.
    error: ApiError,
    /// Called by the Retry button; no button when `None` or not retryable.
    #[prop(optional, into)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let t = use_texts();
    let retry = on_retry.filter(|_| error.is_retryable() || matches!(error, ApiError::Conflict(_)));
    view! {
        <div class="roster-error" role="alert">
            <p class="roster-error__text">{error.message(t)}</p>
            {retry.map(|r| view! {
                <button type="button" class="roster-button" on:click=move |_| r.run(())>{t.retry}</button>
            })}
        </div>
    }
}

/// The global error banner, shown above the page while an error is reported.
#[component]
pub fn GlobalErrorView() -> impl IntoView {
    let t = use_texts();
    let global = use_global_error();
    view! {
        <Show when=move || global.error.with(|e| e.is_some())>
            <div class="roster-global-error" role="alert">
                <div class="roster-global-error__text">
                    <strong>{t.err_title}</strong>
                    " "
                    {move || global.error.get().map(|e| e.message(t))}
                </div>
                <button type="button" class="roster-button" on:click=move |_| global.retry()>{t.retry}</button>
                <button type="button" class="roster-button roster-button--ghost" on:click=move |_| global.clear()>
                    {t.dismiss}
                </button>
            </div>
        </Show>
    }
}
