//! OpenID Connect sign-in: `GET /auth/oidc/start` sends the browser to the
//! provider, `GET /auth/oidc/callback` comes back from it, signs the person
//! in (the session cookie) and returns to the app. Both are browser
//! navigations: they answer 303 redirects, failures to
//! `/sign-in?sso_error=<code>` (codes `SSO_*`).

use axum::extract::State;
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use roster_api::errors::codes;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::NotFoundError;
use crate::extract::Query;
use crate::oidc::{self, Failure, Pending};
use crate::problem::{ApiError, ApiResult};
use crate::store::accounts;
use crate::{session, validate, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(start))
        .routes(routes!(callback))
}

/// Query of `GET /auth/oidc/start`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StartQuery {
    /// The app's path to come back to once signed in, e.g. `/orgs`; anything
    /// but a local path (one leading `/`) means `/`.
    pub return_to: Option<String>,
}

/// What the provider sends back to `GET /auth/oidc/callback`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CallbackQuery {
    /// The authorization code.
    pub code: Option<String>,
    /// Must be the state this browser's sign-in started with.
    pub state: Option<String>,
    /// The provider's refusal (`access_denied`, ...) instead of a code.
    pub error: Option<String>,
}

/// Starts OpenID Connect sign-in: redirects (303) to the provider, with the
/// started sign-in in an HttpOnly cookie for the callback. 404 when the
/// server has no provider configured. When the provider cannot be reached,
/// redirects to `/sign-in?sso_error=sso_failed`.
#[utoipa::path(get, path = "/auth/oidc/start", tag = "auth",
    params(StartQuery),
    responses(
        (status = 303, description = "To the provider's sign-in page (or back to \
            `/sign-in?sso_error=sso_failed` when it cannot be reached)",
            headers(("Location" = String, description = "Where to go"))),
        NotFoundError,
    ))]
async fn start(State(state): State<AppState>, Query(q): Query<StartQuery>) -> ApiResult<Response> {
    let Some(sso) = state.sso.clone() else {
        return Err(ApiError::not_found("OpenID Connect provider"));
    };
    let return_to = q.return_to.as_deref().unwrap_or("/");
    match sso.start(return_to).await {
        Ok((url, pending)) => {
            let cookie = session::cookie(
                &state,
                oidc::COOKIE_NAME,
                &pending.encode(),
                oidc::COOKIE_MAX_AGE,
            );
            Ok(see_other(&url, [cookie]))
        }
        Err(reason) => {
            eprintln!("OpenID Connect sign-in could not start: {reason}");
            Ok(failed(&state, codes::SSO_FAILED))
        }
    }
}

/// The provider's answer: checks it belongs to the sign-in this browser
/// started, exchanges the code, verifies the ID token and signs in the
/// account of its (verified) email, created when new; then redirects (303)
/// to the path the sign-in started with, setting the session cookie. A
/// failure redirects to `/sign-in?sso_error=` `sso_state_mismatch`,
/// `sso_cancelled`, `sso_email_unverified` or `sso_failed`.
#[utoipa::path(get, path = "/auth/oidc/callback", tag = "auth",
    params(CallbackQuery),
    responses(
        (status = 303, description = "Signed in: to the app, with the session cookie; \
            or not: to `/sign-in?sso_error=<code>`",
            headers(
                ("Location" = String, description = "Where to go"),
                ("Set-Cookie" = String, description = "The session cookie, when signed in"),
            )),
        NotFoundError,
    ))]
async fn callback(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<CallbackQuery>,
) -> ApiResult<Response> {
    let Some(sso) = state.sso.clone() else {
        return Err(ApiError::not_found("OpenID Connect provider"));
    };
    let pending = session::read_cookie(&headers, oidc::COOKIE_NAME).and_then(Pending::decode);
    let Some(pending) = pending.filter(|p| {
        q.state
            .as_deref()
            .is_some_and(|s| crate::auth::same_secret(s, &p.state))
    }) else {
        eprintln!("OpenID Connect sign-in refused: the state does not match this browser's");
        return Ok(failed(&state, codes::SSO_STATE_MISMATCH));
    };
    if let Some(error) = q.error.as_deref() {
        let error: String = error
            .chars()
            .filter(char::is_ascii_graphic)
            .take(64)
            .collect();
        eprintln!("OpenID Connect sign-in cancelled at the provider: {error}");
        return Ok(failed(&state, codes::SSO_CANCELLED));
    }
    let Some(code) = q.code.as_deref().filter(|c| !c.is_empty()) else {
        eprintln!("OpenID Connect sign-in failed: the provider sent no code");
        return Ok(failed(&state, codes::SSO_FAILED));
    };
    let identity = match sso.finish(code, &pending).await {
        Ok(identity) => identity,
        Err(Failure::Failed(reason)) => {
            eprintln!("OpenID Connect sign-in failed: {reason}");
            return Ok(failed(&state, codes::SSO_FAILED));
        }
        Err(Failure::EmailUnverified) => {
            eprintln!("OpenID Connect sign-in refused: no verified email in the ID token");
            return Ok(failed(&state, codes::SSO_EMAIL_UNVERIFIED));
        }
    };
    let mut errors = Vec::new();
    let email = validate::email("email", &identity.email, &mut errors);
    if !errors.is_empty() {
        eprintln!("OpenID Connect sign-in refused: the ID token's email is not an address");
        return Ok(failed(&state, codes::SSO_EMAIL_UNVERIFIED));
    }
    // A name the accounts would refuse is as good as none: the app asks.
    let name = identity.name.filter(|n| {
        let mut errors = Vec::new();
        validate::display_name("display_name", n, &mut errors);
        errors.is_empty()
    });
    let now = state.clock.now_ms();
    let mut tx = state.store.write().await?;
    let account = accounts::for_sign_in(&mut tx, &email, name.as_deref(), now).await?;
    let token = session::begin(&mut tx, &account, now).await?;
    tx.commit().await?;
    Ok(see_other(
        &app_path(&state, &pending.return_to),
        [
            session::session_cookie(&state, &token),
            clear_cookie(&state),
        ],
    ))
}

/// A 303 to `location` setting `cookies`.
fn see_other<const N: usize>(location: &str, cookies: [HeaderValue; N]) -> Response {
    let mut headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_str(location) {
        headers.insert(LOCATION, value);
    }
    for cookie in cookies {
        headers.append(SET_COOKIE, cookie);
    }
    (StatusCode::SEE_OTHER, headers).into_response()
}

/// Back to the sign-in screen with `code`, the started sign-in forgotten.
fn failed(state: &AppState, code: &str) -> Response {
    see_other(
        &app_path(state, &format!("/sign-in?sso_error={code}")),
        [clear_cookie(state)],
    )
}

/// The `Set-Cookie` that removes the started sign-in.
fn clear_cookie(state: &AppState) -> HeaderValue {
    session::cookie(state, oidc::COOKIE_NAME, "", 0)
}

/// An app path under the public URL's own path (the app may live under a
/// base path, e.g. `https://example.com/roster`).
fn app_path(state: &AppState, path: &str) -> String {
    let base = openidconnect::url::Url::parse(&state.public_url)
        .map(|u| u.path().trim_end_matches('/').to_owned())
        .unwrap_or_default();
    format!("{base}{}", oidc::local_path(path))
}
