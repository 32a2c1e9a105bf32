import { Hono } from 'hono';
import { z } from 'zod';
import type { CatalogEntry, CatalogItemRequest } from '../../../shared/api.ts';
import { MAXIMUM_CHARGE } from '../../../shared/money.ts';
import type { AppEnv } from '../../app-env.ts';
import { catalogEntry, deleteCatalogItem, listCatalog, putCatalogItem } from '../../catalog/catalog-store.ts';
import { ApiError } from '../../errors.ts';
import { accountRegion } from '../../kiosks/account-region.ts';
import { valid } from '../../validation.ts';
import { category, itemParam, noSuchItem } from './catalog-params.ts';

const itemName = z.string().trim().min(1).max(60);

const itemBody = z.strictObject({
  // English always, the other languages where given (a new language is one more key here, as in ItemNames).
  name: z.strictObject({ en: itemName, ko: itemName.optional() }),
  category,
  prices: z
    .record(
      z.string().regex(/^[a-z]{3}$/, 'a three-letter currency code in lowercase'),
      z.number().int('a whole number of the smallest currency unit').positive().max(MAXIMUM_CHARGE),
    )
    .refine((prices) => Object.keys(prices).length > 0, 'at least one price'),
  available: z.boolean().optional(),
}) satisfies z.ZodType<CatalogItemRequest>;

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

/**
 * The fleet's menu (D1). Kiosks see a change within seconds (their objects keep their menu a few seconds at most);
 * an open checkout keeps the prices it was created with.
 */
export const adminCatalogRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.json({ items: await listCatalog(c.env.DB) } satisfies { items: CatalogEntry[] }, 200))
  .put('/items/:id', valid('param', itemParam), valid('json', itemBody), async (c) => {
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    await assertPayableCurrencies(c.env, input.prices);
    const { created } = await putCatalogItem(c.env.DB, id, input, Date.now());
    return c.json({ item: (await catalogEntry(c.env.DB, id))! satisfies CatalogEntry }, created ? 201 : 200);
  })
  .delete('/items/:id', valid('param', itemParam), async (c) => {
    const { id } = c.req.valid('param');
    if (!(await deleteCatalogItem(c.env.DB, id))) throw noSuchItem(id);
    return c.json({ id, deleted: true }, 200);
  });
