//! Invitations: the admin side (create in batches, list, resend, revoke) and
//! the invitee side by emailed token (lookup, accept, decline).

use std::collections::HashSet;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use roster_api::errors::codes;
use roster_api::rules::{batch, emails};
use roster_api::{
    AcceptResponse, CreateInvitations, FieldError, Invitation, InvitationFilters, InvitationStatus,
    InvitationToken, InviteOutcome, InviteParams, InviteResponse, InviteResult, MemberType, Page,
    PageParams, Permission, INVITATION_TTL_SECONDS,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::users::{not_held_message, permission_not_held};
use super::{org_view, require, require_any, require_unlocked, Errors, ReadErrors};
use crate::auth::{hash_token, new_token, CurrentAccount};
use crate::extract::{Json, Path, Query};
use crate::mail::{self, InvitationMail};
use crate::problem::{ApiError, ApiResult};
use crate::store::invitations::{self as inv, InvitationRow, NewInvitation, Scope};
use crate::store::members::{self, NewMember};
use crate::store::outbox::OutboxRow;
use crate::store::{groups, idempotency, organizations as orgs, Conn};
use crate::{paging, validate, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_invitations, create_invitations))
        .routes(routes!(get_invitation))
        .routes(routes!(resend_invitation))
        .routes(routes!(revoke_invitation))
        .routes(routes!(lookup_by_token))
        .routes(routes!(accept_by_token))
        .routes(routes!(decline_by_token))
}

/// Longest accepted `Idempotency-Key`.
const MAX_IDEMPOTENCY_KEY_CHARS: usize = 255;

fn ttl_ms() -> i64 {
    INVITATION_TTL_SECONDS * 1000
}

/// Invitations of the organization (permission `view_members` or
/// `manage_members`). `order_by`: email, sent_at, expires_at, status, created_at.
#[utoipa::path(get, path = "/organizations/{id}/invitations", tag = "invitations", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organization id"), PageParams, InvitationFilters),
    responses((status = 200, body = Page<Invitation>), ReadErrors))]
async fn list_invitations(
    State(state): State<AppState>,
    me: CurrentAccount,
    Path(id): Path<Uuid>,
    Query(page): Query<PageParams>,
    Query(filters): Query<InvitationFilters>,
) -> ApiResult<Json<Page<Invitation>>> {
    let (paging, order) = paging::parse(&page, inv::ORDER_FIELDS, "-sent_at")?;
    let now = state.clock.now_ms();
    let mut conn = state.store.read().await?;
    let view = org_view(&mut conn, &me, id).await?;
    require_any(&view, &[Permission::ManageMembers, Permission::ViewMembers])?;
    let (rows, total) = inv::list(
        &mut conn,
        Scope::Organization(&view.row.id),
        &filters,
        &paging,
        &order,
        now,
    )
    .await?;
    let items = inv::to_api(&mut conn, &rows, now, state.demo).await?;
    Ok(Json(paging.wrap(items, total)))
}

/// Invites a batch of addresses (permission `manage_members`); the
/// permissions granted must be ones the inviter holds (422
/// `permission_not_held` on `permissions[i]`, dry runs included). Answers per
/// address: `invited`, `already_member`, `already_invited` (with the open
/// invitation) or `invalid` (with the reason). An expired invitation of the
/// address is sent again with the new grants. `?dry_run=true` answers the
/// same and writes nothing. With an `Idempotency-Key` header a repeat of the
/// same request answers the stored response; the same key with another body
/// is refused (422 `idempotency_key_reused`).
#[utoipa::path(post, path = "/organizations/{id}/invitations", tag = "invitations", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organization id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: a repeat answers the first response"),
        InviteParams),
    request_body = CreateInvitations,
    responses((status = 200, body = InviteResponse), Errors))]
async fn create_invitations(
    State(state): State<AppState>,
    me: CurrentAccount,
    Path(id): Path<Uuid>,
    Query(params): Query<InviteParams>,
    headers: HeaderMap,
    Json(body): Json<CreateInvitations>,
) -> ApiResult<Response> {
    let key = idempotency_key(&headers);
    if key.is_err() {
        // Permission first: a viewer gets 403 whatever its request.
        let mut conn = state.store.read().await?;
        require(
            &org_view(&mut conn, &me, id).await?,
            Permission::ManageMembers,
        )?;
    }
    let key = key?;
    let now = state.clock.now_ms();
    if params.dry_run {
        let mut conn = state.store.read().await?;
        let (response, _) = invite(&state, &mut conn, &me, id, &body, true, now).await?;
        return Ok(Json(response).into_response());
    }
    let mut tx = state.store.write().await?;
    let request_hash = key.as_ref().map(|_| request_hash(id, &body));
    if let (Some(key), Some(hash)) = (&key, &request_hash) {
        if let Some(stored) = idempotency::find(&mut tx, me.id(), key).await? {
            if &stored.request_hash != hash {
                return Err(ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    codes::IDEMPOTENCY_KEY_REUSED,
                    "Idempotency key already used",
                    Some("This Idempotency-Key was used for a different request. Send a new key for a new request.".to_owned()),
                ));
            }
            return Ok(stored_response(stored.status_code, stored.response_body));
        }
    }
    let (response, messages) = invite(&state, &mut tx, &me, id, &body, false, now).await?;
    let json = serde_json::to_string(&response).map_err(|e| ApiError::internal("serialize", e))?;
    if let (Some(key), Some(hash)) = (&key, &request_hash) {
        idempotency::insert(&mut tx, me.id(), key, hash, 200, &json, now).await?;
    }
    tx.commit().await?;
    state.mailer.deliver(&state.store, messages);
    Ok(stored_response(200, json))
}

fn idempotency_key(headers: &HeaderMap) -> ApiResult<Option<String>> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = value.to_str().map(str::trim).unwrap_or_default();
    if key.is_empty() || key.chars().count() > MAX_IDEMPOTENCY_KEY_CHARS {
        return Err(ApiError::field(
            "Idempotency-Key",
            "invalid",
            format!("The Idempotency-Key header must be 1 to {MAX_IDEMPOTENCY_KEY_CHARS} visible characters."),
        ));
    }
    Ok(Some(key.to_owned()))
}

/// What makes two invitation requests "the same": organization and body.
fn request_hash(org_id: Uuid, body: &CreateInvitations) -> String {
    let canonical = serde_json::to_string(&(org_id, body)).unwrap_or_default();
    hash_token(&canonical)
}

fn stored_response(status: i64, body: String) -> Response {
    let status = u16::try_from(status)
        .ok()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::OK);
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// The batch itself, on a read connection (dry run) or in the write transaction.
async fn invite(
    state: &AppState,
    conn: &mut Conn,
    me: &CurrentAccount,
    org_id: Uuid,
    body: &CreateInvitations,
    dry_run: bool,
    now: i64,
) -> ApiResult<(InviteResponse, Vec<OutboxRow>)> {
    let view = org_view(&mut *conn, me, org_id).await?;
    require(&view, Permission::ManageMembers)?;
    require_unlocked(&mut *conn, &view).await?;
    if !dry_run {
        // Per account and per organization; after the checks, so only
        // someone allowed to invite here spends the organization's allowance.
        state.limiter.invitations(me.id(), org_id)?;
    }
    let org = &view.row;
    let mut errors = batch::validate_invitation_request(body);
    // Nobody grants a permission they do not hold (a managing partner holds all).
    for (i, p) in body.permissions.iter().enumerate() {
        if !view.has(*p) {
            errors.push(FieldError::new(
                format!("permissions[{i}]"),
                codes::PERMISSION_NOT_HELD,
                not_held_message(&view, *p),
            ));
        }
    }
    let found = groups::names(
        &mut *conn,
        &org.id,
        &body
            .group_ids
            .iter()
            .map(Uuid::to_string)
            .collect::<Vec<_>>(),
    )
    .await?;
    for (i, group) in body.group_ids.iter().enumerate() {
        if !found.iter().any(|(id, _)| *id == group.to_string()) {
            errors.push(FieldError::new(
                format!("group_ids[{i}]"),
                "not_found",
                "This group does not exist in the organization",
            ));
        }
    }
    validate::check(errors)?;
    let mut group_ids: Vec<String> = body.group_ids.iter().map(Uuid::to_string).collect();
    group_ids.dedup();
    let tags: Vec<_> = body
        .tags
        .iter()
        .map(roster_api::rules::tags::normalize_tag)
        .collect();
    let permissions = members::sorted_permissions(&body.permissions);

    let mut results = Vec::new();
    let mut messages = Vec::new();
    let mut seen = HashSet::new();
    for entry in batch::batch_entries(&body.emails) {
        let address = match emails::validate_email(entry) {
            Ok(address) => address,
            Err(reason) => {
                results.push(InviteResult {
                    email: entry.to_owned(),
                    outcome: InviteOutcome::Invalid,
                    invitation: None,
                    member_id: None,
                    reason: Some(reason.message()),
                });
                continue;
            }
        };
        if !seen.insert(address.clone()) {
            continue;
        }
        if let Some(member) = members::row_by_email(&mut *conn, &org.id, &address).await? {
            results.push(InviteResult {
                email: address,
                outcome: InviteOutcome::AlreadyMember,
                invitation: None,
                member_id: Uuid::parse_str(&member.account_id).ok(),
                reason: None,
            });
            continue;
        }
        let open = inv::open_for(&mut *conn, &org.id, &address).await?;
        if let Some(existing) = open
            .as_ref()
            .filter(|r| r.status_at(now) == InvitationStatus::Pending)
        {
            let invitation =
                inv::to_api(&mut *conn, std::slice::from_ref(existing), now, state.demo)
                    .await?
                    .pop();
            results.push(InviteResult {
                email: address,
                outcome: InviteOutcome::AlreadyInvited,
                invitation,
                member_id: None,
                reason: None,
            });
            continue;
        }
        if dry_run {
            results.push(InviteResult {
                email: address,
                outcome: InviteOutcome::Invited,
                invitation: None,
                member_id: None,
                reason: None,
            });
            continue;
        }
        let token = new_token();
        let token_hash = hash_token(&token);
        let invitation_id = match open {
            // An expired invitation of the address is sent again: one invitation per address.
            Some(expired) => {
                let grants = (
                    group_ids.as_slice(),
                    tags.as_slice(),
                    permissions.as_slice(),
                );
                inv::reissue(
                    &mut *conn,
                    &expired.id,
                    &token_hash,
                    now,
                    now + ttl_ms(),
                    me.id(),
                    Some(grants),
                )
                .await?;
                expired.id
            }
            None => {
                let new = NewInvitation {
                    org_id: &org.id,
                    email: &address,
                    group_ids: &group_ids,
                    tags: &tags,
                    permissions: &permissions,
                    invited_by: me.id(),
                    token_hash: &token_hash,
                    now,
                    expires_at: now + ttl_ms(),
                };
                inv::insert(&mut *conn, &new).await?
            }
        };
        let link = state.invitation_link(&token);
        let message = InvitationMail {
            to: &address,
            organization_name: &org.name,
            inviter_name: &me.account.display_name,
            link: &link,
            invitation_id: &invitation_id,
            resend: false,
        };
        messages.push(mail::queue_invitation(&mut *conn, &state.mailer, &message, now).await?);
        let row = inv::by_id(&mut *conn, &invitation_id)
            .await?
            .ok_or_else(|| ApiError::not_found("invitation"))?;
        let invitation = inv::to_api(&mut *conn, &[row], now, state.demo)
            .await?
            .pop();
        results.push(InviteResult {
            email: address,
            outcome: InviteOutcome::Invited,
            invitation,
            member_id: None,
            reason: None,
        });
    }
    Ok((InviteResponse { dry_run, results }, messages))
}

/// An invitation of the organization, or 404.
async fn org_invitation(conn: &mut Conn, org_id: &str, inv_id: Uuid) -> ApiResult<InvitationRow> {
    inv::by_id(conn, &inv_id.to_string())
        .await?
        .filter(|r| r.organization_id == org_id)
        .ok_or_else(|| ApiError::not_found("invitation"))
}

/// One invitation of the organization.
#[utoipa::path(get, path = "/organizations/{id}/invitations/{inv_id}", tag = "invitations", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organization id"), ("inv_id" = Uuid, Path, description = "Invitation id")),
    responses((status = 200, body = Invitation), ReadErrors))]
async fn get_invitation(
    State(state): State<AppState>,
    me: CurrentAccount,
    Path((id, inv_id)): Path<(Uuid, Uuid)>,
) -> ApiResult<Json<Invitation>> {
    let now = state.clock.now_ms();
    let mut conn = state.store.read().await?;
    let view = org_view(&mut conn, &me, id).await?;
    require_any(&view, &[Permission::ManageMembers, Permission::ViewMembers])?;
    let row = org_invitation(&mut conn, &view.row.id, inv_id).await?;
    let mut items = inv::to_api(&mut conn, &[row], now, state.demo).await?;
    items
        .pop()
        .map(Json)
        .ok_or_else(|| ApiError::not_found("invitation"))
}

fn not_pending(status: InvitationStatus, action: &str) -> ApiError {
    let state = match status {
        InvitationStatus::Pending => "pending",
        InvitationStatus::Accepted => "already accepted",
        InvitationStatus::Declined => "declined",
        InvitationStatus::Expired => "expired",
        InvitationStatus::Revoked => "revoked",
    };
    ApiError::conflict(
        codes::INVITATION_NOT_PENDING,
        "The invitation cannot change",
        format!("This invitation is {state}, so it cannot be {action}."),
    )
}

/// Sends a pending or expired invitation again (permission `manage_members`):
/// a new token (the previous link stops working), a new expiry, a new message.
/// Only someone holding every permission the invitation carries may send it
/// again (403 `permission_not_held`).
#[utoipa::path(post, path = "/organizations/{id}/invitations/{inv_id}/resend", tag = "invitations", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organization id"), ("inv_id" = Uuid, Path, description = "Invitation id")),
    responses((status = 200, body = Invitation),
        (status = 409, description = "Not pending or expired", body = roster_api::Problem, content_type = "application/problem+json"),
        Errors))]
async fn resend_invitation(
    State(state): State<AppState>,
    me: CurrentAccount,
    Path((id, inv_id)): Path<(Uuid, Uuid)>,
) -> ApiResult<Json<Invitation>> {
    let now = state.clock.now_ms();
    let mut tx = state.store.write().await?;
    let view = org_view(&mut tx, &me, id).await?;
    require(&view, Permission::ManageMembers)?;
    require_unlocked(&mut tx, &view).await?;
    let row = org_invitation(&mut tx, &view.row.id, inv_id).await?;
    // Sending it again grants its permissions anew: only someone holding them may.
    if let Some(p) = row.permissions().into_iter().find(|p| !view.has(*p)) {
        return Err(permission_not_held(&view, p));
    }
    let status = row.status_at(now);
    if !matches!(
        status,
        InvitationStatus::Pending | InvitationStatus::Expired
    ) {
        return Err(not_pending(status, "sent again"));
    }
    state.limiter.invitations(me.id(), id)?;
    let token = new_token();
    inv::reissue(
        &mut tx,
        &row.id,
        &hash_token(&token),
        now,
        now + ttl_ms(),
        me.id(),
        None,
    )
    .await?;
    let link = state.invitation_link(&token);
    let message = InvitationMail {
        to: &row.email,
        organization_name: &view.row.name,
        inviter_name: &me.account.display_name,
        link: &link,
        invitation_id: &row.id,
        resend: true,
    };
    let queued = mail::queue_invitation(&mut tx, &state.mailer, &message, now).await?;
    let row = org_invitation(&mut tx, &view.row.id, inv_id).await?;
    let invitation = inv::to_api(&mut tx, &[row], now, state.demo).await?.pop();
    tx.commit().await?;
    state.mailer.deliver(&state.store, vec![queued]);
    invitation
        .map(Json)
        .ok_or_else(|| ApiError::not_found("invitation"))
}

/// Withdraws a pending invitation (permission `manage_members`); its link stops working.
#[utoipa::path(post, path = "/organizations/{id}/invitations/{inv_id}/revoke", tag = "invitations", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Organization id"), ("inv_id" = Uuid, Path, description = "Invitation id")),
    responses((status = 200, body = Invitation),
        (status = 409, description = "Not pending", body = roster_api::Problem, content_type = "application/problem+json"),
        Errors))]
async fn revoke_invitation(
    State(state): State<AppState>,
    me: CurrentAccount,
    Path((id, inv_id)): Path<(Uuid, Uuid)>,
) -> ApiResult<Json<Invitation>> {
    let now = state.clock.now_ms();
    let mut tx = state.store.write().await?;
    let view = org_view(&mut tx, &me, id).await?;
    require(&view, Permission::ManageMembers)?;
    require_unlocked(&mut tx, &view).await?;
    let row = org_invitation(&mut tx, &view.row.id, inv_id).await?;
    let status = row.status_at(now);
    if status != InvitationStatus::Pending {
        return Err(not_pending(status, "revoked"));
    }
    inv::close(&mut tx, &row.id, "revoked", None).await?;
    let row = org_invitation(&mut tx, &view.row.id, inv_id).await?;
    let invitation = inv::to_api(&mut tx, &[row], now, state.demo).await?.pop();
    tx.commit().await?;
    invitation
        .map(Json)
        .ok_or_else(|| ApiError::not_found("invitation"))
}

/// The open invitation of an emailed token; every other case is the same 404.
async fn by_token(conn: &mut Conn, token: &str, now: i64) -> ApiResult<InvitationRow> {
    let token = token.trim();
    if token.is_empty() || token.len() > 128 {
        return Err(ApiError::invitation_link_invalid());
    }
    inv::by_token_hash(conn, &hash_token(token))
        .await?
        .filter(|r| r.status_at(now) == InvitationStatus::Pending)
        .ok_or_else(ApiError::invitation_link_invalid)
}

/// The invitation of an emailed link, without signing in. Unknown, expired,
/// revoked and used links all answer 404 `invitation_link_invalid`.
#[utoipa::path(post, path = "/invitations/lookup", tag = "invitations", request_body = InvitationToken,
    responses((status = 200, body = Invitation), super::NotFoundError))]
async fn lookup_by_token(
    State(state): State<AppState>,
    Json(body): Json<InvitationToken>,
) -> ApiResult<Json<Invitation>> {
    let now = state.clock.now_ms();
    let mut conn = state.store.read().await?;
    let row = by_token(&mut conn, &body.token, now).await?;
    // The link is not repeated here: whoever holds the token has it already.
    let invitation = inv::to_api(&mut conn, &[row], now, false).await?.pop();
    invitation
        .map(Json)
        .ok_or_else(ApiError::invitation_link_invalid)
}

/// Accepts the invitation of an emailed link; the signed-in account's email
/// must be the invited one (403 `invitation_for_another_address`).
#[utoipa::path(post, path = "/invitations/accept", tag = "invitations", security(("bearer" = [])),
    request_body = InvitationToken,
    responses((status = 200, body = AcceptResponse), Errors))]
async fn accept_by_token(
    State(state): State<AppState>,
    me: CurrentAccount,
    Json(body): Json<InvitationToken>,
) -> ApiResult<Json<AcceptResponse>> {
    let now = state.clock.now_ms();
    let mut tx = state.store.write().await?;
    let row = by_token(&mut tx, &body.token, now).await?;
    require_addressee(&me, &row)?;
    let response = accept(&state, &mut tx, &me, &row, now).await?;
    tx.commit().await?;
    Ok(Json(response))
}

/// Declines the invitation of an emailed link (same rules as accept).
#[utoipa::path(post, path = "/invitations/decline", tag = "invitations", security(("bearer" = [])),
    request_body = InvitationToken,
    responses((status = 200, body = Invitation), ReadErrors))]
async fn decline_by_token(
    State(state): State<AppState>,
    me: CurrentAccount,
    Json(body): Json<InvitationToken>,
) -> ApiResult<Json<Invitation>> {
    let now = state.clock.now_ms();
    let mut tx = state.store.write().await?;
    let row = by_token(&mut tx, &body.token, now).await?;
    require_addressee(&me, &row)?;
    let invitation = decline(&state, &mut tx, &row, now).await?;
    tx.commit().await?;
    Ok(Json(invitation))
}

/// 403 unless the invitation is addressed to the signed-in account.
pub fn require_addressee(me: &CurrentAccount, row: &InvitationRow) -> ApiResult<()> {
    if row.email == me.account.email {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            codes::INVITATION_FOR_ANOTHER_ADDRESS,
            "This invitation is for another address",
            Some(format!(
                "You are signed in as {}, but this invitation was sent to another address. Sign in with the invited address to answer it.",
                me.account.email
            )),
        ))
    }
}

/// Makes the addressee a member with the invitation's grants and closes the
/// invitation, in the caller's transaction. The invitation must be pending.
pub async fn accept(
    state: &AppState,
    conn: &mut Conn,
    me: &CurrentAccount,
    row: &InvitationRow,
    now: i64,
) -> ApiResult<AcceptResponse> {
    let view = orgs::get(&mut *conn, &row.organization_id, me.id())
        .await?
        .ok_or_else(|| ApiError::not_found("organization"))?;
    require_unlocked(&mut *conn, &view).await?;
    if members::row(&mut *conn, &row.organization_id, me.id())
        .await?
        .is_none()
    {
        // Groups deleted since the invitation was sent are skipped.
        let existing: Vec<String> =
            groups::names(&mut *conn, &row.organization_id, &row.group_ids())
                .await?
                .into_iter()
                .map(|(id, _)| id)
                .collect();
        let member = NewMember {
            account_id: me.id(),
            email: &me.account.email,
            display_name: &me.account.display_name,
            last_login_at: me.account.last_login_at,
            member_type: MemberType::Member,
            permissions: &row.permissions(),
            tags: &row.tags(),
            group_ids: &existing,
        };
        members::insert(&mut *conn, &row.organization_id, &member, now).await?;
    }
    inv::close(&mut *conn, &row.id, "accepted", Some(now)).await?;
    let organization = orgs::get(&mut *conn, &row.organization_id, me.id())
        .await?
        .ok_or_else(|| ApiError::not_found("organization"))?
        .to_api();
    let closed = inv::by_id(&mut *conn, &row.id)
        .await?
        .ok_or_else(|| ApiError::not_found("invitation"))?;
    let invitation = inv::to_api(conn, &[closed], now, state.demo)
        .await?
        .pop()
        .ok_or_else(|| ApiError::not_found("invitation"))?;
    Ok(AcceptResponse {
        invitation,
        organization,
    })
}

/// Closes a pending invitation as declined, in the caller's transaction.
pub async fn decline(
    state: &AppState,
    conn: &mut Conn,
    row: &InvitationRow,
    now: i64,
) -> ApiResult<Invitation> {
    inv::close(&mut *conn, &row.id, "declined", Some(now)).await?;
    let closed = inv::by_id(&mut *conn, &row.id)
        .await?
        .ok_or_else(|| ApiError::not_found("invitation"))?;
    inv::to_api(conn, &[closed], now, state.demo)
        .await?
        .pop()
        .ok_or_else(|| ApiError::not_found("invitation"))
}

/// The invitee's own invitation by id (404 when addressed to someone else),
/// which must be pending (409 otherwise).
pub async fn own_pending(
    conn: &mut Conn,
    me: &CurrentAccount,
    id: Uuid,
    now: i64,
    action: &str,
) -> ApiResult<InvitationRow> {
    let row = inv::by_id(conn, &id.to_string())
        .await?
        .filter(|r| r.email == me.account.email)
        .ok_or_else(|| ApiError::not_found("invitation"))?;
    let status = row.status_at(now);
    if status != InvitationStatus::Pending {
        return Err(not_pending(status, action));
    }
    Ok(row)
}
