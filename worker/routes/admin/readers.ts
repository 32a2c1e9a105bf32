import { Hono } from 'hono';
import Stripe from 'stripe';
import { z } from 'zod';
import type { ReaderView } from '../../../shared/api.ts';
import type { AppEnv } from '../../app-env.ts';
import { ApiError } from '../../errors.ts';
import { kioskObject } from '../../objects.ts';
import { stripeClient } from '../../stripe-client.ts';
import { valid } from '../../validation.ts';
import { kioskParam, noSuchKiosk } from '../params.ts';

const registerBody = z.strictObject({
  /** The code the reader shows (simulated mode: `simulated-wpe` for a simulated WisePOS E, `simulated-s700`). */
  registrationCode: z.string().min(1).max(100),
  label: z.string().min(1).max(100).optional(),
});
const readerParam = z.object({ id: kioskParam.shape.id, readerId: z.string().regex(/^tmr_[A-Za-z0-9]+$/, 'not a reader id') });

const readerView = (reader: Stripe.Terminal.Reader): ReaderView => ({
  id: reader.id,
  label: reader.label ?? null,
  deviceType: reader.device_type,
  status: reader.status === 'online' ? 'online' : reader.status === 'offline' ? 'offline' : null,
});

async function kioskOr404(env: Env, kioskId: string) {
  const kiosk = await kioskObject(env, kioskId).view();
  if (!kiosk) throw noSuchKiosk.id();
  return kiosk;
}

/** The most readers read for one store (ten pages of Stripe's list): a store has far fewer. */
const MAX_STORE_READERS = 1_000;

/**
 * The kiosk's readers: registered at Stripe at the kiosk's Location, tagged with the kiosk, bound to it. Every page of
 * the Location's readers is read: the kiosk's may be older than the store's hundred newest.
 */
async function kioskReaders(env: Env, kioskId: string, locationId: string): Promise<Stripe.Terminal.Reader[]> {
  const readers = await stripeClient(env)
    .terminal.readers.list({ location: locationId, limit: 100 })
    .autoPagingToArray({ limit: MAX_STORE_READERS });
  return readers.filter((reader) => reader.metadata?.kioskId === kioskId);
}

/** Operators register a kiosk's reader at its store (Location) and bind it to the kiosk; one per kiosk. */
export const adminReaderRoutes = new Hono<AppEnv>()
  .post('/:id/readers', valid('param', kioskParam, noSuchKiosk), valid('json', registerBody), async (c) => {
    const { id } = c.req.valid('param');
    const { registrationCode, label } = c.req.valid('json');
    const kiosk = await kioskOr404(c.env, id);
    if (kiosk.readerId) {
      throw new ApiError(409, 'reader_already_bound', `This kiosk already has reader ${kiosk.readerId}: remove it first`);
    }
    let reader: Stripe.Terminal.Reader;
    try {
      reader = await stripeClient(c.env).terminal.readers.create({
        registration_code: registrationCode,
        location: kiosk.locationId,
        label: label ?? `${kiosk.name} reader`,
        metadata: { kioskId: id },
      });
    } catch (err) {
      if (err instanceof Stripe.errors.StripeInvalidRequestError && err.param === 'registration_code') {
        throw new ApiError(400, 'invalid_registration_code', 'Stripe does not know this registration code, or it expired');
      }
      throw err;
    }
    const status = reader.status === 'online' ? 'online' : reader.status === 'offline' ? 'offline' : null;
    const bound = await kioskObject(c.env, id).bindReader(reader.id, status);
    if (!bound?.bound) {
      // Another registration won the race: leave nothing registered that no kiosk uses.
      await stripeClient(c.env).terminal.readers.del(reader.id).catch(() => undefined);
      throw new ApiError(409, 'reader_already_bound', 'This kiosk already has a reader');
    }
    return c.json({ reader: readerView(reader) }, 201);
  })
  .get('/:id/readers', valid('param', kioskParam, noSuchKiosk), async (c) => {
    const { id } = c.req.valid('param');
    const kiosk = await kioskOr404(c.env, id);
    return c.json({ readers: (await kioskReaders(c.env, id, kiosk.locationId)).map(readerView) }, 200);
  })
  .delete('/:id/readers/:readerId', valid('param', readerParam, noSuchKiosk), async (c) => {
    const { id, readerId } = c.req.valid('param');
    const kiosk = await kioskOr404(c.env, id);
    const reader = (await kioskReaders(c.env, id, kiosk.locationId)).find((r) => r.id === readerId);
    if (!reader && kiosk.readerId !== readerId) throw new ApiError(404, 'reader_not_found', 'No such reader at this kiosk');
    await kioskObject(c.env, id).unbindReader(readerId);
    await stripeClient(c.env)
      .terminal.readers.del(readerId)
      .catch((err: unknown) => {
        // Already gone at Stripe is what we wanted.
        if (!(err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'resource_missing')) throw err;
      });
    return c.json({ deleted: true, readerId }, 200);
  });
