-- Claim intake in fewer steps. A claim's insurer and enterprise are its
-- policy's: one composite key says so, and replaces the three separate
-- keys each insert used to check.
ALTER TABLE ins_policy ADD CONSTRAINT ins_policy_parties
    UNIQUE (id, insurer_id, enterprise_id);
ALTER TABLE ins_claim
    DROP CONSTRAINT ins_claim_policy_id_fkey,
    DROP CONSTRAINT ins_claim_insurer_id_fkey,
    DROP CONSTRAINT ins_claim_enterprise_id_fkey,
    ADD CONSTRAINT ins_claim_policy_parties
        FOREIGN KEY (policy_id, insurer_id, enterprise_id)
        REFERENCES ins_policy (id, insurer_id, enterprise_id);

-- How many reports of a copied code name one item: complaints' answer,
-- read by claim intake in the same statement as its other facts.
CREATE FUNCTION counterfeit_reports(b integer, i integer)
RETURNS bigint LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT count(*) FROM cmpl_case
    WHERE batch_id = b AND idx = i AND kind = 'report' AND category = 'counterfeit'
$$;

-- A lot's claims, found by index whether or not the lot is known (a
-- missing lot is ''): its open claims in filing order, and its approved
-- quality claims, which are few among many.
DROP INDEX ins_claim_lot;
CREATE INDEX ins_claim_lot ON ins_claim (gtin, (coalesce(lot, '')), id)
    WHERE closed_at IS NULL;
CREATE INDEX ins_claim_lot_approved ON ins_claim (gtin, (coalesce(lot, '')))
    WHERE approved_fen > 0 AND reason IN ('quality_defect', 'safety', 'not_as_declared');
