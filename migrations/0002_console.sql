-- The operators' console: the fleet's menu, pairing codes, ended console sign-ins, and an index for sales reports.

-- The fleet's menu. `names` is a JSON map from language to name ({"en": "...", "ko": "..."}): another language is
-- another key, not another column. Prices are rows, one per currency, so a kiosk reads only its own currency's.
CREATE TABLE catalog_items (
  id TEXT PRIMARY KEY,
  category TEXT NOT NULL,
  names TEXT NOT NULL,
  -- The photo's SHA-256 (hex): its key in the PHOTOS bucket and the last part of its public URL.
  photo TEXT,
  -- 0: sold out at every store.
  available INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX catalog_items_by_created ON catalog_items (created_at, id);

CREATE TABLE catalog_prices (
  item_id TEXT NOT NULL REFERENCES catalog_items (id) ON DELETE CASCADE,
  currency TEXT NOT NULL,
  -- In the currency's smallest unit.
  amount INTEGER NOT NULL,
  PRIMARY KEY (item_id, currency)
);
CREATE INDEX catalog_prices_by_currency ON catalog_prices (currency, item_id);

-- What a store (a Terminal Location) has sold out of; no row: available.
CREATE TABLE catalog_availability (
  location_id TEXT NOT NULL,
  item_id TEXT NOT NULL REFERENCES catalog_items (id) ON DELETE CASCADE,
  available INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (location_id, item_id)
);
CREATE INDEX catalog_availability_by_item ON catalog_availability (item_id);

-- The demo café menu every database starts with; operators edit or delete it. Prices in usd, eur, krw and jpy
-- (a kiosk shows the items priced in its own currency).
INSERT INTO catalog_items (id, category, names, created_at, updated_at) VALUES
  ('americano', 'coffee', '{"en":"Americano","ko":"아메리카노"}', 1, 1),
  ('latte', 'coffee', '{"en":"Café Latte","ko":"카페 라테"}', 2, 2),
  ('green-tea', 'tea', '{"en":"Green Tea","ko":"녹차"}', 3, 3),
  ('croissant', 'bakery', '{"en":"Croissant","ko":"크루아상"}', 4, 4),
  ('bagel', 'bakery', '{"en":"Bagel","ko":"베이글"}', 5, 5),
  ('orange-juice', 'juice', '{"en":"Orange Juice","ko":"오렌지 주스"}', 6, 6);

INSERT INTO catalog_prices (item_id, currency, amount) VALUES
  ('americano', 'usd', 450), ('americano', 'eur', 400), ('americano', 'krw', 4500), ('americano', 'jpy', 500),
  ('latte', 'usd', 550), ('latte', 'eur', 500), ('latte', 'krw', 5000), ('latte', 'jpy', 600),
  ('green-tea', 'usd', 400), ('green-tea', 'eur', 350), ('green-tea', 'krw', 4000), ('green-tea', 'jpy', 450),
  ('croissant', 'usd', 350), ('croissant', 'eur', 300), ('croissant', 'krw', 3500), ('croissant', 'jpy', 400),
  ('bagel', 'usd', 300), ('bagel', 'eur', 300), ('bagel', 'krw', 3000), ('bagel', 'jpy', 350),
  ('orange-juice', 'usd', 500), ('orange-juice', 'eur', 450), ('orange-juice', 'krw', 5500), ('orange-juice', 'jpy', 550);

-- One-time codes that pair a tablet with its kiosk: only their SHA-256 is kept. `used_at` is set once, by the
-- exchange that wins (a conditional update), so a code pairs one tablet at most.
CREATE TABLE pairing_codes (
  code_hash TEXT PRIMARY KEY,
  kiosk_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE INDEX pairing_codes_by_expiry ON pairing_codes (expires_at);

-- Console sign-ins ended by logout before they expired: their cookies are refused until then.
CREATE TABLE admin_sessions_ended (
  session_id TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
);
CREATE INDEX admin_sessions_ended_by_expiry ON admin_sessions_ended (expires_at);

-- Daily sales per store count refunds by the day they were made.
CREATE INDEX refunds_by_location ON refunds (location_id, created_at);
