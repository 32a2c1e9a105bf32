import { Hono } from 'hono';
import Stripe from 'stripe';
import { z } from 'zod';
import type { AppEnv } from '../app-env.ts';
import { SUPPORTED_CURRENCIES } from '../catalog.ts';
import { stripeMode } from '../config.ts';
import { ApiError } from '../errors.ts';
import { provisionLocation } from '../kiosk-provisioning.ts';
import { hashToken, registry } from '../middleware/kiosk-auth.ts';
import { stripeClient } from '../stripe-client.ts';
import { valid } from '../validation.ts';
import { sessionParam } from './sessions.ts';

const provisionBody = z.strictObject({
  name: z.string().min(1).max(100),
  currency: z.enum(SUPPORTED_CURRENCIES).optional(),
  language: z.enum(['en', 'ko']).optional(),
  /** An existing Stripe Terminal Location; without one, a Location is created for the kiosk at `address`. */
  locationId: z.string().regex(/^tml_[A-Za-z0-9]+$/).optional(),
  /** The store's address, for the kiosk's new Location. */
  address: z
    .strictObject({
      line1: z.string().min(1).max(200),
      line2: z.string().max(200).optional(),
      city: z.string().min(1).max(100),
      state: z.string().max(100).optional(),
      postal_code: z.string().min(1).max(20),
      country: z.string().regex(/^[A-Z]{2}$/, 'a two-letter country code'),
    })
    .optional(),
});
const kioskParam = z.object({ id: z.string().regex(/^ki_[a-f0-9]{24}$|^dev-kiosk$/, 'not a kiosk id') });
const sessionsQuery = z.strictObject({
  kioskId: z.string().optional(),
  after: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

/** A kiosk token: 256 random bits. Shown once; only its hash is kept. */
function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `kt_${btoa(String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '')}`;
}

/** Operators: provision, list, disable, enable and rotate kiosks; list sessions. */
export const adminRoutes = new Hono<AppEnv>()
  .post('/kiosks', valid('json', provisionBody), async (c) => {
    const input = c.req.valid('json');
    const kioskId = `ki_${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}`;
    if (input.locationId && input.address) {
      throw new ApiError(400, 'invalid_request', 'Give either locationId or address, not both');
    }
    if (!input.locationId && !input.address && stripeMode(c.env) !== 'simulated') {
      // A real Location is a real store: never invent its address.
      throw new ApiError(400, 'location_required', "Give the kiosk's store address, or the locationId of an existing Terminal Location");
    }
    let locationId = input.locationId;
    if (locationId) {
      await stripeClient(c.env).terminal.locations.retrieve(locationId).catch((err: unknown) => {
        if (err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'resource_missing') {
          throw new ApiError(400, 'unknown_location', `Stripe has no Terminal Location ${locationId}`);
        }
        throw err;
      });
    } else {
      locationId = await provisionLocation(c.env, kioskId, input.name, input.address);
    }
    const token = newToken();
    const kiosk = await registry(c.env).provision({
      id: kioskId,
      name: input.name,
      tokenHash: await hashToken(token),
      locationId,
      currency: input.currency ?? (c.env.DEFAULT_CURRENCY.toLowerCase() as (typeof SUPPORTED_CURRENCIES)[number]),
      language: input.language ?? (c.env.DEFAULT_LANGUAGE === 'ko' ? 'ko' : 'en'),
    });
    return c.json({ kioskId: kiosk.id, token, kiosk }, 201);
  })
  .get('/kiosks', async (c) => c.json({ kiosks: await registry(c.env).list() }, 200))
  .post('/kiosks/:id/disable', valid('param', kioskParam), async (c) => {
    const kiosk = await registry(c.env).setDisabled(c.req.valid('param').id, true);
    if (!kiosk) throw new ApiError(404, 'kiosk_not_found', 'No such kiosk');
    return c.json({ kiosk }, 200);
  })
  .post('/kiosks/:id/enable', valid('param', kioskParam), async (c) => {
    const kiosk = await registry(c.env).setDisabled(c.req.valid('param').id, false);
    if (!kiosk) throw new ApiError(404, 'kiosk_not_found', 'No such kiosk');
    return c.json({ kiosk }, 200);
  })
  .post('/kiosks/:id/rotate', valid('param', kioskParam), async (c) => {
    const token = newToken();
    const kiosk = await registry(c.env).rotateToken(c.req.valid('param').id, await hashToken(token));
    if (!kiosk) throw new ApiError(404, 'kiosk_not_found', 'No such kiosk');
    return c.json({ kioskId: kiosk.id, token, kiosk }, 200);
  })
  .get('/sessions', valid('query', sessionsQuery), async (c) => {
    const sessions = await registry(c.env).listSessions(c.req.valid('query'));
    return c.json({ sessions }, 200);
  })
  .get('/sessions/:id', valid('param', sessionParam), async (c) => {
    const found = await c.env.CHECKOUT_SESSION.getByName(c.req.valid('param').id).inspect();
    if (!found) throw new ApiError(404, 'session_not_found', 'No such checkout session');
    return c.json(found, 200);
  });
