import { Hono } from 'hono';
import type Stripe from 'stripe';
import { z } from 'zod';
import type { StoreFleetView } from '../../../shared/api.ts';
import type { AppEnv } from '../../app-env.ts';
import { watchedBy } from '../../auth/console-session.ts';
import { SIGN_IN_EXPIRY_HEADER, SIGN_IN_HEADER } from '../../durable-objects/store-fleet.ts';
import { ApiError } from '../../errors.ts';
import { consoleSessionOf } from '../../middleware/admin-auth.ts';
import { storeFleetObject } from '../../objects.ts';
import { stripeClient } from '../../stripe-client.ts';
import { valid } from '../../validation.ts';

const locationParam = z.object({ locationId: z.string().regex(/^tml_[A-Za-z0-9]+$/, 'not a Terminal Location id') });

/** A store as the console lists it: its Terminal Location and how many kiosks stand there. */
export interface StoreSummary {
  locationId: string;
  name: string;
  country: string | null;
  kioskCount: number;
}

/** The fleet's Locations at Stripe, read page after page (the SDK's auto-pagination) until each one is found. */
async function locationsById(env: Env, wanted: ReadonlySet<string>): Promise<Map<string, Stripe.Terminal.Location>> {
  const found = new Map<string, Stripe.Terminal.Location>();
  if (wanted.size === 0) return found;
  for await (const location of stripeClient(env).terminal.locations.list({ limit: 100 })) {
    if (wanted.has(location.id)) found.set(location.id, location);
    if (found.size === wanted.size) break;
  }
  return found;
}

/** Operators: the fleet's stores, and each one live (its kiosks, readers, current sessions, today's takings). */
export const adminStoreRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const { results } = await c.env.DB.prepare('SELECT location_id, COUNT(*) AS kiosks FROM kiosks GROUP BY location_id').all<{ location_id: string; kiosks: number }>();
    const byId = await locationsById(c.env, new Set(results.map((row) => row.location_id)));
    const stores: StoreSummary[] = results.map((row) => ({
      locationId: row.location_id,
      name: byId.get(row.location_id)?.display_name ?? row.location_id,
      country: byId.get(row.location_id)?.address.country ?? null,
      kioskCount: row.kiosks,
    }));
    return c.json({ stores: stores.sort((a, b) => a.name.localeCompare(b.name)) }, 200);
  })
  .get('/:locationId/fleet', valid('param', locationParam), async (c) => {
    const { locationId } = c.req.valid('param');
    return c.json((await storeFleetObject(c.env, locationId).view(locationId)) satisfies StoreFleetView, 200);
  })
  .get('/:locationId/live', valid('param', locationParam), async (c) => {
    if (c.req.header('Upgrade')?.toLowerCase() !== 'websocket') {
      throw new ApiError(426, 'upgrade_required', 'The live fleet is a WebSocket');
    }
    // A browser sends the console's cookie with any page's WebSocket: only the console's own origin may open one.
    const origin = c.req.header('Origin');
    if (origin && origin !== new URL(c.req.url).origin) throw new ApiError(403, 'cross_origin', 'The live fleet opens only from the console');
    const { locationId } = c.req.valid('param');
    const url = new URL(c.req.url);
    url.searchParams.set('locationId', locationId);
    const request = new Request(url, c.req.raw);
    request.headers.delete(SIGN_IN_HEADER);
    request.headers.delete(SIGN_IN_EXPIRY_HEADER);
    // Opened with the console's cookie: its logout, or its expiry, closes the socket.
    const signIn = c.var.admin.via === 'cookie' ? await consoleSessionOf(c) : null;
    if (signIn) {
      await watchedBy(c.env.DB, signIn, locationId);
      request.headers.set(SIGN_IN_HEADER, signIn.sessionId);
      request.headers.set(SIGN_IN_EXPIRY_HEADER, String(signIn.expiresAt));
    }
    return storeFleetObject(c.env, locationId).fetch(request);
  });
