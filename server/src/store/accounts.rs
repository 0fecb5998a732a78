//! Accounts and sessions.

use roster_api::{AccountKind, AccountRef};
use uuid::Uuid;

use super::Conn;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AccountRow {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub kind: String,
    pub created_at: i64,
    pub last_login_at: Option<i64>,
    /// 1 for an account a sign-in created without a name: the app asks it once.
    pub name_needed: i64,
}

impl AccountRow {
    pub fn uuid(&self) -> Uuid {
        Uuid::parse_str(&self.id).unwrap_or_default()
    }

    pub fn kind(&self) -> AccountKind {
        if self.kind == "partner" {
            AccountKind::Partner
        } else {
            AccountKind::User
        }
    }

    pub fn to_ref(&self) -> AccountRef {
        AccountRef {
            id: self.uuid(),
            email: self.email.clone(),
            display_name: self.display_name.clone(),
        }
    }
}

const COLUMNS: &str = "id, email, display_name, kind, created_at, last_login_at, name_needed";

pub async fn by_email(conn: &mut Conn, email: &str) -> Result<Option<AccountRow>, sqlx::Error> {
    sqlx::query_as::<_, AccountRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM accounts WHERE email = $1"
    )))
    .bind(email)
    .fetch_optional(conn)
    .await
}

pub async fn by_id(conn: &mut Conn, id: &str) -> Result<Option<AccountRow>, sqlx::Error> {
    sqlx::query_as::<_, AccountRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM accounts WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Creates an account; `email` must already be normalized.
pub async fn create(
    conn: &mut Conn,
    email: &str,
    display_name: &str,
    kind: AccountKind,
    now: i64,
) -> Result<AccountRow, sqlx::Error> {
    let row = AccountRow {
        id: Uuid::new_v4().to_string(),
        email: email.to_owned(),
        display_name: display_name.to_owned(),
        kind: match kind {
            AccountKind::Partner => "partner",
            AccountKind::User => "user",
        }
        .to_owned(),
        created_at: now,
        last_login_at: None,
        name_needed: 0,
    };
    sqlx::query("INSERT INTO accounts (id, email, display_name, kind, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(&row.id)
        .bind(&row.email)
        .bind(&row.display_name)
        .bind(&row.kind)
        .bind(row.created_at)
        .execute(conn)
        .await?;
    Ok(row)
}

/// The account a sign-in (email code or link, OpenID Connect) proves `email`
/// owns, created as a plain user when new: named `name` when the provider
/// gave one, else after the address's local part and marked `name_needed`
/// so that the app asks the person once.
pub async fn for_sign_in(
    conn: &mut Conn,
    email: &str,
    name: Option<&str>,
    now: i64,
) -> Result<AccountRow, sqlx::Error> {
    if let Some(row) = by_email(&mut *conn, email).await? {
        return Ok(row);
    }
    create_maybe_named(conn, email, name, AccountKind::User, now).await
}

/// Creates an account named `name`, else after the address's local part and
/// marked `name_needed` (the app asks the person once).
async fn create_maybe_named(
    conn: &mut Conn,
    email: &str,
    name: Option<&str>,
    kind: AccountKind,
    now: i64,
) -> Result<AccountRow, sqlx::Error> {
    let local = email.split('@').next().unwrap_or(email);
    let mut row = create(&mut *conn, email, name.unwrap_or(local), kind, now).await?;
    if name.is_none() {
        sqlx::query("UPDATE accounts SET name_needed = 1 WHERE id = $1")
            .bind(&row.id)
            .execute(conn)
            .await?;
        row.name_needed = 1;
    }
    Ok(row)
}

/// The account with this email, created (as a plain user) when new.
pub async fn find_or_create(
    conn: &mut Conn,
    email: &str,
    display_name: &str,
    now: i64,
) -> Result<AccountRow, sqlx::Error> {
    match by_email(&mut *conn, email).await? {
        Some(row) => Ok(row),
        None => create(conn, email, display_name, AccountKind::User, now).await,
    }
}

/// Records a sign-in on the account and on every membership's copy of it
/// and its search terms (the users table sorts on their copies).
pub async fn touch_login(conn: &mut Conn, account_id: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE accounts SET last_login_at = $1 WHERE id = $2")
        .bind(now)
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    for table in ["memberships", "member_terms"] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE {table} SET last_login_at = $1 WHERE account_id = $2"
        )))
        .bind(now)
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub async fn insert_session(
    conn: &mut Conn,
    token_hash: &str,
    account_id: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO sessions (token_hash, account_id, created_at) VALUES ($1, $2, $3)")
        .bind(token_hash)
        .bind(account_id)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// The account of a live session and when the session was last used: none
/// when the token is unknown, was signed in before `created_after` or last
/// used before `seen_after` (expired).
pub async fn by_session(
    conn: &mut Conn,
    token_hash: &str,
    created_after: i64,
    seen_after: i64,
) -> Result<Option<(AccountRow, i64)>, sqlx::Error> {
    let row = sqlx::query_as::<_, SessionAccount>(
        "SELECT a.id, a.email, a.display_name, a.kind, a.created_at, a.last_login_at, a.name_needed, \
         COALESCE(s.last_seen_at, s.created_at) AS seen_at \
         FROM sessions s JOIN accounts a ON a.id = s.account_id \
         WHERE s.token_hash = $1 AND s.created_at > $2 AND COALESCE(s.last_seen_at, s.created_at) > $3",
    )
    .bind(token_hash)
    .bind(created_after)
    .bind(seen_after)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| {
        (
            AccountRow {
                id: r.id,
                email: r.email,
                display_name: r.display_name,
                kind: r.kind,
                created_at: r.created_at,
                last_login_at: r.last_login_at,
                name_needed: r.name_needed,
            },
            r.seen_at,
        )
    }))
}

#[derive(sqlx::FromRow)]
struct SessionAccount {
    id: String,
    email: String,
    display_name: String,
    kind: String,
    created_at: i64,
    last_login_at: Option<i64>,
    name_needed: i64,
    seen_at: i64,
}

/// Records a use of the session.
pub async fn touch_session(conn: &mut Conn, token_hash: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(now)
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete_session(conn: &mut Conn, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends every session of an account ("Sign out everywhere").
pub async fn delete_sessions_of(conn: &mut Conn, account_id: &str) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE account_id = $1")
        .bind(account_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

/// Renames an account (clearing `name_needed`) and every copy of its name:
/// its memberships' and their search terms (`member_terms`, whose terms are
/// the name's words: rewritten).
pub async fn rename(
    conn: &mut Conn,
    account_id: &str,
    display_name: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE accounts SET display_name = $1, name_needed = 0 WHERE id = $2")
        .bind(display_name)
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE memberships SET display_name = $1, display_name_lower = $2 WHERE account_id = $3",
    )
    .bind(display_name)
    .bind(display_name.to_lowercase())
    .bind(account_id)
    .execute(&mut *conn)
    .await?;
    // One copy of each membership's other columns, then its terms anew.
    let copies: Vec<TermRow> = sqlx::query_as(
        "SELECT organization_id, member_type, email, created_at, last_login_at, tags, group_ids \
         FROM member_terms WHERE account_id = $1 AND prev_term = ''",
    )
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?;
    for c in copies {
        sqlx::query("DELETE FROM member_terms WHERE organization_id = $1 AND account_id = $2")
            .bind(&c.organization_id)
            .bind(account_id)
            .execute(&mut *conn)
            .await?;
        let copy = super::members::TermCopy {
            account_id,
            email: &c.email,
            display_name,
            member_type: &c.member_type,
            created_at: c.created_at,
            last_login_at: c.last_login_at,
            tags: c.tags.clone(),
            group_ids: c.group_ids.clone(),
        };
        super::members::insert_terms(&mut *conn, &c.organization_id, &copy).await?;
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct TermRow {
    organization_id: String,
    member_type: String,
    email: String,
    created_at: i64,
    last_login_at: Option<i64>,
    tags: String,
    group_ids: String,
}

/// Makes the account with `email` a partner, creating it when new (named
/// `name`, else after the address's local part and asked its name at first
/// sign-in). Answers the account and whether it was created. Only the
/// `roster-server partner add` command calls this: no API path makes a partner.
pub async fn make_partner(
    conn: &mut Conn,
    email: &str,
    name: Option<&str>,
    now: i64,
) -> Result<(AccountRow, bool), sqlx::Error> {
    if let Some(mut row) = by_email(&mut *conn, email).await? {
        sqlx::query("UPDATE accounts SET kind = 'partner' WHERE id = $1")
            .bind(&row.id)
            .execute(&mut *conn)
            .await?;
        row.kind = "partner".to_owned();
        return Ok((row, false));
    }
    let row = create_maybe_named(conn, email, name, AccountKind::Partner, now).await?;
    Ok((row, true))
}

/// The partner accounts, by email.
pub async fn partners(conn: &mut Conn) -> Result<Vec<AccountRow>, sqlx::Error> {
    sqlx::query_as::<_, AccountRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM accounts WHERE kind = 'partner' ORDER BY email"
    )))
    .fetch_all(conn)
    .await
}
