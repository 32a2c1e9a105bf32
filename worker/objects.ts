/**
 * How the worker and the objects find each other: every object is named by what it coordinates (one kiosk, one
 * checkout). None is addressed by a fixed name on a kiosk's or a webhook's path; the Stripe simulator, which stands
 * in for Stripe, and the pre-upgrade kiosk registry (read only for tokens issued before tokens named their kiosk) are
 * the two exceptions, each named here.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { CheckoutSession } from './durable-objects/checkout-session.ts';
import type { Kiosk } from './durable-objects/kiosk.ts';
import type { StoreFleet } from './durable-objects/store-fleet.ts';

/** The objects one request addressed, by namespace (only counted where `countObjects` runs: simulated mode). */
const addressed = new AsyncLocalStorage<Map<string, Set<string>>>();

function address<T extends Rpc.DurableObjectBranded | undefined>(namespace: string, ns: DurableObjectNamespace<T>, name: string) {
  const seen = addressed.getStore();
  if (seen) seen.set(namespace, (seen.get(namespace) ?? new Set()).add(name));
  return ns.getByName(name);
}

/** Runs a request while noting every object it addresses; `report` gets e.g. `KIOSK=1, CHECKOUT_SESSION=1`. */
export async function countObjects<T>(run: () => Promise<T>, report: (counts: string) => void): Promise<T> {
  const seen = new Map<string, Set<string>>();
  const result = await addressed.run(seen, run);
  report([...seen].map(([namespace, names]) => `${namespace}=${names.size}`).join(', '));
  return result;
}

export const kioskObject = (env: Env, kioskId: string): DurableObjectStub<Kiosk> => address('KIOSK', env.KIOSK, kioskId);

export const sessionObject = (env: Env, sessionId: string): DurableObjectStub<CheckoutSession> =>
  address('CHECKOUT_SESSION', env.CHECKOUT_SESSION, sessionId);

/** One per store (Terminal Location): what operators watch live; kiosks and checkouts send it only changes. */
export const storeFleetObject = (env: Env, locationId: string): DurableObjectStub<StoreFleet> =>
  address('STORE_FLEET', env.STORE_FLEET, locationId);

/** The registry of kiosks from before this version: only for legacy tokens, and for the one-time migration. */
export const legacyRegistry = (env: Env) => address('KIOSK_REGISTRY', env.KIOSK_REGISTRY, 'fleet');
