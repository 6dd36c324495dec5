-- 0006: the register search (name, person, address, WZ, status, dates; keyset order) and its
-- trigram indexes.
--
-- Why a function: row-level security lets the planner use an index for a condition only when the
-- condition's operator is LEAKPROOF (it must not see rows of other tenants first). LIKE and the
-- array operators are not, so under gewerbe_app a substring search could never use the trigram or
-- GIN indexes and would scan every Betrieb. gewerbe_register_suche runs as the owner (SECURITY
-- DEFINER, so without row-level security) and applies the tenant wall itself: it only ever looks at
-- municipalities that are both asked for and in gewerbe_scope(), the scope of the calling
-- transaction. It returns keys only; the caller reads the rows again through row-level security.
--
-- The query is assembled from fixed fragments for the criteria given, and every value is passed
-- with USING, so that PostgreSQL plans it with the actual values. It runs once per municipality
-- (an equality on ags, so that the register index gives the rows in keyset order) and merges.
--
-- Text criteria are patterns for LIKE over the folded search columns (the caller folds and escapes
-- them, e.g. '%muller%'); p_wz is a WZ prefix without dots ('4776').
CREATE FUNCTION gewerbe_register_suche(
    p_kommunen          char(8)[],
    p_name              text,
    p_person            text,
    p_name_oder_person  text,
    p_anschrift         text,
    p_wz                text,
    p_status            text,
    p_beginn_von        date,
    p_beginn_bis        date,
    p_ende_von          date,
    p_ende_bis          date,
    p_nach_sortname     text,
    p_nach_id           uuid,
    p_limit             integer
) RETURNS TABLE (ags char(8), id uuid)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
    DECLARE
        kommunen    char(8)[];
        bedingungen text := 'b.status IS NOT NULL';
    BEGIN
        SELECT array_agg(DISTINCT k ORDER BY k) INTO kommunen
            FROM unnest(p_kommunen) AS k WHERE k = ANY (gewerbe_scope());
        IF kommunen IS NULL OR p_limit IS NULL OR p_limit < 1 THEN
            RETURN;
        END IF;
        IF p_name IS NOT NULL THEN
            bedingungen := bedingungen || ' AND b.such_name LIKE $3';
        END IF;
        IF p_person IS NOT NULL THEN
            bedingungen := bedingungen || ' AND b.such_personen LIKE $4';
        END IF;
        IF p_name_oder_person IS NOT NULL THEN
            bedingungen := bedingungen || ' AND (b.such_name LIKE $5 OR b.such_personen LIKE $5)';
        END IF;
        IF p_anschrift IS NOT NULL THEN
            bedingungen := bedingungen || ' AND b.such_anschrift LIKE $6';
        END IF;
        IF p_wz IS NOT NULL THEN
            bedingungen := bedingungen || ' AND b.wz_praefixe @> ARRAY[$7]';
        END IF;
        IF p_status IS NOT NULL THEN
            bedingungen := bedingungen || ' AND b.status = $8';
        END IF;
        IF p_beginn_von IS NOT NULL THEN
            bedingungen := bedingungen || ' AND b.beginn >= $9';
        END IF;
        IF p_beginn_bis IS NOT NULL THEN
            bedingungen := bedingungen || ' AND b.beginn <= $10';
        END IF;
        IF p_ende_von IS NOT NULL THEN
            bedingungen := bedingungen || ' AND b.ende >= $11';
        END IF;
        IF p_ende_bis IS NOT NULL THEN
            bedingungen := bedingungen || ' AND b.ende <= $12';
        END IF;
        IF p_nach_sortname IS NOT NULL THEN
            bedingungen := bedingungen || ' AND (b.sortname, b.id) > ($13, $14)';
        END IF;
        IF cardinality(kommunen) = 1 THEN
            -- One municipality: planned with its AGS as a constant (municipalities differ in size).
            RETURN QUERY EXECUTE
                'SELECT b.ags::char(8), b.id FROM betriebe b WHERE b.ags = $2 AND ' || bedingungen
                || ' ORDER BY b.sortname, b.id LIMIT $15'
                USING kommunen, kommunen[1], p_name, p_person, p_name_oder_person, p_anschrift, p_wz, p_status,
                    p_beginn_von, p_beginn_bis, p_ende_von, p_ende_bis, p_nach_sortname, p_nach_id, p_limit;
            RETURN;
        END IF;
        -- Several: one ordered, limited query per municipality (LATERAL), merged. Each can walk its
        -- municipality's part of betriebe_register in order or use a trigram index; a single
        -- query over all of them could only sort every match.
        RETURN QUERY EXECUTE
            'SELECT t.ags, t.id FROM unnest($1) AS k (ags), LATERAL ('
            || 'SELECT b.ags::char(8) AS ags, b.id, b.sortname FROM betriebe b WHERE b.ags = k.ags AND ' || bedingungen
            || ' ORDER BY b.sortname, b.id LIMIT $15) AS t ORDER BY t.sortname, t.id LIMIT $15'
            USING kommunen, kommunen[1], p_name, p_person, p_name_oder_person, p_anschrift, p_wz, p_status,
                p_beginn_von, p_beginn_bis, p_ende_von, p_ende_bis, p_nach_sortname, p_nach_id, p_limit;
    END
    $$;

REVOKE ALL ON FUNCTION gewerbe_register_suche(char(8)[], text, text, text, text, text, text, date, date, date,
    date, text, uuid, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION gewerbe_register_suche(char(8)[], text, text, text, text, text, text, date, date,
    date, date, text, uuid, integer) TO gewerbe_app, gewerbe_report;

-- Trigram indexes for the substring search, when the extension pg_trgm can be had (it ships with
-- PostgreSQL's contrib package and is a trusted extension since PostgreSQL 13, so a database owner
-- may create it). With btree_gin (same package) each index also holds the AGS, so that a search
-- reads only its municipality's entries. Without pg_trgm the search still works, scanning the
-- municipality's Betriebe in register order. To add the indexes later, create the extensions and
-- the indexes as below.
--
-- fastupdate is off: with the pending list, an occasional insert pays for merging it (hundreds of
-- milliseconds), which would show in the write path's p99; without it every insert updates the
-- index directly (a predictable fraction of a millisecond).
DO $$
DECLARE
    erweiterung text;
    spalte text;
    mit_ags boolean;
BEGIN
    FOREACH erweiterung IN ARRAY ARRAY['pg_trgm', 'btree_gin'] LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = erweiterung)
            AND EXISTS (SELECT FROM pg_catalog.pg_available_extensions WHERE name = erweiterung) THEN
            BEGIN
                EXECUTE format('CREATE EXTENSION %I', erweiterung);
            EXCEPTION WHEN insufficient_privilege OR undefined_file OR feature_not_supported THEN
                RAISE WARNING '% could not be created (%)', erweiterung, SQLERRM;
            END;
        END IF;
    END LOOP;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'pg_trgm') THEN
        RAISE WARNING 'pg_trgm is not available: the register search works without trigram indexes, but scans';
        RETURN;
    END IF;
    mit_ags := EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'btree_gin');
    FOREACH spalte IN ARRAY ARRAY['such_name', 'such_personen', 'such_anschrift'] LOOP
        EXECUTE format(
            'CREATE INDEX %I ON betriebe USING gin (%s%I gin_trgm_ops) WITH (fastupdate = off) WHERE status IS NOT NULL',
            'betriebe_' || spalte, CASE WHEN mit_ags THEN 'ags, ' ELSE '' END, spalte);
    END LOOP;
END
$$;
