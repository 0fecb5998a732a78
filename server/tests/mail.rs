//! Mail: the outbox always, SMTP delivery when configured (against a tiny
//! in-test SMTP server on loopback).

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::{fake_smtp, smtp_server, TestApp, PARTNER};
use roster_server::Mailer;
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// The accept link in an SMTP message (quoted-printable undone).
fn link_in(message: &str) -> String {
    let decoded = message.replace("=\n", "").replace("=3D", "=");
    let start = decoded
        .find("http://roster.test/invitations/accept?token=")
        .expect("link in message");
    decoded[start..]
        .split_whitespace()
        .next()
        .expect("link")
        .to_owned()
}

/// Waits until the invitation to `email` records a delivery other than `sending`.
async fn delivery_of(app: &TestApp, token: &str, org: &str, email: &str) -> serde_json::Value {
    for _ in 0..200 {
        let page = app
            .get(
                &format!("/api/v1/organizations/{org}/invitations?search={email}"),
                token,
            )
            .await
            .ok();
        let item = page["items"][0].clone();
        if item["delivery"] != "sending" {
            return item;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the delivery of the invitation to {email} was never recorded");
}

/// A demo app (for its sign-in and data) whose mail goes through `mailer`.
async fn app_with_mailer(mailer: Mailer) -> TestApp {
    let mut app = TestApp::demo().await;
    app.state.mailer = mailer;
    app.router = roster_server::app(app.state.clone(), None, &[]);
    app
}

/// An app whose mail goes over SMTP to `port`, with the outbox keeping no link
/// (as outside demo mode; demo sign-in stays for the test's convenience).
async fn app_with_smtp(port: u16) -> TestApp {
    app_with_mailer(Mailer::new(Some(&format!("smtp://127.0.0.1:{port}"))).expect("mailer")).await
}

/// Signs the partner in and sends `body` as invitations of Acme Corp; answers
/// the partner's token and Acme's id.
async fn invite_at_acme(app: &TestApp, body: serde_json::Value) -> (String, String) {
    let partner = app.sign_in(PARTNER).await;
    let acme = app.org_id(&partner, "Acme Corp").await;
    app.post(
        &format!("/api/v1/organizations/{acme}/invitations"),
        &partner,
        body,
    )
    .await
    .ok();
    (partner, acme)
}

#[tokio::test]
async fn invitations_go_over_smtp_and_the_outbox_keeps_no_token() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let (tx, mut rx) = mpsc::unbounded_channel();
    tokio::spawn(fake_smtp(listener, tx));
    let app = app_with_smtp(port).await;

    let (partner, acme) =
        invite_at_acme(&app, json!({ "emails": ["smtp.user@example.com"] })).await;
    let message = tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("delivered in time")
        .expect("message");
    assert!(message.contains("To: smtp.user@example.com"), "{message}");
    assert!(message.contains("Acme Corp"), "{message}");
    let link = link_in(&message);
    let token = TestApp::token_of(&link);

    let item = delivery_of(&app, &partner, &acme, "smtp.user@example.com").await;
    assert_eq!(item["delivery"], "delivered", "{item}");
    assert!(
        item.get("link").is_none(),
        "no link outside demo mode: {item}"
    );

    // Nothing at rest holds the token: not the outbox's link, not its body.
    let mut conn = app.state.store.read().await.expect("conn");
    let rows: Vec<(String, Option<String>, Option<i64>)> = sqlx::query_as(
        "SELECT body, link, sent_at FROM outbox WHERE to_email = 'smtp.user@example.com'",
    )
    .fetch_all(&mut *conn)
    .await
    .expect("rows");
    drop(conn);
    assert_eq!(rows.len(), 1);
    let (body, stored_link, sent_at) = &rows[0];
    assert!(stored_link.is_none(), "{stored_link:?}");
    assert!(!body.contains(&token), "{body}");
    assert!(
        body.contains(roster_server::store::outbox::LINK_NOT_KEPT),
        "{body}"
    );
    assert!(sent_at.is_some());

    // The emailed link still works: the invitee accepts with it.
    let invitee = app.sign_in("smtp.user@example.com").await;
    app.post(
        "/api/v1/invitations/accept",
        &invitee,
        json!({ "token": token }),
    )
    .await
    .ok();
}

#[tokio::test]
async fn a_refused_message_is_recorded_and_a_resend_delivers_once_smtp_is_back() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let refuse = Arc::new(AtomicBool::new(true));
    tokio::spawn(smtp_server(listener, tx, refuse.clone()));
    let app = app_with_smtp(port).await;
    let email = "refused.user@example.com";

    let (partner, acme) = invite_at_acme(
        &app,
        json!({ "emails": [email], "tags": [{ "key": "team", "value": "ops" }] }),
    )
    .await;
    let item = delivery_of(&app, &partner, &acme, email).await;
    assert_eq!(item["delivery"], "failed", "{item}");
    assert!(
        item["delivery_error"]
            .as_str()
            .unwrap_or_default()
            .contains("550"),
        "{item}"
    );
    // Nothing is lost: the invitation is pending with what it carries.
    assert_eq!(item["status"], "pending");
    assert_eq!(item["tags"][0]["key"], "team");

    // The mail server takes messages again: a resend delivers.
    refuse.store(false, Ordering::SeqCst);
    let id = item["id"].as_str().expect("id").to_owned();
    app.post(
        &format!("/api/v1/organizations/{acme}/invitations/{id}/resend"),
        &partner,
        json!({}),
    )
    .await
    .ok();
    let message = tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("delivered in time")
        .expect("message");
    assert!(message.contains(&format!("To: {email}")), "{message}");
    let item = delivery_of(&app, &partner, &acme, email).await;
    assert_eq!(item["delivery"], "delivered", "{item}");
    assert!(item.get("delivery_error").is_none(), "{item}");
}

#[tokio::test]
async fn an_unreachable_mail_server_is_a_failed_delivery() {
    // A port with nothing listening: bind, note it, close.
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let app = app_with_smtp(port).await;
    let (partner, acme) =
        invite_at_acme(&app, json!({ "emails": ["down.user@example.com"] })).await;
    let item = delivery_of(&app, &partner, &acme, "down.user@example.com").await;
    assert_eq!(item["delivery"], "failed", "{item}");
    assert!(
        !item["delivery_error"]
            .as_str()
            .unwrap_or_default()
            .is_empty(),
        "{item}"
    );
}

#[tokio::test]
async fn without_smtp_outside_demo_mode_nothing_is_delivered_and_nothing_kept() {
    let app = app_with_mailer(Mailer::new(None).expect("mailer")).await;
    let (partner, acme) =
        invite_at_acme(&app, json!({ "emails": ["nosmtp.user@example.com"] })).await;
    let item = delivery_of(&app, &partner, &acme, "nosmtp.user@example.com").await;
    assert_eq!(item["delivery"], "failed", "{item}");
    assert_eq!(item["delivery_error"], roster_server::mail::NO_SMTP);
    let mut conn = app.state.store.read().await.expect("conn");
    let kept: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE to_email = 'nosmtp.user@example.com' AND (link IS NOT NULL OR body LIKE '%token=%')",
    )
    .fetch_one(&mut *conn)
    .await
    .expect("count");
    assert_eq!(kept, 0);
}

#[tokio::test]
async fn links_left_by_a_demo_server_are_forgotten_on_a_real_start() {
    let app = TestApp::demo().await;
    let mut conn = app.state.store.read().await.expect("conn");
    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE link IS NOT NULL")
        .fetch_one(&mut *conn)
        .await
        .expect("count");
    drop(conn);
    assert!(before > 0, "the demo seed keeps links");
    roster_server::mail::forget_outbox_links(&app.state.store)
        .await
        .expect("forget");
    let mut conn = app.state.store.read().await.expect("conn");
    let after: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE link IS NOT NULL OR body LIKE '%token=%'",
    )
    .fetch_one(&mut *conn)
    .await
    .expect("count");
    assert_eq!(after, 0);
}

#[test]
fn smtp_url_is_checked_on_start() {
    assert!(Mailer::new(Some("not a url")).is_err());
    assert!(Mailer::new(Some("smtp://127.0.0.1:2525")).is_ok());
    assert!(Mailer::new(None).is_ok());
}
