//! A modal dialog on the native `<dialog>` element: the browser traps focus
//! (the rest of the page is inert), Esc asks to close, and focus returns to
//! what opened it.

use leptos::html;
use leptos::prelude::*;

use super::unique_id;
use crate::i18n::use_texts;

#[component]
pub fn Dialog(
    /// Whether the dialog is shown.
    #[prop(into)]
    open: Signal<bool>,
    /// Called when the user asks to close it (Esc or the close button).
    #[prop(into)]
    on_close: Callback<()>,
    /// The heading, also the dialog's accessible name.
    #[prop(into)]
    title: Signal<String>,
    /// The body, rendered afresh each time the dialog opens.
    children: ChildrenFn,
) -> impl IntoView {
    let t = use_texts();
    let dialog_ref = NodeRef::<html::Dialog>::new();
    let title_id = unique_id("dialog-title");
    let labelled_by = title_id.clone();
    Effect::new(move |_| {
        let Some(dialog) = dialog_ref.get() else {
            return;
        };
        if open.get() {
            if !dialog.open() {
                let _ = dialog.show_modal();
            }
        } else if dialog.open() {
            dialog.close();
        }
    });
    view! {
        <dialog
            node_ref=dialog_ref
            class="roster-dialog"
            aria-labelledby=labelled_by
            on:cancel=move |ev: web_sys::Event| {
                // Esc: the owner decides (it may ask before losing typed text).
                ev.prevent_default();
                on_close.run(());
            }
        >
            <Show when=move || open.get()>
                <div class="roster-dialog__header">
                    <h2 class="roster-dialog__title" id=title_id.clone()>{move || title.get()}</h2>
                    <button
                        type="button"
                        class="roster-button roster-button--ghost roster-dialog__close"
                        aria-label=t.close
                        on:click=move |_| on_close.run(())
                    >
                        "×"
                    </button>
                </div>
                <div class="roster-dialog__body">{children()}</div>
            </Show>
        </dialog>
    }
}
