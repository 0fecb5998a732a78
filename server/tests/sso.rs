//! OpenID Connect sign-in routes, in process: what they answer without a
//! provider configured, and every refusal that needs no live provider (the
//! whole flow against a real provider is tests/e2e/sso.spec.ts).

mod common;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{send_request, Reply, TestApp};
use roster_server::oidc::{Pending, Sso};
use roster_server::AppState;

/// An app whose provider cannot be reached (nothing listens on port 1),
/// living under the base path `/base` of its public URL.
async fn app_with_sso() -> (TestApp, axum::Router) {
    let app = TestApp::plain().await;
    let public_url = "http://roster.test/base";
    let sso = Sso::new(
        "Company SSO",
        "http://127.0.0.1:1",
        "roster",
        "secret",
        public_url,
    )
    .expect("sso");
    assert_eq!(
        sso.redirect_uri(),
        "http://roster.test/base/api/v1/auth/oidc/callback"
    );
    let state = AppState {
        sso: Some(Arc::new(sso)),
        public_url: public_url.into(),
        ..app.state.clone()
    };
    let router = roster_server::app(state, None, &[]);
    (app, router)
}

async fn get(router: &axum::Router, path: &str, cookie: Option<&str>) -> Reply {
    let mut request = Request::builder().uri(path);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    send_request(router, request.body(Body::empty()).expect("request")).await
}

fn location(reply: &Reply) -> &str {
    reply
        .headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

fn set_cookies(reply: &Reply) -> Vec<String> {
    reply
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .collect()
}

/// The answer sends the browser to the sign-in screen with `code` and
/// deletes the started sign-in's cookie.
fn assert_refused(reply: &Reply, code: &str) {
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    assert_eq!(location(reply), format!("/base/sign-in?sso_error={code}"));
    let cookies = set_cookies(reply);
    assert_eq!(cookies.len(), 1, "{cookies:?}");
    assert!(cookies[0].starts_with("roster_oidc=;"), "{cookies:?}");
    assert!(cookies[0].contains("Max-Age=0"), "{cookies:?}");
    assert!(cookies[0].contains("HttpOnly"), "{cookies:?}");
}

fn started(state: &str) -> String {
    let pending = Pending {
        state: state.to_owned(),
        nonce: "nonce".to_owned(),
        verifier: "verifier".to_owned(),
        return_to: "/orgs".to_owned(),
    };
    format!("roster_oidc={}", pending.encode())
}

#[tokio::test]
async fn without_a_provider_the_routes_are_not_found() {
    let app = TestApp::plain().await;
    for path in [
        "/api/v1/auth/oidc/start?return_to=/",
        "/api/v1/auth/oidc/callback?code=c&state=s",
    ] {
        get(&app.router, path, None).await.expect(404, "not_found");
    }
    let methods = get(&app.router, "/api/v1/auth/methods", None).await.ok();
    assert!(methods["sso"].is_null(), "{methods}");
}

#[tokio::test]
async fn the_sign_in_methods_name_the_provider() {
    let (_app, router) = app_with_sso().await;
    let methods = get(&router, "/api/v1/auth/methods", None).await.ok();
    assert_eq!(methods["sso"]["name"], "Company SSO");
}

#[tokio::test]
async fn a_provider_that_cannot_be_reached_sends_back_to_sign_in() {
    let (_app, router) = app_with_sso().await;
    let reply = get(&router, "/api/v1/auth/oidc/start?return_to=/orgs", None).await;
    assert_refused(&reply, "sso_failed");
}

#[tokio::test]
async fn a_callback_without_this_browsers_sign_in_is_a_state_mismatch() {
    let (_app, router) = app_with_sso().await;
    let path = "/api/v1/auth/oidc/callback?code=c&state=the-state";
    // No cookie: a callback opened twice, or another browser's.
    assert_refused(&get(&router, path, None).await, "sso_state_mismatch");
    // Another sign-in's state.
    assert_refused(
        &get(&router, path, Some(&started("other-state"))).await,
        "sso_state_mismatch",
    );
    // A cookie that is not ours.
    assert_refused(
        &get(&router, path, Some("roster_oidc=garbage")).await,
        "sso_state_mismatch",
    );
    // No state at all.
    assert_refused(
        &get(
            &router,
            "/api/v1/auth/oidc/callback?code=c",
            Some(&started("the-state")),
        )
        .await,
        "sso_state_mismatch",
    );
}

#[tokio::test]
async fn a_refusal_at_the_provider_is_a_cancelled_sign_in() {
    let (_app, router) = app_with_sso().await;
    let reply = get(
        &router,
        "/api/v1/auth/oidc/callback?error=access_denied&state=the-state",
        Some(&started("the-state")),
    )
    .await;
    assert_refused(&reply, "sso_cancelled");
}

#[tokio::test]
async fn a_code_that_cannot_be_exchanged_fails_without_a_session() {
    let (_app, router) = app_with_sso().await;
    let reply = get(
        &router,
        "/api/v1/auth/oidc/callback?code=c&state=the-state",
        Some(&started("the-state")),
    )
    .await;
    assert_refused(&reply, "sso_failed");
    let no_code = get(
        &router,
        "/api/v1/auth/oidc/callback?state=the-state",
        Some(&started("the-state")),
    )
    .await;
    assert_refused(&no_code, "sso_failed");
}
