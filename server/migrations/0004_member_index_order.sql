-- Per-member indexes start with the member, not the organization, so that
-- a query over an organization's matches (DISTINCT account_id over a prefix
-- range or a tag) can only use the index of its filter: with an
-- (organization, member, ...) index beside it, SQLite's planner, misled by
-- skewed statistics (one organization of 100,000 members, thousands of
-- one), walked every row of the organization to skip a DISTINCT sort.
DROP INDEX member_search_terms_member;
CREATE INDEX member_search_terms_member ON member_search_terms(account_id, organization_id, term);

DROP INDEX member_tags_member;
CREATE TABLE member_tags_new (
    organization_id TEXT NOT NULL,
    account_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    tag_key TEXT NOT NULL,
    tag_value TEXT NOT NULL,
    PRIMARY KEY (account_id, organization_id, position)
);
INSERT INTO member_tags_new (organization_id, account_id, position, tag_key, tag_value)
    SELECT organization_id, account_id, position, tag_key, tag_value FROM member_tags;
DROP TABLE member_tags;
ALTER TABLE member_tags_new RENAME TO member_tags;
CREATE INDEX member_tags_filter ON member_tags(organization_id, tag_key, tag_value, account_id);
