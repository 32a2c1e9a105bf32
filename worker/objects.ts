/**
 * How the worker and the objects find each other: every object is named by what it coordinates (one kiosk, one
 * checkout). None is addressed by a fixed name on a kiosk's or a webhook's path; the Stripe simulator, which stands
 * in for Stripe, and the pre-upgrade kiosk registry (read only for tokens issued before tokens named their kiosk) are
 * the two exceptions, each named here.
 */
import type { CheckoutSession } from './durable-objects/checkout-session.ts';
import type { Kiosk } from './durable-objects/kiosk.ts';
import type { StoreFleet } from './durable-objects/store-fleet.ts';

export const kioskObject = (env: Env, kioskId: string): DurableObjectStub<Kiosk> => env.KIOSK.getByName(kioskId);

export const sessionObject = (env: Env, sessionId: string): DurableObjectStub<CheckoutSession> =>
  env.CHECKOUT_SESSION.getByName(sessionId);

/** One per store (Terminal Location): what operators watch live; kiosks and checkouts send it only changes. */
export const storeFleetObject = (env: Env, locationId: string): DurableObjectStub<StoreFleet> => env.STORE_FLEET.getByName(locationId);

/** The registry of kiosks from before this version: only for legacy tokens, and for the one-time migration. */
export const legacyRegistry = (env: Env) => env.KIOSK_REGISTRY.getByName('fleet');
