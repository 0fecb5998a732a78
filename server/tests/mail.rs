//! Mail: the outbox always, SMTP delivery when configured (against a tiny
//! in-test SMTP server on loopback).

mod common;

use std::time::Duration;

use common::{TestApp, PARTNER};
use roster_server::Mailer;
use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// Accepts SMTP sessions and sends each message's DATA to `tx`.
async fn fake_smtp(listener: TcpListener, tx: mpsc::UnboundedSender<String>) {
    while let Ok((stream, _)) = listener.accept().await {
        let tx = tx.clone();
        tokio::spawn(async move {
            let (read, mut write) = stream.into_split();
            let mut lines = BufReader::new(read).lines();
            let _ = write.write_all(b"220 fake ESMTP\r\n").await;
            let mut data: Option<String> = None;
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(body) = data.as_mut() {
                    if line == "." {
                        let _ = tx.send(std::mem::take(body));
                        data = None;
                        let _ = write.write_all(b"250 queued\r\n").await;
                    } else {
                        body.push_str(&line);
                        body.push('\n');
                    }
                    continue;
                }
                let verb = line
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_ascii_uppercase();
                let reply: &[u8] = match verb.as_str() {
                    "EHLO" | "HELO" => b"250 fake\r\n",
                    "DATA" => {
                        data = Some(String::new());
                        b"354 go ahead\r\n"
                    }
                    "QUIT" => {
                        let _ = write.write_all(b"221 bye\r\n").await;
                        break;
                    }
                    _ => b"250 ok\r\n",
                };
                let _ = write.write_all(reply).await;
            }
        });
    }
}

#[tokio::test]
async fn invitations_go_to_the_outbox_and_over_smtp() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let (tx, mut rx) = mpsc::unbounded_channel();
    tokio::spawn(fake_smtp(listener, tx));

    let mut app = TestApp::demo().await;
    app.state.mailer = Mailer::new(Some(&format!("smtp://127.0.0.1:{port}"))).expect("mailer");
    app.router = roster_server::app(app.state.clone(), None, &[]);

    let partner = app.sign_in(PARTNER).await;
    let acme = app.org_id(&partner, "Acme Corp").await;
    app.post(
        &format!("/api/v1/organizations/{acme}/invitations"),
        &partner,
        json!({ "emails": ["smtp.user@example.com"] }),
    )
    .await
    .ok();
    let message = tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("delivered in time")
        .expect("message");
    assert!(message.contains("To: smtp.user@example.com"), "{message}");
    assert!(message.contains("Acme Corp"), "{message}");
    let link = app.last_link(&partner, "smtp.user@example.com").await;
    // The body is quoted-printable: undo soft line breaks and `=3D`.
    let decoded = message.replace("=\n", "").replace("=3D", "=");
    assert!(decoded.contains(&link), "{message}");

    // The outbox row is marked sent once the server accepted it.
    let mut sent = None;
    for _ in 0..50 {
        let mut conn = app.state.store.read().await.expect("conn");
        sent = sqlx::query_scalar::<_, Option<i64>>(
            "SELECT sent_at FROM outbox WHERE to_email = 'smtp.user@example.com'",
        )
        .fetch_one(&mut *conn)
        .await
        .expect("row");
        if sent.is_some() {
            break;
        }
        drop(conn);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(sent.is_some());
}

#[test]
fn smtp_url_is_checked_on_start() {
    assert!(Mailer::new(Some("not a url")).is_err());
    assert!(Mailer::new(Some("smtp://127.0.0.1:2525")).is_ok());
    assert!(Mailer::new(None).is_ok());
}
