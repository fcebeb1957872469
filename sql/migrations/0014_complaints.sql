-- 0014_complaints.sql: the complaints module (complaints/): the official
-- working-day calendar, the legal limits as versioned rules, offices,
-- cases with their appended events, evidence, and advance payments with
-- their recovery.

-- The calendar is data (State Council notices). A listed day is a day off
-- (off) or a working weekend day (not off); every other day is a working
-- day Monday to Friday. A year counts as known only once loaded.
CREATE TABLE calendar_day (
    day  date PRIMARY KEY,
    off  boolean NOT NULL,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 16)
);
CREATE TABLE calendar_year (
    year      integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
    source    text NOT NULL,
    loaded_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO calendar_day (day, off, name) VALUES
    ('2025-01-01', true, '元旦'),
    ('2025-01-26', false, '春节'),
    ('2025-01-28', true, '春节'),
    ('2025-01-29', true, '春节'),
    ('2025-01-30', true, '春节'),
    ('2025-01-31', true, '春节'),
    ('2025-02-01', true, '春节'),
    ('2025-02-02', true, '春节'),
    ('2025-02-03', true, '春节'),
    ('2025-02-04', true, '春节'),
    ('2025-02-08', false, '春节'),
    ('2025-04-04', true, '清明节'),
    ('2025-04-05', true, '清明节'),
    ('2025-04-06', true, '清明节'),
    ('2025-04-27', false, '劳动节'),
    ('2025-05-01', true, '劳动节'),
    ('2025-05-02', true, '劳动节'),
    ('2025-05-03', true, '劳动节'),
    ('2025-05-04', true, '劳动节'),
    ('2025-05-05', true, '劳动节'),
    ('2025-05-31', true, '端午节'),
    ('2025-06-01', true, '端午节'),
    ('2025-06-02', true, '端午节'),
    ('2025-09-28', false, '国庆节、中秋节'),
    ('2025-10-01', true, '国庆节、中秋节'),
    ('2025-10-02', true, '国庆节、中秋节'),
    ('2025-10-03', true, '国庆节、中秋节'),
    ('2025-10-04', true, '国庆节、中秋节'),
    ('2025-10-05', true, '国庆节、中秋节'),
    ('2025-10-06', true, '国庆节、中秋节'),
    ('2025-10-07', true, '国庆节、中秋节'),
    ('2025-10-08', true, '国庆节、中秋节'),
    ('2025-10-11', false, '国庆节、中秋节'),
    ('2026-01-01', true, '元旦'),
    ('2026-01-02', true, '元旦'),
    ('2026-01-03', true, '元旦'),
    ('2026-01-04', false, '元旦'),
    ('2026-02-14', false, '春节'),
    ('2026-02-15', true, '春节'),
    ('2026-02-16', true, '春节'),
    ('2026-02-17', true, '春节'),
    ('2026-02-18', true, '春节'),
    ('2026-02-19', true, '春节'),
    ('2026-02-20', true, '春节'),
    ('2026-02-21', true, '春节'),
    ('2026-02-22', true, '春节'),
    ('2026-02-23', true, '春节'),
    ('2026-02-28', false, '春节'),
    ('2026-04-04', true, '清明节'),
    ('2026-04-05', true, '清明节'),
    ('2026-04-06', true, '清明节'),
    ('2026-05-01', true, '劳动节'),
    ('2026-05-02', true, '劳动节'),
    ('2026-05-03', true, '劳动节'),
    ('2026-05-04', true, '劳动节'),
    ('2026-05-05', true, '劳动节'),
    ('2026-05-09', false, '劳动节'),
    ('2026-06-19', true, '端午节'),
    ('2026-06-20', true, '端午节'),
    ('2026-06-21', true, '端午节'),
    ('2026-09-20', false, '中秋节'),
    ('2026-09-25', true, '中秋节'),
    ('2026-09-26', true, '中秋节'),
    ('2026-09-27', true, '中秋节'),
    ('2026-10-01', true, '国庆节'),
    ('2026-10-02', true, '国庆节'),
    ('2026-10-03', true, '国庆节'),
    ('2026-10-04', true, '国庆节'),
    ('2026-10-05', true, '国庆节'),
    ('2026-10-06', true, '国庆节'),
    ('2026-10-07', true, '国庆节'),
    ('2026-10-10', false, '国庆节');
INSERT INTO calendar_year (year, source) VALUES
    (2025, 'State Council holiday notice for 2025'),
    (2026, 'State Council holiday notice for 2026');

-- Legal limits by regulation, in force from a date; a case keeps the set
-- in force on the day it was received. unit: working or natural days.
CREATE TABLE cmpl_rule (
    effective_from date NOT NULL,
    regulation     text NOT NULL,
    version        text NOT NULL,
    clock          text NOT NULL CHECK (clock IN ('enterprise', 'acceptance',
                        'mediation', 'notice', 'lead_check')),
    days           integer NOT NULL CHECK (days BETWEEN 1 AND 365),
    unit           text NOT NULL CHECK (unit IN ('working', 'natural')),
    extension_days integer NOT NULL DEFAULT 0 CHECK (extension_days >= 0),
    article        text NOT NULL,
    PRIMARY KEY (effective_from, clock)
);
INSERT INTO cmpl_rule VALUES
    ('2019-12-01', 'SAMR Order No. 20', '2019, amended 2022', 'enterprise', 10, 'working', 0, 'ODR scheme'),
    ('2019-12-01', 'SAMR Order No. 20', '2019, amended 2022', 'acceptance', 7, 'working', 0, 'Art. 14'),
    ('2019-12-01', 'SAMR Order No. 20', '2019, amended 2022', 'mediation', 45, 'working', 0, 'Art. 21'),
    ('2019-12-01', 'SAMR Order No. 20', '2019, amended 2022', 'notice', 7, 'working', 0, 'Art. 21'),
    ('2019-12-01', 'SAMR Order No. 20', '2019, amended 2022', 'lead_check', 15, 'working', 15, 'reports: penalty procedure rules'),
    ('2026-04-15', 'SAMR Order No. 121', '2025-12-30', 'enterprise', 10, 'working', 0, 'ODR scheme, Art. 6'),
    ('2026-04-15', 'SAMR Order No. 121', '2025-12-30', 'acceptance', 7, 'working', 0, 'Art. 15'),
    ('2026-04-15', 'SAMR Order No. 121', '2025-12-30', 'mediation', 60, 'natural', 0, 'Art. 23(5), Art. 22, Art. 45'),
    ('2026-04-15', 'SAMR Order No. 121', '2025-12-30', 'notice', 7, 'working', 0, 'Art. 23'),
    ('2026-04-15', 'SAMR Order No. 121', '2025-12-30', 'lead_check', 15, 'working', 15, 'Art. 27');

-- Offices that receive and handle cases; a case belongs to one until a
-- recorded transfer.
CREATE TABLE cmpl_office (
    code    text PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
    name_zh text NOT NULL,
    name_en text NOT NULL
);
INSERT INTO cmpl_office VALUES
    ('330201', '宁波保税区市场监督管理局', 'Ningbo Bonded Zone Administration for Market Regulation'),
    ('330200', '宁波市市场监督管理局', 'Ningbo Administration for Market Regulation'),
    ('330000', '浙江省市场监督管理局', 'Zhejiang Administration for Market Regulation');

CREATE SEQUENCE cmpl_case_seq;

-- A case. Its state is the fold of its events (complaints/case.c), kept
-- here for the queues together with the nearest due day of its running
-- clocks. Contact data is encrypted (key file); phone_hash is a keyed
-- hash for duplicates and buyer matching. Nothing here is personal in
-- the clear.
CREATE TABLE cmpl_case (
    id            bigserial PRIMARY KEY,
    number        text NOT NULL UNIQUE,
    token_hash    text NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('complaint', 'report')),
    state         text NOT NULL,
    received_at   timestamptz NOT NULL,
    rules_from    date NOT NULL,
    office        text NOT NULL REFERENCES cmpl_office (code),
    enterprise_id bigint REFERENCES enterprise (id),
    platform      text,
    code          text,
    gtin          text,
    lot           text,
    batch_id      integer,
    idx           integer,
    category      text NOT NULL CHECK (category IN ('quality', 'safety',
                      'not_as_declared', 'counterfeit', 'damaged',
                      'service', 'other')),
    demand        text CHECK (demand IN ('refund', 'replacement', 'repair',
                      'compensation')),
    amount_fen    bigint CHECK (amount_fen BETWEEN 0 AND 100000000000),
    description   text NOT NULL,
    purchased_on  date,
    contact       bytea,
    phone_hash    text,
    snapshot      jsonb NOT NULL,
    flags         text[] NOT NULL DEFAULT '{}',
    next_due      date,
    next_clock    text,
    closed_at     timestamptz,
    contact_purged_at timestamptz,
    outcome       jsonb,
    CHECK ((kind = 'complaint') = (demand IS NOT NULL))
);
CREATE INDEX cmpl_case_open ON cmpl_case (next_due NULLS LAST, id)
    WHERE state <> 'closed';
CREATE INDEX cmpl_case_enterprise ON cmpl_case (enterprise_id, id);
CREATE INDEX cmpl_case_phone ON cmpl_case (phone_hash) WHERE phone_hash IS NOT NULL;
CREATE INDEX cmpl_case_code ON cmpl_case (batch_id, idx) WHERE batch_id IS NOT NULL;

-- Every transition, appended; never updated.
CREATE TABLE cmpl_event (
    id         bigserial PRIMARY KEY,
    case_id    bigint NOT NULL REFERENCES cmpl_case (id),
    at         timestamptz NOT NULL,
    actor_kind text NOT NULL CHECK (actor_kind IN ('system', 'consumer',
                   'enterprise', 'regulator')),
    actor      text NOT NULL,
    kind       text NOT NULL,
    data       jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX cmpl_event_case ON cmpl_event (case_id, id);

-- Evidence photos, re-encoded (no metadata survives).
CREATE TABLE cmpl_evidence (
    id       bigserial PRIMARY KEY,
    case_id  bigint NOT NULL REFERENCES cmpl_case (id),
    added_at timestamptz NOT NULL DEFAULT now(),
    added_by text NOT NULL,
    png      bytea NOT NULL,
    width    integer NOT NULL,
    height   integer NOT NULL
);
CREATE INDEX cmpl_evidence_case ON cmpl_evidence (case_id);

-- Advance compensation paid to the consumer, and its recovery from the
-- liable enterprise (the balance is amount - recovered).
CREATE TABLE cmpl_payment (
    id            bigserial PRIMARY KEY,
    case_id       bigint NOT NULL REFERENCES cmpl_case (id),
    payer         text NOT NULL CHECK (payer IN ('platform', 'enterprise',
                      'insurer', 'fund')),
    payer_name    text NOT NULL,
    amount_fen    bigint NOT NULL CHECK (amount_fen > 0),
    paid_at       timestamptz NOT NULL,
    recorded_by   text NOT NULL,
    recover_from  bigint REFERENCES enterprise (id),
    recovered_fen bigint NOT NULL DEFAULT 0 CHECK (recovered_fen >= 0),
    CHECK (recovered_fen <= amount_fen)
);
CREATE INDEX cmpl_payment_case ON cmpl_payment (case_id);
