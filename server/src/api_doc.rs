//! What the handlers' `#[utoipa::path]` annotations cannot say well, added to
//! the generated OpenAPI document so it tells the truth:
//!
//! - the answers every operation of a kind can give, from its shape: 401 when
//!   it needs a bearer token; 400, 413, 415 and 422 when it takes a JSON body;
//!   422 when it takes query parameters; 404 when its path names a resource;
//!   429 on the rate-limited endpoints; 503 (database busy) wherever the
//!   database is used. The annotations keep what only the handler knows
//!   (403, 404, 409, 423, and the successes);
//! - the request bodies' limits, from the contract's own rules
//!   (`roster_api::rules`), so the document and the validation never drift:
//!   string lengths (in characters, of the trimmed value), list sizes, email formats;
//! - an example per request body.

use roster_api::rules::{account, batch, emails, organization as org, tags};
use serde_json::{json, Map, Value};

/// Bulk member actions take at most this many ids (`routes::users`).
pub const MAX_BULK_MEMBERS: usize = 1000;

/// The document with the answers, limits and examples it lacks.
pub fn complete(doc: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    let mut value = serde_json::to_value(&doc).expect("the OpenAPI document serializes");
    add_responses(&mut value);
    add_limits(&mut value);
    add_examples(&mut value);
    serde_json::from_value(value).expect("the completed OpenAPI document reads back")
}

// ---------------------------------------------------------------- answers

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// Operations that never touch the database: no 503 for them.
const WITHOUT_DATABASE: [(&str, &str); 3] = [
    ("get", "/api/v1/auth/demo-accounts"),
    ("get", "/api/v1/permissions"),
    ("post", "/api/v1/dev/clock"),
];

/// The operations `limit.rs` limits: demo and email sign-in, sending and
/// resending invitations, and the invitation-token endpoints.
fn is_rate_limited(method: &str, path: &str) -> bool {
    let Some(rest) = path.strip_prefix(roster_api::API_PREFIX) else {
        return false;
    };
    let parts: Vec<&str> = rest.trim_start_matches('/').split('/').collect();
    method == "post"
        && matches!(
            parts.as_slice(),
            ["auth", "demo-sign-in"]
                | ["auth", "email", "start" | "verify" | "link"]
                | ["invitations", "lookup" | "accept" | "decline"]
                | ["organizations", _, "invitations"]
                | ["organizations", _, "invitations", _, "resend"]
        )
}

fn problem(description: &str) -> Value {
    json!({
        "description": description,
        "content": {
            "application/problem+json": {
                "schema": { "$ref": "#/components/schemas/Problem" }
            }
        }
    })
}

fn problem_with_retry_after(description: &str, retry_after: &str) -> Value {
    let mut response = problem(description);
    response["headers"] = json!({
        "Retry-After": {
            "description": retry_after,
            "required": true,
            "schema": { "type": "integer", "minimum": 0 }
        }
    });
    response
}

fn add_responses(doc: &mut Value) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        for method in METHODS {
            let Some(op) = item.get_mut(method) else {
                continue;
            };
            let params = op
                .get("parameters")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let has_in = |place: &str| params.iter().any(|p| p["in"] == place);
            let secured = op
                .get("security")
                .and_then(Value::as_array)
                .is_some_and(|s| !s.is_empty());
            let has_body = op.get("requestBody").is_some();
            let mut add: Vec<(&str, Value)> = Vec::new();
            if has_body {
                add.push((
                    "400",
                    problem("The body is not JSON, or not the JSON of this request"),
                ));
                add.push(("413", problem("The body is larger than the server accepts")));
                add.push(("415", problem("The body is not `application/json`")));
            }
            if has_body || has_in("query") {
                add.push((
                    "422",
                    problem(
                        "A field or a parameter is invalid, or unknown to this request \
                         (see `errors`: the field and a stable code)",
                    ),
                ));
            }
            if secured {
                add.push((
                    "401",
                    problem("No valid bearer token: missing, unknown, or its session is over"),
                ));
            }
            if has_in("path") {
                add.push(("404", problem("Unknown, or not visible to this account")));
            }
            if is_rate_limited(method, path) {
                add.push((
                    "429",
                    problem_with_retry_after(
                        "Too many requests: over the rate limit (`rate_limited`)",
                        "Seconds until a request is allowed again",
                    ),
                ));
            }
            if !WITHOUT_DATABASE.contains(&(method, path.as_str())) {
                add.push((
                    "503",
                    problem_with_retry_after(
                        "The database is busy or briefly unavailable: retry later",
                        "Seconds after which a retry is likely to succeed",
                    ),
                ));
            }
            let responses = op
                .as_object_mut()
                .expect("an operation is an object")
                .entry("responses")
                .or_insert_with(|| Value::Object(Map::new()))
                .as_object_mut()
                .expect("responses is an object");
            for (status, response) in add {
                responses.entry(status).or_insert(response);
            }
            sort_responses(responses);
        }
    }
}

/// Responses in status order, for a readable document and stable diffs.
fn sort_responses(responses: &mut Map<String, Value>) {
    let mut all: Vec<(String, Value)> = std::mem::take(responses).into_iter().collect();
    all.sort_by(|a, b| a.0.cmp(&b.0));
    responses.extend(all);
}

// ---------------------------------------------------------------- limits

/// `(schema, property, what to add)`.
fn limits() -> Vec<(&'static str, &'static str, Value)> {
    let text = |max: usize| json!({ "maxLength": max });
    let email = json!({ "maxLength": emails::MAX_EMAIL_CHARS, "format": "email" });
    let customer_id = json!({ "maxLength": org::MAX_CUSTOMER_ID_CHARS });
    let mut all = Vec::new();
    for schema in ["CreateOrganization", "UpdateOrganization"] {
        all.extend([
            (schema, "name", text(org::MAX_ORGANIZATION_NAME_CHARS)),
            (schema, "email", email.clone()),
            (schema, "owner_firstname", text(org::MAX_OWNER_NAME_CHARS)),
            (schema, "owner_lastname", text(org::MAX_OWNER_NAME_CHARS)),
            (schema, "phone_number", text(org::MAX_PHONE_CHARS)),
            (schema, "customer_id", customer_id.clone()),
            (schema, "comment", text(org::MAX_COMMENT_CHARS)),
            (schema, "picture_link", text(org::MAX_PICTURE_LINK_CHARS)),
        ]);
    }
    all.extend([
        (
            "LockOrganization",
            "reason",
            text(org::MAX_LOCK_REASON_CHARS),
        ),
        ("CreateGroup", "name", text(org::MAX_GROUP_NAME_CHARS)),
        (
            "CreateGroup",
            "description",
            text(org::MAX_GROUP_DESCRIPTION_CHARS),
        ),
        ("DemoSignInRequest", "email", email.clone()),
        (
            "DemoSignInRequest",
            "display_name",
            text(account::MAX_DISPLAY_NAME_CHARS),
        ),
        ("Tag", "key", text(tags::MAX_TAG_CHARS)),
        ("Tag", "value", text(tags::MAX_TAG_CHARS)),
        (
            "CreateInvitations",
            "emails",
            // No length or format on the items: each address is judged on its
            // own, and an invalid one comes back as an `invalid` outcome with
            // its reason while the others are invited (a 200, not a 422).
            json!({ "minItems": 1, "maxItems": batch::MAX_BATCH_EMAILS,
                    "items": { "type": "string" } }),
        ),
        (
            "CreateInvitations",
            "tags",
            json!({ "maxItems": tags::MAX_TAGS }),
        ),
        (
            "UpdateMember",
            "tags",
            json!({ "maxItems": tags::MAX_TAGS }),
        ),
        (
            "MemberIds",
            "user_ids",
            json!({ "minItems": 1, "maxItems": MAX_BULK_MEMBERS }),
        ),
    ]);
    all
}

/// Merges `add` into the schema of `property`: into the string or array
/// alternative when the property is optional (`["string", "null"]`, `oneOf`).
fn merge(property: &mut Value, add: &Value) {
    let Some(add) = add.as_object() else { return };
    let target = match property.get_mut("oneOf").and_then(Value::as_array_mut) {
        Some(alternatives) => alternatives.iter_mut().find(|a| a["type"] != "null"),
        None => Some(property),
    };
    let Some(target) = target.and_then(Value::as_object_mut) else {
        return;
    };
    for (key, value) in add {
        match (target.get_mut(key), value) {
            (Some(Value::Object(existing)), Value::Object(more)) => {
                existing.extend(more.clone());
            }
            _ => {
                target.insert(key.clone(), value.clone());
            }
        }
    }
}

fn add_limits(doc: &mut Value) {
    for (schema, property, add) in limits() {
        let path = format!("/components/schemas/{schema}/properties/{property}");
        let property = doc
            .pointer_mut(&path)
            .unwrap_or_else(|| panic!("the OpenAPI document has {path}"));
        merge(property, &add);
    }
    for (schema, property, minimum, maximum) in [
        ("PageParams", "page", 1, Some(u32::MAX)),
        (
            "PageParams",
            "page_size",
            1,
            Some(roster_api::MAX_PAGE_SIZE),
        ),
    ] {
        let path = format!("/components/schemas/{schema}/properties/{property}");
        if let Some(p) = doc.pointer_mut(&path) {
            merge(p, &bounds(minimum, maximum));
        }
    }
    // The same bounds on the query parameters of every list.
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for item in paths.values_mut() {
        for method in METHODS {
            let Some(params) = item
                .get_mut(method)
                .and_then(|op| op.get_mut("parameters"))
                .and_then(Value::as_array_mut)
            else {
                continue;
            };
            for p in params.iter_mut().filter(|p| p["in"] == "query") {
                if let Some(schema) = p.get_mut("schema") {
                    not_null(schema);
                }
                let add = match p["name"].as_str() {
                    Some("page") => bounds(1, Some(u32::MAX)),
                    Some("page_size") => bounds(1, Some(roster_api::MAX_PAGE_SIZE)),
                    _ => continue,
                };
                if let Some(schema) = p.get_mut("schema") {
                    merge(schema, &add);
                }
            }
        }
    }
}

/// A query parameter is absent or has a value: it is never JSON `null`, so
/// its schema drops the `null` that `Option` gives it.
fn not_null(schema: &mut Value) {
    if let Some(types) = schema.get_mut("type").and_then(Value::as_array_mut) {
        types.retain(|t| t != "null");
        if types.len() == 1 {
            schema["type"] = types[0].clone();
        }
    } else if let Some(alternatives) = schema.get("oneOf").and_then(Value::as_array) {
        let rest: Vec<Value> = alternatives
            .iter()
            .filter(|a| a["type"] != "null")
            .cloned()
            .collect();
        if rest.len() == 1 {
            *schema = rest[0].clone();
        }
    }
}

/// Integer bounds; a 32-bit unsigned page number is an `int64` in
/// OpenAPI's terms (`int32` is signed).
fn bounds(minimum: u32, maximum: Option<u32>) -> Value {
    let mut v = json!({ "minimum": minimum });
    if let Some(maximum) = maximum {
        v["maximum"] = json!(maximum);
        if maximum > i32::MAX as u32 {
            v["format"] = json!("int64");
        }
    }
    v
}

// ---------------------------------------------------------------- examples

/// An example body per request schema.
fn examples() -> Vec<(&'static str, Value)> {
    vec![
        (
            "DemoSignInRequest",
            json!({ "email": "partner@roster.demo" }),
        ),
        (
            "CreateOrganization",
            json!({
                "name": "Acme Corp",
                "email": "olive.owner@acme.example",
                "owner_firstname": "Olive",
                "owner_lastname": "Owner",
                "phone_number": "+33 1 23 45 67 89",
                "siren_number": "732 829 320",
                "customer_id": "ACME-42",
                "comment": "Pays yearly.",
                "picture_link": "https://cdn.acme.example/logo.png"
            }),
        ),
        (
            "UpdateOrganization",
            json!({ "name": "Acme Corporation", "comment": "" }),
        ),
        ("LockOrganization", json!({ "reason": "Unpaid invoices" })),
        (
            "CreateGroup",
            json!({ "name": "Engineering", "description": "Everyone who ships code" }),
        ),
        (
            "UpdateMember",
            json!({
                "tags": [{ "key": "team", "value": "Sales" }],
                "group_ids": ["6f1c2a52-7a43-4c55-9a3e-0d6c3f3b2a10"],
                "permissions": ["view_members"]
            }),
        ),
        (
            "MemberIds",
            json!({ "user_ids": ["6f1c2a52-7a43-4c55-9a3e-0d6c3f3b2a10"] }),
        ),
        (
            "CreateInvitations",
            json!({
                "emails": ["ada@example.com", "grace@example.com"],
                "group_ids": [],
                "tags": [{ "key": "team", "value": "Research" }],
                "permissions": ["view_members"]
            }),
        ),
        (
            "InvitationToken",
            json!({ "token": "the token of an emailed link" }),
        ),
        ("AdvanceClock", json!({ "seconds": 3600 })),
    ]
}

fn add_examples(doc: &mut Value) {
    let examples = examples();
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for item in paths.values_mut() {
        for method in METHODS {
            let Some(media) = item
                .get_mut(method)
                .and_then(|op| op.pointer_mut("/requestBody/content/application~1json"))
            else {
                continue;
            };
            let name = media["schema"]["$ref"]
                .as_str()
                .and_then(|r| r.rsplit('/').next())
                .unwrap_or_default()
                .to_owned();
            if let Some((_, example)) = examples.iter().find(|(schema, _)| *schema == name) {
                media["example"] = example.clone();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_request_body_has_an_example_that_its_type_reads() {
        use roster_api::*;
        fn reads<T: serde::de::DeserializeOwned>(v: &Value) {
            serde_json::from_value::<T>(v.clone()).expect("the example reads");
        }
        for (name, example) in examples() {
            match name {
                "DemoSignInRequest" => reads::<DemoSignInRequest>(&example),
                "CreateOrganization" => reads::<CreateOrganization>(&example),
                "UpdateOrganization" => reads::<UpdateOrganization>(&example),
                "LockOrganization" => reads::<LockOrganization>(&example),
                "CreateGroup" => reads::<CreateGroup>(&example),
                "UpdateMember" => reads::<UpdateMember>(&example),
                "MemberIds" => reads::<MemberIds>(&example),
                "CreateInvitations" => reads::<CreateInvitations>(&example),
                "InvitationToken" => reads::<InvitationToken>(&example),
                "AdvanceClock" => reads::<AdvanceClock>(&example),
                other => panic!("an example for an unknown schema {other}"),
            }
        }
    }

    #[test]
    fn the_create_organization_example_passes_the_rules() {
        let (_, example) = examples()
            .into_iter()
            .find(|(n, _)| *n == "CreateOrganization")
            .unwrap();
        let body: roster_api::CreateOrganization = serde_json::from_value(example).unwrap();
        assert_eq!(
            roster_api::rules::organization::validate_create_organization(&body),
            []
        );
    }
}
