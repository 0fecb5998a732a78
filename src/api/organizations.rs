//! Organizations: list, get, create, update, lock, unlock, transfer ownership.

use roster_api::{
    CreateOrganization, LockOrganization, LockedBy, Organization, OrganizationFilters,
    OrganizationStatus, Page, PageParams, TransferOwnership, UpdateOrganization,
};
use uuid::Uuid;

use super::{page_query, ApiClient, ApiError};

pub(crate) fn status_str(s: OrganizationStatus) -> &'static str {
    match s {
        OrganizationStatus::Active => "active",
        OrganizationStatus::Locked => "locked",
    }
}

pub(crate) fn locked_by_str(l: LockedBy) -> &'static str {
    match l {
        LockedBy::Partner => "partner",
        LockedBy::Platform => "platform",
    }
}

/// `GET /organizations`: one page of the organizations the account may see.
pub async fn list(
    api: &ApiClient,
    page: &PageParams,
    filters: &OrganizationFilters,
) -> Result<Page<Organization>, ApiError> {
    let query = page_query(page)
        .opt("status", filters.status.map(status_str))
        .opt("email", filters.email.as_deref())
        .opt("customer_id", filters.customer_id.as_deref())
        .opt("locked_by", filters.locked_by.map(locked_by_str))
        .opt("search", filters.search.as_deref());
    api.get("/organizations", &query).await
}

/// `GET /organizations/{id}`.
pub async fn get(api: &ApiClient, id: Uuid) -> Result<Organization, ApiError> {
    api.get(&format!("/organizations/{id}"), &super::Query::new())
        .await
}

/// `POST /organizations`.
pub async fn create(api: &ApiClient, body: &CreateOrganization) -> Result<Organization, ApiError> {
    api.send_json("POST", "/organizations", Some(body)).await
}

/// `PATCH /organizations/{id}`.
pub async fn update(
    api: &ApiClient,
    id: Uuid,
    body: &UpdateOrganization,
) -> Result<Organization, ApiError> {
    api.send_json("PATCH", &format!("/organizations/{id}"), Some(body))
        .await
}

/// `POST /organizations/{id}/lock`.
pub async fn lock(api: &ApiClient, id: Uuid, reason: &str) -> Result<Organization, ApiError> {
    let body = LockOrganization {
        reason: reason.to_owned(),
    };
    api.send_json("POST", &format!("/organizations/{id}/lock"), Some(&body))
        .await
}

/// `POST /organizations/{id}/unlock`.
pub async fn unlock(api: &ApiClient, id: Uuid) -> Result<Organization, ApiError> {
    api.send_json::<(), _>("POST", &format!("/organizations/{id}/unlock"), None)
        .await
}

/// `POST /organizations/{id}/transfer-ownership`: makes the member `user_id` the owner.
pub async fn transfer_ownership(
    api: &ApiClient,
    id: Uuid,
    user_id: Uuid,
) -> Result<Organization, ApiError> {
    api.send_json(
        "POST",
        &format!("/organizations/{id}/transfer-ownership"),
        Some(&TransferOwnership { user_id }),
    )
    .await
}
