//! The data layer: every SQL statement of the server lives under this module.
//!
//! SQL is kept portable (numbered `$1` placeholders, TEXT uuids, INTEGER unix
//! milliseconds, JSON text for small lists, `ON CONFLICT DO NOTHING`) so that a
//! PostgreSQL backend can reuse it; only [`Store::connect`] knows it is SQLite.

pub mod accounts;
pub mod groups;
pub mod idempotency;
pub mod invitations;
pub mod members;
pub mod organizations;
pub mod outbox;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Pool, Transaction};
use tokio::sync::{Mutex, OwnedMutexGuard};

/// The database the server runs on.
pub type Db = sqlx::Sqlite;
/// One connection (inside a transaction or not).
pub type Conn = sqlx::SqliteConnection;

/// Shared handle on the database.
#[derive(Clone)]
pub struct Store {
    pub pool: Pool<Db>,
    /// SQLite allows one writer at a time; taking this lock before a write
    /// transaction queues writers in the server instead of failing them with
    /// SQLITE_BUSY, and makes read-then-write checks (idempotency keys, one
    /// invitation per address) race-free.
    write_lock: Arc<Mutex<()>>,
}

/// A write transaction holding the writer lock until commit or drop.
pub struct WriteTx {
    pub tx: Transaction<'static, Db>,
    _guard: OwnedMutexGuard<()>,
}

impl WriteTx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl std::ops::Deref for WriteTx {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Conn {
        &mut self.tx
    }
}

impl Store {
    /// Opens (creating when missing) and migrates the database at `path`.
    pub async fn connect(path: &str) -> Result<Self, sqlx::Error> {
        let url = if path.starts_with("sqlite:") {
            path.to_owned()
        } else {
            format!("sqlite://{path}")
        };
        let options = SqliteConnectOptions::from_str(&url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // A 32 MiB page cache per connection and memory-mapped reads:
            // a 100,000-member organization's indexes stay in memory.
            .pragma("cache_size", "-32768")
            .pragma("mmap_size", "268435456")
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Self {
            pool,
            write_lock: Arc::new(Mutex::new(())),
        })
    }

    /// Begins a write transaction (one at a time).
    pub async fn write(&self) -> Result<WriteTx, sqlx::Error> {
        let guard = self.write_lock.clone().lock_owned().await;
        // IMMEDIATE takes SQLite's write lock up front, so a reader in
        // another process cannot make the upgrade fail half-way.
        let tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        Ok(WriteTx { tx, _guard: guard })
    }

    /// A connection for reads.
    pub async fn read(&self) -> Result<sqlx::pool::PoolConnection<Db>, sqlx::Error> {
        self.pool.acquire().await
    }
}

/// A JSON list column to a Vec, tolerating a malformed value as empty
/// (the server writes these columns itself).
pub fn json_list<T: serde::de::DeserializeOwned>(text: &str) -> Vec<T> {
    serde_json::from_str(text).unwrap_or_default()
}

/// A Vec to a JSON list column.
pub fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".to_owned())
}

/// Upper bound of a prefix range: every string starting with `prefix`
/// compares below `prefix` + U+10FFFF (byte order, as SQLite's BINARY collation).
pub fn prefix_end(prefix: &str) -> String {
    let mut end = prefix.to_owned();
    end.push(char::MAX);
    end
}
