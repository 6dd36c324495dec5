-- 0009: the planner's row estimate for the register search function.
--
-- A set-returning function is estimated at 1000 rows unless it says otherwise. The callers
-- (PostgresFallRepository.suche, the register search and the Registerauskunft) join the keys it
-- returns to betriebe under row-level security; with 1000 expected keys PostgreSQL chose a hash
-- join that read every Betrieb of the municipality (13 636 rows, 19.6 ms at 150 000 Betriebe; it
-- grows with the register). The function returns at most one page (p_limit, at most 201), so 20
-- is the honest estimate: the join becomes an index lookup per key (2.9 ms, independent of the
-- register's size). Measured with EXPLAIN ANALYZE, see docs/performance.md section 5.
ALTER FUNCTION gewerbe_register_suche(
    char(8)[], text, text, text, text, text, text, date, date, date, date, text, uuid, integer
) ROWS 20;
