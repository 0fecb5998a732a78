//! HTTP handlers, one file per resource. Each handler checks who may do what
//! (404 for an organization the account cannot see, 403 for a missing
//! permission, 423 for a write into a locked organization) before touching data.

pub mod auth;
pub mod dev;
pub mod groups;
pub mod invitations;
pub mod me;
pub mod organizations;
pub mod permissions;
pub mod sso;
pub mod users;

use axum::http::StatusCode;
use roster_api::errors::codes;
use roster_api::{Permission, Problem};
use utoipa::IntoResponses;
use utoipa_axum::router::OpenApiRouter;
use uuid::Uuid;

use crate::auth::CurrentAccount;
use crate::problem::{ApiError, ApiResult};
use crate::store::organizations::{self as orgs, OrgView};
use crate::store::{accounts, Conn};
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(auth::router())
        .merge(sso::router())
        .merge(me::router())
        .merge(permissions::router())
        .merge(organizations::router())
        .merge(users::router())
        .merge(groups::router())
        .merge(invitations::router())
        .merge(dev::router())
}

// The answers an operation gives by its shape (401 with a bearer token; 400,
// 413, 415 and 422 with a body; 404 with a path id; 429, 503) are added to
// the OpenAPI document by `crate::api_doc`; these list what only the handler knows.

/// The error answers of endpoints that read an organization's data.
#[derive(IntoResponses)]
#[allow(dead_code)] // Only read by the OpenAPI derive.
pub enum ReadErrors {
    /// Visible, but the account lacks the permission.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// Unknown, or not visible to this account.
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
}

/// The error answers of endpoints that write into an organization.
#[derive(IntoResponses)]
#[allow(dead_code)] // Only read by the OpenAPI derive.
pub enum Errors {
    /// Visible, but the account lacks the permission.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// Unknown, or not visible to this account.
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
    /// The organization is locked: every write but unlock is refused.
    #[response(status = 423, content_type = "application/problem+json")]
    Locked(Problem),
}

/// The error answer of an action only some accounts may take (creating an
/// organization is for partners).
#[derive(IntoResponses)]
#[allow(dead_code)] // Only read by the OpenAPI derive.
pub enum ForbiddenError {
    /// The account may not do this.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
}

/// The error answer of the demo-mode endpoints and of invitation links.
#[derive(IntoResponses)]
#[allow(dead_code)] // Only read by the OpenAPI derive.
pub enum NotFoundError {
    /// Not in demo mode (`demo_only`), or the invitation link is invalid
    /// (`invitation_link_invalid`), or unknown.
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
}

/// The organization as `me` sees it; 404 when `me` may not see it.
pub async fn org_view(conn: &mut Conn, me: &CurrentAccount, org_id: Uuid) -> ApiResult<OrgView> {
    orgs::visible(conn, &org_id.to_string(), me.id())
        .await?
        .ok_or_else(|| ApiError::not_found("organization"))
}

/// 403 unless the view holds `permission`.
pub fn require(view: &OrgView, permission: Permission) -> ApiResult<()> {
    if view.has(permission) {
        Ok(())
    } else {
        Err(ApiError::forbidden(format!(
            "You need the “{}” permission in {} to do this.",
            permission.label(),
            view.row.name
        )))
    }
}

/// 403 unless the view holds one of `permissions` (reading members: view or manage).
pub fn require_any(view: &OrgView, permissions: &[Permission]) -> ApiResult<()> {
    match permissions.iter().find(|p| view.has(**p)) {
        Some(_) => Ok(()),
        None => require(view, permissions[0]),
    }
}

/// 423 `organization_locked` when the organization is locked, naming who locked it, when and why.
pub async fn require_unlocked(conn: &mut Conn, view: &OrgView) -> ApiResult<()> {
    if !view.is_locked() {
        return Ok(());
    }
    let r = &view.row;
    let who = match r.locked_by.as_deref() {
        Some("platform") => "the platform".to_owned(),
        _ => match r.locked_by_account_id.as_deref() {
            Some(id) => match accounts::by_id(conn, id).await? {
                Some(a) => format!("the partner ({})", a.display_name),
                None => "the partner".to_owned(),
            },
            None => "the partner".to_owned(),
        },
    };
    let when = r
        .locked_at
        .map(|ms| {
            chrono::DateTime::<chrono::Utc>::from(crate::clock::ms_to_time(ms))
                .format(" on %Y-%m-%d")
                .to_string()
        })
        .unwrap_or_default();
    let reason = r
        .lock_reason_message
        .as_deref()
        .unwrap_or("no reason given");
    Err(ApiError::new(
        StatusCode::LOCKED,
        codes::ORGANIZATION_LOCKED,
        "The organization is locked",
        Some(format!(
            "{} was locked by {who}{when}: {reason}. Nothing in it can change until it is unlocked.",
            r.name
        )),
    ))
}
