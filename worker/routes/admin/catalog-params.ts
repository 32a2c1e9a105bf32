import { z } from 'zod';
import { ApiError } from '../../errors.ts';

/** Ids and categories are slugs: lowercase letters and digits, words joined by single hyphens. */
export const slug = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a slug: lowercase letters and digits, words joined by single hyphens');

export const itemId = slug(64);
export const category = slug(32);
export const itemParam = z.object({ id: itemId });
export const categoryParam = z.object({ id: category });
export const locationId = z.string().regex(/^tml_[A-Za-z0-9]{1,64}$/, 'a Terminal Location id (tml_...)');

export const noSuchItem = (id: string) => new ApiError(404, 'item_not_found', `There is no item "${id}" in the catalog`);
export const noSuchCategory = (id: string) => new ApiError(404, 'category_not_found', `No category "${id}" has names`);
