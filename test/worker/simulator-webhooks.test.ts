import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { control, deliveryAttempts, eventually, latestEvent, newPaymentIntent, payOnReader, stripe, stripeError } from './simulator-client.ts';

/** The webhook secret of simulated mode (worker/config.ts), which the worker's own webhook route checks. */
const WEBHOOK_SECRET = 'whsec_simulated_dev_secret';
const cryptoProvider = Stripe.createSubtleCryptoProvider();

/** The event of a new PaymentIntent and its delivery attempts once there are at least `count`. */
async function createdEventDelivered(count = 1) {
  const pi = await newPaymentIntent();
  const event = await eventually(() => latestEvent('payment_intent.created', pi.id));
  const attempts = await eventually(async () => {
    const list = await deliveryAttempts(event.id);
    return list.length >= count && list;
  });
  return { pi, event, attempts };
}

describe('simulator: events and webhook delivery', () => {
  afterEach(async () => {
    await control('webhooks', { body: { mode: 'immediate', endpoint: null } });
  });

  it('every state change is an Event that can be retrieved and listed by type (with a wildcard)', async () => {
    const pi = await newPaymentIntent();
    await stripe.paymentIntents.cancel(pi.id);
    const canceled = await eventually(() => latestEvent('payment_intent.canceled', pi.id));
    expect(canceled).toMatchObject({
      object: 'event',
      type: 'payment_intent.canceled',
      api_version: '2026-10-28.endive',
      livemode: false,
      data: { object: { id: pi.id, status: 'canceled' } },
    });
    // The same event, whose pending_webhooks may have counted down meanwhile.
    expect(await stripe.events.retrieve(canceled.id)).toEqual({ ...canceled, pending_webhooks: expect.any(Number) });
    const ofThisIntent = (await stripe.events.list({ type: 'payment_intent.*', limit: 100 })).data.filter(
      (e) => (e.data.object as { id: string }).id === pi.id,
    );
    expect(ofThisIntent.map((e) => e.type)).toEqual(['payment_intent.canceled', 'payment_intent.created']);
  });

  it('delivers each event signed with the webhook secret as Stripe signs, verified by constructEventAsync', async () => {
    const { event, attempts } = await createdEventDelivered();
    const [attempt] = attempts;
    // The worker's own webhook route verified it too: it answers 2xx only for a valid signature.
    expect(attempt!.status).toBe(200);
    expect(attempt!.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const verified = await stripe.webhooks.constructEventAsync(attempt!.payload, attempt!.signature, WEBHOOK_SECRET, 300, cryptoProvider);
    expect(verified).toEqual(event);
    await expect(
      stripe.webhooks.constructEventAsync(attempt!.payload, attempt!.signature, 'whsec_other', 300, cryptoProvider),
    ).rejects.toThrow(Stripe.errors.StripeSignatureVerificationError);
    await expect(
      stripe.webhooks.constructEventAsync(attempt!.payload.replace('"livemode":false', '"livemode":true'), attempt!.signature, WEBHOOK_SECRET, 300, cryptoProvider),
    ).rejects.toThrow(Stripe.errors.StripeSignatureVerificationError);
  });

  it('retries with growing backoff while the endpoint fails, then delivers once it answers 2xx', async () => {
    await control('webhooks', { body: { mode: 'immediate', endpoint: 'http://127.0.0.1:9/unreachable' } });
    const { event, attempts } = await createdEventDelivered(2);
    expect(attempts.map((a) => a.status)).toEqual([0, 0]);
    expect(attempts[1]!.attempted_at - attempts[0]!.attempted_at).toBeGreaterThanOrEqual(900);
    await control('webhooks', { body: { mode: 'immediate', endpoint: null } });
    const delivered = await eventually(async () => {
      const list = await deliveryAttempts(event.id);
      return list.at(-1)?.status === 200 && list;
    });
    const gaps = delivered.slice(1).map((a, i) => a.attempted_at - delivered[i]!.attempted_at);
    expect(gaps[1]).toBeGreaterThan(gaps[0]!);
  });

  it('duplicated mode delivers every event twice', async () => {
    await control('webhooks', { body: { mode: 'duplicated' } });
    const { attempts } = await createdEventDelivered(2);
    expect(attempts.map((a) => a.status)).toEqual([200, 200]);
    expect(attempts[0]!.payload).toBe(attempts[1]!.payload);
  });

  it('a rate strikes only that share of events, and the simulator counts each event by how it was delivered', async () => {
    const eventsByMode = async () => ((await control('webhooks')).body as { eventsByMode: Record<string, number> }).eventsByMode;
    const before = await eventsByMode();
    await control('webhooks', { body: { mode: 'duplicated', rate: 0 } });
    const spared = await createdEventDelivered();
    expect(spared.attempts[0]!.status).toBe(200);
    const afterSpared = await eventsByMode();
    expect(afterSpared.duplicated).toBe(before.duplicated);
    expect(afterSpared.immediate).toBeGreaterThan(before.immediate!);

    await control('webhooks', { body: { mode: 'duplicated', rate: 1 } });
    const { attempts } = await createdEventDelivered(2);
    expect(attempts.map((a) => a.status)).toEqual([200, 200]);
    expect((await eventsByMode()).duplicated).toBeGreaterThan(afterSpared.duplicated!);
  });

  it('refuses a rate outside 0 to 1', async () => {
    expect(await control('webhooks', { body: { mode: 'duplicated', rate: 1.5 } })).toMatchObject({ status: 400 });
  });

  it('delayed mode holds each event back for delayMs', async () => {
    await control('webhooks', { body: { mode: 'delayed', delayMs: 1500 } });
    const beforeTheEvent = Date.now();
    const pi = await newPaymentIntent();
    const event = (await latestEvent('payment_intent.created', pi.id))!;
    const [first] = await eventually(async () => {
      const attempts = await deliveryAttempts(event.id);
      return attempts.length > 0 && attempts;
    });
    expect(first!.attempted_at - beforeTheEvent).toBeGreaterThanOrEqual(1500);
  });

  it('reordered mode still delivers every event, each within the window', async () => {
    await control('webhooks', { body: { mode: 'reordered', delayMs: 800 } });
    const pi = await newPaymentIntent();
    await stripe.paymentIntents.update(pi.id, { metadata: { a: '1' } });
    await stripe.paymentIntents.cancel(pi.id);
    const events = (await stripe.events.list({ type: 'payment_intent.*', limit: 100 })).data.filter(
      (e) => (e.data.object as { id: string }).id === pi.id,
    );
    expect(events).toHaveLength(2);
    for (const event of events) await eventually(async () => (await deliveryAttempts(event.id)).some((a) => a.status === 200));
  });

  it('paused mode queues deliveries until delivery is switched back on', async () => {
    await control('webhooks', { body: { mode: 'paused' } });
    const pi = await newPaymentIntent();
    const event = (await latestEvent('payment_intent.created', pi.id))!;
    // Held, not slow: the simulator says the event waits in its queue, and nothing was tried.
    const paused = (await control('webhooks')).body as { mode: string; pending: number };
    expect(paused).toMatchObject({ mode: 'paused' });
    expect(paused.pending).toBeGreaterThan(0);
    expect(await deliveryAttempts(event.id)).toEqual([]);
    await control('webhooks', { body: { mode: 'immediate' } });
    await eventually(async () => (await deliveryAttempts(event.id)).some((a) => a.status === 200));
  });

  it('rejects an unknown delivery mode', async () => {
    expect(await control('webhooks', { body: { mode: 'sometimes' } })).toMatchObject({ status: 400 });
  });
});

describe('simulator: listing events as Stripe filters them', () => {
  // Events.d.ts (EventListParams.types): "An array of up to 20 strings ... You may pass either `type` or `types`, but not both."
  it('refuses type and types together, or more than 20 types', async () => {
    const both = await stripeError(stripe.events.list({ type: 'payment_intent.created', types: ['payment_intent.created'] }));
    expect(both).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', param: 'types' });
    const types = Array.from({ length: 21 }, (_, i) => `payment_intent.t${i}`);
    expect(await stripeError(stripe.events.list({ types }))).toMatchObject({ statusCode: 400, param: 'types' });
  });

  // Events.d.ts: pending_webhooks is the "Number of webhooks that haven't been successfully delivered"; delivery_success
  // "Filter events by whether all webhooks were successfully delivered".
  it('counts pending webhooks down as deliveries succeed, and filters by delivery_success', async () => {
    await control('webhooks', { body: { mode: 'paused' } });
    const pi = await newPaymentIntent();
    const event = (await latestEvent('payment_intent.created', pi.id))!;
    expect(event.pending_webhooks).toBeGreaterThan(0);
    const listed = async (deliverySuccess: boolean) =>
      (await stripe.events.list({ type: 'payment_intent.created', delivery_success: deliverySuccess, limit: 100 })).data.map((e) => e.id);
    expect(await listed(true)).not.toContain(event.id);
    expect(await listed(false)).toContain(event.id);
    await control('webhooks', { body: { mode: 'immediate' } });
    await eventually(async () => (await deliveryAttempts(event.id)).some((a) => a.target === 'own' && a.status === 200));
    expect((await stripe.events.retrieve(event.id)).pending_webhooks).toBe(event.pending_webhooks - 1);
  });
});

/** The types of the events about any of these objects, in the order they were created. */
async function eventTypesAbout(...ids: string[]): Promise<string[]> {
  const events = (await stripe.events.list({ limit: 100 })).data;
  return events
    .filter((e) => ids.includes((e.data.object as { id: string }).id))
    .reverse()
    .map((e) => e.type);
}

// Events.d.ts names what each event reports: charge.succeeded / charge.failed ("Occurs whenever a charge is successful" /
// "Occurs whenever a failed charge attempt occurs"), payment_intent.succeeded / payment_intent.payment_failed,
// payment_intent.amount_capturable_updated ("Occurs when a PaymentIntent has funds to be captured"), charge.captured,
// and terminal.reader.action_succeeded / action_failed.
describe('simulator: every state change of a payment on the reader is an Event', () => {
  it('an approved card: the charge and the PaymentIntent succeed, then the reader action', async () => {
    const pi = await newPaymentIntent();
    const { reader, charge } = await payOnReader(pi.id, '4242424242424242');
    expect(await eventTypesAbout(pi.id, charge!.id, reader.id)).toEqual([
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.succeeded',
      'terminal.reader.action_succeeded',
    ]);
  });

  it('a declined card: the charge and the PaymentIntent fail, then the reader action, with the decline in each', async () => {
    const pi = await newPaymentIntent();
    const { reader, charge } = await payOnReader(pi.id, '4000000000009995');
    expect(await eventTypesAbout(pi.id, charge!.id, reader.id)).toEqual([
      'payment_intent.created',
      'charge.failed',
      'payment_intent.payment_failed',
      'terminal.reader.action_failed',
    ]);
    expect((await latestEvent('charge.failed', charge!.id))!.data.object).toMatchObject({ status: 'failed', failure_code: 'card_declined' });
    expect((await latestEvent('payment_intent.payment_failed', pi.id))!.data.object).toMatchObject({
      status: 'requires_payment_method',
      last_payment_error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds' },
    });
    expect((await latestEvent('terminal.reader.action_failed', reader.id))!.data.object).toMatchObject({
      action: { type: 'process_payment_intent', status: 'failed', failure_code: 'card_declined' },
    });
  });

  it('a manual capture: the authorization is capturable, then the capture succeeds it', async () => {
    const pi = await newPaymentIntent({ capture_method: 'manual' });
    const { reader, charge } = await payOnReader(pi.id, '4242424242424242');
    await stripe.paymentIntents.capture(pi.id);
    expect(await eventTypesAbout(pi.id, charge!.id, reader.id)).toEqual([
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.amount_capturable_updated',
      'terminal.reader.action_succeeded',
      'charge.captured',
      'payment_intent.succeeded',
    ]);
    expect((await latestEvent('payment_intent.amount_capturable_updated', pi.id))!.data.object).toMatchObject({
      status: 'requires_capture',
      amount_capturable: 1000,
    });
  });
});
