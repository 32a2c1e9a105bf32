import { describe, expect, it } from 'vitest';
import { chargeAmountProblem, formatMoney, isZeroDecimal, MAXIMUM_CHARGE, minimumCharge } from '../../shared/money.ts';
import { TERMINAL_REGIONS } from '../../shared/terminal-regions.ts';

describe('money in the smallest currency unit', () => {
  it('knows which currencies have no minor unit', () => {
    for (const currency of ['krw', 'KRW', 'jpy', 'vnd', 'clp']) expect(isZeroDecimal(currency), currency).toBe(true);
    for (const currency of ['usd', 'eur', 'gbp', 'USD']) expect(isZeroDecimal(currency), currency).toBe(false);
  });

  // docs.stripe.com/currencies#special-cases: ISK and UGX "transitioned to a zero-decimal currency, but backwards
  // compatibility requires you to represent it as a two-decimal value, where the decimal amount is always 00 [...] You
  // can't charge fractions"; HUF and TWD are zero-decimal for payouts only, "even though you can charge two-decimal
  // amounts". Stripe reads a UGX amount of 100 as 1 USh (odoo/odoo#227688), whatever its zero-decimal list says.
  it("follows Stripe's special cases: ISK and UGX amounts are hundredths of whole units, HUF and TWD are two-decimal", () => {
    for (const currency of ['isk', 'ugx', 'huf', 'twd']) expect(isZeroDecimal(currency), currency).toBe(false);
    expect(formatMoney(500, 'ugx', 'en')).toBe('UGX\u00a05');
    expect(formatMoney(500, 'isk', 'en')).toBe('ISK\u00a05');
    expect(formatMoney(17500, 'huf', 'en')).toBe('HUF\u00a0175');
    expect(chargeAmountProblem(150_000, 'ugx')).toBeNull();
    expect(chargeAmountProblem(150_050, 'ugx')).toBe('The total must be in whole UGX: Stripe charges no fractions of it');
    expect(chargeAmountProblem(150_050, 'isk')).toBe('The total must be in whole ISK: Stripe charges no fractions of it');
    expect(chargeAmountProblem(17_545, 'huf')).toBeNull();
  });

  it('formats 5,000 won as 5000 and USD 50.00 as 5000', () => {
    expect(formatMoney(5000, 'krw', 'en')).toBe('₩5,000');
    expect(formatMoney(5000, 'usd', 'en')).toBe('$50.00');
    expect(formatMoney(500, 'jpy', 'en')).toBe('¥500');
    expect(formatMoney(450, 'eur', 'en')).toBe('€4.50');
    expect(formatMoney(5000, 'KRW', 'ko')).toBe('₩5,000');
    expect(formatMoney(1, 'usd', 'en')).toBe('$0.01');
  });

  it("follows Stripe's minimum charge per currency", () => {
    expect(minimumCharge('usd')).toBe(50);
    expect(minimumCharge('jpy')).toBe(50);
    expect(minimumCharge('krw')).toBe(50);
    expect(minimumCharge('GBP')).toBe(30);
    expect(minimumCharge('xyz')).toBe(50);
  });

  // docs.stripe.com/currencies#minimum-and-maximum-charge-amounts ("Use these minimum amounts by currency"): the
  // currencies of the countries Terminal takes payments in, in their smallest unit.
  it("follows Stripe's table in every currency a Terminal reader takes", () => {
    const stripeMinimums = {
      usd: 50, cad: 50, aud: 50, nzd: 50, sgd: 50, myr: 200, jpy: 50, gbp: 30, eur: 50, chf: 50, czk: 1500, dkk: 250,
      nok: 300, pln: 200, sek: 300, huf: 17500, ron: 200,
    };
    for (const currency of new Set(TERMINAL_REGIONS.map((region) => region.currency))) {
      expect(minimumCharge(currency), currency).toBe(stripeMinimums[currency as keyof typeof stripeMinimums]);
    }
  });

  it("follows Stripe's table outside Terminal's countries too", () => {
    for (const [currency, minimum] of Object.entries({ aed: 200, thb: 1000, hkd: 400, mxn: 1000, krw: 50, inr: 50, brl: 50 })) {
      expect(minimumCharge(currency), currency).toBe(minimum);
    }
  });

  it('accepts amounts from the minimum to the maximum, inclusive', () => {
    expect(chargeAmountProblem(50, 'usd')).toBeNull();
    expect(chargeAmountProblem(100, 'krw')).toBeNull();
    expect(chargeAmountProblem(MAXIMUM_CHARGE, 'usd')).toBeNull();
    expect(chargeAmountProblem(MAXIMUM_CHARGE, 'krw')).toBeNull();
  });

  it('explains, in the currency, a total below the minimum', () => {
    expect(chargeAmountProblem(49, 'usd')).toBe('The total must be at least $0.50');
    expect(chargeAmountProblem(49, 'krw')).toBe('The total must be at least ₩50');
    expect(chargeAmountProblem(0, 'jpy')).toBe('The total must be at least ¥50');
  });

  it('explains, in the currency, a total above the maximum', () => {
    expect(chargeAmountProblem(MAXIMUM_CHARGE + 1, 'usd')).toBe('The total must be at most $999,999.99');
    expect(chargeAmountProblem(MAXIMUM_CHARGE + 1, 'krw')).toBe('The total must be at most ₩99,999,999');
  });

  it('refuses amounts that are not whole numbers of the smallest unit', () => {
    for (const amount of [10.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) {
      expect(chargeAmountProblem(amount, 'usd'), String(amount)).toMatch(/whole number/);
    }
  });
});
