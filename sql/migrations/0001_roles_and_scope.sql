-- 0001: roles, the AGS type and the per-transaction tenant scope that row-level security reads.
--
-- Roles are cluster-wide; several databases of one cluster (the test suite's many databases,
-- staging next to production) share them. So they are created only when missing, tolerating a
-- concurrent creator, and this migration also works on an external server where a DBA created
-- them beforehand. The names are fixed:
--   gewerbe_app     the HTTP service. NOLOGIN: the service connects with its login role and enters
--                   this role per transaction (SET LOCAL ROLE). Owns nothing, so row-level
--                   security always applies to it.
--   gewerbe_report  the auditors' report CLI: reads tenant data in scope, appends audit events,
--                   writes nothing else. Also subject to row-level security.
-- The login role that runs the migrations owns every table ("owner role"). It must be a member of
-- both roles to SET ROLE to them; this migration grants that when it is not a superuser.
DO $$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['gewerbe_app', 'gewerbe_report'] LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = role_name) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS', role_name);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL; -- created at the same moment by a migration of another database
            END;
        END IF;
        IF NOT (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user)
            AND NOT pg_catalog.pg_has_role(current_user, role_name, 'MEMBER') THEN
            EXECUTE format('GRANT %I TO %I', role_name, current_user);
        END IF;
    END LOOP;
END
$$;

GRANT USAGE ON SCHEMA public TO gewerbe_app, gewerbe_report;

-- The Amtlicher Gemeindeschluessel: exactly 8 digits. Every tenant row carries one.
CREATE DOMAIN ags_code AS char(8) CHECK (VALUE ~ '^[0-9]{8}$');

-- The municipalities (AGS) the current transaction may see. Database.withTransaction(tenant:role:)
-- sets them with set_config('gewerbe.kommunen', '06636001,06636002', true) (transaction-local).
-- Unset or empty: the empty array, so row-level security shows nothing.
CREATE FUNCTION gewerbe_scope() RETURNS char(8)[]
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
        SELECT coalesce(
            string_to_array(nullif(current_setting('gewerbe.kommunen', true), ''), ',')::char(8)[],
            '{}'::char(8)[])
    $$;

-- The standard tenancy of a table with a column `ags`: row-level security on, and one policy that
-- lets gewerbe_app and gewerbe_report see and write only rows of the transaction's municipalities.
-- Later migrations call it for every tenant table: CALL gewerbe_enable_tenancy('anzeigen');
-- (Privileges stay per table: GRANT what each role needs.)
CREATE PROCEDURE gewerbe_enable_tenancy(tbl regclass)
    LANGUAGE plpgsql
    AS $$
    BEGIN
        EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
        EXECUTE format(
            'CREATE POLICY tenant_scope ON %s TO gewerbe_app, gewerbe_report '
            'USING (ags = ANY (gewerbe_scope())) WITH CHECK (ags = ANY (gewerbe_scope()))', tbl);
    END
    $$;
