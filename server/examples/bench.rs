//! Latency of the list endpoints at scale, measured in-process through the
//! real router: an organization of 100,000 members and a partner with 2,000
//! organizations. Prints p50 and p95 per query.
//!
//!     cargo run --release -p roster-server --example bench [-- MEMBERS ORGS]

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Request};
use http_body_util::BodyExt;
use roster_server::{AppState, Clock, Mailer, Store};
use tower::ServiceExt;

#[tokio::main]
async fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let members: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let orgs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2_000);
    // BENCH_RUNS requests per query (the p95 of 40 is the second slowest).
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(100);
    // BENCH_ONLY=text measures only the queries whose name contains it.
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    // BENCH_DB keeps the seeded database between runs (seeding takes a while).
    let path = std::env::var("BENCH_DB")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| dir.path().join("bench.db"));
    let reuse = path.exists();
    let store = Store::connect(path.to_str().unwrap_or("bench.db"))
        .await
        .map_err(|e| e.to_string())?;
    let clock = Clock::new();
    if !reuse {
        roster_server::demo::seed_if_empty(&store, &clock, "http://bench")
            .await
            .map_err(|e| e.to_string())?;
        let started = Instant::now();
        roster_server::demo::seed_members(&store, &clock, "Acme Corp", members).await?;
        println!(
            "seeded {members} members in {:.1}s",
            started.elapsed().as_secs_f64()
        );
        let started = Instant::now();
        roster_server::demo::seed_organizations(
            &store,
            &clock,
            roster_server::demo::PARTNER_EMAIL,
            orgs,
        )
        .await?;
        println!(
            "seeded {orgs} organizations in {:.1}s",
            started.elapsed().as_secs_f64()
        );
        let started = Instant::now();
        seed_member_of_all(&store, &clock, roster_server::demo::MEMBER_EMAIL).await?;
        seed_invitations(&store, &clock, "Acme Corp", 5_000).await?;
        println!(
            "made Sam a member of every organization, 5,000 invitations in {:.1}s",
            started.elapsed().as_secs_f64()
        );
    }
    sqlx::query("PRAGMA optimize")
        .execute(&store.pool)
        .await
        .map_err(|e| e.to_string())?;

    let state = AppState {
        store,
        clock,
        mailer: Mailer::outbox_only(),
        demo: true,
        test_controls: false,
        public_url: "http://bench".into(),
        policy: Default::default(),
        limiter: roster_server::limit::Limiter::new(Default::default()),
        sso: None,
    };
    let app = roster_server::app(state, None, &[]);
    let token = sign_in(&app, roster_server::demo::PARTNER_EMAIL).await?;
    let sam = sign_in(&app, roster_server::demo::MEMBER_EMAIL).await?;
    let page = get(&app, &token, "/api/v1/organizations?search=Acme%20Corp").await?;
    let acme = page["items"][0]["id"]
        .as_str()
        .ok_or("no Acme Corp")?
        .to_owned();
    let groups = get(
        &app,
        &token,
        &format!("/api/v1/organizations/{acme}/groups"),
    )
    .await?;
    let group = groups["items"][0]["id"]
        .as_str()
        .ok_or("no group")?
        .to_owned();
    let users = format!("/api/v1/organizations/{acme}/users");
    let invitations = format!("/api/v1/organizations/{acme}/invitations");
    let q = |query: &str| format!("{users}?{query}");
    let mut queries: Vec<(String, String, &String)> = vec![
        ("users: first page".into(), users.clone(), &token),
        (
            "users: page 2 of 25".into(),
            q("page=2&page_size=25"),
            &token,
        ),
    ];
    for field in ["email", "display_name", "created_at", "last_login_at"] {
        for dir in ["", "-"] {
            queries.push((
                format!("users: sort {dir}{field}"),
                q(&format!("order_by={dir}{field}")),
                &token,
            ));
        }
    }
    let more: Vec<(&str, String)> = vec![
        ("users: page 2000 (offset 49,975)", q("page=2000")),
        (
            "users: last page by -last_login_at",
            q("page=4000&order_by=-last_login_at"),
        ),
        (
            "users: page 1000 by display_name",
            q("page=1000&order_by=display_name"),
        ),
        ("users: search 'a' (broad)", q("search=a")),
        ("users: search '1' (broadest: numbers)", q("search=1")),
        ("users: search 'ada'", q("search=ada")),
        ("users: search 'schmidt' (last name)", q("search=schmidt")),
        ("users: search 'zoe.' (email prefix)", q("search=zoe.")),
        ("users: search 'ada lovelace'", q("search=ada%20lovelace")),
        ("users: search '4242' (one member)", q("search=4242")),
        ("users: search 'qqq' (no match)", q("search=qqq")),
        (
            "users: search 'z' by email (matches last)",
            q("search=z&order_by=email"),
        ),
        (
            "users: search 'a' by -email (matches last)",
            q("search=a&order_by=-email"),
        ),
        (
            "users: search 'z' by display_name",
            q("search=z&order_by=display_name"),
        ),
        (
            "users: search 'y' by -display_name",
            q("search=y&order_by=-display_name"),
        ),
        (
            "users: search 'z' by -last_login_at",
            q("search=z&order_by=-last_login_at"),
        ),
        ("users: search 'a' page 100", q("search=a&page=100")),
        (
            "users: search 'z' last page by email",
            q("search=z&page=300&order_by=email"),
        ),
        ("users: filter group", q(&format!("group_id={group}"))),
        (
            "users: filter group, sort -last_login",
            q(&format!("group_id={group}&order_by=-last_login_at")),
        ),
        (
            "users: filter group, page 500",
            q(&format!("group_id={group}&page=500")),
        ),
        ("users: filter tag location:Paris", q("tag=location:Paris")),
        (
            "users: filter tag key team, -created_at",
            q("tag=team&order_by=-created_at"),
        ),
        (
            "users: filter tag team:team-7, email",
            q("tag=team:team-7&order_by=email"),
        ),
        ("users: filter type owner", q("type=owner")),
        (
            "users: filter type member, -created_at",
            q("type=member&order_by=-created_at"),
        ),
        (
            "users: search + tag + sort",
            q("search=b&tag=location:Remote&order_by=-last_login_at"),
        ),
        (
            "users: search 'z' + tag team, by email",
            q("search=z&tag=team&order_by=email"),
        ),
        (
            "users: search 'a' + tag team:team-7",
            q("search=a&tag=team:team-7&order_by=-email"),
        ),
        (
            "users: search 'ada' + group, by -email",
            q(&format!("search=ada&group_id={group}&order_by=-email")),
        ),
        (
            "users: search + group + tag + type",
            q(&format!(
                "search=z&group_id={group}&tag=location:Tokyo&type=member&order_by=display_name"
            )),
        ),
    ];
    for (name, path) in more {
        queries.push((name.into(), path, &token));
    }
    let orgs_list: Vec<(&str, &str, &String)> = vec![
        ("orgs: first page", "/api/v1/organizations", &token),
        (
            "orgs: sort -created_at page 40",
            "/api/v1/organizations?order_by=-created_at&page=40",
            &token,
        ),
        (
            "orgs: sort customer_id",
            "/api/v1/organizations?order_by=customer_id",
            &token,
        ),
        (
            "orgs: search 'bench 1'",
            "/api/v1/organizations?search=bench%201",
            &token,
        ),
        (
            "orgs: switcher search 'bench 12'",
            "/api/v1/organizations?search=bench%2012&page_size=10",
            &token,
        ),
        (
            "orgs: filter status",
            "/api/v1/organizations?status=locked",
            &token,
        ),
        (
            "orgs (member of 2,000): first page",
            "/api/v1/organizations",
            &sam,
        ),
        (
            "orgs (member of 2,000): search",
            "/api/v1/organizations?search=bench%2012&page_size=10",
            &sam,
        ),
    ];
    for (name, path, who) in orgs_list {
        queries.push((name.into(), path.into(), who));
    }
    queries.extend([
        (
            "groups".into(),
            format!("/api/v1/organizations/{acme}/groups"),
            &token,
        ),
        (
            "invitations: first page".into(),
            invitations.clone(),
            &token,
        ),
        (
            "invitations: search 'guest.42'".into(),
            format!("{invitations}?search=guest.42"),
            &token,
        ),
        (
            "invitations: search, -sent_at".into(),
            format!("{invitations}?search=example&order_by=-sent_at&page=50"),
            &token,
        ),
        (
            "invitations: filter pending".into(),
            format!("{invitations}?status=pending"),
            &token,
        ),
        ("me".into(), "/api/v1/me".to_owned(), &token),
        ("me (member of 2,000)".into(), "/api/v1/me".to_owned(), &sam),
    ]);
    println!(
        "{:<46} {:>9} {:>9} {:>9}",
        "query", "p50 ms", "p95 ms", "total"
    );
    let mut worst = Duration::ZERO;
    for (name, path, who) in &queries {
        if !name.contains(only.as_str()) {
            continue;
        }
        let mut times = Vec::new();
        let mut total = 0;
        for _ in 0..runs {
            let t = Instant::now();
            let body = get(&app, who, path).await?;
            times.push(t.elapsed());
            total = body["total_count"].as_u64().unwrap_or(0);
        }
        times.sort();
        let p50 = times[times.len() / 2];
        let p95 = times[times.len() * 95 / 100];
        worst = worst.max(p95);
        println!("{name:<46} {:>9.2} {:>9.2} {total:>9}", ms(p50), ms(p95));
    }
    println!("worst p95: {:.2} ms", ms(worst));
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Makes `email` a member of every organization it is not in yet.
async fn seed_member_of_all(store: &Store, clock: &Clock, email: &str) -> Result<(), String> {
    let mut tx = store.write().await.map_err(|e| e.to_string())?;
    let account = roster_server::store::accounts::by_email(&mut tx, email)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("no account")?;
    let orgs: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM organizations WHERE id NOT IN (SELECT organization_id FROM memberships WHERE account_id = $1)",
    )
    .bind(&account.id)
    .fetch_all(&mut *tx.tx)
    .await
    .map_err(|e| e.to_string())?;
    for org in orgs {
        let m = roster_server::store::members::NewMember {
            account_id: &account.id,
            email: &account.email,
            display_name: &account.display_name,
            last_login_at: account.last_login_at,
            member_type: roster_api::MemberType::Member,
            permissions: &[roster_api::Permission::ViewMembers],
            tags: &[],
            group_ids: &[],
        };
        roster_server::store::members::insert(&mut tx, &org, &m, clock.now_ms())
            .await
            .map_err(|e| e.to_string())?;
    }
    tx.commit().await.map_err(|e| e.to_string())
}

/// `count` pending invitations in the named organization.
async fn seed_invitations(
    store: &Store,
    clock: &Clock,
    org: &str,
    count: usize,
) -> Result<(), String> {
    use roster_server::store::invitations::{insert, NewInvitation};
    let mut tx = store.write().await.map_err(|e| e.to_string())?;
    let org_id = roster_server::store::organizations::ids_by_name(&mut tx, org)
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .next()
        .ok_or("no org")?;
    let partner =
        roster_server::store::accounts::by_email(&mut tx, roster_server::demo::PARTNER_EMAIL)
            .await
            .map_err(|e| e.to_string())?
            .ok_or("no partner")?;
    let now = clock.now_ms();
    for i in 0..count {
        let email = format!("guest.{i}@invited{}.example", i % 7);
        let hash = roster_server::auth::hash_token(&format!("bench-token-{i}"));
        let n = NewInvitation {
            org_id: &org_id,
            email: &email,
            group_ids: &[],
            tags: &[],
            permissions: &[roster_api::Permission::ViewMembers],
            invited_by: &partner.id,
            token_hash: &hash,
            now: now - i as i64 * 1000,
            expires_at: now + 7 * 24 * 3600 * 1000,
        };
        insert(&mut tx, &n).await.map_err(|e| e.to_string())?;
    }
    tx.commit().await.map_err(|e| e.to_string())
}

async fn sign_in(app: &axum::Router, email: &str) -> Result<String, String> {
    let request = Request::post("/api/v1/auth/demo-sign-in")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(format!(r#"{{"email":"{email}"}}"#)))
        .map_err(|e| e.to_string())?;
    let response = app
        .clone()
        .oneshot(request)
        .await
        .map_err(|e| e.to_string())?;
    let bytes = response
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?
        .to_bytes();
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
    value["token"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| "no token".to_owned())
}

async fn get(app: &axum::Router, token: &str, path: &str) -> Result<serde_json::Value, String> {
    let request = Request::get(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .map_err(|e| e.to_string())?;
    let response = app
        .clone()
        .oneshot(request)
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status();
    let bytes = response
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?
        .to_bytes();
    if !status.is_success() {
        return Err(format!(
            "{path}: {status} {}",
            String::from_utf8_lossy(&bytes)
        ));
    }
    serde_json::from_slice(&bytes).map_err(|e| e.to_string())
}
