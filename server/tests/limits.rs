//! Rate limits (429 with Retry-After, problem code `rate_limited`) and session
//! lifetimes (401 once idle too long or too old), on the injectable clock.

mod common;

use axum::http::Method;
use common::{TestApp, PARTNER, SAM};
use roster_server::limit::Limits;
use roster_server::Policy;
use serde_json::json;

fn tight(limits: Limits) -> Policy {
    Policy {
        limits,
        ..Policy::default()
    }
}

#[tokio::test]
async fn demo_sign_in_is_limited_per_client() {
    let app = TestApp::demo_with(tight(Limits {
        sign_in: 2,
        ..Limits::default()
    }))
    .await;
    app.sign_in(PARTNER).await;
    app.sign_in(SAM).await;
    let reply = app
        .send(
            Method::POST,
            "/api/v1/auth/demo-sign-in",
            None,
            Some(json!({ "email": PARTNER })),
        )
        .await
        .expect(429, "rate_limited");
    // Two a minute: the next one in 30 seconds.
    assert_eq!(reply.retry_after.as_deref(), Some("30"));
    assert!(reply.json["detail"]
        .as_str()
        .is_some_and(|d| d.contains("30 s")));
}

#[tokio::test]
async fn invitation_sending_is_limited_per_session() {
    let app = TestApp::demo_with(tight(Limits {
        invitations: 2,
        ..Limits::default()
    }))
    .await;
    let partner = app.sign_in(PARTNER).await;
    let acme = app.org_id(&partner, "Acme Corp").await;
    let path = format!("/api/v1/organizations/{acme}/invitations");
    for i in 0..2 {
        app.post(
            &path,
            &partner,
            json!({ "emails": [format!("limit{i}@example.com")] }),
        )
        .await
        .ok();
    }
    let reply = app
        .post(&path, &partner, json!({ "emails": ["limit9@example.com"] }))
        .await
        .expect(429, "rate_limited");
    assert!(reply.retry_after.is_some());
    // Nothing was written by the refused request.
    let list = app
        .get(&format!("{path}?search=limit9"), &partner)
        .await
        .ok();
    assert_eq!(list["total_count"], 0);
    // Another session has its own allowance; reading is never limited.
    let other = app.sign_in(PARTNER).await;
    app.post(&path, &other, json!({ "emails": ["limit3@example.com"] }))
        .await
        .ok();
    app.get(&path, &partner).await.ok();
}

#[tokio::test]
async fn invitation_tokens_are_limited_per_client() {
    let app = TestApp::demo_with(tight(Limits {
        token: 3,
        ..Limits::default()
    }))
    .await;
    for _ in 0..3 {
        app.send(
            Method::POST,
            "/api/v1/invitations/lookup",
            None,
            Some(json!({ "token": "not-a-real-token" })),
        )
        .await
        .expect(404, "");
    }
    for path in ["lookup", "accept", "decline"] {
        let reply = app
            .send(
                Method::POST,
                &format!("/api/v1/invitations/{path}"),
                None,
                Some(json!({ "token": "not-a-real-token" })),
            )
            .await
            .expect(429, "rate_limited");
        assert_eq!(reply.retry_after.as_deref(), Some("20"));
    }
}

#[tokio::test]
async fn sessions_end_when_idle_and_when_too_old() {
    let app = TestApp::demo_with(Policy {
        session_idle_ms: 30 * 60_000,
        session_max_ms: 2 * 3_600_000,
        ..Policy::default()
    })
    .await;
    let token = app.sign_in(PARTNER).await;
    // Used every 20 minutes, it stays alive (idle time counts from the last use)...
    for _ in 0..5 {
        app.advance(20 * 60);
        app.get("/api/v1/me", &token).await.ok();
    }
    // ...until two hours after sign-in, however used.
    app.advance(20 * 60);
    app.get("/api/v1/me", &token)
        .await
        .expect(401, "unauthenticated");

    // Left alone for more than 30 minutes, a session ends too.
    let token = app.sign_in(PARTNER).await;
    app.advance(29 * 60);
    app.get("/api/v1/me", &token).await.ok();
    app.advance(31 * 60);
    app.get("/api/v1/me", &token)
        .await
        .expect(401, "unauthenticated");
}
