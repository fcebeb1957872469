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
