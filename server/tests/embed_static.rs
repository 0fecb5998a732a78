//! A host on another origin loads Roster's files: `roster-embed.js` imports
//! the app module, fetches `index.html` and the wasm, and links the CSS, all
//! cross-origin. Each of those answers must carry CORS headers for a
//! configured origin (and only for one), with the MIME type that
//! `WebAssembly.instantiateStreaming` and module scripts require.

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use roster_server::{AppState, Clock, Mailer, Store};
use tower::ServiceExt;

const HOST: &str = "http://console.example.test";

async fn router(dir: &tempfile::TempDir) -> Router {
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
    std::fs::create_dir_all(&dist).expect("dist");
    for (name, body) in [
        ("index.html", "<!doctype html><title>Roster</title>"),
        ("roster-embed.js", "export const Roster = {};"),
        (
            "roster-0123abcd.js",
            "export default async function init() {}",
        ),
        ("roster-0123abcd_bg.wasm", "\0asm\x01\0\0\0"),
        ("base-0123abcd.css", ".roster { color: black; }"),
    ] {
        std::fs::write(dist.join(name), body).expect("file");
    }
    roster_server::app(state, Some(&dist), &[HOST.to_owned()])
}

async fn get(router: &Router, path: &str, origin: &str) -> (StatusCode, HeaderMap) {
    let request = Request::builder()
        .method(Method::GET)
        .uri(path)
        .header(header::ORIGIN, origin)
        .header(header::ACCEPT_ENCODING, "br, gzip")
        .body(Body::empty())
        .expect("request");
    let response = router.clone().oneshot(request).await.expect("response");
    (response.status(), response.headers().clone())
}

fn header(headers: &HeaderMap, name: header::HeaderName) -> &str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

#[tokio::test]
async fn static_files_carry_cors_headers_for_configured_origins() {
    let dir = tempfile::tempdir().expect("temp dir");
    let router = router(&dir).await;
    for (path, mime) in [
        ("/roster-embed.js", "javascript"),
        ("/index.html", "text/html"),
        ("/roster-0123abcd.js", "javascript"),
        ("/roster-0123abcd_bg.wasm", "application/wasm"),
        ("/base-0123abcd.css", "text/css"),
    ] {
        let (status, headers) = get(&router, path, HOST).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(
            header(&headers, header::ACCESS_CONTROL_ALLOW_ORIGIN),
            HOST,
            "{path}"
        );
        assert!(
            header(&headers, header::CONTENT_TYPE).contains(mime),
            "{path}: {:?}",
            headers.get(header::CONTENT_TYPE)
        );
        // A cross-origin widget may read Retry-After (429) and the export's file name.
        let exposed = header(&headers, header::ACCESS_CONTROL_EXPOSE_HEADERS).to_ascii_lowercase();
        assert!(
            exposed.contains("retry-after") && exposed.contains("content-disposition"),
            "{path}: {exposed:?}"
        );
        // Caches must keep one answer per origin.
        assert!(
            headers.get_all(header::VARY).iter().any(|v| v
                .to_str()
                .unwrap_or_default()
                .to_ascii_lowercase()
                .contains("origin")),
            "{path}: {:?}",
            headers.get_all(header::VARY)
        );
    }
    // The preflight of a cross-origin fetch of the app's files.
    let preflight = Request::builder()
        .method(Method::OPTIONS)
        .uri("/roster-0123abcd_bg.wasm")
        .header(header::ORIGIN, HOST)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
        .body(Body::empty())
        .expect("request");
    let response = router.clone().oneshot(preflight).await.expect("response");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        header(response.headers(), header::ACCESS_CONTROL_ALLOW_ORIGIN),
        HOST
    );
}

#[tokio::test]
async fn static_files_name_no_origin_that_is_not_configured() {
    let dir = tempfile::tempdir().expect("temp dir");
    let router = router(&dir).await;
    for path in [
        "/roster-embed.js",
        "/roster-0123abcd_bg.wasm",
        "/api/v1/permissions",
    ] {
        let (_, headers) = get(&router, path, "http://evil.example.test").await;
        assert!(
            headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none(),
            "{path}: {headers:?}"
        );
    }
}
