import type Stripe from 'stripe';
import { stripeMode } from './config.ts';
import { stripeClient } from './stripe-client.ts';

export type StoreAddress = Stripe.AddressParam & { line1: string; city: string; postal_code: string; country: string };

/**
 * Where simulated kiosks stand: in the simulated account's default country (US), since Terminal takes payments only
 * at Locations in the account's country. Real kiosks always give their store's address.
 */
const SIMULATED_STORE: StoreAddress = { line1: '1 Market St', city: 'San Francisco', state: 'CA', country: 'US', postal_code: '94105' };

/**
 * Creates the Stripe Terminal Location a kiosk belongs to (idempotent per kiosk). In simulated mode it also
 * registers a simulated reader there, as an operator registers a real reader at a real store.
 */
export async function provisionLocation(
  env: Env,
  kioskId: string,
  displayName: string,
  address: StoreAddress = SIMULATED_STORE,
): Promise<string> {
  const stripe = stripeClient(env);
  const location = await stripe.terminal.locations.create(
    { display_name: displayName, address, metadata: { kioskId } },
    { idempotencyKey: `kiosk-${kioskId}-location` },
  );
  if (stripeMode(env) === 'simulated') {
    await stripe.terminal.readers.create(
      { registration_code: 'simulated-wpe', location: location.id, label: `${displayName} reader` },
      { idempotencyKey: `kiosk-${kioskId}-reader` },
    );
  }
  return location.id;
}
