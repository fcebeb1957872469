-- 0011_disclosure_rules.sql: two rules of the disclosure module written
-- once, so that every statement that needs them says the same. Both are
-- plain SQL functions that PostgreSQL inlines into the statements using
-- them, so the plans stay those of the expressions they replace.

-- Penalty p is public on day d (in Asia/Shanghai): decided by then, its
-- publication not yet at its end, and not ended early by an approved
-- repair.
CREATE FUNCTION penalty_public_on(p penalty, d date) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT p.decided_on <= d AND p.publish_until > d
       AND (p.repaired_on IS NULL OR p.repaired_on > d)
$$;

-- The current rating of an enterprise: its latest computation (a rating
-- row is kept for every computation that changed it); no row if it was
-- never rated. One entry of the rating_enterprise index.
CREATE FUNCTION current_rating(enterprise bigint) RETURNS SETOF rating
LANGUAGE sql STABLE PARALLEL SAFE ROWS 1 AS $$
    SELECT * FROM rating r WHERE r.enterprise_id = enterprise
    ORDER BY r.id DESC LIMIT 1
$$;
