import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { failedPreconditionStatus } from '../catalog/photo-requests.ts';
import { PHOTO_KEY } from '../catalog/photos.ts';
import { ApiError } from '../errors.ts';
import { valid } from '../validation.ts';

const photoParam = z.object({ hash: z.string().regex(PHOTO_KEY, 'not a photo') });

/** A year, and never revalidated: a photo's URL is its content hash, so a new picture is a new URL. */
const FOREVER = 'public, max-age=31536000, immutable';

/** Menu photos, public: kiosks and the console show them, and kiosks keep them for when they are offline. */
export const photoRoutes = new Hono<AppEnv>().get('/:hash', valid('param', photoParam), async (c) => {
  const photo = await c.env.PHOTOS.get(c.req.valid('param').hash, { onlyIf: c.req.raw.headers });
  if (!photo) throw new ApiError(404, 'photo_not_found', 'No such photo');
  const headers = { 'Cache-Control': FOREVER, ETag: photo.httpEtag, 'Content-Type': photo.httpMetadata?.contentType ?? 'application/octet-stream' };
  // No body: a precondition failed. The client's copy is this very photo (If-None-Match: 304), or it is not (If-Match: 412).
  if (!('body' in photo)) {
    if (failedPreconditionStatus(c.req.raw.headers, photo) === 412) {
      throw new ApiError(412, 'precondition_failed', 'The photo is not the version the request names');
    }
    return c.body(null, 304, headers);
  }
  return c.body(photo.body, 200, headers);
});
