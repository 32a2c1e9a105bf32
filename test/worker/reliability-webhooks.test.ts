import { createExecutionContext, listDurableObjectIds, runDurableObjectAlarm, runInDurableObject, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import app from '../../worker/index.ts';
import { ADMIN_TOKEN, call, createSession, payWithCard, provisionKiosk, readerFor, stripe } from './kiosk-client.ts';
import { eventFor, faultsFired, postWebhook, signatureFor, simulator } from './stripe-test-controls.ts';

const VISA = '4242424242424242';
const DECLINED = '4000000000000002';

/** A kiosk with one open session, as a customer would start it. */
async function openSession() {
  const kiosk = await provisionKiosk();
  const { body: session } = await createSession(kiosk.token);
  return { kiosk, session };
}

/**
 * A session whose card was charged while Stripe's webhooks were held back: Stripe says paid, the session does not
 * know yet. Only a webhook (or the kiosk) can tell it.
 */
async function paidWithoutWebhooks() {
  await simulator('POST', 'webhooks', { mode: 'paused' });
  const opened = await openSession();
  await payWithCard(opened.kiosk.token, opened.session.paymentIntentId, VISA);
  const pi = await stripe.paymentIntents.retrieve(opened.session.paymentIntentId);
  return { ...opened, pi };
}

/** The checkout objects that were ever addressed. */
const addressedSessionIds = async () => (await listDurableObjectIds(env.CHECKOUT_SESSION)).map((id) => id.toString());

const sessionView = async (token: string, sessionId: string) => (await call(`/api/sessions/${sessionId}`, { token })).body;

const eventually = (check: () => Promise<void>) => vi.waitFor(check, { timeout: 10_000, interval: 50 });

/** Waits until the simulator has delivered every webhook it queued. */
const webhooksDrained = () => eventually(async () => expect(await simulator('GET', 'webhooks')).toMatchObject({ pending: 0 }));

beforeEach(async () => {
  await simulator('POST', 'webhooks', { mode: 'immediate' });
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('webhooks: the second, independent check', () => {
  it('a session whose kiosk disappears after the card was charged ends paid through the webhook alone', async () => {
    const { kiosk, session } = await paidWithoutWebhooks();
    // The kiosk is gone and never calls complete: until Stripe's webhook arrives the server does not know.
    expect((await sessionView(kiosk.token, session.sessionId)).status).toBe('idle');

    await simulator('POST', 'webhooks', { mode: 'immediate' });
    await eventually(async () => expect((await sessionView(kiosk.token, session.sessionId)).status).toBe('success'));
    expect((await sessionView(kiosk.token, session.sessionId)).receipt).toMatchObject({ brand: 'visa', last4: '4242' });
  });

  it('rejects a webhook without a signature, with a forged one, or with a body changed after signing, changing nothing', async () => {
    const { kiosk, session, pi } = await paidWithoutWebhooks();
    const body = JSON.stringify(eventFor('payment_intent.succeeded', pi));

    expect(await postWebhook(body, null)).toMatchObject({ status: 400, body: { error: { code: 'missing_signature' } } });
    expect(await postWebhook(body, 'garbage')).toMatchObject({ status: 400, body: { error: { code: 'invalid_signature' } } });
    const forged = await signatureFor(body, 'whsec_attacker');
    expect(await postWebhook(body, forged)).toMatchObject({ status: 400, body: { error: { code: 'invalid_signature' } } });
    const changed = body.replace(`"id":"${pi.id}"`, `"id":"${pi.id}","amount_received":1`);
    expect(changed).not.toBe(body);
    expect(await postWebhook(changed, await signatureFor(body))).toMatchObject({ status: 400 });
    expect((await sessionView(kiosk.token, session.sessionId)).status).toBe('idle');

    // The same event, honestly signed, is what settles the session.
    expect(await postWebhook(body)).toMatchObject({ status: 200, body: { received: true, duplicate: false } });
    expect((await sessionView(kiosk.token, session.sessionId)).status).toBe('success');
  });

  it('rejects a valid webhook replayed after the tolerance window', async () => {
    const { kiosk, session, pi } = await paidWithoutWebhooks();
    const body = JSON.stringify(eventFor('payment_intent.succeeded', pi));
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 360;
    const replayed = await postWebhook(body, await signatureFor(body, undefined, sixMinutesAgo));
    expect(replayed).toMatchObject({ status: 400, body: { error: { code: 'invalid_signature' } } });
    expect((await sessionView(kiosk.token, session.sessionId)).status).toBe('idle');
  });

  it('accepts either secret while a webhook secret is being rolled, and no other', async () => {
    const rolling = { ...env, STRIPE_WEBHOOK_SECRET: 'whsec_old, whsec_new' };
    const body = JSON.stringify(eventFor('payment_intent.created', { object: 'payment_intent', id: 'pi_roll', metadata: {} }));
    const post = async (signature: string) => {
      const ctx = createExecutionContext();
      const res = await app.fetch(
        new Request('http://kiosk.test/api/webhooks/stripe', { method: 'POST', headers: { 'Stripe-Signature': signature }, body }),
        rolling,
        ctx,
      );
      await waitOnExecutionContext(ctx);
      return res.status;
    };
    expect(await post(await signatureFor(body, 'whsec_old'))).toBe(200);
    expect(await post(await signatureFor(body, 'whsec_new'))).toBe(200);
    expect(await post(await signatureFor(body, 'whsec_simulated_dev_secret'))).toBe(400);
    // As Stripe signs during a roll: one timestamp, one v1 per secret, only one of which we may know.
    const withUnknown = await signatureFor(body, 'whsec_retired');
    const withNew = await signatureFor(body, 'whsec_new', Number(/t=(\d+)/.exec(withUnknown)![1]));
    expect(await post(`${withUnknown},${/v1=[0-9a-f]+/.exec(withNew)![0]}`)).toBe(200);
  });

  it('logs why a webhook was refused, so an operator with a wrong or rolled secret can tell, without logging the signature', async () => {
    const warnings: Record<string, unknown>[] = [];
    vi.spyOn(console, 'warn').mockImplementation((line: unknown) => {
      if (typeof line === 'string' && line.startsWith('{')) warnings.push(JSON.parse(line));
    });
    const body = JSON.stringify(eventFor('payment_intent.created', { object: 'payment_intent', id: 'pi_refused', metadata: {} }));
    const wrongSecret = await signatureFor(body, 'whsec_rolled_without_telling_the_worker');
    const tooOld = await signatureFor(body, undefined, Math.floor(Date.now() / 1000) - 360);
    expect((await postWebhook(body, wrongSecret)).status).toBe(400);
    expect((await postWebhook(body, tooOld)).status).toBe(400);
    const refused = warnings.filter((w) => w.event === 'webhook_signature_rejected');
    expect(refused.map((w) => w.reason)).toEqual([
      expect.stringMatching(/No signatures found matching/),
      expect.stringMatching(/Timestamp outside the tolerance zone/),
    ]);
    expect(JSON.stringify(refused)).not.toContain(/v1=([0-9a-f]+)/.exec(wrongSecret)![1]);
  });

  it('while a secret is being rolled, a replay signed with the old secret is logged as a replay, not as a wrong secret', async () => {
    const warnings: Record<string, unknown>[] = [];
    vi.spyOn(console, 'warn').mockImplementation((line: unknown) => {
      if (typeof line === 'string' && line.startsWith('{')) warnings.push(JSON.parse(line));
    });
    const rolling = { ...env, STRIPE_WEBHOOK_SECRET: 'whsec_old,whsec_new' };
    const body = JSON.stringify(eventFor('payment_intent.created', { object: 'payment_intent', id: 'pi_roll_replay', metadata: {} }));
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 360;
    for (const secret of ['whsec_old', 'whsec_new']) {
      const ctx = createExecutionContext();
      const headers = { 'Stripe-Signature': await signatureFor(body, secret, sixMinutesAgo) };
      const res = await app.fetch(new Request('http://kiosk.test/api/webhooks/stripe', { method: 'POST', headers, body }), rolling, ctx);
      await waitOnExecutionContext(ctx);
      expect(res.status, secret).toBe(400);
    }
    expect(warnings.filter((w) => w.event === 'webhook_signature_rejected').map((w) => w.reason)).toEqual([
      expect.stringMatching(/Timestamp outside the tolerance zone/),
      expect.stringMatching(/Timestamp outside the tolerance zone/),
    ]);
  });

  it('applies the same event delivered twice at the same moment once, acknowledging the second as a no-op', async () => {
    const { kiosk, session, pi } = await paidWithoutWebhooks();
    const body = JSON.stringify(eventFor('payment_intent.succeeded', pi));
    const signature = await signatureFor(body);
    const both = await Promise.all([postWebhook(body, signature), postWebhook(body, signature)]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(both.map((r) => r.body.duplicate).sort()).toEqual([false, true]);
    const settled = await sessionView(kiosk.token, session.sessionId);
    expect(settled.status).toBe('success');
    expect((await postWebhook(body)).body).toEqual({ received: true, duplicate: true });

    // Stripe may also announce one change under two event ids.
    const sameChange = JSON.stringify(eventFor('payment_intent.succeeded', pi));
    expect((await postWebhook(sameChange)).body).toEqual({ received: true, duplicate: true });

    // The duplicates changed nothing: the session was last changed when the first one settled it.
    expect(await sessionView(kiosk.token, session.sessionId)).toEqual(settled);
  });

  it('the same event delivered twice at once while Stripe cannot be read is acknowledged by neither, so Stripe delivers it again', async () => {
    const { kiosk, session, pi } = await paidWithoutWebhooks();
    const body = JSON.stringify(eventFor('payment_intent.succeeded', pi));
    const signature = await signatureFor(body);
    // Every try of the checkout's read of the PaymentIntent fails (the SDK's retries included).
    await simulator('POST', 'faults', { method: 'GET', path: `/v1/payment_intents/${pi.id}`, kind: 'error_500', count: 3 });
    const both = await Promise.all([postWebhook(body, signature), postWebhook(body, signature)]);
    await simulator('DELETE', 'faults');
    // Stripe takes any 2xx as delivered: a 2xx is only right once the event was applied.
    expect(both.map((r) => r.status).filter((status) => status < 300)).toEqual([]);
    expect((await sessionView(kiosk.token, session.sessionId)).status).toBe('idle');
    expect((await postWebhook(body, signature)).body).toEqual({ received: true, duplicate: false });
    expect((await sessionView(kiosk.token, session.sessionId)).status).toBe('success');
  });

  it('an event whose handling died with its checkout object (a restart) is applied when Stripe redelivers it', async () => {
    const { kiosk, session, pi } = await paidWithoutWebhooks();
    const body = JSON.stringify(eventFor('payment_intent.succeeded', pi));
    const signature = await signatureFor(body);
    // The checkout reads the PaymentIntent slowly; the object restarts meanwhile (storage kept, memory and work lost).
    await simulator('POST', 'faults', { method: 'GET', path: '/v1/payment_intents/*', kind: 'timeout', count: 1, delayMs: 3_000 });
    const first = postWebhook(body, signature);
    await eventually(async () => expect(await faultsFired()).toEqual([1]));
    await runInDurableObject(env.CHECKOUT_SESSION.getByName(session.sessionId), (_instance, state) => state.abort('restart')).catch(() => undefined);
    expect((await first).status).toBe(500);
    await simulator('DELETE', 'faults');

    // Not acknowledged, so Stripe delivers it again: this time it settles the session.
    expect((await postWebhook(body, signature)).body).toEqual({ received: true, duplicate: false });
    expect(await sessionView(kiosk.token, session.sessionId)).toMatchObject({ status: 'success', receipt: { last4: '4242' } });
    expect((await postWebhook(body, signature)).body).toEqual({ received: true, duplicate: true });
  });

  it('survives the simulator delivering every webhook twice: one payment, one success', async () => {
    await simulator('POST', 'webhooks', { mode: 'duplicated' });
    const { kiosk, session } = await openSession();
    await payWithCard(kiosk.token, session.paymentIntentId, VISA);
    await webhooksDrained();
    expect((await sessionView(kiosk.token, session.sessionId)).status).toBe('success');
    const charges = await stripe.charges.list({ payment_intent: session.paymentIntentId });
    expect(charges.data).toHaveLength(1);
  });

  it('a late decline, processing or cancel event never moves a paid session backwards', async () => {
    const { kiosk, session, pi } = await paidWithoutWebhooks();
    expect((await postWebhook(JSON.stringify(eventFor('payment_intent.succeeded', pi)))).status).toBe(200);
    const stale = { ...pi, latest_charge: 'ch_older_attempt' };
    for (const [type, object] of [
      ['payment_intent.payment_failed', { ...stale, status: 'requires_payment_method', last_payment_error: { code: 'card_declined' } }],
      ['payment_intent.processing', { ...stale, status: 'processing' }],
      ['payment_intent.canceled', { ...stale, status: 'canceled' }],
    ] as const) {
      expect((await postWebhook(JSON.stringify(eventFor(type, object)))).status, type).toBe(200);
    }
    expect(await sessionView(kiosk.token, session.sessionId)).toMatchObject({ status: 'success', receipt: { last4: '4242' } });
  });

  it('events shuffled out of order around a decline and a retry still end in one success', async () => {
    await simulator('POST', 'webhooks', { mode: 'reordered', delayMs: 300 });
    const { kiosk, session } = await openSession();
    await payWithCard(kiosk.token, session.paymentIntentId, DECLINED);
    await payWithCard(kiosk.token, session.paymentIntentId, VISA);
    await webhooksDrained();
    expect((await sessionView(kiosk.token, session.sessionId)).status).toBe('success');
  });

  it('a payment only authorized when its charge event came (switched to manual capture at Stripe) ends paid by the webhook of its capture', async () => {
    const { kiosk, session } = await openSession();
    await stripe.paymentIntents.update(session.paymentIntentId, { capture_method: 'manual' });
    await payWithCard(kiosk.token, session.paymentIntentId, VISA);
    await webhooksDrained();
    // charge.succeeded arrived with the card only authorized: not paid yet.
    expect((await sessionView(kiosk.token, session.sessionId)).status).not.toBe('success');

    // Captured in full from the Dashboard; the kiosk is gone and never calls complete.
    await stripe.paymentIntents.capture(session.paymentIntentId);
    await eventually(async () => expect((await sessionView(kiosk.token, session.sessionId)).status).toBe('success'));
  });

  it('a late success event cannot reopen a cancelled session', async () => {
    await simulator('POST', 'webhooks', { mode: 'paused' });
    const { kiosk, session } = await openSession();
    const pi = await stripe.paymentIntents.retrieve(session.paymentIntentId);
    expect((await call(`/api/sessions/${session.sessionId}/cancel`, { token: kiosk.token, method: 'POST' })).status).toBe(200);
    const forgedSuccess = JSON.stringify(eventFor('payment_intent.succeeded', { ...pi, status: 'succeeded' }));
    expect((await postWebhook(forgedSuccess)).status).toBe(200);
    expect(await sessionView(kiosk.token, session.sessionId)).toMatchObject({ status: 'cancelled', cancellationReason: 'customer' });
  });

  it('acknowledges an event for an unknown session, creating nothing', async () => {
    const unknown = 'cs_00000000000000000000000000000404';
    const body = JSON.stringify(
      eventFor('payment_intent.succeeded', { object: 'payment_intent', id: 'pi_elsewhere', metadata: { sessionId: unknown } }),
    );
    expect(await postWebhook(body)).toMatchObject({ status: 200, body: { received: true, duplicate: false } });
    expect((await call(`/api/admin/sessions/${unknown}`, { token: ADMIN_TOKEN })).status).toBe(404);
    // Nothing was written down: Stripe's redelivery is not taken for a duplicate, and no alarm waits to settle anything.
    expect(await postWebhook(body)).toMatchObject({ status: 200, body: { received: true, duplicate: false } });
    expect(await runDurableObjectAlarm(env.CHECKOUT_SESSION.getByName(unknown))).toBe(false);
  });

  it('a session id that cannot be one of ours addresses no object; an event of the other mode is ignored', async () => {
    const before = await addressedSessionIds();
    for (const sessionId of ['../admin', 'cs_short', 'x'.repeat(300)]) {
      const body = JSON.stringify(eventFor('payment_intent.succeeded', { object: 'payment_intent', id: 'pi_x', metadata: { sessionId } }));
      expect(await postWebhook(body)).toMatchObject({ status: 200, body: { received: true, ignored: 'unknown_session' } });
    }
    const { kiosk, session, pi } = await paidWithoutWebhooks();
    const live = JSON.stringify({ ...eventFor('payment_intent.succeeded', pi), livemode: true });
    expect(await postWebhook(live)).toMatchObject({ status: 200, body: { received: true, ignored: 'other_mode' } });
    expect((await sessionView(kiosk.token, session.sessionId)).status).toBe('idle');
    expect((await addressedSessionIds()).filter((id) => !before.includes(id))).toEqual([env.CHECKOUT_SESSION.idFromName(session.sessionId).toString()]);
  });

  it("acknowledges a signed body that is not a snapshot event (a thin event sent to this endpoint), so Stripe stops retrying it", async () => {
    // Stripe's event destinations send thin events (no data.object) when an endpoint is set up for them by mistake.
    const thin = JSON.stringify({
      id: 'evt_test_65R9Ijk3M6ZyhvEwzmvhN2DnUX8pwS1aUSPRBbTu4c4YFN',
      object: 'v2.core.event',
      type: 'v1.payment_intent.succeeded',
      livemode: false,
      created: new Date().toISOString(),
      related_object: { id: 'pi_thin', type: 'payment_intent', url: '/v1/payment_intents/pi_thin' },
    });
    expect(await postWebhook(thin)).toMatchObject({ status: 200, body: { received: true, ignored: 'unreadable_event' } });
    expect(await postWebhook(JSON.stringify({ ...eventFor('payment_intent.succeeded', { object: 'payment_intent', id: 'pi_x' }), data: null }))).toMatchObject({
      status: 200,
      body: { received: true },
    });
  });

  it('ignores, with an alert, an event that names a session for a PaymentIntent that is not its own', async () => {
    const { kiosk, session, pi } = await paidWithoutWebhooks();
    const { body: other } = await createSession(kiosk.token);
    const claimsOther = JSON.stringify(eventFor('payment_intent.succeeded', { ...pi, metadata: { ...pi.metadata, sessionId: other.sessionId } }));
    expect((await postWebhook(claimsOther)).status).toBe(200);
    expect((await sessionView(kiosk.token, other.sessionId)).status).toBe('idle');
    expect((await sessionView(kiosk.token, session.sessionId)).status).toBe('idle');
  });
});

describe('a PaymentIntent that does not match its session', () => {
  it('a different amount puts the session in requires_attention and refunds it, never success', async () => {
    const { kiosk, session } = await openSession();
    await stripe.paymentIntents.update(session.paymentIntentId, { amount: session.amount + 100 });
    await payWithCard(kiosk.token, session.paymentIntentId, VISA);
    await eventually(async () => expect((await sessionView(kiosk.token, session.sessionId)).refunded).toBe(session.amount + 100));
    expect(await sessionView(kiosk.token, session.sessionId)).toMatchObject({
      status: 'requires_attention',
      attentionReason: expect.stringMatching(/amount/),
      refunds: [{ amount: session.amount + 100, status: 'succeeded' }],
    });
    const complete = await call(`/api/sessions/${session.sessionId}/complete`, {
      token: kiosk.token,
      body: { paymentIntentId: session.paymentIntentId },
    });
    expect(complete.body).toMatchObject({ success: false, status: 'requires_attention' });
    expect((await call(`/api/sessions/${session.sessionId}/cancel`, { token: kiosk.token, method: 'POST' })).status).toBe(409);
  });

  it('a PaymentIntent switched to manual capture at Stripe and captured for less is not paid for the order, and is refunded', async () => {
    await simulator('POST', 'webhooks', { mode: 'paused' });
    const { kiosk, session } = await openSession();
    await stripe.paymentIntents.update(session.paymentIntentId, { capture_method: 'manual' });
    await payWithCard(kiosk.token, session.paymentIntentId, VISA);
    // Only authorized: the card has not paid yet.
    const held = await call(`/api/sessions/${session.sessionId}/complete`, { token: kiosk.token, body: { paymentIntentId: session.paymentIntentId } });
    expect(held.body).toMatchObject({ success: false });
    // Captured for 1, not the order's total: Stripe says succeeded, with amount still the order's.
    await stripe.paymentIntents.capture(session.paymentIntentId, { amount_to_capture: 1 });
    const complete = await call(`/api/sessions/${session.sessionId}/complete`, {
      token: kiosk.token,
      body: { paymentIntentId: session.paymentIntentId },
    });
    expect(complete.body).toMatchObject({ success: false, status: 'requires_attention' });
    await eventually(async () => expect((await sessionView(kiosk.token, session.sessionId)).refunded).toBe(1));
    expect((await sessionView(kiosk.token, session.sessionId)).attentionReason).toMatch(/received/);
  });

  it('a PaymentIntent claiming another kiosk puts the session in requires_attention', async () => {
    await simulator('POST', 'webhooks', { mode: 'paused' });
    const { kiosk, session } = await openSession();
    const reader = await readerFor(kiosk.token);
    const base = `/api/simulated-reader/readers/${reader}`;
    await call(`${base}/collect`, { token: kiosk.token, body: { paymentIntentId: session.paymentIntentId } });
    await call(`${base}/present`, { token: kiosk.token, body: { cardNumber: VISA } });
    await stripe.paymentIntents.update(session.paymentIntentId, { metadata: { kioskId: 'ki_someone_else' } });
    await stripe.terminal.readers.confirmPaymentIntent(reader, { payment_intent: session.paymentIntentId });

    const complete = await call(`/api/sessions/${session.sessionId}/complete`, {
      token: kiosk.token,
      body: { paymentIntentId: session.paymentIntentId },
    });
    expect(complete.body).toMatchObject({ success: false, status: 'requires_attention' });
    expect((await sessionView(kiosk.token, session.sessionId)).attentionReason).toMatch(/kiosk/);
  });
});
