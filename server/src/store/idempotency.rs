//! Stored answers of requests sent with an `Idempotency-Key`.

use super::Conn;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct StoredResponse {
    pub request_hash: String,
    pub status_code: i64,
    pub response_body: String,
}

pub async fn find(
    conn: &mut Conn,
    account_id: &str,
    key: &str,
) -> Result<Option<StoredResponse>, sqlx::Error> {
    sqlx::query_as::<_, StoredResponse>(
        "SELECT request_hash, status_code, response_body FROM idempotency_keys \
         WHERE account_id = $1 AND idempotency_key = $2",
    )
    .bind(account_id)
    .bind(key)
    .fetch_optional(conn)
    .await
}

pub async fn insert(
    conn: &mut Conn,
    account_id: &str,
    key: &str,
    request_hash: &str,
    status_code: u16,
    body: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO idempotency_keys (account_id, idempotency_key, request_hash, status_code, response_body, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(account_id)
    .bind(key)
    .bind(request_hash)
    .bind(i64::from(status_code))
    .bind(body)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
