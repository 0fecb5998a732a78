//! Fresh databases for tests: a SQLite file in a temporary folder, or, when
//! `ROSTER_TEST_POSTGRES_URL` names a PostgreSQL server (a URL whose user may
//! create databases, e.g. `postgres://roster@127.0.0.1:55432/postgres`), a new
//! database on it, dropped again when the [`TestDb`] goes.

use std::path::Path;

use sqlx::Executor;

use super::Store;

/// The variable that sends the tests to PostgreSQL.
pub const POSTGRES_URL_VAR: &str = "ROSTER_TEST_POSTGRES_URL";

/// Keeps a test database alive; dropping it drops a PostgreSQL database.
pub struct TestDb {
    /// (server URL, database name) of a PostgreSQL test database.
    postgres: Option<(String, String)>,
}

/// A fresh, migrated, empty store for one test; SQLite files go in `dir`.
pub async fn fresh_store(dir: &Path) -> (Store, TestDb) {
    match std::env::var(POSTGRES_URL_VAR)
        .ok()
        .filter(|u| !u.is_empty())
    {
        Some(server) => {
            let name = format!("roster_test_{}", uuid::Uuid::new_v4().simple());
            sqlx::any::install_default_drivers();
            let mut admin = <sqlx::AnyConnection as sqlx::Connection>::connect(&server)
                .await
                .expect("PostgreSQL test server");
            admin
                .execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .await
                .expect("create test database");
            let _ = sqlx::Connection::close(admin).await;
            let url = with_database(&server, &name);
            let store = Store::connect(&url).await.expect("test database");
            (
                store,
                TestDb {
                    postgres: Some((server, name)),
                },
            )
        }
        None => {
            let path = dir.join("roster.db");
            let store = Store::connect(path.to_str().expect("utf-8 path"))
                .await
                .expect("test database");
            (store, TestDb { postgres: None })
        }
    }
}

/// `url` with its database (the path) replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    let mut out = format!("{}/{name}", &base[..host_end]);
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    out
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((server, name)) = self.postgres.take() {
            // Drop runs outside any runtime's reach: a small one of its own.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build();
                if let Ok(runtime) = runtime {
                    runtime.block_on(async move {
                        if let Ok(mut admin) =
                            <sqlx::AnyConnection as sqlx::Connection>::connect(&server).await
                        {
                            let _ = admin
                                .execute(sqlx::AssertSqlSafe(format!(
                                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                                )))
                                .await;
                        }
                    });
                }
            })
            .join();
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn database_name_replaces_the_path() {
        assert_eq!(
            super::with_database("postgres://u@h:5/postgres?sslmode=disable", "t1"),
            "postgres://u@h:5/t1?sslmode=disable"
        );
        assert_eq!(
            super::with_database("postgres://u@h:5", "t1"),
            "postgres://u@h:5/t1"
        );
    }
}
