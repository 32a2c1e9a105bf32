import type { SimulatorState } from '../simulator-state.ts';
import { randomId, type StripeObject } from '../stores/object-store.ts';
import { recordBalanceTransaction } from './balance-transaction.ts';
import type { CardOutcome } from './card-outcomes.ts';
import { cardBasics, readMethodOf, type PaymentMethod } from './payment-method.ts';

/** What a charge takes from the PaymentIntent it pays. */
interface ChargedIntent {
  id: string;
  amount: number;
  currency: string;
  description?: string | null;
  metadata: Record<string, string>;
  customer?: string | null;
  transfer_group?: string | null;
}

/**
 * How long an in-person authorization stays valid, in seconds: Stripe's window for Terminal is 5 days for Visa (since
 * April 2024) and 2 days for the other brands (docs.stripe.com/payments/place-a-hold-on-a-payment-method).
 */
const cardPresentHoldSeconds = (brand: string) => (brand === 'visa' ? 5 : 2) * 24 * 3600;

/** The EMV receipt fields of an in-person charge (card_present and interac_present). */
function receiptOf(outcome: CardOutcome) {
  const { card } = outcome;
  return {
    account_type: card.funding === 'debit' ? 'checking' : 'credit',
    application_cryptogram: 'EFA4A5DE9D1C0F1E',
    application_preferred_name: card.brand.toUpperCase(),
    authorization_code: outcome.approved ? '123456' : null,
    authorization_response_code: outcome.approved ? '3030' : '3035',
    cardholder_verification_method: card.verification ?? 'none',
    dedicated_file_name: 'A0000000031010',
    terminal_verification_results: '0000000000',
    transaction_status_information: '0000',
  };
}

function paymentMethodDetails(pm: PaymentMethod, pi: ChargedIntent, outcome: CardOutcome, now: number, held: boolean) {
  const { card } = outcome;
  const approved = outcome.approved;
  const networkTransactionId = approved ? String(now) + card.last4 : null;
  const inPerson = {
    ...cardBasics(card),
    cardholder_name: null,
    description: null,
    emv_auth_data: 'A0000000031010',
    // Stripe generates a card PaymentMethod only for a payment set up for future use, which the simulator does not take.
    generated_card: null,
    issuer: null,
    network_transaction_id: networkTransactionId,
    preferred_locales: ['en'],
    receipt: receiptOf(outcome),
  };
  switch (pm.type) {
    case 'card_present':
      return {
        ...inPerson,
        amount_authorized: approved ? pi.amount : null,
        brand_product: null,
        // Present only on a held authorization: when it will be refunded if not captured.
        ...(held ? { capture_before: now + cardPresentHoldSeconds(card.brand) } : {}),
        incremental_authorization_supported: false,
        network: card.brand,
        offline: null,
        overcapture_supported: false,
        read_method: readMethodOf(card),
        wallet: { type: 'unknown' },
      };
    case 'interac_present':
      return { ...inPerson, brand: 'interac', network: 'interac', read_method: 'contact_emv' };
    case 'card':
      return {
        ...cardBasics(card),
        amount_authorized: approved ? pi.amount : null,
        authorization_code: approved ? '123456' : null,
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
        electronic_commerce_indicator: null,
        installments: null,
        mandate: null,
        network: card.brand,
        network_transaction_id: networkTransactionId,
        regulated_status: 'unregulated',
        three_d_secure: null,
        transaction_link_id: null,
        wallet: null,
      };
  }
}

/** The Charge of one attempt to pay a PaymentIntent with a presented card, captured at once unless it is to be held. */
export function createCharge(sim: SimulatorState, pi: ChargedIntent, pm: PaymentMethod, manual: boolean): StripeObject {
  const outcome = pm._outcome;
  const captured = outcome.approved && !manual;
  const id = randomId('ch');
  const now = sim.now();
  const charge: StripeObject = {
    id,
    object: 'charge',
    created: now,
    amount: pi.amount,
    amount_captured: captured ? pi.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: captured
      ? recordBalanceTransaction(sim, { amount: pi.amount, currency: pi.currency, source: id, type: 'charge' })
      : null,
    billing_details: { address: null, email: null, name: null, phone: null, tax_id: null },
    calculated_statement_descriptor: 'KIOSK TERMINAL',
    captured,
    currency: pi.currency,
    customer: pi.customer ?? null,
    // As Stripe does: the charge carries the PaymentIntent's description and metadata as they were when it was made.
    description: pi.description ?? null,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: outcome.approved ? null : outcome.code,
    failure_message: outcome.approved ? null : outcome.message,
    fraud_details: {},
    livemode: false,
    metadata: { ...pi.metadata },
    on_behalf_of: null,
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: outcome.approved ? 'approved_by_network' : 'declined_by_network',
      reason: outcome.approved ? null : outcome.declineCode,
      risk_level: 'not_assessed',
      seller_message: outcome.approved ? 'Payment complete.' : 'The bank did not return any further details with this decline.',
      type: outcome.approved ? 'authorized' : 'issuer_declined',
    },
    paid: outcome.approved,
    payment_intent: pi.id,
    payment_method: pm.id,
    payment_method_details: { type: pm.type, [pm.type]: paymentMethodDetails(pm, pi, outcome, now, outcome.approved && manual) },
    receipt_email: null,
    receipt_number: null,
    receipt_url: outcome.approved ? `https://pay.stripe.com/receipts/payment/${id}` : null,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: outcome.approved ? 'succeeded' : 'failed',
    transfer_data: null,
    transfer_group: pi.transfer_group ?? null,
  };
  sim.store.put(charge);
  return charge;
}

/** Moves a charge's refunded total; the charge counts as refunded once nothing of it is left. */
export function adjustRefunded(sim: SimulatorState, charge: StripeObject, by: number): StripeObject {
  const amountRefunded = Number(charge.amount_refunded) + by;
  const updated = { ...charge, amount_refunded: amountRefunded, refunded: amountRefunded >= Number(charge.amount) };
  sim.store.put(updated);
  return updated;
}
