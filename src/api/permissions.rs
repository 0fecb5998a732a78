//! The permission catalogue.

use roster_api::PermissionInfo;

use super::{ApiClient, ApiError, Query};

/// `GET /permissions`: every permission a member can be given, with label and description.
pub async fn catalogue(api: &ApiClient) -> Result<Vec<PermissionInfo>, ApiError> {
    api.get("/permissions", &Query::new()).await
}
