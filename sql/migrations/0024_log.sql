-- The public log of regulatory facts: an append-only RFC 6962 Merkle tree
-- served in the C2SP formats (docs/log.md). Each fact's table has a
-- deferred trigger that writes the fact's entry to log_queue in the fact's
-- own transaction, so a fact that rolls back leaves no entry. One
-- sequencer at a time (tlog/sequencer.c, holding the head's row lock)
-- moves committed entries from the queue into the tree, giving them
-- indexes in the order it finds them committed, with no gaps, and storing
-- the hash of every complete subtree they complete, so any proof is a few
-- index reads.

CREATE TABLE log_head (
    one    boolean PRIMARY KEY DEFAULT true CHECK (one),
    size   bigint NOT NULL CHECK (size >= 0),
    -- the log's name in its checkpoints, fixed by the first one signed
    origin text CHECK (length(origin) BETWEEN 1 AND 255)
);
INSERT INTO log_head (size) VALUES (0);

CREATE TABLE log_entry (
    idx  bigint PRIMARY KEY CHECK (idx >= 0),
    kind text NOT NULL,
    ref  bigint,                 -- the id of the record in its own table
    enterprise bigint,           -- the enterprise the fact is about, if one
    body text NOT NULL CHECK (octet_length(body) BETWEEN 2 AND 65535),
    at   timestamptz NOT NULL
);
CREATE INDEX log_entry_ref ON log_entry (kind, ref, idx);
-- "The enterprise's latest rating" (the profile's link): only the kinds
-- found by enterprise, so that a declaration's entry costs no second index.
CREATE INDEX log_entry_enterprise ON log_entry (enterprise, kind, idx)
    WHERE kind IN ('rating', 'customs_class');

-- Entries of committed facts waiting for the sequencer, in the order they
-- were written (seq): the sequencer writes each entry's canonical text
-- from these columns; salt as for log_salt.
CREATE TABLE log_queue (
    seq   bigserial PRIMARY KEY,
    kind  text NOT NULL,
    ref   bigint,
    enterprise bigint,
    actor text NOT NULL,
    -- the entry stays under 64 KiB with its other fields
    fact  jsonb NOT NULL CHECK (octet_length(fact::text) <= 65000),
    salt  bytea,
    at    timestamptz NOT NULL
);

-- The hash of the complete subtree of 2^level leaves starting at leaf
-- idx * 2^level: level 0 holds the leaf hashes.
CREATE TABLE log_hash (
    level smallint NOT NULL CHECK (level BETWEEN 0 AND 63),
    idx   bigint NOT NULL CHECK (idx >= 0),
    hash  bytea NOT NULL CHECK (octet_length(hash) = 32),
    PRIMARY KEY (level, idx)
);

-- The salts of the commitments to personal data in entries; never served.
CREATE TABLE log_salt (
    idx  bigint PRIMARY KEY REFERENCES log_entry (idx),
    salt bytea NOT NULL
);

-- Signed checkpoints, our signature only; cosignatures beside them.
CREATE TABLE log_checkpoint (
    size      bigint PRIMARY KEY,
    root      bytea NOT NULL CHECK (octet_length(root) = 32),
    note      text NOT NULL,
    signed_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE log_cosignature (
    size      bigint NOT NULL REFERENCES log_checkpoint (size),
    witness   text NOT NULL,       -- the witness key's name
    line      text NOT NULL,       -- its signature line
    signed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (size, witness)
);

-- JSON with object keys sorted by code point and no insignificant
-- whitespace; strings and numbers as PostgreSQL writes them (UTF-8, only
-- the escapes JSON requires).
CREATE FUNCTION log_canonical(v jsonb) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    out text;
BEGIN
    -- Only containers recurse: a scalar's text is already compact JSON.
    CASE jsonb_typeof(v)
    WHEN 'object' THEN
        SELECT '{' || coalesce(string_agg(to_jsonb(e.key)::text || ':' ||
                   CASE WHEN jsonb_typeof(e.value) IN ('object', 'array')
                        THEN log_canonical(e.value) ELSE e.value::text END,
                   ',' ORDER BY e.key COLLATE "C"), '') || '}'
          INTO out FROM jsonb_each(v) e;
    WHEN 'array' THEN
        SELECT '[' || coalesce(string_agg(
                   CASE WHEN jsonb_typeof(a.e) IN ('object', 'array')
                        THEN log_canonical(a.e) ELSE a.e::text END,
                   ',' ORDER BY a.o), '') || ']'
          INTO out FROM jsonb_array_elements(v) WITH ORDINALITY a(e, o);
    ELSE
        out := v::text;
    END CASE;
    RETURN out;
END $$;

-- A salted commitment to personal data: the hex SHA-256 of salt || data.
-- The salt goes to log_salt with the entry, so the data can be shown to be
-- the committed one later without it ever being public.
CREATE FUNCTION log_commit_to(data jsonb, salt bytea) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(salt || convert_to(coalesce(log_canonical(data), 'null'), 'UTF8')), 'hex')
$$;

CREATE FUNCTION log_new_salt() RETURNS bytea LANGUAGE sql VOLATILE AS $$
    SELECT decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex')
$$;

-- Queues one entry, {"actor", "at", "fact", "id", "kind"} once the
-- sequencer writes it. The actor is the kind of principal (consumer,
-- enterprise, regulator, insurer, admin, operator, system), never a person.
-- The fact's own transaction does no more: the sequencer writes the
-- canonical text, and tells the portal's caches the enterprise changed (a
-- NOTIFY here would serialise every fact's commit on the notification
-- queue's lock). Returns the entry's place in the queue.
CREATE FUNCTION log_append(p_kind text, p_ref bigint, p_actor text,
                           p_fact jsonb, p_salt bytea DEFAULT NULL)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    -- (PL/pgSQL keeps the insert's plan for the session, where an SQL
    -- function would plan it at every fact.)
    s bigint;
BEGIN
    INSERT INTO log_queue (kind, ref, enterprise, actor, fact, salt, at)
    VALUES (p_kind, p_ref,
            CASE WHEN jsonb_typeof(p_fact -> 'enterprise') = 'number'
                 THEN (p_fact ->> 'enterprise')::bigint END,
            p_actor, p_fact, p_salt, now())
    RETURNING seq INTO s;
    RETURN s;
END $$;

CREATE FUNCTION log_actor() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('bondtrace.actor', true), ''), 'system')
$$;

-- What a row of a fact's table says in the log (j is the row as JSON),
-- and its entry appended. Texts are public facts; buyer, complainant and
-- claimant data never appear, and an event's free-form data only as a
-- salted commitment.
CREATE FUNCTION log_row(tbl text, j jsonb) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    kind  text := tbl;
    ref   bigint := (j ->> 'id')::bigint;
    actor text := log_actor();
    fact  jsonb;
    salt  bytea;
BEGIN
    CASE tbl
    WHEN 'binding' THEN
        fact := jsonb_build_object(
            'batch', j -> 'batch_id',
            'first', j -> 'first_idx',
            'end', j -> 'end_idx',
            'declaration', j -> 'declaration_id',
            'item', j -> 'gnum',
            'lot', j -> 'lot');
    WHEN 'status_range' THEN
        actor := j ->> 'set_by_role';
        fact := jsonb_build_object(
            'batch', j -> 'batch_id',
            'first', j -> 'first_idx',
            'end', j -> 'end_idx',
            'status', j -> 'status',
            'reason', j -> 'reason',
            'reason_en', j -> 'reason_en',
            'effective_at', j -> 'effective_at');
    WHEN 'inspection' THEN
        fact := jsonb_build_object(
            'enterprise', j -> 'enterprise_id',
            'product', j -> 'product_id',
            'lot', j -> 'lot',
            'lab', j -> 'lab',
            'report', j -> 'report_no',
            'tested_on', j -> 'tested_on',
            'items', j -> 'items',
            'passed', j -> 'passed');
    WHEN 'penalty' THEN
        fact := jsonb_build_object(
            'enterprise', j -> 'enterprise_id',
            'decision', j -> 'decision_no',
            'violation', j -> 'violation',
            'legal_basis', j -> 'legal_basis',
            'penalty', j -> 'penalty',
            'amount_fen', j -> 'amount_fen',
            'decided_on', j -> 'decided_on',
            'authority', j -> 'authority',
            'severity', j -> 'severity',
            'publish_until', j -> 'publish_until',
            'repaired_on', j -> 'repaired_on',
            'withdrawn_on', j -> 'withdrawn_on');
    WHEN 'penalty_revision' THEN
        fact := jsonb_build_object(
            'penalty', j -> 'penalty_id',
            'type', j -> 'kind',
            'before', j -> 'before',
            'after', j -> 'after',
            'reason', j -> 'reason',
            'decided_on', j -> 'decided_on');
    WHEN 'repair' THEN
        fact := jsonb_build_object(
            'penalty', j -> 'penalty_id',
            'enterprise', j -> 'enterprise_id',
            'status', j -> 'status',
            'applied_on', j -> 'applied_on',
            'decided_on', j -> 'decided_on',
            'reason', j -> 'reason');
    WHEN 'rating' THEN
        fact := jsonb_build_object(
            'enterprise', j -> 'enterprise_id',
            'rules', j -> 'rules_version',
            'score', j -> 'score',
            'grade', j -> 'grade',
            'computed_at', j -> 'computed_at');
    WHEN 'rating_rules' THEN
        ref := (j ->> 'version')::bigint;
        fact := jsonb_build_object(
            'version', j -> 'version',
            'note', j -> 'note',
            'active', j -> 'active') || jsonb_build_object('body_sha256',
            encode(sha256(convert_to(log_canonical(j -> 'body'), 'UTF8')), 'hex'));
    WHEN 'draw' THEN
        fact := jsonb_build_object(
            'title', j -> 'title',
            'title_en', j -> 'title_en',
            'seed', j -> 'seed',
            'population', j -> 'population',
            'run_at', j -> 'run_at',
            'selection', j -> 'selection');
    WHEN 'commitment' THEN
        fact := jsonb_build_object(
            'enterprise', j -> 'enterprise_id',
            'since', j -> 'since',
            'broken_on', j -> 'broken_on',
            'broken_reason', j -> 'broken_reason');
    WHEN 'commendation' THEN
        fact := jsonb_build_object(
            'enterprise', j -> 'enterprise_id',
            'title', j -> 'title_zh',
            'authority', j -> 'authority',
            'decided_on', j -> 'decided_on');
    WHEN 'objection' THEN
        fact := jsonb_build_object(
            'enterprise', j -> 'enterprise_id',
            'subject', j -> 'subject',
            'subject_id', j -> 'subject_id',
            'status', j -> 'status',
            'answered_at', j -> 'answered_at');
    WHEN 'enterprise' THEN
        kind := 'customs_class';
        fact := jsonb_build_object(
            'enterprise', j -> 'id',
            'class', j -> 'customs_class');
    WHEN 'cmpl_event' THEN
        kind := 'complaint_event';
        actor := j ->> 'actor_kind';
        salt := log_new_salt();
        fact := jsonb_build_object(
            'case', j -> 'case_id',
            'event', j -> 'kind',
            'at', j -> 'at')
            || jsonb_build_object('data_commitment', log_commit_to(j -> 'data', salt));
    WHEN 'ins_event' THEN
        kind := 'claim_event';
        actor := j ->> 'actor_kind';
        salt := log_new_salt();
        fact := jsonb_build_object(
            'claim', j -> 'claim_id',
            'event', j -> 'kind',
            'at', j -> 'at')
            || jsonb_build_object('data_commitment', log_commit_to(j -> 'data', salt));
    END CASE;
    RETURN log_append(kind, ref, actor, fact, salt);
END $$;

CREATE FUNCTION log_fact() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM log_row(TG_TABLE_NAME, to_jsonb(NEW));
    RETURN NULL;
END $$;

-- Declarations, the one fact that arrives by the thousand a second, read
-- their fields from the row itself rather than through the row as JSON
-- (whose message head alone is larger than the entry).
CREATE FUNCTION log_declaration_of(d declaration) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'enterprise', d.enterprise_id,
        'message', d.message_guid,
        'type', d.kind,
        'inventory', d.invt_no,
        'customs', d.customs_code,
        'port', d.port_code,
        'currency', d.currency,
        'value_fen', d.goods_value_fen,
        'deleted', d.deleted)
$$;

CREATE FUNCTION log_declaration_fact() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM log_append('declaration', NEW.id, log_actor(),
                       log_declaration_of(NEW));
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER log_declaration AFTER INSERT OR UPDATE ON declaration
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    EXECUTE FUNCTION log_declaration_fact();
CREATE CONSTRAINT TRIGGER log_binding AFTER INSERT ON binding
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION log_fact();
CREATE CONSTRAINT TRIGGER log_status_range AFTER INSERT ON status_range
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION log_fact();
CREATE CONSTRAINT TRIGGER log_inspection AFTER INSERT OR UPDATE ON inspection
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION log_fact();
CREATE CONSTRAINT TRIGGER log_penalty AFTER INSERT OR UPDATE ON penalty
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION log_fact();
CREATE CONSTRAINT TRIGGER log_penalty_revision AFTER INSERT ON penalty_revision
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION log_fact();
CREATE CONSTRAINT TRIGGER log_repair AFTER INSERT OR UPDATE ON repair
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION log_fact();
CREATE CONSTRAINT TRIGGER log_rating AFTER INSERT ON rating
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION log_fact();
CREATE CONSTRAINT TRIGGER log_rating_rules AFTER INSERT OR UPDATE ON rating_rules
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION log_fact();
CREATE CONSTRAINT TRIGGER log_draw AFTER INSERT OR UPDATE ON draw
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION log_fact();
CREATE CONSTRAINT TRIGGER log_commitment AFTER INSERT OR UPDATE ON commitment
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION log_fact();
CREATE CONSTRAINT TRIGGER log_commendation AFTER INSERT ON commendation
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION log_fact();
CREATE CONSTRAINT TRIGGER log_objection AFTER INSERT OR UPDATE ON objection
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION log_fact();
CREATE CONSTRAINT TRIGGER log_customs_class AFTER UPDATE OF customs_class ON enterprise
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.customs_class IS DISTINCT FROM NEW.customs_class)
    EXECUTE FUNCTION log_fact();
CREATE CONSTRAINT TRIGGER log_cmpl_event AFTER INSERT ON cmpl_event
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION log_fact();
CREATE CONSTRAINT TRIGGER log_ins_event AFTER INSERT ON ins_event
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION log_fact();

-- What else an enterprise's public profile shows, announced to the
-- portal's cache (disclosure/portal_cache.h) with the enterprise's id; the
-- logged facts announce themselves in log_append.
CREATE FUNCTION notify_portal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    IF r.enterprise_id IS NOT NULL THEN
        PERFORM pg_notify('bt_portal', r.enterprise_id::text);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER portal_licence AFTER INSERT OR UPDATE OR DELETE ON licence
    FOR EACH ROW EXECUTE FUNCTION notify_portal();
CREATE TRIGGER portal_product AFTER INSERT OR UPDATE OR DELETE ON product
    FOR EACH ROW EXECUTE FUNCTION notify_portal();
CREATE TRIGGER portal_batch AFTER INSERT OR UPDATE OR DELETE ON batch
    FOR EACH ROW EXECUTE FUNCTION notify_portal();
CREATE TRIGGER portal_cmpl_case AFTER INSERT OR UPDATE OR DELETE ON cmpl_case
    FOR EACH ROW EXECUTE FUNCTION notify_portal();
CREATE TRIGGER portal_cmpl_tally AFTER INSERT OR UPDATE OR DELETE ON cmpl_tally
    FOR EACH ROW EXECUTE FUNCTION notify_portal();
CREATE TRIGGER portal_ins_policy AFTER INSERT OR UPDATE OR DELETE ON ins_policy
    FOR EACH ROW EXECUTE FUNCTION notify_portal();
CREATE TRIGGER portal_ins_claim AFTER INSERT OR UPDATE OR DELETE ON ins_claim
    FOR EACH ROW EXECUTE FUNCTION notify_portal();
CREATE TRIGGER portal_alert AFTER INSERT OR UPDATE OR DELETE ON alert
    FOR EACH ROW EXECUTE FUNCTION notify_portal();
-- The scan writer's rollups: a profile's scan counts.
CREATE TRIGGER portal_scan_day AFTER INSERT OR UPDATE ON scan_day
    FOR EACH ROW WHEN (NEW.enterprise_id <> 0) EXECUTE FUNCTION notify_portal();
-- (The platform's row, enterprise 0, changes with every scan: the
-- statistics a server keeps end when it records a scan itself, and other
-- servers' scans reach them through the enterprises' rows.)

-- Facts recorded before the log existed enter it once, table by table.
DO $$
DECLARE
    t text;
BEGIN
    SET LOCAL bondtrace.actor = 'system';
    PERFORM log_append('declaration', d.id, 'system',
                       log_declaration_of(d::declaration))
        FROM (SELECT * FROM declaration ORDER BY id) d;
    FOREACH t IN ARRAY ARRAY['rating_rules', 'binding',
        'status_range', 'inspection', 'penalty', 'penalty_revision', 'repair',
        'commitment', 'commendation', 'objection', 'draw', 'rating',
        'cmpl_event', 'ins_event'] LOOP
        EXECUTE format('SELECT count(log_row(%L, to_jsonb(x))) FROM (SELECT * FROM %I ORDER BY %s) x',
            t, t, CASE WHEN t = 'rating_rules' THEN 'version' ELSE 'id' END);
    END LOOP;
    PERFORM log_row('enterprise', to_jsonb(e)) FROM enterprise e
        WHERE customs_class <> 'regular' ORDER BY id;
END $$;
