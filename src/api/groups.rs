//! Groups of an organization.

use roster_api::{BulkResult, CreateGroup, Group, MemberIds, Page};
use uuid::Uuid;

use super::{ApiClient, ApiError, Query};

/// `GET /organizations/{id}/groups`: the first 100 groups by name (the
/// server's largest page; pickers search within them).
pub async fn list(api: &ApiClient, org_id: Uuid) -> Result<Page<Group>, ApiError> {
    let query = Query::new().with("page_size", 100).with("order_by", "name");
    api.get(&format!("/organizations/{org_id}/groups"), &query)
        .await
}

/// `POST /organizations/{id}/groups/{group_id}/members`: adds members to a group.
pub async fn add_members(
    api: &ApiClient,
    org_id: Uuid,
    group_id: Uuid,
    user_ids: Vec<Uuid>,
) -> Result<BulkResult, ApiError> {
    api.send_json(
        "POST",
        &format!("/organizations/{org_id}/groups/{group_id}/members"),
        Some(&MemberIds { user_ids }),
    )
    .await
}

/// `POST /organizations/{id}/groups`: the group created.
pub async fn create(api: &ApiClient, org_id: Uuid, body: &CreateGroup) -> Result<Group, ApiError> {
    api.send_json(
        "POST",
        &format!("/organizations/{org_id}/groups"),
        Some(body),
    )
    .await
}
