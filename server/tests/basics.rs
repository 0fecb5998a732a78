//! Serving, auth, /me, permissions, OpenAPI endpoint.

mod common;

use axum::http::Method;
use common::{TestApp, PARTNER, SAM};
use serde_json::json;

#[tokio::test]
async fn spa_fallback_and_static_files() {
    let app = TestApp::demo().await;
    let page = app.send(Method::GET, "/orgs/123/users", None, None).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("<title>Roster</title>"));
    let asset = app.send(Method::GET, "/assets/app.js", None, None).await;
    assert_eq!(asset.status, 200);
    assert!(asset.text.contains("console.log"));
    let missing_api = app.send(Method::GET, "/api/v1/nope", None, None).await;
    missing_api.expect(404, "not_found");
}

#[tokio::test]
async fn openapi_document_is_served() {
    let app = TestApp::plain().await;
    let doc = app
        .send(Method::GET, "/api/v1/openapi.json", None, None)
        .await
        .ok();
    assert_eq!(doc["info"]["title"], "Roster API");
    assert!(doc["paths"]["/api/v1/organizations/{id}/invitations"]["post"].is_object());
}

#[tokio::test]
async fn demo_sign_in_me_and_sign_out() {
    let app = TestApp::demo().await;
    let accounts = app
        .send(Method::GET, "/api/v1/auth/demo-accounts", None, None)
        .await
        .ok();
    let emails: Vec<&str> = accounts
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|a| a["email"].as_str())
        .collect();
    assert_eq!(emails, [PARTNER, SAM]);

    let reply = app
        .send(
            Method::POST,
            "/api/v1/auth/demo-sign-in",
            None,
            Some(json!({ "email": " Sam@Roster.demo " })),
        )
        .await
        .ok();
    let token = reply["token"].as_str().expect("token").to_owned();
    assert_eq!(reply["me"]["email"], SAM);
    assert_eq!(reply["me"]["kind"], "user");
    assert_eq!(reply["me"]["pending_invitation_count"], 1);

    let me = app.get("/api/v1/me", &token).await.ok();
    assert_eq!(me["display_name"], "Sam Member");

    // Tokens are stored hashed: the raw token is nowhere in the database.
    let mut conn = app.state.store.read().await.expect("conn");
    let found: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE token_hash = $1")
        .bind(&token)
        .fetch_one(&mut *conn)
        .await
        .expect("query");
    assert_eq!(found, 0);
    drop(conn);

    app.send(Method::POST, "/api/v1/auth/sign-out", Some(&token), None)
        .await
        .expect(204, "");
    app.get("/api/v1/me", &token)
        .await
        .expect(401, "unauthenticated");
}

#[tokio::test]
async fn demo_sign_in_creates_new_accounts_and_checks_email() {
    let app = TestApp::demo().await;
    let reply = app
        .send(
            Method::POST,
            "/api/v1/auth/demo-sign-in",
            None,
            Some(json!({ "email": "newcomer@example.com", "display_name": "New Comer" })),
        )
        .await
        .ok();
    assert_eq!(reply["me"]["display_name"], "New Comer");
    assert_eq!(reply["me"]["kind"], "user");
    let bad = app
        .send(
            Method::POST,
            "/api/v1/auth/demo-sign-in",
            None,
            Some(json!({ "email": "not-an-email" })),
        )
        .await;
    let bad = bad.expect(422, "validation_failed");
    assert_eq!(bad.fields(), ["email"]);
    let malformed = app
        .send(
            Method::POST,
            "/api/v1/auth/demo-sign-in",
            None,
            Some(json!({ "mail": 1 })),
        )
        .await;
    assert_eq!(malformed.status, 422);
    assert_eq!(malformed.content_type, "application/problem+json");
    // The unknown field is what serde meets first (request bodies refuse unknown fields).
    assert_eq!(malformed.fields(), ["mail"], "{}", malformed.text);
    assert_eq!(malformed.json["errors"][0]["code"], "unknown_field");
}

#[tokio::test]
async fn demo_endpoints_are_off_outside_demo_mode() {
    let app = TestApp::plain().await;
    app.send(Method::GET, "/api/v1/auth/demo-accounts", None, None)
        .await
        .expect(404, "demo_only");
    app.send(
        Method::POST,
        "/api/v1/auth/demo-sign-in",
        None,
        Some(json!({ "email": PARTNER })),
    )
    .await
    .expect(404, "demo_only");
    app.send(Method::GET, "/api/v1/dev/outbox", None, None)
        .await
        .expect(404, "demo_only");
    app.send(
        Method::POST,
        "/api/v1/dev/clock",
        None,
        Some(json!({ "seconds": 10 })),
    )
    .await
    .expect(404, "demo_only");
}

#[tokio::test]
async fn requests_without_a_valid_token_are_refused() {
    let app = TestApp::demo().await;
    app.send(Method::GET, "/api/v1/me", None, None)
        .await
        .expect(401, "unauthenticated");
    app.get("/api/v1/organizations", "made-up-token")
        .await
        .expect(401, "unauthenticated");
    app.send_with(
        Method::GET,
        "/api/v1/me",
        None,
        None,
        &[("authorization", "Basic abc")],
    )
    .await
    .expect(401, "unauthenticated");
}

#[tokio::test]
async fn permission_catalogue() {
    let app = TestApp::demo().await;
    let token = app.sign_in(SAM).await;
    let list = app.get("/api/v1/permissions", &token).await.ok();
    let names: Vec<&str> = list
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|p| p["permission"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "manage_members",
            "manage_organization",
            "manage_billing",
            "view_members",
            "create_projects",
            "view_all_projects",
            "api_access"
        ]
    );
    assert!(list[0]["label"].as_str().is_some_and(|l| !l.is_empty()));
    assert!(list[0]["description"]
        .as_str()
        .is_some_and(|l| !l.is_empty()));
}

#[tokio::test]
async fn clock_control_moves_forward_only() {
    let app = TestApp::demo().await;
    let token = app.sign_in(PARTNER).await;
    let before = app.state.clock.now_ms();
    let now = app
        .post("/api/v1/dev/clock", &token, json!({ "seconds": 3600 }))
        .await
        .ok();
    let moved =
        chrono::DateTime::parse_from_rfc3339(now["now"].as_str().expect("now")).expect("time");
    assert!(moved.timestamp_millis() >= before + 3_600_000);
    let back = app
        .post("/api/v1/dev/clock", &token, json!({ "seconds": -5 }))
        .await
        .expect(422, "validation_failed");
    assert_eq!(back.fields(), ["seconds"]);
}

#[tokio::test]
async fn cors_allows_configured_origins_only() {
    let app = TestApp::demo().await;
    let allowed = app
        .send_with(
            Method::OPTIONS,
            "/api/v1/me",
            None,
            None,
            &[
                ("origin", "http://host.test"),
                ("access-control-request-method", "GET"),
            ],
        )
        .await;
    assert_eq!(allowed.status, 200);
    let token = app.sign_in(PARTNER).await;
    let other = app
        .send_with(
            Method::GET,
            "/api/v1/me",
            Some(&token),
            None,
            &[("origin", "http://evil.test")],
        )
        .await;
    assert_eq!(other.status, 200);
    assert!(other.json["email"].is_string());
}
