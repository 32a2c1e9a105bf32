import { kioskCurrencyFor } from '../../../shared/terminal-regions.ts';
import type { SimulatorState } from '../simulator-state.ts';
import type { StripeObject } from '../stores/object-store.ts';

/** The simulated account: a country (default US, as a test control can change) and its currency. */
export interface AccountSettings {
  country: string;
  default_currency: string;
}

export const DEFAULT_ACCOUNT: AccountSettings = { country: 'US', default_currency: 'usd' };

export const accountSettings = (sim: SimulatorState): AccountSettings =>
  sim.settings.get<AccountSettings>('account') ?? DEFAULT_ACCOUNT;

/** The settings for a country: its Terminal currency unless another is given (required outside Terminal countries). */
export function accountFor(country: string, defaultCurrency?: string): AccountSettings | null {
  const currency = defaultCurrency?.toLowerCase() ?? kioskCurrencyFor(country);
  return currency ? { country: country.toUpperCase(), default_currency: currency } : null;
}

/** `GET /v1/account`: the fields the pinned SDK types for the account making the request. */
export function accountObject(sim: SimulatorState): StripeObject {
  const { country, default_currency } = accountSettings(sim);
  return {
    id: 'acct_simulated',
    object: 'account',
    business_profile: { mcc: '5814', name: 'Kiosk Terminal (simulated)', url: null },
    business_type: 'company',
    capabilities: { card_payments: 'active', transfers: 'active' },
    charges_enabled: true,
    country,
    created: 1_700_000_000,
    default_currency,
    details_submitted: true,
    email: null,
    metadata: {},
    payouts_enabled: true,
    settings: { dashboard: { display_name: 'Kiosk Terminal (simulated)', timezone: 'Etc/UTC' } },
    type: 'standard',
  };
}
