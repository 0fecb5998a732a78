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
        match axum::Json::<Object<T>>::from_request(req, state).await {
            Ok(axum::Json(Object(value))) => Ok(Json(value)),
            Err(JsonRejection::JsonDataError(e)) => {
                let (field, code, message) = json_field(&e.body_text());
                Err(ApiError::field(&field, code, message))
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

/// A body type read from a JSON object only. serde also reads a struct from
/// an array of its fields in order (`[null, null]` as a PATCH), which no
/// client means: that answers 422 instead.
struct Object<T>(T);

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Object<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: serde::Deserialize<'de>> serde::de::Visitor<'de> for Visitor<T> {
            type Value = Object<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Object)
            }
        }
        deserializer.deserialize_map(Visitor(std::marker::PhantomData))
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// The field a JSON shape error is about, its code, and the message without
/// axum's prefix. axum reports `path: reason` (`permissions[0]: unknown variant ...`);
/// a missing field is reported at its parent as ``missing field `email` ``, and
/// so is a field the body type does not have (request bodies refuse unknown
/// fields, so a typo such as `group_id` is an error rather than a silent no-op):
/// ``group_id: unknown field `group_id`, expected one of `tags`, `group_ids`, ...``.
fn json_field(text: &str) -> (String, &'static str, String) {
    use roster_api::rules::field_codes::UNKNOWN_FIELD;
    let message = text
        .strip_prefix("Failed to deserialize the JSON body into the target type: ")
        .unwrap_or(text)
        .to_owned();
    let (path, reason) = match message.split_once(": ") {
        Some((path, reason)) if !path.contains(' ') => (Some(path), reason),
        _ => (None, message.as_str()),
    };
    let named = |prefix: &str| {
        reason
            .strip_prefix(prefix)
            .and_then(|rest| rest.split('`').next())
    };
    let (name, code) = match (named("missing field `"), named("unknown field `")) {
        (Some(name), _) => (Some(name), "invalid"),
        (None, Some(name)) => (Some(name), UNKNOWN_FIELD),
        (None, None) => (None, "invalid"),
    };
    let field = match (path.filter(|p| *p != "."), name) {
        // An unknown field's path already ends with its name (`tags[0].colour`).
        (Some(path), Some(name)) if code == UNKNOWN_FIELD && path.ends_with(name) => {
            path.to_owned()
        }
        (Some(path), Some(name)) => format!("{path}.{name}"),
        (None, Some(name)) => name.to_owned(),
        (Some(path), None) => path.to_owned(),
        (None, None) => "body".to_owned(),
    };
    let message = match code {
        UNKNOWN_FIELD => {
            let expected = reason
                .split_once(", expected ")
                .map(|(_, rest)| rest.split(" at line ").next().unwrap_or(rest))
                .map(|rest| format!(" (expected {rest})"))
                .unwrap_or_default();
            format!("Unknown field `{field}`{expected}")
        }
        _ => message.clone(),
    };
    (field, code, message)
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

    #[test]
    fn unknown_fields_are_named_with_their_own_code() {
        let prefix = "Failed to deserialize the JSON body into the target type: ";
        let (field, code, message) = json_field(&format!(
            "{prefix}group_id: unknown field `group_id`, expected one of `tags`, `group_ids`, `permissions` at line 1 column 12"
        ));
        assert_eq!(field, "group_id");
        assert_eq!(code, "unknown_field");
        assert_eq!(
            message,
            "Unknown field `group_id` (expected one of `tags`, `group_ids`, `permissions`)"
        );
        let (field, code, _) = json_field(&format!(
            "{prefix}tags[1].name: unknown field `name`, expected `key` or `value` at line 1 column 40"
        ));
        assert_eq!((field.as_str(), code), ("tags[1].name", "unknown_field"));
        assert_eq!(
            json_field(&format!("{prefix}missing field `email` at line 1")).1,
            "invalid"
        );
    }
}
