//! Sign-in by emailed code or link (over a fake SMTP server on loopback),
//! session cookies and their cross-site checks, sign-out everywhere, the
//! account's own name.

mod common;

use std::time::Duration;

use axum::http::{header, Method};
use base64::Engine;
use common::{fake_smtp, Reply, TestApp, PARTNER, SAM};
use roster_server::Mailer;
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

const REQ: (&str, &str) = (roster_api::REQUEST_HEADER, "1");

/// An app whose mail goes to a fake SMTP server; answers the app and the
/// server's messages. `demo`: demo data and mode (the outbox keeps links).
async fn smtp_app(demo: bool, public_url: &str) -> (TestApp, mpsc::UnboundedReceiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(fake_smtp(listener, tx));
    let mut app = if demo {
        TestApp::demo().await
    } else {
        TestApp::plain().await
    };
    app.state.mailer = Mailer::new(Some(&format!("smtp://127.0.0.1:{port}")))
        .expect("mailer")
        .keeping_links(demo);
    app.state.public_url = public_url.into();
    app.router = roster_server::app(app.state.clone(), None, &[]);
    (app, rx)
}

async fn next_message(rx: &mut mpsc::UnboundedReceiver<String>) -> Mail {
    let raw = tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("delivered in time")
        .expect("message");
    Mail::parse(&raw)
}

/// A message as the fake SMTP server got it, its parts decoded.
struct Mail {
    raw: String,
    plain: String,
    html: String,
}

impl Mail {
    fn parse(raw: &str) -> Self {
        let boundary = raw
            .split("boundary=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("a multipart message");
        let mut plain = String::new();
        let mut html = String::new();
        for part in raw.split(&format!("--{boundary}")).skip(1) {
            let Some((head, body)) = part.split_once("\n\n") else {
                continue;
            };
            let head_lower = head.to_ascii_lowercase();
            let text = if head_lower.contains("content-transfer-encoding: base64") {
                let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(compact)
                    .expect("base64");
                String::from_utf8(bytes).expect("utf-8")
            } else if head_lower.contains("content-transfer-encoding: quoted-printable") {
                quoted_printable(body)
            } else {
                body.to_owned()
            };
            if head_lower.contains("content-type: text/plain") {
                plain = text;
            } else if head_lower.contains("content-type: text/html") {
                html = text;
            }
        }
        Self {
            raw: raw.to_owned(),
            plain,
            html,
        }
    }

    /// The 6-digit code of the plain text (its own indented line).
    fn code(&self) -> String {
        self.plain
            .lines()
            .map(str::trim)
            .find(|l| l.len() == 6 && l.bytes().all(|b| b.is_ascii_digit()))
            .expect("a code")
            .to_owned()
    }

    fn link(&self) -> String {
        let start = self.plain.find("/sign-in/link?token=").expect("a link");
        let from_scheme = self.plain[..start].rfind("http").expect("scheme");
        self.plain[from_scheme..]
            .split_whitespace()
            .next()
            .expect("link")
            .to_owned()
    }

    fn token(&self) -> String {
        TestApp::token_of(&self.link())
    }
}

fn quoted_printable(body: &str) -> String {
    let joined = body.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() + 1 {
            if let Some(b) = std::str::from_utf8(&bytes[i + 1..(i + 3).min(bytes.len())])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).expect("utf-8")
}

async fn start(app: &TestApp, email: &str, language: &str, headers: &[(&str, &str)]) -> Reply {
    app.send_with(
        Method::POST,
        "/api/v1/auth/email/start",
        None,
        Some(json!({ "email": email, "language": language })),
        headers,
    )
    .await
}

async fn verify(app: &TestApp, email: &str, code: &str) -> Reply {
    app.send(
        Method::POST,
        "/api/v1/auth/email/verify",
        None,
        Some(json!({ "email": email, "code": code })),
    )
    .await
}

async fn link(app: &TestApp, body: Value, headers: &[(&str, &str)]) -> Reply {
    app.send_with(
        Method::POST,
        "/api/v1/auth/email/link",
        None,
        Some(body),
        headers,
    )
    .await
}

/// A `Set-Cookie` of the reply by its name: the whole header.
fn set_cookie(reply: &Reply, name: &str) -> Option<String> {
    reply
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

/// `name=value` of a `Set-Cookie`, fit for a `Cookie` header.
fn cookie_pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().expect("pair").to_owned()
}

/// Signs in by code (a token session); answers the token and the `me`.
async fn sign_in_by_code(
    app: &TestApp,
    rx: &mut mpsc::UnboundedReceiver<String>,
    email: &str,
) -> (String, Value) {
    start(app, email, "en", &[]).await.expect(202, "");
    let code = next_message(rx).await.code();
    let reply = verify(app, email, &code).await.ok();
    (
        reply["token"].as_str().expect("token").to_owned(),
        reply["me"].clone(),
    )
}

async fn count(app: &TestApp, sql: &'static str) -> i64 {
    let mut conn = app.state.store.read().await.expect("conn");
    sqlx::query_scalar(sql)
        .fetch_one(&mut *conn)
        .await
        .expect("count")
}

#[tokio::test]
async fn the_answer_is_the_same_for_known_and_unknown_addresses() {
    let (app, mut rx) = smtp_app(true, "http://roster.test").await;
    let accounts_before = count(&app, "SELECT COUNT(*) FROM accounts").await;
    let known = start(&app, PARTNER, "en", &[]).await.expect(202, "");
    let unknown = start(&app, "nobody.yet@example.com", "en", &[])
        .await
        .expect(202, "");
    let keys = |r: &Reply| {
        let mut k: Vec<String> = r
            .json
            .as_object()
            .expect("object")
            .keys()
            .cloned()
            .collect();
        k.sort();
        k
    };
    assert_eq!(keys(&known), ["expires_at"]);
    assert_eq!(keys(&known), keys(&unknown));
    assert_eq!(known.status, unknown.status);
    // Both got a message; no account was created.
    next_message(&mut rx).await;
    next_message(&mut rx).await;
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM accounts").await,
        accounts_before
    );
    // A bad address is a 422 like elsewhere.
    let bad = start(&app, "not an address", "en", &[])
        .await
        .expect(422, "validation_failed");
    assert_eq!(bad.fields(), ["email"]);
}

#[tokio::test]
async fn the_message_has_both_parts_in_the_asked_language_and_the_outbox_keeps_no_secret() {
    for demo in [true, false] {
        let (app, mut rx) = smtp_app(demo, "http://roster.test").await;
        let email = "camille@example.fr";
        let started = start(&app, email, "fr", &[]).await.expect(202, "");
        let mail = next_message(&mut rx).await;
        assert!(mail.raw.contains("multipart/alternative"), "{}", mail.raw);
        let code = mail.code();
        let token = mail.token();
        assert!(mail
            .link()
            .starts_with("http://roster.test/sign-in/link?token="));
        assert!(mail.plain.contains("Bonjour"), "{}", mail.plain);
        assert!(mail.plain.contains("10\u{a0}minutes"), "{}", mail.plain);
        assert!(mail.plain.contains("ignorez ce message"), "{}", mail.plain);
        assert!(
            mail.html.contains(&code) && mail.html.contains(&token),
            "{}",
            mail.html
        );
        assert!(mail.html.contains("lang=\"fr\""), "{}", mail.html);
        assert!(!mail.html.contains("<img") && !mail.html.contains("src="));
        assert!(started.json["expires_at"].is_string());

        // The outbox (and the demo's outbox endpoint) holds neither.
        let mut conn = app.state.store.read().await.expect("conn");
        let rows: Vec<(String, String, Option<String>)> =
            sqlx::query_as("SELECT subject, body, link FROM outbox WHERE to_email = $1")
                .bind(email)
                .fetch_all(&mut *conn)
                .await
                .expect("rows");
        drop(conn);
        assert_eq!(rows.len(), 1);
        let (subject, body, stored_link) = &rows[0];
        assert!(stored_link.is_none());
        assert_eq!(body, roster_server::store::outbox::SIGN_IN_NOT_KEPT);
        assert!(!subject.contains(&code) && !body.contains(&token));
        // Nor the sign-in table: only hashes.
        let mut conn = app.state.store.read().await.expect("conn");
        let (code_hash, link_hash): (String, String) =
            sqlx::query_as("SELECT code_hash, link_hash FROM sign_in_codes WHERE email = $1")
                .bind(email)
                .fetch_one(&mut *conn)
                .await
                .expect("row");
        drop(conn);
        assert!(!code_hash.contains(&code) && link_hash != token);
        assert_eq!(link_hash, roster_server::auth::hash_token(&token));

        // English on request.
        start(&app, email, "en", &[]).await.expect(202, "");
        let mail = next_message(&mut rx).await;
        assert!(mail.plain.contains("valid 10 minutes"), "{}", mail.plain);
        assert!(mail.plain.contains("If you did not ask"), "{}", mail.plain);
    }
}

#[tokio::test]
async fn a_code_signs_in_once_and_creates_the_account_asking_its_name() {
    let (app, mut rx) = smtp_app(false, "http://roster.test").await;
    let email = "New.Person@Example.com";
    start(&app, email, "en", &[]).await.expect(202, "");
    let code = next_message(&mut rx).await.code();
    let reply = verify(&app, email, &code).await.ok();
    let token = reply["token"].as_str().expect("token");
    assert_eq!(reply["me"]["email"], "new.person@example.com");
    assert_eq!(reply["me"]["name_needed"], true);
    assert_eq!(reply["me"]["kind"], "user");
    app.get("/api/v1/me", token).await.ok();
    verify(&app, email, &code)
        .await
        .expect(422, "validation_failed");
    let again = verify(&app, email, &code).await;
    assert_eq!(
        again.json["errors"][0]["code"], "code_expired",
        "{}",
        again.text
    );
    assert_eq!(again.fields(), ["code"]);
    // The link of a used code is gone too.
    start(&app, email, "en", &[]).await.expect(202, "");
    let mail = next_message(&mut rx).await;
    verify(&app, email, &mail.code()).await.ok();
    link(&app, json!({ "token": mail.token(), "confirm": true }), &[])
        .await
        .expect(410, "sign_in_link_invalid");
}

#[tokio::test]
async fn five_wrong_codes_lock_it_and_a_new_code_replaces_the_old() {
    let (app, mut rx) = smtp_app(false, "http://roster.test").await;
    let email = "guess@example.com";
    start(&app, email, "en", &[]).await.expect(202, "");
    let code = next_message(&mut rx).await.code();
    let wrong = if code == "000000" { "000001" } else { "000000" };
    for left in (1..=4).rev() {
        let r = verify(&app, email, wrong)
            .await
            .expect(422, "validation_failed");
        assert_eq!(r.json["errors"][0]["code"], "code_incorrect", "{}", r.text);
        let message = r.json["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(message.contains(&format!("{left} tr")), "{message}");
    }
    let r = verify(&app, email, wrong)
        .await
        .expect(422, "validation_failed");
    assert_eq!(r.json["errors"][0]["code"], "code_locked", "{}", r.text);
    let r = verify(&app, email, &code)
        .await
        .expect(422, "validation_failed");
    assert_eq!(r.json["errors"][0]["code"], "code_expired", "{}", r.text);

    // A new code works, and replaces the one before it.
    start(&app, email, "en", &[]).await.expect(202, "");
    let first = next_message(&mut rx).await.code();
    start(&app, email, "en", &[]).await.expect(202, "");
    let second = next_message(&mut rx).await.code();
    if first != second {
        let r = verify(&app, email, &first)
            .await
            .expect(422, "validation_failed");
        assert_eq!(r.json["errors"][0]["code"], "code_incorrect", "{}", r.text);
    }
    verify(&app, email, &second).await.ok();
}

#[tokio::test]
async fn codes_and_links_expire_after_10_minutes() {
    let (app, mut rx) = smtp_app(false, "http://roster.test").await;
    let email = "late@example.com";
    start(&app, email, "en", &[]).await.expect(202, "");
    let mail = next_message(&mut rx).await;
    app.advance(roster_api::SIGN_IN_CODE_MINUTES * 60 + 1);
    let r = verify(&app, email, &mail.code())
        .await
        .expect(422, "validation_failed");
    assert_eq!(r.json["errors"][0]["code"], "code_expired", "{}", r.text);
    link(&app, json!({ "token": mail.token(), "confirm": true }), &[])
        .await
        .expect(410, "sign_in_link_invalid");
    link(&app, json!({ "token": "made-up" }), &[])
        .await
        .expect(410, "sign_in_link_invalid");
}

#[tokio::test]
async fn a_link_signs_in_on_the_asking_device_and_asks_to_confirm_elsewhere() {
    let (app, mut rx) = smtp_app(false, "http://roster.test").await;
    let email = "linker@example.com";

    // Same device: the browser that asked presents its device cookie.
    let started = start(&app, email, "en", &[]).await.expect(202, "");
    let device = set_cookie(&started, "roster_device").expect("device cookie");
    assert!(
        device.contains("HttpOnly") && device.contains("SameSite=Lax"),
        "{device}"
    );
    assert!(device.contains("Max-Age=2592000"), "{device}");
    let device = cookie_pair(&device);
    let token = next_message(&mut rx).await.token();
    let reply = link(&app, json!({ "token": token }), &[("cookie", &device)])
        .await
        .ok();
    assert_eq!(reply["me"]["email"], email);
    assert!(reply["token"].is_string());
    // The browser keeps its device cookie on the next request.
    let again = start(&app, email, "en", &[("cookie", &device), REQ])
        .await
        .expect(202, "");
    assert_eq!(
        set_cookie(&again, "roster_device").map(|c| cookie_pair(&c)),
        Some(device.clone())
    );
    next_message(&mut rx).await;

    // Another device: 409 (nothing used), then confirmed.
    start(&app, email, "en", &[]).await.expect(202, "");
    let mail = next_message(&mut rx).await;
    link(&app, json!({ "token": mail.token() }), &[])
        .await
        .expect(409, "sign_in_confirm_device");
    link(
        &app,
        json!({ "token": mail.token() }),
        &[("cookie", "roster_device=someone-elses")],
    )
    .await
    .expect(409, "sign_in_confirm_device");
    let reply = link(&app, json!({ "token": mail.token(), "confirm": true }), &[])
        .await
        .ok();
    assert_eq!(reply["me"]["email"], email);
    // Link and code are one: the code of that message is spent too.
    let r = verify(&app, email, &mail.code())
        .await
        .expect(422, "validation_failed");
    assert_eq!(r.json["errors"][0]["code"], "code_expired");
}

#[tokio::test]
async fn a_cookie_session_is_an_http_only_cookie_and_no_token() {
    for (public_url, name, secure) in [
        ("http://roster.test", "roster_session", false),
        ("https://roster.test", "__Host-roster_session", true),
    ] {
        let (app, mut rx) = smtp_app(false, public_url).await;
        let email = "cookie@example.com";
        start(&app, email, "en", &[]).await.expect(202, "");
        let code = next_message(&mut rx).await.code();
        // Without the app's header a cookie sign-in is refused (login CSRF).
        let body = json!({ "email": email, "code": code, "session": "cookie" });
        app.send(
            Method::POST,
            "/api/v1/auth/email/verify",
            None,
            Some(body.clone()),
        )
        .await
        .expect(403, "cross_site_request");
        let reply = app
            .send_with(
                Method::POST,
                "/api/v1/auth/email/verify",
                None,
                Some(body),
                &[REQ],
            )
            .await;
        let cookie = set_cookie(&reply, name).expect("session cookie");
        let json = reply.ok();
        assert!(json.get("token").is_none(), "{json}");
        assert_eq!(json["me"]["email"], email);
        let value = cookie_pair(&cookie);
        assert!(
            cookie.starts_with(&format!("{name}="))
                && cookie.contains("; Path=/; HttpOnly; SameSite=Lax"),
            "{cookie}"
        );
        assert_eq!(cookie.contains("; Secure"), secure, "{cookie}");

        // Reads by cookie need no header.
        let me = app
            .send_with(Method::GET, "/api/v1/me", None, None, &[("cookie", &value)])
            .await
            .ok();
        assert_eq!(me["email"], email);
        // Writes need the header, and no other site's Origin.
        let rename = json!({ "display_name": "Cookie Person" });
        app.send_with(
            Method::PATCH,
            "/api/v1/me",
            None,
            Some(rename.clone()),
            &[("cookie", &value)],
        )
        .await
        .expect(403, "cross_site_request");
        app.send_with(
            Method::PATCH,
            "/api/v1/me",
            None,
            Some(rename.clone()),
            &[
                ("cookie", &value),
                REQ,
                ("host", "roster.test"),
                ("origin", "https://evil.test"),
            ],
        )
        .await
        .expect(403, "cross_site_request");
        let renamed = app
            .send_with(
                Method::PATCH,
                "/api/v1/me",
                None,
                Some(rename.clone()),
                &[
                    ("cookie", &value),
                    REQ,
                    ("host", "roster.test"),
                    ("origin", public_url),
                ],
            )
            .await
            .ok();
        assert_eq!(renamed["display_name"], "Cookie Person");
        // Signing out clears the cookie.
        let out = app
            .send_with(
                Method::POST,
                "/api/v1/auth/sign-out",
                None,
                None,
                &[("cookie", &value), REQ],
            )
            .await
            .expect(204, "");
        let cleared = set_cookie(&out, name).expect("cleared cookie");
        assert!(cleared.contains("Max-Age=0"), "{cleared}");
        app.send_with(Method::GET, "/api/v1/me", None, None, &[("cookie", &value)])
            .await
            .expect(401, "unauthenticated");
    }
}

#[tokio::test]
async fn sign_in_endpoints_refuse_another_sites_cookie_sign_in() {
    let (app, _rx) = smtp_app(true, "http://roster.test").await;
    // Demo sign-in, by cookie: the header is required.
    let body = json!({ "email": PARTNER, "session": "cookie" });
    app.send(
        Method::POST,
        "/api/v1/auth/demo-sign-in",
        None,
        Some(body.clone()),
    )
    .await
    .expect(403, "cross_site_request");
    app.send_with(
        Method::POST,
        "/api/v1/auth/demo-sign-in",
        None,
        Some(body.clone()),
        &[REQ, ("host", "roster.test"), ("origin", "http://evil.test")],
    )
    .await
    .expect(403, "cross_site_request");
    app.send_with(
        Method::POST,
        "/api/v1/auth/demo-sign-in",
        None,
        Some(body),
        &[REQ],
    )
    .await
    .ok();
    // A browser asking for a code (Origin or Cookie) needs it too.
    start(&app, SAM, "en", &[("origin", "http://evil.test")])
        .await
        .expect(403, "cross_site_request");
    start(&app, SAM, "en", &[("cookie", "roster_device=x")])
        .await
        .expect(403, "cross_site_request");
    // And the link, by cookie.
    link(&app, json!({ "token": "x", "session": "cookie" }), &[])
        .await
        .expect(403, "cross_site_request");
    // Token sessions (scripts) need nothing.
    app.sign_in(PARTNER).await;
}

#[tokio::test]
async fn sign_out_everywhere_ends_every_session() {
    let (app, mut rx) = smtp_app(false, "http://roster.test").await;
    let email = "everywhere@example.com";
    let (first, _) = sign_in_by_code(&app, &mut rx, email).await;
    let (second, _) = sign_in_by_code(&app, &mut rx, email).await;
    let (other, _) = sign_in_by_code(&app, &mut rx, "bystander@example.com").await;
    app.get("/api/v1/me", &first).await.ok();
    let out = app
        .send(
            Method::POST,
            "/api/v1/auth/sign-out-everywhere",
            Some(&second),
            None,
        )
        .await
        .expect(204, "");
    assert!(set_cookie(&out, "roster_session").is_some_and(|c| c.contains("Max-Age=0")));
    app.get("/api/v1/me", &first)
        .await
        .expect(401, "unauthenticated");
    app.get("/api/v1/me", &second)
        .await
        .expect(401, "unauthenticated");
    // Another account's session lives on.
    app.get("/api/v1/me", &other).await.ok();
}

#[tokio::test]
async fn patch_me_renames_everywhere_and_clears_name_needed() {
    let (app, mut rx) = smtp_app(true, "http://roster.test").await;
    // A new account is asked its name once.
    let (token, me) = sign_in_by_code(&app, &mut rx, "fresh@example.com").await;
    assert_eq!(me["name_needed"], true);
    assert_eq!(me["display_name"], "fresh");
    let renamed = app
        .patch(
            "/api/v1/me",
            &token,
            json!({ "display_name": "  Fresh Face " }),
        )
        .await
        .ok();
    assert_eq!(renamed["display_name"], "Fresh Face");
    assert_eq!(renamed["name_needed"], false);
    assert_eq!(
        app.get("/api/v1/me", &token).await.ok()["name_needed"],
        false
    );
    for bad in ["", "   ", "a\nb"] {
        let r = app
            .patch("/api/v1/me", &token, json!({ "display_name": bad }))
            .await
            .expect(422, "validation_failed");
        assert_eq!(r.fields(), ["display_name"], "{bad:?}");
    }

    // A member's new name shows in the organization's users list, and its search.
    let sam = app.sign_in(SAM).await;
    app.patch(
        "/api/v1/me",
        &sam,
        json!({ "display_name": "Samantha Quill" }),
    )
    .await
    .ok();
    let partner = app.sign_in(PARTNER).await;
    let acme = app.org_id(&partner, "Acme Corp").await;
    let page = app
        .get(
            &format!("/api/v1/organizations/{acme}/users?search=quill"),
            &partner,
        )
        .await
        .ok();
    assert_eq!(page["items"][0]["email"], SAM, "{page}");
    assert_eq!(page["items"][0]["display_name"], "Samantha Quill");
    let old = app
        .get(
            &format!("/api/v1/organizations/{acme}/users?search=sam%20member"),
            &partner,
        )
        .await
        .ok();
    assert_eq!(old["total_count"], 0, "{old}");
}

#[tokio::test]
async fn the_sixth_code_for_one_address_is_rate_limited() {
    let (app, _rx) = smtp_app(true, "http://roster.test").await;
    for email in [PARTNER, "unknown.person@example.com"] {
        for _ in 0..5 {
            start(&app, email, "en", &[]).await.expect(202, "");
        }
        let r = start(&app, email, "en", &[])
            .await
            .expect(429, "rate_limited");
        let wait: u64 = r
            .retry_after
            .as_deref()
            .and_then(|s| s.parse().ok())
            .expect("Retry-After");
        assert!((1..=180).contains(&wait), "{wait}");
    }
    // Another address is not affected.
    start(&app, SAM, "en", &[]).await.expect(202, "");
}

#[tokio::test]
async fn no_api_path_makes_a_partner() {
    let (app, mut rx) = smtp_app(false, "http://roster.test").await;
    let (token, me) = sign_in_by_code(&app, &mut rx, "wannabe@example.com").await;
    assert_eq!(me["kind"], "user");
    app.post(
        "/api/v1/organizations",
        &token,
        json!({ "name": "Mine", "email": "o@example.com", "owner_firstname": "O", "owner_lastname": "O" }),
    )
    .await
    .expect(403, "forbidden");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM accounts WHERE kind = 'partner'").await,
        0
    );
}

#[tokio::test]
async fn without_smtp_a_sign_in_message_is_recorded_as_not_delivered_even_in_demo_mode() {
    let app = TestApp::demo().await;
    start(&app, "demo.code@example.com", "en", &[])
        .await
        .expect(202, "");
    let mut conn = app.state.store.read().await.expect("conn");
    let (body, delivery, error): (String, String, Option<String>) = sqlx::query_as(
        "SELECT body, delivery, delivery_error FROM outbox WHERE to_email = 'demo.code@example.com'",
    )
    .fetch_one(&mut *conn)
    .await
    .expect("row");
    assert_eq!(body, roster_server::store::outbox::SIGN_IN_NOT_KEPT);
    assert_eq!(delivery, "failed");
    assert_eq!(error.as_deref(), Some(roster_server::mail::NO_SMTP));
}
