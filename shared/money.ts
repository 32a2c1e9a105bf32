/**
 * Currencies whose API amount is whole units (https://docs.stripe.com/currencies#zero-decimal). Not UGX, although
 * that list names it: its "Special cases" table says UGX, like ISK, is written as a two-decimal value, and Stripe
 * reads a UGX amount of 100 as 1 USh (odoo/odoo#227688).
 */
const ZERO_DECIMAL = new Set([
  'bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'vnd', 'vuv', 'xaf', 'xof', 'xpf',
]);

/**
 * Two-decimal in the API, yet "the decimal amount is always 00 [...] You can't charge fractions" of them
 * (https://docs.stripe.com/currencies#special-cases). HUF and TWD are whole units for payouts only, not charges.
 */
const WHOLE_UNITS_ONLY = new Set(['isk', 'ugx']);

/**
 * Stripe's minimum charge per currency, in the smallest unit; 50 (0.50) where not listed. From "Minimum and maximum
 * charge amounts" (docs.stripe.com/currencies#minimum-and-maximum-charge-amounts, "Use these minimum amounts by
 * currency"), which lists every currency of a country where Terminal takes payments (shared/terminal-regions.ts).
 */
const MINIMUM_CHARGE: Record<string, number> = {
  usd: 50, aed: 200, ars: 50, aud: 50, brl: 50, cad: 50, chf: 50, cop: 50, czk: 1500, dkk: 250, eur: 50, gbp: 30,
  hkd: 400, huf: 17500, idr: 50, ils: 50, inr: 50, jpy: 50, krw: 50, mxn: 1000, myr: 200, nok: 300, nzd: 50, php: 50,
  pln: 200, ron: 200, rub: 50, sek: 300, sgd: 50, thb: 1000, zar: 50,
};

/** Stripe's largest amount: eight digits in the smallest unit. */
export const MAXIMUM_CHARGE = 99_999_999;

export const isZeroDecimal = (currency: string): boolean => ZERO_DECIMAL.has(currency.toLowerCase());

export const minimumCharge = (currency: string): number => MINIMUM_CHARGE[currency.toLowerCase()] ?? 50;

/** Why an amount cannot be charged in this currency, or null if it can. */
export function chargeAmountProblem(amount: number, currency: string): string | null {
  if (!Number.isSafeInteger(amount)) return 'The amount must be a whole number of the smallest currency unit';
  if (WHOLE_UNITS_ONLY.has(currency.toLowerCase()) && amount % 100 !== 0) {
    return `The total must be in whole ${currency.toUpperCase()}: Stripe charges no fractions of it`;
  }
  const min = minimumCharge(currency);
  if (amount < min) return `The total must be at least ${formatMoney(min, currency, 'en')}`;
  if (amount > MAXIMUM_CHARGE) return `The total must be at most ${formatMoney(MAXIMUM_CHARGE, currency, 'en')}`;
  return null;
}

/** One formatter per locale and currency: building one costs far more than using it, and a menu shows many prices. */
const moneyFormats = new Map<string, Intl.NumberFormat>();

/** Formats an amount given in the currency's smallest unit: 5000 KRW -> "₩5,000", 5000 USD -> "$50.00". */
export function formatMoney(amount: number, currency: string, locale: string): string {
  const value = isZeroDecimal(currency) ? amount : amount / 100;
  const key = `${locale} ${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() });
    moneyFormats.set(key, format);
  }
  return format.format(value);
}
