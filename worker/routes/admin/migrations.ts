import { Hono } from 'hono';
import type { LegacyMigrationProgress } from '../../../shared/api.ts';
import type { AppEnv } from '../../app-env.ts';
import { kioskObject, legacyRegistry, sessionObject } from '../../objects.ts';

/**
 * How many kiosks and sessions one call copies. Each is one Durable Object call, and the registry is called twice (for
 * the batch, then to note it): 27 subrequests, about half of what one request may make on Workers Free (50; Paid:
 * 10,000 by default, https://developers.cloudflare.com/workers/platform/limits/). The route runs no D1 statement
 * itself: the adopted kiosks and the sessions write their ledger rows from their own alarms.
 */
export const LEGACY_MIGRATION_BATCH = 25;

/**
 * The upgrade from the single fleet registry of earlier versions, a bounded step per call: every kiosk is adopted by
 * its own object (its token keeps working) and enters the D1 directory; every session enters the D1 ledger. The
 * registry remembers what was copied, so the next call goes on from there; the operator calls it until `done`.
 */
export const adminMigrationRoutes = new Hono<AppEnv>().post('/legacy-registry', async (c) => {
  const registry = legacyRegistry(c.env);
  const batch = await registry.migrationBatch(LEGACY_MIGRATION_BATCH);
  await Promise.all(batch.kiosks.map((kiosk) => kioskObject(c.env, kiosk.id).adoptLegacy(kiosk)));
  const sessions: { sessionId: string; entered: boolean }[] = [];
  for (const { sessionId, locationId } of batch.sessions) {
    sessions.push({ sessionId, entered: await sessionObject(c.env, sessionId).republishToLedger(locationId) });
  }
  const progress: LegacyMigrationProgress = await registry.recordMigrated(batch.kiosks.map((kiosk) => kiosk.id), sessions);
  return c.json(progress, 200);
});
