-- 0001_foundation.sql: enterprises, API keys, countries, products, batches.

CREATE TABLE enterprise (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uscc         char(18) NOT NULL UNIQUE,
    customs_code char(10) NOT NULL UNIQUE,
    name_zh      text NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 200),
    name_en      text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- API keys are stored as a hash of the key; the key is shown once.
CREATE TABLE api_key (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    role          text NOT NULL CHECK (role IN ('enterprise', 'regulator', 'admin')),
    enterprise_id bigint REFERENCES enterprise (id),
    token_hash    char(64) NOT NULL UNIQUE,
    prefix        text NOT NULL,
    label         text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz,
    CHECK ((role = 'enterprise') = (enterprise_id IS NOT NULL))
);

-- ISO 3166-1 alpha-2 countries that goods are imported from.
CREATE TABLE country (
    code    char(2) PRIMARY KEY CHECK (code ~ '^[A-Z]{2}$'),
    name_zh text NOT NULL,
    name_en text NOT NULL
);

INSERT INTO country (code, name_zh, name_en) VALUES
    ('AU', '澳大利亚', 'Australia'),
    ('NZ', '新西兰', 'New Zealand'),
    ('JP', '日本', 'Japan'),
    ('KR', '韩国', 'South Korea'),
    ('US', '美国', 'United States'),
    ('CA', '加拿大', 'Canada'),
    ('DE', '德国', 'Germany'),
    ('FR', '法国', 'France'),
    ('IT', '意大利', 'Italy'),
    ('ES', '西班牙', 'Spain'),
    ('NL', '荷兰', 'Netherlands'),
    ('BE', '比利时', 'Belgium'),
    ('CH', '瑞士', 'Switzerland'),
    ('GB', '英国', 'United Kingdom'),
    ('IE', '爱尔兰', 'Ireland'),
    ('DK', '丹麦', 'Denmark'),
    ('SE', '瑞典', 'Sweden'),
    ('NO', '挪威', 'Norway'),
    ('FI', '芬兰', 'Finland'),
    ('AT', '奥地利', 'Austria'),
    ('PL', '波兰', 'Poland'),
    ('TH', '泰国', 'Thailand'),
    ('MY', '马来西亚', 'Malaysia'),
    ('SG', '新加坡', 'Singapore'),
    ('VN', '越南', 'Vietnam'),
    ('ID', '印度尼西亚', 'Indonesia'),
    ('IN', '印度', 'India'),
    ('IL', '以色列', 'Israel'),
    ('CL', '智利', 'Chile'),
    ('BR', '巴西', 'Brazil'),
    ('AR', '阿根廷', 'Argentina'),
    ('ZA', '南非', 'South Africa'),
    ('CN', '中国', 'China');

CREATE TABLE product (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    enterprise_id  bigint NOT NULL REFERENCES enterprise (id),
    gtin           char(14) NOT NULL UNIQUE CHECK (gtin ~ '^[0-9]{14}$'),
    name_zh        text NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 200),
    name_en        text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
    brand          text NOT NULL CHECK (length(brand) BETWEEN 1 AND 100),
    origin_country char(2) NOT NULL REFERENCES country (code),
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX product_enterprise ON product (enterprise_id);

-- Batch numbers go into serials (28 bits), so they are bounded.
CREATE SEQUENCE batch_id_seq AS integer MINVALUE 1 MAXVALUE 268435455;

-- One row per batch, however many codes it holds; codes are computed.
CREATE TABLE batch (
    id            integer PRIMARY KEY DEFAULT nextval('batch_id_seq')
                  CHECK (id BETWEEN 1 AND 268435455),
    enterprise_id bigint NOT NULL REFERENCES enterprise (id),
    product_id    bigint NOT NULL REFERENCES product (id),
    gtin          char(14) NOT NULL,
    lot           text CHECK (lot IS NULL OR length(lot) BETWEEN 1 AND 20),
    expiry        date,
    count         integer NOT NULL CHECK (count BETWEEN 1 AND 100000000),
    key_version   smallint NOT NULL CHECK (key_version BETWEEN 1 AND 31),
    created_at    timestamptz NOT NULL DEFAULT now()
);
ALTER SEQUENCE batch_id_seq OWNED BY batch.id;
CREATE INDEX batch_enterprise ON batch (enterprise_id, id);
