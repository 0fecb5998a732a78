//! The one error type of every API call, and what a person is told about it.

use roster_api::errors::codes;
use roster_api::{FieldError, Problem};

use crate::i18n::{rules, Texts};

/// Why an API call failed, sorted by what the user can do about it.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The request never got an answer: offline, DNS, server down, CORS.
    Network,
    /// The request was cancelled because what asked for it is gone (e.g. the
    /// organization changed). Never shown to anyone.
    Aborted,
    /// 401: the session is missing or expired.
    Unauthorized,
    /// 403: signed in, but not allowed.
    Forbidden(Option<Box<Problem>>),
    /// 404.
    NotFound,
    /// 409 (410, 423): a conflict with the current state (locked organization,
    /// owner not removable, a used sign-in link, ...). The problem's `code` says which.
    Conflict(Box<Problem>),
    /// 422 (or 400 with field errors): input rejected, with field-level errors.
    Validation(Box<Problem>),
    /// 429: too many requests; `retry_after` in seconds when the server said.
    RateLimited { retry_after: Option<u32> },
    /// 5xx.
    Server(u16),
    /// Any other status, or an answer we could not read.
    Unexpected(u16),
}

impl ApiError {
    /// Classifies an HTTP error answer. `body` is the raw text of the answer,
    /// usually an RFC 9457 problem; `retry_after` is the header's value.
    pub fn from_response(status: u16, body: &str, retry_after: Option<&str>) -> ApiError {
        let problem: Option<Box<Problem>> = serde_json::from_str(body).ok();
        match status {
            401 => ApiError::Unauthorized,
            403 => ApiError::Forbidden(problem),
            404 => ApiError::NotFound,
            409 | 410 | 423 => ApiError::Conflict(
                problem.unwrap_or_else(|| Box::new(bare_problem(status, codes::CONFLICT))),
            ),
            400 | 422 => match problem {
                Some(p) => ApiError::Validation(p),
                None => ApiError::Unexpected(status),
            },
            429 => ApiError::RateLimited {
                retry_after: retry_after.and_then(|v| v.trim().parse().ok()),
            },
            500..=599 => ApiError::Server(status),
            _ => ApiError::Unexpected(status),
        }
    }

    /// The problem's stable code, when the server sent one.
    pub fn code(&self) -> Option<&str> {
        match self {
            ApiError::Forbidden(Some(p)) | ApiError::Conflict(p) | ApiError::Validation(p) => {
                Some(&p.code)
            }
            _ => None,
        }
    }

    /// Field-level errors of a rejected input (empty for other errors).
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            ApiError::Validation(p) => &p.errors,
            _ => &[],
        }
    }

    /// The message for `field` (`name`, `email`, ...) in the user's language,
    /// when the server rejected it.
    pub fn field_error(&self, t: &Texts, field: &str) -> Option<String> {
        self.field_errors()
            .iter()
            .find(|e| e.field == field)
            .map(|e| rules::field_error(t, e))
    }

    /// Whether trying again as is can succeed (shows a Retry button).
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            ApiError::Network
                | ApiError::RateLimited { .. }
                | ApiError::Server(_)
                | ApiError::Unexpected(_)
        )
    }

    /// One sentence a person understands, in the user's language.
    pub fn message(&self, t: &Texts) -> String {
        match self {
            ApiError::Network => t.err_network.to_owned(),
            ApiError::Aborted => t.err_aborted.to_owned(),
            ApiError::Unauthorized => t.err_unauthorized.to_owned(),
            ApiError::Forbidden(p) => p
                .as_ref()
                .and_then(|p| rules::problem(t, p))
                .unwrap_or_else(|| t.err_forbidden.to_owned()),
            ApiError::NotFound => t.err_not_found.to_owned(),
            ApiError::Conflict(p) => {
                rules::problem(t, p).unwrap_or_else(|| t.err_conflict.to_owned())
            }
            ApiError::Validation(p) => {
                if p.errors.is_empty() {
                    rules::problem(t, p).unwrap_or_else(|| t.err_validation.to_owned())
                } else {
                    t.err_validation.to_owned()
                }
            }
            ApiError::RateLimited {
                retry_after: Some(s),
            } => t.err_rate_limited_for.replace("{n}", &s.to_string()),
            ApiError::RateLimited { retry_after: None } => t.err_rate_limited.to_owned(),
            ApiError::Server(_) => t.err_server.to_owned(),
            ApiError::Unexpected(_) => t.err_unexpected.to_owned(),
        }
    }
}

fn bare_problem(status: u16, code: &str) -> Problem {
    Problem {
        type_uri: "about:blank".to_owned(),
        title: String::new(),
        status,
        detail: None,
        code: code.to_owned(),
        errors: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, FR};

    #[test]
    fn statuses_map_to_kinds() {
        assert_eq!(
            ApiError::from_response(401, "", None),
            ApiError::Unauthorized
        );
        assert_eq!(
            ApiError::from_response(404, "not json", None),
            ApiError::NotFound
        );
        assert_eq!(
            ApiError::from_response(503, "", None),
            ApiError::Server(503)
        );
        assert_eq!(
            ApiError::from_response(429, "", Some(" 12 ")),
            ApiError::RateLimited {
                retry_after: Some(12)
            }
        );
        assert_eq!(
            ApiError::from_response(418, "", None),
            ApiError::Unexpected(418)
        );
        assert!(matches!(
            ApiError::from_response(409, "", None),
            ApiError::Conflict(_)
        ));
        assert!(matches!(
            ApiError::from_response(403, "", None),
            ApiError::Forbidden(None)
        ));
    }

    #[test]
    fn validation_keeps_field_errors() {
        let body = r#"{"type":"about:blank","title":"Invalid input","status":422,"code":"validation_failed",
            "errors":[{"field":"email","code":"invalid_email","message":"Not a valid email address."}]}"#;
        let e = ApiError::from_response(422, body, None);
        assert_eq!(e.code(), Some("validation_failed"));
        assert_eq!(
            e.field_error(&EN, "email").as_deref(),
            Some("Not a valid email address.")
        );
        assert_eq!(
            e.field_error(&FR, "email").as_deref(),
            Some(FR.rule_email_invalid)
        );
        assert_eq!(e.field_error(&EN, "name"), None);
        assert!(!e.is_retryable());
        assert_eq!(e.message(&EN), EN.err_validation);
    }

    #[test]
    fn conflict_uses_server_detail() {
        let body = r#"{"title":"Locked","status":409,"code":"organization_locked","detail":"Acme is locked."}"#;
        let e = ApiError::from_response(409, body, None);
        assert_eq!(e.code(), Some("organization_locked"));
        assert_eq!(e.message(&EN), "Acme is locked.");
        assert_eq!(e.message(&FR), FR.err_locked);
    }

    #[test]
    fn messages_are_sentences() {
        for e in [
            ApiError::Network,
            ApiError::Server(500),
            ApiError::RateLimited {
                retry_after: Some(3),
            },
        ] {
            let m = e.message(&EN);
            assert!(m.ends_with('.'), "{m}");
            assert!(!m.contains('{'), "{m}");
        }
        assert!(ApiError::Network.is_retryable());
    }
}
