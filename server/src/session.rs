//! Sessions: every sign-in (demo, email code or link, OpenID Connect) ends
//! here. A session is a random token stored only as its hash; the standalone
//! app keeps it in an HttpOnly cookie, scripts and tests get it as a bearer
//! token in the answer ([`SessionKind`]).

use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use roster_api::{SessionKind, SignInResponse};

use crate::auth::{hash_token, new_token};
use crate::extract::Json;
use crate::problem::ApiResult;
use crate::store::accounts::{self, AccountRow};
use crate::store::Conn;
use crate::AppState;

/// The session cookie's name over plain HTTP (loopback, a proxy's inside).
pub const COOKIE_NAME: &str = "roster_session";
/// Its name when the public URL is https: `__Host-` makes the browser refuse
/// it unless Secure, for this host only, on path `/`.
pub const HOST_COOKIE_NAME: &str = "__Host-roster_session";

impl AppState {
    /// Whether the public URL is https (cookies then are Secure and `__Host-`).
    pub fn https(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// The session cookie's name for this server.
    pub fn session_cookie_name(&self) -> &'static str {
        if self.https() {
            HOST_COOKIE_NAME
        } else {
            COOKIE_NAME
        }
    }
}

/// Starts a session for `account` in the caller's transaction (recording
/// the sign-in); answers its token, which is never stored.
pub async fn begin(conn: &mut Conn, account: &AccountRow, now: i64) -> Result<String, sqlx::Error> {
    let token = new_token();
    accounts::touch_login(&mut *conn, &account.id, now).await?;
    accounts::insert_session(conn, &hash_token(&token), &account.id, now).await?;
    Ok(token)
}

/// A cookie's `Set-Cookie` value: HttpOnly, SameSite=Lax, path `/`, Secure
/// under https; `max_age` in seconds (0 deletes it).
pub fn cookie(state: &AppState, name: &str, value: &str, max_age: i64) -> HeaderValue {
    let secure = if state.https() { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The `Set-Cookie` of a new session (it lives as long as a session may).
pub fn session_cookie(state: &AppState, token: &str) -> HeaderValue {
    cookie(
        state,
        state.session_cookie_name(),
        token,
        state.policy.session_max_ms / 1000,
    )
}

/// The `Set-Cookie` that removes the session cookie.
pub fn clear_session_cookie(state: &AppState) -> HeaderValue {
    cookie(state, state.session_cookie_name(), "", 0)
}

/// A cookie's value in a request's `Cookie` headers.
pub fn read_cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, v)| *k == name && !v.is_empty())
        .map(|(_, v)| v)
}

/// The session token a request carries in its cookie, if any.
pub fn cookie_token<'a>(state: &AppState, headers: &'a HeaderMap) -> Option<&'a str> {
    read_cookie(headers, state.session_cookie_name())
}

/// The answer of a sign-in: the token in the body, or in a cookie.
pub fn signed_in(
    state: &AppState,
    kind: SessionKind,
    token: String,
    me: roster_api::Me,
) -> ApiResult<Response> {
    Ok(match kind {
        SessionKind::Token => Json(SignInResponse {
            token: Some(token),
            me,
        })
        .into_response(),
        SessionKind::Cookie => (
            [(SET_COOKIE, session_cookie(state, &token))],
            Json(SignInResponse { token: None, me }),
        )
            .into_response(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_cookie_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_static("a=1; roster_session=xyz; b=2"),
        );
        headers.append(COOKIE, HeaderValue::from_static("c=3"));
        assert_eq!(read_cookie(&headers, "roster_session"), Some("xyz"));
        assert_eq!(read_cookie(&headers, "c"), Some("3"));
        assert_eq!(read_cookie(&headers, "roster"), None);
    }
}
