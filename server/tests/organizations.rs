//! Organizations: visibility, paging, sorting, filters, create, update, lock.

mod common;

use common::{TestApp, PARTNER, SAM};
use serde_json::{json, Value};

fn names(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|o| o["name"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn partner_sees_the_organizations_it_created_member_sees_its_own() {
    let app = TestApp::demo().await;
    let partner = app.sign_in(PARTNER).await;
    let page = app.get("/api/v1/organizations", &partner).await.ok();
    assert_eq!(page["total_count"], 6);
    assert_eq!(
        names(&page),
        [
            "Acme Corp",
            "Globex",
            "Hooli",
            "Initech",
            "Stark Industries",
            "Umbrella"
        ]
    );
    assert_eq!(page["page"], 1);
    assert_eq!(page["page_size"], 25);
    assert_eq!(
        page["items"][0]["my_permissions"].as_array().map(Vec::len),
        Some(7)
    );

    let sam = app.sign_in(SAM).await;
    let page = app.get("/api/v1/organizations", &sam).await.ok();
    assert_eq!(names(&page), ["Acme Corp"]);
    assert_eq!(page["items"][0]["my_permissions"], json!(["view_members"]));

    // Another partner sees none of them, and gets 404 on their ids.
    let other = app.sign_in("other.partner@example.com").await;
    let mut conn = app.state.store.read().await.expect("conn");
    sqlx::query("UPDATE accounts SET kind = 'partner' WHERE email = 'other.partner@example.com'")
        .execute(&mut *conn)
        .await
        .expect("promote");
    drop(conn);
    assert_eq!(
        app.get("/api/v1/organizations", &other).await.ok()["total_count"],
        0
    );
    let acme = app.org_id(&partner, "Acme Corp").await;
    app.get(&format!("/api/v1/organizations/{acme}"), &other)
        .await
        .expect(404, "not_found");
    let globex = app.org_id(&partner, "Globex").await;
    app.get(&format!("/api/v1/organizations/{globex}"), &sam)
        .await
        .expect(404, "not_found");
    app.get("/api/v1/organizations/not-a-uuid", &sam)
        .await
        .expect(404, "not_found");
}

#[tokio::test]
async fn paging_sorting_and_filters() {
    let app = TestApp::demo().await;
    let partner = app.sign_in(PARTNER).await;
    let page = app
        .get("/api/v1/organizations?page=2&page_size=4", &partner)
        .await
        .ok();
    assert_eq!(names(&page), ["Stark Industries", "Umbrella"]);
    assert_eq!(page["total_count"], 6);
    let page = app
        .get("/api/v1/organizations?order_by=-name&page_size=2", &partner)
        .await
        .ok();
    assert_eq!(names(&page), ["Umbrella", "Stark Industries"]);
    let page = app
        .get(
            "/api/v1/organizations?order_by=-created_at&page_size=1",
            &partner,
        )
        .await
        .ok();
    assert_eq!(names(&page), ["Stark Industries"]);
    let page = app
        .get(
            "/api/v1/organizations?order_by=customer_id&page_size=1",
            &partner,
        )
        .await
        .ok();
    assert_eq!(names(&page), ["Acme Corp"]);
    let page = app
        .get("/api/v1/organizations?status=locked", &partner)
        .await
        .ok();
    assert_eq!(names(&page), ["Initech"]);
    assert_eq!(page["items"][0]["locked_by"], "partner");
    assert_eq!(page["items"][0]["lock_reason_message"], "Unpaid invoices");
    let page = app
        .get("/api/v1/organizations?locked_by=partner", &partner)
        .await
        .ok();
    assert_eq!(names(&page), ["Initech"]);
    let page = app
        .get(
            "/api/v1/organizations?status=active&order_by=status",
            &partner,
        )
        .await
        .ok();
    assert_eq!(page["total_count"], 5);
    let page = app
        .get("/api/v1/organizations?customer_id=cust-1002", &partner)
        .await
        .ok();
    assert_eq!(names(&page), ["Globex"]);
    let page = app
        .get(
            "/api/v1/organizations?email=Hank.Scorpio@globex.example",
            &partner,
        )
        .await
        .ok();
    assert_eq!(names(&page), ["Globex"]);
    let page = app
        .get("/api/v1/organizations?search=IND", &partner)
        .await
        .ok();
    assert_eq!(names(&page), ["Stark Industries"]);
    let page = app
        .get("/api/v1/organizations?search=1005", &partner)
        .await
        .ok();
    assert_eq!(names(&page), ["Hooli"]);
    let page = app
        .get("/api/v1/organizations?search=%25", &partner)
        .await
        .ok();
    assert_eq!(
        page["total_count"], 0,
        "LIKE wildcards are matched literally"
    );
}

#[tokio::test]
async fn invalid_list_parameters_are_field_errors() {
    let app = TestApp::demo().await;
    let partner = app.sign_in(PARTNER).await;
    let r = app
        .get("/api/v1/organizations?order_by=owner", &partner)
        .await
        .expect(422, "validation_failed");
    assert_eq!(r.fields(), ["order_by"]);
    let r = app
        .get("/api/v1/organizations?page_size=101", &partner)
        .await
        .expect(422, "validation_failed");
    assert_eq!(r.fields(), ["page_size"]);
    let r = app
        .get("/api/v1/organizations?page=0", &partner)
        .await
        .expect(422, "validation_failed");
    assert_eq!(r.fields(), ["page"]);
    let r = app
        .get("/api/v1/organizations?page=abc", &partner)
        .await
        .expect(422, "validation_failed");
    assert_eq!(r.fields(), ["page"]);
    let r = app
        .get("/api/v1/organizations?status=sleeping", &partner)
        .await
        .expect(422, "validation_failed");
    assert_eq!(r.fields(), ["status"]);
}

#[tokio::test]
async fn create_organization_validates_and_makes_the_owner_a_member() {
    let app = TestApp::demo().await;
    let partner = app.sign_in(PARTNER).await;
    let bad = json!({ "name": " ", "email": "nope", "owner_firstname": "", "owner_lastname": "L",
        "siren_number": "123456789", "phone_number": "call me", "picture_link": "ftp://x" });
    let r = app
        .post("/api/v1/organizations", &partner, bad)
        .await
        .expect(422, "validation_failed");
    let fields = r.fields();
    for f in [
        "name",
        "email",
        "owner_firstname",
        "siren_number",
        "phone_number",
        "picture_link",
    ] {
        assert!(fields.contains(&f.to_owned()), "{f} missing in {fields:?}");
    }
    let good = json!({ "name": "  Wayne Enterprises ", "email": "Bruce@Wayne.example", "owner_firstname": "Bruce",
        "owner_lastname": "Wayne", "siren_number": "732 829 320", "customer_id": "CUST-9", "phone_number": "+1 555 0123" });
    let r = app.post("/api/v1/organizations", &partner, good).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let org = r.json;
    assert_eq!(org["name"], "Wayne Enterprises");
    assert_eq!(org["email"], "bruce@wayne.example");
    assert_eq!(org["siren_number"], "732829320");
    assert_eq!(org["status"], "active");
    assert_eq!(org["member_count"], 1);
    let id = org["id"].as_str().expect("id");
    let users = app
        .get(&format!("/api/v1/organizations/{id}/users"), &partner)
        .await
        .ok();
    assert_eq!(users["items"][0]["email"], "bruce@wayne.example");
    assert_eq!(users["items"][0]["type"], "owner");

    // The owner signs in and sees the organization with every permission.
    let bruce = app.sign_in("bruce@wayne.example").await;
    let mine = app.get("/api/v1/organizations", &bruce).await.ok();
    assert_eq!(names(&mine), ["Wayne Enterprises"]);
    assert_eq!(
        mine["items"][0]["my_permissions"].as_array().map(Vec::len),
        Some(7)
    );

    // Only partners create organizations.
    let sam = app.sign_in(SAM).await;
    let body = json!({ "name": "Sam Co", "email": "sam@roster.demo", "owner_firstname": "S", "owner_lastname": "M" });
    app.post("/api/v1/organizations", &sam, body)
        .await
        .expect(403, "forbidden");
}

#[tokio::test]
async fn update_organization_by_permission() {
    let app = TestApp::demo().await;
    let partner = app.sign_in(PARTNER).await;
    let acme = app.org_id(&partner, "Acme Corp").await;
    let path = format!("/api/v1/organizations/{acme}");
    let org = app
        .patch(
            &path,
            &partner,
            json!({ "comment": "Key account", "phone_number": "" }),
        )
        .await
        .ok();
    assert_eq!(org["comment"], "Key account");
    assert_eq!(org["phone_number"], Value::Null);
    assert_eq!(org["name"], "Acme Corp");
    let r = app
        .patch(&path, &partner, json!({ "name": "" }))
        .await
        .expect(422, "validation_failed");
    assert_eq!(r.fields(), ["name"]);
    let r = app
        .patch(&path, &partner, json!({ "siren_number": "111111111" }))
        .await
        .expect(422, "validation_failed");
    assert_eq!(r.fields(), ["siren_number"]);

    // Sam only views members in Acme.
    let sam = app.sign_in(SAM).await;
    let r = app
        .patch(&path, &sam, json!({ "comment": "x" }))
        .await
        .expect(403, "forbidden");
    assert!(r.json["detail"]
        .as_str()
        .is_some_and(|d| d.contains("Manage organization")));

    // The owner email is not a way to change the owner: that is a transfer.
    let r = app
        .patch(
            &path,
            &partner,
            json!({ "email": "new.owner@acme.example", "comment": "x" }),
        )
        .await
        .expect(422, "validation_failed");
    assert_eq!(r.fields(), ["email"]);
    assert_eq!(r.json["errors"][0]["code"], "owner_transfer_required");
    assert!(r.json["errors"][0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("transfer-ownership")));
    // The current address (in any case) is not a change.
    let org = app
        .patch(
            &path,
            &partner,
            json!({ "email": "Alice.Anderson@acme.example", "comment": "Same owner" }),
        )
        .await
        .ok();
    assert_eq!(org["email"], "alice.anderson@acme.example");
    assert_eq!(org["comment"], "Same owner");
    let owners = app
        .get(&format!("{path}/users?type=owner"), &partner)
        .await
        .ok();
    assert_eq!(owners["total_count"], 1);
    assert_eq!(owners["items"][0]["email"], "alice.anderson@acme.example");
}

#[tokio::test]
async fn transfer_ownership_by_the_partner() {
    let app = TestApp::demo().await;
    let partner = app.sign_in(PARTNER).await;
    let acme = app.org_id(&partner, "Acme Corp").await;
    let path = format!("/api/v1/organizations/{acme}");
    let sam_id = app.member_id(&partner, &acme, "sam").await;
    let alice_id = app.member_id(&partner, &acme, "alice.anderson").await;
    let org = app
        .post(
            &format!("{path}/transfer-ownership"),
            &partner,
            json!({ "user_id": sam_id }),
        )
        .await
        .ok();
    assert_eq!(org["email"], SAM);
    assert_eq!(org["owner_firstname"], "Sam");
    assert_eq!(org["owner_lastname"], "Member");
    let owners = app
        .get(&format!("{path}/users?type=owner"), &partner)
        .await
        .ok();
    assert_eq!(owners["total_count"], 1);
    assert_eq!(owners["items"][0]["email"], SAM);
    assert_eq!(
        owners["items"][0]["permissions"].as_array().map(Vec::len),
        Some(7)
    );
    // The previous owner stays, as a member with the permissions it had.
    let alice = app
        .get(&format!("{path}/users/{alice_id}"), &partner)
        .await
        .ok();
    assert_eq!(alice["type"], "member");
    assert_eq!(alice["permissions"].as_array().map(Vec::len), Some(7));
    // The new owner's permissions are now the fixed ones; the old owner's are editable.
    app.patch(
        &format!("{path}/users/{sam_id}"),
        &partner,
        json!({ "permissions": [] }),
    )
    .await
    .expect(409, "owner_permissions");
    app.patch(
        &format!("{path}/users/{alice_id}"),
        &partner,
        json!({ "permissions": ["view_members"] }),
    )
    .await
    .ok();
    // Sam sees the organization with every permission.
    let sam = app.sign_in(SAM).await;
    let mine = app.get(&path, &sam).await.ok();
    assert_eq!(mine["my_permissions"].as_array().map(Vec::len), Some(7));
    // Naming the owner again changes nothing.
    let again = app
        .post(
            &format!("{path}/transfer-ownership"),
            &partner,
            json!({ "user_id": sam_id }),
        )
        .await
        .ok();
    assert_eq!(again["email"], SAM);
    // Someone who is not a member cannot become the owner.
    let globex = app.org_id(&partner, "Globex").await;
    let outsider = app
        .get(&format!("/api/v1/organizations/{globex}/users"), &partner)
        .await
        .ok()["items"][0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let r = app
        .post(
            &format!("{path}/transfer-ownership"),
            &partner,
            json!({ "user_id": outsider }),
        )
        .await
        .expect(422, "validation_failed");
    assert_eq!(r.fields(), ["user_id"]);
}

#[tokio::test]
async fn transfer_ownership_needs_manage_organization_and_an_unlocked_organization() {
    let app = TestApp::demo().await;
    let partner = app.sign_in(PARTNER).await;
    let acme = app.org_id(&partner, "Acme Corp").await;
    let path = format!("/api/v1/organizations/{acme}");
    let sam_id = app.member_id(&partner, &acme, "sam").await;
    let alice_id = app.member_id(&partner, &acme, "alice.anderson").await;
    let sam = app.sign_in(SAM).await;
    // manage_members alone is not enough.
    app.patch(
        &format!("{path}/users/{sam_id}"),
        &partner,
        json!({ "permissions": ["manage_members", "view_members"] }),
    )
    .await
    .ok();
    let r = app
        .post(
            &format!("{path}/transfer-ownership"),
            &sam,
            json!({ "user_id": sam_id }),
        )
        .await
        .expect(403, "forbidden");
    assert!(r.json["detail"]
        .as_str()
        .is_some_and(|d| d.contains("Manage organization")));
    let org = app.get(&path, &partner).await.ok();
    assert_eq!(org["email"], "alice.anderson@acme.example");

    // A holder of manage_organization may transfer (here to itself).
    app.patch(
        &format!("{path}/users/{sam_id}"),
        &partner,
        json!({ "permissions": ["manage_organization", "view_members"] }),
    )
    .await
    .ok();
    let org = app
        .post(
            &format!("{path}/transfer-ownership"),
            &sam,
            json!({ "user_id": sam_id }),
        )
        .await
        .ok();
    assert_eq!(org["email"], SAM);
    // ...and the owner back to Alice.
    let org = app
        .post(
            &format!("{path}/transfer-ownership"),
            &sam,
            json!({ "user_id": alice_id }),
        )
        .await
        .ok();
    assert_eq!(org["email"], "alice.anderson@acme.example");
    assert_eq!(org["owner_firstname"], "Alice");

    // Not in a locked organization, not even for the partner.
    app.post(
        &format!("{path}/lock"),
        &partner,
        json!({ "reason": "Audit" }),
    )
    .await
    .ok();
    app.post(
        &format!("{path}/transfer-ownership"),
        &partner,
        json!({ "user_id": sam_id }),
    )
    .await
    .expect(423, "organization_locked");
    // Sam is not a member of Globex: it does not see it.
    let globex = app.org_id(&partner, "Globex").await;
    app.post(
        &format!("/api/v1/organizations/{globex}/transfer-ownership"),
        &sam,
        json!({ "user_id": sam_id }),
    )
    .await
    .expect(404, "not_found");
}

#[tokio::test]
async fn lock_refuses_writes_until_unlock() {
    let app = TestApp::demo().await;
    let partner = app.sign_in(PARTNER).await;
    let globex = app.org_id(&partner, "Globex").await;
    let path = format!("/api/v1/organizations/{globex}");
    let r = app
        .post(&format!("{path}/lock"), &partner, json!({ "reason": "  " }))
        .await
        .expect(422, "validation_failed");
    assert_eq!(r.fields(), ["reason"]);
    let org = app
        .post(
            &format!("{path}/lock"),
            &partner,
            json!({ "reason": "Contract ended" }),
        )
        .await
        .ok();
    assert_eq!(org["status"], "locked");
    assert_eq!(org["locked_by"], "partner");
    assert_eq!(org["lock_reason_message"], "Contract ended");
    assert!(org["locked_at"].is_string());
    app.post(
        &format!("{path}/lock"),
        &partner,
        json!({ "reason": "again" }),
    )
    .await
    .expect(409, "conflict");

    let r = app
        .patch(&path, &partner, json!({ "comment": "x" }))
        .await
        .expect(423, "organization_locked");
    let detail = r.json["detail"].as_str().unwrap_or_default();
    assert!(
        detail.contains("Paula Partner") && detail.contains("Contract ended"),
        "{detail}"
    );
    app.post(
        &format!("{path}/groups"),
        &partner,
        json!({ "name": "New" }),
    )
    .await
    .expect(423, "organization_locked");
    app.post(
        &format!("{path}/invitations"),
        &partner,
        json!({ "emails": ["x@example.com"] }),
    )
    .await
    .expect(423, "organization_locked");
    app.post(
        &format!("{path}/invitations?dry_run=true"),
        &partner,
        json!({ "emails": ["x@example.com"] }),
    )
    .await
    .expect(423, "organization_locked");
    let users = app
        .get(&format!("{path}/users?type=member"), &partner)
        .await
        .ok();
    let member = users["items"][0]["id"].as_str().expect("member").to_owned();
    app.patch(
        &format!("{path}/users/{member}"),
        &partner,
        json!({ "tags": [] }),
    )
    .await
    .expect(423, "organization_locked");
    app.delete(&format!("{path}/users/{member}"), &partner)
        .await
        .expect(423, "organization_locked");
    app.post(
        &format!("{path}/users/remove"),
        &partner,
        json!({ "user_ids": [member] }),
    )
    .await
    .expect(423, "organization_locked");
    // Reads still work.
    app.get(&format!("{path}/users"), &partner).await.ok();

    // Sam's pending invitation to Globex cannot be accepted while it is locked.
    let sam = app.sign_in(SAM).await;
    let mine = app.get("/api/v1/me/invitations", &sam).await.ok();
    let inv = mine["items"][0]["id"]
        .as_str()
        .expect("invitation")
        .to_owned();
    app.post(
        &format!("/api/v1/me/invitations/{inv}/accept"),
        &sam,
        json!({}),
    )
    .await
    .expect(423, "organization_locked");

    let org = app
        .post(&format!("{path}/unlock"), &partner, json!({}))
        .await
        .ok();
    assert_eq!(org["status"], "active");
    assert_eq!(org["locked_by"], Value::Null);
    app.patch(&path, &partner, json!({ "comment": "back" }))
        .await
        .ok();
    app.post(
        &format!("/api/v1/me/invitations/{inv}/accept"),
        &sam,
        json!({}),
    )
    .await
    .ok();
}

#[tokio::test]
async fn only_the_partner_locks_and_unlocks() {
    let app = TestApp::demo().await;
    let partner = app.sign_in(PARTNER).await;
    let acme = app.org_id(&partner, "Acme Corp").await;
    let owner = app.sign_in("alice.anderson@acme.example").await;
    app.post(
        &format!("/api/v1/organizations/{acme}/lock"),
        &owner,
        json!({ "reason": "no" }),
    )
    .await
    .expect(403, "forbidden");
    let initech = app.org_id(&partner, "Initech").await;
    let sam = app.sign_in(SAM).await;
    app.post(
        &format!("/api/v1/organizations/{initech}/unlock"),
        &sam,
        json!({}),
    )
    .await
    .expect(404, "not_found");

    // A platform lock stays, even for the partner.
    let mut conn = app.state.store.read().await.expect("conn");
    sqlx::query("UPDATE organizations SET locked_by = 'platform' WHERE id = $1")
        .bind(&initech)
        .execute(&mut *conn)
        .await
        .expect("update");
    drop(conn);
    app.post(
        &format!("/api/v1/organizations/{initech}/unlock"),
        &partner,
        json!({}),
    )
    .await
    .expect(403, "forbidden");
    let r = app
        .patch(
            &format!("/api/v1/organizations/{initech}"),
            &partner,
            json!({ "comment": "x" }),
        )
        .await;
    let r = r.expect(423, "organization_locked");
    assert!(r.json["detail"]
        .as_str()
        .is_some_and(|d| d.contains("the platform")));
}
