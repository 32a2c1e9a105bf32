import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, call, createSession, payWithCard, provisionKiosk, stripe } from './kiosk-client.ts';

const VISA = '4242424242424242';

describe("money: the kiosk's own currency, end to end", () => {
  for (const { currency, items, amount } of [
    { currency: 'krw', items: [{ id: 'latte', quantity: 1 }], amount: 5000 },
    { currency: 'jpy', items: [{ id: 'americano', quantity: 2 }, { id: 'bagel', quantity: 1 }], amount: 1350 },
    { currency: 'usd', items: [{ id: 'orange-juice', quantity: 10 }], amount: 5000 },
    { currency: 'eur', items: [{ id: 'croissant', quantity: 3 }], amount: 900 },
  ]) {
    it(`a ${currency.toUpperCase()} kiosk prices, charges and settles in ${currency.toUpperCase()} smallest units`, async () => {
      const kiosk = await provisionKiosk(`${currency} kiosk`, { currency });
      expect((await call('/api/kiosk', { token: kiosk.token })).body.currency).toBe(currency);
      expect((await call('/api/catalog', { token: kiosk.token })).body.currency).toBe(currency);

      const { status, body: session } = await createSession(kiosk.token, items);
      expect(status).toBe(201);
      expect(session).toMatchObject({ amount, currency });
      const pi = await stripe.paymentIntents.retrieve(session.paymentIntentId);
      expect(pi).toMatchObject({ amount, currency });

      await payWithCard(kiosk.token, session.paymentIntentId, VISA);
      const done = await call(`/api/sessions/${session.sessionId}/complete`, {
        token: kiosk.token,
        body: { paymentIntentId: session.paymentIntentId },
      });
      expect(done.body).toMatchObject({ success: true, status: 'success' });
      const charges = await stripe.charges.list({ payment_intent: session.paymentIntentId });
      expect(charges.data.map((c) => [c.amount, c.currency])).toEqual([[amount, currency]]);
    });
  }

  it('5,000 won is amount 5000 and USD 50.00 is 5000: the catalog prices in the smallest unit', async () => {
    const won = await provisionKiosk('won', { currency: 'krw' });
    const dollars = await provisionKiosk('dollars', { currency: 'usd' });
    const latteIn = async (token: string) =>
      (await call('/api/catalog', { token })).body.items.find((i: { id: string }) => i.id === 'latte').price;
    expect(await latteIn(won.token)).toBe(5000);
    expect(await latteIn(dollars.token)).toBe(550);
  });

  it('the kiosk cannot choose another currency than its configuration', async () => {
    const kiosk = await provisionKiosk('won', { currency: 'krw' });
    const res = await call('/api/sessions', { token: kiosk.token, body: { items: [{ id: 'latte', quantity: 1 }], currency: 'usd' } });
    expect(res.status).toBe(400);
  });

  it('an operator cannot configure a currency the catalog does not price', async () => {
    const res = await call('/api/admin/kiosks', { token: ADMIN_TOKEN, body: { name: 'x', currency: 'gbp' } });
    expect(res.status).toBe(400);
  });
});
