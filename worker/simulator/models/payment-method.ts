import type { SimulatorState } from '../simulator-state.ts';
import { randomId, type StripeObject } from '../stores/object-store.ts';
import type { CardOutcome, PresentedCard } from './card-outcomes.ts';

/** The payment method types a simulated reader can be presented with (`present_payment_method[type]`). */
export const PRESENTED_TYPES = ['card_present', 'interac_present', 'card'] as const;
export type PresentedType = (typeof PRESENTED_TYPES)[number];

export interface PaymentMethod extends StripeObject {
  object: 'payment_method';
  type: PresentedType;
  /** Which outcome the presented test card has: the simulator's own bookkeeping, never returned. */
  _outcome: CardOutcome;
}

/** PIN cards are inserted (the chip asks for the PIN); the others are tapped. */
export const readMethodOf = (card: PresentedCard) => (card.verification ? 'contact_emv' : 'contactless_emv');

export const expiryYear = () => new Date().getUTCFullYear() + 3;

/** The card fields every card-like PaymentMethod (and its charge details) shares. */
export const cardBasics = (card: PresentedCard) => ({
  brand: card.brand,
  country: 'US',
  exp_month: 12,
  exp_year: expiryYear(),
  fingerprint: `fp${card.number.slice(-8)}`,
  funding: card.funding,
  last4: card.last4,
});

function detailsOf(type: PresentedType, card: PresentedCard): Record<string, unknown> {
  switch (type) {
    case 'card_present':
      return {
        ...cardBasics(card),
        brand_product: null,
        cardholder_name: null,
        description: null,
        issuer: null,
        networks: { available: [card.brand], preferred: null },
        offline: null,
        preferred_locales: ['en'],
        read_method: readMethodOf(card),
        wallet: { type: 'unknown' },
      };
    case 'interac_present':
      return {
        ...cardBasics(card),
        brand: 'interac',
        cardholder_name: null,
        description: null,
        issuer: null,
        networks: { available: ['interac'], preferred: null },
        preferred_locales: ['en', 'fr'],
        read_method: 'contact_emv',
      };
    case 'card':
      return {
        ...cardBasics(card),
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
        display_brand: card.brand,
        generated_from: null,
        networks: { available: [card.brand], preferred: null },
        regulated_status: 'unregulated',
        three_d_secure_usage: { supported: true },
        wallet: null,
      };
  }
}

/** Creates the PaymentMethod a simulated reader produces when a card is presented (or keyed in, for `card`). */
export function createPresentedPaymentMethod(sim: SimulatorState, type: PresentedType, outcome: CardOutcome): PaymentMethod {
  const pm: PaymentMethod = {
    id: randomId('pm'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: { address: null, email: null, name: null, phone: null, tax_id: null },
    created: sim.now(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type,
    [type]: detailsOf(type, outcome.card),
    _outcome: outcome,
  };
  sim.store.put(pm);
  return pm;
}
