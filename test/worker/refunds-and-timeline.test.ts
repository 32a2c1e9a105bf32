import { runDurableObjectAlarm } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, call, createSession, payWithCard, provisionKiosk, readerFor, stripe } from './kiosk-client.ts';
import { createWithEveryAnswerLost, eventFor, faultsFired, paymentIntentsOf, postWebhook, sessionObject, simulator } from './stripe-test-controls.ts';

const VISA = '4242424242424242';
const REFUND_FAILS = '4000000000005126';
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });

const refund = (sessionId: string, body: object = {}, key = `refund-${crypto.randomUUID()}`) =>
  call(`/api/admin/sessions/${sessionId}/refunds`, { token: ADMIN_TOKEN, body, headers: { 'Idempotency-Key': key } });
const detail = async (sessionId: string) => (await call(`/api/admin/sessions/${sessionId}`, { token: ADMIN_TOKEN })).body;

/** A latte (5.50) paid at a kiosk and verified by the server. */
async function paidLatte(card = VISA) {
  const kiosk = await provisionKiosk();
  const { body: session } = await createSession(kiosk.token, [{ id: 'latte', quantity: 1 }]);
  await payWithCard(kiosk.token, session.paymentIntentId, card);
  const done = await call(`/api/sessions/${session.sessionId}/complete`, { token: kiosk.token, body: { paymentIntentId: session.paymentIntentId } });
  expect(done.body.success).toBe(true);
  return { kiosk, session };
}

beforeEach(async () => {
  await simulator('POST', 'webhooks', { mode: 'immediate' });
});

afterEach(async () => {
  await simulator('DELETE', 'faults');
});

describe("operators' refunds", () => {
  it('a partial then a full refund: 201 each, their sum is what was paid, and an over-refund is refused', async () => {
    const { session } = await paidLatte();
    const partial = await refund(session.sessionId, { amount: 200, reason: 'requested_by_customer' });
    expect(partial).toMatchObject({ status: 201, body: { refund: { id: expect.stringMatching(/^re_/), amount: 200, status: 'succeeded' } } });
    const over = await refund(session.sessionId, { amount: 351 });
    expect(over).toMatchObject({ status: 400, body: { error: { code: 'refund_exceeds_payment' } } });
    const rest = await refund(session.sessionId);
    expect(rest).toMatchObject({ status: 201, body: { refund: { amount: 350 } } });
    expect(await refund(session.sessionId, { amount: 1 })).toMatchObject({ status: 400, body: { error: { code: 'refund_exceeds_payment' } } });

    const { session: view } = await detail(session.sessionId);
    expect(view).toMatchObject({ status: 'success', refunded: 550, refunds: [{ amount: 200 }, { amount: 350 }] });
    const atStripe = await stripe.refunds.list({ payment_intent: session.paymentIntentId });
    expect(atStripe.data.map((r) => r.amount).sort()).toEqual([200, 350]);
  });

  it('the same Idempotency-Key gets the same refund back, never a second one', async () => {
    const { session } = await paidLatte();
    const first = await refund(session.sessionId, { amount: 100 }, 'refund-key-1');
    const again = await refund(session.sessionId, { amount: 100 }, 'refund-key-1');
    expect(again.status).toBe(201);
    expect(again.body.refund.id).toBe(first.body.refund.id);
    expect((await stripe.refunds.list({ payment_intent: session.paymentIntentId })).data).toHaveLength(1);
  });

  it('the same request sent twice at the same moment, with one Idempotency-Key, makes one refund and answers it twice', async () => {
    const { session } = await paidLatte();
    const [first, second] = await Promise.all([refund(session.sessionId, { amount: 100 }, 'refund-twice'), refund(session.sessionId, { amount: 100 }, 'refund-twice')]);
    expect([first!.status, second!.status]).toEqual([201, 201]);
    expect(second!.body.refund.id).toBe(first!.body.refund.id);
    expect((await stripe.refunds.list({ payment_intent: session.paymentIntentId })).data).toHaveLength(1);
    expect((await detail(session.sessionId)).session.refunded).toBe(100);
  });

  it('the same Idempotency-Key with another amount or reason is a conflict (409), and refunds nothing more', async () => {
    const { session } = await paidLatte();
    const first = await refund(session.sessionId, { amount: 100 }, 'refund-key-2');
    expect(first.status).toBe(201);
    const conflicts = [{ amount: 150 }, {}, { amount: 100, reason: 'duplicate' }];
    for (const body of conflicts) {
      expect(await refund(session.sessionId, body, 'refund-key-2'), JSON.stringify(body)).toMatchObject({
        status: 409,
        body: { error: { code: 'idempotency_conflict' } },
      });
    }
    expect((await stripe.refunds.list({ payment_intent: session.paymentIntentId })).data).toHaveLength(1);
    expect((await detail(session.sessionId)).session.refunded).toBe(100);
  });

  it('a refund whose answer was lost, retried with its key after the webhook told the session, gets that refund back', async () => {
    const { session } = await paidLatte();
    // The SDK's own retries (same key) lose their answers too.
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/refunds', kind: 'lose_response', count: 3 });
    const lost = await refund(session.sessionId, { amount: 550 }, 'refund-key-3');
    expect(lost.status).toBeGreaterThanOrEqual(500);
    await eventually(async () => (await detail(session.sessionId)).session.refunded).toBe(550);

    const retried = await refund(session.sessionId, { amount: 550 }, 'refund-key-3');
    const atStripe = (await stripe.refunds.list({ payment_intent: session.paymentIntentId })).data;
    expect(atStripe).toHaveLength(1);
    expect(retried).toMatchObject({ status: 201, body: { refund: { id: atStripe[0]!.id, amount: 550, status: 'succeeded' } } });
    expect(await refund(session.sessionId, {}, 'refund-key-4')).toMatchObject({ status: 400, body: { error: { code: 'refund_exceeds_payment' } } });
  });

  it('an Idempotency-Key of 255 characters works, and its retry gets the same refund (Stripe takes keys of at most 255)', async () => {
    const { session } = await paidLatte();
    const key = 'k'.repeat(255);
    const first = await refund(session.sessionId, { amount: 100 }, key);
    expect(first).toMatchObject({ status: 201, body: { refund: { amount: 100 } } });
    expect((await refund(session.sessionId, { amount: 100 }, key)).body.refund.id).toBe(first.body.refund.id);
    expect((await stripe.refunds.list({ payment_intent: session.paymentIntentId })).data).toHaveLength(1);
    const created = (await stripe.events.list({ type: 'refund.created', limit: 100 })).data.find(
      (e) => (e.data.object as { id: string }).id === first.body.refund.id,
    );
    expect(created?.request?.idempotency_key?.length).toBeLessThanOrEqual(255);
  });

  it('refunds asked for at the same moment never add up to more than was paid', async () => {
    const { session } = await paidLatte();
    const results = await Promise.all([refund(session.sessionId, { amount: 300 }), refund(session.sessionId, { amount: 300 })]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 400]);
    expect((await detail(session.sessionId)).session.refunded).toBe(300);
  });

  it('a session that was not paid gets 409 not_paid; bad amounts and unknown sessions are refused', async () => {
    const kiosk = await provisionKiosk();
    const { body: open } = await createSession(kiosk.token);
    expect(await refund(open.sessionId)).toMatchObject({ status: 409, body: { error: { code: 'not_paid' } } });
    const { session } = await paidLatte();
    for (const amount of [0, -5, 1.5, '100']) {
      expect(await refund(session.sessionId, { amount }), String(amount)).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    }
    expect(await refund(session.sessionId, { reason: 'because' })).toMatchObject({ status: 400 });
    for (const unknown of ['cs_00000000000000000000000000000404', 'cs_unknown', 'nonsense']) {
      expect(await refund(unknown), unknown).toMatchObject({ status: 404, body: { error: { code: 'session_not_found' } } });
      expect((await call(`/api/admin/sessions/${unknown}`, { token: ADMIN_TOKEN })).status, unknown).toBe(404);
    }
    expect((await call(`/api/admin/sessions/${session.sessionId}/refunds`, { token: null, body: {} })).status).toBe(401);
  });

  it('a refund of more than was paid is 400 refund_exceeds_payment, however large the amount', async () => {
    const { session } = await paidLatte();
    for (const amount of [551, 100_000_000]) {
      expect(await refund(session.sessionId, { amount }), String(amount)).toMatchObject({ status: 400, body: { error: { code: 'refund_exceeds_payment' } } });
    }
    const fractional = await refund(session.sessionId, { amount: 2.5 });
    expect(fractional).toMatchObject({ status: 400, body: { error: { code: 'invalid_request', message: 'amount: a whole number of the smallest currency unit' } } });
    expect((await detail(session.sessionId)).session.refunded).toBe(0);
  });

  it('money a session kept because its automatic refund failed can be refunded by an operator', async () => {
    // A session the customer was told is cancelled (its create's answer lost, so the kiosk never had the
    // PaymentIntent), paid anyway with the refund-failure card: the automatic refund fails later.
    await simulator('POST', 'webhooks', { mode: 'paused' });
    const kiosk = await provisionKiosk();
    const sessionId = await createWithEveryAnswerLost(kiosk);
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/payment_intents', kind: 'error_500', count: 3 });
    expect((await call(`/api/sessions/${sessionId}/cancel`, { token: kiosk.token, method: 'POST' })).status).toBe(200);
    await simulator('DELETE', 'faults');
    const [pi] = await paymentIntentsOf(sessionId);
    const reader = await readerFor(kiosk.token);
    await stripe.terminal.readers.processPaymentIntent(reader, { payment_intent: pi!.id });
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader, { card_present: { number: REFUND_FAILS } });
    expect((await stripe.paymentIntents.retrieve(pi!.id)).status).toBe('succeeded');
    await simulator('POST', 'webhooks', { mode: 'immediate' });
    await eventually(async () => (await detail(sessionId)).session.refunds.length).toBe(1);
    await simulator('POST', 'clock/advance', { seconds: 60 });
    await eventually(async () => (await detail(sessionId)).session.refunds[0]?.status).toBe('failed');
    expect((await detail(sessionId)).session).toMatchObject({ status: 'requires_attention', refunded: 0 });
    // 5.50 was taken and none of it went back: the operator gives it back from the console, once.
    expect(await refund(sessionId)).toMatchObject({ status: 201, body: { refund: { amount: 550 } } });
    expect(await refund(sessionId)).toMatchObject({ status: 400, body: { error: { code: 'refund_exceeds_payment' } } });
  });

  it('a body not sent as JSON is refused (415) and refunds nothing: a partial refund never becomes a full one', async () => {
    const { session } = await paidLatte();
    for (const type of ['text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', null]) {
      const headers: Record<string, string> = { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Idempotency-Key': `refund-${crypto.randomUUID()}` };
      if (type) headers['Content-Type'] = type;
      const res = await exports.default.fetch(
        new Request(`http://kiosk.test/api/admin/sessions/${session.sessionId}/refunds`, { method: 'POST', headers, body: JSON.stringify({ amount: 100 }) }),
      );
      expect(res.status, String(type)).toBe(415);
      expect(await res.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
    }
    expect((await stripe.refunds.list({ payment_intent: session.paymentIntentId })).data).toHaveLength(0);
    expect((await refund(session.sessionId, { amount: 100 })).body.refund.amount).toBe(100);
  });

  it('a refund that fails later (the refund-failure card) shows as failed, and the money counts as not returned', async () => {
    const { session } = await paidLatte(REFUND_FAILS);
    expect(await refund(session.sessionId)).toMatchObject({ status: 201, body: { refund: { amount: 550 } } });
    await simulator('POST', 'clock/advance', { seconds: 60 });
    await eventually(async () => (await detail(session.sessionId)).session.refunds[0]?.status).toBe('failed');
    expect((await detail(session.sessionId)).session.refunded).toBe(0);
  });

  it('a refund that fails at Stripe after its webhooks were lost still shows as failed: the session asks Stripe, then stops', async () => {
    const { session } = await paidLatte(REFUND_FAILS);
    // Every webhook from here on is lost: the refund's, and those of its failure.
    await simulator('POST', 'webhooks', { mode: 'paused' });
    expect(await refund(session.sessionId)).toMatchObject({ status: 201, body: { refund: { amount: 550, status: 'succeeded' } } });
    await simulator('POST', 'clock/advance', { seconds: 60 });
    await eventually(async () => (await stripe.refunds.list({ payment_intent: session.paymentIntentId })).data[0]?.status).toBe('failed');
    await eventually(async () => {
      await runDurableObjectAlarm(sessionObject(session.sessionId));
      return (await detail(session.sessionId)).session;
    }).toMatchObject({ refunded: 0, refunds: [{ amount: 550, status: 'failed' }] });
    // Stripe's word is final: nothing is left to watch.
    await eventually(() => runDurableObjectAlarm(sessionObject(session.sessionId))).toBe(false);
  });

  it('a refund made elsewhere (the Dashboard) reaches the session through charge.refunded', async () => {
    const { session } = await paidLatte();
    await stripe.refunds.create({ payment_intent: session.paymentIntentId, amount: 150 });
    await eventually(async () => (await detail(session.sessionId)).session.refunded).toBe(150);
  });

  it("an operator's refund of a payment refunded in the Dashboard meanwhile (its webhook lost) is refused, and the session then shows that refund", async () => {
    const { session } = await paidLatte();
    await simulator('POST', 'webhooks', { mode: 'paused' });
    await stripe.refunds.create({ payment_intent: session.paymentIntentId, amount: 400 });
    expect(await refund(session.sessionId, { amount: 300 })).toMatchObject({ status: 400, body: { error: { code: 'refund_exceeds_payment' } } });
    expect(await detail(session.sessionId)).toMatchObject({ refundable: 150, session: { refunded: 400, refunds: [{ amount: 400 }] } });
    await stripe.refunds.create({ payment_intent: session.paymentIntentId });
    expect(await refund(session.sessionId)).toMatchObject({ status: 400, body: { error: { code: 'refund_exceeds_payment' } } });
    expect(await detail(session.sessionId)).toMatchObject({ refundable: 0, session: { refunded: 550 } });
    expect((await stripe.refunds.list({ payment_intent: session.paymentIntentId })).data).toHaveLength(2);
  });

  it('a Dashboard refund that fails later shows as failed: the session, the ledger and the sales report no longer count it', async () => {
    const { session, kiosk } = await paidLatte(REFUND_FAILS);
    const made = await stripe.refunds.create({ payment_intent: session.paymentIntentId });
    await eventually(async () => (await detail(session.sessionId)).session.refunded).toBe(550);
    // Its failure is announced only by events about the refund itself, which carries no session.
    await simulator('POST', 'clock/advance', { seconds: 60 });
    await eventually(async () => (await detail(session.sessionId)).session).toMatchObject({ refunded: 0, refunds: [{ id: made.id, status: 'failed' }] });
    await eventually(async () => (await env.DB.prepare('SELECT status FROM refunds WHERE id = ?').bind(made.id).first<{ status: string }>())?.status).toBe('failed');
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const sales = async () =>
      (await call(`/api/admin/reports/daily?from=${day(-1)}&to=${day(1)}&location=${kiosk.kiosk.locationId}`, { token: ADMIN_TOKEN })).body.days;
    await eventually(sales).toEqual([expect.objectContaining({ gross: 550, refunded: 0, net: 550 })]);
  });

  it('a Dashboard refund announced while the session is still reading the one before is recorded too', async () => {
    const { session } = await paidLatte();
    // Stripe's deliveries are held back: this test sends the two charge.refunded events itself, overlapping.
    await simulator('POST', 'webhooks', { mode: 'paused' });
    const first = await stripe.refunds.create({ payment_intent: session.paymentIntentId, amount: 100 });
    // The session's read of the refunds lists them at once, but its answer comes 1.5 s later.
    await simulator('POST', 'faults', { method: 'GET', path: '/v1/refunds', kind: 'timeout', delayMs: 1_500, count: 1 });
    const announce = async () =>
      postWebhook(JSON.stringify(eventFor('charge.refunded', await stripe.charges.retrieve(first.charge as string))));
    const firstAnnounced = announce();
    await eventually(faultsFired).toEqual([1]);
    await stripe.refunds.create({ payment_intent: session.paymentIntentId, amount: 200 });
    expect((await announce()).status).toBe(200);
    expect((await firstAnnounced).status).toBe(200);

    const { session: view } = await detail(session.sessionId);
    expect(view).toMatchObject({ refunded: 300, refunds: [{ amount: 100 }, { amount: 200 }] });
    await eventually(async () => {
      const { results } = await env.DB.prepare('SELECT amount FROM refunds WHERE session_id = ? ORDER BY amount').bind(session.sessionId).all();
      return results;
    }).toEqual([{ amount: 100 }, { amount: 200 }]);
  });

  it('the ledger records every refund, once', async () => {
    const { session } = await paidLatte();
    await refund(session.sessionId, { amount: 100 }, 'ledger-refund');
    await refund(session.sessionId, { amount: 100 }, 'ledger-refund');
    await eventually(async () => {
      const { results } = await env.DB.prepare('SELECT amount, status FROM refunds WHERE session_id = ?').bind(session.sessionId).all();
      return results;
    }).toEqual([{ amount: 100, status: 'succeeded' }]);
    await eventually(async () => (await call(`/api/admin/sessions?status=success&kioskId=${(await detail(session.sessionId)).kioskId}`, { token: ADMIN_TOKEN })).body.sessions[0]?.refunded).toBe(100);
  });
});

describe("a session's timeline, for operators", () => {
  it('names the charge that paid a session, as Stripe knows it, and none for a session never paid', async () => {
    const kiosk = await provisionKiosk('Charge kiosk');
    const { body: paid } = await createSession(kiosk.token);
    await payWithCard(kiosk.token, paid.paymentIntentId, VISA);
    await eventually(async () => (await detail(paid.sessionId)).session.status).toBe('success');
    const { latest_charge } = await stripe.paymentIntents.retrieve(paid.paymentIntentId);
    expect(latest_charge).toMatch(/^ch_/);
    expect((await detail(paid.sessionId)).chargeId).toBe(latest_charge);

    const { body: open } = await createSession(kiosk.token);
    expect((await detail(open.sessionId)).chargeId).toBeNull();
  });

  it('lists each status change with its time and cause: the kiosk, a webhook event, the alarm, an operator', async () => {
    const kiosk = await provisionKiosk('Timeline kiosk', { sessionTimeoutSeconds: 1 });
    const { body: paid } = await createSession(kiosk.token);
    await call(`/api/sessions/${paid.sessionId}/progress`, { token: kiosk.token, body: { status: 'waiting_card' } });
    await payWithCard(kiosk.token, paid.paymentIntentId, VISA);
    await eventually(async () => (await detail(paid.sessionId)).session.status).toBe('success');
    const { timeline, session } = await detail(paid.sessionId);
    expect(timeline.map((t: { status: string; by: string }) => [t.status, t.by])).toEqual([
      ['idle', 'kiosk'],
      ['waiting_card', 'kiosk'],
      ['success', 'webhook'],
    ]);
    expect(timeline[2].eventId).toMatch(/^evt_/);
    expect(timeline.every((t: { at: number }) => t.at >= session.createdAt && t.at <= session.updatedAt)).toBe(true);

    const { body: abandoned } = await createSession(kiosk.token);
    await eventually(async () => (await detail(abandoned.sessionId)).session.status).toBe('cancelled');
    expect((await detail(abandoned.sessionId)).timeline.at(-1)).toMatchObject({ status: 'cancelled', by: 'alarm' });

    const steady = await provisionKiosk('Steady kiosk');
    const { body: stuck } = await createSession(steady.token);
    const cancelled = await call(`/api/admin/sessions/${stuck.sessionId}/cancel`, { token: ADMIN_TOKEN, method: 'POST' });
    expect(cancelled).toMatchObject({ status: 200, body: { session: { status: 'cancelled', cancellationReason: 'operator' } } });
    expect((await detail(stuck.sessionId)).timeline.at(-1)).toMatchObject({ status: 'cancelled', by: 'operator' });
    expect((await stripe.paymentIntents.retrieve(stuck.paymentIntentId)).status).toBe('canceled');
  });
});
