//! A panel that slides in from the side, on the native modal `<dialog>`: the
//! browser traps focus (the page behind is inert), Esc asks to close, and
//! focus returns to the control that opened it when it closes.

use leptos::html;
use leptos::prelude::*;

use super::unique_id;
use crate::i18n::use_texts;

#[component]
pub fn SidePanel(
    /// Whether the panel is shown, two-way: the browser may close it on its
    /// own (a second Esc in a row closes without asking).
    open: RwSignal<bool>,
    /// Called when the user asks to close it (Esc or the × button); the owner
    /// decides, e.g. after asking whether to keep what was typed.
    #[prop(into)]
    on_close: Callback<()>,
    /// The heading, also the panel's accessible name.
    #[prop(into)]
    title: Signal<String>,
    /// The content; rendered while the panel is open.
    children: ChildrenFn,
) -> impl IntoView {
    let t = use_texts();
    let panel = NodeRef::<html::Dialog>::new();
    let title_id = unique_id("panel-title");
    let labelled_by = title_id.clone();
    Effect::new(move |_| {
        let Some(d) = panel.get() else { return };
        match (open.get(), d.open()) {
            (true, false) => {
                let _ = d.show_modal();
            }
            (false, true) => d.close(),
            _ => {}
        }
    });
    view! {
        <dialog
            node_ref=panel
            class="roster-panel"
            aria-labelledby=labelled_by
            on:close=move |_| open.set(false)
            on:cancel=move |ev: web_sys::Event| {
                ev.prevent_default();
                on_close.run(());
            }
        >
            <Show when=move || open.get()>
                <div class="roster-panel__header">
                    <h2 class="roster-panel__title" id=title_id.clone()>{move || title.get()}</h2>
                    <button
                        type="button"
                        class="roster-button roster-button--ghost roster-dialog__close"
                        aria-label=t.close
                        on:click=move |_| on_close.run(())
                    >
                        "×"
                    </button>
                </div>
                <div class="roster-panel__body">{children()}</div>
            </Show>
        </dialog>
    }
}
