//! Demo data (`--demo`) and bulk seeding (`--seed-members ORG:N`).
//!
//! The demo tells a story the screens can show: a partner managing six
//! customer organizations, one of them locked; Acme Corp with groups, tagged
//! members with varied permissions and sign-in history, and invitations in
//! every state with their messages in the outbox.

use crate::store::QueryBuilder;
use roster_api::{
    AccountKind, CreateOrganization, DemoAccount, LockedBy, MemberType, Permission, Tag,
    INVITATION_TTL_SECONDS,
};

use uuid::Uuid;

use crate::auth::{hash_token, new_token};
use crate::clock::Clock;
use crate::mail::{self, InvitationMail};
use crate::store::invitations::{self as inv, NewInvitation};
use crate::store::members::{self, NewMember};
use crate::store::{accounts, groups, organizations as orgs, to_json, Conn, Store};

pub const PARTNER_EMAIL: &str = "partner@roster.demo";
pub const MEMBER_EMAIL: &str = "sam@roster.demo";

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
const HOUR_MS: i64 = 60 * 60 * 1000;

/// The accounts offered on the demo sign-in screen.
pub fn demo_accounts() -> Vec<DemoAccount> {
    vec![
        DemoAccount {
            email: PARTNER_EMAIL.to_owned(),
            display_name: "Paula Partner".to_owned(),
            description: "Partner admin: manages every demo organization, can create, edit, lock and unlock them."
                .to_owned(),
        },
        DemoAccount {
            email: MEMBER_EMAIL.to_owned(),
            display_name: "Sam Member".to_owned(),
            description: "Member of Acme Corp who may only view members, with a pending invitation to Globex."
                .to_owned(),
        },
    ]
}

const FIRST_NAMES: &[&str] = &[
    "Ada", "Ben", "Chloé", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi",
    "Liam", "Maya", "Noah", "Olga", "Pablo", "Quinn", "Rosa", "Sven", "Tara", "Umar", "Vera",
    "Wen", "Ximena", "Yusuf", "Zoé",
];
const LAST_NAMES: &[&str] = &[
    "Archer",
    "Brown",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fischer",
    "García",
    "Hughes",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Laurent",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quint",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Urban",
    "Varga",
    "Weber",
    "Xu",
    "Yilmaz",
    "Zimmermann",
];

fn person(i: usize) -> (String, String) {
    let first = FIRST_NAMES[i % FIRST_NAMES.len()];
    let last = LAST_NAMES[(i * 7 + i / FIRST_NAMES.len()) % LAST_NAMES.len()];
    (first.to_owned(), last.to_owned())
}

fn ascii_slug(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' => 'e',
            'í' => 'i',
            'ç' => 'c',
            c => c.to_ascii_lowercase(),
        })
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

struct DemoOrg {
    name: &'static str,
    domain: &'static str,
    owner: (&'static str, &'static str),
    customer_id: &'static str,
    siren: Option<&'static str>,
    phone: Option<&'static str>,
    members: usize,
    age_days: i64,
}

const ORGS: &[DemoOrg] = &[
    DemoOrg {
        name: "Acme Corp",
        domain: "acme.example",
        owner: ("Alice", "Anderson"),
        customer_id: "CUST-1001",
        siren: Some("732829320"),
        phone: Some("+33 1 23 45 67 89"),
        members: 40,
        age_days: 420,
    },
    DemoOrg {
        name: "Globex",
        domain: "globex.example",
        owner: ("Hank", "Scorpio"),
        customer_id: "CUST-1002",
        siren: None,
        phone: Some("+1 555 0100"),
        members: 8,
        age_days: 300,
    },
    DemoOrg {
        name: "Initech",
        domain: "initech.example",
        owner: ("Bill", "Lumbergh"),
        customer_id: "CUST-1003",
        siren: None,
        phone: None,
        members: 6,
        age_days: 250,
    },
    DemoOrg {
        name: "Umbrella",
        domain: "umbrella.example",
        owner: ("Albert", "Wesker"),
        customer_id: "CUST-1004",
        siren: None,
        phone: None,
        members: 5,
        age_days: 180,
    },
    DemoOrg {
        name: "Hooli",
        domain: "hooli.example",
        owner: ("Gavin", "Belson"),
        customer_id: "CUST-1005",
        siren: None,
        phone: Some("+1 555 0199"),
        members: 4,
        age_days: 90,
    },
    DemoOrg {
        name: "Stark Industries",
        domain: "stark.example",
        owner: ("Pepper", "Potts"),
        customer_id: "CUST-1006",
        siren: None,
        phone: None,
        members: 3,
        age_days: 30,
    },
];

/// Seeds the demo when the database has no account yet. Links in the seeded
/// messages start with `public_url`.
pub async fn seed_if_empty(
    store: &Store,
    clock: &Clock,
    public_url: &str,
) -> Result<(), sqlx::Error> {
    let mut tx = store.write().await?;
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM accounts")
        .fetch_one(&mut *tx.tx)
        .await?;
    if count > 0 {
        return Ok(());
    }
    seed(&mut tx, clock.now_ms(), public_url).await?;
    tx.commit().await
}

async fn seed(conn: &mut Conn, now: i64, public_url: &str) -> Result<(), sqlx::Error> {
    let partner = accounts::create(
        &mut *conn,
        PARTNER_EMAIL,
        "Paula Partner",
        AccountKind::Partner,
        now - 500 * DAY_MS,
    )
    .await?;
    accounts::touch_login(&mut *conn, &partner.id, now - 2 * HOUR_MS).await?;
    let sam = accounts::create(
        &mut *conn,
        MEMBER_EMAIL,
        "Sam Member",
        AccountKind::User,
        now - 200 * DAY_MS,
    )
    .await?;
    accounts::touch_login(&mut *conn, &sam.id, now - 3 * DAY_MS).await?;

    for (org_index, d) in ORGS.iter().enumerate() {
        let created = now - d.age_days * DAY_MS;
        let owner_email = format!(
            "{}.{}@{}",
            ascii_slug(d.owner.0),
            ascii_slug(d.owner.1),
            d.domain
        );
        let input = CreateOrganization {
            name: d.name.to_owned(),
            email: owner_email.clone(),
            owner_firstname: d.owner.0.to_owned(),
            owner_lastname: d.owner.1.to_owned(),
            phone_number: d.phone.map(str::to_owned),
            siren_number: d.siren.map(str::to_owned),
            customer_id: Some(d.customer_id.to_owned()),
            comment: None,
            picture_link: None,
        };
        let org_id = orgs::insert(&mut *conn, &partner.id, &input, created).await?;
        let owner = accounts::create(
            &mut *conn,
            &owner_email,
            &format!("{} {}", d.owner.0, d.owner.1),
            AccountKind::User,
            created,
        )
        .await?;
        accounts::touch_login(
            &mut *conn,
            &owner.id,
            now - (org_index as i64 + 1) * 5 * HOUR_MS,
        )
        .await?;
        let owner = accounts::by_id(&mut *conn, &owner.id)
            .await?
            .unwrap_or(owner);
        add(
            conn,
            &org_id,
            &owner,
            MemberType::Owner,
            &Permission::ALL,
            &[],
            &[],
            created,
        )
        .await?;

        let group_ids: Vec<String> = if d.name == "Acme Corp" {
            let mut ids = Vec::new();
            for (name, description) in [
                ("Engineering", "Builds and runs the product"),
                ("Sales", "Finds and signs customers"),
                ("Support", "Answers customers' questions"),
            ] {
                ids.push(
                    groups::insert(&mut *conn, &org_id, name, Some(description), created)
                        .await?
                        .id,
                );
            }
            ids
        } else if d.name == "Globex" {
            vec![
                groups::insert(&mut *conn, &org_id, "Operations", None, created)
                    .await?
                    .id,
            ]
        } else {
            Vec::new()
        };

        for i in 1..d.members {
            let seed = org_index * 100 + i;
            let (first, last) = person(seed);
            let email = format!(
                "{}.{}{}@{}",
                ascii_slug(&first),
                ascii_slug(&last),
                i,
                d.domain
            );
            let joined = created + (i as i64) * DAY_MS * d.age_days / (d.members as i64 + 1);
            let account = accounts::create(
                &mut *conn,
                &email,
                &format!("{first} {last}"),
                AccountKind::User,
                joined,
            )
            .await?;
            // Most members signed in recently, some long ago, a few never.
            if i % 7 != 3 {
                let ago = ((i * 37) % 60) as i64 * DAY_MS + ((i * 13) % 24) as i64 * HOUR_MS;
                accounts::touch_login(&mut *conn, &account.id, now - ago).await?;
            }
            let account = accounts::by_id(&mut *conn, &account.id)
                .await?
                .unwrap_or(account);
            let permissions: &[Permission] = match i % 5 {
                0 => &[Permission::ManageMembers, Permission::ViewMembers],
                1 => &[Permission::ViewMembers, Permission::CreateProjects],
                2 => &[
                    Permission::ViewAllProjects,
                    Permission::CreateProjects,
                    Permission::ApiAccess,
                ],
                3 => &[Permission::ManageBilling, Permission::ViewMembers],
                _ => &[Permission::ViewMembers],
            };
            let mut tags = vec![Tag {
                key: "location".to_owned(),
                value: ["Paris", "Berlin", "Remote", "New York"][i % 4].to_owned(),
            }];
            if i % 3 == 0 {
                tags.push(Tag {
                    key: "level".to_owned(),
                    value: ["junior", "senior", "lead"][i % 3 + (i / 3) % 3 % 3].to_owned(),
                });
            }
            if i % 4 == 1 {
                tags.push(Tag {
                    key: "contractor".to_owned(),
                    value: String::new(),
                });
            }
            let member_groups: Vec<String> = if group_ids.is_empty() {
                Vec::new()
            } else {
                let mut g = vec![group_ids[i % group_ids.len()].clone()];
                if i % 6 == 0 && group_ids.len() > 1 {
                    g.push(group_ids[(i + 1) % group_ids.len()].clone());
                }
                g
            };
            add(
                conn,
                &org_id,
                &account,
                MemberType::Member,
                permissions,
                &tags,
                &member_groups,
                joined,
            )
            .await?;
        }

        match d.name {
            "Acme Corp" => {
                let sam = accounts::by_id(&mut *conn, &sam.id)
                    .await?
                    .unwrap_or(sam.clone());
                let tags = [Tag {
                    key: "location".to_owned(),
                    value: "Remote".to_owned(),
                }];
                let engineering = group_ids.first().cloned().into_iter().collect::<Vec<_>>();
                add(
                    conn,
                    &org_id,
                    &sam,
                    MemberType::Member,
                    &[Permission::ViewMembers],
                    &tags,
                    &engineering,
                    now - 200 * DAY_MS,
                )
                .await?;
                // Invitations in every state.
                let sales = group_ids.get(1).cloned().into_iter().collect::<Vec<_>>();
                for (email, state, sent_days_ago) in [
                    ("new.hire@acme.example", "pending", 1),
                    ("contractor@freelance.example", "pending", 2),
                    ("intern@acme.example", "pending", 0),
                    ("late.reply@acme.example", "expired", 5),
                    ("no.thanks@acme.example", "declined", 10),
                    ("withdrawn@acme.example", "revoked", 8),
                ] {
                    invitation(
                        conn,
                        &org_id,
                        d.name,
                        &partner,
                        email,
                        state,
                        now - sent_days_ago * DAY_MS - HOUR_MS,
                        &sales,
                        public_url,
                    )
                    .await?;
                }
                // An accepted invitation: the member it made exists.
                let joined_email = "joined.recently@acme.example";
                let joined = accounts::create(
                    &mut *conn,
                    joined_email,
                    "Jordan Recent",
                    AccountKind::User,
                    now - 4 * DAY_MS,
                )
                .await?;
                accounts::touch_login(&mut *conn, &joined.id, now - 4 * DAY_MS).await?;
                let joined = accounts::by_id(&mut *conn, &joined.id)
                    .await?
                    .unwrap_or(joined);
                add(
                    conn,
                    &org_id,
                    &joined,
                    MemberType::Member,
                    &[Permission::ViewMembers],
                    &[],
                    &sales,
                    now - 4 * DAY_MS,
                )
                .await?;
                invitation(
                    conn,
                    &org_id,
                    d.name,
                    &partner,
                    joined_email,
                    "accepted",
                    now - 5 * DAY_MS,
                    &sales,
                    public_url,
                )
                .await?;
            }
            "Globex" => {
                invitation(
                    conn,
                    &org_id,
                    d.name,
                    &partner,
                    MEMBER_EMAIL,
                    "pending",
                    now - 6 * HOUR_MS,
                    &group_ids,
                    public_url,
                )
                .await?;
            }
            "Initech" => {
                orgs::lock(
                    &mut *conn,
                    &org_id,
                    "Unpaid invoices",
                    LockedBy::Partner,
                    &partner.id,
                    now - 7 * DAY_MS,
                )
                .await?;
            }
            _ => {}
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)] // A seeding helper: each argument is one column of the row.
async fn add(
    conn: &mut Conn,
    org_id: &str,
    account: &accounts::AccountRow,
    member_type: MemberType,
    permissions: &[Permission],
    tags: &[Tag],
    group_ids: &[String],
    joined: i64,
) -> Result<(), sqlx::Error> {
    let m = NewMember {
        account_id: &account.id,
        email: &account.email,
        display_name: &account.display_name,
        last_login_at: account.last_login_at,
        member_type,
        permissions,
        tags,
        group_ids,
    };
    members::insert(conn, org_id, &m, joined).await
}

#[allow(clippy::too_many_arguments)] // A seeding helper: each argument is one column of the row.
async fn invitation(
    conn: &mut Conn,
    org_id: &str,
    org_name: &str,
    inviter: &accounts::AccountRow,
    email: &str,
    state: &str,
    sent_at: i64,
    group_ids: &[String],
    public_url: &str,
) -> Result<(), sqlx::Error> {
    let token = new_token();
    let tags = [Tag {
        key: "source".to_owned(),
        value: "demo".to_owned(),
    }];
    let new = NewInvitation {
        org_id,
        email,
        group_ids,
        tags: &tags,
        permissions: &[Permission::ViewMembers, Permission::CreateProjects],
        invited_by: &inviter.id,
        token_hash: &hash_token(&token),
        now: sent_at,
        expires_at: sent_at + INVITATION_TTL_SECONDS * 1000,
    };
    let id = inv::insert(&mut *conn, &new).await?;
    let link = format!(
        "{}/invitations/accept?token={token}",
        public_url.trim_end_matches('/')
    );
    let message = InvitationMail {
        to: email,
        organization_name: org_name,
        inviter_name: &inviter.display_name,
        link: &link,
        invitation_id: &id,
        resend: false,
    };
    mail::queue_invitation(&mut *conn, &crate::Mailer::outbox_only(), &message, sent_at).await?;
    match state {
        "accepted" | "declined" => inv::close(conn, &id, state, Some(sent_at + DAY_MS)).await?,
        "revoked" => inv::close(conn, &id, state, None).await?,
        // "expired" is a pending invitation past its expiry, "pending" is fresh.
        _ => {}
    }
    Ok(())
}

/// Reads `ORG NAME:COUNT`.
pub fn parse_seed_spec(spec: &str) -> Result<(String, usize), String> {
    let (name, count) = spec
        .rsplit_once(':')
        .ok_or_else(|| format!("--seed-members wants NAME:COUNT, got {spec:?}"))?;
    let count: usize = count
        .trim()
        .parse()
        .map_err(|_| format!("--seed-members: {count:?} is not a count"))?;
    let name = name.trim();
    if name.is_empty() || count == 0 {
        return Err(format!(
            "--seed-members wants NAME:COUNT with a name and a positive count, got {spec:?}"
        ));
    }
    Ok((name.to_owned(), count))
}

/// Makes sure the organization named `org_name` has `count` generated
/// members (with tags, groups, sign-in times and search terms), adding only
/// the missing ones, so a restart with the same option adds nothing. Inserts
/// in batches of multi-row statements. Creates the groups Engineering, Sales
/// and Support when the organization has none.
pub async fn seed_members(
    store: &Store,
    clock: &Clock,
    org_name: &str,
    count: usize,
) -> Result<(), String> {
    let now = clock.now_ms();
    let mut tx = store.write().await.map_err(|e| e.to_string())?;
    let org_id = orgs::ids_by_name(&mut tx, org_name)
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .next()
        .ok_or_else(|| format!("no organization named {org_name:?}"))?;
    let mut group_ids: Vec<String> =
        sqlx::query_scalar("SELECT id FROM groups WHERE organization_id = $1 ORDER BY name_lower")
            .bind(&org_id)
            .fetch_all(&mut *tx.tx)
            .await
            .map_err(|e| e.to_string())?;
    if group_ids.is_empty() {
        for name in ["Engineering", "Sales", "Support"] {
            group_ids.push(
                groups::insert(&mut tx, &org_id, name, None, now)
                    .await
                    .map_err(|e| e.to_string())?
                    .id,
            );
        }
    }
    // Generated addresses carry the organization's id, so two seeded
    // organizations never share an account.
    let batch_tag = org_id.chars().take(8).collect::<String>();
    let existing: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships WHERE organization_id = $1 AND email LIKE $2",
    )
    .bind(&org_id)
    .bind(format!("%.{batch_tag}@bulk.example"))
    .fetch_one(&mut *tx.tx)
    .await
    .map_err(|e| e.to_string())?;
    tx.commit().await.map_err(|e| e.to_string())?;
    let batch_tag = batch_tag.as_str();
    const BATCH: usize = 500;
    let mut start = usize::try_from(existing).unwrap_or(0);
    while start < count {
        let end = (start + BATCH).min(count);
        let mut tx = store.write().await.map_err(|e| e.to_string())?;
        insert_batch(&mut tx, &org_id, &group_ids, batch_tag, start..end, now)
            .await
            .map_err(|e| e.to_string())?;
        orgs::add_member_count(&mut tx, &org_id, (end - start) as i64)
            .await
            .map_err(|e| e.to_string())?;
        tx.commit().await.map_err(|e| e.to_string())?;
        start = end;
    }
    sqlx::query(
        "UPDATE groups SET member_count = (SELECT COUNT(*) FROM member_groups mg WHERE mg.group_id = groups.id) \
         WHERE organization_id = $1",
    )
    .bind(&org_id)
    .execute(&store.pool)
    .await
    .map_err(|e| e.to_string())?;
    Ok(())
}

/// Creates `count` generated organizations managed by the partner `partner_email`
/// (each with an owner), for directory and switcher tests at scale. Every
/// tenth one is locked.
pub async fn seed_organizations(
    store: &Store,
    clock: &Clock,
    partner_email: &str,
    count: usize,
) -> Result<(), String> {
    let now = clock.now_ms();
    let mut tx = store.write().await.map_err(|e| e.to_string())?;
    let partner = accounts::by_email(&mut tx, partner_email)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no account {partner_email}"))?;
    let tag = Uuid::new_v4().simple().to_string()[..6].to_owned();
    for i in 0..count {
        let (first, last) = person(i * 13 + 3);
        let input = CreateOrganization {
            name: format!("Bench {i} {last} {tag}"),
            email: format!("owner.{i}.{tag}@bench.example"),
            owner_firstname: first.clone(),
            owner_lastname: last.clone(),
            phone_number: None,
            siren_number: None,
            customer_id: Some(format!("B-{tag}-{i:05}")),
            comment: None,
            picture_link: None,
        };
        let created = now - (i as i64) * HOUR_MS;
        let org_id = orgs::insert(&mut tx, &partner.id, &input, created)
            .await
            .map_err(|e| e.to_string())?;
        let owner = accounts::create(
            &mut tx,
            &input.email,
            &format!("{first} {last}"),
            AccountKind::User,
            created,
        )
        .await
        .map_err(|e| e.to_string())?;
        add(
            &mut tx,
            &org_id,
            &owner,
            MemberType::Owner,
            &Permission::ALL,
            &[],
            &[],
            created,
        )
        .await
        .map_err(|e| e.to_string())?;
        if i % 10 == 9 {
            orgs::lock(
                &mut tx,
                &org_id,
                "Unpaid invoices",
                LockedBy::Partner,
                &partner.id,
                now,
            )
            .await
            .map_err(|e| e.to_string())?;
        }
    }
    tx.commit().await.map_err(|e| e.to_string())
}

struct Bulk {
    id: String,
    email: String,
    name: String,
    created: i64,
    login: Option<i64>,
    permissions: String,
    tags: Vec<(String, String)>,
    group: String,
}

async fn insert_batch(
    conn: &mut Conn,
    org_id: &str,
    group_ids: &[String],
    batch_tag: &str,
    range: std::ops::Range<usize>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let rows: Vec<Bulk> = range
        .map(|i| {
            let (first, last) = person(i * 31 + 5);
            let perms: &[Permission] = if i % 10 == 0 {
                &[Permission::ManageMembers, Permission::ViewMembers]
            } else {
                &[Permission::ViewMembers]
            };
            let mut tags = vec![(
                "location".to_owned(),
                ["Paris", "Berlin", "Remote", "New York", "Tokyo"][i % 5].to_owned(),
            )];
            if i % 3 == 0 {
                tags.push(("team".to_owned(), format!("team-{}", i % 40)));
            }
            Bulk {
                id: Uuid::new_v4().to_string(),
                email: format!(
                    "{}.{}.{i}.{batch_tag}@bulk.example",
                    ascii_slug(&first),
                    ascii_slug(&last)
                ),
                name: format!("{first} {last} {i}"),
                created: now - ((i * 7919) % 1000) as i64 * HOUR_MS,
                login: (i % 9 != 0).then(|| now - ((i * 104_729) % 2000) as i64 * HOUR_MS),
                permissions: to_json(&members::sorted_permissions(perms)),
                tags,
                group: group_ids[i % group_ids.len()].clone(),
            }
        })
        .collect();

    let mut qb = QueryBuilder::new(
        "INSERT INTO accounts (id, email, display_name, kind, created_at, last_login_at) ",
    );
    qb.push_values(&rows, |mut b, r| {
        b.push_bind(&r.id)
            .push_bind(&r.email)
            .push_bind(&r.name)
            .push_bind("user")
            .push_bind(r.created)
            .push_bind(r.login);
    });
    qb.build().execute(&mut *conn).await?;

    let mut qb = QueryBuilder::new(
        "INSERT INTO memberships (organization_id, account_id, member_type, permissions, email, display_name, \
         display_name_lower, last_login_at, created_at) ",
    );
    qb.push_values(&rows, |mut b, r| {
        b.push_bind(org_id)
            .push_bind(&r.id)
            .push_bind("member")
            .push_bind(&r.permissions)
            .push_bind(&r.email)
            .push_bind(&r.name)
            .push_bind(r.name.to_lowercase())
            .push_bind(r.login)
            .push_bind(r.created);
    });
    qb.build().execute(&mut *conn).await?;

    // Search terms with the member's sort keys (see migration 0007).
    let terms: Vec<(String, String, &Bulk)> = rows
        .iter()
        .flat_map(|r| {
            members::terms_with_prev(&r.email, &r.name)
                .into_iter()
                .map(move |(t, prev)| (t, prev, r))
        })
        .collect();
    for chunk in terms.chunks(500) {
        let mut qb = QueryBuilder::new(
            "INSERT INTO member_terms (organization_id, term, account_id, prev_term, member_type, email, \
             display_name_lower, created_at, last_login_at, tags, group_ids) ",
        );
        qb.push_values(chunk, |mut b, (term, prev, r)| {
            b.push_bind(org_id)
                .push_bind(term)
                .push_bind(&r.id)
                .push_bind(prev)
                .push_bind("member")
                .push_bind(&r.email)
                .push_bind(r.name.to_lowercase())
                .push_bind(r.created)
                .push_bind(r.login)
                .push_bind(members::encode_tags(
                    r.tags.iter().map(|(k, v)| (k.as_str(), v.as_str())),
                ))
                .push_bind(members::encode_groups([r.group.as_str()]));
        });
        qb.build().execute(&mut *conn).await?;
    }

    let tags: Vec<(usize, &str, &(String, String))> = rows
        .iter()
        .flat_map(|r| {
            r.tags
                .iter()
                .enumerate()
                .map(move |(p, t)| (p, r.id.as_str(), t))
        })
        .collect();
    let mut qb = QueryBuilder::new(
        "INSERT INTO member_tags (organization_id, account_id, position, tag_key, tag_value) ",
    );
    qb.push_values(&tags, |mut b, (position, id, (key, value))| {
        b.push_bind(org_id)
            .push_bind(*id)
            .push_bind(*position as i64)
            .push_bind(key)
            .push_bind(value);
    });
    qb.build().execute(&mut *conn).await?;

    // Generated members never repeat a key, so every (key, member) is distinct.
    let mut qb =
        QueryBuilder::new("INSERT INTO member_tag_keys (organization_id, tag_key, account_id) ");
    qb.push_values(&tags, |mut b, (_, id, (key, _))| {
        b.push_bind(org_id).push_bind(key).push_bind(*id);
    });
    qb.build().execute(&mut *conn).await?;

    let mut qb =
        QueryBuilder::new("INSERT INTO member_groups (group_id, account_id, organization_id) ");
    qb.push_values(&rows, |mut b, r| {
        b.push_bind(&r.group).push_bind(&r.id).push_bind(org_id);
    });
    qb.build().execute(conn).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_spec() {
        assert_eq!(
            parse_seed_spec("Acme Corp:100000"),
            Ok(("Acme Corp".to_owned(), 100_000))
        );
        assert!(parse_seed_spec("Acme Corp").is_err());
        assert!(parse_seed_spec("Acme:x").is_err());
        assert!(parse_seed_spec(":5").is_err());
    }
}
