import { runDurableObjectAlarm } from 'cloudflare:test';
import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, call, createSession, payWithCard, provisionKiosk, readerFor, stripe } from './kiosk-client.ts';
import { eventually, present, serverDrivenKiosk, start, view } from './server-driven-client.ts';
import { createWithEveryAnswerLost, eventFor, paymentIntentsOf, postWebhook, sessionObject, simulator } from './stripe-test-controls.ts';

/** Stripe's Interac test card (docs.stripe.com/terminal/references/testing). */
const INTERAC = '4506445006931933';
const POUTINE = [{ id: 'poutine', quantity: 1 }];

const complete = (token: string, id: string, paymentIntentId: string) => call(`/api/sessions/${id}/complete`, { token, body: { paymentIntentId } });
const asOperator = async (sessionId: string) => (await call(`/api/admin/sessions/${sessionId}`, { token: ADMIN_TOKEN })).body;
const refund = (sessionId: string, body: object = {}) =>
  call(`/api/admin/sessions/${sessionId}/refunds`, { token: ADMIN_TOKEN, body, headers: { 'Idempotency-Key': `key-${crypto.randomUUID()}` } });

const refundInPerson = (sessionId: string, body: object = {}, key = `key-${crypto.randomUUID()}`) =>
  call(`/api/admin/sessions/${sessionId}/refunds/in-person`, { token: ADMIN_TOKEN, body, headers: { 'Idempotency-Key': key } });
const cancelInPersonRefund = (sessionId: string) =>
  call(`/api/admin/sessions/${sessionId}/refunds/in-person/cancel`, { token: ADMIN_TOKEN, method: 'POST' });

/** The customer presents the Interac card at the reader the refund waits on (Stripe's test helper). */
const presentForRefund = (readerId: string) =>
  stripe.testHelpers.terminal.readers.presentPaymentMethod(readerId, { type: 'interac_present', interac_present: { number: INTERAC } });

/** The account in Canada, a menu priced in CAD, and a kiosk at a Canadian store (its currency: CAD). */
async function canadianKiosk(extra: Record<string, unknown> = {}) {
  await simulator('POST', 'account', { country: 'CA' });
  const item = await call('/api/admin/catalog/items/poutine', {
    token: ADMIN_TOKEN,
    method: 'PUT',
    body: { name: { en: 'Poutine' }, category: 'food', prices: { cad: 1200 } },
  });
  expect(item.status, JSON.stringify(item.body)).toBeLessThan(300);
  const kiosk = extra.readerMode === 'server-driven' ? await serverDrivenKiosk(extra) : { ...(await provisionKiosk('Toronto kiosk', extra)), readerId: '' };
  expect(kiosk.kiosk.currency).toBe('cad');
  return kiosk;
}

/** The customer pays the PaymentIntent with the Interac card at the kiosk's reader, driven as the SDK drives it. */
async function payWithInterac(token: string, paymentIntentId: string) {
  const reader = await readerFor(token);
  const base = `/api/simulated-reader/readers/${reader}`;
  expect((await call(`${base}/collect`, { token, body: { paymentIntentId } })).status).toBe(200);
  const presented = await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader, { type: 'interac_present', interac_present: { number: INTERAC } });
  expect(presented.action?.failure_message ?? null).toBeNull();
  return (await call(`${base}/confirm`, { token, body: { paymentIntentId } })).body;
}

/** A CAD checkout paid with the Interac card, in the SDK's reader mode. */
async function paidWithInterac() {
  const kiosk = await canadianKiosk();
  const { status, body: s } = await createSession(kiosk.token, POUTINE);
  expect(status, JSON.stringify(s)).toBe(201);
  await payWithInterac(kiosk.token, s.paymentIntentId);
  expect((await complete(kiosk.token, s.sessionId, s.paymentIntentId)).body).toMatchObject({ success: true });
  return { kiosk, session: s };
}

beforeEach(async () => {
  await simulator('POST', 'webhooks', { mode: 'paused' });
});
afterEach(async () => {
  await simulator('DELETE', 'faults');
  await simulator('POST', 'account', { country: 'US' });
});

describe('a kiosk in Canada takes Interac debit, as Stripe documents for Terminal in Canada', () => {
  it('an Interac card presented for a CAD checkout is charged and the session succeeds', async () => {
    const kiosk = await canadianKiosk();
    const { status, body: s } = await createSession(kiosk.token, POUTINE);
    expect(status, JSON.stringify(s)).toBe(201);
    // Stripe's Terminal docs for Canada: the PaymentIntent must allow interac_present for Interac cards.
    expect((await stripe.paymentIntents.retrieve(s.paymentIntentId)).payment_method_types).toEqual(['card_present', 'interac_present']);
    await payWithInterac(kiosk.token, s.paymentIntentId);
    const verdict = await complete(kiosk.token, s.sessionId, s.paymentIntentId);
    // The receipt names the Interac card, from the charge's payment_method_details.interac_present.
    expect(verdict.body).toMatchObject({ success: true, status: 'success', receipt: { brand: 'interac', last4: '1933' } });
  });

  it('a checkout in another currency allows card_present only', async () => {
    const kiosk = await provisionKiosk('Dollar kiosk');
    const { body: s } = await createSession(kiosk.token);
    expect((await stripe.paymentIntents.retrieve(s.paymentIntentId)).payment_method_types).toEqual(['card_present']);
  });

  it('server-driven: the Interac card presented at the reader pays the checkout', async () => {
    await simulator('POST', 'webhooks', { mode: 'immediate' });
    const kiosk = await canadianKiosk({ readerMode: 'server-driven' });
    const { status, body: s } = await start(kiosk.token, POUTINE);
    expect(status, JSON.stringify(s)).toBe(201);
    expect(s).toMatchObject({ status: 'waiting_card', currency: 'cad', amount: 1200 });
    // The developer panel presents Stripe's Interac test card as an Interac card (interac_present).
    expect((await present(kiosk.token, kiosk.readerId, INTERAC)).status).toBe(200);
    await eventually(async () => (await view(kiosk.token, s.sessionId)).status).toBe('success');
    expect(await view(kiosk.token, s.sessionId)).toMatchObject({ receipt: { brand: 'interac', last4: '1933' } });
    const charge = (await stripe.charges.list({ payment_intent: s.paymentIntentId })).data[0]!;
    expect(charge.payment_method_details).toMatchObject({ type: 'interac_present' });
  });
});

describe('an Interac payment is refunded in person only', () => {
  it("an operator's refund is refused 409 refund_in_person, and nothing is refunded", async () => {
    const { session } = await paidWithInterac();
    for (const body of [{}, { amount: 500 }]) {
      const refused = await refund(session.sessionId, body);
      expect(refused).toMatchObject({ status: 409, body: { error: { code: 'refund_in_person' } } });
      expect(refused.body.error.message).toMatch(/Interac.*in person.*card at a reader/);
    }
    expect((await asOperator(session.sessionId)).session).toMatchObject({ status: 'success', refunded: 0, refunds: [] });
    expect((await stripe.refunds.list({ payment_intent: session.paymentIntentId })).data).toEqual([]);
  });

  it('a card payment of a CAD checkout is still refunded online', async () => {
    const kiosk = await canadianKiosk();
    const { body: s } = await createSession(kiosk.token, POUTINE);
    const reader = await readerFor(kiosk.token);
    const base = `/api/simulated-reader/readers/${reader}`;
    await call(`${base}/collect`, { token: kiosk.token, body: { paymentIntentId: s.paymentIntentId } });
    await call(`${base}/present`, { token: kiosk.token, body: { cardNumber: '4242424242424242' } });
    await call(`${base}/confirm`, { token: kiosk.token, body: { paymentIntentId: s.paymentIntentId } });
    expect((await complete(kiosk.token, s.sessionId, s.paymentIntentId)).body).toMatchObject({ success: true, receipt: { brand: 'visa' } });
    expect(await refund(s.sessionId)).toMatchObject({ status: 201, body: { refund: { amount: 1200 } } });
  });

  it('an Interac payment that does not match its order waits for an operator: no online refund, and the alarm stops', async () => {
    const kiosk = await canadianKiosk();
    const { body: s } = await createSession(kiosk.token, POUTINE);
    // Tampered with before it was paid: not this order's amount.
    await stripe.paymentIntents.update(s.paymentIntentId, { amount: 999 });
    await payWithInterac(kiosk.token, s.paymentIntentId);
    expect((await complete(kiosk.token, s.sessionId, s.paymentIntentId)).body).toMatchObject({ success: false, status: 'requires_attention' });
    await eventually(() => runDurableObjectAlarm(sessionObject(s.sessionId))).toBe(false);
    expect((await asOperator(s.sessionId)).session).toMatchObject({ status: 'requires_attention', refunded: 0, refunds: [] });
    expect((await stripe.refunds.list({ payment_intent: s.paymentIntentId })).data).toEqual([]);
    expect(await refund(s.sessionId)).toMatchObject({ status: 409, body: { error: { code: 'refund_in_person' } } });
  });

  it('paid with Interac after the customer was told it was cancelled: requires_attention, no online refund, the alarm stops', async () => {
    const kiosk = await canadianKiosk();
    const sessionId = await createWithEveryAnswerLost(kiosk, { items: POUTINE });
    // Stripe is down while the customer cancels: told cancelled, the PaymentIntent left for the alarm.
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/payment_intents', kind: 'error_500', count: 3 });
    expect(await call(`/api/sessions/${sessionId}/cancel`, { token: kiosk.token, method: 'POST' })).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    await simulator('DELETE', 'faults');
    const [pi] = await paymentIntentsOf(sessionId);
    // Paid at Stripe with the Interac card by whatever still held it.
    const reader = await readerFor(kiosk.token);
    await stripe.terminal.readers.processPaymentIntent(reader, { payment_intent: pi!.id });
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(reader, { type: 'interac_present', interac_present: { number: INTERAC } });
    expect((await stripe.paymentIntents.retrieve(pi!.id)).status).toBe('succeeded');
    await simulator('POST', 'webhooks', { mode: 'immediate' });
    await eventually(async () => (await asOperator(sessionId)).session.status).toBe('requires_attention');
    await eventually(() => runDurableObjectAlarm(sessionObject(sessionId))).toBe(false);
    expect((await asOperator(sessionId)).session).toMatchObject({ attentionReason: 'paid_after_cancellation', refunded: 0, refunds: [] });
    expect((await stripe.refunds.list({ payment_intent: pi!.id })).data).toEqual([]);
    // An operator gives it back at the store's reader: the customer presents the card.
    expect(await refundInPerson(sessionId, { readerId: reader })).toMatchObject({ status: 202, body: { inPersonRefund: { amount: 1200, status: 'in_progress' } } });
    await presentForRefund(reader);
    await eventually(async () => (await asOperator(sessionId)).session.refunded).toBe(1200);
  });
});

/** A server-driven CAD checkout paid with the Interac card at the kiosk's reader, webhooks delivered as they come. */
async function paidWithInteracAtReader() {
  await simulator('POST', 'webhooks', { mode: 'immediate' });
  const kiosk = await canadianKiosk({ readerMode: 'server-driven' });
  const { body: s } = await start(kiosk.token, POUTINE);
  expect((await present(kiosk.token, kiosk.readerId, INTERAC)).status).toBe(200);
  await eventually(async () => (await view(kiosk.token, s.sessionId)).status).toBe('success');
  return { kiosk, session: s as { sessionId: string; paymentIntentId: string } };
}

/**
 * A paid Interac checkout whose in-person refund of `amount` the customer made at the kiosk's reader, every webhook
 * lost, then the reader reset (it forgets its last action): only Stripe's refunds tell. `made` is that refund.
 */
async function refundMadeThenReaderReset(amount: number) {
  const { kiosk, session } = await paidWithInteracAtReader();
  await simulator('POST', 'webhooks', { mode: 'paused' });
  expect((await refundInPerson(session.sessionId, { amount })).status).toBe(202);
  expect((await presentForRefund(kiosk.readerId)).action?.status).toBe('succeeded');
  await stripe.terminal.readers.cancelAction(kiosk.readerId);
  const [made] = (await stripe.refunds.list({ payment_intent: session.paymentIntentId })).data;
  return { session, made: made! };
}

describe("an operator refunds an Interac payment at a reader (Stripe's in-person refund)", () => {
  it('the refund starts at the kiosk\'s reader, the customer presents the card, and the session and the ledger show it', async () => {
    const { kiosk, session } = await paidWithInteracAtReader();
    expect((await asOperator(session.sessionId)).paidWith).toBe('interac_present');
    const started = await refundInPerson(session.sessionId, { amount: 500 });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body.inPersonRefund).toMatchObject({ readerId: kiosk.readerId, amount: 500, status: 'in_progress', refundId: null });
    // Nothing is refunded until the card is presented: the reader waits for it.
    expect((await stripe.terminal.readers.retrieve(kiosk.readerId)) as object).toMatchObject({
      action: { type: 'refund_payment', status: 'in_progress', refund_payment: { payment_intent: session.paymentIntentId, amount: 500 } },
    });
    expect(await asOperator(session.sessionId)).toMatchObject({ session: { refunded: 0 }, inPersonRefund: { status: 'in_progress' } });

    expect((await presentForRefund(kiosk.readerId)).action?.status).toBe('succeeded');
    await eventually(async () => (await asOperator(session.sessionId)).inPersonRefund?.status).toBe('succeeded');
    const detail = await asOperator(session.sessionId);
    const [refund] = (await stripe.refunds.list({ payment_intent: session.paymentIntentId })).data;
    expect(detail).toMatchObject({
      session: { status: 'success', refunded: 500, refunds: [{ id: refund!.id, amount: 500, status: 'succeeded' }] },
      inPersonRefund: { amount: 500, status: 'succeeded', refundId: refund!.id, failureCode: null },
    });
    // The fleet's ledger (the admin list, from D1) shows it too.
    await eventually(async () => (await call(`/api/admin/sessions?kioskId=${kiosk.kioskId}`, { token: ADMIN_TOKEN })).body.sessions[0]?.refunded).toBe(500);
    // What is left (700) can be refunded at the reader too; then nothing is.
    expect((await refundInPerson(session.sessionId)).body.inPersonRefund).toMatchObject({ amount: 700, status: 'in_progress' });
    await presentForRefund(kiosk.readerId);
    await eventually(async () => (await asOperator(session.sessionId)).session.refunded).toBe(1200);
    expect(await refundInPerson(session.sessionId)).toMatchObject({ status: 409, body: { error: { code: 'nothing_to_refund' } } });
  });

  it("the reader's action_succeeded webhook alone makes the session read its refund from Stripe", async () => {
    const { kiosk, session } = await paidWithInteracAtReader();
    expect((await refundInPerson(session.sessionId)).status).toBe(202);
    // Every event the refund makes is held back: only the reader's, posted below, reaches the worker.
    await simulator('POST', 'webhooks', { mode: 'paused' });
    const reader = await presentForRefund(kiosk.readerId);
    expect(reader.action).toMatchObject({ type: 'refund_payment', status: 'succeeded' });
    const delivered = await postWebhook(JSON.stringify(eventFor('terminal.reader.action_succeeded', reader)));
    expect(delivered.status).toBe(200);
    expect(await asOperator(session.sessionId)).toMatchObject({
      session: { refunded: 1200, refunds: [{ amount: 1200, status: 'succeeded' }] },
      inPersonRefund: { status: 'succeeded' },
    });
  });

  it("every webhook lost: the session's alarm reads the reader and the refund, and shows it", async () => {
    const { kiosk, session } = await paidWithInteracAtReader();
    await simulator('POST', 'webhooks', { mode: 'paused' });
    expect((await refundInPerson(session.sessionId, { amount: 400 })).status).toBe(202);
    expect((await presentForRefund(kiosk.readerId)).action?.status).toBe('succeeded');
    await eventually(async () => {
      await runDurableObjectAlarm(sessionObject(session.sessionId));
      return (await asOperator(session.sessionId)).inPersonRefund?.status;
    }).toBe('succeeded');
    expect((await asOperator(session.sessionId)).session).toMatchObject({ refunded: 400, refunds: [{ amount: 400, status: 'succeeded' }] });
  });

  it("every webhook lost and Stripe's refund list failing when the alarm read the reader: the refund the reader made still reaches the session and the ledger", async () => {
    const { kiosk, session } = await paidWithInteracAtReader();
    await simulator('POST', 'webhooks', { mode: 'paused' });
    expect((await refundInPerson(session.sessionId, { amount: 400 })).status).toBe(202);
    expect((await presentForRefund(kiosk.readerId)).action?.status).toBe('succeeded');
    await simulator('POST', 'faults', { method: 'GET', path: '/v1/refunds', kind: 'error_500', count: 10 });
    await runDurableObjectAlarm(sessionObject(session.sessionId));
    await simulator('DELETE', 'faults');
    await eventually(async () => {
      await runDurableObjectAlarm(sessionObject(session.sessionId));
      return (await asOperator(session.sessionId)).session.refunded;
    }).toBe(400);
    expect(await asOperator(session.sessionId)).toMatchObject({
      session: { refunded: 400, refunds: [{ amount: 400, status: 'succeeded' }] },
      inPersonRefund: { status: 'succeeded' },
    });
    await eventually(async () => (await call(`/api/admin/sessions?kioskId=${kiosk.kioskId}`, { token: ADMIN_TOKEN })).body.sessions[0]?.refunded).toBe(400);
  });

  it('the reader moved on before any card (reset, or the kiosk\'s next payment): the alarm ends the attempt, failed reader_moved_on, and it can start again', async () => {
    const { kiosk, session } = await paidWithInteracAtReader();
    await simulator('POST', 'webhooks', { mode: 'paused' });
    expect((await refundInPerson(session.sessionId, { amount: 500 })).status).toBe(202);
    // Reset at the counter (Stripe sends no webhook for it), then the kiosk's next customer pays there.
    await stripe.terminal.readers.cancelAction(kiosk.readerId);
    const next = await stripe.paymentIntents.create({ amount: 900, currency: 'cad', allowed_payment_method_types: ['card_present', 'interac_present'] });
    await stripe.terminal.readers.processPaymentIntent(kiosk.readerId, { payment_intent: next.id });
    await eventually(async () => {
      await runDurableObjectAlarm(sessionObject(session.sessionId));
      return (await asOperator(session.sessionId)).inPersonRefund?.status;
    }).toBe('failed');
    expect(await asOperator(session.sessionId)).toMatchObject({
      session: { refunded: 0, refunds: [] },
      inPersonRefund: { readerId: kiosk.readerId, amount: 500, status: 'failed', refundId: null, failureCode: 'reader_moved_on' },
    });
    await stripe.terminal.readers.cancelAction(kiosk.readerId);
    expect((await refundInPerson(session.sessionId)).status).toBe(202);
  });

  it('the card was presented and the reader reset since, every webhook lost: the alarm finds the refund it made among Stripe\'s', async () => {
    const { session, made } = await refundMadeThenReaderReset(400);
    await eventually(async () => {
      await runDurableObjectAlarm(sessionObject(session.sessionId));
      return (await asOperator(session.sessionId)).inPersonRefund?.status;
    }).toBe('succeeded');
    expect(await asOperator(session.sessionId)).toMatchObject({
      session: { refunded: 400, refunds: [{ id: made.id, amount: 400 }] },
      inPersonRefund: { status: 'succeeded', refundId: made.id, failureCode: null },
    });
  });

  it("two attempts of the same amount are never mixed up: each is told by its own refund, one whose start's answer was lost included", async () => {
    const { kiosk, session } = await paidWithInteracAtReader();
    await simulator('POST', 'webhooks', { mode: 'paused' });
    const { id: counter } = await stripe.terminal.readers.create({ registration_code: 'simulated-wpe', location: kiosk.kiosk.locationId, label: 'Counter' });
    // Stripe starts the refund at the counter, but every answer is lost: the session cannot know it started.
    await simulator('POST', 'faults', { method: 'POST', path: `/v1/terminal/readers/${counter}/refund_payment`, kind: 'lose_response', count: 3 });
    expect((await refundInPerson(session.sessionId, { amount: 400, readerId: counter }, 'at-the-counter')).status).toBeGreaterThanOrEqual(500);
    await simulator('DELETE', 'faults');
    // The customer presents the card at the counter: the session's alarm reads the reader and tells it by its refund.
    expect((await presentForRefund(counter)).action?.status).toBe('succeeded');
    const [atCounter] = (await stripe.refunds.list({ payment_intent: session.paymentIntentId })).data;
    await eventually(async () => {
      await runDurableObjectAlarm(sessionObject(session.sessionId));
      return (await asOperator(session.sessionId)).inPersonRefund;
    }).toMatchObject({ readerId: counter, status: 'succeeded', refundId: atCounter!.id });
    // Its key's retry gets it back: the reader is not asked again.
    expect(await refundInPerson(session.sessionId, { amount: 400, readerId: counter }, 'at-the-counter')).toMatchObject({
      status: 202,
      body: { inPersonRefund: { readerId: counter, status: 'succeeded', refundId: atCounter!.id } },
    });
    expect(((await stripe.terminal.readers.retrieve(counter)) as Stripe.Terminal.Reader).action?.status).toBe('succeeded');
    // Another of the same amount at the kiosk's reader, reset before any card: it made no refund, whatever refund of that amount Stripe lists.
    expect((await refundInPerson(session.sessionId, { amount: 400 }, 'at-the-kiosk')).status).toBe(202);
    await stripe.terminal.readers.cancelAction(kiosk.readerId);
    await eventually(async () => {
      await runDurableObjectAlarm(sessionObject(session.sessionId));
      return (await asOperator(session.sessionId)).inPersonRefund?.status;
    }).not.toBe('in_progress');
    expect(await asOperator(session.sessionId)).toMatchObject({
      session: { refunded: 400, refunds: [{ id: atCounter!.id, amount: 400 }] },
      inPersonRefund: { readerId: kiosk.readerId, status: 'failed', refundId: null, failureCode: 'reader_moved_on' },
    });
    expect((await stripe.refunds.list({ payment_intent: session.paymentIntentId })).data).toHaveLength(1);
  });

  it("a start whose answer was lost still waits at the reader: another refund is refused until it is cancelled, and its own key's retry gets it back", async () => {
    const { kiosk, session } = await paidWithInteracAtReader();
    await simulator('POST', 'webhooks', { mode: 'paused' });
    const { id: counter } = await stripe.terminal.readers.create({ registration_code: 'simulated-wpe', location: kiosk.kiosk.locationId, label: 'Counter' });
    await simulator('POST', 'faults', { method: 'POST', path: `/v1/terminal/readers/${kiosk.readerId}/refund_payment`, kind: 'lose_response', count: 3 });
    expect((await refundInPerson(session.sessionId, { amount: 500 }, 'lost-start')).status).toBeGreaterThanOrEqual(500);
    await simulator('DELETE', 'faults');
    // The reader asks the customer for the card all the same; the operator who reloads the console sees it waiting.
    expect(((await stripe.terminal.readers.retrieve(kiosk.readerId)) as Stripe.Terminal.Reader).action).toMatchObject({ type: 'refund_payment', status: 'in_progress' });
    expect((await asOperator(session.sessionId)).inPersonRefund).toMatchObject({ readerId: kiosk.readerId, amount: 500, status: 'in_progress' });
    // Another key, at another reader or the same one: refused before any reader is asked, so the customer is never asked twice.
    for (const body of [{ amount: 500, readerId: counter }, { amount: 300 }]) {
      expect(await refundInPerson(session.sessionId, body)).toMatchObject({ status: 409, body: { error: { code: 'in_person_refund_in_progress' } } });
    }
    expect(((await stripe.terminal.readers.retrieve(counter)) as Stripe.Terminal.Reader).action).toBeNull();
    // Its own key's retry asks Stripe again under the same key: Stripe replays the start, and the attempt is back.
    expect(await refundInPerson(session.sessionId, { amount: 500 }, 'lost-start')).toMatchObject({
      status: 202,
      body: { inPersonRefund: { readerId: kiosk.readerId, amount: 500, status: 'in_progress' } },
    });
    // The customer walked away: the cancel stops the reader, and another refund may start.
    expect(await cancelInPersonRefund(session.sessionId)).toMatchObject({ status: 200, body: { inPersonRefund: { status: 'failed', failureCode: 'operator_canceled' } } });
    expect(((await stripe.terminal.readers.retrieve(kiosk.readerId)) as Stripe.Terminal.Reader).action).toBeNull();
    expect(await refundInPerson(session.sessionId, { readerId: counter })).toMatchObject({ status: 202, body: { inPersonRefund: { readerId: counter, amount: 1200 } } });
  });

  it('a start whose answer was lost, found by the cancel: the reader is stopped before any card, and nothing is refunded', async () => {
    const { kiosk, session } = await paidWithInteracAtReader();
    await simulator('POST', 'webhooks', { mode: 'paused' });
    await simulator('POST', 'faults', { method: 'POST', path: `/v1/terminal/readers/${kiosk.readerId}/refund_payment`, kind: 'lose_response', count: 3 });
    expect((await refundInPerson(session.sessionId, { amount: 500 })).status).toBeGreaterThanOrEqual(500);
    await simulator('DELETE', 'faults');
    const cancelled = await cancelInPersonRefund(session.sessionId);
    expect(cancelled, JSON.stringify(cancelled.body)).toMatchObject({ status: 200, body: { inPersonRefund: { amount: 500, status: 'failed', failureCode: 'operator_canceled' } } });
    expect(((await stripe.terminal.readers.retrieve(kiosk.readerId)) as Stripe.Terminal.Reader).action).toBeNull();
    expect((await stripe.refunds.list({ payment_intent: session.paymentIntentId })).data).toEqual([]);
  });

  it("a start Stripe answered 500 to: it waits until the alarm finds the reader never got it, then ends and blocks nothing", async () => {
    const { kiosk, session } = await paidWithInteracAtReader();
    await simulator('POST', 'webhooks', { mode: 'paused' });
    await simulator('POST', 'faults', { method: 'POST', path: `/v1/terminal/readers/${kiosk.readerId}/refund_payment`, kind: 'error_500', count: 3 });
    expect((await refundInPerson(session.sessionId, { amount: 500 })).status).toBeGreaterThanOrEqual(500);
    await simulator('DELETE', 'faults');
    await eventually(async () => {
      await runDurableObjectAlarm(sessionObject(session.sessionId));
      return (await asOperator(session.sessionId)).inPersonRefund;
    }).toMatchObject({ amount: 500, status: 'failed', failureCode: 'reader_moved_on' });
    expect(await refundInPerson(session.sessionId, { amount: 300 })).toMatchObject({ status: 202, body: { inPersonRefund: { amount: 300, status: 'in_progress' } } });
  });

  it('a start Stripe refuses (the reader offline or busy) ends there: it blocks no other refund', async () => {
    const { kiosk, session } = await paidWithInteracAtReader();
    await simulator('POST', `readers/${kiosk.readerId}/offline`);
    expect(await refundInPerson(session.sessionId, { amount: 500 })).toMatchObject({ status: 503, body: { error: { code: 'reader_offline' } } });
    expect((await asOperator(session.sessionId)).inPersonRefund?.status ?? null).not.toBe('in_progress');
    expect(await cancelInPersonRefund(session.sessionId)).toMatchObject({ status: 409, body: { error: { code: 'no_in_person_refund_in_progress' } } });
    await simulator('POST', `readers/${kiosk.readerId}/online`);
    expect(await refundInPerson(session.sessionId, { amount: 500 })).toMatchObject({ status: 202, body: { inPersonRefund: { status: 'in_progress' } } });
  });

  it('a start refused because the reader was offline, retried with its key once the reader is back, starts at the reader', async () => {
    const { kiosk, session } = await paidWithInteracAtReader();
    await simulator('POST', `readers/${kiosk.readerId}/offline`);
    expect(await refundInPerson(session.sessionId, { amount: 500 }, 'while-offline')).toMatchObject({ status: 503, body: { error: { code: 'reader_offline' } } });
    await simulator('POST', `readers/${kiosk.readerId}/online`);
    // A 503 may come after the work was done, so the console retries it with the same key.
    const retried = await refundInPerson(session.sessionId, { amount: 500 }, 'while-offline');
    expect(retried, JSON.stringify(retried.body)).toMatchObject({ status: 202, body: { inPersonRefund: { amount: 500, status: 'in_progress' } } });
    expect(((await stripe.terminal.readers.retrieve(kiosk.readerId)) as Stripe.Terminal.Reader).action).toMatchObject({ type: 'refund_payment', status: 'in_progress' });
    await presentForRefund(kiosk.readerId);
    await eventually(async () => (await asOperator(session.sessionId)).session.refunded).toBe(500);
  });

  it('a start refused because the reader was offline, retried with its key after another refund gave everything back: refused, the reader is not asked', async () => {
    const { kiosk, session } = await paidWithInteracAtReader();
    const { id: counter } = await stripe.terminal.readers.create({ registration_code: 'simulated-wpe', location: kiosk.kiosk.locationId, label: 'Counter' });
    await simulator('POST', `readers/${kiosk.readerId}/offline`);
    expect(await refundInPerson(session.sessionId, { amount: 1200 }, 'while-offline')).toMatchObject({ status: 503, body: { error: { code: 'reader_offline' } } });
    // Meanwhile at the counter, the customer is refunded everything.
    expect((await refundInPerson(session.sessionId, { readerId: counter })).status).toBe(202);
    await presentForRefund(counter);
    await eventually(async () => (await asOperator(session.sessionId)).session.refunded).toBe(1200);
    await simulator('POST', `readers/${kiosk.readerId}/online`);
    const retried = await refundInPerson(session.sessionId, { amount: 1200 }, 'while-offline');
    expect(retried, JSON.stringify(retried.body)).toMatchObject({ status: 409, body: { error: { code: 'nothing_to_refund' } } });
    expect(((await stripe.terminal.readers.retrieve(kiosk.readerId)) as Stripe.Terminal.Reader).action?.type).not.toBe('refund_payment');
  });

  it('a customer who cancels on the reader: the attempt shows failed, nothing is refunded, and it can be started again', async () => {
    const { kiosk, session } = await paidWithInteracAtReader();
    expect((await refundInPerson(session.sessionId)).status).toBe(202);
    await simulator('POST', `readers/${kiosk.readerId}/customer-cancel`);
    await eventually(async () => (await asOperator(session.sessionId)).inPersonRefund?.status).toBe('failed');
    expect(await asOperator(session.sessionId)).toMatchObject({ session: { refunded: 0 }, inPersonRefund: { failureCode: 'customer_canceled' } });
    expect((await refundInPerson(session.sessionId)).status).toBe(202);
  });

  it('any reader of the session\'s Location may be named; a reader of another store may not', async () => {
    const { kiosk, session } = await paidWithInteracAtReader();
    // The store's counter reader, registered at its Location in the Dashboard (no kiosk's).
    const { id: counter } = await stripe.terminal.readers.create({ registration_code: 'simulated-wpe', location: kiosk.kiosk.locationId, label: 'Counter' });
    const elsewhere = await canadianKiosk({ readerMode: 'server-driven' });
    expect(elsewhere.kiosk.locationId).not.toBe(kiosk.kiosk.locationId);
    const refused = await refundInPerson(session.sessionId, { readerId: elsewhere.readerId });
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'reader_not_at_location' } } });
    const started = await refundInPerson(session.sessionId, { readerId: counter });
    expect(started).toMatchObject({ status: 202, body: { inPersonRefund: { readerId: counter } } });
    await presentForRefund(counter);
    await eventually(async () => (await asOperator(session.sessionId)).session.refunded).toBe(1200);
  });

  it('the same Idempotency-Key starts one refund: the same body gets it back, another body is a conflict', async () => {
    const { kiosk, session } = await paidWithInteracAtReader();
    const first = await refundInPerson(session.sessionId, { amount: 300 }, 'in-person-1');
    const again = await refundInPerson(session.sessionId, { amount: 300 }, 'in-person-1');
    expect(again).toMatchObject({ status: 202, body: { inPersonRefund: first.body.inPersonRefund } });
    expect(await refundInPerson(session.sessionId, { amount: 400 }, 'in-person-1')).toMatchObject({ status: 409, body: { error: { code: 'idempotency_conflict' } } });
    await presentForRefund(kiosk.readerId);
    await eventually(async () => (await asOperator(session.sessionId)).session.refunded).toBe(300);
    expect((await stripe.refunds.list({ payment_intent: session.paymentIntentId })).data).toHaveLength(1);
  });

  it('a refund still waiting at a reader is not replaced: another is refused until it is cancelled, and the first one still shows how it ended', async () => {
    const { kiosk, session } = await paidWithInteracAtReader();
    const { id: counter } = await stripe.terminal.readers.create({ registration_code: 'simulated-wpe', location: kiosk.kiosk.locationId, label: 'Counter' });
    const first = await refundInPerson(session.sessionId, { amount: 500 }, 'first-refund');
    expect(first.status).toBe(202);
    // At another reader, or at the same one: refused before any reader is asked.
    for (const body of [{ amount: 500, readerId: counter }, { amount: 300 }]) {
      const refused = await refundInPerson(session.sessionId, body);
      expect(refused).toMatchObject({ status: 409, body: { error: { code: 'in_person_refund_in_progress' } } });
      expect(refused.body.error.message).toMatch(/cancel it first/);
    }
    expect(((await stripe.terminal.readers.retrieve(counter)) as { action: unknown }).action).toBeNull();
    // The retry of the first one's request still gets it back.
    expect(await refundInPerson(session.sessionId, { amount: 500 }, 'first-refund')).toMatchObject({ status: 202, body: first.body });
    // The customer presents the card at the first reader: that refund is the one the session shows.
    await presentForRefund(kiosk.readerId);
    await eventually(async () => (await asOperator(session.sessionId)).inPersonRefund?.status).toBe('succeeded');
    expect(await asOperator(session.sessionId)).toMatchObject({ session: { refunded: 500 }, inPersonRefund: { readerId: kiosk.readerId, amount: 500 } });
    // Ended: the next one starts.
    expect(await refundInPerson(session.sessionId, { readerId: counter })).toMatchObject({ status: 202, body: { inPersonRefund: { readerId: counter, amount: 700 } } });
  });

  it("refusals: the reader busy or offline, more than is left, a card payment, an unpaid session, a kiosk without a server-driven reader", async () => {
    const { kiosk, session } = await paidWithInteracAtReader();
    expect(await refundInPerson(session.sessionId, { amount: 1201 })).toMatchObject({ status: 400, body: { error: { code: 'refund_exceeds_payment' } } });
    // The reader busy with another payment (taken there in the Dashboard, say).
    const other = await stripe.paymentIntents.create({ amount: 900, currency: 'cad', allowed_payment_method_types: ['card_present', 'interac_present'] });
    await stripe.terminal.readers.processPaymentIntent(kiosk.readerId, { payment_intent: other.id });
    expect(await refundInPerson(session.sessionId, { amount: 100 })).toMatchObject({ status: 409, body: { error: { code: 'reader_busy' } } });
    await stripe.terminal.readers.cancelAction(kiosk.readerId);
    await simulator('POST', `readers/${kiosk.readerId}/offline`);
    expect(await refundInPerson(session.sessionId, { amount: 100 })).toMatchObject({ status: 503, body: { error: { code: 'reader_offline' } } });
    await simulator('POST', `readers/${kiosk.readerId}/online`);

    // A card payment is refunded online instead.
    const cardKiosk = await canadianKiosk();
    const { body: byCard } = await createSession(cardKiosk.token, POUTINE);
    await payWithCard(cardKiosk.token, byCard.paymentIntentId, '4242424242424242');
    expect((await complete(cardKiosk.token, byCard.sessionId, byCard.paymentIntentId)).body).toMatchObject({ success: true });
    expect(await refundInPerson(byCard.sessionId, { readerId: kiosk.readerId })).toMatchObject({ status: 409, body: { error: { code: 'refund_online' } } });
    // Not paid yet: nothing to refund.
    const { body: open } = await createSession(cardKiosk.token, POUTINE);
    expect(await refundInPerson(open.sessionId)).toMatchObject({ status: 409, body: { error: { code: 'not_paid' } } });
    // Paid with Interac at an SDK-mode kiosk: its reader belongs to the tablet, so the operator names one.
    const { kiosk: sdkKiosk, session: sdkPaid } = await paidWithInterac();
    expect(await refundInPerson(sdkPaid.sessionId)).toMatchObject({ status: 409, body: { error: { code: 'no_reader' } } });
    const sdkReader = await readerFor(sdkKiosk.token);
    expect(await refundInPerson(sdkPaid.sessionId, { readerId: sdkReader })).toMatchObject({ status: 202 });
    expect(await refundInPerson(`cs_${'0'.repeat(32)}`)).toMatchObject({ status: 404 });
  });
});

describe('an operator cancels an in-person refund the reader still waits on (Stripe\'s cancel_action)', () => {
  it('the customer walked away: the reader stops asking, the attempt shows failed as the operator\'s cancel, nothing is refunded, and it can start again', async () => {
    const { kiosk, session } = await paidWithInteracAtReader();
    expect((await refundInPerson(session.sessionId, { amount: 500 })).status).toBe(202);
    const cancelled = await cancelInPersonRefund(session.sessionId);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.inPersonRefund).toMatchObject({ readerId: kiosk.readerId, amount: 500, status: 'failed', refundId: null, failureCode: 'operator_canceled' });
    // The reader no longer waits for a card: free for the kiosk's next customer.
    expect(((await stripe.terminal.readers.retrieve(kiosk.readerId)) as { action: unknown }).action).toBeNull();
    expect(await asOperator(session.sessionId)).toMatchObject({
      session: { status: 'success', refunded: 0, refunds: [] },
      inPersonRefund: { status: 'failed', failureCode: 'operator_canceled' },
    });
    expect((await stripe.refunds.list({ payment_intent: session.paymentIntentId })).data).toEqual([]);
    // Nothing waits now: another cancel is refused, and the refund can be started again.
    expect(await cancelInPersonRefund(session.sessionId)).toMatchObject({ status: 409, body: { error: { code: 'no_in_person_refund_in_progress' } } });
    expect((await refundInPerson(session.sessionId)).status).toBe(202);
    await presentForRefund(kiosk.readerId);
    await eventually(async () => (await asOperator(session.sessionId)).session.refunded).toBe(1200);
  });

  it('the card was presented before the cancel (its webhooks not yet in): the refund stands, and the answer says it was made', async () => {
    const { kiosk, session } = await paidWithInteracAtReader();
    await simulator('POST', 'webhooks', { mode: 'paused' });
    expect((await refundInPerson(session.sessionId)).status).toBe(202);
    expect((await presentForRefund(kiosk.readerId)).action?.status).toBe('succeeded');
    const [made] = (await stripe.refunds.list({ payment_intent: session.paymentIntentId })).data;
    const answer = await cancelInPersonRefund(session.sessionId);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.inPersonRefund).toMatchObject({ status: 'succeeded', refundId: made!.id, failureCode: null });
    expect(await asOperator(session.sessionId)).toMatchObject({
      session: { refunded: 1200, refunds: [{ id: made!.id, amount: 1200, status: 'succeeded' }] },
      inPersonRefund: { status: 'succeeded', refundId: made!.id },
    });
    expect((await stripe.refunds.retrieve(made!.id)).status).toBe('succeeded');
  });

  it('the card was presented and the reader reset since: Stripe\'s refunds say it was made, never cancelled', async () => {
    const { session, made } = await refundMadeThenReaderReset(700);
    const answer = await cancelInPersonRefund(session.sessionId);
    expect(answer).toMatchObject({ status: 200, body: { inPersonRefund: { amount: 700, status: 'succeeded', refundId: made.id } } });
    expect((await asOperator(session.sessionId)).session).toMatchObject({ refunded: 700 });
  });

  it('refusals: nothing in progress (409), the reader offline (503 reader_offline), a session that does not exist (404)', async () => {
    const { kiosk, session } = await paidWithInteracAtReader();
    expect(await cancelInPersonRefund(session.sessionId)).toMatchObject({ status: 409, body: { error: { code: 'no_in_person_refund_in_progress' } } });
    expect((await refundInPerson(session.sessionId)).status).toBe(202);
    await simulator('POST', `readers/${kiosk.readerId}/offline`);
    expect(await cancelInPersonRefund(session.sessionId)).toMatchObject({ status: 503, body: { error: { code: 'reader_offline' } } });
    expect((await asOperator(session.sessionId)).inPersonRefund).toMatchObject({ status: 'in_progress' });
    await simulator('POST', `readers/${kiosk.readerId}/online`);
    expect(await cancelInPersonRefund(session.sessionId)).toMatchObject({ status: 200, body: { inPersonRefund: { status: 'failed', failureCode: 'operator_canceled' } } });
    expect(await cancelInPersonRefund(`cs_${'0'.repeat(32)}`)).toMatchObject({ status: 404 });
    // No fields: the action takes none.
    const withBody = await call(`/api/admin/sessions/${session.sessionId}/refunds/in-person/cancel`, { token: ADMIN_TOKEN, body: { amount: 1 } });
    expect(withBody.status).toBe(400);
  });
});
