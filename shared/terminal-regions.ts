/**
 * Where Stripe Terminal takes payments, from Stripe's "Regional considerations" page
 * (docs.stripe.com/terminal/payments/regional, availability table as of 2026-04): "both the Stripe account receiving
 * the funds and the location associated with the reader must be in the same country, accepting local currency only".
 * `smartReaders` is false where only Tap to Pay is offered: no smart reader, so no kiosk, can take payments there.
 */
export interface TerminalRegion {
  /** ISO 3166-1 alpha-2, as Stripe writes a Location's `address.country`. */
  country: string;
  /** The only currency Terminal payments take there, lowercase as Stripe writes it. */
  currency: string;
  smartReaders: boolean;
}

const region = (country: string, currency: string, smartReaders = true): TerminalRegion => ({ country, currency, smartReaders });

export const TERMINAL_REGIONS: readonly TerminalRegion[] = [
  region('US', 'usd'),
  region('CA', 'cad'),
  region('AU', 'aud'),
  region('NZ', 'nzd'),
  region('SG', 'sgd'),
  region('MY', 'myr'),
  region('JP', 'jpy'),
  region('GB', 'gbp'),
  region('IE', 'eur'),
  region('AT', 'eur'),
  region('BE', 'eur'),
  region('DE', 'eur'),
  region('ES', 'eur'),
  region('FI', 'eur'),
  region('FR', 'eur'),
  region('IT', 'eur'),
  region('LU', 'eur'),
  region('NL', 'eur'),
  region('PT', 'eur'),
  region('CH', 'chf'),
  region('CZ', 'czk'),
  region('DK', 'dkk'),
  region('NO', 'nok'),
  region('PL', 'pln'),
  region('SE', 'sek'),
  // Tap to Pay only.
  region('BG', 'eur', false),
  region('CY', 'eur', false),
  region('EE', 'eur', false),
  region('HR', 'eur', false),
  region('LT', 'eur', false),
  region('LV', 'eur', false),
  region('MT', 'eur', false),
  region('SI', 'eur', false),
  region('SK', 'eur', false),
  region('LI', 'chf', false),
  region('HU', 'huf', false),
  region('RO', 'ron', false),
  region('GI', 'gbp', false),
];

export const terminalRegion = (country: string): TerminalRegion | undefined =>
  TERMINAL_REGIONS.find((r) => r.country === country.toUpperCase());

/** The currency a kiosk in this country takes, or undefined where no smart reader can take payments. */
export const kioskCurrencyFor = (country: string): string | undefined => {
  const found = terminalRegion(country);
  return found?.smartReaders ? found.currency : undefined;
};

/**
 * Why a smart reader cannot take a payment in this currency for this account at a Location in this country, or null
 * if it can: the rule of Stripe's regional page.
 */
export function terminalPaymentProblem(
  accountCountry: string,
  locationCountry: string,
  currency: string,
): 'country_unsupported' | 'location_in_another_country' | 'currency_not_local' | null {
  const local = kioskCurrencyFor(accountCountry);
  if (!local) return 'country_unsupported';
  if (locationCountry.toUpperCase() !== accountCountry.toUpperCase()) return 'location_in_another_country';
  if (currency.toLowerCase() !== local) return 'currency_not_local';
  return null;
}
