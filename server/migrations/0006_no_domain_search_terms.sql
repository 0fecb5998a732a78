-- Search no longer matches the email's domain (every member of a company
-- shares it, so its first letter matched the whole organization).
DELETE FROM member_search_terms
WHERE EXISTS (
    SELECT 1 FROM memberships m
    WHERE m.organization_id = member_search_terms.organization_id
      AND m.account_id = member_search_terms.account_id
      AND m.email LIKE '%@' || member_search_terms.term
);
