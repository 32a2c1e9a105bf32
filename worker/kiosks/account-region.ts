import { kioskCurrencyFor } from '../../shared/terminal-regions.ts';
import { ApiError } from '../errors.ts';
import { stripeClient } from '../stripe-client.ts';

/** Where the Stripe account can take in-person payments, and in which currency (the only one Terminal allows). */
export interface AccountRegion {
  country: string;
  currency: string;
}

/**
 * Asks Stripe for the account's country: Terminal takes payments only at Locations in that country, in its local
 * currency, and only where smart readers are sold (Stripe's "Regional considerations").
 */
export async function accountRegion(env: Env): Promise<AccountRegion> {
  const account = await stripeClient(env).accounts.retrieveCurrent();
  const country = (account.country ?? '').toUpperCase();
  const currency = kioskCurrencyFor(country);
  if (!currency) {
    throw new ApiError(400, 'terminal_unavailable', `Stripe Terminal cannot take payments with smart readers for an account in ${country || 'an unknown country'}`);
  }
  return { country, currency };
}

/** Refuses a kiosk whose currency or store cannot take Terminal payments for this account, saying why. */
export function assertKioskFitsRegion(region: AccountRegion, currency: string, locationCountry: string): void {
  if (currency !== region.currency) {
    throw new ApiError(
      400,
      'currency_not_supported',
      `This Stripe account (${region.country}) takes in-person payments only in ${region.currency.toUpperCase()}, not ${currency.toUpperCase()}`,
    );
  }
  if (locationCountry.toUpperCase() !== region.country) {
    throw new ApiError(
      400,
      'location_country_mismatch',
      `The store is in ${locationCountry.toUpperCase()}, but this Stripe account (${region.country}) takes in-person payments only at stores in ${region.country}`,
    );
  }
}
