-- Distinct tag keys per member, so "members with key X" (any value) is an
-- index range without a DISTINCT over every tag holding that key.
CREATE TABLE member_tag_keys (
    organization_id TEXT NOT NULL,
    tag_key TEXT NOT NULL,
    account_id TEXT NOT NULL,
    PRIMARY KEY (organization_id, tag_key, account_id)
);
CREATE INDEX member_tag_keys_member ON member_tag_keys(account_id, organization_id);
INSERT INTO member_tag_keys (organization_id, tag_key, account_id)
    SELECT DISTINCT organization_id, tag_key, account_id FROM member_tags;
