import Stripe from 'stripe';
import { SIMULATED_DEFAULTS, stripeMode } from './config.ts';

/** A customer is standing at the kiosk: fail fast enough to tell them, retry enough to ride out a blip. */
const STRIPE_TIMEOUT_MS = 5_000;
const STRIPE_MAX_RETRIES = 2;

export const SIMULATOR_OBJECT_NAME = 'stripe';

/**
 * The worker's only way to Stripe: the official SDK, on the fetch HTTP client. In simulated mode the same SDK
 * talks to the embedded simulator Durable Object instead of api.stripe.com, so every code path is the real one.
 */
export function createStripe(env: Env): Stripe {
  const simulated = stripeMode(env) === 'simulated';
  const fetchFn: typeof fetch = simulated
    ? (input, init) => env.STRIPE_SIMULATOR.getByName(SIMULATOR_OBJECT_NAME).fetch(new Request(input, init))
    : (input, init) => fetch(input, init);
  return new Stripe(simulated ? SIMULATED_DEFAULTS.secretKey : env.STRIPE_SECRET_KEY!, {
    httpClient: Stripe.createFetchHttpClient(fetchFn),
    maxNetworkRetries: STRIPE_MAX_RETRIES,
    timeout: STRIPE_TIMEOUT_MS,
    appInfo: { name: 'kiosk-terminal' },
  });
}

/** Idempotency key for one mutating Stripe call: stable across our retries, unique per session and action. */
export const idempotencyKey = (sessionId: string, action: string): string => `kiosk-${sessionId}-${action}`;
