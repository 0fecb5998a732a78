//! Members of an organization, their tags, groups and search terms.

use std::collections::HashMap;

use roster_api::{GroupRef, Member, MemberFilters, MemberType, Permission, Tag};
use sqlx::QueryBuilder;
use uuid::Uuid;

use super::{json_list, prefix_end, to_json, Conn, Db};
use crate::clock::ms_to_time;
use crate::paging::{Order, Paging};
use crate::store::organizations;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct MemberRow {
    pub account_id: String,
    pub email: String,
    pub display_name: String,
    pub member_type: String,
    pub permissions: String,
    pub created_at: i64,
    pub last_login_at: Option<i64>,
}

impl MemberRow {
    pub fn is_owner(&self) -> bool {
        self.member_type == "owner"
    }
}

const COLUMNS: &str =
    "m.account_id, m.email, m.display_name, m.member_type, m.permissions, m.created_at, m.last_login_at";

/// Sortable columns of the users list.
pub const ORDER_FIELDS: &[(&str, &str)] = &[
    ("email", "m.email"),
    ("display_name", "m.display_name_lower"),
    ("created_at", "m.created_at"),
    ("last_login_at", "m.last_login_at"),
];

/// What a new membership carries.
pub struct NewMember<'a> {
    pub account_id: &'a str,
    pub email: &'a str,
    pub display_name: &'a str,
    pub last_login_at: Option<i64>,
    pub member_type: MemberType,
    pub permissions: &'a [Permission],
    pub tags: &'a [Tag],
    pub group_ids: &'a [String],
}

/// Lower-cased prefix-search terms of a member: the email, its domain, the
/// whole display name and each word of it.
pub fn search_terms(email: &str, display_name: &str) -> Vec<String> {
    let mut terms = vec![email.to_lowercase()];
    if let Some((_, domain)) = email.split_once('@') {
        terms.push(domain.to_lowercase());
    }
    let lower = display_name.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    if !words.is_empty() {
        terms.push(words.join(" "));
        terms.extend(words.iter().skip(1).map(|w| (*w).to_owned()));
    }
    terms.sort();
    terms.dedup();
    terms
}

/// Adds a membership with everything that hangs off it, in the caller's transaction.
pub async fn insert(
    conn: &mut Conn,
    org_id: &str,
    m: &NewMember<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO memberships (organization_id, account_id, member_type, permissions, email, display_name, \
         display_name_lower, last_login_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(org_id)
    .bind(m.account_id)
    .bind(match m.member_type {
        MemberType::Owner => "owner",
        MemberType::Member => "member",
    })
    .bind(to_json(&sorted_permissions(m.permissions)))
    .bind(m.email)
    .bind(m.display_name)
    .bind(m.display_name.to_lowercase())
    .bind(m.last_login_at)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    for term in search_terms(m.email, m.display_name) {
        sqlx::query(
            "INSERT INTO member_search_terms (organization_id, term, account_id) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(org_id)
        .bind(term)
        .bind(m.account_id)
        .execute(&mut *conn)
        .await?;
    }
    replace_tags(&mut *conn, org_id, m.account_id, m.tags).await?;
    replace_groups(&mut *conn, org_id, m.account_id, m.group_ids).await?;
    organizations::add_member_count(conn, org_id, 1).await
}

/// Permissions in catalogue order without repeats.
pub fn sorted_permissions(permissions: &[Permission]) -> Vec<Permission> {
    let mut list = permissions.to_vec();
    list.sort();
    list.dedup();
    list
}

pub async fn replace_tags(
    conn: &mut Conn,
    org_id: &str,
    account_id: &str,
    tags: &[Tag],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM member_tags WHERE organization_id = $1 AND account_id = $2")
        .bind(org_id)
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    for (position, tag) in tags.iter().enumerate() {
        sqlx::query(
            "INSERT INTO member_tags (organization_id, account_id, position, tag_key, tag_value) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(org_id)
        .bind(account_id)
        .bind(i64::try_from(position).unwrap_or(i64::MAX))
        .bind(&tag.key)
        .bind(&tag.value)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Sets a member's groups; `group_ids` must belong to the organization.
pub async fn replace_groups(
    conn: &mut Conn,
    org_id: &str,
    account_id: &str,
    group_ids: &[String],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM member_groups WHERE organization_id = $1 AND account_id = $2")
        .bind(org_id)
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    for group_id in group_ids {
        add_to_group(&mut *conn, org_id, group_id, account_id).await?;
    }
    Ok(())
}

/// Adds one member to one group; answers whether it was new.
pub async fn add_to_group(
    conn: &mut Conn,
    org_id: &str,
    group_id: &str,
    account_id: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO member_groups (group_id, account_id, organization_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(group_id)
    .bind(account_id)
    .bind(org_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn set_permissions(
    conn: &mut Conn,
    org_id: &str,
    account_id: &str,
    permissions: &[Permission],
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE memberships SET permissions = $1 WHERE organization_id = $2 AND account_id = $3",
    )
    .bind(to_json(&sorted_permissions(permissions)))
    .bind(org_id)
    .bind(account_id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn row(
    conn: &mut Conn,
    org_id: &str,
    account_id: &str,
) -> Result<Option<MemberRow>, sqlx::Error> {
    sqlx::query_as::<_, MemberRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM memberships m WHERE m.organization_id = $1 AND m.account_id = $2"
    )))
    .bind(org_id)
    .bind(account_id)
    .fetch_optional(conn)
    .await
}

pub async fn row_by_email(
    conn: &mut Conn,
    org_id: &str,
    email: &str,
) -> Result<Option<MemberRow>, sqlx::Error> {
    sqlx::query_as::<_, MemberRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM memberships m WHERE m.organization_id = $1 AND m.email = $2"
    )))
    .bind(org_id)
    .bind(email)
    .fetch_optional(conn)
    .await
}

pub async fn get(
    conn: &mut Conn,
    org_id: &str,
    account_id: &str,
) -> Result<Option<Member>, sqlx::Error> {
    match row(&mut *conn, org_id, account_id).await? {
        Some(r) => Ok(hydrate(conn, org_id, vec![r]).await?.pop()),
        None => Ok(None),
    }
}

fn push_filters(qb: &mut QueryBuilder<Db>, org_id: &str, f: &MemberFilters) {
    qb.push(" WHERE m.organization_id = ")
        .push_bind(org_id.to_owned());
    if let Some(t) = f.member_type {
        qb.push(" AND m.member_type = ").push_bind(match t {
            MemberType::Owner => "owner",
            MemberType::Member => "member",
        });
    }
    if let Some(group) = f.group_id {
        qb.push(" AND m.account_id IN (SELECT account_id FROM member_groups WHERE group_id = ")
            .push_bind(group.to_string())
            .push(")");
    }
    // `key:value` or `key` alone (the contract's filter syntax); no key, no filter.
    if let Some((key, value)) = f
        .tag
        .as_deref()
        .and_then(roster_api::rules::tags::parse_tag_filter)
    {
        qb.push(
            " AND m.account_id IN (SELECT account_id FROM member_tags WHERE organization_id = ",
        )
        .push_bind(org_id.to_owned())
        .push(" AND tag_key = ")
        .push_bind(key);
        if let Some(value) = value {
            qb.push(" AND tag_value = ").push_bind(value);
        }
        qb.push(")");
    }
    if let Some(search) = f.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        // Prefix match on the member's search terms: an index range scan,
        // fast on 100,000 members where a substring scan would not be.
        let q = search.to_lowercase();
        qb.push(" AND m.account_id IN (SELECT account_id FROM member_search_terms WHERE organization_id = ")
            .push_bind(org_id.to_owned())
            .push(" AND term >= ")
            .push_bind(q.clone())
            .push(" AND term < ")
            .push_bind(prefix_end(&q))
            .push(")");
    }
}

/// One page of members.
pub async fn list(
    conn: &mut Conn,
    org_id: &str,
    filters: &MemberFilters,
    paging: &Paging,
    order: &Order,
) -> Result<(Vec<Member>, u64), sqlx::Error> {
    let mut count = QueryBuilder::<Db>::new("SELECT COUNT(*) FROM memberships m");
    push_filters(&mut count, org_id, filters);
    let total: i64 = count.build_query_scalar().fetch_one(&mut *conn).await?;
    let rows = select(&mut *conn, org_id, filters, order, Some(paging)).await?;
    let members = hydrate(conn, org_id, rows).await?;
    Ok((members, u64::try_from(total).unwrap_or(0)))
}

/// The matching rows in order: one page, or all of them (CSV export).
pub async fn select(
    conn: &mut Conn,
    org_id: &str,
    filters: &MemberFilters,
    order: &Order,
    paging: Option<&Paging>,
) -> Result<Vec<MemberRow>, sqlx::Error> {
    let mut qb = QueryBuilder::<Db>::new(format!("SELECT {COLUMNS} FROM memberships m"));
    push_filters(&mut qb, org_id, filters);
    let dir = order.direction();
    qb.push(format!(
        " ORDER BY {} {dir}, m.account_id {dir}",
        order.column
    ));
    if let Some(p) = paging {
        qb.push(" LIMIT ")
            .push_bind(p.limit())
            .push(" OFFSET ")
            .push_bind(p.offset());
    }
    qb.build_query_as::<MemberRow>().fetch_all(conn).await
}

/// Turns rows into API members, loading their tags and groups in two queries
/// (per chunk, so an export of 100,000 rows stays within bind limits).
pub async fn hydrate(
    conn: &mut Conn,
    org_id: &str,
    rows: Vec<MemberRow>,
) -> Result<Vec<Member>, sqlx::Error> {
    let mut tags: HashMap<String, Vec<Tag>> = HashMap::new();
    let mut groups: HashMap<String, Vec<GroupRef>> = HashMap::new();
    for chunk in rows.chunks(500) {
        let mut qb = QueryBuilder::<Db>::new(
            "SELECT account_id, tag_key, tag_value FROM member_tags WHERE organization_id = ",
        );
        qb.push_bind(org_id.to_owned()).push(" AND account_id IN (");
        let mut sep = qb.separated(", ");
        for r in chunk {
            sep.push_bind(r.account_id.clone());
        }
        qb.push(") ORDER BY account_id, position");
        let found: Vec<(String, String, String)> =
            qb.build_query_as().fetch_all(&mut *conn).await?;
        for (account, key, value) in found {
            tags.entry(account).or_default().push(Tag { key, value });
        }

        let mut qb = QueryBuilder::<Db>::new(
            "SELECT mg.account_id, g.id, g.name FROM member_groups mg JOIN groups g ON g.id = mg.group_id \
             WHERE mg.organization_id = ",
        );
        qb.push_bind(org_id.to_owned())
            .push(" AND mg.account_id IN (");
        let mut sep = qb.separated(", ");
        for r in chunk {
            sep.push_bind(r.account_id.clone());
        }
        qb.push(") ORDER BY g.name_lower, g.id");
        let found: Vec<(String, String, String)> =
            qb.build_query_as().fetch_all(&mut *conn).await?;
        for (account, id, name) in found {
            groups.entry(account).or_default().push(GroupRef {
                id: Uuid::parse_str(&id).unwrap_or_default(),
                name,
            });
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| Member {
            id: Uuid::parse_str(&r.account_id).unwrap_or_default(),
            groups: groups.remove(&r.account_id).unwrap_or_default(),
            tags: tags.remove(&r.account_id).unwrap_or_default(),
            permissions: json_list(&r.permissions),
            member_type: if r.is_owner() {
                MemberType::Owner
            } else {
                MemberType::Member
            },
            created_at: ms_to_time(r.created_at),
            last_login_at: r.last_login_at.map(ms_to_time),
            email: r.email,
            display_name: r.display_name,
        })
        .collect())
}

/// Removes members (never called with the owner); answers how many went.
pub async fn remove(
    conn: &mut Conn,
    org_id: &str,
    account_ids: &[String],
) -> Result<u64, sqlx::Error> {
    let mut affected = 0;
    for account_id in account_ids {
        for table in ["member_tags", "member_groups", "member_search_terms"] {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DELETE FROM {table} WHERE organization_id = $1 AND account_id = $2"
            )))
            .bind(org_id)
            .bind(account_id)
            .execute(&mut *conn)
            .await?;
        }
        let done =
            sqlx::query("DELETE FROM memberships WHERE organization_id = $1 AND account_id = $2")
                .bind(org_id)
                .bind(account_id)
                .execute(&mut *conn)
                .await?;
        affected += done.rows_affected();
    }
    let delta = i64::try_from(affected).unwrap_or(0);
    organizations::add_member_count(conn, org_id, -delta).await?;
    Ok(affected)
}

/// Distinct tag keys used in the organization, sorted.
pub async fn tag_keys(conn: &mut Conn, org_id: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT DISTINCT tag_key FROM member_tags WHERE organization_id = $1 ORDER BY tag_key",
    )
    .bind(org_id)
    .fetch_all(conn)
    .await
}

pub async fn set_member_type(
    conn: &mut Conn,
    org_id: &str,
    account_id: &str,
    member_type: MemberType,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE memberships SET member_type = $1 WHERE organization_id = $2 AND account_id = $3",
    )
    .bind(match member_type {
        MemberType::Owner => "owner",
        MemberType::Member => "member",
    })
    .bind(org_id)
    .bind(account_id)
    .execute(conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_cover_email_domain_and_name_words() {
        let terms = search_terms("Ada@Example.org", "Ada  Lovelace King");
        assert_eq!(
            terms,
            [
                "ada lovelace king",
                "ada@example.org",
                "example.org",
                "king",
                "lovelace"
            ]
        );
    }
}
