//! Security headers: a Content-Security-Policy on the app's HTML that allows
//! Trunk's inline loader by its hash (no 'unsafe-inline', no 'unsafe-eval'),
//! frame-ancestors from configuration, and nosniff + no-referrer on every
//! answer, API and static, without changing CORS for a configured host.

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use base64::Engine;
use roster_server::{AppState, Clock, Mailer, Store};
use sha2::{Digest, Sha256};
use tower::ServiceExt;

const HOST: &str = "http://console.example.test";

/// What Trunk writes: module preloads, and the inline loader.
const INDEX: &str = r#"<!DOCTYPE html><html lang="en"><head>
<meta charset="utf-8"><title>Roster</title>
<link rel="modulepreload" href="/roster-0123abcd.js" crossorigin="anonymous">
<link rel="stylesheet" href="/base-0123abcd.css">
<script type="module">
import init, * as bindings from '/roster-0123abcd.js';
const wasm = await init({ module_or_path: '/roster-0123abcd_bg.wasm' });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", {detail: {wasm}}));
</script></head><body><div id="roster-app"></div></body></html>"#;

async fn router(dir: &tempfile::TempDir, frame_ancestors: &[&str]) -> Router {
    let store = Store::connect(dir.path().join("roster.db").to_str().expect("utf-8 path"))
        .await
        .expect("database");
    let state = AppState {
        store,
        clock: Clock::new(),
        mailer: Mailer::outbox_only(),
        demo: false,
        test_controls: false,
        public_url: "http://roster.test".into(),
        policy: Default::default(),
        limiter: roster_server::limit::Limiter::new(Default::default()),
        sso: None,
    };
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(dist.join("host")).expect("dist");
    for (name, body) in [
        ("index.html", INDEX),
        (
            "host/index.html",
            "<!doctype html><script type=\"module\" src=\"host.js\"></script>",
        ),
        ("host/host.js", "import '../roster-embed.js';"),
        ("roster-embed.js", "export const Roster = {};"),
        (
            "roster-0123abcd.js",
            "export default async function init() {}",
        ),
        ("base-0123abcd.css", ".roster { color: black; }"),
    ] {
        std::fs::write(dist.join(name), body).expect("file");
    }
    let http = roster_server::Http {
        frame_ancestors: frame_ancestors.iter().map(|s| (*s).to_owned()).collect(),
        ..Default::default()
    };
    roster_server::app_with(state, Some(&dist), &[HOST.to_owned()], &http)
}

async fn send(router: &Router, method: Method, path: &str) -> (StatusCode, HeaderMap) {
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::ORIGIN, HOST)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .body(Body::empty())
        .expect("request");
    let response = router.clone().oneshot(request).await.expect("response");
    (response.status(), response.headers().clone())
}

fn get<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// The hash a browser computes for the inline loader: of the text between
/// `<script type="module">` and `</script>`, as served.
fn loader_hash() -> String {
    let start =
        INDEX.find("<script type=\"module\">").expect("loader") + "<script type=\"module\">".len();
    let end = start + INDEX[start..].find("</script>").expect("end");
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(&INDEX.as_bytes()[start..end]))
}

#[tokio::test]
async fn the_apps_html_has_a_strict_policy_with_the_loaders_hash() {
    let dir = tempfile::tempdir().expect("dir");
    let router = router(&dir, &[]).await;
    for path in [
        "/",
        "/index.html",
        "/orgs/6f1c2a52-7a43-4c55-9a3e-0d6c3f3b2a10/users",
        "/host/index.html",
    ] {
        let (status, headers) = send(&router, Method::GET, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let csp = get(&headers, "content-security-policy");
        let directives: Vec<&str> = csp.split(';').map(str::trim).collect();
        let script_src = format!(
            "script-src 'self' 'wasm-unsafe-eval' 'sha256-{}'",
            loader_hash()
        );
        for expected in [
            "default-src 'self'",
            script_src.as_str(),
            "style-src 'self'",
            "img-src 'self' data: https:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ] {
            assert!(
                directives.contains(&expected),
                "{path}: {expected:?} not in {csp}"
            );
        }
        assert!(
            !csp.contains("'unsafe-inline'") && !csp.contains("'unsafe-eval'"),
            "{csp}"
        );
        assert_eq!(get(&headers, "x-content-type-options"), "nosniff", "{path}");
        assert_eq!(get(&headers, "referrer-policy"), "no-referrer", "{path}");
    }
}

#[tokio::test]
async fn frame_ancestors_come_from_configuration() {
    let dir = tempfile::tempdir().expect("dir");
    let router = router(&dir, &["https://console.example", "'self'"]).await;
    let (_, headers) = send(&router, Method::GET, "/").await;
    let csp = get(&headers, "content-security-policy");
    assert!(
        csp.contains("frame-ancestors https://console.example 'self'"),
        "{csp}"
    );
}

#[tokio::test]
async fn every_answer_is_nosniff_and_no_referrer_and_cors_is_kept() {
    let dir = tempfile::tempdir().expect("dir");
    let router = router(&dir, &[]).await;
    for (method, path, status) in [
        (Method::GET, "/roster-0123abcd.js", StatusCode::OK),
        (Method::GET, "/base-0123abcd.css", StatusCode::OK),
        (Method::GET, "/api/v1/openapi.json", StatusCode::OK),
        (Method::GET, "/api/v1/me", StatusCode::UNAUTHORIZED),
        (Method::GET, "/missing.js", StatusCode::NOT_FOUND),
        (Method::OPTIONS, "/api/v1/me", StatusCode::OK),
    ] {
        let (got, headers) = send(&router, method.clone(), path).await;
        assert_eq!(got, status, "{method} {path}");
        assert_eq!(
            get(&headers, "x-content-type-options"),
            "nosniff",
            "{method} {path}"
        );
        assert_eq!(
            get(&headers, "referrer-policy"),
            "no-referrer",
            "{method} {path}"
        );
        assert_eq!(
            get(&headers, "access-control-allow-origin"),
            HOST,
            "{method} {path}"
        );
        // The policy is for documents: not on scripts, styles or JSON.
        assert_eq!(
            get(&headers, "content-security-policy"),
            "",
            "{method} {path}"
        );
    }
}

#[test]
fn the_hash_is_of_the_loader_in_the_served_file() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("index.html"), INDEX).expect("index");
    assert_eq!(
        roster_server::security::inline_script_hashes(dir.path()),
        vec![loader_hash()]
    );
}
