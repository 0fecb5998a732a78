//! In-process test harness: the real router on a real SQLite file in a temp dir,
//! or on a fresh PostgreSQL database when `ROSTER_TEST_POSTGRES_URL` is set.
#![allow(dead_code)] // Each test binary uses a different part of the harness.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use roster_server::{AppState, Clock, Mailer};
use serde_json::Value;
use tower::ServiceExt;

pub const PARTNER: &str = "partner@roster.demo";
pub const SAM: &str = "sam@roster.demo";

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    _db: roster_server::store::testing::TestDb,
    _dir: tempfile::TempDir,
}

/// What a request answered.
pub struct Reply {
    pub status: StatusCode,
    pub headers: header::HeaderMap,
    pub content_type: String,
    /// The `Retry-After` header, when there was one.
    pub retry_after: Option<String>,
    pub text: String,
    pub json: Value,
}

impl Reply {
    /// The problem code of an error answer.
    pub fn code(&self) -> &str {
        self.json["code"].as_str().unwrap_or_default()
    }

    /// Fields named in a problem's `errors`.
    pub fn fields(&self) -> Vec<String> {
        self.json["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .filter_map(|e| e["field"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    #[track_caller]
    pub fn ok(self) -> Value {
        assert!(
            self.status.is_success(),
            "expected success, got {}: {}",
            self.status,
            self.text
        );
        self.json
    }

    #[track_caller]
    pub fn expect(self, status: u16, code: &str) -> Self {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.text);
        if !code.is_empty() {
            assert_eq!(self.code(), code, "body: {}", self.text);
            assert_eq!(self.content_type, "application/problem+json");
        }
        self
    }
}

impl TestApp {
    /// A fresh database with the demo data, demo mode and test controls on.
    pub async fn demo() -> Self {
        Self::start(true).await
    }

    /// A fresh empty database, not in demo mode.
    pub async fn plain() -> Self {
        Self::start(false).await
    }

    /// A fresh database with the demo data and these rate limits and session lifetimes.
    pub async fn demo_with(policy: roster_server::Policy) -> Self {
        Self::start_with(true, policy).await
    }

    async fn start(demo: bool) -> Self {
        Self::start_with(demo, roster_server::Policy::default()).await
    }

    async fn start_with(demo: bool, policy: roster_server::Policy) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        // SQLite in the temp dir, or PostgreSQL when ROSTER_TEST_POSTGRES_URL is set.
        let (store, db) = roster_server::store::testing::fresh_store(dir.path()).await;
        let clock = Clock::new();
        let public_url = "http://roster.test";
        if demo {
            roster_server::demo::seed_if_empty(&store, &clock, public_url)
                .await
                .expect("demo seed");
        }
        let state = AppState {
            store,
            clock,
            mailer: Mailer::outbox_only(),
            demo,
            test_controls: demo,
            public_url: public_url.into(),
            policy,
            limiter: roster_server::limit::Limiter::new(policy.limits),
            sso: None,
        };
        let static_dir = dir.path().join("dist");
        std::fs::create_dir_all(static_dir.join("assets")).expect("static dir");
        std::fs::write(
            static_dir.join("index.html"),
            "<!doctype html><title>Roster</title>",
        )
        .expect("index");
        std::fs::write(static_dir.join("assets/app.js"), "console.log('roster')").expect("asset");
        let router = roster_server::app(
            state.clone(),
            Some(&static_dir),
            &["http://host.test".to_owned()],
        );
        Self {
            router,
            state,
            _db: db,
            _dir: dir,
        }
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        self.send_with(method, path, token, body, &[]).await
    }

    pub async fn send_with(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = match body {
            Some(body) => request
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string())),
            None => request.body(Body::empty()),
        }
        .expect("request");
        send_request(&self.router, request).await
    }

    pub async fn get(&self, path: &str, token: &str) -> Reply {
        self.send(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Reply {
        self.send(Method::POST, path, Some(token), Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Reply {
        self.send(Method::PATCH, path, Some(token), Some(body))
            .await
    }

    pub async fn delete(&self, path: &str, token: &str) -> Reply {
        self.send(Method::DELETE, path, Some(token), None).await
    }

    /// Signs in through the demo endpoint; answers the bearer token.
    pub async fn sign_in(&self, email: &str) -> String {
        let reply = self
            .send(
                Method::POST,
                "/api/v1/auth/demo-sign-in",
                None,
                Some(serde_json::json!({ "email": email })),
            )
            .await;
        reply.ok()["token"].as_str().expect("token").to_owned()
    }

    /// The id of the demo organization with this name, as the partner sees it.
    pub async fn org_id(&self, partner_token: &str, name: &str) -> String {
        let page = self
            .get(
                &format!("/api/v1/organizations?search={}", name.replace(' ', "%20")),
                partner_token,
            )
            .await
            .ok();
        page["items"]
            .as_array()
            .and_then(|items| items.iter().find(|o| o["name"] == name))
            .and_then(|o| o["id"].as_str())
            .expect("organization")
            .to_owned()
    }

    /// The id of the first member of `org` that a search for `search` finds.
    pub async fn member_id(&self, token: &str, org: &str, search: &str) -> String {
        let page = self
            .get(
                &format!("/api/v1/organizations/{org}/users?search={search}"),
                token,
            )
            .await
            .ok();
        page["items"][0]["id"].as_str().expect("member").to_owned()
    }

    /// The id of the group of `org` with this name.
    pub async fn group_id(&self, token: &str, org: &str, name: &str) -> String {
        let page = self
            .get(&format!("/api/v1/organizations/{org}/groups"), token)
            .await
            .ok();
        page["items"]
            .as_array()
            .and_then(|items| items.iter().find(|g| g["name"] == name))
            .and_then(|g| g["id"].as_str())
            .expect("group")
            .to_owned()
    }

    /// Creates an organization as `partner_token`; answers its id.
    pub async fn create_org(&self, partner_token: &str, name: &str, owner_email: &str) -> String {
        let body = serde_json::json!({
            "name": name, "email": owner_email, "owner_firstname": "Olive", "owner_lastname": "Owner"
        });
        self.post("/api/v1/organizations", partner_token, body)
            .await
            .ok()["id"]
            .as_str()
            .expect("id")
            .to_owned()
    }

    /// The latest outbox link sent to `email`.
    pub async fn last_link(&self, token: &str, email: &str) -> String {
        let messages = self
            .get(&format!("/api/v1/dev/outbox?to={email}"), token)
            .await
            .ok();
        messages[0]["link"].as_str().expect("link").to_owned()
    }

    /// The token in an invitation link.
    pub fn token_of(link: &str) -> String {
        link.split("token=")
            .nth(1)
            .expect("token in link")
            .to_owned()
    }

    /// The SQLite file of this app (unused on PostgreSQL).
    pub fn sqlite_path(&self) -> std::path::PathBuf {
        self._dir.path().join("roster.db")
    }

    pub fn advance(&self, seconds: i64) {
        self.state.clock.advance(seconds);
    }
}

/// Sends a request as built (any method, headers and body) to `router`; reads the answer.
pub async fn send_request(router: &Router, request: Request<Body>) -> Reply {
    let response = router.clone().oneshot(request).await.expect("response");
    let status = response.status();
    let headers = response.headers().clone();
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let retry_after = headers
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Reply {
        status,
        headers,
        content_type,
        retry_after,
        text,
        json,
    }
}

/// Accepts SMTP sessions on loopback and sends each message's DATA to `tx`.
pub async fn fake_smtp(
    listener: tokio::net::TcpListener,
    tx: tokio::sync::mpsc::UnboundedSender<String>,
) {
    smtp_server(
        listener,
        tx,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    )
    .await
}

/// An SMTP server on loopback that refuses every recipient (550) while
/// `refuse` is set, and takes messages again once it is cleared.
pub async fn smtp_server(
    listener: tokio::net::TcpListener,
    tx: tokio::sync::mpsc::UnboundedSender<String>,
    refuse: std::sync::Arc<std::sync::atomic::AtomicBool>,
) {
    use std::sync::atomic::Ordering;
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    while let Ok((stream, _)) = listener.accept().await {
        let tx = tx.clone();
        let refuse = refuse.clone();
        tokio::spawn(async move {
            let (read, mut write) = stream.into_split();
            let mut lines = BufReader::new(read).lines();
            let _ = write.write_all(b"220 fake ESMTP\r\n").await;
            let mut data: Option<String> = None;
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(body) = data.as_mut() {
                    if line == "." {
                        let _ = tx.send(std::mem::take(body));
                        data = None;
                        let _ = write.write_all(b"250 queued\r\n").await;
                    } else {
                        body.push_str(&line);
                        body.push('\n');
                    }
                    continue;
                }
                let verb = line
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_ascii_uppercase();
                let reply: &[u8] = match verb.as_str() {
                    "EHLO" | "HELO" => b"250 fake\r\n",
                    "RCPT" if refuse.load(Ordering::SeqCst) => b"550 5.1.1 mailbox unavailable\r\n",
                    "DATA" => {
                        data = Some(String::new());
                        b"354 go ahead\r\n"
                    }
                    "QUIT" => {
                        let _ = write.write_all(b"221 bye\r\n").await;
                        break;
                    }
                    _ => b"250 ok\r\n",
                };
                let _ = write.write_all(reply).await;
            }
        });
    }
}
