import { runDurableObjectAlarm } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ADMIN_TOKEN, call, createSession, payWithCard, provisionKiosk, stripe } from './kiosk-client.ts';
import { createWithEveryAnswerLost, eventFor, faultsFired, paymentIntentsOf, postWebhook, sessionObject, simulator } from './stripe-test-controls.ts';

const VISA = '4242424242424242';

/**
 * Money over time and under reordering: what the session says once Stripe's webhooks come late, out of order or not
 * at all, while the kiosk, the customer and the alarm act at the same moment. Webhooks are held back unless a test
 * delivers them itself: only what the test sends (or the kiosk, or the alarm) may settle a session.
 */

beforeEach(async () => {
  await simulator('POST', 'webhooks', { mode: 'paused' });
});

afterEach(async () => {
  vi.useRealTimers();
  await simulator('DELETE', 'faults');
});

const sessionView = async (token: string, sessionId: string) => (await call(`/api/sessions/${sessionId}`, { token })).body;
const complete = (token: string, sessionId: string, paymentIntentId: string) =>
  call(`/api/sessions/${sessionId}/complete`, { token, body: { paymentIntentId } });
const cancel = (token: string, sessionId: string) => call(`/api/sessions/${sessionId}/cancel`, { token, method: 'POST' });
const asOperator = async (sessionId: string) => (await call(`/api/admin/sessions/${sessionId}`, { token: ADMIN_TOKEN })).body;
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });

async function openSession(extra: Record<string, unknown> = {}) {
  const kiosk = await provisionKiosk('Test kiosk', extra);
  const { body: session } = await createSession(kiosk.token);
  return { kiosk, session };
}

/** The session's second is up, by the clock the alarm reads (only Date is faked). */
const pastItsTimeout = () => vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 1_100 });

describe('webhooks out of order: each one a hint, Stripe read again', () => {
  it('a Dashboard refund heard of before the payment itself: the session ends paid, showing the refund', async () => {
    const { kiosk, session } = await openSession();
    await payWithCard(kiosk.token, session.paymentIntentId, VISA);
    // The kiosk went away after the card; an operator refunds it in the Dashboard at once.
    await stripe.refunds.create({ payment_intent: session.paymentIntentId });
    const pi = await stripe.paymentIntents.retrieve(session.paymentIntentId);
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect((await postWebhook(JSON.stringify(eventFor('charge.refunded', charge)))).status).toBe(200);
    expect((await postWebhook(JSON.stringify(eventFor('payment_intent.succeeded', pi)))).status).toBe(200);
    await eventually(async () => (await sessionView(kiosk.token, session.sessionId)).status).toBe('success');
    expect(await sessionView(kiosk.token, session.sessionId)).toMatchObject({ refunded: 550, refunds: [{ amount: 550, status: 'succeeded' }] });
    // Nothing else went back: the operator's refund was the only one.
    expect((await stripe.refunds.list({ payment_intent: session.paymentIntentId })).data).toHaveLength(1);
  });

  it('a canceled event whose snapshot Stripe no longer agrees with: the session reads the PaymentIntent paid, and is paid', async () => {
    const { kiosk, session } = await openSession();
    const before = await stripe.paymentIntents.retrieve(session.paymentIntentId);
    await payWithCard(kiosk.token, session.paymentIntentId, VISA);
    const stale = JSON.stringify(eventFor('payment_intent.canceled', { ...before, status: 'canceled' }));
    expect((await postWebhook(stale)).status).toBe(200);
    expect(await sessionView(kiosk.token, session.sessionId)).toMatchObject({ status: 'success', receipt: { last4: '4242' } });
    expect((await stripe.refunds.list({ payment_intent: session.paymentIntentId })).data).toHaveLength(0);
  });
});

describe('the kiosk and the customer at the same moment', () => {
  it('complete and cancel at once after the card was charged: paid, the cancel refused, nothing refunded', async () => {
    const { kiosk, session } = await openSession();
    await payWithCard(kiosk.token, session.paymentIntentId, VISA);
    const [completed, cancelled] = await Promise.all([
      complete(kiosk.token, session.sessionId, session.paymentIntentId),
      cancel(kiosk.token, session.sessionId),
    ]);
    expect(completed.body).toMatchObject({ success: true, status: 'success' });
    expect(cancelled).toMatchObject({ status: 409, body: { error: { code: 'already_paid' } } });
    expect((await stripe.paymentIntents.retrieve(session.paymentIntentId)).status).toBe('succeeded');
    expect((await stripe.refunds.list({ payment_intent: session.paymentIntentId })).data).toHaveLength(0);
  });

  it('complete and cancel at once before any card: cancelled, not paid, and the PaymentIntent canceled at Stripe', async () => {
    const { kiosk, session } = await openSession();
    const [completed, cancelled] = await Promise.all([
      complete(kiosk.token, session.sessionId, session.paymentIntentId),
      cancel(kiosk.token, session.sessionId),
    ]);
    expect(completed.body).toMatchObject({ success: false });
    expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled', cancellationReason: 'customer' } });
    expect(await sessionView(kiosk.token, session.sessionId)).toMatchObject({ status: 'cancelled', cancellationReason: 'customer' });
    expect((await stripe.paymentIntents.retrieve(session.paymentIntentId)).status).toBe('canceled');
  });

  it('a complete while Stripe slowly answers the cancel says cancelled for the customer’s reason, as the cancel does', async () => {
    const { kiosk, session } = await openSession();
    // Stripe cancels at once and answers 2.5 s later.
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/payment_intents/*/cancel', kind: 'timeout', count: 1, delayMs: 2_500 });
    const cancelling = cancel(kiosk.token, session.sessionId);
    await eventually(async () => (await faultsFired())[0]).toBe(1);
    expect((await complete(kiosk.token, session.sessionId, session.paymentIntentId)).body).toEqual({ success: false, status: 'cancelled' });
    expect(await cancelling).toMatchObject({ status: 200, body: { status: 'cancelled', cancellationReason: 'customer' } });
  });
});

describe('the expiry alarm', () => {
  it('a card only authorized (switched to manual capture at Stripe) and left: the session ends cancelled and the hold is released', async () => {
    const { kiosk, session } = await openSession({ sessionTimeoutSeconds: 1 });
    await stripe.paymentIntents.update(session.paymentIntentId, { capture_method: 'manual' });
    await payWithCard(kiosk.token, session.paymentIntentId, VISA);
    expect((await stripe.paymentIntents.retrieve(session.paymentIntentId)).status).toBe('requires_capture');
    expect((await complete(kiosk.token, session.sessionId, session.paymentIntentId)).body).toMatchObject({ success: false });
    pastItsTimeout();
    await runDurableObjectAlarm(sessionObject(session.sessionId));
    vi.useRealTimers();
    expect(await sessionView(kiosk.token, session.sessionId)).toMatchObject({ status: 'cancelled', cancellationReason: 'expired' });
    expect((await stripe.paymentIntents.retrieve(session.paymentIntentId)).status).toBe('canceled');
    expect((await asOperator(session.sessionId)).session).toMatchObject({ status: 'cancelled', refunded: 0 });
  });
});

describe('a PaymentIntent the session never heard of', () => {
  it('its creation event tells the session of it (the kiosk’s create got only errors): a retried create gets that one, and no second exists', async () => {
    const kiosk = await provisionKiosk();
    const key = `key-${crypto.randomUUID()}`;
    const sessionId = await createWithEveryAnswerLost(kiosk, { key });
    const [pi] = await paymentIntentsOf(sessionId);
    expect((await sessionView(kiosk.token, sessionId)).paymentIntentId).toBe('');
    expect((await postWebhook(JSON.stringify(eventFor('payment_intent.created', pi!)))).status).toBe(200);
    expect((await sessionView(kiosk.token, sessionId)).paymentIntentId).toBe(pi!.id);
    const retried = await createSession(kiosk.token, undefined, { 'Idempotency-Key': key });
    expect(retried.body).toMatchObject({ sessionId, paymentIntentId: pi!.id });
    expect(await paymentIntentsOf(sessionId)).toHaveLength(1);
  });
});
