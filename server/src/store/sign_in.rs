//! Emailed sign-in codes and links (`sign_in_codes`). One row holds both the
//! 6-digit code and the link's token, each only as a SHA-256 hash: using one
//! consumes both. A new row for an address replaces (marks used) the older
//! ones, so at most one per address is live.

use uuid::Uuid;

use super::Conn;
use crate::auth::hash_token;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CodeRow {
    pub id: String,
    pub email: String,
    pub code_hash: String,
    pub link_hash: String,
    pub device_hash: String,
    pub tries: i64,
    pub created_at: i64,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

const COLUMNS: &str =
    "id, email, code_hash, link_hash, device_hash, tries, created_at, expires_at, used_at";

/// What the row keeps of a code: SHA-256 of `id:code` (the id salts it, so
/// equal codes of two rows hash differently).
pub fn code_hash(id: &str, code: &str) -> String {
    hash_token(&format!("{id}:{code}"))
}

/// A new row's secrets, in clear: only the message handed to SMTP (or the
/// operator's terminal) ever holds them.
pub struct NewCode {
    pub id: String,
    pub code: String,
    pub link_token: String,
    pub expires_at: i64,
}

/// A uniformly random 6-digit code, 000000 to 999999.
pub fn random_code() -> String {
    use rand::Rng;
    format!("{:06}", rand::rng().random_range(0..1_000_000u32))
}

/// Creates the live code of `email` (replacing any older one), bound to the
/// device whose cookie hashes to `device_hash`, valid `minutes` from `now`.
pub async fn create(
    conn: &mut Conn,
    email: &str,
    device_hash: &str,
    now: i64,
    minutes: i64,
) -> Result<NewCode, sqlx::Error> {
    sqlx::query("UPDATE sign_in_codes SET used_at = $1 WHERE email = $2 AND used_at IS NULL")
        .bind(now)
        .bind(email)
        .execute(&mut *conn)
        .await?;
    let new = NewCode {
        id: Uuid::new_v4().to_string(),
        code: random_code(),
        link_token: crate::auth::new_token(),
        expires_at: now + minutes * 60_000,
    };
    sqlx::query(
        "INSERT INTO sign_in_codes (id, email, code_hash, link_hash, device_hash, tries, \
         created_at, expires_at) VALUES ($1, $2, $3, $4, $5, 0, $6, $7)",
    )
    .bind(&new.id)
    .bind(email)
    .bind(code_hash(&new.id, &new.code))
    .bind(hash_token(&new.link_token))
    .bind(device_hash)
    .bind(now)
    .bind(new.expires_at)
    .execute(conn)
    .await?;
    Ok(new)
}

/// The newest unused, unexpired code of `email`.
pub async fn live_for_email(
    conn: &mut Conn,
    email: &str,
    now: i64,
) -> Result<Option<CodeRow>, sqlx::Error> {
    sqlx::query_as::<_, CodeRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM sign_in_codes WHERE email = $1 AND used_at IS NULL \
         AND expires_at > $2 ORDER BY created_at DESC, id DESC LIMIT 1"
    )))
    .bind(email)
    .bind(now)
    .fetch_optional(conn)
    .await
}

/// The unused, unexpired row of a link token's hash.
pub async fn live_by_link(
    conn: &mut Conn,
    link_hash: &str,
    now: i64,
) -> Result<Option<CodeRow>, sqlx::Error> {
    sqlx::query_as::<_, CodeRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM sign_in_codes WHERE link_hash = $1 AND used_at IS NULL \
         AND expires_at > $2"
    )))
    .bind(link_hash)
    .bind(now)
    .fetch_optional(conn)
    .await
}

/// Records a wrong code; `lock` also marks the row used (no more tries).
pub async fn add_wrong_try(
    conn: &mut Conn,
    id: &str,
    lock: bool,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sign_in_codes SET tries = tries + 1 WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    if lock {
        mark_used(conn, id, now).await?;
    }
    Ok(())
}

/// Marks the row used (its code and its link); false when it already was.
pub async fn mark_used(conn: &mut Conn, id: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE sign_in_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
            .bind(now)
            .bind(id)
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_six_digits() {
        for _ in 0..200 {
            let code = random_code();
            assert_eq!(code.len(), 6);
            assert!(code.bytes().all(|b| b.is_ascii_digit()));
        }
    }

    #[test]
    fn a_code_hash_is_salted_by_its_row() {
        assert_ne!(code_hash("a", "123456"), code_hash("b", "123456"));
    }
}
