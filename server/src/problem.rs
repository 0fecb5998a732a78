//! Errors as RFC 9457 `application/problem+json`, built from [`roster_api::Problem`].

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
        }
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

fn summary(errors: &[FieldError]) -> String {
    match errors {
        [one] => format!("{}: {}", one.field, one.message),
        many => format!("{} fields are invalid.", many.len()),
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        ApiError::internal("database", err)
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
        response
    }
}
