-- 0005_disclosure.sql: what the disclosure portal publishes beyond
-- declarations and inspections: entity facts, licences, service
-- commitments and insurance cover, commendations, administrative
-- penalties (双公示) with their publication rules and credit repair, the
-- credit rating rule sets and ratings, and the random inspection draws.

-- Entity facts (主体信息).
ALTER TABLE enterprise
    ADD COLUMN legal_rep     text CHECK (length(legal_rep) BETWEEN 1 AND 100),
    ADD COLUMN address       text CHECK (length(address) BETWEEN 1 AND 300),
    ADD COLUMN registered_on date;

CREATE TABLE licence (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    enterprise_id bigint NOT NULL REFERENCES enterprise (id),
    kind          text NOT NULL CHECK (length(kind) BETWEEN 1 AND 100),
    number        text NOT NULL CHECK (length(number) BETWEEN 1 AND 60),
    authority     text NOT NULL CHECK (length(authority) BETWEEN 1 AND 200),
    issued_on     date NOT NULL,
    expires_on    date CHECK (expires_on > issued_on),
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (enterprise_id, kind, number)
);

-- Service facts (服务信息): after-sales commitments an enterprise makes in
-- public, and whether a regulator found one broken; quality-insurance cover.
CREATE TABLE commitment (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    enterprise_id bigint NOT NULL REFERENCES enterprise (id),
    text_zh       text NOT NULL CHECK (length(text_zh) BETWEEN 1 AND 500),
    text_en       text NOT NULL CHECK (length(text_en) BETWEEN 1 AND 500),
    since         date NOT NULL,
    broken_on     date,
    broken_reason text CHECK (length(broken_reason) <= 500),
    created_at    timestamptz NOT NULL DEFAULT now(),
    CHECK ((broken_on IS NULL) = (broken_reason IS NULL))
);
CREATE INDEX commitment_enterprise ON commitment (enterprise_id);

CREATE TABLE insurance_cover (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    enterprise_id bigint NOT NULL REFERENCES enterprise (id),
    insurer       text NOT NULL CHECK (length(insurer) BETWEEN 1 AND 200),
    policy_no     text NOT NULL CHECK (length(policy_no) BETWEEN 1 AND 60),
    cover_fen     bigint NOT NULL CHECK (cover_fen > 0),
    valid_from    date NOT NULL,
    valid_to      date NOT NULL CHECK (valid_to > valid_from),
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (insurer, policy_no)
);

-- Rewards (奖惩信息, the first half).
CREATE TABLE commendation (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    enterprise_id bigint NOT NULL REFERENCES enterprise (id),
    title_zh      text NOT NULL CHECK (length(title_zh) BETWEEN 1 AND 200),
    title_en      text NOT NULL CHECK (length(title_en) BETWEEN 1 AND 200),
    authority     text NOT NULL CHECK (length(authority) BETWEEN 1 AND 200),
    decided_on    date NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- How long a penalty stays public, by severity, effective from a date:
-- the rule in effect on the decision date applies. months 0 means not
-- published at all. A penalty may be repaired after repair_months.
CREATE TABLE publication_rule (
    severity       text NOT NULL CHECK (severity IN ('minor', 'general', 'serious')),
    effective_from date NOT NULL,
    min_months     smallint NOT NULL CHECK (min_months >= 0),
    max_months     smallint NOT NULL CHECK (max_months >= min_months),
    default_months smallint NOT NULL,
    repair_months  smallint NOT NULL CHECK (repair_months >= 0),
    PRIMARY KEY (severity, effective_from),
    CHECK (default_months BETWEEN min_months AND max_months)
);
INSERT INTO publication_rule VALUES
    ('minor',   '2020-01-01', 0, 3, 3, 0),
    ('general', '2020-01-01', 3, 12, 6, 3),
    ('serious', '2020-01-01', 12, 36, 36, 12);

-- Administrative penalties, with the 双公示 fields. publish_until is
-- fixed when the penalty is recorded; an approved repair ends publication
-- early (repaired_on).
CREATE TABLE penalty (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    enterprise_id bigint NOT NULL REFERENCES enterprise (id),
    decision_no   text NOT NULL UNIQUE CHECK (length(decision_no) BETWEEN 1 AND 60),
    violation     text NOT NULL CHECK (length(violation) BETWEEN 1 AND 1000),
    legal_basis   text NOT NULL CHECK (length(legal_basis) BETWEEN 1 AND 1000),
    penalty       text NOT NULL CHECK (length(penalty) BETWEEN 1 AND 500),
    amount_fen    bigint NOT NULL CHECK (amount_fen >= 0),
    decided_on    date NOT NULL,
    authority     text NOT NULL CHECK (length(authority) BETWEEN 1 AND 200),
    severity      text NOT NULL CHECK (severity IN ('minor', 'general', 'serious')),
    publish_until date NOT NULL CHECK (publish_until >= decided_on),
    repaired_on   date,
    recorded_by   text NOT NULL,          -- who recorded it (username or key)
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX penalty_enterprise ON penalty (enterprise_id, decided_on);
CREATE INDEX penalty_public ON penalty (publish_until) WHERE repaired_on IS NULL;

-- Credit repair: the enterprise applies with a commitment and proof of
-- rectification; a regulator approves or rejects with reasons. The
-- outcome is public.
CREATE TABLE repair (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    penalty_id    bigint NOT NULL REFERENCES penalty (id),
    enterprise_id bigint NOT NULL REFERENCES enterprise (id),
    commitment    text NOT NULL CHECK (length(commitment) BETWEEN 1 AND 2000),
    rectification text NOT NULL CHECK (length(rectification) BETWEEN 1 AND 2000),
    proof_url     text CHECK (proof_url ~ '^https?://' AND length(proof_url) <= 500),
    applied_on    date NOT NULL,
    status        text NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'approved', 'rejected')),
    decided_on    date,
    decided_by    text,
    reason        text CHECK (length(reason) <= 1000),
    CHECK ((status = 'pending') = (decided_on IS NULL)),
    CHECK (status = 'pending' OR reason IS NOT NULL)
);
CREATE UNIQUE INDEX repair_one_pending ON repair (penalty_id) WHERE status = 'pending';

-- Credit rating rule sets: a versioned JSON scorecard (see docs/credit.md).
-- Exactly one version is active; old versions stay for history.
CREATE TABLE rating_rules (
    version    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    body       jsonb NOT NULL,
    note       text NOT NULL CHECK (length(note) BETWEEN 1 AND 500),
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    active     boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX rating_rules_one_active ON rating_rules (active) WHERE active;

-- Every computation that changed an enterprise's rating, with its facts
-- and full breakdown.
CREATE TABLE rating (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    enterprise_id bigint NOT NULL REFERENCES enterprise (id),
    rules_version integer NOT NULL REFERENCES rating_rules (version),
    score         integer NOT NULL,
    grade         text NOT NULL,
    facts         jsonb NOT NULL,
    result        jsonb NOT NULL,
    computed_at   timestamptz NOT NULL
);
CREATE INDEX rating_enterprise ON rating (enterprise_id, id DESC);
-- The scan page shows the importer's grade.
CREATE TRIGGER rating_changed AFTER INSERT OR UPDATE OR DELETE ON rating
    FOR EACH STATEMENT EXECUTE FUNCTION notify_trace_change();

-- Random inspection draws (双随机、一公开): the seed, the population with
-- each enterprise's grade and sampling rate are published when the draw
-- is made; the selection when it is run.
CREATE TABLE draw (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title      text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    seed       char(64) NOT NULL,
    population jsonb NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL,
    run_at     timestamptz,
    selection  jsonb,
    CHECK ((run_at IS NULL) = (selection IS NULL))
);

-- The first rule set. Facts are computed by the rating module (docs/credit.md
-- lists them); a factor adds points per unit of its fact, or per thousand
-- of another fact ("per", counted against at least "guard", so that a
-- small firm is not swung by one event), limited to "cap".
INSERT INTO rating_rules (body, note, created_by, active) VALUES ($json$
{
  "baseline": 700,
  "min": 0,
  "max": 1000,
  "grades": [
    {"grade": "A", "from": 800, "to": 1000},
    {"grade": "B", "from": 650, "to": 799},
    {"grade": "C", "from": 500, "to": 649},
    {"grade": "D", "from": 0, "to": 499}
  ],
  "factors": [
    {"code": "customs_advanced", "fact": "customs_advanced", "points": 60,
     "zh": "海关高级认证企业", "en": "Customs advanced certified (AEO)"},
    {"code": "customs_certified", "fact": "customs_certified", "points": 30,
     "zh": "海关认证企业", "en": "Customs certified"},
    {"code": "customs_dishonest", "fact": "customs_dishonest", "points": -150,
     "zh": "海关失信企业", "en": "Customs dishonest class",
     "raise_zh": "整改并申请海关信用修复", "raise_en": "Rectify and apply to customs for credit repair"},
    {"code": "customs_seriously_dishonest", "fact": "customs_seriously_dishonest", "points": -300,
     "zh": "海关严重失信企业", "en": "Customs seriously dishonest class",
     "raise_zh": "整改并申请海关信用修复", "raise_en": "Rectify and apply to customs for credit repair"},
    {"code": "inspection_failed", "fact": "inspections_failed", "points": -40, "cap": -160,
     "zh": "近24个月检验检测不合格", "en": "Failed inspections in the last 24 months",
     "raise_zh": "整改后送检合格；不合格记录24个月后不再计分", "raise_en": "Rectify and pass re-inspection; failures count for 24 months"},
    {"code": "inspection_passed", "fact": "inspections_passed", "points": 5, "cap": 30,
     "zh": "近24个月检验检测合格", "en": "Passed inspections in the last 24 months"},
    {"code": "penalty_minor", "fact": "penalties_minor", "points": -10, "cap": -30,
     "zh": "公示中的轻微行政处罚", "en": "Minor penalties being published",
     "raise_zh": "公示期满或信用修复后不再计分", "raise_en": "Stops counting when publication ends or after credit repair"},
    {"code": "penalty_general", "fact": "penalties_general", "points": -60, "cap": -180,
     "zh": "公示中的一般行政处罚", "en": "General penalties being published",
     "raise_zh": "满3个月后整改并申请信用修复", "raise_en": "After 3 months, rectify and apply for credit repair"},
    {"code": "penalty_serious", "fact": "penalties_serious", "points": -200, "cap": -400,
     "zh": "公示中的严重行政处罚", "en": "Serious penalties being published",
     "raise_zh": "满12个月后整改并申请信用修复", "raise_en": "After 12 months, rectify and apply for credit repair"},
    {"code": "rejected_messages", "fact": "messages_rejected", "per": "messages", "guard": 200, "points": -1, "cap": -80,
     "zh": "海关申报被退回（每千条）", "en": "Customs messages rejected (per thousand)",
     "raise_zh": "申报前校验数据，减少退单", "raise_en": "Check messages before sending them"},
    {"code": "quality_findings", "fact": "quality_findings", "per": "orders", "guard": 200, "points": -2, "cap": -80,
     "zh": "数据质量问题（每千单）", "en": "Data-quality findings (per thousand orders)",
     "raise_zh": "赋码数量不超过申报数量，赋码后再销售", "raise_en": "Bind no more codes than declared, and bind before selling"},
    {"code": "clone_alerts", "fact": "clone_alerts", "per": "codes_scanned", "guard": 1000, "points": -5, "cap": -100,
     "zh": "追溯码疑似被复制（每千个被扫码）", "en": "Suspected cloned codes (per thousand codes scanned)",
     "raise_zh": "排查渠道，召回或注销可疑码段", "raise_en": "Check sales channels; recall or revoke suspect ranges"},
    {"code": "commitments", "fact": "commitments_kept", "points": 10, "cap": 30,
     "zh": "公开的售后服务承诺", "en": "Public after-sales commitments"},
    {"code": "commitment_broken", "fact": "commitments_broken", "points": -50, "cap": -150,
     "zh": "近24个月违反服务承诺", "en": "Commitments broken in the last 24 months",
     "raise_zh": "履行承诺；违诺记录24个月后不再计分", "raise_en": "Keep commitments; a broken one counts for 24 months"},
    {"code": "insured", "fact": "insured", "points": 20,
     "zh": "投保品质险", "en": "Quality insurance in force"},
    {"code": "commendations", "fact": "commendations", "points": 15, "cap": 45,
     "zh": "近36个月获得表彰", "en": "Commendations in the last 36 months"},
    {"code": "months_clean", "fact": "months_clean", "points": 2, "cap": 60,
     "zh": "连续无违法违规月数", "en": "Months without violations"}
  ]
}
$json$, 'First rule set', 'bondtrace', true);

-- The statistics page counts scans per day; a BRIN index on time costs
-- the append-only scan log almost nothing.
CREATE INDEX scan_at ON scan USING brin (at);
