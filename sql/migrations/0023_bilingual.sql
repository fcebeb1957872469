-- English beside Chinese where a person writes the text: the reason of a
-- recall, revocation or theft range, a penalty's violation, legal basis,
-- penalty and deciding authority, a credit repair's commitment and rectification, the title
-- of an inspection draw, the bonded warehouse of an inbound shipment, the
-- laboratory and items of an inspection, and why a commitment was broken. '' where only one language was given; pages fall
-- back to the other.
ALTER TABLE status_range
    ADD COLUMN reason_en text NOT NULL DEFAULT '' CHECK (length(reason_en) <= 500);

ALTER TABLE penalty
    ADD COLUMN violation_en text NOT NULL DEFAULT '' CHECK (length(violation_en) <= 1000),
    ADD COLUMN legal_basis_en text NOT NULL DEFAULT '' CHECK (length(legal_basis_en) <= 1000),
    ADD COLUMN penalty_en text NOT NULL DEFAULT '' CHECK (length(penalty_en) <= 500),
    ADD COLUMN authority_en text NOT NULL DEFAULT '' CHECK (length(authority_en) <= 200);

ALTER TABLE repair
    ADD COLUMN commitment_en text NOT NULL DEFAULT '' CHECK (length(commitment_en) <= 2000),
    ADD COLUMN rectification_en text NOT NULL DEFAULT '' CHECK (length(rectification_en) <= 2000);

ALTER TABLE draw
    ADD COLUMN title_en text NOT NULL DEFAULT '' CHECK (length(title_en) <= 200);

ALTER TABLE shipment
    ADD COLUMN warehouse_en text NOT NULL DEFAULT '' CHECK (length(warehouse_en) <= 100);

ALTER TABLE inspection
    ADD COLUMN lab_en text NOT NULL DEFAULT '' CHECK (length(lab_en) <= 200),
    ADD COLUMN items_en text NOT NULL DEFAULT '' CHECK (length(items_en) <= 1000);

ALTER TABLE commitment
    ADD COLUMN broken_reason_en text NOT NULL DEFAULT '' CHECK (length(broken_reason_en) <= 500);
