//! A query builder that numbers its placeholders `$1, $2, ...` on every
//! backend. sqlx's own `QueryBuilder<Any>` writes `?`, which PostgreSQL
//! rejects; SQLite reads `$N` as the N-th parameter, so one spelling serves both.

use std::fmt::{Display, Write};

use sqlx::any::AnyArguments;
use sqlx::{Arguments, Encode, Type};

use super::Db;

/// SQL text and its arguments, built piece by piece.
#[derive(Default)]
pub struct QueryBuilder {
    sql: String,
    args: AnyArguments,
    count: usize,
}

impl QueryBuilder {
    pub fn new(init: impl Into<String>) -> Self {
        Self {
            sql: init.into(),
            args: AnyArguments::default(),
            count: 0,
        }
    }

    /// Appends SQL text (never user input: values go through [`Self::push_bind`]).
    pub fn push(&mut self, sql: impl Display) -> &mut Self {
        let _ = write!(self.sql, "{sql}");
        self
    }

    /// Appends a placeholder and binds `value` to it.
    pub fn push_bind<'t, T>(&mut self, value: T) -> &mut Self
    where
        T: Encode<'t, Db> + Type<Db>,
    {
        self.count += 1;
        let _ = write!(self.sql, "${}", self.count);
        // Encoding into AnyArguments only fails for types Any cannot carry,
        // which the store never binds.
        let _ = self.args.add(value);
        self
    }

    /// Pushes items separated by `separator` (`IN (...)` lists).
    pub fn separated(&mut self, separator: &'static str) -> Separated<'_> {
        Separated {
            builder: self,
            separator,
            first: true,
        }
    }

    /// `VALUES (...), (...)` with one tuple per item.
    pub fn push_values<I, F>(&mut self, items: I, mut push_tuple: F) -> &mut Self
    where
        I: IntoIterator,
        F: FnMut(Separated<'_>, I::Item),
    {
        self.push("VALUES ");
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.push("(");
            push_tuple(self.separated(", "), item);
            self.push(")");
        }
        self
    }

    pub fn sql(&self) -> &str {
        &self.sql
    }

    fn take(&mut self) -> (String, AnyArguments) {
        self.count = 0;
        (
            std::mem::take(&mut self.sql),
            std::mem::take(&mut self.args),
        )
    }

    pub fn build(&mut self) -> sqlx::query::Query<'static, Db, AnyArguments> {
        let (sql, args) = self.take();
        sqlx::query_with(sqlx::AssertSqlSafe(sql), args)
    }

    pub fn build_query_as<T>(&mut self) -> sqlx::query::QueryAs<'static, Db, T, AnyArguments>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        let (sql, args) = self.take();
        sqlx::query_as_with(sqlx::AssertSqlSafe(sql), args)
    }

    pub fn build_query_scalar<T>(
        &mut self,
    ) -> sqlx::query::QueryScalar<'static, Db, T, AnyArguments>
    where
        (T,): for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        let (sql, args) = self.take();
        sqlx::query_scalar_with(sqlx::AssertSqlSafe(sql), args)
    }
}

/// Items of a list, with the separator between them.
pub struct Separated<'a> {
    builder: &'a mut QueryBuilder,
    separator: &'static str,
    first: bool,
}

impl Separated<'_> {
    fn before(&mut self) {
        if !self.first {
            self.builder.push(self.separator);
        }
        self.first = false;
    }

    pub fn push(&mut self, sql: impl Display) -> &mut Self {
        self.before();
        self.builder.push(sql);
        self
    }

    pub fn push_bind<'t, T>(&mut self, value: T) -> &mut Self
    where
        T: Encode<'t, Db> + Type<Db>,
    {
        self.before();
        self.builder.push_bind(value);
        self
    }
}
