//! The outbox: every message the server sends, kept whether or not SMTP is configured.

use roster_api::OutboxMessage;
use uuid::Uuid;

use super::Conn;
use crate::clock::ms_to_time;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: String,
    pub to_email: String,
    pub subject: String,
    pub body: String,
    pub link: Option<String>,
    pub invitation_id: Option<String>,
    pub created_at: i64,
}

impl OutboxRow {
    pub fn to_api(&self) -> OutboxMessage {
        OutboxMessage {
            id: Uuid::parse_str(&self.id).unwrap_or_default(),
            to: self.to_email.clone(),
            subject: self.subject.clone(),
            body: self.body.clone(),
            link: self.link.clone(),
            invitation_id: self
                .invitation_id
                .as_deref()
                .and_then(|id| Uuid::parse_str(id).ok()),
            created_at: ms_to_time(self.created_at),
        }
    }
}

pub async fn insert(conn: &mut Conn, row: &OutboxRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO outbox (id, to_email, subject, body, link, invitation_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&row.id)
    .bind(&row.to_email)
    .bind(&row.subject)
    .bind(&row.body)
    .bind(&row.link)
    .bind(&row.invitation_id)
    .bind(row.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn mark_sent(conn: &mut Conn, id: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE outbox SET sent_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The newest messages first, optionally only those to one address.
pub async fn list(
    conn: &mut Conn,
    to: Option<&str>,
    limit: i64,
) -> Result<Vec<OutboxRow>, sqlx::Error> {
    const COLS: &str =
        "SELECT id, to_email, subject, body, link, invitation_id, created_at FROM outbox";
    match to {
        Some(to) => {
            sqlx::query_as::<_, OutboxRow>(sqlx::AssertSqlSafe(format!(
                "{COLS} WHERE to_email = $1 ORDER BY created_at DESC, id DESC LIMIT $2"
            )))
            .bind(to)
            .bind(limit)
            .fetch_all(conn)
            .await
        }
        None => {
            sqlx::query_as::<_, OutboxRow>(sqlx::AssertSqlSafe(format!(
                "{COLS} ORDER BY created_at DESC, id DESC LIMIT $1"
            )))
            .bind(limit)
            .fetch_all(conn)
            .await
        }
    }
}

pub async fn latest_link(
    conn: &mut Conn,
    invitation_id: &str,
) -> Result<Option<String>, sqlx::Error> {
    let link: Option<Option<String>> = sqlx::query_scalar(
        "SELECT link FROM outbox WHERE invitation_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1",
    )
    .bind(invitation_id)
    .fetch_optional(conn)
    .await?;
    Ok(link.flatten())
}
