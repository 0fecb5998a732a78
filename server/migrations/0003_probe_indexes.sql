-- Indexes for per-member filter probes (does this member have a search term
-- in the range, a tag with this key?): equality on organization and member
-- first, so a probe reads only that member's few rows.
DROP INDEX member_search_terms_member;
CREATE INDEX member_search_terms_member ON member_search_terms(organization_id, account_id, term);
CREATE INDEX member_tags_member ON member_tags(organization_id, account_id, tag_key, tag_value);
