-- Sessions expire after a time without use (idle) and after a fixed lifetime
-- (from created_at): last_seen_at records the last use (refreshed at most
-- once a minute). NULL on sessions from before: their created_at stands in.
ALTER TABLE sessions ADD COLUMN last_seen_at BIGINT;
