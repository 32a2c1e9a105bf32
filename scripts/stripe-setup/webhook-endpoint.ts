import Stripe from 'stripe';
import { SetupError } from './options.ts';

/** What setting up the endpoint did; only a creation comes with the signing secret (Stripe returns it only then). */
export type CreatedEndpoint = { kind: 'created'; endpoint: Stripe.WebhookEndpoint; secret: string };
export type EndpointSetup =
  | CreatedEndpoint
  | { kind: 'updated'; endpoint: Stripe.WebhookEndpoint; added: string[]; removed: string[]; reenabled: boolean }
  | { kind: 'unchanged'; endpoint: Stripe.WebhookEndpoint };

// The worker's list is plain strings; Stripe itself refuses an event name it does not know.
type EnabledEvents = Stripe.WebhookEndpointCreateParams.EnabledEvent[];

/** The account's one endpoint for `url`, if any; several are refused rather than guessing which one the worker uses. */
export async function findEndpoint(stripe: Stripe, url: string): Promise<Stripe.WebhookEndpoint | undefined> {
  const endpoints = await stripe.webhookEndpoints.list({ limit: 100 }).autoPagingToArray({ limit: 10_000 });
  const matching = endpoints.filter((endpoint) => endpoint.url === url);
  if (matching.length > 1) {
    throw new SetupError(
      `${matching.length} webhook endpoints deliver to ${url} (${matching.map((e) => e.id).join(', ')}): delete the ones the worker does not use in the Stripe Dashboard, then run this again`,
    );
  }
  return matching[0];
}

/**
 * A new endpoint for exactly `events`, its events rendered at the API version the `stripe` SDK is pinned to, which
 * is the version of the payloads the worker's SDK parses.
 */
export async function createEndpoint(stripe: Stripe, url: string, events: readonly string[]): Promise<CreatedEndpoint> {
  const endpoint = await stripe.webhookEndpoints.create({
    url,
    enabled_events: [...events] as EnabledEvents,
    api_version: Stripe.API_VERSION,
    description: 'kiosk-terminal worker (npm run stripe:setup)',
  });
  if (!endpoint.secret) throw new SetupError(`Stripe created ${endpoint.id} but returned no signing secret: delete it and run this again`);
  return { kind: 'created', endpoint, secret: endpoint.secret };
}

/** Brings an existing endpoint to exactly `events`, enabled; leaves it untouched when it already is. */
export async function reconcileEndpoint(stripe: Stripe, endpoint: Stripe.WebhookEndpoint, events: readonly string[]): Promise<EndpointSetup> {
  const added = events.filter((event) => !endpoint.enabled_events.includes(event));
  const removed = endpoint.enabled_events.filter((event) => !events.includes(event));
  const reenabled = endpoint.status === 'disabled';
  if (added.length === 0 && removed.length === 0 && !reenabled) return { kind: 'unchanged', endpoint };
  const updated = await stripe.webhookEndpoints.update(endpoint.id, {
    enabled_events: [...events] as EnabledEvents,
    ...(reenabled ? { disabled: false } : {}),
  });
  return { kind: 'updated', endpoint: updated, added, removed, reenabled };
}
