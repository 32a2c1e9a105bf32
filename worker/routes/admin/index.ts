import { Hono } from 'hono';
import { except } from 'hono/combine';
import type { AdminIdentity } from '../../../shared/api.ts';
import type { AppEnv } from '../../app-env.ts';
import { ApiError } from '../../errors.ts';
import { requireAccessWhenConfigured, requireAdmin } from '../../middleware/admin-auth.ts';
import { JSON_BODY_LIMIT, limitBody } from '../../middleware/body-limit.ts';
import { adminAccountRoutes } from './account.ts';
import { adminCatalogPhotoRoutes, isPhotoUpload } from './catalog-photos.ts';
import { adminCatalogRoutes, isMenuItemUpload } from './catalog.ts';
import { adminKioskRoutes } from './kiosks.ts';
import { adminLocationRoutes } from './locations.ts';
import { adminMigrationRoutes } from './migrations.ts';
import { adminReaderRoutes } from './readers.ts';
import { adminReportRoutes } from './reports.ts';
import { adminSessionRoutes } from './sessions.ts';
import { adminSignInRoutes } from './sign-in.ts';
import { adminStoreRoutes } from './stores.ts';

/** Everything operators do: behind Cloudflare Access when it is configured, then the admin token or the console's sign-in. */
export const adminRoutes = new Hono<AppEnv>()
  // Bodies are measured before anything else (a 413 costs nothing); photos and menu items have bigger limits of their own.
  .use(except((c) => isPhotoUpload(c) || isMenuItemUpload(c), limitBody(JSON_BODY_LIMIT)))
  .use(requireAccessWhenConfigured)
  .route('/', adminSignInRoutes)
  .use(requireAdmin)
  .get('/me', (c) => c.json(c.var.admin satisfies AdminIdentity, 200))
  .route('/account', adminAccountRoutes)
  .route('/catalog', adminCatalogPhotoRoutes)
  .route('/catalog', adminCatalogRoutes)
  .route('/locations', adminLocationRoutes)
  .route('/reports', adminReportRoutes)
  .route('/kiosks', adminKioskRoutes)
  .route('/kiosks', adminReaderRoutes)
  .route('/sessions', adminSessionRoutes)
  .route('/stores', adminStoreRoutes)
  .route('/migrations', adminMigrationRoutes)
  // Past the admin token: a mistyped path is a 404, never a kiosk's sign-in failure.
  .all('*', () => {
    throw new ApiError(404, 'not_found', 'No such admin route');
  });
