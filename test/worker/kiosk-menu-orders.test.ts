import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { storeDay } from '../../shared/store-day.ts';
import { ADMIN_TOKEN, call, openLive, payWithCard, provisionKiosk, stripe } from './kiosk-client.ts';
import { simulator } from './stripe-test-controls.ts';

const VISA = '4242424242424242';
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });

const LATTE = [{ id: 'latte', quantity: 1 }];
const order = (token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  call('/api/sessions', { token, body: { items: LATTE, ...body }, headers });
const ledgerSession = async (kioskId: string, sessionId: string) =>
  (await call(`/api/admin/sessions?kioskId=${kioskId}`, { token: ADMIN_TOKEN })).body.sessions.find(
    (s: { sessionId: string }) => s.sessionId === sessionId,
  );

describe('dine-in or take-away', () => {
  it('where the operator turns it on, every order says which, and the session and the ledger record it', async () => {
    const kiosk = await provisionKiosk('Asks where you eat', { askServiceMode: true });
    expect(await order(kiosk.token, {})).toMatchObject({ status: 400, body: { error: { code: 'service_mode_required' } } });

    const res = await order(kiosk.token, { serviceMode: 'take_away' });
    expect(res).toMatchObject({ status: 201, body: { serviceMode: 'take_away' } });
    expect((await call(`/api/sessions/${res.body.sessionId}`, { token: kiosk.token })).body.serviceMode).toBe('take_away');
    await eventually(async () => (await ledgerSession(kiosk.kioskId, res.body.sessionId))?.serviceMode).toBe('take_away');

    expect((await order(kiosk.token, { serviceMode: 'dine_in' })).body.serviceMode).toBe('dine_in');
  });

  it('where it is off, orders record none, and an order that says one anyway is refused', async () => {
    const kiosk = await provisionKiosk('Does not ask');
    const res = await order(kiosk.token, {});
    expect(res).toMatchObject({ status: 201, body: { serviceMode: null } });
    await eventually(async () => (await ledgerSession(kiosk.kioskId, res.body.sessionId))?.sessionId).toBe(res.body.sessionId);
    expect((await ledgerSession(kiosk.kioskId, res.body.sessionId)).serviceMode).toBeNull();
    expect(await order(kiosk.token, { serviceMode: 'dine_in' })).toMatchObject({ status: 400, body: { error: { code: 'service_mode_not_offered' } } });
  });

  it('follows the setting as the operator changes it, and refuses what is not dine_in or take_away', async () => {
    const kiosk = await provisionKiosk('Changes its mind');
    await call(`/api/admin/kiosks/${kiosk.kioskId}`, { token: ADMIN_TOKEN, method: 'PATCH', body: { askServiceMode: true } });
    expect((await order(kiosk.token, {})).body.error.code).toBe('service_mode_required');
    for (const serviceMode of ['to_go', 'DINE_IN', null, 1]) {
      expect(await order(kiosk.token, { serviceMode }), String(serviceMode)).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    }
  });

  it('a retried order must say the same: the same key with the other choice is a conflict', async () => {
    const kiosk = await provisionKiosk('Retries', { askServiceMode: true });
    const key = { 'Idempotency-Key': crypto.randomUUID() };
    const first = await order(kiosk.token, { serviceMode: 'dine_in' }, key);
    expect((await order(kiosk.token, { serviceMode: 'dine_in' }, key)).body.sessionId).toBe(first.body.sessionId);
    expect(await order(kiosk.token, { serviceMode: 'take_away' }, key)).toMatchObject({ status: 409, body: { error: { code: 'idempotency_conflict' } } });
  });
});

/** Pays the session at the kiosk's simulated reader and asks the server to verify it, as the kiosk does. */
async function pay(token: string, session: { sessionId: string; paymentIntentId: string }) {
  await payWithCard(token, session.paymentIntentId, VISA);
  return (await call(`/api/sessions/${session.sessionId}/complete`, { token, body: { paymentIntentId: session.paymentIntentId } })).body;
}
const viewOf = async (token: string, sessionId: string) => (await call(`/api/sessions/${sessionId}`, { token })).body;
const paidOrder = async (token: string) => {
  const { body: session } = await order(token, {});
  const completed = await pay(token, session);
  return { session, completed, paidAt: (await viewOf(token, session.sessionId)).paidAt as number };
};

/**
 * The number a store gives each payment, in the order they came: 1, 2, 3... on each of its days, a payment's day taken
 * from its session's paidAt in its kiosk's time zone, so that a run across the store's midnight expects 1 again.
 */
function storeNumbering() {
  const takenOn = new Map<string, number>();
  return (paid: { paidAt: number }, timeZone = 'UTC') => {
    const day = storeDay(paid.paidAt, timeZone);
    takenOn.set(day, (takenOn.get(day) ?? 0) + 1);
    return takenOn.get(day)!;
  };
}

describe('order numbers', () => {
  it("each paid order gets its store's next number, in the success answer, the session, the ledger and the live fleet", async () => {
    const first = await provisionKiosk('Counter 1');
    const second = await provisionKiosk('Counter 2', { locationId: first.kiosk.locationId });
    const elsewhere = await provisionKiosk('Other store');

    const nextNumber = storeNumbering();

    const a = await paidOrder(first.token);
    expect(a.completed).toMatchObject({ success: true, status: 'success', orderNumber: nextNumber(a) });
    expect(await viewOf(first.token, a.session.sessionId)).toMatchObject({ status: 'success', orderNumber: 1, paidAt: a.paidAt });
    const b = await paidOrder(second.token);
    expect(b.completed.orderNumber).toBe(nextNumber(b));
    const { body: unpaid } = await order(first.token, {});
    expect(unpaid).toMatchObject({ orderNumber: null, paidAt: null });
    await call(`/api/sessions/${unpaid.sessionId}/cancel`, { token: first.token, method: 'POST' });
    const c = await paidOrder(first.token);
    const cNumber = nextNumber(c);
    expect(c.completed.orderNumber).toBe(cNumber);
    expect((await paidOrder(elsewhere.token)).completed.orderNumber).toBe(1);

    // Asking again changes nothing.
    const again = await call(`/api/sessions/${a.session.sessionId}/complete`, { token: first.token, body: { paymentIntentId: a.session.paymentIntentId } });
    expect(again.body).toMatchObject({ success: true, orderNumber: 1 });
    await eventually(async () => (await ledgerSession(first.kioskId, a.session.sessionId))?.orderNumber).toBe(1);
    await eventually(async () => (await ledgerSession(first.kioskId, unpaid.sessionId))?.status).toBe('cancelled');
    expect((await ledgerSession(first.kioskId, unpaid.sessionId)).orderNumber).toBeNull();
    await eventually(async () => {
      const fleet = (await call(`/api/admin/stores/${first.kiosk.locationId}/fleet`, { token: ADMIN_TOKEN })).body;
      return fleet.kiosks.find((k: { kioskId: string }) => k.kioskId === first.kioskId)?.session;
    }).toMatchObject({ sessionId: c.session.sessionId, status: 'success', orderNumber: cNumber });
  });

  it("restarts every day at the store's own midnight: kiosks of one store a day apart each start at 1", async () => {
    // At any moment these two time zones (UTC+14 and UTC-11) are on different dates.
    const ahead = await provisionKiosk('Kiritimati', { timeZone: 'Pacific/Kiritimati' });
    const behind = await provisionKiosk('Pago Pago', { timeZone: 'Pacific/Pago_Pago', locationId: ahead.kiosk.locationId });
    const nextNumber = storeNumbering();
    const first = await paidOrder(ahead.token);
    expect(first.completed.orderNumber).toBe(nextNumber(first, 'Pacific/Kiritimati'));
    const other = await paidOrder(behind.token);
    expect(other.completed.orderNumber).toBe(nextNumber(other, 'Pacific/Pago_Pago'));
    const second = await paidOrder(ahead.token);
    expect(second.completed.orderNumber).toBe(nextNumber(second, 'Pacific/Kiritimati'));
    expect([first, other].map((paid) => paid.completed.orderNumber)).toEqual([1, 1]);
  });

  it("takes the store's date in its time zone", () => {
    const evening = Date.parse('2026-03-01T15:30:00Z');
    expect(storeDay(evening, 'UTC')).toBe('2026-03-01');
    expect(storeDay(evening, 'Asia/Seoul')).toBe('2026-03-02');
    expect(storeDay(evening, 'America/Los_Angeles')).toBe('2026-03-01');
    expect(storeDay(Date.parse('2026-03-02T07:59:00Z'), 'America/Los_Angeles')).toBe('2026-03-01');
  });

  it("a retry gets the session's number back, and after 999 orders in a day the next is 1 again", async () => {
    const store = env.STORE_FLEET.getByName(`tml_numbers${crypto.randomUUID().replaceAll('-', '')}`);
    expect(await store.orderNumberFor('cs_first', '2026-05-01')).toBe(1);
    expect(await store.orderNumberFor('cs_first', '2026-05-01')).toBe(1);
    const numbers = await Promise.all(Array.from({ length: 999 }, (_, i) => store.orderNumberFor(`cs_${i}`, '2026-05-01')));
    expect(new Set(numbers).size).toBe(999);
    expect(Math.min(...numbers)).toBe(1);
    expect(numbers.filter((n) => n === 1)).toHaveLength(1);
    expect(Math.max(...numbers)).toBe(999);
    expect(await store.orderNumberFor('cs_first', '2026-05-01')).toBe(1);
    expect(await store.orderNumberFor('cs_next_day', '2026-05-02')).toBe(1);
  });

  it('when the store cannot be reached as the payment succeeds, the session shows no number yet; its alarm gets it and the live channel brings it', async () => {
    const kiosk = await provisionKiosk('Store offline');
    const { body: session } = await order(kiosk.token, {});
    const checkout = env.CHECKOUT_SESSION.getByName(session.sessionId);
    const unreachable = { getByName: () => ({ orderNumberFor: () => Promise.reject(new Error('store unreachable')) }) };
    const realStores = env.STORE_FLEET;
    await runInDurableObject(checkout, (instance) => {
      (instance as unknown as { env: Env }).env.STORE_FLEET = unreachable as unknown as Env['STORE_FLEET'];
    });
    const live = await openLive(kiosk.token, session.sessionId);
    try {
      expect(await pay(kiosk.token, session)).toMatchObject({ success: true, orderNumber: null });
      expect(await viewOf(kiosk.token, session.sessionId)).toMatchObject({ status: 'success', orderNumber: null });
    } finally {
      await runInDurableObject(checkout, (instance) => {
        (instance as unknown as { env: Env }).env.STORE_FLEET = realStores;
      });
    }
    await eventually(async () => live.messages.at(-1)?.status).toBe('success');
    expect(live.closedYet()).toBe(false);

    await runDurableObjectAlarm(checkout);
    expect(await viewOf(kiosk.token, session.sessionId)).toMatchObject({ status: 'success', orderNumber: 1 });
    await live.closed;
    expect(live.messages.at(-1)).toMatchObject({ status: 'success', orderNumber: 1 });
  });
});

describe('the receipt', () => {
  it('the paid session has everything a receipt shows: the lines with their options, where eaten, the tip, the card and the order number', async () => {
    await simulator('POST', 'webhooks', { mode: 'immediate' });
    const kiosk = await provisionKiosk('Receipts', { readerMode: 'server-driven', tipping: true, askServiceMode: true });
    const { readerId } = (await call('/api/kiosk', { token: kiosk.token })).body;
    const { body: session } = await call('/api/sessions', {
      token: kiosk.token,
      body: { items: [{ id: 'latte', quantity: 1, options: ['large', 'iced', 'oat-milk'] }], serviceMode: 'dine_in' },
    });
    const live = await openLive(kiosk.token, session.sessionId);
    await stripe.testHelpers.terminal.readers.presentPaymentMethod(readerId, { card_present: { number: VISA }, amount_tip: 100 });
    await live.closed;

    const paid = await viewOf(kiosk.token, session.sessionId);
    expect(live.messages.at(-1)).toEqual(paid);
    expect(paid).toMatchObject({
      status: 'success',
      amount: 660,
      tip: 100,
      currency: 'usd',
      serviceMode: 'dine_in',
      orderNumber: 1,
      paidAt: expect.any(Number),
      receipt: { brand: 'visa', last4: '4242', receiptUrl: expect.any(String) },
      items: [
        {
          id: 'latte',
          names: { en: 'Café Latte', ko: '카페 라테', ja: 'カフェラテ' },
          price: 660,
          quantity: 1,
          options: [{ id: 'large', names: { ja: 'ラージ' } }, { id: 'iced', names: { ko: '아이스' } }, { id: 'oat-milk', priceChange: 60 }],
        },
      ],
    });
  });
});

describe("Stripe's receipt", () => {
  it('names the order number: the PaymentIntent says "Order N" once the store gave it, also when Stripe refused the first try', async () => {
    const kiosk = await provisionKiosk('Receipt numbers');
    const { body: session } = await order(kiosk.token, {});
    const bought = (await stripe.paymentIntents.retrieve(session.paymentIntentId)).description;
    expect(bought).toBe('1 x Café Latte (Regular, Hot, Whole milk)');
    // Every try of the first attempt fails (the worker's SDK tries three times); the alarm tries again later.
    await simulator('POST', 'faults', { method: 'POST', path: `/v1/payment_intents/${session.paymentIntentId}`, kind: 'error_500', count: 3 });
    const { orderNumber } = await pay(kiosk.token, session);
    expect(orderNumber).toEqual(expect.any(Number));
    const checkout = env.CHECKOUT_SESSION.getByName(session.sessionId);
    await eventually(async () => {
      await runDurableObjectAlarm(checkout);
      return (await stripe.paymentIntents.retrieve(session.paymentIntentId)).metadata.orderNumber;
    }).toBe(String(orderNumber));
    const pi = await stripe.paymentIntents.retrieve(session.paymentIntentId);
    expect(pi.description).toBe(`Order ${orderNumber} · ${bought}`);
    expect(pi).toMatchObject({ status: 'succeeded', metadata: { sessionId: session.sessionId, kioskId: kiosk.kioskId } });
  });

  it('an unpaid order gets no number at Stripe', async () => {
    const kiosk = await provisionKiosk('Receipt numbers, unpaid');
    const { body: session } = await order(kiosk.token, {});
    await call(`/api/sessions/${session.sessionId}/cancel`, { token: kiosk.token, method: 'POST' });
    await runDurableObjectAlarm(env.CHECKOUT_SESSION.getByName(session.sessionId));
    const pi = await stripe.paymentIntents.retrieve(session.paymentIntentId);
    expect(pi).toMatchObject({ status: 'canceled', description: '1 x Café Latte (Regular, Hot, Whole milk)' });
    expect(pi.metadata.orderNumber).toBeUndefined();
  });
});
