//! Extractors that answer problem+json instead of axum's plain-text rejections.
//! They are named `Json` and `Query` on purpose: utoipa's axum support
//! recognizes parameters by these names.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::problem::ApiError;

/// A JSON body; a malformed one answers 400 (syntax) or 422 (shape), a
/// missing or wrong content type 415 and one over `--max-body-bytes` 413, as
/// problem+json.
pub struct Json<T>(pub T);

impl<S, T> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Json(value)),
            Err(JsonRejection::JsonDataError(e)) => {
                let (field, message) = json_field(&e.body_text());
                Err(ApiError::field(&field, "invalid", message))
            }
            Err(e) => Err(body_rejection(e)),
        }
    }
}

/// A body axum could not take: too large (413), not JSON by its content type
/// (415), or not JSON at all (400).
fn body_rejection(e: JsonRejection) -> ApiError {
    match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::for_status(StatusCode::PAYLOAD_TOO_LARGE),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::unsupported_media_type(),
        _ => ApiError::bad_request(e.body_text()),
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// The field a JSON shape error is about, and the message without axum's
/// prefix. axum reports `path: reason` (`permissions[0]: unknown variant ...`);
/// a missing field is reported at its parent as ``missing field `email` ``.
fn json_field(text: &str) -> (String, String) {
    let message = text
        .strip_prefix("Failed to deserialize the JSON body into the target type: ")
        .unwrap_or(text)
        .to_owned();
    let (path, reason) = match message.split_once(": ") {
        Some((path, reason)) if !path.contains(' ') => (Some(path), reason),
        _ => (None, message.as_str()),
    };
    let missing = reason
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next());
    let field = match (path.filter(|p| *p != "."), missing) {
        (Some(path), Some(name)) => format!("{path}.{name}"),
        (None, Some(name)) => name.to_owned(),
        (Some(path), None) => path.to_owned(),
        (None, None) => "body".to_owned(),
    };
    (field, message.clone())
}

/// A query string; a malformed one answers 422 as problem+json.
pub struct Query<T>(pub T);

impl<S, T> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(QueryRejection::FailedToDeserializeQueryString(e)) => Err(ApiError::field(
                &query_field(&e.body_text()),
                "invalid",
                e.body_text(),
            )),
            Err(e) => Err(ApiError::bad_request(e.body_text())),
        }
    }
}

/// Best guess at the parameter serde complained about, for the field error.
fn query_field(message: &str) -> String {
    [
        "page_size",
        "page",
        "order_by",
        "status",
        "locked_by",
        "type",
        "group_id",
        "dry_run",
    ]
    .iter()
    .find(|name| message.contains(&format!("`{name}`")) || message.contains(*name))
    .map(|s| (*s).to_owned())
    .unwrap_or_else(|| "query".to_owned())
}

/// A path of uuids; a malformed id answers 404 like an unknown one.
pub struct Path<T>(pub T);

impl<S, T> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(_) => Err(ApiError::not_found("resource")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_name_their_field() {
        let prefix = "Failed to deserialize the JSON body into the target type: ";
        assert_eq!(
            json_field(&format!("{prefix}permissions[0]: unknown variant `fly`")).0,
            "permissions[0]"
        );
        assert_eq!(
            json_field(&format!(
                "{prefix}missing field `email` at line 1 column 10"
            ))
            .0,
            "email"
        );
        assert_eq!(
            json_field(&format!("{prefix}tags[1]: missing field `value` at line 1")).0,
            "tags[1].value"
        );
        assert_eq!(json_field("something else entirely").0, "body");
    }
}
