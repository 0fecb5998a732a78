//! Short notices about the result of an action, read out by screen readers.

use std::time::Duration;

use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Error,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    pub id: u64,
    pub kind: ToastKind,
    pub text: String,
}

/// The toast queue (context).
#[derive(Clone, Copy)]
pub struct Toasts {
    pub list: RwSignal<Vec<Toast>>,
    next_id: StoredValue<u64>,
}

/// How long a success stays; errors stay until dismissed.
const SUCCESS_VISIBLE: Duration = Duration::from_secs(6);

impl Toasts {
    pub fn new() -> Self {
        Toasts {
            list: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(1),
        }
    }

    pub fn success(&self, text: impl Into<String>) {
        let id = self.push(ToastKind::Success, text.into());
        let this = *self;
        set_timeout(move || this.dismiss(id), SUCCESS_VISIBLE);
    }

    pub fn error(&self, text: impl Into<String>) {
        self.push(ToastKind::Error, text.into());
    }

    pub fn dismiss(&self, id: u64) {
        // The toast may outlive its app (unmounted widget): then there is nothing to do.
        let _ = self.list.try_update(|l| l.retain(|t| t.id != id));
    }

    fn push(&self, kind: ToastKind, text: String) -> u64 {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.list.update(|l| {
            l.push(Toast { id, kind, text });
            // Keep the stack short: the oldest goes first.
            if l.len() > 4 {
                l.remove(0);
            }
        });
        id
    }
}

impl Default for Toasts {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}
