import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, call, createSession, openLive, payWithCard, provisionKiosk, readerFor, stripe } from './kiosk-client.ts';
import { createWithEveryAnswerLost, paymentIntentsOf, simulator } from './stripe-test-controls.ts';

const VISA = '4242424242424242';
const DECLINED = '4000000000000002';
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });
const admin = async (path: string) => (await call(`/api/admin${path}`, { token: ADMIN_TOKEN })).body;
/** The kiosk's one session as the operators' list (the D1 ledger) shows it. */
const listed = async (kioskId: string) => (await admin(`/sessions?kioskId=${kioskId}`)).sessions[0];
const ledgerRows = async <T>(sql: string, ...bindings: unknown[]) => (await env.DB.prepare(sql).bind(...bindings).all<T>()).results;
const complete = (token: string, session: { sessionId: string; paymentIntentId: string }) =>
  call(`/api/sessions/${session.sessionId}/complete`, { token, body: { paymentIntentId: session.paymentIntentId } });

afterEach(async () => {
  await simulator('DELETE', 'faults');
  await simulator('POST', 'webhooks', { mode: 'immediate' });
});

describe("the ledger's rows after each way a checkout ends", () => {
  it('declined, then paid with another card: failed with no charge, then success with the paying charge and one payment', async () => {
    const kiosk = await provisionKiosk('Declined then paid');
    const { body: session } = await createSession(kiosk.token);
    await payWithCard(kiosk.token, session.paymentIntentId, DECLINED);
    await complete(kiosk.token, session);
    await eventually(async () => (await listed(kiosk.kioskId))?.status).toBe('failed');
    expect(await listed(kiosk.kioskId)).toMatchObject({ chargeId: null, orderNumber: null, refunded: 0, cancellationReason: null });
    expect(await ledgerRows('SELECT * FROM payments WHERE session_id = ?', session.sessionId)).toEqual([]);

    await payWithCard(kiosk.token, session.paymentIntentId, VISA);
    await complete(kiosk.token, session);
    await eventually(async () => (await listed(kiosk.kioskId))?.orderNumber).toEqual(expect.any(Number));
    const paying = (await stripe.paymentIntents.retrieve(session.paymentIntentId)).latest_charge;
    expect(await listed(kiosk.kioskId)).toMatchObject({
      sessionId: session.sessionId,
      status: 'success',
      amount: 550,
      currency: 'usd',
      paymentIntentId: session.paymentIntentId,
      chargeId: paying,
      refunded: 0,
    });
    const payments = await ledgerRows<{ charge_id: string; amount: number; card_last4: string }>('SELECT * FROM payments WHERE session_id = ?', session.sessionId);
    expect(payments).toEqual([expect.objectContaining({ charge_id: paying, amount: 550, card_last4: '4242' })]);
  });

  it('cancelled by the customer, and expired: cancelled with their reasons, no charge and no payment', async () => {
    const kiosk = await provisionKiosk('Cancelled');
    const { body: session } = await createSession(kiosk.token);
    await call(`/api/sessions/${session.sessionId}/cancel`, { token: kiosk.token, method: 'POST' });
    await eventually(async () => (await listed(kiosk.kioskId))?.status).toBe('cancelled');
    expect(await listed(kiosk.kioskId)).toMatchObject({ cancellationReason: 'customer', chargeId: null, refunded: 0, orderNumber: null });

    const quick = await provisionKiosk('Walked away', { sessionTimeoutSeconds: 1 });
    const { body: abandoned } = await createSession(quick.token);
    await eventually(async () => (await listed(quick.kioskId))?.status).toBe('cancelled');
    expect(await listed(quick.kioskId)).toMatchObject({ sessionId: abandoned.sessionId, cancellationReason: 'expired', chargeId: null });
    for (const id of [session.sessionId, abandoned.sessionId]) {
      expect(await ledgerRows('SELECT * FROM payments WHERE session_id = ?', id)).toEqual([]);
    }
  });

  it('refunded in part, then in full: still success, refunded adds up, one refund row each', async () => {
    const kiosk = await provisionKiosk('Refunded');
    const { body: session } = await createSession(kiosk.token);
    await payWithCard(kiosk.token, session.paymentIntentId, VISA);
    await complete(kiosk.token, session);
    const refund = (body: object) => call(`/api/admin/sessions/${session.sessionId}/refunds`, { token: ADMIN_TOKEN, body });
    expect((await refund({ amount: 200 })).status).toBe(201);
    await eventually(async () => (await listed(kiosk.kioskId))?.refunded).toBe(200);
    expect(await listed(kiosk.kioskId)).toMatchObject({ status: 'success', amount: 550, chargeId: expect.stringMatching(/^ch_/) });
    expect((await refund({})).body.refund.amount).toBe(350);
    await eventually(async () => (await listed(kiosk.kioskId))?.refunded).toBe(550);
    expect((await listed(kiosk.kioskId)).status).toBe('success');
    const refunds = await ledgerRows<{ amount: number; status: string; kiosk_id: string; location_id: string; payment_intent_id: string }>(
      'SELECT * FROM refunds WHERE session_id = ? ORDER BY amount',
      session.sessionId,
    );
    expect(refunds).toEqual([200, 350].map((amount) =>
      expect.objectContaining({ amount, status: 'succeeded', kiosk_id: kiosk.kioskId, location_id: kiosk.kiosk.locationId, payment_intent_id: session.paymentIntentId }),
    ));
    // The payment stays what was taken: refunds are rows of their own.
    expect(await ledgerRows('SELECT amount FROM payments WHERE session_id = ?', session.sessionId)).toEqual([{ amount: 550 }]);
  });

  it('paid after it was cancelled: requires_attention, with its reason and its automatic refund, in the list', async () => {
    await simulator('POST', 'webhooks', { mode: 'paused' });
    const kiosk = await provisionKiosk('Needs attention');
    const sessionId = await createWithEveryAnswerLost(kiosk);
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/payment_intents', kind: 'error_500', count: 3 });
    expect((await call(`/api/sessions/${sessionId}/cancel`, { token: kiosk.token, method: 'POST' })).status).toBe(200);
    await simulator('DELETE', 'faults');
    const [pi] = await paymentIntentsOf(sessionId);
    const reader = await readerFor(kiosk.token);
    await stripe.terminal.readers.processPaymentIntent(reader, { payment_intent: pi!.id });
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader, { card_present: { number: VISA } });
    await simulator('POST', 'webhooks', { mode: 'immediate' });

    await eventually(async () => (await listed(kiosk.kioskId))?.refunded).toBe(550);
    expect(await listed(kiosk.kioskId)).toMatchObject({
      sessionId,
      status: 'requires_attention',
      attentionReason: 'paid_after_cancellation',
      cancellationReason: 'customer',
      paymentIntentId: pi!.id,
      chargeId: (await stripe.paymentIntents.retrieve(pi!.id)).latest_charge,
    });
    expect((await admin(`/sessions?status=requires_attention&kioskId=${kiosk.kioskId}`)).sessions.map((s: { sessionId: string }) => s.sessionId)).toEqual([sessionId]);
  });
});

describe('a kiosk disabled, enabled or given a new token: the very next request on every kiosk route', () => {
  it('is refused (403 kiosk_disabled, 401 for the old token) and served again, on each route', async () => {
    const kiosk = await provisionKiosk('Every route');
    const reader = await readerFor(kiosk.token);
    const routesFor = (session: { sessionId: string; paymentIntentId: string }): [string, string, unknown][] => {
      const payment = { paymentIntentId: session.paymentIntentId };
      return [
        ['GET', '/api/kiosk', undefined],
        ['POST', '/api/kiosk/heartbeat', {}],
        ['GET', '/api/catalog', undefined],
        ['POST', '/api/connection-token', undefined],
        ['POST', '/api/sessions', { items: [{ id: 'latte', quantity: 1 }] }],
        ['GET', `/api/sessions/${session.sessionId}`, undefined],
        ['POST', `/api/sessions/${session.sessionId}/progress`, { status: 'connecting' }],
        ['POST', `/api/sessions/${session.sessionId}/complete`, payment],
        ['POST', `/api/sessions/${session.sessionId}/retry`, undefined],
        ['POST', `/api/sessions/${session.sessionId}/live`, undefined],
        ['GET', '/api/simulated-reader/readers', undefined],
        ['GET', `/api/simulated-reader/readers/${reader}`, undefined],
        ['POST', `/api/simulated-reader/readers/${reader}/collect`, payment],
        ['POST', `/api/simulated-reader/readers/${reader}/present`, { cardNumber: VISA }],
        ['POST', `/api/simulated-reader/readers/${reader}/confirm`, payment],
        ['POST', `/api/simulated-reader/readers/${reader}/clear-display`, undefined],
        ['POST', `/api/simulated-reader/readers/${reader}/cancel`, undefined],
        ['POST', `/api/sessions/${session.sessionId}/cancel`, undefined],
      ];
    };
    const statuses = async (token: string, session: { sessionId: string; paymentIntentId: string }) => {
      const seen: Record<string, unknown> = {};
      for (const [method, path, body] of routesFor(session)) {
        const res = await call(path, { token, method, body });
        seen[`${method} ${path}`] = res.status < 400 ? 'served' : `${res.status} ${res.body.error.code}`;
      }
      return seen;
    };
    const every = (answer: string, session: { sessionId: string; paymentIntentId: string }) =>
      Object.fromEntries(routesFor(session).map(([method, path]) => [`${method} ${path}`, answer]));
    const { body: session } = await createSession(kiosk.token);

    await call(`/api/admin/kiosks/${kiosk.kioskId}/disable`, { token: ADMIN_TOKEN, method: 'POST' });
    expect(await statuses(kiosk.token, session)).toEqual(every('403 kiosk_disabled', session));
    // A disabled kiosk's open checkout ended with it: nothing is left chargeable behind a signed-out tablet.
    await eventually(async () => (await call(`/api/admin/sessions/${session.sessionId}`, { token: ADMIN_TOKEN })).body.session).toMatchObject({
      status: 'cancelled',
      cancellationReason: 'operator',
    });
    const rotated = (await call(`/api/admin/kiosks/${kiosk.kioskId}/rotate`, { token: ADMIN_TOKEN, method: 'POST' })).body.token as string;
    await call(`/api/admin/kiosks/${kiosk.kioskId}/enable`, { token: ADMIN_TOKEN, method: 'POST' });
    expect(await statuses(kiosk.token, session)).toEqual(every('401 unauthorized', session));
    // The new token: everything answers as for any kiosk (an SDK kiosk has no server-driven retry; the session was paid on the way).
    const { body: next } = await createSession(rotated);
    expect(await statuses(rotated, next)).toEqual({
      ...every('served', next),
      [`POST /api/sessions/${next.sessionId}/retry`]: '409 not_server_driven',
      [`POST /api/sessions/${next.sessionId}/cancel`]: '409 already_paid',
    });
  });
});

describe("a kiosk's open live channels", () => {
  for (const change of ['disable', 'rotate'] as const) {
    it(`close at once (1008) when an operator does ${change} the kiosk`, async () => {
      const kiosk = await provisionKiosk(`Live ${change}`);
      const { body: session } = await createSession(kiosk.token);
      const { closed } = await openLive(kiosk.token, session.sessionId);
      expect((await call(`/api/admin/kiosks/${kiosk.kioskId}/${change}`, { token: ADMIN_TOKEN, method: 'POST' })).status).toBe(200);
      const stillOpen = new Promise<string>((resolve) => setTimeout(() => resolve('still open'), 5_000));
      expect(await Promise.race([closed, stillOpen])).toMatchObject({ code: 1008 });
    });
  }
});
