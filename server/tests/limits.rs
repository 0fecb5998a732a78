//! Rate limits (429 with Retry-After, problem code `rate_limited`) and session
//! lifetimes (401 once idle too long or too old), on the injectable clock.

mod common;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Method, Request};
use common::{TestApp, PARTNER, SAM};
use roster_server::limit::Limits;
use roster_server::Policy;
use serde_json::{json, Value};
use tower::ServiceExt;

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

/// Sends one invitation as `token` in `org`; answers the reply.
async fn invite(app: &TestApp, token: &str, org: &str, email: &str) -> common::Reply {
    app.post(
        &format!("/api/v1/organizations/{org}/invitations"),
        token,
        json!({ "emails": [email] }),
    )
    .await
}

#[tokio::test]
async fn invitation_sending_is_limited_per_account_whatever_the_session() {
    let app = TestApp::demo_with(tight(Limits {
        invitations: 2,
        invitations_org: 0,
        ..Limits::default()
    }))
    .await;
    let partner = app.sign_in(PARTNER).await;
    let acme = app.org_id(&partner, "Acme Corp").await;
    let globex = app.org_id(&partner, "Globex").await;
    // Dry runs are reads: they do not count.
    for _ in 0..5 {
        app.post(
            &format!("/api/v1/organizations/{acme}/invitations?dry_run=true"),
            &partner,
            json!({ "emails": ["dry@example.com"] }),
        )
        .await
        .ok();
    }
    // A send and a resend spend the two of the minute.
    let sent = invite(&app, &partner, &acme, "limit0@example.com")
        .await
        .ok();
    let id = sent["results"][0]["invitation"]["id"]
        .as_str()
        .expect("invitation id")
        .to_owned();
    app.post(
        &format!("/api/v1/organizations/{acme}/invitations/{id}/resend"),
        &partner,
        json!({}),
    )
    .await
    .ok();
    let reply = invite(&app, &partner, &acme, "limit9@example.com")
        .await
        .expect(429, "rate_limited");
    assert_eq!(reply.retry_after.as_deref(), Some("30"));
    // A fresh sign-in is the same account: still limited, in any organization.
    let again = app.sign_in(PARTNER).await;
    invite(&app, &again, &acme, "limit9@example.com")
        .await
        .expect(429, "rate_limited");
    invite(&app, &again, &globex, "limit9@example.com")
        .await
        .expect(429, "rate_limited");
    app.post(
        &format!("/api/v1/organizations/{acme}/invitations/{id}/resend"),
        &again,
        json!({}),
    )
    .await
    .expect(429, "rate_limited");
    // Nothing was written by the refused requests; reading is never limited.
    let list = app
        .get(
            &format!("/api/v1/organizations/{acme}/invitations?search=limit9"),
            &again,
        )
        .await
        .ok();
    assert_eq!(list["total_count"], 0);
    // Another account has its own allowance.
    let wayne = app
        .create_org(&again, "Wayne Enterprises", "owner@wayne.example")
        .await;
    let owner = app.sign_in("owner@wayne.example").await;
    invite(&app, &owner, &wayne, "limit3@example.com")
        .await
        .ok();
}

#[tokio::test]
async fn accounts_of_one_organization_share_its_limit() {
    let app = TestApp::demo_with(tight(Limits {
        invitations: 100,
        invitations_org: 3,
        ..Limits::default()
    }))
    .await;
    let partner = app.sign_in(PARTNER).await;
    let shared = app
        .create_org(&partner, "Shared Co", "olive@shared.example")
        .await;
    let olive = app.sign_in("olive@shared.example").await;
    invite(&app, &partner, &shared, "a@example.com").await.ok();
    invite(&app, &olive, &shared, "b@example.com").await.ok();
    invite(&app, &partner, &shared, "c@example.com").await.ok();
    // The organization's three of the minute are spent, by either admin.
    let reply = invite(&app, &olive, &shared, "d@example.com")
        .await
        .expect(429, "rate_limited");
    assert_eq!(reply.retry_after.as_deref(), Some("20"));
    invite(&app, &partner, &shared, "d@example.com")
        .await
        .expect(429, "rate_limited");
    // Another organization has its own allowance.
    let acme = app.org_id(&partner, "Acme Corp").await;
    invite(&app, &partner, &acme, "d@example.com").await.ok();
}

#[tokio::test]
async fn people_who_may_not_invite_do_not_spend_the_organization_limit() {
    let app = TestApp::demo_with(tight(Limits {
        invitations: 100,
        invitations_org: 1,
        ..Limits::default()
    }))
    .await;
    let partner = app.sign_in(PARTNER).await;
    let acme = app.org_id(&partner, "Acme Corp").await;
    // Sam may only view Acme's members: refused, and not counted.
    let sam = app.sign_in(SAM).await;
    for i in 0..5 {
        invite(&app, &sam, &acme, &format!("spam{i}@example.com"))
            .await
            .expect(403, "forbidden");
    }
    invite(&app, &partner, &acme, "real@example.com").await.ok();
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

/// POSTs `body` to `path` as a client at `addr` (what `axum::serve` records
/// for each connection); answers the status and the `Retry-After` header.
async fn post_from(app: &TestApp, addr: &str, path: &str, body: Value) -> (u16, Option<String>) {
    let addr: SocketAddr = addr.parse().expect("socket address");
    let mut request = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .expect("request");
    request.extensions_mut().insert(ConnectInfo(addr));
    let response = app.router.clone().oneshot(request).await.expect("response");
    let retry_after = response
        .headers()
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    (response.status().as_u16(), retry_after)
}

#[tokio::test]
async fn unauthenticated_endpoints_are_limited_per_client_address() {
    let app = TestApp::demo_with(tight(Limits {
        sign_in: 2,
        token: 2,
        ..Limits::default()
    }))
    .await;
    let sign_in = "/api/v1/auth/demo-sign-in";
    let partner = json!({ "email": PARTNER });
    for _ in 0..2 {
        assert_eq!(
            post_from(&app, "10.0.0.1:5000", sign_in, partner.clone())
                .await
                .0,
            200
        );
    }
    // Another port of the same address is the same client.
    let (status, retry_after) = post_from(&app, "10.0.0.1:6000", sign_in, partner.clone()).await;
    assert_eq!((status, retry_after.as_deref()), (429, Some("30")));
    // Another address has its own allowance.
    assert_eq!(
        post_from(&app, "10.0.0.2:5000", sign_in, partner.clone())
            .await
            .0,
        200
    );
    // IPv6: one /64 network is one client; IPv4-mapped addresses are IPv4.
    for _ in 0..2 {
        let (status, _) = post_from(&app, "[2001:db8:1:2::a]:5000", sign_in, partner.clone()).await;
        assert_eq!(status, 200);
    }
    assert_eq!(
        post_from(&app, "[2001:db8:1:2::b]:5000", sign_in, partner.clone())
            .await
            .0,
        429
    );
    assert_eq!(
        post_from(&app, "[2001:db8:1:3::a]:5000", sign_in, partner.clone())
            .await
            .0,
        200
    );
    assert_eq!(
        post_from(&app, "[::ffff:10.0.0.1]:5000", sign_in, partner.clone())
            .await
            .0,
        429
    );

    // Invitation links: lookup, accept and decline share one allowance per address.
    let token = json!({ "token": "not-a-real-token" });
    let lookup = "/api/v1/invitations/lookup";
    for _ in 0..2 {
        assert_eq!(
            post_from(&app, "10.0.0.3:5000", lookup, token.clone())
                .await
                .0,
            404
        );
    }
    for path in ["lookup", "accept", "decline"] {
        let path = format!("/api/v1/invitations/{path}");
        assert_eq!(
            post_from(&app, "10.0.0.3:5000", &path, token.clone())
                .await
                .0,
            429
        );
    }
    assert_eq!(
        post_from(&app, "10.0.0.4:5000", lookup, token.clone())
            .await
            .0,
        404
    );
    // The sign-in limit is apart from the token one.
    assert_eq!(
        post_from(&app, "10.0.0.3:5000", sign_in, partner.clone())
            .await
            .0,
        200
    );
}
