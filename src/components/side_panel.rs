//! A panel that slides in from the side: see [`super::modal`] for focus and
//! Esc handling.

use leptos::prelude::*;

use super::modal::{modal_shell, ModalShell};

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
    modal_shell(ModalShell {
        block: "roster-panel",
        open: open.into(),
        on_close,
        on_closed: Some(Callback::new(move |()| open.set(false))),
        title,
        children,
    })
}
