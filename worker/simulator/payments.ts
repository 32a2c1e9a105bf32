import type { CardOutcome } from './card-outcomes.ts';
import type { SimulatorState } from './simulator-state.ts';
import type { StripeObject } from './store.ts';
import { randomId } from './store.ts';
import { StripeApiError, unexpectedState } from './stripe-error.ts';

export type PaymentIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'succeeded'
  | 'canceled';

export interface PaymentIntent extends StripeObject {
  object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_received: number;
  currency: string;
  status: PaymentIntentStatus;
  capture_method: 'automatic' | 'automatic_async' | 'manual';
  client_secret: string;
  latest_charge: string | null;
  last_payment_error: Record<string, unknown> | null;
  metadata: Record<string, string>;
  payment_method: string | null;
  canceled_at: number | null;
  cancellation_reason: string | null;
}

export interface PaymentMethod extends StripeObject {
  object: 'payment_method';
  type: 'card_present';
}

/** PIN cards are inserted (the chip asks for the PIN); the others are tapped. */
const readMethod = (card: CardOutcome['card']) => (card.verification ? 'contact_emv' : 'contactless_emv');

/** Creates the card_present PaymentMethod a reader produces when a card is presented. */
export function createCardPresentPaymentMethod(sim: SimulatorState, outcome: CardOutcome): PaymentMethod {
  const { card } = outcome;
  const pm: PaymentMethod = {
    id: randomId('pm'),
    object: 'payment_method',
    created: sim.now(),
    type: 'card_present',
    livemode: false,
    customer: null,
    customer_account: null,
    metadata: {},
    allow_redisplay: 'unspecified',
    billing_details: { address: null, email: null, name: null, phone: null, tax_id: null },
    card_present: {
      brand: card.brand,
      brand_product: null,
      cardholder_name: null,
      country: 'US',
      description: null,
      exp_month: 12,
      exp_year: new Date().getUTCFullYear() + 3,
      fingerprint: `fp${card.number.slice(-8)}`,
      funding: card.funding,
      issuer: null,
      last4: card.last4,
      networks: { available: [card.brand], preferred: null },
      offline: null,
      preferred_locales: ['en'],
      read_method: readMethod(card),
      wallet: { type: 'unknown' },
    },
    // Kept on the object for the simulator's own use (which outcome this card has); Stripe never returns card numbers.
    _outcome: outcome,
  };
  sim.store.put(pm);
  return pm;
}

function chargeFor(sim: SimulatorState, pi: PaymentIntent, pm: PaymentMethod, outcome: CardOutcome): StripeObject {
  const { card } = outcome;
  const captured = outcome.approved && pi.capture_method !== 'manual';
  const id = randomId('ch');
  const now = sim.now();
  return {
    id,
    object: 'charge',
    created: now,
    amount: pi.amount,
    amount_captured: captured ? pi.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: captured ? randomId('txn') : null,
    billing_details: { address: null, email: null, name: null, phone: null, tax_id: null },
    calculated_statement_descriptor: 'KIOSK TERMINAL',
    captured,
    currency: pi.currency,
    customer: null,
    description: null,
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
    payment_method_details: {
      type: 'card_present',
      card_present: {
        amount_authorized: outcome.approved ? pi.amount : null,
        brand: card.brand,
        brand_product: null,
        capture_before: null,
        cardholder_name: null,
        country: 'US',
        description: null,
        emv_auth_data: 'A0000000031010',
        exp_month: 12,
        exp_year: new Date().getUTCFullYear() + 3,
        fingerprint: `fp${card.number.slice(-8)}`,
        funding: card.funding,
        generated_card: outcome.approved ? randomId('pm') : null,
        incremental_authorization_supported: false,
        issuer: null,
        last4: card.last4,
        network: card.brand,
        network_transaction_id: outcome.approved ? String(now) + card.last4 : null,
        offline: null,
        overcapture_supported: false,
        preferred_locales: ['en'],
        read_method: readMethod(card),
        receipt: {
          account_type: card.funding === 'debit' ? 'checking' : 'credit',
          application_cryptogram: 'EFA4A5DE9D1C0F1E',
          application_preferred_name: card.brand.toUpperCase(),
          authorization_code: outcome.approved ? '123456' : null,
          authorization_response_code: outcome.approved ? '3030' : '3035',
          cardholder_verification_method:
            card.verification === 'offline_pin'
              ? 'offline_pin'
              : card.verification === 'online_pin'
                ? 'online_pin'
                : 'none',
          dedicated_file_name: 'A0000000031010',
          terminal_verification_results: '0000000000',
          transaction_status_information: '0000',
        },
        wallet: { type: 'unknown' },
      },
    },
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
    transfer_group: null,
  };
}

/**
 * Authorizes a collected card_present payment, as confirming it at Stripe does. A decline returns the
 * PaymentIntent to `requires_payment_method` with `last_payment_error`, so another card can be collected on it.
 */
export function confirmPayment(sim: SimulatorState, pi: PaymentIntent): { pi: PaymentIntent; error?: StripeApiError } {
  if (pi.status !== 'requires_confirmation' || !pi.payment_method) {
    throw unexpectedState(
      `This PaymentIntent's payment_method could not be confirmed because it has a status of ${pi.status}.`,
    );
  }
  const pm = sim.store.get<PaymentMethod>('payment_method', pi.payment_method);
  if (!pm) throw unexpectedState('The PaymentIntent has no collected payment method.');
  const outcome = pm._outcome as CardOutcome;
  const charge = chargeFor(sim, pi, pm, outcome);
  sim.store.put(charge);
  const previousStatus = pi.status;
  if (outcome.approved) {
    const manual = pi.capture_method === 'manual';
    const updated: PaymentIntent = {
      ...pi,
      status: manual ? 'requires_capture' : 'succeeded',
      amount_capturable: manual ? pi.amount : 0,
      amount_received: manual ? 0 : pi.amount,
      latest_charge: charge.id,
      last_payment_error: null,
    };
    sim.store.put(updated);
    sim.emit('charge.succeeded', charge);
    sim.emit(manual ? 'payment_intent.amount_capturable_updated' : 'payment_intent.succeeded', updated, {
      status: previousStatus,
    });
    return { pi: updated };
  }
  const paymentError = {
    type: 'card_error',
    code: outcome.code,
    decline_code: outcome.declineCode,
    message: outcome.message,
    charge: charge.id,
    doc_url: `https://stripe.com/docs/error-codes/${outcome.code.replaceAll('_', '-')}`,
    payment_method: { id: pm.id, object: 'payment_method', type: 'card_present', card_present: pm.card_present },
  };
  const updated: PaymentIntent = {
    ...pi,
    status: 'requires_payment_method',
    payment_method: null,
    latest_charge: charge.id,
    last_payment_error: paymentError,
  };
  sim.store.put(updated);
  sim.emit('charge.failed', charge);
  sim.emit('payment_intent.payment_failed', updated, { status: previousStatus });
  const { message, ...rest } = paymentError;
  return { pi: updated, error: new StripeApiError(402, { ...rest, type: 'card_error', payment_intent: updated }, message) };
}

/** Attaches a presented card to the PaymentIntent, as a reader's collect step does (replacing one not yet confirmed). */
export function attachPaymentMethod(sim: SimulatorState, pi: PaymentIntent, pm: PaymentMethod): PaymentIntent {
  if (pi.status !== 'requires_payment_method' && pi.status !== 'requires_confirmation') {
    throw unexpectedState(`This PaymentIntent has a status of ${pi.status} and cannot collect a payment method.`);
  }
  const updated: PaymentIntent = { ...pi, status: 'requires_confirmation', payment_method: pm.id, last_payment_error: null };
  sim.store.put(updated);
  return updated;
}
