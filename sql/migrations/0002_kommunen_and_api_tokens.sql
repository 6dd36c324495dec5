-- 0002: the tenants (municipalities) and the API tokens of staff and service accounts.

-- Tenants. Configuration, seeded by `gewerbe tenants import` from a CSV (ags,name,art).
-- A municipality is never deleted (its data and audit trail stay); it is deactivated.
CREATE TABLE kommunen (
    ags        ags_code PRIMARY KEY,
    name       text NOT NULL CHECK (name <> ''),
    art        text NOT NULL CHECK (art <> ''),
    aktiv      boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

REVOKE ALL ON kommunen FROM PUBLIC;
GRANT SELECT ON kommunen TO gewerbe_app, gewerbe_report;
ALTER TABLE kommunen ENABLE ROW LEVEL SECURITY;
CREATE POLICY kommunen_in_scope ON kommunen FOR SELECT TO gewerbe_app, gewerbe_report
    USING (ags = ANY (gewerbe_scope()));

-- Bearer tokens. Only the SHA-256 of the secret is stored (hex); the secret is shown once.
-- A token may span several municipalities, so this configuration table has no single AGS (a
-- reference table when the tenant tables are distributed). Token lookup runs as the owner role;
-- the service role can see a token's metadata (never its hash) when all its municipalities are
-- in scope.
CREATE TABLE api_tokens (
    id           uuid PRIMARY KEY,
    token_hash   char(64) NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    label        text NOT NULL CHECK (label <> ''),
    role         text NOT NULL CHECK (role IN ('sachbearbeitung', 'leitung', 'statistik', 'pruefung', 'intake')),
    kommunen     char(8)[] NOT NULL CHECK (array_to_string(kommunen, ',', '*') ~ '^[0-9]{8}(,[0-9]{8})*$'),
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz,
    revoked_at   timestamptz,
    last_used_at timestamptz
);

REVOKE ALL ON api_tokens FROM PUBLIC;
GRANT SELECT (id, label, role, kommunen, created_at, expires_at, revoked_at, last_used_at)
    ON api_tokens TO gewerbe_app, gewerbe_report;
ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;
CREATE POLICY api_tokens_in_scope ON api_tokens FOR SELECT TO gewerbe_app, gewerbe_report
    USING (kommunen <@ gewerbe_scope());
