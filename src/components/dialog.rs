//! A modal dialog, centred: see [`super::modal`] for focus and Esc handling.

use leptos::prelude::*;

use super::modal::{modal_shell, ModalShell};

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
    modal_shell(ModalShell {
        block: "roster-dialog",
        open,
        on_close,
        on_closed: None,
        title,
        children,
    })
}
