//! Sign-in by emailed code or link, demo sign-in, and sign-out.
//!
//! Login CSRF: a sign-in that answers a session cookie must come from
//! Roster's own pages ([`crate::auth::same_site_write`]: the
//! `X-Roster-Request` header, no other site's `Origin`), else another site
//! could sign a browser into an account of its choosing. Asking for a code
//! binds the code to the asking browser (its `roster_device` cookie), so it
//! is held to the same rule whenever a browser sends it (an `Origin` or a
//! `Cookie` header).

use axum::extract::State;
use axum::http::header::{COOKIE, ORIGIN, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use roster_api::errors::codes;
use roster_api::{
    DemoAccount, DemoSignInRequest, EmailCodeSignIn, EmailLinkSignIn, EmailSignInStart,
    EmailSignInStarted, Me, Problem, SessionKind, SignInMethods, SignInResponse, SsoMethod,
};
use utoipa::IntoResponses;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::NotFoundError;
use crate::auth::{hash_token, same_secret, same_site_write, CurrentAccount};
use crate::clock::ms_to_time;
use crate::extract::Json;
use crate::mail::{self, SignInMail};
use crate::problem::{ApiError, ApiResult};
use crate::store::sign_in::{self, code_hash};
use crate::store::{accounts, invitations, Conn, WriteTx};
use crate::{demo, session, validate, AppState};

/// The cookie that binds an emailed link to the browser that asked for it.
pub const DEVICE_COOKIE: &str = "roster_device";
/// How long the browser keeps it (seconds): 30 days.
pub const DEVICE_COOKIE_MAX_AGE: i64 = 30 * 24 * 60 * 60;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(methods))
        .routes(routes!(email_start))
        .routes(routes!(email_verify))
        .routes(routes!(email_link))
        .routes(routes!(demo_accounts))
        .routes(routes!(demo_sign_in))
        .routes(routes!(sign_out))
        .routes(routes!(sign_out_everywhere))
}

/// The error answers of a sign-in.
#[derive(IntoResponses)]
#[allow(dead_code)] // Only read by the OpenAPI derive.
pub enum SignInErrors {
    /// `cross_site_request`: a cookie sign-in (or a browser's request for a
    /// code) without the `X-Roster-Request` header, or from another site.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
}

/// The error answers of signing in with an emailed link.
#[derive(IntoResponses)]
#[allow(dead_code)] // Only read by the OpenAPI derive.
pub enum LinkErrors {
    /// `cross_site_request` (see the code sign-in).
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// `sign_in_confirm_device`: opened in another browser than the one that
    /// asked; send again with `confirm: true` to sign in here.
    #[response(status = 409, content_type = "application/problem+json")]
    Conflict(Problem),
    /// `sign_in_link_invalid`: used, expired, replaced or unknown.
    #[response(status = 410, content_type = "application/problem+json")]
    Gone(Problem),
}

/// 403 `cross_site_request` for a sign-in answering a cookie that another
/// site could have sent.
fn login_csrf(parts: &Parts, kind: SessionKind) -> ApiResult<()> {
    if kind == SessionKind::Cookie && !same_site_write(parts) {
        return Err(ApiError::cross_site_request());
    }
    Ok(())
}

/// The emailed link of a sign-in token.
pub fn sign_in_link(state: &AppState, token: &str) -> String {
    format!(
        "{}/sign-in/link?token={token}",
        state.public_url.trim_end_matches('/')
    )
}

/// Emails a one-time 6-digit code and a link to the address, both valid 10
/// minutes; a new request replaces the previous code. The answer is the
/// same whether or not the address has an account (none is created here).
/// The asking browser gets (or keeps) the `roster_device` cookie: the link
/// opened in it signs in at once, elsewhere it asks to confirm. Limited per
/// address (5 per 15 minutes by default) and per client address: 429.
#[utoipa::path(post, path = "/auth/email/start", tag = "auth", request_body = EmailSignInStart,
    responses((status = 202, body = EmailSignInStarted,
        headers(("Set-Cookie" = String, description = "`roster_device`: binds the link to this browser"))),
        SignInErrors))]
async fn email_start(
    State(state): State<AppState>,
    parts: Parts,
    Json(body): Json<EmailSignInStart>,
) -> ApiResult<Response> {
    let from_browser = parts.headers.contains_key(ORIGIN) || parts.headers.contains_key(COOKIE);
    if from_browser && !same_site_write(&parts) {
        return Err(ApiError::cross_site_request());
    }
    let mut errors = Vec::new();
    let email = validate::email("email", &body.email, &mut errors);
    validate::check(errors)?;
    state.limiter.sign_in_email(&email)?;
    let device = session::read_cookie(&parts.headers, DEVICE_COOKIE)
        .filter(|d| {
            d.len() == 43
                && d.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map(str::to_owned)
        .unwrap_or_else(crate::auth::new_token);
    let now = state.clock.now_ms();
    let mut tx = state.store.write().await?;
    let new = sign_in::create(
        &mut tx,
        &email,
        &hash_token(&device),
        now,
        roster_api::SIGN_IN_CODE_MINUTES,
    )
    .await?;
    let link = sign_in_link(&state, &new.link_token);
    let message = mail::queue_sign_in(
        &mut tx,
        &state.mailer,
        &SignInMail {
            to: &email,
            code: &new.code,
            link: &link,
            language: body.language,
        },
        now,
    )
    .await?;
    tx.commit().await?;
    state.mailer.deliver(&state.store, vec![message]);
    Ok((
        StatusCode::ACCEPTED,
        [(
            SET_COOKIE,
            session::cookie(&state, DEVICE_COOKIE, &device, DEVICE_COOKIE_MAX_AGE),
        )],
        Json(EmailSignInStarted {
            expires_at: ms_to_time(new.expires_at),
        }),
    )
        .into_response())
}

fn code_error(code: &str, message: String) -> ApiError {
    ApiError::field("code", code, message)
}

/// Signs in with the emailed 6-digit code (creating the account when the
/// address has none: `me.name_needed` then asks its name). 422 on field
/// `code`: `code_incorrect` (the detail says how many tries are left),
/// `code_locked` on the fifth wrong try, `code_expired` when no code waits
/// (never sent, used, expired, replaced or locked). A code works once.
#[utoipa::path(post, path = "/auth/email/verify", tag = "auth", request_body = EmailCodeSignIn,
    responses((status = 200, body = SignInResponse), SignInErrors))]
async fn email_verify(
    State(state): State<AppState>,
    parts: Parts,
    Json(body): Json<EmailCodeSignIn>,
) -> ApiResult<Response> {
    login_csrf(&parts, body.session)?;
    let mut errors = Vec::new();
    let email = validate::email("email", &body.email, &mut errors);
    validate::check(errors)?;
    let code: String = body.code.chars().filter(|c| !c.is_whitespace()).collect();
    let now = state.clock.now_ms();
    let mut tx = state.store.write().await?;
    let Some(row) = sign_in::live_for_email(&mut tx, &email, now).await? else {
        return Err(code_error(
            codes::CODE_EXPIRED,
            "No code is waiting for this address (used, expired or replaced): ask for a new one."
                .to_owned(),
        ));
    };
    if !same_secret(&code_hash(&row.id, &code), &row.code_hash) {
        let max = i64::from(roster_api::SIGN_IN_CODE_TRIES);
        let tries = row.tries + 1;
        let locked = tries >= max;
        sign_in::add_wrong_try(&mut tx, &row.id, locked, now).await?;
        // The try counts even though the answer is an error.
        tx.commit().await?;
        return Err(if locked {
            code_error(
                codes::CODE_LOCKED,
                "Too many wrong codes: this code no longer works. Ask for a new one.".to_owned(),
            )
        } else {
            let left = max - tries;
            let s = if left == 1 { "" } else { "s" };
            code_error(
                codes::CODE_INCORRECT,
                format!("This is not the code sent: {left} try{s} left."),
            )
        });
    }
    if !sign_in::mark_used(&mut tx, &row.id, now).await? {
        return Err(code_error(
            codes::CODE_EXPIRED,
            "This code was already used: ask for a new one.".to_owned(),
        ));
    }
    finish_email_sign_in(&state, tx, &email, now, body.session).await
}

/// Signs in with the emailed link's token. In the browser that asked for it
/// (its `roster_device` cookie), at once; elsewhere 409
/// `sign_in_confirm_device` until sent again with `confirm: true`. 410
/// `sign_in_link_invalid` when used, expired, replaced or unknown. The link
/// and the code are one: using either consumes both.
#[utoipa::path(post, path = "/auth/email/link", tag = "auth", request_body = EmailLinkSignIn,
    responses((status = 200, body = SignInResponse), LinkErrors))]
async fn email_link(
    State(state): State<AppState>,
    parts: Parts,
    Json(body): Json<EmailLinkSignIn>,
) -> ApiResult<Response> {
    login_csrf(&parts, body.session)?;
    let now = state.clock.now_ms();
    let mut tx = state.store.write().await?;
    let row = sign_in::live_by_link(&mut tx, &hash_token(body.token.trim()), now)
        .await?
        .ok_or_else(link_invalid)?;
    let same_device = session::read_cookie(&parts.headers, DEVICE_COOKIE)
        .is_some_and(|device| same_secret(&hash_token(device), &row.device_hash));
    if !same_device && !body.confirm {
        return Err(ApiError::conflict(
            codes::SIGN_IN_CONFIRM_DEVICE,
            "Confirm this device",
            "This link was asked for in another browser or on another device. Sign in here only if you asked for it yourself.",
        ));
    }
    if !sign_in::mark_used(&mut tx, &row.id, now).await? {
        return Err(link_invalid());
    }
    finish_email_sign_in(&state, tx, &row.email, now, body.session).await
}

fn link_invalid() -> ApiError {
    ApiError::new(
        StatusCode::GONE,
        codes::SIGN_IN_LINK_INVALID,
        "This sign-in link is not valid",
        Some(
            "The link was used, has expired or was replaced by a newer one. Ask for a new code."
                .to_owned(),
        ),
    )
}

/// The end of a proven sign-in: a session for `account`, the commit, the answer.
async fn finish_sign_in(
    state: &AppState,
    mut tx: WriteTx,
    account: &accounts::AccountRow,
    now: i64,
    kind: SessionKind,
) -> ApiResult<Response> {
    let token = session::begin(&mut tx, account, now).await?;
    let me = me_of(&mut tx, account, now).await?;
    tx.commit().await?;
    session::signed_in(state, kind, token, me)
}

/// The end of an emailed code or link: the address's account (created when
/// new, asking its name), then [`finish_sign_in`].
async fn finish_email_sign_in(
    state: &AppState,
    mut tx: WriteTx,
    email: &str,
    now: i64,
    kind: SessionKind,
) -> ApiResult<Response> {
    let account = accounts::for_sign_in(&mut tx, email, None, now).await?;
    finish_sign_in(state, tx, &account, now, kind).await
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
    responses((status = 200, body = SignInResponse), NotFoundError, SignInErrors))]
async fn demo_sign_in(
    State(state): State<AppState>,
    parts: Parts,
    Json(body): Json<DemoSignInRequest>,
) -> ApiResult<Response> {
    if !state.demo {
        return Err(ApiError::demo_only());
    }
    login_csrf(&parts, body.session)?;
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
    finish_sign_in(&state, tx, &account, now, body.session).await
}

/// Ends the session of the presented token or cookie (and removes the cookie).
#[utoipa::path(post, path = "/auth/sign-out", tag = "auth", security(("bearer" = [])),
    responses((status = 204, description = "Signed out")))]
async fn sign_out(State(state): State<AppState>, me: CurrentAccount) -> ApiResult<Response> {
    let mut tx = state.store.write().await?;
    accounts::delete_session(&mut tx, &me.token_hash).await?;
    tx.commit().await?;
    Ok(signed_out(&state))
}

/// Ends every session of the signed-in account, on every device (and
/// removes this browser's cookie).
#[utoipa::path(post, path = "/auth/sign-out-everywhere", tag = "auth", security(("bearer" = [])),
    responses((status = 204, description = "Every session ended")))]
async fn sign_out_everywhere(
    State(state): State<AppState>,
    me: CurrentAccount,
) -> ApiResult<Response> {
    let mut tx = state.store.write().await?;
    accounts::delete_sessions_of(&mut tx, me.id()).await?;
    tx.commit().await?;
    Ok(signed_out(&state))
}

/// 204, and this browser's session cookie removed.
fn signed_out(state: &AppState) -> Response {
    (
        StatusCode::NO_CONTENT,
        [(SET_COOKIE, session::clear_session_cookie(state))],
    )
        .into_response()
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
