import type { SimulatorState } from '../simulator-state.ts';
import type { StripeObject } from '../stores/object-store.ts';
import { docUrlOf, invalidRequest, resourceMissing, StripeApiError, unexpectedState } from '../http/stripe-error.ts';
import { adjustRefunded, createCharge } from './charge.ts';
import type { PaymentMethod } from './payment-method.ts';

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
  payment_method_types: string[];
  canceled_at: number | null;
  cancellation_reason: string | null;
}

export function findPaymentIntent(sim: SimulatorState, id: string, param = 'intent'): PaymentIntent {
  const pi = sim.store.get<PaymentIntent>('payment_intent', id);
  if (!pi) throw resourceMissing(param, 'payment_intent', id);
  return pi;
}

/**
 * Whether a payment with this type is held for capture: the top-level `capture_method`, unless
 * `payment_method_options.card_present.capture_method` overrides it for card_present ("If provided, this parameter
 * overrides the behavior of the top-level capture_method"; a card can be held, so `manual_preferred` holds it too).
 * Interac is single-message: since 2025-03-31.basil it is never held, only captured at once.
 */
export function capturesManually(pi: PaymentIntent, type: string): boolean {
  if (type === 'interac_present') return false;
  const override = (pi.payment_method_options as { card_present?: { capture_method?: string } } | undefined)?.card_present?.capture_method;
  if (type === 'card_present' && override) return true;
  return pi.capture_method === 'manual';
}

/**
 * Authorizes a collected payment, as confirming it at Stripe does. A decline returns the PaymentIntent to
 * `requires_payment_method` with `last_payment_error`, so another card can be collected on it.
 */
export function confirmPayment(sim: SimulatorState, pi: PaymentIntent): { pi: PaymentIntent; error?: StripeApiError } {
  if (pi.status !== 'requires_confirmation' || !pi.payment_method) {
    throw unexpectedState(
      `This PaymentIntent's payment_method could not be confirmed because it has a status of ${pi.status}.`,
    );
  }
  const pm = sim.store.get<PaymentMethod>('payment_method', pi.payment_method);
  if (!pm) throw unexpectedState('The PaymentIntent has no collected payment method.');
  const outcome = pm._outcome;
  const manual = capturesManually(pi, pm.type);
  const charge = createCharge(sim, pi, pm, manual);
  if (outcome.approved) {
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
    sim.emit(manual ? 'payment_intent.amount_capturable_updated' : 'payment_intent.succeeded', updated);
    const captureBefore = (charge.payment_method_details as Record<string, { capture_before?: number }>)[pm.type]?.capture_before;
    if (captureBefore !== undefined) sim.schedule('expire_authorization', updated.id, captureBefore - sim.now());
    return { pi: updated };
  }
  const paymentError = {
    type: 'card_error',
    code: outcome.code,
    decline_code: outcome.declineCode,
    message: outcome.message,
    charge: charge.id,
    doc_url: docUrlOf(outcome.code),
    // The whole PaymentMethod, as the SDK types `last_payment_error.payment_method`.
    payment_method: pm,
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
  sim.emit('payment_intent.payment_failed', updated);
  const { message, ...rest } = paymentError;
  return { pi: updated, error: new StripeApiError(402, { ...rest, type: 'card_error', payment_intent: updated }, message) };
}

/**
 * Attaches a presented payment method to the PaymentIntent, as a reader's collect step does (replacing one not yet
 * confirmed). A type the PaymentIntent does not allow is refused with Stripe's message.
 */
export function attachPaymentMethod(sim: SimulatorState, pi: PaymentIntent, pm: PaymentMethod): PaymentIntent {
  if (pi.status !== 'requires_payment_method' && pi.status !== 'requires_confirmation') {
    throw unexpectedState(`This PaymentIntent has a status of ${pi.status} and cannot collect a payment method.`);
  }
  if (!pi.payment_method_types.includes(pm.type)) {
    throw invalidRequest(
      'payment_intent_incompatible_payment_method',
      `The PaymentMethod provided (${pm.type}) is not allowed for this PaymentIntent. Please attach a PaymentMethod of one of the following types: ${pi.payment_method_types.join(', ')}. Alternatively, update the allowed payment_method_types for this PaymentIntent to include "${pm.type}".`,
    );
  }
  const updated: PaymentIntent = { ...pi, status: 'requires_confirmation', payment_method: pm.id, last_payment_error: null };
  sim.store.put(updated);
  return updated;
}

/**
 * Cancels a PaymentIntent. A held authorization is released, which Stripe shows on the charge as refunded and reports
 * with `chargeEvent`: `charge.refunded` when it is canceled, `charge.expired` when the hold ran out.
 */
export function cancelPaymentIntent(
  sim: SimulatorState,
  pi: PaymentIntent,
  reason: string | null,
  chargeEvent: 'charge.refunded' | 'charge.expired' = 'charge.refunded',
): PaymentIntent {
  if (pi.status === 'requires_capture' && pi.latest_charge) {
    const charge = sim.store.get('charge', pi.latest_charge)!;
    sim.emit(chargeEvent, adjustRefunded(sim, charge, pi.amount_capturable));
  }
  const updated: PaymentIntent = { ...pi, status: 'canceled', canceled_at: sim.now(), cancellation_reason: reason, amount_capturable: 0 };
  sim.store.put(updated);
  sim.emit('payment_intent.canceled', updated);
  return updated;
}

/**
 * An authorization not captured by its charge's `capture_before` expires: "the funds are released and the payment
 * status changes to canceled" (Stripe's place-a-hold guide), with the reason Stripe gives its own cancellations. Safe to
 * run twice, or after a capture (alarms repeat).
 */
export function expireAuthorization(sim: SimulatorState, paymentIntentId: string): void {
  const pi = sim.store.get<PaymentIntent>('payment_intent', paymentIntentId);
  if (pi?.status === 'requires_capture') cancelPaymentIntent(sim, pi, 'automatic', 'charge.expired');
}
