//! The permission catalogue.

use roster_api::{Permission, PermissionInfo};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::CurrentAccount;
use crate::extract::Json;
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_permissions))
}

/// Every permission a member can be given, with a label and a description.
#[utoipa::path(get, path = "/permissions", tag = "permissions", security(("bearer" = [])),
    responses((status = 200, body = Vec<PermissionInfo>)))]
async fn list_permissions(_me: CurrentAccount) -> Json<Vec<PermissionInfo>> {
    Json(
        Permission::ALL
            .into_iter()
            .map(|p| PermissionInfo {
                permission: p,
                label: p.label().to_owned(),
                description: p.description().to_owned(),
            })
            .collect(),
    )
}
