-- 0003: the audit trail. Append-only and hash-chained, one chain per municipality (ags) plus the
-- global chain '00000000' for events that belong to no municipality (token administration).
--
-- Each event stores the hash of its predecessor in the same chain (prev_hash; the first event of a
-- chain has 64 zeros) and its own hash = sha256 of its canonical text (see audit_canonical_text).
-- Editing an event breaks its hash, deleting one leaves a gap in seq (1, 2, 3, ... per chain),
-- deleting the newest ones disagrees with audit_chain_heads. `gewerbe audit verify` recomputes
-- everything independently (GewerbePostgres.AuditVerifier).
--
-- One chain per municipality keeps the tables distributable by ags and lets municipalities write
-- in parallel: appending locks only the head row of its own chain, until commit.

CREATE TABLE audit_events (
    ags            ags_code NOT NULL,
    seq            bigint NOT NULL CHECK (seq > 0),
    id             uuid NOT NULL DEFAULT gen_random_uuid(),
    occurred_at    timestamptz NOT NULL,
    actor_token_id uuid,
    actor_label    text NOT NULL CHECK (actor_label <> ''),
    actor_role     text,
    action         text NOT NULL CHECK (action ~ '^[a-z0-9_]+(\.[a-z0-9_]+)+$'),
    object_type    text,
    object_id      text,
    details        jsonb NOT NULL DEFAULT '{}'::jsonb,
    prev_hash      char(64) NOT NULL,
    hash           char(64) NOT NULL,
    PRIMARY KEY (ags, seq),
    UNIQUE (ags, id)
);

CREATE INDEX audit_events_object ON audit_events (ags, object_type, object_id);

-- The newest event of each chain. Only the chain trigger (SECURITY DEFINER) touches it; its row
-- lock serializes appends to one chain.
CREATE TABLE audit_chain_heads (
    ags  ags_code PRIMARY KEY,
    seq  bigint NOT NULL,
    hash char(64) NOT NULL
);

REVOKE ALL ON audit_chain_heads FROM PUBLIC;

-- One field of the canonical text: name=-\n for NULL, name=<length in UTF-8 bytes>:<value>\n
-- otherwise. The length prefix makes the text unambiguous whatever the values contain.
CREATE FUNCTION audit_canonical_field(name text, value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
        SELECT name || CASE WHEN value IS NULL THEN '=-' ELSE '=' || octet_length(value) || ':' || value END || E'\n'
    $$;

-- The canonical text of an event, version 1 (documented for auditors in AuditVerifier.swift):
-- the line "gewerbe-audit-v1", then these fields in this order. hash = lowercase hex of
-- sha256(convert_to(canonical text, 'UTF8')).
CREATE FUNCTION audit_canonical_text(e audit_events) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
        SELECT 'gewerbe-audit-v1' || E'\n'
            || audit_canonical_field('ags', e.ags::text)
            || audit_canonical_field('seq', e.seq::text)
            || audit_canonical_field('id', e.id::text)
            || audit_canonical_field('occurred_at',
                   to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
            || audit_canonical_field('actor_token_id', e.actor_token_id::text)
            || audit_canonical_field('actor_label', e.actor_label)
            || audit_canonical_field('actor_role', e.actor_role)
            || audit_canonical_field('action', e.action)
            || audit_canonical_field('object_type', e.object_type)
            || audit_canonical_field('object_id', e.object_id)
            || audit_canonical_field('details', e.details::text)
            || audit_canonical_field('prev_hash', e.prev_hash::text)
    $$;

-- Links a new event into its chain: takes the chain head's row lock (held until commit, so
-- concurrent appends to one chain queue up and commit in seq order), sets seq, occurred_at,
-- prev_hash and hash, and moves the head. Whatever the inserter wrote into those columns is replaced.
CREATE FUNCTION audit_events_link() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
    DECLARE
        head audit_chain_heads%ROWTYPE;
    BEGIN
        SELECT * INTO head FROM audit_chain_heads WHERE ags = NEW.ags FOR UPDATE;
        IF NOT FOUND THEN
            INSERT INTO audit_chain_heads (ags, seq, hash) VALUES (NEW.ags, 0, repeat('0', 64))
                ON CONFLICT (ags) DO NOTHING;
            SELECT * INTO head FROM audit_chain_heads WHERE ags = NEW.ags FOR UPDATE;
        END IF;
        NEW.seq := head.seq + 1;
        NEW.occurred_at := clock_timestamp();
        NEW.prev_hash := head.hash;
        NEW.hash := encode(sha256(convert_to(audit_canonical_text(NEW), 'UTF8')), 'hex');
        UPDATE audit_chain_heads SET seq = NEW.seq, hash = NEW.hash WHERE ags = NEW.ags;
        RETURN NEW;
    END
    $$;

CREATE TRIGGER audit_events_link BEFORE INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_link();

-- Append-only, for everyone including the owner (who can still disable the trigger: that is the
-- tampering the hash chain makes visible).
CREATE FUNCTION audit_events_append_only() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END
    $$;

CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

-- The service and report roles may append (only the descriptive columns; the trigger fills the
-- rest) and read, within their municipalities. No UPDATE, DELETE or TRUNCATE for anyone but the owner.
REVOKE ALL ON audit_events FROM PUBLIC;
GRANT SELECT ON audit_events TO gewerbe_app, gewerbe_report;
GRANT INSERT (id, ags, actor_token_id, actor_label, actor_role, action, object_type, object_id, details)
    ON audit_events TO gewerbe_app, gewerbe_report;
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY audit_events_read ON audit_events FOR SELECT TO gewerbe_app, gewerbe_report
    USING (ags = ANY (gewerbe_scope()));
CREATE POLICY audit_events_append ON audit_events FOR INSERT TO gewerbe_app, gewerbe_report
    WITH CHECK (ags = ANY (gewerbe_scope()));
