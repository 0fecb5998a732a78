-- Roster schema. Portable SQL (SQLite now, PostgreSQL later): ids are TEXT
-- UUIDs, times INTEGER unix milliseconds, lists stored as JSON text.
-- Columns suffixed _lower hold lower-cased copies so that search and sort use
-- plain indexes (no function indexes, no collations that differ per database).

CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,            -- normalized (lower-cased)
    display_name TEXT NOT NULL,
    kind TEXT NOT NULL,                    -- partner | user
    created_at BIGINT NOT NULL,
    last_login_at BIGINT
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,           -- SHA-256 of the bearer token, hex
    account_id TEXT NOT NULL REFERENCES accounts(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX sessions_account ON sessions(account_id);

CREATE TABLE organizations (
    id TEXT PRIMARY KEY,
    partner_id TEXT NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL,
    name_lower TEXT NOT NULL,
    email TEXT NOT NULL,                   -- owner email, normalized
    status TEXT NOT NULL,                  -- active | locked
    owner_firstname TEXT NOT NULL,
    owner_lastname TEXT NOT NULL,
    phone_number TEXT,
    siren_number TEXT,
    customer_id TEXT,
    customer_id_lower TEXT,
    comment TEXT,
    picture_link TEXT,
    created_at BIGINT NOT NULL,
    lock_reason_message TEXT,
    locked_by TEXT,                        -- partner | platform
    locked_by_account_id TEXT,
    locked_at BIGINT,
    member_count BIGINT NOT NULL DEFAULT 0 -- kept in step with memberships, in the same transactions
);
CREATE INDEX organizations_partner_name ON organizations(partner_id, name_lower, id);
CREATE INDEX organizations_partner_created ON organizations(partner_id, created_at, id);
CREATE INDEX organizations_partner_email ON organizations(partner_id, email, id);
CREATE INDEX organizations_partner_customer ON organizations(partner_id, customer_id_lower, id);
CREATE INDEX organizations_partner_status ON organizations(partner_id, status, name_lower, id);

CREATE TABLE memberships (
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    account_id TEXT NOT NULL REFERENCES accounts(id),
    member_type TEXT NOT NULL,             -- owner | member
    permissions TEXT NOT NULL,             -- JSON array of permission names
    -- Copies of account fields, so that a 100,000-member organization sorts
    -- and searches on one table's indexes.
    email TEXT NOT NULL,
    display_name TEXT NOT NULL,
    display_name_lower TEXT NOT NULL,
    last_login_at BIGINT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (organization_id, account_id)
);
CREATE INDEX memberships_account ON memberships(account_id);
CREATE INDEX memberships_org_email ON memberships(organization_id, email, account_id);
CREATE INDEX memberships_org_name ON memberships(organization_id, display_name_lower, account_id);
CREATE INDEX memberships_org_created ON memberships(organization_id, created_at, account_id);
CREATE INDEX memberships_org_login ON memberships(organization_id, last_login_at, account_id);
CREATE INDEX memberships_org_type ON memberships(organization_id, member_type, email);

-- Prefix search terms of a member: email, email domain, whole display name
-- and each word of it, all lower-cased. A search is an index range scan.
CREATE TABLE member_search_terms (
    organization_id TEXT NOT NULL,
    term TEXT NOT NULL,
    account_id TEXT NOT NULL,
    PRIMARY KEY (organization_id, term, account_id)
);
CREATE INDEX member_search_terms_member ON member_search_terms(organization_id, account_id);

CREATE TABLE member_tags (
    organization_id TEXT NOT NULL,
    account_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    tag_key TEXT NOT NULL,
    tag_value TEXT NOT NULL,
    PRIMARY KEY (organization_id, account_id, position)
);
CREATE INDEX member_tags_filter ON member_tags(organization_id, tag_key, tag_value, account_id);

CREATE TABLE groups (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    name TEXT NOT NULL,
    name_lower TEXT NOT NULL,
    description TEXT,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX groups_org_name ON groups(organization_id, name_lower);

CREATE TABLE member_groups (
    group_id TEXT NOT NULL REFERENCES groups(id),
    account_id TEXT NOT NULL,
    organization_id TEXT NOT NULL,
    PRIMARY KEY (group_id, account_id)
);
CREATE INDEX member_groups_member ON member_groups(organization_id, account_id);

CREATE TABLE invitations (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    email TEXT NOT NULL,                   -- normalized
    status TEXT NOT NULL,                  -- pending | accepted | declined | revoked (expired is pending past expires_at)
    group_ids TEXT NOT NULL,               -- JSON array of group ids
    tags TEXT NOT NULL,                    -- JSON array of {key, value}
    permissions TEXT NOT NULL,             -- JSON array of permission names
    invited_by TEXT NOT NULL REFERENCES accounts(id),
    token_hash TEXT,                       -- SHA-256 of the current token, hex; NULL once used
    sent_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    responded_at BIGINT,
    created_at BIGINT NOT NULL
);
-- One open invitation per address and organization.
CREATE UNIQUE INDEX invitations_one_pending ON invitations(organization_id, email) WHERE status = 'pending';
CREATE UNIQUE INDEX invitations_token ON invitations(token_hash);
CREATE INDEX invitations_org_sent ON invitations(organization_id, sent_at, id);
CREATE INDEX invitations_org_email ON invitations(organization_id, email, id);
CREATE INDEX invitations_org_status ON invitations(organization_id, status, expires_at);
CREATE INDEX invitations_email_status ON invitations(email, status, expires_at);

CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    to_email TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT,
    invitation_id TEXT,
    created_at BIGINT NOT NULL,
    sent_at BIGINT                         -- set when delivered over SMTP
);
CREATE INDEX outbox_created ON outbox(created_at, id);
CREATE INDEX outbox_invitation ON outbox(invitation_id, created_at);

CREATE TABLE idempotency_keys (
    account_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,            -- SHA-256 of method, path and body
    status_code INTEGER NOT NULL,
    response_body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (account_id, idempotency_key)
);
