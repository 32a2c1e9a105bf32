import { Hono, type Context } from 'hono';
import type { CatalogCategory, CatalogEntry, CatalogListResponse } from '../../../shared/api.ts';
import type { AppEnv } from '../../app-env.ts';
import { catalogEntry, deleteCatalogItem, deleteCategory, listCatalog, listCategories, putCatalogItem, putCategory } from '../../catalog/catalog-store.ts';
import { releaseUnshownPhotos } from '../../catalog/photos.ts';
import { inCurrencies, optionPriceProblem } from '../../catalog/option-groups.ts';
import { ApiError } from '../../errors.ts';
import { accountRegion } from '../../kiosks/account-region.ts';
import { limitBody, MENU_ITEM_BODY_LIMIT } from '../../middleware/body-limit.ts';
import { valid } from '../../validation.ts';
import { categoryBody, itemBody } from './catalog-item-body.ts';
import { categoryParam, itemParam, noSuchCategory, noSuchItem } from './catalog-params.ts';

/**
 * Only currencies this Stripe account can take in person: Terminal takes the account's local currency alone
 * (shared/terminal-regions.ts), so a price in another could never be paid.
 */
async function assertPayableCurrencies(env: Env, prices: Record<string, number>): Promise<void> {
  const region = await accountRegion(env);
  const other = Object.keys(prices).find((currency) => currency !== region.currency);
  if (other) {
    throw new ApiError(
      400,
      'currency_not_supported',
      `This Stripe account (${region.country}) takes in-person payments only in ${region.currency.toUpperCase()}, not ${other.toUpperCase()}`,
    );
  }
}

/** A menu item's `PUT`, whose body has a bigger limit of its own. */
export const isMenuItemUpload = (c: Context): boolean => c.req.method === 'PUT' && /\/catalog\/items\/[^/]+$/.test(c.req.path);

/**
 * The fleet's menu (D1). Kiosks see a change within seconds (their objects keep their menu a few seconds at most);
 * an open checkout keeps the prices it was created with.
 */
export const adminCatalogRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const [items, categories] = await Promise.all([listCatalog(c.env.DB), listCategories(c.env.DB)]);
    return c.json({ items, categories } satisfies CatalogListResponse, 200);
  })
  .put('/items/:id', valid('param', itemParam), limitBody(MENU_ITEM_BODY_LIMIT, 'Menu items'), valid('json', itemBody), async (c) => {
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    await assertPayableCurrencies(c.env, input.prices);
    // Groups left out stay as they are, in the currencies the item keeps: they must still fit the new prices.
    const kept = input.optionGroups ? null : (await catalogEntry(c.env.DB, id))?.optionGroups;
    const groups = input.optionGroups ?? (kept && inCurrencies(kept, input.prices)) ?? [];
    const problem = optionPriceProblem(groups, input.prices);
    if (problem) throw new ApiError(400, 'invalid_request', problem);
    const { created } = await putCatalogItem(c.env.DB, id, { ...input, optionGroups: input.optionGroups ?? (kept ? groups : null) }, Date.now());
    return c.json({ item: (await catalogEntry(c.env.DB, id))! satisfies CatalogEntry }, created ? 201 : 200);
  })
  .delete('/items/:id', valid('param', itemParam), async (c) => {
    const { id } = c.req.valid('param');
    if (!(await deleteCatalogItem(c.env.DB, id))) throw noSuchItem(id);
    await releaseUnshownPhotos(c.env);
    return c.json({ id, deleted: true }, 200);
  })
  // A category is named whether or not an item is in it yet: an operator may name it before filling it.
  .put('/categories/:id', valid('param', categoryParam), valid('json', categoryBody), async (c) => {
    const { id } = c.req.valid('param');
    const { category, created } = await putCategory(c.env.DB, id, c.req.valid('json').name, Date.now());
    return c.json({ category } satisfies { category: CatalogCategory }, created ? 201 : 200);
  })
  .delete('/categories/:id', valid('param', categoryParam), async (c) => {
    const { id } = c.req.valid('param');
    if (!(await deleteCategory(c.env.DB, id))) throw noSuchCategory(id);
    return c.json({ id, deleted: true }, 200);
  });
