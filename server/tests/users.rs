//! Members, groups and tag keys.

mod common;

use common::{TestApp, PARTNER, SAM};
use serde_json::{json, Value};

fn emails(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|m| m["email"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn list_pages_sorts_searches_and_filters() {
    let app = TestApp::demo().await;
    let partner = app.sign_in(PARTNER).await;
    let acme = app.org_id(&partner, "Acme Corp").await;
    let base = format!("/api/v1/organizations/{acme}/users");
    let all = app.get(&base, &partner).await.ok();
    let total = all["total_count"].as_u64().expect("total");
    assert_eq!(total, 42);
    assert_eq!(all["items"].as_array().map(Vec::len), Some(25));
    let sorted = emails(&all);
    let mut expected = sorted.clone();
    expected.sort();
    assert_eq!(sorted, expected, "default order is by email");

    let last = app
        .get(&format!("{base}?page=2&page_size=25"), &partner)
        .await
        .ok();
    assert_eq!(last["items"].as_array().map(Vec::len), Some(17));
    let desc = app
        .get(&format!("{base}?order_by=-email&page_size=100"), &partner)
        .await
        .ok();
    let mut reversed = emails(&desc);
    reversed.reverse();
    assert_eq!(reversed[..25], sorted[..]);

    // Recent sign-ins first; members who never signed in come last.
    let recent = app
        .get(
            &format!("{base}?order_by=-last_login_at&page_size=100"),
            &partner,
        )
        .await
        .ok();
    let logins: Vec<Option<&str>> = recent["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|m| m["last_login_at"].as_str())
        .collect();
    assert!(logins[0].is_some());
    assert!(logins.last().is_some_and(Option::is_none));
    let some: Vec<&str> = logins.iter().flatten().copied().collect();
    assert!(some.windows(2).all(|w| w[0] >= w[1]));
    app.get(&format!("{base}?order_by=created_at"), &partner)
        .await
        .ok();
    app.get(&format!("{base}?order_by=display_name"), &partner)
        .await
        .ok();
    let r = app
        .get(&format!("{base}?order_by=password"), &partner)
        .await
        .expect(422, "validation_failed");
    assert_eq!(r.fields(), ["order_by"]);

    // Search: email prefix, name words, case-insensitive.
    let sam = app.get(&format!("{base}?search=SAM"), &partner).await.ok();
    assert_eq!(emails(&sam), [SAM]);
    let by_last_name = app
        .get(&format!("{base}?search=member"), &partner)
        .await
        .ok();
    assert_eq!(emails(&by_last_name), [SAM]);
    // Not the domain: everyone at a company shares it.
    let by_domain = app
        .get(&format!("{base}?search=acme.example"), &partner)
        .await
        .ok();
    assert_eq!(by_domain["total_count"], 0);
    let none = app.get(&format!("{base}?search=zzzz"), &partner).await.ok();
    assert_eq!(none["total_count"], 0);

    let owners = app.get(&format!("{base}?type=owner"), &partner).await.ok();
    assert_eq!(emails(&owners), ["alice.anderson@acme.example"]);
    let members = app.get(&format!("{base}?type=member"), &partner).await.ok();
    assert_eq!(members["total_count"], 41);

    let groups = app
        .get(&format!("/api/v1/organizations/{acme}/groups"), &partner)
        .await
        .ok();
    let engineering = groups["items"]
        .as_array()
        .expect("groups")
        .iter()
        .find(|g| g["name"] == "Engineering")
        .expect("group")
        .clone();
    let in_group = app
        .get(
            &format!(
                "{base}?group_id={}&page_size=100",
                engineering["id"].as_str().expect("id")
            ),
            &partner,
        )
        .await
        .ok();
    assert_eq!(in_group["total_count"], engineering["member_count"]);
    assert!(in_group["items"]
        .as_array()
        .expect("items")
        .iter()
        .all(|m| m["groups"]
            .as_array()
            .expect("groups")
            .iter()
            .any(|g| g["name"] == "Engineering")));

    let remote = app
        .get(
            &format!("{base}?tag=location:Remote&page_size=100"),
            &partner,
        )
        .await
        .ok();
    assert!(remote["total_count"].as_u64().expect("n") > 0);
    assert!(remote["items"]
        .as_array()
        .expect("items")
        .iter()
        .all(|m| m["tags"]
            .as_array()
            .expect("tags")
            .iter()
            .any(|t| t["key"] == "location" && t["value"] == "Remote")));
    let any_level = app.get(&format!("{base}?tag=level"), &partner).await.ok();
    let with_level = any_level["total_count"].as_u64().expect("n");
    assert!(with_level > 0 && with_level < total);
    let combined = app
        .get(
            &format!("{base}?tag=location:Remote&search=sam&type=member"),
            &partner,
        )
        .await
        .ok();
    assert_eq!(emails(&combined), [SAM]);
    // A group of another organization matches nobody here.
    let globex = app.org_id(&partner, "Globex").await;
    let foreign = app
        .get(&format!("/api/v1/organizations/{globex}/groups"), &partner)
        .await
        .ok();
    let foreign = foreign["items"][0]["id"]
        .as_str()
        .expect("group")
        .to_owned();
    let none = app
        .get(&format!("{base}?group_id={foreign}"), &partner)
        .await
        .ok();
    assert_eq!(none["total_count"], 0);
    let bad = app
        .get(&format!("{base}?group_id=nope"), &partner)
        .await
        .expect(422, "validation_failed");
    assert_eq!(bad.fields(), ["group_id"]);
}

#[tokio::test]
async fn member_permissions_govern_reads_and_writes() {
    let app = TestApp::demo().await;
    let partner = app.sign_in(PARTNER).await;
    let acme = app.org_id(&partner, "Acme Corp").await;
    let sam = app.sign_in(SAM).await;
    let base = format!("/api/v1/organizations/{acme}/users");
    // view_members: reads.
    let page = app.get(&base, &sam).await.ok();
    let someone = page["items"][1]["id"].as_str().expect("id").to_owned();
    app.get(&format!("{base}/{someone}"), &sam).await.ok();
    app.get(&format!("/api/v1/organizations/{acme}/groups"), &sam)
        .await
        .ok();
    app.get(&format!("/api/v1/organizations/{acme}/tag-keys"), &sam)
        .await
        .ok();
    app.get(&format!("/api/v1/organizations/{acme}/invitations"), &sam)
        .await
        .ok();
    app.get(&format!("{base}/export"), &sam).await.ok();
    // ...but no writes.
    app.patch(&format!("{base}/{someone}"), &sam, json!({ "tags": [] }))
        .await
        .expect(403, "forbidden");
    app.delete(&format!("{base}/{someone}"), &sam)
        .await
        .expect(403, "forbidden");
    app.post(
        &format!("{base}/remove"),
        &sam,
        json!({ "user_ids": [someone] }),
    )
    .await
    .expect(403, "forbidden");
    app.post(
        &format!("/api/v1/organizations/{acme}/groups"),
        &sam,
        json!({ "name": "Mine" }),
    )
    .await
    .expect(403, "forbidden");
    app.post(
        &format!("/api/v1/organizations/{acme}/invitations"),
        &sam,
        json!({ "emails": ["a@b.example"] }),
    )
    .await
    .expect(403, "forbidden");

    // Without view_members nothing is listed.
    let me_id = app.get("/api/v1/me", &sam).await.ok()["id"]
        .as_str()
        .expect("id")
        .to_owned();
    app.patch(
        &format!("{base}/{me_id}"),
        &partner,
        json!({ "permissions": ["create_projects"] }),
    )
    .await
    .ok();
    app.get(&base, &sam).await.expect(403, "forbidden");
    app.get(&format!("/api/v1/organizations/{acme}"), &sam)
        .await
        .ok();

    // Another organization's member ids are 404 here.
    let globex = app.org_id(&partner, "Globex").await;
    let globex_member = app
        .get(&format!("/api/v1/organizations/{globex}/users"), &partner)
        .await
        .ok()["items"][0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    app.get(&format!("{base}/{globex_member}"), &partner)
        .await
        .expect(404, "not_found");
    app.get(&format!("/api/v1/organizations/{globex}/users"), &sam)
        .await
        .expect(404, "not_found");
}

#[tokio::test]
async fn update_member_tags_groups_permissions() {
    let app = TestApp::demo().await;
    let partner = app.sign_in(PARTNER).await;
    let acme = app.org_id(&partner, "Acme Corp").await;
    let base = format!("/api/v1/organizations/{acme}/users");
    let sam_id = app.member_id(&partner, &acme, "sam").await;
    let sales = app.group_id(&partner, &acme, "Sales").await;

    let member = app
        .patch(
            &format!("{base}/{sam_id}"),
            &partner,
            json!({ "tags": [{ "key": " team ", "value": "core" }, { "key": "level", "value": "" }],
                    "group_ids": [sales], "permissions": ["manage_members", "view_members", "view_members"] }),
        )
        .await
        .ok();
    assert_eq!(
        member["tags"],
        json!([{ "key": "team", "value": "core" }, { "key": "level", "value": "" }])
    );
    assert_eq!(member["groups"][0]["name"], "Sales");
    assert_eq!(
        member["permissions"],
        json!(["manage_members", "view_members"])
    );
    // Only the fields present change.
    let member = app
        .patch(
            &format!("{base}/{sam_id}"),
            &partner,
            json!({ "permissions": [] }),
        )
        .await
        .ok();
    assert_eq!(member["tags"].as_array().map(Vec::len), Some(2));
    assert_eq!(member["permissions"], json!([]));

    // Every tag rule, as the server enforces it.
    let long = "x".repeat(71);
    let eleven: Vec<Value> = (0..11)
        .map(|i| json!({ "key": format!("k{i}"), "value": "v" }))
        .collect();
    for (tags, field, code) in [
        (
            json!([{ "key": "", "value": "v" }]),
            "tags[0].key",
            "required",
        ),
        (json!([{ "key": long, "value": "" }]), "tags[0]", "too_long"),
        (
            json!([{ "key": "a", "value": "b\nc" }]),
            "tags[0].value",
            "control_character",
        ),
        (
            json!([{ "key": "a", "value": "b" }, { "key": "A", "value": "B" }]),
            "tags[1]",
            "duplicate",
        ),
        (
            json!([{ "key": "a:b", "value": "c" }]),
            "tags[0].key",
            "invalid_tag_key",
        ),
        (Value::Array(eleven), "tags[10]", "too_many"),
    ] {
        let r = app
            .patch(
                &format!("{base}/{sam_id}"),
                &partner,
                json!({ "tags": tags }),
            )
            .await
            .expect(422, "validation_failed");
        assert_eq!(r.json["errors"][0]["field"], field, "{}", r.text);
        assert_eq!(r.json["errors"][0]["code"], code, "{}", r.text);
    }
    // 70 characters counted as characters, not bytes.
    let ok = "é".repeat(69);
    app.patch(
        &format!("{base}/{sam_id}"),
        &partner,
        json!({ "tags": [{ "key": "k", "value": ok }] }),
    )
    .await
    .ok();

    let r = app
        .patch(
            &format!("{base}/{sam_id}"),
            &partner,
            json!({ "group_ids": ["00000000-0000-0000-0000-000000000000"] }),
        )
        .await
        .expect(422, "validation_failed");
    assert_eq!(r.fields(), ["group_ids[0]"]);
    let r = app
        .patch(
            &format!("{base}/{sam_id}"),
            &partner,
            json!({ "permissions": ["fly"] }),
        )
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(r.fields(), ["permissions[0]"]);
    app.patch(
        &format!("{base}/00000000-0000-0000-0000-000000000000"),
        &partner,
        json!({}),
    )
    .await
    .expect(404, "not_found");
}

#[tokio::test]
async fn remove_members_but_never_the_owner() {
    let app = TestApp::demo().await;
    let partner = app.sign_in(PARTNER).await;
    let acme = app.org_id(&partner, "Acme Corp").await;
    let base = format!("/api/v1/organizations/{acme}/users");
    let owner = app.get(&format!("{base}?type=owner"), &partner).await.ok()["items"][0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let page = app
        .get(&format!("{base}?type=member&page_size=3"), &partner)
        .await
        .ok();
    let ids: Vec<String> = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|m| m["id"].as_str().expect("id").to_owned())
        .collect();

    app.delete(&format!("{base}/{owner}"), &partner)
        .await
        .expect(409, "owner_not_removable");
    app.post(
        &format!("{base}/remove"),
        &partner,
        json!({ "user_ids": [ids[0], owner] }),
    )
    .await
    .expect(409, "owner_not_removable");
    assert_eq!(
        app.get(&base, &partner).await.ok()["total_count"],
        42,
        "nothing removed when the owner is included"
    );

    app.delete(&format!("{base}/{}", ids[0]), &partner)
        .await
        .expect(204, "");
    app.get(&format!("{base}/{}", ids[0]), &partner)
        .await
        .expect(404, "not_found");
    app.delete(&format!("{base}/{}", ids[0]), &partner)
        .await
        .expect(404, "not_found");
    let r = app
        .post(
            &format!("{base}/remove"),
            &partner,
            json!({ "user_ids": [ids[1], ids[2], ids[0]] }),
        )
        .await
        .ok();
    assert_eq!(r["affected"], 2);
    let org = app
        .get(&format!("/api/v1/organizations/{acme}"), &partner)
        .await
        .ok();
    assert_eq!(org["member_count"], 39);
    assert_eq!(app.get(&base, &partner).await.ok()["total_count"], 39);
    let r = app
        .post(
            &format!("{base}/remove"),
            &partner,
            json!({ "user_ids": [] }),
        )
        .await
        .expect(422, "validation_failed");
    assert_eq!(r.fields(), ["user_ids"]);
}

#[tokio::test]
async fn export_csv_applies_filters_and_order() {
    let app = TestApp::demo().await;
    let partner = app.sign_in(PARTNER).await;
    let acme = app.org_id(&partner, "Acme Corp").await;
    let r = app
        .get(
            &format!("/api/v1/organizations/{acme}/users/export?order_by=-email"),
            &partner,
        )
        .await;
    assert_eq!(r.status, 200);
    assert!(r.content_type.starts_with("text/csv"));
    let lines: Vec<&str> = r.text.lines().collect();
    assert_eq!(
        lines[0],
        "email,display_name,type,groups,tags,permissions,joined_at,last_login_at"
    );
    assert_eq!(lines.len(), 43, "header and every member, not a page");
    let first_emails: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split(',').next().unwrap_or_default())
        .collect();
    let mut sorted = first_emails.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(first_emails, sorted);
    let r = app
        .get(
            &format!("/api/v1/organizations/{acme}/users/export?search=sam"),
            &partner,
        )
        .await;
    let lines: Vec<&str> = r.text.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[1].starts_with(
        "sam@roster.demo,Sam Member,member,Engineering,location:Remote,view_members,"
    ));
}

#[tokio::test]
async fn groups_list_create_and_add_members() {
    let app = TestApp::demo().await;
    let partner = app.sign_in(PARTNER).await;
    let acme = app.org_id(&partner, "Acme Corp").await;
    let base = format!("/api/v1/organizations/{acme}/groups");
    let list = app.get(&base, &partner).await.ok();
    let names: Vec<&str> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|g| g["name"].as_str())
        .collect();
    assert_eq!(names, ["Engineering", "Sales", "Support"]);
    assert!(list["items"][0]["member_count"].as_u64().expect("count") > 0);
    let desc = app
        .get(&format!("{base}?order_by=-name&page_size=1"), &partner)
        .await
        .ok();
    assert_eq!(desc["items"][0]["name"], "Support");
    assert_eq!(desc["total_count"], 3);

    let r = app
        .post(
            &base,
            &partner,
            json!({ "name": " Design ", "description": "Makes it pretty" }),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let design = r.json;
    assert_eq!(design["name"], "Design");
    assert_eq!(design["member_count"], 0);
    let r = app
        .post(&base, &partner, json!({ "name": "design" }))
        .await
        .expect(422, "validation_failed");
    assert_eq!(r.fields(), ["name"]);
    let r = app
        .post(&base, &partner, json!({ "name": "" }))
        .await
        .expect(422, "validation_failed");
    assert_eq!(r.fields(), ["name"]);
    let r = app
        .post(&base, &partner, json!({ "name": "x".repeat(61) }))
        .await
        .expect(422, "validation_failed");
    assert_eq!(r.fields(), ["name"]);

    let users = app
        .get(
            &format!("/api/v1/organizations/{acme}/users?page_size=3"),
            &partner,
        )
        .await
        .ok();
    let ids: Vec<&str> = users["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|m| m["id"].as_str())
        .collect();
    let add = format!("{base}/{}/members", design["id"].as_str().expect("id"));
    assert_eq!(
        app.post(&add, &partner, json!({ "user_ids": ids[..2] }))
            .await
            .ok()["affected"],
        2
    );
    assert_eq!(
        app.post(&add, &partner, json!({ "user_ids": ids }))
            .await
            .ok()["affected"],
        1,
        "members already in it are skipped"
    );
    let r = app
        .post(
            &add,
            &partner,
            json!({ "user_ids": ["00000000-0000-0000-0000-000000000001"] }),
        )
        .await
        .expect(422, "validation_failed");
    assert_eq!(r.fields(), ["user_ids[0]"]);
    let list = app.get(&base, &partner).await.ok();
    let design = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|g| g["name"] == "Design")
        .expect("design")
        .clone();
    assert_eq!(design["member_count"], 3);
    app.post(
        &format!("{base}/00000000-0000-0000-0000-000000000001/members"),
        &partner,
        json!({ "user_ids": ids }),
    )
    .await
    .expect(404, "not_found");

    // Another organization's group is not found here.
    let globex = app.org_id(&partner, "Globex").await;
    let other = app
        .get(&format!("/api/v1/organizations/{globex}/groups"), &partner)
        .await
        .ok()["items"][0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    app.post(
        &format!("{base}/{other}/members"),
        &partner,
        json!({ "user_ids": ids }),
    )
    .await
    .expect(404, "not_found");
}

#[tokio::test]
async fn tag_keys_lists_distinct_keys() {
    let app = TestApp::demo().await;
    let partner = app.sign_in(PARTNER).await;
    let acme = app.org_id(&partner, "Acme Corp").await;
    let keys = app
        .get(&format!("/api/v1/organizations/{acme}/tag-keys"), &partner)
        .await
        .ok();
    assert_eq!(keys["keys"], json!(["contractor", "level", "location"]));
}

#[tokio::test]
async fn sign_in_updates_last_login_in_member_lists() {
    let app = TestApp::demo().await;
    let partner = app.sign_in(PARTNER).await;
    let acme = app.org_id(&partner, "Acme Corp").await;
    app.advance(3600);
    app.sign_in(SAM).await;
    let recent = app
        .get(
            &format!("/api/v1/organizations/{acme}/users?order_by=-last_login_at&page_size=1"),
            &partner,
        )
        .await
        .ok();
    assert_eq!(emails(&recent), [SAM]);
}

#[tokio::test]
async fn both_query_plans_agree() {
    // Small pages walk the organization in sort order and probe the filters;
    // big pages start from the matching members. Both must give the same rows.
    let app = TestApp::demo().await;
    let partner = app.sign_in(PARTNER).await;
    let acme = app.org_id(&partner, "Acme Corp").await;
    let base = format!("/api/v1/organizations/{acme}/users");
    let groups = app
        .get(&format!("/api/v1/organizations/{acme}/groups"), &partner)
        .await
        .ok();
    let group = groups["items"][0]["id"].as_str().expect("group").to_owned();
    for filter in [
        format!("group_id={group}"),
        "tag=location".to_owned(),
        "tag=location:Paris".to_owned(),
        "search=a".to_owned(),
        "search=a&tag=location&type=member".to_owned(),
    ] {
        for order in ["email", "-last_login_at", "created_at"] {
            let all = app
                .get(
                    &format!("{base}?{filter}&order_by={order}&page_size=100"),
                    &partner,
                )
                .await
                .ok();
            let total = all["total_count"].as_u64().expect("total");
            assert!(total > 1, "{filter}");
            let mut paged = Vec::new();
            for page in 1..=total {
                let one = app
                    .get(
                        &format!("{base}?{filter}&order_by={order}&page_size=1&page={page}"),
                        &partner,
                    )
                    .await
                    .ok();
                assert_eq!(one["total_count"], total);
                paged.extend(emails(&one));
            }
            assert_eq!(paged, emails(&all), "{filter} {order}");
        }
    }
}

/// A search reads the copies of sort keys, type, tags and groups kept on the
/// member's search terms: every change to them must show in searches at once.
#[tokio::test]
async fn searches_see_every_change_to_a_member() {
    let app = TestApp::demo().await;
    let partner = app.sign_in(PARTNER).await;
    let acme = app.org_id(&partner, "Acme Corp").await;
    let base = format!("/api/v1/organizations/{acme}/users");
    let sam_id = app.member_id(&partner, &acme, "sam").await;
    let (sales, support) = (
        app.group_id(&partner, &acme, "Sales").await,
        app.group_id(&partner, &acme, "Support").await,
    );
    let found = |query: String| {
        let app = &app;
        let partner = partner.clone();
        let base = base.clone();
        async move { emails(&app.get(&format!("{base}?{query}"), &partner).await.ok()) }
    };

    app.patch(
        &format!("{base}/{sam_id}"),
        &partner,
        json!({ "tags": [{ "key": "desk", "value": "North 3" }], "group_ids": [sales] }),
    )
    .await
    .ok();
    assert_eq!(found("search=sam&tag=desk:North%203".into()).await, [SAM]);
    assert_eq!(found("search=sam&tag=desk".into()).await, [SAM]);
    assert!(found("search=sam&tag=desk:North".into()).await.is_empty());
    assert_eq!(found(format!("search=sam&group_id={sales}")).await, [SAM]);
    assert!(found(format!("search=sam&group_id={support}"))
        .await
        .is_empty());

    // New tags replace the old; a group added through the group endpoint shows.
    app.patch(
        &format!("{base}/{sam_id}"),
        &partner,
        json!({ "tags": [{ "key": "floor", "value": "2" }] }),
    )
    .await
    .ok();
    assert!(found("search=sam&tag=desk".into()).await.is_empty());
    assert_eq!(found("search=member&tag=floor:2".into()).await, [SAM]);
    app.post(
        &format!("/api/v1/organizations/{acme}/groups/{support}/members"),
        &partner,
        json!({ "user_ids": [sam_id] }),
    )
    .await
    .ok();
    assert_eq!(found(format!("search=sam&group_id={support}")).await, [SAM]);
    assert_eq!(found(format!("search=sam&group_id={sales}")).await, [SAM]);

    // A sign-in moves the member to the top of a search sorted by last sign-in.
    app.advance(3600);
    app.sign_in(SAM).await;
    let recent = found("search=s&order_by=-last_login_at&page_size=1".into()).await;
    assert_eq!(recent, [SAM]);

    // A removed member is no longer found.
    app.post(
        &format!("{base}/remove"),
        &partner,
        json!({ "user_ids": [sam_id] }),
    )
    .await
    .ok();
    assert!(found("search=sam".into()).await.is_empty());
}

/// The first member of `org` (up to 100 listed) whose permissions are exactly `perms`.
async fn member_with(app: &TestApp, token: &str, org: &str, perms: Value) -> String {
    let page = app
        .get(
            &format!("/api/v1/organizations/{org}/users?type=member&page_size=100"),
            token,
        )
        .await
        .ok();
    page["items"]
        .as_array()
        .and_then(|items| items.iter().find(|m| m["permissions"] == perms))
        .and_then(|m| m["id"].as_str())
        .expect("a member with these permissions")
        .to_owned()
}

#[tokio::test]
async fn nobody_grants_or_removes_a_permission_they_lack() {
    let app = TestApp::demo().await;
    let partner = app.sign_in(PARTNER).await;
    let acme = app.org_id(&partner, "Acme Corp").await;
    let base = format!("/api/v1/organizations/{acme}/users");
    let sam_id = app.member_id(&partner, &acme, "sam").await;
    app.patch(
        &format!("{base}/{sam_id}"),
        &partner,
        json!({ "permissions": ["manage_members", "view_members"] }),
    )
    .await
    .ok();
    let sam = app.sign_in(SAM).await;

    // The attack: a manage_members member gives itself manage_organization.
    let r = app
        .patch(
            &format!("{base}/{sam_id}"),
            &sam,
            json!({ "permissions": ["manage_members", "view_members", "manage_organization", "manage_billing"] }),
        )
        .await
        .expect(403, "own_permissions");
    assert!(r.json["detail"].as_str().is_some_and(|d| d.contains("own")));
    // ...nor lowers them, but its own tags and groups stay editable, and
    // sending the permissions it has changes nothing.
    app.patch(
        &format!("{base}/{sam_id}"),
        &sam,
        json!({ "permissions": ["view_members"] }),
    )
    .await
    .expect(403, "own_permissions");
    let me = app
        .patch(
            &format!("{base}/{sam_id}"),
            &sam,
            json!({ "tags": [{ "key": "team", "value": "core" }],
                    "permissions": ["view_members", "manage_members"] }),
        )
        .await
        .ok();
    assert_eq!(me["tags"][0]["key"], "team");
    assert_eq!(me["permissions"], json!(["manage_members", "view_members"]));

    // Granting manage_organization to someone else: not Sam's to give.
    let viewer = member_with(&app, &partner, &acme, json!(["view_members"])).await;
    let r = app
        .patch(
            &format!("{base}/{viewer}"),
            &sam,
            json!({ "permissions": ["view_members", "manage_organization"] }),
        )
        .await
        .expect(403, "permission_not_held");
    assert!(
        r.json["detail"]
            .as_str()
            .is_some_and(|d| d.contains("Manage organization")),
        "{}",
        r.text
    );
    // Removing manage_billing, which Sam lacks, neither.
    let billing = member_with(
        &app,
        &partner,
        &acme,
        json!(["manage_billing", "view_members"]),
    )
    .await;
    let r = app
        .patch(
            &format!("{base}/{billing}"),
            &sam,
            json!({ "permissions": ["view_members"] }),
        )
        .await
        .expect(403, "permission_not_held");
    assert!(r.json["detail"]
        .as_str()
        .is_some_and(|d| d.contains("Manage billing")));
    // Permissions Sam holds change; those Sam lacks may stay as they are.
    let changed = app
        .patch(
            &format!("{base}/{billing}"),
            &sam,
            json!({ "permissions": ["manage_billing", "manage_members", "view_members"] }),
        )
        .await
        .ok();
    assert_eq!(
        changed["permissions"],
        json!(["manage_members", "manage_billing", "view_members"])
    );
    let unchanged = app.get(&format!("{base}/{viewer}"), &partner).await.ok();
    assert_eq!(unchanged["permissions"], json!(["view_members"]));

    // The owner's permissions: not for Sam, nor for the partner.
    let owner = app.member_id(&partner, &acme, "alice.anderson").await;
    app.patch(
        &format!("{base}/{owner}"),
        &sam,
        json!({ "permissions": [] }),
    )
    .await
    .expect(409, "owner_permissions");
    app.patch(
        &format!("{base}/{owner}"),
        &partner,
        json!({ "permissions": ["view_members"] }),
    )
    .await
    .expect(409, "owner_permissions");
    // The owner's tags stay editable.
    app.patch(
        &format!("{base}/{owner}"),
        &sam,
        json!({ "tags": [{ "key": "role", "value": "founder" }] }),
    )
    .await
    .ok();
    let alice = app.get(&format!("{base}/{owner}"), &partner).await.ok();
    assert_eq!(alice["permissions"].as_array().map(Vec::len), Some(7));

    // The partner holds every permission.
    let promoted = app
        .patch(
            &format!("{base}/{viewer}"),
            &partner,
            json!({ "permissions": ["view_members", "manage_organization"] }),
        )
        .await
        .ok();
    assert_eq!(
        promoted["permissions"],
        json!(["manage_organization", "view_members"])
    );

    // With no organization rights, Sam cannot take it over by its owner email.
    app.patch(
        &format!("/api/v1/organizations/{acme}"),
        &sam,
        json!({ "email": SAM }),
    )
    .await
    .expect(403, "forbidden");
    let org = app
        .get(&format!("/api/v1/organizations/{acme}"), &partner)
        .await
        .ok();
    assert_eq!(org["email"], "alice.anderson@acme.example");
}
