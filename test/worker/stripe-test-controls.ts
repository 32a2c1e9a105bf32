import { env, exports } from 'cloudflare:workers';
import Stripe from 'stripe';
import { expect } from 'vitest';
import { ADMIN_TOKEN, call, createSession, stripe } from './kiosk-client.ts';

/** The secret the simulated mode signs and verifies webhooks with. */
export const WEBHOOK_SECRET = 'whsec_simulated_dev_secret';

const cryptoProvider = Stripe.createSubtleCryptoProvider();

/** Drives the simulator's test controls (`/v1/_simulator/*`), as a test against Stripe's test mode cannot. */
export async function simulator(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
  const res = await exports.default.fetch(
    new Request(`http://kiosk.test/v1/_simulator/${path}`, {
      method,
      headers: { Authorization: 'Bearer sk_test_controls', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  if (!res.ok) throw new Error(`simulator control ${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** How often each fault set since the last clearing has struck, in the order they were set. */
export const faultsFired = async (): Promise<number[]> => ((await simulator('GET', 'faults')) as { data: { fired: number }[] }).data.map((f) => f.fired);

/** A Stripe event as Stripe sends it, about the given object. */
export function eventFor(type: string, object: object, id = `evt_test_${crypto.randomUUID().replaceAll('-', '')}`) {
  return {
    id,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: Math.floor(Date.now() / 1000),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

/** A `Stripe-Signature` header for `payload`, as Stripe makes it. */
export const signatureFor = (payload: string, secret = WEBHOOK_SECRET, timestamp?: number) =>
  stripe.webhooks.generateTestHeaderStringAsync({ payload, secret, timestamp, cryptoProvider });

/** Posts a webhook body to the worker, signed with the simulated mode's secret unless told otherwise. */
export async function postWebhook(body: string, signature?: string | null) {
  const header = signature === undefined ? await signatureFor(body) : signature;
  return call('/api/webhooks/stripe', { token: null, body, headers: header === null ? {} : { 'Stripe-Signature': header } });
}

export const sessionObject = (sessionId: string) => env.CHECKOUT_SESSION.getByName(sessionId);

/** Every PaymentIntent Stripe holds for a session (found by the metadata the worker sets). */
export async function paymentIntentsOf(sessionId: string): Promise<Stripe.PaymentIntent[]> {
  const all = await stripe.paymentIntents.list({ limit: 100 });
  return all.data.filter((pi) => pi.metadata.sessionId === sessionId);
}

/**
 * A checkout whose creation the kiosk never heard back from: every answer to the creation is lost, so Stripe made the
 * PaymentIntent and the kiosk only got an error. Its id, as an operator finds it in the ledger (written moments later).
 */
export async function createWithEveryAnswerLost(
  kiosk: { token: string; kioskId: string },
  { items, key = `key-${crypto.randomUUID()}` }: { items?: Array<{ id: string; quantity: number }>; key?: string } = {},
): Promise<string> {
  await simulator('POST', 'faults', { method: 'POST', path: '/v1/payment_intents', kind: 'lose_response', count: 3 });
  const failed = await createSession(kiosk.token, items, { 'Idempotency-Key': key });
  expect(failed.status).toBeGreaterThanOrEqual(500);
  await simulator('DELETE', 'faults');
  let sessions: { sessionId: string }[] = [];
  await expect
    .poll(async () => (sessions = (await call(`/api/admin/sessions?kioskId=${kiosk.kioskId}`, { token: ADMIN_TOKEN })).body.sessions).length, {
      timeout: 15_000,
      interval: 100,
    })
    .toBe(1);
  return sessions[0]!.sessionId;
}
