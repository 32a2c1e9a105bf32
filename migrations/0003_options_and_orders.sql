-- Menu options, Japanese, order numbers and dine-in or take-away.

-- An item's option groups (size, hot or iced, milk, extras), as JSON: [{ id, name: { en, ko?, ja? }, min, max,
-- options: [{ id, name, priceChange: { <currency>: amount }, default }] }]. Unlike prices, they are not rows per
-- currency: a kiosk reads a handful of them with its item, and an item is edited whole.
ALTER TABLE catalog_items ADD COLUMN option_groups TEXT NOT NULL DEFAULT '[]';

-- The ledger: a paid session's number at its store that day, and where the customer eats ('dine_in', 'take_away'),
-- where the kiosk asks.
ALTER TABLE sessions ADD COLUMN order_number INTEGER;
ALTER TABLE sessions ADD COLUMN service_mode TEXT;

-- The demo café menu gets Japanese names and its options, in every currency it is priced in. Only items an operator
-- has not renamed (still the demo's English name) and whose names or options were not set already: operators' own
-- edits stay.
UPDATE catalog_items SET names = json_set(names, '$.ja', 'アメリカーノ')
  WHERE id = 'americano' AND json_extract(names, '$.en') = 'Americano' AND json_extract(names, '$.ja') IS NULL;
UPDATE catalog_items SET names = json_set(names, '$.ja', 'カフェラテ')
  WHERE id = 'latte' AND json_extract(names, '$.en') = 'Café Latte' AND json_extract(names, '$.ja') IS NULL;
UPDATE catalog_items SET names = json_set(names, '$.ja', '緑茶')
  WHERE id = 'green-tea' AND json_extract(names, '$.en') = 'Green Tea' AND json_extract(names, '$.ja') IS NULL;
UPDATE catalog_items SET names = json_set(names, '$.ja', 'クロワッサン')
  WHERE id = 'croissant' AND json_extract(names, '$.en') = 'Croissant' AND json_extract(names, '$.ja') IS NULL;
UPDATE catalog_items SET names = json_set(names, '$.ja', 'ベーグル')
  WHERE id = 'bagel' AND json_extract(names, '$.en') = 'Bagel' AND json_extract(names, '$.ja') IS NULL;
UPDATE catalog_items SET names = json_set(names, '$.ja', 'オレンジジュース')
  WHERE id = 'orange-juice' AND json_extract(names, '$.en') = 'Orange Juice' AND json_extract(names, '$.ja') IS NULL;
UPDATE catalog_items SET option_groups = json('[
  {"id": "size", "name": {"en": "Size", "ko": "사이즈", "ja": "サイズ"}, "min": 1, "max": 1, "options": [
    {"id": "regular", "name": {"en": "Regular", "ko": "레귤러", "ja": "レギュラー"}, "priceChange": {}, "default": true},
    {"id": "large", "name": {"en": "Large", "ko": "라지", "ja": "ラージ"}, "priceChange": {"usd": 50, "eur": 50, "krw": 500, "jpy": 50}, "default": false}]},
  {"id": "temperature", "name": {"en": "Hot or iced", "ko": "핫/아이스", "ja": "ホット/アイス"}, "min": 1, "max": 1, "options": [
    {"id": "hot", "name": {"en": "Hot", "ko": "핫", "ja": "ホット"}, "priceChange": {}, "default": true},
    {"id": "iced", "name": {"en": "Iced", "ko": "아이스", "ja": "アイス"}, "priceChange": {}, "default": false}]},
  {"id": "extras", "name": {"en": "Extras", "ko": "추가", "ja": "トッピング"}, "min": 0, "max": 2, "options": [
    {"id": "extra-shot", "name": {"en": "Extra shot", "ko": "샷 추가", "ja": "ショット追加"}, "priceChange": {"usd": 50, "eur": 50, "krw": 500, "jpy": 50}, "default": false},
    {"id": "vanilla-syrup", "name": {"en": "Vanilla syrup", "ko": "바닐라 시럽", "ja": "バニラシロップ"}, "priceChange": {"usd": 50, "eur": 50, "krw": 500, "jpy": 50}, "default": false},
    {"id": "whipped-cream", "name": {"en": "Whipped cream", "ko": "휘핑크림", "ja": "ホイップクリーム"}, "priceChange": {"usd": 50, "eur": 50, "krw": 500, "jpy": 50}, "default": false}]}
]')
  WHERE id = 'americano' AND json_extract(names, '$.en') = 'Americano' AND option_groups = '[]';
UPDATE catalog_items SET option_groups = json('[
  {"id": "size", "name": {"en": "Size", "ko": "사이즈", "ja": "サイズ"}, "min": 1, "max": 1, "options": [
    {"id": "regular", "name": {"en": "Regular", "ko": "레귤러", "ja": "レギュラー"}, "priceChange": {}, "default": true},
    {"id": "large", "name": {"en": "Large", "ko": "라지", "ja": "ラージ"}, "priceChange": {"usd": 50, "eur": 50, "krw": 500, "jpy": 50}, "default": false}]},
  {"id": "temperature", "name": {"en": "Hot or iced", "ko": "핫/아이스", "ja": "ホット/アイス"}, "min": 1, "max": 1, "options": [
    {"id": "hot", "name": {"en": "Hot", "ko": "핫", "ja": "ホット"}, "priceChange": {}, "default": true},
    {"id": "iced", "name": {"en": "Iced", "ko": "아이스", "ja": "アイス"}, "priceChange": {}, "default": false}]},
  {"id": "milk", "name": {"en": "Milk", "ko": "우유", "ja": "ミルク"}, "min": 1, "max": 1, "options": [
    {"id": "whole-milk", "name": {"en": "Whole milk", "ko": "일반 우유", "ja": "牛乳"}, "priceChange": {}, "default": true},
    {"id": "skim-milk", "name": {"en": "Skim milk", "ko": "저지방 우유", "ja": "低脂肪乳"}, "priceChange": {}, "default": false},
    {"id": "oat-milk", "name": {"en": "Oat milk", "ko": "오트 우유", "ja": "オーツミルク"}, "priceChange": {"usd": 60, "eur": 50, "krw": 500, "jpy": 60}, "default": false}]},
  {"id": "extras", "name": {"en": "Extras", "ko": "추가", "ja": "トッピング"}, "min": 0, "max": 2, "options": [
    {"id": "extra-shot", "name": {"en": "Extra shot", "ko": "샷 추가", "ja": "ショット追加"}, "priceChange": {"usd": 50, "eur": 50, "krw": 500, "jpy": 50}, "default": false},
    {"id": "vanilla-syrup", "name": {"en": "Vanilla syrup", "ko": "바닐라 시럽", "ja": "バニラシロップ"}, "priceChange": {"usd": 50, "eur": 50, "krw": 500, "jpy": 50}, "default": false},
    {"id": "whipped-cream", "name": {"en": "Whipped cream", "ko": "휘핑크림", "ja": "ホイップクリーム"}, "priceChange": {"usd": 50, "eur": 50, "krw": 500, "jpy": 50}, "default": false}]}
]')
  WHERE id = 'latte' AND json_extract(names, '$.en') = 'Café Latte' AND option_groups = '[]';
UPDATE catalog_items SET option_groups = json('[
  {"id": "size", "name": {"en": "Size", "ko": "사이즈", "ja": "サイズ"}, "min": 1, "max": 1, "options": [
    {"id": "regular", "name": {"en": "Regular", "ko": "레귤러", "ja": "レギュラー"}, "priceChange": {}, "default": true},
    {"id": "large", "name": {"en": "Large", "ko": "라지", "ja": "ラージ"}, "priceChange": {"usd": 50, "eur": 50, "krw": 500, "jpy": 50}, "default": false}]},
  {"id": "temperature", "name": {"en": "Hot or iced", "ko": "핫/아이스", "ja": "ホット/アイス"}, "min": 1, "max": 1, "options": [
    {"id": "hot", "name": {"en": "Hot", "ko": "핫", "ja": "ホット"}, "priceChange": {}, "default": true},
    {"id": "iced", "name": {"en": "Iced", "ko": "아이스", "ja": "アイス"}, "priceChange": {}, "default": false}]}
]')
  WHERE id = 'green-tea' AND json_extract(names, '$.en') = 'Green Tea' AND option_groups = '[]';
UPDATE catalog_items SET option_groups = json('[
  {"id": "size", "name": {"en": "Size", "ko": "사이즈", "ja": "サイズ"}, "min": 1, "max": 1, "options": [
    {"id": "regular", "name": {"en": "Regular", "ko": "레귤러", "ja": "レギュラー"}, "priceChange": {}, "default": true},
    {"id": "large", "name": {"en": "Large", "ko": "라지", "ja": "ラージ"}, "priceChange": {"usd": 50, "eur": 50, "krw": 500, "jpy": 50}, "default": false}]}
]')
  WHERE id = 'orange-juice' AND json_extract(names, '$.en') = 'Orange Juice' AND option_groups = '[]';
