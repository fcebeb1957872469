-- Verdicts robust to a viewer's own repeats and to floods from one network.
-- count stays the honest number of queries shown to consumers; the rules
-- judge rule_count, which a scan raises only when it is counted: its
-- viewer (a keyed hash of address and browser) is not among the code's
-- last 16 counted viewers, and its network holds fewer than 3 of the last
-- 16 counted scans. recent_* keep counted scans only, so a flood cannot
-- push the history of real buyers out.
ALTER TABLE code_stats
    ADD COLUMN rule_count    integer NOT NULL DEFAULT 1,
    ADD COLUMN recent_viewer text[]  NOT NULL DEFAULT '{}',
    ADD COLUMN last_counted  boolean NOT NULL DEFAULT true;
UPDATE code_stats SET rule_count = count;

-- Whether a scan by viewer from net counts for the rules of a code whose
-- counted history is viewers / nets.
CREATE FUNCTION scan_counts(viewer text, net text, viewers text[], nets text[])
RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT NOT (viewer = ANY (viewers))
       AND (SELECT count(*) FROM unnest(nets) AS n WHERE n = net) < 3
$$;
