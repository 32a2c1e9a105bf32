-- The tip a customer added on the reader, beside the order's amount: a session's total is amount + tip, and its
-- refunds may reach that total. Rows written before this have no tip (0), as their sessions had none recorded here.
ALTER TABLE sessions ADD COLUMN tip INTEGER NOT NULL DEFAULT 0;
