//! Transport errors answer the right status as problem+json: 413 over the
//! body limit, 415 for a body that is not JSON, 405 with `Allow`, 414, 404
//! for a missing file (while app routes still get index.html), 408 for a
//! body that does not arrive and 503 when the server cannot answer in time.
//! Also: bulk endpoints check permission before the body, and a locked
//! organization's invitation can be declined but not accepted.

mod common;

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use common::{TestApp, PARTNER, SAM};
use http_body_util::BodyExt;
use roster_api::rules::batch::MAX_BATCH_EMAILS;
use serde_json::{json, Value};
use tower::ServiceExt;

async fn acme(app: &TestApp) -> (String, String) {
    let partner = app.sign_in(PARTNER).await;
    let acme = app.org_id(&partner, "Acme Corp").await;
    (partner, acme)
}

/// Sends a raw request; answers (status, headers, body as JSON or Null).
async fn raw(router: &Router, request: Request<Body>) -> (StatusCode, header::HeaderMap, Value) {
    let reply = common::send_request(router, request).await;
    (reply.status, reply.headers, reply.json)
}

fn content_type(headers: &header::HeaderMap) -> &str {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

#[track_caller]
fn assert_problem(
    status: StatusCode,
    headers: &header::HeaderMap,
    body: &Value,
    want: u16,
    code: &str,
) {
    assert_eq!(status.as_u16(), want, "{body}");
    assert_eq!(content_type(headers), "application/problem+json", "{body}");
    assert_eq!(body["status"], want, "{body}");
    assert_eq!(body["code"], code, "{body}");
}

/// An address of exactly 254 characters, the longest valid one.
fn longest_address(i: usize) -> String {
    let local = format!("{}{i:04}", "a".repeat(60));
    let domain = format!(
        "{}.{}.{}.example",
        "b".repeat(63),
        "c".repeat(63),
        "d".repeat(254 - 64 - 1 - 63 - 1 - 63 - 1 - ".example".len())
    );
    let address = format!("{local}@{domain}");
    assert_eq!(address.len(), 254);
    address
}

#[tokio::test]
async fn a_body_over_the_limit_answers_413() {
    let app = TestApp::demo().await;
    let (partner, acme) = acme(&app).await;
    let path = format!("/api/v1/organizations/{acme}/invitations?dry_run=true");
    let huge = json!({ "emails": ["x@example.com".repeat(100_000)] }).to_string();
    assert!(huge.len() > 1024 * 1024);
    // Declared by Content-Length: refused before the body is read.
    let request = Request::post(&path)
        .header(header::AUTHORIZATION, format!("Bearer {partner}"))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, huge.len())
        .body(Body::from(huge.clone()))
        .expect("request");
    let (status, headers, body) = raw(&app.router, request).await;
    assert_problem(status, &headers, &body, 413, "payload_too_large");
    // Without a length (chunked): cut while reading.
    let request = Request::post(&path)
        .header(header::AUTHORIZATION, format!("Bearer {partner}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(huge))
        .expect("request");
    let (status, headers, body) = raw(&app.router, request).await;
    assert_problem(status, &headers, &body, 413, "payload_too_large");
}

#[tokio::test]
async fn the_largest_invitation_batch_fits_the_default_limit() {
    let app = TestApp::demo().await;
    let (partner, acme) = acme(&app).await;
    let emails: Vec<String> = (0..MAX_BATCH_EMAILS).map(longest_address).collect();
    let tags: Vec<Value> = (0..10)
        .map(|i| json!({ "key": format!("k{i}{}", "k".repeat(30)), "value": "v".repeat(36) }))
        .collect();
    let body = json!({ "emails": emails, "tags": tags, "permissions": ["view_members"] });
    let reply = app
        .post(
            &format!("/api/v1/organizations/{acme}/invitations?dry_run=true"),
            &partner,
            body,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(
        reply.json["results"].as_array().map(Vec::len),
        Some(MAX_BATCH_EMAILS)
    );
}

#[tokio::test]
async fn a_body_that_is_not_json_answers_415() {
    let app = TestApp::demo().await;
    let (partner, acme) = acme(&app).await;
    let path = format!("/api/v1/organizations/{acme}/groups");
    for content in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let mut request =
            Request::post(&path).header(header::AUTHORIZATION, format!("Bearer {partner}"));
        if let Some(content) = content {
            request = request.header(header::CONTENT_TYPE, content);
        }
        let request = request
            .body(Body::from(r#"{"name":"Typed"}"#))
            .expect("request");
        let (status, headers, body) = raw(&app.router, request).await;
        assert_problem(status, &headers, &body, 415, "unsupported_media_type");
    }
}

#[tokio::test]
async fn a_wrong_method_answers_405_with_allow() {
    let app = TestApp::demo().await;
    let partner = app.sign_in(PARTNER).await;
    let request = Request::delete("/api/v1/permissions")
        .header(header::AUTHORIZATION, format!("Bearer {partner}"))
        .body(Body::empty())
        .expect("request");
    let (status, headers, body) = raw(&app.router, request).await;
    assert_problem(status, &headers, &body, 405, "method_not_allowed");
    let allow = headers
        .get(header::ALLOW)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(allow.contains("GET"), "Allow: {allow}");
}

#[tokio::test]
async fn a_long_uri_answers_414() {
    let app = TestApp::demo().await;
    let partner = app.sign_in(PARTNER).await;
    let path = format!("/api/v1/organizations?search={}", "a".repeat(9000));
    let request = Request::get(&path)
        .header(header::AUTHORIZATION, format!("Bearer {partner}"))
        .body(Body::empty())
        .expect("request");
    let (status, headers, body) = raw(&app.router, request).await;
    assert_problem(status, &headers, &body, 414, "uri_too_long");
}

#[tokio::test]
async fn a_missing_file_is_404_and_app_routes_are_index_html() {
    let app = TestApp::demo().await;
    for path in ["/missing.js", "/assets/missing", "/orgs/x/logo.png"] {
        let request = Request::get(path).body(Body::empty()).expect("request");
        let (status, headers, body) = raw(&app.router, request).await;
        assert_problem(status, &headers, &body, 404, "not_found");
    }
    for path in [
        "/some/route",
        "/orgs/6f1c2a52-7a43-4c55-9a3e-0d6c3f3b2a10/users",
        "/",
    ] {
        let request = Request::get(path).body(Body::empty()).expect("request");
        let response = app.router.clone().oneshot(request).await.expect("response");
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(
            content_type(response.headers()).starts_with("text/html"),
            "{path}"
        );
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        assert!(String::from_utf8_lossy(&bytes).contains("<title>Roster</title>"));
    }
    let request = Request::get("/assets/app.js")
        .body(Body::empty())
        .expect("request");
    let response = app.router.clone().oneshot(request).await.expect("response");
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn bulk_endpoints_check_permission_before_the_body() {
    let app = TestApp::demo().await;
    let (partner, acme) = acme(&app).await;
    let viewer = app.sign_in(SAM).await;
    // A partner with an empty list learns what is wrong with it...
    app.post(
        &format!("/api/v1/organizations/{acme}/users/remove"),
        &partner,
        json!({ "user_ids": [] }),
    )
    .await
    .expect(422, "validation_failed");
    // ...a viewer only that it may not.
    app.post(
        &format!("/api/v1/organizations/{acme}/users/remove"),
        &viewer,
        json!({ "user_ids": [] }),
    )
    .await
    .expect(403, "forbidden");
    let group = uuid::Uuid::new_v4();
    app.post(
        &format!("/api/v1/organizations/{acme}/groups/{group}/members"),
        &viewer,
        json!({ "user_ids": [] }),
    )
    .await
    .expect(403, "forbidden");
    app.send_with(
        Method::POST,
        &format!("/api/v1/organizations/{acme}/invitations"),
        Some(&viewer),
        Some(json!({ "emails": [] })),
        &[("idempotency-key", "")],
    )
    .await
    .expect(403, "forbidden");
}

/// Invites `email` to `org`; answers (invitation id, token of its link).
async fn invite(app: &TestApp, token: &str, org: &str, email: &str) -> (String, String) {
    let reply = app
        .post(
            &format!("/api/v1/organizations/{org}/invitations"),
            token,
            json!({ "emails": [email] }),
        )
        .await
        .ok();
    let invitation = &reply["results"][0]["invitation"];
    let link = invitation["link"].as_str().expect("demo link");
    (
        invitation["id"].as_str().expect("id").to_owned(),
        TestApp::token_of(link),
    )
}

#[tokio::test]
async fn a_locked_organizations_invitation_can_be_declined_not_accepted() {
    let app = TestApp::demo().await;
    let partner = app.sign_in(PARTNER).await;
    let globex = app.org_id(&partner, "Globex").await;
    let (by_id, _) = invite(&app, &partner, &globex, "locked.one@example.com").await;
    let (_, by_token) = invite(&app, &partner, &globex, "locked.two@example.com").await;
    app.post(
        &format!("/api/v1/organizations/{globex}/lock"),
        &partner,
        json!({ "reason": "Contract ended" }),
    )
    .await
    .ok();
    let one = app.sign_in("locked.one@example.com").await;
    let two = app.sign_in("locked.two@example.com").await;

    // Accepting would add a member: refused, by id and by link, saying why.
    let r = app
        .post(
            &format!("/api/v1/me/invitations/{by_id}/accept"),
            &one,
            json!({}),
        )
        .await
        .expect(423, "organization_locked");
    assert!(r.text.contains("Contract ended"), "{}", r.text);
    app.post(
        "/api/v1/invitations/accept",
        &two,
        json!({ "token": by_token }),
    )
    .await
    .expect(423, "organization_locked");

    // Declining changes nothing in the organization: allowed, both ways.
    let declined = app
        .post(
            &format!("/api/v1/me/invitations/{by_id}/decline"),
            &one,
            json!({}),
        )
        .await
        .ok();
    assert_eq!(declined["status"], "declined");
    let declined = app
        .post(
            "/api/v1/invitations/decline",
            &two,
            json!({ "token": by_token }),
        )
        .await
        .ok();
    assert_eq!(declined["status"], "declined");
    // Nobody joined.
    let members = app
        .get(
            &format!("/api/v1/organizations/{globex}/users?search=locked."),
            &partner,
        )
        .await
        .ok();
    assert_eq!(members["total_count"], 0, "{members}");
}

/// A body that never sends a byte.
struct Stalled;

impl http_body::Body for Stalled {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        Poll::Pending
    }
}

fn with_timeout(app: &TestApp, seconds: u64) -> Router {
    let http = roster_server::Http {
        requests: roster_server::transport::RequestLimits {
            timeout: Some(Duration::from_secs(seconds)),
            ..Default::default()
        },
        ..Default::default()
    };
    roster_server::app_with(app.state.clone(), None, &[], &http)
}

#[tokio::test]
async fn a_body_that_does_not_arrive_answers_408() {
    let app = TestApp::demo().await;
    let (partner, acme) = acme(&app).await;
    let router = with_timeout(&app, 1);
    let request = Request::post(format!("/api/v1/organizations/{acme}/groups"))
        .header(header::AUTHORIZATION, format!("Bearer {partner}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::new(Stalled))
        .expect("request");
    let (status, headers, body) =
        tokio::time::timeout(Duration::from_secs(30), raw(&router, request))
            .await
            .expect("answered");
    assert_problem(status, &headers, &body, 408, "request_timeout");
    assert_eq!(
        headers.get(header::CONNECTION).map(|v| v.as_bytes()),
        Some(&b"close"[..])
    );
}

#[tokio::test]
async fn a_request_the_server_cannot_answer_in_time_is_503_with_retry_after() {
    let app = TestApp::demo().await;
    let (partner, acme) = acme(&app).await;
    let router = with_timeout(&app, 1);
    // Another writer holds the database for longer than the timeout.
    let held = app.state.store.write().await.expect("write lock");
    let request = Request::post(format!("/api/v1/organizations/{acme}/groups"))
        .header(header::AUTHORIZATION, format!("Bearer {partner}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"name":"Slow"}"#))
        .expect("request");
    let (status, headers, body) =
        tokio::time::timeout(Duration::from_secs(30), raw(&router, request))
            .await
            .expect("answered");
    drop(held);
    assert_problem(status, &headers, &body, 503, "server_timeout");
    assert_eq!(
        headers
            .get(header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok()),
        Some("5")
    );
}
