//! Invitations: an organization's list, and the invitee's side.

use roster_api::{
    AcceptResponse, Invitation, InvitationFilters, InvitationStatus, InvitationToken, Page,
    PageParams,
};
use uuid::Uuid;

use super::{page_query, ApiClient, ApiError};

pub(crate) fn status_str(s: InvitationStatus) -> &'static str {
    match s {
        InvitationStatus::Pending => "pending",
        InvitationStatus::Accepted => "accepted",
        InvitationStatus::Declined => "declined",
        InvitationStatus::Expired => "expired",
        InvitationStatus::Revoked => "revoked",
    }
}

/// `GET /organizations/{id}/invitations`.
pub async fn list_for_org(
    api: &ApiClient,
    org_id: Uuid,
    page: &PageParams,
    filters: &InvitationFilters,
) -> Result<Page<Invitation>, ApiError> {
    let query = page_query(page)
        .opt("status", filters.status.map(status_str))
        .opt("search", filters.search.as_deref());
    api.get(&format!("/organizations/{org_id}/invitations"), &query)
        .await
}

/// `GET /me/invitations`: pending invitations addressed to the signed-in account.
pub async fn list_mine(api: &ApiClient, page: &PageParams) -> Result<Page<Invitation>, ApiError> {
    api.get("/me/invitations", &page_query(page)).await
}

/// `POST /me/invitations/{id}/accept`.
pub async fn accept_mine(api: &ApiClient, id: Uuid) -> Result<AcceptResponse, ApiError> {
    api.send_json::<(), _>("POST", &format!("/me/invitations/{id}/accept"), None)
        .await
}

/// `POST /me/invitations/{id}/decline`.
pub async fn decline_mine(api: &ApiClient, id: Uuid) -> Result<Invitation, ApiError> {
    api.send_json::<(), _>("POST", &format!("/me/invitations/{id}/decline"), None)
        .await
}

/// `POST /invitations/lookup`: the invitation behind an emailed link.
pub async fn lookup(api: &ApiClient, token: &str) -> Result<Invitation, ApiError> {
    let body = InvitationToken {
        token: token.to_owned(),
    };
    api.send_json("POST", "/invitations/lookup", Some(&body))
        .await
}

/// `POST /invitations/accept` by token.
pub async fn accept_by_token(api: &ApiClient, token: &str) -> Result<AcceptResponse, ApiError> {
    let body = InvitationToken {
        token: token.to_owned(),
    };
    api.send_json("POST", "/invitations/accept", Some(&body))
        .await
}

/// `POST /invitations/decline` by token.
pub async fn decline_by_token(api: &ApiClient, token: &str) -> Result<Invitation, ApiError> {
    let body = InvitationToken {
        token: token.to_owned(),
    };
    api.send_json("POST", "/invitations/decline", Some(&body))
        .await
}

/// `POST /organizations/{id}/invitations`: invites a batch (or, with
/// `dry_run`, says what would happen without writing). Give the client an
/// idempotency key ([`ApiClient::idempotent`]) so a retry never sends twice.
pub async fn create(
    api: &ApiClient,
    org_id: Uuid,
    body: &roster_api::CreateInvitations,
    dry_run: bool,
) -> Result<roster_api::InviteResponse, ApiError> {
    let path = format!("/organizations/{org_id}/invitations?dry_run={dry_run}");
    api.send_json("POST", &path, Some(body)).await
}

/// `POST /organizations/{id}/invitations/{inv_id}/resend`: a new link and a
/// new expiry (pending or expired invitations).
pub async fn resend(api: &ApiClient, org_id: Uuid, id: Uuid) -> Result<Invitation, ApiError> {
    api.send_json::<(), _>(
        "POST",
        &format!("/organizations/{org_id}/invitations/{id}/resend"),
        None,
    )
    .await
}

/// `POST /organizations/{id}/invitations/{inv_id}/revoke` (pending only).
pub async fn revoke(api: &ApiClient, org_id: Uuid, id: Uuid) -> Result<Invitation, ApiError> {
    api.send_json::<(), _>(
        "POST",
        &format!("/organizations/{org_id}/invitations/{id}/revoke"),
        None,
    )
    .await
}
