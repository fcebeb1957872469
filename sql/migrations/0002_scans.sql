-- 0002_scans.sql: the scan log, per-code statistics, verdict rules, status
-- ranges, alerts and GS1 links.

-- Products get a category; scan limits are set per category.
ALTER TABLE product ADD COLUMN category text NOT NULL DEFAULT 'general'
    CHECK (category ~ '^[a-z][a-z0-9_-]{0,39}$');

-- Provinces (first two digits of a GB/T 2260 region code) with the
-- coordinates of their capitals: coarse enough for the travel rule.
CREATE TABLE province (
    code    char(2) PRIMARY KEY,
    name_zh text NOT NULL,
    name_en text NOT NULL,
    lat     double precision NOT NULL,
    lon     double precision NOT NULL
);
INSERT INTO province VALUES
    ('11', '北京', 'Beijing', 39.90, 116.40),
    ('12', '天津', 'Tianjin', 39.13, 117.20),
    ('13', '河北', 'Hebei', 38.04, 114.51),
    ('14', '山西', 'Shanxi', 37.87, 112.55),
    ('15', '内蒙古', 'Inner Mongolia', 40.84, 111.75),
    ('21', '辽宁', 'Liaoning', 41.80, 123.43),
    ('22', '吉林', 'Jilin', 43.82, 125.32),
    ('23', '黑龙江', 'Heilongjiang', 45.80, 126.53),
    ('31', '上海', 'Shanghai', 31.23, 121.47),
    ('32', '江苏', 'Jiangsu', 32.06, 118.80),
    ('33', '浙江', 'Zhejiang', 30.27, 120.15),
    ('34', '安徽', 'Anhui', 31.82, 117.23),
    ('35', '福建', 'Fujian', 26.07, 119.30),
    ('36', '江西', 'Jiangxi', 28.68, 115.86),
    ('37', '山东', 'Shandong', 36.65, 117.12),
    ('41', '河南', 'Henan', 34.75, 113.63),
    ('42', '湖北', 'Hubei', 30.59, 114.31),
    ('43', '湖南', 'Hunan', 28.23, 112.94),
    ('44', '广东', 'Guangdong', 23.13, 113.26),
    ('45', '广西', 'Guangxi', 22.82, 108.37),
    ('46', '海南', 'Hainan', 20.04, 110.20),
    ('50', '重庆', 'Chongqing', 29.56, 106.55),
    ('51', '四川', 'Sichuan', 30.57, 104.07),
    ('52', '贵州', 'Guizhou', 26.65, 106.63),
    ('53', '云南', 'Yunnan', 25.04, 102.71),
    ('54', '西藏', 'Tibet', 29.65, 91.14),
    ('61', '陕西', 'Shaanxi', 34.34, 108.94),
    ('62', '甘肃', 'Gansu', 36.06, 103.83),
    ('63', '青海', 'Qinghai', 36.62, 101.78),
    ('64', '宁夏', 'Ningxia', 38.49, 106.23),
    ('65', '新疆', 'Xinjiang', 43.83, 87.62),
    ('71', '台湾', 'Taiwan', 25.03, 121.57),
    ('81', '香港', 'Hong Kong', 22.32, 114.17),
    ('82', '澳门', 'Macao', 22.20, 113.54);

-- Verdict thresholds: configuration, read by the server and refreshed on
-- change (NOTIFY bt_config).
CREATE TABLE scan_limit (
    category      text PRIMARY KEY,
    caution_count integer NOT NULL CHECK (caution_count > 0),
    suspect_count integer NOT NULL,
    CHECK (suspect_count > caution_count)
);
INSERT INTO scan_limit VALUES ('*', 10, 50), ('infant_formula', 5, 20);

CREATE TABLE verdict_setting (
    name  text PRIMARY KEY,
    value double precision NOT NULL CHECK (value > 0),
    about text NOT NULL
);
INSERT INTO verdict_setting VALUES
    ('places_window_hours', 72, 'window in which distinct places are counted'),
    ('places_caution', 3, 'distinct networks in the window that give CAUTION'),
    ('places_suspect', 5, 'distinct networks in the window that give SUSPECT'),
    ('travel_kmh', 1000, 'speed between two scans that is impossible'),
    ('travel_min_km', 300, 'distance below which travel is never judged');

-- Every scan of a genuine-format code, partitioned by month.
CREATE TABLE scan (
    at         timestamptz NOT NULL,
    batch_id   integer NOT NULL,
    idx        integer NOT NULL,
    net_hash   text NOT NULL,          -- keyed hash of the client's /24 or /48
    region     char(6),                -- GB/T 2260 code, when the client sent one
    ua_class   text NOT NULL,
    channel    text NOT NULL,          -- web, api, upload
    verdict    text NOT NULL CHECK (verdict IN ('genuine', 'caution', 'suspect')),
    reasons    text[] NOT NULL DEFAULT '{}'
) PARTITION BY RANGE (at);
CREATE TABLE scan_default PARTITION OF scan DEFAULT;
CREATE INDEX scan_code ON scan (batch_id, idx, at);

-- Creates the monthly partitions from this month to months ahead.
CREATE FUNCTION scan_ensure_partitions(months_ahead integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    m date := date_trunc('month', now() AT TIME ZONE 'UTC')::date;
    name text;
BEGIN
    FOR i IN 0..months_ahead LOOP
        name := format('scan_%s', to_char(m, 'YYYYMM'));
        IF to_regclass(name) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF scan FOR VALUES FROM (%L) TO (%L)',
                           name, m::timestamptz, (m + interval '1 month')::timestamptz);
        END IF;
        m := (m + interval '1 month')::date;
    END LOOP;
END $$;
SELECT scan_ensure_partitions(2);

-- One row per code that has been scanned: the count and the recent
-- history the verdict rules read (newest first, at most 16).
CREATE TABLE code_stats (
    batch_id     integer NOT NULL,
    idx          integer NOT NULL,
    count        integer NOT NULL,
    first_at     timestamptz NOT NULL,
    first_region char(6),
    recent_at    double precision[] NOT NULL, -- seconds since the epoch
    recent_net   text[] NOT NULL,
    recent_region text[] NOT NULL,
    PRIMARY KEY (batch_id, idx)
) WITH (fillfactor = 70); -- room for HOT updates: rows change on every scan


-- Revoked, recalled or stolen ranges [first_idx, end_idx) of a batch. A
-- code has at most one status: ranges of a batch never overlap.
CREATE TABLE status_range (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    batch_id      integer NOT NULL REFERENCES batch (id),
    first_idx     integer NOT NULL CHECK (first_idx >= 0),
    end_idx       integer NOT NULL,
    status        text NOT NULL CHECK (status IN ('revoked', 'recalled', 'stolen')),
    reason        text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    effective_at  timestamptz NOT NULL,
    set_by_role   text NOT NULL,
    set_by_key    bigint NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (end_idx > first_idx)
);
CREATE INDEX status_range_batch ON status_range (batch_id, first_idx);

-- Raised by SUSPECT scans; regulators see all, enterprises their own. A
-- code has at most one alert that is not closed; later suspect scans of
-- it count on that alert.
CREATE TABLE alert (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at    timestamptz NOT NULL DEFAULT now(),
    enterprise_id bigint NOT NULL REFERENCES enterprise (id),
    batch_id      integer NOT NULL,
    idx           integer NOT NULL,
    reasons       text[] NOT NULL,
    scans         integer NOT NULL DEFAULT 1,
    last_scan_at  timestamptz NOT NULL DEFAULT now(),
    state         text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'acknowledged', 'closed')),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    note          text NOT NULL DEFAULT '' CHECK (length(note) <= 1000)
);
CREATE UNIQUE INDEX alert_live_code ON alert (batch_id, idx) WHERE state <> 'closed';
CREATE INDEX alert_enterprise ON alert (enterprise_id, state, id);
CREATE INDEX alert_state ON alert (state, id);

-- Links an enterprise registers for a GTIN (or one lot of it).
CREATE TABLE gs1_link (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    enterprise_id bigint NOT NULL REFERENCES enterprise (id),
    gtin          char(14) NOT NULL,
    lot           text,
    link_type     text NOT NULL CHECK (link_type ~ '^gs1:[A-Za-z]{2,40}$'),
    href          text NOT NULL CHECK (href ~ '^https?://' AND length(href) <= 1000),
    title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    lang          text CHECK (lang ~ '^[a-z]{2}(-[A-Z]{2})?$'),
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX gs1_link_gtin ON gs1_link (gtin, lot);

-- What the scan path caches in memory is invalidated through NOTIFY.
CREATE FUNCTION notify_trace_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('bt_trace', TG_TABLE_NAME);
    RETURN NULL;
END $$;
CREATE TRIGGER batch_changed AFTER INSERT OR UPDATE OR DELETE ON batch
    FOR EACH STATEMENT EXECUTE FUNCTION notify_trace_change();
CREATE TRIGGER product_changed AFTER INSERT OR UPDATE OR DELETE ON product
    FOR EACH STATEMENT EXECUTE FUNCTION notify_trace_change();
CREATE TRIGGER enterprise_changed AFTER INSERT OR UPDATE OR DELETE ON enterprise
    FOR EACH STATEMENT EXECUTE FUNCTION notify_trace_change();
CREATE TRIGGER status_range_changed AFTER INSERT OR UPDATE OR DELETE ON status_range
    FOR EACH STATEMENT EXECUTE FUNCTION notify_trace_change();
CREATE TRIGGER gs1_link_changed AFTER INSERT OR UPDATE OR DELETE ON gs1_link
    FOR EACH STATEMENT EXECUTE FUNCTION notify_trace_change();
CREATE TRIGGER scan_limit_changed AFTER INSERT OR UPDATE OR DELETE ON scan_limit
    FOR EACH STATEMENT EXECUTE FUNCTION notify_trace_change();
CREATE TRIGGER verdict_setting_changed AFTER INSERT OR UPDATE OR DELETE ON verdict_setting
    FOR EACH STATEMENT EXECUTE FUNCTION notify_trace_change();
