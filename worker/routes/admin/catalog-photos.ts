import { Hono, type Context } from 'hono';
import type { CatalogEntry } from '../../../shared/api.ts';
import type { AppEnv } from '../../app-env.ts';
import { catalogEntry, itemExists, setItemPhoto } from '../../catalog/catalog-store.ts';
import { keepStored, PHOTO_MAX_BYTES, photoType, releaseUnshownPhotos, storePhoto } from '../../catalog/photos.ts';
import { ApiError } from '../../errors.ts';
import { limitBody } from '../../middleware/body-limit.ts';
import { valid } from '../../validation.ts';
import { itemParam, noSuchItem } from './catalog-params.ts';

/** The one admin request whose body is not small JSON (the admin routes leave its limit to it). */
export const isPhotoUpload = (c: Context): boolean => c.req.method === 'PUT' && /\/catalog\/items\/[^/]+\/photo$/.test(c.req.path);

/**
 * An item's photo: the image itself is the body (`Content-Type: image/jpeg`, `image/png` or `image/webp`, at most
 * 2 MB). It is stored under its content hash, and the item's `photoUrl` changes with it; the picture it replaces or
 * that is removed leaves R2 once no item shows it.
 */
export const adminCatalogPhotoRoutes = new Hono<AppEnv>()
  .put('/items/:id/photo', valid('param', itemParam), limitBody(PHOTO_MAX_BYTES, 'Photos'), async (c) => {
    const { id } = c.req.valid('param');
    if (!(await itemExists(c.env.DB, id))) throw noSuchItem(id);
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const type = photoType(c.req.header('Content-Type'), bytes);
    if ('problem' in type) throw new ApiError(415, 'unsupported_photo', type.problem);
    const hash = await storePhoto(c.env.PHOTOS, bytes, type.type);
    if (!(await setItemPhoto(c.env.DB, id, hash, Date.now()))) throw noSuchItem(id);
    await keepStored(c.env.PHOTOS, hash, bytes, type.type);
    await releaseUnshownPhotos(c.env);
    return c.json({ item: (await catalogEntry(c.env.DB, id))! satisfies CatalogEntry }, 200);
  })
  .delete('/items/:id/photo', valid('param', itemParam), async (c) => {
    const { id } = c.req.valid('param');
    if (!(await setItemPhoto(c.env.DB, id, null, Date.now()))) throw noSuchItem(id);
    await releaseUnshownPhotos(c.env);
    return c.json({ item: (await catalogEntry(c.env.DB, id))! satisfies CatalogEntry }, 200);
  });
