-- 0017_complaint_window.sql: the day the enterprise's negotiation window
-- ends while it is open and unanswered (NULL once answered, stopped, or for
-- a case with no window), kept with the case as its clocks change, so
-- that credit counts the enterprise's own overdue answers and not the
-- office's deadlines.
ALTER TABLE cmpl_case ADD COLUMN window_due date;
CREATE INDEX cmpl_case_window ON cmpl_case (enterprise_id, window_due)
    WHERE window_due IS NOT NULL;
