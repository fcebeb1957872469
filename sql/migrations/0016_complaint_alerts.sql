-- 0016_complaint_alerts.sql: the patterns that should make a regulator look
-- (complaints/credit.c), kept up as cases change rather than searched for
-- on every look at the desk: one row a pattern, with the count of its
-- cases in the 30 days before its last one.
CREATE TABLE cmpl_alert (
    kind     text NOT NULL CHECK (kind IN ('batch', 'counterfeit', 'frequent')),
    key      text NOT NULL,
    detail   jsonb NOT NULL,
    cases    integer NOT NULL,
    first_at timestamptz NOT NULL,
    last_at  timestamptz NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE INDEX cmpl_alert_recent ON cmpl_alert (last_at);
-- The lookups that count a pattern's cases when one of them changes.
CREATE INDEX cmpl_case_product ON cmpl_case (gtin, received_at) WHERE gtin IS NOT NULL;
CREATE INDEX cmpl_case_phone_recent ON cmpl_case (phone_hash, received_at) WHERE phone_hash IS NOT NULL;
DROP INDEX cmpl_case_phone;
