//! Bearer tokens: random, handed out once, stored only as a SHA-256 hash.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::problem::ApiError;
use crate::store::accounts::{self, AccountRow};
use crate::AppState;

/// 32 random bytes, base64url without padding (43 characters).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Hex SHA-256 of a token: what the database keeps.
pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

/// Whether two secrets (or their hex hashes) are equal, in a time that does
/// not depend on where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The bearer token of a request, if it has one.
pub fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// How stale a session's `last_seen_at` may get before a request refreshes it.
const SEEN_EVERY_MS: i64 = 60_000;

/// The signed-in account, by bearer token or session cookie; extracting it
/// answers 401 when the token is missing, unknown or its session expired
/// (idle too long or too old), and 403 `cross_site_request` for a write by
/// cookie that another site could have sent ([`same_site_write`]).
#[derive(Clone, Debug)]
pub struct CurrentAccount {
    pub account: AccountRow,
    pub token_hash: String,
}

/// Whether a request authenticated by cookie may act: a safe method, or the
/// app's [`roster_api::REQUEST_HEADER`] and no `Origin` of another host. A
/// form or a simple request from another site cannot set the header, and a
/// cross-origin `fetch` that does needs a preflight granting credentials,
/// which this server never grants.
pub fn same_site_write(parts: &Parts) -> bool {
    use axum::http::Method;
    if matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    if !parts.headers.contains_key(roster_api::REQUEST_HEADER) {
        return false;
    }
    let Some(origin) = parts.headers.get(axum::http::header::ORIGIN) else {
        return true;
    };
    let host = parts
        .headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok());
    let origin_host = origin
        .to_str()
        .ok()
        .and_then(|o| o.split_once("://"))
        .map(|(_, rest)| rest.trim_end_matches('/'));
    matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
}

impl CurrentAccount {
    pub fn id(&self) -> &str {
        &self.account.id
    }
}

impl FromRequestParts<AppState> for CurrentAccount {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let (token, by_cookie) = match bearer(parts) {
            Some(t) => (t, false),
            None => (
                crate::session::cookie_token(state, &parts.headers)
                    .ok_or_else(ApiError::unauthenticated)?,
                true,
            ),
        };
        if by_cookie && !same_site_write(parts) {
            return Err(ApiError::cross_site_request());
        }
        let token_hash = hash_token(token);
        let now = state.clock.now_ms();
        let policy = &state.policy;
        let mut conn = state.store.read().await?;
        let (account, seen_at) = accounts::by_session(
            &mut conn,
            &token_hash,
            now - policy.session_max_ms,
            now - policy.session_idle_ms,
        )
        .await?
        .ok_or_else(ApiError::unauthenticated)?;
        drop(conn);
        // Record the use, at most once a minute (a write per request would
        // queue every reader behind the one writer).
        if now - seen_at >= SEEN_EVERY_MS {
            let mut tx = state.store.write().await?;
            accounts::touch_session(&mut tx, &token_hash, now).await?;
            tx.commit().await?;
        }
        Ok(CurrentAccount {
            account,
            token_hash,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_32_random_bytes() {
        let a = new_token();
        let b = new_token();
        assert_eq!(a.len(), 43);
        assert_ne!(a, b);
        assert_eq!(URL_SAFE_NO_PAD.decode(&a).map(|v| v.len()).ok(), Some(32));
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
        assert!(!same_secret("", "a"));
    }

    #[test]
    fn hash_is_hex_sha256() {
        assert_eq!(
            hash_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
