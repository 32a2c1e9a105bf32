import type Stripe from 'stripe';
import { SUPPORTED_CURRENCIES } from '../catalog.ts';
import { stripeMode } from '../config.ts';
import { stripeClient } from '../stripe-client.ts';

export type StoreAddress = Stripe.AddressParam & { line1: string; city: string; postal_code: string; country: string };

/** Where simulated kiosks stand when no address is given; real kiosks always give their store's address. */
const SIMULATED_STORE: StoreAddress = { line1: '510 Townsend St', city: 'San Francisco', state: 'CA', postal_code: '94103', country: 'US' };

/** Creates the Stripe Terminal Location a kiosk belongs to (idempotent per kiosk). */
export async function provisionLocation(env: Env, kioskId: string, displayName: string, address: StoreAddress = SIMULATED_STORE): Promise<string> {
  const location = await stripeClient(env).terminal.locations.create(
    { display_name: displayName, address, metadata: { kioskId } },
    { idempotencyKey: `kiosk-${kioskId}-location` },
  );
  return location.id;
}

/**
 * Simulated mode: registers a simulated reader for the kiosk at its Location (idempotent per kiosk), as an operator
 * registers a real reader at a real store. Elsewhere readers are registered by operators, and this returns null.
 */
export async function provisionSimulatedReader(env: Env, kioskId: string, locationId: string, label: string): Promise<string | null> {
  if (stripeMode(env) !== 'simulated') return null;
  const reader = await stripeClient(env).terminal.readers.create(
    { registration_code: 'simulated-wpe', location: locationId, label, metadata: { kioskId } },
    { idempotencyKey: `kiosk-${kioskId}-reader` },
  );
  return reader.id;
}

/** The development kiosk's store: a Location, a simulated reader, and the default currency. */
export async function provisionDevStore(env: Env, kioskId: string, name: string) {
  const locationId = await provisionLocation(env, kioskId, name);
  const readerId = await provisionSimulatedReader(env, kioskId, locationId, `${name} reader`);
  const currency = env.DEFAULT_CURRENCY.toLowerCase();
  return {
    locationId,
    readerId,
    currency: (SUPPORTED_CURRENCIES as readonly string[]).includes(currency) ? currency : 'usd',
  };
}
