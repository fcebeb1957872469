-- Rollups of the scan log, kept by the scan writer in the same transaction
-- as the scans, so that public pages read a few rows whatever the size of
-- the scan table. enterprise_id 0 holds the whole platform.
CREATE TABLE scan_day (
    day           date    NOT NULL,            -- in Asia/Shanghai
    enterprise_id bigint  NOT NULL,
    verdict       text    NOT NULL,
    scans         bigint  NOT NULL,
    PRIMARY KEY (enterprise_id, day, verdict)
);

CREATE TABLE scan_total (
    enterprise_id bigint PRIMARY KEY,
    scans         bigint NOT NULL,             -- every query, as shown
    codes_scanned bigint NOT NULL              -- codes queried at least once
);

-- Rebuilds both from the scan log and code_stats (here, and after a bulk
-- load that bypassed the scan writer).
CREATE FUNCTION scan_rollups_rebuild() RETURNS void LANGUAGE sql AS $$
    TRUNCATE scan_day, scan_total;
    INSERT INTO scan_day
    SELECT day, coalesce(enterprise_id, 0), verdict, count(*)
    FROM (SELECT (s.at AT TIME ZONE 'Asia/Shanghai')::date AS day,
                 b.enterprise_id, s.verdict
          FROM scan s JOIN batch b ON b.id = s.batch_id) x
    GROUP BY GROUPING SETS ((day, enterprise_id, verdict), (day, verdict));
    INSERT INTO scan_total
    SELECT coalesce(b.enterprise_id, 0), coalesce(sum(cs.count), 0), count(*)
    FROM code_stats cs JOIN batch b ON b.id = cs.batch_id
    GROUP BY GROUPING SETS ((b.enterprise_id), ());
$$;
SELECT scan_rollups_rebuild();
