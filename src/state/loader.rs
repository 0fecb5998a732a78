//! Loads data for a key (an organization and a view state, say), keeping only
//! the latest request alive. The answer carries the key it was asked for, so
//! a screen can refuse to paint an answer that is not about what it shows now.

use std::future::Future;

use leptos::prelude::*;

use crate::api::{use_api, ApiClient, ApiError, LatestRequest};

/// An answer and the key it answers.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded<K, T> {
    pub key: K,
    pub result: Result<T, ApiError>,
}

/// The state of a loader.
pub struct Loader<K: Send + Sync + 'static, T: Send + Sync + 'static> {
    /// The latest answer (possibly for a previous key while `loading`).
    pub value: RwSignal<Option<Loaded<K, T>>>,
    /// Whether a request is in flight.
    pub loading: RwSignal<bool>,
    reload: RwSignal<u32>,
}

impl<K: Send + Sync + 'static, T: Send + Sync + 'static> Clone for Loader<K, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<K: Send + Sync + 'static, T: Send + Sync + 'static> Copy for Loader<K, T> {}

impl<K: Clone + PartialEq + Send + Sync + 'static, T: Clone + Send + Sync + 'static> Loader<K, T> {
    /// Asks again for the current key.
    pub fn reload(&self) {
        self.reload.update(|n| *n += 1);
    }

    /// The answer, only if it is for `key`.
    pub fn for_key(&self, key: &K) -> Option<Result<T, ApiError>> {
        self.value.with(|v| {
            v.as_ref()
                .filter(|v| &v.key == key)
                .map(|v| v.result.clone())
        })
    }

    /// Replaces the data for the current key (after a write answered with it).
    pub fn update_data(&self, f: impl FnOnce(&mut T)) {
        self.value.update(|v| {
            if let Some(Loaded {
                result: Ok(data), ..
            }) = v
            {
                f(data);
            }
        });
    }
}

/// Starts loading `fetch(client, key())` now and whenever `key()` changes.
pub fn use_loader<K, T, F, Fut>(key: impl Fn() -> K + 'static, fetch: F) -> Loader<K, T>
where
    K: Clone + PartialEq + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
    F: Fn(ApiClient, K) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let client = use_api();
    let latest = LatestRequest::new();
    let value = RwSignal::new(None::<Loaded<K, T>>);
    let loading = RwSignal::new(true);
    let reload = RwSignal::new(0u32);
    let wanted = StoredValue::new(None::<K>);
    Effect::new(move |_| {
        reload.track();
        let k = key();
        wanted.set_value(Some(k.clone()));
        loading.set(true);
        let fut = fetch(client.abortable(latest.next()), k.clone());
        leptos::task::spawn_local(async move {
            let result = fut.await;
            if matches!(result, Err(ApiError::Aborted)) {
                return;
            }
            // try_: the screen may be gone by the time the answer arrives.
            if wanted.try_with_value(|w| w.as_ref() == Some(&k)) != Some(true) {
                return;
            }
            let _ = value.try_set(Some(Loaded { key: k, result }));
            let _ = loading.try_set(false);
        });
    });
    Loader {
        value,
        loading,
        reload,
    }
}
