//! Members of an organization: list, export, get, update, remove.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use roster_api::errors::codes;
use roster_api::{
    BulkResult, FieldError, Member, MemberFilters, MemberIds, Page, PageParams, Permission,
    UpdateMember,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::{org_view, require, require_any, require_unlocked, Errors, ReadErrors};
use crate::auth::CurrentAccount;
use crate::extract::{Json, Path, Query};
use crate::problem::{ApiError, ApiResult};
use crate::store::members::{self, MemberRow};
use crate::store::organizations::OrgView;
use crate::store::{groups, Conn};
use crate::{paging, validate, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users))
        .routes(routes!(export_users))
        .routes(routes!(get_user, update_user, remove_user))
        .routes(routes!(remove_users))
        .routes(routes!(tag_keys))
}

/// Most members one bulk action takes.
const MAX_BULK: usize = 1000;

const READ: &[Permission] = &[Permission::ViewMembers, Permission::ManageMembers];

/// Members of the organization (permission `view_members` or `manage_members`).
/// `search` matches the start of the email, its domain, the display name or
/// any word of it. `order_by`: email, display_name, created_at, last_login_at.
#[utoipa::path(get, path = "/organizations/{id}/users", tag = "users", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organization id"), PageParams, MemberFilters),
    responses((status = 200, body = Page<Member>), ReadErrors))]
async fn list_users(
    State(state): State<AppState>,
    me: CurrentAccount,
    Path(id): Path<Uuid>,
    Query(page): Query<PageParams>,
    Query(filters): Query<MemberFilters>,
) -> ApiResult<Json<Page<Member>>> {
    let (paging, order) = paging::parse(&page, members::ORDER_FIELDS, "email")?;
    let mut conn = state.store.read().await?;
    let view = org_view(&mut conn, &me, id).await?;
    require_any(&view, READ)?;
    let (items, total) = members::list(&mut conn, &view.row.id, &filters, &paging, &order).await?;
    Ok(Json(paging.wrap(items, total)))
}

/// Query of the CSV export: the list's filters and order, no paging.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportOrder {
    /// As in the list: email, display_name, created_at, last_login_at, optionally `-`.
    pub order_by: Option<String>,
}

/// Every member matching the filters, as CSV (permission `view_members` or `manage_members`).
#[utoipa::path(get, path = "/organizations/{id}/users/export", tag = "users", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organization id"), MemberFilters, ExportOrder),
    responses((status = 200, content_type = "text/csv", body = String, description = "One header row, then one row per member"), ReadErrors))]
async fn export_users(
    State(state): State<AppState>,
    me: CurrentAccount,
    Path(id): Path<Uuid>,
    Query(order): Query<ExportOrder>,
    Query(filters): Query<MemberFilters>,
) -> ApiResult<Response> {
    let page = PageParams {
        page: None,
        page_size: None,
        order_by: order.order_by,
    };
    let (_, order) = paging::parse(&page, members::ORDER_FIELDS, "email")?;
    let mut conn = state.store.read().await?;
    let view = org_view(&mut conn, &me, id).await?;
    require_any(&view, READ)?;
    let rows = members::select(&mut conn, &view.row.id, &filters, &order).await?;
    let mut csv =
        String::from("email,display_name,type,groups,tags,permissions,joined_at,last_login_at\r\n");
    for chunk in rows.chunks(1000) {
        let list = members::hydrate(&mut conn, &view.row.id, chunk.to_vec()).await?;
        for m in list {
            let groups: Vec<&str> = m.groups.iter().map(|g| g.name.as_str()).collect();
            let tags: Vec<String> = m
                .tags
                .iter()
                .map(|t| {
                    if t.value.is_empty() {
                        t.key.clone()
                    } else {
                        format!("{}:{}", t.key, t.value)
                    }
                })
                .collect();
            let permissions: Vec<&str> = m.permissions.iter().map(|p| p.as_str()).collect();
            let cells = [
                m.email,
                m.display_name,
                if m.member_type == roster_api::MemberType::Owner {
                    "owner"
                } else {
                    "member"
                }
                .to_owned(),
                groups.join("; "),
                tags.join("; "),
                permissions.join("; "),
                chrono::DateTime::<chrono::Utc>::from(m.created_at)
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                m.last_login_at
                    .map(|t| {
                        chrono::DateTime::<chrono::Utc>::from(t)
                            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                    })
                    .unwrap_or_default(),
            ];
            let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
            csv.push_str(&line.join(","));
            csv.push_str("\r\n");
        }
    }
    let filename = format!("{}-members.csv", slug(&view.row.name));
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        csv,
    )
        .into_response())
}

/// One CSV cell: quoted when needed, and with a leading `'` when a
/// spreadsheet would read it as a formula (CSV injection).
pub fn csv_cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

fn slug(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let s = s
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if s.is_empty() {
        "organization".to_owned()
    } else {
        s
    }
}

/// One member.
#[utoipa::path(get, path = "/organizations/{id}/users/{user_id}", tag = "users", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organization id"), ("user_id" = Uuid, Path, description = "Member (account) id")),
    responses((status = 200, body = Member), ReadErrors))]
async fn get_user(
    State(state): State<AppState>,
    me: CurrentAccount,
    Path((id, user_id)): Path<(Uuid, Uuid)>,
) -> ApiResult<Json<Member>> {
    let mut conn = state.store.read().await?;
    let view = org_view(&mut conn, &me, id).await?;
    require_any(&view, READ)?;
    members::get(&mut conn, &view.row.id, &user_id.to_string())
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found("member"))
}

/// Checks that every id is a group of the organization; field errors name the bad ones.
pub async fn check_group_ids(
    conn: &mut Conn,
    org_id: &str,
    field: &str,
    ids: &[Uuid],
    errors: &mut Vec<FieldError>,
) -> ApiResult<Vec<String>> {
    let wanted: Vec<String> = ids.iter().map(Uuid::to_string).collect();
    let found = groups::names(conn, org_id, &wanted).await?;
    let mut out = Vec::new();
    for (i, id) in wanted.iter().enumerate() {
        if found.iter().any(|(f, _)| f == id) {
            if !out.contains(id) {
                out.push(id.clone());
            }
        } else {
            errors.push(FieldError::new(
                format!("{field}[{i}]"),
                "not_found",
                "This group does not exist in the organization",
            ));
        }
    }
    Ok(out)
}

/// Changes a member's tags, groups or permissions (permission `manage_members`);
/// only the fields present change. Permissions follow three rules: nobody
/// grants or removes a permission they do not hold (403
/// `permission_not_held`; a managing partner holds all), nobody changes their
/// own (403 `own_permissions`), and the owner's are not editable (409
/// `owner_permissions`). Sending the member's current permissions changes
/// nothing and is always allowed.
#[utoipa::path(patch, path = "/organizations/{id}/users/{user_id}", tag = "users", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organization id"), ("user_id" = Uuid, Path, description = "Member (account) id")),
    request_body = UpdateMember,
    responses((status = 200, body = Member),
        (status = 409, description = "The owner's permissions", body = roster_api::Problem, content_type = "application/problem+json"),
        Errors))]
async fn update_user(
    State(state): State<AppState>,
    me: CurrentAccount,
    Path((id, user_id)): Path<(Uuid, Uuid)>,
    Json(body): Json<UpdateMember>,
) -> ApiResult<Json<Member>> {
    let mut tx = state.store.write().await?;
    let view = org_view(&mut tx, &me, id).await?;
    require(&view, Permission::ManageMembers)?;
    require_unlocked(&mut tx, &view).await?;
    let org_id = view.row.id.clone();
    let user_id = user_id.to_string();
    let target = members::row(&mut tx, &org_id, &user_id)
        .await?
        .ok_or_else(|| ApiError::not_found("member"))?;
    let permissions = match body.permissions.as_deref() {
        Some(wanted) => permission_change(&view, me.id(), &target, wanted)?,
        None => None,
    };
    let mut errors = Vec::new();
    let tags = body
        .tags
        .as_deref()
        .map(|t| validate::tag_list("tags", t, &mut errors));
    let group_ids = match body.group_ids.as_deref() {
        Some(ids) => Some(check_group_ids(&mut tx, &org_id, "group_ids", ids, &mut errors).await?),
        None => None,
    };
    validate::check(errors)?;
    if let Some(tags) = tags {
        members::replace_tags(&mut tx, &org_id, &user_id, &tags).await?;
    }
    if let Some(group_ids) = group_ids {
        members::replace_groups(&mut tx, &org_id, &user_id, &group_ids).await?;
    }
    if let Some(permissions) = permissions {
        members::set_permissions(&mut tx, &org_id, &user_id, &permissions).await?;
    }
    let member = members::get(&mut tx, &org_id, &user_id)
        .await?
        .ok_or_else(|| ApiError::not_found("member"))?;
    tx.commit().await?;
    Ok(Json(member))
}

/// The permissions added or removed between two sets, in catalogue order.
pub fn changed_permissions(before: &[Permission], after: &[Permission]) -> Vec<Permission> {
    Permission::ALL
        .into_iter()
        .filter(|p| before.contains(p) != after.contains(p))
        .collect()
}

/// The new permission set of `target`, or `None` when `wanted` is its current
/// one; refused when `view`'s account may not make that change.
fn permission_change(
    view: &OrgView,
    my_id: &str,
    target: &MemberRow,
    wanted: &[Permission],
) -> ApiResult<Option<Vec<Permission>>> {
    let after = members::sorted_permissions(wanted);
    let changed = changed_permissions(&target.permission_list(), &after);
    if changed.is_empty() {
        return Ok(None);
    }
    if target.account_id == my_id {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            codes::OWN_PERMISSIONS,
            "You cannot change your own permissions",
            Some(format!(
                "Nobody changes their own permissions in {}: ask another member who holds them, or the partner.",
                view.row.name
            )),
        ));
    }
    if target.is_owner() {
        return Err(ApiError::conflict(
            codes::OWNER_PERMISSIONS,
            "The owner's permissions cannot change",
            format!(
                "{} owns {} and holds every permission. Transfer the ownership first to change them.",
                target.email, view.row.name
            ),
        ));
    }
    if let Some(p) = changed.into_iter().find(|p| !view.has(*p)) {
        return Err(permission_not_held(view, p));
    }
    Ok(Some(after))
}

/// 403 `permission_not_held`: `p` is not the actor's to grant or remove.
pub fn permission_not_held(view: &OrgView, p: Permission) -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        codes::PERMISSION_NOT_HELD,
        "You do not hold this permission",
        Some(not_held_message(view, p)),
    )
}

/// Why `p` cannot be granted or removed by whoever `view` shows.
pub fn not_held_message(view: &OrgView, p: Permission) -> String {
    format!(
        "You cannot grant or remove “{}”: you do not hold it in {} yourself.",
        p.label(),
        view.row.name
    )
}

fn owner_not_removable(owner: &MemberRow) -> ApiError {
    ApiError::conflict(
        codes::OWNER_NOT_REMOVABLE,
        "The owner cannot be removed",
        format!(
            "{} owns the organization and cannot be removed from it.",
            owner.email
        ),
    )
}

/// Removes a member (permission `manage_members`); never the owner (409 `owner_not_removable`).
#[utoipa::path(delete, path = "/organizations/{id}/users/{user_id}", tag = "users", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organization id"), ("user_id" = Uuid, Path, description = "Member (account) id")),
    responses((status = 204, description = "Removed"),
        (status = 409, description = "The owner", body = roster_api::Problem, content_type = "application/problem+json"),
        Errors))]
async fn remove_user(
    State(state): State<AppState>,
    me: CurrentAccount,
    Path((id, user_id)): Path<(Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    let mut tx = state.store.write().await?;
    let view = org_view(&mut tx, &me, id).await?;
    require(&view, Permission::ManageMembers)?;
    require_unlocked(&mut tx, &view).await?;
    let row = members::row(&mut tx, &view.row.id, &user_id.to_string())
        .await?
        .ok_or_else(|| ApiError::not_found("member"))?;
    if row.is_owner() {
        return Err(owner_not_removable(&row));
    }
    members::remove(&mut tx, &view.row.id, &[row.account_id]).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes several members at once (permission `manage_members`). Ids that
/// are not members are skipped; when the owner is among them nothing is
/// removed (409 `owner_not_removable`).
#[utoipa::path(post, path = "/organizations/{id}/users/remove", tag = "users", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organization id")),
    request_body = MemberIds,
    responses((status = 200, body = BulkResult),
        (status = 409, description = "The owner is among them", body = roster_api::Problem, content_type = "application/problem+json"),
        Errors))]
async fn remove_users(
    State(state): State<AppState>,
    me: CurrentAccount,
    Path(id): Path<Uuid>,
    Json(body): Json<MemberIds>,
) -> ApiResult<Json<BulkResult>> {
    let mut tx = state.store.write().await?;
    let view = org_view(&mut tx, &me, id).await?;
    require(&view, Permission::ManageMembers)?;
    require_unlocked(&mut tx, &view).await?;
    // Permission first: a viewer learns it may not, not what was wrong with the list.
    check_bulk(&body)?;
    let mut ids = Vec::new();
    for user_id in &body.user_ids {
        if let Some(row) = members::row(&mut tx, &view.row.id, &user_id.to_string()).await? {
            if row.is_owner() {
                return Err(owner_not_removable(&row));
            }
            if !ids.contains(&row.account_id) {
                ids.push(row.account_id);
            }
        }
    }
    let affected = members::remove(&mut tx, &view.row.id, &ids).await?;
    tx.commit().await?;
    Ok(Json(BulkResult { affected }))
}

/// 422 unless a bulk request names 1 to [`MAX_BULK`] members.
pub fn check_bulk(body: &MemberIds) -> ApiResult<()> {
    if body.user_ids.is_empty() {
        return Err(ApiError::field(
            "user_ids",
            "required",
            "Select at least one member",
        ));
    }
    if body.user_ids.len() > MAX_BULK {
        return Err(ApiError::field(
            "user_ids",
            "too_many",
            format!("At most {MAX_BULK} members at a time"),
        ));
    }
    Ok(())
}

/// Distinct tag keys used in the organization, for suggestions.
#[utoipa::path(get, path = "/organizations/{id}/tag-keys", tag = "users", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organization id")),
    responses((status = 200, body = roster_api::TagKeys), ReadErrors))]
async fn tag_keys(
    State(state): State<AppState>,
    me: CurrentAccount,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<roster_api::TagKeys>> {
    let mut conn = state.store.read().await?;
    let view = org_view(&mut conn, &me, id).await?;
    require_any(&view, READ)?;
    Ok(Json(roster_api::TagKeys {
        keys: members::tag_keys(&mut conn, &view.row.id).await?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_defused() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_cell("@cmd,x"), "\"'@cmd,x\"");
    }

    #[test]
    fn file_name_slug() {
        assert_eq!(slug("Acme Corp"), "acme-corp");
        assert_eq!(slug("!!!"), "organization");
    }
}
