//! The HTTP client: base URL and credential from configuration (a bearer
//! token for the widget, the browser's session cookie for the standalone
//! app), JSON in and out, every failure turned into an [`ApiError`],
//! cancellation through an `AbortSignal`.

use std::sync::Arc;

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, Headers, RequestInit, Response};

use super::error::ApiError;
use crate::embed::events::EmbedEvents;

/// Where the API lives and who is calling it. Provided as a context by the
/// app (standalone) or by a host's mount options.
#[derive(Clone, Debug)]
pub struct ApiConfig {
    /// Prefix of every endpoint, e.g. `/api/v1` or `https://roster.example/api/v1`.
    pub base: Arc<str>,
    /// The credential: `Some(token)` a bearer token (the widget), `Some("")`
    /// ([`COOKIE_SESSION`]) the session cookie, which the browser sends by
    /// itself (the standalone app); `None` when signed out. Cleared by a 401.
    pub token: RwSignal<Option<String>>,
    /// The standalone app: sign-ins ask for a cookie session, never a token
    /// JavaScript could read.
    pub cookie: bool,
    /// A host's `getToken`: asked for a fresh token after a 401 (embedded only).
    pub refresh: TokenRefresh,
    /// Where failures are reported as `roster:error` (embedded only).
    pub events: EmbedEvents,
}

impl ApiConfig {
    pub fn new(base: &str, token: Option<String>) -> Self {
        ApiConfig {
            base: base.trim_end_matches('/').into(),
            token: RwSignal::new(token),
            cookie: false,
            refresh: TokenRefresh::default(),
            events: EmbedEvents::default(),
        }
    }

    /// The standalone app's config: the session is an HttpOnly cookie;
    /// `signed_in` when the last visit ended signed in.
    pub fn with_cookie_session(base: &str, signed_in: bool) -> Self {
        ApiConfig {
            cookie: true,
            ..ApiConfig::new(base, signed_in.then(|| COOKIE_SESSION.to_owned()))
        }
    }
}

/// The [`ApiConfig::token`] of a session held in the browser's cookie.
pub const COOKIE_SESSION: &str = "";

/// A host's async `getToken()`; concurrent 401s share one call.
#[derive(Clone, Copy, Debug, Default)]
pub struct TokenRefresh {
    get_token: Option<StoredValue<js_sys::Function, LocalStorage>>,
    pending: Option<StoredValue<Option<js_sys::Promise>, LocalStorage>>,
}

impl TokenRefresh {
    pub fn new(get_token: js_sys::Function) -> Self {
        TokenRefresh {
            get_token: Some(StoredValue::new_local(get_token)),
            pending: Some(StoredValue::new_local(None)),
        }
    }

    /// Whether the host gave a `getToken`.
    pub fn is_set(&self) -> bool {
        self.get_token.is_some()
    }

    /// A fresh token from the host, or `None` (no `getToken`, it failed, or
    /// it gave no string).
    pub(crate) async fn fetch(&self) -> Option<String> {
        let (get_token, pending) = (self.get_token?, self.pending?);
        let promise = match pending.try_get_value()? {
            Some(p) => p,
            None => {
                let value = get_token.try_get_value()?.call0(&JsValue::NULL).ok()?;
                let p = js_sys::Promise::resolve(&value);
                pending.try_set_value(Some(p.clone()));
                p
            }
        };
        let result = JsFuture::from(promise).await;
        pending.try_set_value(None);
        result
            .ok()
            .and_then(|v| v.as_string())
            .filter(|t| !t.is_empty())
    }
}

/// The API config of the current app or widget.
pub fn use_api_config() -> ApiConfig {
    expect_context::<ApiConfig>()
}

/// A client for one or more calls; cheap to clone. Made from the context's
/// [`ApiConfig`], optionally bound to an `AbortSignal`.
#[derive(Clone, Debug)]
pub struct ApiClient {
    base: Arc<str>,
    token: RwSignal<Option<String>>,
    cookie: bool,
    refresh: TokenRefresh,
    events: EmbedEvents,
    signal: Option<AbortSignal>,
    /// Sent as `Idempotency-Key` (see [`ApiClient::idempotent`]).
    idempotency_key: Option<Arc<str>>,
}

/// A client from the context (read it before spawning: contexts do not cross `spawn_local`).
pub fn use_api() -> ApiClient {
    ApiClient::new(&use_api_config())
}

impl ApiClient {
    pub fn new(config: &ApiConfig) -> Self {
        ApiClient {
            base: config.base.clone(),
            token: config.token,
            cookie: config.cookie,
            refresh: config.refresh,
            events: config.events,
            signal: None,
            idempotency_key: None,
        }
    }

    /// The same client, sending `Idempotency-Key: key`: a retry of a write
    /// with the same key answers the first result instead of acting twice.
    pub fn idempotent(&self, key: &str) -> Self {
        ApiClient {
            idempotency_key: Some(key.into()),
            ..self.clone()
        }
    }

    /// Prefix of every endpoint.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// What a sign-in asks for: a cookie session (standalone) or a token (widget).
    pub fn session_kind(&self) -> roster_api::SessionKind {
        if self.cookie {
            roster_api::SessionKind::Cookie
        } else {
            roster_api::SessionKind::Token
        }
    }

    /// The same client, whose requests stop when `signal` aborts.
    pub fn abortable(&self, signal: Option<AbortSignal>) -> Self {
        ApiClient {
            signal,
            ..self.clone()
        }
    }

    pub(crate) async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &Query,
    ) -> Result<T, ApiError> {
        let text = self.send("GET", path, query, None).await?;
        decode(&text)
    }

    /// A GET whose answer is plain text (CSV export).
    pub(crate) async fn get_text(&self, path: &str, query: &Query) -> Result<String, ApiError> {
        self.send("GET", path, query, None).await
    }

    pub(crate) async fn send_json<B: Serialize, T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        body: Option<&B>,
    ) -> Result<T, ApiError> {
        let body = match body {
            Some(b) => Some(serde_json::to_string(b).map_err(|_| ApiError::Unexpected(0))?),
            None => None,
        };
        let text = self.send(method, path, &Query::new(), body).await?;
        decode(&text)
    }

    /// A call whose success carries no body (204).
    pub(crate) async fn send_no_content(&self, method: &str, path: &str) -> Result<(), ApiError> {
        self.send(method, path, &Query::new(), None)
            .await
            .map(|_| ())
    }

    /// Sends a request; after a 401 an embedded widget asks the host for a
    /// fresh token and tries once more.
    async fn send(
        &self,
        method: &str,
        path: &str,
        query: &Query,
        body: Option<String>,
    ) -> Result<String, ApiError> {
        let sent_with = self.token.try_get_untracked().flatten();
        let mut result = self.send_once(method, path, query, body.as_deref()).await;
        if result == Err(ApiError::Unauthorized) && self.refresh.is_set() {
            // Another request may have refreshed the token meanwhile: use it.
            let current = self.token.try_get_untracked().flatten();
            let fresh = match current.filter(|t| Some(t) != sent_with.as_ref()) {
                Some(t) => Some(t),
                None => self.refresh.fetch().await,
            };
            if let Some(token) = fresh {
                if self.token.try_set(Some(token)).is_none() {
                    result = self.send_once(method, path, query, body.as_deref()).await;
                }
            }
        }
        if let Err(error) = &result {
            if *error == ApiError::Unauthorized
                && self.token.try_get_untracked().flatten().is_some()
            {
                // The session is gone: signing out everywhere shows the sign-in screen.
                self.token.try_set(None);
            }
            self.events.error(error);
        }
        result
    }

    async fn send_once(
        &self,
        method: &str,
        path: &str,
        query: &Query,
        body: Option<&str>,
    ) -> Result<String, ApiError> {
        let url = format!("{}{}{}", self.base, path, query.to_query_string());
        let init = RequestInit::new();
        init.set_method(method);
        let headers = Headers::new().map_err(|_| ApiError::Network)?;
        let _ = headers.set("Accept", "application/json");
        // Proves to the server that the request comes from Roster's own code:
        // writes by session cookie need it (no form of another site can set it).
        let _ = headers.set(roster_api::REQUEST_HEADER, "1");
        if let Some(token) = self.token.try_get_untracked().flatten() {
            if !token.is_empty() {
                let _ = headers.set("Authorization", &format!("Bearer {token}"));
            }
        }
        if let Some(key) = &self.idempotency_key {
            let _ = headers.set("Idempotency-Key", key);
        }
        if let Some(body) = body {
            let _ = headers.set("Content-Type", "application/json");
            init.set_body(&JsValue::from_str(body));
        }
        init.set_headers(&headers);
        if let Some(signal) = &self.signal {
            if signal.aborted() {
                return Err(ApiError::Aborted);
            }
            init.set_signal(Some(signal));
        }
        let aborted = || self.signal.as_ref().is_some_and(|s| s.aborted());
        let promise = window().fetch_with_str_and_init(&url, &init);
        let response: Response = match JsFuture::from(promise).await {
            Ok(r) => r.unchecked_into(),
            Err(_) if aborted() => return Err(ApiError::Aborted),
            Err(_) => return Err(ApiError::Network),
        };
        let status = response.status();
        let text = match response.text() {
            Ok(p) => match JsFuture::from(p).await {
                Ok(t) => t.as_string().unwrap_or_default(),
                Err(_) if aborted() => return Err(ApiError::Aborted),
                Err(_) => return Err(ApiError::Network),
            },
            Err(_) => String::new(),
        };
        // A late answer of a cancelled request must not reach anyone.
        if aborted() {
            return Err(ApiError::Aborted);
        }
        if (200..300).contains(&status) {
            return Ok(text);
        }
        let retry_after = response.headers().get("Retry-After").ok().flatten();
        Err(ApiError::from_response(
            status,
            &text,
            retry_after.as_deref(),
        ))
    }
}

fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|_| ApiError::Unexpected(200))
}

/// A query string built from typed parts; empty values are left out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query(Vec<(&'static str, String)>);

impl Query {
    pub fn new() -> Self {
        Query(Vec::new())
    }

    /// Adds `key=value` unless `value` is empty.
    pub fn with(mut self, key: &'static str, value: impl ToString) -> Self {
        let value = value.to_string();
        if !value.is_empty() {
            self.0.push((key, value));
        }
        self
    }

    /// Adds `key=value` when `value` is present and not empty.
    pub fn opt(self, key: &'static str, value: Option<impl ToString>) -> Self {
        match value {
            Some(v) => self.with(key, v),
            None => self,
        }
    }

    /// `?a=1&b=x%20y`, or an empty string when there is nothing.
    pub fn to_query_string(&self) -> String {
        let mut out = String::new();
        for (i, (k, v)) in self.0.iter().enumerate() {
            out.push(if i == 0 { '?' } else { '&' });
            out.push_str(k);
            out.push('=');
            out.push_str(&encode_component(v));
        }
        out
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 15) as usize] as char);
            }
        }
    }
    out
}

/// Keeps only the latest of a series of requests alive: starting a new one
/// aborts the previous one, and so does the owner's cleanup. Used wherever a
/// request depends on the current organization, so that an answer for the
/// previous organization can never be painted.
#[derive(Clone, Copy)]
pub struct LatestRequest {
    current: StoredValue<Option<AbortController>, LocalStorage>,
}

impl LatestRequest {
    pub fn new() -> Self {
        let current: StoredValue<Option<AbortController>, LocalStorage> =
            StoredValue::new_local(None);
        on_cleanup(move || {
            if let Some(Some(c)) = current.try_get_value() {
                c.abort();
            }
        });
        LatestRequest { current }
    }

    /// Aborts the previous request, if any, and gives the signal of the next.
    /// (`None` only where the browser has no `AbortController`.)
    pub fn next(&self) -> Option<AbortSignal> {
        self.abort();
        let controller = AbortController::new().ok();
        let signal = controller.as_ref().map(|c| c.signal());
        self.current.set_value(controller);
        signal
    }

    /// Aborts the request in flight, if any.
    pub fn abort(&self) {
        if let Some(Some(c)) = self.current.try_get_value() {
            c.abort();
        }
    }
}

impl Default for LatestRequest {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_leaves_out_empty_values_and_encodes() {
        let q = Query::new()
            .with("page", 2)
            .with("search", "a&b c/é")
            .with("email", "")
            .opt("status", None::<&str>)
            .opt("order_by", Some("-created_at"));
        assert_eq!(
            q.to_query_string(),
            "?page=2&search=a%26b%20c%2F%C3%A9&order_by=-created_at"
        );
        assert_eq!(Query::new().to_query_string(), "");
    }
}
