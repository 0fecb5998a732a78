//! Groups of an organization: list, create, add members.

use axum::extract::State;
use axum::http::StatusCode;
use roster_api::{
    BulkResult, CreateGroup, FieldError, Group, MemberIds, Page, PageParams, Permission,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::users::check_bulk;
use super::{org_view, require, require_any, require_unlocked, Errors, ReadErrors};
use crate::auth::CurrentAccount;
use crate::extract::{Json, Path, Query};
use crate::problem::{ApiError, ApiResult};
use crate::store::{groups, members};
use crate::{paging, validate, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_groups, create_group))
        .routes(routes!(add_group_members))
}

/// Groups of the organization with their member counts (permission
/// `view_members` or `manage_members`). `order_by`: name, created_at.
#[utoipa::path(get, path = "/organizations/{id}/groups", tag = "groups", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organization id"), PageParams),
    responses((status = 200, body = Page<Group>), ReadErrors))]
async fn list_groups(
    State(state): State<AppState>,
    me: CurrentAccount,
    Path(id): Path<Uuid>,
    Query(page): Query<PageParams>,
) -> ApiResult<Json<Page<Group>>> {
    let (paging, order) = paging::parse(&page, groups::ORDER_FIELDS, "name")?;
    let mut conn = state.store.read().await?;
    let view = org_view(&mut conn, &me, id).await?;
    require_any(&view, &[Permission::ViewMembers, Permission::ManageMembers])?;
    let (items, total) = groups::list(&mut conn, &view.row.id, &paging, &order).await?;
    Ok(Json(paging.wrap(items, total)))
}

/// Creates a group (permission `manage_members`); names are unique in the
/// organization, ignoring case.
#[utoipa::path(post, path = "/organizations/{id}/groups", tag = "groups", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organization id")),
    request_body = CreateGroup,
    responses((status = 201, body = Group), Errors))]
async fn create_group(
    State(state): State<AppState>,
    me: CurrentAccount,
    Path(id): Path<Uuid>,
    Json(body): Json<CreateGroup>,
) -> ApiResult<(StatusCode, Json<Group>)> {
    let input = validate::group(&body)?;
    let now = state.clock.now_ms();
    let mut tx = state.store.write().await?;
    let view = org_view(&mut tx, &me, id).await?;
    require(&view, Permission::ManageMembers)?;
    require_unlocked(&mut tx, &view).await?;
    if groups::by_name(&mut tx, &view.row.id, &input.name)
        .await?
        .is_some()
    {
        return Err(ApiError::validation(vec![FieldError::new(
            "name",
            "duplicate",
            format!("A group named “{}” already exists", input.name),
        )]));
    }
    let row = groups::insert(
        &mut tx,
        &view.row.id,
        &input.name,
        input.description.as_deref(),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(row.to_api())))
}

/// Adds members to a group (permission `manage_members`). Members already in
/// it are skipped; `affected` counts the ones added. Ids that are not members
/// of the organization are refused (`user_ids[i]`).
#[utoipa::path(post, path = "/organizations/{id}/groups/{group_id}/members", tag = "groups", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organization id"), ("group_id" = Uuid, Path, description = "Group id")),
    request_body = MemberIds,
    responses((status = 200, body = BulkResult), Errors))]
async fn add_group_members(
    State(state): State<AppState>,
    me: CurrentAccount,
    Path((id, group_id)): Path<(Uuid, Uuid)>,
    Json(body): Json<MemberIds>,
) -> ApiResult<Json<BulkResult>> {
    let mut tx = state.store.write().await?;
    let view = org_view(&mut tx, &me, id).await?;
    require(&view, Permission::ManageMembers)?;
    require_unlocked(&mut tx, &view).await?;
    // Permission first: a viewer learns it may not, not what was wrong with the list.
    check_bulk(&body)?;
    let org_id = view.row.id.clone();
    let group = groups::get(&mut tx, &org_id, &group_id.to_string())
        .await?
        .ok_or_else(|| ApiError::not_found("group"))?;
    let mut errors = Vec::new();
    for (i, user_id) in body.user_ids.iter().enumerate() {
        if members::row(&mut tx, &org_id, &user_id.to_string())
            .await?
            .is_none()
        {
            errors.push(FieldError::new(
                format!("user_ids[{i}]"),
                "not_found",
                "Not a member of the organization",
            ));
        }
    }
    validate::check(errors)?;
    let mut affected = 0;
    for user_id in &body.user_ids {
        if members::add_to_group(&mut tx, &org_id, &group.id, &user_id.to_string()).await? {
            affected += 1;
        }
    }
    tx.commit().await?;
    Ok(Json(BulkResult { affected }))
}
