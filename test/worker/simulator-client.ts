import { exports } from 'cloudflare:workers';
import Stripe from 'stripe';
import { expect } from 'vitest';
import fields from './fixtures/stripe-object-fields.json' with { type: 'json' };

/** The official SDK pointed at the simulator's /v1 through the worker, as any Stripe client would be. */
export function stripeClient(options: Partial<Stripe.StripeConfig> = {}): Stripe {
  return new Stripe('sk_test_conformance', {
    httpClient: Stripe.createFetchHttpClient((input, init) => exports.default.fetch(new Request(input, init))),
    maxNetworkRetries: 0,
    ...options,
  });
}

export const stripe = stripeClient();

/** Calls one of the simulator's `/v1/_simulator/*` test controls. */
export async function control(path: string, init: { method?: string; body?: unknown } = {}) {
  const res = await exports.default.fetch(
    new Request(`http://sim.test/v1/_simulator/${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { Authorization: 'Bearer sk_test_conformance', 'Content-Type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    }),
  );
  return { status: res.status, body: (await res.json()) as any };
}

/** Stripe's wire API without the SDK: for what the SDK would not send (unknown or malformed parameters). */
export async function rawStripe(method: string, path: string, form = '', headers: Record<string, string> = {}) {
  const res = await exports.default.fetch(
    new Request(`http://sim.test${path}${method === 'GET' && form ? `?${form}` : ''}`, {
      method,
      headers: { Authorization: 'Bearer sk_test_conformance', 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: method === 'GET' ? undefined : form,
    }),
  );
  return { status: res.status, body: (await res.json()) as any, headers: res.headers };
}

/** The Stripe error a call fails with (the test fails if the call succeeds). */
export async function stripeError(call: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await call;
  } catch (err) {
    if (err instanceof Stripe.errors.StripeError) return err;
    throw err;
  }
  throw new Error('expected the Stripe call to fail');
}

type ObjectName = keyof typeof fields.objects;

/**
 * Checks an object against the fields the pinned SDK declares for its type (see scripts/stripe-object-fields.ts):
 * every required field is present, and nothing is there that the SDK does not know.
 */
export function expectSdkShape(object: object, name: ObjectName): void {
  const { required, optional }: { required: string[]; optional: string[] } = fields.objects[name];
  const keys = Object.keys(object);
  expect(required.filter((field) => !keys.includes(field)), `${name}: missing fields`).toEqual([]);
  expect(keys.filter((key) => !required.includes(key) && !optional.includes(key)), `${name}: undeclared fields`).toEqual([]);
}

export const US_ADDRESS = { line1: '1 Main St', city: 'San Francisco', state: 'CA', country: 'US', postal_code: '94111' };

/** A fresh simulated WisePOS E at a fresh Location in the account's country (US), so tests never share a reader. */
export async function newReader(registrationCode = 'simulated-wpe', location: Partial<Stripe.Terminal.LocationCreateParams> = {}) {
  const { id } = await stripe.terminal.locations.create({ display_name: 'Conformance store', address: US_ADDRESS, ...location });
  return stripe.terminal.readers.create({ registration_code: registrationCode, location: id });
}

export const newPaymentIntent = (params: Partial<Stripe.PaymentIntentCreateParams> = {}) =>
  stripe.paymentIntents.create({ amount: 1000, currency: 'usd', allowed_payment_method_types: ['card_present'], ...params });

/** The server-driven flow with the SDK alone: process on the reader, then the customer presents the card. */
export async function payOnReader(paymentIntentId: string, number: string, readerId?: string) {
  const reader = readerId ?? (await newReader()).id;
  await stripe.terminal.readers.processPaymentIntent(reader, { payment_intent: paymentIntentId });
  const after = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader, { card_present: { number } });
  const paymentIntent = await stripe.paymentIntents.retrieve(paymentIntentId, { expand: ['latest_charge'] });
  return { reader: after, paymentIntent, charge: paymentIntent.latest_charge as Stripe.Charge | null };
}

/** Waits for something the simulator does on its own (its alarm), failing after a few seconds. */
export async function eventually<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 8_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The simulator's delivery attempts for one event, as the endpoint received them. */
export async function deliveryAttempts(eventId: string) {
  const res = await control(`webhooks/attempts?event=${eventId}`);
  return res.body.data as { event_id: string; target: string; url: string; attempted_at: number; status: number; signature: string; payload: string }[];
}

/** The newest event of this type about this object. */
export async function latestEvent(type: string, objectId: string): Promise<Stripe.Event | undefined> {
  const events = await stripe.events.list({ type, limit: 100 });
  return events.data.find((event) => (event.data.object as { id?: string }).id === objectId);
}

