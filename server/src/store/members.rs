//! Members of an organization, their tags, groups and search terms.

use super::QueryBuilder;
use std::collections::HashMap;

use roster_api::{GroupRef, Member, MemberFilters, MemberType, Permission, Tag};

use uuid::Uuid;

use super::{json_list, prefix_end, to_json, Conn};
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

    /// The member's permissions, in catalogue order.
    pub fn permission_list(&self) -> Vec<Permission> {
        sorted_permissions(&json_list::<Permission>(&self.permissions))
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

/// Lower-cased prefix-search terms of a member: the email, the whole
/// display name and each word of it.
pub fn search_terms(email: &str, display_name: &str) -> Vec<String> {
    // Not the email's domain: every member of a company shares it, so a
    // search for its first letter would match the whole organization.
    let mut terms = vec![email.to_lowercase()];
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

/// A member's search terms in byte order, each with the one before it ('' for
/// the first): the `prev_term` of `member_terms`.
pub fn terms_with_prev(email: &str, display_name: &str) -> Vec<(String, String)> {
    let mut prev = String::new();
    search_terms(email, display_name)
        .into_iter()
        .map(|term| {
            let before = std::mem::replace(&mut prev, term.clone());
            (term, before)
        })
        .collect()
}

/// What `member_terms` copies from the membership.
pub struct TermCopy<'a> {
    pub account_id: &'a str,
    pub email: &'a str,
    pub display_name: &'a str,
    pub member_type: &'a str,
    pub created_at: i64,
    pub last_login_at: Option<i64>,
    /// [`encode_tags`] of the member's tags.
    pub tags: String,
    /// [`encode_groups`] of the member's groups.
    pub group_ids: String,
}

/// A member's tags as `member_terms.tags` holds them: "\nkey\tvalue\n" each
/// (the tag rules forbid control characters in keys and values).
pub fn encode_tags<'a>(tags: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::from("\n");
    for (key, value) in tags {
        out.push_str(key);
        out.push('\t');
        out.push_str(value);
        out.push('\n');
    }
    out
}

/// A member's group ids as `member_terms.group_ids` holds them: "\nid\n" each.
pub fn encode_groups<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::from("\n");
    for id in ids {
        out.push_str(id);
        out.push('\n');
    }
    out
}

/// Writes a member's search terms (the caller removed any old ones).
pub async fn insert_terms(
    conn: &mut Conn,
    org_id: &str,
    m: &TermCopy<'_>,
) -> Result<(), sqlx::Error> {
    let terms = terms_with_prev(m.email, m.display_name);
    if terms.is_empty() {
        return Ok(());
    }
    let name_lower = m.display_name.to_lowercase();
    let mut qb = QueryBuilder::new(
        "INSERT INTO member_terms (organization_id, term, account_id, prev_term, member_type, email, \
         display_name_lower, created_at, last_login_at, tags, group_ids) ",
    );
    qb.push_values(terms, |mut b, (term, prev)| {
        b.push_bind(org_id.to_owned())
            .push_bind(term)
            .push_bind(m.account_id.to_owned())
            .push_bind(prev)
            .push_bind(m.member_type.to_owned())
            .push_bind(m.email.to_owned())
            .push_bind(name_lower.clone())
            .push_bind(m.created_at)
            .push_bind(m.last_login_at)
            .push_bind(m.tags.clone())
            .push_bind(m.group_ids.clone());
    });
    qb.build().execute(conn).await?;
    Ok(())
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
    .bind(member_type_name(m.member_type))
    .bind(to_json(&sorted_permissions(m.permissions)))
    .bind(m.email)
    .bind(m.display_name)
    .bind(m.display_name.to_lowercase())
    .bind(m.last_login_at)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    let copy = TermCopy {
        account_id: m.account_id,
        email: m.email,
        display_name: m.display_name,
        member_type: member_type_name(m.member_type),
        created_at: now,
        last_login_at: m.last_login_at,
        tags: encode_tags(m.tags.iter().map(|t| (t.key.as_str(), t.value.as_str()))),
        group_ids: encode_groups(m.group_ids.iter().map(String::as_str)),
    };
    insert_terms(&mut *conn, org_id, &copy).await?;
    replace_tags(&mut *conn, org_id, m.account_id, m.tags).await?;
    replace_groups(&mut *conn, org_id, m.account_id, m.group_ids).await?;
    organizations::add_member_count(conn, org_id, 1).await
}

/// The stored name of a member type.
pub fn member_type_name(t: MemberType) -> &'static str {
    match t {
        MemberType::Owner => "owner",
        MemberType::Member => "member",
    }
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
    sqlx::query("DELETE FROM member_tag_keys WHERE organization_id = $1 AND account_id = $2")
        .bind(org_id)
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    for tag in tags {
        sqlx::query(
            "INSERT INTO member_tag_keys (organization_id, tag_key, account_id) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(org_id)
        .bind(&tag.key)
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    }
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
    sqlx::query("UPDATE member_terms SET tags = $1 WHERE organization_id = $2 AND account_id = $3")
        .bind(encode_tags(
            tags.iter().map(|t| (t.key.as_str(), t.value.as_str())),
        ))
        .bind(org_id)
        .bind(account_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Sets a member's groups; `group_ids` must belong to the organization.
pub async fn replace_groups(
    conn: &mut Conn,
    org_id: &str,
    account_id: &str,
    group_ids: &[String],
) -> Result<(), sqlx::Error> {
    leave_groups(&mut *conn, org_id, account_id).await?;
    sqlx::query("DELETE FROM member_groups WHERE organization_id = $1 AND account_id = $2")
        .bind(org_id)
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    for group_id in group_ids {
        insert_group_row(&mut *conn, org_id, group_id, account_id).await?;
    }
    refresh_group_copy(conn, org_id, account_id).await
}

/// Copies a member's groups into its search terms (after they changed).
async fn refresh_group_copy(
    conn: &mut Conn,
    org_id: &str,
    account_id: &str,
) -> Result<(), sqlx::Error> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT group_id FROM member_groups WHERE organization_id = $1 AND account_id = $2",
    )
    .bind(org_id)
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE member_terms SET group_ids = $1 WHERE organization_id = $2 AND account_id = $3",
    )
    .bind(encode_groups(ids.iter().map(String::as_str)))
    .bind(org_id)
    .bind(account_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Takes one member out of the counts of the groups it is in (before its
/// member_groups rows are deleted).
async fn leave_groups(conn: &mut Conn, org_id: &str, account_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE groups SET member_count = member_count - 1 WHERE id IN \
         (SELECT group_id FROM member_groups WHERE organization_id = $1 AND account_id = $2)",
    )
    .bind(org_id)
    .bind(account_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Adds one member to one group; answers whether it was new.
pub async fn add_to_group(
    conn: &mut Conn,
    org_id: &str,
    group_id: &str,
    account_id: &str,
) -> Result<bool, sqlx::Error> {
    let added = insert_group_row(&mut *conn, org_id, group_id, account_id).await?;
    if added {
        refresh_group_copy(conn, org_id, account_id).await?;
    }
    Ok(added)
}

/// The membership row of one group and its count, without the copy in the terms.
async fn insert_group_row(
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
    .execute(&mut *conn)
    .await?;
    let added = done.rows_affected() > 0;
    if added {
        sqlx::query("UPDATE groups SET member_count = member_count + 1 WHERE id = $1")
            .bind(group_id)
            .execute(conn)
            .await?;
    }
    Ok(added)
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

/// The filters of a member list, parsed once.
///
/// Query shapes here are chosen so that the plan does not depend on the
/// database's statistics (SQLite's are misleading when one organization
/// holds 100,000 members and two thousand hold one): matches are read from
/// the side table's own index, walks read the sort index, and probes look
/// up one member's rows by (organization, member).
#[derive(Clone)]
struct Filters {
    org_id: String,
    member_type: Option<&'static str>,
    group_id: Option<String>,
    tag: Option<(String, Option<String>)>,
    /// Lower-cased prefix, its length in characters, and its range end.
    search: Option<(String, i64, String)>,
    /// The filter whose index the matches are read from ([`pick_driver`]).
    driver: Driver,
}

impl Filters {
    fn new(org_id: &str, f: &MemberFilters) -> Self {
        Self {
            org_id: org_id.to_owned(),
            member_type: f.member_type.map(|t| match t {
                MemberType::Owner => "owner",
                MemberType::Member => "member",
            }),
            group_id: f.group_id.map(|g| g.to_string()),
            // `key:value` or `key` alone (the contract's filter syntax); no key, no filter.
            tag: f
                .tag
                .as_deref()
                .and_then(roster_api::rules::tags::parse_tag_filter),
            search: f
                .search
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| {
                    let q = s.to_lowercase();
                    let chars = i64::try_from(q.chars().count()).unwrap_or(i64::MAX);
                    let end = prefix_end(&q);
                    (q, chars, end)
                }),
            driver: Driver::None,
        }
    }

    /// The side table to start from: the filter most likely to be narrow.
    fn driver(&self) -> Driver {
        self.driver
    }

    /// `AND EXISTS (...)` probes of the side-table filters other than `skip`,
    /// for the member whose account id is the SQL expression `account`.
    ///
    /// Each probe ends in `LIMIT 1`: SQLite 3.51 rewrote a plain EXISTS over
    /// a range into a join that yielded a member once per matching row (a
    /// member whose email and name both start with the search came twice).
    /// The search probe compares `substr(term, 1, n)` rather than a range so
    /// that it reads the member's own few terms, never the whole range.
    fn push_probes(&self, qb: &mut QueryBuilder, account: &str, skip: Driver) {
        if skip == Driver::Search {
            // The terms range applied every side filter (push_terms_range).
            return;
        }
        if let (Some(group), false) = (&self.group_id, skips(skip, Driver::Group)) {
            qb.push(" AND EXISTS (SELECT 1 FROM member_groups pg WHERE pg.group_id = ")
                .push_bind(group.clone())
                .push(format!(" AND pg.account_id = {account} LIMIT 1)"));
        }
        if let (Some((key, value)), false) = (&self.tag, skips(skip, Driver::Tag)) {
            qb.push(" AND EXISTS (SELECT 1 FROM member_tags pt WHERE pt.organization_id = ")
                .push_bind(self.org_id.clone())
                .push(format!(" AND pt.account_id = {account} AND pt.tag_key = "))
                .push_bind(key.clone());
            if let Some(value) = value {
                qb.push(" AND pt.tag_value = ").push_bind(value.clone());
            }
            qb.push(" LIMIT 1)");
        }
        if let (Some((q, chars, _)), false) = (&self.search, skips(skip, Driver::Search)) {
            qb.push(" AND EXISTS (SELECT 1 FROM member_terms ps WHERE ps.organization_id = ")
                .push_bind(self.org_id.clone())
                .push(format!(
                    " AND ps.account_id = {account} AND substr(ps.term, 1, CAST("
                ))
                .push_bind(*chars)
                .push(" AS INTEGER)) = ")
                .push_bind(q.clone())
                .push(" LIMIT 1)");
        }
    }

    /// `SELECT account_id` of the members matching `driver`'s filter, read
    /// from that filter's index, with the other side-table filters probed.
    fn push_driver(&self, qb: &mut QueryBuilder, driver: Driver) {
        match driver {
            Driver::Search => {
                qb.push("SELECT d.account_id FROM member_terms d WHERE ");
                self.push_terms_range(qb, "d");
            }
            Driver::Group | Driver::Tag => {
                qb.push("SELECT d.account_id FROM (");
                self.push_part(qb, driver);
                qb.push(") d WHERE 1 = 1");
            }
            Driver::Type => {
                if let Some(t) = self.member_type {
                    qb.push("SELECT d.account_id FROM memberships d WHERE d.organization_id = ")
                        .push_bind(self.org_id.clone())
                        .push(" AND d.member_type = ")
                        .push_bind(t);
                }
            }
            Driver::None => {
                qb.push("SELECT d.account_id FROM memberships d WHERE d.organization_id = ")
                    .push_bind(self.org_id.clone());
            }
        }
        self.push_probes(qb, "d.account_id", driver);
    }

    #[cfg(test)]
    fn has(&self, filter: Driver) -> bool {
        match filter {
            Driver::Search => self.search.is_some(),
            Driver::Group => self.group_id.is_some(),
            Driver::Tag => self.tag.is_some(),
            _ => false,
        }
    }

    /// The members of one side filter, each once, read from its own index.
    fn push_part(&self, qb: &mut QueryBuilder, filter: Driver) {
        match filter {
            Driver::Search => {
                qb.push("SELECT account_id FROM member_terms t WHERE ");
                self.push_terms_range(qb, "t");
            }
            Driver::Group => {
                // The caller checked that the group belongs to the organization.
                if let Some(group) = &self.group_id {
                    qb.push("SELECT account_id FROM member_groups WHERE group_id = ")
                        .push_bind(group.clone());
                }
            }
            Driver::Tag => match &self.tag {
                // The tag rules forbid the same tag twice on a member, so a
                // key:value range holds each member once.
                Some((key, Some(value))) => {
                    qb.push("SELECT account_id FROM member_tags WHERE organization_id = ")
                        .push_bind(self.org_id.clone())
                        .push(" AND tag_key = ")
                        .push_bind(key.clone())
                        .push(" AND tag_value = ")
                        .push_bind(value.clone());
                }
                Some((key, None)) => {
                    qb.push("SELECT account_id FROM member_tag_keys WHERE organization_id = ")
                        .push_bind(self.org_id.clone())
                        .push(" AND tag_key = ")
                        .push_bind(key.clone());
                }
                None => {}
            },
            _ => {}
        }
    }

    /// The members whose terms start with the search, each once (its first
    /// such term: see migration 0007), with the type filter, on `member_terms`
    /// aliased `alias`.
    fn push_terms_range(&self, qb: &mut QueryBuilder, alias: &str) {
        qb.push(format!("{alias}.organization_id = "))
            .push_bind(self.org_id.clone());
        if let Some((q, _, end)) = &self.search {
            qb.push(format!(" AND {alias}.term >= "))
                .push_bind(q.clone())
                .push(format!(" AND {alias}.term < "))
                .push_bind(end.clone())
                .push(format!(" AND {alias}.prev_term < "))
                .push_bind(q.clone());
        }
        if let Some(t) = self.member_type {
            qb.push(format!(" AND {alias}.member_type = ")).push_bind(t);
        }
        // Tag and group filters read the copies on the term row.
        if let Some(group) = &self.group_id {
            qb.push(format!(" AND instr({alias}.group_ids, "))
                .push_bind(encode_groups([group.as_str()]))
                .push(") > 0");
        }
        if let Some((key, value)) = &self.tag {
            let needle = match value {
                Some(value) => encode_tags([(key.as_str(), value.as_str())]),
                None => format!("\n{key}\t"),
            };
            if key
                .chars()
                .chain(value.iter().flat_map(|v| v.chars()))
                .any(char::is_control)
            {
                // No stored tag holds a control character.
                qb.push(" AND 1 = 0");
            } else {
                qb.push(format!(" AND instr({alias}.tags, "))
                    .push_bind(needle)
                    .push(") > 0");
            }
        }
    }

    /// The type filter on the joined or walked membership `m`. Wrapped in
    /// COALESCE on walks so the sort order's index stays the one used.
    fn push_type(&self, qb: &mut QueryBuilder, on_walk: bool) {
        if let Some(t) = self.member_type {
            if on_walk {
                qb.push(" AND COALESCE(m.member_type, '') = ").push_bind(t);
            } else {
                qb.push(" AND m.member_type = ").push_bind(t);
            }
        }
    }
}

/// Whether the driver `skip` already applied `filter`.
fn skips(skip: Driver, filter: Driver) -> bool {
    skip == filter
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Driver {
    None,
    Search,
    Group,
    Tag,
    Type,
}

/// Picks the driving filter: the side-table filter with the fewest index
/// entries (each counted on its own covering index, cheaply), so that a rare
/// tag next to a broad search reads the tag's few members, not the search's
/// thousands. The type filter drives only when it is the only one.
async fn pick_driver(conn: &mut Conn, f: &mut Filters) -> Result<(), sqlx::Error> {
    let side = usize::from(f.search.is_some())
        + usize::from(f.group_id.is_some())
        + usize::from(f.tag.is_some());
    // With one side filter there is nothing to compare.
    let several = side > 1;
    let mut candidates: Vec<(Driver, i64)> = Vec::new();
    if let Some((q, _, end)) = &f.search {
        let n: i64 = if several {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM member_terms WHERE organization_id = $1 AND term >= $2 AND term < $3 \
                 AND prev_term < $2",
            )
            .bind(&f.org_id)
            .bind(q)
            .bind(end)
            .fetch_one(&mut *conn)
            .await?
        } else {
            0
        };
        if u64::try_from(n).unwrap_or(u64::MAX) <= SORT_TERMS_BELOW {
            // Few enough matches to read their terms with every filter
            // applied on the row: no other filter can do much better.
            f.driver = Driver::Search;
            return Ok(());
        }
        candidates.push((Driver::Search, n));
    }
    if let Some(group) = &f.group_id {
        let n = if several {
            sqlx::query_scalar("SELECT COUNT(*) FROM member_groups WHERE group_id = $1")
                .bind(group)
                .fetch_one(&mut *conn)
                .await?
        } else {
            0
        };
        candidates.push((Driver::Group, n));
    }
    if let Some((key, value)) = &f.tag {
        let n = match (several, value) {
            (false, _) => 0,
            (true, Some(value)) => {
                sqlx::query_scalar(
                    "SELECT COUNT(*) FROM member_tags WHERE organization_id = $1 AND tag_key = $2 AND tag_value = $3",
                )
                .bind(&f.org_id)
                .bind(key)
                .bind(value)
                .fetch_one(&mut *conn)
                .await?
            }
            (true, None) => {
                sqlx::query_scalar("SELECT COUNT(*) FROM member_tag_keys WHERE organization_id = $1 AND tag_key = $2")
                    .bind(&f.org_id)
                    .bind(key)
                    .fetch_one(&mut *conn)
                    .await?
            }
        };
        candidates.push((Driver::Tag, n));
    }
    // A search reads its matches' terms with every other filter applied on
    // the row; another filter looks each match up. The search drives unless
    // another filter is many times narrower.
    for (driver, n) in &mut candidates {
        if *driver == Driver::Search {
            *n /= SEARCH_COST_RATIO;
        }
    }
    candidates.sort_by_key(|(_, n)| *n);
    f.driver = match candidates.as_slice() {
        [(driver, _), ..] => *driver,
        [] if f.member_type.is_some() => Driver::Type,
        [] => Driver::None,
    };
    Ok(())
}

/// Whether a group filter names a group of this organization (an unknown or
/// foreign group matches nobody).
async fn group_is_here(conn: &mut Conn, f: &Filters) -> Result<bool, sqlx::Error> {
    match &f.group_id {
        Some(group) => Ok(crate::store::groups::get(conn, &f.org_id, group)
            .await?
            .is_some()),
        None => Ok(true),
    }
}

/// How many members match. Without filters the organization's maintained
/// count answers; otherwise the count reads the driving filter's index
/// entries (probing the others), never the whole organization.
async fn count(conn: &mut Conn, f: &Filters) -> Result<u64, sqlx::Error> {
    let driver = f.driver();
    let total: i64 = if driver == Driver::None {
        sqlx::query_scalar("SELECT member_count FROM organizations WHERE id = $1")
            .bind(&f.org_id)
            .fetch_optional(conn)
            .await?
            .unwrap_or(0)
    } else {
        let mut qb = QueryBuilder::new("SELECT COUNT(*) FROM (");
        f.push_driver(&mut qb, driver);
        qb.push(") dr");
        if driver != Driver::Type && driver != Driver::Search {
            // Every side table holds members of this organization only, but
            // the type lives on the membership: join it when asked for.
            if f.member_type.is_some() {
                qb.push(" CROSS JOIN memberships m WHERE m.organization_id = ")
                    .push_bind(f.org_id.clone())
                    .push(" AND m.account_id = dr.account_id");
                f.push_type(&mut qb, false);
            }
        }
        qb.build_query_scalar().fetch_one(conn).await?
    };
    Ok(u64::try_from(total).unwrap_or(0))
}

/// One page of members.
pub async fn list(
    conn: &mut Conn,
    org_id: &str,
    filters: &MemberFilters,
    paging: &Paging,
    order: &Order,
) -> Result<(Vec<Member>, u64), sqlx::Error> {
    let mut f = Filters::new(org_id, filters);
    if !group_is_here(&mut *conn, &f).await? {
        return Ok((Vec::new(), 0));
    }
    pick_driver(&mut *conn, &mut f).await?;
    let total = count(&mut *conn, &f).await?;
    let rows = if total == 0 {
        Vec::new()
    } else {
        let size: u64 =
            sqlx::query_scalar::<_, i64>("SELECT member_count FROM organizations WHERE id = $1")
                .bind(org_id)
                .fetch_optional(&mut *conn)
                .await?
                .and_then(|n| u64::try_from(n).ok())
                .unwrap_or(total);
        let plan = choose_plan(&f, total, size, paging);
        page_rows(&mut *conn, &f, order, paging, plan, total).await?
    };
    let members = hydrate(conn, org_id, rows).await?;
    Ok((members, total))
}

/// How to read a page of members.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Plan {
    /// Walk the organization in sort order (by index), probing the filters.
    Walk,
    /// Walk at most this many members in sort order; [`page_rows`] falls
    /// back to [`Plan::FromMatches`] when they hold fewer matches than the page needs.
    CappedWalk(u64),
    /// Start from the matches (the driving filter's index) and sort them.
    FromMatches,
}

/// Below this many matches, sorting them beats any walk.
const SORT_MATCHES_BELOW: u64 = 2_000;
/// How many search matches cost as much as one match of another filter.
const SEARCH_COST_RATIO: i64 = 8;
/// Below this many search matches, sorting their terms beats any walk.
const SORT_TERMS_BELOW: u64 = 20_000;
/// Least number of members a capped walk reads before giving up.
const MIN_WALK_CAP: u64 = 5_000;

/// Walking in sort order costs about (offset + limit) * size / matches
/// probes when the matches are spread evenly; sorting the matches costs
/// about `matches`. Narrow filters sort their matches; broad ones walk, with
/// a cap so that matches bunched at the far end of the order (a search for
/// "z" sorted by email) cost a bounded walk plus a sort, never a full scan.
fn choose_plan(f: &Filters, total: u64, size: u64, paging: &Paging) -> Plan {
    if f.driver() == Driver::None {
        return Plan::Walk;
    }
    // Sorting a search's matches reads only their terms (sort keys
    // included), a few times cheaper per match than the other filters' lookups.
    let sort_below = if f.driver() == Driver::Search {
        SORT_TERMS_BELOW
    } else {
        SORT_MATCHES_BELOW
    };
    if total <= sort_below {
        return Plan::FromMatches;
    }
    let needed = u64::try_from(paging.offset() + paging.limit()).unwrap_or(u64::MAX);
    let expected = needed.saturating_mul(size) / total.max(1);
    let cap = expected.saturating_mul(4).max(MIN_WALK_CAP);
    if cap >= size {
        Plan::Walk
    } else {
        Plan::CappedWalk(cap)
    }
}

/// One page by `plan`; a capped walk that found too few matches falls back
/// to sorting the matches.
async fn page_rows(
    conn: &mut Conn,
    f: &Filters,
    order: &Order,
    paging: &Paging,
    plan: Plan,
    total: u64,
) -> Result<Vec<MemberRow>, sqlx::Error> {
    let rows = select_rows(&mut *conn, f, order, Some(paging), plan).await?;
    let complete = rows.len() as u64 == u64::from(paging.page_size)
        || u64::try_from(paging.offset()).unwrap_or(0) + rows.len() as u64 >= total;
    if matches!(plan, Plan::CappedWalk(_)) && !complete {
        // The matches sit further along the sort order than their share
        // suggested (a search for "z" sorted by email): sort the matches.
        select_rows(conn, f, order, Some(paging), Plan::FromMatches).await
    } else {
        Ok(rows)
    }
}

/// Every matching row in order (CSV export).
pub async fn select(
    conn: &mut Conn,
    org_id: &str,
    filters: &MemberFilters,
    order: &Order,
) -> Result<Vec<MemberRow>, sqlx::Error> {
    let mut f = Filters::new(org_id, filters);
    if !group_is_here(&mut *conn, &f).await? {
        return Ok(Vec::new());
    }
    pick_driver(&mut *conn, &mut f).await?;
    let plan = if f.driver() == Driver::None {
        Plan::Walk
    } else {
        Plan::FromMatches
    };
    select_rows(conn, &f, order, None, plan).await
}

async fn select_rows(
    conn: &mut Conn,
    f: &Filters,
    order: &Order,
    paging: Option<&Paging>,
    plan: Plan,
) -> Result<Vec<MemberRow>, sqlx::Error> {
    let dir = order.direction();
    let mut qb = QueryBuilder::new(format!("SELECT {COLUMNS} FROM "));
    match plan {
        Plan::FromMatches if f.driver() == Driver::Search => {
            // The matching terms carry the sort keys: the page is sorted and
            // cut from the one index range, then only its rows are read.
            let key = order.column.trim_start_matches("m.");
            qb.push("(SELECT d.account_id FROM member_terms d WHERE ");
            f.push_terms_range(&mut qb, "d");
            f.push_probes(&mut qb, "d.account_id", Driver::Search);
            qb.push(format!(" ORDER BY d.{key} {dir}, d.account_id {dir}"));
            push_page(&mut qb, paging);
            push_rows_of_page(&mut qb, f, order);
            return qb.build_query_as::<MemberRow>().fetch_all(conn).await;
        }
        Plan::FromMatches => {
            // CROSS JOIN fixes the join order in SQLite: matches first, then
            // the membership of each by primary key.
            qb.push("(");
            f.push_driver(&mut qb, f.driver());
            qb.push(") dr CROSS JOIN memberships m WHERE m.organization_id = ")
                .push_bind(f.org_id.clone())
                .push(" AND m.account_id = dr.account_id");
            f.push_type(&mut qb, false);
        }
        Plan::Walk => {
            qb.push("memberships m WHERE m.organization_id = ")
                .push_bind(f.org_id.clone());
            f.push_type(&mut qb, true);
            f.push_probes(&mut qb, "m.account_id", Driver::None);
        }
        Plan::CappedWalk(cap) => {
            // The walk reads only the sort index (account id and sort key);
            // full rows are read for the one page that passes the probes.
            qb.push("(SELECT w.account_id FROM (SELECT m.account_id, ")
                .push(format!("{} AS sort_key", order.column))
                .push(" FROM memberships m WHERE m.organization_id = ")
                .push_bind(f.org_id.clone());
            f.push_type(&mut qb, true);
            qb.push(format!(
                " ORDER BY {} {dir}, m.account_id {dir} LIMIT ",
                order.column
            ))
            .push_bind(i64::try_from(cap).unwrap_or(i64::MAX))
            .push(") w WHERE 1 = 1");
            f.push_probes(&mut qb, "w.account_id", Driver::None);
            qb.push(format!(" ORDER BY w.sort_key {dir}, w.account_id {dir}"));
            push_page(&mut qb, paging);
            push_rows_of_page(&mut qb, f, order);
            return qb.build_query_as::<MemberRow>().fetch_all(conn).await;
        }
    }
    qb.push(format!(
        " ORDER BY {} {dir}, m.account_id {dir}",
        order.column
    ));
    push_page(&mut qb, paging);
    qb.build_query_as::<MemberRow>().fetch_all(conn).await
}

/// ` LIMIT … OFFSET …` of one page; nothing when every row is asked for.
fn push_page(qb: &mut QueryBuilder, paging: Option<&Paging>) {
    if let Some(p) = paging {
        qb.push(" LIMIT ")
            .push_bind(p.limit())
            .push(" OFFSET ")
            .push_bind(p.offset());
    }
}

/// Closes the subquery `p` that chose a page's account ids, then reads the
/// full rows of just those members, in the page's order.
fn push_rows_of_page(qb: &mut QueryBuilder, f: &Filters, order: &Order) {
    let dir = order.direction();
    qb.push(") p CROSS JOIN memberships m WHERE m.organization_id = ")
        .push_bind(f.org_id.clone())
        .push(" AND m.account_id = p.account_id");
    qb.push(format!(
        " ORDER BY {} {dir}, m.account_id {dir}",
        order.column
    ));
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
        let mut qb = QueryBuilder::new(
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

        let mut qb = QueryBuilder::new(
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
        leave_groups(&mut *conn, org_id, account_id).await?;
        for table in [
            "member_tags",
            "member_tag_keys",
            "member_groups",
            "member_terms",
        ] {
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

/// Account ids of the organization's owners (one, as kept by the routes).
pub async fn owner_ids(conn: &mut Conn, org_id: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT account_id FROM memberships WHERE organization_id = $1 AND member_type = 'owner'",
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
    for table in ["memberships", "member_terms"] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE {table} SET member_type = $1 WHERE organization_id = $2 AND account_id = $3"
        )))
        .bind(member_type_name(member_type))
        .bind(org_id)
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    }
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
            ["ada lovelace king", "ada@example.org", "king", "lovelace"]
        );
    }

    /// Every plan, including capped walks that fall back, gives the same pages.
    #[tokio::test]
    async fn plans_agree_page_by_page() {
        use crate::paging::parse;
        use roster_api::PageParams;

        let dir = tempfile::tempdir().expect("dir");
        let (store, _db) = crate::store::testing::fresh_store(dir.path()).await;
        let clock = crate::clock::Clock::new();
        crate::demo::seed_if_empty(&store, &clock, "http://test")
            .await
            .expect("seed");
        let mut conn = store.read().await.expect("conn");
        let org: String =
            sqlx::query_scalar("SELECT id FROM organizations WHERE name = 'Acme Corp'")
                .fetch_one(&mut *conn)
                .await
                .expect("org");
        let group: String = sqlx::query_scalar(
            "SELECT id FROM groups WHERE organization_id = $1 AND name = 'Sales'",
        )
        .bind(&org)
        .fetch_one(&mut *conn)
        .await
        .expect("group");
        let filters = [
            MemberFilters {
                search: Some("a".into()),
                ..Default::default()
            },
            MemberFilters {
                search: Some("z".into()),
                ..Default::default()
            },
            MemberFilters {
                tag: Some("location:Paris".into()),
                ..Default::default()
            },
            MemberFilters {
                tag: Some("level".into()),
                member_type: Some(MemberType::Member),
                ..Default::default()
            },
            MemberFilters {
                member_type: Some(MemberType::Member),
                ..Default::default()
            },
            MemberFilters {
                search: Some("a".into()),
                tag: Some("location".into()),
                ..Default::default()
            },
            MemberFilters {
                member_type: Some(MemberType::Owner),
                search: Some("a".into()),
                ..Default::default()
            },
            MemberFilters {
                group_id: Uuid::parse_str(&group).ok(),
                search: Some("e".into()),
                ..Default::default()
            },
        ];
        for filter in &filters {
            let mut picked = Filters::new(&org, filter);
            pick_driver(&mut conn, &mut picked).await.expect("driver");
            // Every driver that could serve this filter must agree too.
            let mut variants = vec![picked.clone()];
            for driver in [Driver::Search, Driver::Group, Driver::Tag] {
                let usable = picked.has(driver);
                if usable && driver != picked.driver {
                    let mut v = picked.clone();
                    v.driver = driver;
                    variants.push(v);
                }
            }
            let mut reference: Option<Vec<String>> = None;
            for f in &variants {
                for order_by in ["email", "-email", "-last_login_at", "display_name"] {
                    let params = PageParams {
                        page: None,
                        page_size: Some(3),
                        order_by: Some(order_by.into()),
                    };
                    let (_, order) = parse(&params, ORDER_FIELDS, "email").expect("order");
                    let total = count(&mut conn, f).await.expect("count");
                    assert!(total > 0, "{filter:?}");
                    let pages = total.div_ceil(3) as u32;
                    let mut by_plan = Vec::new();
                    for plan in [
                        Plan::FromMatches,
                        Plan::Walk,
                        Plan::CappedWalk(2),
                        Plan::CappedWalk(10),
                    ] {
                        let mut seen = Vec::new();
                        for page in 1..=pages {
                            let paging = Paging { page, page_size: 3 };
                            let rows = page_rows(&mut conn, f, &order, &paging, plan, total)
                                .await
                                .expect("rows");
                            seen.extend(rows.into_iter().map(|r| r.email));
                        }
                        by_plan.push(seen);
                    }
                    assert_eq!(by_plan[0].len() as u64, total, "{filter:?} {order_by}");
                    if order_by == "email" {
                        match &reference {
                            Some(r) => {
                                assert_eq!(r, &by_plan[0], "{filter:?} driver {:?}", f.driver)
                            }
                            None => reference = Some(by_plan[0].clone()),
                        }
                    }
                    for other in &by_plan[1..] {
                        assert_eq!(other, &by_plan[0], "{filter:?} {order_by}");
                    }
                }
            }
        }
    }
}
