//! Organizations and who may see them.

use super::QueryBuilder;
use roster_api::{
    CreateOrganization, LockedBy, Organization, OrganizationFilters, OrganizationStatus, Permission,
};

use uuid::Uuid;

use super::{json_list, Conn};
use crate::clock::ms_to_time;
use crate::paging::{Order, Paging};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OrgRow {
    pub id: String,
    pub partner_id: String,
    pub name: String,
    pub email: String,
    pub status: String,
    pub owner_firstname: String,
    pub owner_lastname: String,
    pub phone_number: Option<String>,
    pub siren_number: Option<String>,
    pub customer_id: Option<String>,
    pub comment: Option<String>,
    pub picture_link: Option<String>,
    pub created_at: i64,
    pub lock_reason_message: Option<String>,
    pub locked_by: Option<String>,
    pub locked_by_account_id: Option<String>,
    pub locked_at: Option<i64>,
    pub member_count: i64,
    /// The viewer's membership permissions (JSON), when a member.
    pub my_permissions: Option<String>,
}

/// An organization as one account sees it.
#[derive(Clone, Debug)]
pub struct OrgView {
    pub row: OrgRow,
    /// The viewer created it (a managing partner holds every permission).
    pub is_partner: bool,
    pub permissions: Vec<Permission>,
}

impl OrgView {
    fn from_row(row: OrgRow, viewer_id: &str) -> Self {
        let is_partner = row.partner_id == viewer_id;
        let permissions = if is_partner {
            Permission::ALL.to_vec()
        } else {
            row.my_permissions
                .as_deref()
                .map(json_list)
                .unwrap_or_default()
        };
        Self {
            row,
            is_partner,
            permissions,
        }
    }

    pub fn has(&self, permission: Permission) -> bool {
        self.permissions.contains(&permission)
    }

    pub fn is_locked(&self) -> bool {
        self.row.status == "locked"
    }

    pub fn to_api(&self) -> Organization {
        let r = &self.row;
        Organization {
            id: Uuid::parse_str(&r.id).unwrap_or_default(),
            name: r.name.clone(),
            email: r.email.clone(),
            status: if r.status == "locked" {
                OrganizationStatus::Locked
            } else {
                OrganizationStatus::Active
            },
            owner_firstname: r.owner_firstname.clone(),
            owner_lastname: r.owner_lastname.clone(),
            phone_number: r.phone_number.clone(),
            siren_number: r.siren_number.clone(),
            customer_id: r.customer_id.clone(),
            comment: r.comment.clone(),
            picture_link: r.picture_link.clone(),
            created_at: ms_to_time(r.created_at),
            lock_reason_message: r.lock_reason_message.clone(),
            locked_by: r.locked_by.as_deref().map(|s| {
                if s == "platform" {
                    LockedBy::Platform
                } else {
                    LockedBy::Partner
                }
            }),
            locked_at: r.locked_at.map(ms_to_time),
            member_count: u64::try_from(r.member_count).unwrap_or(0),
            my_permissions: self.permissions.clone(),
        }
    }
}

const SELECT: &str =
    "SELECT o.id, o.partner_id, o.name, o.email, o.status, o.owner_firstname, o.owner_lastname, \
    o.phone_number, o.siren_number, o.customer_id, o.comment, o.picture_link, o.created_at, \
    o.lock_reason_message, o.locked_by, o.locked_by_account_id, o.locked_at, o.member_count, \
    m.permissions AS my_permissions \
    FROM organizations o LEFT JOIN memberships m ON m.organization_id = o.id AND m.account_id = ";

/// The organization when `viewer_id` may see it (its partner or a member).
pub async fn visible(
    conn: &mut Conn,
    org_id: &str,
    viewer_id: &str,
) -> Result<Option<OrgView>, sqlx::Error> {
    let mut qb = QueryBuilder::new(SELECT);
    qb.push_bind(viewer_id);
    qb.push(" WHERE o.id = ").push_bind(org_id);
    qb.push(" AND (o.partner_id = ")
        .push_bind(viewer_id)
        .push(" OR m.account_id IS NOT NULL)");
    let row = qb.build_query_as::<OrgRow>().fetch_optional(conn).await?;
    Ok(row.map(|r| OrgView::from_row(r, viewer_id)))
}

/// Sortable columns of the organization list.
pub const ORDER_FIELDS: &[(&str, &str)] = &[
    ("name", "o.name_lower"),
    ("created_at", "o.created_at"),
    ("email", "o.email"),
    ("customer_id", "o.customer_id_lower"),
    ("status", "o.status"),
];

fn push_filters(qb: &mut QueryBuilder, viewer_id: &str, f: &OrganizationFilters) {
    // Both sides of the OR are index lookups (partner index, memberships by
    // account), so the list never scans other partners' organizations.
    qb.push(" WHERE (o.partner_id = ")
        .push_bind(viewer_id.to_owned())
        .push(" OR o.id IN (SELECT organization_id FROM memberships WHERE account_id = ")
        .push_bind(viewer_id.to_owned())
        .push("))");
    if let Some(status) = f.status {
        qb.push(" AND o.status = ").push_bind(match status {
            OrganizationStatus::Active => "active",
            OrganizationStatus::Locked => "locked",
        });
    }
    if let Some(email) = f.email.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        qb.push(" AND o.email = ").push_bind(email.to_lowercase());
    }
    if let Some(customer) = f
        .customer_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        qb.push(" AND o.customer_id_lower = ")
            .push_bind(customer.to_lowercase());
    }
    if let Some(by) = f.locked_by {
        qb.push(" AND o.locked_by = ").push_bind(match by {
            LockedBy::Partner => "partner",
            LockedBy::Platform => "platform",
        });
    }
    if let Some(search) = f.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        // A partner has a few thousand organizations at most: a substring
        // match over them stays well under a millisecond per thousand rows.
        let pattern = format!("%{}%", escape_like(&search.to_lowercase()));
        qb.push(" AND (o.name_lower LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\'");
        qb.push(" OR o.email LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\'");
        qb.push(" OR o.customer_id_lower LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\')");
    }
}

/// Escapes LIKE wildcards so a search for `50%` means the characters.
pub fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub async fn list(
    conn: &mut Conn,
    viewer_id: &str,
    filters: &OrganizationFilters,
    paging: &Paging,
    order: &Order,
) -> Result<(Vec<OrgView>, u64), sqlx::Error> {
    let mut count = QueryBuilder::new("SELECT COUNT(*) FROM organizations o");
    push_filters(&mut count, viewer_id, filters);
    let total: i64 = count.build_query_scalar().fetch_one(&mut *conn).await?;

    let mut qb = QueryBuilder::new(SELECT);
    qb.push_bind(viewer_id.to_owned());
    push_filters(&mut qb, viewer_id, filters);
    let dir = order.direction();
    qb.push(format!(" ORDER BY {} {dir}, o.id {dir}", order.column));
    qb.push(" LIMIT ")
        .push_bind(paging.limit())
        .push(" OFFSET ")
        .push_bind(paging.offset());
    let rows = qb.build_query_as::<OrgRow>().fetch_all(conn).await?;
    let views = rows
        .into_iter()
        .map(|r| OrgView::from_row(r, viewer_id))
        .collect();
    Ok((views, u64::try_from(total).unwrap_or(0)))
}

/// Inserts an organization (already validated and normalized); answers its id.
pub async fn insert(
    conn: &mut Conn,
    partner_id: &str,
    c: &CreateOrganization,
    now: i64,
) -> Result<String, sqlx::Error> {
    let id = Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO organizations (id, partner_id, name, name_lower, email, status, owner_firstname, owner_lastname, \
         phone_number, siren_number, customer_id, customer_id_lower, comment, picture_link, created_at, member_count) \
         VALUES ($1, $2, $3, $4, $5, 'active', $6, $7, $8, $9, $10, $11, $12, $13, $14, 0)",
    )
    .bind(&id)
    .bind(partner_id)
    .bind(&c.name)
    .bind(c.name.to_lowercase())
    .bind(&c.email)
    .bind(&c.owner_firstname)
    .bind(&c.owner_lastname)
    .bind(&c.phone_number)
    .bind(&c.siren_number)
    .bind(&c.customer_id)
    .bind(c.customer_id.as_deref().map(str::to_lowercase))
    .bind(&c.comment)
    .bind(&c.picture_link)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(id)
}

/// Writes every editable field of `row` back.
pub async fn update(conn: &mut Conn, row: &OrgRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE organizations SET name = $1, name_lower = $2, email = $3, owner_firstname = $4, owner_lastname = $5, \
         phone_number = $6, siren_number = $7, customer_id = $8, customer_id_lower = $9, comment = $10, \
         picture_link = $11 WHERE id = $12",
    )
    .bind(&row.name)
    .bind(row.name.to_lowercase())
    .bind(&row.email)
    .bind(&row.owner_firstname)
    .bind(&row.owner_lastname)
    .bind(&row.phone_number)
    .bind(&row.siren_number)
    .bind(&row.customer_id)
    .bind(row.customer_id.as_deref().map(str::to_lowercase))
    .bind(&row.comment)
    .bind(&row.picture_link)
    .bind(&row.id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn lock(
    conn: &mut Conn,
    org_id: &str,
    reason: &str,
    locked_by: LockedBy,
    account_id: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE organizations SET status = 'locked', lock_reason_message = $1, locked_by = $2, \
         locked_by_account_id = $3, locked_at = $4 WHERE id = $5",
    )
    .bind(reason)
    .bind(match locked_by {
        LockedBy::Partner => "partner",
        LockedBy::Platform => "platform",
    })
    .bind(account_id)
    .bind(now)
    .bind(org_id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn unlock(conn: &mut Conn, org_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE organizations SET status = 'active', lock_reason_message = NULL, locked_by = NULL, \
         locked_by_account_id = NULL, locked_at = NULL WHERE id = $1",
    )
    .bind(org_id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn add_member_count(
    conn: &mut Conn,
    org_id: &str,
    delta: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE organizations SET member_count = member_count + $1 WHERE id = $2")
        .bind(delta)
        .bind(org_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The organization as `viewer_id` would see it, visible or not (for an
/// invitee who is about to join).
pub async fn get(
    conn: &mut Conn,
    org_id: &str,
    viewer_id: &str,
) -> Result<Option<OrgView>, sqlx::Error> {
    let mut qb = QueryBuilder::new(SELECT);
    qb.push_bind(viewer_id);
    qb.push(" WHERE o.id = ").push_bind(org_id);
    let row = qb.build_query_as::<OrgRow>().fetch_optional(conn).await?;
    Ok(row.map(|r| OrgView::from_row(r, viewer_id)))
}

/// Ids of organizations with this exact name (demo seeding and tools).
pub async fn ids_by_name(conn: &mut Conn, name: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM organizations WHERE name_lower = $1 ORDER BY created_at")
        .bind(name.to_lowercase())
        .fetch_all(conn)
        .await
}
