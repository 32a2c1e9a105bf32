import type Stripe from 'stripe';
import { stripeClient } from '../stripe-client.ts';

/** What a reader offers when tipping is on and the Location had no tipping for the currency yet. */
const DEFAULT_TIPS = { percentages: [10, 15, 20] };

type TippingParams = Stripe.Terminal.ConfigurationCreateParams.Tipping;

/**
 * Tipping is a setting of the reader's Terminal configuration, which Stripe attaches to a Location
 * (`configuration_overrides`). Turning it on for a kiosk makes sure its Location's configuration has tipping in the
 * kiosk's currency; kiosks at the same Location without tipping skip it per payment (`skip_tipping`).
 */
export async function ensureLocationTipping(env: Env, locationId: string, currency: string): Promise<void> {
  const stripe = stripeClient(env);
  const location = await stripe.terminal.locations.retrieve(locationId);
  if ('deleted' in location) return;
  const tipping = { [currency]: DEFAULT_TIPS } as TippingParams;
  if (location.configuration_overrides) {
    const configuration = await stripe.terminal.configurations.retrieve(location.configuration_overrides);
    if ('deleted' in configuration) return;
    const existing = configuration.tipping as Record<string, unknown> | null | undefined;
    if (existing?.[currency]) return;
    await stripe.terminal.configurations.update(configuration.id, { tipping: { ...(existing as TippingParams), ...tipping } });
    return;
  }
  const configuration = await stripe.terminal.configurations.create(
    { name: `${location.display_name} tipping`, tipping },
    { idempotencyKey: `location-${locationId}-tipping-configuration` },
  );
  await stripe.terminal.locations.update(locationId, { configuration_overrides: configuration.id });
}
