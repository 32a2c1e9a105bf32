import type { CatalogCategory, CatalogEntry, CatalogOptionGroup, CatalogResponse, ItemNames, KioskOptionGroup } from '../../shared/api.ts';

/**
 * The fleet's menu in D1 (migrations/0002, 0003, 0005): items with their option groups, their prices per currency,
 * what each store sold out of, and the names operators gave its categories.
 */

interface ItemRow {
  id: string;
  category: string;
  names: string;
  option_groups: string;
  photo: string | null;
  available: number;
  created_at: number;
  updated_at: number;
}

/** Where a photo is served, by its content hash: the URL changes whenever the picture does. */
export const photoUrl = (hash: string | null): string | null => (hash ? `/photos/${hash}` : null);

/** Every item as operators edit it, or only the one named. */
async function entries(db: D1Database, onlyId?: string): Promise<CatalogEntry[]> {
  const where = (idColumn: string, ...conditions: string[]) => {
    const all = onlyId === undefined ? conditions : [`${idColumn} = ?1`, ...conditions];
    return all.length > 0 ? `WHERE ${all.join(' AND ')}` : '';
  };
  const query = (sql: string) => (onlyId === undefined ? db.prepare(sql) : db.prepare(sql).bind(onlyId));
  const [items, prices, soldOut] = await db.batch<Record<string, unknown>>([
    query(`SELECT * FROM catalog_items ${where('id')} ORDER BY created_at, id`),
    query(`SELECT item_id, currency, amount FROM catalog_prices ${where('item_id')}`),
    query(`SELECT item_id, location_id FROM catalog_availability ${where('item_id', 'available = 0')}`),
  ]);
  const pricesOf = new Map<string, Record<string, number>>();
  for (const row of prices!.results as { item_id: string; currency: string; amount: number }[]) {
    pricesOf.set(row.item_id, { ...pricesOf.get(row.item_id), [row.currency]: row.amount });
  }
  const soldOutAt = new Map<string, string[]>();
  for (const row of soldOut!.results as { item_id: string; location_id: string }[]) {
    soldOutAt.set(row.item_id, [...(soldOutAt.get(row.item_id) ?? []), row.location_id]);
  }
  return (items!.results as unknown as ItemRow[]).map((row) => ({
    id: row.id,
    category: row.category,
    name: JSON.parse(row.names) as ItemNames,
    prices: pricesOf.get(row.id) ?? {},
    optionGroups: JSON.parse(row.option_groups) as CatalogOptionGroup[],
    available: row.available === 1,
    photoUrl: photoUrl(row.photo),
    soldOutAt: (soldOutAt.get(row.id) ?? []).sort(),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

export const listCatalog = (db: D1Database): Promise<CatalogEntry[]> => entries(db);

export const catalogEntry = async (db: D1Database, id: string): Promise<CatalogEntry | null> => (await entries(db, id))[0] ?? null;

/** An item as it is saved: its option groups null to keep those it has. */
export interface CatalogItemUpdate {
  name: ItemNames;
  category: string;
  prices: Record<string, number>;
  optionGroups: CatalogOptionGroup[] | null;
  available?: boolean;
}

/**
 * Creates the item or replaces its names, category, prices, availability and (unless null) option groups; its photo
 * and stores' availability stay.
 */
export async function putCatalogItem(db: D1Database, id: string, input: CatalogItemUpdate, now: number): Promise<{ created: boolean }> {
  const optionGroups = input.optionGroups && JSON.stringify(input.optionGroups);
  // Asked in the same batch (one transaction) as the write: of two puts of a new item at once, one created it.
  const [existed] = await db.batch([
    db.prepare('SELECT 1 FROM catalog_items WHERE id = ?').bind(id),
    db
      .prepare(
        `INSERT INTO catalog_items (id, category, names, option_groups, available, created_at, updated_at)
         VALUES (?1, ?2, ?3, COALESCE(?4, '[]'), ?5, ?6, ?6)
         ON CONFLICT (id) DO UPDATE SET category = excluded.category, names = excluded.names,
           option_groups = COALESCE(?4, catalog_items.option_groups), available = excluded.available, updated_at = excluded.updated_at`,
      )
      .bind(id, input.category, JSON.stringify(input.name), optionGroups, input.available === false ? 0 : 1, now),
    db.prepare('DELETE FROM catalog_prices WHERE item_id = ?').bind(id),
    ...Object.entries(input.prices).map(([currency, amount]) =>
      db.prepare('INSERT INTO catalog_prices (item_id, currency, amount) VALUES (?, ?, ?)').bind(id, currency, amount),
    ),
  ]);
  return { created: existed!.results.length === 0 };
}

/** Deletes the item with its prices and availability (foreign keys cascade); false if there was none. */
export async function deleteCatalogItem(db: D1Database, id: string): Promise<boolean> {
  return (await db.prepare('DELETE FROM catalog_items WHERE id = ?').bind(id).run()).meta.changes > 0;
}

/** Sets or removes (null) the item's photo; false if there is no such item. */
export async function setItemPhoto(db: D1Database, id: string, hash: string | null, now: number): Promise<boolean> {
  return (await db.prepare('UPDATE catalog_items SET photo = ?, updated_at = ? WHERE id = ?').bind(hash, now, id).run()).meta.changes > 0;
}

/** Every photo some item shows. */
export async function photosInUse(db: D1Database): Promise<Set<string>> {
  const { results } = await db.prepare('SELECT DISTINCT photo FROM catalog_items WHERE photo IS NOT NULL').all<{ photo: string }>();
  return new Set(results.map((row) => row.photo));
}

export async function photoInUse(db: D1Database, hash: string): Promise<boolean> {
  return (await db.prepare('SELECT 1 FROM catalog_items WHERE photo = ? LIMIT 1').bind(hash).first()) !== null;
}

export async function itemExists(db: D1Database, id: string): Promise<boolean> {
  return (await db.prepare('SELECT 1 FROM catalog_items WHERE id = ?').bind(id).first()) !== null;
}

/** Marks the item sold out (or back) at one store. */
export async function setAvailability(db: D1Database, locationId: string, id: string, available: boolean, now: number): Promise<void> {
  await db
    .prepare(
      `INSERT INTO catalog_availability (location_id, item_id, available, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (location_id, item_id) DO UPDATE SET available = excluded.available, updated_at = excluded.updated_at`,
    )
    .bind(locationId, id, available ? 1 : 0, now)
    .run();
}

export async function hasPricesIn(db: D1Database, currency: string): Promise<boolean> {
  return (await db.prepare('SELECT 1 FROM catalog_prices WHERE currency = ? LIMIT 1').bind(currency).first()) !== null;
}

interface CategoryRow {
  id: string;
  names: string;
  updated_at: number;
}

const ALL_CATEGORIES = 'SELECT id, names, updated_at FROM catalog_categories ORDER BY id';

export async function listCategories(db: D1Database): Promise<CatalogCategory[]> {
  const { results } = await db.prepare(ALL_CATEGORIES).all<CategoryRow>();
  return results.map((row) => ({ id: row.id, name: JSON.parse(row.names) as ItemNames, updatedAt: row.updated_at }));
}

/** Names the category (or renames it): the category as saved, and whether it had no names before. */
export async function putCategory(db: D1Database, id: string, name: ItemNames, now: number): Promise<{ category: CatalogCategory; created: boolean }> {
  const [existed] = await db.batch([
    db.prepare('SELECT 1 FROM catalog_categories WHERE id = ?').bind(id),
    db
      .prepare(
        `INSERT INTO catalog_categories (id, names, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (id) DO UPDATE SET names = excluded.names, updated_at = excluded.updated_at`,
      )
      .bind(id, JSON.stringify(name), now),
  ]);
  return { category: { id, name, updatedAt: now }, created: existed!.results.length === 0 };
}

/** Forgets the category's names (its items keep it, shown as its slug reads); false when it had none. */
export async function deleteCategory(db: D1Database, id: string): Promise<boolean> {
  const { meta } = await db.prepare('DELETE FROM catalog_categories WHERE id = ?').bind(id).run();
  return meta.changes > 0;
}

/** Option groups as a kiosk shows them: names in every language, price changes in the kiosk's currency. */
const kioskOptionGroups = (groups: CatalogOptionGroup[], currency: string): KioskOptionGroup[] =>
  groups.map((group) => ({
    id: group.id,
    name: group.name.en,
    names: group.name,
    min: group.min,
    max: group.max,
    options: group.options.map((option) => ({
      id: option.id,
      name: option.name.en,
      names: option.name,
      priceChange: option.priceChange[currency] ?? 0,
      default: option.default,
    })),
  }));

interface MenuRow {
  id: string;
  category: string;
  names: string;
  option_groups: string;
  photo: string | null;
  amount: number;
  available: number;
}

/** A kiosk's menu: the items priced in its currency, each available unless sold out everywhere or at its store. */
export async function kioskMenu(db: D1Database | D1DatabaseSession, currency: string, locationId: string): Promise<CatalogResponse> {
  const [items, categories] = await db.batch<Record<string, unknown>>([
    db
      .prepare(
        `SELECT i.id, i.category, i.names, i.option_groups, i.photo, p.amount,
                i.available = 1 AND COALESCE(a.available, 1) = 1 AS available
         FROM catalog_items i
         JOIN catalog_prices p ON p.item_id = i.id AND p.currency = ?1
         LEFT JOIN catalog_availability a ON a.item_id = i.id AND a.location_id = ?2
         ORDER BY i.created_at, i.id`,
      )
      .bind(currency, locationId),
    db.prepare(ALL_CATEGORIES),
  ]);
  const rows = items!.results as unknown as MenuRow[];
  const inMenu = new Set(rows.map((row) => row.category));
  return {
    currency,
    categories: (categories!.results as unknown as CategoryRow[])
      .filter((row) => inMenu.has(row.id))
      .map((row) => {
        const names = JSON.parse(row.names) as ItemNames;
        return { id: row.id, name: names.en, names };
      }),
    items: rows.map((row) => {
      const names = JSON.parse(row.names) as ItemNames;
      return {
        id: row.id,
        name: names.en,
        price: row.amount,
        category: row.category,
        names,
        photoUrl: photoUrl(row.photo),
        available: row.available === 1,
        optionGroups: kioskOptionGroups(JSON.parse(row.option_groups) as CatalogOptionGroup[], currency),
      };
    }),
  };
}
