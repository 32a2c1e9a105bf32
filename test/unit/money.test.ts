import { describe, expect, it } from 'vitest';
import { chargeAmountProblem, formatMoney, isZeroDecimal, MAXIMUM_CHARGE, minimumCharge } from '../../shared/money.ts';

describe('money in the smallest currency unit', () => {
  it('knows which currencies have no minor unit', () => {
    for (const currency of ['krw', 'KRW', 'jpy', 'vnd', 'clp']) expect(isZeroDecimal(currency), currency).toBe(true);
    for (const currency of ['usd', 'eur', 'gbp', 'USD']) expect(isZeroDecimal(currency), currency).toBe(false);
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
    expect(minimumCharge('krw')).toBe(100);
    expect(minimumCharge('GBP')).toBe(30);
    expect(minimumCharge('xyz')).toBe(50);
  });

  it('accepts amounts from the minimum to the maximum, inclusive', () => {
    expect(chargeAmountProblem(50, 'usd')).toBeNull();
    expect(chargeAmountProblem(100, 'krw')).toBeNull();
    expect(chargeAmountProblem(MAXIMUM_CHARGE, 'usd')).toBeNull();
    expect(chargeAmountProblem(MAXIMUM_CHARGE, 'krw')).toBeNull();
  });

  it('explains, in the currency, a total below the minimum', () => {
    expect(chargeAmountProblem(49, 'usd')).toBe('The total must be at least $0.50');
    expect(chargeAmountProblem(99, 'krw')).toBe('The total must be at least ₩100');
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
