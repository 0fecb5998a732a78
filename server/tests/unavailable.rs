//! A database that is busy or briefly out of reach: requests answer 503
//! `unavailable` with `Retry-After` within a bounded time, and the server
//! recovers by itself once the database is back, without a restart.
//!
//! - SQLite: another process (python3's sqlite3 module) holds the file's
//!   write lock with `BEGIN EXCLUSIVE`.
//! - PostgreSQL (`scripts/test-postgres.sh`, which says how to stop and start
//!   its private server through `ROSTER_TEST_POSTGRES_STOP` / `_START`): the
//!   server is stopped, then started again.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Reply, TestApp, PARTNER};
use roster_server::store::{ACQUIRE_TIMEOUT, SQLITE_BUSY_TIMEOUT, WRITE_QUEUE_TIMEOUT};
use serde_json::json;

/// Slack on top of the configured timeouts for a machine busy with other work.
const SLACK: Duration = Duration::from_secs(10);

fn on_postgres() -> bool {
    std::env::var(roster_server::store::testing::POSTGRES_URL_VAR).is_ok_and(|u| !u.is_empty())
}

/// A second process holding SQLite's write lock on a file until dropped.
struct Locker {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

const LOCKER: &str = r#"
import select, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
# Holds the lock until the test closes stdin (at most two minutes).
select.select([sys.stdin], [], [], 120)
db.execute("ROLLBACK")
db.close()
print("released", flush=True)
"#;

impl Locker {
    fn lock(path: &std::path::Path) -> Self {
        let mut child = Command::new("python3")
            .args(["-c", LOCKER])
            .arg(path)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 (the locking process)");
        let stdin = child.stdin.take();
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        stdout.read_line(&mut line).expect("locker output");
        assert_eq!(line.trim(), "locked", "the locker could not lock the file");
        Self {
            child,
            stdin,
            stdout,
        }
    }

    /// Releases the lock and waits for the process to say so and exit.
    fn release(mut self) {
        drop(self.stdin.take());
        let mut line = String::new();
        self.stdout.read_line(&mut line).expect("locker output");
        assert_eq!(line.trim(), "released");
        self.child.wait().expect("locker exit");
    }
}

impl Drop for Locker {
    fn drop(&mut self) {
        if self.stdin.take().is_some() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

#[track_caller]
fn assert_unavailable(reply: &Reply, took: Duration, bound: Duration) {
    assert_eq!(reply.status.as_u16(), 503, "body: {}", reply.text);
    assert_eq!(reply.code(), "unavailable", "body: {}", reply.text);
    assert_eq!(reply.content_type, "application/problem+json");
    assert_eq!(reply.retry_after.as_deref(), Some("2"));
    assert!(
        took <= bound,
        "answered after {took:?}, more than {bound:?}"
    );
}

#[tokio::test]
async fn sqlite_locked_by_another_process_answers_503_then_recovers() {
    if on_postgres() {
        eprintln!("SQLite only: skipped on PostgreSQL");
        return;
    }
    let app = TestApp::demo().await;
    let partner = app.sign_in(PARTNER).await;
    let acme = app.org_id(&partner, "Acme Corp").await;
    let invitations = format!("/api/v1/organizations/{acme}/invitations");

    let locker = Locker::lock(&app.sqlite_path());
    // Three writes at once: the first waits out SQLite's busy timeout, the
    // others the writer queue; every one answers 503 within the bound.
    let bound = WRITE_QUEUE_TIMEOUT + SQLITE_BUSY_TIMEOUT + SLACK;
    let started = Instant::now();
    let write = |i: u32| {
        let (app, partner, invitations) = (&app, &partner, &invitations);
        async move {
            let body = json!({ "emails": [format!("busy{i}@example.com")] });
            let reply = app.post(invitations, partner, body).await;
            (reply, started.elapsed())
        }
    };
    let (a, b, c) = tokio::join!(write(0), write(1), write(2));
    for (reply, took) in [a, b, c] {
        assert_unavailable(&reply, took, bound);
    }
    // A sign-in writes a session: 503 too.
    let started = Instant::now();
    let reply = app
        .send(
            axum::http::Method::POST,
            "/api/v1/auth/demo-sign-in",
            None,
            Some(json!({ "email": PARTNER })),
        )
        .await;
    assert_unavailable(&reply, started.elapsed(), bound);
    // Reads go on meanwhile (WAL: readers do not wait for writers).
    app.get(&format!("/api/v1/organizations/{acme}/users"), &partner)
        .await
        .ok();

    locker.release();
    // Back without a restart: the same write succeeds, once.
    let reply = app
        .post(
            &invitations,
            &partner,
            json!({ "emails": ["busy0@example.com"] }),
        )
        .await
        .ok();
    assert_eq!(reply["results"][0]["outcome"], "invited", "{reply}");
    let list = app
        .get(&format!("{invitations}?search=busy"), &partner)
        .await
        .ok();
    assert_eq!(list["total_count"], 1, "{list}");
    app.sign_in(PARTNER).await;
}

/// One of the shell commands `scripts/test-postgres.sh` exports.
fn postgres_control(var: &str) -> Option<String> {
    std::env::var(var).ok().filter(|c| !c.is_empty())
}

fn run(command: &str) {
    let status = Command::new("sh")
        .args(["-c", command])
        .status()
        .expect("sh");
    assert!(status.success(), "{command} failed: {status}");
}

#[tokio::test]
async fn postgres_stopped_answers_503_then_recovers_when_started() {
    let (Some(stop), Some(start)) = (
        postgres_control("ROSTER_TEST_POSTGRES_STOP"),
        postgres_control("ROSTER_TEST_POSTGRES_START"),
    ) else {
        eprintln!("needs scripts/test-postgres.sh (ROSTER_TEST_POSTGRES_STOP/_START): skipped");
        return;
    };
    let app = TestApp::demo().await;
    let partner = app.sign_in(PARTNER).await;
    let acme = app.org_id(&partner, "Acme Corp").await;
    let users = format!("/api/v1/organizations/{acme}/users");
    app.get(&users, &partner).await.ok();

    run(&stop);
    let restarted = StartOnDrop(start);
    // Reads and writes alike: 503 within the pool's acquire timeout.
    let bound = ACQUIRE_TIMEOUT + WRITE_QUEUE_TIMEOUT + SLACK;
    for _ in 0..2 {
        let started = Instant::now();
        let reply = app.get(&users, &partner).await;
        assert_unavailable(&reply, started.elapsed(), bound);
    }
    let started = Instant::now();
    let reply = app
        .post(
            &format!("/api/v1/organizations/{acme}/invitations"),
            &partner,
            json!({ "emails": ["down@example.com"] }),
        )
        .await;
    assert_unavailable(&reply, started.elapsed(), bound);

    drop(restarted); // starts PostgreSQL again
                     // Back without a restart of the Roster server: the next requests succeed
                     // (the pool replaces the connections PostgreSQL closed).
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let reply = app.get(&users, &partner).await;
        if reply.status.is_success() {
            break;
        }
        assert_eq!(reply.status.as_u16(), 503, "body: {}", reply.text);
        assert!(
            Instant::now() < deadline,
            "still 503 a minute after the restart"
        );
    }
    let reply = app
        .post(
            &format!("/api/v1/organizations/{acme}/invitations"),
            &partner,
            json!({ "emails": ["down@example.com"] }),
        )
        .await
        .ok();
    assert_eq!(reply["results"][0]["outcome"], "invited", "{reply}");
}

/// Starts PostgreSQL again when dropped, even after a failed assertion.
struct StartOnDrop(String);

impl Drop for StartOnDrop {
    fn drop(&mut self) {
        let status = Command::new("sh").args(["-c", &self.0]).status();
        if !status.as_ref().is_ok_and(|s| s.success()) {
            eprintln!("could not start PostgreSQL again: {status:?}");
        }
    }
}
