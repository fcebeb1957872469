-- Rules and doors between the modules, written once.

-- Data quality (trace): declared lines with more codes bound than they
-- declare, or bound although their declaration was deleted (appType 3).
-- The rating counts them and the quality report lists them.
CREATE FUNCTION overbound_lines(ent bigint)
RETURNS TABLE (inventory text, gnum integer, qty bigint, bound bigint,
               deleted boolean)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(d.invt_no, d.business_key), l.gnum, floor(l.qty)::bigint,
           sum(b.end_idx - b.first_idx)::bigint, d.deleted
    FROM binding b
    JOIN declaration d ON d.id = b.declaration_id
    JOIN declaration_line l ON l.declaration_id = d.id AND l.gnum = b.gnum
    WHERE d.enterprise_id = ent
    GROUP BY d.id, l.gnum, l.qty, d.deleted
    HAVING sum(b.end_idx - b.first_idx) > floor(l.qty) OR d.deleted
$$;

-- The door from disclosure to the scan path: an enterprise's public facts
-- (its names, codes, customs class, its rating) changed. The payload is the
-- enterprise id, so that a listener drops only what shows that enterprise;
-- until now these tables announced themselves on trace's own channel and
-- every rating recomputed emptied the whole scan cache.
CREATE FUNCTION notify_enterprise_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    IF TG_TABLE_NAME = 'enterprise' THEN
        PERFORM pg_notify('bt_enterprise', r.id::text);
    ELSE
        PERFORM pg_notify('bt_enterprise', r.enterprise_id::text);
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER enterprise_changed ON enterprise;
CREATE TRIGGER enterprise_changed AFTER INSERT OR UPDATE OR DELETE ON enterprise
    FOR EACH ROW EXECUTE FUNCTION notify_enterprise_change();
DROP TRIGGER rating_changed ON rating;
CREATE TRIGGER rating_changed AFTER INSERT OR UPDATE OR DELETE ON rating
    FOR EACH ROW EXECUTE FUNCTION notify_enterprise_change();
