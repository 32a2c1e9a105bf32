import Stripe from 'stripe';
import { SIMULATED_DEFAULTS, stripeMode } from './config.ts';

/** A customer is standing at the kiosk: fail fast enough to tell them, retry enough to ride out a blip. */
const STRIPE_TIMEOUT_MS = 5_000;
const STRIPE_MAX_RETRIES = 2;

export const SIMULATOR_OBJECT_NAME = 'stripe';

/**
 * stripe-node retries connection errors, 409 and 5xx, but a 429 only when Stripe adds `Stripe-Should-Retry: true`.
 * A rate-limited request did not run, so retrying it (with the same idempotency key) is safe: marking the 429 as
 * retryable lets the SDK's own bounded backoff do it. An explicit `Stripe-Should-Retry: false` is respected.
 */
function retryRateLimits(fetchFn: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await fetchFn(input, init);
    if (response.status !== 429 || response.headers.has('Stripe-Should-Retry')) return response;
    const headers = new Headers(response.headers);
    headers.set('Stripe-Should-Retry', 'true');
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

const clients = new WeakMap<Env, Stripe>();

/**
 * The worker's only way to Stripe: the official SDK, on the fetch HTTP client. In simulated mode the same SDK
 * talks to the embedded simulator Durable Object instead of api.stripe.com, so every code path is the real one.
 * One client per environment, reused across requests: building one costs more than most requests it serves.
 */
export function stripeClient(env: Env): Stripe {
  const existing = clients.get(env);
  if (existing) return existing;
  const simulated = stripeMode(env) === 'simulated';
  const fetchFn: typeof fetch = simulated
    ? (input, init) => env.STRIPE_SIMULATOR.getByName(SIMULATOR_OBJECT_NAME).fetch(new Request(input, init))
    : (input, init) => fetch(input, init);
  // The key as config.ts checked it: a secret pasted with spaces or a line break around it is still that key.
  const client = new Stripe(simulated ? SIMULATED_DEFAULTS.secretKey : env.STRIPE_SECRET_KEY!.trim(), {
    httpClient: Stripe.createFetchHttpClient(retryRateLimits(fetchFn)),
    maxNetworkRetries: STRIPE_MAX_RETRIES,
    timeout: STRIPE_TIMEOUT_MS,
    appInfo: { name: 'kiosk-terminal' },
  });
  clients.set(env, client);
  return client;
}

/** The longest Idempotency-Key Stripe takes (https://docs.stripe.com/idempotency). */
export const STRIPE_MAX_KEY_LENGTH = 255;

/** Idempotency key for one mutating Stripe call: stable across our retries, unique per session and action. */
export const idempotencyKey = (sessionId: string, action: string): string => `kiosk-${sessionId}-${action}`;
