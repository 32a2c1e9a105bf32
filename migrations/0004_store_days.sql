-- Sales reports count each store's own days: a payment at 00:30 in Seoul is that Seoul day's takings, not the UTC
-- day before. The checkout objects write each payment's and refund's day in their kiosk's time zone.

ALTER TABLE payments ADD COLUMN store_day TEXT;
ALTER TABLE refunds ADD COLUMN store_day TEXT;

-- Rows written before this migration knew no time zone: they keep the UTC day they were reported on until then.
UPDATE payments SET store_day = date(paid_at / 1000, 'unixepoch') WHERE store_day IS NULL;
UPDATE refunds SET store_day = date(created_at / 1000, 'unixepoch') WHERE store_day IS NULL;

-- So do rows that a version from before writes between this migration and the deploy of the version that knows the
-- column: the report never misses a payment or a refund.
CREATE TRIGGER payments_store_day_default AFTER INSERT ON payments WHEN NEW.store_day IS NULL
BEGIN
  UPDATE payments SET store_day = date(NEW.paid_at / 1000, 'unixepoch') WHERE payment_intent_id = NEW.payment_intent_id;
END;
CREATE TRIGGER refunds_store_day_default AFTER INSERT ON refunds WHEN NEW.store_day IS NULL
BEGIN
  UPDATE refunds SET store_day = date(NEW.created_at / 1000, 'unixepoch') WHERE id = NEW.id;
END;

-- A report reads a range of days, for every store or for one. The reports were the only readers of the UTC-time
-- indexes these replace.
CREATE INDEX payments_by_store_day ON payments (store_day);
CREATE INDEX payments_by_location_day ON payments (location_id, store_day);
CREATE INDEX refunds_by_store_day ON refunds (store_day);
CREATE INDEX refunds_by_location_day ON refunds (location_id, store_day);
DROP INDEX payments_by_paid;
DROP INDEX payments_by_location;
DROP INDEX refunds_by_created;
