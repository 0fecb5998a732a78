//! The widget's DOM events: `roster:*` `CustomEvent`s dispatched on the host
//! element, with a JSON `detail` (camelCase keys). Pages report what happened
//! with one line (`use_embed_events().member_removed(org, &ids)`); in the
//! standalone app there is no host element and every call does nothing.

use leptos::prelude::*;
use roster_api::{AcceptResponse, InviteResponse, InviteResult, Organization};
use serde::Serialize;
use uuid::Uuid;
use wasm_bindgen::JsValue;

use crate::api::ApiError;

/// Where the widget's events go (context, also carried by the API client).
/// `Default` is the standalone app's: nowhere.
#[derive(Clone, Copy, Default)]
pub struct EmbedEvents {
    target: Option<StoredValue<web_sys::EventTarget, LocalStorage>>,
}

impl std::fmt::Debug for EmbedEvents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.target.is_some() {
            "EmbedEvents(host)"
        } else {
            "EmbedEvents(none)"
        })
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OrganizationDetail<'a> {
    organization_id: Uuid,
    name: &'a str,
    locked: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct InvitationsSentDetail<'a> {
    organization_id: Uuid,
    results: &'a [InviteResult],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BeforeInviteDetail<'a> {
    organization_id: Uuid,
    emails: &'a [String],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AcceptedDetail<'a> {
    invitation_id: Uuid,
    organization_id: Uuid,
    organization_name: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MemberRemovedDetail<'a> {
    organization_id: Uuid,
    user_ids: &'a [Uuid],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorDetail<'a> {
    /// `network`, `unauthorized`, `forbidden`, `not_found`, `conflict`,
    /// `validation`, `rate_limited`, `server`, `unexpected`.
    kind: &'static str,
    status: Option<u16>,
    /// The problem's stable code, when the server sent one.
    code: Option<&'a str>,
}

/// What a host receives in `roster:error`'s `detail.kind`.
pub fn error_kind(e: &ApiError) -> (&'static str, Option<u16>) {
    match e {
        ApiError::Network => ("network", None),
        ApiError::Aborted => ("aborted", None),
        ApiError::Unauthorized => ("unauthorized", Some(401)),
        ApiError::Forbidden(_) => ("forbidden", Some(403)),
        ApiError::NotFound => ("not_found", Some(404)),
        ApiError::Conflict(p) => ("conflict", Some(p.status)),
        ApiError::Validation(p) => ("validation", Some(p.status)),
        ApiError::RateLimited { .. } => ("rate_limited", Some(429)),
        ApiError::Server(s) => ("server", Some(*s)),
        ApiError::Unexpected(s) => ("unexpected", Some(*s).filter(|s| *s != 0)),
    }
}

impl EmbedEvents {
    /// Events dispatched on `target` (the host element).
    pub fn new(target: web_sys::EventTarget) -> Self {
        EmbedEvents {
            target: Some(StoredValue::new_local(target)),
        }
    }

    /// Dispatches `roster:{name}`; false when a listener cancelled it.
    fn dispatch(&self, name: &str, detail: &impl Serialize, cancelable: bool) -> bool {
        let Some(target) = self.target.and_then(|t| t.try_get_value()) else {
            return true;
        };
        let detail = serde_json::to_string(detail)
            .ok()
            .and_then(|s| js_sys::JSON::parse(&s).ok())
            .unwrap_or(JsValue::NULL);
        let init = web_sys::CustomEventInit::new();
        init.set_detail(&detail);
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_cancelable(cancelable);
        match web_sys::CustomEvent::new_with_event_init_dict(&format!("roster:{name}"), &init) {
            Ok(event) => target.dispatch_event(&event).unwrap_or(true),
            Err(_) => true,
        }
    }

    /// `roster:ready`: the widget is mounted (`detail.view`).
    pub fn ready(&self, view: &str, organization_id: Option<Uuid>) {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Ready<'a> {
            view: &'a str,
            organization_id: Option<Uuid>,
        }
        self.dispatch(
            "ready",
            &Ready {
                view,
                organization_id,
            },
            false,
        );
    }

    /// `roster:organization-changed`: the organization shown is now `org`.
    pub fn organization_changed(&self, org: &Organization) {
        let detail = OrganizationDetail {
            organization_id: org.id,
            name: &org.name,
            locked: org.status == roster_api::OrganizationStatus::Locked,
        };
        self.dispatch("organization-changed", &detail, false);
    }

    /// Cancelable `roster:before-invite`: false when the host vetoed sending
    /// invitations to `emails` (e.g. a seat limit).
    pub fn before_invite(&self, organization_id: Uuid, emails: &[String]) -> bool {
        let detail = BeforeInviteDetail {
            organization_id,
            emails,
        };
        self.dispatch("before-invite", &detail, true)
    }

    /// `roster:invitations-sent`, with the server's per-address results.
    pub fn invitations_sent(&self, organization_id: Uuid, response: &InviteResponse) {
        let detail = InvitationsSentDetail {
            organization_id,
            results: &response.results,
        };
        self.dispatch("invitations-sent", &detail, false);
    }

    /// `roster:invitation-accepted`.
    pub fn invitation_accepted(&self, accepted: &AcceptResponse) {
        let detail = AcceptedDetail {
            invitation_id: accepted.invitation.id,
            organization_id: accepted.organization.id,
            organization_name: &accepted.organization.name,
        };
        self.dispatch("invitation-accepted", &detail, false);
    }

    /// `roster:member-removed`: `user_ids` left `organization_id`.
    pub fn member_removed(&self, organization_id: Uuid, user_ids: &[Uuid]) {
        let detail = MemberRemovedDetail {
            organization_id,
            user_ids,
        };
        self.dispatch("member-removed", &detail, false);
    }

    /// `roster:error`: an API call failed (cancelled requests are not errors).
    pub fn error(&self, error: &ApiError) {
        if self.target.is_none() || *error == ApiError::Aborted {
            return;
        }
        let (kind, status) = error_kind(error);
        let detail = ErrorDetail {
            kind,
            status,
            code: error.code(),
        };
        self.dispatch("error", &detail, false);
    }
}

/// The events of the current widget; a no-op in the standalone app.
pub fn use_embed_events() -> EmbedEvents {
    use_context::<EmbedEvents>().unwrap_or_default()
}

/// Reports every change of the current organization (once its details are
/// loaded) as `roster:organization-changed`.
pub fn report_organization_changes(current: crate::state::org::CurrentOrg) {
    let events = use_embed_events();
    if events.target.is_none() {
        return;
    }
    let last = StoredValue::new(None::<Uuid>);
    Effect::new(move |_| {
        if let Some(org) = current.org() {
            if last.get_value() != Some(org.id) {
                last.set_value(Some(org.id));
                events.organization_changed(&org);
            }
        }
    });
}
