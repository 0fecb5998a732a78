//! Short notices about the result of an action, read out by screen readers.

use std::time::Duration;

use leptos::leptos_dom::helpers::TimeoutHandle;
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
    /// The dismiss timers still running, cleared with the owner (an
    /// unmounted widget leaves no timer behind).
    timers: StoredValue<Vec<(u64, TimeoutHandle)>>,
}

/// How long a success stays; errors stay until dismissed.
const SUCCESS_VISIBLE: Duration = Duration::from_secs(6);

impl Toasts {
    /// The queue of the current owner; its timers end with it.
    pub fn new() -> Self {
        let timers = StoredValue::new(Vec::<(u64, TimeoutHandle)>::new());
        on_cleanup(move || {
            if let Some(timers) = timers.try_update_value(std::mem::take) {
                timers.into_iter().for_each(|(_, h)| h.clear());
            }
        });
        Toasts {
            list: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(1),
            timers,
        }
    }

    pub fn success(&self, text: impl Into<String>) {
        let id = self.push(ToastKind::Success, text.into());
        let this = *self;
        if let Ok(h) = set_timeout_with_handle(move || this.dismiss(id), SUCCESS_VISIBLE) {
            self.timers.update_value(|t| t.push((id, h)));
        }
    }

    pub fn error(&self, text: impl Into<String>) {
        self.push(ToastKind::Error, text.into());
    }

    pub fn dismiss(&self, id: u64) {
        // The toast may outlive its app (unmounted widget): then there is nothing to do.
        let _ = self.list.try_update(|l| l.retain(|t| t.id != id));
        let _ = self.timers.try_update_value(|t| {
            if let Some(i) = t.iter().position(|(tid, _)| *tid == id) {
                t.swap_remove(i).1.clear();
            }
        });
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
