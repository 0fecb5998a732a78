//! The signed-in account and the invitations addressed to it.

use axum::extract::State;
use roster_api::{
    AcceptResponse, Invitation, InvitationFilters, InvitationStatus, Me, Page, PageParams, UpdateMe,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::invitations::{accept, decline, own_pending};
use super::{Errors, ReadErrors};
use crate::auth::CurrentAccount;
use crate::extract::{Json, Path, Query};
use crate::problem::ApiResult;
use crate::store::accounts;
use crate::store::invitations::{self as inv, Scope};
use crate::{paging, validate, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_me, update_me))
        .routes(routes!(my_invitations))
        .routes(routes!(accept_mine))
        .routes(routes!(decline_mine))
}

/// The signed-in account, with the count of invitations waiting for it.
#[utoipa::path(get, path = "/me", tag = "me", security(("bearer" = [])),
    responses((status = 200, body = Me)))]
async fn get_me(State(state): State<AppState>, me: CurrentAccount) -> ApiResult<Json<Me>> {
    let mut conn = state.store.read().await?;
    Ok(Json(
        super::auth::me_of(&mut conn, &me.account, state.clock.now_ms()).await?,
    ))
}

/// Renames the signed-in account (the name its organizations show), and
/// clears `name_needed`. The name follows the display-name rule (trimmed,
/// 1 to 100 characters, one line).
#[utoipa::path(patch, path = "/me", tag = "me", security(("bearer" = [])), request_body = UpdateMe,
    responses((status = 200, body = Me)))]
async fn update_me(
    State(state): State<AppState>,
    me: CurrentAccount,
    Json(body): Json<UpdateMe>,
) -> ApiResult<Json<Me>> {
    let name = body.display_name.trim();
    let mut errors = Vec::new();
    if name.is_empty() {
        errors.push(roster_api::FieldError::new(
            "display_name",
            roster_api::rules::field_codes::REQUIRED,
            "Enter your name",
        ));
    } else {
        validate::display_name("display_name", name, &mut errors);
    }
    validate::check(errors)?;
    let now = state.clock.now_ms();
    let mut tx = state.store.write().await?;
    accounts::rename(&mut tx, me.id(), name).await?;
    let account = accounts::by_id(&mut tx, me.id())
        .await?
        .unwrap_or_else(|| me.account.clone());
    let answer = super::auth::me_of(&mut tx, &account, now).await?;
    tx.commit().await?;
    Ok(Json(answer))
}

/// Pending invitations addressed to the signed-in account's email.
/// `order_by`: email, sent_at, expires_at, status, created_at (default `-sent_at`).
#[utoipa::path(get, path = "/me/invitations", tag = "me", security(("bearer" = [])),
    params(PageParams),
    responses((status = 200, body = Page<Invitation>)))]
async fn my_invitations(
    State(state): State<AppState>,
    me: CurrentAccount,
    Query(page): Query<PageParams>,
) -> ApiResult<Json<Page<Invitation>>> {
    let (paging, order) = paging::parse(&page, inv::ORDER_FIELDS, "-sent_at")?;
    let now = state.clock.now_ms();
    let mut conn = state.store.read().await?;
    let filters = InvitationFilters {
        status: Some(InvitationStatus::Pending),
        search: None,
    };
    let (rows, total) = inv::list(
        &mut conn,
        Scope::Invitee(&me.account.email),
        &filters,
        &paging,
        &order,
        now,
    )
    .await?;
    // The invitee already has the link in their mailbox; answers here never carry it.
    let items = inv::to_api(&mut conn, &rows, now, false).await?;
    Ok(Json(paging.wrap(items, total)))
}

/// Accepts one of the signed-in account's pending invitations: it joins the
/// organization with the invitation's groups, tags and permissions.
#[utoipa::path(post, path = "/me/invitations/{id}/accept", tag = "me", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Invitation id")),
    responses((status = 200, body = AcceptResponse),
        (status = 409, description = "Not pending", body = roster_api::Problem, content_type = "application/problem+json"),
        Errors))]
async fn accept_mine(
    State(state): State<AppState>,
    me: CurrentAccount,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<AcceptResponse>> {
    let now = state.clock.now_ms();
    let mut tx = state.store.write().await?;
    let row = own_pending(&mut tx, &me, id, now, "accepted").await?;
    let response = accept(&state, &mut tx, &me, &row, now).await?;
    tx.commit().await?;
    Ok(Json(response))
}

/// Declines one of the signed-in account's pending invitations.
#[utoipa::path(post, path = "/me/invitations/{id}/decline", tag = "me", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Invitation id")),
    responses((status = 200, body = Invitation),
        (status = 409, description = "Not pending", body = roster_api::Problem, content_type = "application/problem+json"),
        ReadErrors))]
async fn decline_mine(
    State(state): State<AppState>,
    me: CurrentAccount,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Invitation>> {
    let now = state.clock.now_ms();
    let mut tx = state.store.write().await?;
    let row = own_pending(&mut tx, &me, id, now, "declined").await?;
    let invitation = decline(&state, &mut tx, &row, now).await?;
    tx.commit().await?;
    Ok(Json(invitation))
}
