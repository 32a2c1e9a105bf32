import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { kioskObject, legacyRegistry, sessionObject } from '../../objects.ts';

/**
 * One-time upgrade from the single fleet registry of earlier versions: every kiosk is adopted by its own object (its
 * token keeps working) and enters the D1 directory; every session enters the D1 ledger. Safe to run again.
 */
export const adminMigrationRoutes = new Hono<AppEnv>().post('/legacy-registry', async (c) => {
  const { kiosks, sessions } = await legacyRegistry(c.env).export();
  const locationOf = new Map(kiosks.map((k) => [k.id, k.locationId]));
  await Promise.all(kiosks.map((kiosk) => kioskObject(c.env, kiosk.id).adoptLegacy(kiosk)));
  let published = 0;
  for (const { sessionId, kioskId } of sessions) {
    if (await sessionObject(c.env, sessionId).republishToLedger(locationOf.get(kioskId) ?? '')) published++;
  }
  return c.json({ kiosks: kiosks.length, sessions: published }, 200);
});
