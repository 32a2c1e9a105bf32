import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';

/** A year, and never revalidated: a new build of a file is a new name. */
const FOREVER = 'public, max-age=31536000, immutable';

/**
 * Vite's build output under /assets/, every file named by its content hash: browsers keep them for good (the static
 * assets' own default, `max-age=0, must-revalidate`, asks again for each on every load). A name not there (a chunk
 * of an earlier deployment, asked for by a page still open) is a 404: the static assets' single-page fallback would
 * answer it with the kiosk's page, which a browser then fails to run as a script or a style sheet.
 */
export const hashedAssetRoutes = new Hono<AppEnv>().get('*', async (c) => {
  const asset = await c.env.ASSETS.fetch(c.req.raw);
  if (asset.headers.get('Content-Type')?.startsWith('text/html')) throw new ApiError(404, 'not_found', 'No such file');
  const cached = new Response(asset.body, asset);
  if (asset.ok || asset.status === 304) cached.headers.set('Cache-Control', FOREVER);
  return cached;
});
