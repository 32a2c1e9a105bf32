import { afterEach, describe, expect, it } from 'vitest';
import { kioskCurrencyFor, terminalPaymentProblem } from '../../shared/terminal-regions.ts';
import { control, newPaymentIntent, newReader, stripe, stripeError } from './simulator-client.ts';

describe('simulator: the account and Terminal\'s regional rules', () => {
  afterEach(async () => {
    await control('account', { body: { country: 'US' } });
  });

  it('GET /v1/account reports the simulated account: US and usd unless a test control moves it', async () => {
    expect(await stripe.accounts.retrieveCurrent()).toMatchObject({ object: 'account', country: 'US', default_currency: 'usd', charges_enabled: true });
    await control('account', { body: { country: 'GB' } });
    expect(await stripe.accounts.retrieveCurrent()).toMatchObject({ country: 'GB', default_currency: 'gbp' });
    expect(await control('account', { body: { country: 'KR' } })).toMatchObject({ status: 400 });
  });

  it('a card_present PaymentIntent in a currency other than the account\'s is refused with Stripe\'s message', async () => {
    const err = await stripeError(newPaymentIntent({ currency: 'krw', amount: 5000 }));
    expect(err).toMatchObject({ statusCode: 400, param: 'currency', message: 'The card_present source type with currency krw is not supported in US.' });
  });

  it('no Location in a country where Terminal is unavailable', async () => {
    const err = await stripeError(
      stripe.terminal.locations.create({ display_name: 'Seoul', address: { line1: '1 Sejong-daero', city: 'Seoul', postal_code: '04519', country: 'KR' } }),
    );
    expect(err).toMatchObject({ statusCode: 400, code: 'terminal_location_country_unsupported', param: 'address[country]' });
  });

  it('a reader at a Location in another country than the account cannot take the payment', async () => {
    const london = await stripe.terminal.locations.create({
      display_name: 'London',
      address: { line1: '1 Strand', city: 'London', postal_code: 'WC2N 5HR', country: 'GB' },
    });
    const reader = await stripe.terminal.readers.create({ registration_code: 'simulated-wpe', location: london.id });
    const err = await stripeError(stripe.terminal.readers.processPaymentIntent(reader.id, { payment_intent: (await newPaymentIntent()).id }));
    expect(err).toMatchObject({ statusCode: 400, code: 'terminal_reader_invalid_location_for_payment' });
    expect((await newReader()).status).toBe('online');
  });

  // docs.stripe.com/currencies#minimum-and-maximum-charge-amounts: 2.00 PLN, 15.00 CZK, 2.00 MYR.
  it("an in-person PaymentIntent below Stripe's minimum in the account's currency is refused as amount_too_small", async () => {
    for (const [country, currency, minimum] of [['PL', 'pln', 200], ['CZ', 'czk', 1500], ['MY', 'myr', 200]] as const) {
      await control('account', { body: { country } });
      const err = await stripeError(newPaymentIntent({ currency, amount: minimum - 1 }));
      expect(err, currency).toMatchObject({ statusCode: 400, code: 'amount_too_small', param: 'amount' });
      expect(await newPaymentIntent({ currency, amount: minimum }), currency).toMatchObject({ amount: minimum, currency });
    }
  });

  it('shared/terminal-regions.ts: the kiosk currency per country, and why a payment cannot work', () => {
    expect(kioskCurrencyFor('US')).toBe('usd');
    expect(kioskCurrencyFor('jp')).toBe('jpy');
    expect(kioskCurrencyFor('KR')).toBeUndefined();
    expect(kioskCurrencyFor('HU')).toBeUndefined();
    expect(terminalPaymentProblem('US', 'US', 'usd')).toBeNull();
    expect(terminalPaymentProblem('US', 'CA', 'usd')).toBe('location_in_another_country');
    expect(terminalPaymentProblem('US', 'US', 'eur')).toBe('currency_not_local');
    expect(terminalPaymentProblem('KR', 'KR', 'krw')).toBe('country_unsupported');
  });
});
