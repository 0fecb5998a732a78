-- Member counts of groups, kept in step with member_groups in the same
-- transactions, so listing the groups of a 100,000-member organization does
-- not count every membership.
ALTER TABLE groups ADD COLUMN member_count BIGINT NOT NULL DEFAULT 0;
UPDATE groups SET member_count = (SELECT COUNT(*) FROM member_groups mg WHERE mg.group_id = groups.id);
