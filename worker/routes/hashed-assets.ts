import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';

/**
 * Vite's build output under /assets/, every file named by its content hash. A name not there (a chunk of an earlier
 * deployment, asked for by a page still open) is a 404: the static assets' single-page fallback would answer it with
 * the kiosk's page, which a browser then fails to run as a script or a style sheet.
 */
export const hashedAssetRoutes = new Hono<AppEnv>().get('*', async (c) => {
  const asset = await c.env.ASSETS.fetch(c.req.raw);
  if (asset.headers.get('Content-Type')?.startsWith('text/html')) throw new ApiError(404, 'not_found', 'No such file');
  return asset;
});
