//! RFC 9457 problem details, with a field-level `errors` list.

use serde::{Deserialize, Serialize};

/// Media type of every error body.
pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

/// An error answer of the API (RFC 9457 `application/problem+json`).
///
/// `code` is a stable machine-readable name (`organization_locked`,
/// `validation_failed`, ...) that clients branch on; `title` and `detail`
/// are for people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI reference naming the problem type; `about:blank` when the status says it all.
    #[serde(rename = "type", default = "about_blank")]
    pub type_uri: String,
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Stable machine-readable problem name.
    pub code: String,
    /// One entry per rejected field; empty when the problem is not about input.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

fn about_blank() -> String {
    "about:blank".to_owned()
}

/// One rejected input field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// Path of the field in the request body: `name`, `tags[2].key`, `emails[7]`.
    pub field: String,
    /// Stable machine-readable reason (`required`, `too_long`, `invalid_email`, ...).
    pub code: String,
    /// The reason in words, ready to show next to the field.
    pub message: String,
}

impl FieldError {
    pub fn new(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}

/// Stable problem codes shared by server and app.
pub mod codes {
    pub const VALIDATION_FAILED: &str = "validation_failed";
    pub const UNAUTHENTICATED: &str = "unauthenticated";
    pub const FORBIDDEN: &str = "forbidden";
    pub const NOT_FOUND: &str = "not_found";
    pub const ORGANIZATION_LOCKED: &str = "organization_locked";
    pub const CONFLICT: &str = "conflict";
    pub const IDEMPOTENCY_KEY_REUSED: &str = "idempotency_key_reused";
    pub const INVITATION_LINK_INVALID: &str = "invitation_link_invalid";
    pub const INVITATION_NOT_PENDING: &str = "invitation_not_pending";
    pub const INVITATION_FOR_ANOTHER_ADDRESS: &str = "invitation_for_another_address";
    pub const OWNER_NOT_REMOVABLE: &str = "owner_not_removable";
    // Who may change whose permissions, and who owns the organization.
    /// Granting or removing a permission the actor does not hold (403 on a
    /// member edit; the field code of `permissions[i]` in an invitation's 422).
    pub const PERMISSION_NOT_HELD: &str = "permission_not_held";
    /// Changing one's own permissions (403).
    pub const OWN_PERMISSIONS: &str = "own_permissions";
    /// Changing the owner's permissions (409): the owner holds every one.
    pub const OWNER_PERMISSIONS: &str = "owner_permissions";
    /// Field code of `email` in `PATCH /organizations/{id}`: a new owner email;
    /// the owner changes through `POST /organizations/{id}/transfer-ownership`.
    pub const OWNER_TRANSFER_REQUIRED: &str = "owner_transfer_required";
    pub const RATE_LIMITED: &str = "rate_limited";
    // Sign-in.
    /// Field code of `code` (422): not the code sent; the problem's detail says how many tries are left.
    pub const CODE_INCORRECT: &str = "code_incorrect";
    /// Field code of `code` (422): no code is waiting for this address (never sent, used, expired, or
    /// locked after 5 wrong tries): ask for a new one.
    pub const CODE_EXPIRED: &str = "code_expired";
    /// 422 (field `code`): the fifth wrong try locked this code; ask for a new one.
    pub const CODE_LOCKED: &str = "code_locked";
    /// 410: the emailed link was used, expired, replaced by a newer one or never existed.
    pub const SIGN_IN_LINK_INVALID: &str = "sign_in_link_invalid";
    /// 409: the link was opened on another device or browser than the one that asked;
    /// send it again with `confirm: true` to sign in here.
    pub const SIGN_IN_CONFIRM_DEVICE: &str = "sign_in_confirm_device";
    /// 403: a write authenticated by the session cookie without the app's
    /// `X-Roster-Request` header, or from another site's `Origin`.
    pub const CROSS_SITE_REQUEST: &str = "cross_site_request";
    // OpenID Connect: the callback redirects to `/sign-in?sso_error=<code>`.
    /// The provider's answer did not match the sign-in this browser started
    /// (wrong or missing state, a callback opened twice).
    pub const SSO_STATE_MISMATCH: &str = "sso_state_mismatch";
    /// The person cancelled at the provider, or it refused (`error=access_denied`, ...).
    pub const SSO_CANCELLED: &str = "sso_cancelled";
    /// The ID token carries no email, or one the provider has not verified.
    pub const SSO_EMAIL_UNVERIFIED: &str = "sso_email_unverified";
    /// The code exchange or the ID token's verification failed (a replayed
    /// code, a bad signature, a wrong nonce), or the provider is unreachable.
    pub const SSO_FAILED: &str = "sso_failed";
    pub const DEMO_ONLY: &str = "demo_only";
    pub const INTERNAL: &str = "internal";
    // Transport: answered before a handler runs (or instead of its answer).
    pub const METHOD_NOT_ALLOWED: &str = "method_not_allowed";
    pub const PAYLOAD_TOO_LARGE: &str = "payload_too_large";
    pub const UNSUPPORTED_MEDIA_TYPE: &str = "unsupported_media_type";
    pub const URI_TOO_LONG: &str = "uri_too_long";
    pub const REQUEST_TIMEOUT: &str = "request_timeout";
    pub const SERVER_TIMEOUT: &str = "server_timeout";
    /// 503: the database is busy or out of reach; retry after `Retry-After` seconds.
    pub const UNAVAILABLE: &str = "unavailable";
}
