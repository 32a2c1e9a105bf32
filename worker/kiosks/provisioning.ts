import type Stripe from 'stripe';
import { stripeMode } from '../config.ts';
import { stripeClient } from '../stripe-client.ts';
import { accountRegion } from './account-region.ts';

export type StoreAddress = Stripe.AddressParam & { line1: string; city: string; postal_code: string; country: string };

/** Where simulated kiosks stand when no address is given (in the account's country); real kiosks give their store's. */
const SIMULATED_STORES: Record<string, StoreAddress> = {
  US: { line1: '510 Townsend St', city: 'San Francisco', state: 'CA', postal_code: '94103', country: 'US' },
  JP: { line1: '1-1 Marunouchi', city: 'Chiyoda-ku', state: 'Tokyo', postal_code: '100-0005', country: 'JP' },
  FR: { line1: '10 Rue de Rivoli', city: 'Paris', postal_code: '75004', country: 'FR' },
  DE: { line1: 'Unter den Linden 1', city: 'Berlin', postal_code: '10117', country: 'DE' },
  GB: { line1: '1 Regent Street', city: 'London', postal_code: 'SW1Y 4NR', country: 'GB' },
};

export const simulatedStoreIn = (country: string): StoreAddress =>
  SIMULATED_STORES[country] ?? { line1: '1 Main Street', city: 'Capital', postal_code: '00000', country };

/** Creates the Stripe Terminal Location a kiosk belongs to (idempotent per kiosk). */
export async function provisionLocation(env: Env, kioskId: string, displayName: string, address: StoreAddress): Promise<string> {
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

/** The development kiosk's store: a Location in the account's country, a simulated reader, the local currency. */
export async function provisionDevStore(env: Env, kioskId: string, name: string) {
  const region = await accountRegion(env);
  const locationId = await provisionLocation(env, kioskId, name, simulatedStoreIn(region.country));
  const readerId = await provisionSimulatedReader(env, kioskId, locationId, `${name} reader`);
  return { locationId, readerId, currency: region.currency };
}
