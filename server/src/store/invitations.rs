//! Invitations. `expired` is not stored: it is a pending invitation whose
//! `expires_at` has passed on the server's clock, so moving the clock expires
//! invitations without a background job.

use super::QueryBuilder;
use std::collections::HashMap;

use roster_api::{
    AccountRef, GroupRef, Invitation, InvitationFilters, InvitationStatus, Permission, Tag,
};

use uuid::Uuid;

use super::{json_list, to_json, Conn};
use crate::clock::ms_to_time;
use crate::paging::{Order, Paging};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct InvitationRow {
    pub id: String,
    pub organization_id: String,
    pub organization_name: String,
    pub email: String,
    pub status: String,
    pub group_ids: String,
    pub tags: String,
    pub permissions: String,
    pub invited_by: String,
    pub inviter_email: String,
    pub inviter_name: String,
    pub sent_at: i64,
    pub expires_at: i64,
    pub responded_at: Option<i64>,
    pub created_at: i64,
}

impl InvitationRow {
    /// The status as clients see it at `now`.
    pub fn status_at(&self, now: i64) -> InvitationStatus {
        match self.status.as_str() {
            "pending" if self.expires_at <= now => InvitationStatus::Expired,
            "pending" => InvitationStatus::Pending,
            "accepted" => InvitationStatus::Accepted,
            "declined" => InvitationStatus::Declined,
            _ => InvitationStatus::Revoked,
        }
    }

    pub fn group_ids(&self) -> Vec<String> {
        json_list(&self.group_ids)
    }

    pub fn tags(&self) -> Vec<Tag> {
        json_list(&self.tags)
    }

    pub fn permissions(&self) -> Vec<Permission> {
        json_list(&self.permissions)
    }
}

const SELECT: &str = "SELECT i.id, i.organization_id, o.name AS organization_name, i.email, i.status, i.group_ids, \
    i.tags, i.permissions, i.invited_by, a.email AS inviter_email, a.display_name AS inviter_name, i.sent_at, \
    i.expires_at, i.responded_at, i.created_at \
    FROM invitations i JOIN organizations o ON o.id = i.organization_id JOIN accounts a ON a.id = i.invited_by";

/// Sortable columns of invitation lists.
pub const ORDER_FIELDS: &[(&str, &str)] = &[
    ("email", "i.email"),
    ("sent_at", "i.sent_at"),
    ("expires_at", "i.expires_at"),
    ("status", "i.status"),
    ("created_at", "i.created_at"),
];

pub async fn by_id(conn: &mut Conn, id: &str) -> Result<Option<InvitationRow>, sqlx::Error> {
    sqlx::query_as::<_, InvitationRow>(sqlx::AssertSqlSafe(format!("{SELECT} WHERE i.id = $1")))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn by_token_hash(
    conn: &mut Conn,
    token_hash: &str,
) -> Result<Option<InvitationRow>, sqlx::Error> {
    sqlx::query_as::<_, InvitationRow>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE i.token_hash = $1"
    )))
    .bind(token_hash)
    .fetch_optional(conn)
    .await
}

/// The open (`pending` in storage, expired or not) invitation of an address.
pub async fn open_for(
    conn: &mut Conn,
    org_id: &str,
    email: &str,
) -> Result<Option<InvitationRow>, sqlx::Error> {
    sqlx::query_as::<_, InvitationRow>(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE i.organization_id = $1 AND i.email = $2 AND i.status = 'pending'"
    )))
    .bind(org_id)
    .bind(email)
    .fetch_optional(conn)
    .await
}

fn push_status(qb: &mut QueryBuilder, status: InvitationStatus, now: i64) {
    match status {
        InvitationStatus::Pending => {
            qb.push(" AND i.status = 'pending' AND i.expires_at > ")
                .push_bind(now);
        }
        InvitationStatus::Expired => {
            qb.push(" AND i.status = 'pending' AND i.expires_at <= ")
                .push_bind(now);
        }
        InvitationStatus::Accepted => {
            qb.push(" AND i.status = 'accepted'");
        }
        InvitationStatus::Declined => {
            qb.push(" AND i.status = 'declined'");
        }
        InvitationStatus::Revoked => {
            qb.push(" AND i.status = 'revoked'");
        }
    }
}

/// Which invitations a list shows.
pub enum Scope<'a> {
    Organization(&'a str),
    /// Addressed to this email, in any organization.
    Invitee(&'a str),
}

fn push_where(qb: &mut QueryBuilder, scope: &Scope<'_>, f: &InvitationFilters, now: i64) {
    match scope {
        Scope::Organization(org) => qb
            .push(" WHERE i.organization_id = ")
            .push_bind(org.to_string()),
        Scope::Invitee(email) => qb.push(" WHERE i.email = ").push_bind(email.to_string()),
    };
    if let Some(status) = f.status {
        push_status(qb, status, now);
    }
    if let Some(search) = f.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let pattern = format!(
            "%{}%",
            super::organizations::escape_like(&search.to_lowercase())
        );
        qb.push(" AND i.email LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\'");
    }
}

pub async fn list(
    conn: &mut Conn,
    scope: Scope<'_>,
    filters: &InvitationFilters,
    paging: &Paging,
    order: &Order,
    now: i64,
) -> Result<(Vec<InvitationRow>, u64), sqlx::Error> {
    let mut count = QueryBuilder::new("SELECT COUNT(*) FROM invitations i");
    push_where(&mut count, &scope, filters, now);
    let total: i64 = count.build_query_scalar().fetch_one(&mut *conn).await?;
    let mut qb = QueryBuilder::new(SELECT);
    push_where(&mut qb, &scope, filters, now);
    let dir = order.direction();
    qb.push(format!(" ORDER BY {} {dir}, i.id {dir}", order.column));
    qb.push(" LIMIT ")
        .push_bind(paging.limit())
        .push(" OFFSET ")
        .push_bind(paging.offset());
    let rows = qb.build_query_as::<InvitationRow>().fetch_all(conn).await?;
    Ok((rows, u64::try_from(total).unwrap_or(0)))
}

/// Pending, unexpired invitations addressed to `email`.
pub async fn pending_count_for(conn: &mut Conn, email: &str, now: i64) -> Result<u64, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM invitations WHERE email = $1 AND status = 'pending' AND expires_at > $2",
    )
    .bind(email)
    .bind(now)
    .fetch_one(conn)
    .await?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// What a new invitation carries.
pub struct NewInvitation<'a> {
    pub org_id: &'a str,
    pub email: &'a str,
    pub group_ids: &'a [String],
    pub tags: &'a [Tag],
    pub permissions: &'a [Permission],
    pub invited_by: &'a str,
    pub token_hash: &'a str,
    pub now: i64,
    pub expires_at: i64,
}

pub async fn insert(conn: &mut Conn, n: &NewInvitation<'_>) -> Result<String, sqlx::Error> {
    let id = Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO invitations (id, organization_id, email, status, group_ids, tags, permissions, invited_by, \
         token_hash, sent_at, expires_at, created_at) VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7, $8, $9, $10, $9)",
    )
    .bind(&id)
    .bind(n.org_id)
    .bind(n.email)
    .bind(to_json(&n.group_ids))
    .bind(to_json(&n.tags))
    .bind(to_json(&crate::store::members::sorted_permissions(n.permissions)))
    .bind(n.invited_by)
    .bind(n.token_hash)
    .bind(n.now)
    .bind(n.expires_at)
    .execute(conn)
    .await?;
    Ok(id)
}

/// Sends an open invitation again: a new token (the old one stops working),
/// a new expiry and, when given, new grants.
pub async fn reissue(
    conn: &mut Conn,
    id: &str,
    token_hash: &str,
    now: i64,
    expires_at: i64,
    invited_by: &str,
    grants: Option<(&[String], &[Tag], &[Permission])>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE invitations SET token_hash = $1, sent_at = $2, expires_at = $3, invited_by = $4 WHERE id = $5")
        .bind(token_hash)
        .bind(now)
        .bind(expires_at)
        .bind(invited_by)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    if let Some((group_ids, tags, permissions)) = grants {
        sqlx::query(
            "UPDATE invitations SET group_ids = $1, tags = $2, permissions = $3 WHERE id = $4",
        )
        .bind(to_json(&group_ids))
        .bind(to_json(&tags))
        .bind(to_json(&crate::store::members::sorted_permissions(
            permissions,
        )))
        .bind(id)
        .execute(conn)
        .await?;
    }
    Ok(())
}

/// Closes an invitation (`accepted`, `declined`, `revoked`); its token stops working.
pub async fn close(
    conn: &mut Conn,
    id: &str,
    status: &str,
    responded_at: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE invitations SET status = $1, responded_at = $2, token_hash = NULL WHERE id = $3",
    )
    .bind(status)
    .bind(responded_at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Builds API invitations: group names in one query, and (demo mode) the
/// link of the latest message sent for each open invitation.
pub async fn to_api(
    conn: &mut Conn,
    rows: &[InvitationRow],
    now: i64,
    with_links: bool,
) -> Result<Vec<Invitation>, sqlx::Error> {
    let mut group_names: HashMap<String, String> = HashMap::new();
    let ids: Vec<String> = rows.iter().flat_map(InvitationRow::group_ids).collect();
    if !ids.is_empty() {
        let mut qb = QueryBuilder::new("SELECT id, name FROM groups WHERE id IN (");
        let mut sep = qb.separated(", ");
        for id in &ids {
            sep.push_bind(id.clone());
        }
        qb.push(")");
        let found: Vec<(String, String)> = qb.build_query_as().fetch_all(&mut *conn).await?;
        group_names.extend(found);
    }
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut deliveries = crate::store::outbox::latest_deliveries(&mut *conn, &ids).await?;
    let mut links: HashMap<String, String> = HashMap::new();
    if with_links {
        for r in rows
            .iter()
            .filter(|r| r.status_at(now) == InvitationStatus::Pending)
        {
            if let Some(link) = crate::store::outbox::latest_link(&mut *conn, &r.id).await? {
                links.insert(r.id.clone(), link);
            }
        }
    }
    Ok(rows
        .iter()
        .map(|r| {
            let mut groups: Vec<GroupRef> = r
                .group_ids()
                .into_iter()
                .filter_map(|id| {
                    let name = group_names.get(&id)?.clone();
                    Some(GroupRef {
                        id: Uuid::parse_str(&id).ok()?,
                        name,
                    })
                })
                .collect();
            groups.sort_by_key(|g| g.name.to_lowercase());
            let (delivery, delivery_error) = match deliveries.remove(&r.id) {
                Some((d, error)) => (Some(d), error),
                None => (None, None),
            };
            Invitation {
                id: Uuid::parse_str(&r.id).unwrap_or_default(),
                organization_id: Uuid::parse_str(&r.organization_id).unwrap_or_default(),
                organization_name: r.organization_name.clone(),
                email: r.email.clone(),
                status: r.status_at(now),
                groups,
                tags: r.tags(),
                permissions: r.permissions(),
                invited_by: AccountRef {
                    id: Uuid::parse_str(&r.invited_by).unwrap_or_default(),
                    email: r.inviter_email.clone(),
                    display_name: r.inviter_name.clone(),
                },
                sent_at: ms_to_time(r.sent_at),
                expires_at: ms_to_time(r.expires_at),
                responded_at: r.responded_at.map(ms_to_time),
                created_at: ms_to_time(r.created_at),
                link: links.remove(&r.id),
                delivery,
                delivery_error,
            }
        })
        .collect())
}
