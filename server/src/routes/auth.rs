//! Demo sign-in and sign-out.

use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use roster_api::{DemoAccount, DemoSignInRequest, Me, SignInMethods, SignInResponse, SsoMethod};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::NotFoundError;
use crate::auth::CurrentAccount;
use crate::extract::Json;
use crate::problem::{ApiError, ApiResult};
use crate::store::{accounts, invitations, Conn};
use crate::{demo, session, validate, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(methods))
        .routes(routes!(demo_accounts))
        .routes(routes!(demo_sign_in))
        .routes(routes!(sign_out))
}

/// What the sign-in screen offers: email codes always, the OpenID Connect
/// provider when configured, the demo accounts in demo mode.
#[utoipa::path(get, path = "/auth/methods", tag = "auth",
    responses((status = 200, body = SignInMethods)))]
async fn methods(State(state): State<AppState>) -> Json<SignInMethods> {
    Json(SignInMethods {
        demo: state.demo,
        email: true,
        sso: state.sso.as_ref().map(|s| SsoMethod {
            name: s.name.clone(),
        }),
    })
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
) -> ApiResult<Response> {
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
    let mut tx = state.store.write().await?;
    let account = accounts::find_or_create(&mut tx, &email, &display_name, now).await?;
    let token = session::begin(&mut tx, &account, now).await?;
    let me = me_of(&mut tx, &account, now).await?;
    tx.commit().await?;
    session::signed_in(&state, body.session, token, me)
}

/// Ends the session of the presented token or cookie (and removes the cookie).
#[utoipa::path(post, path = "/auth/sign-out", tag = "auth", security(("bearer" = [])),
    responses((status = 204, description = "Signed out")))]
async fn sign_out(State(state): State<AppState>, me: CurrentAccount) -> ApiResult<Response> {
    let mut tx = state.store.write().await?;
    accounts::delete_session(&mut tx, &me.token_hash).await?;
    tx.commit().await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(SET_COOKIE, session::clear_session_cookie(&state))],
    )
        .into_response())
}

/// The `Me` of an account at `now`.
pub async fn me_of(conn: &mut Conn, account: &accounts::AccountRow, now: i64) -> ApiResult<Me> {
    Ok(Me {
        id: account.uuid(),
        email: account.email.clone(),
        display_name: account.display_name.clone(),
        kind: account.kind(),
        pending_invitation_count: invitations::pending_count_for(conn, &account.email, now).await?,
        name_needed: account.name_needed != 0,
    })
}
