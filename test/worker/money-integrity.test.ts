import { runDurableObjectAlarm } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeDay } from '../../shared/store-day.ts';
import { ADMIN_TOKEN, call, createSession, provisionKiosk, readerFor, stripe } from './kiosk-client.ts';
import { createWithEveryAnswerLost, eventFor, paymentIntentsOf, postWebhook, sessionObject, simulator } from './stripe-test-controls.ts';

const VISA = '4242424242424242';
const LATTE = [{ id: 'latte', quantity: 1 }];

const uniqueKey = () => `key-${crypto.randomUUID()}`;
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });
const cancel = (token: string, sessionId: string) => call(`/api/sessions/${sessionId}/cancel`, { token, method: 'POST' });
const asOperator = async (sessionId: string) => (await call(`/api/admin/sessions/${sessionId}`, { token: ADMIN_TOKEN })).body;

beforeEach(async () => {
  await simulator('POST', 'webhooks', { mode: 'paused' });
});

afterEach(async () => {
  await simulator('DELETE', 'faults');
});

describe('a cancelled session never leaves a chargeable PaymentIntent', () => {
  it('cancel after a failed create, then the same create retried: 409, and the PaymentIntent Stripe made is canceled', async () => {
    const kiosk = await provisionKiosk();
    const key = uniqueKey();
    const sessionId = await createWithEveryAnswerLost(kiosk, { key });

    const cancelled = await cancel(kiosk.token, sessionId);
    expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled', cancellationReason: 'customer' } });

    const replay = await createSession(kiosk.token, LATTE, { 'Idempotency-Key': key });
    expect(replay).toMatchObject({ status: 409, body: { error: { code: 'session_cancelled' } } });
    expect(JSON.stringify(replay.body)).not.toContain('_secret_');
    const atStripe = await paymentIntentsOf(sessionId);
    expect(atStripe.map((pi) => pi.status)).toEqual(['canceled']);
  });

  it('a cancel that arrives while Stripe is slowly creating the PaymentIntent waits for it and cancels it', async () => {
    const kiosk = await provisionKiosk();
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/payment_intents', kind: 'timeout', count: 1, delayMs: 1_500 });
    const creating = createSession(kiosk.token, LATTE, { 'Idempotency-Key': uniqueKey() });
    let sessionId: string | undefined;
    await expect
      .poll(async () => (sessionId = (await call(`/api/admin/sessions?kioskId=${kiosk.kioskId}`, { token: ADMIN_TOKEN })).body.sessions[0]?.sessionId), {
        timeout: 10_000,
      })
      .toBeDefined();

    const cancelled = await cancel(kiosk.token, sessionId!);
    expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    const created = await creating;
    expect(created).toMatchObject({ status: 409, body: { error: { code: 'session_cancelled' } } });
    const atStripe = await paymentIntentsOf(sessionId!);
    expect(atStripe.map((pi) => pi.status)).toEqual(['canceled']);
    expect((await asOperator(sessionId!)).session).toMatchObject({ status: 'cancelled', paymentIntentId: atStripe[0]!.id });
  });

  it('when Stripe is down during the cancel, the customer is told cancelled and the alarm cancels the PaymentIntent later', async () => {
    const kiosk = await provisionKiosk();
    const sessionId = await createWithEveryAnswerLost(kiosk);
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/payment_intents', kind: 'error_500', count: 3 });
    expect(await cancel(kiosk.token, sessionId)).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    const [orphan] = await paymentIntentsOf(sessionId);
    expect(orphan!.status).toBe('requires_payment_method');

    await simulator('DELETE', 'faults');
    await eventually(async () => (await stripe.paymentIntents.retrieve(orphan!.id)).status).toBe('canceled');
    expect((await asOperator(sessionId)).session).toMatchObject({ status: 'cancelled', paymentIntentId: orphan!.id });
    // Nothing is left to do: once the ledger is written, no alarm stays behind.
    await eventually(() => runDurableObjectAlarm(sessionObject(sessionId))).toBe(false);
  });

  it('a retried create is made from the cart and price stored first, never from the retry', async () => {
    const kiosk = await provisionKiosk();
    const sessionId = `cs_${crypto.randomUUID().replaceAll('-', '')}`;
    const input = {
      sessionId,
      kioskId: kiosk.kioskId,
      locationId: kiosk.kiosk.locationId,
      items: [{ id: 'latte', name: 'Café Latte', names: { en: 'Café Latte' }, price: 550, quantity: 1, options: [] }],
      serviceMode: null,
      timeZone: 'UTC',
      currency: 'usd',
      timeoutMs: 300_000,
      kioskAuth: { kioskId: kiosk.kioskId, tokenHash: 'unused', legacyTokenHash: null, disabled: false, version: 1 },
      reader: null,
    };
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/payment_intents', kind: 'error_500', count: 3 });
    const failed = await sessionObject(sessionId).open({ ...input, amount: 550 });
    expect(failed).toMatchObject({ ok: false, status: 502 });
    await simulator('DELETE', 'faults');

    const retried = await sessionObject(sessionId).open({ ...input, amount: 1 });
    expect(retried).toMatchObject({ ok: true, session: { amount: 550 } });
    const [pi] = await paymentIntentsOf(sessionId);
    expect(pi!.amount).toBe(550);
  });
});

describe('money taken for a session the customer was told is cancelled', () => {
  /** A cancelled session whose lost PaymentIntent someone pays before the cleanup reaches Stripe. */
  async function paidAfterCancellation() {
    const kiosk = await provisionKiosk();
    const sessionId = await createWithEveryAnswerLost(kiosk);
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/payment_intents', kind: 'error_500', count: 3 });
    expect(await cancel(kiosk.token, sessionId)).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    await simulator('DELETE', 'faults');
    const [pi] = await paymentIntentsOf(sessionId);
    // Paid at Stripe by whatever still held it (the kiosk never learned it: its create's every answer was lost).
    const reader = await readerFor(kiosk.token);
    await stripe.terminal.readers.processPaymentIntent(reader, { payment_intent: pi!.id });
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader, { card_present: { number: VISA } });
    expect((await stripe.paymentIntents.retrieve(pi!.id)).status).toBe('succeeded');
    return { kiosk, sessionId, paymentIntentId: pi!.id };
  }

  async function expectRefundedForOperator(sessionId: string, paymentIntentId: string) {
    const { session } = await asOperator(sessionId);
    expect(session).toMatchObject({
      status: 'requires_attention',
      attentionReason: 'paid_after_cancellation',
      cancellationReason: 'customer',
      refunded: 550,
      refunds: [{ amount: 550, status: 'succeeded' }],
    });
    const refunds = await stripe.refunds.list({ payment_intent: paymentIntentId });
    expect(refunds.data.map((r) => r.amount)).toEqual([550]);
  }

  it('its webhook moves the session to requires_attention and the charge is refunded automatically', async () => {
    const { kiosk, sessionId, paymentIntentId } = await paidAfterCancellation();
    await simulator('POST', 'webhooks', { mode: 'immediate' });
    await eventually(async () => (await asOperator(sessionId)).session.refunded).toBe(550);
    await expectRefundedForOperator(sessionId, paymentIntentId);
    const kioskView = (await call(`/api/sessions/${sessionId}`, { token: kiosk.token })).body;
    expect(kioskView).toMatchObject({ status: 'requires_attention', refunded: 550 });
  });

  it('a refund Stripe failed with a 500 it keeps under the refund\'s key is tried again under a new key, and made', async () => {
    const { sessionId, paymentIntentId } = await paidAfterCancellation();
    // Stripe began the refund and failed: it replays that 500 to every request under the same key for a day.
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/refunds', kind: 'saved_error_500', count: 1 });
    const paid = await stripe.paymentIntents.retrieve(paymentIntentId);
    expect((await postWebhook(JSON.stringify(eventFor('payment_intent.succeeded', paid)))).status).toBe(200);
    await eventually(async () => {
      await runDurableObjectAlarm(sessionObject(sessionId));
      return (await asOperator(sessionId)).session.refunded;
    }).toBe(550);
    await expectRefundedForOperator(sessionId, paymentIntentId);
  });

  it("the store's sales count the money taken and its refund: the day nets to nothing", async () => {
    const from = storeDay(Date.now(), 'UTC');
    const { kiosk, sessionId, paymentIntentId } = await paidAfterCancellation();
    await simulator('POST', 'webhooks', { mode: 'immediate' });
    await eventually(async () => (await asOperator(sessionId)).session.refunded).toBe(550);
    const location = kiosk.kiosk.locationId;
    const sales = async () =>
      (await call(`/api/admin/reports/daily?from=${from}&to=${storeDay(Date.now(), 'UTC')}&location=${location}`, { token: ADMIN_TOKEN })).body.days;
    const { chargeId } = await asOperator(sessionId);
    expect(chargeId).toBe((await stripe.paymentIntents.retrieve(paymentIntentId)).latest_charge);
    // The charge counts on the day it was made and the refund on its own: a run across midnight has one on each day.
    const charged = storeDay((await stripe.charges.retrieve(chargeId)).created * 1000, 'UTC');
    const [refund] = (await stripe.refunds.list({ payment_intent: paymentIntentId })).data;
    const refundedOn = storeDay(refund!.created * 1000, 'UTC');
    const row = { locationId: location, currency: 'usd' };
    await eventually(sales).toEqual(
      charged === refundedOn
        ? [{ date: charged, ...row, count: 1, gross: 550, refunded: 550, net: 0 }]
        : [
            { date: charged, ...row, count: 1, gross: 550, refunded: 0, net: 550 },
            { date: refundedOn, ...row, count: 0, gross: 0, refunded: 550, net: -550 },
          ],
    );
  });

  it('a Dashboard partial refund heard of before the payment: the rest is refunded automatically, once', async () => {
    const { sessionId, paymentIntentId } = await paidAfterCancellation();
    const partial = await stripe.refunds.create({ payment_intent: paymentIntentId, amount: 200 });
    // The refund's event reaches the session first, then the payment's (twice, as Stripe may send it); the first
    // try at refunding the rest finds Stripe down, so the alarm carries it on.
    const refundEvent = eventFor('charge.refunded', await stripe.charges.retrieve(partial.charge as string));
    expect((await postWebhook(JSON.stringify(refundEvent))).status).toBe(200);
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/refunds', kind: 'error_500', count: 3 });
    const paid = await stripe.paymentIntents.retrieve(paymentIntentId);
    expect((await postWebhook(JSON.stringify(eventFor('payment_intent.succeeded', paid)))).status).toBe(200);
    await simulator('DELETE', 'faults');
    expect((await postWebhook(JSON.stringify(eventFor('payment_intent.succeeded', paid)))).status).toBe(200);

    await eventually(async () => {
      await runDurableObjectAlarm(sessionObject(sessionId));
      return (await asOperator(sessionId)).session.refunded;
    }).toBe(550);
    expect((await asOperator(sessionId)).session).toMatchObject({ status: 'requires_attention', attentionReason: 'paid_after_cancellation' });
    // The alarm only watches the refunds now (a card refund may still fail at Stripe): it never makes another.
    for (let i = 0; i < 3; i++) await runDurableObjectAlarm(sessionObject(sessionId));
    const refunds = (await stripe.refunds.list({ payment_intent: paymentIntentId })).data;
    expect(refunds.map((r) => r.amount).sort((a, b) => a - b)).toEqual([200, 350]);
  });

  it('refunded in full from the Dashboard first, every webhook lost: the session shows that refund, and makes none of its own', async () => {
    const kiosk = await provisionKiosk();
    const sessionId = await createWithEveryAnswerLost(kiosk);
    // Stripe fails the session's PaymentIntent calls until the operator is done: the cleanup cannot reach it meanwhile.
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/payment_intents', kind: 'error_500' });
    expect(await cancel(kiosk.token, sessionId)).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    const [pi] = await paymentIntentsOf(sessionId);
    const reader = await readerFor(kiosk.token);
    await stripe.terminal.readers.processPaymentIntent(reader, { payment_intent: pi!.id });
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader, { card_present: { number: VISA } });
    // An operator sees the payment in the Dashboard and refunds it there, before the worker does.
    await stripe.refunds.create({ payment_intent: pi!.id });
    await simulator('DELETE', 'faults');

    await eventually(async () => {
      await runDurableObjectAlarm(sessionObject(sessionId));
      return (await asOperator(sessionId)).session.refunded;
    }).toBe(550);
    expect((await asOperator(sessionId)).session).toMatchObject({
      status: 'requires_attention',
      attentionReason: 'paid_after_cancellation',
      refunds: [{ amount: 550, status: 'succeeded' }],
    });
    expect((await stripe.refunds.list({ payment_intent: pi!.id })).data).toHaveLength(1);
  });

  it('with every webhook lost, the alarm finds it, refunds once, and then only watches the refund', async () => {
    const { sessionId, paymentIntentId } = await paidAfterCancellation();
    await eventually(async () => (await asOperator(sessionId)).session.refunded).toBe(550);
    await expectRefundedForOperator(sessionId, paymentIntentId);
    for (let i = 0; i < 3; i++) await runDurableObjectAlarm(sessionObject(sessionId));
    await expectRefundedForOperator(sessionId, paymentIntentId);
    expect((await stripe.refunds.list({ payment_intent: paymentIntentId })).data).toHaveLength(1);
  });
});
