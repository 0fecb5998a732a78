//! The shell shared by [`super::dialog::Dialog`] and
//! [`super::side_panel::SidePanel`]: a native modal `<dialog>`, so the browser
//! traps focus (the page behind is inert) and returns it to the opener on
//! close; Esc and the × button ask the owner, who may first ask whether to
//! keep what was typed.

use leptos::html;
use leptos::prelude::*;

use super::unique_id;
use crate::i18n::use_texts;

/// What differs between a centred dialog and a side panel.
pub struct ModalShell {
    /// The BEM block of the element and its parts (`roster-dialog`, `roster-panel`).
    pub block: &'static str,
    /// Whether it is shown.
    pub open: Signal<bool>,
    /// The user asks to close it (Esc or ×).
    pub on_close: Callback<()>,
    /// The browser closed it on its own (a second Esc in a row).
    pub on_closed: Option<Callback<()>>,
    /// The heading, also the accessible name.
    pub title: Signal<String>,
    /// The body, rendered afresh each time it opens.
    pub children: ChildrenFn,
}

/// Renders the shell; the body exists only while it is open.
pub fn modal_shell(shell: ModalShell) -> impl IntoView {
    let ModalShell {
        block,
        open,
        on_close,
        on_closed,
        title,
        children,
    } = shell;
    let t = use_texts();
    let dialog_ref = NodeRef::<html::Dialog>::new();
    let title_id = unique_id(&format!("{}-title", block.trim_start_matches("roster-")));
    let labelled_by = title_id.clone();
    Effect::new(move |_| {
        let Some(dialog) = dialog_ref.get() else {
            return;
        };
        match (open.get(), dialog.open()) {
            (true, false) => {
                let _ = dialog.show_modal();
            }
            (false, true) => dialog.close(),
            _ => {}
        }
    });
    view! {
        <dialog
            node_ref=dialog_ref
            class=block
            aria-labelledby=labelled_by
            on:close=move |_| {
                if let Some(cb) = on_closed {
                    cb.run(());
                }
            }
            on:cancel=move |ev: web_sys::Event| {
                // Esc: the owner decides (it may ask before losing typed text).
                ev.prevent_default();
                on_close.run(());
            }
        >
            <Show when=move || open.get()>
                <div class=format!("{block}__header")>
                    <h2 class=format!("{block}__title") id=title_id.clone()>{move || title.get()}</h2>
                    <button
                        type="button"
                        class="roster-button roster-button--ghost roster-dialog__close"
                        aria-label=t.close
                        on:click=move |_| on_close.run(())
                    >
                        "×"
                    </button>
                </div>
                <div class=format!("{block}__body")>{children()}</div>
            </Show>
        </dialog>
    }
}
