import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { requireAdmin } from '../../middleware/admin-auth.ts';
import { adminKioskRoutes } from './kiosks.ts';
import { adminMigrationRoutes } from './migrations.ts';
import { adminReaderRoutes } from './readers.ts';
import { adminSessionRoutes } from './sessions.ts';
import { adminStoreRoutes } from './stores.ts';

/** Everything operators do, behind the admin token. */
export const adminRoutes = new Hono<AppEnv>()
  .use(requireAdmin)
  .route('/kiosks', adminKioskRoutes)
  .route('/kiosks', adminReaderRoutes)
  .route('/sessions', adminSessionRoutes)
  .route('/stores', adminStoreRoutes)
  .route('/migrations', adminMigrationRoutes);
