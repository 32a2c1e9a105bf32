import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, call, createSession, payWithCard, provisionKiosk, stripe } from './kiosk-client.ts';
import { simulator } from './stripe-test-controls.ts';

const VISA = '4242424242424242';

/** The simulated Stripe account moves to this country (back to the US after each test). */
const accountIn = (country: string, defaultCurrency?: string) =>
  simulator('POST', 'account', { country, ...(defaultCurrency ? { default_currency: defaultCurrency } : {}) });

afterEach(async () => {
  await accountIn('US');
});

describe("money: the kiosk's own currency, end to end", () => {
  for (const { country, currency, items, amount } of [
    { country: 'JP', currency: 'jpy', items: [{ id: 'americano', quantity: 2 }, { id: 'bagel', quantity: 1 }], amount: 1350 },
    { country: 'US', currency: 'usd', items: [{ id: 'orange-juice', quantity: 10 }], amount: 5000 },
    { country: 'FR', currency: 'eur', items: [{ id: 'croissant', quantity: 3 }], amount: 900 },
  ]) {
    it(`a ${currency.toUpperCase()} kiosk of a ${country} account prices, charges and settles in ${currency.toUpperCase()} smallest units`, async () => {
      await accountIn(country);
      const kiosk = await provisionKiosk(`${currency} kiosk`);
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

  it('600 yen is amount 600 and USD 5.50 is 550: the catalog prices in the smallest unit', async () => {
    const dollars = await provisionKiosk('dollars');
    await accountIn('JP');
    const yen = await provisionKiosk('yen');
    const latteIn = async (token: string) =>
      (await call('/api/catalog', { token })).body.items.find((i: { id: string }) => i.id === 'latte').price;
    expect(await latteIn(yen.token)).toBe(600);
    expect(await latteIn(dollars.token)).toBe(550);
  });

  it('the kiosk cannot choose another currency than its configuration', async () => {
    const kiosk = await provisionKiosk('dollars');
    const res = await call('/api/sessions', { token: kiosk.token, body: { items: [{ id: 'latte', quantity: 1 }], currency: 'eur' } });
    expect(res.status).toBe(400);
  });
});

describe("Terminal's regional rules at provisioning", () => {
  const provision = (body: object) => call('/api/admin/kiosks', { token: ADMIN_TOKEN, body: { name: 'x', ...body } });

  it("a kiosk gets the account's local currency, and no other is offered", async () => {
    expect((await provision({})).body.kiosk.currency).toBe('usd');
    for (const currency of ['eur', 'krw', 'jpy']) {
      const res = await provision({ currency });
      expect(res, currency).toMatchObject({ status: 400, body: { error: { code: 'currency_not_supported' } } });
      expect(res.body.error.message).toContain('USD');
    }
    await accountIn('JP');
    expect((await provision({ currency: 'jpy' })).body.kiosk.currency).toBe('jpy');
  });

  it('a store in another country than the account is refused, with the reason', async () => {
    const address = { line1: '9 Sejong-daero', city: 'Seoul', postal_code: '04519', country: 'KR' };
    const res = await provision({ address });
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'location_country_mismatch' } } });
    expect(res.body.error.message).toMatch(/KR.*US/);
  });

  it('an account where Terminal takes no payments cannot provision kiosks, and a Korean-language kiosk is fine in USD', async () => {
    expect((await provision({ language: 'ko' })).body.kiosk).toMatchObject({ currency: 'usd', language: 'ko' });
    await accountIn('KR', 'krw');
    expect(await provision({})).toMatchObject({ status: 400, body: { error: { code: 'terminal_unavailable' } } });
  });

  it('a local currency the catalog has no prices for is refused clearly', async () => {
    await accountIn('GB');
    const address = { line1: '1 Regent Street', city: 'London', postal_code: 'SW1Y 4NR', country: 'GB' };
    expect(await provision({ address })).toMatchObject({ status: 400, body: { error: { code: 'currency_not_priced' } } });
  });
});
