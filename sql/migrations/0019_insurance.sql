-- 0019_insurance.sql: the insurance module (insurance/): insurers and
-- their accounts, policies, item-level claims with their appended events,
-- the ledger that keeps each policy's aggregate limit and deductible, and
-- recoveries after payment. docs/insurance.md explains it.

CREATE TABLE insurer (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code    text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9_-]{2,30}$'),
    name_zh text NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 100),
    name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 100)
);

-- Insurers sign in like regulators; an insurer's account acts for one
-- insurer.
ALTER TABLE account ADD COLUMN insurer_id bigint REFERENCES insurer (id);
ALTER TABLE account DROP CONSTRAINT account_role_check;
ALTER TABLE account ADD CONSTRAINT account_role_check
    CHECK (role IN ('regulator', 'admin', 'insurer'));
ALTER TABLE account ADD CONSTRAINT account_insurer_check
    CHECK ((role = 'insurer') = (insurer_id IS NOT NULL));
ALTER TABLE session DROP CONSTRAINT session_role_check;
ALTER TABLE session ADD CONSTRAINT session_role_check
    CHECK (role IN ('enterprise', 'regulator', 'admin', 'insurer'));

-- A quality-insurance policy of an enterprise: what it covers (GTINs,
-- product categories, or both; empty both means every product of the
-- enterprise), its period, limits and deductible in fen, the days after
-- purchase a claim may come in, and whether the insurer pays in advance.
-- used_fen and deductible_used_fen are the running sums of the ledger,
-- kept on the row that approvals lock; the checks make an overspend
-- impossible whatever the code does.
CREATE TABLE ins_policy (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    insurer_id          bigint NOT NULL REFERENCES insurer (id),
    number              text NOT NULL CHECK (number ~ '^[A-Za-z0-9-]{4,40}$'),
    enterprise_id       bigint NOT NULL REFERENCES enterprise (id),
    gtins               text[] NOT NULL DEFAULT '{}',
    categories          text[] NOT NULL DEFAULT '{}',
    starts_on           date NOT NULL,
    ends_on             date NOT NULL CHECK (ends_on >= starts_on),
    per_claim_fen       bigint NOT NULL CHECK (per_claim_fen > 0),
    aggregate_fen       bigint NOT NULL CHECK (aggregate_fen >= per_claim_fen),
    deductible_fen      bigint NOT NULL DEFAULT 0 CHECK (deductible_fen >= 0),
    claim_days          integer NOT NULL CHECK (claim_days BETWEEN 1 AND 3650),
    pays_in_advance     boolean NOT NULL DEFAULT false,
    used_fen            bigint NOT NULL DEFAULT 0
                        CHECK (used_fen BETWEEN 0 AND aggregate_fen),
    deductible_used_fen bigint NOT NULL DEFAULT 0
                        CHECK (deductible_used_fen BETWEEN 0 AND deductible_fen),
    created_by          text NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (insurer_id, number)
);
CREATE INDEX ins_policy_enterprise ON ins_policy (enterprise_id, ends_on);

-- The policies of the hand-entered cover records become policies of
-- insurers named after them, so that nothing published is lost.
INSERT INTO insurer (code, name_zh, name_en)
SELECT 'legacy-' || row_number() OVER (ORDER BY insurer), insurer, insurer
FROM (SELECT DISTINCT insurer FROM insurance_cover) i;
INSERT INTO ins_policy (insurer_id, number, enterprise_id, starts_on, ends_on,
                        per_claim_fen, aggregate_fen, claim_days, created_by,
                        created_at)
SELECT s.id, left(regexp_replace(c.policy_no, '[^A-Za-z0-9-]', '-', 'g') || '-000', 40),
       c.enterprise_id, c.valid_from, c.valid_to, c.cover_fen, c.cover_fen,
       365, 'migration 0019', c.created_at
FROM insurance_cover c JOIN insurer s ON s.name_zh = c.insurer;
DROP TABLE insurance_cover;

-- A policy changes what the product page and the profile show.
CREATE TRIGGER ins_policy_changed AFTER INSERT OR UPDATE OR DELETE ON ins_policy
    FOR EACH ROW EXECUTE FUNCTION notify_enterprise_change();

-- The door to the scan path: the policy in force on day that covers a
-- product (by GTIN or category) of the enterprise, as the page shows it;
-- null when none does. The one ending last wins.
CREATE FUNCTION policy_cover(ent bigint, gtin text, category text, day date)
RETURNS json LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT json_build_object('insurer_zh', s.name_zh, 'insurer_en', s.name_en,
                             'policy', p.number, 'until', p.ends_on::text,
                             'pays_in_advance', p.pays_in_advance)
    FROM ins_policy p JOIN insurer s ON s.id = p.insurer_id
    WHERE p.enterprise_id = ent AND day BETWEEN p.starts_on AND p.ends_on
      AND ((p.gtins = '{}' AND p.categories = '{}') OR gtin = ANY (p.gtins)
           OR category = ANY (p.categories))
    ORDER BY p.ends_on DESC LIMIT 1
$$;

-- Statutory limits of claims (natural days), versioned as the complaint
-- rules are; a claim keeps the set in force on the day it came in.
CREATE TABLE ins_rule (
    effective_from date NOT NULL,
    regulation     text NOT NULL,
    clock          text NOT NULL CHECK (clock IN ('decision', 'payment',
                        'rejection_notice', 'interim')),
    days           integer NOT NULL CHECK (days BETWEEN 1 AND 365),
    article        text NOT NULL,
    PRIMARY KEY (effective_from, clock)
);
INSERT INTO ins_rule VALUES
    ('2015-04-24', 'Insurance Law of the PRC', 'decision', 30, 'Art. 23'),
    ('2015-04-24', 'Insurance Law of the PRC', 'payment', 10, 'Art. 23'),
    ('2015-04-24', 'Insurance Law of the PRC', 'rejection_notice', 3, 'Art. 24'),
    ('2015-04-24', 'Insurance Law of the PRC', 'interim', 60, 'Art. 25');

CREATE SEQUENCE ins_claim_seq;

-- A claim on one item. Its state is the fold of its events
-- (insurance/claim.c), kept here for the desks with the nearest due day.
-- live: the claim holds its item (every state but rejected and
-- withdrawn); one live claim per item across all policies and payers is
-- the partial unique index below, not a check two requests can race past.
-- The claimant's ID number and phone are keyed hashes (matching the
-- declared buyer's); the contact is sealed with the key file.
CREATE TABLE ins_claim (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number        text NOT NULL UNIQUE,
    token_hash    text NOT NULL,
    policy_id     bigint NOT NULL REFERENCES ins_policy (id),
    insurer_id    bigint NOT NULL REFERENCES insurer (id),
    enterprise_id bigint NOT NULL REFERENCES enterprise (id),
    case_id       bigint REFERENCES cmpl_case (id),
    appeal_of     bigint UNIQUE REFERENCES ins_claim (id),
    state         text NOT NULL,
    live          boolean NOT NULL DEFAULT true,
    received_at   timestamptz NOT NULL,
    rules_from    date NOT NULL,
    code          text NOT NULL,
    gtin          text NOT NULL,
    lot           text,
    batch_id      integer NOT NULL,
    idx           integer NOT NULL,
    reason        text NOT NULL CHECK (reason IN ('quality_defect', 'safety',
                      'not_as_declared', 'damaged', 'counterfeit_suspicion')),
    amount_fen    bigint NOT NULL CHECK (amount_fen BETWEEN 1 AND 10000000000),
    order_no      text NOT NULL CHECK (length(order_no) BETWEEN 1 AND 60),
    purchased_on  date,
    description   text NOT NULL,
    id_hash       text,
    phone_hash    text,
    contact       bytea,
    snapshot      jsonb NOT NULL,
    checks        jsonb NOT NULL,
    flags         text[] NOT NULL DEFAULT '{}',
    advance_fen   bigint NOT NULL DEFAULT 0 CHECK (advance_fen >= 0),
    advance_payer text,
    approved_fen  bigint CHECK (approved_fen >= 0),
    paid_fen      bigint NOT NULL DEFAULT 0 CHECK (paid_fen >= 0),
    next_due      date,
    next_clock    text,
    closed_at     timestamptz,
    outcome       jsonb
);
-- The evidence snapshot and the checks are written once and read whole:
-- lz4 costs intake a fraction of pglz's time.
ALTER TABLE ins_claim ALTER COLUMN snapshot SET COMPRESSION lz4;
ALTER TABLE ins_claim ALTER COLUMN checks SET COMPRESSION lz4;
CREATE UNIQUE INDEX ins_claim_live_item ON ins_claim (batch_id, idx) WHERE live;
CREATE INDEX ins_claim_item ON ins_claim (batch_id, idx);
CREATE INDEX ins_claim_open ON ins_claim (next_due NULLS LAST, id) WHERE closed_at IS NULL;
CREATE INDEX ins_claim_insurer ON ins_claim (insurer_id, id);
CREATE INDEX ins_claim_enterprise ON ins_claim (enterprise_id, received_at);
CREATE INDEX ins_claim_lot ON ins_claim (gtin, lot) WHERE closed_at IS NULL;
CREATE INDEX ins_claim_id_recent ON ins_claim (id_hash, received_at) WHERE id_hash IS NOT NULL;
CREATE INDEX ins_claim_phone_recent ON ins_claim (phone_hash, received_at) WHERE phone_hash IS NOT NULL;
CREATE INDEX ins_claim_received ON ins_claim (received_at);

-- Every change, appended; never updated.
CREATE TABLE ins_event (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id   bigint NOT NULL REFERENCES ins_claim (id),
    at         timestamptz NOT NULL,
    actor_kind text NOT NULL CHECK (actor_kind IN ('system', 'consumer',
                   'enterprise', 'insurer', 'regulator')),
    actor      text NOT NULL,
    kind       text NOT NULL,
    data       jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX ins_event_claim ON ins_event (claim_id, id);

-- Evidence photos, re-encoded as for complaints.
CREATE TABLE ins_evidence (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id bigint NOT NULL REFERENCES ins_claim (id),
    added_at timestamptz NOT NULL DEFAULT now(),
    added_by text NOT NULL,
    png      bytea NOT NULL,
    width    integer NOT NULL,
    height   integer NOT NULL
);
CREATE INDEX ins_evidence_claim ON ins_evidence (claim_id);

-- One row per decision: the loss found, the part of it the deductible
-- took, and what the policy pays; the policy row carries the sums.
CREATE TABLE ins_ledger (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    policy_id      bigint NOT NULL REFERENCES ins_policy (id),
    claim_id       bigint NOT NULL UNIQUE REFERENCES ins_claim (id),
    at             timestamptz NOT NULL,
    loss_fen       bigint NOT NULL CHECK (loss_fen >= 0),
    deductible_fen bigint NOT NULL CHECK (deductible_fen >= 0),
    payable_fen    bigint NOT NULL CHECK (payable_fen >= 0),
    limited_by     text CHECK (limited_by IN ('per_claim', 'aggregate'))
);
CREATE INDEX ins_ledger_policy ON ins_ledger (policy_id);

-- After an insurer pays, its recovery from the liable party (the importer
-- of record, from the declaration), with the legal basis and balance.
CREATE TABLE ins_recovery (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id      bigint NOT NULL UNIQUE REFERENCES ins_claim (id),
    insurer_id    bigint NOT NULL REFERENCES insurer (id),
    against       bigint NOT NULL REFERENCES enterprise (id),
    basis         text NOT NULL,
    amount_fen    bigint NOT NULL CHECK (amount_fen > 0),
    recovered_fen bigint NOT NULL DEFAULT 0
                  CHECK (recovered_fen BETWEEN 0 AND amount_fen),
    opened_at     timestamptz NOT NULL
);
CREATE INDEX ins_recovery_against ON ins_recovery (against);

-- Doors to disclosure (as in 0012): what the profile, the rating and the
-- statistics read of insurance, with nothing personal and no free text.
-- Whether a policy of the enterprise is in force on day.
CREATE FUNCTION insured_on(ent bigint, day date)
RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT EXISTS (SELECT 1 FROM ins_policy
                   WHERE enterprise_id = ent AND day BETWEEN starts_on AND ends_on)
$$;
-- The enterprise's policies in force on day, or ending within a year
-- before it, newest first.
CREATE FUNCTION policies_of(ent bigint, day date)
RETURNS json LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(json_agg(json_build_object(
               'insurer', s.name_zh, 'insurer_zh', s.name_zh, 'insurer_en', s.name_en,
               'policy_no', p.number, 'number', p.number,
               'cover_fen', p.aggregate_fen, 'per_claim_fen', p.per_claim_fen,
               'aggregate_fen', p.aggregate_fen, 'deductible_fen', p.deductible_fen,
               'valid_from', p.starts_on::text, 'valid_to', p.ends_on::text,
               'claim_days', p.claim_days, 'gtins', to_json(p.gtins),
               'categories', to_json(p.categories),
               'pays_in_advance', p.pays_in_advance,
               'in_force', day BETWEEN p.starts_on AND p.ends_on)
           ORDER BY p.ends_on DESC, p.id DESC), '[]')
    FROM ins_policy p JOIN insurer s ON s.id = p.insurer_id
    WHERE p.enterprise_id = ent AND p.ends_on >= day - 365 AND p.starts_on <= day + 365
$$;
-- Claims of an enterprise (0: the platform) in the 12 months before at:
-- received, and of those closed, paid, rejected, paid after the payment
-- limit, and the median days from claim to payment (frozen at closing).
CREATE FUNCTION claim_facts(ent bigint, at timestamptz)
RETURNS json LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH c AS (SELECT received_at, closed_at, outcome FROM ins_claim
               WHERE (ent = 0 OR enterprise_id = ent)
                 AND received_at >= at - interval '12 months' AND received_at <= at)
    SELECT json_build_object(
        'claims_received', (SELECT count(*) FROM c),
        'claims_open', (SELECT count(*) FROM c WHERE closed_at IS NULL),
        'claims_paid', (SELECT count(*) FROM c WHERE outcome->>'decision' IN ('approved', 'partly_approved')),
        'claims_rejected', (SELECT count(*) FROM c WHERE outcome->>'decision' = 'rejected'),
        'claims_paid_late', (SELECT count(*) FROM c WHERE (outcome->>'paid_late')::boolean),
        'paid_fen', (SELECT coalesce(sum((outcome->>'paid_fen')::bigint), 0) FROM c),
        'median_days_to_pay', (SELECT percentile_disc(0.5) WITHIN GROUP
                               (ORDER BY (outcome->>'days_to_pay')::int) FROM c
                               WHERE outcome ? 'days_to_pay'))
$$;

-- Claims count in the credit rating: a new rule set version with two more
-- factors. The facts come from the outcomes frozen when claims close.
INSERT INTO rating_rules (body, note, created_by, active)
SELECT jsonb_set(body, '{factors}', (body->'factors') || $json$[
    {"code": "claims_paid", "fact": "claims_paid", "per": "orders", "guard": 200, "points": -2, "cap": -60,
     "zh": "品质险理赔成立（每千单）", "en": "Quality-insurance claims paid (per thousand declared orders)",
     "raise_zh": "改进商品质量，减少质量问题理赔", "raise_en": "Improve product quality so that fewer claims are paid"},
    {"code": "claims_paid_late", "fact": "claims_paid_late", "points": -5, "cap": -30,
     "zh": "超过法定期限支付的理赔", "en": "Claims paid after the legal limit",
     "raise_zh": "与保险人协作，在达成协议后10日内支付", "raise_en": "Work with the insurer to pay within 10 days of agreement"}
]$json$::jsonb), 'claims count: paid per thousand orders, paid late',
       'migration 0019', false
FROM rating_rules WHERE active;
UPDATE rating_rules SET active = false WHERE active;
UPDATE rating_rules SET active = true
WHERE version = (SELECT max(version) FROM rating_rules);
