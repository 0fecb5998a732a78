//! Errors as RFC 9457 `application/problem+json`, built from [`roster_api::Problem`].

use std::time::Duration;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use roster_api::errors::{codes, PROBLEM_CONTENT_TYPE};
use roster_api::{FieldError, Problem};

/// Every error a handler can answer.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    /// Boxed: handlers return `Result<_, ApiError>` everywhere and the happy path should stay small.
    pub problem: Box<Problem>,
    /// Seconds for a `Retry-After` header (429, 503).
    pub retry_after: Option<u64>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(
        status: StatusCode,
        code: &str,
        title: &str,
        detail: impl Into<Option<String>>,
    ) -> Self {
        Self {
            status,
            problem: Box::new(Problem {
                type_uri: "about:blank".to_owned(),
                title: title.to_owned(),
                status: status.as_u16(),
                detail: detail.into(),
                code: code.to_owned(),
                errors: Vec::new(),
            }),
            retry_after: None,
        }
    }

    /// The same answer with a `Retry-After` of `seconds`.
    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// 422 with one entry per rejected field.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        let mut e = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            codes::VALIDATION_FAILED,
            "The request has invalid fields",
            Some(summary(&errors)),
        );
        e.problem.errors = errors;
        e
    }

    pub fn field(field: &str, code: &str, message: impl Into<String>) -> Self {
        Self::validation(vec![FieldError::new(field, code, message)])
    }

    /// Malformed body or query (not JSON, wrong types).
    pub fn bad_request(detail: String) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            codes::VALIDATION_FAILED,
            "The request could not be read",
            Some(detail),
        )
    }

    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            codes::UNAUTHENTICATED,
            "Sign in required",
            Some("Sign in to continue: the request has no valid bearer token.".to_owned()),
        )
    }

    /// 403: a write by session cookie another site could have sent.
    pub fn cross_site_request() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            codes::CROSS_SITE_REQUEST,
            "Cross-site request refused",
            "A change made with the session cookie must come from Roster's own pages (the X-Roster-Request header, no other site's Origin).".to_owned(),
        )
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            codes::FORBIDDEN,
            "Not allowed",
            Some(detail.into()),
        )
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            codes::NOT_FOUND,
            "Not found",
            Some(format!("No such {what}.")),
        )
    }

    pub fn conflict(code: &str, title: &str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, title, Some(detail.into()))
    }

    /// The one answer for every bad invitation link, so a link never reveals
    /// whether it was unknown, expired, revoked or already used.
    pub fn invitation_link_invalid() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            codes::INVITATION_LINK_INVALID,
            "This invitation link is not valid",
            Some("The link is invalid or has expired. Ask the person who invited you to send a new invitation.".to_owned()),
        )
    }

    pub fn demo_only() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            codes::DEMO_ONLY,
            "Not available",
            Some("This endpoint exists only when the server runs in demo mode.".to_owned()),
        )
    }

    pub fn internal(context: &str, err: impl std::fmt::Display) -> Self {
        // The cause goes to the log, not to the client.
        eprintln!("internal error ({context}): {err}");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            codes::INTERNAL,
            "Something went wrong on the server",
            Some("The request failed on the server. Try again in a moment.".to_owned()),
        )
    }
}

/// Transport errors: answered around the handlers (`transport.rs`, `extract.rs`).
impl ApiError {
    /// The problem for a bare error status (see `transport::problem_bodies`).
    pub fn for_status(status: StatusCode) -> Self {
        use roster_api::errors::codes;
        match status {
            StatusCode::NOT_FOUND => Self::not_found("file"),
            StatusCode::METHOD_NOT_ALLOWED => Self::new(
                status,
                codes::METHOD_NOT_ALLOWED,
                "Method not allowed",
                Some(
                    "This method is not allowed here: the Allow header lists the ones that are."
                        .to_owned(),
                ),
            ),
            StatusCode::PAYLOAD_TOO_LARGE => Self::new(
                status,
                codes::PAYLOAD_TOO_LARGE,
                "Request body too large",
                Some("The request body is larger than the server accepts.".to_owned()),
            ),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => Self::unsupported_media_type(),
            StatusCode::URI_TOO_LONG => Self::uri_too_long(crate::transport::MAX_URI_BYTES),
            _ => Self::new(
                status,
                if status.is_server_error() {
                    codes::INTERNAL
                } else {
                    codes::VALIDATION_FAILED
                },
                status.canonical_reason().unwrap_or("Error"),
                None,
            ),
        }
    }

    /// 413: the body is over `--max-body-bytes`.
    pub fn payload_too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            roster_api::errors::codes::PAYLOAD_TOO_LARGE,
            "Request body too large",
            Some(format!(
                "The request body is larger than the {limit} bytes the server accepts."
            )),
        )
    }

    /// 415: a JSON endpoint got another content type, or none.
    pub fn unsupported_media_type() -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            roster_api::errors::codes::UNSUPPORTED_MEDIA_TYPE,
            "Unsupported media type",
            Some(
                "Send the body as JSON with the header Content-Type: application/json.".to_owned(),
            ),
        )
    }

    /// 414: the path and query are over [`MAX_URI_BYTES`].
    pub fn uri_too_long(limit: usize) -> Self {
        Self::new(
            StatusCode::URI_TOO_LONG,
            roster_api::errors::codes::URI_TOO_LONG,
            "URI too long",
            Some(format!(
                "The request's path and query are longer than the {limit} bytes the server accepts."
            )),
        )
    }

    /// 408: the client did not send its body in time.
    pub fn request_timeout(limit: Duration) -> Self {
        Self::new(
            StatusCode::REQUEST_TIMEOUT,
            roster_api::errors::codes::REQUEST_TIMEOUT,
            "Request timeout",
            Some(format!(
                "The request did not arrive in full within {} seconds.",
                limit.as_secs()
            )),
        )
    }

    /// 503 with `Retry-After`: the server did not answer in time.
    pub fn server_timeout(limit: Duration) -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            roster_api::errors::codes::SERVER_TIMEOUT,
            "The server is busy",
            Some(format!(
                "The server could not answer within {} seconds. Try again in a moment.",
                limit.as_secs()
            )),
        )
    }
}

fn summary(errors: &[FieldError]) -> String {
    match errors {
        [one] => format!("{}: {}", one.field, one.message),
        many => format!("{} fields are invalid.", many.len()),
    }
}

/// `Retry-After` of a 503: the database was busy or out of reach.
pub const UNAVAILABLE_RETRY_AFTER_SECONDS: u64 = 2;

impl From<sqlx::Error> for ApiError {
    /// A database that is busy (SQLite locked by another process, the writer
    /// queue or the pool full past their timeouts) or out of reach (PostgreSQL
    /// stopped or restarting) answers 503 `unavailable` with `Retry-After`: the
    /// same request can succeed in a moment. Any other database error is a 500.
    fn from(err: sqlx::Error) -> Self {
        if is_transient(&err) {
            eprintln!("database unavailable: {err}");
            return ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                codes::UNAVAILABLE,
                "The service is briefly unavailable",
                Some(format!(
                    "The database is busy or out of reach. Try again in {UNAVAILABLE_RETRY_AFTER_SECONDS} s."
                )),
            )
            .with_retry_after(UNAVAILABLE_RETRY_AFTER_SECONDS);
        }
        ApiError::internal("database", err)
    }
}

/// Whether a database error says "busy or unreachable now" rather than
/// "this request cannot work".
pub fn is_transient(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::Io(_) => true,
        sqlx::Error::Database(db) => {
            let code = db.code().unwrap_or_default();
            if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
                // An extended result code whose low byte is SQLITE_BUSY (5)
                // or SQLITE_LOCKED (6).
                code.parse::<i32>().is_ok_and(|c| matches!(c & 0xff, 5 | 6))
            } else {
                // PostgreSQL SQLSTATE: connection exceptions (08), insufficient
                // resources (53), shutting down or starting (57P01-57P03),
                // serialization failure, deadlock, lock not available.
                code.starts_with("08")
                    || code.starts_with("53")
                    || matches!(
                        &*code,
                        "57P01" | "57P02" | "57P03" | "40001" | "40P01" | "55P03"
                    )
            }
        }
        _ => false,
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self.problem).unwrap_or_default();
        let mut response = (self.status, body).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(PROBLEM_CONTENT_TYPE),
        );
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}
