-- 0018_complaint_tally.sql: daily tallies of complaints and reports, per
-- enterprise and for the platform (enterprise_id 0), kept as cases are
-- received and closed (complaints/credit.c), so that the public profile's
-- category 6 and the statistics page read at most a year of days instead
-- of every case. Closures carry their frozen outcome: the result, whether
-- upheld, whether the case had an enterprise window and was answered in
-- it; the working days cases took are kept as a histogram by month. Each
-- count is split over 16 shards (by case id) so that concurrent filings
-- do not queue on one row; readers sum them.
CREATE TABLE cmpl_tally (
    day           date NOT NULL,
    enterprise_id bigint NOT NULL,
    kind          text NOT NULL,
    category      text NOT NULL,
    result        text NOT NULL,   -- '' for receipts; the outcome for closures
    shard         smallint NOT NULL DEFAULT 0,
    received      integer NOT NULL DEFAULT 0,
    closed        integer NOT NULL DEFAULT 0,
    upheld        integer NOT NULL DEFAULT 0,
    window_cases  integer NOT NULL DEFAULT 0,
    in_window     integer NOT NULL DEFAULT 0,
    PRIMARY KEY (enterprise_id, day, kind, category, result, shard)
);
CREATE TABLE cmpl_tally_days (
    month         date NOT NULL,
    enterprise_id bigint NOT NULL,
    kind          text NOT NULL,
    working_days  integer NOT NULL,
    shard         smallint NOT NULL DEFAULT 0,
    cases         integer NOT NULL,
    PRIMARY KEY (enterprise_id, month, kind, working_days, shard)
);
-- An enterprise's open cases, for the profile's count.
CREATE INDEX cmpl_case_enterprise_open ON cmpl_case (enterprise_id)
    WHERE state <> 'closed';

-- What exists already.
INSERT INTO cmpl_tally (day, enterprise_id, kind, category, result, received)
SELECT cn_day(c.received_at), v.e, c.kind, c.category, '', count(*)
FROM cmpl_case c, LATERAL (SELECT DISTINCT e FROM (VALUES (0::bigint),
    (coalesce(c.enterprise_id, 0))) x(e)) v
GROUP BY 1, 2, 3, 4;
INSERT INTO cmpl_tally (day, enterprise_id, kind, category, result, closed,
                        upheld, window_cases, in_window)
SELECT cn_day(c.closed_at), v.e, c.kind, c.category, c.outcome->>'result',
       count(*), count(*) FILTER (WHERE (c.outcome->>'upheld')::boolean),
       count(*) FILTER (WHERE c.outcome->>'enterprise_window' IN ('met', 'breached')),
       count(*) FILTER (WHERE (c.outcome->>'answered_in_window')::boolean)
FROM cmpl_case c, LATERAL (SELECT DISTINCT e FROM (VALUES (0::bigint),
    (coalesce(c.enterprise_id, 0))) x(e)) v
WHERE c.state = 'closed' AND c.outcome IS NOT NULL
GROUP BY 1, 2, 3, 4, 5;
INSERT INTO cmpl_tally_days (month, enterprise_id, kind, working_days, cases)
SELECT date_trunc('month', cn_day(c.closed_at))::date, v.e, c.kind,
       (c.outcome->>'working_days')::int, count(*)
FROM cmpl_case c, LATERAL (SELECT DISTINCT e FROM (VALUES (0::bigint),
    (coalesce(c.enterprise_id, 0))) x(e)) v
WHERE c.state = 'closed' AND c.outcome->>'working_days' IS NOT NULL
GROUP BY 1, 2, 3, 4;
