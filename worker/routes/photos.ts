import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { failedPreconditionStatus, rangeWithin, requestedRange } from '../catalog/photo-requests.ts';
import { PHOTO_KEY } from '../catalog/photos.ts';
import { ApiError } from '../errors.ts';
import { valid } from '../validation.ts';

const photoParam = z.object({ hash: z.string().regex(PHOTO_KEY, 'not a photo') });

/** A year, and never revalidated: a photo's URL is its content hash, so a new picture is a new URL. */
const FOREVER = 'public, max-age=31536000, immutable';

/** Menu photos, public: kiosks and the console show them, and kiosks keep them for when they are offline. */
export const photoRoutes = new Hono<AppEnv>().get('/:hash', valid('param', photoParam), async (c) => {
  const { hash } = c.req.valid('param');
  const asked = requestedRange(c.req.header('Range'), c.req.header('If-Range'));
  // R2 reads a range cut at the photo's end, and serves a range past it whole: its size says what the range comes to.
  const stored = asked ? await c.env.PHOTOS.head(hash) : null;
  const range = asked && stored ? rangeWithin(asked, stored.size) : null;
  const photo = await c.env.PHOTOS.get(hash, { onlyIf: c.req.raw.headers, ...(range ? { range } : {}) });
  if (!photo) throw new ApiError(404, 'photo_not_found', 'No such photo');
  const headers = {
    'Accept-Ranges': 'bytes',
    'Cache-Control': FOREVER,
    ETag: photo.httpEtag,
    'Content-Type': photo.httpMetadata?.contentType ?? 'application/octet-stream',
  };
  // No body: a precondition failed. The client's copy is this very photo (If-None-Match: 304), or it is not (If-Match: 412).
  if (!('body' in photo)) {
    if (failedPreconditionStatus(c.req.raw.headers, photo) === 412) {
      throw new ApiError(412, 'precondition_failed', 'The photo is not the version the request names');
    }
    return c.body(null, 304, headers);
  }
  if (asked && stored && !range) {
    await photo.body.cancel();
    throw new ApiError(416, 'range_not_satisfiable', `The photo has ${photo.size} bytes`, {
      'Accept-Ranges': 'bytes',
      'Content-Range': `bytes */${photo.size}`,
    });
  }
  if (!range) return c.body(photo.body, 200, { ...headers, 'Content-Length': String(photo.size) });
  return c.body(photo.body, 206, {
    ...headers,
    'Content-Length': String(range.length),
    'Content-Range': `bytes ${range.offset}-${range.offset + range.length - 1}/${photo.size}`,
  });
});
