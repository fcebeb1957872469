-- 0022_corrections.sql: a published penalty corrected or withdrawn by a
-- regulator, the correction itself published; and objections (异议): an
-- enterprise disputes a published fact, a regulator answers, and both are
-- published with the fact.

-- A withdrawn penalty (revoked on review, annulled by a court) stops being
-- public on the day it is withdrawn; its withdrawal stays public until the
-- penalty's own publication would have ended.
ALTER TABLE penalty ADD COLUMN withdrawn_on date;

CREATE OR REPLACE FUNCTION penalty_public_on(p penalty, d date) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT p.decided_on <= d AND p.publish_until > d
       AND (p.repaired_on IS NULL OR p.repaired_on > d)
       AND (p.withdrawn_on IS NULL OR p.withdrawn_on > d)
$$;

-- Every change to a published penalty: what its fields were and what they
-- became (a withdrawal changes none), why, who and when. Public.
CREATE TABLE penalty_revision (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    penalty_id  bigint NOT NULL REFERENCES penalty (id),
    kind        text NOT NULL CHECK (kind IN ('correction', 'withdrawal')),
    before      jsonb NOT NULL,
    after       jsonb NOT NULL,
    reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
    decided_on  date NOT NULL,
    decided_by  text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX penalty_revision_penalty ON penalty_revision (penalty_id, id);

-- An objection names the fact it disputes: a penalty, an inspection or a
-- commitment by id; the rating or the customs class of the enterprise
-- itself (no id). One objection to a fact waits at a time.
CREATE TABLE objection (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    enterprise_id bigint NOT NULL REFERENCES enterprise (id),
    subject       text NOT NULL CHECK (subject IN ('penalty', 'inspection',
                      'commitment', 'rating', 'customs_class')),
    subject_id    bigint,
    -- what the fact is called where it is shown: the decision or report
    -- number, the commitment's text; '' for the rating and customs class
    label_zh      text NOT NULL CHECK (length(label_zh) <= 200),
    label_en      text NOT NULL CHECK (length(label_en) <= 200),
    grounds       text NOT NULL CHECK (length(grounds) BETWEEN 1 AND 2000),
    filed_at      timestamptz NOT NULL DEFAULT now(),
    filed_by      text NOT NULL,
    status        text NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'upheld', 'rejected')),
    answer        text CHECK (length(answer) BETWEEN 1 AND 2000),
    answered_at   timestamptz,
    answered_by   text,
    CHECK ((subject IN ('rating', 'customs_class')) = (subject_id IS NULL)),
    CHECK ((status = 'pending') = (answered_at IS NULL)),
    CHECK (status = 'pending' OR answer IS NOT NULL)
);
CREATE INDEX objection_enterprise ON objection (enterprise_id, id);
CREATE INDEX objection_waiting ON objection (id) WHERE status = 'pending';
CREATE UNIQUE INDEX objection_one_waiting
    ON objection (enterprise_id, subject, coalesce(subject_id, 0))
    WHERE status = 'pending';
CREATE INDEX objection_subject ON objection (subject, subject_id);

-- The objections to one fact, oldest first, as published with it.
CREATE FUNCTION objections_of(s text, sid bigint) RETURNS json
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(json_agg(json_build_object('id', o.id, 'status',
        o.status, 'grounds', o.grounds, 'filed_on', cn_day(o.filed_at),
        'answer', o.answer, 'answered_on', cn_day(o.answered_at))
        ORDER BY o.id), '[]')
    FROM objection o WHERE o.subject = s AND o.subject_id = sid
$$;
