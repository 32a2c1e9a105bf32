import Stripe from 'stripe';
import { stripeClient } from '../stripe-client.ts';

/** A store's Terminal Location, or null when Stripe has none by that id (or it was deleted). */
export async function terminalLocation(env: Env, locationId: string): Promise<Stripe.Terminal.Location | null> {
  try {
    const location = await stripeClient(env).terminal.locations.retrieve(locationId);
    return 'deleted' in location ? null : location;
  } catch (err) {
    if (err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'resource_missing') return null;
    throw err;
  }
}
