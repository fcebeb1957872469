-- 0003_declarations.sql: customs code tables, CEB declarations (orders and
-- import inventory lists), bindings of codes to declared lines, and the
-- provenance records (product master, lots, inbound shipments,
-- inspections).

-- Customs code tables used to check CEB messages. A subset of the customs
-- parameter tables (the codes cross-border imports commonly use); add rows
-- here, in a new migration, for others.
CREATE TABLE customs_code (
    tbl     text NOT NULL CHECK (tbl IN ('country', 'currency', 'unit')),
    code    text NOT NULL CHECK (code ~ '^[0-9]{3}$'),
    name_zh text NOT NULL,
    name_en text NOT NULL,
    PRIMARY KEY (tbl, code)
);
INSERT INTO customs_code VALUES
    ('country', '110', '中国香港', 'Hong Kong, China'),
    ('country', '116', '日本', 'Japan'),
    ('country', '122', '马来西亚', 'Malaysia'),
    ('country', '132', '新加坡', 'Singapore'),
    ('country', '133', '韩国', 'South Korea'),
    ('country', '136', '泰国', 'Thailand'),
    ('country', '141', '越南', 'Vietnam'),
    ('country', '142', '中国', 'China'),
    ('country', '301', '比利时', 'Belgium'),
    ('country', '302', '丹麦', 'Denmark'),
    ('country', '303', '英国', 'United Kingdom'),
    ('country', '304', '德国', 'Germany'),
    ('country', '305', '法国', 'France'),
    ('country', '306', '爱尔兰', 'Ireland'),
    ('country', '307', '意大利', 'Italy'),
    ('country', '309', '荷兰', 'Netherlands'),
    ('country', '312', '西班牙', 'Spain'),
    ('country', '315', '奥地利', 'Austria'),
    ('country', '318', '芬兰', 'Finland'),
    ('country', '326', '挪威', 'Norway'),
    ('country', '327', '波兰', 'Poland'),
    ('country', '330', '瑞典', 'Sweden'),
    ('country', '331', '瑞士', 'Switzerland'),
    ('country', '344', '俄罗斯', 'Russia'),
    ('country', '410', '巴西', 'Brazil'),
    ('country', '501', '加拿大', 'Canada'),
    ('country', '502', '美国', 'United States'),
    ('country', '601', '澳大利亚', 'Australia'),
    ('country', '609', '新西兰', 'New Zealand'),
    ('currency', '110', '港币', 'Hong Kong dollar'),
    ('currency', '116', '日元', 'Japanese yen'),
    ('currency', '132', '新加坡元', 'Singapore dollar'),
    ('currency', '142', '人民币', 'Renminbi'),
    ('currency', '300', '欧元', 'Euro'),
    ('currency', '303', '英镑', 'Pound sterling'),
    ('currency', '502', '美元', 'US dollar'),
    ('currency', '601', '澳大利亚元', 'Australian dollar'),
    ('currency', '609', '新西兰元', 'New Zealand dollar'),
    ('unit', '001', '台', 'set (machine)'),
    ('unit', '006', '套', 'set'),
    ('unit', '007', '个', 'piece'),
    ('unit', '008', '只', 'piece (item)'),
    ('unit', '011', '件', 'article'),
    ('unit', '012', '把', 'piece (handle)'),
    ('unit', '015', '根', 'stick'),
    ('unit', '016', '条', 'strip'),
    ('unit', '017', '片', 'sheet'),
    ('unit', '020', '块', 'block'),
    ('unit', '025', '双', 'pair'),
    ('unit', '035', '千克', 'kilogram'),
    ('unit', '036', '克', 'gram'),
    ('unit', '120', '箱', 'case'),
    ('unit', '122', '罐', 'can');

-- Customs enterprise credit classes (configuration: the list changes with
-- the regulations; Order 282 names five).
CREATE TABLE customs_credit_class (
    code    text PRIMARY KEY,
    name_zh text NOT NULL,
    name_en text NOT NULL,
    rank    smallint NOT NULL UNIQUE
);
INSERT INTO customs_credit_class VALUES
    ('advanced_certified', '高级认证企业', 'Advanced certified (AEO)', 1),
    ('certified', '认证企业', 'Certified', 2),
    ('regular', '一般信用企业', 'Regular', 3),
    ('dishonest', '失信企业', 'Dishonest', 4),
    ('seriously_dishonest', '严重失信企业', 'Seriously dishonest', 5);
ALTER TABLE enterprise ADD COLUMN customs_class text NOT NULL DEFAULT 'regular'
    REFERENCES customs_credit_class (code);

-- Product master data beyond what 0001 had.
ALTER TABLE product
    ADD COLUMN manufacturer text CHECK (length(manufacturer) <= 200),
    ADD COLUMN hs_code char(10) CHECK (hs_code ~ '^[0-9]{10}$'),
    ADD COLUMN shelf_life_days integer CHECK (shelf_life_days > 0);

-- Every accepted CEB message, by its guid: sending it again returns the
-- same receipt and changes nothing.
CREATE TABLE ceb_message (
    guid          text PRIMARY KEY,
    enterprise_id bigint NOT NULL REFERENCES enterprise (id),
    kind          smallint NOT NULL CHECK (kind IN (311, 621)),
    receipt       jsonb NOT NULL,
    received_at   timestamptz NOT NULL DEFAULT now(),
    resent        integer NOT NULL DEFAULT 0
);

-- Rejected messages keep only why (their content is not stored).
CREATE TABLE ceb_rejection (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    enterprise_id bigint NOT NULL REFERENCES enterprise (id),
    guid          text NOT NULL,
    path          text NOT NULL,
    rule          text NOT NULL,
    received_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ceb_rejection_enterprise ON ceb_rejection (enterprise_id, received_at);

-- One declared record: a CEB311 Order or a CEB621 Inventory, current state
-- (appType 2 replaces it, 3 marks it deleted). Personal data is never here
-- in clear: the buyer's ID number and phone are kept as keyed hashes, for
-- matching a claimant to an order, and nothing else of the buyer.
CREATE TABLE declaration (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    enterprise_id   bigint NOT NULL REFERENCES enterprise (id),
    kind            smallint NOT NULL CHECK (kind IN (311, 621)),
    business_key    text NOT NULL,          -- orderNo (311), copNo (621)
    record_guid     text NOT NULL,
    message_guid    text NOT NULL REFERENCES ceb_message (guid)
                    DEFERRABLE INITIALLY DEFERRED, -- the message row comes last
    order_no        text NOT NULL,
    invt_no         text,
    app_time        timestamptz NOT NULL,
    decl_date       date,
    ie_date         date,
    trade_mode      text,
    customs_code    text,
    port_code       text,
    country         text,
    currency        text NOT NULL,
    goods_value_fen bigint,
    head            jsonb NOT NULL,         -- the head's other fields
    buyer_id_hash   text,
    buyer_phone_hash text,
    deleted         boolean NOT NULL DEFAULT false,
    received_at     timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (enterprise_id, kind, business_key)
);
CREATE INDEX declaration_invt ON declaration (enterprise_id, invt_no) WHERE invt_no IS NOT NULL;
CREATE INDEX declaration_buyer ON declaration (buyer_id_hash);

CREATE TABLE declaration_line (
    declaration_id bigint NOT NULL REFERENCES declaration (id) ON DELETE CASCADE,
    gnum           integer NOT NULL,
    gtin           char(14),                -- barCode, when it is a GTIN
    gcode          char(10),
    name           text NOT NULL,
    country        text NOT NULL,
    unit           text NOT NULL,
    qty            numeric(19, 5) NOT NULL CHECK (qty > 0),
    price_e4       bigint NOT NULL,         -- unit price in 0.0001 yuan
    total_fen      bigint NOT NULL,
    line           jsonb NOT NULL,          -- the line's other fields
    PRIMARY KEY (declaration_id, gnum)
);
CREATE INDEX declaration_line_gtin ON declaration_line (gtin);

-- Codes [first_idx, end_idx) of a batch bound to a declared inventory line
-- (and a lot). Ranges of a batch never overlap.
CREATE TABLE binding (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    enterprise_id  bigint NOT NULL REFERENCES enterprise (id),
    batch_id       integer NOT NULL REFERENCES batch (id),
    first_idx      integer NOT NULL CHECK (first_idx >= 0),
    end_idx        integer NOT NULL,
    declaration_id bigint NOT NULL REFERENCES declaration (id),
    gnum           integer NOT NULL,
    lot            text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (end_idx > first_idx)
);
CREATE INDEX binding_batch ON binding (batch_id, first_idx);
CREATE INDEX binding_line ON binding (declaration_id, gnum);

-- Lots of a product, with production and expiry dates.
CREATE TABLE lot (
    product_id      bigint NOT NULL REFERENCES product (id),
    lot             text NOT NULL CHECK (length(lot) BETWEEN 1 AND 20),
    production_date date,
    expiry_date     date,
    PRIMARY KEY (product_id, lot),
    CHECK (expiry_date IS NULL OR production_date IS NULL OR expiry_date > production_date)
);

-- Goods entering the bonded warehouse: one bill of lading, quantities per
-- product and lot.
CREATE TABLE shipment (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    enterprise_id     bigint NOT NULL REFERENCES enterprise (id),
    bill_no           text NOT NULL CHECK (length(bill_no) BETWEEN 1 AND 37),
    departure_country text NOT NULL,        -- customs country code
    port_code         char(4) NOT NULL,
    arrival_date      date NOT NULL,
    warehouse         text NOT NULL CHECK (length(warehouse) BETWEEN 1 AND 100),
    created_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (enterprise_id, bill_no)
);
CREATE TABLE shipment_lot (
    shipment_id bigint NOT NULL REFERENCES shipment (id) ON DELETE CASCADE,
    product_id  bigint NOT NULL REFERENCES product (id),
    lot         text NOT NULL,
    quantity    integer NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (shipment_id, product_id, lot)
);
CREATE INDEX shipment_lot_product ON shipment_lot (product_id, lot);

-- Inspection and testing of a product (or one lot of it).
CREATE TABLE inspection (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    enterprise_id bigint NOT NULL REFERENCES enterprise (id),
    product_id    bigint NOT NULL REFERENCES product (id),
    lot           text,
    lab           text NOT NULL CHECK (length(lab) BETWEEN 1 AND 200),
    report_no     text NOT NULL CHECK (length(report_no) BETWEEN 1 AND 60),
    tested_on     date NOT NULL,
    items         text NOT NULL CHECK (length(items) BETWEEN 1 AND 1000),
    passed        boolean NOT NULL,
    certificate   text CHECK (certificate ~ '^https?://'),
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (enterprise_id, report_no)
);
CREATE INDEX inspection_product ON inspection (product_id, lot);

-- What the scan path caches changes with these too.
CREATE TRIGGER binding_changed AFTER INSERT OR UPDATE OR DELETE ON binding
    FOR EACH STATEMENT EXECUTE FUNCTION notify_trace_change();
CREATE TRIGGER declaration_changed AFTER INSERT OR UPDATE OR DELETE ON declaration
    FOR EACH STATEMENT EXECUTE FUNCTION notify_trace_change();
CREATE TRIGGER lot_changed AFTER INSERT OR UPDATE OR DELETE ON lot
    FOR EACH STATEMENT EXECUTE FUNCTION notify_trace_change();
CREATE TRIGGER shipment_lot_changed AFTER INSERT OR UPDATE OR DELETE ON shipment_lot
    FOR EACH STATEMENT EXECUTE FUNCTION notify_trace_change();
CREATE TRIGGER inspection_changed AFTER INSERT OR UPDATE OR DELETE ON inspection
    FOR EACH STATEMENT EXECUTE FUNCTION notify_trace_change();
