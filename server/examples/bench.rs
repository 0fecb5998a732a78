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
    };
    let app = roster_server::app(state, None, &[]);
    let token = sign_in(&app).await?;
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
    let queries = [
        ("users: first page", users.clone()),
        ("users: page 2000", format!("{users}?page=2000")),
        (
            "users: sort -last_login_at",
            format!("{users}?order_by=-last_login_at"),
        ),
        (
            "users: sort created_at",
            format!("{users}?order_by=created_at"),
        ),
        (
            "users: sort -display_name",
            format!("{users}?order_by=-display_name"),
        ),
        ("users: search 'ada'", format!("{users}?search=ada")),
        ("users: search 'a' (broad)", format!("{users}?search=a")),
        ("users: search exact email", format!("{users}?search=zoe.")),
        ("users: filter group", format!("{users}?group_id={group}")),
        (
            "users: filter group, sort -last_login",
            format!("{users}?group_id={group}&order_by=-last_login_at"),
        ),
        (
            "users: filter tag location:Paris",
            format!("{users}?tag=location:Paris"),
        ),
        (
            "users: filter tag key team",
            format!("{users}?tag=team&order_by=-created_at"),
        ),
        ("users: filter type owner", format!("{users}?type=owner")),
        (
            "users: search + tag + sort",
            format!("{users}?search=b&tag=location:Remote&order_by=-last_login_at"),
        ),
        ("orgs: first page", "/api/v1/organizations".to_owned()),
        (
            "orgs: sort -created_at page 40",
            "/api/v1/organizations?order_by=-created_at&page=40".to_owned(),
        ),
        (
            "orgs: search",
            "/api/v1/organizations?search=bench%201".to_owned(),
        ),
        (
            "orgs: filter status",
            "/api/v1/organizations?status=locked".to_owned(),
        ),
        ("groups", format!("/api/v1/organizations/{acme}/groups")),
        (
            "invitations",
            format!("/api/v1/organizations/{acme}/invitations"),
        ),
        ("me", "/api/v1/me".to_owned()),
    ];
    println!(
        "{:<40} {:>9} {:>9} {:>9}",
        "query", "p50 ms", "p95 ms", "total"
    );
    let mut worst = Duration::ZERO;
    for (name, path) in &queries {
        let mut times = Vec::new();
        let mut total = 0;
        for _ in 0..40 {
            let t = Instant::now();
            let body = get(&app, &token, path).await?;
            times.push(t.elapsed());
            total = body["total_count"].as_u64().unwrap_or(0);
        }
        times.sort();
        let p50 = times[times.len() / 2];
        let p95 = times[times.len() * 95 / 100];
        worst = worst.max(p95);
        println!("{name:<40} {:>9.2} {:>9.2} {total:>9}", ms(p50), ms(p95));
    }
    println!("worst p95: {:.2} ms", ms(worst));
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

async fn sign_in(app: &axum::Router) -> Result<String, String> {
    let request = Request::post("/api/v1/auth/demo-sign-in")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"email":"partner@roster.demo"}"#))
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
