//! Groups of an organization.

use super::QueryBuilder;
use roster_api::Group;
use uuid::Uuid;

use super::Conn;
use crate::paging::{Order, Paging};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct GroupRow {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub member_count: i64,
}

impl GroupRow {
    pub fn to_api(&self) -> Group {
        Group {
            id: Uuid::parse_str(&self.id).unwrap_or_default(),
            name: self.name.clone(),
            description: self.description.clone(),
            member_count: u64::try_from(self.member_count).unwrap_or(0),
        }
    }
}

/// Sortable columns of the group list.
pub const ORDER_FIELDS: &[(&str, &str)] =
    &[("name", "g.name_lower"), ("created_at", "g.created_at")];

const SELECT: &str = "SELECT g.id, g.name, g.description, g.member_count FROM groups g";

pub async fn list(
    conn: &mut Conn,
    org_id: &str,
    paging: &Paging,
    order: &Order,
) -> Result<(Vec<Group>, u64), sqlx::Error> {
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM groups WHERE organization_id = $1")
        .bind(org_id)
        .fetch_one(&mut *conn)
        .await?;
    let dir = order.direction();
    let rows = sqlx::query_as::<_, GroupRow>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE g.organization_id = $1 ORDER BY {} {dir}, g.id {dir} LIMIT $2 OFFSET $3",
        order.column
    )))
    .bind(org_id)
    .bind(paging.limit())
    .bind(paging.offset())
    .fetch_all(conn)
    .await?;
    Ok((
        rows.iter().map(GroupRow::to_api).collect(),
        u64::try_from(total).unwrap_or(0),
    ))
}

pub async fn get(
    conn: &mut Conn,
    org_id: &str,
    group_id: &str,
) -> Result<Option<GroupRow>, sqlx::Error> {
    sqlx::query_as::<_, GroupRow>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE g.organization_id = $1 AND g.id = $2"
    )))
    .bind(org_id)
    .bind(group_id)
    .fetch_optional(conn)
    .await
}

pub async fn by_name(
    conn: &mut Conn,
    org_id: &str,
    name: &str,
) -> Result<Option<GroupRow>, sqlx::Error> {
    sqlx::query_as::<_, GroupRow>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE g.organization_id = $1 AND g.name_lower = $2"
    )))
    .bind(org_id)
    .bind(name.to_lowercase())
    .fetch_optional(conn)
    .await
}

pub async fn insert(
    conn: &mut Conn,
    org_id: &str,
    name: &str,
    description: Option<&str>,
    now: i64,
) -> Result<GroupRow, sqlx::Error> {
    let id = Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO groups (id, organization_id, name, name_lower, description, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(org_id)
    .bind(name)
    .bind(name.to_lowercase())
    .bind(description)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(GroupRow {
        id,
        name: name.to_owned(),
        description: description.map(str::to_owned),
        member_count: 0,
    })
}

/// Names of the given groups of the organization (unknown ids are left out).
pub async fn names(
    conn: &mut Conn,
    org_id: &str,
    ids: &[String],
) -> Result<Vec<(String, String)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut qb = QueryBuilder::new("SELECT id, name FROM groups WHERE organization_id = ");
    qb.push_bind(org_id.to_owned()).push(" AND id IN (");
    let mut sep = qb.separated(", ");
    for id in ids {
        sep.push_bind(id.clone());
    }
    qb.push(") ORDER BY name_lower");
    qb.build_query_as().fetch_all(conn).await
}
