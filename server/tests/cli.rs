//! The binary as the e2e harness and the run script use it: flags, the start
//! line, a real socket, SPA fallback from --static-dir.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn http_get(addr: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("write");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    response
}

#[test]
fn starts_prints_its_address_and_serves() {
    let dir = tempfile::tempdir().expect("dir");
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).expect("dist");
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>Roster app</title>",
    )
    .expect("index");
    let db = dir.path().join("cli.db");
    let child = Command::new(env!("CARGO_BIN_EXE_roster-server"))
        .args([
            "--bind",
            "127.0.0.1:0",
            "--demo",
            "--test-controls",
            "--seed-members",
            "Hooli:30",
        ])
        .arg("--db")
        .arg(&db)
        .arg("--static-dir")
        .arg(&dist)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut server = Server(child);
    let stdout = server.0.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("start line");
    let url = line
        .trim()
        .strip_prefix("Roster listening on http://")
        .expect("the start line")
        .to_owned();
    let port: u16 = url
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("port");
    assert_ne!(port, 0, "the resolved port, not 0");

    let page = http_get(&url, "/orgs/anything/users");
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("Roster app"));
    let me = http_get(&url, "/api/v1/me");
    assert!(me.starts_with("HTTP/1.1 401"), "{me}");
    assert!(me.contains("application/problem+json"));
    let doc = http_get(&url, "/api/v1/openapi.json");
    assert!(doc.contains("\"openapi\""));
    let accounts = http_get(&url, "/api/v1/auth/demo-accounts");
    assert!(accounts.contains("partner@roster.demo"));
    drop(server);

    // Restarting on the same database keeps the data and seeds nothing twice
    // (demo mode from the environment this time).
    let child = Command::new(env!("CARGO_BIN_EXE_roster-server"))
        .env("ROSTER_DEMO", "1")
        .args(["--bind", "127.0.0.1:0", "--seed-members", "Hooli:30"])
        .arg("--db")
        .arg(&db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut server = Server(child);
    let stdout = server.0.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("start line");
    let url = line
        .trim()
        .strip_prefix("Roster listening on http://")
        .expect("the start line")
        .to_owned();
    let accounts = http_get(&url, "/api/v1/auth/demo-accounts");
    assert!(accounts.starts_with("HTTP/1.1 200"), "{accounts}");
    drop(server);
    let members = count(&db, "SELECT COUNT(*) FROM memberships m JOIN organizations o ON o.id = m.organization_id WHERE o.name = 'Hooli'");
    assert_eq!(members, 4 + 30, "the demo's 4 and the 30 seeded, once");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM organizations"), 6);
}

fn count(db: &std::path::Path, sql: &'static str) -> i64 {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let store = roster_server::Store::connect(db.to_str().expect("path"))
            .await
            .expect("db");
        sqlx::query_scalar(sql)
            .fetch_one(&store.pool)
            .await
            .expect("count")
    })
}

#[test]
fn bad_flags_fail_with_a_message() {
    let out = Command::new(env!("CARGO_BIN_EXE_roster-server"))
        .args([
            "--bind",
            "127.0.0.1:0",
            "--db",
            ":memory:",
            "--seed-members",
            "NoColon",
        ])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--seed-members"));
}

fn roster(args: &[&str], db: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_roster-server"))
        .args(args)
        .arg("--db")
        .arg(db)
        .env_remove("ROSTER_PUBLIC_URL")
        .env_remove("ROSTER_SMTP_URL")
        .output()
        .expect("run")
}

#[test]
fn partner_add_makes_a_partner_and_prints_how_to_sign_in() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("partners.db");
    let out = roster(
        &[
            "partner",
            "add",
            "Boss@Example.com",
            "--name",
            "Bea Boss",
            "--public-url",
            "https://roster.example/",
        ],
        &db,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("boss@example.com: created as a partner"),
        "{stdout}"
    );
    assert!(
        stdout.contains("https://roster.example/sign-in "),
        "{stdout}"
    );
    assert!(stdout.contains("--smtp-url"), "{stdout}");
    let link = stdout
        .split_whitespace()
        .find(|w| w.starts_with("https://roster.example/sign-in/link?token="))
        .expect("a one-time link");
    let token = link.split("token=").nth(1).expect("token");
    // The database keeps only its hash, bound to no real device.
    let hash = roster_server::auth::hash_token(token);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let rows: i64 = runtime.block_on(async {
        let store = roster_server::Store::connect(db.to_str().expect("path"))
            .await
            .expect("db");
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM sign_in_codes WHERE email = 'boss@example.com' AND link_hash = $1 AND used_at IS NULL",
        )
        .bind(&hash)
        .fetch_one(&store.pool)
        .await
        .expect("count")
    });
    assert_eq!(rows, 1);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM accounts WHERE kind = 'partner' AND display_name = 'Bea Boss' AND name_needed = 0"),
        1
    );

    // Again, on an existing account: it stays one partner; a new link replaces the old.
    let out = roster(&["partner", "add", "boss@example.com"], &db);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("boss@example.com: is now a partner"),
        "{stdout}"
    );
    assert!(
        stdout.contains("http://127.0.0.1:8080/sign-in/link?token="),
        "{stdout}"
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM accounts"), 1);
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM sign_in_codes WHERE used_at IS NULL"
        ),
        1
    );

    // An existing user becomes a partner; the list shows both.
    let out = roster(&["partner", "add", "second@example.com"], &db);
    assert!(out.status.success());
    let out = roster(&["partner", "list"], &db);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        ["boss@example.com\tBea Boss", "second@example.com\tsecond"]
    );

    let out = roster(&["partner", "add", "not an address"], &db);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an address"));
}

#[test]
fn without_smtp_outside_demo_mode_the_server_says_codes_cannot_be_emailed() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("real.db");
    let child = Command::new(env!("CARGO_BIN_EXE_roster-server"))
        .args(["--bind", "127.0.0.1:0"])
        .arg("--db")
        .arg(&db)
        .env_remove("ROSTER_DEMO")
        .env_remove("ROSTER_SMTP_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut server = Server(child);
    let stdout = server.0.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("start line");
    assert!(line.starts_with("Roster listening on"), "{line}");
    let _ = server.0.kill();
    let _ = server.0.wait();
    let mut stderr = String::new();
    server
        .0
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("stderr");
    let warning: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("--smtp-url"))
        .collect();
    assert_eq!(warning.len(), 1, "{stderr}");
    assert!(warning[0].contains("partner add"), "{stderr}");
}
