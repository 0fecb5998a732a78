-- Sign-in for real: accounts created by a sign-in ask their person's name
-- once; emailed sign-in codes and links, stored only as hashes.
ALTER TABLE accounts ADD COLUMN name_needed BIGINT NOT NULL DEFAULT 0;  -- 1: ask the name

CREATE TABLE sign_in_codes (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL,                   -- normalized; may have no account yet
    code_hash TEXT NOT NULL,               -- SHA-256 of the 6-digit code, salted with the id
    link_hash TEXT NOT NULL UNIQUE,        -- SHA-256 of the link's token
    device_hash TEXT NOT NULL,             -- SHA-256 of the asking browser's cookie
    tries BIGINT NOT NULL DEFAULT 0,       -- wrong codes typed; 5 locks it
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT                         -- signed in (by code or link), or replaced
);
CREATE INDEX sign_in_codes_email ON sign_in_codes(email, created_at);
