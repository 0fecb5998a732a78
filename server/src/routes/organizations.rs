//! Organizations: list, create, get, update, lock, unlock, transfer ownership.

use axum::extract::State;
use axum::http::StatusCode;
use roster_api::errors::codes;
use roster_api::{
    CreateOrganization, LockOrganization, LockedBy, MemberType, Organization, OrganizationFilters,
    Page, PageParams, Permission, TransferOwnership, UpdateOrganization,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::{org_view, require, require_unlocked, Errors, ReadErrors};
use crate::auth::CurrentAccount;
use crate::extract::{Json, Path, Query};
use crate::problem::{ApiError, ApiResult};
use crate::store::members::{self, NewMember};
use crate::store::organizations::{self as orgs, OrgView};
use crate::store::{accounts, Conn};
use crate::{paging, validate, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_organizations, create_organization))
        .routes(routes!(get_organization, update_organization))
        .routes(routes!(lock_organization))
        .routes(routes!(unlock_organization))
        .routes(routes!(transfer_ownership))
}

/// The organizations the signed-in account may see: those a partner created,
/// those a user belongs to. `order_by`: name, created_at, email, customer_id, status.
#[utoipa::path(get, path = "/organizations", tag = "organizations", security(("bearer" = [])),
    params(PageParams, OrganizationFilters),
    responses((status = 200, body = Page<Organization>)))]
async fn list_organizations(
    State(state): State<AppState>,
    me: CurrentAccount,
    Query(page): Query<PageParams>,
    Query(filters): Query<OrganizationFilters>,
) -> ApiResult<Json<Page<Organization>>> {
    let (paging, order) = paging::parse(&page, orgs::ORDER_FIELDS, "name")?;
    let mut conn = state.store.read().await?;
    let (views, total) = orgs::list(&mut conn, me.id(), &filters, &paging, &order).await?;
    Ok(Json(
        paging.wrap(views.iter().map(OrgView::to_api).collect(), total),
    ))
}

/// Creates an organization (partner accounts only). The owner email gets an
/// account (when new) and joins as the owner with every permission.
#[utoipa::path(post, path = "/organizations", tag = "organizations", security(("bearer" = [])),
    request_body = CreateOrganization,
    responses((status = 201, body = Organization), super::ForbiddenError))]
async fn create_organization(
    State(state): State<AppState>,
    me: CurrentAccount,
    Json(body): Json<CreateOrganization>,
) -> ApiResult<(StatusCode, Json<Organization>)> {
    if me.account.kind != "partner" {
        return Err(ApiError::forbidden(
            "Only partner accounts create organizations.",
        ));
    }
    let input = validate::create_organization(&body)?;
    let now = state.clock.now_ms();
    let mut tx = state.store.write().await?;
    let org_id = orgs::insert(&mut tx, me.id(), &input, now).await?;
    make_owner(&mut tx, &org_id, &input, now).await?;
    let view = orgs::visible(&mut tx, &org_id, me.id())
        .await?
        .ok_or_else(|| ApiError::not_found("organization"))?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(view.to_api())))
}

/// Makes the account of `input.email` (created when new) the owner of the organization.
async fn make_owner(
    conn: &mut Conn,
    org_id: &str,
    input: &CreateOrganization,
    now: i64,
) -> ApiResult<()> {
    let name = format!("{} {}", input.owner_firstname, input.owner_lastname);
    let owner = accounts::find_or_create(&mut *conn, &input.email, name.trim(), now).await?;
    match members::row(&mut *conn, org_id, &owner.id).await? {
        Some(_) => {
            members::set_member_type(&mut *conn, org_id, &owner.id, MemberType::Owner).await?;
            members::set_permissions(conn, org_id, &owner.id, &Permission::ALL).await?;
        }
        None => {
            let member = NewMember {
                account_id: &owner.id,
                email: &owner.email,
                display_name: &owner.display_name,
                last_login_at: owner.last_login_at,
                member_type: MemberType::Owner,
                permissions: &Permission::ALL,
                tags: &[],
                group_ids: &[],
            };
            members::insert(conn, org_id, &member, now).await?;
        }
    }
    Ok(())
}

/// One organization the signed-in account may see.
#[utoipa::path(get, path = "/organizations/{id}", tag = "organizations", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organization id")),
    responses((status = 200, body = Organization), ReadErrors))]
async fn get_organization(
    State(state): State<AppState>,
    me: CurrentAccount,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Organization>> {
    let mut conn = state.store.read().await?;
    Ok(Json(org_view(&mut conn, &me, id).await?.to_api()))
}

/// Changes the fields present (permission `manage_organization`). For the
/// optional fields an empty string clears the value. The owner does not change
/// here: an `email` other than the owner's is refused (422
/// `owner_transfer_required` on `email`); use `POST
/// /organizations/{id}/transfer-ownership`.
#[utoipa::path(patch, path = "/organizations/{id}", tag = "organizations", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organization id")),
    request_body = UpdateOrganization,
    responses((status = 200, body = Organization), Errors))]
async fn update_organization(
    State(state): State<AppState>,
    me: CurrentAccount,
    Path(id): Path<Uuid>,
    Json(patch): Json<UpdateOrganization>,
) -> ApiResult<Json<Organization>> {
    let mut tx = state.store.write().await?;
    let view = org_view(&mut tx, &me, id).await?;
    require(&view, Permission::ManageOrganization)?;
    require_unlocked(&mut tx, &view).await?;
    let r = &view.row;
    let current = CreateOrganization {
        name: r.name.clone(),
        email: r.email.clone(),
        owner_firstname: r.owner_firstname.clone(),
        owner_lastname: r.owner_lastname.clone(),
        phone_number: r.phone_number.clone(),
        siren_number: r.siren_number.clone(),
        customer_id: r.customer_id.clone(),
        comment: r.comment.clone(),
        picture_link: r.picture_link.clone(),
    };
    let next = validate::update_organization(current, &patch)?;
    if next.email != r.email {
        return Err(ApiError::field(
            "email",
            codes::OWNER_TRANSFER_REQUIRED,
            format!(
                "The owner's email cannot be edited: to make someone else the owner, transfer the ownership (POST /api/v1/organizations/{id}/transfer-ownership)."
            ),
        ));
    }
    let mut row = r.clone();
    row.name = next.name.clone();
    row.owner_firstname = next.owner_firstname.clone();
    row.owner_lastname = next.owner_lastname.clone();
    row.phone_number = next.phone_number.clone();
    row.siren_number = next.siren_number.clone();
    row.customer_id = next.customer_id.clone();
    row.comment = next.comment.clone();
    row.picture_link = next.picture_link.clone();
    orgs::update(&mut tx, &row).await?;
    let view = org_view(&mut tx, &me, id).await?;
    tx.commit().await?;
    Ok(Json(view.to_api()))
}

/// Makes a member the owner (the managing partner, or a member with
/// `manage_organization`). The new owner holds every permission; the
/// previous owner stays a member and keeps its permissions. The
/// organization's owner email and names follow the new owner (its display
/// name split at the first space). Naming the current owner changes nothing.
#[utoipa::path(post, path = "/organizations/{id}/transfer-ownership", tag = "organizations", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organization id")),
    request_body = TransferOwnership,
    responses((status = 200, body = Organization), Errors))]
async fn transfer_ownership(
    State(state): State<AppState>,
    me: CurrentAccount,
    Path(id): Path<Uuid>,
    Json(body): Json<TransferOwnership>,
) -> ApiResult<Json<Organization>> {
    let mut tx = state.store.write().await?;
    let view = org_view(&mut tx, &me, id).await?;
    require(&view, Permission::ManageOrganization)?;
    require_unlocked(&mut tx, &view).await?;
    let org_id = view.row.id.clone();
    let new_owner = members::row(&mut tx, &org_id, &body.user_id.to_string())
        .await?
        .ok_or_else(|| {
            ApiError::field(
                "user_id",
                "not_found",
                "This account is not a member of the organization",
            )
        })?;
    if !new_owner.is_owner() {
        for previous in members::owner_ids(&mut tx, &org_id).await? {
            members::set_member_type(&mut tx, &org_id, &previous, MemberType::Member).await?;
        }
        let account = &new_owner.account_id;
        members::set_member_type(&mut tx, &org_id, account, MemberType::Owner).await?;
        members::set_permissions(&mut tx, &org_id, account, &Permission::ALL).await?;
        let (first, last) = owner_names(&new_owner.display_name);
        let mut row = view.row.clone();
        row.email = new_owner.email.clone();
        row.owner_firstname = first;
        row.owner_lastname = last;
        orgs::update(&mut tx, &row).await?;
    }
    let view = org_view(&mut tx, &me, id).await?;
    tx.commit().await?;
    Ok(Json(view.to_api()))
}

/// An owner's first and last names from a display name: the first word, and
/// the rest (empty for a one-word name), each cut to the field's limit.
fn owner_names(display_name: &str) -> (String, String) {
    let cut = |s: &str| {
        s.trim()
            .chars()
            .take(roster_api::rules::organization::MAX_OWNER_NAME_CHARS)
            .collect::<String>()
    };
    match display_name.trim().split_once(char::is_whitespace) {
        Some((first, rest)) => (cut(first), cut(rest)),
        None => (cut(display_name), String::new()),
    }
}

/// Locks the organization with a reason (its partner only): every write in
/// it is refused until it is unlocked.
#[utoipa::path(post, path = "/organizations/{id}/lock", tag = "organizations", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organization id")),
    request_body = LockOrganization,
    responses((status = 200, body = Organization),
        (status = 409, description = "Already locked", body = roster_api::Problem, content_type = "application/problem+json"),
        Errors))]
async fn lock_organization(
    State(state): State<AppState>,
    me: CurrentAccount,
    Path(id): Path<Uuid>,
    Json(body): Json<LockOrganization>,
) -> ApiResult<Json<Organization>> {
    let reason = validate::lock_reason(&body)?;
    let now = state.clock.now_ms();
    let mut tx = state.store.write().await?;
    let view = org_view(&mut tx, &me, id).await?;
    if !view.is_partner {
        return Err(ApiError::forbidden(
            "Only the partner that manages this organization can lock it.",
        ));
    }
    if view.is_locked() {
        return Err(ApiError::conflict(
            codes::CONFLICT,
            "Already locked",
            format!("{} is already locked.", view.row.name),
        ));
    }
    orgs::lock(
        &mut tx,
        &view.row.id,
        &reason,
        LockedBy::Partner,
        me.id(),
        now,
    )
    .await?;
    let view = org_view(&mut tx, &me, id).await?;
    tx.commit().await?;
    Ok(Json(view.to_api()))
}

/// Unlocks the organization (its partner only; a platform lock stays).
/// Unlocking an unlocked organization changes nothing.
#[utoipa::path(post, path = "/organizations/{id}/unlock", tag = "organizations", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organization id")),
    responses((status = 200, body = Organization), Errors))]
async fn unlock_organization(
    State(state): State<AppState>,
    me: CurrentAccount,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Organization>> {
    let mut tx = state.store.write().await?;
    let view = org_view(&mut tx, &me, id).await?;
    if !view.is_partner {
        return Err(ApiError::forbidden(
            "Only the partner that manages this organization can unlock it.",
        ));
    }
    if view.row.locked_by.as_deref() == Some("platform") {
        return Err(ApiError::forbidden(
            "The platform locked this organization; only the platform can unlock it.",
        ));
    }
    orgs::unlock(&mut tx, &view.row.id).await?;
    let view = org_view(&mut tx, &me, id).await?;
    tx.commit().await?;
    Ok(Json(view.to_api()))
}

#[cfg(test)]
mod tests {
    use super::owner_names;

    #[test]
    fn owner_names_split_at_the_first_space() {
        assert_eq!(
            owner_names(" Ada  King Lovelace "),
            ("Ada".to_owned(), "King Lovelace".to_owned())
        );
        assert_eq!(owner_names("sam"), ("sam".to_owned(), String::new()));
    }
}
