//! The outbox: every message the server sends, kept whether or not SMTP is
//! configured, with its delivery. Outside demo mode a row never holds a live
//! secret: the link (and its token) is left out of `link` and `body` before
//! the row is written, and only the message handed to SMTP carries it.

use roster_api::{DeliveryStatus, OutboxMessage};
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
    /// `sending`, `delivered` or `failed` ([`DeliveryStatus::as_str`]).
    pub delivery: String,
    pub delivery_error: Option<String>,
    /// The HTML alternative of `body`, sent over SMTP only (never stored).
    #[sqlx(skip)]
    pub html: Option<String>,
    /// What the outbox keeps in place of `body`, in demo mode too, when the
    /// message holds a secret the demo must not show either (a sign-in code).
    #[sqlx(skip)]
    pub stored_body: Option<String>,
}

/// What a stored sign-in message says in place of its code and link.
pub const SIGN_IN_NOT_KEPT: &str = "[sign-in code and link sent by email, not kept]";

/// What a stored body says in place of a link it must not keep.
pub const LINK_NOT_KEPT: &str = "[link sent by email, not kept]";

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
            delivery: DeliveryStatus::parse(&self.delivery),
            delivery_error: self.delivery_error.clone(),
        }
    }

    /// The same message without its link: what the outbox keeps outside demo mode.
    pub fn without_link(&self) -> OutboxRow {
        let mut row = self.clone();
        if let Some(link) = row.link.take() {
            row.body = row.body.replace(&link, LINK_NOT_KEPT);
        }
        row
    }

    /// What the outbox keeps of this message: never a secret's message
    /// (`stored_body`), never its HTML, a link only when `keep_links`.
    pub fn to_store(&self, keep_links: bool) -> OutboxRow {
        let mut row = if keep_links {
            self.clone()
        } else {
            self.without_link()
        };
        if let Some(stored) = row.stored_body.take() {
            row.body = stored;
            row.link = None;
        }
        row.html = None;
        row
    }
}

pub async fn insert(conn: &mut Conn, row: &OutboxRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO outbox (id, to_email, subject, body, link, invitation_id, created_at, \
         delivery, delivery_error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&row.id)
    .bind(&row.to_email)
    .bind(&row.subject)
    .bind(&row.body)
    .bind(&row.link)
    .bind(&row.invitation_id)
    .bind(row.created_at)
    .bind(&row.delivery)
    .bind(&row.delivery_error)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn mark_sent(conn: &mut Conn, id: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox SET sent_at = $1, delivery = 'delivered', delivery_error = NULL WHERE id = $2",
    )
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records that the mail server refused the message or could not be reached.
pub async fn mark_failed(conn: &mut Conn, id: &str, error: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE outbox SET delivery = 'failed', delivery_error = $1 WHERE id = $2")
        .bind(error)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Removes every kept link (and its token) from the outbox: run on start
/// outside demo mode, for rows written by a demo server or an older version.
/// Answers how many rows held one.
pub async fn forget_links(conn: &mut Conn) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE outbox SET body = REPLACE(body, link, $1), link = NULL WHERE link IS NOT NULL",
    )
    .bind(LINK_NOT_KEPT)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// The delivery of the newest message of each invitation.
pub async fn latest_deliveries(
    conn: &mut Conn,
    invitation_ids: &[String],
) -> Result<std::collections::HashMap<String, (DeliveryStatus, Option<String>)>, sqlx::Error> {
    let mut out = std::collections::HashMap::new();
    if invitation_ids.is_empty() {
        return Ok(out);
    }
    let mut qb = super::QueryBuilder::new(
        "SELECT invitation_id, delivery, delivery_error FROM outbox WHERE invitation_id IN (",
    );
    let mut sep = qb.separated(", ");
    for id in invitation_ids {
        sep.push_bind(id.clone());
    }
    qb.push(") ORDER BY created_at, id");
    let rows: Vec<(String, String, Option<String>)> =
        qb.build_query_as().fetch_all(&mut *conn).await?;
    for (id, delivery, error) in rows {
        if let Some(d) = DeliveryStatus::parse(&delivery) {
            // Ordered oldest first: the newest message wins.
            out.insert(id, (d, error));
        }
    }
    Ok(out)
}

/// The newest messages first, optionally only those to one address.
pub async fn list(
    conn: &mut Conn,
    to: Option<&str>,
    limit: i64,
) -> Result<Vec<OutboxRow>, sqlx::Error> {
    const COLS: &str =
        "SELECT id, to_email, subject, body, link, invitation_id, created_at, delivery, \
         delivery_error FROM outbox";
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
