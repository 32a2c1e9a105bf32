-- The fleet's ledger: written by the kiosk and session Durable Objects off the request path, at least once and
-- idempotently (rows keyed by their ids; an older snapshot never overwrites a newer one: `version`), and read only by
-- operators. Never read on a kiosk request.

-- The kiosk directory.
CREATE TABLE kiosks (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  location_id TEXT NOT NULL,
  currency TEXT NOT NULL,
  language TEXT NOT NULL,
  reader_id TEXT,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL
);
CREATE INDEX kiosks_by_created ON kiosks (created_at, id);
CREATE INDEX kiosks_by_location ON kiosks (location_id, created_at, id);

-- One row per checkout session: what was sold, where, and how it ended.
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  kiosk_id TEXT NOT NULL,
  location_id TEXT NOT NULL,
  amount INTEGER NOT NULL,
  currency TEXT NOT NULL,
  status TEXT NOT NULL,
  payment_intent_id TEXT,
  charge_id TEXT,
  refunded INTEGER NOT NULL DEFAULT 0,
  cancellation_reason TEXT,
  attention_reason TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL
);
CREATE INDEX sessions_by_created ON sessions (created_at, id);
CREATE INDEX sessions_by_kiosk ON sessions (kiosk_id, created_at, id);
CREATE INDEX sessions_by_location ON sessions (location_id, created_at, id);
CREATE INDEX sessions_by_status ON sessions (status, created_at, id);

-- One row per payment taken (a succeeded PaymentIntent).
CREATE TABLE payments (
  payment_intent_id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  kiosk_id TEXT NOT NULL,
  location_id TEXT NOT NULL,
  charge_id TEXT,
  amount INTEGER NOT NULL,
  currency TEXT NOT NULL,
  card_brand TEXT,
  card_last4 TEXT,
  paid_at INTEGER NOT NULL,
  version INTEGER NOT NULL
);
CREATE INDEX payments_by_paid ON payments (paid_at);
CREATE INDEX payments_by_location ON payments (location_id, paid_at);

-- One row per refund of a payment.
CREATE TABLE refunds (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  payment_intent_id TEXT NOT NULL,
  kiosk_id TEXT NOT NULL,
  location_id TEXT NOT NULL,
  amount INTEGER NOT NULL,
  currency TEXT NOT NULL,
  status TEXT NOT NULL,
  reason TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL
);
CREATE INDEX refunds_by_session ON refunds (session_id);
CREATE INDEX refunds_by_created ON refunds (created_at);
