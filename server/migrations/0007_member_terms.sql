-- Search terms that carry what a search page needs, so that a search reads
-- one index range and nothing else: the member's sort keys and type (copies
-- of the membership's, kept in step in the same transactions) and the
-- member's previous term in byte order (`prev_term`, '' for the first). A
-- member's terms that start with a prefix q are consecutive in that order, so
-- exactly one of them, the first, has prev_term < q: `term >= q AND term < q_end
-- AND prev_term < q` yields each matching member once, without DISTINCT, and
-- counting or sorting the matches never looks up a membership. `tags` and
-- `group_ids` copy the member's tags ("\nkey\tvalue\n" each) and groups
-- ("\nid\n" each), so a search combined with a tag or group filter is
-- still that one range, without a lookup per match.
CREATE TABLE member_terms (
    organization_id TEXT NOT NULL,
    term TEXT NOT NULL,
    account_id TEXT NOT NULL,
    prev_term TEXT NOT NULL,
    member_type TEXT NOT NULL,
    email TEXT NOT NULL,
    display_name_lower TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_login_at BIGINT,
    tags TEXT NOT NULL,
    group_ids TEXT NOT NULL,
    PRIMARY KEY (organization_id, term, account_id)
) WITHOUT ROWID;

INSERT INTO member_terms (organization_id, term, account_id, prev_term, member_type, email,
                          display_name_lower, created_at, last_login_at, tags, group_ids)
SELECT t.organization_id, t.term, t.account_id,
       COALESCE(LAG(t.term) OVER (PARTITION BY t.organization_id, t.account_id ORDER BY t.term), ''),
       m.member_type, m.email, m.display_name_lower, m.created_at, m.last_login_at,
       char(10) || COALESCE((SELECT group_concat(mt.tag_key || char(9) || mt.tag_value || char(10), '')
                             FROM member_tags mt
                             WHERE mt.account_id = t.account_id AND mt.organization_id = t.organization_id), ''),
       char(10) || COALESCE((SELECT group_concat(mg.group_id || char(10), '')
                             FROM member_groups mg
                             WHERE mg.organization_id = t.organization_id AND mg.account_id = t.account_id), '')
FROM member_search_terms t
JOIN memberships m ON m.organization_id = t.organization_id AND m.account_id = t.account_id;

-- A member's own terms (probes, updates of the copied columns).
CREATE INDEX member_terms_member ON member_terms(account_id, organization_id, term);

DROP TABLE member_search_terms;
