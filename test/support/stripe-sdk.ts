import Stripe from 'stripe';

/** The official SDK pointed at the worker's simulated Stripe API, as any developer would point it. */
export function simulatorStripe(baseUrl: string): Stripe {
  const url = new URL(baseUrl);
  return new Stripe('sk_test_e2e', {
    apiVersion: '2026-10-28.endive',
    host: url.hostname,
    port: Number(url.port),
    protocol: 'http',
    maxNetworkRetries: 0,
  });
}
