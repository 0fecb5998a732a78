//! The data layer: every SQL statement of the server lives under this module.
//!
//! SQL is portable (numbered `$1` placeholders, TEXT uuids, BIGINT unix
//! milliseconds, JSON text for small lists, `ON CONFLICT DO NOTHING`, explicit
//! NULLS FIRST/LAST) and runs through sqlx's `Any` driver on SQLite or
//! PostgreSQL, chosen by the database URL; only [`Store::connect`] and
//! [`Store::write`] know which. Each backend has its own migrations folder
//! (`migrations/` for SQLite, `migrations_postgres/`) ending in the same schema.

pub mod accounts;
pub mod groups;
pub mod idempotency;
pub mod invitations;
pub mod members;
pub mod organizations;
pub mod outbox;
pub mod sign_in;
mod sql;
#[doc(hidden)]
pub mod testing;

use std::sync::Arc;
use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::{Executor, Pool, Transaction};
use tokio::sync::{Mutex, OwnedMutexGuard};

pub use sql::{QueryBuilder, Separated};

/// The database the server runs on (SQLite or PostgreSQL, chosen at start).
pub type Db = sqlx::Any;
/// One connection (inside a transaction or not).
pub type Conn = sqlx::AnyConnection;

/// Which database a [`Store`] talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// `postgres://` and `postgresql://` URLs are PostgreSQL; anything else
    /// is a SQLite file path or `sqlite:` URL.
    pub fn of(db: &str) -> Self {
        if db.starts_with("postgres://") || db.starts_with("postgresql://") {
            Self::Postgres
        } else {
            Self::Sqlite
        }
    }
}

/// How long a request waits for a pooled connection before answering 503
/// (`sqlx::Error::PoolTimedOut`); with PostgreSQL stopped, the time spent
/// trying to reconnect.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);
/// How long SQLite waits for a lock held by another process
/// (`PRAGMA busy_timeout`) before failing with SQLITE_BUSY (503).
pub const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(3);
/// How long a write waits in the in-process writer queue before answering
/// 503. A write therefore answers within about `WRITE_QUEUE_TIMEOUT` +
/// `SQLITE_BUSY_TIMEOUT` (8 s) even while another process locks the file.
pub const WRITE_QUEUE_TIMEOUT: Duration = Duration::from_secs(5);
/// Pooled SQLite connections for reads: one per core, plus one (for a long
/// read such as a CSV export); writes have a connection of their own. Each
/// runs on its own sqlx worker thread and every query is a round trip to
/// it: under load, more connections than cores cost more in thread switches
/// than they gain (`make stress` on 2 cores measured 390-460 µs of server
/// CPU per members-list request with 2 to 4 connections, 620-770 µs with 8).
pub fn sqlite_connections() -> u32 {
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    u32::try_from(cores).unwrap_or(16).clamp(1, 15) + 1
}
/// Pooled PostgreSQL connections.
pub const POSTGRES_CONNECTIONS: u32 = 16;

/// Shared handle on the database.
#[derive(Clone)]
pub struct Store {
    /// Connections for reads (and migrations).
    pub pool: Pool<Db>,
    /// Connections for [`Store::write`]: on SQLite one of its own (SQLite
    /// has one writer at a time anyway); on PostgreSQL the same pool.
    writer: Pool<Db>,
    pub backend: Backend,
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
    /// Opens and migrates the database: a PostgreSQL URL (`postgres://...`,
    /// the database must exist) or a SQLite file path or URL (created when missing).
    pub async fn connect(db: &str) -> Result<Self, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of(db);
        let (pool, writer) = match backend {
            Backend::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(POSTGRES_CONNECTIONS)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .connect(db)
                    .await?;
                sqlx::migrate!("./migrations_postgres").run(&pool).await?;
                (pool.clone(), pool)
            }
            Backend::Sqlite => {
                let path = db
                    .strip_prefix("sqlite://")
                    .or_else(|| db.strip_prefix("sqlite:"));
                let (path, query) = match path.unwrap_or(db).split_once('?') {
                    Some((path, query)) => (path.to_owned(), format!("{query}&")),
                    None => (path.unwrap_or(db).to_owned(), String::new()),
                };
                let url = if path == ":memory:" {
                    "sqlite::memory:".to_owned()
                } else {
                    format!("sqlite://{path}?{query}mode=rwc")
                };
                // WAL lets readers run beside the one writer; it is a property
                // of the file, set once.
                let mut first = <sqlx::AnyConnection as sqlx::Connection>::connect(&url).await?;
                first.execute("PRAGMA journal_mode = WAL").await?;
                sqlx::Connection::close(first).await?;
                let options = |connections: u32| {
                    AnyPoolOptions::new()
                        .max_connections(connections)
                        .acquire_timeout(ACQUIRE_TIMEOUT)
                        // A local file does not drop connections: no ping per acquire.
                        .test_before_acquire(false)
                        .after_connect(|conn, _| {
                            Box::pin(async move {
                                // A 32 MiB page cache per connection and memory-mapped
                                // reads: a 100,000-member organization's indexes stay in memory.
                                conn.execute(sqlx::AssertSqlSafe(format!(
                                    "PRAGMA cache_size = -32768; PRAGMA mmap_size = 268435456; \
                                     PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
                                     PRAGMA busy_timeout = {}",
                                    SQLITE_BUSY_TIMEOUT.as_millis()
                                )))
                                .await?;
                                Ok(())
                            })
                        })
                };
                let pool = options(sqlite_connections()).connect(&url).await?;
                sqlx::migrate!("./migrations").run(&pool).await?;
                // The writer's own connection: a write never waits behind
                // readers for a pooled connection while it holds the writer
                // lock. (An in-memory database lives in one connection's
                // memory: there, writes share the readers' pool.)
                let writer = if path == ":memory:" {
                    pool.clone()
                } else {
                    options(1).connect(&url).await?
                };
                (pool, writer)
            }
        };
        Ok(Self {
            pool,
            writer,
            backend,
            write_lock: Arc::new(Mutex::new(())),
        })
    }

    /// Begins a write transaction (one at a time, in arrival order: the
    /// writer queue). Waiting longer than [`WRITE_QUEUE_TIMEOUT`] for its
    /// turn fails with `PoolTimedOut` (503).
    pub async fn write(&self) -> Result<WriteTx, sqlx::Error> {
        let guard = tokio::time::timeout(WRITE_QUEUE_TIMEOUT, self.write_lock.clone().lock_owned())
            .await
            .map_err(|_| sqlx::Error::PoolTimedOut)?;
        let tx = match self.backend {
            // IMMEDIATE takes SQLite's write lock up front, so a reader in
            // another process cannot make the upgrade fail half-way.
            Backend::Sqlite => self.writer.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.writer.begin().await?,
        };
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
