-- Categories are the slugs items name; operators may name one in each language the kiosks speak (a category without
-- a row is shown as its slug reads). The demo menu's categories are named.

CREATE TABLE catalog_categories (
  id TEXT PRIMARY KEY,
  names TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

INSERT INTO catalog_categories (id, names, updated_at) VALUES
  ('coffee', '{"en":"Coffee","ko":"커피","ja":"コーヒー"}', 1),
  ('tea', '{"en":"Tea","ko":"차","ja":"お茶"}', 1),
  ('bakery', '{"en":"Bakery","ko":"베이커리","ja":"ベーカリー"}', 1),
  ('juice', '{"en":"Juice","ko":"주스","ja":"ジュース"}', 1)
ON CONFLICT (id) DO NOTHING;
