//! The current organization: its id comes from the route (or a host), its
//! details are loaded here once for the top bar, the lock banner and the pages.

use leptos::prelude::*;
use roster_api::{Organization, OrganizationStatus, Permission};
use uuid::Uuid;

use crate::api::{self, ApiClient, ApiError, LatestRequest};

/// The current organization (context).
#[derive(Clone, Copy)]
pub struct CurrentOrg {
    /// Which organization the user is in, if any.
    pub id: Signal<Option<Uuid>>,
    loaded: RwSignal<Option<Organization>>,
    /// Why loading the organization failed.
    pub error: RwSignal<Option<ApiError>>,
    reload: RwSignal<u32>,
}

impl CurrentOrg {
    /// Loads the organization whenever `id` changes; an answer for a previous
    /// id is aborted, and ignored if it still arrives.
    pub fn new(id: Signal<Option<Uuid>>, client: ApiClient) -> Self {
        let loaded = RwSignal::new(None::<Organization>);
        let error = RwSignal::new(None);
        let reload = RwSignal::new(0u32);
        let latest = LatestRequest::new();
        Effect::new(move |_| {
            reload.track();
            let Some(wanted) = id.get() else {
                latest.abort();
                loaded.set(None);
                error.set(None);
                return;
            };
            if loaded
                .get_untracked()
                .as_ref()
                .is_some_and(|o| o.id != wanted)
            {
                loaded.set(None);
            }
            error.set(None);
            let client = client.abortable(latest.next());
            leptos::task::spawn_local(async move {
                let result = api::organizations::get(&client, wanted).await;
                if id.get_untracked() != Some(wanted) {
                    return;
                }
                match result {
                    Ok(org) => loaded.set(Some(org)),
                    Err(ApiError::Aborted) => {}
                    Err(e) => error.set(Some(e)),
                }
            });
        });
        CurrentOrg {
            id,
            loaded,
            error,
            reload,
        }
    }

    /// The current organization's details, only when they are the current
    /// id's: never the previous organization's.
    pub fn org(&self) -> Option<Organization> {
        let id = self.id.get()?;
        self.loaded
            .with(|o| o.as_ref().filter(|o| o.id == id).cloned())
    }

    /// Replaces the details after a write answered with the new ones.
    pub fn set(&self, org: Organization) {
        if self.id.get_untracked() == Some(org.id) {
            self.loaded.set(Some(org));
        }
    }

    pub fn reload(&self) {
        self.reload.update(|n| *n += 1);
    }

    /// Whether the current organization is locked (writes disabled).
    pub fn is_locked(&self) -> bool {
        self.org()
            .is_some_and(|o| o.status == OrganizationStatus::Locked)
    }

    /// Whether the signed-in account holds `p` in the current organization.
    pub fn can(&self, p: Permission) -> bool {
        self.org().is_some_and(|o| o.my_permissions.contains(&p))
    }
}

pub fn use_current_org() -> CurrentOrg {
    expect_context::<CurrentOrg>()
}
