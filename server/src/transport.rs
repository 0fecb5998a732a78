//! Transport-level limits and errors, as middleware of the whole router:
//! the request timeout, 414 for long URIs, 413 for large bodies, and
//! problem+json for the bare error answers of axum and tower-http (405 with
//! its `Allow` header, 404 of a missing static file, 413, 415...).

use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::problem::ApiError;

/// Longest accepted request target (path and query), in bytes.
pub const MAX_URI_BYTES: usize = 8 * 1024;

/// Request-level limits (flags `--request-timeout-secs`, `--max-body-bytes`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequestLimits {
    /// A request must be read and answered within this; `None`: no limit.
    pub timeout: Option<Duration>,
    /// Largest accepted request body.
    pub max_body_bytes: usize,
}

impl Default for RequestLimits {
    fn default() -> Self {
        Self {
            timeout: Some(Duration::from_secs(30)),
            // An invitation batch of 1,000 addresses of 254 characters with
            // 10 tags is about 260 KB of JSON: 1 MiB leaves room to spare.
            max_body_bytes: 1024 * 1024,
        }
    }
}

/// 414 for a long URI and 413 for a declared body over the limit, before
/// anything reads the body; then the request within its timeout: 408 when
/// the client had not finished sending its body, 503 when the server was
/// too slow. (A chunked body over the limit is cut by `DefaultBodyLimit`
/// and answers 413 from the extractor.)
pub async fn limits(State(limits): State<RequestLimits>, request: Request, next: Next) -> Response {
    let target = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().len())
        .unwrap_or_default();
    if target > MAX_URI_BYTES {
        return ApiError::uri_too_long(MAX_URI_BYTES).into_response();
    }
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limits.max_body_bytes as u64) {
        return close(ApiError::payload_too_large(limits.max_body_bytes).into_response());
    }
    let Some(timeout) = limits.timeout else {
        return next.run(request).await;
    };
    let body_read = Arc::new(AtomicBool::new(false));
    let request = request.map(|body| {
        body_read.store(http_body::Body::is_end_stream(&body), Ordering::Relaxed);
        Body::new(Watched {
            body,
            done: body_read.clone(),
        })
    });
    match tokio::time::timeout(timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) if !body_read.load(Ordering::Relaxed) => {
            close(ApiError::request_timeout(timeout).into_response())
        }
        Err(_) => {
            let mut response = ApiError::server_timeout(timeout).into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
            response
        }
    }
}

/// Asks hyper to close the connection after this answer (the rest of the
/// request body is not read).
fn close(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// A request body that notes when it has been read to the end.
struct Watched {
    body: Body,
    done: Arc<AtomicBool>,
}

impl http_body::Body for Watched {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, axum::Error>>> {
        let poll = Pin::new(&mut self.body).poll_frame(cx);
        if matches!(poll, Poll::Ready(None)) || self.body.is_end_stream() {
            self.done.store(true, Ordering::Relaxed);
        }
        poll
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

/// Error answers without a body of their own (axum's 405, tower-http's 404
/// for a missing file...) become problem+json; their other headers (`Allow`,
/// `Retry-After`) stay.
pub async fn problem_bodies(request: Request, next: Next) -> Response {
    let is_head = request.method() == axum::http::Method::HEAD;
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error())
        || response.headers().contains_key(header::CONTENT_TYPE)
    {
        return response;
    }
    let (mut parts, _) = response.into_parts();
    let problem = ApiError::for_status(status).into_response();
    let (problem_parts, body) = problem.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_ENCODING);
    for (name, value) in &problem_parts.headers {
        parts.headers.insert(name, value.clone());
    }
    if is_head {
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, body)
}

/// Whether a path names a file rather than an app route: its last segment
/// has an extension (`/missing.js`, `/favicon.ico`), or it is under one of
/// the built app's folders (`/host/…`, `/snippets/…`). Those answer 404 when
/// missing; every other path is a route of the app and answers index.html.
pub fn is_file_path(static_dir: &std::path::Path, path: &str) -> bool {
    let path = path.trim_start_matches('/');
    let last = path.rsplit('/').next().unwrap_or_default();
    if last.contains('.') {
        return true;
    }
    match path.split_once('/') {
        Some((folder, _)) => {
            !folder.is_empty() && !folder.starts_with('.') && static_dir.join(folder).is_dir()
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_and_app_routes() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::create_dir_all(dir.path().join("host")).expect("host");
        let d = dir.path();
        assert!(is_file_path(d, "/missing.js"));
        assert!(is_file_path(d, "/orgs/x/file.css"));
        assert!(is_file_path(d, "/host/nothing"));
        assert!(!is_file_path(d, "/"));
        assert!(!is_file_path(d, "/orgs"));
        assert!(!is_file_path(
            d,
            "/orgs/6f1c2a52-7a43-4c55-9a3e-0d6c3f3b2a10/users"
        ));
        assert!(!is_file_path(d, "/invitations/accept"));
    }
}
