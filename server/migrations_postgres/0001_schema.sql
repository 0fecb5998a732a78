-- Roster schema for PostgreSQL: the same tables, columns and indexes as the
-- SQLite migrations (server/migrations/0001-0007) end with, so one set of
-- statements (store/) runs on both. Differences:
--   * text columns compare byte by byte (COLLATE "C"), as SQLite's BINARY
--     collation does: prefix ranges (term >= q AND term < q || U+10FFFF) and
--     sort orders must not depend on the database's locale;
--   * nullable sort keys are indexed NULLS FIRST, the order SQLite gives NULLs
--     (the store orders `ASC NULLS FIRST` / `DESC NULLS LAST` on both);
--   * member_terms is an ordinary table (SQLite's is WITHOUT ROWID);
--   * instr(haystack, needle), which SQLite has built in, is defined here.

CREATE FUNCTION instr(haystack TEXT, needle TEXT) RETURNS INTEGER
    LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE
    AS 'SELECT strpos(haystack, needle)';

CREATE TABLE accounts (
    id TEXT COLLATE "C" PRIMARY KEY,
    email TEXT COLLATE "C" NOT NULL UNIQUE,
    display_name TEXT COLLATE "C" NOT NULL,
    kind TEXT COLLATE "C" NOT NULL,
    created_at BIGINT NOT NULL,
    last_login_at BIGINT
);

CREATE TABLE sessions (
    token_hash TEXT COLLATE "C" PRIMARY KEY,
    account_id TEXT COLLATE "C" NOT NULL REFERENCES accounts(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX sessions_account ON sessions(account_id);

CREATE TABLE organizations (
    id TEXT COLLATE "C" PRIMARY KEY,
    partner_id TEXT COLLATE "C" NOT NULL REFERENCES accounts(id),
    name TEXT COLLATE "C" NOT NULL,
    name_lower TEXT COLLATE "C" NOT NULL,
    email TEXT COLLATE "C" NOT NULL,
    status TEXT COLLATE "C" NOT NULL,
    owner_firstname TEXT COLLATE "C" NOT NULL,
    owner_lastname TEXT COLLATE "C" NOT NULL,
    phone_number TEXT COLLATE "C",
    siren_number TEXT COLLATE "C",
    customer_id TEXT COLLATE "C",
    customer_id_lower TEXT COLLATE "C",
    comment TEXT COLLATE "C",
    picture_link TEXT COLLATE "C",
    created_at BIGINT NOT NULL,
    lock_reason_message TEXT COLLATE "C",
    locked_by TEXT COLLATE "C",
    locked_by_account_id TEXT COLLATE "C",
    locked_at BIGINT,
    member_count BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX organizations_partner_name ON organizations(partner_id, name_lower, id);
CREATE INDEX organizations_partner_created ON organizations(partner_id, created_at, id);
CREATE INDEX organizations_partner_email ON organizations(partner_id, email, id);
CREATE INDEX organizations_partner_customer ON organizations(partner_id, customer_id_lower NULLS FIRST, id);
CREATE INDEX organizations_partner_status ON organizations(partner_id, status, name_lower, id);

CREATE TABLE memberships (
    organization_id TEXT COLLATE "C" NOT NULL REFERENCES organizations(id),
    account_id TEXT COLLATE "C" NOT NULL REFERENCES accounts(id),
    member_type TEXT COLLATE "C" NOT NULL,
    permissions TEXT COLLATE "C" NOT NULL,
    email TEXT COLLATE "C" NOT NULL,
    display_name TEXT COLLATE "C" NOT NULL,
    display_name_lower TEXT COLLATE "C" NOT NULL,
    last_login_at BIGINT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (organization_id, account_id)
);
CREATE INDEX memberships_account ON memberships(account_id);
CREATE INDEX memberships_org_email ON memberships(organization_id, email, account_id);
CREATE INDEX memberships_org_name ON memberships(organization_id, display_name_lower, account_id);
CREATE INDEX memberships_org_created ON memberships(organization_id, created_at, account_id);
CREATE INDEX memberships_org_login ON memberships(organization_id, last_login_at NULLS FIRST, account_id);
CREATE INDEX memberships_org_type ON memberships(organization_id, member_type, email);

CREATE TABLE member_terms (
    organization_id TEXT COLLATE "C" NOT NULL,
    term TEXT COLLATE "C" NOT NULL,
    account_id TEXT COLLATE "C" NOT NULL,
    prev_term TEXT COLLATE "C" NOT NULL,
    member_type TEXT COLLATE "C" NOT NULL,
    email TEXT COLLATE "C" NOT NULL,
    display_name_lower TEXT COLLATE "C" NOT NULL,
    created_at BIGINT NOT NULL,
    last_login_at BIGINT,
    tags TEXT COLLATE "C" NOT NULL,
    group_ids TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (organization_id, term, account_id)
);
CREATE INDEX member_terms_member ON member_terms(account_id, organization_id, term);

CREATE TABLE member_tags (
    organization_id TEXT COLLATE "C" NOT NULL,
    account_id TEXT COLLATE "C" NOT NULL,
    position INTEGER NOT NULL,
    tag_key TEXT COLLATE "C" NOT NULL,
    tag_value TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (account_id, organization_id, position)
);
CREATE INDEX member_tags_filter ON member_tags(organization_id, tag_key, tag_value, account_id);

CREATE TABLE member_tag_keys (
    organization_id TEXT COLLATE "C" NOT NULL,
    tag_key TEXT COLLATE "C" NOT NULL,
    account_id TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (organization_id, tag_key, account_id)
);
CREATE INDEX member_tag_keys_member ON member_tag_keys(account_id, organization_id);

CREATE TABLE groups (
    id TEXT COLLATE "C" PRIMARY KEY,
    organization_id TEXT COLLATE "C" NOT NULL REFERENCES organizations(id),
    name TEXT COLLATE "C" NOT NULL,
    name_lower TEXT COLLATE "C" NOT NULL,
    description TEXT COLLATE "C",
    created_at BIGINT NOT NULL,
    member_count BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX groups_org_name ON groups(organization_id, name_lower);

CREATE TABLE member_groups (
    group_id TEXT COLLATE "C" NOT NULL REFERENCES groups(id),
    account_id TEXT COLLATE "C" NOT NULL,
    organization_id TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (group_id, account_id)
);
CREATE INDEX member_groups_member ON member_groups(organization_id, account_id);

CREATE TABLE invitations (
    id TEXT COLLATE "C" PRIMARY KEY,
    organization_id TEXT COLLATE "C" NOT NULL REFERENCES organizations(id),
    email TEXT COLLATE "C" NOT NULL,
    status TEXT COLLATE "C" NOT NULL,
    group_ids TEXT COLLATE "C" NOT NULL,
    tags TEXT COLLATE "C" NOT NULL,
    permissions TEXT COLLATE "C" NOT NULL,
    invited_by TEXT COLLATE "C" NOT NULL REFERENCES accounts(id),
    token_hash TEXT COLLATE "C",
    sent_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    responded_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX invitations_one_pending ON invitations(organization_id, email) WHERE status = 'pending';
CREATE UNIQUE INDEX invitations_token ON invitations(token_hash);
CREATE INDEX invitations_org_sent ON invitations(organization_id, sent_at, id);
CREATE INDEX invitations_org_email ON invitations(organization_id, email, id);
CREATE INDEX invitations_org_status ON invitations(organization_id, status, expires_at);
CREATE INDEX invitations_email_status ON invitations(email, status, expires_at);

CREATE TABLE outbox (
    id TEXT COLLATE "C" PRIMARY KEY,
    to_email TEXT COLLATE "C" NOT NULL,
    subject TEXT COLLATE "C" NOT NULL,
    body TEXT COLLATE "C" NOT NULL,
    link TEXT COLLATE "C",
    invitation_id TEXT COLLATE "C",
    created_at BIGINT NOT NULL,
    sent_at BIGINT
);
CREATE INDEX outbox_created ON outbox(created_at, id);
CREATE INDEX outbox_invitation ON outbox(invitation_id, created_at);

CREATE TABLE idempotency_keys (
    account_id TEXT COLLATE "C" NOT NULL,
    idempotency_key TEXT COLLATE "C" NOT NULL,
    request_hash TEXT COLLATE "C" NOT NULL,
    status_code INTEGER NOT NULL,
    response_body TEXT COLLATE "C" NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (account_id, idempotency_key)
);
