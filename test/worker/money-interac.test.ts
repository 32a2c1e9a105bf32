import { runDurableObjectAlarm } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, call, createSession, provisionKiosk, readerFor, stripe } from './kiosk-client.ts';
import { eventually, present, serverDrivenKiosk, start, view } from './server-driven-client.ts';
import { paymentIntentsOf, sessionObject, simulator } from './stripe-test-controls.ts';

/** Stripe's Interac test card (docs.stripe.com/terminal/references/testing). */
const INTERAC = '4506445006931933';
const POUTINE = [{ id: 'poutine', quantity: 1 }];

const complete = (token: string, id: string, paymentIntentId: string) => call(`/api/sessions/${id}/complete`, { token, body: { paymentIntentId } });
const asOperator = async (sessionId: string) => (await call(`/api/admin/sessions/${sessionId}`, { token: ADMIN_TOKEN })).body;
const refund = (sessionId: string, body: object = {}) =>
  call(`/api/admin/sessions/${sessionId}/refunds`, { token: ADMIN_TOKEN, body, headers: { 'Idempotency-Key': `key-${crypto.randomUUID()}` } });

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
    // Every answer to the creation is lost: Stripe made the PaymentIntent, the kiosk only got an error.
    await simulator('POST', 'faults', { method: 'POST', path: '/v1/payment_intents', kind: 'lose_response', count: 3 });
    expect((await createSession(kiosk.token, POUTINE, { 'Idempotency-Key': `key-${crypto.randomUUID()}` })).status).toBeGreaterThanOrEqual(500);
    await simulator('DELETE', 'faults');
    let sessions: { sessionId: string }[] = [];
    await expect.poll(async () => (sessions = (await call(`/api/admin/sessions?kioskId=${kiosk.kioskId}`, { token: ADMIN_TOKEN })).body.sessions).length).toBe(1);
    const sessionId = sessions[0]!.sessionId;
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
  });
});
