-- 0015_complaint_credit.sql: complaints count in the credit rating. A new
-- rule set version, the active one with three more factors (docs/credit.md):
-- upheld complaints per thousand declared orders (guarded against small
-- samples), complaints answered after the enterprise's window, and
-- complaints waiting past it. The facts come from the outcomes frozen
-- when cases close (complaints/credit.c).
INSERT INTO rating_rules (body, note, created_by, active)
SELECT jsonb_set(body, '{factors}', (body->'factors') || $json$[
    {"code": "complaints_upheld", "fact": "complaints_upheld", "per": "orders", "guard": 200, "points": -2, "cap": -80,
     "zh": "投诉经调解或和解成立（每千单）", "en": "Upheld complaints (per thousand declared orders)",
     "raise_zh": "改进商品和售后，在企业协商期内妥善解决纠纷", "raise_en": "Improve products and after-sales care; settle disputes in the negotiation window"},
    {"code": "complaints_answered_late", "fact": "complaints_answered_late", "points": -10, "cap": -50,
     "zh": "未在企业协商期内答复的投诉", "en": "Complaints answered after the enterprise's window",
     "raise_zh": "在10个工作日内答复投诉", "raise_en": "Answer complaints within 10 working days"},
    {"code": "complaints_overdue", "fact": "complaints_overdue", "points": -10, "cap": -50,
     "zh": "协商期已过仍未答复的投诉", "en": "Complaints past the enterprise's window without an answer",
     "raise_zh": "立即答复待处理的投诉", "raise_en": "Answer the waiting complaints now"}
]$json$::jsonb), 'complaints count: upheld per thousand orders, late and overdue answers',
       'migration 0015', false
FROM rating_rules WHERE active;
UPDATE rating_rules SET active = false WHERE active;
UPDATE rating_rules SET active = true
WHERE version = (SELECT max(version) FROM rating_rules);
