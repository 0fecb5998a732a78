//! What request bodies may carry: no field the endpoint does not know (a typo
//! answers 422 naming it instead of changing nothing), and no invisible or
//! direction-changing character in a name or a tag.

mod common;

use common::{Reply, TestApp, PARTNER};
use serde_json::{json, Value};

/// The first field error of a 422: `(field, code)`.
#[track_caller]
fn first_error(reply: &Reply) -> (String, String) {
    assert_eq!(reply.status.as_u16(), 422, "body: {}", reply.text);
    assert_eq!(reply.content_type, "application/problem+json");
    assert_eq!(reply.code(), "validation_failed", "body: {}", reply.text);
    let e = &reply.json["errors"][0];
    (
        e["field"].as_str().unwrap_or_default().to_owned(),
        e["code"].as_str().unwrap_or_default().to_owned(),
    )
}

fn pair(field: &str, code: &str) -> (String, String) {
    (field.to_owned(), code.to_owned())
}

#[tokio::test]
async fn a_typo_in_a_field_name_answers_422_naming_it_and_changes_nothing() {
    let app = TestApp::demo().await;
    let partner = app.sign_in(PARTNER).await;
    let acme = app.org_id(&partner, "Acme Corp").await;
    let sam = app.member_id(&partner, &acme, "sam").await;
    let member_path = format!("/api/v1/organizations/{acme}/users/{sam}");
    let before = app.get(&member_path, &partner).await.ok();
    let group = app
        .post(
            &format!("/api/v1/organizations/{acme}/groups"),
            &partner,
            json!({ "name": "Typo watchers" }),
        )
        .await
        .ok();

    // `group_id` for `group_ids`: the typo of the issue.
    let reply = app
        .patch(&member_path, &partner, json!({ "group_id": [group["id"]] }))
        .await;
    assert_eq!(first_error(&reply), pair("group_id", "unknown_field"));
    let message = reply.json["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("group_ids"), "{message}");
    assert_eq!(app.get(&member_path, &partner).await.ok(), before);

    // The known fields beside an unknown one are not applied either.
    let reply = app
        .patch(
            &member_path,
            &partner,
            json!({ "tags": [{ "key": "team", "value": "x" }], "permisions": [] }),
        )
        .await;
    assert_eq!(first_error(&reply), pair("permisions", "unknown_field"));
    assert_eq!(app.get(&member_path, &partner).await.ok(), before);

    let cases: Vec<(String, Value, &str)> = vec![
        (
            "/api/v1/organizations".to_owned(),
            json!({ "name": "Typo Corp", "email": "o@typo.example", "owner_firstname": "O",
                    "owner_lastname": "T", "phone": "+33 1 23 45 67 89" }),
            "phone",
        ),
        (
            format!("/api/v1/organizations/{acme}/groups"),
            json!({ "name": "Typo group", "descripton": "x" }),
            "descripton",
        ),
        (
            format!("/api/v1/organizations/{acme}/invitations"),
            json!({ "emails": ["typo@example.com"], "group_id": [] }),
            "group_id",
        ),
        (
            format!("/api/v1/organizations/{acme}/users/remove"),
            json!({ "user_ids": [], "user_id": sam }),
            "user_id",
        ),
        (
            format!("/api/v1/organizations/{acme}/lock"),
            json!({ "reason": "Unpaid", "until": "never" }),
            "until",
        ),
        (
            "/api/v1/invitations/lookup".to_owned(),
            json!({ "token": "x", "tokn": "y" }),
            "tokn",
        ),
    ];
    for (path, body, field) in cases {
        let reply = app.post(&path, &partner, body).await;
        assert_eq!(first_error(&reply), pair(field, "unknown_field"), "{path}");
    }
    let reply = app
        .patch(
            &format!("/api/v1/organizations/{acme}"),
            &partner,
            json!({ "nmae": "Renamed" }),
        )
        .await;
    assert_eq!(first_error(&reply), pair("nmae", "unknown_field"));

    // Nothing was written by any of them.
    assert!(app
        .get("/api/v1/organizations?search=Typo", &partner)
        .await
        .ok()["items"]
        .as_array()
        .unwrap()
        .is_empty());
    let acme_now = app
        .get(&format!("/api/v1/organizations/{acme}"), &partner)
        .await
        .ok();
    assert_eq!(acme_now["name"], "Acme Corp");
    assert_eq!(acme_now["status"], "active");

    // Signing in is a request body too.
    let reply = app
        .send(
            axum::http::Method::POST,
            "/api/v1/auth/demo-sign-in",
            None,
            Some(json!({ "email": "typo@example.com", "displayname": "T" })),
        )
        .await;
    assert_eq!(first_error(&reply), pair("displayname", "unknown_field"));
}

/// Names with each kind of hidden character.
fn hidden_names() -> Vec<(char, String)> {
    [
        '\u{202E}', '\u{202A}', '\u{2066}', '\u{2069}', '\u{200B}', '\u{200E}', '\u{200F}',
        '\u{061C}', '\u{FEFF}', '\u{00AD}', '\u{2028}', '\u{2060}',
    ]
    .into_iter()
    .map(|c| (c, format!("Acme{c}Corp")))
    .collect()
}

#[tokio::test]
async fn names_with_invisible_or_direction_changing_characters_answer_422() {
    let app = TestApp::demo().await;
    let partner = app.sign_in(PARTNER).await;
    let acme = app.org_id(&partner, "Acme Corp").await;
    let sam = app.member_id(&partner, &acme, "sam").await;
    for (c, name) in hidden_names() {
        let what = format!("U+{:04X}", c as u32);
        for field in ["name", "owner_firstname", "owner_lastname"] {
            let mut body = json!({ "name": "Clean Corp", "email": "o@clean.example",
                                   "owner_firstname": "Olive", "owner_lastname": "Owner" });
            body[field] = json!(name);
            let reply = app.post("/api/v1/organizations", &partner, body).await;
            assert_eq!(
                first_error(&reply),
                pair(field, "invisible_character"),
                "{what}"
            );
            let message = reply.json["errors"][0]["message"].as_str().unwrap();
            assert!(message.contains(&what), "{message}");

            let reply = app
                .patch(
                    &format!("/api/v1/organizations/{acme}"),
                    &partner,
                    json!({ field: name }),
                )
                .await;
            assert_eq!(
                first_error(&reply),
                pair(field, "invisible_character"),
                "{what}"
            );
        }
        let reply = app
            .post(
                &format!("/api/v1/organizations/{acme}/groups"),
                &partner,
                json!({ "name": name }),
            )
            .await;
        assert_eq!(
            first_error(&reply),
            pair("name", "invisible_character"),
            "{what}"
        );
        let reply = app
            .patch(
                &format!("/api/v1/organizations/{acme}/users/{sam}"),
                &partner,
                json!({ "tags": [{ "key": "team", "value": name }] }),
            )
            .await;
        assert_eq!(
            first_error(&reply),
            pair("tags[0].value", "invisible_character"),
            "{what}"
        );
        let reply = app
            .post(
                &format!("/api/v1/organizations/{acme}/invitations"),
                &partner,
                json!({ "emails": ["hidden@example.com"], "tags": [{ "key": name, "value": "" }] }),
            )
            .await;
        assert_eq!(
            first_error(&reply),
            pair("tags[0].key", "invisible_character"),
            "{what}"
        );
        let reply = app
            .send(
                axum::http::Method::POST,
                "/api/v1/auth/demo-sign-in",
                None,
                Some(json!({ "email": "hidden@example.com", "display_name": name })),
            )
            .await;
        assert_eq!(
            first_error(&reply),
            pair("display_name", "invisible_character"),
            "{what}"
        );
    }
    // Nothing hidden was stored.
    let acme_now = app
        .get(&format!("/api/v1/organizations/{acme}"), &partner)
        .await
        .ok();
    assert_eq!(acme_now["name"], "Acme Corp");
    assert!(app
        .get("/api/v1/organizations?search=Clean", &partner)
        .await
        .ok()["items"]
        .as_array()
        .unwrap()
        .is_empty());

    // Scripts that spell with a joiner still pass.
    let reply = app
        .send(
            axum::http::Method::POST,
            "/api/v1/auth/demo-sign-in",
            None,
            Some(json!({ "email": "persian@example.com", "display_name": "می\u{200C}خواهم" })),
        )
        .await
        .ok();
    assert_eq!(reply["me"]["display_name"], "می\u{200C}خواهم");
}

#[tokio::test]
async fn a_body_must_be_a_json_object_not_an_array_of_the_fields() {
    let app = TestApp::demo().await;
    let partner = app.sign_in(PARTNER).await;
    let acme = app.org_id(&partner, "Acme Corp").await;
    // serde reads a struct from an array of its fields in order: found by `make fuzz`.
    let reply = app
        .patch(
            &format!("/api/v1/organizations/{acme}"),
            &partner,
            json!(["Renamed", null]),
        )
        .await;
    assert_eq!(first_error(&reply), pair("body", "invalid"));
    let reply = app
        .post(
            "/api/v1/organizations",
            &partner,
            json!(["Array Corp", "o@array.example", "Olive", "Owner"]),
        )
        .await;
    assert_eq!(first_error(&reply), pair("body", "invalid"));
    let acme_now = app
        .get(&format!("/api/v1/organizations/{acme}"), &partner)
        .await
        .ok();
    assert_eq!(acme_now["name"], "Acme Corp");
    // Nested errors keep their path.
    let reply = app
        .post(
            &format!("/api/v1/organizations/{acme}/invitations"),
            &partner,
            json!({ "emails": ["a@example.com"], "tags": [{ "key": "k", "value": "v", "colour": "red" }] }),
        )
        .await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.text);
    let reply = app
        .post(
            &format!("/api/v1/organizations/{acme}/invitations"),
            &partner,
            json!({ "emails": ["a@example.com", 7] }),
        )
        .await;
    assert_eq!(first_error(&reply), pair("emails[1]", "invalid"));
}
