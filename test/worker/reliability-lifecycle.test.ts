import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckoutSession } from '../../worker/durable-objects/checkout-session.ts';
import type { Kiosk } from '../../worker/durable-objects/kiosk.ts';
import { ADMIN_TOKEN, call, createSession, payWithCard, provisionKiosk, readerFor, stripe } from './kiosk-client.ts';
import { eventFor, faultsFired, paymentIntentsOf, postWebhook, sessionObject, simulator } from './stripe-test-controls.ts';

const VISA = '4242424242424242';
const DECLINED = '4000000000000002';

async function openSession(headers: Record<string, string> = {}) {
  const kiosk = await provisionKiosk();
  const { body: session } = await createSession(kiosk.token, undefined, headers);
  return { kiosk, session };
}

const sessionView = async (token: string, sessionId: string) => (await call(`/api/sessions/${sessionId}`, { token })).body;

const complete = (token: string, sessionId: string, paymentIntentId: string) =>
  call(`/api/sessions/${sessionId}/complete`, { token, body: { paymentIntentId } });

const uniqueKey = () => `key-${crypto.randomUUID()}`;

beforeEach(async () => {
  // Webhooks held back: in these tests only the kiosk or the alarm may settle a session.
  await simulator('POST', 'webhooks', { mode: 'paused' });
});

afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  await simulator('DELETE', 'faults');
});

/** A kiosk whose checkouts time out after a second, as an operator may set it, so their alarms fire in the test. */
async function openQuickSession() {
  const kiosk = await provisionKiosk('Quick kiosk', { sessionTimeoutSeconds: 1 });
  const { body: session } = await createSession(kiosk.token);
  return { kiosk, session };
}

/** The quick session's second is up, by the clock the alarm reads (only Date is faked: waiting for it instead would race its real alarm). */
const pastItsTimeout = () => vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 1_100 });

const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });

describe('the lifecycle alarm', () => {
  it('a session whose kiosk disappears before any card ends cancelled, with its PaymentIntent canceled at Stripe', async () => {
    const { kiosk, session } = await openQuickSession();
    await eventually(async () => (await sessionView(kiosk.token, session.sessionId)).status).toBe('cancelled');
    expect(await sessionView(kiosk.token, session.sessionId)).toMatchObject({ cancellationReason: 'expired', expiresAt: null });
    const pi = await stripe.paymentIntents.retrieve(session.paymentIntentId);
    expect(pi).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    // Settled and written down: nothing is left for the alarm.
    await eventually(() => runDurableObjectAlarm(sessionObject(session.sessionId))).toBe(false);
  });

  it('progress from the kiosk moves the expiry to a full timeout after it', async () => {
    const kiosk = await provisionKiosk();
    const { body: session } = await createSession(kiosk.token);
    expect(session.expiresAt).toBe(session.createdAt + 300_000);
    const progress = await call(`/api/sessions/${session.sessionId}/progress`, { token: kiosk.token, body: { status: 'waiting_card' } });
    expect(progress.status).toBe(200);
    expect(progress.body.expiresAt).toBeGreaterThanOrEqual(Date.now() + 299_000);
    expect(progress.body.expiresAt).toBeGreaterThan(session.expiresAt);
    // An alarm before then leaves the session and its PaymentIntent open.
    await runDurableObjectAlarm(sessionObject(session.sessionId));
    expect((await sessionView(kiosk.token, session.sessionId)).status).toBe('waiting_card');
    expect((await stripe.paymentIntents.retrieve(session.paymentIntentId)).status).toBe('requires_payment_method');
  });

  it('after a decline, "still there" (progress `failed`) moves the expiry and keeps the session declined, open for another card', async () => {
    const kiosk = await provisionKiosk();
    const { body: session } = await createSession(kiosk.token);
    await payWithCard(kiosk.token, session.paymentIntentId, DECLINED);
    expect((await complete(kiosk.token, session.sessionId, session.paymentIntentId)).body).toMatchObject({ status: 'failed' });
    const declined = await sessionView(kiosk.token, session.sessionId);
    const progress = await call(`/api/sessions/${session.sessionId}/progress`, { token: kiosk.token, body: { status: 'failed' } });
    expect(progress).toMatchObject({ status: 200, body: { status: 'failed' } });
    expect(progress.body.expiresAt).toBeGreaterThan(declined.expiresAt);
    await runDurableObjectAlarm(sessionObject(session.sessionId));
    expect((await sessionView(kiosk.token, session.sessionId)).status).toBe('failed');
    // Another card still pays on the same PaymentIntent.
    await payWithCard(kiosk.token, session.paymentIntentId, VISA);
    expect((await complete(kiosk.token, session.sessionId, session.paymentIntentId)).body).toMatchObject({ success: true });
  });

  it('progress `failed` for a session that was not declined is refused, and changes nothing', async () => {
    const kiosk = await provisionKiosk();
    const { body: session } = await createSession(kiosk.token);
    const progress = await call(`/api/sessions/${session.sessionId}/progress`, { token: kiosk.token, body: { status: 'failed' } });
    expect(progress).toMatchObject({ status: 409, body: { error: { code: 'invalid_transition' } } });
    expect(await sessionView(kiosk.token, session.sessionId)).toMatchObject({ status: session.status, expiresAt: session.expiresAt });
  });

  it("progress that arrives while the alarm is reading Stripe keeps the session: the alarm does not cancel it", async () => {
    const kiosk = await provisionKiosk('Three-second kiosk', { sessionTimeoutSeconds: 3 });
    const { body: session } = await createSession(kiosk.token);
    // The expiry's read of the PaymentIntent (the alarm's, 3 s after the last progress) is slow.
    await simulator('POST', 'faults', { method: 'GET', path: '/v1/payment_intents/*', kind: 'timeout', count: 1, delayMs: 1_500 });
    await eventually(async () => (await faultsFired())[0]).toBe(1);
    const progress = await call(`/api/sessions/${session.sessionId}/progress`, { token: kiosk.token, body: { status: 'waiting_card' } });
    expect(progress).toMatchObject({ status: 200, body: { status: 'waiting_card' } });
    // The alarm ends by writing the ledger: once it shows the progress, the alarm that was reading Stripe is done.
    const ledgerStatus = async () =>
      (await call(`/api/admin/sessions?kioskId=${kiosk.kioskId}`, { token: ADMIN_TOKEN })).body.sessions[0]?.status;
    await eventually(ledgerStatus).toBe('waiting_card');
    expect(await sessionView(kiosk.token, session.sessionId)).toMatchObject({ status: 'waiting_card' });
    expect((await stripe.paymentIntents.retrieve(session.paymentIntentId)).status).toBe('requires_payment_method');
  });

  it("a paid session's receipt number is retried with a growing pause while Stripe fails, not every few seconds", async () => {
    const { kiosk, session } = await openSession();
    await payWithCard(kiosk.token, session.paymentIntentId, VISA);
    // Updates of PaymentIntents fail (where the order number goes on Stripe's receipt); the payment itself is done.
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/payment_intents/*', kind: 'error_500', rate: 1 });
    expect((await complete(kiosk.token, session.sessionId, session.paymentIntentId)).body).toMatchObject({ success: true });
    // A minute of the alarm's clock, looked at every 2 s (only Date is faked: the objects' own alarms keep real time).
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    for (let second = 0; second < 60; second += 2) {
      vi.setSystemTime(Date.now() + 2_000);
      await runDurableObjectAlarm(sessionObject(session.sessionId));
    }
    // Each try is the SDK's 3 requests. Pausing 2, 4, 8, 16, 32 s between tries leaves 5 or 6 of them in a minute.
    expect((await faultsFired())[0]).toBeLessThanOrEqual(6 * 3);
    // Stripe is back: the next try (at most 5 minutes on) numbers the receipt.
    await simulator('DELETE', 'faults');
    vi.setSystemTime(Date.now() + 5 * 60_000);
    await runDurableObjectAlarm(sessionObject(session.sessionId));
    expect((await stripe.paymentIntents.retrieve(session.paymentIntentId)).description).toMatch(/^Order \d+/);
  }, 60_000);

  it("a receipt number Stripe failed with a 500 it keeps under the update's key goes on the receipt at a later try, not a day later", async () => {
    const { kiosk, session } = await openSession();
    await payWithCard(kiosk.token, session.paymentIntentId, VISA);
    // Stripe began the update and failed: it replays that 500 to every request under the same key for a day.
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/payment_intents/*', kind: 'saved_error_500', count: 1 });
    expect((await complete(kiosk.token, session.sessionId, session.paymentIntentId)).body).toMatchObject({ success: true });
    // The alarm's tries, a minute apart on its clock (only Date is faked: the objects' own alarms keep real time).
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    await eventually(async () => {
      vi.setSystemTime(Date.now() + 60_000);
      await runDurableObjectAlarm(sessionObject(session.sessionId));
      return (await stripe.paymentIntents.retrieve(session.paymentIntentId)).description;
    }).toMatch(/^Order \d+/);
    expect((await faultsFired())[0]).toBe(1);
  });

  it('is safe when the alarm fires twice, even at the same moment', async () => {
    const { kiosk, session } = await openQuickSession();
    pastItsTimeout();
    await runInDurableObject(sessionObject(session.sessionId), (instance: CheckoutSession) =>
      Promise.all([instance.alarm(), instance.alarm()]),
    );
    await runInDurableObject(sessionObject(session.sessionId), (instance: CheckoutSession) => instance.alarm());
    expect(await sessionView(kiosk.token, session.sessionId)).toMatchObject({ status: 'cancelled', cancellationReason: 'expired' });
    expect((await stripe.paymentIntents.retrieve(session.paymentIntentId)).status).toBe('canceled');
  });

  it('records a success, not a cancellation, when the card was charged before the kiosk went away', async () => {
    const { kiosk, session } = await openQuickSession();
    await payWithCard(kiosk.token, session.paymentIntentId, VISA);
    await eventually(async () => (await sessionView(kiosk.token, session.sessionId)).status).toBe('success');
    expect(await sessionView(kiosk.token, session.sessionId)).toMatchObject({ receipt: { last4: '4242' } });
    expect((await stripe.paymentIntents.retrieve(session.paymentIntentId)).status).toBe('succeeded');
  });

  it('an abandoned session after a declined card is cancelled too', async () => {
    const { kiosk, session } = await openQuickSession();
    await payWithCard(kiosk.token, session.paymentIntentId, DECLINED);
    await eventually(async () => (await sessionView(kiosk.token, session.sessionId)).status).toBe('cancelled');
    expect(await sessionView(kiosk.token, session.sessionId)).toMatchObject({ cancellationReason: 'expired' });
  });

  it('racing the kiosk completing a paid session, the alarm never cancels it', async () => {
    const { kiosk, session } = await openQuickSession();
    await payWithCard(kiosk.token, session.paymentIntentId, VISA);
    pastItsTimeout();
    const [, completed] = await Promise.all([
      runDurableObjectAlarm(sessionObject(session.sessionId)),
      complete(kiosk.token, session.sessionId, session.paymentIntentId),
    ]);
    expect(completed.body).toMatchObject({ success: true, status: 'success' });
    expect((await sessionView(kiosk.token, session.sessionId)).status).toBe('success');
    expect((await stripe.paymentIntents.retrieve(session.paymentIntentId)).status).toBe('succeeded');
  });

  it("racing Stripe's webhook of a paid session, the alarm never cancels it", async () => {
    const { kiosk, session } = await openQuickSession();
    await payWithCard(kiosk.token, session.paymentIntentId, VISA);
    const pi = await stripe.paymentIntents.retrieve(session.paymentIntentId);
    pastItsTimeout();
    const [, delivered] = await Promise.all([
      runDurableObjectAlarm(sessionObject(session.sessionId)),
      postWebhook(JSON.stringify(eventFor('payment_intent.succeeded', pi))),
    ]);
    expect(delivered).toMatchObject({ status: 200, body: { received: true } });
    expect(await sessionView(kiosk.token, session.sessionId)).toMatchObject({ status: 'success', refunded: 0 });
    expect((await stripe.paymentIntents.retrieve(session.paymentIntentId)).status).toBe('succeeded');
  });

  it('racing a customer cancel, the session is cancelled once with the first reason', async () => {
    const { kiosk, session } = await openQuickSession();
    pastItsTimeout();
    const [, cancelled] = await Promise.all([
      runDurableObjectAlarm(sessionObject(session.sessionId)),
      call(`/api/sessions/${session.sessionId}/cancel`, { token: kiosk.token, method: 'POST' }),
    ]);
    const view = await sessionView(kiosk.token, session.sessionId);
    expect(view.status).toBe('cancelled');
    expect(['expired', 'customer']).toContain(view.cancellationReason);
    // Whoever came second found it cancelled already, with the first reason.
    if (cancelled.status === 200) expect(cancelled.body.cancellationReason).toBe(view.cancellationReason);
    else expect(cancelled.status).toBe(404);
  });

  it("a customer cancel keeps its reason when Stripe's webhook about it arrives before Stripe's answer", async () => {
    await simulator('POST', 'webhooks', { mode: 'immediate' });
    const { kiosk, session } = await openSession();
    // Stripe cancels at once but answers slowly; its payment_intent.canceled webhook overtakes the answer.
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/payment_intents/*/cancel', kind: 'timeout', count: 1, delayMs: 1_500 });
    const cancelled = await call(`/api/sessions/${session.sessionId}/cancel`, { token: kiosk.token, method: 'POST' });
    expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled', cancellationReason: 'customer' } });
    expect((await sessionView(kiosk.token, session.sessionId)).cancellationReason).toBe('customer');
  });

  it('when Stripe cannot cancel, the session stays open and the alarm tries again later', async () => {
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/payment_intents/*/cancel', kind: 'error_500', rate: 1 });
    const { kiosk, session } = await openQuickSession();
    // The alarm tried twice (each try the SDK's three attempts), Stripe failed every one, and the session stays open.
    await eventually(async () => (await faultsFired())[0]).toBeGreaterThanOrEqual(6);
    expect(await sessionView(kiosk.token, session.sessionId)).toMatchObject({ status: 'idle' });
    expect((await stripe.paymentIntents.retrieve(session.paymentIntentId)).status).toBe('requires_payment_method');

    await simulator('DELETE', 'faults');
    await eventually(async () => (await sessionView(kiosk.token, session.sessionId)).status).toBe('cancelled');
    expect((await stripe.paymentIntents.retrieve(session.paymentIntentId)).status).toBe('canceled');
  });

  it('a cancel Stripe refused once is tried again for real: the PaymentIntent ends canceled, not open for a day', async () => {
    const { kiosk, session } = await openSession();
    // Stripe refuses the first cancel with an answer it keeps under the request's Idempotency-Key (as it keeps every
    // answer of a request it began, 500s included) and replays to any request under that key for 24 hours.
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/payment_intents/*/cancel', kind: 'reader_timeout', count: 1 });
    const refused = await call(`/api/sessions/${session.sessionId}/cancel`, { token: kiosk.token, method: 'POST' });
    expect(refused.status).toBe(502);
    expect((await stripe.paymentIntents.retrieve(session.paymentIntentId)).status).toBe('requires_payment_method');

    // The alarm carries the cancel on, and so does the customer's second tap.
    await eventually(async () => (await sessionView(kiosk.token, session.sessionId)).status).toBe('cancelled');
    expect(await sessionView(kiosk.token, session.sessionId)).toMatchObject({ cancellationReason: 'customer' });
    expect((await stripe.paymentIntents.retrieve(session.paymentIntentId)).status).toBe('canceled');
    const again = await call(`/api/sessions/${session.sessionId}/cancel`, { token: kiosk.token, method: 'POST' });
    expect(again).toMatchObject({ status: 200, body: { status: 'cancelled' } });
  });

  it("a checkout whose kiosk's object keeps failing tells it it ended less and less often, and stops once it is told", async () => {
    const { kiosk, session } = await openSession();
    expect((await call(`/api/sessions/${session.sessionId}/cancel`, { token: kiosk.token, method: 'POST' })).status).toBe(200);
    // The kiosk's object fails every notice of an ended checkout (overloaded, or broken by a bad deploy) until it recovers.
    const kioskClass = await runInDurableObject(env.KIOSK.getByName(kiosk.kioskId), (object: Kiosk) => Object.getPrototypeOf(object) as Kiosk);
    const told = kioskClass.sessionEnded;
    const notices: number[] = [];
    let failing = true;
    vi.spyOn(kioskClass, 'sessionEnded').mockImplementation(function (this: Kiosk, sessionId: string) {
      notices.push(Date.now());
      if (failing) throw new Error('the kiosk object is overloaded');
      return told.call(this, sessionId);
    });
    // A minute of the checkout's alarm, run every second of a moved clock (the alarm may fire early: it must not act early).
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const start = Date.now();
    for (let second = 0; second < 60; second++) {
      await runDurableObjectAlarm(sessionObject(session.sessionId));
      vi.setSystemTime(Date.now() + 1_000);
    }
    const gaps = notices.slice(1).map((at, i) => at - notices[i]!);
    expect(notices[0]).toBe(start);
    expect(gaps.length).toBeGreaterThanOrEqual(3);
    expect(gaps.length).toBeLessThanOrEqual(6);
    gaps.slice(1).forEach((gap, i) => expect(gap).toBeGreaterThan(gaps[i]!));

    failing = false;
    vi.setSystemTime(Date.now() + 5 * 60_000);
    const tries = notices.length;
    expect(await runDurableObjectAlarm(sessionObject(session.sessionId))).toBe(true);
    expect(notices).toHaveLength(tries + 1);
    // Told: nothing is left for the alarm.
    expect(await runDurableObjectAlarm(sessionObject(session.sessionId))).toBe(false);
  });

  it('a cancel whose every answer was lost is not harmed by the next try: the session ends cancelled, its PaymentIntent canceled once', async () => {
    const { kiosk, session } = await openSession();
    // Stripe cancels, and the answer to the SDK's every attempt is lost on the way back.
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/payment_intents/*/cancel', kind: 'lose_response', count: 3 });
    await call(`/api/sessions/${session.sessionId}/cancel`, { token: kiosk.token, method: 'POST' });
    expect(await faultsFired()).toEqual([3]);

    // The next try (the alarm's, or the customer's) finds it canceled at Stripe already, and counts that as done.
    await eventually(async () => (await sessionView(kiosk.token, session.sessionId)).status).toBe('cancelled');
    const again = await call(`/api/sessions/${session.sessionId}/cancel`, { token: kiosk.token, method: 'POST' });
    expect(again).toMatchObject({ status: 200, body: { status: 'cancelled', cancellationReason: 'customer' } });
    expect((await paymentIntentsOf(session.sessionId)).map((pi) => pi.status)).toEqual(['canceled']);
  });
});

describe('verification: the server asks Stripe', () => {
  it('the kiosk claiming success while the card was not yet taken does not make the session paid', async () => {
    const { kiosk, session } = await openSession();
    const early = await complete(kiosk.token, session.sessionId, session.paymentIntentId);
    expect(early.body).toEqual({ success: false, status: 'idle' });
    // Still open for a card.
    await payWithCard(kiosk.token, session.paymentIntentId, VISA);
    expect((await complete(kiosk.token, session.sessionId, session.paymentIntentId)).body).toMatchObject({ success: true });
  });

  it('completing with a PaymentIntent that is not this session\'s is rejected and changes nothing', async () => {
    const { kiosk, session } = await openSession();
    const { body: paid } = await createSession(kiosk.token);
    await payWithCard(kiosk.token, paid.paymentIntentId, VISA);
    for (const paymentIntentId of [paid.paymentIntentId, 'pi_doesnotexist']) {
      const res = await complete(kiosk.token, session.sessionId, paymentIntentId);
      expect(res).toMatchObject({ status: 400, body: { error: { code: 'payment_intent_mismatch' } } });
    }
    expect((await sessionView(kiosk.token, session.sessionId)).status).toBe('idle');
  });

  it('a complete sent after the card was charged says success, even while a read of Stripe from before is under way', async () => {
    const { kiosk, session } = await openSession();
    // Stripe answers the first read of the PaymentIntent slowly: it reads at once and answers 2.5 s later.
    await simulator('POST', 'faults', { method: 'GET', path: '/v1/payment_intents/*', kind: 'timeout', count: 1, delayMs: 2_500 });
    const early = complete(kiosk.token, session.sessionId, session.paymentIntentId);
    await eventually(async () => (await faultsFired())[0]).toBe(1);
    await payWithCard(kiosk.token, session.paymentIntentId, VISA);
    expect((await complete(kiosk.token, session.sessionId, session.paymentIntentId)).body).toMatchObject({ success: true, status: 'success' });
    await early;
  });

  it('two complete calls at once get one verification result, the same for both', async () => {
    const { kiosk, session } = await openSession();
    await payWithCard(kiosk.token, session.paymentIntentId, VISA);
    const [a, b] = await Promise.all([
      complete(kiosk.token, session.sessionId, session.paymentIntentId),
      complete(kiosk.token, session.sessionId, session.paymentIntentId),
    ]);
    expect(a.status).toBe(200);
    expect(a.body).toEqual(b.body);
    expect(a.body).toMatchObject({ success: true, status: 'success', receipt: { last4: '4242' } });
  });

  it('while Stripe cannot be read past the retries, complete answers a clear 502 and changes nothing; asked again later, it settles', async () => {
    const { kiosk, session } = await openSession();
    await payWithCard(kiosk.token, session.paymentIntentId, VISA);
    const before = await sessionView(kiosk.token, session.sessionId);
    // Every try of the read (the SDK's retries included) fails.
    await simulator('POST', 'faults', { method: 'GET', path: `/v1/payment_intents/${session.paymentIntentId}`, kind: 'error_500', count: 3 });
    const failed = await complete(kiosk.token, session.sessionId, session.paymentIntentId);
    expect(failed).toMatchObject({ status: 502, body: { error: { code: 'stripe_error', message: expect.any(String) } } });
    expect(await sessionView(kiosk.token, session.sessionId)).toEqual(before);

    await simulator('DELETE', 'faults');
    expect((await complete(kiosk.token, session.sessionId, session.paymentIntentId)).body).toMatchObject({ success: true, status: 'success' });
  });

  it("a complete racing Stripe's webhook of the same payment: one success, the same for the kiosk and the session", async () => {
    const { kiosk, session } = await openSession();
    await payWithCard(kiosk.token, session.paymentIntentId, VISA);
    const pi = await stripe.paymentIntents.retrieve(session.paymentIntentId);
    const [completed, delivered] = await Promise.all([
      complete(kiosk.token, session.sessionId, session.paymentIntentId),
      postWebhook(JSON.stringify(eventFor('payment_intent.succeeded', pi))),
    ]);
    expect(delivered).toMatchObject({ status: 200, body: { received: true } });
    expect(completed.body).toMatchObject({ success: true, status: 'success', receipt: { last4: '4242' } });
    expect(await sessionView(kiosk.token, session.sessionId)).toMatchObject({ status: 'success', receipt: completed.body.receipt, refunded: 0 });
    const { timeline } = (await call(`/api/admin/sessions/${session.sessionId}`, { token: ADMIN_TOKEN })).body;
    expect(timeline.filter((change: { status: string }) => change.status === 'success')).toHaveLength(1);
  });

  it('two complete calls at once after a decline both say declined', async () => {
    const { kiosk, session } = await openSession();
    await payWithCard(kiosk.token, session.paymentIntentId, DECLINED);
    const [a, b] = await Promise.all([
      complete(kiosk.token, session.sessionId, session.paymentIntentId),
      complete(kiosk.token, session.sessionId, session.paymentIntentId),
    ]);
    expect(a.body).toEqual(b.body);
    expect(a.body).toEqual({ success: false, status: 'failed', declineCode: 'generic_decline' });
  });
});

describe('recovering after the kiosk reloads (server side of the kiosk restart)', () => {
  it('a reload mid-payment finds the same session and PaymentIntent, resumes, and is charged once', async () => {
    const key = uniqueKey();
    const { kiosk, session } = await openSession({ 'Idempotency-Key': key });
    const reader = await readerFor(kiosk.token);
    await call(`/api/simulated-reader/readers/${reader}/collect`, { token: kiosk.token, body: { paymentIntentId: session.paymentIntentId } });

    // The tablet restarts: it reads its session back, or re-sends the create it had in flight.
    const readBack = await sessionView(kiosk.token, session.sessionId);
    expect(readBack).toMatchObject({ paymentIntentId: session.paymentIntentId, clientSecret: session.clientSecret, status: 'idle' });
    const again = await createSession(kiosk.token, undefined, { 'Idempotency-Key': key });
    expect(again.body).toMatchObject({ sessionId: session.sessionId, paymentIntentId: session.paymentIntentId });

    // The reader was left mid-collect: reset it and collect again on the same PaymentIntent.
    await call(`/api/simulated-reader/readers/${reader}/cancel`, { token: kiosk.token, method: 'POST' });
    await payWithCard(kiosk.token, session.paymentIntentId, VISA);
    expect((await complete(kiosk.token, session.sessionId, session.paymentIntentId)).body).toMatchObject({ success: true });
    expect(await paymentIntentsOf(session.sessionId)).toHaveLength(1);
    expect((await stripe.charges.list({ payment_intent: session.paymentIntentId })).data).toHaveLength(1);
  });

  it('a kiosk that crashed after the card was charged settles the session on restart, without charging again', async () => {
    const { kiosk, session } = await openSession();
    await payWithCard(kiosk.token, session.paymentIntentId, VISA);
    // Restarted: the session still looks open to the kiosk, which asks the server to verify it.
    expect((await sessionView(kiosk.token, session.sessionId)).status).toBe('idle');
    expect((await complete(kiosk.token, session.sessionId, session.paymentIntentId)).body).toMatchObject({ success: true, status: 'success' });
    const collectAgain = await call(`/api/simulated-reader/readers/${await readerFor(kiosk.token)}/collect`, {
      token: kiosk.token,
      body: { paymentIntentId: session.paymentIntentId },
    });
    expect(collectAgain.status).toBe(409);
  });

  it('a reader that drops during collect comes back and the same PaymentIntent is paid (server side of the reconnect)', async () => {
    const { kiosk, session } = await openSession();
    const reader = await readerFor(kiosk.token);
    await call(`/api/simulated-reader/readers/${reader}/collect`, { token: kiosk.token, body: { paymentIntentId: session.paymentIntentId } });
    await simulator('POST', `readers/${reader}/offline`);
    // The session does not care which reader is online: it stays open on its PaymentIntent.
    expect(await sessionView(kiosk.token, session.sessionId)).toMatchObject({ status: 'idle', paymentIntentId: session.paymentIntentId });
    await simulator('POST', `readers/${reader}/online`);
    await call(`/api/simulated-reader/readers/${reader}/cancel`, { token: kiosk.token, method: 'POST' });
    await payWithCard(kiosk.token, session.paymentIntentId, VISA);
    expect((await complete(kiosk.token, session.sessionId, session.paymentIntentId)).body).toMatchObject({ success: true });
    expect(await paymentIntentsOf(session.sessionId)).toHaveLength(1);
  });
});

describe('creating a session when Stripe or the network misbehaves', () => {
  // Each way Stripe misbehaves while the worker creates the PaymentIntent, within what the worker's retries absorb.
  for (const [name, fault] of [
    ['with the first two PaymentIntent creations failing with 500', { kind: 'error_500', count: 2 }],
    ['with the response to a PaymentIntent creation lost', { kind: 'lose_response', count: 1 }],
    ['with a Stripe answer slower than the kiosk can wait', { kind: 'timeout', count: 1, delayMs: 6_000 }],
    ['with Stripe rate limiting (429) twice', { kind: 'error_429', count: 2 }],
  ] as const) {
    it(`${name}, exactly one PaymentIntent exists for the session`, async () => {
      const kiosk = await provisionKiosk();
      await simulator('POST', 'faults', { method: 'POST', path: '/v1/payment_intents', ...fault });
      const res = await createSession(kiosk.token, undefined, { 'Idempotency-Key': uniqueKey() });
      expect(res.status).toBe(201);
      const created = await paymentIntentsOf(res.body.sessionId);
      expect(created.map((pi) => pi.id)).toEqual([res.body.paymentIntentId]);
    });
  }

  it('past the retries the kiosk gets a clear 502, and retrying with its key later gives one consistent session', async () => {
    const kiosk = await provisionKiosk();
    const key = uniqueKey();
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/payment_intents', kind: 'error_500', count: 3 });
    const failed = await createSession(kiosk.token, undefined, { 'Idempotency-Key': key });
    expect(failed).toMatchObject({ status: 502, body: { error: { code: 'stripe_error' } } });

    const retried = await createSession(kiosk.token, undefined, { 'Idempotency-Key': key });
    expect(retried.status).toBe(201);
    expect(retried.body.paymentIntentId).toMatch(/^pi_/);
    expect(await paymentIntentsOf(retried.body.sessionId)).toHaveLength(1);
  });

  it("a creation Stripe failed with a 500 it keeps under the key: the kiosk's retry with its key gets a PaymentIntent, which pays", async () => {
    const kiosk = await provisionKiosk();
    const key = uniqueKey();
    // Stripe began the creation and failed: it replays that 500 to every request under the same key for a day.
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/payment_intents', kind: 'saved_error_500', count: 1 });
    const failed = await createSession(kiosk.token, undefined, { 'Idempotency-Key': key });
    expect(failed).toMatchObject({ status: 502, body: { error: { code: 'stripe_error' } } });

    const retried = await createSession(kiosk.token, undefined, { 'Idempotency-Key': key });
    expect(retried).toMatchObject({ status: 201, body: { paymentIntentId: expect.stringMatching(/^pi_/) } });
    const { sessionId, paymentIntentId } = retried.body;
    await payWithCard(kiosk.token, paymentIntentId, VISA);
    expect((await complete(kiosk.token, sessionId, paymentIntentId)).body).toMatchObject({ success: true });
    expect((await paymentIntentsOf(sessionId)).map((pi) => pi.id)).toEqual([paymentIntentId]);
  });

  it('a PaymentIntent whose every creation answer was lost is found and cancelled by the alarm, not left at Stripe', async () => {
    const kiosk = await provisionKiosk('Quick kiosk', { sessionTimeoutSeconds: 1 });
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/payment_intents', kind: 'lose_response', count: 3 });
    const failed = await createSession(kiosk.token, undefined, { 'Idempotency-Key': uniqueKey() });
    expect(failed.status).toBe(503);
    let sessions: { sessionId: string }[] = [];
    await eventually(async () => (sessions = (await call(`/api/admin/sessions?kioskId=${kiosk.kioskId}`, { token: ADMIN_TOKEN })).body.sessions).length).toBe(1);
    const sessionId = sessions[0]!.sessionId;
    const [orphan] = await paymentIntentsOf(sessionId);

    const asOperator = async () => (await call(`/api/admin/sessions/${sessionId}`, { token: ADMIN_TOKEN })).body.session;
    await eventually(async () => (await asOperator()).status).toBe('cancelled');
    expect(await asOperator()).toMatchObject({ cancellationReason: 'expired', paymentIntentId: orphan!.id });
    expect((await stripe.paymentIntents.retrieve(orphan!.id)).status).toBe('canceled');
  });

  it('a persistently rate-limited Stripe gives the kiosk a 503 it can retry', async () => {
    const kiosk = await provisionKiosk();
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/payment_intents', kind: 'error_429', count: 3 });
    const res = await createSession(kiosk.token);
    expect(res).toMatchObject({ status: 503, body: { error: { code: 'stripe_busy' } } });
  });
});

describe('idempotent session creation', () => {
  it('the kiosk retrying create with its Idempotency-Key gets the same session and PaymentIntent back', async () => {
    const kiosk = await provisionKiosk();
    const headers = { 'Idempotency-Key': uniqueKey() };
    const first = await createSession(kiosk.token, undefined, headers);
    const second = await createSession(kiosk.token, undefined, headers);
    expect(second.body).toMatchObject({ sessionId: first.body.sessionId, paymentIntentId: first.body.paymentIntentId, clientSecret: first.body.clientSecret });
    expect(await paymentIntentsOf(first.body.sessionId)).toHaveLength(1);
  });

  it('two creates with one key at the same moment still make one session and one PaymentIntent', async () => {
    const kiosk = await provisionKiosk();
    const headers = { 'Idempotency-Key': uniqueKey() };
    const [a, b] = await Promise.all([createSession(kiosk.token, undefined, headers), createSession(kiosk.token, undefined, headers)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.paymentIntentId).toBe(b.body.paymentIntentId);
    expect(await paymentIntentsOf(a.body.sessionId)).toHaveLength(1);
  });

  it('the same key with another cart is a conflict (409)', async () => {
    const kiosk = await provisionKiosk();
    const headers = { 'Idempotency-Key': uniqueKey() };
    await createSession(kiosk.token, [{ id: 'latte', quantity: 1 }], headers);
    const other = await createSession(kiosk.token, [{ id: 'latte', quantity: 2 }], headers);
    expect(other).toMatchObject({ status: 409, body: { error: { code: 'idempotency_conflict' } } });
  });

  it("one kiosk's key never returns another kiosk's session", async () => {
    const [a, b] = [await provisionKiosk(), await provisionKiosk()];
    const headers = { 'Idempotency-Key': uniqueKey() };
    const first = await createSession(a.token, undefined, headers);
    const second = await createSession(b.token, undefined, headers);
    expect(second.status).toBe(201);
    expect(second.body.sessionId).not.toBe(first.body.sessionId);
  });

  it('refuses an unusable Idempotency-Key', async () => {
    const kiosk = await provisionKiosk();
    const res = await createSession(kiosk.token, undefined, { 'Idempotency-Key': 'k'.repeat(256) });
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'invalid_idempotency_key' } } });
  });
});
