import { abortAllDurableObjects, env, runInDurableObject } from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { SIMULATOR_OBJECT_NAME } from '../../worker/stripe-client.ts';
import { TEST_MODE } from './deployment.ts';
import { StripeSimulator } from '../../worker/simulator/stripe-simulator.ts';
import { control, newPaymentIntent, newReader, rawStripe, stripe, stripeClient, stripeError } from './simulator-client.ts';

/** PaymentIntents carrying this marker, to see whether a request whose answer was lost did its work. */
async function intentsMarked(marker: string) {
  return (await stripe.paymentIntents.list({ limit: 100 })).data.filter((pi) => pi.metadata.marker === marker);
}

describe('simulator: fault injection', () => {
  afterEach(async () => {
    expect((await control('faults', { method: 'DELETE' })).status).toBe(200);
  });

  it('error_500 fails the next N matching requests before any work; then requests succeed', async () => {
    await control('faults', { body: { method: 'POST', path: '/v1/payment_intents', kind: 'error_500', count: 2 } });
    const marker = crypto.randomUUID();
    for (let i = 0; i < 2; i++) {
      const err = await stripeError(newPaymentIntent({ metadata: { marker } }));
      expect(err).toMatchObject({ statusCode: 500, type: 'StripeAPIError' });
    }
    expect(await intentsMarked(marker)).toEqual([]);
    await newPaymentIntent({ metadata: { marker } });
    expect(await intentsMarked(marker)).toHaveLength(1);
  });

  it('error_429 answers rate_limit before any work', async () => {
    await control('faults', { body: { method: 'POST', path: '/v1/payment_intents', kind: 'error_429', count: 1 } });
    const marker = crypto.randomUUID();
    expect(await stripeError(newPaymentIntent({ metadata: { marker } }))).toMatchObject({
      statusCode: 429,
      type: 'StripeRateLimitError',
      code: 'rate_limit',
      doc_url: 'https://stripe.com/docs/error-codes/rate-limit',
    });
    expect(await intentsMarked(marker)).toEqual([]);
  });

  it('a 500 is retried by the SDK with the same idempotency key, creating one PaymentIntent', async () => {
    await control('faults', { body: { method: 'POST', path: '/v1/payment_intents', kind: 'error_500', count: 1 } });
    const marker = crypto.randomUUID();
    const retrying = stripeClient({ maxNetworkRetries: 1 });
    await retrying.paymentIntents.create({ amount: 1000, currency: 'usd', metadata: { marker } });
    expect(await intentsMarked(marker)).toHaveLength(1);
  });

  it('timeout does the work but answers after the client has given up', async () => {
    await control('faults', { body: { method: 'POST', path: '/v1/payment_intents', kind: 'timeout', count: 1, delayMs: 1500 } });
    const impatient = stripeClient({ timeout: 300 });
    const marker = crypto.randomUUID();
    const err = await stripeError(impatient.paymentIntents.create({ amount: 1000, currency: 'usd', metadata: { marker } }));
    expect(err.type).toBe('StripeConnectionError');
    expect(await intentsMarked(marker)).toHaveLength(1);
  });

  it('lose_response does the work and loses the answer; a retry with the same key gets the saved result', async () => {
    await control('faults', { body: { method: 'POST', path: '/v1/payment_intents/*/cancel', kind: 'lose_response', count: 1 } });
    const pi = await newPaymentIntent();
    const key = crypto.randomUUID();
    await expect(stripe.paymentIntents.cancel(pi.id, {}, { idempotencyKey: key })).rejects.toThrow();
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('canceled');
    expect((await stripe.paymentIntents.cancel(pi.id, {}, { idempotencyKey: key })).status).toBe('canceled');
  });

  it('reader_timeout answers terminal_reader_timeout, leaves the reader as it was, and replays it for the same key', async () => {
    const reader = await newReader();
    const pi = await newPaymentIntent();
    await control('faults', { body: { method: 'POST', path: '/v1/terminal/readers/*/process_payment_intent', kind: 'reader_timeout', count: 1 } });
    const key = crypto.randomUUID();
    const hand = () => stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id }, { idempotencyKey: key });
    expect(await stripeError(hand())).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', code: 'terminal_reader_timeout' });
    expect(((await stripe.terminal.readers.retrieve(reader.id)) as Stripe.Terminal.Reader).action).toBeNull();
    // Stripe saved the result under the key: only a request under a new key reaches the reader again.
    expect(await stripeError(hand())).toMatchObject({ code: 'terminal_reader_timeout' });
    const retried = await stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: pi.id }, { idempotencyKey: crypto.randomUUID() });
    expect(retried.action).toMatchObject({ type: 'process_payment_intent', status: 'in_progress' });
  });

  it('saved_error_500 answers a 500 that does no work and is replayed for the same key; a new key does the work', async () => {
    await control('faults', { body: { method: 'POST', path: '/v1/payment_intents', kind: 'saved_error_500', count: 1 } });
    const marker = crypto.randomUUID();
    const key = crypto.randomUUID();
    const create = (idempotencyKey: string) => stripe.paymentIntents.create({ amount: 1000, currency: 'usd', metadata: { marker } }, { idempotencyKey });
    expect(await stripeError(create(key))).toMatchObject({ statusCode: 500, type: 'StripeAPIError' });
    // Stripe saved the 500 under the key, as it documents: the same request under it gets the 500 again.
    expect(await stripeError(create(key))).toMatchObject({ statusCode: 500, type: 'StripeAPIError' });
    expect(await intentsMarked(marker)).toEqual([]);
    await create(crypto.randomUUID());
    expect(await intentsMarked(marker)).toHaveLength(1);
  });

  it('a rate of 1 fails every matching request until the faults are cleared; other paths are untouched', async () => {
    await control('faults', { body: { method: '*', path: '/v1/charges/*', kind: 'error_500', rate: 1 } });
    for (let i = 0; i < 3; i++) expect((await stripeError(stripe.charges.retrieve('ch_x'))).statusCode).toBe(500);
    expect((await newPaymentIntent()).status).toBe('requires_payment_method');
    await control('faults', { method: 'DELETE' });
    expect((await stripeError(stripe.charges.retrieve('ch_x'))).statusCode).toBe(404);
  });

  it('rejects a fault without a known kind', async () => {
    expect(await control('faults', { body: { method: 'POST', path: '/v1/x', kind: 'explode' } })).toMatchObject({ status: 400 });
  });

  it('neither the simulator nor its controls exist outside simulated mode', async () => {
    const testMode = { ...env, ...TEST_MODE, STRIPE_SECRET_KEY: 'sk_test_a_real_account' };
    const app = (await import('../../worker/index.ts')).default;
    for (const path of ['/v1/_simulator/faults', '/v1/payment_intents']) {
      const res = await app.fetch(
        new Request(`http://kiosk.test${path}`, { headers: { Authorization: 'Bearer sk_test_a_real_account' } }),
        testMode,
        { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext,
      );
      expect(res.status, path).toBe(404);
    }
    const stub = env.STRIPE_SIMULATOR.getByName(SIMULATOR_OBJECT_NAME);
    const res = await runInDurableObject(stub, (_instance, state) =>
      new StripeSimulator(state, testMode).fetch(
        new Request('http://sim/v1/_simulator/reset', { method: 'POST', headers: { Authorization: 'Bearer sk_test_x' } }),
      ),
    );
    expect(res.status).toBe(404);
  });
});

describe('simulator: state', () => {
  it('lasts in Durable Object storage when the simulator is evicted from memory', async () => {
    const pi = await newPaymentIntent({ metadata: { kept: 'yes' } });
    await abortAllDurableObjects();
    expect(await stripe.paymentIntents.retrieve(pi.id)).toEqual(pi);
  });

  it('is wiped by _simulator/reset', async () => {
    const pi = await newPaymentIntent();
    const res = await exports.default.fetch(
      new Request('http://kiosk.test/v1/_simulator/reset', { method: 'POST', headers: { Authorization: 'Bearer sk_test_x' } }),
    );
    expect(res.status).toBe(200);
    expect(await stripeError(stripe.paymentIntents.retrieve(pi.id))).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((await stripe.paymentIntents.list()).data).toEqual([]);
  });

  it('reset also clears faults, delivery settings, the account, the clock and idempotency keys', async () => {
    const create = (currency: string) =>
      rawStripe('POST', '/v1/payment_intents', `amount=1000&currency=${currency}&allowed_payment_method_types[]=card_present`, {
        'Idempotency-Key': 'kept-across-reset',
      });
    await control('faults', { body: { method: 'GET', path: '/v1/charges/*', kind: 'error_500', rate: 1 } });
    await control('webhooks', { body: { mode: 'paused' } });
    await control('account', { body: { country: 'CA' } });
    await control('clock/advance', { body: { seconds: 3 * 24 * 3600 } });
    const before = await create('cad');
    expect(before.status).toBe(200);
    await control('reset', { body: {} });
    expect((await control('faults')).body.data).toEqual([]);
    expect((await control('webhooks')).body).toMatchObject({ mode: 'immediate', pending: 0 });
    expect(await stripe.accounts.retrieveCurrent()).toMatchObject({ country: 'US', default_currency: 'usd' });
    expect((await stripeError(stripe.charges.retrieve('ch_missing'))).statusCode).toBe(404);
    const after = await create('usd');
    expect(after.status).toBe(200);
    expect(after.headers.get('Idempotent-Replayed')).toBeNull();
    expect(after.body.id).not.toBe(before.body.id);
    expect(after.body.created).toBeLessThan(before.body.created);
  });
});

describe('simulator: counting what a run cost at Stripe', () => {
  it('counts API requests by method and path shape, not test controls, and starts again from zero', async () => {
    await control('requests', { method: 'DELETE' });
    const pi = await stripe.paymentIntents.create({ amount: 500, currency: 'usd', allowed_payment_method_types: ['card_present'] });
    await stripe.paymentIntents.retrieve(pi.id);
    await stripe.paymentIntents.retrieve(pi.id);
    expect((await control('requests')).body.counts).toEqual({ 'GET /v1/payment_intents/*': 2, 'POST /v1/payment_intents': 1 });
    await control('requests', { method: 'DELETE' });
    expect((await control('requests')).body).toEqual({ counts: {} });
  });
});
