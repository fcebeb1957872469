-- Codes scanned that no binding covers, kept beside codes_scanned so that
-- an enterprise's profile and rating read one row instead of joining
-- every scanned code with the bindings. The scan writer adds a code on its
-- first scan when no binding covers it; adding a binding subtracts the
-- scanned codes it covers. Both lock the batch row first (the writer FOR
-- KEY SHARE, a binding FOR UPDATE), so that one of them always sees the
-- other's rows and no code is counted twice or missed.
ALTER TABLE scan_total ADD COLUMN codes_unbound bigint NOT NULL DEFAULT 0;

-- Whether a binding covers code idx of batch b: ranges of a batch never
-- overlap, so only the last range starting at or before idx can.
CREATE FUNCTION code_bound(b integer, i integer) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce((SELECT x.end_idx > i FROM binding x
                     WHERE x.batch_id = b AND x.first_idx <= i
                     ORDER BY x.first_idx DESC LIMIT 1), false)
$$;

-- Alerts of the last 12 months, per enterprise, without reading them all.
CREATE INDEX alert_enterprise_created ON alert (enterprise_id, created_at);

CREATE OR REPLACE FUNCTION scan_rollups_rebuild() RETURNS void LANGUAGE sql AS $$
    TRUNCATE scan_day, scan_total;
    INSERT INTO scan_day
    SELECT day, coalesce(enterprise_id, 0), verdict, count(*)
    FROM (SELECT (s.at AT TIME ZONE 'Asia/Shanghai')::date AS day,
                 b.enterprise_id, s.verdict
          FROM scan s JOIN batch b ON b.id = s.batch_id) x
    GROUP BY GROUPING SETS ((day, enterprise_id, verdict), (day, verdict));
    INSERT INTO scan_total
    SELECT coalesce(b.enterprise_id, 0), coalesce(sum(cs.count), 0), count(*),
           count(*) FILTER (WHERE NOT code_bound(cs.batch_id, cs.idx))
    FROM code_stats cs JOIN batch b ON b.id = cs.batch_id
    GROUP BY GROUPING SETS ((b.enterprise_id), ());
$$;
SELECT scan_rollups_rebuild();
