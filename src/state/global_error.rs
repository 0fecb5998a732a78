//! Failures nothing else handles: shown by one view with a Retry.

use std::rc::Rc;

use leptos::prelude::*;

use crate::api::ApiError;

/// The global error (context).
#[derive(Clone, Copy)]
pub struct GlobalError {
    pub error: RwSignal<Option<ApiError>>,
    retry: StoredValue<Option<Rc<dyn Fn()>>, LocalStorage>,
}

impl GlobalError {
    pub fn new() -> Self {
        GlobalError {
            error: RwSignal::new(None),
            retry: StoredValue::new_local(None),
        }
    }

    /// Shows `error`; Retry calls `retry`. Cancelled requests are not errors.
    pub fn report(&self, error: ApiError, retry: impl Fn() + 'static) {
        if error == ApiError::Aborted {
            return;
        }
        self.retry.set_value(Some(Rc::new(retry)));
        self.error.set(Some(error));
    }

    pub fn clear(&self) {
        self.error.set(None);
        self.retry.set_value(None);
    }

    /// Clears the error and runs the retry it came with.
    pub fn retry(&self) {
        let retry = self.retry.get_value();
        self.clear();
        if let Some(r) = retry {
            r();
        }
    }
}

impl Default for GlobalError {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_global_error() -> GlobalError {
    expect_context::<GlobalError>()
}
