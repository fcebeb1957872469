-- scan_counts() as one expression of built-in array functions (no
-- subquery), so that PostgreSQL inlines it into the scan writer's upsert,
-- which evaluates it for each column it guards.
CREATE OR REPLACE FUNCTION scan_counts(viewer text, net text, viewers text[], nets text[])
RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT NOT (viewer = ANY (viewers))
       AND coalesce(cardinality(array_positions(nets, net)), 0) < 3
$$;
