-- 0013_beijing_day.sql: the calendar day of an instant in Beijing time
-- (Asia/Shanghai, UTC+8 all year), written once. Publication ends, repair
-- dates, legal clocks and daily rollups all count in these days. A plain
-- SQL function, so PostgreSQL inlines it and index use is unchanged.
CREATE FUNCTION cn_day(t timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (t AT TIME ZONE 'Asia/Shanghai')::date
$$;
