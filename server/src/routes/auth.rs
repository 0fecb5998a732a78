//! Demo sign-in and sign-out.

use axum::extract::State;
use axum::http::StatusCode;
use roster_api::{DemoAccount, DemoSignInRequest, Me, SignInResponse};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::NotFoundError;
use crate::auth::{hash_token, new_token, CurrentAccount};
use crate::extract::Json;
use crate::problem::{ApiError, ApiResult};
use crate::store::{accounts, invitations, Conn};
use crate::{demo, validate, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(demo_accounts))
        .routes(routes!(demo_sign_in))
        .routes(routes!(sign_out))
}

/// The accounts offered on the demo sign-in screen (demo mode only).
#[utoipa::path(get, path = "/auth/demo-accounts", tag = "auth",
    responses((status = 200, body = Vec<DemoAccount>), NotFoundError))]
async fn demo_accounts(State(state): State<AppState>) -> ApiResult<Json<Vec<DemoAccount>>> {
    if !state.demo {
        return Err(ApiError::demo_only());
    }
    Ok(Json(demo::demo_accounts()))
}

/// Passwordless sign-in by email (demo mode only). Creates the account when
/// the address is new, as an invitee without an account would sign up.
#[utoipa::path(post, path = "/auth/demo-sign-in", tag = "auth", request_body = DemoSignInRequest,
    responses((status = 200, body = SignInResponse), NotFoundError))]
async fn demo_sign_in(
    State(state): State<AppState>,
    Json(body): Json<DemoSignInRequest>,
) -> ApiResult<Json<SignInResponse>> {
    if !state.demo {
        return Err(ApiError::demo_only());
    }
    let mut errors = Vec::new();
    let email = validate::email("email", &body.email, &mut errors);
    let display_name = body
        .display_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .unwrap_or_else(|| email.split('@').next().unwrap_or_default().to_owned());
    validate::display_name("display_name", &display_name, &mut errors);
    validate::check(errors)?;
    let now = state.clock.now_ms();
    let token = new_token();
    let mut tx = state.store.write().await?;
    let account = accounts::find_or_create(&mut tx, &email, &display_name, now).await?;
    accounts::touch_login(&mut tx, &account.id, now).await?;
    accounts::insert_session(&mut tx, &hash_token(&token), &account.id, now).await?;
    let me = me_of(&mut tx, &account, now).await?;
    tx.commit().await?;
    Ok(Json(SignInResponse { token, me }))
}

/// Ends the session of the presented token.
#[utoipa::path(post, path = "/auth/sign-out", tag = "auth", security(("bearer" = [])),
    responses((status = 204, description = "Signed out")))]
async fn sign_out(State(state): State<AppState>, me: CurrentAccount) -> ApiResult<StatusCode> {
    let mut tx = state.store.write().await?;
    accounts::delete_session(&mut tx, &me.token_hash).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The `Me` of an account at `now`.
pub async fn me_of(conn: &mut Conn, account: &accounts::AccountRow, now: i64) -> ApiResult<Me> {
    Ok(Me {
        id: account.uuid(),
        email: account.email.clone(),
        display_name: account.display_name.clone(),
        kind: account.kind(),
        pending_invitation_count: invitations::pending_count_for(conn, &account.email, now).await?,
    })
}
