//! Invitations: batch outcomes, dry run, idempotency, every state transition,
//! the invitee side by id and by emailed token.

mod common;

use axum::http::Method;
use common::{TestApp, PARTNER, SAM};
use roster_api::INVITATION_TTL_SECONDS;
use serde_json::{json, Value};

async fn acme(app: &TestApp) -> (String, String) {
    let partner = app.sign_in(PARTNER).await;
    let acme = app.org_id(&partner, "Acme Corp").await;
    (partner, acme)
}

async fn outbox_count(app: &TestApp, token: &str) -> usize {
    app.get("/api/v1/dev/outbox", token)
        .await
        .ok()
        .as_array()
        .map(Vec::len)
        .unwrap_or_default()
}

async fn invitation_count(app: &TestApp, token: &str, org: &str) -> u64 {
    app.get(&format!("/api/v1/organizations/{org}/invitations"), token)
        .await
        .ok()["total_count"]
        .as_u64()
        .expect("count")
}

fn outcomes(reply: &Value) -> Vec<(String, String)> {
    reply["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            (
                r["email"].as_str().unwrap_or_default().to_owned(),
                r["outcome"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// Invites one address and answers (invitation id, token from the outbox link).
async fn invite_one(
    app: &TestApp,
    token: &str,
    org: &str,
    email: &str,
    extra: Value,
) -> (String, String) {
    let mut body = json!({ "emails": [email] });
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    let reply = app
        .post(
            &format!("/api/v1/organizations/{org}/invitations"),
            token,
            body,
        )
        .await
        .ok();
    assert_eq!(reply["results"][0]["outcome"], "invited", "{reply}");
    let id = reply["results"][0]["invitation"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let link = app.last_link(token, email).await;
    (id, TestApp::token_of(&link))
}

#[tokio::test]
async fn batch_reports_each_address() {
    let app = TestApp::demo().await;
    let (partner, acme) = acme(&app).await;
    let before_outbox = outbox_count(&app, &partner).await;
    let before = invitation_count(&app, &partner, &acme).await;
    let body = json!({
        "emails": ["Fresh@Example.com", "fresh@example.com ", "sam@roster.demo", "new.hire@acme.example", "not-an-address", "", "second@example.org"],
        "tags": [{ "key": "team", "value": "core" }],
        "permissions": ["view_members"]
    });
    let reply = app
        .post(
            &format!("/api/v1/organizations/{acme}/invitations"),
            &partner,
            body,
        )
        .await
        .ok();
    assert_eq!(reply["dry_run"], false);
    assert_eq!(
        outcomes(&reply),
        [
            ("fresh@example.com".to_owned(), "invited".to_owned()),
            ("sam@roster.demo".to_owned(), "already_member".to_owned()),
            (
                "new.hire@acme.example".to_owned(),
                "already_invited".to_owned()
            ),
            ("not-an-address".to_owned(), "invalid".to_owned()),
            ("second@example.org".to_owned(), "invited".to_owned()),
        ]
    );
    let results = reply["results"].as_array().expect("results");
    assert!(results[1]["member_id"].is_string());
    assert_eq!(results[2]["invitation"]["status"], "pending");
    assert!(results[3]["reason"]
        .as_str()
        .is_some_and(|r| r.contains('@')));
    let invited = &results[0]["invitation"];
    assert_eq!(invited["status"], "pending");
    assert_eq!(invited["organization_name"], "Acme Corp");
    assert_eq!(invited["invited_by"]["email"], PARTNER);
    assert_eq!(invited["tags"], json!([{ "key": "team", "value": "core" }]));
    assert!(invited["link"]
        .as_str()
        .is_some_and(|l| l.starts_with("http://roster.test/invitations/accept?token=")));
    let sent = chrono::DateTime::parse_from_rfc3339(invited["sent_at"].as_str().expect("sent"))
        .expect("time");
    let expires =
        chrono::DateTime::parse_from_rfc3339(invited["expires_at"].as_str().expect("expires"))
            .expect("time");
    assert_eq!((expires - sent).num_seconds(), INVITATION_TTL_SECONDS);

    assert_eq!(outbox_count(&app, &partner).await, before_outbox + 2);
    assert_eq!(invitation_count(&app, &partner, &acme).await, before + 2);
    let message = &app
        .get("/api/v1/dev/outbox?to=fresh@example.com", &partner)
        .await
        .ok()[0];
    assert!(message["subject"]
        .as_str()
        .is_some_and(|s| s.contains("Acme Corp")));
    assert_eq!(message["invitation_id"], invited["id"]);
    assert!(message["body"]
        .as_str()
        .is_some_and(|b| b.contains(message["link"].as_str().expect("link"))));

    // Tokens are stored only as hashes.
    let token = TestApp::token_of(message["link"].as_str().expect("link"));
    let mut conn = app.state.store.read().await.expect("conn");
    let raw: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invitations WHERE token_hash = $1")
        .bind(&token)
        .fetch_one(&mut *conn)
        .await
        .expect("query");
    assert_eq!(raw, 0);
}

#[tokio::test]
async fn request_level_validation() {
    let app = TestApp::demo().await;
    let (partner, acme) = acme(&app).await;
    let path = format!("/api/v1/organizations/{acme}/invitations");
    let r = app
        .post(&path, &partner, json!({ "emails": [] }))
        .await
        .expect(422, "validation_failed");
    assert_eq!(r.fields(), ["emails"]);
    let r = app
        .post(&path, &partner, json!({ "emails": ["  ", ""] }))
        .await
        .expect(422, "validation_failed");
    assert_eq!(r.fields(), ["emails"]);
    let many: Vec<String> = (0..1001).map(|i| format!("p{i}@example.com")).collect();
    let r = app
        .post(&path, &partner, json!({ "emails": many }))
        .await
        .expect(422, "validation_failed");
    assert_eq!(r.json["errors"][0]["code"], "too_many");
    let r = app
        .post(
            &path,
            &partner,
            json!({ "emails": ["a@example.com"], "tags": [{ "key": "", "value": "x" }] }),
        )
        .await
        .expect(422, "validation_failed");
    assert_eq!(r.fields(), ["tags[0].key"]);
    let r = app
        .post(&path, &partner, json!({ "emails": ["a@example.com"], "group_ids": ["00000000-0000-0000-0000-000000000000"] }))
        .await
        .expect(422, "validation_failed");
    assert_eq!(r.fields(), ["group_ids[0]"]);
    let r = app
        .post(
            &path,
            &partner,
            json!({ "emails": ["a@example.com"], "permissions": ["root"] }),
        )
        .await;
    assert_eq!(r.status, 422);
    // No body, so no JSON content type: 415.
    let r = app.send(Method::POST, &path, Some(&partner), None).await;
    assert_eq!(r.status.as_u16(), 415);
    assert_eq!(r.content_type, "application/problem+json");
    // Exactly 1,000 is fine (a dry run keeps the test fast).
    let thousand: Vec<String> = (0..1000).map(|i| format!("p{i}@example.com")).collect();
    let r = app
        .post(
            &format!("{path}?dry_run=true"),
            &partner,
            json!({ "emails": thousand }),
        )
        .await
        .ok();
    assert_eq!(r["results"].as_array().map(Vec::len), Some(1000));
}

#[tokio::test]
async fn dry_run_answers_the_same_and_writes_nothing() {
    let app = TestApp::demo().await;
    let (partner, acme) = acme(&app).await;
    let path = format!("/api/v1/organizations/{acme}/invitations");
    let before_outbox = outbox_count(&app, &partner).await;
    let before = invitation_count(&app, &partner, &acme).await;
    let body =
        json!({ "emails": ["one@example.com", "sam@roster.demo", "intern@acme.example", "bad"] });
    let dry = app
        .post(&format!("{path}?dry_run=true"), &partner, body.clone())
        .await
        .ok();
    assert_eq!(dry["dry_run"], true);
    assert!(dry["results"][0]["invitation"].is_null());
    assert_eq!(outbox_count(&app, &partner).await, before_outbox);
    assert_eq!(invitation_count(&app, &partner, &acme).await, before);
    let real = app.post(&path, &partner, body).await.ok();
    assert_eq!(outcomes(&dry), outcomes(&real));
}

#[tokio::test]
async fn idempotency_key_replays_and_refuses_reuse() {
    let app = TestApp::demo().await;
    let (partner, acme) = acme(&app).await;
    let path = format!("/api/v1/organizations/{acme}/invitations");
    let body = json!({ "emails": ["retry@example.com", "retry2@example.com"] });
    let key = [("idempotency-key", "7f1c8a4e-retry")];
    let first = app
        .send_with(
            Method::POST,
            &path,
            Some(&partner),
            Some(body.clone()),
            &key,
        )
        .await;
    assert_eq!(first.status, 200);
    let outbox = outbox_count(&app, &partner).await;
    let count = invitation_count(&app, &partner, &acme).await;
    let again = app
        .send_with(
            Method::POST,
            &path,
            Some(&partner),
            Some(body.clone()),
            &key,
        )
        .await;
    assert_eq!(again.status, 200);
    assert_eq!(
        again.json, first.json,
        "the stored response, not 'already invited'"
    );
    assert_eq!(outbox_count(&app, &partner).await, outbox);
    assert_eq!(invitation_count(&app, &partner, &acme).await, count);
    let other = json!({ "emails": ["someone.else@example.com"] });
    app.send_with(Method::POST, &path, Some(&partner), Some(other), &key)
        .await
        .expect(422, "idempotency_key_reused");
    // Without a key the same request is judged afresh.
    let fresh = app.post(&path, &partner, body).await.ok();
    assert_eq!(fresh["results"][0]["outcome"], "already_invited");
    let bad = [("idempotency-key", "")];
    app.send_with(
        Method::POST,
        &path,
        Some(&partner),
        Some(json!({ "emails": ["x@example.com"] })),
        &bad,
    )
    .await
    .expect(422, "validation_failed");
}

#[tokio::test]
async fn accept_by_token_grants_groups_tags_permissions_once() {
    let app = TestApp::demo().await;
    let (partner, acme) = acme(&app).await;
    let groups = app
        .get(&format!("/api/v1/organizations/{acme}/groups"), &partner)
        .await
        .ok();
    let support = groups["items"]
        .as_array()
        .expect("groups")
        .iter()
        .find(|g| g["name"] == "Support")
        .expect("support")["id"]
        .clone();
    let extra = json!({ "group_ids": [support], "tags": [{ "key": "team", "value": "care" }, { "key": "shift", "value": "night" }],
        "permissions": ["view_members", "create_projects"] });
    let (id, token) = invite_one(&app, &partner, &acme, "joiner@example.com", extra).await;

    // Anyone with the link can look it up, without signing in.
    let found = app
        .send(
            Method::POST,
            "/api/v1/invitations/lookup",
            None,
            Some(json!({ "token": token })),
        )
        .await
        .ok();
    assert_eq!(found["id"], id.as_str());
    assert_eq!(found["organization_name"], "Acme Corp");

    // Accepting needs the invited address.
    let sam = app.sign_in(SAM).await;
    app.post(
        "/api/v1/invitations/accept",
        &sam,
        json!({ "token": token }),
    )
    .await
    .expect(403, "invitation_for_another_address");
    app.send(
        Method::POST,
        "/api/v1/invitations/accept",
        None,
        Some(json!({ "token": token })),
    )
    .await
    .expect(401, "unauthenticated");

    let joiner = app.sign_in("joiner@example.com").await;
    assert_eq!(
        app.get("/api/v1/me", &joiner).await.ok()["pending_invitation_count"],
        1
    );
    let accepted = app
        .post(
            "/api/v1/invitations/accept",
            &joiner,
            json!({ "token": token }),
        )
        .await
        .ok();
    assert_eq!(accepted["invitation"]["status"], "accepted");
    assert!(accepted["invitation"]["responded_at"].is_string());
    assert_eq!(accepted["organization"]["name"], "Acme Corp");
    assert_eq!(
        accepted["organization"]["my_permissions"],
        json!(["view_members", "create_projects"])
    );
    assert_eq!(
        app.get("/api/v1/me", &joiner).await.ok()["pending_invitation_count"],
        0
    );

    let member = app
        .get(
            &format!("/api/v1/organizations/{acme}/users?search=joiner"),
            &partner,
        )
        .await
        .ok();
    let member = &member["items"][0];
    assert_eq!(member["type"], "member");
    assert_eq!(member["groups"][0]["name"], "Support");
    assert_eq!(
        member["tags"],
        json!([{ "key": "team", "value": "care" }, { "key": "shift", "value": "night" }])
    );
    assert_eq!(
        member["permissions"],
        json!(["view_members", "create_projects"])
    );
    assert!(member["last_login_at"].is_string());

    // Single use: a second accept, a decline and a lookup all answer the same 404.
    app.post(
        "/api/v1/invitations/accept",
        &joiner,
        json!({ "token": token }),
    )
    .await
    .expect(404, "invitation_link_invalid");
    app.post(
        "/api/v1/invitations/decline",
        &joiner,
        json!({ "token": token }),
    )
    .await
    .expect(404, "invitation_link_invalid");
    app.send(
        Method::POST,
        "/api/v1/invitations/lookup",
        None,
        Some(json!({ "token": token })),
    )
    .await
    .expect(404, "invitation_link_invalid");
    app.post(
        &format!("/api/v1/me/invitations/{id}/accept"),
        &joiner,
        json!({}),
    )
    .await
    .expect(409, "invitation_not_pending");
    let listed = app
        .get(
            &format!("/api/v1/organizations/{acme}/invitations/{id}"),
            &partner,
        )
        .await
        .ok();
    assert_eq!(listed["status"], "accepted");
    assert!(listed["link"].is_null(), "no link once it cannot be used");
    // Accepted invitations cannot be resent or revoked.
    let base = format!("/api/v1/organizations/{acme}/invitations/{id}");
    app.post(&format!("{base}/resend"), &partner, json!({}))
        .await
        .expect(409, "invitation_not_pending");
    app.post(&format!("{base}/revoke"), &partner, json!({}))
        .await
        .expect(409, "invitation_not_pending");
}

#[tokio::test]
async fn unknown_and_malformed_tokens_are_the_same_404() {
    let app = TestApp::demo().await;
    let sam = app.sign_in(SAM).await;
    for token in ["", "nope", "x".repeat(500).as_str()] {
        app.send(
            Method::POST,
            "/api/v1/invitations/lookup",
            None,
            Some(json!({ "token": token })),
        )
        .await
        .expect(404, "invitation_link_invalid");
        app.post(
            "/api/v1/invitations/accept",
            &sam,
            json!({ "token": token }),
        )
        .await
        .expect(404, "invitation_link_invalid");
    }
}

#[tokio::test]
async fn expiry_follows_the_clock_and_resend_revives() {
    let app = TestApp::demo().await;
    let (partner, acme) = acme(&app).await;
    let (id, old_token) = invite_one(&app, &partner, &acme, "slow@example.com", json!({})).await;
    let base = format!("/api/v1/organizations/{acme}/invitations");
    app.advance(INVITATION_TTL_SECONDS - 60);
    assert_eq!(
        app.get(&format!("{base}/{id}"), &partner).await.ok()["status"],
        "pending"
    );
    app.advance(120);
    let expired = app.get(&format!("{base}/{id}"), &partner).await.ok();
    assert_eq!(expired["status"], "expired");
    let list = app
        .get(&format!("{base}?status=expired&page_size=100"), &partner)
        .await
        .ok();
    assert!(list["items"]
        .as_array()
        .expect("items")
        .iter()
        .any(|i| i["id"] == id.as_str()));
    let pending = app
        .get(&format!("{base}?status=pending&page_size=100"), &partner)
        .await
        .ok();
    assert!(!pending["items"]
        .as_array()
        .expect("items")
        .iter()
        .any(|i| i["id"] == id.as_str()));

    let slow = app.sign_in("slow@example.com").await;
    assert_eq!(
        app.get("/api/v1/me", &slow).await.ok()["pending_invitation_count"],
        0
    );
    app.post(
        "/api/v1/invitations/accept",
        &slow,
        json!({ "token": old_token }),
    )
    .await
    .expect(404, "invitation_link_invalid");
    app.post(&format!("{base}/{id}/revoke"), &partner, json!({}))
        .await
        .expect(409, "invitation_not_pending");

    // Resend: new token, new expiry, new message; the old link stays dead.
    let outbox = outbox_count(&app, &partner).await;
    let resent = app
        .post(&format!("{base}/{id}/resend"), &partner, json!({}))
        .await
        .ok();
    assert_eq!(resent["status"], "pending");
    assert!(resent["expires_at"].as_str() > expired["expires_at"].as_str());
    assert_eq!(outbox_count(&app, &partner).await, outbox + 1);
    let new_token = TestApp::token_of(&app.last_link(&partner, "slow@example.com").await);
    assert_ne!(new_token, old_token);
    assert_eq!(
        resent["link"].as_str().map(TestApp::token_of),
        Some(new_token.clone())
    );
    app.post(
        "/api/v1/invitations/accept",
        &slow,
        json!({ "token": old_token }),
    )
    .await
    .expect(404, "invitation_link_invalid");
    app.post(
        "/api/v1/invitations/accept",
        &slow,
        json!({ "token": new_token }),
    )
    .await
    .ok();
}

#[tokio::test]
async fn resend_rotates_the_token_of_a_pending_invitation() {
    let app = TestApp::demo().await;
    let (partner, acme) = acme(&app).await;
    let (id, first) = invite_one(&app, &partner, &acme, "rotate@example.com", json!({})).await;
    let base = format!("/api/v1/organizations/{acme}/invitations/{id}");
    app.post(&format!("{base}/resend"), &partner, json!({}))
        .await
        .ok();
    let second = TestApp::token_of(&app.last_link(&partner, "rotate@example.com").await);
    assert_ne!(first, second);
    let message = &app
        .get("/api/v1/dev/outbox?to=rotate@example.com", &partner)
        .await
        .ok()[0];
    assert!(message["subject"]
        .as_str()
        .is_some_and(|s| s.starts_with("Reminder")));
    app.send(
        Method::POST,
        "/api/v1/invitations/lookup",
        None,
        Some(json!({ "token": first })),
    )
    .await
    .expect(404, "invitation_link_invalid");
    app.send(
        Method::POST,
        "/api/v1/invitations/lookup",
        None,
        Some(json!({ "token": second })),
    )
    .await
    .ok();
}

#[tokio::test]
async fn revoke_then_accept_fails() {
    let app = TestApp::demo().await;
    let (partner, acme) = acme(&app).await;
    let (id, token) = invite_one(&app, &partner, &acme, "revoked@example.com", json!({})).await;
    let base = format!("/api/v1/organizations/{acme}/invitations/{id}");
    let revoked = app
        .post(&format!("{base}/revoke"), &partner, json!({}))
        .await
        .ok();
    assert_eq!(revoked["status"], "revoked");
    app.post(&format!("{base}/revoke"), &partner, json!({}))
        .await
        .expect(409, "invitation_not_pending");
    app.post(&format!("{base}/resend"), &partner, json!({}))
        .await
        .expect(409, "invitation_not_pending");
    let invitee = app.sign_in("revoked@example.com").await;
    app.post(
        "/api/v1/invitations/accept",
        &invitee,
        json!({ "token": token }),
    )
    .await
    .expect(404, "invitation_link_invalid");
    app.post(
        &format!("/api/v1/me/invitations/{id}/accept"),
        &invitee,
        json!({}),
    )
    .await
    .expect(409, "invitation_not_pending");
    let members = app
        .get(
            &format!("/api/v1/organizations/{acme}/users?search=revoked"),
            &partner,
        )
        .await
        .ok();
    assert_eq!(members["total_count"], 0);
    // A revoked address can be invited again.
    let again = app
        .post(
            &format!("/api/v1/organizations/{acme}/invitations"),
            &partner,
            json!({ "emails": ["revoked@example.com"] }),
        )
        .await
        .ok();
    assert_eq!(again["results"][0]["outcome"], "invited");
}

#[tokio::test]
async fn invitee_lists_accepts_and_declines_by_id() {
    let app = TestApp::demo().await;
    let (partner, acme) = acme(&app).await;
    let sam = app.sign_in(SAM).await;
    let mine = app.get("/api/v1/me/invitations", &sam).await.ok();
    assert_eq!(mine["total_count"], 1);
    let globex_inv = mine["items"][0].clone();
    assert_eq!(globex_inv["organization_name"], "Globex");
    assert!(
        globex_inv["link"].is_null(),
        "the invitee's list never carries links"
    );
    let id = globex_inv["id"].as_str().expect("id").to_owned();

    // Someone else cannot answer Sam's invitation: it is not theirs to see.
    let other = app.sign_in("other@example.com").await;
    app.post(
        &format!("/api/v1/me/invitations/{id}/accept"),
        &other,
        json!({}),
    )
    .await
    .expect(404, "not_found");
    app.post(
        &format!("/api/v1/me/invitations/{id}/decline"),
        &other,
        json!({}),
    )
    .await
    .expect(404, "not_found");

    let accepted = app
        .post(
            &format!("/api/v1/me/invitations/{id}/accept"),
            &sam,
            json!({}),
        )
        .await
        .ok();
    assert_eq!(accepted["organization"]["name"], "Globex");
    let orgs = app.get("/api/v1/organizations", &sam).await.ok();
    assert_eq!(orgs["total_count"], 2);
    app.post(
        &format!("/api/v1/me/invitations/{id}/accept"),
        &sam,
        json!({}),
    )
    .await
    .expect(409, "invitation_not_pending");
    assert_eq!(
        app.get("/api/v1/me/invitations", &sam).await.ok()["total_count"],
        0
    );

    // Decline by id, then by token.
    let (decline_id, _) =
        invite_one(&app, &partner, &acme, "decliner@example.com", json!({})).await;
    let decliner = app.sign_in("decliner@example.com").await;
    let declined = app
        .post(
            &format!("/api/v1/me/invitations/{decline_id}/decline"),
            &decliner,
            json!({}),
        )
        .await
        .ok();
    assert_eq!(declined["status"], "declined");
    assert!(declined["responded_at"].is_string());
    app.post(
        &format!("/api/v1/me/invitations/{decline_id}/decline"),
        &decliner,
        json!({}),
    )
    .await
    .expect(409, "invitation_not_pending");
    let (_, token) = invite_one(&app, &partner, &acme, "decliner2@example.com", json!({})).await;
    let decliner2 = app.sign_in("decliner2@example.com").await;
    let declined = app
        .post(
            "/api/v1/invitations/decline",
            &decliner2,
            json!({ "token": token }),
        )
        .await
        .ok();
    assert_eq!(declined["status"], "declined");
    app.post(
        "/api/v1/invitations/accept",
        &decliner2,
        json!({ "token": token }),
    )
    .await
    .expect(404, "invitation_link_invalid");
    let declined_list = app
        .get(
            &format!("/api/v1/organizations/{acme}/invitations?status=declined"),
            &partner,
        )
        .await
        .ok();
    assert_eq!(
        declined_list["total_count"], 3,
        "the demo's declined invitation and these two"
    );
}

#[tokio::test]
async fn expired_invitation_is_reissued_by_a_new_batch() {
    let app = TestApp::demo().await;
    let (partner, acme) = acme(&app).await;
    let path = format!("/api/v1/organizations/{acme}/invitations");
    // The demo has an expired invitation for late.reply@acme.example.
    let expired = app
        .get(&format!("{path}?status=expired"), &partner)
        .await
        .ok();
    assert_eq!(expired["items"][0]["email"], "late.reply@acme.example");
    let old_id = expired["items"][0]["id"].clone();
    let reply = app
        .post(
            &path,
            &partner,
            json!({ "emails": ["late.reply@acme.example"], "permissions": ["api_access"] }),
        )
        .await
        .ok();
    assert_eq!(reply["results"][0]["outcome"], "invited");
    assert_eq!(
        reply["results"][0]["invitation"]["id"], old_id,
        "one invitation per address"
    );
    assert_eq!(reply["results"][0]["invitation"]["status"], "pending");
    assert_eq!(
        reply["results"][0]["invitation"]["permissions"],
        json!(["api_access"])
    );
}

#[tokio::test]
async fn admin_list_filters_searches_sorts() {
    let app = TestApp::demo().await;
    let (partner, acme) = acme(&app).await;
    let path = format!("/api/v1/organizations/{acme}/invitations");
    let all = app.get(&path, &partner).await.ok();
    assert_eq!(all["total_count"], 7);
    let sent: Vec<&str> = all["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["sent_at"].as_str())
        .collect();
    assert!(
        sent.windows(2).all(|w| w[0] >= w[1]),
        "newest first by default"
    );
    for (status, n) in [
        ("pending", 3),
        ("expired", 1),
        ("accepted", 1),
        ("declined", 1),
        ("revoked", 1),
    ] {
        let page = app
            .get(&format!("{path}?status={status}"), &partner)
            .await
            .ok();
        assert_eq!(page["total_count"], n, "{status}");
        assert!(page["items"]
            .as_array()
            .expect("items")
            .iter()
            .all(|i| i["status"] == status));
    }
    let found = app
        .get(&format!("{path}?search=INTERN"), &partner)
        .await
        .ok();
    assert_eq!(found["items"][0]["email"], "intern@acme.example");
    let by_email = app
        .get(&format!("{path}?order_by=email&page_size=2"), &partner)
        .await
        .ok();
    assert_eq!(
        by_email["items"][0]["email"],
        "contractor@freelance.example"
    );
    app.get(&format!("{path}?order_by=expires_at"), &partner)
        .await
        .ok();
    app.get(&format!("{path}?order_by=-status"), &partner)
        .await
        .ok();
    app.get(&format!("{path}?order_by=token"), &partner)
        .await
        .expect(422, "validation_failed");
    // Demo mode exposes the link of pending invitations only.
    let pending = app
        .get(&format!("{path}?status=pending"), &partner)
        .await
        .ok();
    assert!(pending["items"]
        .as_array()
        .expect("items")
        .iter()
        .all(|i| i["link"].is_string()));
    let accepted = app
        .get(&format!("{path}?status=accepted"), &partner)
        .await
        .ok();
    assert!(accepted["items"][0]["link"].is_null());
    // Another organization's invitation is not found here.
    let globex = app.org_id(&partner, "Globex").await;
    let globex_inv = app
        .get(
            &format!("/api/v1/organizations/{globex}/invitations"),
            &partner,
        )
        .await
        .ok()["items"][0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    app.get(&format!("{path}/{globex_inv}"), &partner)
        .await
        .expect(404, "not_found");
    app.post(&format!("{path}/{globex_inv}/revoke"), &partner, json!({}))
        .await
        .expect(404, "not_found");
}

#[tokio::test]
async fn concurrent_retries_with_one_key_create_one_invitation() {
    let app = TestApp::demo().await;
    let (partner, acme) = acme(&app).await;
    let path = format!("/api/v1/organizations/{acme}/invitations");
    let body = json!({ "emails": ["double.click@example.com"] });
    let key = [("idempotency-key", "double-click-key")];
    let (a, b) = tokio::join!(
        app.send_with(
            Method::POST,
            &path,
            Some(&partner),
            Some(body.clone()),
            &key
        ),
        app.send_with(
            Method::POST,
            &path,
            Some(&partner),
            Some(body.clone()),
            &key
        ),
    );
    assert_eq!(a.status, 200);
    assert_eq!(a.json, b.json);
    let messages = app
        .get("/api/v1/dev/outbox?to=double.click@example.com", &partner)
        .await
        .ok();
    assert_eq!(messages.as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn an_invitation_carries_only_permissions_the_inviter_holds() {
    let app = TestApp::demo().await;
    let (partner, acme) = acme(&app).await;
    let sam_id = app.member_id(&partner, &acme, "sam").await;
    app.patch(
        &format!("/api/v1/organizations/{acme}/users/{sam_id}"),
        &partner,
        json!({ "permissions": ["manage_members", "view_members"] }),
    )
    .await
    .ok();
    let sam = app.sign_in(SAM).await;
    let path = format!("/api/v1/organizations/{acme}/invitations");
    let before = invitation_count(&app, &partner, &acme).await;
    let body = json!({ "emails": ["friend@example.com"],
        "permissions": ["view_members", "manage_organization", "manage_billing"] });
    for url in [format!("{path}?dry_run=true"), path.clone()] {
        let r = app
            .post(&url, &sam, body.clone())
            .await
            .expect(422, "validation_failed");
        assert_eq!(r.fields(), ["permissions[1]", "permissions[2]"], "{url}");
        assert_eq!(r.json["errors"][0]["code"], "permission_not_held");
        assert!(r.json["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("Manage organization")));
    }
    assert_eq!(invitation_count(&app, &partner, &acme).await, before);
    // What Sam holds, Sam may grant.
    let (_, _) = invite_one(
        &app,
        &sam,
        &acme,
        "friend@example.com",
        json!({ "permissions": ["view_members", "manage_members"] }),
    )
    .await;

    // Resending an invitation that grants more than Sam holds would grant it anew.
    let (rich, _) = invite_one(
        &app,
        &partner,
        &acme,
        "billing.lead@example.com",
        json!({ "permissions": ["manage_billing"] }),
    )
    .await;
    let r = app
        .post(&format!("{path}/{rich}/resend"), &sam, json!({}))
        .await
        .expect(403, "permission_not_held");
    assert!(r.json["detail"]
        .as_str()
        .is_some_and(|d| d.contains("Manage billing")));
    app.post(&format!("{path}/{rich}/resend"), &partner, json!({}))
        .await
        .ok();
}
