import { z } from 'zod';
import type { CatalogCategoryRequest, CatalogItemRequest } from '../../../shared/api.ts';
import { MAXIMUM_CHARGE } from '../../../shared/money.ts';
import { category, slug } from './catalog-params.ts';

const itemName = z.string().trim().min(1).max(60);
// English always, the other languages where given (a new language is one more key here, as in ItemNames).
const names = z.strictObject({ en: itemName, ko: itemName.optional(), ja: itemName.optional() });
const currency = z.string().regex(/^[a-z]{3}$/, 'a three-letter currency code in lowercase');
const wholeAmount = z.number().int('a whole number of the smallest currency unit');

const MAX_GROUPS = 10;
const MAX_OPTIONS = 20;

const option = z.strictObject({
  id: slug(32),
  name: names,
  // May lower the price (a smaller size); the line's price never goes below zero.
  priceChange: z.record(currency, wholeAmount.min(-MAXIMUM_CHARGE).max(MAXIMUM_CHARGE)).default({}),
  default: z.boolean().default(false),
});

const optionGroup = z
  .strictObject({
    id: slug(32),
    name: names,
    min: z.number().int().min(0).max(MAX_OPTIONS),
    max: z.number().int().min(1).max(MAX_OPTIONS),
    options: z.array(option).min(1, 'at least one option').max(MAX_OPTIONS),
  })
  .refine((group) => group.min <= group.max, { message: 'min must not be more than max', path: ['min'] })
  .refine((group) => group.max <= group.options.length, { message: 'max must not be more than the number of options', path: ['max'] })
  .refine((group) => group.options.filter((o) => o.default).length <= group.max, {
    message: 'more options chosen by default than max allows',
    path: ['options'],
  });

const uniqueIds = (ids: string[]) => new Set(ids).size === ids.length;

/** `PUT /api/admin/catalog/items/:id`. Prices in currencies the account takes, and option prices, are checked after. */
export const itemBody = z.strictObject({
  name: names,
  category,
  prices: z
    .record(currency, wholeAmount.positive().max(MAXIMUM_CHARGE))
    .refine((prices) => Object.keys(prices).length > 0, 'at least one price'),
  optionGroups: z
    .array(optionGroup)
    .max(MAX_GROUPS)
    .refine((groups) => uniqueIds(groups.map((g) => g.id)), 'each option group id once')
    .refine((groups) => uniqueIds(groups.flatMap((g) => g.options.map((o) => o.id))), 'each option id once in the item, across its groups')
    .optional(),
  available: z.boolean().optional(),
}) satisfies z.ZodType<CatalogItemRequest>;

/** `PUT /api/admin/catalog/categories/:id`: the category's names, English always. */
export const categoryBody = z.strictObject({ name: names }) satisfies z.ZodType<CatalogCategoryRequest>;
